"""End to end: feeds polled by a real worker, a brief built on the scheduled lane, and a
scheduled brief made by the real beat and delivered to a signed webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.processes import (
    briefing_process,
    environment,
    free_port,
    stop,
    wait_for_http,
    wait_for_log,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

FEED_HOST = "127.0.0.2"
SECRET = "e2e-webhook-secret"
BRIDGE = (
    "Engineers in Riverton finished the Elm Street bridge two months early, Mayor Dana "
    "Whitfield said on Monday. The bridge cost 40 million dollars, under its budget. "
    "Traffic will start crossing on Friday after a ceremony at the Riverton town hall. "
    "The Riverton council had feared delays after floods in the spring. Local shops on "
    "Elm Street welcomed the news and said the closure had cut their trade by half. "
    "The contractor, Hollis Building, said crews had worked double shifts since June. "
)
BRIDGE_DAILY = (
    "The Elm Street bridge cost 40 million dollars, under its budget. Engineers in Riverton "
    "finished the bridge two months early, Mayor Dana Whitfield said on Monday. Traffic will "
    "begin crossing on Friday after a ceremony at the Riverton town hall. The Riverton "
    "council had feared delays after floods in the spring. Local shops on Elm Street "
    "welcomed the news. The contractor, Hollis Building, said crews had worked double shifts."
)
MATCH = (
    "Northfield United beat Castleton Rovers three goals to one on Saturday. Striker Omar "
    "Haddad scored twice in the second half after a goalless first period. The win lifts "
    "Northfield to second in the league table, two points behind the leaders. Castleton's "
    "manager blamed tired legs after a midweek cup tie and said his side would recover. "
    "A crowd of 21,000 watched at the Northfield ground, the largest of the season. "
)


def _rss(items: list[tuple[str, str, str, str]]) -> bytes:
    when = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>"
        f"<pubDate>{when}</pubDate><description>{text}</description></item>"
        for guid, title, link, text in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{body}</channel></rss>'.encode()


@contextmanager
def servers() -> Iterator[tuple[str, str, list[tuple[dict[str, str], bytes]]]]:
    """Feeds (and a teaser's page) on 127.0.0.2; a webhook receiver on 127.0.0.1."""
    received: list[tuple[dict[str, str], bytes]] = []

    class Feeds(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://{FEED_HOST}:{self.server.server_port}"  # type: ignore[attr-defined]
            pages = {
                "/wire.xml": _rss(
                    [
                        ("w1", "Bridge opens early", f"{base}/w1", BRIDGE),
                        ("w2", "Northfield win", f"{base}/match", "Northfield won..."),
                    ]
                ),
                "/daily.xml": _rss([("d1", "Riverton bridge done", f"{base}/d1", BRIDGE_DAILY)]),
                "/match": f"<html><body><article><p>{MATCH}</p></article></body></html>".encode(),
            }
            if self.path not in pages:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(pages[self.path])))
            self.end_headers()
            self.wfile.write(pages[self.path])

        def log_message(self, *args: object) -> None:
            pass

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    feeds = ThreadingHTTPServer((FEED_HOST, 0), Feeds)
    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    for server in (feeds, hook):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield (
            f"http://{FEED_HOST}:{feeds.server_port}",
            f"http://127.0.0.1:{hook.server_port}/hook",
            received,
        )
    finally:
        for server in (feeds, hook):
            server.shutdown()
            server.server_close()


def _until(check: Any, timeout_s: float, what: str) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{what} not within {timeout_s} s")


def test_feeds_to_a_scheduled_brief_delivered_to_a_webhook(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    env = environment(
        BRIEFING_DATABASE_URL=postgres_url,
        BRIEFING_BROKER_URL=redis_url,
        BRIEFING_ENGINE="extractive",
        BRIEFING_AUTH="open",
        BRIEFING_FETCH__ALLOW_HOSTS=f"{FEED_HOST},127.0.0.1",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api_log, worker_log, beat_log = (tmp_path / n for n in ("api.log", "worker.log", "beat.log"))
    with (
        servers() as (feeds_base, hook_url, received),
        briefing_process(["api", "--port", str(port)], env, api_log) as api,
        briefing_process(["worker", "--concurrency", "1"], env, worker_log) as worker,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        wait_for_http(f"{base}/healthz", api, api_log)
        wait_for_log("ready.", worker, worker_log)
        for name in ("wire", "daily"):
            created = client.post(
                "/v1/feeds", json={"url": f"{feeds_base}/{name}.xml", "source": name}
            )
            assert created.status_code == 201, created.text

        def polled() -> list[dict[str, Any]] | None:
            feeds = client.get("/v1/feeds").json()["items"]
            return feeds if all(f["last_polled_at"] for f in feeds) else None

        feeds = _until(polled, 60, "the first poll of each feed")
        assert {f["source"]: f["items_seen"] for f in feeds} == {"wire": 2, "daily": 1}
        assert all(f["last_error"] is None for f in feeds)

        # An ad-hoc brief: built by the worker once the feeds' summaries are done.
        accepted = client.post("/v1/briefs", json={})
        assert accepted.status_code == 202, accepted.text
        location = accepted.headers["location"]
        brief = _until(
            lambda: (b := client.get(location).json())["status"] in ("done", "failed") and b,
            90,
            "the ad-hoc brief",
        )
        assert brief["status"] == "done", brief
        stories = [s for section in brief["sections"] for s in section["stories"]]
        assert len(stories) == 2, stories  # the bridge, told once, and the match
        [bridge] = [s for s in stories if s["also_reported_by"]]
        assert {bridge["source"], bridge["also_reported_by"][0]["source"]} == {"wire", "daily"}
        [match] = [s for s in stories if not s["also_reported_by"]]
        assert "Northfield" in " ".join([match["headline"], *match["bullets"]])  # page fetched

        # A scheduled brief: the real beat finds the profile's cron time and queues it.
        profile = client.post(
            "/v1/brief-profiles",
            json={
                "name": "Every minute",
                "schedule": {"cron": "* * * * *", "timezone": "Europe/Paris"},
                "webhook": {"url": hook_url, "secret": SECRET},
            },
        ).json()
        with beat_log.open("w") as out:
            beat = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "workers.beat", "beat",
                 "--schedule", str(tmp_path / "beat-schedule"), "--loglevel", "INFO"],
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        try:
            listed = _until(
                lambda: [
                    b
                    for b in client.get(f"/v1/brief-profiles/{profile['id']}/briefs").json()[
                        "items"
                    ]
                    if b["deliveries"]
                ],
                150,
                f"a delivered scheduled brief:\n{beat_log.read_text()}",
            )
        finally:
            stop(beat)
    scheduled = listed[-1]
    assert scheduled["status"] == "done"
    assert scheduled["deliveries"][0]["status_code"] == 200
    headers, body = received[0]
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Briefing-Signature"] == signature
    payload = json.loads(body)
    assert headers["X-Briefing-Timestamp"] == str(payload["timestamp"])
    assert payload["brief"]["id"] == scheduled["id"]
    assert payload["markdown"].startswith("# Every minute: ")
    assert payload["html"].startswith("<!DOCTYPE html>")
