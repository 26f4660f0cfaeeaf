"""Feeds a tenant asked briefing to poll, and the items they gave."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.errors import NotFoundError
from service.storage.db import insert_unless_present
from service.storage.models import MAX_ID, Feed, FeedItem, utcnow


def create_feed(
    *,
    session: Session,
    tenant_id: int,
    url: str,
    source: str,
    tags: list[str],
    poll_interval_s: int,
) -> Feed:
    feed = Feed(
        tenant_id=tenant_id,
        url=url,
        source=source,
        tags=tags,
        poll_interval_s=poll_interval_s,
        failures=0,
        items_seen=0,
        next_poll_at=utcnow(),
    )
    session.add(feed)
    session.flush()
    return feed


def get_feed(*, session: Session, tenant_id: int, feed_id: int) -> Feed:
    feed = session.get(Feed, feed_id) if 0 < feed_id <= MAX_ID else None
    if feed is None or feed.tenant_id != tenant_id:
        raise NotFoundError(f"no feed with id {feed_id}")
    return feed


def list_feeds(*, session: Session, tenant_id: int) -> list[Feed]:
    return list(session.scalars(select(Feed).where(Feed.tenant_id == tenant_id).order_by(Feed.id)))


def delete_feed(*, session: Session, tenant_id: int, feed_id: int) -> None:
    session.delete(get_feed(session=session, tenant_id=tenant_id, feed_id=feed_id))
    session.flush()


def claim_due_feeds(*, session: Session, now: datetime, hold_s: float = 300) -> list[int]:
    """Feeds due for a poll; each is pushed ``hold_s`` ahead so one beat sends it once
    (the poll itself sets the real next time)."""
    query = (
        select(Feed)
        .where(or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
        .order_by(Feed.next_poll_at)
        .limit(500)
        .with_for_update(skip_locked=True)
    )
    feeds = list(session.scalars(query))
    for feed in feeds:
        feed.next_poll_at = now + timedelta(seconds=hold_s)
    session.flush()
    return [feed.id for feed in feeds]


def remember_item(*, session: Session, feed_id: int, guid: str) -> FeedItem | None:
    """Record an item the first time it is seen; None when it was seen before."""
    if session.scalar(select(FeedItem).where(FeedItem.feed_id == feed_id, FeedItem.guid == guid)):
        return None
    item = FeedItem(feed_id=feed_id, guid=guid)
    return item if insert_unless_present(session, item) else None
