"""Cron schedules on the profile's wall clock, and the beat's queueing of briefs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from service.briefs.schedule import latest_due, parse_cron
from service.briefs.scheduling import queue_scheduled_briefs
from service.config import Settings
from service.storage import briefs as store
from service.storage.db import session_scope
from service.storage.models import Brief, BriefProfile
from service.storage.tenants import get_or_create_tenant


def test_a_cron_time_is_read_in_the_profiles_time_zone() -> None:
    # 07:00 in Paris is 06:00 UTC in winter and 05:00 UTC in summer.
    winter = datetime(2026, 1, 14, 6, 0, 30, tzinfo=UTC)  # a Wednesday
    summer = datetime(2026, 7, 15, 5, 0, 30, tzinfo=UTC)
    for now in (winter, summer):
        assert latest_due("0 7 * * 1-5", "Europe/Paris", after=None, now=now) == now.replace(
            second=0
        )
        assert latest_due("0 7 * * 1-5", "UTC", after=None, now=now) is None
    saturday = datetime(2026, 1, 17, 6, 0, tzinfo=UTC)
    assert latest_due("0 7 * * 1-5", "Europe/Paris", after=None, now=saturday) is None


def test_a_missed_time_is_found_once() -> None:
    after = datetime(2026, 1, 14, 5, 0, tzinfo=UTC)
    now = datetime(2026, 1, 14, 9, 30, tzinfo=UTC)
    due = latest_due("0 7 * * *", "Europe/Paris", after=after, now=now)
    assert due == datetime(2026, 1, 14, 6, 0, tzinfo=UTC)
    assert latest_due("0 7 * * *", "Europe/Paris", after=due, now=now) is None


@pytest.mark.parametrize("bad", ["0 7 * *", "61 7 * * *", "0 7 * * 9", "x y z w v"])
def test_bad_cron_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_cron(bad)


def test_the_beat_queues_one_brief_per_due_profile(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        tenant = get_or_create_tenant(session=session, name="acme")
        due = store.create_profile(
            session=session,
            tenant_id=tenant.id,
            name="Morning",
            sections=["sport"],
            max_stories=7,
            schedule_cron="0 7 * * *",
            schedule_timezone="Europe/Paris",
        )
        store.create_profile(
            session=session,
            tenant_id=tenant.id,
            name="Evening",
            schedule_cron="0 19 * * *",
            schedule_timezone="Europe/Paris",
        )
        store.create_profile(session=session, tenant_id=tenant.id, name="Unscheduled")
        due_id = due.id
    now = datetime(2026, 1, 14, 6, 0, 20, tzinfo=UTC)
    [brief_id] = queue_scheduled_briefs(settings=settings, now=now)
    assert queue_scheduled_briefs(settings=settings, now=now + timedelta(seconds=30)) == []
    with session_scope(settings.resolved_database_url) as session:
        brief = session.get(Brief, brief_id)
        assert brief is not None and brief.profile_id == due_id
        assert brief.filters["sections"] == ["sport"] and brief.filters["max_stories"] == 7
        assert brief.filters["until"] == "2026-01-14T06:00:00+00:00"
        profile = session.scalars(select(BriefProfile).where(BriefProfile.id == due_id)).one()
        assert profile.last_scheduled_at == datetime(2026, 1, 14, 6, 0, tzinfo=UTC)
    # Still queued two minutes later (the broker lost it): sent again.
    later = datetime.now(UTC) + timedelta(minutes=3)
    assert brief_id in queue_scheduled_briefs(settings=settings, now=later)
