"""Articles given as a URL, through the API: the guarded fetcher at work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import FetchSettings, Settings
from service.fetch import GENERIC_ERROR
from service.storage.migrate import upgrade_database
from tests.fetch_servers import ALLOWED_HOST, serve


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Only 127.0.0.2 (the test's "public" server) is allowed; 127.0.0.1 stays forbidden."""
    result = Settings(
        data_dir=tmp_path / "data",
        engine="extractive",
        auth="open",
        fetch=FetchSettings(allow_hosts=ALLOWED_HOST, timeout_s=2, concurrency=2),
    )
    upgrade_database(result.resolved_database_url)
    return result


@pytest.fixture
def secret() -> Iterator[tuple[str, list[str]]]:
    with serve("127.0.0.1") as server:
        yield server


@pytest.fixture
def inflight() -> list[int]:
    return [0, 0]


@pytest.fixture
def allowed(secret: tuple[str, list[str]], inflight: list[int]) -> Iterator[str]:
    with serve(ALLOWED_HOST, secret_base=secret[0], inflight=inflight) as (base, _hits):
        yield base


def _refusal(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return str(response.json()["detail"])


def test_loopback_in_seven_spellings_is_refused_alike_and_nothing_is_stored(
    client: TestClient, secret: tuple[str, list[str]], allowed: str
) -> None:
    base, hits = secret
    port = base.rsplit(":", 1)[1]
    spellings = ["127.0.0.1", "localhost", "[::1]", "127.1", "2130706433", "0x7f000001"]
    urls = [f"http://{host}:{port}/story" for host in spellings] + [f"{allowed}/to-secret"]
    details = [_refusal(client.post("/v1/articles", json={"url": url})) for url in urls]
    assert details == [GENERIC_ERROR] * 7
    assert hits == []
    # A closed port on an allowed host answers exactly the same: no port-scan oracle.
    closed = client.post("/v1/articles", json={"url": f"http://{ALLOWED_HOST}:1/story"})
    assert _refusal(closed) == GENERIC_ERROR
    assert client.get("/v1/summaries").json()["items"] == []


def test_an_allowed_url_is_fetched_and_stored(client: TestClient, allowed: str) -> None:
    accepted = client.post("/v1/articles", json={"url": f"{allowed}/story"})
    assert accepted.status_code == 202, accepted.text
    article = client.get(f"/v1/articles/{accepted.json()['article_id']}").json()
    assert "Engineers finished the bridge" in article["text"]
    assert article["url"] == f"{allowed}/story"


def test_a_latin1_page_declaring_its_charset_in_meta_is_stored_right(
    client: TestClient, allowed: str
) -> None:
    accepted = client.post("/v1/articles", json={"url": f"{allowed}/latin1"})
    assert accepted.status_code == 202, accepted.text
    article = client.get(f"/v1/articles/{accepted.json()['article_id']}").json()
    assert "Le gouvernement du Québec a présenté" in article["text"]
    assert "\ufffd" not in article["text"] and article["title"] == "Québec"


def test_a_slow_page_is_cut_at_the_deadline(client: TestClient, allowed: str) -> None:
    assert _refusal(client.post("/v1/articles", json={"url": f"{allowed}/slow"})) == GENERIC_ERROR


def test_batch_urls_are_fetched_concurrently_within_the_bound(
    client: TestClient, allowed: str, inflight: list[int]
) -> None:
    items = [{"url": f"{allowed}/held/{n}"} for n in range(5)]
    response = client.post("/v1/articles/batch", json={"articles": items})
    assert response.status_code == 202, response.text
    assert len({item["article_id"] for item in response.json()["items"]}) == 5
    assert inflight[1] == 2  # BRIEFING_FETCH__CONCURRENCY=2: two at once, never more
    bad = [*items[:2], {"url": f"http://127.0.0.1:{allowed.rsplit(':', 1)[1]}/story"}]
    refused = _refusal(client.post("/v1/articles/batch", json={"articles": bad}))
    assert refused == f"articles[2]: {GENERIC_ERROR}"
