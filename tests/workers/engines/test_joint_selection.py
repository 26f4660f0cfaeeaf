"""The summary and the bullets come from one ranking and do not repeat each other."""

from __future__ import annotations

import numpy as np

from workers.engines.base import ArticleInput
from workers.engines.extractive import ExtractiveEngine, summary_order


def test_the_summary_opens_with_the_best_point_and_goes_on_past_the_bullets() -> None:
    assert summary_order([5, 2, 7, 1, 3], 2) == [5, 7, 1, 3, 2]


def test_a_point_that_restates_a_bullet_comes_last_in_the_summary_order() -> None:
    repeats = np.zeros((8, 8))
    repeats[7, 2] = repeats[2, 7] = 0.9  # sentence 7 says what bullet 2 says
    assert summary_order([5, 2, 7, 1, 3], 2, repeats) == [5, 1, 3, 2, 7]


def test_a_point_far_below_the_best_does_not_displace_a_bullet_in_the_summary() -> None:
    scores = np.array([0.0, 0.2, 0.8, 0.1, 0.0, 1.0, 0.0, 0.6])
    # 7 scores 0.6 of the best (5) and joins; 1 and 3 are too weak, the bullets' 2 goes first.
    assert summary_order([5, 2, 7, 1, 3], 2, None, scores) == [5, 7, 2, 1, 3]


def test_an_article_too_short_for_both_repeats_only_what_it_must() -> None:
    assert summary_order([1, 0], 2) == [1, 0]
    assert summary_order([], 3) == []


def test_summary_and_bullets_share_at_most_the_lead_point(sample_article_text: str) -> None:
    briefing = ExtractiveEngine().brief(ArticleInput(sample_article_text, bullets=3))
    shared = [b for b in briefing.bullets if b in briefing.summary]
    assert len(shared) <= 1
    assert len(briefing.details["summary_offsets"]) >= 2  # type: ignore[arg-type]
