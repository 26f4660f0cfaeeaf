"""Storing summaries and moving them through queued -> running -> done | failed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.errors import NotFoundError
from service.storage.models import MAX_ID, Article, ArticleTag, Summary, SummaryStatus


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
    try:
        with session.begin_nested():
            session.add(summary)
    except IntegrityError:
        # A concurrent request created it first: that one will run.
        found = session.scalars(
            select(Summary).where(Summary.article_id == article_id, Summary.params_key == key)
        ).one()
        return found, False
    return summary, True


def get_summary(*, session: Session, summary_id: int) -> Summary:
    summary = session.get(Summary, summary_id) if 0 < summary_id <= MAX_ID else None
    if summary is None:
        raise NotFoundError(f"no summary with id {summary_id}")
    return summary


@dataclass(frozen=True)
class SummaryPage:
    items: list[Summary]
    next_cursor: int | None


def list_summaries(
    *,
    session: Session,
    status: SummaryStatus | None = None,
    source: str | None = None,
    tag: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    cursor: int | None = None,
    limit: int = 50,
) -> SummaryPage:
    """Newest first; pass ``next_cursor`` back as ``cursor`` for the next page."""
    query = select(Summary).order_by(Summary.id.desc()).limit(limit + 1)
    if status is not None:
        query = query.where(Summary.status == status)
    if source is not None:
        query = query.where(Summary.article.has(Article.source == source))
    if tag is not None:
        query = query.where(
            Summary.article_id.in_(select(ArticleTag.article_id).where(ArticleTag.tag == tag))
        )
    if created_after is not None:
        query = query.where(Summary.created_at >= created_after)
    if created_before is not None:
        query = query.where(Summary.created_at < created_before)
    if cursor is not None:
        query = query.where(Summary.id < cursor)
    rows = list(session.scalars(query))
    more = len(rows) > limit
    items = rows[:limit]
    return SummaryPage(items=items, next_cursor=items[-1].id if more and items else None)
