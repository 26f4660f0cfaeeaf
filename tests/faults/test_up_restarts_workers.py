"""`briefing up` starts its workers again when they are killed outright."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.processes import briefing_process, free_port, wait_for_http
from tests.faults.harness import (
    Client,
    Figures,
    Ledger,
    children,
    descendants,
    kill9,
    kill_groups,
    long_story,
    process_group,
    service_env,
    tally,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow]

ARTICLES = 40


def test_up_restarts_workers_killed_mid_run(
    tmp_path: Path, report: Callable[[Figures], None]
) -> None:
    """Simulates the kernel's OOM killer taking both worker parents of the embedded
    service (SIGKILL, no warning) with a backlog: `briefing up` must start new workers
    by itself, without a restart of the service, and every accepted article must end
    `done` exactly once."""
    env = service_env("", "", tmp_path)
    for key in ("BRIEFING_DATABASE_URL", "BRIEFING_BROKER_URL"):
        env.pop(key)  # the embedded defaults: SQLite under the data directory
    database_url = f"sqlite:///{tmp_path / 'data' / 'briefing.db'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "up.log"
    groups: set[int] = set()
    try:
        with (
            Client(base, threads=4) as client,
            briefing_process(["up", "--port", str(port)], env, log) as up,
            Ledger(database_url) as ledger,
        ):
            wait_for_http(f"{base}/healthz", up, log)
            wait_for(lambda: log.read_text().count(" ready.") >= 2, 60, "both workers ready")
            client.submit(long_story(i, "u") for i in range(ARTICLES))
            wait_for(lambda: ledger.count("done") >= 5, 60, "work under way")
            first = children(up.pid)
            assert len(first) == 2, f"expected two worker processes under `up`: {first}"
            groups |= {g for pid in descendants(up.pid) if (g := process_group(pid))}
            unfinished = ARTICLES - ledger.count("done")
            kill9(first)

            wait_for(
                lambda: len(set(children(up.pid)) - set(first)) == 2,
                30,
                "two new workers under `up`",
            )
            assert up.poll() is None, "`briefing up` itself stopped"
            groups |= {g for pid in descendants(up.pid) if (g := process_group(pid))}
            accepted = client.accepted_ids
            settled = ledger.wait_settled(accepted, timeout_s=90)
            figures = tally(
                "up_workers_kill9",
                ledger,
                accepted,
                recovery_s=settled,
                unfinished_at_kill=unfinished,
            )
            report(figures)
            unsettled = ledger.unsettled(accepted)
            assert "worker exited" in log.read_text()
    finally:
        kill_groups(groups)
    assert unfinished > 0, "everything was done before the workers were killed"
    assert client.statuses() == {202: ARTICLES}
    assert figures.lost == 0, unsettled
    assert figures.duplicated == figures.failed == 0
    assert figures.done == ARTICLES
