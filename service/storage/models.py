"""Tables: articles, their tags, and the summaries written for them."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


# Ids are 64-bit signed integers; a larger one names no row (and would overflow drivers).
MAX_ID = 2**63 - 1


class Base(DeclarativeBase):
    pass


class SummaryStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    tags: Mapped[list[ArticleTag]] = relationship(
        back_populates="article", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def tag_names(self) -> list[str]:
        return sorted(tag.tag for tag in self.tags)


class ArticleTag(Base):
    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)

    article: Mapped[Article] = relationship(back_populates="tags")


class Summary(Base):
    __tablename__ = "summaries"
    __table_args__ = (
        UniqueConstraint("article_id", "params_key", name="uq_summaries_article_params"),
        Index("ix_summaries_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    engine: Mapped[str] = mapped_column(String(40))
    model_id: Mapped[str] = mapped_column(Text)
    prompt_version: Mapped[str | None] = mapped_column(String(80))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    params_key: Mapped[str] = mapped_column(String(64))
    queue: Mapped[str] = mapped_column(String(40), default="editor")

    status: Mapped[SummaryStatus] = mapped_column(
        Enum(SummaryStatus, name="summary_status", native_enum=False, length=16),
        default=SummaryStatus.queued,
    )
    headline: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    bullets: Mapped[list[str] | None] = mapped_column(JSON)
    chunks_read: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    """Claims so far: each time a worker starts on this summary."""
    dispatches: Mapped[int] = mapped_column(Integer, default=0)
    """Times the summary was handed to the broker (the reconciler backs off on these)."""
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    """``host:pid`` of the worker process that holds the running summary."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Refreshed by the worker while it runs the summary; stale means the worker died."""
    engine_ms: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(lazy="joined")


class Lease(Base):
    """A named lock with an expiry, so one process per deployment runs a periodic job
    (the reconciler) on any database, SQLite included."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
