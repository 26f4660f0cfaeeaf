"""The worker's Celery app: `celery -A workers.celery_app worker` or `briefing worker`."""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_ready, worker_shutdown

import workers.telemetry  # noqa: F401  (signals: logs, request ids, task metrics)
from service.config import Settings, get_settings
from service.queue import make_celery
from workers.beat import install_schedule
from workers.reconcile import Reconciler
from workers.runtime import limit_threads, threads_per_process, warm_default_engine


def create_worker_app(settings: Settings) -> Celery:
    app = make_celery(settings, name="briefing-worker")
    app.conf.update(
        # Loading a model takes longer than Celery's default 4 s start-up allowance.
        worker_proc_alive_timeout=600,
        worker_concurrency=settings.worker.concurrency,
        worker_max_tasks_per_child=None,
        worker_cancel_long_running_tasks_on_connection_loss=True,
    )
    app.autodiscover_tasks(["workers"], related_name="tasks", force=True)
    return install_schedule(app)  # read only by a beat: `briefing beat` or `worker --beat`


@worker_process_init.connect
def _init_process(**_: Any) -> None:
    settings = get_settings()
    limit_threads(threads_per_process(settings))
    warm_default_engine()


_reconcilers: list[Reconciler] = []


@worker_ready.connect
def _start_reconciler(sender: Any = None, **_: Any) -> None:
    celery_app = sender.app if sender is not None else app
    _reconcilers.append(Reconciler(get_settings(), celery_app).start())


@worker_shutdown.connect
def _stop_reconciler(**_: Any) -> None:
    while _reconcilers:
        _reconcilers.pop().stop()


app = create_worker_app(get_settings())
