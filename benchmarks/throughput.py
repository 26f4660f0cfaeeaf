"""Throughput of briefing end to end against the loop a user writes by hand, same run.

    .venv/bin/python benchmarks/throughput.py [--articles 48] [--naive-articles 6]

For a t5-small-sized and a bart-base-sized model (random weights: the same compute
as trained ones), it runs

- the naive loop: one article at a time, one ``model.generate`` per output
  (summary, headline, each bullet), torch's default threads, in a process of its own;
- briefing end to end: the articles submitted as batches through the real API on
  the bulk lane, a real worker (the model converted by ``briefing model convert``,
  ``BRIEFING_BACKEND=auto``), every summary stored in PostgreSQL, Redis as broker;

with the same prompts and generation settings, every output generated to its token
limit (``ignore_eos``), and prints articles/s, the ratio, and the peak memory of the
naive loop's process and of all worker processes together. Then the same for the
extractive engine: API -> worker -> database against the engine alone in-process.
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS = f"redis://127.0.0.1:6379/{os.environ.get('BRIEFING_TEST_REDIS_DB', '14')}"
CACHE = REPO / ".briefing" / "bench-models"
LIMITS = {"summary": 48, "headline": 16, "bullets": 96}  # bullets: shared by the bullets


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=48, help="articles end to end")
    parser.add_argument("--naive-articles", type=int, default=6, help="articles in the loop")
    parser.add_argument(
        "--extractive-articles", type=int, default=2000, help="0 skips the extractive run"
    )
    parser.add_argument(
        "--extractive-route",
        choices=("batches", "articles"),
        default="batches",
        help="POST /v1/batches (one NDJSON job) or /v1/articles/batch (100 at a time)",
    )
    parser.add_argument(
        "--seq2seq-workers",
        type=int,
        default=1,
        help="worker processes for the model runs (threads: cores / processes)",
    )
    parser.add_argument(
        "--extractive-workers",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes for the extractive run (one thread each); default: the cores",
    )
    parser.add_argument("--bullets", type=int, default=3)
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--max-batch-tokens", type=int, default=0, help="BRIEFING_GENERATION__MAX_BATCH_TOKENS"
    )
    parser.add_argument("--models", default="t5-small,bart-base")
    parser.add_argument("--naive-only-model", help=argparse.SUPPRESS)  # the loop's process
    return parser.parse_args()


def articles(count: int, words: int = 150) -> list[str]:
    """Distinct news-like articles short enough for one chunk (so all ways do equal work)."""
    from tests.models import corpus_lines

    lines = corpus_lines()
    out = []
    for n in range(count):
        picked = [lines[(n * 7 + k * 3) % len(lines)] for k in range(40)]
        text = " ".join(picked).split()[:words]
        out.append(f"Report {n}. " + " ".join(text) + ".")
    return out


# -- the naive loop, in its own process so its peak memory is its own ------------------


def naive_loop(model_dir: str, count: int, bullets: int, beams: int) -> dict[str, float]:
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from prompts import family_for_model_type, load_prompt_set
    from workers.engines.seq2seq import sections

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
    prompts = load_prompt_set(family_for_model_type(model.config.model_type))
    share = max(16, LIMITS["bullets"] // bullets)
    started, cpu_before = time.perf_counter(), time.process_time()
    for text in articles(count):
        work = [(prompts.summary.render(text=text, title=""), LIMITS["summary"])]
        if prompts.headline.generates:
            work.append((prompts.headline.render(text=text, title=""), LIMITS["headline"]))
        if prompts.bullets.generates:
            work += [
                (prompts.bullets.render(text=s, title=""), share) for s in sections(text, bullets)
            ]
        for prompt, limit in work:
            inputs = tokenizer(prompt, return_tensors="pt")
            model.generate(
                **inputs,
                max_new_tokens=limit,
                min_new_tokens=limit,
                num_beams=beams,
                no_repeat_ngram_size=3,
            )
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu_ms = 1000 * (time.process_time() - cpu_before) / count
    return {"rate": count / elapsed, "peak_mb": peak_mb, "cpu_ms": cpu_ms}


def run_naive(model_dir: Path, args: argparse.Namespace) -> dict[str, float]:
    command = [
        sys.executable,
        __file__,
        "--naive-only-model",
        str(model_dir),
        "--naive-articles",
        str(args.naive_articles),
        "--bullets",
        str(args.bullets),
        "--beams",
        str(args.beams),
    ]
    # Its memory is sampled from outside like the workers', so both are counted alike.
    with (
        subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, start_new_session=True
        ) as loop,
        MemorySampler(loop.pid) as memory,
    ):
        stdout, _ = loop.communicate()
    if loop.returncode:
        raise SystemExit(f"the naive loop failed ({loop.returncode})")
    result: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    return {**result, "peak_mb": memory.peak_mb, "peak_rss_mb": memory.peak_rss_mb}


# -- briefing end to end ----------------------------------------------------------------


@contextmanager
def database() -> Any:
    from sqlalchemy import create_engine, text

    from service.storage.migrate import upgrade_database

    name = f"briefing_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{POSTGRES}/{name}"
    upgrade_database(url)
    try:
        yield url
    finally:
        from service.storage.db import get_engine

        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class MemorySampler:
    """Peak memory of every process in a process group together: PSS (shared pages,
    such as what a Celery child shares with its parent after fork, counted once) and
    the plain sum of RSS (which counts them once per process)."""

    def __init__(self, pgid: int) -> None:
        self.pgid = pgid
        self.peak_mb = 0.0
        self.peak_rss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            pss, rss = group_memory_mb(self.pgid)
            self.peak_mb = max(self.peak_mb, pss)
            self.peak_rss_mb = max(self.peak_rss_mb, rss)


def group_memory_mb(pgid: int) -> tuple[float, float]:
    """(PSS, summed RSS) in MB of the processes in the group."""
    pss = rss = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pgid:
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return pss / 1024, rss / 1024


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants, the
    waited-for children included: unlike a rate, it does not depend on how busy the
    machine's other work keeps the cores."""
    children: dict[int, list[int]] = {}
    fields: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        fields[int(entry.name)] = stat
        children.setdefault(int(stat[1]), []).append(int(entry.name))
    ticks, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stat = fields.get(current)
        if stat is not None:
            ticks += sum(int(value) for value in stat[11:15])  # utime stime cutime cstime
        stack.extend(children.get(current, []))
    return ticks / os.sysconf("SC_CLK_TCK")


