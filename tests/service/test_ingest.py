"""Set-based intake: a chunk of articles stored in a few statements, deduplicated as
one at a time would be, and right when concurrent requests store the same work."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select, update

from service.config import Settings
from service.ingest import Intake, PreparedArticle, store_articles
from service.storage.db import session_scope
from service.storage.models import (
    Article,
    ArticleTag,
    Summary,
    SummaryStatus,
    TenantArticle,
    TenantArticleTag,
    TenantSummary,
)
from service.storage.tenants import get_or_create_tenant
from service.submissions import ArticleSubmission, SummaryOptions


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> str:
    if request.param == "sqlite":
        return settings.resolved_database_url
    return str(request.getfixturevalue("postgres_url"))


def _article(
    text: str, *, bullets: int | None = None, tags: tuple[str, ...] = (), source: str = "a"
) -> PreparedArticle:
    submission = ArticleSubmission(
        text=text, tags=list(tags), source=source, options=SummaryOptions(bullets=bullets)
    )
    return PreparedArticle(submission=submission, text=text, title=None)


def _store(
    url: str, settings: Settings, tenant: str, articles: list[PreparedArticle]
) -> list[Intake]:
    with session_scope(url) as session:
        tenant_id = get_or_create_tenant(session=session, name=tenant).id
        return store_articles(
            session=session,
            settings=settings,
            prepared=articles,
            default_queue="bulk",
            tenant_id=tenant_id,
        )


def _count(url: str, table: type) -> int:
    with session_scope(url) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_chunk_is_deduplicated_as_one_article_at_a_time_would_be(
    database_url: str, settings: Settings
) -> None:
    first, copy, other_options, second = _store(
        database_url,
        settings,
        "archive",
        [
            _article("One story.", tags=("city",)),
            _article("One story.", tags=("budget",), source="later"),
            _article("One story.", bullets=2),
            _article("Another story."),
        ],
    )
    assert first.needs_run and not first.duplicate and first.status is SummaryStatus.queued
    # The same work again in the same chunk: one summary, one view, a duplicate.
    assert (copy.summary_id, copy.view_id) == (first.summary_id, first.view_id)
    assert not copy.needs_run and copy.duplicate
    # Other options: other work on the same article, seen through the same article view.
    assert other_options.summary_id != first.summary_id and other_options.needs_run
    assert other_options.article_view_id == first.article_view_id
    assert second.article_view_id != first.article_view_id and second.needs_run
    assert first.queue == "bulk"
    assert (_count(database_url, Article), _count(database_url, Summary)) == (2, 3)
    with session_scope(database_url) as session:
        view = session.get(TenantArticle, first.article_view_id)
        assert view is not None and view.source == "a"  # the first submission's
        tags = session.scalars(select(TenantArticleTag.tag).order_by(TenantArticleTag.tag))
        assert list(tags) == ["budget", "city"]
        assert sorted(session.scalars(select(ArticleTag.tag))) == ["budget", "city"]


def test_sent_again_it_is_a_duplicate_and_another_tenant_gets_its_own_views(
    database_url: str, settings: Settings
) -> None:
    [mine] = _store(database_url, settings, "archive", [_article("One story.")])
    [again] = _store(database_url, settings, "archive", [_article("One story.")])
    [theirs] = _store(database_url, settings, "other", [_article("One story.")])
    assert again.duplicate and not again.needs_run and again.view_id == mine.view_id
    # New to the other tenant: not a duplicate, its own ids, the work shared (no run).
    assert not theirs.duplicate and not theirs.needs_run
    assert theirs.summary_id == mine.summary_id and theirs.view_id != mine.view_id
    assert theirs.article_view_id != mine.article_view_id
    assert _count(database_url, TenantSummary) == 2 and _count(database_url, Summary) == 1


def test_a_failed_summary_asked_for_again_is_queued_again_with_a_fresh_budget(
    database_url: str, settings: Settings
) -> None:
    [first] = _store(database_url, settings, "archive", [_article("One story.")])
    with session_scope(database_url) as session:
        session.execute(
            update(Summary)
            .where(Summary.id == first.summary_id)
            .values(status=SummaryStatus.failed, attempts=3, error="boom", queue="editor")
        )
    [again, copy] = _store(
        database_url, settings, "archive", [_article("One story."), _article("One story.")]
    )
    assert again.needs_run and again.status is SummaryStatus.queued and again.queue == "bulk"
    assert not copy.needs_run and copy.duplicate  # requeued once, by the first copy
    with session_scope(database_url) as session:
        row = session.get(Summary, first.summary_id)
        assert row is not None
        assert (row.status, row.attempts, row.error) == (SummaryStatus.queued, 0, None)


@pytest.mark.postgres
def test_concurrent_chunks_of_the_same_articles_store_each_once(
    postgres_url: str, settings: Settings
) -> None:
    """Eight requests store overlapping chunks at once, in different orders: none
    deadlocks or fails, each text is one article and one summary, and exactly one
    request is told to run each summary."""
    texts = [f"Story number {n} happened." for n in range(60)]
    results: list[list[Intake]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def submit(n: int) -> None:
        mine = texts[n * 5 : n * 5 + 30]
        chunk = [_article(t) for t in (mine if n % 2 else list(reversed(mine)))]
        start.wait()
        try:
            results.append(_store(postgres_url, settings, f"tenant-{n % 2}", chunk))
        except BaseException as exc:  # reported below, with the others' results
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    intakes = [intake for result in results for intake in result]
    runs = Counter(intake.summary_id for intake in intakes if intake.needs_run)
    sent = {t for n in range(8) for t in texts[n * 5 : n * 5 + 30]}
    assert _count(postgres_url, Article) == _count(postgres_url, Summary) == len(sent)
    assert len(runs) == len(sent) and set(runs.values()) == {1}
    # One view per tenant and summary, and each tenant was told "new" once per summary.
    with session_scope(postgres_url) as session:
        views = session.execute(select(TenantSummary.tenant_id, TenantSummary.summary_id)).all()
    assert len(views) == len(set(views))
    new = Counter(intake.view_id for intake in intakes if not intake.duplicate)
    assert set(new.values()) == {1} and len(new) == len(views)
