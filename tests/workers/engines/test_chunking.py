"""Sentence-aligned chunking, with words standing in for tokens."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from service.text.sentences import split_sentences
from workers.engines.chunking import Chunk, chunk_text


def count_words(texts: Sequence[str]) -> list[int]:
    return [len(text.split()) for text in texts]


def article(sentences: int) -> str:
    return " ".join(
        f"Sentence {n} reports that the council met {n % 4 + 1} times this week."
        for n in range(sentences)
    )


def assert_covers_whole_sentences(text: str, chunks: list[Chunk]) -> None:
    sentences = split_sentences(text)
    starts = {sentence.start for sentence in sentences}
    ends = {sentence.end for sentence in sentences}
    assert all(chunk.start in starts and chunk.end in ends for chunk in chunks)
    inside = [s.text for chunk in chunks for s in split_sentences(chunk.text)]
    assert inside == [sentence.text for sentence in sentences]


def test_short_text_is_one_chunk() -> None:
    text = article(3)

    assert chunk_text(text, budget=100, count_tokens=count_words) == [
        Chunk(text=text, start=0, end=len(text), tokens=33)
    ]


@pytest.mark.parametrize("budget", [12, 25, 40, 100])
def test_chunks_fit_the_budget_cut_between_sentences_and_drop_nothing(budget: int) -> None:
    text = article(30)

    chunks = chunk_text(text, budget=budget, count_tokens=count_words)

    assert len(chunks) == -(-30 // (budget // 11))  # 11 words a sentence
    assert all(chunk.tokens <= budget for chunk in chunks)
    assert all(chunk.text == text[chunk.start : chunk.end] for chunk in chunks)
    assert_covers_whole_sentences(text, chunks)


def test_a_sentence_over_the_budget_is_cut_between_words_not_dropped() -> None:
    long_sentence = " ".join(f"word{n}" for n in range(25)) + "."
    text = f"A short one. {long_sentence} Another short one."

    chunks = chunk_text(text, budget=10, count_tokens=count_words)

    assert all(chunk.tokens <= 10 for chunk in chunks)
    assert " ".join(chunk.text for chunk in chunks).split() == text.split()


def test_a_giant_word_is_cut_between_characters() -> None:
    def count_characters(texts: Sequence[str]) -> list[int]:
        return [len(text) for text in texts]

    text = "x" * 50

    chunks = chunk_text(text, budget=8, count_tokens=count_characters)

    assert all(chunk.tokens <= 8 for chunk in chunks)
    assert "".join(chunk.text for chunk in chunks) == text


def test_empty_text_has_no_chunks() -> None:
    assert chunk_text("  \n ", budget=10, count_tokens=count_words) == []
