"""A batch's progress: counts by status, its state, rate and time left."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from service.storage.batches import Counts, count_items, get_batch, mark_finished
from service.storage.models import BatchStatus, utcnow


@dataclass(frozen=True)
class Progress:
    id: int
    status: BatchStatus
    counts: Counts
    rate_per_s: float
    """Lines finished (done or failed) per second since the batch was created."""
    eta_s: float | None
    """Seconds until the lines received so far are finished, at that rate."""


def read_progress(*, session: Session, tenant_id: int, batch_id: int) -> Progress:
    batch = get_batch(session=session, tenant_id=tenant_id, batch_id=batch_id)
    counts = count_items(session=session, batch=batch)
    left = counts.queued + counts.running
    if batch.closed_at is None:
        status = BatchStatus.accepting
    elif left:
        status = BatchStatus.running
    else:
        status = BatchStatus.done
        mark_finished(session=session, batch=batch)
    until = batch.finished_at or utcnow()
    elapsed = max((until - batch.created_at).total_seconds(), 1e-3)
    finished = counts.done + counts.failed
    rate = finished / elapsed
    eta = None if not left else (left / rate if rate > 0 else None)
    if status is BatchStatus.done:
        eta = 0.0
    return Progress(
        id=batch.id,
        status=status,
        counts=counts,
        rate_per_s=round(rate, 3),
        eta_s=None if eta is None else round(eta, 1),
    )
