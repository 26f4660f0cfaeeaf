"""The database goes away for a minute while clients submit and workers run."""

from __future__ import annotations

import os
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
from tests.faults.servers import PostgresCluster, RedisServer

pytestmark = [pytest.mark.faults, pytest.mark.slow]

OUTAGE_S = float(os.environ.get("BRIEFING_FAULT_PG_OUTAGE_S", "60"))
"""The issue asks for 60 s; a shorter outage may be set for a quick local run."""


def test_postgres_down_while_clients_submit_and_workers_run(
    own_postgres: PostgresCluster,
    own_redis: RedisServer,
    tmp_path: Path,
    report: Callable[[Figures], None],
) -> None:
    """Simulates the database server going away (failover, restart) for a minute under
    load: the API may answer 503 meanwhile (those articles were not accepted), tasks
    in flight cannot record their results and must neither fail nor be acknowledged
    as done; every article that got a 2xx ends `done` once the database is back."""
    url = own_postgres.url
    env = service_env(url, own_redis.url, tmp_path, FAULTS_ENGINE_DELAY_S="0.05")
    port = free_port()
    stories = Stories("p")
    with (
        Ledger(url) as ledger,
        api_process(env, tmp_path, port),
        Client(f"http://127.0.0.1:{port}", threads=8, timeout_s=30) as client,
        worker_process(env, tmp_path, concurrency=2) as worker,
    ):
        with client.trickle(stories, every_s=0.1):
            client.submit(stories.take(150))
            in_flight = len(client.accepted_ids) - ledger.count("done")
            own_postgres.stop()
            time.sleep(OUTAGE_S)  # clients keep submitting into the outage
            own_postgres.start()
            restarted = time.monotonic()
            client.submit(stories.take(50))
            time.sleep(2)
        accepted = client.accepted_ids
        settled = ledger.wait_settled(accepted, timeout_s=120)
        recovery_s = None if settled is None else time.monotonic() - restarted
        statuses = client.statuses()
        figures = tally(
            "postgres_outage",
            ledger,
            accepted,
            recovery_s=recovery_s,
            outage_s=OUTAGE_S,
            submitted=len(client.submissions),
            refused_503=statuses.get(503, 0),
            errors_5xx=sum(n for s, n in statuses.items() if s and s >= 500 and s != 503),
            unanswered=statuses.get(None, 0),
            unfinished_at_outage=in_flight,
            engine_reruns=engine_reruns(tmp_path),
        )
        report(figures)
        assert in_flight > 0, "nothing was in flight when the database went away"
        assert figures.lost == 0, ledger.unsettled(accepted)
        assert figures.duplicated == figures.failed == 0
        assert figures.done == figures.accepted > 150
        # 503 is the one honest answer without a database: never a 500, never a hang.
        assert set(statuses) <= {202, 503}, statuses
        assert worker.poll() is None, "the worker died with the database"
