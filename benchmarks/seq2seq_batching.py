"""Time batched against one-at-a-time ``generate`` in the seq2seq engine.

    .venv/bin/python benchmarks/seq2seq_batching.py                   # tiny test model
    .venv/bin/python benchmarks/seq2seq_batching.py --model ~/models/flan-t5-base

Each article is rendered with the model family's summary prompt and generated once
per mode; both modes use the same settings except ``batch_size``. Prints articles
per second for each and the speedup.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from anywhere: make the repository (and its tests package) importable.
REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from transformers.utils import logging as transformers_logging  # noqa: E402

from service.config import GenerationSettings  # noqa: E402
from tests.models import build_tiny_t5, corpus_lines  # noqa: E402
from workers.engines.seq2seq import Seq2SeqEngine  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="local model directory; default: build the tiny T5")
    parser.add_argument("--articles", type=int, default=32, help="articles to generate for")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--num-beams", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=48)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--dtype", default="auto")
    parser.add_argument("--threads", type=int, default=0, help="torch threads; 0 = torch's own")
    return parser.parse_args()


def articles(count: int) -> list[str]:
    """Articles of 2 to 9 corpus sentences, in mixed order, so batching has to sort."""
    lines = corpus_lines()
    return [
        " ".join(lines[(7 * n) % len(lines) :][: 2 + (5 * n) % 8]) or lines[0] for n in range(count)
    ]


def engine_for(model: str, args: argparse.Namespace, batch_size: int) -> Seq2SeqEngine:
    settings = GenerationSettings(num_beams=args.num_beams, batch_size=batch_size)
    return Seq2SeqEngine.from_pretrained(
        model, device=args.device, dtype=args.dtype, generation=settings
    )


def rate(engine: Seq2SeqEngine, prompts: list[str], max_new_tokens: int) -> float:
    """Articles per second, after one warm-up batch."""
    engine.generate(prompts[: engine.generation.batch_size], max_new_tokens=max_new_tokens)
    started = time.perf_counter()
    engine.generate(prompts, max_new_tokens=max_new_tokens)
    return len(prompts) / (time.perf_counter() - started)


def run(model: str, args: argparse.Namespace) -> None:
    batched = engine_for(model, args, args.batch_size)
    single = Seq2SeqEngine(
        backend=batched.backend,
        tokenizer=batched.tokenizer,
        config=batched.config,
        model_id=batched.model_id,
        prompts=batched.prompts,
        generation=batched.generation.model_copy(update={"batch_size": 1}),
    )
    texts = [batched.chunk(text)[0].text for text in articles(args.articles)]
    prompts = [batched.prompts.summary.render(text=text, title="") for text in texts]
    print(
        f"model {model} ({batched.prompts.family}) on {type(batched.backend).__name__}, "
        f"{len(prompts)} articles, num_beams={args.num_beams}, "
        f"max_new_tokens={args.max_new_tokens}"
    )
    one_at_a_time = rate(single, prompts, args.max_new_tokens)
    in_batches = rate(batched, prompts, args.max_new_tokens)
    print(f"{'one at a time:':<22}{one_at_a_time:8.2f} articles/s")
    print(f"{f'batches of {args.batch_size}:':<22}{in_batches:8.2f} articles/s")
    print(f"{'speedup:':<22}{in_batches / one_at_a_time:8.2f}x")


def main() -> None:
    args = parse_args()
    transformers_logging.disable_progress_bar()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if args.model:
        run(args.model, args)
        return
    with tempfile.TemporaryDirectory() as work:
        run(str(build_tiny_t5(Path(work) / "tiny-t5")), args)


if __name__ == "__main__":
    main()
