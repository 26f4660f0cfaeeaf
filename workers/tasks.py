"""Celery tasks: thin wrappers that unpack ids, call the pipeline and decide on retries."""

from __future__ import annotations

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.exc import OperationalError

from service.config import get_settings
from service.errors import TransientEngineError
from service.queue import SUMMARIZE_TASK
from workers.pipeline import fail_summaries, run_summaries
from workers.runtime import engine_for
from workers.sweeper import stale_after_s

MAX_BACKOFF_S = 300


@shared_task(name=SUMMARIZE_TASK, bind=True, max_retries=None)
def summarize(self: Task, summary_ids: list[int]) -> dict[str, str]:
    """Brief the summaries with these ids (one batched engine call per engine)."""
    settings = get_settings()
    database_url = settings.resolved_database_url
    try:
        outcomes = run_summaries(
            summary_ids,
            database_url=database_url,
            engine_for=engine_for,
            stale_after_s=stale_after_s(settings),
        )
    except (TransientEngineError, OperationalError) as exc:
        retries: int = self.request.retries
        if retries >= settings.worker.max_retries:
            fail_summaries(
                summary_ids,
                database_url=database_url,
                reason=f"gave up after {retries + 1} attempts: {exc}",
            )
            return {}
        raise self.retry(exc=exc, countdown=min(MAX_BACKOFF_S, 2**retries)) from exc
    except SoftTimeLimitExceeded:
        fail_summaries(
            summary_ids,
            database_url=database_url,
            reason=f"took longer than {settings.worker.soft_time_limit_s} s "
            "(BRIEFING_WORKER__SOFT_TIME_LIMIT_S)",
        )
        return {}
    return {str(summary_id): outcome.value for summary_id, outcome in outcomes.items()}
