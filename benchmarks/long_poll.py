"""Many concurrent long-polls (``GET /v1/summaries/{id}?wait=``) on a summary that stays queued.

    .venv/bin/python benchmarks/long_poll.py                       # 300 clients, wait=30
    .venv/bin/python benchmarks/long_poll.py --clients 100 --wait 10

Runs the real ``briefing api`` on a fresh PostgreSQL database twice in one run:
this checkout (waits woken by NOTIFY) and, as the baseline, the code of
``--baseline`` (default db8ef3d, which polled the database every 0.1 s per client),
exported with ``git archive``. No worker runs, so every client waits the full
``wait``. Prints, per version, how long the clients took (median, slowest) and the
database transactions per waiting client per second (pg_stat_database).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from io import BytesIO
from pathlib import Path

import httpx
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
)

ADMIN_URL = os.environ.get(
    "BRIEFING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--wait", type=float, default=30.0)
    parser.add_argument("--baseline", default="db8ef3d", help="git revision to compare with")
    return parser.parse_args()


def _transactions(admin_url: str, database: str) -> int:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        value = connection.execute(
            text("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = :d"),
            {"d": database},
        ).scalar_one()
    engine.dispose()
    return int(value)


async def _wait_all(
    port: int, path: str, clients: int, wait: float, headers: dict[str, str]
) -> list[float]:
    """Raw HTTP/1.1 over asyncio streams: an httpx client juggling hundreds of
    connections on this 2-core machine added seconds of its own to the slowest."""
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    request = (
        f"GET {path}?wait={wait} HTTP/1.1\r\nHost: bench\r\n{lines}Connection: close\r\n\r\n"
    ).encode()

    async def one() -> float:
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        answer = await reader.read()
        writer.close()
        status = answer.split(b" ", 2)[1]
        if status != b"200":
            raise RuntimeError(f"{path} answered {answer[:300]!r}")
        return time.monotonic() - started

    return list(await asyncio.gather(*(one() for _ in range(clients))))


def _run(
    label: str,
    env: dict[str, str],
    url_path: str,
    headers: dict[str, str],
    args: argparse.Namespace,
    database: str,
    workdir: Path,
) -> None:
    port = free_port()
    log = workdir / f"{label}.log"
    with briefing_process(["api", "--port", str(port)], env, log) as api:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", api, log)
        before = _transactions(ADMIN_URL, database)
        started = time.monotonic()
        times = asyncio.run(_wait_all(port, url_path, args.clients, args.wait, headers))
        wall = time.monotonic() - started
        spent = _transactions(ADMIN_URL, database) - before
    per_client_s = spent / (args.clients * args.wait)
    print(
        f"{label:<10} median {statistics.median(times):6.2f} s  slowest {max(times):6.2f} s  "
        f"wall {wall:6.2f} s  transactions/client/s {per_client_s:6.2f}"
    )


def main() -> None:
    args = parse_args()
    database = f"briefing_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    try:
        upgrade_database(url)
        with session_scope(url) as session:
            _, token = create_key(session=session, name="bench", scopes=["submit", "read"])
        env = environment(
            BRIEFING_DATABASE_URL=url,
            BRIEFING_BROKER_URL="redis://127.0.0.1:1/0",  # down: the summary stays queued
            BRIEFING_ENGINE="extractive",
            BRIEFING_MAX_WAITS_PER_KEY=str(args.clients),
            BRIEFING_RATE_LIMIT="",
        )
        headers = {"Authorization": f"Bearer {token}"}
        accepted = _submit(env, headers, url)
        print(f"{args.clients} clients, wait={args.wait:g} s, PostgreSQL, API without a worker")
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            _run("this", env, accepted, headers, args, database, workdir)
            old = _export(args.baseline, workdir / "baseline")
            # PYTHONSAFEPATH: `python -m` must not put this checkout first on the path.
            old_env = {**env, "PYTHONPATH": str(old), "PYTHONSAFEPATH": "1"}
            # The baseline knew no tenants: the summary's own id (the first) is its path.
            _run(f"{args.baseline}", old_env, "/v1/summaries/1", {}, args, database, workdir)
    finally:
        from service.storage.db import get_engine

        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def _submit(env: dict[str, str], headers: dict[str, str], url: str) -> str:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "submit.log"
        with briefing_process(["api", "--port", str(port)], env, log) as api:
            base = f"http://127.0.0.1:{port}"
            wait_for_http(f"{base}/healthz", api, log)
            response = httpx.post(
                f"{base}/v1/articles",
                json={"text": "The harbour reopened on Friday after the storm."},
                headers=headers,
                timeout=30,
            )
            response.raise_for_status()
            return str(response.headers["location"])


def _export(revision: str, target: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", revision, "service"],
        capture_output=True,
        check=True,
    ).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


if __name__ == "__main__":
    main()
