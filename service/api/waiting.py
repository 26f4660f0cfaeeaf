"""Long-polls that sleep until their summary finishes, whatever their number.

One :class:`SummaryWaiter` per API process holds an event per waiting client:

- PostgreSQL: one connection ``LISTEN``s on :data:`service.notify.CHANNEL`; a
  worker's ``NOTIFY`` wakes the clients waiting on those summaries. A waiting
  client reads the database when it starts, when woken, and every
  ``RECHECK_S`` in case a notification was lost, never in a loop.
- SQLite (no notifications): one query every ``POLL_S`` asks which of *all* the
  waited-for summaries finished, however many clients wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from starlette.concurrency import run_in_threadpool

from service.notify import CHANNEL, notifies
from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus

log = logging.getLogger(__name__)

POLL_S = 0.25
"""SQLite: how often the one shared query runs while anyone waits."""
RECHECK_S = 10.0
"""PostgreSQL: a waiting client reads its summary this often in case a NOTIFY was lost."""
FINISHED = (SummaryStatus.done, SummaryStatus.failed)


class SummaryWaiter:
    """Wakes the clients waiting on summaries (ids of the shared ``summaries`` rows)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.listens = notifies(database_url)
        self._waiting: dict[int, set[asyncio.Event]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()
        """Set while the PostgreSQL listener is connected (tests wait for it)."""

    def start(self) -> None:
        if self._task is None:
            work = self._listen() if self.listens else self._poll()
            self._task = asyncio.get_running_loop().create_task(work, name="summary-waiter")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    @contextlib.asynccontextmanager
    async def watch(self, summary_id: int) -> AsyncIterator[asyncio.Event]:
        """An event set when the summary may have finished; watch before reading it,
        so a finish between the read and the wait is not missed."""
        self.start()
        event = asyncio.Event()
        self._waiting[summary_id].add(event)
        try:
            yield event
        finally:
            events = self._waiting.get(summary_id)
            if events is not None:
                events.discard(event)
                if not events:
                    del self._waiting[summary_id]

    def _wake(self, summary_ids: list[int]) -> None:
        for summary_id in summary_ids:
            for event in self._waiting.get(summary_id, ()):
                event.set()

    def _wake_all(self) -> None:
        self._wake(list(self._waiting))

    async def _listen(self) -> None:
        dsn = make_url(self.database_url).set(drivername="postgresql")
        conninfo = dsn.render_as_string(hide_password=False)
        backoff = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    conninfo, autocommit=True
                ) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    backoff = 0.5
                    self._wake_all()  # anything may have finished while we were away
                    async for notice in connection.notifies():
                        self._wake([int(part) for part in notice.payload.split(",") if part])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("summary notifications lost (%s); reconnecting", exc)
            self.connected.clear()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10.0)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(POLL_S)
            if not self._waiting:
                continue
            try:
                finished = await run_in_threadpool(self._finished, list(self._waiting))
            except Exception as exc:
                log.warning("could not look for finished summaries: %s", exc)
                continue
            self._wake(finished)

    def _finished(self, summary_ids: list[int]) -> list[int]:
        with session_scope(self.database_url) as session:
            query = select(Summary.id).where(
                Summary.id.in_(summary_ids), Summary.status.in_(FINISHED)
            )
            return list(session.scalars(query))


def get_waiter(state: object, database_url: str) -> SummaryWaiter:
    """The process's waiter for this database, kept on the app's state."""
    waiters: dict[str, SummaryWaiter] | None = getattr(state, "summary_waiters", None)
    if waiters is None:
        waiters = {}
        setattr(state, "summary_waiters", waiters)  # noqa: B010 - starlette State
    if database_url not in waiters:
        waiters[database_url] = SummaryWaiter(database_url)
    return waiters[database_url]


async def stop_waiters(state: object) -> None:
    for waiter in (getattr(state, "summary_waiters", None) or {}).values():
        await waiter.stop()
