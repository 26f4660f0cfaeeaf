"""/metrics in the Prometheus text format, request ids in and out, JSON log lines."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.api.app import create_app
from service.config import Settings, get_settings
from service.observability import configure_logging
from tests.factories import submission


def _samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _value(samples: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return float(samples.get((name, frozenset(labels.items())), 0.0))


def test_requests_summaries_and_queues_are_counted(client: TestClient) -> None:
    before = _samples(client)
    accepted = client.post("/v1/articles", json=submission()).json()
    client.get(f"/v1/summaries/{accepted['summary_id']}")
    client.get("/v1/summaries/999999")
    after = _samples(client)
    requests = "briefing_http_requests_total"
    posted = {"method": "POST", "route": "/v1/articles", "status": "202"}
    assert _value(after, requests, **posted) == _value(before, requests, **posted) + 1
    # By route template, not by raw path: one series for every id.
    read = {"method": "GET", "route": "/v1/summaries/{summary_id}"}
    assert _value(after, requests, **read, status="200") == 1 + _value(
        before, requests, **read, status="200"
    )
    assert _value(after, requests, **read, status="404") == 1 + _value(
        before, requests, **read, status="404"
    )
    latency = "briefing_http_request_duration_seconds_count"
    assert _value(after, latency, **read) == _value(before, latency, **read) + 2
    assert not any("999999" in str(labels) for _name, labels in after)
    # From the database at scrape time.
    assert _value(after, "briefing_summaries", status="queued") == 1
    assert _value(after, "briefing_summaries", status="done") == 0
    assert _value(after, "briefing_queue_depth", lane="editor") == 1
    assert _value(after, "briefing_queue_depth", lane="bulk") == 0


@pytest.mark.redis
def test_the_redis_broker_queue_length_is_reported(settings: Settings, redis_url: str) -> None:
    on_redis = settings.model_copy(update={"auth": "open", "broker_url": redis_url})
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: on_redis
    with TestClient(app) as client:
        assert client.post("/v1/articles", json=submission()).status_code == 202
        samples = _samples(client)
    # No worker consumes: the task waits in the broker's "editor" list.
    assert _value(samples, "briefing_broker_queue_length", lane="editor") == 1
    assert _value(samples, "briefing_broker_queue_length", lane="bulk") == 0


def test_worker_figures_from_other_processes_are_added_up(
    settings: Settings, tmp_path: Path
) -> None:
    shared = tmp_path / "prometheus"
    shared.mkdir()
    # Two other processes (as prefork workers are) record through the public functions.
    script = (
        "from service.observability import *\n"
        "observe_task('bulk', 0.3); observe_engine('extractive', 0.2)\n"
        "count_failure('engine'); count_reconciler_resend(2)\n"
    )
    for _ in range(2):
        env = {"PROMETHEUS_MULTIPROC_DIR": str(shared), "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-c", script], env=env, check=True)
    app = create_app()
    multi = settings.model_copy(update={"auth": "open", "prometheus_multiproc_dir": shared})
    app.dependency_overrides[get_settings] = lambda: multi
    with TestClient(app) as client:
        client.get("/healthz")
        samples = _samples(client)
        text = client.get("/metrics").text
    assert _value(samples, "briefing_task_duration_seconds_count", lane="bulk") == 2
    assert _value(samples, "briefing_task_duration_seconds_sum", lane="bulk") == pytest.approx(0.6)
    assert _value(samples, "briefing_engine_duration_seconds_count", engine="extractive") == 2
    assert _value(samples, "briefing_summary_failures_total", reason="engine") == 2
    assert _value(samples, "briefing_reconciler_resends_total") == 4
    # The API's own requests are there too, and no family is written twice.
    healthz = {"method": "GET", "route": "/healthz", "status": "200"}
    assert _value(samples, "briefing_http_requests_total", **healthz) >= 1
    types = [line for line in text.splitlines() if line.startswith("# TYPE")]
    assert len(types) == len(set(types))


def test_request_id_comes_back_and_is_in_json_log_lines(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/healthz").headers["x-request-id"]
    hostile = client.get("/healthz", headers={"X-Request-ID": "x\ny" * 100})
    assert len(made) == 32 and hostile.headers["x-request-id"] not in ("x\ny" * 100, made)

    configure_logging(Settings(log_format="json"))
    try:
        client.post(
            "/v1/articles",
            json={"url": "http://127.0.0.1:9/x"},
            headers={"X-Request-ID": "trace-77"},
        )
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    finally:
        configure_logging(Settings())
        logging.getLogger().setLevel(logging.WARNING)
    fetch_lines = [line for line in lines if line["logger"] == "service.fetch"]
    assert fetch_lines and fetch_lines[0]["request_id"] == "trace-77"
    assert fetch_lines[0]["level"] == "info" and "time" in fetch_lines[0]
