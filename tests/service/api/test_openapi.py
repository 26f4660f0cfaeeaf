"""The OpenAPI document tells the truth: schemathesis finds no 5xx and no answer the
document does not declare; /docs works without the internet."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from service.api.app import create_app
from service.config import Settings, get_settings

REFUSED_URL = "http://127.0.0.1:9/story"  # loopback: refused by the fetcher, never fetched


def _loopback_urls(value: Any) -> Any:
    """Generated bodies keep their shape, but any URL in them points at loopback, so the
    run never resolves or fetches a name on the internet."""
    if isinstance(value, dict):
        return {k: REFUSED_URL if k == "url" else _loopback_urls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_loopback_urls(item) for item in value]
    return value


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_context: Any, value: Any) -> bytes:
    """Batch bodies: a generated line (or list of lines) as NDJSON."""
    lines = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


# No 5xx, and every answer as declared (status code, content type, body, headers).
# Not positive_data_acceptance: a schema-valid body may still be refused for what it
# means (empty once cleaned, a URL that cannot be fetched), with a declared 422.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]


@pytest.mark.postgres
def test_schemathesis_finds_no_5xx_and_no_undeclared_answer(
    settings: Settings, postgres_url: str
) -> None:
    # PostgreSQL, where NUL bytes and 64-bit ids used to give 500s. No long-polls in a
    # fuzz run: a generated wait=30 would hold each call 30 s.
    quick = settings.model_copy(
        update={"auth": "open", "max_wait_s": 0.0, "database_url": postgres_url}
    )
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: quick
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)

    @schema.hook
    def map_body(_context: Any, body: Any) -> Any:
        return _loopback_urls(body)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:
        # Bounded: 100 examples per operation keeps the whole run well under a minute.
        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=100,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            # The same examples every run: CI must not fail on what a new draw finds
            # (run it with derandomize off to explore; every bug it found is fixed).
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        check()


def test_every_operation_declares_its_problems(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "Problem" in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "500" in responses, (method, path)
            if path.startswith("/v1/"):
                assert "application/problem+json" in responses["503"]["content"]
                assert "Retry-After" in responses["503"]["headers"]
            if operation.get("parameters") or operation.get("requestBody"):
                assert list(responses["422"]["content"]) == ["application/problem+json"]


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text and "/static/swagger-ui/swagger-ui-bundle.js" in page.text
    script = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 500_000
    assert client.get("/static/swagger-ui/swagger-ui.css").status_code == 200


def test_keyed_operations_declare_401_403_and_429() -> None:
    from fastapi import Depends, FastAPI
    from fastapi.openapi.utils import get_openapi
    from fastapi.security import HTTPBearer

    from service.api.problems import declare_problems

    app = FastAPI()

    @app.get("/v1/keyed", dependencies=[Depends(HTTPBearer())])
    def keyed() -> dict[str, str]:
        return {}

    @app.get("/v1/open")
    def open_() -> dict[str, str]:
        return {}

    paths = declare_problems(get_openapi(title="t", version="1", routes=app.routes))["paths"]
    keyed_responses = paths["/v1/keyed"]["get"]["responses"]
    assert {"401", "403", "429"} <= set(keyed_responses)
    assert "Retry-After" in keyed_responses["429"]["headers"]
    assert not {"401", "403", "429"} & set(paths["/v1/open"]["get"]["responses"])
