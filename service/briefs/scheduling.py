"""Queueing briefs: from the API, and from profiles' schedules (run by the beat)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.briefs.schedule import latest_due
from service.config import Settings
from service.storage import briefs as store
from service.storage.db import session_scope
from service.storage.models import Brief, BriefProfile, BriefStatus, utcnow

RESEND_AFTER = timedelta(seconds=120)
"""A brief still queued this long after it was made was lost by the broker: sent again."""


def new_brief(
    *,
    session: Session,
    tenant_id: int,
    profile_id: int | None,
    sources: list[str],
    tags: list[str],
    since: datetime | None,
    until: datetime | None,
) -> Brief:
    """A queued brief with the filters it is built from (the caller commits)."""
    filters: dict[str, object] = {"sources": sources, "tags": tags}
    if profile_id is not None:
        profile = store.get_profile(session=session, tenant_id=tenant_id, profile_id=profile_id)
        filters.update(
            sources=profile.sources,
            tags=profile.tags,
            sections=profile.sections,
            max_stories=profile.max_stories,
        )
    filters["since"] = since.isoformat() if since else None
    filters["until"] = (until or utcnow()).isoformat()
    return store.create_brief(
        session=session, tenant_id=tenant_id, profile_id=profile_id, filters=filters
    )


def queue_scheduled_briefs(*, settings: Settings, now: datetime) -> list[int]:
    """Briefs to send to the workers: one per profile whose cron time came since the
    last, and any queued brief the broker lost."""
    ids: list[int] = []
    with session_scope(settings.resolved_database_url) as session:
        scheduled = session.scalars(
            select(BriefProfile).where(BriefProfile.schedule_cron.is_not(None))
        )
        for profile in list(scheduled):
            due = latest_due(
                profile.schedule_cron or "",
                profile.schedule_timezone or "UTC",
                after=profile.last_scheduled_at,
                now=now,
            )
            if due is None:
                continue
            profile.last_scheduled_at = due
            brief = new_brief(
                session=session,
                tenant_id=profile.tenant_id,
                profile_id=profile.id,
                sources=[],
                tags=[],
                since=None,
                until=due,
            )
            ids.append(brief.id)
        stuck = session.scalars(
            select(Brief.id).where(
                Brief.status == BriefStatus.queued, Brief.created_at < now - RESEND_AFTER
            )
        )
        ids.extend(stuck)
    return ids
