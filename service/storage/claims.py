"""A summary's life in the workers: claim, heartbeat, finish, and recovery of lost work.

The database is the system of record. A worker process *claims* a summary
(queued -> running, one more attempt, ``claimed_by`` = its ``host:pid``), touches
``heartbeat_at`` while it works, and writes the result only while the claim is
still its own. Whatever the broker does with its messages, a summary that is
queued or running and makes no progress is found here and sent again, and one
that has used up its attempts ends ``failed`` with the reason.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, false, func, or_, select, true, update
from sqlalchemy.orm import Session, lazyload

from service.storage.models import Summary, SummaryStatus, utcnow

DEAD_WORKER = "worker died {attempts} times on this article"
WORKER_DIED = "a worker died"
"""How the error of a summary whose worker died begins (until it runs again)."""


def this_process() -> str:
    """The holder name a claim records: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_is_dead(holder: str | None) -> bool:
    """True only when ``holder`` is a process on this host that no longer exists.

    A holder on another host (or an unknown one) is judged by its heartbeat instead.
    """
    if not holder:
        return False
    host, _, pid_text = holder.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        # This process is asking, so it is not running that claim any more (a
        # prefork child runs one task at a time): the earlier run gave up on it.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class ClaimResult(StrEnum):
    claimed = "claimed"
    busy = "busy"  # another live worker has it
    finished = "finished"  # done or failed already
    exhausted = "exhausted"  # out of attempts: now failed
    isolate = "isolate"  # its worker died on a batch: queued again, to run alone
    missing = "missing"


def claim_summary(
    *,
    session: Session,
    summary_id: int,
    holder: str,
    stale_before: datetime,
    max_attempts: int,
    alone: bool = True,
) -> ClaimResult:
    """Take a summary for this worker, counting one attempt.

    Running summaries can be taken over when their holder is a dead process on
    this host or their heartbeat is older than ``stale_before``. A summary that
    has had ``max_attempts`` claims ends failed instead. One taken over from a
    dead worker while it is part of a batch (``alone`` false) is put back in the
    queue to run alone, so that an article that kills its worker does not spend
    its batch-mates' attempts.
    """
    row = session.get(Summary, summary_id, populate_existing=True)
    if row is None:
        return ClaimResult.missing
    if row.status in (SummaryStatus.done, SummaryStatus.failed):
        return ClaimResult.finished
    if row.status is SummaryStatus.running and not (
        _last_sign_of_life(row) < stale_before or holder_is_dead(row.claimed_by)
    ):
        return ClaimResult.busy
    if row.attempts >= max_attempts:
        reason = exhausted_reason(row)
        won = _compare_and_set(
            session, row, status=SummaryStatus.failed, error=reason, finished_at=utcnow()
        )
        return ClaimResult.exhausted if won else ClaimResult.busy
    if row.status is SummaryStatus.running and not alone:
        won = _compare_and_set(
            session,
            row,
            status=SummaryStatus.queued,
            claimed_by=None,
            error=f"{WORKER_DIED} on attempt {row.attempts}; running it alone",
        )
        return ClaimResult.isolate if won else ClaimResult.busy
    won = _compare_and_set(
        session,
        row,
        status=SummaryStatus.running,
        attempts=row.attempts + 1,
        claimed_by=holder,
        started_at=utcnow(),
        heartbeat_at=utcnow(),
    )
    return ClaimResult.claimed if won else ClaimResult.busy


def claim_queued(
    *, session: Session, summary_ids: Sequence[int], holder: str, max_attempts: int
) -> list[int]:
    """Claim, in one statement, those of the summaries that are queued with attempts
    left; returns their ids. Rows are locked in id order first, as every writer of
    several summaries does, so two of them never deadlock."""
    locked = list(
        session.scalars(
            select(Summary.id)
            .where(
                Summary.id.in_(summary_ids),
                Summary.status == SummaryStatus.queued,
                Summary.attempts < max_attempts,
            )
            .order_by(Summary.id)
            .with_for_update(skip_locked=True)
        )
    )
    if not locked:
        return []
    now = utcnow()
    result = session.execute(
        update(Summary)
        .where(Summary.id.in_(locked), Summary.status == SummaryStatus.queued)
        .values(
            status=SummaryStatus.running,
            attempts=Summary.attempts + 1,
            claimed_by=holder,
            started_at=now,
            heartbeat_at=now,
        )
        .returning(Summary.id)
        .execution_options(synchronize_session=False)
    )
    return [summary_id for (summary_id,) in result]


