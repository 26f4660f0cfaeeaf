"""Distinct headline candidates: the n best beams against beam search + sampling.

    .venv/bin/python benchmarks/headline_candidates.py                # tiny test T5
    .venv/bin/python benchmarks/headline_candidates.py --model ~/models/flan-t5-base

For each article (three corpus sentences) it asks for ``--wanted`` candidates, once
as the engine used to (the ``wanted + 2`` best beams of one search, cleaned and
deduplicated) and once as it does now (the beam search's best, then samples), and
prints how many distinct candidates each gives and how long the headline
generation took, in the same run. ``--ctranslate2`` converts the model first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from service.config import GenerationSettings  # noqa: E402
from tests.models import build_tiny_t5, corpus_lines, single_thread  # noqa: E402
from workers.engines.base import ArticleInput  # noqa: E402
from workers.engines.cleaning import clean_headline, unique  # noqa: E402
from workers.engines.seq2seq import Seq2SeqEngine  # noqa: E402

MAX_WORDS = 6


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="local model directory; default: build the tiny T5")
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--wanted", type=int, default=5)
    parser.add_argument("--ctranslate2", action="store_true")
    return parser.parse_args()


def n_best(engine: Seq2SeqEngine, texts: list[str], wanted: int) -> list[list[str]]:
    prompts = [engine.prompts.headline.render(text=text, title="") for text in texts]
    beams = wanted + 2
    outputs = engine.generate(
        prompts, max_new_tokens=engine.generation.headline_max_tokens, alternatives=beams
    )
    return [
        unique(clean_headline(out.text, max_words=MAX_WORDS) for out in outputs[i : i + beams])[
            :wanted
        ]
        for i in range(0, len(outputs), beams)
    ]


def sampled(engine: Seq2SeqEngine, texts: list[str], wanted: int) -> list[list[str]]:
    articles = [
        ArticleInput(text=text, headline_candidates=wanted, headline_max_words=MAX_WORDS)
        for text in texts
    ]
    plans = [engine._plan(index, article) for index, article in enumerate(articles)]
    return engine._headlines(plans, ["" for _ in plans])


def run(model: str, args: argparse.Namespace) -> None:
    settings = GenerationSettings(num_beams=4, max_input_tokens=256, headline_max_tokens=12)
    engine = Seq2SeqEngine.from_pretrained(
        model, device="cpu", generation=settings, compute_type="float32"
    )
    lines = corpus_lines()
    texts = [" ".join(lines[i : i + 3]) for i in range(0, 3 * args.articles, 3)]
    print(f"{model} on {engine.backend.name}: {len(texts)} articles, {args.wanted} wanted")
    for name, method in (("n best beams", n_best), ("best beam + samples", sampled)):
        started = time.perf_counter()
        found = method(engine, texts, args.wanted)
        elapsed = time.perf_counter() - started
        mean = sum(len(c) for c in found) / len(found)
        full = sum(len(c) == args.wanted for c in found)
        print(
            f"{name:<20} {mean:5.2f} distinct on average, all {args.wanted} for "
            f"{full}/{len(found)} articles, {elapsed:6.2f} s"
        )


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as work, single_thread():
        model = args.model or str(build_tiny_t5(Path(work) / "tiny-t5"))
        if args.ctranslate2:
            from workers.engines.conversion import convert_to_ctranslate2

            target = Path(work) / "ct2"
            convert_to_ctranslate2(model, target, quantization="float32", force=True)
            model = str(target)
        run(model, args)


if __name__ == "__main__":
    main()
