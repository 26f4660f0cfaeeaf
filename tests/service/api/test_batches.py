"""POST /v1/batches and friends: streamed in, counted, read back in input order."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from service.batches.importer import CHUNK_LINES, max_line_bytes
from service.config import Settings, get_settings
from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus
from tests.service.api.conftest import KeyMaker, bearer

TEXT = (
    "The city council approved the new budget on Monday after a long debate. "
    "It funds two new schools and repairs to the old bridge over the river. "
    "The mayor said the vote showed the council could still agree on hard things."
)


def ndjson(*lines: object) -> bytes:
    return b"".join(
        (line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n" for line in lines
    )


def article(n: int, words: int = 0) -> dict[str, str]:
    return {"id": f"a-{n}", "text": f"Story {n}. {TEXT} {'More. ' * words}", "title": f"T{n}"}


def test_lines_are_stored_in_order_with_their_errors(client: TestClient) -> None:
    body = ndjson(article(1), b"{not json", {"id": "empty", "text": "  "}, {"id": 7}, article(2))
    created = client.post("/v1/batches", content=body)
    assert created.status_code == 201, created.text
    state = created.json()
    assert state["status"] == "running"
    assert state["counts"] == {"total": 5, "queued": 2, "running": 0, "done": 0, "failed": 3}
    results = [
        json.loads(line) for line in client.get(f"/v1/batches/{state['id']}/results").iter_lines()
    ]
    assert [r["id"] for r in results] == ["a-1", "2", "empty", "7", "a-2"]
    assert [r["status"] for r in results] == ["queued", "failed", "failed", "failed", "queued"]
    assert "not JSON" in results[1]["error"] and "empty" in results[2]["error"]
    assert "no text" in results[3]["error"] and results[0]["error"] is None
    failures = client.get(f"/v1/batches/{state['id']}/failures").text.splitlines()
    assert [json.loads(line)["id"] for line in failures] == ["2", "empty", "7"]


def test_batch_items_are_ordinary_bulk_summaries(client: TestClient, settings: Settings) -> None:
    state = client.post("/v1/batches", content=ndjson(article(1, words=50), article(2))).json()
    with session_scope(settings.resolved_database_url) as session:
        rows = session.scalars(select(Summary)).all()
        assert {row.queue for row in rows} == {"bulk"}
        assert all(row.dispatches == 1 for row in rows)  # handed to the broker
        session.execute(
            update(Summary).values(
                status=SummaryStatus.done, headline="H", summary="S", bullets=["b1", "b2"]
            )
        )
    done = client.get(f"/v1/batches/{state['id']}").json()
    assert done["status"] == "done" and done["eta_s"] == 0
    assert done["counts"]["done"] == 2 and done["rate_per_s"] > 0
    first = json.loads(client.get(f"/v1/batches/{state['id']}/results").text.splitlines()[0])
    assert first == {
        "id": "a-1",
        "status": "done",
        "headline": "H",
        "summary": "S",
        "bullets": ["b1", "b2"],
        "error": None,
    }
    # The tenant sees them as its own summaries too.
    assert len(client.get("/v1/summaries").json()["items"]) == 2


@pytest.fixture
def small_body_app(app: FastAPI, settings: Settings) -> Settings:
    small = settings.model_copy(update={"max_body_bytes": 2048, "max_text_chars": 1000})
    app.dependency_overrides[get_settings] = lambda: small
    return small


def test_a_body_past_the_body_limit_is_accepted(
    client: TestClient, small_body_app: Settings
) -> None:
    body = ndjson(*(article(n) for n in range(2 * CHUNK_LINES + 5)))
    assert len(body) > 20 * small_body_app.max_body_bytes  # declared in Content-Length
    created = client.post("/v1/batches", content=body)
    assert created.status_code == 201, created.text
    assert created.json()["counts"]["total"] == 2 * CHUNK_LINES + 5
    # Elsewhere the body limit still holds.
    big = client.post("/v1/articles", json={"text": "x" * 5000})
    assert big.status_code == 413


def test_an_overlong_line_is_that_lines_error_and_not_buffered(
    client: TestClient, small_body_app: Settings
) -> None:
    limit = max_line_bytes(small_body_app)
    huge = json.dumps({"id": "huge", "text": "word " * limit}).encode()

    def body() -> Iterator[bytes]:
        yield ndjson(article(1))
        for start in range(0, len(huge), 4096):  # the long line arrives in pieces
            yield huge[start : start + 4096]
        yield b"\n" + ndjson({"id": "long-text", "text": "word " * 300}, article(2))

    state = client.post("/v1/batches", content=body()).json()
    results = [json.loads(x) for x in client.get(f"/v1/batches/{state['id']}/results").iter_lines()]
    assert [r["id"] for r in results] == ["a-1", "2", "long-text", "a-2"]
    assert "longer than" in results[1]["error"]
    assert "BRIEFING_MAX_TEXT_CHARS" in results[2]["error"]
    assert results[3]["status"] == "queued"


def test_an_upload_continues_from_the_lines_the_batch_holds(client: TestClient) -> None:
    opened = client.post("/v1/batches", params={"close": "false"}, content=ndjson(article(1)))
    job = opened.json()["id"]
    assert opened.json()["status"] == "accepting"
    stale = client.post(
        f"/v1/batches/{job}/items", params={"offset": 0}, content=ndjson(article(1))
    )
    assert stale.status_code == 409 and "offset=1" in stale.json()["detail"]
    rest = client.post(
        f"/v1/batches/{job}/items", params={"offset": 1}, content=ndjson(article(2), article(3))
    )
    assert rest.json()["status"] == "running" and rest.json()["counts"]["total"] == 3
    closed = client.post(f"/v1/batches/{job}/items", content=ndjson(article(4)))
    assert closed.status_code == 409
    assert closed.headers["content-type"] == "application/problem+json"
    ids = [json.loads(x)["id"] for x in client.get(f"/v1/batches/{job}/results").iter_lines()]
    assert ids == ["a-1", "a-2", "a-3"]


def test_retry_failed_queues_failed_summaries_again(client: TestClient, settings: Settings) -> None:
    job = client.post("/v1/batches", content=ndjson(article(1), article(2), b"[]")).json()["id"]
    with session_scope(settings.resolved_database_url) as session:
        session.execute(
            update(Summary).values(status=SummaryStatus.failed, error="boom", attempts=3)
        )
    assert client.get(f"/v1/batches/{job}").json()["counts"]["failed"] == 3
    retried = client.post(f"/v1/batches/{job}/retry-failed")
    assert retried.json() == {"retried": 2}
    counts = client.get(f"/v1/batches/{job}").json()["counts"]
    assert counts["queued"] == 2 and counts["failed"] == 1  # the refused line stays failed
    with session_scope(settings.resolved_database_url) as session:
        rows = session.scalars(select(Summary)).all()
        assert all(r.attempts == 0 and r.error is None and r.dispatches == 1 for r in rows)


def test_batches_belong_to_the_keys_tenant(app: FastAPI, make_key: KeyMaker) -> None:
    with TestClient(app, headers=bearer(make_key(name="acme"))) as acme:
        job = acme.post("/v1/batches", content=ndjson(article(1))).json()["id"]
        assert acme.get(f"/v1/batches/{job}").status_code == 200
    with TestClient(app, headers=bearer(make_key(name="other"))) as other:
        for method, path in [
            ("GET", f"/v1/batches/{job}"),
            ("GET", f"/v1/batches/{job}/results"),
            ("GET", f"/v1/batches/{job}/failures"),
            ("POST", f"/v1/batches/{job}/items"),
            ("POST", f"/v1/batches/{job}/retry-failed"),
        ]:
            answer = other.request(method, path)
            assert answer.status_code == 404, (method, path)
            assert answer.headers["content-type"] == "application/problem+json"


def test_scopes_submit_to_create_read_to_read(app: FastAPI, make_key: KeyMaker) -> None:
    with TestClient(app, headers=bearer(make_key(scopes=("submit",), name="t"))) as writer:
        job = writer.post("/v1/batches", content=ndjson(article(1))).json()["id"]
        assert writer.get(f"/v1/batches/{job}").status_code == 403
    with TestClient(app, headers=bearer(make_key(scopes=("read",), tenant="t"))) as reader:
        assert reader.get(f"/v1/batches/{job}").status_code == 200
        assert reader.post("/v1/batches", content=ndjson(article(2))).status_code == 403
        assert reader.post(f"/v1/batches/{job}/retry-failed").status_code == 403
    with TestClient(app) as anonymous:
        assert anonymous.get(f"/v1/batches/{job}").status_code == 401


def test_openapi_declares_the_batch_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    create = paths["/v1/batches"]["post"]
    assert "application/x-ndjson" in create["requestBody"]["content"]
    assert {"401", "403", "413", "422", "429"} <= set(create["responses"])
    assert "409" in paths["/v1/batches/{batch_id}/items"]["post"]["responses"]
    for path in ("/v1/batches/{batch_id}", "/v1/batches/{batch_id}/results"):
        assert "404" in paths[path]["get"]["responses"]
    assert "/v1/batches/{batch_id}/retry-failed" in paths
