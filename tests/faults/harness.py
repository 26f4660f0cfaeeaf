"""What the fault tests share: process trees, clients that submit, the tally of outcomes."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from tests.e2e.processes import briefing_process, environment, wait_for_http, wait_for_log

REPO_ROOT = Path(__file__).resolve().parents[2]
DIED = re.compile(
    r"\b(died|dies|dying|killed|lost|crash\w*|exited|stopped answering)", re.IGNORECASE
)
"""How a failure reason says that the worker process died on the article."""


# --- processes ------------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a live process, None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[2])


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def _live_pids() -> Iterator[tuple[int, tuple[str, int, int]]]:
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) and stat[0] not in ("Z", "X"):
            yield int(entry), stat


def children(pid: int) -> list[int]:
    """Live direct children of ``pid`` (a Celery parent's pool processes)."""
    return sorted(child for child, stat in _live_pids() if stat[1] == pid)


def descendants(pid: int) -> list[int]:
    """Live processes started by ``pid``, at any depth."""
    parents = {child: stat[1] for child, stat in _live_pids()}
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        kids = [child for child, parent in parents.items() if parent == current]
        found += kids
        frontier += kids
    return sorted(found)


def still_running(pids: Iterable[int], pgids: Iterable[int]) -> list[int]:
    """Which of ``pids`` live on, or any process at all in one of the groups ``pgids``."""
    groups = set(pgids)
    live = {pid for pid, stat in _live_pids() if stat[2] in groups}
    return sorted(live | {pid for pid in pids if alive(pid)})


def process_group(pid: int) -> int | None:
    stat = _stat(pid)
    return None if stat is None else stat[2]


def kill_groups(pgids: Iterable[int]) -> None:
    """SIGKILL whole process groups that a test's processes created (cleanup)."""
    for pgid in set(pgids):
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)


def group_members(pgid: int) -> list[int]:
    """Live processes of one process group (a `briefing up` and all it started)."""
    return sorted(pid for pid, stat in _live_pids() if stat[2] == pgid)


def kill9(pids: Iterable[int]) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_for(
    condition: Callable[[], bool], timeout_s: float, what: str, poll_s: float = 0.2
) -> float:
    """Seconds until ``condition()`` held; AssertionError naming ``what`` on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if condition():
            return time.monotonic() - started
        time.sleep(poll_s)
    raise AssertionError(f"{what}: not within {timeout_s} s")


def service_env(database_url: str, broker_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """Settings for the API and workers of a fault test: short deadlines, open auth."""
    settings = {
        "BRIEFING_DATABASE_URL": database_url,
        "BRIEFING_BROKER_URL": broker_url,
        "BRIEFING_DATA_DIR": str(workdir / "data"),
        "BRIEFING_ENGINE": "extractive",
        "BRIEFING_AUTH": "open",
        "BRIEFING_WORKER__RECOVER_AFTER_S": "3",
        "BRIEFING_WORKER__RECONCILE_INTERVAL_S": "0.5",
        "BRIEFING_WORKER__MAX_ATTEMPTS": "3",
        "BRIEFING_WORKER__UNDISPATCHED_GRACE_S": "1",
        "FAULTS_ENGINE_RUNS_FILE": str(workdir / "engine-runs.txt"),
        "PYTHONPATH": str(REPO_ROOT),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    return environment(**{**settings, **extra})


@contextmanager
def api_process(env: dict[str, str], workdir: Path, port: int) -> Iterator[Any]:
    log = workdir / "api.log"
    args = ["api", "--host", "127.0.0.1", "--port", str(port)]
    with briefing_process(args, env, log) as process:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", process, log)
        yield process


@contextmanager
def worker_process(
    env: dict[str, str], workdir: Path, *, name: str = "worker", concurrency: int = 2
) -> Iterator[Any]:
    """A real prefork Celery worker, started through the counting/poisoning wrapper."""
    log = workdir / f"{name}.log"
    args = ["worker", "--engine", "extractive", "--concurrency", str(concurrency)]
    with briefing_process(args, env, log, module="tests.faults.poison_worker") as process:
        wait_for_log("ready.", process, log)
        yield process


def engine_reruns(workdir: Path) -> int:
    """Engine runs beyond the first per article (work redone after a fault)."""
    runs = Counter(key for key, _, _ in engine_runs(workdir))
    return sum(runs.values()) - len(runs)


def engine_runs(workdir: Path) -> list[tuple[str, int, bool]]:
    """(text key, pid, poisoned) for every engine run the wrapper recorded."""
    path = workdir / "engine-runs.txt"
    if not path.is_file():
        return []
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    return [(key, int(pid), flag == "1") for key, pid, flag in rows]


# --- clients --------------------------------------------------------------------------


class Stories:
    """Distinct stories for several threads at once (``next(count)`` is atomic)."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.counter = itertools.count()

    def __call__(self) -> str:
        return story(next(self.counter), self.tag)

    def take(self, n: int) -> list[str]:
        return [self() for _ in range(n)]


