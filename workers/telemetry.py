"""The worker's side of service/observability.py: logging, request ids, task metrics.

Connected to Celery's signals when imported (``workers/celery_app.py`` imports it):

- ``setup_logging``: the worker logs like the API (``BRIEFING_LOG_FORMAT=text|json``),
  every line with the request id of the task it belongs to;
- ``task_prerun`` / ``task_postrun``: the request id the API put in the task's headers
  becomes this process's current one for the task, and the task's run time is observed
  by lane (queue) in ``briefing_task_duration_seconds``.

Metrics of prefork children reach /metrics through PROMETHEUS_MULTIPROC_DIR (see
service/observability.py); ``worker_process_shutdown`` marks a child's gauges dead.
"""

from __future__ import annotations

import logging
import os
import time
from contextvars import Token
from typing import Any

from celery.signals import setup_logging, task_postrun, task_prerun, worker_process_shutdown

from service.config import get_settings
from service.observability import (
    TASK_HEADER,
    configure_logging,
    observe_task,
    request_id_var,
    sane_request_id,
)

log = logging.getLogger(__name__)
_running: dict[str, tuple[float, Token[str | None]]] = {}


@setup_logging.connect
def _setup_logging(loglevel: Any = None, **_: Any) -> None:
    configure_logging(get_settings())
    if loglevel:
        logging.getLogger().setLevel(loglevel)


def task_request_id(request: Any) -> str | None:
    """The request id a task was sent with (a custom header), if any."""
    value = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        TASK_HEADER
    )
    return sane_request_id(str(value)) if value else None


@task_prerun.connect
def _task_started(task_id: str = "", task: Any = None, **_: Any) -> None:
    request_id = task_request_id(task.request) if task is not None else None
    token = request_id_var.set(request_id or task_id)
    _running[task_id] = (time.perf_counter(), token)
    log.info("task %s %s started", getattr(task, "name", "?"), task_id)


@task_postrun.connect
def _task_finished(task_id: str = "", task: Any = None, state: str = "", **_: Any) -> None:
    started, token = _running.pop(task_id, (None, None))
    if started is not None:
        seconds = time.perf_counter() - started
        delivery = (getattr(task.request, "delivery_info", None) if task else None) or {}
        lane = delivery.get("routing_key") or delivery.get("exchange") or "unknown"
        observe_task(str(lane), seconds)
        log.info(
            "task %s %s ended %s in %.3f s", getattr(task, "name", "?"), task_id, state, seconds
        )
    if token is not None:
        request_id_var.reset(token)


@worker_process_shutdown.connect
def _process_gone(pid: int | None = None, **_: Any) -> None:
    settings = get_settings()
    if settings.prometheus_multiproc_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid(), str(settings.prometheus_multiproc_dir))
