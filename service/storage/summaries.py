"""Storing summaries and moving them through queued -> running -> done | failed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from sqlalchemy import Table, select, tuple_, update
from sqlalchemy.orm import Session

from service.storage.db import insert_new, insert_unless_present
from service.storage.models import Summary, SummaryStatus


def params_key(engine: str, model_id: str, parameters: dict[str, Any]) -> str:
    """What makes two summaries of one article the same work."""
    canonical = json.dumps(
        {"engine": engine, "model": model_id, "parameters": parameters}, sort_keys=True
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find_or_create_summary(
    *,
    session: Session,
    article_id: int,
    engine: str,
    model_id: str,
    parameters: dict[str, Any],
    queue: str,
) -> tuple[Summary, bool]:
    """The summary for this article and parameters; True when it needs (re)running.

    A failed summary asked for again is queued again; any other existing one is
    returned as it is, so the same work never runs twice.
    """
    key = params_key(engine, model_id, parameters)
    existing = session.scalar(
        select(Summary).where(Summary.article_id == article_id, Summary.params_key == key)
    )
    if existing is not None:
        if existing.status is SummaryStatus.failed:
            existing.status = SummaryStatus.queued
            existing.error = None
            existing.dispatched_at = None
            existing.dispatches = 0
            existing.attempts = 0  # asked for again: a fresh budget of attempts
            existing.claimed_by = None
            existing.queue = queue
            session.flush()
            return existing, True
        return existing, False
    summary = Summary(
        article_id=article_id,
        engine=engine,
        model_id=model_id,
        parameters=parameters,
        params_key=key,
        queue=queue,
        status=SummaryStatus.queued,
        attempts=0,
        dispatches=0,
    )
    if not insert_unless_present(session, summary):
        # A concurrent request created it first: that one will run.
        found = session.scalars(
            select(Summary).where(Summary.article_id == article_id, Summary.params_key == key)
        ).one()
        return found, False
    return summary, True


@dataclass(frozen=True)
class SummaryRequest:
    """Engine work asked for: an article, an engine and model, their parameters."""

    article_id: int
    engine: str
    model_id: str
    parameters: dict[str, Any]
    queue: str

    @cached_property
    def key(self) -> tuple[int, str]:
        """What makes two requests the same work."""
        return self.article_id, params_key(self.engine, self.model_id, self.parameters)


@dataclass(frozen=True)
class StoredSummary:
    id: int
    queue: str
    status: SummaryStatus
    needs_run: bool
    """Created now, or failed before and queued again now: this request dispatches it."""


def store_summaries(
    *, session: Session, requests: Sequence[SummaryRequest]
) -> dict[tuple[int, str], StoredSummary]:
    """``(article id, params key)`` -> its summary, for every request, in a few
    statements for the lot: what is new is inserted queued, a failed one asked for
    again is queued again with a fresh budget of attempts, anything else is left as
    it is (the same work never runs twice). Of two requests racing for one summary,
    only the one whose statement inserted or requeued it gets ``needs_run``.
    """
    first = {request.key: request for request in reversed(requests)}
    table = cast(Table, Summary.__table__)
    inserted = session.execute(
        insert_new(session, table, "article_id", "params_key").returning(
            table.c.id, table.c.article_id, table.c.params_key, table.c.queue
        ),
        [
            {
                "article_id": r.article_id,
                "engine": r.engine,
                "model_id": r.model_id,
                "parameters": r.parameters,
                "params_key": key[1],
                "queue": r.queue,
                "status": SummaryStatus.queued,
                "attempts": 0,
                "dispatches": 0,
            }
            for key, r in sorted(first.items())
        ],
    )
    stored = {
        (article_id, key): StoredSummary(summary_id, queue, SummaryStatus.queued, True)
        for summary_id, article_id, key, queue in inserted
    }
    known = [key for key in first if key not in stored]
    if known:
        rows = session.execute(
            select(table.c.id, table.c.article_id, table.c.params_key, table.c.queue)
            .add_columns(table.c.status)
            .where(tuple_(table.c.article_id, table.c.params_key).in_(known))
            .order_by(table.c.id)
        )
        failed: list[int] = []
        for summary_id, article_id, key, queue, status in rows:
            stored[(article_id, key)] = StoredSummary(summary_id, queue, status, False)
            if status == SummaryStatus.failed:
                failed.append(summary_id)
        if failed:
            stored.update(_requeue(session, table, failed, first, stored))
    return stored


def _requeue(
    session: Session,
    table: Table,
    failed: list[int],
    requests: dict[tuple[int, str], SummaryRequest],
    stored: dict[tuple[int, str], StoredSummary],
) -> dict[tuple[int, str], StoredSummary]:
    """Queue failed summaries again on the lane now asked for, with a fresh budget."""
    key_of = {summary.id: key for key, summary in stored.items()}
    again: dict[tuple[int, str], StoredSummary] = {}
    # One row at a time, in id order, as every writer of several summaries locks them
    # (an UPDATE .. IN locks in the plan's order). Failed ones asked for again are few.
    for summary_id in failed:
        key = key_of[summary_id]
        queue = requests[key].queue
        result = session.execute(
            update(table)
            .where(table.c.id == summary_id, table.c.status == SummaryStatus.failed)
            .values(
                status=SummaryStatus.queued,
                queue=queue,
                error=None,
                dispatched_at=None,
                dispatches=0,
                attempts=0,
                claimed_by=None,
            )
        )
        if getattr(result, "rowcount", 0):
            again[key] = StoredSummary(summary_id, queue, SummaryStatus.queued, True)
    return again
