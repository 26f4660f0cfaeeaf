"""Tables: articles, their tags, and the summaries written for them; tenants, their
API keys, and each tenant's own view of the articles and summaries it submitted.

Articles and summaries are the shared engine work, deduplicated by content: two
tenants sending the same text and title with the same model and parameters share
one summary, and the model runs once. What a tenant sees is its own view rows
(``tenant_articles``, ``tenant_summaries``): their own ids, metadata, tags and
times, so nothing in an answer says that another tenant sent the same text.
Workers only ever touch ``summaries`` by id.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

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
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


# Ids are 64-bit signed integers; a larger one names no row (and would overflow drivers).
MAX_ID = 2**63 - 1


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back aware (UTC) on every database.

    SQLite has no time zone type: SQLAlchemy writes the wall-clock digits and drops
    the offset, so ``12:00+02:00`` compared as ``12:00`` and came back naive. Here
    every value is converted to UTC before it is bound (comparisons too: a
    ``created_after`` with any offset filters right) and tagged UTC when read.
    A naive value given to it is taken to be UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime}


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
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

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

    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """Refreshed by the worker while it runs the summary; stale means the worker died."""
    engine_ms: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The draft's details: headline candidates, and each line's sources and flags."""

    article: Mapped[Article] = relationship(lazy="joined")


class Lease(Base):
    """A named lock with an expiry, so one process per deployment runs a periodic job
    (the reconciler) on any database, SQLite included."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Tenant(Base):
    """Who owns data: every API key acts for one tenant."""

    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ApiKey(Base):
    """An API key: only a hash of its secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    """The key's non-secret part, printed in lists and used to look it up."""
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(String(200))
    """Comma-separated: submit, read, admin."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    tenant: Mapped[Tenant] = relationship()  # not joined: checking a key needs no tenant row

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(scope for scope in self.scopes.split(",") if scope)


class TenantArticle(Base):
    """A tenant's article: its own id, metadata and tags over the shared text."""

    __tablename__ = "tenant_articles"
    __table_args__ = (UniqueConstraint("tenant_id", "article_id", name="uq_tenant_articles"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    article: Mapped[Article] = relationship(lazy="joined")
    tags: Mapped[list[TenantArticleTag]] = relationship(
        back_populates="tenant_article", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def tag_names(self) -> list[str]:
        return sorted(tag.tag for tag in self.tags)


class TenantArticleTag(Base):
    __tablename__ = "tenant_article_tags"

    tenant_article_id: Mapped[int] = mapped_column(
        ForeignKey("tenant_articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)

    tenant_article: Mapped[TenantArticle] = relationship(back_populates="tags")


class TenantSummary(Base):
    """A tenant's summary: its own id and time over the shared engine work."""

    __tablename__ = "tenant_summaries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "summary_id", name="uq_tenant_summaries"),
        Index("ix_tenant_summaries_tenant_id", "tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    summary_id: Mapped[int] = mapped_column(
        ForeignKey("summaries.id", ondelete="CASCADE"), index=True
    )
    tenant_article_id: Mapped[int] = mapped_column(
        ForeignKey("tenant_articles.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    approved_version: Mapped[int | None] = mapped_column(Integer)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    summary: Mapped[Summary] = relationship(lazy="joined")
    tenant_article: Mapped[TenantArticle] = relationship(lazy="joined")

    versions: Mapped[list[SummaryVersion]] = relationship(
        back_populates="tenant_summary",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="SummaryVersion.version",
    )


class BatchStatus(StrEnum):
    accepting = "accepting"
    """Lines are still arriving (an upload is streaming in, or was cut off and can
    be resumed with ``POST /v1/batches/{id}/items``)."""
    running = "running"
    done = "done"


class Batch(Base):
    """A tenant's bulk job: lines streamed in, summarized on the bulk lane, exported."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    received: Mapped[int] = mapped_column(Integer, default=0)
    """Lines stored so far; the next line's ``seq``. A resumed upload starts here."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When the last line arrived: from then on the batch accepts no more."""
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """First seen with nothing left to run (cleared by retry-failed)."""


class BatchItem(Base):
    """One input line: its place, its id, and either a tenant summary or an error."""

    __tablename__ = "batch_items"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    """Input order, from 0."""
    input_id: Mapped[str] = mapped_column(Text)
    tenant_summary_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenant_summaries.id", ondelete="CASCADE"), index=True
    )
    error: Mapped[str | None] = mapped_column(Text)
    """Why the line itself was refused (bad JSON, empty or too long text)."""


class SummaryVersion(Base):
    """A later version of a tenant's summary: an editor's edit (its text here) or a
    regeneration with other options (the engine work in ``summary_id``; it shows once
    that work is done). Version 1 is the tenant summary's own engine work."""

    __tablename__ = "summary_versions"
    __table_args__ = (
        UniqueConstraint("tenant_summary_id", "version", name="uq_summary_versions_version"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_summary_id: Mapped[int] = mapped_column(
        ForeignKey("tenant_summaries.id", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(Integer)
    summary_id: Mapped[int | None] = mapped_column(
        ForeignKey("summaries.id", ondelete="CASCADE"), index=True
    )
    headline: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    bullets: Mapped[list[str] | None] = mapped_column(JSON)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(200))
    """The API key's name that made it (an edit, or asked for the regeneration)."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    tenant_summary: Mapped[TenantSummary] = relationship(back_populates="versions")
    work: Mapped[Summary | None] = relationship(lazy="joined", innerjoin=False)


class BriefStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class BriefProfile(Base):
    """What a tenant's brief holds and when it is made (issue 9)."""

    __tablename__ = "brief_profiles"
    __table_args__ = (Index("ix_brief_profiles_tenant_id", "tenant_id", "id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    max_stories: Mapped[int] = mapped_column(Integer, default=20)
    schedule_cron: Mapped[str | None] = mapped_column(String(100))
    schedule_timezone: Mapped[str | None] = mapped_column(String(64))
    formats: Mapped[list[str]] = mapped_column(JSON, default=list)
    webhook_url: Mapped[str | None] = mapped_column(Text)
    webhook_secret: Mapped[str | None] = mapped_column(Text)
    last_scheduled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """The scheduled time (cron) of the last brief beat made for this profile."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Brief(Base):
    """One brief: queued by the API or beat, built by a worker."""

    __tablename__ = "briefs"
    __table_args__ = (
        Index("ix_briefs_tenant_id", "tenant_id", "id"),
        Index("ix_briefs_profile_id", "profile_id", "id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("brief_profiles.id", ondelete="CASCADE")
    )
    status: Mapped[BriefStatus] = mapped_column(
        Enum(BriefStatus, name="brief_status", native_enum=False, length=16),
        default=BriefStatus.queued,
    )
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """sources, tags, since, until (ISO 8601), max_stories, sections: what it was built from."""
    title: Mapped[str | None] = mapped_column(Text)
    overview: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """{"sections": [...]} once built."""
    error: Mapped[str | None] = mapped_column(Text)
    deliveries: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """Webhook attempts: {attempt, at, status_code, error}."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Feed(Base):
    """An RSS or Atom feed briefing polls for a tenant."""

    __tablename__ = "feeds"
    __table_args__ = (Index("ix_feeds_tenant_id", "tenant_id", "id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    poll_interval_s: Mapped[int] = mapped_column(Integer, default=900)
    etag: Mapped[str | None] = mapped_column(Text)
    modified: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    """Failed polls in a row: the next poll backs off on these."""
    last_error: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_poll_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FeedItem(Base):
    """An item a feed gave, remembered so it is stored once."""

    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_feed_items"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(String(500))
    tenant_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenant_articles.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
