"""Who is calling: API keys (``Authorization: Bearer``), scopes, and the tenant they act for.

Each route asks for a scope with ``SubmitDep``, ``ReadDep`` or ``AdminDep``; the
dependency answers 401 (no key, an unknown or a revoked one), 429 (over the key's
rate) or 403 (the key lacks the scope), and otherwise gives the route a
:class:`Principal` whose ``tenant_id`` scopes every query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.deps import SettingsDep
from service.api.limits import check_rate
from service.api.problems import problem
from service.errors import (
    AccessError,
    BodyTooLargeError,
    ForbiddenError,
    NotAuthenticatedError,
    RateLimitedError,
)
from service.storage.db import session_scope
from service.storage.keys import SCOPES, find_key
from service.storage.tenants import DEFAULT_TENANT, get_or_create_tenant

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="APIKey",
    description="An API key from `briefing keys create`, sent as `Authorization: Bearer <key>`.",
)


@dataclass(frozen=True)
class Principal:
    """The caller: the tenant it acts for, what it may do, and whom limits count."""

    tenant_id: int
    scopes: frozenset[str]
    key_id: int | None
    """None in open mode."""
    limit_key: str
    """What rate limits and the long-poll cap count against: the key's public prefix,
    or the client address in open mode."""


_default_tenants: dict[str, int] = {}


def _default_tenant_id(database_url: str) -> int:
    if database_url not in _default_tenants:
        with session_scope(database_url) as session:
            tenant = get_or_create_tenant(session=session, name=DEFAULT_TENANT)
            _default_tenants[database_url] = tenant.id
    return _default_tenants[database_url]


def authenticate(
    request: Request,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller behind the request's key; in open mode, the default tenant."""
    if settings.auth == "open":
        client = request.client.host if request.client else "unknown"
        return Principal(
            tenant_id=_default_tenant_id(settings.resolved_database_url),
            scopes=frozenset(SCOPES),
            key_id=None,
            limit_key=f"open:{client}",
        )
    if credentials is None:
        raise NotAuthenticatedError(
            "this endpoint needs an API key: send `Authorization: Bearer <key>` "
            "(make one with `briefing keys create`)"
        )
    with session_scope(settings.resolved_database_url) as session:
        key = find_key(session=session, token=credentials.credentials)
        if key is None:
            raise NotAuthenticatedError("the API key is unknown or revoked")
        return Principal(
            tenant_id=key.tenant_id,
            scopes=key.scope_set,
            key_id=key.id,
            limit_key=f"key:{key.prefix}",
        )


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def _require(scope: str):  # type: ignore[no-untyped-def]
    def dependency(request: Request, principal: PrincipalDep, settings: SettingsDep) -> Principal:
        if principal.key_id is not None:
            check_rate(request.app, settings, principal.limit_key)
        if scope not in principal.scopes:
            raise ForbiddenError(f"this API key lacks the {scope!r} scope")
        return principal

    dependency.__name__ = f"require_{scope}"
    return dependency


SubmitDep = Annotated[Principal, Depends(_require("submit"))]
ReadDep = Annotated[Principal, Depends(_require("read"))]
AdminDep = Annotated[Principal, Depends(_require("admin"))]


def _problem_doc(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"type": "object"}}},
    }


ACCESS_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _problem_doc("No API key, or an unknown or revoked one (WWW-Authenticate: Bearer)."),
    403: _problem_doc("The API key lacks the scope this endpoint needs."),
    429: _problem_doc("Over the key's rate limit or long-poll cap (see Retry-After)."),
}
"""What every keyed route may answer besides its own codes, for the OpenAPI document."""

_ACCESS_PROBLEMS: list[tuple[type[AccessError], int, str]] = [
    (NotAuthenticatedError, 401, "Not authenticated"),
    (ForbiddenError, 403, "Forbidden"),
    (RateLimitedError, 429, "Too many requests"),
    (BodyTooLargeError, 413, "Request body too large"),
]


async def _access_error(_request: Request, exc: Exception) -> JSONResponse:
    for error_type, status, title in _ACCESS_PROBLEMS:
        if isinstance(exc, error_type):
            response = problem(status, title, str(exc))
            break
    else:  # pragma: no cover - every AccessError is listed above
        response = problem(403, "Forbidden", str(exc))
    if isinstance(exc, NotAuthenticatedError):
        response.headers["WWW-Authenticate"] = 'Bearer realm="briefing"'
    if isinstance(exc, RateLimitedError):
        response.headers["Retry-After"] = str(exc.retry_after_s)
    return response


def install_security(app: FastAPI) -> None:
    """Answer 401, 403, 413 and 429 as problem+json with their headers."""
    app.add_exception_handler(AccessError, _access_error)
