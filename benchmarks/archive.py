"""A synthetic archive through `briefing batch submit` with the extractive engine:
throughput, nothing lost, and memory flat in the CLI, the API and the workers.

    .venv/bin/python benchmarks/archive.py                     # 100,000 articles
    .venv/bin/python benchmarks/archive.py --articles 5000 --concurrency 2

Generates the archive as JSON Lines (written as it is made), starts the real
``briefing api`` and ``briefing worker`` on a fresh PostgreSQL database and a Redis
database of their own, runs the real ``briefing batch submit`` as a process, and
samples the resident memory (RSS, from /proc) of each process tree twice a second.
Prints articles/s end to end (file read -> API -> bulk lane -> worker -> database),
the peak RSS of the CLI, the API and all worker processes together, their RSS at
10 % / 50 % / 100 % of the work (flat means it does not grow with the archive), and
checks that every input line came back in order through ``/results``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from sqlalchemy import create_engine, text

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from service.storage.db import session_scope  # noqa: E402
from service.storage.keys import create_key  # noqa: E402
from service.storage.migrate import upgrade_database  # noqa: E402
from tests.e2e.processes import (  # noqa: E402
    briefing_process,
    environment,
    free_port,
    wait_for_http,
    wait_for_log,
)

ADMIN_URL = os.environ.get(
    "BRIEFING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BRIEFING_TEST_REDIS_URL", "redis://127.0.0.1:6379")

# fmt: off
WORDS = ["council", "budget", "harbour", "river", "bridge", "school", "election", "minister", "court", "police", "storm", "market", "company", "workers", "strike", "hospital", "village", "mayor", "report", "plan", "vote", "funding", "road", "railway", "station", "museum", "library", "farmers", "prices", "energy", "water", "flood", "season"]  # noqa: E501
# fmt: on
DAYS = ["Monday", "Tuesday", "Friday"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument(
        "--redis-db", type=int, default=int(os.environ.get("BRIEFING_TEST_REDIS_DB", "14"))
    )
    parser.add_argument(
        "--report-every-s", type=float, default=30.0, help="progress and RSS lines while it runs"
    )
    return parser.parse_args()


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return f"In story {n} the {' '.join(words)} were discussed on {rng.choice(DAYS)}."


def write_archive(path: Path, count: int) -> int:
    """JSON Lines of synthetic stories of 4 to 40 sentences; returns the bytes written."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            body = " ".join(sentence(rng, n) for _ in range(rng.randint(4, 40)))
            out.write(json.dumps({"id": f"doc-{n}", "text": body, "title": f"Story {n}"}) + "\n")
    return path.stat().st_size


def rss_tree_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total_kb, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except OSError:
            continue
        stack.extend(children.get(current, []))
    return total_kb / 1024


@dataclass
class Samples:
    points: list[tuple[float, dict[str, float]]] = field(default_factory=list)
    """(fraction of lines finished, RSS in MB per role)."""
    done: float = 0.0


def sample(pids: dict[str, int], samples: Samples, stop: threading.Event) -> None:
    while not stop.wait(0.5):
        samples.points.append(
            (samples.done, {role: rss_tree_mb(pid) for role, pid in pids.items()})
        )


def at_fraction(samples: Samples, fraction: float, role: str) -> float:
    """RSS when ``fraction`` of the lines were finished (or the last seen alive)."""
    alive = [(done, rss[role]) for done, rss in samples.points if rss[role] > 0]
    for done, rss in alive:
        if done >= fraction:
            return rss
    return alive[-1][1] if alive else 0.0


