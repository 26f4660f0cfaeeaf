"""The contract every engine meets: a batch of articles in, a batch of briefings out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class ArticleInput:
    """One article to brief. ``text`` is already cleaned and normalized."""

    text: str
    title: str | None = None
    bullets: int = 5
    headline_candidates: int = 1
    """How many distinct headlines to offer (1-5), best first."""
    headline_max_words: int | None = None
    """At most this many words in each headline; None: the engine's bound."""
    summary_length: str = "medium"
    """short (one sentence), medium (two or three) or long (three to five)."""


@dataclass(frozen=True)
class Briefing:
    """What an engine writes for one article."""

    headline: str
    summary: str
    bullets: list[str]
    chunks_read: int = 1
    details: dict[str, object] = field(default_factory=dict)
    """Engine notes. Read by the pipeline: ``headline_candidates`` (list of str, best
    first), ``sentence_offsets`` and ``summary_offsets`` ([start, end] per bullet and
    per summary sentence, into the article text)."""


@runtime_checkable
class Engine(Protocol):
    """A summarization engine. Implementations are loaded once per process."""

    name: str
    model_id: str
    prompt_version: str

    def summarize(self, articles: Sequence[ArticleInput]) -> list[Briefing]:
        """Brief each article; the output list lines up with the input."""
        ...
