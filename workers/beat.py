"""The beat's schedule: feed polling and scheduled briefs (issue 9).

Run one beat per deployment: ``briefing beat`` (or ``celery -A workers.beat beat``);
``briefing up`` runs it inside its background worker. The reconciler runs inside the
workers (workers/celery_app.py), not here.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from service.queue import BRIEFS_QUEUE, POLL_DUE_FEEDS_TASK, SCHEDULE_BRIEFS_TASK

FEEDS_EVERY_S = 30.0
BRIEFS_EVERY_S = 60.0

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "poll-due-feeds": {
        "task": POLL_DUE_FEEDS_TASK,
        "schedule": FEEDS_EVERY_S,
        "options": {"queue": BRIEFS_QUEUE, "expires": FEEDS_EVERY_S},
    },
    "schedule-briefs": {
        "task": SCHEDULE_BRIEFS_TASK,
        # Every minute: cron's resolution; a missed minute is found on the next run.
        "schedule": BRIEFS_EVERY_S,
        "options": {"queue": BRIEFS_QUEUE, "expires": BRIEFS_EVERY_S},
    },
}


def install_schedule(app: Celery) -> Celery:
    app.conf.beat_schedule = BEAT_SCHEDULE
    return app


def __getattr__(name: str) -> Celery:
    # `celery -A workers.beat beat` reads ``app``; made on demand, since
    # workers/celery_app.py imports this module while it builds that app.
    if name == "app":
        from workers.celery_app import app

        return install_schedule(app)
    raise AttributeError(name)
