"""Bad input answers 4xx problem+json, never 500; outages answer 503; bugs a problem 500."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings, get_settings
from service.storage.db import session_scope
from service.storage.models import Summary
from tests.factories import ARTICLE_TEXT

HOSTILE = "\u202eevil\u202c \u2066x\u2069\u200b\x00\x07"


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def pg_client(tmp_path: Path, postgres_url: str) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path / "data", engine="extractive", database_url=postgres_url, auth="open"
    )
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings.model_copy(update={"auth": "open"})
    with TestClient(app) as client:
        yield client


@pytest.mark.postgres
def test_nul_surrogates_and_bidi_in_every_field_are_removed_on_postgresql(
    pg_client: TestClient,
) -> None:
    payload = {
        "text": f"{ARTICLE_TEXT} LONE {HOSTILE}",
        "title": f"Budget LONE{HOSTILE}",
        "source": f"wire\x00{HOSTILE}",
        "tags": ["city\x00", f"LONE {HOSTILE}"],
    }
    # A lone surrogate as JSON sends it ("\ud800"); Python's encoder will not write one.
    body = json.dumps(payload).replace("LONE", "\\ud800")
    response = pg_client.post(
        "/v1/articles", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 202, response.text
    summary = pg_client.get(response.json()["location"]).json()
    article = pg_client.get(f"/v1/articles/{summary['article_id']}").json()
    assert article["text"].startswith(ARTICLE_TEXT) and article["text"].endswith("evil x")
    assert article["title"] == "Budget evil x"
    assert article["source"] == "wireevil x"
    assert sorted(article["tags"]) == ["city", "evil x"]
    # A filter gets the same cleaning, so it finds what was stored.
    found = pg_client.get("/v1/summaries", params={"source": "wire\x00evil x", "tag": "ci\u200bty"})
    assert [item["id"] for item in found.json()["items"]] == [summary["id"]]
    # An identifier is refused rather than silently changed.
    language = pg_client.post("/v1/articles", json={"text": ARTICLE_TEXT, "language": "en\x00"})
    assert any(e["field"] == "language" for e in _problem(language, 422)["errors"])
    empty_tag = pg_client.post("/v1/articles", json={"text": ARTICLE_TEXT, "tags": ["\u200b\x00"]})
    _problem(empty_tag, 422)
    # API key names too (schemathesis found a NUL there giving 500 on PostgreSQL).
    key = pg_client.post("/v1/keys", json={"name": f"ops\x00{HOSTILE}", "scopes": ["read"]})
    assert key.status_code == 201, key.text
    assert key.json()["name"] == "opsevil x"
    _problem(pg_client.post("/v1/keys", json={"name": "\x00", "scopes": ["read"]}), 422)


@pytest.mark.postgres
@pytest.mark.parametrize("bad_id", [2**63, 2**64, 0, -1])
def test_ids_out_of_range_are_404_on_postgresql(pg_client: TestClient, bad_id: int) -> None:
    _problem(pg_client.get(f"/v1/summaries/{bad_id}"), 404)
    _problem(pg_client.get(f"/v1/articles/{bad_id}"), 404)


def test_ids_and_cursors_out_of_range_on_sqlite(client: TestClient) -> None:
    _problem(client.get(f"/v1/summaries/{2**63}"), 404)
    _problem(client.get(f"/v1/articles/{2**63}"), 404)
    _problem(client.get("/v1/summaries", params={"cursor": 2**63}), 422)
    _problem(client.get("/v1/summaries/12abc"), 422)


def test_an_unreachable_database_answers_503_with_retry_after(tmp_path: Path) -> None:
    # A PostgreSQL URL to a closed local port: the machine's server is left alone.
    down = Settings(
        data_dir=tmp_path / "data",
        engine="extractive",
        auth="open",
        database_url="postgresql+psycopg://postgres@127.0.0.1:1/briefing",
    )
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: down
    with TestClient(app) as client:
        for response in (
            client.get("/v1/summaries"),
            client.get("/v1/summaries/1"),
            client.get("/v1/articles/1"),
            client.post("/v1/articles", json={"text": ARTICLE_TEXT}),
        ):
            body = _problem(response, 503)
            assert response.headers["retry-after"] == "5"
            assert "database" in body["detail"]
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["database"] is False


def test_a_bug_answers_problem_json_500_with_the_request_id(settings: Settings) -> None:
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings.model_copy(update={"auth": "open"})

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"X-Request-ID": "trace-42"})
    body = _problem(response, 500)
    assert "a bug" not in body["detail"]  # no internals to the client
    assert response.headers["x-request-id"] == "trace-42"


def test_healthz_answers_while_a_large_html_body_is_extracted(client: TestClient) -> None:
    paragraph = "<p>" + "The harbour reopened on Friday after the storm. " * 20 + "</p>"
    html = "<html><body><article>" + paragraph * 4000 + "</article></body></html>"
    finished: dict[str, float] = {}

    def post() -> None:
        finished["status"] = client.post("/v1/articles", json={"html": html}).status_code
        finished["post"] = time.monotonic()

    poster = threading.Thread(target=post)
    poster.start()
    time.sleep(0.5)  # the POST is now being extracted (it takes seconds)
    assert client.get("/healthz").status_code == 200
    finished["health"] = time.monotonic()
    poster.join(timeout=60)
    # With extraction on the event loop, /healthz waited for it to finish first.
    assert finished["status"] == 202, finished
    assert finished["health"] < finished["post"], finished


def test_a_broker_outage_is_not_the_clients_problem(settings: Settings) -> None:
    down = settings.model_copy(update={"auth": "open", "broker_url": "redis://127.0.0.1:1/0"})
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: down
    with TestClient(app) as client:
        accepted = client.post("/v1/articles", json={"text": ARTICLE_TEXT})
        assert accepted.status_code == 202, accepted.text
        assert client.get(accepted.headers["location"]).json()["status"] == "queued"
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["broker"] is False
    # Stored, and left for the reconciler to send once the broker is back.
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(Summary, accepted.json()["summary_id"])
        assert row is not None and row.dispatched_at is None


def test_html_larger_than_a_fetched_page_may_be_is_413_before_extraction(
    client: TestClient, settings: Settings
) -> None:
    html = "<p>" + "x" * settings.fetch.max_bytes + "</p>"
    body = _problem(client.post("/v1/articles", json={"html": html}), 413)
    assert "BRIEFING_FETCH__MAX_BYTES" in body["detail"]
