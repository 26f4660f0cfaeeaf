"""Sentence scores: forward centrality and the figure bonus."""

from __future__ import annotations

import numpy as np

from workers.engines.extractive_scoring import (
    ScoringWeights,
    content_terms,
    forward_centrality,
    score_sentences,
    tfidf_matrix,
)


def test_forward_centrality_counts_only_the_sentences_after() -> None:
    similarity = np.array([[1.0, 0.5, 0.5], [0.5, 1.0, 0.0], [0.5, 0.0, 1.0]])
    # The first is echoed by both later ones; the last has nothing after it.
    assert forward_centrality(similarity).tolist() == [1.0, 0.0, 0.0]


def _scores(texts: list[str], weights: ScoringWeights, figures: list[bool]) -> np.ndarray:
    terms = [content_terms(t) for t in texts]
    vectors = tfidf_matrix(terms)
    return score_sentences(
        terms,
        [len(t.split()) for t in texts],
        [0] * len(texts),
        [],
        vectors @ vectors.T,
        weights,
        figures,
    )


def test_a_sentence_that_later_ones_elaborate_outranks_one_that_repeats_earlier_ones() -> None:
    texts = [
        "The weather was mild across the region for most of the week.",
        "The council approved a new budget for the city library on Monday.",
        "The library budget pays for longer opening hours at the city library.",
        "Under the budget the library will also buy new books for children.",
    ]
    # Sentences 1 and 2 share the library-budget terms; only sentence 1 has them after it.
    plain = ScoringWeights(lead_centrality=0.0, position=0.0, figures=0.0)
    lead = ScoringWeights(lead_centrality=1.4, position=0.0, figures=0.0)
    gap_plain = _scores(texts, plain, [False] * 4)
    gap_lead = _scores(texts, lead, [False] * 4)
    assert gap_lead[1] - gap_lead[2] > gap_plain[1] - gap_plain[2]


def test_a_sentence_stating_a_figure_gets_the_bonus() -> None:
    texts = [
        "Shares in the bank rose sharply on Monday after the results came out.",
        "Shares in the bank rose sharply on Monday after the results came out.",
    ]
    weights = ScoringWeights(figures=0.3, position=0.0, lead_centrality=0.0)
    scores = _scores(texts, weights, [False, True])
    assert np.isclose(scores[1], scores[0] * 1.3)
