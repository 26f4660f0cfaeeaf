"""Faithfulness checks, and the extractive engine passing them on every dev article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workers.engines.base import ArticleInput, Briefing
from workers.engines.boilerplate import prose_sentences
from workers.engines.checks import quotes_balanced, unsourced_numbers
from workers.engines.extractive import ExtractiveEngine, quotation_units
from workers.engines.headline import lead_clause, make_headline, parse_text, reads_as_headline
from workers.engines.quotations import Quotations

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
_DANGLING_ENDS = frozenset(
    [
        "a", "an", "the", "of", "to", "for", "in", "on", "at", "by", "with", "and", "or",
        "its", "his", "her", "their", "from", "as", "than", "that",
    ]
)  # fmt: skip
DEV_FILES = {"bbc_dev.jsonl": "article", "cnndm_dev.jsonl": "article", "xsum_dev.jsonl": "document"}


def test_a_cut_number_is_not_in_the_source() -> None:
    source = "ABN Amro is to cut 2,850 jobs, or 12,800 in all, by 6.2% next year."
    assert unsourced_numbers("ABN Amro to cut 2", source) == ["2"]
    assert unsourced_numbers("ABN Amro to cut 2,850 jobs", source) == []
    assert unsourced_numbers("Costs up 6.2%", source) == []
    assert unsourced_numbers("Costs up 6", source) == ["6"]


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ('"We will win," he said.', True),
        ("“We will win,” he said.", True),
        ('"We will win.', False),
        ('We are strong," he said.', False),
        ("“Open and never closed.", False),
        ("Closed” before it opened “", False),
        ("No quotation at all, it's fine.", True),
    ],
)
def test_quotation_marks_balance(text: str, balanced: bool) -> None:
    assert quotes_balanced(text) is balanced


def test_a_quotation_over_two_sentences_becomes_one_extract() -> None:
    text = (
        "The minister spoke to reporters in London on Monday.\n\n"
        '"We will win this vote. We are strong," he said after the meeting. '
        "The vote is due next week in parliament."
    )
    units = quotation_units(text, prose_sentences(text))
    texts = [u.sentence.text for u in units]
    assert '"We will win this vote. We are strong," he said after the meeting.' in texts
    assert all(text[u.sentence.start : u.sentence.end] == u.sentence.text for u in units)


def test_a_quotation_without_its_speaker_is_left_out() -> None:
    text = (
        "The minister spoke to reporters in London on Monday about the vote.\n\n"
        '"We will win this vote and we will win it well."\n\n'
        "The vote is due next week in parliament, officials said."
    )
    [briefing] = ExtractiveEngine().summarize([ArticleInput(text, bullets=3)])
    assert len(briefing.bullets) == 2
    assert all(not b.startswith('"') for b in briefing.bullets)


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("ABN Amro is to cut 2,850 jobs, the Dutch bank said on Monday.", "2,850"),
        ("Danish shipping giant Maersk will cut 12,800 jobs, which is a lot, in 2005.", "12,800"),
    ],
)
def test_headlines_keep_numbers_whole(sentence: str, number: str) -> None:
    headline = make_headline(sentence)
    assert number in headline
    assert unsourced_numbers(headline, sentence) == []


def test_perfect_tense_becomes_headline_tense() -> None:
    assert make_headline("Shares in UK Coal have fallen sharply after the firm's losses.") == (
        "Shares in UK Coal fall sharply"
    )
    assert make_headline("The number of people out of work has risen for a second month.") == (
        "Number of people out of work rises for second month"
    )


def _particle(engine: ExtractiveEngine, article: str, briefing: Briefing, word: str) -> bool:
    """Whether ``word`` is a verb's particle in the parse of the headline's source."""
    assert engine.parser is not None
    offsets = briefing.details["headline_source"]
    assert isinstance(offsets, list)
    start, end = offsets
    doc = engine.parser(parse_text(article[start:end]))
    return any(token.text == word and token.dep_ == "prt" for token in doc)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DEV_FILES))
def test_no_unsourced_number_or_unbalanced_quotation_on_dev_files(name: str) -> None:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} not found (shared data not mounted)")
    engine = ExtractiveEngine()
    field = DEV_FILES[name]
    failures: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            article = json.loads(line)[field]
            [briefing] = engine.summarize([ArticleInput(article, bullets=5)])
            for text in [briefing.headline, briefing.summary, *briefing.bullets]:
                if unsourced_numbers(text, article) or not quotes_balanced(text):
                    failures.append(text)
            # A headline never ends on an article, a preposition or a possessive; a verb's
            # particle is no preposition ("may have to step in").
            last = briefing.headline.split()[-1]
            if last.lower() in _DANGLING_ENDS and not _particle(engine, article, briefing, last):
                failures.append(briefing.headline)
            # Every bullet and summary sentence holds a quotation whole, with its speaker.
            quotations = Quotations.of(article)
            extracts = briefing.details["sentence_offsets"] + briefing.details["summary_offsets"]
            for start, end in extracts:  # type: ignore[misc]
                if not quotations.reads_whole(article[start:end], start):
                    failures.append(article[start:end])
    assert failures == []


@pytest.mark.parametrize(
    ("headline", "sentence", "whole"),
    [
        ("Iraq to invite bids", "Iraq is to invite bids for two licences.", True),
        ("UK house prices fell 0.7%", "UK house prices fell 0.7% in December.", True),
        # No verb at all.
        ("Merger of Gazprom, Rosneft", "The merger of Gazprom and Rosneft is off.", False),
        # A name's descriptor cut before its head noun.
        (
            "Close associate of former Yukos",
            "A close associate of former Yukos boss Mr K. has been jailed.",
            False,
        ),
        # A verb cut before its particle.
        (
            "Authorities do not have to abide",
            "Authorities do not have to abide by the ruling.",
            False,
        ),
    ],
)
def test_reads_as_headline(headline: str, sentence: str, whole: bool) -> None:
    assert reads_as_headline(headline, sentence) is whole


def test_lead_clause_is_the_opening_clause_or_nothing() -> None:
    assert lead_clause("The bank held rates at 5%, citing inflation.") == "Bank held rates at 5%"
    assert lead_clause("Talks on the plan, which began in 2001, ended.") == "Talks on the plan"
    long = "One two three four five six seven eight nine ten eleven twelve thirteen, then."
    assert lead_clause(long) == ""


def test_a_date_before_a_possessive_is_not_cut() -> None:
    headline = make_headline(
        "Simon Taylor is named in the squad for this weekend's Six Nations clash."
    )
    assert "for's" not in headline
    assert "Simon Taylor" in headline


def test_said_or_added_without_a_comma_is_the_sentence_verb() -> None:
    headline = make_headline(
        "World number one Roger Federer added the Dubai trophy to his long list of titles."
    )
    assert "added" in headline and "trophy" in headline
    attributed = make_headline("Prices will rise again next year in most regions, analysts said.")
    assert "said" not in attributed and "analysts" not in attributed


def test_a_phrase_that_completes_its_verb_is_not_cut() -> None:
    headline = make_headline(
        "A TV station in the US has refused to show a controversial new series where "
        "adopted children try and pick their birth father - and win a cash prize."
    )
    assert "refused to show" in headline


def test_a_clause_ending_on_the_object_it_keeps_it() -> None:
    # "Critics are loving" has lost what they love; "because it" opens a cut clause.
    assert lead_clause("Critics are loving it, and so are fans.") == "Critics are loving it"
    assert not lead_clause("The club stayed because it, in the end, paid.").endswith(" it")


def test_a_perfect_after_a_modal_keeps_its_have() -> None:
    # "could sold", put in headline tense "could sells": a modal takes no finite verb.
    headline = make_headline("The council could have closed the library in the spring.")
    assert "could have closed" in headline
    assert "could closed" not in headline and "could closes" not in headline
