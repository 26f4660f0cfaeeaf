"""Storing and reading articles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from service.storage.db import insert_new, insert_unless_present
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


@dataclass(frozen=True)
class NewArticle:
    """An article to store; its metadata and tags are the first submitter's."""

    content_hash: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()


def store_articles(*, session: Session, articles: Sequence[NewArticle]) -> dict[str, int]:
    """Content hash -> article id for every one of ``articles``: the known found, the
    new inserted, in a few statements for the lot; tags given are added to either.

    Known ones are looked up first so that their text is not sent again. Rows go in
    content-hash order, so two transactions storing overlapping articles lock them
    in the same order and never deadlock.
    """
    unique = {a.content_hash: a for a in reversed(articles)}  # the first one wins
    table = cast(Table, Article.__table__)
    ids = _ids_by_hash(session, table, sorted(unique))
    new = [unique[h] for h in sorted(unique) if h not in ids]
    if new:
        inserted = session.execute(
            insert_new(session, table, "content_hash").returning(table.c.id, table.c.content_hash),
            [
                {
                    "content_hash": a.content_hash,
                    "text": a.text,
                    "title": a.title,
                    "url": a.url,
                    "source": a.source,
                    "published_at": a.published_at,
                    "language": a.language,
                }
                for a in new
            ],
        )
        ids.update({content_hash: article_id for article_id, content_hash in inserted})
        # Stored meanwhile by another transaction (ON CONFLICT waited for it to commit).
        raced = [a.content_hash for a in new if a.content_hash not in ids]
        ids.update(_ids_by_hash(session, table, raced))
    tags = sorted({(ids[a.content_hash], tag) for a in articles for tag in a.tags})
    if tags:
        tag_table = cast(Table, ArticleTag.__table__)
        session.execute(
            insert_new(session, tag_table, "article_id", "tag"),
            [{"article_id": article_id, "tag": tag} for article_id, tag in tags],
        )
    return ids


def _ids_by_hash(session: Session, table: Table, hashes: Sequence[str]) -> dict[str, int]:
    if not hashes:
        return {}
    rows = session.execute(
        select(table.c.content_hash, table.c.id).where(table.c.content_hash.in_(hashes))
    )
    return {content_hash: article_id for content_hash, article_id in rows}
