"""`briefing up`: the API in this process, a worker beside it, and a clean stop.

SIGTERM or SIGINT stops the API, then the worker: Celery's warm shutdown lets
running tasks finish; past a grace period the worker's whole process group (its
pool children too) is stopped. Work cut short is not lost: its rows stay queued
or running in the database, and the next worker's reconciler sends them again.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from types import FrameType

log = logging.getLogger(__name__)

WARM_SHUTDOWN_S = 20.0
"""How long running tasks may finish before the worker is stopped cold."""
COLD_SHUTDOWN_S = 5.0
PR_SET_PDEATHSIG = 1


def run_api_with_worker(*, host: str, port: int) -> None:
    """Serve the API until SIGINT or SIGTERM, with a worker process beside it."""
    import uvicorn

    stopping: list[int] = []

    def note_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    # uvicorn restores these handlers after its own shutdown and raises the signal
    # again; with the default handler that would kill this process before the
    # worker is stopped, leaving it and its pool children orphaned.
    signal.signal(signal.SIGTERM, note_signal)
    signal.signal(signal.SIGINT, note_signal)
    worker = start_worker()
    try:
        if not stopping:
            config = uvicorn.Config(
                "service.api.app:create_app", factory=True, host=host, port=port
            )
            uvicorn.Server(config).run()
    finally:
        stop_worker(worker)


def start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli.main", "worker"],
        start_new_session=True,  # its own process group: stopped together, pool included
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )


def _die_with_parent() -> None:
    # If `briefing up` is killed outright, the kernel sends the worker SIGTERM.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Warm shutdown, then cold, then kill the whole group; returns within ~30 s."""
    for sig, wait_s in (
        (signal.SIGTERM, WARM_SHUTDOWN_S),
        (signal.SIGQUIT, COLD_SHUTDOWN_S),
        (signal.SIGKILL, 2.0),
    ):
        if worker.poll() is not None and not _group_alive(worker.pid):
            return
        with contextlib.suppress(ProcessLookupError):
            if sig == signal.SIGTERM:
                worker.send_signal(sig)  # the main process tells its pool children itself
            else:
                os.killpg(worker.pid, sig)
        _wait_for_group(worker, wait_s)
    log.warning("the worker did not stop in time")


def _wait_for_group(worker: subprocess.Popen[bytes], wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if worker.poll() is not None and not _group_alive(worker.pid):
            return
        time.sleep(0.1)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
