"""Per-request options on the extractive engine, honoured exactly."""

from __future__ import annotations

import pytest

from service.text.faithfulness import check_many
from service.text.sentences import split_sentences
from workers.engines.base import ArticleInput
from workers.engines.extractive import ExtractiveEngine

ENGINE = ExtractiveEngine()


@pytest.mark.parametrize("count", [1, 3, 5])
def test_headline_candidates_are_distinct_best_first(count: int, sample_article_text: str) -> None:
    briefing = ENGINE.brief(ArticleInput(text=sample_article_text, headline_candidates=count))
    candidates = briefing.details["headline_candidates"]
    assert isinstance(candidates, list)
    assert len(candidates) == count
    assert len({c.casefold() for c in candidates}) == count
    assert candidates[0] == briefing.headline
    assert all(flags == [] for flags in check_many(candidates, sample_article_text))


@pytest.mark.parametrize("max_words", [4, 6, 9])
def test_headline_max_words_bounds_every_candidate(
    max_words: int, sample_article_text: str
) -> None:
    article = ArticleInput(
        text=sample_article_text, headline_candidates=5, headline_max_words=max_words
    )
    candidates = ENGINE.brief(article).details["headline_candidates"]
    assert isinstance(candidates, list) and candidates
    assert all(len(c.split()) <= max_words for c in candidates)


@pytest.mark.parametrize("bullets", [1, 4, 10])
def test_bullet_count_is_exact(bullets: int, sample_article_text: str) -> None:
    briefing = ENGINE.brief(ArticleInput(text=sample_article_text, bullets=bullets))
    assert len(briefing.bullets) == bullets


@pytest.mark.parametrize(
    ("length", "sentences"), [("short", (1, 1)), ("medium", (2, 3)), ("long", (3, 5))]
)
def test_summary_length_picks_whole_sentences(
    length: str, sentences: tuple[int, int], sample_article_text: str
) -> None:
    briefing = ENGINE.brief(ArticleInput(text=sample_article_text, summary_length=length))
    offsets = briefing.details["summary_offsets"]
    assert isinstance(offsets, list)
    assert sentences[0] <= len(offsets) <= sentences[1]
    for start, end in offsets:  # each picked sentence whole, as in the source
        assert sample_article_text[start:end] in briefing.summary
    assert split_sentences(briefing.summary)[-1].text.endswith((".", "”", '"', "!", "?"))
