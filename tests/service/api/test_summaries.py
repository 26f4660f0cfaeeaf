from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from service.config import Settings
from service.storage.db import session_scope
from tests.factories import complete, submission


def test_wait_returns_as_soon_as_the_summary_is_done(
    client: TestClient, settings: Settings
) -> None:
    summary_id = client.post("/v1/articles", json=submission()).json()["summary_id"]
    assert client.get(f"/v1/summaries/{summary_id}").json()["status"] == "queued"

    def finish_later() -> None:
        time.sleep(0.5)
        with session_scope(settings.resolved_database_url) as session:
            complete(session, summary_id)  # a queued summary may be completed by anyone

    threading.Thread(target=finish_later).start()
    body = client.get(f"/v1/summaries/{summary_id}", params={"wait": 20}).json()
    assert body["status"] == "done"
    assert body["headline"] == "Council passes budget"
    assert body["bullets"] == ["One.", "Two."]
    assert body["tags"] == [] and body["source"] == "test"


def test_wait_over_30_seconds_is_refused(client: TestClient) -> None:
    response = client.get("/v1/summaries/1", params={"wait": 31})
    assert response.status_code == 422


def test_list_filters_by_status_source_and_tag(client: TestClient) -> None:
    client.post("/v1/articles", json=submission(text="Sport story.", tags=["sport"]))
    client.post("/v1/articles", json=submission(text="Wire story.", source="wire"))
    assert len(client.get("/v1/summaries").json()["items"]) == 2
    by_tag = client.get("/v1/summaries", params={"tag": "sport"}).json()["items"]
    assert [item["tags"] for item in by_tag] == [["sport"]]
    by_source = client.get("/v1/summaries", params={"source": "wire"}).json()["items"]
    assert [item["source"] for item in by_source] == ["wire"]
    assert client.get("/v1/summaries", params={"status": "done"}).json()["items"] == []
    page = client.get("/v1/summaries", params={"limit": 1}).json()
    rest = client.get("/v1/summaries", params={"limit": 1, "cursor": page["next_cursor"]}).json()
    assert page["items"][0]["id"] > rest["items"][0]["id"] and rest["next_cursor"] is None
    assert client.get("/v1/summaries", params={"status": "bogus"}).status_code == 422


def test_health_and_readiness(client: TestClient, settings: Settings) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {
        "database": True,
        "broker": True,
    }


def test_readiness_fails_when_the_broker_is_down(settings: Settings) -> None:
    from service.api.app import create_app
    from service.config import get_settings

    down = settings.model_copy(update={"broker_url": "redis://127.0.0.1:1/0"})
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: down
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}
