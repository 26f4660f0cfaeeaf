"""Polling a feed: conditional GET, new items stored as the tenant's articles.

Every fetch (the feed, and the page of an item whose feed holds only a teaser) goes
through the guarded fetcher. New items are summarized on the ``scheduled`` lane. A
failing feed keeps its last error and is polled again after a doubling backoff
(capped at ``BRIEFING_BRIEFS__FEED_BACKOFF_MAX_S``); a good poll resets it.
"""

from __future__ import annotations

import asyncio
import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import feedparser
from pydantic import ValidationError

from service.config import Settings
from service.errors import BriefingError
from service.fetch import fetch
from service.ingest import PreparedArticle, dispatch, store_article
from service.storage.db import session_scope
from service.storage.feeds import remember_item
from service.storage.models import Feed, utcnow
from service.submissions import ArticleSubmission, SummaryOptions
from service.text import clean_line, html_to_text, normalize_text

log = logging.getLogger(__name__)

TEASER_CHARS = 600
"""An item with less text than this in the feed has its page fetched."""
FIRST_BACKOFF_S = 60


@dataclass(frozen=True)
class PollResult:
    new_items: int
    not_modified: bool = False
    error: str | None = None


def _guid(entry: Any) -> str:
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")[:500]


def _published(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


class _Fragment(HTMLParser):
    """The text of a feed item's HTML fragment (trafilatura wants whole pages)."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def fragment_text(raw: str) -> str:
    parser = _Fragment()
    parser.feed(raw)
    parser.close()
    return normalize_text("".join(parser.parts))


def _feed_text(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content") or []]
    raw = max(parts, key=len) if parts else entry.get("summary", "")
    return fragment_text(raw) if raw else ""


async def _page_text(url: str, settings: Settings) -> str:
    page = await fetch(url, settings.fetch)
    return normalize_text(html_to_text(page.body, declared_charset=page.charset).text)


def _item_text(entry: Any, settings: Settings) -> str:
    text = _feed_text(entry)
    link = entry.get("link")
    if len(text) < TEASER_CHARS and link:
        try:
            fetched = asyncio.run(_page_text(link, settings))
        except BriefingError as exc:
            log.info("page of feed item %s not fetched: %s", link, exc)
            fetched = ""
        if len(fetched) > len(text):
            text = fetched
    return text[: settings.max_text_chars]


def poll_feed(*, settings: Settings, feed_id: int, now: datetime | None = None) -> PollResult:
    """Poll one feed now; store its new items and queue their summaries."""
    now = now or utcnow()
    with session_scope(settings.resolved_database_url) as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return PollResult(0, error="the feed was deleted")
        url, etag, modified = feed.url, feed.etag, feed.modified
    try:
        page = asyncio.run(fetch(url, settings.fetch, etag=etag, last_modified=modified))
    except BriefingError as exc:
        return _failed(settings, feed_id, now, f"the feed could not be fetched: {exc}")
    if page.status == 304:
        _succeeded(settings, feed_id, now, page.etag or etag, page.last_modified or modified, 0)
        return PollResult(0, not_modified=True)
    parsed = feedparser.parse(page.body)
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "not RSS or Atom"
        return _failed(settings, feed_id, now, f"the feed could not be read: {reason}")
    queued: list[tuple[int, str]] = []
    new = 0
    for entry in parsed.entries:
        guid = _guid(entry)
        if not guid:
            continue
        with session_scope(settings.resolved_database_url) as session:
            feed = session.get(Feed, feed_id)
            if feed is None or remember_item(session=session, feed_id=feed_id, guid=guid) is None:
                continue
            session.commit()  # remembered before the page fetch: a crash skips, not repeats
            source, tags, tenant_id = feed.source, list(feed.tags), feed.tenant_id
        text = _item_text(entry, settings)
        if not text:
            continue
        title = (clean_line(entry.get("title") or "") or None) if entry.get("title") else None
        try:
            submission = ArticleSubmission(
                text=text,
                title=title[:1000] if title else None,
                url=entry.get("link") or None,
                source=source,
                tags=tags,
                published_at=_published(entry),
                options=SummaryOptions(queue="scheduled"),
            )
        except ValidationError as exc:
            # One malformed item (a bad link) must not stop the others.
            log.info("feed %s: item %r skipped: %s", feed_id, guid, exc.errors()[:1])
            continue
        with session_scope(settings.resolved_database_url) as session:
            intake = store_article(
                session=session,
                settings=settings,
                prepared=PreparedArticle(submission=submission, text=text, title=submission.title),
                default_queue="scheduled",
                tenant_id=tenant_id,
            )
            if intake.needs_run:
                queued.append(intake.work)
        new += 1
    dispatch(settings, queued)
    _succeeded(settings, feed_id, now, page.etag, page.last_modified, new)
    return PollResult(new)


def _succeeded(
    settings: Settings,
    feed_id: int,
    now: datetime,
    etag: str | None,
    modified: str | None,
    new: int,
) -> None:
    with session_scope(settings.resolved_database_url) as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return
        feed.etag, feed.modified = etag, modified
        feed.failures, feed.last_error = 0, None
        feed.items_seen += new
        feed.last_polled_at = now
        feed.next_poll_at = now + timedelta(seconds=feed.poll_interval_s)


def record_failure(settings: Settings, feed_id: int, error: str) -> None:
    """Record an unexpected failure of a poll (the task's last resort)."""
    _failed(settings, feed_id, utcnow(), error)


def _failed(settings: Settings, feed_id: int, now: datetime, error: str) -> PollResult:
    log.warning("feed %s: %s", feed_id, error)
    with session_scope(settings.resolved_database_url) as session:
        feed = session.get(Feed, feed_id)
        if feed is not None:
            feed.failures += 1
            feed.last_error = error
            feed.last_polled_at = now
            wait = min(
                settings.briefs.feed_backoff_max_s, FIRST_BACKOFF_S * 2 ** (feed.failures - 1)
            )
            feed.next_poll_at = now + timedelta(seconds=wait)
    return PollResult(0, error=error)
