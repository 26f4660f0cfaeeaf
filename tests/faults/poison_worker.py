"""Test-only entry point: ``python -m tests.faults.poison_worker worker ...``.

Runs the real ``briefing`` command after wrapping the extractive engine so that the
fault tests can (1) count every engine run, one line per article appended to the
file named by ``FAULTS_ENGINE_RUNS_FILE``; (2) poison an article: any text holding
``FAULTS_POISON_MARKER`` makes the pool child call ``os._exit(1)``, as a native crash
or the kernel's OOM killer would; (3) slow each article by ``FAULTS_ENGINE_DELAY_S`` so
that a backlog builds up behind the worker; (4) break the consumer once: with
``FAULTS_CONSUMER_CRASH_ONCE_FILE`` naming a file that does not exist yet, the first
event loop raises kombu#582's error (what a Redis restarted under load can cause), so
Celery stops the worker with "Unrecoverable error". The product has no such hook on
purpose.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

RUNS_FILE = "FAULTS_ENGINE_RUNS_FILE"
POISON_MARKER = "FAULTS_POISON_MARKER"
DELAY = "FAULTS_ENGINE_DELAY_S"
CRASH_ONCE_FILE = "FAULTS_CONSUMER_CRASH_ONCE_FILE"


def text_key(text: str) -> str:
    """How a run is recorded: a short hash of the text the engine was given."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def install() -> None:
    from workers.engines.extractive import ExtractiveEngine

    original = ExtractiveEngine.summarize
    runs_file = os.environ.get(RUNS_FILE, "")
    marker = os.environ.get(POISON_MARKER, "")
    delay_s = float(os.environ.get(DELAY, "0") or 0)

    def summarize(self: Any, articles: Sequence[Any]) -> Any:
        for article in articles:
            poisoned = bool(marker) and marker in article.text
            if runs_file:
                # One short O_APPEND write per run: lines from concurrent children never mix.
                with open(runs_file, "a", encoding="utf-8") as out:
                    out.write(f"{text_key(article.text)} {os.getpid()} {int(poisoned)}\n")
            if poisoned:
                os._exit(1)
        if delay_s:
            time.sleep(delay_s * len(articles))
        return original(self, articles)

    ExtractiveEngine.summarize = summarize  # type: ignore[method-assign]


def crash_consumer_once(marker: Path, after_s: float = 2.0) -> None:
    """The first event loop, ``after_s`` into its run, raises what kombu#582 raises."""
    from celery.worker import loops

    original = loops.asynloop

    def asynloop(
        obj: Any, connection: Any, consumer: Any, blueprint: Any, hub: Any, *rest: Any
    ) -> Any:
        if not marker.exists():
            marker.touch()
            hub.create_loop = _breaking(hub.create_loop, after_s)
        return original(obj, connection, consumer, blueprint, hub, *rest)

    loops.asynloop = asynloop


def _breaking(
    create_loop: Callable[[], Iterator[Any]], after_s: float
) -> Callable[[], Iterator[Any]]:
    def breaking_loop() -> Iterator[Any]:
        deadline = time.monotonic() + after_s
        for step in create_loop():
            if time.monotonic() > deadline:
                raise AttributeError("'NoneType' object has no attribute 'hostname'")
            yield step

    return breaking_loop


if __name__ == "__main__":
    install()
    if os.environ.get(CRASH_ONCE_FILE):
        crash_consumer_once(Path(os.environ[CRASH_ONCE_FILE]))
    from service.cli.main import app

    app(prog_name="briefing")
