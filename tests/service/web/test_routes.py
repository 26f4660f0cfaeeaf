"""The editor page is served by the API with no data in it and nothing from elsewhere."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings, get_settings


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings
    return app


def test_the_page_and_its_files_are_served_locally(app: FastAPI) -> None:
    with TestClient(app) as client:
        page = client.get("/editor")
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"
        assets = re.findall(r'(?:src|href)="([^"#]+)"', page.text)
        assert sorted(assets) == ["/editor/static/editor.css", "/editor/static/editor.js"]
        for asset in assets:
            assert client.get(asset).status_code == 200
        assert "<script>" not in page.text  # no inline script: the policy forbids it
        # Every control is labelled for screen readers.
        ids = set(re.findall(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"', page.text))
        labelled = set(re.findall(r'<label for="([^"]+)"', page.text))
        assert ids and ids <= labelled
        # The option ranges come from the API's own limits.
        assert 'max="30"' in page.text and '<option value="5"' in page.text
        assert (
            '<option value="6"'
            not in page.text.split('id="opt-candidates"')[1].split("</select>")[0]
        )


def test_the_page_needs_no_key_but_shows_nothing_without_one(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/editor").status_code == 200
        assert client.get("/v1/summaries").status_code == 401
