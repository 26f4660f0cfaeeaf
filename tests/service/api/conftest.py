from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings, get_settings
from service.storage.db import session_scope
from service.storage.keys import create_key

KeyMaker = Callable[..., str]


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings
    return app


@pytest.fixture
def make_key(settings: Settings) -> KeyMaker:
    """Make an API key in the test database; returns the token."""
    names = itertools.count(1)

    def make(
        scopes: tuple[str, ...] = ("submit", "read", "admin"),
        tenant: str | None = None,
        name: str | None = None,
    ) -> str:
        with session_scope(settings.resolved_database_url) as session:
            _, token = create_key(
                session=session,
                name=name or f"test-key-{next(names)}",
                scopes=scopes,
                tenant=tenant,
            )
        return token

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(app: FastAPI, make_key: KeyMaker) -> Iterator[TestClient]:
    """The API in its default (keys) mode, with a key that holds every scope."""
    with TestClient(app, headers=bearer(make_key())) as test_client:
        yield test_client
