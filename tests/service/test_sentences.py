"""The sentence splitter: boundaries English writers expect, offsets into the source."""

from __future__ import annotations

import pytest

from service.text.sentences import split_blocks, split_sentences


def texts(source: str) -> list[str]:
    return [s.text for s in split_sentences(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Mr. Smith met Dr. Jones in Washington. They talked.",
            ["Mr. Smith met Dr. Jones in Washington.", "They talked."],
        ),
        (
            "The U.S. economy grew. The U.K. did not.",
            ["The U.S. economy grew.", "The U.K. did not."],
        ),
        ("Talks moved to the U.S. The deal held.", ["Talks moved to the U.S.", "The deal held."]),
        ("U.S. President Joe Biden spoke.", ["U.S. President Joe Biden spoke."]),
        (
            "Output rose 3.5% to $1.13bn. Shares fell.",
            ["Output rose 3.5% to $1.13bn.", "Shares fell."],
        ),
        (
            "John F. Kennedy spoke at 5 p.m. on Friday.",
            ["John F. Kennedy spoke at 5 p.m. on Friday."],
        ),
        (
            "Acme Inc. said profits rose. Acme Inc. The end.",
            ["Acme Inc. said profits rose.", "Acme Inc.", "The end."],
        ),
    ],
)
def test_abbreviations_initials_and_decimals(source: str, expected: list[str]) -> None:
    assert texts(source) == expected


def test_quotes_close_the_sentence_they_end() -> None:
    source = 'He said, "It is over." Then he left. "Is it?" she asked.'
    assert texts(source) == ['He said, "It is over."', "Then he left.", '"Is it?" she asked.']


def test_curly_quotes() -> None:
    source = "Rutte said, “We are aligned.” No one objected."
    assert texts(source) == ["Rutte said, “We are aligned.”", "No one objected."]


def test_ellipses_split_only_before_a_new_sentence() -> None:
    source = "He waited... for hours. Then it came… Nobody cheered."
    assert texts(source) == ["He waited... for hours.", "Then it came…", "Nobody cheered."]


def test_lines_are_boundaries_and_list_markers_stay_out() -> None:
    source = "Key points:\n- Prices rose sharply\n- Wages did not\n1. A third item here"
    assert texts(source) == [
        "Key points:",
        "Prices rose sharply",
        "Wages did not",
        "A third item here",
    ]


def test_hard_wrapped_prose_is_joined() -> None:
    source = "The minister said the plan\nwould go ahead next year. It did."
    assert texts(source) == ["The minister said the plan\nwould go ahead next year.", "It did."]


def test_offsets_are_source_slices() -> None:
    source = '  Mr. A went.\n\n"Yes!" he said...  Then U.S. forces left.\n- item one here\nEnd'
    sentences = split_sentences(source)
    assert len(sentences) == 5
    for sentence in sentences:
        assert source[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_blocks_number_paragraphs() -> None:
    source = "Heading\n\nFirst para. Still first.\nSecond line.\n\nLast para."
    blocks = split_blocks(source)
    assert [(b.text, b.paragraph) for b in blocks] == [
        ("Heading", 0),
        ("First para. Still first.", 1),
        ("Second line.", 1),
        ("Last para.", 2),
    ]


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("  \n\n ") == []
