"""Limits on what one client may cost: body size, request rate, concurrent long-polls.

- Bodies over ``BRIEFING_MAX_BODY_BYTES`` get 413 before they are read whole: a
  declared ``Content-Length`` is refused at once, a chunked body as soon as the
  bytes received pass the limit. Batch uploads (``STREAMED_BODIES``) are exempt:
  they are read a line at a time, each line bounded by BRIEFING_MAX_TEXT_CHARS.
- ``BRIEFING_RATE_LIMIT`` per API key, with the ``limits`` library: counted in Redis
  when the deployment has one (all API processes share the count), in memory
  otherwise (the embedded defaults: one process).
- At most ``BRIEFING_MAX_WAITS_PER_KEY`` long-polls per key at once, per API process.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.problems import problem
from service.config import Settings, get_settings
from service.errors import RateLimitedError

log = logging.getLogger(__name__)


STREAMED_BODIES = re.compile(r"^/v1/batches(/[^/]+/items)?/?$")
"""POST paths whose body is streamed in line by line (service/batches/importer.py):
any size, held one chunk at a time, so the whole-body limit does not apply."""


class _BodyTooLarge(HTTPException):
    """Raised from ``receive`` while the route reads the body: FastAPI passes an
    HTTPException through its body parsing, where any other error becomes a 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit} bytes (BRIEFING_MAX_BODY_BYTES)"


class BodyLimitMiddleware:
    """Refuse request bodies over a byte limit without reading them whole."""

    def __init__(self, app: ASGIApp, max_body_bytes: Callable[[], int]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            scope.get("method") == "POST" and STREAMED_BODIES.match(scope.get("path", ""))
        ):
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes()
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await problem(413, "Request body too large", _too_large(limit))(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _BodyTooLarge:
            # Read outside a route (a middleware): answer here if nothing was sent yet.
            if started:
                raise
            await problem(413, "Request body too large", _too_large(limit))(scope, receive, send)


async def _body_too_large(_request: object, exc: Exception) -> object:
    assert isinstance(exc, _BodyTooLarge)
    return problem(413, "Request body too large", str(exc.detail))


def install_limits(app: FastAPI) -> None:
    """The body limit, outermost, so no other layer reads a body first."""

    def max_body_bytes() -> int:
        # The settings a request would get, test overrides included.
        return app.dependency_overrides.get(get_settings, get_settings)().max_body_bytes

    app.add_middleware(BodyLimitMiddleware, max_body_bytes=max_body_bytes)
    app.add_exception_handler(_BodyTooLarge, _body_too_large)  # type: ignore[arg-type]


class RateLimiter:
    """``BRIEFING_RATE_LIMIT`` per identity, on a ``limits`` storage."""

    def __init__(self, rate: str, storage_url: str) -> None:
        self.items: list[RateLimitItem] = parse_many(rate) if rate else []
        self.storage_url = storage_url
        options = {}
        if storage_url.startswith(("redis://", "rediss://")):
            # A Redis that does not answer must not hold requests: fail open fast.
            options = {"socket_connect_timeout": 1, "socket_timeout": 1}
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_url, **options))

    def check(self, identity: str) -> None:
        """Count one request; RateLimitedError with the seconds to wait when over."""
        for item in self.items:
            try:
                allowed = self.limiter.hit(item, "briefing", identity)
                if allowed:
                    continue
                reset_at = self.limiter.get_window_stats(item, "briefing", identity).reset_time
            except Exception:
                # Counting is protection, not the service: a Redis outage lets requests in.
                log.warning("rate-limit storage %s failed; not limiting", self.storage_url)
                return
            retry_after = max(1, math.ceil(reset_at - time.time()))
            raise RateLimitedError(
                f"this API key is over its rate limit of {item} (BRIEFING_RATE_LIMIT); "
                f"retry in {retry_after} s",
                retry_after_s=retry_after,
            )


_limiter_lock = threading.Lock()


def check_rate(app: FastAPI, settings: Settings, identity: str) -> None:
    """Count a request against the identity's rate limit (one limiter per app)."""
    if not settings.rate_limit:
        return
    limiter: RateLimiter | None = getattr(app.state, "rate_limiter", None)
    if limiter is None or limiter.storage_url != settings.rate_limit_storage_url:
        with _limiter_lock:
            limiter = getattr(app.state, "rate_limiter", None)
            if limiter is None or limiter.storage_url != settings.rate_limit_storage_url:
                limiter = RateLimiter(settings.rate_limit, settings.rate_limit_storage_url)
                if settings.environment == "production" and limiter.storage_url == "memory://":
                    log.warning(
                        "rate limits are counted per API process: set BRIEFING_REDIS_URL "
                        "to share the count between processes"
                    )
                app.state.rate_limiter = limiter
    limiter.check(identity)


@asynccontextmanager
async def wait_slot(app: FastAPI, settings: Settings, identity: str) -> AsyncIterator[None]:
    """Hold one of the identity's long-poll slots; 429 when all are taken.

    Counted per process on the event loop, so no lock is needed.
    """
    slots: Counter[str] | None = getattr(app.state, "wait_slots", None)
    if slots is None:
        slots = app.state.wait_slots = Counter()
    if slots[identity] >= settings.max_waits_per_key:
        raise RateLimitedError(
            f"this API key already holds {settings.max_waits_per_key} long-polls "
            "(BRIEFING_MAX_WAITS_PER_KEY); wait for one to return",
            retry_after_s=1,
        )
    slots[identity] += 1
    try:
        yield
    finally:
        slots[identity] -= 1
        if not slots[identity]:
            del slots[identity]
