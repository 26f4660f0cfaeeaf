"""Workers killed with SIGKILL in the middle of a run: nothing accepted is lost."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.processes import free_port
from tests.faults.harness import (
    Client,
    Figures,
    Ledger,
    api_process,
    children,
    engine_runs,
    kill9,
    service_env,
    story,
    tally,
    wait_for,
    worker_process,
)
from tests.faults.servers import RedisServer

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]

ARTICLES = 500
CONCURRENCY = 2


def test_pool_children_then_the_parent_killed_mid_run(
    postgres_url: str, own_redis: RedisServer, tmp_path: Path, report: Callable[[Figures], None]
) -> None:
    """Simulates a machine killing a worker: first its pool children (OOM killer), then
    the Celery parent itself, both with SIGKILL while 500 articles are being worked;
    the rows they held stay `running` and the messages the parent reserved are gone
    with it. A new worker is started; every article must end `done` exactly once."""
    env = service_env(postgres_url, own_redis.url, tmp_path, FAULTS_ENGINE_DELAY_S="0.02")
    port = free_port()
    with (
        Ledger(postgres_url) as ledger,
        api_process(env, tmp_path, port),
        Client(f"http://127.0.0.1:{port}", threads=16) as client,
        worker_process(env, tmp_path, name="worker-1", concurrency=CONCURRENCY) as first,
    ):
        client.submit(story(i, "k") for i in range(ARTICLES))
        wait_for(lambda: ledger.count("done") >= 100, 120, "100 articles done")
        pool = children(first.pid)
        assert pool, "the worker has no pool children to kill"
        kill9(pool)
        # The parent starts new children; let them take work before it dies too.
        wait_for(lambda: bool(set(children(first.pid)) - set(pool)), 30, "new pool children")
        done_before = ledger.count("done")
        wait_for(lambda: ledger.count("done") >= done_before + 50, 60, "work resumed")
        kill9([first.pid])
        first.wait(timeout=10)
        unfinished = ARTICLES - ledger.count("done")
        assert unfinished > 0, "everything was done before the parent died"
        restarted = time.monotonic()
        with worker_process(env, tmp_path, name="worker-2", concurrency=CONCURRENCY):
            accepted = client.accepted_ids
            settled = ledger.wait_settled(accepted, timeout_s=90)
            recovery_s = None if settled is None else time.monotonic() - restarted
        runs = Counter(key for key, _, _ in engine_runs(tmp_path))
        figures = tally(
            "worker_kill9",
            ledger,
            accepted,
            recovery_s=recovery_s,
            unfinished_at_parent_kill=unfinished,
            engine_reruns=sum(runs.values()) - len(runs),
        )
        report(figures)
        assert figures.lost == 0, ledger.unsettled(accepted)
        assert figures.duplicated == figures.failed == 0
        assert client.statuses() == {202: ARTICLES}
        assert figures.accepted == figures.done == ARTICLES
        assert len(ledger.rows()) == ARTICLES
        assert len(runs) == ARTICLES  # every article reached the engine
        # Only work a killed process was running is redone: the two pool children killed,
        # and what the parent's orphaned children held when it died.
        assert figures.extra["engine_reruns"] <= 2 * CONCURRENCY, runs.most_common(5)
