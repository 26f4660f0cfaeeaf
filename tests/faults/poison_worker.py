"""Test-only entry point: ``python -m tests.faults.poison_worker worker ...``.

Runs the real ``briefing`` command after wrapping the extractive engine so that the
fault tests can (1) count every engine run, one line per article appended to the
file named by ``FAULTS_ENGINE_RUNS_FILE``; (2) poison an article: any text holding
``FAULTS_POISON_MARKER`` makes the pool child call ``os._exit(1)``, as a native crash
or the kernel's OOM killer would; (3) slow each article by ``FAULTS_ENGINE_DELAY_S`` so
that a backlog builds up behind the worker. The product has no such hook on purpose.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from typing import Any

RUNS_FILE = "FAULTS_ENGINE_RUNS_FILE"
POISON_MARKER = "FAULTS_POISON_MARKER"
DELAY = "FAULTS_ENGINE_DELAY_S"


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


if __name__ == "__main__":
    install()
    from service.cli.main import app

    app(prog_name="briefing")
