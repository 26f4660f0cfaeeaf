"""Tenants and their views of the shared articles and summaries.

A tenant sees only its own view rows. Their ids, metadata, tags and times are its
own, so an answer never shows that another tenant sent the same article first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, joinedload, selectinload

from service.errors import NotFoundError
from service.storage.articles import NewArticle
from service.storage.db import insert_new, insert_unless_present
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


def store_tenant_articles(
    *, session: Session, tenant_id: int, articles: Sequence[tuple[int, NewArticle]]
) -> dict[int, int]:
    """Article id -> this tenant's view of it, for ``(article id, submission)`` pairs:
    views made on the tenant's first submission (with that one's metadata), tags
    given again added, in a few statements for the lot."""
    first = {article_id: a for article_id, a in reversed(articles)}
    table = cast(Table, TenantArticle.__table__)
    inserted = session.execute(
        insert_new(session, table, "tenant_id", "article_id").returning(
            table.c.article_id, table.c.id
        ),
        [
            {
                "tenant_id": tenant_id,
                "article_id": article_id,
                "url": a.url,
                "source": a.source,
                "published_at": a.published_at,
                "language": a.language,
            }
            for article_id, a in sorted(first.items())
        ],
    )
    views = {article_id: view_id for article_id, view_id in inserted}
    known = [article_id for article_id in first if article_id not in views]
    if known:
        rows = session.execute(
            select(table.c.article_id, table.c.id).where(
                table.c.tenant_id == tenant_id, table.c.article_id.in_(known)
            )
        )
        views.update({article_id: view_id for article_id, view_id in rows})
    tags = sorted({(views[article_id], tag) for article_id, a in articles for tag in a.tags})
    if tags:
        tag_table = cast(Table, TenantArticleTag.__table__)
        session.execute(
            insert_new(session, tag_table, "tenant_article_id", "tag"),
            [{"tenant_article_id": view_id, "tag": tag} for view_id, tag in tags],
        )
    return views


def store_summary_views(
    *, session: Session, tenant_id: int, summaries: Sequence[tuple[int, int]]
) -> dict[int, tuple[int, bool]]:
    """Summary id -> (this tenant's view of it, True when made now), for ``(summary
    id, tenant article id)`` pairs, in a few statements for the lot."""
    first = dict(reversed(summaries))
    table = cast(Table, TenantSummary.__table__)
    inserted = session.execute(
        insert_new(session, table, "tenant_id", "summary_id").returning(
            table.c.summary_id, table.c.id
        ),
        [
            {"tenant_id": tenant_id, "summary_id": summary_id, "tenant_article_id": view_id}
            for summary_id, view_id in sorted(first.items())
        ],
    )
    views = {summary_id: (view_id, True) for summary_id, view_id in inserted}
    known = [summary_id for summary_id in first if summary_id not in views]
    if known:
        rows = session.execute(
            select(table.c.summary_id, table.c.id).where(
                table.c.tenant_id == tenant_id, table.c.summary_id.in_(known)
            )
        )
        views.update({summary_id: (view_id, False) for summary_id, view_id in rows})
    return views


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