def story(index: int, tag: str) -> str:
    """A short, distinct news text: each index gives new content (no deduplication)."""
    return (
        f"The council of town {tag}{index} approved a budget of {index * 7 + 3} million "
        f"euros on Tuesday. Officials said the plan for district {index} would add "
        f"{index % 40 + 2} schools and {index % 9 + 1} clinics by next year. Critics "
        f"warned that costs for project {tag}{index} could rise before the vote in "
        f"{2030 + index % 7}."
    )


def long_story(index: int, tag: str) -> str:
    """About 24 sentences: enough engine work that a backlog is in flight at a fault."""
    return " ".join(story(index * 100 + part, tag) for part in range(8))


@dataclass
class Submission:
    text: str
    status: int | None
    """HTTP status, None when no answer came back (timeout, refused)."""
    summary_id: int | None
    at: float
    duplicate: bool = False

    @property
    def accepted(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Client:
    """Submits articles to the real API from a pool of threads, recording every answer."""

    def __init__(self, base: str, *, threads: int = 8, timeout_s: float = 30) -> None:
        self.base = base
        self.http = httpx.Client(
            base_url=base,
            timeout=timeout_s,
            limits=httpx.Limits(max_connections=threads, max_keepalive_connections=threads),
        )
        self.pool = ThreadPoolExecutor(max_workers=threads)
        self.submissions: list[Submission] = []
        self._lock = threading.Lock()

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def submit_one(self, text: str) -> Submission:
        try:
            response = self.http.post("/v1/articles", json={"text": text})
            body = (
                response.json() if response.headers.get("content-type", "").endswith("json") else {}
            )
            result = Submission(
                text, response.status_code, body.get("summary_id"), time.monotonic(),
                bool(body.get("duplicate")),
            )  # fmt: skip
        except httpx.HTTPError:
            result = Submission(text, None, None, time.monotonic())
        with self._lock:
            self.submissions.append(result)
        return result

    def submit(self, texts: Iterable[str]) -> list[Submission]:
        """Submit all, concurrently; returns when every answer is in."""
        return list(self.pool.map(self.submit_one, texts))

    @contextmanager
    def trickle(self, next_text: Callable[[], str], every_s: float) -> Iterator[None]:
        """Keep submitting ``next_text()`` every ``every_s`` in the background while inside."""
        stop = threading.Event()

        def run() -> None:
            while not stop.is_set():
                self.submit_one(next_text())
                stop.wait(every_s)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=60)

    @property
    def accepted_ids(self) -> set[int]:
        with self._lock:
            return {s.summary_id for s in self.submissions if s.accepted and s.summary_id}

    def statuses(self) -> Counter[int | None]:
        with self._lock:
            return Counter(s.status for s in self.submissions)


# --- the tally ------------------------------------------------------------------------


