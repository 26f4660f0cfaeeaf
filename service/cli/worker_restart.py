"""`briefing worker` starts again, in place, when Celery stops it on an error.

Celery ends the worker process when an exception escapes its consumer ("Unrecoverable
error"). A Redis restarted under load can do that: kombu's transport is left without
a connection and raises ``'NoneType' object has no attribute 'hostname'`` (kombu#582).
Nothing accepted is lost (the rows stay queued in SQL and the reconciler sends them
again), but a worker with no supervisor around it would stay down. So the command
replaces itself with a fresh copy of itself: the same pid, so compose, systemd and
`briefing up` still signal and wait on it, and a clean interpreter, so no state of
the broken connection survives.

It restarts only a worker that got ready and was not asked to stop: a signal (warm or
cold shutdown) ends it as before, and a worker that fails while starting exits with
its error instead of looping.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

RESTARTS_ENV = "BRIEFING_WORKER_RESTARTS"
"""Restarts in a row, carried across exec for the backoff."""
STABLE_AFTER_S = 60.0
"""A worker that ran this long before failing starts its backoff again from 1 s."""
MAX_DELAY_S = 30.0


def restart_delay(restarts_in_a_row: int) -> float:
    """1, 2, 4 … seconds, at most :data:`MAX_DELAY_S`."""
    return min(MAX_DELAY_S, 2.0 ** min(restarts_in_a_row, 16))


def stop_was_requested() -> bool:
    """Whether a signal asked the worker to stop (Celery records it in its state)."""
    from celery.worker import state

    return state.should_stop not in (None, False) or state.should_terminate not in (None, False)


def run_restarting(run_worker: Callable[[], object]) -> None:
    """Run the worker; if it got ready and then stopped on an error, exec a fresh one.

    Celery's ``worker_main`` returns normally whatever happened (click's non-standalone
    mode swallows the exit), so the outcome is read from the worker itself."""
    from celery.signals import worker_init, worker_ready

    workers: list[object] = []
    ready: list[bool] = []
    worker_init.connect(lambda sender, **_: workers.append(sender), weak=False)
    worker_ready.connect(lambda **_: ready.append(True), weak=False)
    started = time.monotonic()
    try:
        run_worker()
        code: object = getattr(workers[-1], "exitcode", 0) if workers else 0
    except SystemExit as stopped:
        code = stopped.code
    if code in (0, None) or not ready or stop_was_requested():
        raise SystemExit(code)

    ran_s = time.monotonic() - started
    in_a_row = 0 if ran_s >= STABLE_AFTER_S else int(os.environ.get(RESTARTS_ENV, "0") or 0)
    delay_s = restart_delay(in_a_row)
    log.error(
        "the worker stopped on an unrecoverable error after %.0f s (exit code %s); "
        "starting it again in %.0f s (accepted articles stay queued in the database)",
        ran_s,
        code,
        delay_s,
    )
    # Celery's handlers are still installed; a stop asked for during the wait must end
    # the process, not reach a worker that no longer runs.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    time.sleep(delay_s)
    os.environ[RESTARTS_ENV] = str(in_a_row + 1)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
