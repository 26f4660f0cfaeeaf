"""An editor's article on an idle service, and with an archive's backlog queued, same run.

    .venv/bin/python benchmarks/lanes_latency.py [--backlog 20000] [--engine extractive]
        [--model DIR] [--samples 5]

Runs the API, an editor-lane worker and a bulk-lane worker at nice 10 (as `briefing up`
and the compose file do) on Redis and a fresh PostgreSQL database. Measures an editor
article's submit-to-done latency first on the idle service, then while ``--backlog``
bulk articles are queued, and prints both medians and their ratio (target: within 2x).
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.throughput import REDIS, articles, database  # noqa: E402
from tests.e2e.processes import (  # noqa: E402
    briefing_process,
    environment,
    free_port,
    wait_for_http,
    wait_for_log,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--engine", default="extractive")
    parser.add_argument("--model", default="extractive")
    return parser.parse_args()


def editor_latency(client: httpx.Client, text: str) -> float:
    started = time.perf_counter()
    accepted = client.post("/v1/articles", json={"text": text})
    accepted.raise_for_status()
    done = client.get(accepted.headers["location"], params={"wait": 30}).json()
    if done["status"] != "done":
        raise RuntimeError(f"editor article not done in 30 s: {done}")
    return time.perf_counter() - started


def main() -> None:
    import redis

    args = parse_args()
    redis.Redis.from_url(REDIS).flushdb()
    texts = articles(args.backlog + 2 * args.samples, words=300)
    editor_texts, backlog = texts[: 2 * args.samples], texts[2 * args.samples :]
    with database() as url, tempfile.TemporaryDirectory() as logs:
        env = environment(
            BRIEFING_DATABASE_URL=url,
            BRIEFING_BROKER_URL=REDIS,
            BRIEFING_AUTH="open",
            BRIEFING_ENGINE=args.engine,
            BRIEFING_MODEL=args.model,
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api_log = Path(logs) / "api.log"
        editor_log, bulk_log = Path(logs) / "editor.log", Path(logs) / "bulk.log"
        bulk_args = ["worker", "--queues", "scheduled,bulk", "--nice", "10", "--name", "bulk@%h"]
        with (
            briefing_process(["api", "--port", str(port)], env, api_log) as api,
            briefing_process(bulk_args, env, bulk_log) as bulk,
            briefing_process(
                ["worker", "--queues", "editor", "--name", "editor@%h"], env, editor_log
            ) as editor,
            httpx.Client(base_url=base, timeout=60) as client,
        ):
            wait_for_http(f"{base}/healthz", api, api_log)
            wait_for_log("ready.", bulk, bulk_log, timeout_s=300)
            wait_for_log("ready.", editor, editor_log, timeout_s=300)
            idle = [editor_latency(client, text) for text in editor_texts[: args.samples]]
            for start in range(0, len(backlog), 100):
                chunk = [{"text": t, "options": {"queue": "bulk"}} for t in backlog[start:][:100]]
                client.post("/v1/articles/batch", json={"articles": chunk}).raise_for_status()
            busy = [editor_latency(client, text) for text in editor_texts[args.samples :]]
            queued = client.get("/v1/summaries", params={"status": "queued", "limit": 1})
            still_queued = bool(queued.json()["items"])
    ratio = statistics.median(busy) / statistics.median(idle)
    print(f"backlog {args.backlog} bulk articles ({args.engine}); {args.samples} samples each")
    print(f"editor latency idle: median {statistics.median(idle) * 1000:.0f} ms")
    print(f"editor latency with the backlog: median {statistics.median(busy) * 1000:.0f} ms")
    print(f"ratio {ratio:.2f}x (target <= 2x); bulk work still queued at the end: {still_queued}")


if __name__ == "__main__":
    main()
