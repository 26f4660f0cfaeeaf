"""Output bounds: cuts end at a sensible boundary, keep numbers whole, return a prefix."""

from __future__ import annotations

import pytest

from workers.engines.bounds import (
    BULLET_MAX_CHARS,
    HEADLINE_MAX_CHARS,
    HEADLINE_MAX_WORDS,
    bound_bullet,
    bound_headline,
    cut,
)


def test_text_that_fits_is_left_alone() -> None:
    assert cut("Markets rose, then fell.", 24) == "Markets rose, then fell."


def test_prefers_a_clause_break_in_the_back_half() -> None:
    text = "The bank held rates at 5%, citing sticky inflation in services and wages"
    assert cut(text, 50) == "The bank held rates at 5%"


def test_falls_back_to_the_last_space() -> None:
    assert cut("one two three four five six", 15) == "one two three"


def test_never_splits_a_number() -> None:
    text = "x" * 90 + "12,800,000 more"
    result = cut(text, 95)
    assert result == "x" * 90
    assert cut("abc 1.25", 7) == "abc"


def test_a_long_digit_run_is_cut_hard() -> None:
    assert cut("7" * 1000, 100) == "7" * 100


def test_text_without_spaces_is_cut_at_cjk_punctuation() -> None:
    text = "这是第一句，" + "中" * 60 + "、" + "文" * 200
    result = cut(text, 100)
    assert result == text[: text.index("、")]
    assert text.startswith(result)


@pytest.mark.parametrize(
    "text",
    [
        "word " * 50,
        "a" * 5000,
        "数字" * 500,
        "Some 1,234,567 items " * 20,
    ],
)
def test_bounds_hold_and_return_a_prefix(text: str) -> None:
    headline = bound_headline(text)
    assert len(headline.split()) <= HEADLINE_MAX_WORDS
    assert len(headline) <= HEADLINE_MAX_CHARS
    bullet = bound_bullet(text)
    assert len(bullet) <= BULLET_MAX_CHARS
    assert text.startswith(bullet)
