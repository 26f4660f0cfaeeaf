"""Same-story clustering: precision and recall on planted copies, and time for 5,000.

Quality: BBC dev articles plus lightly rewritten copies planted under other sources
(sentences reordered, a word changed, a paragraph dropped; tests/planted.py). The
truth is the planted story; precision and recall are pairwise (pairs of articles put
in one story). The BBC set itself holds a few articles on one story (follow-ups, the
same report filed twice): those pairs count against precision here, and are listed.

Speed: 5,000 articles (BBC, CNN and XSum dev articles plus planted copies) clustered
by service/briefs/cluster.py, beside the baseline of comparing every pair by the same
TF-IDF cosine, timed on 1,000 in the same run. Run from the repository root:

    python benchmarks/clustering.py [--originals 500 --copies 150] [--speed 5000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.briefs.cluster import Doc, StoryClusterer, cluster  # noqa: E402
from tests.planted import PlantedArticle, load_bbc, planted_set  # noqa: E402

DATA = REPO.parent / "shared" / "data"


def pairwise(articles: list[PlantedArticle], stories: list[list[object]]) -> tuple[float, float]:
    truth = {a.key: a.story for a in articles}
    right = wrong = 0
    for story in stories:
        for a, b in itertools.combinations(story, 2):
            if truth[a] == truth[b]:
                right += 1
            else:
                wrong += 1
    sizes = Counter(truth.values())
    positives = sum(n * (n - 1) // 2 for n in sizes.values())
    return right / max(1, right + wrong), right / max(1, positives)


def wrong_merges(articles: list[PlantedArticle], stories: list[list[object]]) -> list[list[str]]:
    by_key = {a.key: a for a in articles}
    merged = []
    for story in stories:
        titles = sorted({by_key[key].story: by_key[key].title for key in story}.values())
        if len(titles) > 1:
            merged.append(titles)
    return merged


def all_rows() -> list[dict[str, str]]:
    rows = load_bbc(DATA / "bbc_dev.jsonl")
    for name, field in (("cnndm_dev.jsonl", "article"), ("xsum_dev.jsonl", "document")):
        path = DATA / name
        if path.is_file():
            for row in load_bbc(path):
                rows.append({"id": row["id"], "title": "", "article": row[field], "category": name})
    return rows


def docs_of(articles: list[PlantedArticle]) -> list[Doc]:
    return [Doc(a.key, a.text, a.title or None, a.source) for a in articles]


def all_pairs(docs: list[Doc]) -> int:
    """The baseline: every pair compared by cosine (the same vectors), joined if similar."""
    clusterer = StoryClusterer()
    clusterer.observe(docs)
    for doc in docs:
        clusterer._entries.append(clusterer._entry(doc))  # vectors only, no index
    entries = clusterer._entries
    joined = 0
    for a, b in itertools.combinations(entries, 2):
        if clusterer._same_event(a, b):
            joined += 1
    return joined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=500)
    parser.add_argument("--copies", type=int, default=150)
    parser.add_argument("--speed", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=1000)
    args = parser.parse_args()

    bbc = load_bbc(DATA / "bbc_dev.jsonl")
    planted = planted_set(bbc[: args.originals], args.originals, args.copies)
    started = time.perf_counter()
    stories = cluster(docs_of(planted))
    quality_s = time.perf_counter() - started
    precision, recall = pairwise(planted, stories)
    merges = wrong_merges(planted, stories)

    rows = all_rows()
    originals = min(len(rows), args.speed * 3 // 5)
    big = planted_set(rows[:originals], originals, args.speed - originals)
    started = time.perf_counter()
    big_stories = cluster(docs_of(big))
    speed_s = time.perf_counter() - started
    big_precision, big_recall = pairwise(big, big_stories)

    sample = docs_of(big[: args.baseline])
    started = time.perf_counter()
    cluster(sample)
    ours_sample_s = time.perf_counter() - started
    started = time.perf_counter()
    all_pairs(sample)
    baseline_s = time.perf_counter() - started
    scale = (args.speed / args.baseline) ** 2

    report = {
        "planted_set": {
            "articles": len(planted),
            "true_stories": args.originals,
            "stories_found": len(stories),
            "pairwise_precision": round(precision, 3),
            "pairwise_recall": round(recall, 3),
            "seconds": round(quality_s, 2),
            "original_articles_merged": merges,
        },
        "speed": {
            "articles": len(big),
            "true_stories": originals,
            "stories_found": len(big_stories),
            "pairwise_precision": round(big_precision, 3),
            "pairwise_recall": round(big_recall, 3),
            "cluster_s": round(speed_s, 2),
            f"cluster_{args.baseline}_s": round(ours_sample_s, 2),
            f"baseline_all_pairs_{args.baseline}_s": round(baseline_s, 2),
            f"baseline_all_pairs_{args.speed}_s_estimated": round(baseline_s * scale, 1),
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
