"""The work of a summarize task, as plain functions: claim, run the engine, store.

Celery is not needed here: tests call :func:`run_summaries` directly with a fake
engine, and the task in :mod:`workers.tasks` only wraps it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any, TypeVar

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from service.config import Settings
from service.drafts import build_draft
from service.errors import BriefingError, ConfigError, TransientEngineError
from service.notify import publish_summaries_finished
from service.observability import count_failure, observe_engine
from service.storage.claims import (
    ClaimResult,
    Result,
    claim_queued,
    claim_summary,
    complete_summaries,
    fail_summary,
    heartbeat,
    release_summary,
    this_process,
)
from service.storage.db import session_scope
from service.storage.models import Article, Summary, utcnow
from service.text.output import clean_briefing
from workers.engines.base import ArticleInput, Briefing, Engine

log = logging.getLogger(__name__)

EngineLoader = Callable[[str, str], Engine]
"""(engine name, model id) -> a loaded engine."""

Resend = Callable[[int, str], None]
"""(summary id, queue) -> send that summary in a task of its own."""

DATABASE_DOWN = (OperationalError, InterfaceError)
"""What SQLAlchemy raises while the database cannot be reached."""

T = TypeVar("T")


class Outcome(StrEnum):
    done = "done"
    failed = "failed"
    skipped = "skipped"  # already done, or another worker has it
    isolated = "isolated"  # a worker died on its batch: sent again in a task of its own


@dataclass(frozen=True)
class RunPolicy:
    """How a worker claims, heartbeats and stores; built from the settings."""

    database_url: str
    max_attempts: int = 3
    recover_after_s: float = 120.0
    heartbeat_interval_s: float = 30.0
    store_retry_s: float = 120.0
    """How long a finished result is kept trying to reach a database that is down."""

    @classmethod
    def from_settings(cls, settings: Settings) -> RunPolicy:
        return cls(
            database_url=settings.resolved_database_url,
            max_attempts=settings.worker.max_attempts,
            recover_after_s=settings.worker.recover_after_s,
            heartbeat_interval_s=settings.worker.heartbeat_interval_s,
        )


@dataclass(frozen=True)
class Claimed:
    summary_id: int
    engine: str
    model_id: str
    article: ArticleInput


def run_summaries(
    summary_ids: Sequence[int],
    *,
    policy: RunPolicy,
    engine_for: EngineLoader,
    resend: Resend | None = None,
) -> dict[int, Outcome]:
    """Brief the given summaries, one engine call per engine and model.

    A summary whose worker died while it was part of a batch is not run with the
    others again: it is handed to ``resend`` to run alone, so an article that
    kills workers uses up only its own attempts.

    Raises TransientEngineError after putting the claimed summaries back in the
    queue, and the database's OperationalError when it cannot be reached, so the
    caller can retry.
    """
    holder = this_process()
    outcomes = {summary_id: Outcome.skipped for summary_id in summary_ids}
    claims = _claim(summary_ids, policy=policy, holder=holder)
    for summary_id, queue in claims.isolated:
        outcomes[summary_id] = Outcome.isolated
        if resend is not None:
            resend(summary_id, queue)
    for summary_id in claims.exhausted:
        outcomes[summary_id] = Outcome.failed
    count_failure("attempts_exhausted", len(claims.exhausted))
    publish_summaries_finished(policy.database_url, claims.exhausted)
    groups: dict[tuple[str, str], list[Claimed]] = defaultdict(list)
    for item in claims.claimed:
        groups[(item.engine, item.model_id)].append(item)
    with _heartbeating([item.summary_id for item in claims.claimed], holder, policy):
        for (engine_name, model_id), items in groups.items():
            outcomes.update(_run_group(items, engine_name, model_id, policy, holder, engine_for))
    return outcomes


@dataclass
class Claims:
    claimed: list[Claimed] = field(default_factory=list)
    isolated: list[tuple[int, str]] = field(default_factory=list)  # (summary id, queue)
    exhausted: list[int] = field(default_factory=list)


def _claim(summary_ids: Sequence[int], *, policy: RunPolicy, holder: str) -> Claims:
    """Queued summaries in one statement (the usual case); the rest one by one, since
    taking over a dead worker's summary or ending an exhausted one needs a look at it."""
    stale_before = utcnow() - timedelta(seconds=policy.recover_after_s)
    claims = Claims()
    with session_scope(policy.database_url) as session:
        taken = set(
            claim_queued(
                session=session,
                summary_ids=summary_ids,
                holder=holder,
                max_attempts=policy.max_attempts,
            )
        )
        for summary_id in summary_ids:
            if summary_id in taken:
                continue
            result = claim_summary(
                session=session,
                summary_id=summary_id,
                holder=holder,
                stale_before=stale_before,
                max_attempts=policy.max_attempts,
                alone=len(summary_ids) == 1,
            )
            if result is ClaimResult.exhausted:
                claims.exhausted.append(summary_id)
            elif result is ClaimResult.isolate:
                claims.isolated.append((summary_id, _queue_of(session, summary_id)))
            elif result is ClaimResult.claimed:
                taken.add(summary_id)
        claims.claimed = _claimed(session, [i for i in summary_ids if i in taken])
    return claims


