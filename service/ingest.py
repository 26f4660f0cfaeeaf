"""Transport-neutral intake: validate, normalize, store, dispatch.

The API, the CLI, feeds and batch jobs all call it: from a submission to a stored
article and a queued summary.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import anyio
import anyio.to_thread
from sqlalchemy.orm import Session

from service.config import Settings
from service.errors import EmptyTextError, FetchError, TextTooLongError
from service.fetch import Page, fetch, gather_bounded
from service.queue import enqueue_summaries
from service.storage.articles import NewArticle
from service.storage.articles import store_articles as store_article_rows
from service.storage.claims import mark_dispatched
from service.storage.db import session_scope
from service.storage.models import SummaryStatus
from service.storage.summaries import SummaryRequest, store_summaries
from service.storage.tenants import store_summary_views, store_tenant_articles
from service.submissions import ArticleSubmission
from service.text import clean_line, content_hash, html_to_text, normalize_text

log = logging.getLogger(__name__)
# One extraction at a time per process: trafilatura and lxml hold the GIL for long
# stretches, and with eight of them in threads the event loop waited its turn behind
# all eight (benchmarks/healthz_under_load.py, 8 x 3 MB: /healthz p95 1.5 s; one at
# a time, 0.7 s; on the event loop as before, median 4.9 s).
# Requests wait for their turn on the loop, holding no thread of the shared pool
# (plain def routes, /healthz among them, run in that pool).
EXTRACTIONS_AT_ONCE = 1
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _extraction_limiter() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    if loop not in _limiters:
        _limiters[loop] = anyio.CapacityLimiter(EXTRACTIONS_AT_ONCE)
    return _limiters[loop]


@dataclass(frozen=True)
class PreparedArticle:
    submission: ArticleSubmission
    text: str
    title: str | None


@dataclass(frozen=True)
class Intake:
    summary_id: int
    """The shared engine work (what workers run)."""
    queue: str
    status: SummaryStatus
    view_id: int
    """The submitting tenant's summary (what it is shown)."""
    article_view_id: int
    """The submitting tenant's article."""
    needs_run: bool
    duplicate: bool
    """True only when this tenant submitted the same work before."""

    @property
    def work(self) -> tuple[int, str]:
        """What :func:`dispatch` sends: the summary and its lane."""
        return self.summary_id, self.queue


async def prepare_article(
    submission: ArticleSubmission, settings: Settings, *, index: int | None = None
) -> PreparedArticle:
    """Fetch, extract and normalize the article text, refusing what cannot be summarized.

    Fetching waits on the network in the event loop; extraction and normalization
    (trafilatura, regular expressions over megabytes) run in a worker thread so the
    loop keeps answering other requests (``/healthz`` among them).
    """
    where = "" if index is None else f"articles[{index}]: "
    page = None
    if submission.text is None and submission.html is None:
        try:
            page = await fetch(str(submission.url), settings.fetch)
        except FetchError as exc:
            raise FetchError(f"{where}{exc}") from None
    return await anyio.to_thread.run_sync(
        _prepare, submission, settings, where, page, limiter=_extraction_limiter()
    )


async def prepare_articles(
    submissions: Sequence[ArticleSubmission], settings: Settings
) -> list[PreparedArticle]:
    """Prepare a batch, fetching its URLs concurrently (``BRIEFING_FETCH__CONCURRENCY``).

    The first failing article, in request order, is the one reported.
    """
    calls = [
        partial(prepare_article, item, settings, index=i) for i, item in enumerate(submissions)
    ]
    results = await gather_bounded(calls, settings.fetch.concurrency)
    prepared: list[PreparedArticle] = []
    for result in results:
        if isinstance(result, BaseException):
            raise result
        prepared.append(result)
    return prepared


def _prepare(
    submission: ArticleSubmission, settings: Settings, where: str, page: Page | None
) -> PreparedArticle:
    title = submission.title
    if submission.html is not None and len(submission.html) > settings.fetch.max_bytes:
        # Extraction time grows with the page (a 4 MB page can take 20 s): refuse early
        # what would not be fetched from a URL either.
        raise TextTooLongError(
            f"{where}the html has {len(submission.html)} characters; the limit is "
            f"{settings.fetch.max_bytes} (BRIEFING_FETCH__MAX_BYTES)"
        )
    if submission.text is not None:
        raw = submission.text
    else:
        extracted = (
            html_to_text(page.body, declared_charset=page.charset)
            if page is not None
            else html_to_text(submission.html or "")
        )
        raw, title = extracted.text, title or extracted.title
    if len(raw) > settings.max_text_chars * 2:
        # Cheap early refusal before normalizing megabytes.
        raise TextTooLongError(_too_long(where, len(raw), settings))
    text = normalize_text(raw)
    if not text:
        raise EmptyTextError(
            f"{where}the article text is empty once markup and control characters are removed"
        )
    if len(text) > settings.max_text_chars:
        raise TextTooLongError(_too_long(where, len(text), settings))
    return PreparedArticle(
        submission=submission,
        text=text,
        title=clean_line(title) or None if title else None,
    )


def _too_long(where: str, length: int, settings: Settings) -> str:
    return (
        f"{where}the article text has {length} characters; the limit is "
        f"{settings.max_text_chars} (BRIEFING_MAX_TEXT_CHARS)"
    )


