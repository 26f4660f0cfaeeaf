"""Split text into chunks that fit a token budget, cutting only between sentences.

Nothing is dropped: the chunks cover every sentence in order. A single sentence longer
than the budget is the one exception to cutting at sentence boundaries; it is cut
between words (or, for one giant word, between characters) so it is still read whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.text.sentences import Sentence, split_sentences

TokenCounter = Callable[[Sequence[str]], list[int]]
"""Counts the tokens of each text, without special tokens."""

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences: ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    tokens: int


def chunk_text(text: str, *, budget: int, count_tokens: TokenCounter) -> list[Chunk]:
    """Pack the sentences of ``text`` greedily into chunks of at most ``budget`` tokens."""
    if budget < 1:
        raise ValueError("budget must be at least one token")
    pieces = fit_pieces(split_sentences(text), budget=budget, count_tokens=count_tokens)
    return _pack(text, pieces, budget=budget, count_tokens=count_tokens)


def fit_pieces(
    sentences: Sequence[Sentence], *, budget: int, count_tokens: TokenCounter
) -> list[Sentence]:
    """The sentences, with any sentence over the budget cut into pieces that fit."""
    counts = count_tokens([sentence.text for sentence in sentences]) if sentences else []
    pieces: list[Sentence] = []
    for sentence, count in zip(sentences, counts, strict=True):
        if count <= budget:
            pieces.append(sentence)
        else:
            pieces.extend(_cut_long(sentence, budget=budget, count_tokens=count_tokens))
    return pieces


def _cut_long(sentence: Sentence, *, budget: int, count_tokens: TokenCounter) -> list[Sentence]:
    words = [
        Sentence(match.group(), sentence.start + match.start(), sentence.start + match.end())
        for match in _WORD.finditer(sentence.text)
    ]
    counts = count_tokens([word.text for word in words])
    pieces: list[Sentence] = []
    for word, count in zip(words, counts, strict=True):
        pieces.extend([word] if count <= budget else _cut_word(word, budget, count))
    return _merge(sentence.text, sentence.start, pieces, budget=budget, count_tokens=count_tokens)


def _cut_word(word: Sentence, budget: int, count: int) -> list[Sentence]:
    # Characters per token vary; a share of the budget leaves room for that.
    size = max(1, len(word.text) * budget // (2 * count))
    parts = [word.text[i : i + size] for i in range(0, len(word.text), size)]
    return [
        Sentence(part, word.start + i * size, word.start + i * size + len(part))
        for i, part in enumerate(parts)
    ]


def _merge(
    text: str, offset: int, pieces: list[Sentence], *, budget: int, count_tokens: TokenCounter
) -> list[Sentence]:
    """Join runs of word pieces back into spans of ``text`` that fit the budget."""
    relative = [_shift(piece, -offset) for piece in pieces]
    chunks = _pack(text, relative, budget=budget, count_tokens=count_tokens)
    return [Sentence(chunk.text, chunk.start + offset, chunk.end + offset) for chunk in chunks]


def _shift(piece: Sentence, by: int) -> Sentence:
    return Sentence(piece.text, piece.start + by, piece.end + by)


def _pack(
    source: str, pieces: Sequence[Sentence], *, budget: int, count_tokens: TokenCounter
) -> list[Chunk]:
    counts = count_tokens([piece.text for piece in pieces]) if pieces else []
    chunks: list[Chunk] = []
    first = 0
    while first < len(pieces):
        last, total = first + 1, counts[first]
        while last < len(pieces) and total + counts[last] <= budget:
            total += counts[last]
            last += 1
        chunk = _measure(source, pieces, first, last, count_tokens)
        # Pieces tokenized apart can count a little less than joined: give some back.
        while chunk.tokens > budget and last > first + 1:
            last -= 1
            chunk = _measure(source, pieces, first, last, count_tokens)
        chunks.append(chunk)
        first = last
    return chunks


def _measure(
    source: str, pieces: Sequence[Sentence], first: int, last: int, count_tokens: TokenCounter
) -> Chunk:
    start, end = pieces[first].start, pieces[last - 1].end
    text = source[start:end]
    return Chunk(text=text, start=start, end=end, tokens=count_tokens([text])[0])
