"""Tenants and their views of the shared articles and summaries.

A tenant sees only its own view rows. Their ids, metadata, tags and times are its
own, so an answer never shows that another tenant sent the same article first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from service.errors import NotFoundError
from service.storage.db import insert_unless_present
from service.storage.models import (
    MAX_ID,
    Article,
    Summary,
    SummaryStatus,
    SummaryVersion,
    Tenant,
    TenantArticle,
    TenantArticleTag,
    TenantSummary,
)

DEFAULT_TENANT = "default"
"""Owner of everything in open mode, and of what was stored before tenancy."""


def get_or_create_tenant(*, session: Session, name: str) -> Tenant:
    tenant = session.scalar(select(Tenant).where(Tenant.name == name))
    if tenant is not None:
        return tenant
    tenant = Tenant(name=name)
    if not insert_unless_present(session, tenant):
        return session.scalars(select(Tenant).where(Tenant.name == name)).one()
    return tenant


def find_or_create_tenant_article(
    *,
    session: Session,
    tenant_id: int,
    article_id: int,
    url: str | None = None,
    source: str | None = None,
    published_at: datetime | None = None,
    language: str | None = None,
    tags: Iterable[str] = (),
) -> TenantArticle:
    """This tenant's view of a stored article, created on its first submission.

    Tags given again are added to it, as for the article before tenancy.
    """
    query = select(TenantArticle).where(
        TenantArticle.tenant_id == tenant_id, TenantArticle.article_id == article_id
    )
    view = session.scalar(query)
    if view is None:
        view = TenantArticle(
            tenant_id=tenant_id,
            article_id=article_id,
            url=url,
            source=source,
            published_at=published_at,
            language=language,
        )
        if not insert_unless_present(session, view):
            view = session.scalars(query).one()
    for tag in sorted(set(tags) - set(view.tag_names)):
        view.tags.append(TenantArticleTag(tag=tag))
    session.flush()
    return view


def find_or_create_summary_view(
    *, session: Session, tenant_id: int, summary: Summary, tenant_article_id: int
) -> tuple[TenantSummary, bool]:
    """This tenant's view of a summary; True when the tenant had none before."""
    query = select(TenantSummary).where(
        TenantSummary.tenant_id == tenant_id, TenantSummary.summary_id == summary.id
    )
    existing = session.scalar(query)
    if existing is not None:
        return existing, False
    view = TenantSummary(
        tenant_id=tenant_id, summary_id=summary.id, tenant_article_id=tenant_article_id
    )
    if not insert_unless_present(session, view):
        # The same tenant sent it twice at once: the other request made the view.
        return session.scalars(query).one(), False
    return view, True


_VIEW_OPTIONS = (
    # One query for what a summary answer shows; the article's text stays unread.
    joinedload(TenantSummary.summary).lazyload(Summary.article),
    joinedload(TenantSummary.tenant_article).joinedload(TenantArticle.tags),
    joinedload(TenantSummary.tenant_article)
    .joinedload(TenantArticle.article)
    .load_only(Article.title, Article.content_hash),
    selectinload(TenantSummary.versions).joinedload(SummaryVersion.work).lazyload(Summary.article),
)


def get_summary_view(*, session: Session, tenant_id: int, view_id: int) -> TenantSummary:
    """The tenant's summary; another tenant's id is as unknown as a missing one."""
    if not 0 < view_id <= MAX_ID:  # a larger id names no row (and overflows BIGINT)
        raise NotFoundError(f"no summary with id {view_id}")
    view = session.scalar(
        select(TenantSummary)
        .where(TenantSummary.id == view_id, TenantSummary.tenant_id == tenant_id)
        .options(*_VIEW_OPTIONS)
    )
    if view is None:
        raise NotFoundError(f"no summary with id {view_id}")
    return view


def get_article_view(*, session: Session, tenant_id: int, view_id: int) -> TenantArticle:
    view = session.get(TenantArticle, view_id) if 0 < view_id <= MAX_ID else None
    if view is None or view.tenant_id != tenant_id:
        raise NotFoundError(f"no article with id {view_id}")
    return view


@dataclass(frozen=True)
class SummaryViewPage:
    items: list[TenantSummary]
    next_cursor: int | None


def list_summary_views(
    *,
    session: Session,
    tenant_id: int,
    status: SummaryStatus | None = None,
    source: str | None = None,
    tag: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    cursor: int | None = None,
    limit: int = 50,
) -> SummaryViewPage:
    """The tenant's summaries newest first; pass ``next_cursor`` back as ``cursor``."""
    query = (
        select(TenantSummary)
        .where(TenantSummary.tenant_id == tenant_id)
        .order_by(TenantSummary.id.desc())
        .limit(limit + 1)
    )
    if status is not None:
        query = query.join(Summary, Summary.id == TenantSummary.summary_id).where(
            Summary.status == status
        )
    if source is not None:
        query = query.where(TenantSummary.tenant_article.has(TenantArticle.source == source))
    if tag is not None:
        query = query.where(
            TenantSummary.tenant_article_id.in_(
                select(TenantArticleTag.tenant_article_id).where(TenantArticleTag.tag == tag)
            )
        )
    if created_after is not None:
        query = query.where(TenantSummary.created_at >= created_after)
    if created_before is not None:
        query = query.where(TenantSummary.created_at < created_before)
    if cursor is not None:
        query = query.where(TenantSummary.id < cursor)
    rows = list(session.scalars(query.options(*_VIEW_OPTIONS)).unique())
    more = len(rows) > limit
    items = rows[:limit]
    return SummaryViewPage(items=items, next_cursor=items[-1].id if more and items else None)
