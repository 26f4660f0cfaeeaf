"""Quotation spans, and extracts that keep a quotation whole with its speaker."""

from __future__ import annotations

import pytest

from workers.engines.base import ArticleInput
from workers.engines.boilerplate import prose_sentences
from workers.engines.extractive import ExtractiveEngine, quotation_units
from workers.engines.quotations import Quotations, quotation_spans


def _quoted(text: str) -> list[str]:
    return [text[start:end] for start, end in quotation_spans(text)]


def test_a_quotation_of_several_sentences_is_one_span() -> None:
    text = 'He spoke. "We will win. We are strong. We fight," he said.'
    assert _quoted(text) == ['"We will win. We are strong. We fight,"']


def test_a_quotation_over_paragraphs_is_one_span() -> None:
    # News style: each paragraph of the quotation opens with a mark, only the last closes.
    text = 'She said:\n\n"First part of it.\n\n"Second part," she said. More.'
    assert _quoted(text) == ['"First part of it.\n\n"Second part,"']


def test_a_quotation_whose_paragraph_break_was_lost_is_one_span() -> None:
    text = 'He said: "We did our best. "We will do better next time." Fans cheered.'
    assert _quoted(text) == ['"We did our best. "We will do better next time."']


def test_a_stray_mark_does_not_open_a_quotation_to_the_end() -> None:
    text = 'It fits a 6" pipe.\nHe said "yes" and left.'
    assert _quoted(text) == ['"yes"']
    curly = "“A stray opening.\nThen “a quotation” follows."
    assert _quoted(curly) == ["“a quotation”"]


@pytest.mark.parametrize(
    ("extract", "whole"),
    [
        ('"We will win. We are strong. We fight," he said.', True),
        ("We are strong.", False),  # the middle of the quotation: it has no mark at all
        ('"We will win.', False),
        ("He spoke.", True),
    ],
)
def test_reads_whole(extract: str, whole: bool) -> None:
    text = 'He spoke. "We will win. We are strong. We fight," he said.'
    quotations = Quotations.of(text)
    assert quotations.reads_whole(extract, text.index(extract)) is whole


def test_a_quotation_alone_does_not_read_whole() -> None:
    text = 'The minister spoke. "We will win this vote." The vote is next week.'
    extract = '"We will win this vote."'
    assert not Quotations.of(text).reads_whole(extract, text.index(extract))


def test_the_sentences_of_a_quotation_over_paragraphs_become_one_extract() -> None:
    text = (
        "The minister spoke to reporters in London on Monday about the vote.\n\n"
        'He said: "We will win this vote and we will win it well.\n\n'
        '"Nobody should doubt it," he added after the meeting.\n\n'
        "The vote is due next week in parliament, officials said."
    )
    texts = [u.sentence.text for u in quotation_units(text, prose_sentences(text))]
    assert any(t.startswith("He said:") and t.endswith("after the meeting.") for t in texts)


def test_no_bullet_is_a_piece_of_a_long_quotation() -> None:
    # Five sentences of quotation, too long to join into one bullet: none of its
    # sentences may stand alone as a bullet, though the middle ones carry no mark.
    quote = " ".join(
        f"Sentence number {n} of what the minister told the committee on Monday was long."
        for n in range(1, 6)
    )
    text = (
        "The minister appeared before the budget committee on Monday afternoon.\n\n"
        f'She said: "{quote}"\n\n'
        "The committee will publish its report on the budget in the spring.\n\n"
        "Opposition members said the figures did not add up at all."
    )
    [briefing] = ExtractiveEngine().summarize([ArticleInput(text, bullets=5)])
    assert briefing.bullets
    assert not any("Sentence number" in bullet for bullet in briefing.bullets)