def end_to_end(
    model: str,
    engine: str,
    texts: list[str],
    args: argparse.Namespace,
    route: str = "articles",
    workers: int = 1,
) -> dict[str, float]:
    import httpx
    import redis
    from sqlalchemy import func, select

    from service.storage.db import session_scope
    from service.storage.models import Summary, SummaryStatus
    from tests.e2e.processes import (
        briefing_process,
        environment,
        free_port,
        wait_for_http,
        wait_for_log,
    )

    redis.Redis.from_url(REDIS).flushdb()
    with database() as url, tempfile.TemporaryDirectory() as logs:
        env = environment(
            BRIEFING_DATABASE_URL=url,
            BRIEFING_BROKER_URL=REDIS,
            BRIEFING_AUTH="open",
            BRIEFING_ENGINE=engine,
            BRIEFING_MODEL=model,
            BRIEFING_GENERATION__IGNORE_EOS="true",
            BRIEFING_GENERATION__NUM_BEAMS=str(args.beams),
            BRIEFING_GENERATION__BATCH_SIZE=str(args.batch_size),
            BRIEFING_GENERATION__MAX_BATCH_TOKENS=str(args.max_batch_tokens),
            BRIEFING_GENERATION__SUMMARY_MAX_TOKENS=str(LIMITS["summary"]),
            BRIEFING_GENERATION__HEADLINE_MAX_TOKENS=str(LIMITS["headline"]),
            BRIEFING_GENERATION__BULLETS_MAX_TOKENS=str(LIMITS["bullets"]),
            BRIEFING_DEFAULT_BULLETS=str(args.bullets),
            BRIEFING_RATE_LIMIT="1000000/minute",
            BRIEFING_WORKER__CONCURRENCY=str(workers),
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api_log, worker_log = Path(logs) / "api.log", Path(logs) / "worker.log"
        with (
            briefing_process(["api", "--port", str(port)], env, api_log) as api,
            briefing_process(["worker", "--queues", "bulk"], env, worker_log) as worker,
        ):
            wait_for_http(f"{base}/healthz", api, api_log)
            wait_for_log("ready.", worker, worker_log, timeout_s=300)
            with (
                MemorySampler(worker.pid) as memory,
                httpx.Client(base_url=base, timeout=120) as client,
            ):
                cpu_before = tree_cpu_s(api.pid), tree_cpu_s(worker.pid)
                started = time.perf_counter()
                submit(client, texts, route)
                while True:
                    with session_scope(url) as session:
                        done = session.scalar(
                            select(func.count())
                            .select_from(Summary)
                            .where(Summary.status == SummaryStatus.done)
                        )
                    if done == len(texts):
                        break
                    time.sleep(0.1)
                elapsed = time.perf_counter() - started
                api_ms, worker_ms = (
                    1000 * (tree_cpu_s(process.pid) - before) / len(texts)
                    for process, before in zip((api, worker), cpu_before, strict=True)
                )
    return {
        "rate": len(texts) / elapsed,
        "peak_mb": memory.peak_mb,
        "peak_rss_mb": memory.peak_rss_mb,
        "api_cpu_ms": api_ms,
        "worker_cpu_ms": worker_ms,
    }


def submit(client: Any, texts: list[str], route: str) -> None:
    """The articles through the API on the bulk lane: one streamed batch job, or
    100-article requests."""
    if route == "batches":
        lines = (
            json.dumps({"id": str(n), "text": t}).encode() + b"\n" for n, t in enumerate(texts)
        )
        answer = client.post(
            "/v1/batches", content=lines, headers={"Content-Type": "application/x-ndjson"}
        )
        answer.raise_for_status()
        return
    for start in range(0, len(texts), 100):
        batch = [{"text": t, "options": {"queue": "bulk"}} for t in texts[start : start + 100]]
        client.post("/v1/articles/batch", json={"articles": batch}).raise_for_status()


def extractive_alone(texts: list[str]) -> float:
    from workers.engines.base import ArticleInput
    from workers.engines.extractive import ExtractiveEngine

    engine = ExtractiveEngine()
    started = time.perf_counter()
    for text in texts:
        engine.summarize([ArticleInput(text=text, title=None, bullets=5)])
    return len(texts) / (time.perf_counter() - started)


def prepared_models(size: str) -> tuple[Path, Path]:
    from tests.models import build_random_model
    from workers.engines.conversion import convert_to_ctranslate2

    source, converted = CACHE / size, CACHE / f"{size}-ct2-int8"
    if not (source / "config.json").is_file():
        build_random_model(source, size)
    if not (converted / "model.bin").is_file():
        # Random weights are not worth checking token by token (they agree by chance).
        convert_to_ctranslate2(str(source), converted, force=True, min_agreement=0.0)
    return source, converted


def cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def main() -> None:
    args = parse_args()
    if args.naive_only_model:
        print(
            json.dumps(
                naive_loop(args.naive_only_model, args.naive_articles, args.bullets, args.beams)
            )
        )
        return
    print(f"machine: {os.cpu_count()} cores, {cpu_name()}; beams {args.beams}, ignore_eos")
    print("memory: peak PSS of the loop's process / of all worker processes (RSS sum)")
    print("CPU s/art: user + system CPU seconds per article, the loop's / the workers'")
    header = ("model", "naive/s", "briefing/s", "ratio", "naive MB", "workers MB", "CPU s/art")
    print("{:<10} {:>8} {:>11} {:>6} {:>15} {:>15} {:>13}".format(*header))
    for size in filter(None, args.models.split(",")):
        source, converted = prepared_models(size)
        naive = run_naive(source, args)
        briefing = end_to_end(
            str(converted), "seq2seq", articles(args.articles), args, workers=args.seq2seq_workers
        )
        ratio = briefing["rate"] / naive["rate"]
        print(
            f"{size:<10} {naive['rate']:>8.2f} {briefing['rate']:>11.2f} {ratio:>5.1f}x "
            f"{naive['peak_mb']:>6.0f} ({naive['peak_rss_mb']:>6.0f}) "
            f"{briefing['peak_mb']:>6.0f} ({briefing['peak_rss_mb']:>6.0f}) "
            f"{naive['cpu_ms'] / 1000:>6.2f}/{briefing['worker_cpu_ms'] / 1000:<6.2f}",
            flush=True,
        )
    if args.extractive_articles <= 0:
        return
    texts = articles(args.extractive_articles, words=600)
    alone = extractive_alone(texts[:500])
    through = end_to_end(
        "extractive", "extractive", texts, args, args.extractive_route, args.extractive_workers
    )
    print(
        f"extractive: engine alone {alone:.0f}/s in-process; end to end (API "
        f"/v1/{args.extractive_route} -> {args.extractive_workers} worker processes -> "
        f"PostgreSQL) {through['rate']:.0f}/s "
        f"({through['rate'] / alone:.2f} of the engine alone); "
        f"workers {through['peak_mb']:.0f} MB; CPU per article: API "
        f"{through['api_cpu_ms']:.2f} ms, workers {through['worker_cpu_ms']:.2f} ms"
    )


if __name__ == "__main__":
    main()
