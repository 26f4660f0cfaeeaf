"""Articles per second of the extractive engine on one core, beside a Lead-3 baseline
and the engine with rule-based headlines only (no parse), measured in the same run.

Articles of about 600 words are built by joining consecutive paragraphs of the BBC dev
articles (which average under 400 words). Run from the repository root:

    python benchmarks/extractive_speed.py [--articles 400] [--words 600]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.text.sentences import split_sentences  # noqa: E402
from workers.engines.base import ArticleInput  # noqa: E402
from workers.engines.extractive import ExtractiveEngine  # noqa: E402

DATASET = REPO.parent / "shared" / "data" / "bbc_dev.jsonl"


def build_articles(path: Path, count: int, words: int) -> list[str]:
    """``count`` articles of about ``words`` words each, made of the dataset's paragraphs."""
    articles: list[str] = []
    buffer: list[str] = []
    for paragraph in _cycle_paragraphs(path):
        buffer.append(paragraph)
        if sum(len(t.split()) for t in buffer) >= words:
            articles.append("\n\n".join(buffer))
            buffer = []
            if len(articles) == count:
                return articles
    return articles


def _cycle_paragraphs(path: Path) -> Iterator[str]:
    while True:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield from json.loads(line)["article"].split("\n\n")


def lead3(inputs: list[ArticleInput]) -> list[str]:
    return [" ".join(s.text for s in split_sentences(a.text)[:3]) for a in inputs]


def rate(run: Callable[[list[ArticleInput]], object], inputs: list[ArticleInput]) -> float:
    run(inputs[:20])  # warm caches
    started = time.perf_counter()
    run(inputs)
    return len(inputs) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args()
    if not DATASET.exists():
        sys.exit(f"dataset not found: {DATASET}")
    texts = build_articles(DATASET, args.articles, args.words)
    inputs = [ArticleInput(text, bullets=5) for text in texts]
    mean_words = sum(len(t.split()) for t in texts) / len(texts)
    engine = ExtractiveEngine()
    rules_only = ExtractiveEngine(parser=None)
    print(
        f"{len(inputs)} articles, {mean_words:.0f} words on average, "
        "one BLAS thread (the engine limits itself)"
    )
    baseline = rate(lead3, inputs)
    rules = rate(rules_only.summarize, inputs)
    parsed = rate(engine.summarize, inputs)
    print(f"lead-3                     {baseline:8.1f} articles/s")
    print(f"extractive, rule headlines {rules:8.1f} articles/s  ({rules / baseline:.3f} x lead-3)")
    print(
        f"extractive (parsed)        {parsed:8.1f} articles/s  ({parsed / baseline:.3f} x lead-3, "
        f"{parsed / rules:.2f} x rule headlines; target >= 200)"
    )


if __name__ == "__main__":
    main()
