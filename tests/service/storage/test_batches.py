"""Batch storage: places in input order, closing, and counts through the summaries."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, update

from service.config import Settings
from service.errors import ConflictError, NotFoundError
from service.storage.articles import find_or_create_article
from service.storage.batches import (
    add_items,
    close_batch,
    count_items,
    create_batch,
    get_batch,
    list_results,
    reserve_lines,
)
from service.storage.db import get_engine, session_scope
from service.storage.migrate import alembic_config, upgrade_database
from service.storage.models import Summary, SummaryStatus
from service.storage.summaries import find_or_create_summary
from service.storage.tenants import (
    find_or_create_summary_view,
    find_or_create_tenant_article,
    get_or_create_tenant,
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> str:
    if request.param == "sqlite":
        return settings.resolved_database_url
    return str(request.getfixturevalue("postgres_url"))


def _view(session, tenant_id: int, text: str) -> int:  # type: ignore[no-untyped-def]
    article, _ = find_or_create_article(session=session, text=text, content_hash=text[:60])
    mine = find_or_create_tenant_article(
        session=session, tenant_id=tenant_id, article_id=article.id
    )
    summary, _ = find_or_create_summary(
        session=session,
        article_id=article.id,
        engine="extractive",
        model_id="extractive",
        parameters={},
        queue="bulk",
    )
    view, _ = find_or_create_summary_view(
        session=session, tenant_id=tenant_id, summary=summary, tenant_article_id=mine.id
    )
    return view.id


def test_places_counts_and_results_in_input_order(database_url: str) -> None:
    with session_scope(database_url) as session:
        tenant = get_or_create_tenant(session=session, name="archive").id
        other = get_or_create_tenant(session=session, name="other").id
        batch = create_batch(session=session, tenant_id=tenant)
        assert reserve_lines(session=session, batch_id=batch.id, count=2, expected=0) == 0
        assert reserve_lines(session=session, batch_id=batch.id, count=1) == 2
        with pytest.raises(ConflictError, match="holds 3 lines, not 1"):
            reserve_lines(session=session, batch_id=batch.id, count=1, expected=1)
        add_items(
            session=session,
            items=[
                {"batch_id": batch.id, "seq": 2, "input_id": "c", "error": "bad line"},
                {
                    "batch_id": batch.id,
                    "seq": 0,
                    "input_id": "a",
                    "tenant_summary_id": _view(session, tenant, "first text"),
                },
                {
                    "batch_id": batch.id,
                    "seq": 1,
                    "input_id": "b",
                    "tenant_summary_id": _view(session, tenant, "second text"),
                },
            ],
        )
        session.execute(
            update(Summary)
            .where(Summary.id == 1)
            .values(status=SummaryStatus.done, headline="H", summary="S", bullets=["x"])
        )
        session.expire_all()
        batch = get_batch(session=session, tenant_id=tenant, batch_id=batch.id)
        counts = count_items(session=session, batch=batch)
        assert (counts.total, counts.queued, counts.done, counts.failed) == (3, 1, 1, 1)
        assert [r.input_id for r in list_results(session=session, batch_id=batch.id)] == [
            "a",
            "b",
            "c",
        ]
        page = list_results(session=session, batch_id=batch.id, after_seq=0, limit=1)
        assert [(r.input_id, r.status) for r in page] == [("b", "queued")]
        failed = list_results(session=session, batch_id=batch.id, failed_only=True)
        assert [(r.input_id, r.error) for r in failed] == [("c", "bad line")]
        with pytest.raises(NotFoundError):
            get_batch(session=session, tenant_id=other, batch_id=batch.id)
        close_batch(session=session, batch_id=batch.id)
        with pytest.raises(ConflictError, match="closed"):
            reserve_lines(session=session, batch_id=batch.id, count=1)


def test_migration_0004_goes_down_and_up(database_url: str) -> None:
    command.downgrade(alembic_config(database_url), "0003")
    assert "batches" not in inspect(get_engine(database_url)).get_table_names()
    upgrade_database(database_url)
    tables = inspect(get_engine(database_url)).get_table_names()
    assert {"batches", "batch_items"} <= set(tables)