def engine_input_hash(text: str, title: str | None) -> str:
    """The identity of the shared article: everything the engine reads.

    The title is part of it because the engines read it: with text alone, a tenant
    would get a summary shaped by the title another tenant sent. NUL never survives
    normalization, so it separates the two unambiguously.
    """
    return content_hash(text if title is None else f"{title}\x00{text}")


def store_articles(
    *,
    session: Session,
    settings: Settings,
    prepared: Sequence[PreparedArticle],
    default_queue: str,
    tenant_id: int,
) -> list[Intake]:
    """Store the articles (once per text and title) and find or create their summaries,
    shared across tenants, with this tenant's own view of both; one intake per
    article, in order.

    A few set-based statements for the lot, whatever its size: each table gets one
    ``INSERT .. ON CONFLICT DO NOTHING`` and one look-up of the rows that were there
    already (stored before, or meanwhile by a concurrent request). The same work twice
    in ``prepared`` is one summary; the later copies are duplicates.
    """
    if not prepared:
        return []
    new = [_new_article(p) for p in prepared]
    article_ids = store_article_rows(session=session, articles=new)
    pairs = [(article_ids[a.content_hash], a) for a in new]
    article_views = store_tenant_articles(session=session, tenant_id=tenant_id, articles=pairs)
    requests = [
        _summary_request(p.submission, article_id, settings, default_queue)
        for p, (article_id, _) in zip(prepared, pairs, strict=True)
    ]
    summaries = store_summaries(session=session, requests=requests)
    views = store_summary_views(
        session=session,
        tenant_id=tenant_id,
        summaries=[(summaries[r.key].id, article_views[r.article_id]) for r in requests],
    )
    intakes: list[Intake] = []
    seen: set[int] = set()
    for request in requests:
        summary = summaries[request.key]
        view_id, new_view = views[summary.id]
        first = summary.id not in seen
        seen.add(summary.id)
        needs_run = summary.needs_run and first
        intakes.append(
            Intake(
                summary_id=summary.id,
                queue=summary.queue,
                status=summary.status,
                view_id=view_id,
                article_view_id=article_views[request.article_id],
                needs_run=needs_run,
                duplicate=not ((new_view and first) or needs_run),
            )
        )
    return intakes


def store_article(
    *,
    session: Session,
    settings: Settings,
    prepared: PreparedArticle,
    default_queue: str,
    tenant_id: int,
) -> Intake:
    """:func:`store_articles` for one article."""
    [intake] = store_articles(
        session=session,
        settings=settings,
        prepared=[prepared],
        default_queue=default_queue,
        tenant_id=tenant_id,
    )
    return intake


def _new_article(prepared: PreparedArticle) -> NewArticle:
    submission = prepared.submission
    return NewArticle(
        content_hash=engine_input_hash(prepared.text, prepared.title),
        text=prepared.text,
        title=prepared.title,
        url=str(submission.url) if submission.url else None,
        source=submission.source,
        published_at=submission.published_at,
        language=submission.language,
        tags=tuple(tag.strip() for tag in submission.tags),
    )


def _summary_request(
    submission: ArticleSubmission, article_id: int, settings: Settings, default_queue: str
) -> SummaryRequest:
    options = submission.options
    engine = options.engine or settings.engine
    return SummaryRequest(
        article_id=article_id,
        engine=engine,
        model_id=settings.model if engine == "seq2seq" else engine,
        parameters=options.parameters(settings.default_bullets),
        queue=options.queue or default_queue,
    )


async def store_and_commit(
    *,
    session: Session,
    settings: Settings,
    prepared: Sequence[PreparedArticle],
    default_queue: str,
    tenant_id: int,
) -> list[Intake]:
    """Store the articles and commit, in a worker thread (SQLAlchemy blocks)."""

    def store() -> list[Intake]:
        intakes = store_articles(
            session=session,
            settings=settings,
            prepared=prepared,
            default_queue=default_queue,
            tenant_id=tenant_id,
        )
        session.commit()  # enqueue only what is committed
        return intakes

    return await anyio.to_thread.run_sync(store)


EXTRACTIVE_TASK_SIZE = 64
"""Summaries per task when the extractive engine runs them: it has no batch to fill,
and each task costs a claim, a write of the results and a notice (about 20 ms on
PostgreSQL, profiled), which 64 articles share where 8 paid 2.5 ms each."""


def task_size(settings: Settings) -> int:
    """Summaries sent per task: one batched model call for seq2seq
    (``BRIEFING_GENERATION__BATCH_SIZE``), :data:`EXTRACTIVE_TASK_SIZE` for extractive."""
    if settings.engine == "extractive":
        return max(EXTRACTIVE_TASK_SIZE, settings.generation.batch_size)
    return settings.generation.batch_size


def dispatch(settings: Settings, summaries: Sequence[tuple[int, str]]) -> None:
    """Hand committed ``(summary id, queue)`` to the broker, :func:`task_size` per task,
    then record in one transaction what the broker took.

    If the broker is down the summaries stay queued and undispatched, and a
    reconciler sends them later: accepted work is not lost.
    """
    by_queue: dict[str, list[int]] = defaultdict(list)
    for summary_id, queue in summaries:
        by_queue[queue].append(summary_id)
    batch = task_size(settings)
    sent: list[int] = []
    for queue, ids in by_queue.items():
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            try:
                enqueue_summaries(settings, chunk, queue)
            except Exception:
                log.warning("broker refused %d summaries; the reconciler sends them", len(chunk))
                continue
            sent.extend(chunk)
    if sent:
        with session_scope(settings.resolved_database_url) as session:
            mark_dispatched(session=session, summary_ids=sent)
