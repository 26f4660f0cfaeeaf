"""`briefing up`: the API in this process, workers beside it, and a clean stop.

Two workers, one per kind of lane: one takes only the editor lane, so a single
article never waits behind an archive; the other takes the scheduled and bulk
lanes at a lower CPU priority, so it yields the cores whenever an editor's
article is running.

SIGTERM or SIGINT stops the API, then the workers: Celery's warm shutdown lets
running tasks finish; past a grace period each worker's whole process group (its
pool children too) is stopped. Work cut short is not lost: its rows stay queued
or running in the database, and the next worker's reconciler sends them again.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from types import FrameType

from service.config import get_settings

log = logging.getLogger(__name__)

WORKERS = (
    ("editor@%h", ["--queues", "editor"]),
    # The beat (feed polling, scheduled briefs) runs inside the background worker.
    ("background@%h", ["--queues", "scheduled,bulk", "--nice", "10", "--beat"]),
)
WARM_SHUTDOWN_S = 20.0
"""How long running tasks may finish before the worker is stopped cold."""
COLD_SHUTDOWN_S = 5.0
WATCH_INTERVAL_S = 1.0
"""How often `briefing up` looks for a worker that died."""
PR_SET_PDEATHSIG = 1


def run_api_with_worker(*, host: str, port: int) -> None:
    """Serve the API until SIGINT or SIGTERM, with a worker process beside it."""
    import uvicorn

    stopping: list[int] = []

    def note_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    # uvicorn restores these handlers after its own shutdown and raises the signal
    # again; with the default handler that would kill this process before the
    # workers are stopped, leaving them and their pool children orphaned.
    signal.signal(signal.SIGTERM, note_signal)
    signal.signal(signal.SIGINT, note_signal)
    share_worker_metrics()
    workers = [start_worker(name, args) for name, args in WORKERS]
    done = threading.Event()
    watchdog = threading.Thread(target=restart_dead_workers, args=(workers, done), daemon=True)
    watchdog.start()
    try:
        if not stopping:
            app = "service.api.app:create_app"
            uvicorn.Server(uvicorn.Config(app, factory=True, host=host, port=port)).run()
    finally:
        done.set()
        watchdog.join()
        stop_workers(workers)


def restart_dead_workers(workers: list[subprocess.Popen[bytes]], done: threading.Event) -> None:
    """Start a worker again when it died (killed, out of memory) until ``done`` is set.

    A worker that Celery stops on an error restarts itself in place (see
    :mod:`service.cli.worker_restart`); this covers the deaths it cannot see. What the
    dead worker held stays queued or running in the database, and the new worker's
    reconciler takes it over."""
    started = [time.monotonic()] * len(workers)
    failures = [0] * len(workers)
    while not done.wait(WATCH_INTERVAL_S):
        for slot, worker in enumerate(workers):
            if worker.poll() is None:
                continue
            name, args = WORKERS[slot]
            # One that dies as soon as it starts is started again less and less often.
            failures[slot] = 0 if time.monotonic() - started[slot] > 60 else failures[slot] + 1
            delay_s = min(30.0, 2.0 ** failures[slot] - 1)
            log.warning(
                "the %s worker exited (code %s); starting it again in %.0f s",
                name,
                worker.returncode,
                delay_s,
            )
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(worker.pid, signal.SIGKILL)  # pool children it left behind
            if done.wait(delay_s):
                return
            started[slot] = time.monotonic()
            workers[slot] = start_worker(name, args)


def share_worker_metrics() -> None:
    """Workers' metrics reach this process's /metrics through one directory
    (prometheus-client's multiprocess mode), emptied at each start."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        return
    directory = get_settings().data_dir / "metrics"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    get_settings.cache_clear()  # the API in this process reads it from the settings


def start_worker(name: str, args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli.main", "worker", "--name", name, *args],
        start_new_session=True,  # its own process group: stopped together, pool included
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )


def _die_with_parent() -> None:
    # If `briefing up` is killed outright, the kernel sends the worker SIGTERM.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    """Warm shutdown, then cold, then kill each whole group; returns within ~30 s."""
    for sig, wait_s in (
        (signal.SIGTERM, WARM_SHUTDOWN_S),
        (signal.SIGQUIT, COLD_SHUTDOWN_S),
        (signal.SIGKILL, 2.0),
    ):
        running = [worker for worker in workers if _alive(worker)]
        if not running:
            return
        for worker in running:
            with contextlib.suppress(ProcessLookupError):
                if sig == signal.SIGTERM:
                    worker.send_signal(sig)  # the main process tells its pool children
                else:
                    os.killpg(worker.pid, sig)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and any(_alive(worker) for worker in running):
            time.sleep(0.1)
    log.warning("a worker did not stop in time")


def _alive(worker: subprocess.Popen[bytes]) -> bool:
    return worker.poll() is None or _group_alive(worker.pid)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
