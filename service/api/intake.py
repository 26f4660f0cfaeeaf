"""From a submission to a stored article and a queued summary."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from sqlalchemy.orm import Session

from service.api.schemas import ArticleSubmission
from service.config import Settings
from service.errors import EmptyTextError, FetchError, TextTooLongError
from service.queue import enqueue_summaries
from service.storage.articles import find_or_create_article
from service.storage.claims import mark_dispatched
from service.storage.db import session_scope
from service.storage.models import Summary
from service.storage.summaries import find_or_create_summary
from service.text import content_hash, html_to_text, normalize_text

MAX_FETCH_BYTES = 5_000_000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedArticle:
    submission: ArticleSubmission
    text: str
    title: str | None


@dataclass(frozen=True)
class Intake:
    summary: Summary
    needs_run: bool


async def prepare_article(
    submission: ArticleSubmission, settings: Settings, *, index: int | None = None
) -> PreparedArticle:
    """Fetch, extract and normalize the article text, refusing what cannot be summarized."""
    where = "" if index is None else f"articles[{index}]: "
    title = submission.title
    if submission.text is not None:
        raw = submission.text
    else:
        html = submission.html
        if html is None:
            html = await fetch_page(str(submission.url), settings, where=where)
        page = html_to_text(html)
        raw, title = page.text, title or page.title
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
        title=normalize_text(title) if title else None,
    )


def _too_long(where: str, length: int, settings: Settings) -> str:
    return (
        f"{where}the article text has {length} characters; the limit is "
        f"{settings.max_text_chars} (BRIEFING_MAX_TEXT_CHARS)"
    )


async def fetch_page(url: str, settings: Settings, *, where: str = "") -> str:
    """Download a page, refusing it as soon as it grows past ``MAX_FETCH_BYTES``."""
    try:
        async with (
            httpx.AsyncClient(timeout=settings.fetch_timeout_s, follow_redirects=True) as client,
            client.stream("GET", url, headers={"User-Agent": "briefing/0.1"}) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(
                    f"{where}could not fetch {url}: it answered {response.status_code}"
                )
            body = bytearray()
            async for piece in response.aiter_bytes():
                body += piece
                if len(body) > MAX_FETCH_BYTES:
                    raise FetchError(f"{where}{url} is larger than {MAX_FETCH_BYTES} bytes")
            return body.decode(response.encoding or "utf-8", errors="replace")
    except httpx.HTTPError as exc:
        raise FetchError(f"{where}could not fetch {url}: {exc.__class__.__name__}") from exc


def store_article(
    *, session: Session, settings: Settings, prepared: PreparedArticle, default_queue: str
) -> Intake:
    """Store the article (once per text) and find or create its summary."""
    submission = prepared.submission
    article, _ = find_or_create_article(
        session=session,
        text=prepared.text,
        content_hash=content_hash(prepared.text),
        title=prepared.title,
        url=str(submission.url) if submission.url else None,
        source=submission.source,
        published_at=submission.published_at,
        language=submission.language,
        tags=[tag.strip() for tag in submission.tags],
    )
    options = submission.options
    engine = options.engine or settings.engine
    summary, needs_run = find_or_create_summary(
        session=session,
        article_id=article.id,
        engine=engine,
        model_id=settings.model if engine == "seq2seq" else engine,
        parameters={"bullets": options.bullets or settings.default_bullets},
        queue=options.queue or default_queue,
    )
    return Intake(summary=summary, needs_run=needs_run)


def dispatch(settings: Settings, summaries: Sequence[Summary]) -> None:
    """Hand committed summaries to the broker, a batch of work per task.

    If the broker is down the summaries stay queued and undispatched, and a
    reconciler sends them later: accepted work is not lost.
    """
    by_queue: dict[str, list[int]] = defaultdict(list)
    for summary in summaries:
        by_queue[summary.queue].append(summary.id)
    batch = settings.generation.batch_size
    for queue, ids in by_queue.items():
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            try:
                enqueue_summaries(settings, chunk, queue)
            except Exception:
                log.warning("broker refused %d summaries; the reconciler sends them", len(chunk))
                continue
            with session_scope(settings.resolved_database_url) as session:
                mark_dispatched(session=session, summary_ids=chunk)
