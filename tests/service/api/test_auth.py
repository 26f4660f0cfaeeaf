"""API keys: 401 without a valid key, 403 without the scope, keys managed by admins."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.config import Settings, get_settings
from service.storage.db import session_scope
from service.storage.models import ApiKey
from tests.factories import submission
from tests.service.api.conftest import KeyMaker, bearer

PROTECTED = [
    ("POST", "/v1/articles", {"text": "A story."}),
    ("POST", "/v1/articles/batch", {"articles": [{"text": "A story."}]}),
    ("GET", "/v1/summaries", None),
    ("GET", "/v1/summaries/1", None),
    ("GET", "/v1/articles/1", None),
    ("GET", "/v1/keys", None),
    ("POST", "/v1/keys", {"name": "x", "scopes": ["read"]}),
    ("DELETE", "/v1/keys/1", None),
]


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_every_endpoint_needs_a_key(
    app: FastAPI, make_key: KeyMaker, method: str, path: str, body: object
) -> None:
    make_key()  # a key exists, but the request does not send it
    with TestClient(app) as anonymous:
        response = anonymous.request(method, path, json=body)
    problem = _problem(response, 401)
    assert "Authorization: Bearer" in problem["detail"]
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer nonsense",
        "Bearer brf_000000000000_secret",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
    ],
)
def test_unknown_or_malformed_keys_are_401(app: FastAPI, make_key: KeyMaker, header: str) -> None:
    make_key()
    with TestClient(app) as client:
        response = client.get("/v1/summaries", headers={"Authorization": header})
    _problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_right_prefix_with_a_wrong_secret_is_401(app: FastAPI, make_key: KeyMaker) -> None:
    token = make_key()
    forged = token[: token.rindex("_") + 1] + "x" * 43
    with TestClient(app) as client:
        assert client.get("/v1/summaries", headers=bearer(token)).status_code == 200
        _problem(client.get("/v1/summaries", headers=bearer(forged)), 401)


def test_only_a_hash_of_the_key_is_stored(settings: Settings, make_key: KeyMaker) -> None:
    token = make_key()
    with session_scope(settings.resolved_database_url) as session:
        row = session.scalars(select(ApiKey)).one()
        stored = [str(value) for value in row.__dict__.values()]
    secret = token.split("_", 2)[2]  # brf_<prefix>_<secret>; the secret may hold "_" too
    assert not any(secret in value for value in stored)
    assert row.prefix in token and len(row.secret_hash) == 64


def test_a_missing_scope_is_403(app: FastAPI, make_key: KeyMaker) -> None:
    reader = bearer(make_key(scopes=("read",)))
    submitter = bearer(make_key(scopes=("submit",)))
    with TestClient(app) as client:
        body = _problem(client.post("/v1/articles", json=submission(), headers=reader), 403)
        assert "submit" in body["detail"]
        accepted = client.post("/v1/articles", json=submission(), headers=submitter)
        assert accepted.status_code == 202
        _problem(client.get(accepted.headers["location"], headers=submitter), 403)
        _problem(client.get("/v1/summaries", headers=submitter), 403)
        _problem(client.get("/v1/keys", headers=reader), 403)
        # The reader is of another tenant: its own list is empty, not forbidden.
        assert client.get("/v1/summaries", headers=reader).json()["items"] == []


def test_an_admin_manages_its_own_tenants_keys(app: FastAPI, make_key: KeyMaker) -> None:
    admin = bearer(make_key(scopes=("admin",), name="acme"))
    stranger = make_key(name="globex")
    with TestClient(app) as client:
        created = client.post(
            "/v1/keys", json={"name": "acme-reader", "scopes": ["read"]}, headers=admin
        )
        assert created.status_code == 201, created.text
        new = created.json()
        assert new["tenant"] == "acme" and new["scopes"] == ["read"]
        assert new["key"].startswith(f"brf_{new['prefix']}_")
        new_key = bearer(new["key"])
        assert client.get("/v1/summaries", headers=new_key).status_code == 200

        listed = client.get("/v1/keys", headers=admin).json()["items"]
        assert [k["name"] for k in listed] == ["acme", "acme-reader"]
        assert all("key" not in k for k in listed)  # secrets are shown once, at creation

        # Another tenant's key id is unknown to this admin.
        with session_scope(app.dependency_overrides[get_settings]().resolved_database_url) as s:
            stranger_id = s.scalars(select(ApiKey.id).where(ApiKey.name == "globex")).one()
        _problem(client.delete(f"/v1/keys/{stranger_id}", headers=admin), 404)
        assert client.get("/v1/summaries", headers=bearer(stranger)).status_code == 200

        revoked = client.delete(f"/v1/keys/{new['id']}", headers=admin)
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        problem = _problem(client.get("/v1/summaries", headers=new_key), 401)
        assert "revoked" in problem["detail"]
        bad = client.post("/v1/keys", json={"name": "x", "scopes": ["root"]}, headers=admin)
        _problem(bad, 422)


def test_health_needs_no_key(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200


def test_open_mode_needs_no_key_and_uses_one_tenant(settings: Settings) -> None:
    from service.api.app import create_app

    open_settings = settings.model_copy(update={"auth": "open"})
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: open_settings
    with TestClient(app) as client:
        accepted = client.post("/v1/articles", json=submission())
        assert accepted.status_code == 202, accepted.text
        again = client.post("/v1/articles", json=submission())
        assert again.json()["duplicate"] is True
        assert client.get(accepted.headers["location"]).json()["status"] == "queued"
        assert len(client.get("/v1/summaries").json()["items"]) == 1
        # A key sent in open mode changes nothing.
        listed = client.get("/v1/summaries", headers=bearer("brf_x_y")).json()
        assert len(listed["items"]) == 1


def test_openapi_declares_the_bearer_scheme(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["APIKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "An API key from `briefing keys create`, sent as `Authorization: Bearer <key>`."
        ),
    }
    assert document["paths"]["/v1/articles"]["post"]["security"] == [{"APIKey": []}]
    for path, method in [("/v1/articles", "post"), ("/v1/summaries/{summary_id}", "get")]:
        answers = document["paths"][path][method]["responses"]
        for status in ("401", "403", "429"):
            assert "application/problem+json" in answers[status]["content"], (path, status)