def _queue_of(session: Session, summary_id: int) -> str:
    row = session.get(Summary, summary_id)
    return row.queue if row is not None else "editor"


def _claimed(session: Session, summary_ids: list[int]) -> list[Claimed]:
    """What the engine needs of each claimed summary, read in one query."""
    if not summary_ids:
        return []
    rows = session.execute(
        select(
            Summary.id,
            Summary.engine,
            Summary.model_id,
            Summary.parameters,
            Article.text,
            Article.title,
        )
        .join(Article, Summary.article_id == Article.id)
        .where(Summary.id.in_(summary_ids))
    )
    by_id = {
        row.id: Claimed(
            row.id,
            row.engine,
            row.model_id,
            _article_input(row.text, row.title, row.parameters),
        )
        for row in rows
    }
    return [by_id[summary_id] for summary_id in summary_ids if summary_id in by_id]


def _article_input(text: str, title: str | None, parameters: dict[str, Any]) -> ArticleInput:
    return ArticleInput(
        text=text,
        title=title,
        bullets=int(parameters.get("bullets", 5)),
        headline_candidates=int(parameters.get("headline_candidates", 1)),
        headline_max_words=parameters.get("headline_max_words"),
        summary_length=str(parameters.get("summary_length", "medium")),
    )


@contextmanager
def _heartbeating(summary_ids: list[int], holder: str, policy: RunPolicy) -> Iterator[None]:
    """Touch the claimed summaries' heartbeat while the engine works on them."""
    if not summary_ids:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(policy.heartbeat_interval_s):
            try:
                with session_scope(policy.database_url) as session:
                    heartbeat(session=session, summary_ids=summary_ids, holder=holder)
            except Exception:  # the database may be down: the next beat tries again
                log.warning("heartbeat for %s failed", summary_ids, exc_info=True)

    thread = threading.Thread(target=beat, name="briefing-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _run_group(
    items: list[Claimed],
    engine_name: str,
    model_id: str,
    policy: RunPolicy,
    holder: str,
    engine_for: EngineLoader,
) -> dict[int, Outcome]:
    try:
        engine = engine_for(engine_name, model_id)
        started = time.perf_counter()
        briefings = engine.summarize([item.article for item in items])
        elapsed_ms = int((time.perf_counter() - started) * 1000)
        observe_engine(engine_name, elapsed_ms / 1000)
    except TransientEngineError as exc:
        _release(items, policy, holder, str(exc))
        raise
    except ConfigError as exc:
        return _fail(items, policy, holder, str(exc), kind="config")
    except SoftTimeLimitExceeded:
        raise
    except (BriefingError, MemoryError, Exception) as exc:
        if len(items) > 1:
            # One bad article must not fail its batch-mates: run them one by one.
            outcomes: dict[int, Outcome] = {}
            for item in items:
                outcomes.update(
                    _run_group([item], engine_name, model_id, policy, holder, engine_for)
                )
            return outcomes
        return _fail(items, policy, holder, _engine_failure(exc))
    if len(briefings) != len(items):
        return _fail(items, policy, holder, "the engine returned a wrong number of briefings")
    share_ms = elapsed_ms // len(items)

    results = [
        _result(
            item,
            clean_briefing(briefing, source=item.article.text, max_bullets=item.article.bullets),
            engine.prompt_version,
            share_ms,
        )
        for item, briefing in zip(items, briefings, strict=True)
    ]

    def store(session: Session) -> set[int]:
        return complete_summaries(session=session, holder=holder, results=results)

    kept = _write(policy, store)
    for item in items:
        if item.summary_id not in kept:
            log.info("summary %s was taken over by another worker; result dropped", item.summary_id)
    publish_summaries_finished(policy.database_url, sorted(kept))
    return {
        item.summary_id: Outcome.done if item.summary_id in kept else Outcome.skipped
        for item in items
    }


