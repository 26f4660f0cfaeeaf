"""How much two sentences say the same thing, for MMR's redundancy penalty.

Word overlap (TF-IDF cosine) misses a point restated in other words: "Maersk will cut
12,800 jobs" and "The Danish firm is to shed 12,800 posts" share one content word. What
they share is the fact: the same figure, the same names. The redundancy of two sentences
is the larger of their word similarity and the overlap of their facts (the numbers as
written and the capitalized names, Jaccard), so either kind of repetition is seen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from workers.engines.extractive_scoring import stem

# A number as written (not an ordinal such as "30th"), or a capitalized word that
# does not open its sentence.
_FACT = re.compile(r"(?<!\d)\d+(?:[.,]\d+)*(?!\w)|(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]*[a-z][\w’'-]*")
MIN_SHARED_FACTS = 2
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NOT_NAMES = frozenset(
    [
        "I",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "He",
        "She",
        "It",
        "They",
        "We",
        "You",
        "The",
        "A",
        "An",
        "But",
        "And",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


def facts(text: str) -> frozenset[str]:
    """The figures and names ``text`` states."""
    found = set()
    for match in _FACT.finditer(text):
        token = match.group()
        if token[0].isdigit():
            found.add(token)
        elif token not in _NOT_NAMES:
            found.add(stem(token.lower()))
    return frozenset(found)


def fact_overlap(sentence_facts: Sequence[frozenset[str]]) -> np.ndarray:
    """Jaccard overlap of every two sentences' facts; 0 where they share fewer than
    ``MIN_SHARED_FACTS``."""
    n = len(sentence_facts)
    overlap = np.zeros((n, n))
    for i in range(n):
        if not sentence_facts[i]:
            continue
        for j in range(i + 1, n):
            common = sentence_facts[i] & sentence_facts[j]
            # Shared names are the story's subject; a shared figure is a repeated fact.
            if len(common) >= MIN_SHARED_FACTS and any(_is_figure(f) for f in common):
                shared = len(common)
                value = shared / len(sentence_facts[i] | sentence_facts[j])
                overlap[i, j] = overlap[j, i] = value
    np.fill_diagonal(overlap, 1.0)
    return overlap


def _is_figure(fact: str) -> bool:
    """A number that is not a year: years are shared by every sentence of a story."""
    return fact[0].isdigit() and not _YEAR.fullmatch(fact)


def redundancy(similarity: np.ndarray, texts: Sequence[str], facts_weight: float) -> np.ndarray:
    """Word similarity, raised to the fact overlap (scaled by ``facts_weight``) where
    that is larger."""
    if facts_weight <= 0 or len(texts) < 2:
        return similarity
    # Only a shared figure makes facts overlap: a sentence without a digit has none.
    sentence_facts = [facts(t) if _DIGIT.search(t) else frozenset() for t in texts]
    return np.maximum(similarity, facts_weight * fact_overlap(sentence_facts))
