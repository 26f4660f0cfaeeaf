"""Planted copies for clustering tests and benchmarks: a story re-run by another outlet.

A copy is lightly rewritten the way syndicated news is: its sentences reordered
within paragraphs, a word changed, a paragraph dropped. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])")
REPLACEMENTS = ("reportedly", "officially", "now", "recently", "also", "still")


@dataclass(frozen=True)
class PlantedArticle:
    key: str
    story: str
    """The id of the original article: the ground truth story."""
    title: str
    text: str
    source: str
    category: str


def load_bbc(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def rewrite(text: str, rng: random.Random) -> str:
    """Reorder sentences within each paragraph, change one word, drop one paragraph."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    reordered = []
    for paragraph in paragraphs:
        sentences = SENTENCE_END.split(paragraph.strip())
        rng.shuffle(sentences)
        reordered.append(" ".join(sentences))
    words = " \n\n ".join(reordered).split(" ")
    candidates = [i for i, w in enumerate(words) if w.isalpha() and len(w) > 3]
    if candidates:
        words[rng.choice(candidates)] = rng.choice(REPLACEMENTS)
    return " ".join(words).replace(" \n\n ", "\n\n")


def planted_set(
    rows: list[dict[str, str]], originals: int, copies: int, seed: int = 9
) -> list[PlantedArticle]:
    """``originals`` articles (as source "bbc") and ``copies`` rewritten copies of some
    of them under other sources, shuffled."""
    rng = random.Random(seed)
    chosen = rows[:originals]
    articles = [
        PlantedArticle(row["id"], row["id"], row["title"], row["article"], "bbc", row["category"])
        for row in chosen
    ]
    for number, row in enumerate(rng.sample(chosen, copies)):
        articles.append(
            PlantedArticle(
                f"{row['id']}-copy{number}",
                row["id"],
                row["title"],
                rewrite(row["article"], rng),
                f"outlet-{number % 7}",
                row["category"],
            )
        )
    rng.shuffle(articles)
    return articles
