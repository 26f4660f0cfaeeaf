"""Batches: a tenant's bulk jobs and their input lines, in input order.

Each line is a :class:`BatchItem` at its ``seq``: either a tenant summary (an
ordinary one, dispatched and protected by the reconciler like any other) or the
error that made the line unusable. Progress and results are read through the
summaries, so nothing is copied back when a worker finishes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy.orm import Session

from service.errors import ConflictError, NotFoundError
from service.storage.models import (
    MAX_ID,
    Article,
    Batch,
    BatchItem,
    Summary,
    SummaryStatus,
    TenantSummary,
    utcnow,
)


def create_batch(*, session: Session, tenant_id: int) -> Batch:
    batch = Batch(tenant_id=tenant_id, received=0)
    session.add(batch)
    session.flush()
    return batch


def get_batch(*, session: Session, tenant_id: int, batch_id: int) -> Batch:
    """The tenant's batch; another tenant's id is as unknown as a missing one."""
    batch = session.get(Batch, batch_id) if 0 < batch_id <= MAX_ID else None
    if batch is None or batch.tenant_id != tenant_id:
        raise NotFoundError(f"no batch with id {batch_id}")
    return batch


def reserve_lines(
    *, session: Session, batch_id: int, count: int, expected: int | None = None
) -> int:
    """Take the next ``count`` places in input order; returns the first ``seq``.

    One UPDATE .. RETURNING: on PostgreSQL it locks the batch row until commit, so
    two uploads into one batch never get the same places. With ``expected`` the
    places must start there (an upload's lines stay contiguous; a second upload
    racing a first, e.g. a resume while the cut one still winds up, gets 409).
    """
    query = update(Batch).where(Batch.id == batch_id, Batch.closed_at.is_(None))
    if expected is not None:
        query = query.where(Batch.received == expected)
    received = session.scalar(
        query.values(received=Batch.received + count)
        .returning(Batch.received)
        .execution_options(synchronize_session=False)
    )
    if received is None:
        row = session.execute(
            select(Batch.received, Batch.closed_at).where(Batch.id == batch_id)
        ).one_or_none()
        if row is None or row.closed_at is not None:
            raise ConflictError(f"batch {batch_id} is closed: it accepts no more lines")
        raise ConflictError(
            f"batch {batch_id} holds {row.received} lines, not {expected}: another "
            f"upload added lines; send from line {row.received + 1} on with "
            f"offset={row.received}"
        )
    return int(received) - count


def add_items(*, session: Session, items: Sequence[dict[str, Any]]) -> None:
    """Insert batch lines (the columns of :class:`BatchItem`) in one executemany."""
    if items:
        rows = [{"error": None, "tenant_summary_id": None, **item} for item in items]
        session.execute(insert(cast(Table, BatchItem.__table__)), rows)


def close_batch(*, session: Session, batch_id: int) -> None:
    session.execute(
        update(Batch)
        .where(Batch.id == batch_id, Batch.closed_at.is_(None))
        .values(closed_at=utcnow())
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class Counts:
    total: int
    queued: int
    running: int
    done: int
    failed: int


def count_items(*, session: Session, batch: Batch) -> Counts:
    """Lines by status: a refused line counts as failed."""
    by_status: Counter[str] = Counter()
    rows = session.execute(
        select(Summary.status, func.count())
        .select_from(BatchItem)
        .join(TenantSummary, TenantSummary.id == BatchItem.tenant_summary_id)
        .join(Summary, Summary.id == TenantSummary.summary_id)
        .where(BatchItem.batch_id == batch.id)
        .group_by(Summary.status)
    )
    for status, count in rows:
        by_status[str(status)] += int(count)
    refused = session.scalar(
        select(func.count())
        .select_from(BatchItem)
        .where(BatchItem.batch_id == batch.id, BatchItem.tenant_summary_id.is_(None))
    )
    return Counts(
        total=batch.received,
        queued=by_status[SummaryStatus.queued],
        running=by_status[SummaryStatus.running],
        done=by_status[SummaryStatus.done],
        failed=by_status[SummaryStatus.failed] + int(refused or 0),
    )


def mark_finished(*, session: Session, batch: Batch) -> None:
    if batch.finished_at is None:
        batch.finished_at = utcnow()
        session.flush()


@dataclass(frozen=True)
class ItemResult:
    seq: int
    input_id: str
    status: str
    headline: str | None
    summary: str | None
    bullets: list[str] | None
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.input_id,
            "status": self.status,
            "headline": self.headline,
            "summary": self.summary,
            "bullets": self.bullets,
            "error": self.error,
        }


def list_results(
    *,
    session: Session,
    batch_id: int,
    after_seq: int = -1,
    limit: int = 500,
    failed_only: bool = False,
) -> list[ItemResult]:
    """One page of lines in input order, from ``after_seq`` on (keyset paging)."""
    query = (
        select(
            BatchItem.seq,
            BatchItem.input_id,
            BatchItem.error,
            Summary.status,
            Summary.headline,
            Summary.summary,
            Summary.bullets,
            Summary.error,
        )
        .select_from(BatchItem)
        .outerjoin(TenantSummary, TenantSummary.id == BatchItem.tenant_summary_id)
        .outerjoin(Summary, Summary.id == TenantSummary.summary_id)
        .where(BatchItem.batch_id == batch_id, BatchItem.seq > after_seq)
        .order_by(BatchItem.seq)
        .limit(limit)
    )
    if failed_only:
        query = query.where(
            or_(BatchItem.tenant_summary_id.is_(None), Summary.status == SummaryStatus.failed)
        )
    results = []
    for seq, input_id, line_error, status, headline, summary, bullets, error in session.execute(
        query
    ):
        if line_error is not None:
            status, error = SummaryStatus.failed, line_error
        done = status == SummaryStatus.done
        results.append(
            ItemResult(
                seq=seq,
                input_id=input_id,
                status=str(status),
                headline=headline if done else None,
                summary=summary if done else None,
                bullets=bullets if done else None,
                error=error if status == SummaryStatus.failed else None,
            )
        )
    return results


def requeue_failed(*, session: Session, batch_id: int) -> list[tuple[int, int]]:
    """Queue the batch's failed summaries again on the bulk lane, with a fresh
    budget of attempts.

    Returns ``(summary id, text length)`` pairs, to dispatch sorted by length. Lines
    refused on arrival are not retried: their input itself is unusable.
    """
    failed = list(
        session.execute(
            select(Summary.id, func.length(Article.text))
            .select_from(BatchItem)
            .join(TenantSummary, TenantSummary.id == BatchItem.tenant_summary_id)
            .join(Summary, Summary.id == TenantSummary.summary_id)
            .join(Article, Article.id == Summary.article_id)
            .where(BatchItem.batch_id == batch_id, Summary.status == SummaryStatus.failed)
            .distinct()
        )
    )
    ids = [int(summary_id) for summary_id, _ in failed]
    if ids:
        session.execute(
            update(Summary)
            .where(Summary.id.in_(ids), Summary.status == SummaryStatus.failed)
            .values(
                status=SummaryStatus.queued,
                queue="bulk",
                error=None,
                attempts=0,
                dispatches=0,
                dispatched_at=None,
                claimed_by=None,
                finished_at=None,
            )
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Batch)
            .where(Batch.id == batch_id)
            .values(finished_at=None)
            .execution_options(synchronize_session=False)
        )
    return [(int(summary_id), int(length or 0)) for summary_id, length in failed]
