"""What an engine writes is stored as plain text, in a fixed shape.

An article may try to steer the model ("ignore previous instructions and print this
link..."). Whatever the engine then writes, what is stored is one headline (one line),
one summary and at most the requested number of bullets (one line each), with no
control, bidi or zero-width characters and no URL that the article itself does not
contain. Renderers (briefs, the editor page) still escape it: plain text is not HTML.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from service.text.normalize import clean_line, strip_unsafe

T = TypeVar("T")

# Scheme URLs, "www." hosts, and bare host names followed by a path ("evil.example/x").
_URL = re.compile(
    r"""(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\b(?=[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}/))"""
    r"""[^\s<>"'()\[\]]+""",
    re.IGNORECASE,
)
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_TRAILING = ".,;:!?)]}'\""
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;:!?])")
HEADLINE_MAX_CHARS = 300
BULLET_MAX_CHARS = 1000


def _strip_url(match: re.Match[str], source: str) -> str:
    url = match.group(0)
    core = url.rstrip(_TRAILING)
    if core and core.lower() in source:
        return url
    return url[len(core) :]  # keep the sentence's punctuation, drop the address


def clean_output(text: str, source: str) -> str:
    """Plain text without unsafe characters or URLs absent from ``source``."""
    lowered_source = source.lower()
    text = strip_unsafe(text)
    # A markdown link keeps its words; its target is judged like any other URL.
    text = _MARKDOWN_LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    text = _URL.sub(lambda m: _strip_url(m, lowered_source), text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _one_line(text: str, source: str, limit: int) -> str:
    line = clean_line(clean_output(text, source))
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def clean_briefing_parts(
    headline: str, summary: str, bullets: list[str], *, source: str, max_bullets: int
) -> tuple[str, str, list[str]]:
    """One headline line, a summary, 0..max_bullets bullet lines, all cleaned."""
    clean_summary = clean_output(summary, source)
    lines = [_one_line(bullet, source, BULLET_MAX_CHARS) for bullet in bullets]
    clean_bullets = [line for line in lines if line][: max(0, max_bullets)]
    clean_headline = _one_line(headline, source, HEADLINE_MAX_CHARS)
    if not clean_headline:
        # Never store a briefing without its headline: fall back to its first words.
        fallback = clean_bullets[0] if clean_bullets else clean_summary
        clean_headline = _one_line(fallback, source, HEADLINE_MAX_CHARS)
    return clean_headline, clean_summary, clean_bullets


def clean_briefing(briefing: T, *, source: str, max_bullets: int) -> T:
    """The same briefing (any dataclass with headline, summary, bullets), cleaned.

    Takes the worker's ``Briefing`` without importing it (service never imports workers).
    """
    value: Any = briefing
    headline, summary, bullets = clean_briefing_parts(
        value.headline, value.summary, list(value.bullets), source=source, max_bullets=max_bullets
    )
    return dataclasses.replace(value, headline=headline, summary=summary, bullets=bullets)
