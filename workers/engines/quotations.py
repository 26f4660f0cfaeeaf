"""Where an article's quotations run, so that an extract never cuts one.

A sentence splitter sees sentences, not quotations: '"We will win. We are strong,"
he said.' becomes two sentences, and in a quotation of many sentences the middle ones
carry no quotation mark at all, so they pass for the writer's own words. The spans
found here are what the extractive engine keeps whole: an extract either holds a
quotation with words of its own beside it (the speaker), or leaves it out.

News style runs a long quotation over paragraphs by opening each paragraph with a
quotation mark and closing only the last; such a quotation is one span. A mark left
open at a paragraph's end with no continuation in the next is a stray (an inch mark,
a typo), not a quotation to the end of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_OPENING = "“"
_CLOSING = "”"
_STRAIGHT = '"'
_MARKS = re.compile(r"[“”\"]")
_WORDLIKE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Quotations:
    """The quotation spans of one text, ``[start, end)`` with both marks inside."""

    spans: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Quotations:
        spans = tuple(quotation_spans(text))
        return cls(spans, tuple(s for s, _ in spans))

    def cuts(self, start: int, end: int) -> bool:
        """Whether the extract ``[start, end)`` begins or ends inside a quotation."""
        return self.inside(start) or self.inside(end - 1)

    def reads_whole(self, text: str, start: int) -> bool:
        """Whether the extract ``text`` at ``start`` cuts no quotation and has words
        outside the quotations it holds (its speaker)."""
        end = start + len(text)
        if self.cuts(start, end):
            return False
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        outside: list[str] = []
        cursor = start
        for span_start, span_end in self.spans[first:last]:
            outside.append(text[cursor - start : span_start - start])
            cursor = span_end
        outside.append(text[cursor - start :])
        return _WORDLIKE.search("".join(outside)) is not None

    def inside(self, position: int) -> bool:
        """Strictly inside a span: past its opening mark and before its closing one."""
        index = bisect_right(self.starts, position) - 1
        if index < 0:
            return False
        span_start, span_end = self.spans[index]
        return span_start < position < span_end - 1


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each quotation in ``text``, in order, marks included."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    previous = 0
    for match in _MARKS.finditer(text):
        position, mark = match.start(), match.group()
        new_paragraph = "\n" in text[previous:position]
        previous = position
        opening = mark == _OPENING or (mark == _STRAIGHT and _opening_like(text, position))
        if opened is not None and new_paragraph:
            if opening and _starts_paragraph(text, position):
                continue  # a quotation going on in the next paragraph
            opened = None  # left open at a paragraph's end: a stray, not a quotation
        if opened is None:
            if opening:
                opened = position
        elif opening and _continues(text, position):
            continue  # a quotation going on in a new sentence (a lost paragraph break)
        elif not opening or mark == _CLOSING:
            spans.append((opened, position + 1))
            opened = None
        else:
            opened = position  # a new quotation mid-sentence: the earlier mark was a stray
    return spans


def _opening_like(text: str, position: int) -> bool:
    """A straight mark after a space or the start and before a word opens a quotation."""
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return (before.isspace() or before in "([{-–—") and not after.isspace()


def _continues(text: str, position: int) -> bool:
    """Whether the mark at ``position`` opens a new sentence, as a quotation's next
    paragraph does where the text lost its paragraph breaks."""
    before = text[max(0, position - 4) : position].rstrip()
    return not before or before[-1] in ".!?:"


def _starts_paragraph(text: str, position: int) -> bool:
    return text[max(0, position - 20) : position].rstrip(" \t").endswith("\n")
