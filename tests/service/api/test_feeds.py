"""Feeds through the API: created, listed and deleted by their own tenant only."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.service.api.conftest import KeyMaker, bearer


def test_feeds_api_is_tenant_owned(app: FastAPI, make_key: KeyMaker) -> None:
    acme, globex = bearer(make_key(name="acme")), bearer(make_key(name="globex"))
    with TestClient(app, headers=acme) as client:
        created = client.post(
            "/v1/feeds", json={"url": "https://news.example/rss", "source": "news"}
        )
        assert created.status_code == 201, created.text
        feed = created.json()
        assert feed["poll_interval_s"] == 900 and feed["tags"] == []
        assert [f["id"] for f in client.get("/v1/feeds").json()["items"]] == [feed["id"]]
        path = f"/v1/feeds/{feed['id']}"
        assert client.get(path, headers=globex).status_code == 404
        assert client.delete(path, headers=globex).status_code == 404
        assert client.get("/v1/feeds", headers=globex).json()["items"] == []
        for bad in (
            {"url": "ftp://x/rss", "source": "n"},
            {"url": "https://x/rss", "source": ""},
            {"url": "https://x/rss", "source": "n", "poll_interval_s": 5},
        ):
            assert client.post("/v1/feeds", json=bad).status_code == 422, bad
        assert client.delete(path).status_code == 204
        assert client.get(path).status_code == 404
