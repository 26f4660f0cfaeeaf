"""Choose a headline among compressions by how many of a real title's words each holds.

A small logistic model gives each word of a parsed source sentence the chance that an
editor's title uses it, from what any article has (its part of speech and dependency
label, how often the article repeats it, whether it is a name or a number, where it
stands), never from the word itself. A candidate's expected ROUGE-1 F1 against the
unseen title is then ``2 * sum(p) / (words + expected title words)``: the score that
trades a longer headline's extra hits against its extra length.

The weights are data (``headline_scorer.json``), refitted from the BBC dev file by
``benchmarks/fit_headline_scorer.py``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from workers.engines.compress import TARGET_WORDS, Compression, compressions
from workers.engines.extractive_scoring import content_terms
from workers.engines.headline import fit_to_lead

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WEIGHTS_FILE = Path(__file__).with_name("headline_scorer.json")
TARGETS = (TARGET_WORDS, TARGET_WORDS + 2)
"""Growth targets of the compressions tried; pruning (see compress) makes shorter ones."""

_TAGS = ("NNP", "NN", "NNS", "VB", "JJ", "CD", "RB", "IN", "DT", "PRP$", "MD", "TO")
_DEPS = (
    "ROOT", "nsubj", "dobj", "pobj", "compound", "amod", "nummod", "poss", "prep", "aux",
    "det", "conj", "appos", "ccomp", "xcomp", "npadvmod", "prt", "acomp", "attr", "case"
)  # fmt: skip
FEATURES: tuple[str, ...] = (
    *(f"tag={tag}" for tag in _TAGS),
    *(f"dep={dep}" for dep in _DEPS),
    "stopword",
    "log_count",
    "count_ratio",
    "in_opening",
    "capitalized",
    "numeric",
    "position",
    "depth",
    "sentence_index",
)


@dataclass(frozen=True)
class ArticleContext:
    """What the features read of the article beyond the sentence: term counts."""

    counts: Mapping[str, int]
    opening: frozenset[str]
    top_count: int

    @classmethod
    def of(cls, counts: Mapping[str, int], opening: Sequence[str]) -> ArticleContext:
        """``counts``: content terms over the article; ``opening``: the first sentence's."""
        return cls(counts, frozenset(opening), max(counts.values(), default=1) or 1)


def token_features(token: Token, context: ArticleContext, sentence_index: int) -> list[float]:
    """The word's features, in :data:`FEATURES` order."""
    tag = token.tag_
    group = "VB" if tag.startswith("VB") else "NNP" if tag == "NNPS" else tag
    dep = {"nsubjpass": "nsubj", "auxpass": "aux", "dative": "dobj", "oprd": "attr"}.get(
        token.dep_, token.dep_
    )
    terms = content_terms(token.text)
    count = max((context.counts.get(term, 0) for term in terms), default=0)
    depth = 0
    node = token
    while node.head.i != node.i and depth < 8:
        node = node.head
        depth += 1
    return [
        *(1.0 if group == t else 0.0 for t in _TAGS),
        *(1.0 if dep == d else 0.0 for d in _DEPS),
        0.0 if terms else 1.0,
        math.log1p(count),
        count / context.top_count,
        1.0 if any(term in context.opening for term in terms) else 0.0,
        1.0 if token.text[:1].isupper() and token.i > 0 else 0.0,
        1.0 if any(ch.isdigit() for ch in token.text) else 0.0,
        token.i / max(len(token.doc), 1),
        depth / 8,
        math.log1p(sentence_index),
    ]


@dataclass(frozen=True)
class HeadlineScorer:
    """Logistic word weights and the expected length of a title, in ROUGE tokens."""

    weights: np.ndarray
    bias: float
    title_words: float

    def word_chances(
        self, doc: Doc, tokens: Sequence[int], context: ArticleContext, sentence_index: int
    ) -> np.ndarray:
        """Each token's chance that the title holds its word."""
        if not tokens:
            return np.zeros(0)
        rows = np.array([token_features(doc[i], context, sentence_index) for i in tokens])
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights + self.bias)))

    def expected_f1(self, chances: np.ndarray) -> float:
        """Expected ROUGE-1 F1 of a headline whose words have these chances."""
        return 2.0 * float(chances.sum()) / (len(chances) + self.title_words)


@lru_cache(maxsize=1)
def load_scorer(path: Path = WEIGHTS_FILE) -> HeadlineScorer:
    """The shipped weights; a feature list that no longer matches is an error."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was fitted on other features: refit it")
    weights = np.array([data["weights"][name] for name in FEATURES], dtype=float)
    return HeadlineScorer(weights, float(data["bias"]), float(data["title_words"]))


def candidates(
    doc: Doc, sentence: str, max_words: int, salience: Mapping[str, int] | None
) -> list[Compression]:
    """The sentence's headlines to choose from, each fit to lead and saying only what
    ``sentence`` says (no number it does not hold as written, no quotation left open):
    its well-formed compressions by the parse. Without one, the engine falls back to
    :func:`workers.engines.headline.checked_headline`, which checks the rule
    compressions on the parse; scored here beside compressions they changed dev ROUGE-1
    by +0.09 (split +0.19 / -0.09), noise, for 0.7 ms an article."""
    found = compressions(doc, max_words, TARGETS, salience, prune=True)
    return [candidate for candidate in found if fit_to_lead(candidate.text, sentence)]


def best_headline(
    doc: Doc,
    found: Sequence[Compression],
    context: ArticleContext,
    sentence_index: int,
    scorer: HeadlineScorer | None = None,
) -> str | None:
    """The candidate with the highest expected ROUGE-1 F1 against the title (the first
    of equals), or ``None`` if there is none."""
    if not found:
        return None
    scorer = scorer or load_scorer()
    tokens = sorted({index for candidate in found for index in candidate.tokens})
    chances = dict(
        zip(tokens, scorer.word_chances(doc, tokens, context, sentence_index), strict=True)
    )
    scores = [
        scorer.expected_f1(np.array([chances[i] for i in candidate.tokens])) for candidate in found
    ]
    return found[int(np.argmax(scores))].text
