"""Cleaning generated text: artifacts, cut-off endings, repeats, headlines."""

from __future__ import annotations

import pytest

from workers.engines.cleaning import (
    clean_headline,
    clean_passage,
    drop_cut_off,
    end_sentence,
    headline_from_summary,
    normalize,
    shorten,
    unique,
)


def test_pegasus_line_markers_and_special_tokens_are_removed() -> None:
    raw = "Rates were held.<n>Markets rose slightly .<n> </s><pad>"

    assert normalize(raw) == "Rates were held. Markets rose slightly."


def test_whitespace_is_normalized_and_echoed_labels_dropped() -> None:
    assert normalize("  Summary:  The  bank\n held rates ( again ) .  ") == (
        "The bank held rates (again)."
    )


def test_cut_off_last_sentence_is_dropped_when_generation_hit_the_limit() -> None:
    text = "The bank held rates. Inflation is slowing. Economists had widely expected the"

    assert clean_passage(text, truncated=True) == "The bank held rates. Inflation is slowing."


def test_unterminated_sentence_is_kept_when_the_model_stopped_by_itself() -> None:
    assert clean_passage("The bank held rates", truncated=False) == "The bank held rates."


def test_a_lone_cut_off_sentence_is_kept_without_dangling_words() -> None:
    assert drop_cut_off(["The bank held rates at"], truncated=True) == ["The bank held rates at"]
    assert clean_passage("The bank held rates at the", truncated=True) == "The bank held rates."


def test_repeated_sentences_are_removed_from_a_passage() -> None:
    text = "The bank held rates. The bank held rates. Markets rose."

    assert clean_passage(text, truncated=False) == "The bank held rates. Markets rose."


def test_duplicate_bullets_are_removed_keeping_order_and_the_fuller_one() -> None:
    bullets = [
        "The bank held rates.",
        "Markets rose slightly.",
        "the bank held rates",
        "Rates, the bank held.",
        "",
        "Markets rose slightly after the announcement on Thursday.",
        "Mortgage rates remain high.",
    ]

    assert unique(bullets) == [
        "The bank held rates.",
        "Markets rose slightly after the announcement on Thursday.",
        "Mortgage rates remain high.",
    ]


def test_end_sentence_adds_a_full_stop_only_when_missing() -> None:
    assert end_sentence("Rates held") == "Rates held."
    assert end_sentence("Rates held?") == "Rates held?"
    assert end_sentence('He said "no."') == 'He said "no."'
    assert end_sentence("Rates held,") == "Rates held."


def test_generated_headline_is_one_line_without_label_quotes_or_full_stop() -> None:
    raw = 'Title: "Central bank holds rates." It said more.'

    assert clean_headline(raw, max_words=12) == "Central bank holds rates"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bank holds rates steady", "Bank holds rates steady"),
        (
            "The central bank kept interest rates unchanged on Thursday, citing signs that"
            " inflation is slowing",
            "The central bank kept interest rates unchanged on Thursday",
        ),
        (
            "Officials said the new routes would begin running in the spring",
            "Officials said the new routes would begin running",
        ),
    ],
)
def test_shorten_prefers_clause_ends_and_drops_dangling_words(text: str, expected: str) -> None:
    assert shorten(text, max_words=9) == expected


def test_headline_from_summary_uses_the_first_sentence() -> None:
    summary = "Flooding forced hundreds of families from their homes. More storms are expected."

    assert headline_from_summary(summary, max_words=12) == (
        "Flooding forced hundreds of families from their homes"
    )
