"""Timestamps keep their zone, and filters with any UTC offset select the right rows."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from service.config import Settings
from service.storage.articles import find_or_create_article
from service.storage.db import session_scope
from service.storage.models import Article, utcnow
from service.storage.summaries import find_or_create_summary
from service.storage.tenants import (
    find_or_create_summary_view,
    find_or_create_tenant_article,
    list_summary_views,
)

PLUS_TWO = timezone(timedelta(hours=2))
MINUS_FIVE = timezone(timedelta(hours=-5))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> str:
    if request.param == "sqlite":
        return settings.resolved_database_url
    return str(request.getfixturevalue("postgres_url"))


def _stored_view(url: str, published_at: datetime) -> int:
    with session_scope(url) as session:
        article, _ = find_or_create_article(
            session=session, text="A text.", content_hash="h", published_at=published_at
        )
        mine = find_or_create_tenant_article(
            session=session, tenant_id=1, article_id=article.id, published_at=published_at
        )
        summary, _ = find_or_create_summary(
            session=session,
            article_id=article.id,
            engine="extractive",
            model_id="extractive",
            parameters={},
            queue="editor",
        )
        view, _ = find_or_create_summary_view(
            session=session, tenant_id=1, summary=summary, tenant_article_id=mine.id
        )
        return view.id


def test_timestamps_come_back_aware_in_utc(database_url: str) -> None:
    noon_in_paris = datetime(2026, 11, 27, 12, 0, tzinfo=PLUS_TWO)
    _stored_view(database_url, noon_in_paris)
    with session_scope(database_url) as session:
        article = session.get(Article, 1)
        assert article is not None
        assert article.published_at == noon_in_paris  # the same instant
        assert article.published_at.tzinfo is UTC and article.published_at.hour == 10
        assert article.created_at.tzinfo is UTC
        assert abs(article.created_at - utcnow()) < timedelta(minutes=1)


def test_sqlite_stores_utc_wall_clock(settings: Settings) -> None:
    url = settings.resolved_database_url
    _stored_view(url, datetime(2026, 11, 27, 12, 0, tzinfo=PLUS_TWO))
    with session_scope(url) as session:
        raw = session.execute(text("SELECT published_at FROM articles")).scalar_one()
    assert str(raw).startswith("2026-11-27 10:00:00")


def test_created_after_with_any_offset_filters_right(database_url: str) -> None:
    view_id = _stored_view(database_url, utcnow())
    with session_scope(database_url) as session:
        created = list_summary_views(session=session, tenant_id=1).items[0].created_at
        # The same instants written with offsets whose wall clocks mislead: compared
        # as wall clocks, "before" would look later and "after" earlier.
        just_before = (created - timedelta(seconds=1)).astimezone(PLUS_TWO)
        just_after = (created + timedelta(seconds=1)).astimezone(MINUS_FIVE)
        found = list_summary_views(session=session, tenant_id=1, created_after=just_before)
        assert [v.id for v in found.items] == [view_id]
        assert (
            list_summary_views(session=session, tenant_id=1, created_after=just_after).items == []
        )
        assert (
            list_summary_views(session=session, tenant_id=1, created_before=just_before).items == []
        )
        before = list_summary_views(session=session, tenant_id=1, created_before=just_after)
        assert [v.id for v in before.items] == [view_id]
