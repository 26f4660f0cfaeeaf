"""Sentence splitting with character offsets into the source text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence and where it sits in the text: ``text == source[start:end]``."""

    text: str
    start: int
    end: int


_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+|\n\s*\n")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, keeping offsets."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        _append(sentences, text, start, match.end())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(text[start:end], start, end))
