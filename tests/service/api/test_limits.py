"""Body size, per-key rate, and long-polls that neither poll hard nor outlive `wait`."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select

from service.api.app import create_app
from service.api.limits import BodyLimitMiddleware
from service.config import Settings, get_settings
from service.storage.db import get_engine, session_scope
from service.storage.models import TenantSummary
from tests.factories import finish, submission
from tests.service.api.conftest import KeyMaker, bearer


def _app(settings: Settings, **changes: object) -> FastAPI:
    changed = settings.model_copy(update=changes)
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: changed
    return app


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def _stored(settings: Settings) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return int(session.scalar(select(func.count()).select_from(TenantSummary)) or 0)


@pytest.mark.parametrize("field", ["text", "html"])
def test_a_body_over_the_limit_is_413(settings: Settings, make_key: KeyMaker, field: str) -> None:
    app = _app(settings, max_body_bytes=2000)
    big = {field: "<p>" + "word " * 1000 + "</p>"}
    with TestClient(app, headers=bearer(make_key())) as client:
        body = _problem(client.post("/v1/articles", json=big), 413)
        assert "BRIEFING_MAX_BODY_BYTES" in body["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
            yield b'{"' + field.encode() + b'": "'
            for _ in range(100):
                yield b"word " * 10
            yield b'"}'

        _problem(client.post("/v1/articles", content=chunks()), 413)
        assert client.post("/v1/articles", json=submission()).status_code == 202
    assert _stored(settings) == 1  # only the small one


def test_a_chunked_body_is_not_read_past_the_limit() -> None:
    reads = 0
    seen = {"status": 0}

    async def endless_body() -> dict:  # type: ignore[type-arg]
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        if message["type"] == "http.response.start":
            seen["status"] = message["status"]

    async def app(scope: dict, receive, send) -> None:  # type: ignore[no-untyped-def,type-arg]
        while (await receive())["more_body"]:
            pass

    middleware = BodyLimitMiddleware(app, max_body_bytes=lambda: 5000)  # type: ignore[arg-type]
    scope = {"type": "http", "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(middleware(scope, endless_body, send))  # type: ignore[arg-type]
    assert seen["status"] == 413 and reads == 6


def test_a_key_over_its_rate_gets_429_with_retry_after(
    settings: Settings, make_key: KeyMaker
) -> None:
    app = _app(settings, rate_limit="3/minute")
    busy, other = bearer(make_key()), bearer(make_key())
    with TestClient(app) as client:
        for _ in range(3):
            assert client.get("/v1/summaries", headers=busy).status_code == 200
        response = client.get("/v1/summaries", headers=busy)
        body = _problem(response, 429)
        assert "BRIEFING_RATE_LIMIT" in body["detail"]
        assert 1 <= int(response.headers["retry-after"]) <= 60
        assert client.get("/v1/summaries", headers=other).status_code == 200


@pytest.mark.redis
def test_rate_limits_are_counted_in_redis_across_processes(
    settings: Settings, make_key: KeyMaker, redis_url: str
) -> None:
    import redis

    key = bearer(make_key())
    # Two apps stand for two API processes: only a shared count stops the fifth request.
    first, second = (_app(settings, rate_limit="4/minute", redis_url=redis_url) for _ in "ab")
    with TestClient(first) as one, TestClient(second) as two:
        for client in (one, two, one, two):
            assert client.get("/v1/summaries", headers=key).status_code == 200
        _problem(two.get("/v1/summaries", headers=key), 429)
        _problem(one.get("/v1/summaries", headers=key), 429)
    assert redis.Redis.from_url(redis_url).keys("LIMITS:LIMITER/briefing/key:*")


def _complete(settings: Settings, work_id: int) -> None:
    finish(settings.resolved_database_url, work_id)


def test_long_polls_are_capped_per_key(settings: Settings, make_key: KeyMaker) -> None:
    app = _app(settings, max_waits_per_key=2)
    busy, other = bearer(make_key(name="acme")), bearer(make_key(tenant="acme"))
    with TestClient(app) as client:
        location = client.post("/v1/articles", json=submission(), headers=busy).headers["location"]
        answers: list[int] = []
        waits = [
            threading.Thread(
                target=lambda: answers.append(
                    client.get(location, params={"wait": 3}, headers=busy).status_code
                )
            )
            for _ in range(2)
        ]
        for thread in waits:
            thread.start()
        time.sleep(1)  # both are waiting now
        third = client.get(location, params={"wait": 3}, headers=busy)
        _problem(third, 429)
        assert third.headers["retry-after"] == "1"
        # The cap is per key: another key of the tenant may still wait.
        assert client.get(location, params={"wait": 0.5}, headers=other).status_code == 200
        assert client.get(location, headers=busy).status_code == 200  # no wait, no slot
        for thread in waits:
            thread.join()
        assert answers == [200, 200]
        assert client.get(location, params={"wait": 0.2}, headers=busy).status_code == 200


def test_waiting_clients_share_one_query_and_never_outlive_wait(
    settings: Settings, make_key: KeyMaker
) -> None:
    statements: list[str] = []
    engine = get_engine(settings.resolved_database_url)
    app = _app(settings)
    with TestClient(app, headers=bearer(make_key())) as client:
        location = client.post("/v1/articles", json=submission()).headers["location"]

        def record(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", record)
        answers: list[dict] = []  # type: ignore[type-arg]
        started = time.monotonic()
        waits = [
            threading.Thread(
                target=lambda: answers.append(client.get(location, params={"wait": 2}).json())
            )
            for _ in range(10)
        ]
        for thread in waits:
            thread.start()
        for thread in waits:
            thread.join()
        elapsed = time.monotonic() - started
        event.remove(engine, "before_cursor_execute", record)
    assert [answer["status"] for answer in answers] == ["queued"] * 10
    assert 2 <= elapsed < 4
    # Each client reads its summary 3 times (start, watching, end) and one query a
    # quarter second serves them all; polling each client ten times a second would
    # be some 200 reads here.
    reads = [s for s in statements if "FROM summaries" in s or "FROM tenant_summaries" in s]
    assert len(reads) <= 45, len(reads)


def test_a_wait_returns_when_a_worker_finishes(settings: Settings, make_key: KeyMaker) -> None:
    app = _app(settings)
    with TestClient(app, headers=bearer(make_key())) as client:
        location = client.post("/v1/articles", json=submission()).headers["location"]
        threading.Timer(0.5, _complete, args=(settings, 1)).start()
        started = time.monotonic()
        body = client.get(location, params={"wait": 20}).json()
        assert body["status"] == "done" and time.monotonic() - started < 5


@pytest.mark.postgres
def test_on_postgresql_a_wait_is_woken_by_notify_not_by_polling(
    settings: Settings, postgres_url: str
) -> None:
    from service.notify import publish_summaries_finished
    from service.storage.keys import create_key

    pg = settings.model_copy(update={"database_url": postgres_url})
    with session_scope(postgres_url) as session:
        _, token = create_key(session=session, name="pg", scopes=["submit", "read"])
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    app = create_app()
    app.dependency_overrides[get_settings] = lambda: pg
    with TestClient(app, headers=bearer(token)) as client:
        location = client.post("/v1/articles", json=submission()).headers["location"]
        event.listen(get_engine(postgres_url), "before_cursor_execute", record)

        def finish() -> None:
            _complete(pg, 1)
            publish_summaries_finished(postgres_url, [1])

        threading.Timer(3, finish).start()
        started = time.monotonic()
        body = client.get(location, params={"wait": 25}).json()
        elapsed = time.monotonic() - started
        event.remove(get_engine(postgres_url), "before_cursor_execute", record)
    assert body["status"] == "done"
    # Woken by the NOTIFY (3 s), long before a waiter looks again by itself (10 s).
    assert 2.5 < elapsed < 8
    reads = [s for s in statements if "FROM tenant_summaries" in s]
    assert len(reads) <= 4, reads


def test_a_redis_outage_lets_requests_in(
    settings: Settings, make_key: KeyMaker, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(settings, rate_limit="1/minute", redis_url="redis://127.0.0.1:1/0")
    with TestClient(app, headers=bearer(make_key())) as client:
        statuses = [client.get("/v1/summaries").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert "not limiting" in caplog.text
