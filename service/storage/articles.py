"""Storing and reading articles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.db import insert_unless_present
from service.storage.models import Article, ArticleTag


def find_or_create_article(
    *,
    session: Session,
    text: str,
    content_hash: str,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published_at: datetime | None = None,
    language: str | None = None,
    tags: Iterable[str] = (),
) -> tuple[Article, bool]:
    """The article with this content hash, created if new; True when created.

    Tags given again for a known article are added to it.
    """
    article = session.scalar(select(Article).where(Article.content_hash == content_hash))
    created = article is None
    if article is None:
        article = Article(
            content_hash=content_hash,
            text=text,
            title=title,
            url=url,
            source=source,
            published_at=published_at,
            language=language,
        )
        if not insert_unless_present(session, article):
            article = session.scalars(
                select(Article).where(Article.content_hash == content_hash)
            ).one()
            created = False
    known = set(article.tag_names)
    for tag in sorted(set(tags) - known):
        article.tags.append(ArticleTag(tag=tag))
    session.flush()
    return article, created
