"""End to end with keys: the real `briefing api` (two processes), a worker, PostgreSQL, Redis."""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import (
    briefing_process,
    environment,
    free_port,
    wait_for_http,
    wait_for_log,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def _make_key(env: dict[str, str], *args: str) -> dict[str, str]:
    """A key made by the real `briefing keys create`, as an Authorization header."""
    result = subprocess.run(
        [sys.executable, "-m", "service.cli.main", "keys", "create", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {"Authorization": f"Bearer {result.stdout.strip()}"}


def test_keys_scopes_tenants_and_a_shared_rate_limit(
    postgres_url: str, redis_url: str, tmp_path: Path, sample_article_text: str
) -> None:
    env = environment(
        BRIEFING_ENVIRONMENT="production",
        BRIEFING_DATABASE_URL=postgres_url,
        BRIEFING_BROKER_URL=redis_url,  # rate counts go to the broker's Redis
        BRIEFING_ENGINE="extractive",
        BRIEFING_RATE_LIMIT="6/minute",
    )
    acme = _make_key(env, "--name", "acme", "--scopes", "submit,read")
    acme_reader = _make_key(env, "--name", "acme-reader", "--scopes", "read", "--tenant", "acme")
    globex = _make_key(env, "--name", "globex", "--scopes", "submit,read")
    busy = _make_key(env, "--name", "busy", "--scopes", "read")
    ports = [free_port(), free_port()]
    with ExitStack() as stack:
        apis = [
            (stack.enter_context(briefing_process(["api", "--port", str(p)], env, log)), log, p)
            for p, log in zip(ports, [tmp_path / "api1.log", tmp_path / "api2.log"], strict=True)
        ]
        worker_log = tmp_path / "worker.log"
        worker = stack.enter_context(briefing_process(["worker"], env, worker_log))
        for process, log, port in apis:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", process, log)
        wait_for_log("ready.", worker, worker_log)
        one, two = (f"http://127.0.0.1:{port}" for port in ports)

        # No key, a forged key: 401 with a Bearer challenge, as problem+json.
        missing = httpx.post(f"{one}/v1/articles", json={"text": sample_article_text})
        assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith(
            "Bearer"
        )
        assert missing.headers["content-type"].startswith("application/problem+json")
        forged = {"Authorization": acme["Authorization"][:-4] + "AAAA"}
        assert httpx.get(f"{one}/v1/summaries", headers=forged).status_code == 401
        # A read-only key cannot submit.
        refused = httpx.post(f"{one}/v1/articles", json={"text": "x"}, headers=acme_reader)
        assert refused.status_code == 403

        # Acme's article goes through the worker; the long-poll wakes on its NOTIFY.
        accepted = httpx.post(
            f"{one}/v1/articles",
            json={"text": sample_article_text, "source": "acme-wire"},
            headers=acme,
            timeout=30,
        )
        assert accepted.status_code == 202, accepted.text
        started = time.monotonic()
        done = httpx.get(
            f"{two}{accepted.headers['location']}",
            params={"wait": 30},
            headers=acme_reader,
            timeout=40,
        )
        assert done.json()["status"] == "done", done.text
        # Well before a waiting client would look again by itself (10 s).
        assert time.monotonic() - started < 8

        # Globex sees none of it, by id or in a list; its own copy reveals nothing.
        item = accepted.json()
        assert (
            httpx.get(f"{two}/v1/summaries/{item['summary_id']}", headers=globex).status_code == 404
        )
        assert (
            httpx.get(f"{two}/v1/articles/{item['article_id']}", headers=globex).status_code == 404
        )
        assert httpx.get(f"{one}/v1/summaries", headers=globex).json()["items"] == []
        theirs = httpx.post(
            f"{one}/v1/articles", json={"text": sample_article_text}, headers=globex, timeout=30
        )
        assert theirs.status_code == 202 and theirs.json()["duplicate"] is False
        assert "acme" not in httpx.get(f"{two}{theirs.headers['location']}", headers=globex).text

        # Six requests, spread over both API processes, use up the key's minute.
        for base in (one, two, one, two, one, two):
            assert httpx.get(f"{base}/v1/summaries", headers=busy).status_code == 200
        limited = httpx.get(f"{one}/v1/summaries", headers=busy)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert httpx.get(f"{two}/v1/summaries", headers=busy).status_code == 429
        assert httpx.get(f"{two}/v1/summaries", headers=acme_reader).status_code == 200
