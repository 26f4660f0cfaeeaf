"""The broker loses everything it held: Redis restarted empty under a backlog."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.processes import free_port
from tests.faults.harness import (
    Client,
    Figures,
    Ledger,
    Stories,
    api_process,
    engine_reruns,
    service_env,
    tally,
    worker_process,
)
from tests.faults.servers import RedisServer

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]

BACKLOG = 150
OUTAGE_S = 4.0


def test_redis_restarted_empty_with_a_backlog(
    postgres_url: str, own_redis: RedisServer, tmp_path: Path, report: Callable[[Figures], None]
) -> None:
    """Simulates a Redis without persistence that restarts (crash, redeploy) while
    hundreds of messages wait in it and clients keep submitting: every message is
    gone. Submissions must keep answering 202 (the database has them) and the
    reconciler must dispatch what the broker lost once it is back."""
    env = service_env(postgres_url, own_redis.url, tmp_path, FAULTS_ENGINE_DELAY_S="0.04")
    port = free_port()
    stories = Stories("r")
    with (
        Ledger(postgres_url) as ledger,
        api_process(env, tmp_path, port),
        Client(f"http://127.0.0.1:{port}", threads=8, timeout_s=20) as client,
        worker_process(env, tmp_path, concurrency=2) as worker,
    ):
        with client.trickle(stories, every_s=0.05):
            client.submit(stories.take(BACKLOG))
            with own_redis.client() as broker:
                backlog = sum(int(broker.llen(q)) for q in ("editor", "scheduled", "bulk"))
            assert backlog > 0, "no backlog in the broker to lose"
            own_redis.kill()
            time.sleep(OUTAGE_S)  # the trickle keeps submitting into the outage
            own_redis.start()
            restarted = time.monotonic()
            client.submit(stories.take(50))
            time.sleep(2)
        accepted = client.accepted_ids
        settled = ledger.wait_settled(accepted, timeout_s=90)
        recovery_s = None if settled is None else time.monotonic() - restarted
        figures = tally(
            "redis_restart",
            ledger,
            accepted,
            recovery_s=recovery_s,
            submitted=len(client.submissions),
            broker_backlog_lost=backlog,
            engine_reruns=engine_reruns(tmp_path),
        )
        report(figures)
        assert worker.poll() is None, "the worker died with the broker"
        assert set(client.statuses()) == {202}, client.statuses()
        assert figures.accepted == len(client.submissions) == figures.done
        assert figures.lost == 0, ledger.unsettled(accepted)
        assert figures.duplicated == figures.failed == 0
        assert len(ledger.rows()) == figures.accepted
