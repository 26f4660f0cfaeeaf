"""Migration 0003 gives what was stored before to the default tenant, under the same ids."""

import pytest
from alembic import command
from sqlalchemy import text

from service.config import Settings
from service.storage.articles import find_or_create_article
from service.storage.db import session_scope
from service.storage.migrate import alembic_config, upgrade_database
from service.storage.summaries import find_or_create_summary
from service.storage.tenants import (
    DEFAULT_TENANT,
    find_or_create_summary_view,
    find_or_create_tenant_article,
    get_summary_view,
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> str:
    if request.param == "sqlite":
        return settings.resolved_database_url
    return str(request.getfixturevalue("postgres_url"))


def test_old_rows_become_the_default_tenants(database_url: str) -> None:
    command.downgrade(alembic_config(database_url), "0002")
    with session_scope(database_url) as session:
        for article_id in (1, 2):
            session.execute(
                text(
                    "INSERT INTO articles (content_hash, text, source, created_at) "
                    "VALUES (:hash, 'Old text.', 'wire', CURRENT_TIMESTAMP)"
                ),
                {"hash": f"hash-{article_id}"},
            )
        session.execute(text("INSERT INTO article_tags (article_id, tag) VALUES (2, 'world')"))
        session.execute(
            text(
                "INSERT INTO summaries (article_id, engine, model_id, parameters, params_key,"
                " queue, status, attempts, dispatches, created_at) VALUES (2, 'extractive',"
                " 'extractive', '{}', 'k', 'editor', 'done', 1, 1, CURRENT_TIMESTAMP)"
            )
        )
    upgrade_database(database_url)
    with session_scope(database_url) as session:
        view = get_summary_view(session=session, tenant_id=1, view_id=1)
        assert view.summary_id == 1 and view.tenant_article_id == 2
        assert view.tenant_article.source == "wire" and view.tenant_article.tag_names == ["world"]
        name = session.execute(text("SELECT name FROM tenants WHERE id = 1")).scalar_one()
        assert name == DEFAULT_TENANT
        # New rows get new ids (PostgreSQL's sequences moved past the copied ones).
        article, _ = find_or_create_article(session=session, text="New.", content_hash="new")
        mine = find_or_create_tenant_article(session=session, tenant_id=1, article_id=article.id)
        summary, _ = find_or_create_summary(
            session=session,
            article_id=article.id,
            engine="extractive",
            model_id="extractive",
            parameters={},
            queue="editor",
        )
        new, created = find_or_create_summary_view(
            session=session, tenant_id=1, summary=summary, tenant_article_id=mine.id
        )
        assert created and article.id == 3 and mine.id == 3 and new.id == 2
