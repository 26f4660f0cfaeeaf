"""The guarded fetcher in a real `briefing api` process, against loopback servers."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from service.storage.migrate import upgrade_database
from tests.e2e.processes import briefing_process, environment, free_port, wait_for_http
from tests.fetch_servers import ALLOWED_HOST, serve

pytestmark = pytest.mark.slow


def test_a_real_api_refuses_loopback_alike_and_cuts_slow_pages(tmp_path: Path) -> None:
    env = environment(
        BRIEFING_DATA_DIR=str(tmp_path / "data"),
        BRIEFING_ENGINE="extractive",
        BRIEFING_AUTH="open",
        BRIEFING_FETCH__ALLOW_HOSTS=ALLOWED_HOST,
        BRIEFING_FETCH__TIMEOUT_S="2",
    )
    upgrade_database(f"sqlite:///{tmp_path / 'data' / 'briefing.db'}")
    port, log = free_port(), tmp_path / "api.log"
    with (
        serve("127.0.0.1") as (secret, hits),
        serve(ALLOWED_HOST, secret_base=secret) as (allowed, _),
        briefing_process(["api", "--port", str(port)], env, log) as api,
    ):
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", api, log)
        secret_port = secret.rsplit(":", 1)[1]
        spellings = ["127.0.0.1", "localhost", "[::1]", "127.1", "2130706433", "0x7f000001"]
        urls = [f"http://{host}:{secret_port}/story" for host in spellings]
        urls.append(f"{allowed}/to-secret")
        answers = [httpx.post(f"{base}/v1/articles", json={"url": url}) for url in urls]
        assert {(a.status_code, a.json()["detail"]) for a in answers} == {
            (422, "the URL could not be fetched")
        }
        assert hits == []
        started = time.monotonic()
        slow = httpx.post(f"{base}/v1/articles", json={"url": f"{allowed}/slow"}, timeout=30)
        assert slow.status_code == 422 and time.monotonic() - started < 6
        fetched = httpx.post(f"{base}/v1/articles", json={"url": f"{allowed}/latin1"})
        assert fetched.status_code == 202, fetched.text
        article = httpx.get(f"{base}/v1/articles/{fetched.json()['article_id']}").json()
        assert "Québec a présenté" in article["text"]
