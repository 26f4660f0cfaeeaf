"""Feeds: polled through the guarded fetcher with conditional GET; teasers fetched."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from service.config import FetchSettings, Settings
from service.feeds import poll_feed
from service.storage import feeds as store
from service.storage.db import session_scope
from service.storage.models import Feed, Summary, TenantArticle, utcnow
from service.storage.tenants import get_or_create_tenant

HOST = "127.0.0.2"
FULL = "The harbour authority opened a new ferry terminal on Tuesday. " * 15
PAGE = "Council members voted to extend the tram line to the airport by 2028. " * 12
ETAG = '"v1"'


def rss(base: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><guid>ferry-1</guid><title>Ferry terminal opens</title>
<link>{base}/ferry</link><pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>
<description>{FULL}</description></item>
<item><guid>tram-1</guid><title>Tram line to reach airport</title>
<link>{base}/tram</link><description>Read more about the tram...</description></item>
<item><guid>bad-1</guid><title>A malformed item</title>
<link>javascript:alert(1)</link><description>{FULL}</description></item>
</channel></rss>"""


@contextmanager
def feed_server() -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    hits: list[tuple[str, str | None]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append((self.path, self.headers.get("If-None-Match")))
            base = f"http://{HOST}:{self.server.server_port}"  # type: ignore[attr-defined]
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == ETAG:
                    self.send_response(304)
                    self.send_header("ETag", ETAG)
                    self.end_headers()
                    return
                self._send(rss(base).encode(), "application/rss+xml", ETAG)
            elif self.path == "/tram":
                page = f"<html><body><article><p>{PAGE}</p></article></body></html>"
                self._send(page.encode(), "text/html")
            else:
                self.send_error(404)

        def _send(self, body: bytes, kind: str, etag: str | None = None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((HOST, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{HOST}:{server.server_port}", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local(settings: Settings) -> Settings:
    return settings.model_copy(update={"fetch": FetchSettings(allow_hosts=HOST)})


def _feed(settings: Settings, url: str) -> int:
    with session_scope(settings.resolved_database_url) as session:
        tenant = get_or_create_tenant(session=session, name="acme")
        return store.create_feed(
            session=session,
            tenant_id=tenant.id,
            url=url,
            source="localnews",
            tags=["local"],
            poll_interval_s=900,
        ).id


def test_new_items_become_articles_once_and_teasers_get_their_page(local: Settings) -> None:
    with feed_server() as (base, hits):
        feed_id = _feed(local, f"{base}/feed.xml")
        first = poll_feed(settings=local, feed_id=feed_id)
        assert first.new_items == 2 and first.error is None  # the malformed item is skipped
        assert ("/tram", None) in hits  # the teaser's page was fetched
        assert not any(path == "/ferry" for path, _ in hits)  # a full item needs no page
        again = poll_feed(settings=local, feed_id=feed_id)
        assert again.not_modified and again.new_items == 0
        assert hits[-1] == ("/feed.xml", ETAG)  # conditional GET

    with session_scope(local.resolved_database_url) as session:
        articles = {a.article.title: a for a in session.scalars(select(TenantArticle))}
        assert set(articles) == {"Ferry terminal opens", "Tram line to reach airport"}
        tram = articles["Tram line to reach airport"]
        assert tram.article.text.startswith("Council members voted to extend the tram line")
        assert tram.source == "localnews" and tram.tag_names == ["local"]
        assert articles["Ferry terminal opens"].published_at is not None
        queues = {s.queue for s in session.scalars(select(Summary))}
        assert queues == {"scheduled"}
        feed = session.get(Feed, feed_id)
        assert feed is not None and feed.items_seen == 2 and feed.etag == ETAG
        assert feed.next_poll_at is not None and feed.last_polled_at is not None
        assert feed.next_poll_at - feed.last_polled_at == timedelta(seconds=900)


def test_a_failing_feed_keeps_its_error_and_backs_off(local: Settings, settings: Settings) -> None:
    with feed_server() as (base, _):
        feed_id = _feed(local, f"{base}/missing.xml")
        for failures in (1, 2):
            result = poll_feed(settings=local, feed_id=feed_id)
            assert result.error is not None
            with session_scope(local.resolved_database_url) as session:
                feed = session.get(Feed, feed_id)
                assert feed is not None and feed.failures == failures
                assert feed.last_error and "could not be fetched" in feed.last_error
                assert feed.next_poll_at and feed.last_polled_at
                wait = feed.next_poll_at - feed.last_polled_at
                assert wait == timedelta(seconds=60 * 2 ** (failures - 1))
        # A private address not allowed is refused by the guarded fetcher.
        blocked = _feed(settings, f"{base}/feed.xml")
        assert poll_feed(settings=settings, feed_id=blocked).error is not None


def test_due_feeds_are_claimed_once(local: Settings) -> None:
    feed_id = _feed(local, "http://127.0.0.2:9/feed.xml")
    with session_scope(local.resolved_database_url) as session:
        assert store.claim_due_feeds(session=session, now=utcnow()) == [feed_id]
    with session_scope(local.resolved_database_url) as session:
        assert store.claim_due_feeds(session=session, now=utcnow()) == []
