"""Time and peak memory of the extractive engine on pathological texts, beside a normal one.

Every text is under the size limit (200,000 characters, ``BRIEFING_MAX_TEXT_CHARS``).
Each case runs in a fresh process, so one that exhausts memory or runs away cannot
take the others with it; a case past ``--timeout`` seconds is reported as such.
Peak memory is the growth of the process's maximum resident set while it briefs the
text. Run from the repository root:

    python benchmarks/pathological_inputs.py [--timeout 120]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SAMPLE = REPO.parent / "shared" / "data" / "sample_article_nato.txt"
LIMIT = 200_000


def _normal() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _list_lines() -> str:
    return "".join(f"- a b c {i % 1000}\n" for i in range(15_000))


def _one_word_lines() -> str:
    return ("word\n" * (LIMIT // 5))[: LIMIT - 1]


CASES: dict[str, Callable[[], str]] = {
    "normal article (nato sample)": _normal,
    '". " * 99000': lambda: ". " * 99_000,
    "15,000 short list lines": _list_lines,
    "199k chars of one-word lines": _one_word_lines,
    "one 199k-character word": lambda: "x" * 199_000,
    "CJK without spaces": lambda: ("这是一个没有空格的中文句子" * 20_000)[: LIMIT - 1],
    "CJK with full stops": lambda: ("这是一个没有空格的中文句子。" * 20_000)[: LIMIT - 1],
    "199k digits": lambda: "7" * 199_000,
    "run of 199k '!'": lambda: "A" + "!" * 199_000,
    "spaces between two words": lambda: "Start " + " " * 199_000 + "end.",
    "one 199k-char sentence of words": lambda: ("lorem ipsum dolor " * 11_000)[: LIMIT - 1],
}


def _run(name: str, queue: multiprocessing.Queue[tuple[str, float, float, str]]) -> None:
    from workers.engines.base import ArticleInput
    from workers.engines.extractive import ExtractiveEngine

    text = CASES[name]()
    engine = ExtractiveEngine()
    engine.summarize([ArticleInput("Warm up the caches. " * 20)])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        [briefing] = engine.summarize([ArticleInput(text, bullets=5)])
        outcome = f"headline {len(briefing.headline)} chars, longest bullet " + str(
            max((len(b) for b in briefing.bullets), default=0)
        )
    except Exception as error:  # the benchmark reports what happened
        outcome = f"{type(error).__name__}: {str(error)[:60]}"
    elapsed = time.perf_counter() - started
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    queue.put((name, elapsed, peak, outcome))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    print(f"{'input':34} {'chars':>8} {'seconds':>8} {'peak MiB':>9}  outcome")
    for name, build in CASES.items():
        queue: multiprocessing.Queue[tuple[str, float, float, str]] = context.Queue()
        process = context.Process(target=_run, args=(name, queue))
        process.start()
        process.join(args.timeout)
        chars = len(build())
        if process.is_alive():
            process.kill()
            process.join()
            print(f"{name:34} {chars:8d} {'>' + str(int(args.timeout)):>8} {'?':>9}  timed out")
            continue
        if queue.empty():
            print(f"{name:34} {chars:8d} {'?':>8} {'?':>9}  died (exit {process.exitcode})")
            continue
        _, elapsed, peak, outcome = queue.get()
        print(f"{name:34} {chars:8d} {elapsed:8.3f} {peak:9.1f}  {outcome}")


if __name__ == "__main__":
    main()
