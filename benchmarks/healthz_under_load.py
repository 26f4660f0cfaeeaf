"""How fast /healthz answers while large HTML bodies are being extracted, beside idle.

Starts a real `briefing api` (SQLite in a temporary directory, no worker), measures
/healthz at rest, then again while ``--posts`` concurrent POSTs of ``--mb`` MB of HTML
each are extracted. With extraction on the event loop, /healthz waited seconds behind
them; off the loop it should stay near its idle figure. Run from the repository root:

    .venv/bin/python benchmarks/healthz_under_load.py [--posts 8] [--mb 4]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.storage.migrate import upgrade_database  # noqa: E402
from tests.e2e.processes import free_port, wait_for_http  # noqa: E402


def page(number: int, megabytes: float) -> str:
    sentence = f"Story {number}: the harbour reopened on Friday after the storm. "
    paragraph = f"<p>{sentence * 20}</p>"
    count = int(megabytes * 1_000_000 / len(paragraph))
    return "<html><body><article>" + paragraph * count + "</article></body></html>"


def probe(base: str, stop: threading.Event, out: list[float]) -> None:
    with httpx.Client() as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get(f"{base}/healthz", timeout=120)
            out.append(time.perf_counter() - started)
            time.sleep(0.05)


def figures(latencies: list[float]) -> str:
    ms = sorted(1000 * x for x in latencies)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return f"n={len(ms):4d}  median {statistics.median(ms):8.1f} ms  p95 {p95:8.1f} ms  max {ms[-1]:8.1f} ms"  # noqa: E501


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=8)
    parser.add_argument("--mb", type=float, default=4.0)
    parser.add_argument(
        "--source",
        type=Path,
        default=REPO,
        help="checkout whose code the API runs (e.g. an export of main, for a before figure)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        upgrade_database(f"sqlite:///{data / 'briefing.db'}")
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
        env.update(BRIEFING_DATA_DIR=str(data), BRIEFING_ENGINE="extractive")
        env["PYTHONPATH"] = str(args.source.resolve())
        port = free_port()
        log = Path(tmp) / "api.log"
        with open(log, "w") as out:
            api = subprocess.Popen(
                [sys.executable, "-m", "service.cli.main", "api", "--port", str(port)],
                env=env,
                cwd=args.source,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for_http(f"{base}/healthz", api, log)
            idle: list[float] = []
            stop = threading.Event()
            prober = threading.Thread(target=probe, args=(base, stop, idle))
            prober.start()
            time.sleep(3)
            stop.set()
            prober.join()

            bodies = [page(n, args.mb) for n in range(args.posts)]
            loaded: list[float] = []
            stop = threading.Event()
            prober = threading.Thread(target=probe, args=(base, stop, loaded))
            statuses: list[int] = []

            def post(body: str) -> None:
                response = httpx.post(f"{base}/v1/articles", json={"html": body}, timeout=600)
                statuses.append(response.status_code)

            posters = [threading.Thread(target=post, args=(body,)) for body in bodies]
            started = time.perf_counter()
            prober.start()
            for thread in posters:
                thread.start()
            for thread in posters:
                thread.join()
            elapsed = time.perf_counter() - started
            stop.set()
            prober.join()
        finally:
            api.terminate()
            api.wait(timeout=20)
    print(f"code from {args.source}")
    print(f"/healthz idle (baseline):                     {figures(idle)}")
    print(f"/healthz during {args.posts} x {args.mb:g} MB html POSTs:   {figures(loaded)}")
    print(f"the {args.posts} POSTs took {elapsed:.1f} s in all; statuses {sorted(set(statuses))}")


if __name__ == "__main__":
    main()
