"""Metrics (Prometheus) and logs (text or JSON lines, with a request id).

Metrics. The API counts its HTTP requests; the workers count their tasks, engine time,
failures and reconciler resends through the four functions below (``observe_task``,
``observe_engine``, ``count_failure``, ``count_reconciler_resend``). Workers are other
processes (Celery's prefork children among them), so their figures reach ``/metrics``
through prometheus-client's multiprocess mode: give the API and the workers of a host
the same empty directory in ``PROMETHEUS_MULTIPROC_DIR`` (the library's own variable,
read when it is imported; empty it before they start), and the API's ``/metrics``
adds up every process's files. Without it each process keeps its own figures, and the
API shows only its own. Summaries by status and queue depth per lane are read from the
database (and the Redis broker's list lengths) when ``/metrics`` is scraped: one
grouped query each, so they are right however many processes there are.

Logs. ``BRIEFING_LOG_FORMAT=json`` writes one JSON object a line. Each HTTP request
gets an id (the client's ``X-Request-ID`` when it is sane, else a new one), echoed in
the response, written in every log line of the request, and sent in the headers of
the Celery tasks it enqueues, so the worker's lines carry it too
(``workers/log_context.py``).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.config import QUEUE_NAMES, Settings

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
HTTP_REQUESTS = Counter(
    "briefing_http_requests", "HTTP requests answered", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "briefing_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=_SECONDS,
)
TASK_SECONDS = Histogram(
    "briefing_task_duration_seconds", "Time a summarize task ran", ["lane"], buckets=_SECONDS
)
ENGINE_SECONDS = Histogram(
    "briefing_engine_duration_seconds",
    "Time one engine call took (a batch of articles)",
    ["engine"],
    buckets=_SECONDS,
)
FAILURES = Counter("briefing_summary_failures", "Summaries that ended failed", ["reason"])
RESENDS = Counter("briefing_reconciler_resends", "Summaries the reconciler sent again")


# -- what workers call -------------------------------------------------------------------


def observe_task(lane: str, seconds: float) -> None:
    """A summarize task on queue ``lane`` ran for ``seconds``."""
    TASK_SECONDS.labels(lane=lane).observe(seconds)


def observe_engine(engine: str, seconds: float) -> None:
    """One engine call (a batch) took ``seconds``."""
    ENGINE_SECONDS.labels(engine=engine).observe(seconds)


def count_failure(reason_kind: str, n: int = 1) -> None:
    """``n`` summaries ended failed; ``reason_kind`` is one small fixed word: engine,
    config, time_limit, retries_exhausted, attempts_exhausted (never the message)."""
    if n > 0:
        FAILURES.labels(reason=reason_kind).inc(n)


def count_reconciler_resend(n: int = 1) -> None:
    """The reconciler sent ``n`` summaries to the broker again."""
    if n > 0:
        RESENDS.inc(n)


# -- what the database and broker say, read at scrape time -------------------------------


class StoreCollector(Collector):
    """Summaries by status and queued summaries per lane, from the database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def collect(self) -> Iterable[Metric]:
        from service.storage.db import session_scope
        from service.storage.models import Summary, SummaryStatus

        by_status = GaugeMetricFamily(
            "briefing_summaries", "Summaries by status", labels=["status"]
        )
        queued = GaugeMetricFamily(
            "briefing_queue_depth", "Summaries queued per lane (database)", labels=["lane"]
        )
        with session_scope(self.settings.resolved_database_url) as session:
            statuses: dict[Any, int] = dict(
                session.execute(select(Summary.status, func.count()).group_by(Summary.status)).all()
            )
            lanes: dict[Any, int] = dict(
                session.execute(
                    select(Summary.queue, func.count())
                    .where(Summary.status == SummaryStatus.queued)
                    .group_by(Summary.queue)
                ).all()
            )
        for status in SummaryStatus:
            by_status.add_metric([status.value], statuses.get(status, 0))
        for lane in sorted(set(QUEUE_NAMES) | set(lanes)):
            queued.add_metric([lane], lanes.get(lane, 0))
        yield by_status
        yield queued
        broker = self._broker_lengths()
        if broker is not None:
            yield broker

    def _broker_lengths(self) -> GaugeMetricFamily | None:
        url = self.settings.resolved_broker_url
        if not url.startswith(("redis://", "rediss://")):
            return None  # RabbitMQ and the SQLite broker: not cheap to ask; the DB says it
        import redis

        family = GaugeMetricFamily(
            "briefing_broker_queue_length", "Messages waiting in the broker", labels=["lane"]
        )
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        try:
            for lane in QUEUE_NAMES:
                family.add_metric([lane], int(client.llen(lane)))  # type: ignore[arg-type]
        except redis.RedisError:
            return None
        finally:
            client.close()
        return family


