"""A seq2seq model from a local directory, through the CLI and through API -> worker -> SQL."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus
from tests.e2e.processes import briefing_process, environment, free_port, wait_for_http

pytestmark = pytest.mark.slow


def test_summarize_command_with_a_local_model(
    tiny_t5_dir: Path, tmp_path: Path, sample_article_text: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(sample_article_text, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "summarize",
            str(article),
            "--engine",
            "seq2seq",
            "--model",
            str(tiny_t5_dir),
            "--bullets",
            "3",
            "--json",
        ],
        # torch: a tiny model's few trained weights do not survive int8 (CTranslate2 has
        # tests of its own in tests/workers/engines/test_ctranslate2.py).
        env={
            "BRIEFING_GENERATION__NUM_BEAMS": "1",
            "BRIEFING_DATA_DIR": str(tmp_path),
            "BRIEFING_BACKEND": "torch",
        },
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)  # stderr carries the loader's progress
    assert body["engine"] == "seq2seq" and body["model"] == str(tiny_t5_dir)
    assert body["headline"] and body["summary"]
    assert 1 <= len(body["bullets"]) <= 3
    assert body["chunks_read"] >= 1


def test_api_worker_and_database_with_a_local_model(
    tiny_t5_dir: Path, tmp_path: Path, sample_article_text: str
) -> None:
    data = tmp_path / "data"
    env = environment(
        BRIEFING_DATA_DIR=str(data),
        BRIEFING_ENGINE="seq2seq",
        BRIEFING_MODEL=str(tiny_t5_dir),
        BRIEFING_GENERATION__NUM_BEAMS="1",
        BRIEFING_BACKEND="torch",
    )
    port = free_port()
    log = tmp_path / "up.log"
    with briefing_process(["up", "--port", str(port)], env, log) as process:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", process, log, timeout_s=60)
        accepted = httpx.post(f"{base}/v1/articles", json={"text": sample_article_text})
        assert accepted.status_code == 202, accepted.text
        summary_id = accepted.json()["summary_id"]
        body = httpx.get(f"{base}/v1/summaries/{summary_id}", params={"wait": 30}, timeout=40)
        if body.json()["status"] != "done":  # a cold worker loads the model first
            body = httpx.get(f"{base}/v1/summaries/{summary_id}", params={"wait": 30}, timeout=40)
        assert body.json()["status"] == "done", f"{body.json()}\n{log.read_text()}"
    with session_scope(f"sqlite:///{data / 'briefing.db'}") as session:
        row = session.get(Summary, summary_id)
        assert row is not None and row.status is SummaryStatus.done
        assert row.headline and row.bullets
        assert row.engine == "seq2seq" and row.model_id == str(tiny_t5_dir)
        assert row.prompt_version and row.prompt_version.startswith("flan-t5")
        assert row.chunks_read and row.chunks_read >= 1
