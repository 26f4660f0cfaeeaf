"""Per-process worker state: thread counts and the engines loaded once."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from service.config import Settings, get_settings
from service.errors import BriefingError
from workers.engines import load_engine
from workers.engines.base import ArticleInput, Engine

log = logging.getLogger(__name__)

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def threads_per_process(settings: Settings) -> int:
    """Cores shared out so that processes x threads never exceed the cores.

    torch's default of every core in every Celery child oversubscribes the CPU
    and runs 2-3x slower than one process.
    """
    if settings.worker.torch_threads:
        return settings.worker.torch_threads
    return max(1, (os.cpu_count() or 1) // settings.worker.concurrency)


def limit_threads(threads: int) -> None:
    """Set before torch or numpy is imported; torch is told again if already loaded."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    import sys

    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(threads)


def engine_for(engine_name: str, model_id: str) -> Engine:
    """The engine for a summary, loaded once per process (cached by load_engine)."""
    return configured_engine(get_settings(), engine_name, model_id)


def configured_engine(
    settings: Settings, engine_name: str | None = None, model_id: str | None = None
) -> Engine:
    """An engine as the settings describe it (by default the configured one)."""
    return load_engine(
        engine_name or settings.engine,  # type: ignore[arg-type]
        model=model_id or default_model_id(settings),
        device=settings.device,
        dtype=settings.dtype,
        generation=settings.generation,
        backend=settings.backend,
        compute_type=settings.compute_type,
        convert_dir=str(settings.data_dir / "models"),
        headline_parser=settings.headline_parser,
    )


def warm_default_engine() -> None:
    """Load the configured engine now, so the first task does not wait for it."""
    settings = get_settings()
    try:
        engine_for(settings.engine, default_model_id(settings))
    except Exception:
        # Tasks for this engine will fail with the same clear message.
        log.exception("could not load the %s engine", settings.engine)


def default_model_id(settings: Settings) -> str:
    return settings.model if settings.engine == "seq2seq" else settings.engine


def overview_writer(settings: Settings) -> Callable[[list[str]], str] | None:
    """A brief's overview written by the seq2seq model from the top stories' headlines;
    None for the extractive engine (the brief then uses their lead sentences)."""
    if settings.engine != "seq2seq":
        return None

    def write(headlines: list[str]) -> str:
        text = " ".join(h if h.endswith((".", "!", "?")) else f"{h}." for h in headlines)
        engine = configured_engine(settings)
        try:
            (briefing,) = engine.summarize([ArticleInput(text=text, title=None, bullets=1)])
        except BriefingError as exc:
            log.warning("the model wrote no overview (%s); using the lead sentences", exc)
            return ""
        return briefing.summary

    return write
