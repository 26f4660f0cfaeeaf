"""Refit the headline scorer's word weights from the BBC dev file, and show they generalize.

For each article, the extractive engine's headline sentence is parsed; each of its words
is labelled by whether the real title holds it (ROUGE-1's tokens, stemmed), and a
logistic regression (numpy, Newton steps, L2) learns the chance of that from the
features of :mod:`workers.engines.headline_scorer`. Reported: ROUGE-1 F1 against the
title of the chosen headlines, fitted on even rows and scored on odd rows and the
reverse, beside the first compression (the unscored choice) and the oracle over the
candidates. Run from the repository root:

    python benchmarks/fit_headline_scorer.py [--write]

``--write`` stores the weights fitted on every row in ``headline_scorer.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workers.engines.boilerplate import prose_sentences  # noqa: E402
from workers.engines.bounds import BULLET_MAX_CHARS, cut  # noqa: E402
from workers.engines.extractive import (  # noqa: E402
    ExtractiveEngine,
    _candidates,
    _headline,
    _readable,
    headline_source,
    quotation_units,
)
from workers.engines.extractive_scoring import content_terms  # noqa: E402
from workers.engines.headline import parse_sentence  # noqa: E402
from workers.engines.headline_scorer import (  # noqa: E402
    FEATURES,
    WEIGHTS_FILE,
    ArticleContext,
    HeadlineScorer,
    best_headline,
    candidates,
    token_features,
)
from workers.engines.quotations import Quotations  # noqa: E402
from workers.engines.word_layout import word_tokens  # noqa: E402

DATASET = REPO.parent / "shared" / "data" / "bbc_dev.jsonl"
L2 = 1.0
RANKED = 18  # as the engine ranks for 5 bullets and a medium summary: 2 * (5 + 3) + 2


@dataclass
class Row:
    title: str
    words: np.ndarray  # features of the headline sentence's words
    labels: np.ndarray  # whether the title holds each word
    choose: object  # scorer -> headline
    first: str  # the first compression (or the rule headline without one)
    options: list[str]
    title_words: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATASET)
    parser.add_argument("--write", action="store_true", help="store the full-file fit")
    args = parser.parse_args()
    from rouge_score import rouge_scorer

    rouge = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    rows = [_row(record, rouge) for record in _records(args.data)]

    def f1(title: str, headline: str) -> float:
        return 100 * rouge.score(title, headline)["rouge1"].fmeasure

    def mean(part: list[Row], pick: object) -> float:
        return float(np.mean([f1(r.title, pick(r)) for r in part]))  # type: ignore[operator]

    even, odd = rows[0::2], rows[1::2]
    print(f"{args.data.name}: {len(rows)} articles")
    print(f"{'':22}{'first compression':>20}{'scored':>10}{'oracle':>10}")
    for name, fit_on, test_on in (
        ("fit even, test odd", even, odd),
        ("fit odd, test even", odd, even),
        ("fit all, test all", rows, rows),
    ):
        scorer = fit(fit_on)
        oracle = float(
            np.mean([max(f1(r.title, o) for o in r.options or [r.first]) for r in test_on])
        )
        print(
            f"{name:22}{mean(test_on, lambda r: r.first):>20.2f}"
            f"{mean(test_on, lambda r, s=scorer: r.choose(s)):>10.2f}{oracle:>10.2f}"
        )
    if args.write:
        scorer = fit(rows)
        WEIGHTS_FILE.write_text(
            json.dumps(
                {
                    "fitted_on": args.data.name,
                    "features": list(FEATURES),
                    "weights": dict(
                        zip(FEATURES, np.round(scorer.weights, 5).tolist(), strict=True)
                    ),
                    "bias": round(scorer.bias, 5),
                    "title_words": round(scorer.title_words, 3),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS_FILE.relative_to(REPO)}")


def fit(rows: list[Row]) -> HeadlineScorer:
    """Logistic regression of the word labels on their features (Newton's method)."""
    features = np.vstack([r.words for r in rows if len(r.words)])
    labels = np.concatenate([r.labels for r in rows if len(r.labels)])
    design = np.hstack([features, np.ones((len(features), 1))])
    penalty = L2 * np.diag([*np.ones(len(FEATURES)), 0.0])  # the bias goes free
    weights = np.zeros(design.shape[1])
    for _ in range(25):
        chances = 1.0 / (1.0 + np.exp(-design @ weights))
        gradient = design.T @ (chances - labels) + penalty @ weights
        hessian = (design * (chances * (1 - chances))[:, None]).T @ design + penalty
        weights -= np.linalg.solve(hessian, gradient)
    title_words = float(np.mean([r.title_words for r in rows]))
    return HeadlineScorer(weights[:-1], float(weights[-1]), title_words)


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


_ENGINE = ExtractiveEngine()


def _row(record: dict[str, str], rouge: object) -> Row:
    """What the engine's headline step sees for this article, and the title's words."""
    engine = _ENGINE
    assert engine.parser is not None
    text = record["article"]
    quotations = Quotations.of(text)
    sentences = quotation_units(text, _candidates(prose_sentences(text, None)), quotations)
    terms = [content_terms(s.sentence.text[:1000]) for s in sentences]
    ranked = engine.rank(sentences, None, terms=terms, limit=RANKED)
    ranked = _readable(ranked, sentences, 8, quotations) or ranked
    salience = Counter(term for sentence_terms in terms for term in sentence_terms)
    source = headline_source(ranked, sentences)
    sentence = cut(sentences[source].sentence.text, BULLET_MAX_CHARS)
    doc = parse_sentence(engine.parser, sentence)
    context = ArticleContext.of(salience, terms[0])
    found = candidates(doc, sentence, 12, salience)
    tokenize = rouge._tokenizer.tokenize  # type: ignore[attr-defined]
    title = set(tokenize(record["title"]))
    words = word_tokens(doc)
    rule = _headline(ranked, sentences, salience, 12, parser=None)[1]
    return Row(
        title=record["title"],
        words=np.array([token_features(doc[i], context, source) for i, _ in words]),
        labels=np.array([any(t in title for t in tokenize(w)) for _, w in words], dtype=float),
        choose=lambda scorer: best_headline(doc, found, context, source, scorer) or rule,
        first=found[0].text if found else rule,
        options=[c.text for c in found] or [rule],
        title_words=len(tokenize(record["title"])),
    )


if __name__ == "__main__":
    main()
