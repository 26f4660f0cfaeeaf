"""The reconciler against a real Redis broker: what it sends, when, and that one runs at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery import Celery
from sqlalchemy import update

from service.config import Settings
from service.queue import make_celery
from service.storage.claims import mark_dispatched
from service.storage.db import session_scope
from service.storage.migrate import upgrade_database
from service.storage.models import Summary, SummaryStatus, utcnow
from tests.factories import complete, queued_summary
from workers.reconcile import reconcile_once

pytestmark = pytest.mark.redis


@pytest.fixture
def broker_settings(tmp_path: Path, redis_url: str) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", broker_url=redis_url, engine="extractive")
    upgrade_database(settings.resolved_database_url)
    return settings


@pytest.fixture
def celery_app(broker_settings: Settings) -> Iterator[Celery]:
    app = make_celery(broker_settings, name="reconcile-test")
    yield app
    app.close()


def _dispatched_long_ago(settings: Settings, summary_id: int) -> None:
    with session_scope(settings.resolved_database_url) as session:
        mark_dispatched(session=session, summary_ids=[summary_id])
        session.execute(
            update(Summary)
            .where(Summary.id == summary_id)
            .values(dispatched_at=utcnow() - timedelta(minutes=10))
        )


def _waiting(redis_url: str, queue: str) -> int:
    client = redis.Redis.from_url(redis_url)
    try:
        return int(client.llen(queue))  # type: ignore[arg-type]
    finally:
        client.close()


def test_a_lost_message_is_sent_again_once(
    broker_settings: Settings, celery_app: Celery, redis_url: str
) -> None:
    lost = queued_summary(
        broker_settings.resolved_database_url, "a story whose message a Redis restart lost"
    )
    _dispatched_long_ago(broker_settings, lost)
    first = reconcile_once(broker_settings, celery_app, "reconciler-a")
    assert first is not None and first.resent == 1
    assert _waiting(redis_url, "editor") == 1
    with session_scope(broker_settings.resolved_database_url) as session:
        row = session.get(Summary, lost)
        assert row is not None and row.dispatches == 2 and row.status is SummaryStatus.queued
    # Just sent: the next pass leaves it to the broker.
    again = reconcile_once(broker_settings, celery_app, "reconciler-a")
    assert again is not None and again.resent == 0
    assert _waiting(redis_url, "editor") == 1


def test_only_the_lease_holder_reconciles(
    broker_settings: Settings, celery_app: Celery, redis_url: str
) -> None:
    lost = queued_summary(broker_settings.resolved_database_url, "another lost story")
    _dispatched_long_ago(broker_settings, lost)
    assert reconcile_once(broker_settings, celery_app, "reconciler-a") is not None
    _dispatched_long_ago(broker_settings, lost)
    assert reconcile_once(broker_settings, celery_app, "reconciler-b") is None
    assert _waiting(redis_url, "editor") == 1


def test_a_lane_that_is_draining_its_queue_is_left_to_drain(
    broker_settings: Settings, celery_app: Celery, redis_url: str
) -> None:
    finished = queued_summary(
        broker_settings.resolved_database_url, "a story done a moment ago", queue="bulk"
    )
    with session_scope(broker_settings.resolved_database_url) as session:
        complete(session, finished)
    celery_app.send_task("briefing.summarize", args=[[finished]], queue="bulk")
    waiting = queued_summary(
        broker_settings.resolved_database_url, "a story behind a long bulk backlog", queue="bulk"
    )
    _dispatched_long_ago(broker_settings, waiting)
    busy = reconcile_once(broker_settings, celery_app, "reconciler-a")
    assert busy is not None and busy.resent == 0
    redis.Redis.from_url(redis_url).delete("bulk")  # the backlog is gone (a restart)
    empty = reconcile_once(broker_settings, celery_app, "reconciler-a")
    assert empty is not None and empty.resent == 1
