"""Lanes: an editor's article is done while an archive's backlog is still queued."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus
from tests.e2e.processes import (
    briefing_process,
    environment,
    free_port,
    wait_for_http,
    wait_for_log,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

BACKLOG = 2000
WORDS = [
    "council",
    "budget",
    "river",
    "school",
    "harvest",
    "market",
    "railway",
    "hospital",
    "election",
    "museum",
]


def _article(n: int) -> str:
    # Distinct texts (no dedupe), a few sentences each.
    words = [WORDS[(n >> shift) % len(WORDS)] for shift in range(0, 24, 3)]
    return " ".join(
        f"Story {n} reports that the {a} plan met the {b} board on day {n % 28 + 1}."
        for a, b in zip(words, reversed(words), strict=True)
    )


def _bulk_left(database_url: str) -> int:
    with session_scope(database_url) as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Summary)
                .where(Summary.queue == "bulk", Summary.status != SummaryStatus.done)
            )
            or 0
        )


def test_an_editor_article_does_not_wait_behind_a_bulk_backlog(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    env = environment(
        BRIEFING_DATABASE_URL=postgres_url,
        BRIEFING_BROKER_URL=redis_url,
        BRIEFING_ENGINE="extractive",
        BRIEFING_AUTH="open",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api_log = tmp_path / "api.log"
    with briefing_process(["api", "--port", str(port)], env, api_log) as api:
        wait_for_http(f"{base}/healthz", api, api_log)
        with httpx.Client(base_url=base, timeout=60) as client:
            for start in range(0, BACKLOG, 100):
                batch = [
                    {"text": _article(n), "options": {"queue": "bulk"}}
                    for n in range(start, start + 100)
                ]
                answer = client.post("/v1/articles/batch", json={"articles": batch})
                assert answer.status_code == 202, answer.text
            editor_log, bulk_log = tmp_path / "editor.log", tmp_path / "bulk.log"
            lanes = ["--queues", "scheduled,bulk", "--nice", "10", "--name", "bulk@%h"]
            with (
                briefing_process(["worker", *lanes], env, bulk_log) as bulk,
                briefing_process(
                    ["worker", "--queues", "editor", "--name", "editor@%h"], env, editor_log
                ) as editor,
            ):
                wait_for_log("ready.", bulk, bulk_log)
                wait_for_log("ready.", editor, editor_log)
                while _bulk_left(postgres_url) == BACKLOG:  # the archive is being worked on
                    time.sleep(0.05)
                accepted = client.post("/v1/articles", json={"text": _article(10**6)})
                assert accepted.status_code == 202, accepted.text
                done = client.get(accepted.headers["location"], params={"wait": 30}).json()
                left = _bulk_left(postgres_url)
    assert done["status"] == "done", done
    assert left > BACKLOG // 4, f"the editor's article waited for the archive ({left} left)"