class Ledger:
    """Reads the system of record (the summaries table) straight from the database."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url, poolclass=NullPool)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def rows(self) -> dict[int, dict[str, Any]]:
        query = text("SELECT id, article_id, status, attempts, error, engine_ms FROM summaries")
        with self.engine.connect() as connection:
            return {row.id: row._asdict() for row in connection.execute(query)}

    def count(self, status: str) -> int:
        query = text("SELECT count(*) FROM summaries WHERE status = :status")
        with self.engine.connect() as connection:
            return int(connection.execute(query, {"status": status}).scalar_one())

    def settled(self, ids: set[int], expect_failed: set[int] = frozenset()) -> bool:  # type: ignore[assignment]
        rows = self.rows()
        return all(
            i in rows and rows[i]["status"] in ({"failed"} if i in expect_failed else {"done"})
            for i in ids
        )

    def wait_settled(
        self,
        ids: set[int],
        timeout_s: float,
        expect_failed: set[int] = frozenset(),  # type: ignore[assignment]
    ) -> float | None:
        """Seconds until every id ended as expected, None if some had not by ``timeout_s``
        (the tally then counts them lost and :meth:`unsettled` says which)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout_s:
            with suppress(SQLAlchemyError):  # the database may be coming back
                if self.settled(ids, expect_failed):
                    return time.monotonic() - started
            time.sleep(0.25)
        return None

    def wait_finished(self, ids: set[int], timeout_s: float) -> float | None:
        """Seconds until every id is `done` or `failed`, None if not by ``timeout_s``."""
        started = time.monotonic()
        while time.monotonic() - started < timeout_s:
            rows = self.rows()
            if all(i in rows and rows[i]["status"] in ("done", "failed") for i in ids):
                return time.monotonic() - started
            time.sleep(0.25)
        return None

    def unsettled(self, ids: set[int], expect_failed: set[int] = frozenset()) -> str:  # type: ignore[assignment]
        """Which of ``ids`` did not end as expected, for an assertion message."""
        rows = self.rows()
        wrong = [
            rows.get(i, {"id": i, "status": "missing"}) for i in sorted(ids)
            if rows.get(i, {}).get("status") != ("failed" if i in expect_failed else "done")
        ]  # fmt: skip
        by_status = Counter(row["status"] for row in wrong)
        return f"{len(wrong)} not ended as expected: {dict(by_status)}; e.g. {wrong[:5]}"


@dataclass
class Figures:
    """One scenario's outcome, as the README's reliability table shows it."""

    scenario: str
    accepted: int
    done: int
    failed: int
    lost: int
    duplicated: int
    recovery_s: float | None
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        recovery = "n/a" if self.recovery_s is None else f"{self.recovery_s:.1f}"
        extra = " ".join(f"{k}={v}" for k, v in self.extra.items())
        return (
            f"[faults] {self.scenario}: accepted={self.accepted} done={self.done} "
            f"failed={self.failed} lost={self.lost} duplicated={self.duplicated} "
            f"recovery_s={recovery} {extra}".rstrip()
        )


def tally(
    scenario: str,
    ledger: Ledger,
    accepted: set[int],
    *,
    recovery_s: float | None,
    expect_failed: set[int] = frozenset(),  # type: ignore[assignment]
    **extra: Any,
) -> Figures:
    """Count outcomes: lost = accepted but not ended as expected (``done``, or ``failed``
    for the poison); duplicated = summary rows beyond one per article."""
    rows = ledger.rows()
    per_article = Counter(row["article_id"] for row in rows.values())
    ended = {
        i for i in accepted
        if i in rows and rows[i]["status"] == ("failed" if i in expect_failed else "done")
    }  # fmt: skip
    return Figures(
        scenario=scenario,
        accepted=len(accepted),
        done=sum(1 for i in accepted if i in rows and rows[i]["status"] == "done"),
        failed=sum(1 for i in accepted if i in rows and rows[i]["status"] == "failed"),
        lost=len(accepted - ended),
        duplicated=sum(n - 1 for n in per_article.values()),
        recovery_s=None if recovery_s is None else round(recovery_s, 1),
        extra=extra,
    )


def publish(figures: Figures) -> None:
    """Print the one-line figures and, if asked, write them for the README."""
    print(f"\n{figures.line()}")
    target = os.environ.get("BRIEFING_FAULT_REPORT_DIR")
    if target:
        directory = Path(target)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{figures.scenario}.json").write_text(json.dumps(asdict(figures), indent=2))
