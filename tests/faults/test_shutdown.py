"""`briefing up` told to stop while work is in flight, then started again."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.processes import briefing_process, free_port, wait_for_http, wait_for_log
from tests.faults.harness import (
    Client,
    Figures,
    Ledger,
    descendants,
    kill_groups,
    long_story,
    process_group,
    service_env,
    still_running,
    tally,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow]

ARTICLES = 40
STOP_WITHIN_S = 30


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_up_stops_its_whole_tree_and_loses_nothing(
    sig: signal.Signals, tmp_path: Path, report: Callable[[Figures], None]
) -> None:
    """Simulates an operator or a process manager stopping the embedded service
    (systemd and docker send SIGTERM, a terminal Ctrl-C sends SIGINT) with a backlog:
    the API, the worker and its pool children must all be gone within 30 s, and after
    a restart on the same data directory every accepted article ends `done`."""
    env = service_env("", "", tmp_path)
    for key in ("BRIEFING_DATABASE_URL", "BRIEFING_BROKER_URL"):
        env.pop(key)  # the embedded defaults: SQLite under the data directory
    database_url = f"sqlite:///{tmp_path / 'data' / 'briefing.db'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = ["up", "--engine", "extractive", "--port", str(port)]
    first_log, second_log = tmp_path / "up-1.log", tmp_path / "up-2.log"
    groups: set[int] = set()
    try:
        with Client(base, threads=4) as client:
            with briefing_process(args, env, first_log) as first:
                wait_for_http(f"{base}/healthz", first, first_log)
                wait_for_log("ready.", first, first_log)
                client.submit(long_story(i, "s") for i in range(ARTICLES))
                with Ledger(database_url) as ledger:
                    wait_for(lambda: ledger.count("done") >= 5, 60, "work under way")
                # The API, its workers and their pool children, whatever groups they are in.
                tree = [first.pid, *descendants(first.pid)]
                groups = {g for pid in tree if (g := process_group(pid)) is not None}
                assert len(tree) >= 3, f"expected the API, a worker and a pool child: {tree}"
                os.kill(first.pid, sig)  # the leader alone: it must stop what it started
                signalled = time.monotonic()
                try:
                    first.wait(timeout=STOP_WITHIN_S)
                    wait_for(
                        lambda: not still_running(tree, groups),
                        max(0.1, STOP_WITHIN_S - (time.monotonic() - signalled)),
                        "every process of `briefing up` gone",
                    )
                    shutdown_s: float | None = time.monotonic() - signalled
                except (subprocess.TimeoutExpired, AssertionError):
                    shutdown_s = None
                leftover = still_running(tree, groups)
            kill_groups(groups)  # whatever outlived the signal must not serve the restart
            accepted = client.accepted_ids
            with Ledger(database_url) as ledger:
                pending_at_stop = len(accepted) - ledger.count("done")
            with (
                briefing_process(args, env, second_log) as second,
                Ledger(database_url) as ledger,
            ):
                restarted = time.monotonic()
                groups |= {second.pid}
                wait_for_http(f"{base}/healthz", second, second_log)
                groups |= {g for pid in descendants(second.pid) if (g := process_group(pid))}
                settled = ledger.wait_settled(accepted, timeout_s=90)
                recovery_s = None if settled is None else time.monotonic() - restarted
                figures = tally(
                    f"up_{sig.name.lower()}",
                    ledger,
                    accepted,
                    recovery_s=recovery_s,
                    shutdown_s=None if shutdown_s is None else round(shutdown_s, 1),
                    pending_at_stop=pending_at_stop,
                )
                report(figures)
                unsettled = ledger.unsettled(accepted)
    finally:
        kill_groups(groups)
    assert shutdown_s is not None, f"still running {STOP_WITHIN_S} s after {sig.name}: {leftover}"
    assert client.statuses() == {202: ARTICLES}
    assert pending_at_stop > 0, "the backlog was done before the signal"
    assert figures.lost == 0, unsettled
    assert figures.duplicated == figures.failed == 0
    assert figures.done == ARTICLES
