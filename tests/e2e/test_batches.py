"""End to end: `briefing batch` against the real API and a real worker (extractive),
over Redis and PostgreSQL: submit, resume an interrupted upload, export three ways."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from service.cli.main import app
from service.storage.db import session_scope
from service.storage.keys import create_key
from service.storage.models import Summary, SummaryStatus
from tests.e2e.processes import (
    briefing_process,
    environment,
    free_port,
    wait_for_http,
    wait_for_log,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

PLACES = ["harbour", "station", "library", "market", "bridge", "school", "museum", "stadium"]


def story(n: int) -> str:
    """A short synthetic news story; its length varies with ``n``."""
    place = PLACES[n % len(PLACES)]
    sentences = [
        f"The town council voted on Tuesday to rebuild the old {place} in story {n}.",
        f"Work on the {place} will begin in the spring and last about {n % 5 + 2} years.",
        f"Residents said the {place} had been closed since the floods of last winter.",
        "The mayor told reporters that the plan was paid for by a regional grant.",
        f"Opponents argued that the money for the {place} should go to housing instead.",
    ]
    return " ".join(sentences * (1 + n % 4))


def records(count: int, start: int = 0) -> list[dict[str, str]]:
    return [
        {"doc": f"doc-{n:03d}", "body": story(n), "headline_in": f"Story {n}"}
        for n in range(start, start + count)
    ]


@pytest.fixture
def service(postgres_url: str, redis_url: str, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """The API (keys mode) and one worker; yields (base URL, key, database URL)."""
    env = environment(
        BRIEFING_DATABASE_URL=postgres_url,
        BRIEFING_BROKER_URL=redis_url,
        BRIEFING_ENGINE="extractive",
        BRIEFING_MAX_BODY_BYTES="4096",  # the archives below are far larger
        BRIEFING_RATE_LIMIT="",
        BRIEFING_GENERATION__BATCH_SIZE="4",
    )
    with session_scope(postgres_url) as session:
        _, token = create_key(session=session, name="archive", scopes=("submit", "read"))
    port = free_port()
    with ExitStack() as stack:
        api_log, worker_log = tmp_path / "api.log", tmp_path / "worker.log"
        api = stack.enter_context(briefing_process(["api", "--port", str(port)], env, api_log))
        worker = stack.enter_context(briefing_process(["worker"], env, worker_log))
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", api, api_log)
        wait_for_log("ready.", worker, worker_log)
        yield base, token, postgres_url


def cli(*args: str, key: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args], env={"BRIEFING_API_KEY": key})
    return result.exit_code, result.stdout


def test_submit_watch_and_export_in_three_formats(
    service: tuple[str, str, str], tmp_path: Path
) -> None:
    base, key, database_url = service
    archive = tmp_path / "archive.jsonl"
    rows = records(24)
    rows.insert(5, {"doc": "no-text", "headline_in": "nothing here"})
    archive.write_text("".join(json.dumps(row) + "\n" for row in rows))
    fields = ["--text-field", "body", "--id-field", "doc", "--title-field", "headline_in"]

    code, out = cli("submit", str(archive), "--api", base, *fields, key=key)
    assert code == 0, out
    first, *rest = out.splitlines()
    assert first.startswith("batch ") and first.split()[1].isdigit()
    job = first.split()[1]
    assert "status done" in rest[-1] and "25 lines, 24 done, 1 failed" in rest[-1]

    code, out = cli("status", job, "--api", base, "--json", key=key)
    state = json.loads(out)
    assert state["status"] == "done" and state["counts"]["done"] == 24
    assert state["rate_per_s"] > 0 and state["eta_s"] == 0

    ids = [row["doc"] for row in rows]
    exported = tmp_path / "out.jsonl"
    assert (
        cli("export", job, "--format", "jsonl", "-o", str(exported), "--api", base, key=key)[0] == 0
    )
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    assert [line["id"] for line in lines] == ids
    good = lines[0]
    assert good["headline"] and good["summary"] and len(good["bullets"]) >= 1
    assert good["error"] is None and "council" in good["summary"] + good["headline"]
    assert lines[5]["error"] and lines[5]["headline"] is None

    code, out = cli("export", job, "--format", "csv", "--api", base, key=key)
    table = list(csv.DictReader(io.StringIO(out)))
    assert [row["id"] for row in table] == ids
    assert table[0]["bullets"] == "\n".join(good["bullets"])
    assert table[5]["error"] and not table[5]["bullets"]

    parquet = tmp_path / "out.parquet"
    assert (
        cli("export", job, "--format", "parquet", "-o", str(parquet), "--api", base, key=key)[0]
        == 0
    )
    frame = pq.read_table(parquet)
    assert frame.column("id").to_pylist() == ids
    assert frame.column("bullets").to_pylist()[0] == good["bullets"]
    assert frame.schema.field("bullets").type == pa.list_(pa.string())

    with session_scope(database_url) as session:
        queues = session.scalars(select(Summary.queue).distinct()).all()
        assert queues == ["bulk"]

    # --no-wait: back once the file is sent, the batch closed and holding every line.
    more = tmp_path / "more.jsonl"
    more.write_text("".join(json.dumps({"text": story(n)}) + "\n" for n in range(100, 110)))
    code, out = cli("submit", str(more), "--no-wait", "--api", base, key=key)
    assert code == 0, out
    other = out.splitlines()[0].split()[1]
    state = json.loads(cli("status", other, "--api", base, "--json", key=key)[1])
    assert state["status"] in {"running", "done"} and state["counts"]["total"] == 10


def test_an_interrupted_submit_resumes_without_resending_or_redoing(
    service: tuple[str, str, str], tmp_path: Path
) -> None:
    base, key, database_url = service
    archive = tmp_path / "archive.csv"
    rows = records(20)
    with archive.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["doc", "body", "headline_in"])
        writer.writeheader()
        writer.writerows(rows)
    headers = {"Authorization": f"Bearer {key}"}
    # What an interrupted `submit` leaves: an open batch holding the first 8 records.
    opened = httpx.post(f"{base}/v1/batches", params={"close": "false"}, headers=headers)
    job = opened.json()["id"]
    first = "".join(
        json.dumps({"id": r["doc"], "text": r["body"], "title": r["headline_in"]}) + "\n"
        for r in rows[:8]
    )
    sent = httpx.post(
        f"{base}/v1/batches/{job}/items", params={"close": "false"}, content=first, headers=headers
    )
    assert sent.json()["status"] == "accepting" and sent.json()["counts"]["total"] == 8
    _wait(
        lambda: httpx.get(f"{base}/v1/batches/{job}", headers=headers).json()["counts"]["done"] == 8
    )

    fields = ["--text-field", "body", "--id-field", "doc", "--title-field", "headline_in"]
    code, out = cli("submit", str(archive), "--resume", str(job), "--api", base, *fields, key=key)
    assert code == 0, out
    assert out.splitlines()[0] == f"batch {job}"
    # Only the 12 records after the 8 it held were sent: 20 lines, not 28.
    assert "20 lines, 20 done, 0 failed" in out.splitlines()[-1]
    results = httpx.get(f"{base}/v1/batches/{job}/results", headers=headers).text.splitlines()
    assert [json.loads(line)["id"] for line in results] == [r["doc"] for r in rows]
    with session_scope(database_url) as session:
        # Each article ran once: the first 8 were not redone.
        assert session.scalar(select(func.count()).select_from(Summary)) == 20
        attempts = session.scalars(select(Summary.attempts)).all()
        assert set(attempts) == {1}
        statuses = session.scalars(select(Summary.status)).all()
        assert set(statuses) == {SummaryStatus.done}

    # A batch that is done: --resume only reports it.
    code, out = cli("submit", str(archive), "--resume", str(job), "--api", base, *fields, key=key)
    assert code == 0 and "20 lines, 20 done" in out


def test_a_real_server_stores_chunks_while_the_upload_is_still_open(
    service: tuple[str, str, str],
) -> None:
    base, key, _ = service
    headers = {"Authorization": f"Bearer {key}"}
    job = httpx.post(f"{base}/v1/batches", params={"close": "false"}, headers=headers).json()["id"]
    seen_while_open: list[int] = []

    def body() -> Iterator[bytes]:
        for n in range(450):
            if n == 300:
                # 300 lines are out; the body is not finished. Ask another connection.
                def check() -> None:
                    state = httpx.get(f"{base}/v1/batches/{job}", headers=headers).json()
                    seen_while_open.append(state["counts"]["total"])

                _wait(lambda: (check(), seen_while_open[-1] >= 200)[1])
            yield json.dumps({"id": n, "text": story(n)}).encode() + b"\n"

    done = httpx.post(f"{base}/v1/batches/{job}/items", content=body(), headers=headers, timeout=60)
    assert done.status_code == 200, done.text
    assert done.json()["counts"]["total"] == 450  # far past BRIEFING_MAX_BODY_BYTES=4096
    assert seen_while_open[-1] >= 200  # a chunk was stored before the body ended


def _wait(condition, timeout_s: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError("condition not met in time")


def test_ctrl_c_during_submit_then_resume(
    service: tuple[str, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.cli.batch as batch_cli

    base, key, database_url = service
    archive = tmp_path / "archive.jsonl"
    archive.write_text(
        "".join(json.dumps({"id": f"n{n}", "text": story(n)}) + "\n" for n in range(30))
    )
    real_to_line = batch_cli.to_line

    def interrupted(record: dict, index: int, **fields: str) -> bytes:  # type: ignore[type-arg]
        if index == 12:
            raise KeyboardInterrupt  # the user's Ctrl-C, while the upload streams
        return real_to_line(record, index, **fields)

    monkeypatch.setattr(batch_cli, "SEND_CHUNK_BYTES", 1)  # send each record at once
    monkeypatch.setattr(batch_cli, "to_line", interrupted)
    result = CliRunner().invoke(
        app, ["batch", "submit", str(archive), "--api", base], env={"BRIEFING_API_KEY": key}
    )
    assert result.exit_code == 130
    job = result.stdout.splitlines()[0].split()[1]
    assert f"--resume {job}" in result.stderr
    headers = {"Authorization": f"Bearer {key}"}
    # The API keeps the whole lines it had read when the connection dropped (bytes
    # still in flight are lost with it); the batch waits for the rest.
    state = _settled(base, job, headers)
    assert state["status"] == "accepting" and state["counts"]["total"] <= 12

    monkeypatch.setattr(batch_cli, "to_line", real_to_line)
    code, out = cli("submit", str(archive), "--resume", job, "--api", base, key=key)
    assert code == 0, out
    assert "30 lines, 30 done, 0 failed" in out.splitlines()[-1]
    results = httpx.get(f"{base}/v1/batches/{job}/results", headers=headers).text.splitlines()
    assert [json.loads(line)["id"] for line in results] == [f"n{n}" for n in range(30)]
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count()).select_from(Summary)) == 30


def _settled(base: str, job: str, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """The batch once its count has stopped moving (the cut upload is wound up)."""
    last = None
    while True:
        time.sleep(1.0)
        state = httpx.get(f"{base}/v1/batches/{job}", headers=headers).json()
        if state["counts"]["total"] == last:
            return state
        last = state["counts"]["total"]
