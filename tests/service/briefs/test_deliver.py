"""Webhook delivery: signed with HMAC-SHA256, retried, every attempt kept on the brief."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from service.briefs.deliver import deliver_brief
from service.config import FetchSettings, Settings
from service.storage import briefs as store
from service.storage.db import session_scope
from service.storage.models import Brief, BriefStatus
from service.storage.tenants import get_or_create_tenant

SECRET = "webhook-secret-1"


@contextmanager
def receiver(answers: list[int]) -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    """A webhook receiver on 127.0.0.1 answering ``answers`` in turn (then 200)."""
    got: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(answers.pop(0) if answers else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", got
    finally:
        server.shutdown()
        server.server_close()


def _done_brief(settings: Settings, url: str) -> int:
    with session_scope(settings.resolved_database_url) as session:
        tenant = get_or_create_tenant(session=session, name="acme")
        profile = store.create_profile(
            session=session,
            tenant_id=tenant.id,
            name="Morning",
            webhook_url=url,
            webhook_secret=SECRET,
        )
        brief = store.create_brief(
            session=session, tenant_id=tenant.id, profile_id=profile.id, filters={}
        )
        brief.status, brief.title, brief.overview = BriefStatus.done, "Morning: today", "All."
        brief.content = {
            "sections": [
                {
                    "name": "Top stories",
                    "stories": [
                        {
                            "headline": "Bridge <opens>",
                            "bullets": ["Early."],
                            "url": "https://a.example/1",
                            "source": "wire",
                            "article_id": 1,
                            "new": True,
                            "also_reported_by": [],
                        }
                    ],
                }
            ]
        }
        return brief.id


def test_a_failed_delivery_is_retried_and_each_attempt_is_recorded(settings: Settings) -> None:
    with receiver([500]) as (url, got):
        local = settings.model_copy(update={"fetch": FetchSettings(allow_hosts="127.0.0.1")})
        brief_id = _done_brief(local, url)
        first = deliver_brief(settings=local, brief_id=brief_id)
        assert not first.delivered and first.retry
        second = deliver_brief(settings=local, brief_id=brief_id)
        assert second.delivered and not second.retry
        again = deliver_brief(settings=local, brief_id=brief_id)  # a redelivered task
        assert again.delivered and len(got) == 2

    headers, body = got[1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Briefing-Signature"] == expected
    payload = json.loads(body)
    assert headers["X-Briefing-Timestamp"] == str(payload["timestamp"])
    assert payload["brief"]["id"] == brief_id
    assert payload["brief"]["sections"][0]["stories"][0]["headline"] == "Bridge <opens>"
    assert "Bridge \\<opens\\>" in payload["markdown"]
    assert "Bridge &lt;opens&gt;" in payload["html"]
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(Brief, brief_id)
        assert row is not None
        assert [(d["attempt"], d["status_code"]) for d in row.deliveries] == [(1, 500), (2, 200)]
        assert row.deliveries[0]["error"] == "the webhook answered 500"


def test_a_private_address_is_refused_unless_allowed(settings: Settings) -> None:
    with receiver([]) as (url, got):
        brief_id = _done_brief(settings, url)  # 127.0.0.1 not in BRIEFING_FETCH__ALLOW_HOSTS
        result = deliver_brief(settings=settings, brief_id=brief_id)
        assert not result.delivered and result.retry
        assert got == []
