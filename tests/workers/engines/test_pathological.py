"""No input under the size limit can stall the extractive engine or blow its output up.

Each text below once killed or stalled a worker (issue 6): an n x n matrix of 73 GiB,
a quadratic sentence splitter, a 184,000-character headline. The checks are structural
(how many sentences are scored, how long each output is, how many characters the
splitter copies) so that they do not depend on the machine's speed.
"""

from __future__ import annotations

import time

import pytest

from service.errors import EmptyTextError
from service.text.sentences import split_sentences
from workers.engines.base import ArticleInput, Briefing
from workers.engines.bounds import BULLET_MAX_CHARS, HEADLINE_MAX_CHARS, HEADLINE_MAX_WORDS
from workers.engines.extractive import MAX_CANDIDATES, ExtractiveEngine

LIMIT = 200_000  # BRIEFING_MAX_TEXT_CHARS

PATHOLOGICAL = {
    "dots": ". " * 99_000,
    "list lines": "".join(f"- a b c {i % 1000}\n" for i in range(15_000)),
    "one-word lines": ("word\n" * (LIMIT // 5))[: LIMIT - 1],
    "one long word": "x" * 199_000,
    "cjk without spaces": ("这是一个没有空格的中文句子" * 20_000)[: LIMIT - 1],
    "cjk with full stops": ("这是一个没有空格的中文句子。" * 20_000)[: LIMIT - 1],
    "digits": "7" * 199_000,
    "run of exclamation marks": "A" + "!" * 199_000,
    "spaces between two words": "Start " + " " * 199_000 + "end.",
    "one long sentence": ("lorem ipsum dolor " * 11_000)[: LIMIT - 1],
    "long sentences": ("Sales rose again " * 30 + "today. ") * 370,
}


@pytest.fixture(scope="module")
def engine() -> ExtractiveEngine:
    return ExtractiveEngine()


def assert_bounded(briefing: Briefing, source: str) -> None:
    assert len(briefing.headline.split()) <= HEADLINE_MAX_WORDS
    assert len(briefing.headline) <= HEADLINE_MAX_CHARS
    assert 1 <= len(briefing.bullets) <= 10
    for bullet in briefing.bullets:
        assert len(bullet) <= BULLET_MAX_CHARS
        assert bullet in source
    assert len(briefing.summary) <= 3 * (BULLET_MAX_CHARS + 1)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_gets_a_bounded_briefing(engine: ExtractiveEngine, name: str) -> None:
    text = PATHOLOGICAL[name]
    assert len(text) < LIMIT
    try:
        [briefing] = engine.summarize([ArticleInput(text, bullets=10)])
    except EmptyTextError:
        assert name == "dots"  # punctuation alone has nothing to summarize
        return
    assert name != "dots"
    assert_bounded(briefing, text)
    assert briefing.details["sentences_considered"] <= MAX_CANDIDATES  # type: ignore[operator]
    offsets = briefing.details["sentence_offsets"]
    for bullet, (start, end) in zip(briefing.bullets, offsets, strict=True):  # type: ignore[call-overload]
        assert text[start:end] == bullet


def test_many_sentences_are_capped_before_scoring(engine: ExtractiveEngine) -> None:
    text = PATHOLOGICAL["list lines"]
    [briefing] = engine.summarize([ArticleInput(text)])
    assert briefing.details["sentences_found"] == 15_000
    assert briefing.details["sentences_considered"] == MAX_CANDIDATES


def test_a_cut_bullet_keeps_its_offsets(engine: ExtractiveEngine) -> None:
    text = "The talks opened on Monday morning. " + "Talks went on and on " * 40 + "until dawn."
    [briefing] = engine.summarize([ArticleInput(text, bullets=2)])
    long_bullet = max(briefing.bullets, key=len)
    assert long_bullet.startswith("Talks went on")
    assert len(long_bullet) <= BULLET_MAX_CHARS
    start, end = briefing.details["sentence_offsets"][1]  # type: ignore[index]
    assert text[start:end] == long_bullet


class CountingStr(str):
    """A str that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        piece = str.__getitem__(self, key)
        CountingStr.copied += len(piece)
        return piece


@pytest.mark.parametrize(
    "unit",
    ["word\n", "- item on the list\n", "x", ". ", "这是句子。", "Mr. A. B. said so. "],
)
def test_the_splitter_copies_a_linear_amount_of_text(unit: str) -> None:
    """The old splitter copied the rest of the paragraph for every line: 199k chars, 57 s."""
    copied = []
    for size in (2_000, 20_000):
        CountingStr.copied = 0
        source = CountingStr((unit * (size // len(unit) + 1))[:size])
        sentences = split_sentences(source)
        copied.append(CountingStr.copied)
        assert all(source[s.start : s.end] == s.text for s in sentences)
    # Sentence texts and a bounded scan around each boundary: a few copies per char.
    assert copied[1] <= 10 * 20_000
    assert copied[1] <= 15 * max(copied[0], 1)


def _best_of_three(engine: ExtractiveEngine, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        engine.summarize([ArticleInput(text)])
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("unit", ["!", " ", "'!", "这", "a "])
def test_regular_expressions_do_not_backtrack_over_runs(
    engine: ExtractiveEngine, unit: str
) -> None:
    """A run of one character cost each regex attempt the rest of the run (>60 s at 199k).

    A loose ratio: ten times the text may take at most forty times as long (quadratic
    work takes a hundred times as long).
    """
    small = "A" + unit * 5_000 + " end"
    large = "A" + unit * 50_000 + " end"
    ratio = _best_of_three(engine, large) / max(_best_of_three(engine, small), 1e-4)
    assert ratio < 40
