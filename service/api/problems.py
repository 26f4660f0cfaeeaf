"""Errors as RFC 9457 problem+json, with a message a person can act on.

Every error the API answers is a problem: bad input (4xx, from the error tree or
request validation), the database out of reach (503 with ``Retry-After``: the request
may simply be sent again) and real bugs (500, answered by the observability
middleware so the response still carries its request id). :func:`declare_problems`
writes these answers into the OpenAPI document, so clients and schemathesis know them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import (
    BriefingError,
    ConflictError,
    EmptyTextError,
    InputError,
    NotFoundError,
    TextTooLongError,
)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = 5
log = logging.getLogger(__name__)

_STATUS_BY_ERROR: list[tuple[type[BriefingError], int, str]] = [
    (TextTooLongError, 413, "Article text too long"),
    (EmptyTextError, 422, "Article text is empty"),
    (InputError, 422, "Article cannot be summarized"),
    (NotFoundError, 404, "Not found"),
    (ConflictError, 409, "Conflict"),
]
# The database is down, restarting or out of connections: worth trying again soon.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)


def problem(
    status: int,
    title: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def internal_error() -> JSONResponse:
    return problem(500, "Internal error", "the service failed; its log says why")


async def _briefing_error(_request: Request, exc: Exception) -> JSONResponse:
    for error_type, status, title in _STATUS_BY_ERROR:
        if isinstance(exc, error_type):
            return problem(status, title, str(exc))
    log.error("unhandled %s", exc.__class__.__name__, exc_info=exc)
    return internal_error()


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "field": ".".join(str(part) for part in error["loc"] if part != "body"),
            "message": error["msg"],
        }
        for error in exc.errors()
    ]
    detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
    return problem(422, "Malformed request", detail, errors=errors)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail), str(exc.detail), headers=exc.headers)


async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", exc.__class__.__name__, exc_info=exc)
    return problem(
        503,
        "Database unavailable",
        f"the database cannot be reached; try again in {RETRY_AFTER_S} s",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BriefingError, _briefing_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for error in DATABASE_UNAVAILABLE:
        app.add_exception_handler(error, _database_unavailable)


# -- the OpenAPI side ------------------------------------------------------------------

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Validation errors: which field, and what is wrong with it.",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_DESCRIPTIONS = {
    400: "Bad request",
    401: "No valid API key",
    403: "The key lacks the scope this needs",
    404: "No such resource (or not yours)",
    409: "The resource's state does not allow this",
    413: "Too large",
    422: "Malformed or unusable input",
    429: "Too many requests; retry after Retry-After seconds",
    500: "A bug: the service's log says more",
    503: "The database cannot be reached; retry after Retry-After seconds",
}


def _problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS.get(status, "Problem"),
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status in (429, 503):
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        }
    return response


def declare_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the problem+json answers every operation can give, in place."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    schemas = schema["components"]["schemas"]
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            statuses = {500}
            if path.startswith("/v1/"):
                statuses.add(503)
            if operation.get("parameters") or operation.get("requestBody"):
                statuses.add(422)
            if "{" in path:
                statuses.add(404)
            if method == "post" and "requestBody" in operation:
                statuses |= {400, 413}
            if operation.get("security"):
                # Keyed operations: no or a revoked key, a missing scope, a rate limit.
                statuses |= {401, 403, 429}
            for status in sorted(statuses):
                key = str(status)
                existing = responses.get(key)
                if existing is None or "HTTPValidationError" in str(existing):
                    responses[key] = _problem_response(status)
            for key, response in responses.items():
                # A route that names an error status of its own answers it as problem+json.
                if key.isdigit() and int(key) >= 400 and "content" not in response:
                    response["content"] = _problem_response(int(key))["content"]
    return schema
