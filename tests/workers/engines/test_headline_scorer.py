"""Choosing the headline among a sentence's compressions by a learned word model."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from spacy.language import Language

from service.config import Settings
from workers.engines.checks import unsourced_numbers
from workers.engines.compress import compress, compressions
from workers.engines.extractive_scoring import content_terms
from workers.engines.headline import checked_headline
from workers.engines.headline_scorer import (
    FEATURES,
    ArticleContext,
    HeadlineScorer,
    best_headline,
    candidates,
    load_scorer,
)
from workers.engines.parsing import load_parser
from workers.engines.wellformed import well_formed

SENTENCE = (
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the three "
    "months to December."
)


@pytest.fixture(scope="module")
def parser() -> Language:
    return load_parser(Settings().headline_parser)


def _context(text: str) -> ArticleContext:
    terms = content_terms(text)
    return ArticleContext.of(Counter(terms), terms)


def test_shipped_weights_match_the_features() -> None:
    scorer = load_scorer()
    assert scorer.weights.shape == (len(FEATURES),)
    assert 3 < scorer.title_words < 10  # BBC titles are about five ROUGE tokens


def test_expected_f1_trades_length_against_likely_words() -> None:
    scorer = HeadlineScorer(np.zeros(len(FEATURES)), 0.0, title_words=5.0)
    likely = np.full(4, 0.6)
    # A word helps if its chance is above half the F1 it joins: a likely one does...
    assert scorer.expected_f1(np.append(likely, 0.5)) > scorer.expected_f1(likely)
    # ...an unlikely one does not.
    assert scorer.expected_f1(np.append(likely, 0.02)) < scorer.expected_f1(likely)


def test_pruned_variants_only_leave_words_out(parser: Language) -> None:
    doc = parser(SENTENCE)
    found = compressions(doc, 12, (11, 13), Counter(content_terms(SENTENCE)), prune=True)
    full = compressions(doc, 12, (11, 13), Counter(content_terms(SENTENCE)))
    assert len(found) > len(full)  # pruning offers shorter ones
    for candidate in found:
        # Each is an unpruned compression with words left out, in the source's order.
        assert list(candidate.tokens) == sorted(candidate.tokens)
        assert any(set(candidate.tokens) <= set(whole.tokens) for whole in full)
        assert len(candidate.text.split()) >= 3
        assert not unsourced_numbers(candidate.text, SENTENCE)


def test_unpruned_first_choice_is_the_plain_compression(parser: Language) -> None:
    doc = parser(SENTENCE)
    salience = Counter(content_terms(SENTENCE))
    assert compressions(doc, 12, (11,), salience, both_clauses=False)[0].text == compress(
        doc, salience=salience
    )


def test_meaning_modifiers_are_never_pruned(parser: Language) -> None:
    sentence = "The former chief executive of the oil company will face a new trial in Paris."
    doc = parser(sentence)
    found = compressions(doc, 12, (11, 13), Counter(content_terms(sentence)), prune=True)
    assert found
    for candidate in found:
        words = candidate.text.lower().split()
        if "executive" in words:
            assert "former" in words


def test_the_choice_is_one_of_the_candidates(parser: Language) -> None:
    doc = parser(SENTENCE)
    found = candidates(doc, SENTENCE, 12, Counter(content_terms(SENTENCE)))
    chosen = best_headline(doc, found, _context(SENTENCE), 0)
    assert chosen in {c.text for c in found}
    assert best_headline(doc, [], _context(SENTENCE), 0) is None


def test_likely_words_make_the_longer_choice(parser: Language) -> None:
    doc = parser(SENTENCE)
    found = candidates(doc, SENTENCE, 12, Counter(content_terms(SENTENCE)))
    assert len(found) >= 2
    likely = HeadlineScorer(np.zeros(len(FEATURES)), 6.0, title_words=5.0)
    chosen = best_headline(doc, found, _context(SENTENCE), 0, likely)
    assert chosen == max((c.text for c in found), key=lambda text: len(text.split()))


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # an ordinal grown into the object says which one
        (
            "Unseeded Nicolas Almagro became the fifth Spaniard to reach the last eight.",
            "fifth Spaniard",
        ),
        # a hyphenated word is one word: never cut to "movie"
        (
            "A film body has released a new tool to clamp down on movie file-sharing.",
            "file-sharing",
        ),
        # the object's modifiers are the news
        ("Gordon Brown will freeze petrol duty increases in the budget.", "petrol duty"),
    ],
)
def test_pruning_keeps_what_changes_the_meaning(parser: Language, sentence: str, kept: str) -> None:
    doc = parser(sentence)
    found = compressions(doc, 12, (11, 13), Counter(content_terms(sentence)), prune=True)
    assert found
    for candidate in found:
        head = kept.split()[-1]
        if head in candidate.text:
            assert kept in candidate.text


def test_whether_stays_with_its_clause(parser: Language) -> None:
    sentence = "US regulators will decide whether to block the sale of the painkillers."
    found = compressions(parser(sentence), 12, (11, 13), Counter(content_terms(sentence)))
    assert found and all("whether to block" in c.text for c in found)


def test_without_a_compression_the_checked_rule_headline_leads(parser: Language) -> None:
    # A subject listing three: its commas are not words a compression keeps, so there is
    # nothing to score, and the rules' headline is taken where the parse finds it whole.
    sentence = "Paris, Rome and Berlin have signed a new treaty on migration."
    doc = parser(sentence)
    assert not compressions(doc, 12, (11, 13), Counter(), prune=True)
    assert candidates(doc, sentence, 12, Counter()) == []
    headline = checked_headline(parser, sentence, 12, Counter())
    assert headline is not None and well_formed(headline, doc)


def test_a_verb_never_ends_a_headline_for_want_of_its_phrase(parser: Language) -> None:
    sentence = "DJ duo JK and Joel are taking over BBC Radio 1's chart show, the station said."
    found = [c.text for c in candidates(parser(sentence), sentence, 12, Counter())]
    assert found and not any(text.endswith("taking") for text in found)


def test_a_verb_left_in_the_perfect_is_no_headline(parser: Language) -> None:
    # The parser reads "said" after "has" as a past tense: headline tense cannot rewrite it.
    sentence = (
        "Tony Blair has said voters will have to wait for Labour's manifesto to see if "
        "the party has plans to increase tax."
    )
    found = compressions(parser(sentence), 12, (11, 13), Counter(), prune=True)
    assert found and not any("has said" in c.text for c in found)
