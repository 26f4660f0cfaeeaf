"""The work of a summarize task, as plain functions: claim, run the engine, store.

Celery is not needed here: tests call :func:`run_summaries` directly with a fake
engine, and the task in :mod:`workers.tasks` only wraps it.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from service.errors import BriefingError, ConfigError, TransientEngineError
from service.notify import publish_summaries_finished
from service.storage.db import session_scope
from service.storage.models import SummaryStatus, utcnow
from service.storage.summaries import (
    claim_summary,
    complete_summary,
    fail_summary,
    get_summary,
    release_summary,
)
from workers.engines.base import ArticleInput, Briefing, Engine

log = logging.getLogger(__name__)

EngineLoader = Callable[[str, str], Engine]
"""(engine name, model id) -> a loaded engine."""


class Outcome(StrEnum):
    done = "done"
    failed = "failed"
    skipped = "skipped"  # already done, or another worker has it


@dataclass(frozen=True)
class Claimed:
    summary_id: int
    engine: str
    model_id: str
    article: ArticleInput


def run_summaries(
    summary_ids: Sequence[int],
    *,
    database_url: str,
    engine_for: EngineLoader,
    stale_after_s: float,
) -> dict[int, Outcome]:
    """Brief the given summaries, one engine call per engine and model.

    Raises TransientEngineError after putting the claimed summaries back in the
    queue, so the caller can retry them.
    """
    outcomes = {summary_id: Outcome.skipped for summary_id in summary_ids}
    claimed = _claim(summary_ids, database_url=database_url, stale_after_s=stale_after_s)
    groups: dict[tuple[str, str], list[Claimed]] = defaultdict(list)
    for item in claimed:
        groups[(item.engine, item.model_id)].append(item)
    for (engine_name, model_id), items in groups.items():
        outcomes.update(_run_group(items, engine_name, model_id, database_url, engine_for))
    return outcomes


def _claim(summary_ids: Sequence[int], *, database_url: str, stale_after_s: float) -> list[Claimed]:
    stale_before = utcnow() - timedelta(seconds=stale_after_s)
    claimed = []
    with session_scope(database_url) as session:
        for summary_id in summary_ids:
            if not claim_summary(session=session, summary_id=summary_id, stale_before=stale_before):
                continue
            row = get_summary(session=session, summary_id=summary_id)
            session.refresh(row)
            article = ArticleInput(
                text=row.article.text,
                title=row.article.title,
                bullets=int(row.parameters.get("bullets", 5)),
            )
            claimed.append(Claimed(summary_id, row.engine, row.model_id, article))
    return claimed


def _run_group(
    items: list[Claimed],
    engine_name: str,
    model_id: str,
    database_url: str,
    engine_for: EngineLoader,
) -> dict[int, Outcome]:
    try:
        engine = engine_for(engine_name, model_id)
        started = time.perf_counter()
        briefings = engine.summarize([item.article for item in items])
        elapsed_ms = int((time.perf_counter() - started) * 1000)
    except TransientEngineError as exc:
        _release(items, database_url, str(exc))
        raise
    except ConfigError as exc:
        return _fail(items, database_url, str(exc))
    except BriefingError as exc:
        if len(items) > 1:
            # One bad article must not fail its batch-mates: run them one by one.
            outcomes: dict[int, Outcome] = {}
            for item in items:
                outcomes.update(_run_group([item], engine_name, model_id, database_url, engine_for))
            return outcomes
        return _fail(items, database_url, str(exc))
    if len(briefings) != len(items):
        return _fail(items, database_url, "the engine returned a wrong number of briefings")
    share_ms = elapsed_ms // len(items)
    with session_scope(database_url) as session:
        for item, briefing in zip(items, briefings, strict=True):
            _store(session, item.summary_id, briefing, engine.prompt_version, share_ms)
    publish_summaries_finished(database_url, [item.summary_id for item in items])
    return {item.summary_id: Outcome.done for item in items}


def _store(
    session: Session, summary_id: int, briefing: Briefing, prompt_version: str, ms: int
) -> None:
    complete_summary(
        session=session,
        summary_id=summary_id,
        headline=briefing.headline,
        summary=briefing.summary,
        bullets=list(briefing.bullets),
        chunks_read=briefing.chunks_read,
        prompt_version=prompt_version,
        engine_ms=ms,
    )


def _fail(items: list[Claimed], database_url: str, reason: str) -> dict[int, Outcome]:
    log.warning("summaries %s failed: %s", [item.summary_id for item in items], reason)
    with session_scope(database_url) as session:
        for item in items:
            fail_summary(session=session, summary_id=item.summary_id, error=reason)
    publish_summaries_finished(database_url, [item.summary_id for item in items])
    return {item.summary_id: Outcome.failed for item in items}


def _release(items: list[Claimed], database_url: str, reason: str) -> None:
    with session_scope(database_url) as session:
        for item in items:
            release_summary(session=session, summary_id=item.summary_id, error=reason)


def fail_summaries(summary_ids: Sequence[int], *, database_url: str, reason: str) -> None:
    """Mark summaries failed that are not done yet (retries exhausted, time limit hit)."""
    with session_scope(database_url) as session:
        for summary_id in summary_ids:
            row = get_summary(session=session, summary_id=summary_id)
            if row.status is not SummaryStatus.done:
                fail_summary(session=session, summary_id=summary_id, error=reason)