def _engine_failure(exc: BaseException) -> str:
    if isinstance(exc, BriefingError):
        return str(exc)
    if isinstance(exc, MemoryError):
        log.error("the engine ran out of memory on one article")
        return "the article needs more memory than the worker has"
    log.exception("the engine failed unexpectedly on one article", exc_info=exc)
    return f"the engine failed on this article ({type(exc).__name__})"


def _result(item: Claimed, briefing: Briefing, prompt_version: str, ms: int) -> Result:
    """The stored result: the engine's lines, ranked headline candidates, each line's
    supporting source ranges and faithfulness flags (the draft's details)."""
    draft = build_draft(
        headline=briefing.headline,
        summary=briefing.summary,
        bullets=list(briefing.bullets),
        source=item.article.text,
        engine_details=briefing.details,
    )
    return Result(
        summary_id=item.summary_id,
        headline=draft.headline,
        summary=briefing.summary,
        bullets=list(briefing.bullets),
        chunks_read=briefing.chunks_read,
        prompt_version=prompt_version,
        engine_ms=ms,
        details=draft.details,
    )


def _write(policy: RunPolicy, work: Callable[[Session], T]) -> T:
    """Run a write, retrying with jittered backoff while the database is unreachable.

    Results that took engine time are worth waiting for; past ``store_retry_s`` the
    error propagates, and the claimed rows are left for the reconciler.
    """
    deadline = time.monotonic() + policy.store_retry_s
    delay = 0.5
    while True:
        try:
            with session_scope(policy.database_url) as session:
                return work(session)
        except DATABASE_DOWN:
            if time.monotonic() + delay > deadline:
                raise
            log.warning("database unreachable; retrying the write in up to %.1f s", delay)
            time.sleep(random.uniform(delay / 2, delay))
            delay = min(delay * 2, 15.0)


def _fail(
    items: list[Claimed], policy: RunPolicy, holder: str, reason: str, *, kind: str = "engine"
) -> dict[int, Outcome]:
    log.warning("summaries %s failed: %s", [item.summary_id for item in items], reason)
    count_failure(kind, len(items))

    def fail(session: Session) -> None:
        for item in items:
            fail_summary(session=session, summary_id=item.summary_id, holder=holder, error=reason)

    _write(policy, fail)
    publish_summaries_finished(policy.database_url, [item.summary_id for item in items])
    return {item.summary_id: Outcome.failed for item in items}


def _release(items: list[Claimed], policy: RunPolicy, holder: str, reason: str) -> None:
    def release(session: Session) -> None:
        for item in items:
            release_summary(
                session=session, summary_id=item.summary_id, holder=holder, error=reason
            )

    _write(policy, release)


def fail_summaries(summary_ids: Sequence[int], *, policy: RunPolicy, reason: str) -> None:
    """Fail the summaries this process still holds (time limit hit)."""
    holder = this_process()
    with session_scope(policy.database_url) as session:
        for summary_id in summary_ids:
            fail_summary(session=session, summary_id=summary_id, holder=holder, error=reason)
