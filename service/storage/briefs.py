"""Brief profiles and briefs, owned by a tenant: another tenant's id is unknown (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.errors import NotFoundError
from service.storage.models import (
    MAX_ID,
    Brief,
    BriefProfile,
    BriefStatus,
    TenantArticle,
    TenantArticleTag,
    TenantSummary,
    utcnow,
)

PROFILE_FIELDS = (
    "name",
    "sources",
    "tags",
    "sections",
    "source_weights",
    "max_stories",
    "schedule_cron",
    "schedule_timezone",
    "formats",
    "webhook_url",
    "webhook_secret",
)


def create_profile(*, session: Session, tenant_id: int, **fields: Any) -> BriefProfile:
    profile = BriefProfile(tenant_id=tenant_id, **fields)
    session.add(profile)
    session.flush()
    return profile


def get_profile(*, session: Session, tenant_id: int, profile_id: int) -> BriefProfile:
    profile = session.get(BriefProfile, profile_id) if 0 < profile_id <= MAX_ID else None
    if profile is None or profile.tenant_id != tenant_id:
        raise NotFoundError(f"no brief profile with id {profile_id}")
    return profile


def list_profiles(*, session: Session, tenant_id: int) -> list[BriefProfile]:
    query = select(BriefProfile).where(BriefProfile.tenant_id == tenant_id)
    return list(session.scalars(query.order_by(BriefProfile.id)))


def update_profile(
    *, session: Session, tenant_id: int, profile_id: int, changes: dict[str, Any]
) -> BriefProfile:
    profile = get_profile(session=session, tenant_id=tenant_id, profile_id=profile_id)
    for name, value in changes.items():
        if name not in PROFILE_FIELDS:
            raise ValueError(f"{name} is not a profile field")
        setattr(profile, name, value)
    profile.updated_at = utcnow()
    session.flush()
    return profile


def delete_profile(*, session: Session, tenant_id: int, profile_id: int) -> None:
    session.delete(get_profile(session=session, tenant_id=tenant_id, profile_id=profile_id))
    session.flush()


def create_brief(
    *, session: Session, tenant_id: int, profile_id: int | None, filters: dict[str, Any]
) -> Brief:
    brief = Brief(
        tenant_id=tenant_id,
        profile_id=profile_id,
        filters=filters,
        status=BriefStatus.queued,
        deliveries=[],
    )
    session.add(brief)
    session.flush()
    return brief


def get_brief(*, session: Session, tenant_id: int, brief_id: int) -> Brief:
    brief = session.get(Brief, brief_id) if 0 < brief_id <= MAX_ID else None
    if brief is None or brief.tenant_id != tenant_id:
        raise NotFoundError(f"no brief with id {brief_id}")
    return brief


def list_briefs(
    *, session: Session, tenant_id: int, profile_id: int, limit: int = 50
) -> list[Brief]:
    """A profile's briefs, newest first."""
    get_profile(session=session, tenant_id=tenant_id, profile_id=profile_id)
    query = (
        select(Brief)
        .where(Brief.tenant_id == tenant_id, Brief.profile_id == profile_id)
        .order_by(Brief.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def previous_brief(*, session: Session, brief: Brief) -> Brief | None:
    """The profile's last finished brief before this one."""
    if brief.profile_id is None:
        return None
    query = (
        select(Brief)
        .where(
            Brief.profile_id == brief.profile_id,
            Brief.id < brief.id,
            Brief.status == BriefStatus.done,
        )
        .order_by(Brief.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def articles_for_brief(
    *,
    session: Session,
    tenant_id: int,
    sources: list[str],
    tags: list[str],
    since: datetime,
    until: datetime,
    limit: int = 20_000,
) -> list[TenantArticle]:
    """The tenant's articles published (or, lacking a date, received) in [since, until)."""
    when = func.coalesce(TenantArticle.published_at, TenantArticle.created_at)
    query = select(TenantArticle).where(
        TenantArticle.tenant_id == tenant_id, when >= since, when < until
    )
    if sources:
        query = query.where(TenantArticle.source.in_(sources))
    if tags:
        query = query.where(
            TenantArticle.id.in_(
                select(TenantArticleTag.tenant_article_id).where(TenantArticleTag.tag.in_(tags))
            )
        )
    return list(session.scalars(query.order_by(TenantArticle.id).limit(limit)).unique())


def summaries_of(*, session: Session, tenant_article_ids: list[int]) -> dict[int, TenantSummary]:
    """The tenant's newest summary view of each article (where it has one)."""
    found: dict[int, TenantSummary] = {}
    for start in range(0, len(tenant_article_ids), 500):
        chunk = tenant_article_ids[start : start + 500]
        query = (
            select(TenantSummary)
            .where(TenantSummary.tenant_article_id.in_(chunk))
            .order_by(TenantSummary.id)
        )
        for view in session.scalars(query).unique():
            found[view.tenant_article_id] = view
    return found
