"""Where in the source a line comes from: character ranges of supporting sentences.

A line copied from the article (an extractive bullet) is found exactly; any other
(a seq2seq bullet, an editor's edit) is matched to the source sentences that share
most of its content words: the best one, and a second when it covers words the first
does not (a line that fuses two sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.text.sentences import Sentence, split_sentences

_WORD = re.compile(r"[^\W_]+")
_STOP = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "by",
        "with", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it",
        "its", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you", "his",
        "her", "their", "our", "not", "no", "will", "would", "can", "could", "should", "may",
        "might", "said", "says", "say", "also", "than", "then", "there", "which", "who",
    ]
)  # fmt: skip
MIN_SHARE = 0.34
"""A sentence supports a line when it holds at least this share of the line's words."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def as_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


def content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP}


class Grounder:
    """The source's sentences, split once, to ground many lines."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._sentences: list[Sentence] | None = None
        self._words: list[set[str]] = []

    @property
    def sentences(self) -> list[Sentence]:
        """Split on first need: lines copied from the source are found without it."""
        if self._sentences is None:
            self._sentences = split_sentences(self.source)
            self._words = [content_words(s.text) for s in self._sentences]
        return self._sentences

    @property
    def words(self) -> list[set[str]]:
        _ = self.sentences
        return self._words

    def ground(self, line: str) -> list[Span]:
        stripped = line.strip().rstrip("…").strip()
        if len(stripped) >= 20:
            found = self.source.find(stripped)
            if found >= 0:
                return [Span(found, found + len(stripped))]
        wanted = content_words(line)
        if not wanted or not self.sentences:
            return []
        scores = [len(wanted & words) for words in self.words]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        if scores[best] / len(wanted) < MIN_SHARE:
            return []
        spans = [best]
        rest = wanted - self.words[best]
        if rest:
            extra = [len(rest & words) for words in self.words]
            second = max(range(len(extra)), key=lambda i: (extra[i], -i))
            if second != best and extra[second] / len(wanted) >= MIN_SHARE / 2:
                spans.append(second)
        return [Span(self.sentences[i].start, self.sentences[i].end) for i in sorted(spans)]
