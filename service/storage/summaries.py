"""Storing summaries and moving them through queued -> running -> done | failed."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.db import insert_unless_present
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
