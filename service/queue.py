"""The Celery side the API needs: configuration and enqueueing by task name.

The API never imports the worker's code: it sends tasks by name to a queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

from service.config import Settings
from service.observability import iter_task_headers

SUMMARIZE_TASK = "briefing.summarize"
BUILD_BRIEF_TASK = "briefing.build_brief"
DELIVER_BRIEF_TASK = "briefing.deliver_brief"
POLL_FEED_TASK = "briefing.poll_feed"
POLL_DUE_FEEDS_TASK = "briefing.poll_due_feeds"
SCHEDULE_BRIEFS_TASK = "briefing.schedule_briefs"
BRIEFS_QUEUE = "scheduled"

# "sqla+" URLs get kombu's SQLAlchemy transport with its polling interval fixed.
TRANSPORT_ALIASES["sqla"] = "service.sqlite_broker:Transport"


def celery_config(settings: Settings) -> dict[str, Any]:
    """Configuration shared by the API's client and the workers."""
    broker_url = settings.resolved_broker_url
    transport_options: dict[str, Any] = {
        # Redis: an unacknowledged task comes back after this long (a worker died).
        "visibility_timeout": settings.worker.visibility_timeout_s,
        # Redis: a worker takes from its queues in the order given (editor, then
        # scheduled, then bulk) instead of round robin.
        "queue_order_strategy": "priority",
    }
    if broker_url.startswith("sqla+"):
        transport_options = {"polling_interval": settings.broker_polling_interval_s}
    return {
        "broker_url": broker_url,
        "broker_transport_options": transport_options,
        "broker_connection_retry_on_startup": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
        # The database is the system of record; Celery keeps no results.
        "task_ignore_result": True,
        "result_backend": None,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": settings.worker.soft_time_limit_s,
        "task_time_limit": settings.worker.hard_time_limit_s,
        "task_default_queue": "editor",
        "task_create_missing_queues": True,
        "worker_hijack_root_logger": False,
        "broker_connection_timeout": 5,
    }


def make_celery(settings: Settings, name: str = "briefing") -> Celery:
    if settings.resolved_broker_url.startswith("sqla+sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = Celery(name, set_as_current=False)
    app.conf.update(celery_config(settings))
    return app


_clients: dict[str, Celery] = {}


def _client(settings: Settings) -> Celery:
    # One client (and its connection pool) per broker URL per process.
    url = settings.resolved_broker_url
    if url not in _clients:
        _clients[url] = make_celery(settings, name="briefing-api")
    return _clients[url]


def enqueue_summaries(settings: Settings, summary_ids: Sequence[int], queue: str) -> None:
    """Send one task that briefs these summaries together (one batched model call)."""
    _client(settings).send_task(
        SUMMARIZE_TASK,
        args=[list(summary_ids)],
        queue=queue,
        # The request id travels to the worker's log lines (workers/log_context.py).
        headers=dict(iter_task_headers()),
        retry=True,
        retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5},
    )


def enqueue_task(settings: Settings, name: str, args: list[Any], queue: str = BRIEFS_QUEUE) -> None:
    """Send a task by name (briefs and feeds run on the scheduled lane)."""
    _client(settings).send_task(
        name,
        args=args,
        queue=queue,
        headers=dict(iter_task_headers()),
        retry=True,
        retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5},
    )


def broker_reachable(settings: Settings, timeout_s: float = 2.0) -> bool:
    try:
        with _client(settings).connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout_s)
        return True
    except Exception:
        return False
