"""Redundancy that sees a restated fact, not only shared words."""

from __future__ import annotations

import numpy as np

from workers.engines.base import ArticleInput
from workers.engines.extractive import ExtractiveEngine
from workers.engines.extractive_scoring import ScoringWeights
from workers.engines.redundancy import fact_overlap, facts, redundancy

RESTATED = (
    "Danish shipping giant Maersk will cut 12,800 jobs over the next three years.",
    "The cuts at Maersk mean that 12,800 posts are to go across its operations.",
)


def test_facts_are_figures_as_written_and_names() -> None:
    found = facts("Shipping giant Maersk will cut 12,800 jobs, chief Nils Andersen said.")
    # The sentence's first word is capitalized anyway: no evidence of a name.
    assert found == {"12,800", "maersk", "nils", "andersen"}
    assert facts("The 30th ceremony is in 2015.") == frozenset({"2015"})


def test_a_restated_fact_is_redundant_though_the_words_differ() -> None:
    overlap = fact_overlap([facts(t) for t in RESTATED])
    assert overlap[0, 1] == 1.0
    words_only = np.array([[1.0, 0.1], [0.1, 1.0]])
    assert redundancy(words_only, RESTATED, 1.0)[0, 1] == 1.0
    assert redundancy(words_only, RESTATED, 0.0)[0, 1] == 0.1


def test_bullets_do_not_restate_a_fact_in_other_words() -> None:
    text = "\n\n".join(
        [
            RESTATED[0],
            RESTATED[1],
            "Unions in Denmark said they would fight the plan in the courts this spring.",
            "The company's shares rose in Copenhagen trading after the announcement.",
        ]
    )
    article = ArticleInput(text, bullets=2)
    with_facts = ExtractiveEngine().brief(article).bullets
    words_only = ExtractiveEngine(ScoringWeights(facts=0.0)).brief(article)
    assert not all(t in with_facts for t in RESTATED)
    assert with_facts[0] == RESTATED[0]
    # Words alone do not see it: the restatement is the second bullet.
    assert words_only.bullets == list(RESTATED)
