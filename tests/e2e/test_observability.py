"""A request id and the worker's figures cross a real broker into a real worker process."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.api.app import create_app
from service.config import Settings, get_settings
from service.storage.migrate import upgrade_database
from tests.e2e.processes import briefing_process, environment, wait_for_log

pytestmark = [pytest.mark.slow, pytest.mark.redis]


def _task_count(client: TestClient, lane: str) -> float:
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for sample in family.samples:
            if sample.name == "briefing_task_duration_seconds_count" and sample.labels == {
                "lane": lane
            }:
                return float(sample.value)
    return 0.0


def test_the_request_id_reaches_the_worker_log_and_its_task_time_reaches_metrics(
    tmp_path: Path, redis_url: str, sample_article_text: str
) -> None:
    data, metrics_dir = tmp_path / "data", tmp_path / "prometheus"
    metrics_dir.mkdir()
    settings = Settings(
        data_dir=data,
        engine="extractive",
        auth="open",
        broker_url=redis_url,
        prometheus_multiproc_dir=metrics_dir,
    )
    upgrade_database(settings.resolved_database_url)
    env = environment(
        BRIEFING_DATA_DIR=str(data),
        BRIEFING_ENGINE="extractive",
        BRIEFING_AUTH="open",
        BRIEFING_BROKER_URL=redis_url,
        BRIEFING_LOG_FORMAT="json",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings
    log = tmp_path / "worker.log"
    with briefing_process(["worker"], env, log) as worker, TestClient(app) as client:
        wait_for_log("ready.", worker, log)
        accepted = client.post(
            "/v1/articles",
            json={"text": sample_article_text},
            headers={"X-Request-ID": "e2e-trace-7"},
        )
        assert accepted.status_code == 202 and accepted.headers["x-request-id"] == "e2e-trace-7"
        summary = client.get(accepted.headers["location"], params={"wait": 30}).json()
        assert summary["status"] == "done", summary
        deadline = time.monotonic() + 10  # task_postrun runs just after the row is stored
        while _task_count(client, "editor") < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _task_count(client, "editor") == 1
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    traced = [line for line in lines if line.get("request_id") == "e2e-trace-7"]
    assert any("started" in line["message"] for line in traced), lines[-10:]
    assert any("ended SUCCESS" in line["message"] for line in traced), lines[-10:]
