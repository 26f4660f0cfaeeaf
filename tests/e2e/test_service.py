"""End to end: the real API and a real Celery worker process, over real servers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus, utcnow
from tests.e2e.processes import (
    briefing_process,
    environment,
    free_port,
    wait_for_http,
    wait_for_log,
)

pytestmark = pytest.mark.slow


def _submit_and_wait(base: str, text: str, **extra: object) -> dict:  # type: ignore[type-arg]
    accepted = httpx.post(f"{base}/v1/articles", json={"text": text, **extra}, timeout=30)
    assert accepted.status_code == 202, accepted.text
    location = accepted.headers["location"]
    body = httpx.get(f"{base}{location}", params={"wait": 30}, timeout=40).json()
    assert body["status"] == "done", body
    return body


def _run_service(env: dict[str, str], tmp_path: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    api_log, worker_log = tmp_path / "api.log", tmp_path / "worker.log"
    api = briefing_process(["api", "--port", str(port)], env, api_log)
    worker = briefing_process(["worker", "--concurrency", "1"], env, worker_log)
    return port, api, api_log, worker, worker_log


@pytest.mark.postgres
@pytest.mark.redis
def test_article_goes_through_redis_and_a_worker_into_postgres(
    postgres_url: str, redis_url: str, tmp_path: Path, sample_article_text: str
) -> None:
    env = environment(
        BRIEFING_DATABASE_URL=postgres_url,
        BRIEFING_BROKER_URL=redis_url,
        BRIEFING_ENGINE="extractive",
        BRIEFING_AUTH="open",  # keys are tested in test_auth_service.py
    )
    port, api, api_log, worker, worker_log = _run_service(env, tmp_path)
    with api as api_process, worker as worker_process:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", api_process, api_log)
        wait_for_log("ready.", worker_process, worker_log)
        assert httpx.get(f"{base}/readyz").json()["checks"] == {"database": True, "broker": True}

        body = _submit_and_wait(base, sample_article_text, source="nato-feed", tags=["world"])
        again = httpx.post(f"{base}/v1/articles", json={"text": sample_article_text}, timeout=30)
        assert again.status_code == 200 and again.json()["summary_id"] == body["id"]

    # Read back from PostgreSQL itself, the system of record.
    with session_scope(postgres_url) as session:
        row = session.get(Summary, body["id"])
        assert row is not None
        assert row.status is SummaryStatus.done and row.attempts == 1
        assert row.headline and len(row.headline.split()) <= 12
        assert row.bullets and len(row.bullets) == 5
        assert "Rutte" in (row.summary or "")
        assert row.engine == "extractive" and row.prompt_version
        assert row.article.source == "nato-feed" and row.article.tag_names == ["world"]


def test_the_same_flow_on_embedded_defaults(tmp_path: Path, sample_article_text: str) -> None:
    env = environment(BRIEFING_DATA_DIR=str(tmp_path / "data"), BRIEFING_ENGINE="extractive")
    port = free_port()
    log = tmp_path / "up.log"
    with briefing_process(["up", "--port", str(port)], env, log) as process:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", process, log)
        assert log.read_text().startswith("briefing up: OPEN MODE (BRIEFING_AUTH=open)")
        body = _submit_and_wait(base, sample_article_text, options={"bullets": 3})
        assert len(body["bullets"]) == 3 and body["headline"]
        listed = httpx.get(f"{base}/v1/summaries", params={"status": "done"}).json()
        assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert (tmp_path / "data" / "briefing.db").is_file()


def test_work_left_by_a_dead_worker_is_finished_by_the_next(
    tmp_path: Path, sample_article_text: str
) -> None:
    data = tmp_path / "data"
    env = environment(
        BRIEFING_DATA_DIR=str(data),
        BRIEFING_ENGINE="extractive",
        BRIEFING_WORKER__SOFT_TIME_LIMIT_S="2",
        BRIEFING_WORKER__HARD_TIME_LIMIT_S="3",
        BRIEFING_WORKER__RECONCILE_INTERVAL_S="0.5",
        BRIEFING_WORKER__UNDISPATCHED_GRACE_S="0",
    )
    database_url = f"sqlite:///{data / 'briefing.db'}"
    port = free_port()
    api_log = tmp_path / "api.log"
    # The API runs with a broker that is down: the work is stored but never dispatched.
    api_env = {**env, "BRIEFING_BROKER_URL": "redis://127.0.0.1:1/0", "BRIEFING_AUTH": "open"}
    from service.storage.migrate import upgrade_database

    upgrade_database(database_url)
    with briefing_process(["api", "--port", str(port)], api_env, api_log) as api:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", api, api_log)
        undispatched = httpx.post(f"{base}/v1/articles", json={"text": sample_article_text})
        abandoned = httpx.post(f"{base}/v1/articles", json={"text": "A short second story."})
        assert undispatched.status_code == abandoned.status_code == 202
    # A worker died while running the second one: it is left 'running' and its task gone.
    abandoned_id = abandoned.json()["summary_id"]
    with session_scope(database_url) as session:
        session.execute(
            update(Summary)
            .where(Summary.id == abandoned_id)
            .values(status=SummaryStatus.running, started_at=utcnow() - timedelta(minutes=5))
        )
    worker_log = tmp_path / "worker.log"
    with briefing_process(["worker"], env, worker_log) as worker:
        wait_for_log("ready.", worker, worker_log)
        ids = [undispatched.json()["summary_id"], abandoned_id]
        _wait_until_done(database_url, ids, worker_log)
    with session_scope(database_url) as session:
        rows = [session.get(Summary, i) for i in ids]
        assert all(row is not None and row.headline for row in rows)


def _wait_until_done(database_url: str, ids: list[int], log: Path, timeout_s: float = 60) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with session_scope(database_url) as session:
            statuses = [session.get(Summary, i).status for i in ids]  # type: ignore[union-attr]
        if all(status is SummaryStatus.done for status in statuses):
            return
        time.sleep(0.3)
    raise AssertionError(f"not done in {timeout_s} s: {statuses}\n{log.read_text()}")
