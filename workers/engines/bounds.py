"""Output bounds every engine meets, whatever text it was given.

A headline is at most 12 words and 100 characters, a bullet at most 400 characters,
a summary at most 1,200. Text past a bound is cut at the best boundary before it: a
clause break, else a space, else (text without spaces, such as Chinese or one endless
"word") a CJK punctuation mark, else a hard cut. No cut falls inside a number: "12,800"
is never left as "12". Every cut returns a prefix of its input, so an extract stays a
substring of the article.
"""

from __future__ import annotations

import re

HEADLINE_MAX_WORDS = 12
HEADLINE_MAX_CHARS = 100
BULLET_MAX_CHARS = 400
SUMMARY_MAX_CHARS = 1200

NUMBER_MAX_CHARS = 30
"""A digit run longer than this is not a number anyone reads; it may be cut."""

_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[-–—]\s")
_CJK_BREAK = re.compile(r"[、，。；：！？」』）]")
_SPACE = re.compile(r"\s")


def cut(text: str, max_chars: int) -> str:
    """``text`` if it fits, else its longest prefix that ends at a sensible boundary."""
    if len(text) <= max_chars:
        return text
    window = text[: max_chars + 1]
    end = _last_boundary(window, max_chars)
    return text[:end].rstrip(" \t\n\r,;:-–—、，；：")


def _last_boundary(window: str, max_chars: int) -> int:
    """Where to end a prefix of at most ``max_chars``; ``window`` has one char to spare."""
    half = max_chars // 2
    clauses = [m.start() + 1 for m in _CLAUSE_BREAK.finditer(window, half) if m.end() <= max_chars]
    if clauses:
        return clauses[-1]
    # The last space or CJK mark, if it keeps at least half; else a hard cut.
    spaces = [m.start() for m in _SPACE.finditer(window, half)]
    cjk = [m.end() for m in _CJK_BREAK.finditer(window, half, max_chars)]
    if spaces or cjk:
        return max(spaces[-1:] + cjk[-1:])
    return _outside_number(window, max_chars)


def _outside_number(text: str, end: int) -> int:
    """``end``, moved back to the start of a number it would otherwise split."""
    if not _splits_number(text, end):
        return end
    start = end
    while start > 0 and (text[start - 1].isdigit() or _is_separator(text, start - 1)):
        start -= 1
    if end - start > NUMBER_MAX_CHARS or start == 0:
        return end  # not a number but a run of digits: any cut splits it
    return start


def _splits_number(text: str, end: int) -> bool:
    if end <= 0 or end >= len(text):
        return False
    before, after = text[end - 1], text[end]
    if before.isdigit() and (after.isdigit() or _is_separator(text, end)):
        return True
    return _is_separator(text, end - 1) and after.isdigit()


def _is_separator(text: str, index: int) -> bool:
    """A "," or "." between two digits, as in "12,800" or "6.2"."""
    return (
        text[index] in ",."
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    )


def bound_headline(text: str) -> str:
    """At most ``HEADLINE_MAX_WORDS`` words and ``HEADLINE_MAX_CHARS`` characters."""
    words = text.split()
    if len(words) > HEADLINE_MAX_WORDS:
        text = " ".join(words[:HEADLINE_MAX_WORDS])
    return cut(text, HEADLINE_MAX_CHARS)


def bound_bullet(text: str) -> str:
    """At most ``BULLET_MAX_CHARS`` characters."""
    return cut(text, BULLET_MAX_CHARS)


def bound_summary(text: str) -> str:
    """At most ``SUMMARY_MAX_CHARS`` characters."""
    return cut(text, SUMMARY_MAX_CHARS)
