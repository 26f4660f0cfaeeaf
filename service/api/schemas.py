"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.storage.models import (
    ApiKey,
    SummaryStatus,
    SummaryVersion,
    TenantArticle,
    TenantSummary,
)
from service.storage.versions import latest_regeneration, visible_versions
from service.submissions import (
    ArticleSubmission,
    Line,
    SummaryOptions,
)
from service.text import normalize_text


class BatchSubmission(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleSubmission] = Field(min_length=1, max_length=100)


class Accepted(BaseModel):
    article_id: int
    summary_id: int
    status: SummaryStatus
    location: str = Field(description="Where the summary reads back.")
    duplicate: bool = Field(description="True when this work was already known.")


class BatchAccepted(BaseModel):
    items: list[Accepted]


class Span(BaseModel):
    start: int = Field(description="Character offset into the stored article text.")
    end: int


class FaithfulnessFlag(BaseModel):
    kind: Literal["number", "date", "entity", "quote"]
    text: str
    reason: str = Field(examples=["number 38 not in source"])


class Candidate(BaseModel):
    text: str
    flags: list[FaithfulnessFlag] = Field(default_factory=list)


class LineDetail(BaseModel):
    text: str
    sources: list[Span] = Field(default_factory=list)
    flags: list[FaithfulnessFlag] = Field(default_factory=list)


class RegenerationOut(BaseModel):
    """The newest regeneration while it is under way, or after it failed (until a
    later version replaces it); the version shown stays the earlier one meanwhile."""

    status: Literal["queued", "running", "failed"]
    error: str | None = Field(None, description="Why it failed.")
    requested_at: datetime
    version: int = Field(description="The version number it takes once done.")
    parameters: dict[str, Any] = Field(description="The options it was asked with.")

    @classmethod
    def of(cls, row: SummaryVersion | None) -> RegenerationOut | None:
        if row is None or row.work is None:
            return None
        work = row.work
        return cls(
            status=work.status.value,
            error=work.error if work.status is SummaryStatus.failed else None,
            requested_at=row.created_at,
            version=row.version,
            parameters=work.parameters,
        )


class SummaryOut(BaseModel):
    id: int
    article_id: int
    status: SummaryStatus
    headline: str | None
    summary: str | None
    bullets: list[str] | None
    engine: str
    model_id: str
    prompt_version: str | None
    parameters: dict[str, Any]
    queue: str
    chunks_read: int | None
    error: str | None
    attempts: int
    title: str | None
    source: str | None
    tags: list[str]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    engine_ms: int | None
    version: int | None = Field(None, description="The version shown; null until one is done.")
    headline_candidates: list[Candidate] = Field(
        default_factory=list, description="Best first; the first is the headline."
    )
    bullet_details: list[LineDetail] = Field(default_factory=list)
    summary_details: list[LineDetail] = Field(
        default_factory=list, description="Per summary sentence."
    )
    approved_version: int | None = None
    approved_at: datetime | None = None
    regenerating: bool = Field(False, description="A regeneration is queued or running.")
    regeneration: RegenerationOut | None = None

    @classmethod
    def of(cls, view: TenantSummary) -> SummaryOut:
        """The tenant's view: its ids, metadata and times over the shared work.

        Work another tenant asked for earlier shows as started and finished no
        earlier than this tenant asked for it, so the times reveal no one else.
        """
        row, mine = view.summary, view.tenant_article

        def not_before_asked(moment: datetime | None) -> datetime | None:
            return None if moment is None else max(moment, view.created_at)

        shown = visible_versions(view)
        current = shown[-1] if shown else None
        regeneration = RegenerationOut.of(latest_regeneration(view))
        details = current.details if current is not None else {}
        return cls(
            id=view.id,
            article_id=view.tenant_article_id,
            status=row.status,
            headline=current.headline if current else row.headline,
            summary=current.summary if current else row.summary,
            bullets=current.bullets if current else row.bullets,
            version=current.version if current else None,
            headline_candidates=details.get("headline_candidates") or [],
            bullet_details=details.get("bullet_details") or [],
            summary_details=details.get("summary_details") or [],
            approved_version=view.approved_version,
            approved_at=view.approved_at,
            regenerating=regeneration is not None and regeneration.status != "failed",
            regeneration=regeneration,
            engine=row.engine,
            model_id=row.model_id,
            prompt_version=row.prompt_version,
            parameters=row.parameters,
            queue=row.queue,
            chunks_read=row.chunks_read,
            error=row.error,
            attempts=row.attempts,
            title=mine.article.title,
            source=mine.source,
            tags=mine.tag_names,
            created_at=view.created_at,
            started_at=not_before_asked(row.started_at),
            finished_at=not_before_asked(row.finished_at),
            engine_ms=row.engine_ms,
        )


class SummaryEdit(BaseModel):
    """An editor's version: the whole headline, summary and bullets."""

    model_config = ConfigDict(extra="forbid")

    headline: Line = Field(min_length=1, max_length=300)
    summary: str = Field(max_length=5000)
    bullets: list[Line] = Field(max_length=10)

    @model_validator(mode="after")
    def _clean(self) -> SummaryEdit:
        self.summary = normalize_text(self.summary).strip()
        self.bullets = [bullet for bullet in self.bullets if bullet]
        if any(len(bullet) > 1000 for bullet in self.bullets):
            raise ValueError("each bullet must be at most 1000 characters")
        if not self.headline:
            raise ValueError("the headline must not be empty")
        return self


class RegenerateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    options: SummaryOptions = Field(default_factory=SummaryOptions)


class ApproveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, ge=1, description="Default: the current version.")


class VersionOut(BaseModel):
    version: int
    headline: str | None
    summary: str | None
    bullets: list[str] | None
    author: str
    created_at: datetime


class VersionList(BaseModel):
    items: list[VersionOut]
    approved_version: int | None


class SummaryList(BaseModel):
    items: list[SummaryOut]
    next_cursor: int | None = Field(description="Pass as cursor for the next page; null at end.")


class ArticleOut(BaseModel):
    id: int
    content_hash: str
    title: str | None
    url: str | None
    source: str | None
    published_at: datetime | None
    language: str | None
    tags: list[str]
    text: str
    created_at: datetime

    @classmethod
    def of(cls, view: TenantArticle) -> ArticleOut:
        shared = view.article
        return cls(
            id=view.id,
            content_hash=shared.content_hash,
            title=shared.title,
            url=view.url,
            source=view.source,
            published_at=view.published_at,
            language=view.language,
            tags=view.tag_names,
            text=shared.text,
            created_at=view.created_at,
        )


ScopeName = Literal["submit", "read", "admin"]


class KeyCreate(BaseModel):
    """A new API key for your own tenant."""

    model_config = ConfigDict(extra="forbid")

    name: Line = Field(min_length=1, max_length=200)
    scopes: list[ScopeName] = Field(min_length=1, description="submit, read and/or admin.")


class KeyOut(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="The key's non-secret part (brf_<prefix>_...).")
    scopes: list[str]
    tenant: str
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: ApiKey) -> KeyOut:
        return cls(
            id=row.id,
            name=row.name,
            prefix=row.prefix,
            scopes=sorted(row.scope_set),
            tenant=row.tenant.name,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )


class KeyCreated(KeyOut):
    key: str = Field(description="The key itself: shown this once, store it now.")


class KeyList(BaseModel):
    items: list[KeyOut]
