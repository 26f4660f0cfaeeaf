"""Tenants: each sees only its own articles and summaries; shared work reveals no one."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from service.config import Settings
from service.storage.db import session_scope
from service.storage.models import Summary
from tests.factories import finish, submission
from tests.service.api.conftest import KeyMaker, bearer


def _finish(settings: Settings, work_id: int) -> None:
    finish(settings.resolved_database_url, work_id)


def _work_count(settings: Settings) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return int(session.scalar(select(func.count()).select_from(Summary)) or 0)


def test_another_tenant_gets_404_and_an_empty_list(app: FastAPI, make_key: KeyMaker) -> None:
    acme, globex = bearer(make_key(name="acme")), bearer(make_key(name="globex"))
    with TestClient(app) as client:
        accepted = client.post(
            "/v1/articles", json=submission(text="Acme's private story."), headers=acme
        ).json()
        summary_path = f"/v1/summaries/{accepted['summary_id']}"
        article_path = f"/v1/articles/{accepted['article_id']}"
        assert client.get(summary_path, headers=acme).status_code == 200
        assert client.get(article_path, headers=acme).status_code == 200
        for path in (summary_path, article_path, f"{summary_path}?wait=1"):
            response = client.get(path, headers=globex)
            assert response.status_code == 404, path
            assert "Acme" not in response.text
        assert client.get("/v1/summaries", headers=globex).json()["items"] == []
        assert len(client.get("/v1/summaries", headers=acme).json()["items"]) == 1


def test_keys_of_one_tenant_share_its_data(app: FastAPI, make_key: KeyMaker) -> None:
    writer = bearer(make_key(scopes=("submit",), name="acme"))
    reader = bearer(make_key(scopes=("read",), tenant="acme", name="acme-dashboard"))
    with TestClient(app) as client:
        location = client.post("/v1/articles", json=submission(), headers=writer).headers[
            "location"
        ]
        assert client.get(location, headers=reader).json()["source"] == "test"


def test_shared_work_runs_once_but_reveals_no_other_tenant(
    app: FastAPI, make_key: KeyMaker, settings: Settings
) -> None:
    acme, globex = bearer(make_key(name="acme")), bearer(make_key(name="globex"))
    text = "The harbour reopened on Friday after the storm damaged its walls."
    with TestClient(app) as client:
        first = client.post(
            "/v1/articles",
            json=submission(text=text, source="acme-wire", tags=["acme-secret"]),
            headers=acme,
        ).json()
        _finish(settings, work_id=1)
        second = client.post(
            "/v1/articles",
            json=submission(text=text, source="globex-desk", tags=["harbour"]),
            headers=globex,
        )
        # New to this tenant: not a duplicate, its own ids, though the model ran once.
        assert second.status_code == 202 and second.json()["duplicate"] is False
        assert second.json()["summary_id"] != first["summary_id"]
        assert second.json()["article_id"] != first["article_id"]
        assert _work_count(settings) == 1
        theirs = client.get(second.headers["location"], headers=globex).json()
        assert theirs["headline"] == "Council passes budget"
        assert theirs["source"] == "globex-desk" and theirs["tags"] == ["harbour"]
        assert theirs["created_at"] <= theirs["started_at"] <= theirs["finished_at"]
        article = client.get(f"/v1/articles/{theirs['article_id']}", headers=globex).json()
        assert article["source"] == "globex-desk" and article["tags"] == ["harbour"]
        assert "acme" not in str(theirs) + str(article)
        by_tag = client.get("/v1/summaries", params={"tag": "acme-secret"}, headers=globex)
        assert by_tag.json()["items"] == []
        # Sent again by the same tenant, it is a duplicate for that tenant.
        again = client.post("/v1/articles", json=submission(text=text), headers=globex)
        assert again.status_code == 200 and again.json()["duplicate"] is True
        assert again.json()["summary_id"] == second.json()["summary_id"]
        mine = client.get(f"/v1/summaries/{first['summary_id']}", headers=acme).json()
        assert mine["source"] == "acme-wire" and mine["tags"] == ["acme-secret"]


def test_another_title_is_other_work(app: FastAPI, make_key: KeyMaker, settings: Settings) -> None:
    # The engines read the title: another tenant's title must not shape this tenant's summary.
    acme, globex = bearer(make_key(name="acme")), bearer(make_key(name="globex"))
    text = "The harbour reopened on Friday after the storm damaged its walls."
    with TestClient(app) as client:
        client.post("/v1/articles", json=submission(text=text, title="Acme's title"), headers=acme)
        client.post(
            "/v1/articles", json=submission(text=text, title="Globex's title"), headers=globex
        )
    assert _work_count(settings) == 2


def test_batch_items_belong_to_the_tenant(app: FastAPI, make_key: KeyMaker) -> None:
    acme, globex = bearer(make_key(name="acme")), bearer(make_key(name="globex"))
    items = [submission(text=f"Story number {i} about the harbour.") for i in range(3)]
    with TestClient(app) as client:
        accepted = client.post("/v1/articles/batch", json={"articles": items}, headers=acme)
        ids = [item["summary_id"] for item in accepted.json()["items"]]
        listed = client.get("/v1/summaries", headers=acme).json()["items"]
        assert sorted(item["id"] for item in listed) == sorted(ids)
        assert client.get("/v1/summaries", headers=globex).json()["items"] == []
