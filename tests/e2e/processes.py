"""Start the real `briefing api` and `briefing worker` processes for end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update({"HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1", **settings})
    return env


@contextmanager
def briefing_process(
    args: list[str], env: dict[str, str], log: Path, *, module: str = "service.cli.main"
) -> Iterator[subprocess.Popen]:  # type: ignore[type-arg]
    """Run ``python -m <module> <args>`` (the `briefing` command unless told otherwise)."""
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so the whole worker tree can be stopped together
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:  # type: ignore[type-arg]
    """Stop the process and everything it started (a worker's pool children too)."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    # Pool children can outlive a leader that has exited; leave nothing behind.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout_s: float = 30) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"process exited early:\n{log.read_text()}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {timeout_s} s:\n{log.read_text()}")


def wait_for_log(text: str, process: subprocess.Popen, log: Path, timeout_s: float = 60) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if text in log.read_text():
            return
        if process.poll() is not None:
            raise AssertionError(f"process exited early:\n{log.read_text()}")
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not logged in {timeout_s} s:\n{log.read_text()}")