def metrics_text(settings: Settings) -> tuple[bytes, str]:
    """The Prometheus exposition of this process (or host) and of the store."""
    if _multiprocess_dir(settings):
        process_registry = CollectorRegistry()
        MultiProcessCollector(process_registry, path=_multiprocess_dir(settings))
        if values.ValueClass is values.MutexValue:
            # This process imported prometheus-client before the directory was set, so
            # its own figures are in memory: add its HTTP metrics (the workers' are in
            # the files; taking everything would repeat their families).
            process_registry.register(_OwnHttpMetrics())
    else:
        process_registry = REGISTRY
    store_registry = CollectorRegistry(auto_describe=False)
    store_registry.register(StoreCollector(settings))
    try:
        store = generate_latest(store_registry)
    except SQLAlchemyError as exc:  # the database is down: say so, keep the rest
        log.warning("metrics from the database are missing: %s", exc.__class__.__name__)
        store = b""
    return generate_latest(process_registry) + store, CONTENT_TYPE_LATEST


class _OwnHttpMetrics(Collector):
    def collect(self) -> Iterable[Metric]:
        for family in REGISTRY.collect():
            if family.name.startswith("briefing_http_"):
                yield family


def _multiprocess_dir(settings: Settings) -> str | None:
    return str(settings.prometheus_multiproc_dir) if settings.prometheus_multiproc_dir else None


# -- HTTP: request id, request metrics, the last-resort 500 ------------------------------


def sane_request_id(value: str | None) -> str:
    """The client's id when it is short and plain, else a new one (no log injection)."""
    if value and _SANE_ID.match(value):
        return value
    return uuid.uuid4().hex


class ObservabilityMiddleware:
    """Request id in and out, request counts and latency by route template, and a
    problem+json 500 (with the request id) for any exception nothing else handled."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        raw = headers.get(REQUEST_ID_HEADER.lower().encode())
        request_id = sane_request_id(raw.decode("latin-1") if raw else None)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (REQUEST_ID_HEADER.lower().encode(), request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), _route(scope))
            status = 500
            if not response_started:
                from service.api.problems import internal_error

                await internal_error()(scope, receive, send_with_id)
        finally:
            route = _route(scope)
            method = scope.get("method", "")
            HTTP_REQUESTS.labels(method=method, route=route, status=str(status)).inc()
            HTTP_SECONDS.labels(method=method, route=route).observe(time.perf_counter() - started)
            request_id_var.reset(token)


def _route(scope: Scope) -> str:
    # The template ("/v1/summaries/{summary_id}"), never the raw path: ids would make
    # a new time series per request.
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


# -- logs --------------------------------------------------------------------------------


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id_of(record),
        }
        for key in ("task_id", "task_name"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _request_id_of(record: logging.LogRecord) -> str | None:
    value = getattr(record, "request_id", None) or request_id_var.get()
    return None if value in (None, "-") else str(value)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_HANDLER_NAME = "briefing"


def configure_logging(settings: Settings) -> None:
    """Send the root logger's records to stderr as text or JSON, with request ids.

    Idempotent: a second call replaces briefing's handler rather than adding one.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(RequestIdFilter())
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
        # uvicorn's own loggers write plain text through their handlers: route them here.
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
            logger = logging.getLogger(name)
            logger.handlers.clear()
            logger.propagate = True
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def iter_task_headers() -> Iterator[tuple[str, str]]:
    """Headers to send with a Celery task so the worker logs the same request id."""
    request_id = request_id_var.get()
    if request_id:
        yield TASK_HEADER, request_id