def exhausted_reason(row: Summary) -> str:
    died = not row.error or row.error.startswith(WORKER_DIED)
    if row.status is SummaryStatus.running or died:
        return DEAD_WORKER.format(attempts=row.attempts)
    return f"gave up after {row.attempts} attempts: {row.error}"


def _last_sign_of_life(row: Summary) -> datetime:
    moment = row.heartbeat_at or row.started_at or row.created_at
    # SQLite hands back naive datetimes; they are stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _compare_and_set(session: Session, row: Summary, **values: object) -> bool:
    """Update ``row`` only if nobody changed its status or attempts since we read it."""
    result = session.execute(
        update(Summary)
        .where(
            Summary.id == row.id,
            Summary.status == row.status,
            Summary.attempts == row.attempts,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def heartbeat(*, session: Session, summary_ids: Sequence[int], holder: str) -> int:
    """Show that ``holder`` is still working on these summaries."""
    result = session.execute(
        update(Summary)
        .where(
            Summary.id.in_(summary_ids),
            Summary.status == SummaryStatus.running,
            Summary.claimed_by == holder,
        )
        .values(heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


def _still_ours(summary_id: int, holder: str) -> object:
    # A result is kept unless another worker has since claimed the summary, or it
    # is finished: the reconciler may have queued it again, and then ours still counts.
    return and_(
        Summary.id == summary_id,
        or_(
            Summary.status == SummaryStatus.queued,
            and_(Summary.status == SummaryStatus.running, Summary.claimed_by == holder),
        ),
    )


@dataclass(frozen=True)
class Result:
    """What a worker writes for one summary it finished."""

    summary_id: int
    headline: str
    summary: str
    bullets: list[str]
    chunks_read: int
    prompt_version: str
    engine_ms: int
    details: dict[str, Any] | None = None
    """Headline candidates, each line's sources and flags (see service/drafts.py)."""


def complete_summaries(*, session: Session, holder: str, results: Sequence[Result]) -> set[int]:
    """Store finished results; returns the ids kept. A summary that another worker has
    since claimed, or that is finished, keeps what it has.

    The summaries still ours are locked in id order, then written in one executemany.
    """
    if not results:
        return set()
    ours = set(
        session.scalars(
            select(Summary.id)
            .where(
                Summary.id.in_([result.summary_id for result in results]),
                or_(
                    Summary.status == SummaryStatus.queued,
                    and_(Summary.status == SummaryStatus.running, Summary.claimed_by == holder),
                ),
            )
            .order_by(Summary.id)
            .with_for_update()
        )
    )
    rows = [
        {
            "b_id": r.summary_id,
            "headline": r.headline,
            "summary": r.summary,
            "bullets": r.bullets,
            "chunks_read": r.chunks_read,
            "prompt_version": r.prompt_version,
            "engine_ms": r.engine_ms,
            "details": r.details,
        }
        for r in results
        if r.summary_id in ours
    ]
    if rows:
        table = cast(Table, Summary.__table__)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(status=SummaryStatus.done, error=None, finished_at=utcnow()),
            rows,
        )
    return ours


def complete_summary(*, session: Session, holder: str, **result: Any) -> bool:
    """Store one result (the fields of :class:`Result`); False when it is not kept."""
    return bool(complete_summaries(session=session, holder=holder, results=[Result(**result)]))


def fail_summary(*, session: Session, summary_id: int, holder: str, error: str) -> bool:
    """End the summary failed with ``error``, if it is still this worker's."""
    result = session.execute(
        update(Summary)
        .where(_still_ours(summary_id, holder))  # type: ignore[arg-type]
        .values(status=SummaryStatus.failed, error=error, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def release_summary(*, session: Session, summary_id: int, holder: str, error: str) -> None:
    """Put a summary back in the queue after a transient error (the task retries it)."""
    session.execute(
        update(Summary)
        .where(_still_ours(summary_id, holder))  # type: ignore[arg-type]
        .values(status=SummaryStatus.queued, claimed_by=None, error=error)
        .execution_options(synchronize_session=False)
    )


def mark_dispatched(*, session: Session, summary_ids: Sequence[int]) -> None:
    """Record that the broker accepted a task for these summaries."""
    # Lock the rows in id order first: the worker may already be claiming them (in
    # id order, in one transaction), and an UPDATE .. IN walks rows in whatever
    # order the plan gives (physical order under a bitmap scan): the two deadlocked
    # under a 20,000-line batch.
    session.execute(
        select(Summary.id).where(Summary.id.in_(summary_ids)).order_by(Summary.id).with_for_update()
    ).all()
    session.execute(
        update(Summary)
        .where(Summary.id.in_(summary_ids))
        .values(dispatched_at=utcnow(), dispatches=Summary.dispatches + 1)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class Recovery:
    """What one reconciler pass decided."""

    resend: list[tuple[int, str]]  # (summary id, queue)
    failed: list[int]


# A resent summary waits longer each time before it is resent again, so a long but
# healthy backlog is not flooded with copies: 1x, 2x, 4x, 8x, then 16x the deadline.
MAX_BACKOFF_FACTOR = 16


def recover_stalled(
    *,
    session: Session,
    now: datetime,
    recover_after_s: float,
    undispatched_grace_s: float,
    max_attempts: int,
    busy_lanes: frozenset[str] = frozenset(),
    take_over_dead: bool = False,
    limit: int = 500,
) -> Recovery:
    """Find queued or running summaries that made no progress, and decide their fate.

    - queued and never handed to the broker (API crashed, broker down): resend;
    - queued and handed over more than the deadline ago (message lost by a broker
      restart, reserved by a killed worker, acked after a failed write): resend,
      backing off per resend; lanes in ``busy_lanes`` (their broker queue still has
      messages and their workers are finishing work) are left to drain first;
    - running without a heartbeat for the deadline (its worker died): queued again
      and resent, or failed once it has used ``max_attempts``; with
      ``take_over_dead`` (a worker starting up) also at once when its holder is a
      process on this host that no longer exists.

    Rows are locked with ``FOR UPDATE SKIP LOCKED`` where the database has it, so two
    reconcilers never take the same rows. The caller sends the resends, then calls
    :func:`mark_dispatched`.
    """
    deadline = now - timedelta(seconds=recover_after_s)
    query = (
        select(Summary)
        .where(
            or_(
                and_(
                    Summary.status == SummaryStatus.queued,
                    Summary.dispatched_at.is_(None),
                    Summary.created_at < now - timedelta(seconds=undispatched_grace_s),
                ),
                and_(
                    Summary.status == SummaryStatus.queued,
                    Summary.dispatched_at < deadline,
                    Summary.queue.not_in(busy_lanes) if busy_lanes else true(),
                ),
                and_(
                    Summary.status == SummaryStatus.running,
                    or_(
                        func.coalesce(Summary.heartbeat_at, Summary.started_at) < deadline,
                        Summary.claimed_by.like(f"{socket.gethostname()}:%")
                        if take_over_dead
                        else false(),
                    ),
                ),
            )
        )
        .options(lazyload(Summary.article))
        .order_by(Summary.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Summary)
    )
    resend: list[tuple[int, str]] = []
    failed: list[int] = []
    for row in session.scalars(query):
        if row.status is SummaryStatus.running:
            if _last_sign_of_life(row) >= deadline and not holder_is_dead(row.claimed_by):
                continue  # a live worker on this host, found by take_over_dead
            if row.attempts >= max_attempts:
                row.status = SummaryStatus.failed
                row.error = exhausted_reason(row)
                row.finished_at = now
                failed.append(row.id)
                continue
            row.status = SummaryStatus.queued
            row.claimed_by = None
            row.error = f"{WORKER_DIED} on attempt {row.attempts} (no heartbeat); sent again"
        elif row.dispatched_at is not None and not _backoff_over(row, now, recover_after_s):
            continue
        resend.append((row.id, row.queue))
    session.flush()
    return Recovery(resend=resend, failed=failed)


def _backoff_over(row: Summary, now: datetime, recover_after_s: float) -> bool:
    assert row.dispatched_at is not None
    dispatched = row.dispatched_at
    if dispatched.tzinfo is None:
        dispatched = dispatched.replace(tzinfo=now.tzinfo)
    factor = min(MAX_BACKOFF_FACTOR, 2 ** max(0, row.dispatches - 1))
    return dispatched < now - timedelta(seconds=recover_after_s * factor)


def lanes_making_progress(*, session: Session, since: datetime) -> set[str]:
    """Lanes in which some summary finished since ``since``."""
    rows = session.execute(
        select(Summary.queue).where(Summary.finished_at >= since).group_by(Summary.queue)
    )
    return {queue for (queue,) in rows}
