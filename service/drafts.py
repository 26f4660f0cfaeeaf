"""A draft's details: its headline candidates ranked, and every line grounded in the
source and checked against it.

The same function serves the worker (an engine's draft) and the API (an editor's
edit), so both carry the same flags and sources. It needs no model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.text.faithfulness import Checker, Flag
from service.text.grounding import Grounder, Span
from service.text.normalize import clean_line
from service.text.output import HEADLINE_MAX_CHARS, clean_output
from service.text.sentences import split_sentences


@dataclass(frozen=True)
class Draft:
    headline: str
    """The best candidate: the first unflagged one (the engine's order otherwise)."""
    details: dict[str, Any]
    """``headline_candidates``, ``bullet_details``, ``summary_details``, as stored."""


def build_draft(
    *,
    headline: str,
    summary: str,
    bullets: Sequence[str],
    source: str,
    engine_details: Mapping[str, Any] | None = None,
    keep_headline_first: bool = False,
) -> Draft:
    """Rank the headline candidates (flagged ones below unflagged ones) and ground and
    check each bullet and summary sentence.

    ``engine_details`` may hold ``headline_candidates`` (more headlines, best first)
    and ``sentence_offsets`` ([start, end] per bullet, exact for extractive bullets).
    ``keep_headline_first`` is for an editor's version: their headline leads even when
    flagged, as they chose it.
    """
    engine_details = engine_details or {}
    grounder = Grounder(source)
    checker = Checker(source)
    candidates = _candidates(headline, engine_details.get("headline_candidates"), source)
    candidate_flags = [checker.check(text) for text in candidates]
    ranked = list(zip(candidates, candidate_flags, strict=True))
    if keep_headline_first:
        ranked = ranked[:1] + sorted(ranked[1:], key=lambda pair: bool(pair[1]))
    else:
        ranked.sort(key=lambda pair: bool(pair[1]))  # stable: the engine's order otherwise
    offsets = _offsets(engine_details.get("sentence_offsets"), len(bullets), len(source))
    sentences = [s.text for s in split_sentences(summary)]
    return Draft(
        headline=ranked[0][0] if ranked else headline,
        details={
            "headline_candidates": [
                {"text": text, "flags": _flags(flags)} for text, flags in ranked
            ],
            "bullet_details": _lines(list(bullets), checker, grounder, offsets),
            "summary_details": _lines(sentences, checker, grounder, None),
        },
    )


def _candidates(headline: str, more: object, source: str) -> list[str]:
    texts = [headline]
    if isinstance(more, list):
        texts += [clean_line(clean_output(str(t), source))[:HEADLINE_MAX_CHARS] for t in more]
    seen: set[str] = set()
    unique: list[str] = []
    for text in texts:
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            unique.append(text)
    return unique


def _offsets(value: object, count: int, length: int) -> list[Span] | None:
    """Engine offsets, when there is one valid range per line."""
    if not isinstance(value, list) or len(value) != count:
        return None
    spans: list[Span] = []
    for pair in value:
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            return None
        start, end = int(pair[0]), int(pair[1])
        if not 0 <= start < end <= length:
            return None
        spans.append(Span(start, end))
    return spans


def _lines(
    lines: list[str], checker: Checker, grounder: Grounder, offsets: list[Span] | None
) -> list[dict[str, Any]]:
    flags = [checker.check(line) for line in lines]
    return [
        {
            "text": line,
            "sources": [
                span.as_dict() for span in ([offsets[index]] if offsets else grounder.ground(line))
            ],
            "flags": _flags(flags[index]),
        }
        for index, line in enumerate(lines)
    ]


def _flags(flags: list[Flag]) -> list[dict[str, str]]:
    return [flag.as_dict() for flag in flags]
