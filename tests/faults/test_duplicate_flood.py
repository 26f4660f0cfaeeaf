"""Many clients submit the same article at the same moment."""

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
    engine_runs,
    service_env,
    story,
    tally,
    worker_process,
)
from tests.faults.servers import RedisServer

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]

SUBMISSIONS = 2000
CONCURRENCY = 50


def test_two_thousand_concurrent_submissions_of_one_article(
    postgres_url: str, own_redis: RedisServer, tmp_path: Path, report: Callable[[Figures], None]
) -> None:
    """Simulates a retry storm or a feed fan-out: 2,000 submissions of one text, 50 at
    a time, racing each other through the API into PostgreSQL. Exactly one is new
    (202), all others are told it is a duplicate (200) of the same summary; one row,
    one engine run."""
    env = service_env(postgres_url, own_redis.url, tmp_path)
    port = free_port()
    text = story(1, "dup")
    with (
        Ledger(postgres_url) as ledger,
        api_process(env, tmp_path, port),
        Client(f"http://127.0.0.1:{port}", threads=CONCURRENCY) as client,
        worker_process(env, tmp_path, concurrency=2),
    ):
        started = time.monotonic()
        answers = client.submit([text] * SUBMISSIONS)
        submit_s = time.monotonic() - started
        ids = {a.summary_id for a in answers}
        accepted = client.accepted_ids
        settled = ledger.wait_settled(accepted, timeout_s=60)
        time.sleep(2)  # a second run, had one been sent, would show up by now
        runs = Counter(key for key, _, _ in engine_runs(tmp_path))
        figures = tally(
            "duplicate_flood",
            ledger,
            accepted,
            recovery_s=settled,
            submissions=SUBMISSIONS,
            submit_s=round(submit_s, 1),
            engine_runs=sum(runs.values()),
        )
        figures.duplicated += max(0, sum(runs.values()) - 1)
        report(figures)
        assert client.statuses() == {202: 1, 200: SUBMISSIONS - 1}, client.statuses()
        assert len(ids) == 1 and None not in ids
        assert sum(1 for a in answers if a.duplicate) == SUBMISSIONS - 1
        assert figures.lost == 0, ledger.unsettled(accepted)
        assert len(ledger.rows()) == 1 and figures.done == 1
        assert sum(runs.values()) == 1, runs
