"""Celery stops the worker on an unrecoverable error: `briefing worker` comes back by itself."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from tests.e2e.processes import free_port
from tests.faults.harness import (
    Client,
    Ledger,
    api_process,
    service_env,
    story,
    wait_for,
    worker_process,
)
from tests.faults.servers import RedisServer

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]

ARTICLES = 40


def test_worker_restarts_itself_after_an_unrecoverable_error(
    postgres_url: str, own_redis: RedisServer, tmp_path: Path
) -> None:
    """Simulates kombu#582, the error a Redis restarted under load can leave in the
    consumer: two seconds into its first run the worker's event loop raises
    "'NoneType' object has no attribute 'hostname'" and Celery stops the worker.
    Without a supervisor the accepted articles would wait forever; the command must
    start itself again in place (same pid) and do them, and a SIGTERM must still stop
    it for good."""
    marker = tmp_path / "consumer-crashed"
    env = service_env(
        postgres_url,
        own_redis.url,
        tmp_path,
        FAULTS_ENGINE_DELAY_S="0.02",
        FAULTS_CONSUMER_CRASH_ONCE_FILE=str(marker),
    )
    port = free_port()
    log = tmp_path / "worker.log"
    with (
        Ledger(postgres_url) as ledger,
        api_process(env, tmp_path, port),
        Client(f"http://127.0.0.1:{port}", threads=8) as client,
        worker_process(env, tmp_path, concurrency=2) as worker,
    ):
        client.submit(story(i, "restart") for i in range(ARTICLES))
        wait_for(lambda: "Unrecoverable error" in log.read_text(), 30, "the injected crash")
        assert marker.exists()
        wait_for(lambda: log.read_text().count(" ready.") >= 2, 60, "the worker ready again")
        assert worker.poll() is None, "the worker process exited instead of restarting"
        assert "starting it again" in log.read_text()

        accepted = client.accepted_ids
        assert len(accepted) == ARTICLES
        settled = ledger.wait_settled(accepted, timeout_s=90)
        assert settled is not None, ledger.unsettled(accepted)
        assert ledger.count("done") >= ARTICLES

        worker.send_signal(signal.SIGTERM)
        try:
            code = worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("SIGTERM did not stop the restarted worker")
        assert code == 0
        assert log.read_text().count(" ready.") == 2, "the worker restarted after SIGTERM"
