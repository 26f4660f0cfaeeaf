"""The beat's schedule: feed polling and scheduled briefs (issue 9).

Run one beat per deployment: ``celery -A workers.beat beat``. The reconciler runs
inside the workers (workers/celery_app.py), not here.
"""

from __future__ import annotations

from typing import Any

from service.queue import BRIEFS_QUEUE, POLL_DUE_FEEDS_TASK, SCHEDULE_BRIEFS_TASK
from workers.celery_app import app

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

app.conf.beat_schedule = BEAT_SCHEDULE
