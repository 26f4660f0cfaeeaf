"""Resend accepted work that no worker will finish.

The database, not the broker, is the system of record: a summary the API stored
but could not hand to the broker, or one left running by a worker that died (the
SQLite broker forgets a task once fetched), is queued again here.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from celery import Celery

from service.config import Settings
from service.queue import SUMMARIZE_TASK
from service.storage.db import session_scope
from service.storage.models import SummaryStatus, utcnow
from service.storage.summaries import find_stale_summaries, mark_dispatched

log = logging.getLogger(__name__)


def stale_after_s(settings: Settings) -> float:
    """A running summary older than this belonged to a worker that died."""
    return settings.worker.hard_time_limit_s + 30


def sweep_once(settings: Settings, app: Celery) -> int:
    """Requeue stale summaries; returns how many were sent."""
    now = utcnow()
    with session_scope(settings.resolved_database_url) as session:
        stale = find_stale_summaries(
            session=session,
            undispatched_before=now - timedelta(seconds=settings.worker.undispatched_grace_s),
            running_before=now - timedelta(seconds=stale_after_s(settings)),
        )
        for row in stale:
            row.status = SummaryStatus.queued
            row.dispatched_at = None
        work = [(row.id, row.queue) for row in stale]
    for summary_id, queue in work:
        app.send_task(SUMMARIZE_TASK, args=[[summary_id]], queue=queue)
        with session_scope(settings.resolved_database_url) as session:
            mark_dispatched(session=session, summary_ids=[summary_id])
    if work:
        log.info("requeued %d summaries that no worker would finish", len(work))
    return len(work)


def start_sweeper(settings: Settings, app: Celery) -> threading.Thread:
    """Sweep every ``worker.reconcile_interval_s`` in a daemon thread."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(settings.worker.reconcile_interval_s):
            try:
                sweep_once(settings, app)
            except Exception:
                log.exception("sweep failed; trying again later")

    thread = threading.Thread(target=loop, name="briefing-sweeper", daemon=True)
    thread.start()
    return thread
