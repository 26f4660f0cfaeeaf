"""Brief profiles and briefs through the API; the brief built as the worker builds it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.briefs.build import build_brief
from service.config import BriefSettings, Settings
from service.storage.db import session_scope
from service.storage.models import BriefStatus, TenantSummary
from tests.factories import finish
from tests.service.api.conftest import KeyMaker, bearer

BRIDGE = (
    "Engineers in Riverton finished the Elm Street bridge two months early, Mayor Dana "
    "Whitfield said on Monday. The bridge cost 40 million dollars, under its budget. "
    "Traffic will start crossing on Friday after a ceremony. The Riverton council had "
    "feared delays after floods in the spring. Local shops welcomed the news."
)
BRIDGE_COPY = (
    "The bridge cost 40 million dollars, under its budget. Engineers in Riverton finished "
    "the Elm Street bridge two months early, Mayor Dana Whitfield said on Monday. Traffic "
    "will begin crossing on Friday after a ceremony. The Riverton council had feared "
    "delays after floods in the spring."
)
MATCH = (
    "Northfield United beat Castleton Rovers three goals to one on Saturday. Striker Omar "
    "Haddad scored twice in the second half. The win lifts Northfield to second in the "
    "league table. Castleton's manager blamed tired legs after a midweek cup tie."
)
NOW = datetime.now(UTC)


def profile_body(**extra: object) -> dict[str, object]:
    return {
        "name": "Morning",
        "sections": ["sport", "local"],
        "schedule": {"cron": "0 7 * * 1-5", "timezone": "Europe/Paris"},
        "webhook": {"url": "https://hooks.example/brief", "secret": "s3cret-s3cret"},
        **extra,
    }


def test_profile_crud_with_defaults_and_validation(client: TestClient) -> None:
    created = client.post("/v1/brief-profiles", json=profile_body())
    assert created.status_code == 201, created.text
    profile = created.json()
    assert profile["max_stories"] == 20 and profile["formats"] == ["json"]
    assert profile["schedule"] == {"cron": "0 7 * * 1-5", "timezone": "Europe/Paris"}
    assert profile["webhook"] == {"url": "https://hooks.example/brief", "secret_set": True}
    assert "s3cret" not in created.text
    path = f"/v1/brief-profiles/{profile['id']}"
    assert client.get(path).json() == profile
    assert [p["id"] for p in client.get("/v1/brief-profiles").json()["items"]] == [profile["id"]]

    patched = client.patch(path, json={"name": "Evening", "schedule": None, "max_stories": 5})
    assert patched.status_code == 200, patched.text
    assert patched.json()["name"] == "Evening" and patched.json()["schedule"] is None
    assert patched.json()["max_stories"] == 5 and patched.json()["sections"] == ["sport", "local"]

    for bad in (
        {"max_stories": 201},
        {"schedule": {"cron": "0 7 * *", "timezone": "UTC"}},
        {"schedule": {"cron": "0 25 * * *", "timezone": "UTC"}},
        {"schedule": {"cron": "0 7 * * *", "timezone": "Mars/Olympus"}},
        {"formats": ["pdf"]},
        {"webhook": {"url": "not a url", "secret": "s3cret-s3cret"}},
    ):
        response = client.post("/v1/brief-profiles", json=profile_body(**bad))
        assert response.status_code == 422, bad
        assert response.headers["content-type"].startswith("application/problem+json")
    assert client.patch(path, json={"name": None}).status_code == 422

    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404


def test_brief_requests_are_checked(client: TestClient) -> None:
    for bad in (
        {"profile_id": 1, "tags": ["x"]},
        {"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
        {"since": "2026-01-01T00:00:00Z", "until": "2026-03-01T00:00:00Z"},
    ):
        assert client.post("/v1/briefs", json=bad).status_code == 422, bad
    assert client.post("/v1/briefs", json={"profile_id": 999}).status_code == 404


def _submit(client: TestClient, text: str, source: str, tags: list[str], hours: int) -> int:
    published = (NOW - timedelta(hours=hours)).isoformat()
    body = {
        "text": text,
        "source": source,
        "tags": tags,
        "published_at": published,
        "url": f"https://{source}.example/{hours}",
        "options": {"engine": "extractive"},
    }
    response = client.post("/v1/articles", json=body)
    assert response.status_code == 202, response.text
    return int(response.json()["summary_id"])


def _finish_view(settings: Settings, view_id: int) -> None:
    with session_scope(settings.resolved_database_url) as session:
        work_id = session.get(TenantSummary, view_id).summary_id  # type: ignore[union-attr]
    finish(settings.resolved_database_url, work_id)


class _Balanced(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag != "meta":
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag


def test_a_brief_tells_each_story_once_in_every_format(
    app: FastAPI, settings: Settings, make_key: KeyMaker
) -> None:
    acme, globex = bearer(make_key(name="acme")), bearer(make_key(name="globex"))
    with TestClient(app, headers=acme) as client:
        bridge = _submit(client, BRIDGE, "wire", ["local"], hours=3)
        _submit(client, BRIDGE_COPY, "daily", ["local"], hours=2)
        _submit(client, MATCH, "sportsdesk", ["sport"], hours=1)
        _finish_view(settings, bridge)  # the wire's is summarized: it leads its story
        profile = client.post("/v1/brief-profiles", json=profile_body()).json()

        accepted = client.post("/v1/briefs", json={"profile_id": profile["id"]})
        assert accepted.status_code == 202, accepted.text
        brief_id = accepted.json()["id"]
        assert accepted.headers["location"] == f"/v1/briefs/{brief_id}"
        assert client.get(f"/v1/briefs/{brief_id}").json()["status"] == "queued"

        # The match's summaries are still queued: the brief waits for them...
        waiting = build_brief(settings=settings, brief_id=brief_id)
        assert waiting.status is None and waiting.waiting_for == 2
        # ...until BRIEFING_BRIEFS__WAIT_SUMMARIES_S, then lead sentences stand in.
        impatient = settings.model_copy(update={"briefs": BriefSettings(wait_summaries_s=0)})
        assert build_brief(settings=impatient, brief_id=brief_id).status is BriefStatus.done

        brief = client.get(f"/v1/briefs/{brief_id}").json()
        assert brief["status"] == "done"
        assert brief["title"].startswith("Morning: ")
        assert [s["name"] for s in brief["sections"]] == ["sport", "local"]
        [local] = brief["sections"][1]["stories"]
        assert local["headline"] == "Council passes budget"  # the finished summary's
        assert local["source"] == "wire" and local["new"] is True
        assert [o["source"] for o in local["also_reported_by"]] == ["daily"]
        [match] = brief["sections"][0]["stories"]
        assert match["headline"].startswith("Northfield United beat Castleton Rovers")
        assert match["also_reported_by"] == []
        assert brief["overview"]

        markdown = client.get(f"/v1/briefs/{brief_id}?format=markdown")
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert "## local" in markdown.text and "Also reported by: [daily]" in markdown.text
        html = client.get(f"/v1/briefs/{brief_id}?format=html")
        assert html.headers["content-type"].startswith("text/html")
        checker = _Balanced()
        checker.feed(html.text)
        assert checker.stack == []
        text = client.get(f"/v1/briefs/{brief_id}?format=text")
        assert "Council passes budget (wire) [new]" in text.text
        assert client.get(f"/v1/briefs/{brief_id}?format=pdf").status_code == 422

        # The next brief marks nothing new: the same stories were in the last one.
        second = client.post("/v1/briefs", json={"profile_id": profile["id"]}).json()["id"]
        build_brief(settings=impatient, brief_id=second)
        again = client.get(f"/v1/briefs/{second}").json()
        assert [s["new"] for sec in again["sections"] for s in sec["stories"]] == [False, False]

        listed = client.get(f"/v1/brief-profiles/{profile['id']}/briefs").json()["items"]
        assert [b["id"] for b in listed] == [second, brief_id]
        atom = client.get(f"/v1/brief-profiles/{profile['id']}/atom")
        assert atom.headers["content-type"].startswith("application/atom+xml")
        entries = ET.fromstring(atom.text).findall("{http://www.w3.org/2005/Atom}entry")
        assert len(entries) == 2

        # Another tenant sees none of it.
        for path in (
            f"/v1/briefs/{brief_id}",
            f"/v1/brief-profiles/{profile['id']}",
            f"/v1/brief-profiles/{profile['id']}/briefs",
            f"/v1/brief-profiles/{profile['id']}/atom",
        ):
            assert client.get(path, headers=globex).status_code == 404, path
        assert (
            client.delete(f"/v1/brief-profiles/{profile['id']}", headers=globex).status_code == 404
        )
        assert (
            client.post(
                "/v1/briefs", json={"profile_id": profile["id"]}, headers=globex
            ).status_code
            == 404
        )
        assert client.get("/v1/brief-profiles", headers=globex).json()["items"] == []


def test_an_ad_hoc_brief_filters_by_tag_and_window(client: TestClient, settings: Settings) -> None:
    _submit(client, BRIDGE, "wire", ["local"], hours=3)
    _submit(client, MATCH, "sportsdesk", ["sport"], hours=30)
    impatient = settings.model_copy(update={"briefs": BriefSettings(wait_summaries_s=0)})
    since = (NOW - timedelta(hours=48)).isoformat()
    sport = client.post("/v1/briefs", json={"tags": ["sport"], "since": since}).json()["id"]
    recent = client.post("/v1/briefs", json={}).json()["id"]  # the last 24 hours
    for brief_id in (sport, recent):
        build_brief(settings=impatient, brief_id=brief_id)
    sport_brief = client.get(f"/v1/briefs/{sport}").json()
    assert [s["source"] for sec in sport_brief["sections"] for s in sec["stories"]] == [
        "sportsdesk"
    ]
    recent_brief = client.get(f"/v1/briefs/{recent}").json()
    assert [s["source"] for sec in recent_brief["sections"] for s in sec["stories"]] == ["wire"]


@pytest.mark.parametrize("path", ["/v1/briefs/0", "/v1/briefs/99999999999999999999"])
def test_unknown_brief_ids_are_404_or_422(client: TestClient, path: str) -> None:
    assert client.get(path).status_code in (404, 422)
