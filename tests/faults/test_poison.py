"""Articles that kill or stall a worker, among good ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.processes import free_port
from tests.faults.harness import (
    DIED,
    Client,
    Figures,
    Ledger,
    Stories,
    alive,
    api_process,
    engine_runs,
    service_env,
    tally,
    worker_process,
)
from tests.faults.servers import RedisServer

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]

MARKER = "XQZPOISONPILLXQZ"
MAX_ATTEMPTS = 3
ENGINE_BUDGET_MS = 5000
PATHOLOGICAL = {
    "dots": ". " * 99000,
    "list_lines": "".join(f"- item {n}\n" for n in range(15000)),
}


def test_poison_fails_alone_and_pathological_input_stays_bounded(
    postgres_url: str, own_redis: RedisServer, tmp_path: Path, report: Callable[[Figures], None]
) -> None:
    """Simulates an article that crashes the process running it every time (a native
    crash or the OOM killer: the test engine calls ``os._exit`` on a marker) and inputs
    that are quadratic for a naive engine, among 50 good articles. The poison must end
    `failed` after MAX_ATTEMPTS claims, saying the worker died; the pathological ones
    end within the engine budget; the good ones `done`; the worker parent lives on."""
    env = service_env(
        postgres_url,
        own_redis.url,
        tmp_path,
        FAULTS_POISON_MARKER=MARKER,
        BRIEFING_WORKER__MAX_ATTEMPTS=str(MAX_ATTEMPTS),
    )
    port = free_port()
    poison_text = (
        f"Breaking news {MARKER}: the committee met on Monday. It will meet again on Friday."
    )
    with (
        Ledger(postgres_url) as ledger,
        api_process(env, tmp_path, port),
        Client(f"http://127.0.0.1:{port}", threads=8, timeout_s=60) as client,
        worker_process(env, tmp_path, concurrency=2) as worker,
    ):
        good = client.submit(Stories("g").take(25))
        poison = client.submit_one(poison_text)
        good += client.submit(Stories("h").take(25))
        odd = {name: client.submit_one(text) for name, text in PATHOLOGICAL.items()}
        assert set(client.statuses()) == {202}, client.statuses()
        assert poison.summary_id is not None
        accepted = client.accepted_ids
        expect_failed = {poison.summary_id}
        odd_ids = {s.summary_id for s in odd.values() if s.summary_id is not None}
        settled = ledger.wait_settled(
            accepted - odd_ids, timeout_s=120, expect_failed=expect_failed
        )
        odd_finished = ledger.wait_finished(odd_ids, timeout_s=60)
        rows = ledger.rows()
        poison_row = rows[poison.summary_id]
        odd_rows = {name: rows[s.summary_id] for name, s in odd.items() if s.summary_id}
        poison_runs = sum(1 for _, _, poisoned in engine_runs(tmp_path) if poisoned)
        figures = tally(
            "poison",
            ledger,
            accepted - odd_ids,
            recovery_s=settled,
            expect_failed=expect_failed,
            poison_attempts=poison_row["attempts"],
            poison_engine_runs=poison_runs,
            **{f"{name}_status": row["status"] for name, row in odd_rows.items()},
            **{f"{name}_engine_ms": row["engine_ms"] for name, row in odd_rows.items()},
        )
        report(figures)
        assert figures.lost == 0, ledger.unsettled(accepted - odd_ids, expect_failed)
        assert figures.done == 50 and figures.failed == 1 and figures.duplicated == 0
        assert poison_row["attempts"] == MAX_ATTEMPTS == poison_runs
        assert DIED.search(poison_row["error"] or ""), poison_row["error"]
        assert odd_finished is not None, f"pathological input still unfinished: {odd_rows}"
        for name, row in odd_rows.items():
            assert row["status"] in ("done", "failed"), (name, row)
            assert (row["engine_ms"] or 0) < ENGINE_BUDGET_MS, (name, row)
            # Bounded means it never took a worker process down with it.
            assert not DIED.search(row["error"] or ""), (name, row)
        assert worker.poll() is None and alive(worker.pid), "the worker parent died"
