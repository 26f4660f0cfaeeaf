"""Errors as RFC 9457 problem+json, with a message a person can act on."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import (
    BriefingError,
    EmptyTextError,
    InputError,
    NotFoundError,
    TextTooLongError,
)

PROBLEM_JSON = "application/problem+json"

_STATUS_BY_ERROR: list[tuple[type[BriefingError], int, str]] = [
    (TextTooLongError, 413, "Article text too long"),
    (EmptyTextError, 422, "Article text is empty"),
    (InputError, 422, "Article cannot be summarized"),
    (NotFoundError, 404, "Not found"),
]


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


async def _briefing_error(_request: Request, exc: Exception) -> JSONResponse:
    for error_type, status, title in _STATUS_BY_ERROR:
        if isinstance(exc, error_type):
            return problem(status, title, str(exc))
    return problem(500, "Internal error", "the service failed; see its log")


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
    return problem(exc.status_code, str(exc.detail), str(exc.detail))


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BriefingError, _briefing_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
