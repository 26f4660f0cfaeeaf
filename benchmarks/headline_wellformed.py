"""How many extractive headlines read whole by the source sentence's parse.

For the articles of a dev file it counts the headlines with flaws; with ``--sample N``
it prints every N-th row's headline, title and flaws for reading by hand. The check is
:func:`workers.engines.wellformed.flaws` against the source sentence's parse (the
sentence is found again from ``details["headline_source"]``). Run from the repository
root (compare branches by running it from each, the same file, the same run):

    python benchmarks/headline_wellformed.py [--data PATH] [--sample 20] [--limit 1000]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workers.engines import DEFAULT_HEADLINE_PARSER  # noqa: E402
from workers.engines.base import ArticleInput  # noqa: E402
from workers.engines.extractive import ExtractiveEngine  # noqa: E402
from workers.engines.headline import parse_text  # noqa: E402
from workers.engines.wellformed import flaws  # noqa: E402

DATASET = REPO.parent / "shared" / "data" / "bbc_dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATASET)
    parser.add_argument("--sample", type=int, default=0, help="print every N-th row")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    # Names as the source writes them: the check aligns the headline with its source.
    engine = ExtractiveEngine(parser=DEFAULT_HEADLINE_PARSER, shorten_names=False)
    nlp = engine.parser
    assert nlp is not None
    rows = [json.loads(line) for line in args.data.open()][: args.limit]
    failing: Counter[str] = Counter()
    for index, row in enumerate(rows):
        text = row["article"]
        [briefing] = engine.summarize([ArticleInput(text, bullets=5)])
        offsets = briefing.details["headline_source"]
        assert isinstance(offsets, list)
        start, end = offsets
        source = text[start:end]
        found = flaws(briefing.headline, nlp(parse_text(source)))
        failing.update(found[:1])
        if args.sample and index % args.sample == 0:
            print(f"{index} | {briefing.headline} | {row.get('title', '')} | {found}")
    print(f"{len(rows)} headlines, {sum(failing.values())} failing the check; first flaw:")
    for flaw, count in failing.most_common(10):
        print(f"  {count:>4}  {flaw}")


if __name__ == "__main__":
    main()
