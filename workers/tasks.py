"""Celery tasks: thin wrappers that unpack ids, call the pipeline and decide on retries."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval

from service import feeds
from service.briefs import build as briefs
from service.briefs import deliver as delivery
from service.briefs import scheduling
from service.config import get_settings
from service.errors import TransientEngineError
from service.observability import count_failure
from service.queue import (
    BRIEFS_QUEUE,
    BUILD_BRIEF_TASK,
    DELIVER_BRIEF_TASK,
    POLL_DUE_FEEDS_TASK,
    POLL_FEED_TASK,
    SCHEDULE_BRIEFS_TASK,
    SUMMARIZE_TASK,
    enqueue_task,
)
from service.storage.db import session_scope
from service.storage.feeds import claim_due_feeds
from service.storage.models import utcnow
from workers.pipeline import DATABASE_DOWN, RunPolicy, fail_summaries, run_summaries
from workers.runtime import engine_for, overview_writer

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 300
BRIEF_RECHECK_S = 2


@shared_task(name=SUMMARIZE_TASK, bind=True, max_retries=None)
def summarize(self: Task, summary_ids: list[int]) -> dict[str, str]:
    """Brief the summaries with these ids (one batched engine call per engine)."""
    settings = get_settings()
    policy = RunPolicy.from_settings(settings)

    def resend(summary_id: int, queue: str) -> None:
        self.app.send_task(SUMMARIZE_TASK, args=[[summary_id]], queue=queue)

    try:
        outcomes = run_summaries(summary_ids, policy=policy, engine_for=engine_for, resend=resend)
    except (TransientEngineError, *DATABASE_DOWN) as exc:
        retries: int = self.request.retries
        if retries >= settings.worker.max_retries:
            # Every claim counts an attempt, so the claims bound the retries of a bad
            # engine; what is left (the database stayed down) the reconciler resends.
            log.error("giving up on %s after %d retries: %s", summary_ids, retries + 1, exc)
            return {}
        countdown = get_exponential_backoff_interval(
            factor=1, retries=retries, maximum=MAX_BACKOFF_S, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=max(1, countdown)) from exc
    except SoftTimeLimitExceeded:
        count_failure("time_limit", len(summary_ids))
        fail_summaries(
            summary_ids,
            policy=policy,
            reason=f"took longer than {settings.worker.soft_time_limit_s} s "
            "(BRIEFING_WORKER__SOFT_TIME_LIMIT_S)",
        )
        return {}
    return {str(summary_id): outcome.value for summary_id, outcome in outcomes.items()}


@shared_task(name=BUILD_BRIEF_TASK, bind=True, max_retries=None)
def build_brief(self: Task, brief_id: int) -> str:
    """Build a brief: wait (by retrying) for its summaries, then cluster, rank, compose."""
    settings = get_settings()
    try:
        outcome = briefs.build_brief(
            settings=settings, brief_id=brief_id, write_overview=overview_writer(settings)
        )
    except DATABASE_DOWN as exc:
        countdown = get_exponential_backoff_interval(
            factor=1, retries=self.request.retries, maximum=MAX_BACKOFF_S, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=max(1, countdown)) from exc
    except Exception as exc:
        log.exception("brief %s failed", brief_id)
        briefs.fail_brief(settings=settings, brief_id=brief_id, reason=type(exc).__name__)
        return "failed"
    briefs.dispatch_summaries(settings, outcome.dispatch)
    if outcome.status is None:
        # Waiting for summaries on the same lane: come back shortly, holding no slot.
        raise self.retry(countdown=BRIEF_RECHECK_S)
    if outcome.deliver:
        self.app.send_task(DELIVER_BRIEF_TASK, args=[brief_id], queue=BRIEFS_QUEUE)
    return outcome.status.value


@shared_task(name=DELIVER_BRIEF_TASK, bind=True, max_retries=None)
def deliver_brief(self: Task, brief_id: int) -> bool:
    """POST a finished brief to its profile's webhook, retrying with backoff."""
    result = delivery.deliver_brief(settings=get_settings(), brief_id=brief_id)
    if result.retry:
        countdown = get_exponential_backoff_interval(
            factor=2, retries=self.request.retries, maximum=MAX_BACKOFF_S, full_jitter=True
        )
        raise self.retry(countdown=max(1, countdown))
    return result.delivered


@shared_task(name=POLL_FEED_TASK)
def poll_feed(feed_id: int) -> int:
    """Poll one feed; its failures are kept on the feed and retried by the beat."""
    settings = get_settings()
    try:
        result = feeds.poll_feed(settings=settings, feed_id=feed_id)
    except Exception as exc:  # kept on the feed as its last error; the beat backs off
        log.exception("polling feed %s failed", feed_id)
        feeds.record_failure(settings, feed_id, f"the poll failed ({type(exc).__name__})")
        return 0
    return result.new_items


@shared_task(name=POLL_DUE_FEEDS_TASK)
def poll_due_feeds() -> int:
    """Beat: send a poll for every feed whose time has come."""
    settings = get_settings()
    with session_scope(settings.resolved_database_url) as session:
        due = claim_due_feeds(session=session, now=utcnow())
    for feed_id in due:
        enqueue_task(settings, POLL_FEED_TASK, [feed_id])
    return len(due)


@shared_task(name=SCHEDULE_BRIEFS_TASK)
def schedule_briefs() -> int:
    """Beat: queue the briefs profiles' schedules call for, and resend stuck ones."""
    settings = get_settings()
    queued = scheduling.queue_scheduled_briefs(settings=settings, now=utcnow())
    for brief_id in queued:
        enqueue_task(settings, BUILD_BRIEF_TASK, [brief_id])
    return len(queued)