def main() -> None:
    args = parse_args()
    name = f"briefing_archive_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    broker_url = f"{REDIS_URL}/{args.redis_db}"
    redis.Redis.from_url(broker_url).flushdb()
    try:
        run(args, database_url, broker_url)
    finally:
        redis.Redis.from_url(broker_url).flushdb()
        from service.storage.db import get_engine

        get_engine(database_url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run(args: argparse.Namespace, database_url: str, broker_url: str) -> None:
    upgrade_database(database_url)
    with session_scope(database_url) as session:
        _, key = create_key(session=session, name="archive", scopes=("submit", "read"))
    env = environment(
        BRIEFING_DATABASE_URL=database_url,
        BRIEFING_BROKER_URL=broker_url,
        BRIEFING_ENGINE="extractive",
        BRIEFING_RATE_LIMIT="",
        BRIEFING_WORKER__CONCURRENCY=str(args.concurrency),
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archive = work / "archive.jsonl"
        started = time.monotonic()
        size = write_archive(archive, args.articles)
        print(
            f"archive: {args.articles} articles, {size / 1e6:.1f} MB "
            f"(written in {time.monotonic() - started:.1f} s)"
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api_log, worker_log = work / "api.log", work / "worker.log"
        with (
            briefing_process(["api", "--port", str(port)], env, api_log) as api,
            briefing_process(["worker"], env, worker_log) as worker,
        ):
            wait_for_http(f"{base}/healthz", api, api_log)
            wait_for_log("ready.", worker, worker_log)
            cli_log = work / "cli.log"
            started = time.monotonic()
            cli_err = work / "cli.err"
            with cli_log.open("w") as out, cli_err.open("w") as err:
                cli = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "service.cli.main",
                        "batch",
                        "submit",
                        str(archive),
                        "--api",
                        base,
                    ],
                    env={**env, "BRIEFING_API_KEY": key},
                    stdout=out,
                    stderr=err,
                )
            samples = Samples()
            stop = threading.Event()
            sampler = threading.Thread(
                target=sample,
                args=({"cli": cli.pid, "api": api.pid, "workers": worker.pid}, samples, stop),
                daemon=True,
            )
            sampler.start()
            headers = {"Authorization": f"Bearer {key}"}
            job = None
            uploaded: float | None = None
            reported = started
            while cli.poll() is None:
                time.sleep(2)
                if job is None and cli_log.read_text().startswith("batch "):
                    job = cli_log.read_text().split()[1]
                if job is not None:
                    now = httpx.get(f"{base}/v1/batches/{job}", headers=headers).json()
                    counts = now["counts"]
                    samples.done = (counts["done"] + counts["failed"]) / args.articles
                    if uploaded is None and now["status"] != "accepting":
                        uploaded = time.monotonic() - started
                    if time.monotonic() - reported >= args.report_every_s and samples.points:
                        reported = time.monotonic()
                        rss = samples.points[-1][1]
                        print(
                            f"{reported - started:6.0f} s: {counts['total']} received, "
                            f"{counts['done']} done, {counts['failed']} failed; RSS MB "
                            + ", ".join(f"{role} {mb:.0f}" for role, mb in rss.items()),
                            flush=True,
                        )
            elapsed = time.monotonic() - started
            stop.set()
            sampler.join()
            if cli.returncode != 0:
                raise SystemExit(
                    f"submit failed ({cli.returncode}):\n{cli_err.read_text()[-3000:]}\n"
                    f"API log:\n{api_log.read_text()[-3000:]}"
                )
            job = cli_log.read_text().split()[1]
            state = httpx.get(f"{base}/v1/batches/{job}", headers=headers).json()
            ids_in_order, count = True, 0
            with httpx.stream(
                "GET", f"{base}/v1/batches/{job}/results", headers=headers, timeout=None
            ) as results:
                for line in results.iter_lines():
                    if line:
                        ids_in_order &= json.loads(line)["id"] == f"doc-{count}"
                        count += 1
    counts = state["counts"]
    print(f"batch {job}: {state['status']}, {counts}")
    if uploaded is not None:
        print(
            f"upload (file -> API -> stored and dispatched): {uploaded:.0f} s, "
            f"{args.articles / uploaded:.0f} lines/s"
        )
    print(
        f"nothing lost: {count} results for {args.articles} lines, in input order: {ids_in_order}"
    )
    print(
        f"end to end: {args.articles / elapsed:.1f} articles/s ({elapsed:.0f} s, "
        f"{args.concurrency} worker processes)"
    )
    print(f"{'RSS MB':<10}{'peak':>8}{'at 10%':>9}{'at 50%':>9}{'at 100%':>9}")
    for role in ("cli", "api", "workers"):
        peak = max(rss[role] for _, rss in samples.points)
        print(
            f"{role:<10}{peak:>8.0f}"
            + "".join(f"{at_fraction(samples, f, role):>9.0f}" for f in (0.1, 0.5, 1.0))
        )


if __name__ == "__main__":
    main()
