"""The reconciler: makes the broker match the database, the system of record.

Any summary that is queued or running and has made no progress for
``BRIEFING_WORKER__RECOVER_AFTER_S`` is sent again, whatever the broker did with
its message (lost by a Redis restart, reserved by a killed worker, acked after a
failed write), and one that has used up its attempts ends failed. Every worker
runs the loop, but a database lease lets only one of them work at a time per
deployment; it uses connections of its own (no pool), never shared with the pool
children its process forks.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from celery import Celery

from service.config import Settings
from service.notify import publish_summaries_finished
from service.observability import count_failure, count_reconciler_resend
from service.queue import SUMMARIZE_TASK
from service.storage.claims import (
    holder_is_dead,
    lanes_making_progress,
    mark_dispatched,
    recover_stalled,
    this_process,
)
from service.storage.db import session_scope
from service.storage.leases import acquire_lease, release_lease
from service.storage.models import utcnow

log = logging.getLogger(__name__)

LEASE_NAME = "reconciler"


@dataclass(frozen=True)
class Pass:
    """What one reconciler pass did."""

    resent: int
    failed: int


def lease_ttl_s(settings: Settings) -> float:
    return max(30.0, 3 * settings.worker.reconcile_interval_s)


def reconcile_once(
    settings: Settings, app: Celery, holder: str, *, starting: bool = False
) -> Pass | None:
    """One pass, if this process holds the lease; None when another reconciler does.

    ``starting``: the first pass of a worker, which also takes over at once the work
    of dead processes on this host (a restart after a crash need not wait).
    """
    url = settings.resolved_database_url
    with session_scope(url, pooled=False) as session:
        if not acquire_lease(
            session=session,
            name=LEASE_NAME,
            holder=holder,
            ttl_s=lease_ttl_s(settings),
            holder_is_dead=holder_is_dead,
        ):
            return None
    now = utcnow()
    recover_after_s = settings.worker.recover_after_s
    with session_scope(url, pooled=False) as session:
        progressing = lanes_making_progress(
            session=session, since=now - timedelta(seconds=recover_after_s)
        )
    busy = frozenset(lane for lane in progressing if _broker_depth(app, lane) > 0)
    with session_scope(url, pooled=False) as session:
        recovery = recover_stalled(
            session=session,
            now=now,
            recover_after_s=recover_after_s,
            undispatched_grace_s=settings.worker.undispatched_grace_s,
            max_attempts=settings.worker.max_attempts,
            busy_lanes=busy,
            take_over_dead=starting,
        )
    sent = _send(app, recovery.resend)
    count_reconciler_resend(len(sent))
    count_failure("attempts_exhausted", len(recovery.failed))
    publish_summaries_finished(url, recovery.failed)
    if sent:
        with session_scope(url, pooled=False) as session:
            mark_dispatched(session=session, summary_ids=sent)
    if sent or recovery.failed:
        log.info(
            "reconciler: sent %d summaries again, failed %d out of attempts",
            len(sent),
            len(recovery.failed),
        )
    return Pass(resent=len(sent), failed=len(recovery.failed))


def _send(app: Celery, work: list[tuple[int, str]]) -> list[int]:
    """One task per summary: a resent article runs alone, so a poison one hurts nobody."""
    sent = []
    for summary_id, queue in work:
        try:
            app.send_task(SUMMARIZE_TASK, args=[[summary_id]], queue=queue, retry=False)
        except Exception:
            log.warning("broker unreachable; %d summaries wait for the next pass", len(work))
            break
        sent.append(summary_id)
    return sent


def _broker_depth(app: Celery, queue: str) -> int:
    """Messages waiting in a lane's broker queue; 0 when unknown or absent."""
    try:
        with app.connection_for_read() as connection:
            _name, count, _consumers = connection.default_channel.queue_declare(
                queue=queue, passive=True
            )
            return int(count)
    except Exception:
        return 0


class Reconciler:
    """The loop in a daemon thread of a worker's main process."""

    def __init__(self, settings: Settings, app: Celery) -> None:
        self.settings = settings
        self.app = app
        self.holder = this_process()  # the worker's main process: host:pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="briefing-reconciler", daemon=True)

    def start(self) -> Reconciler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            with session_scope(self.settings.resolved_database_url, pooled=False) as session:
                release_lease(session=session, name=LEASE_NAME, holder=self.holder)
        except Exception:
            log.warning("could not release the reconciler lease; it expires by itself")

    def _loop(self) -> None:
        starting = True
        while True:
            try:
                if reconcile_once(self.settings, self.app, self.holder, starting=starting):
                    starting = False
            except Exception:
                log.warning("reconciler pass failed; trying again later", exc_info=True)
            if self._stop.wait(self.settings.worker.reconcile_interval_s):
                return
