"""Building a brief, as plain functions the worker's task wraps.

1. Find the tenant's articles in the brief's window (profile or ad-hoc filters).
2. Make sure each has a summary: the missing ones are created and sent to the
   ``scheduled`` lane, and the brief waits (the task retries) until they are done,
   at most ``BRIEFING_BRIEFS__WAIT_SUMMARIES_S``; then lead sentences stand in.
3. Cluster the articles into stories, rank them, compose the brief.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.briefs.cluster import Doc, cluster
from service.briefs.compose import OverviewWriter, compose
from service.briefs.rank import RankOptions, StoryArticle, rank_stories
from service.config import Settings
from service.queue import enqueue_summaries
from service.storage.briefs import articles_for_brief, previous_brief, summaries_of
from service.storage.claims import mark_dispatched
from service.storage.db import session_scope
from service.storage.models import (
    Brief,
    BriefProfile,
    BriefStatus,
    SummaryStatus,
    TenantArticle,
    TenantSummary,
    utcnow,
)
from service.storage.summaries import find_or_create_summary
from service.storage.tenants import find_or_create_summary_view

log = logging.getLogger(__name__)

PENDING = {SummaryStatus.queued, SummaryStatus.running}


@dataclass(frozen=True)
class BuildOutcome:
    status: BriefStatus | None
    """done or failed when finished; None while it waits for summaries."""
    waiting_for: int = 0
    dispatch: list[tuple[int, str]] = field(default_factory=list)
    """(summary id, queue) of summaries created for this brief, to hand to the broker."""
    deliver: bool = False
    """True when the profile has a webhook to deliver the finished brief to."""


def _window(brief: Brief, settings: Settings) -> tuple[datetime, datetime]:
    filters = brief.filters
    until = datetime.fromisoformat(filters["until"]) if filters.get("until") else brief.created_at
    since = (
        datetime.fromisoformat(filters["since"])
        if filters.get("since")
        else until - timedelta(hours=settings.briefs.window_h)
    )
    return since, until


def _ensure_summaries(
    session: Session,
    settings: Settings,
    tenant_id: int,
    articles: list[TenantArticle],
    views: dict[int, TenantSummary],
) -> list[tuple[int, str]]:
    """Create the summaries the articles lack; returns those that need running."""
    engine = settings.engine
    created = []
    for article in articles:
        if article.id in views:
            continue
        summary, needs_run = find_or_create_summary(
            session=session,
            article_id=article.article_id,
            engine=engine,
            model_id=settings.model if engine == "seq2seq" else engine,
            parameters={"bullets": settings.default_bullets},
            queue="scheduled",
        )
        view, _ = find_or_create_summary_view(
            session=session, tenant_id=tenant_id, summary=summary, tenant_article_id=article.id
        )
        views[article.id] = view
        if needs_run:
            created.append((summary.id, summary.queue))
    return created


def _story_article(article: TenantArticle, view: TenantSummary | None) -> StoryArticle:
    summary = view.summary if view is not None else None
    done = summary is not None and summary.status is SummaryStatus.done
    return StoryArticle(
        article_id=article.id,
        text=article.article.text,
        title=article.article.title,
        source=article.source,
        url=article.url,
        published_at=article.published_at,
        created_at=article.created_at,
        tags=tuple(article.tag_names),
        headline=summary.headline if done and summary else None,
        summary=summary.summary if done and summary else None,
        bullets=tuple(summary.bullets or ()) if done and summary else (),
    )


def build_brief(
    *,
    settings: Settings,
    brief_id: int,
    now: datetime | None = None,
    write_overview: OverviewWriter | None = None,
) -> BuildOutcome:
    """Advance one brief: wait for its summaries, or compose it. Safe to run again.

    ``write_overview`` is the worker's model writing the overview (see compose)."""
    now = now or utcnow()
    with session_scope(settings.resolved_database_url) as session:
        brief = session.get(Brief, brief_id)
        if brief is None or brief.status in (BriefStatus.done, BriefStatus.failed):
            return BuildOutcome(status=brief.status if brief else BriefStatus.failed)
        profile = session.get(BriefProfile, brief.profile_id) if brief.profile_id else None
        if brief.status is BriefStatus.queued:
            brief.status, brief.started_at = BriefStatus.running, now
        filters = brief.filters
        since, until = _window(brief, settings)
        articles = articles_for_brief(
            session=session,
            tenant_id=brief.tenant_id,
            sources=list(filters.get("sources") or []),
            tags=list(filters.get("tags") or []),
            since=since,
            until=until,
        )
        views = summaries_of(session=session, tenant_article_ids=[a.id for a in articles])
        dispatch = _ensure_summaries(session, settings, brief.tenant_id, articles, views)
        pending = sum(1 for view in views.values() if view.summary.status in PENDING)
        waited = (now - brief.created_at).total_seconds()
        if pending and waited < settings.briefs.wait_summaries_s:
            return BuildOutcome(status=None, waiting_for=pending, dispatch=dispatch)

        stories = cluster(
            [Doc(a.id, a.article.text, a.article.title, a.source, a.published_at) for a in articles]
        )
        by_id = {a.id: _story_article(a, views.get(a.id)) for a in articles}
        options = RankOptions(
            source_weights=dict(profile.source_weights) if profile else {},
            tags=list(filters.get("tags") or []),
        )
        ranked = rank_stories(
            [[by_id[key] for key in story] for story in stories],  # type: ignore[index]
            now=until,
            options=options,
        )
        before = previous_brief(session=session, brief=brief)
        content = compose(
            ranked,
            name=profile.name if profile else "Brief",
            now=until,
            sections=list(filters.get("sections") or []),
            max_stories=int(filters.get("max_stories") or 20),
            previous=before.content if before else None,
            write_overview=write_overview,
        )
        brief.title, brief.overview = content["title"], content["overview"]
        brief.content = {"sections": content["sections"]}
        brief.status, brief.finished_at = BriefStatus.done, utcnow()
        log.info("brief %s: %d articles, %d stories", brief_id, len(articles), len(stories))
        return BuildOutcome(
            status=BriefStatus.done,
            dispatch=dispatch,
            deliver=bool(profile and profile.webhook_url),
        )


def dispatch_summaries(settings: Settings, summaries: list[tuple[int, str]]) -> None:
    """Hand the created summaries to the broker; the reconciler sends what it refuses."""
    for summary_id, queue in summaries:
        try:
            enqueue_summaries(settings, [summary_id], queue)
        except Exception:
            log.warning("broker refused summary %s; the reconciler sends it", summary_id)
            continue
        with session_scope(settings.resolved_database_url) as session:
            mark_dispatched(session=session, summary_ids=[summary_id])


def fail_brief(*, settings: Settings, brief_id: int, reason: str) -> None:
    with session_scope(settings.resolved_database_url) as session:
        brief = session.get(Brief, brief_id)
        if brief is not None and brief.status is not BriefStatus.done:
            brief.status, brief.error, brief.finished_at = BriefStatus.failed, reason, utcnow()


def brief_document(brief: Brief) -> dict[str, Any]:
    """The brief as the API shows it in JSON."""
    return {
        "id": brief.id,
        "status": brief.status.value,
        "title": brief.title,
        "overview": brief.overview,
        "created_at": brief.created_at,
        "profile_id": brief.profile_id,
        "error": brief.error,
        "sections": (brief.content or {}).get("sections", []),
        "deliveries": list(brief.deliveries or []),
    }
