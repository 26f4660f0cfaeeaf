"""Request and response bodies for brief profiles, briefs and feeds (issue 9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator, model_validator

from service.briefs.schedule import parse_cron
from service.storage.models import Brief, BriefProfile, BriefStatus, Feed
from service.submissions import Line

BriefFormat = Literal["json", "markdown", "html", "text"]
MAX_WINDOW = timedelta(days=31)


def _tags(values: list[str]) -> list[str]:
    for value in values:
        if not value or len(value) > 100:
            raise ValueError("each tag or source must be 1 to 100 characters (once cleaned)")
    return list(dict.fromkeys(values))


class Schedule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cron: str = Field(description="Five fields: minute hour day-of-month month day-of-week.")
    timezone: str = Field("UTC", description="An IANA time zone, e.g. Europe/Paris.")

    @field_validator("cron")
    @classmethod
    def _cron_parses(cls, value: str) -> str:
        parse_cron(value)
        return " ".join(value.split())

    @field_validator("timezone")
    @classmethod
    def _zone_known(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value


class Webhook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    secret: str = Field(min_length=8, max_length=500, description="Signs each delivery.")


class WebhookOut(BaseModel):
    url: str
    secret_set: bool = Field(description="The secret is never shown again.")


class _ProfileFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Line] = Field(default_factory=list, max_length=200)
    tags: list[Line] = Field(default_factory=list, max_length=200)
    sections: list[Line] = Field(
        default_factory=list, max_length=50, description="Tags, in the order shown."
    )
    source_weights: dict[str, float] = Field(
        default_factory=dict, description="Ranking weight per source (default 1.0)."
    )
    max_stories: int = Field(20, ge=1, le=200)
    schedule: Schedule | None = None
    formats: list[BriefFormat] = Field(default_factory=lambda: list[BriefFormat](["json"]))
    webhook: Webhook | None = None

    @field_validator("sources", "tags", "sections")
    @classmethod
    def _clean(cls, values: list[str]) -> list[str]:
        return _tags(values)

    @field_validator("source_weights")
    @classmethod
    def _weights(cls, values: dict[str, float]) -> dict[str, float]:
        if any(not 0 <= weight <= 100 for weight in values.values()):
            raise ValueError("source weights must be between 0 and 100")
        return values


class ProfileIn(_ProfileFields):
    name: Line = Field(min_length=1, max_length=200)


class ProfilePatch(BaseModel):
    """Only the fields given change; null clears schedule or webhook."""

    model_config = ConfigDict(extra="forbid")

    name: Line | None = Field(None, min_length=1, max_length=200)
    sources: list[Line] | None = Field(None, max_length=200)
    tags: list[Line] | None = Field(None, max_length=200)
    sections: list[Line] | None = Field(None, max_length=50)
    source_weights: dict[str, float] | None = None
    max_stories: int | None = Field(None, ge=1, le=200)
    schedule: Schedule | None = None
    formats: list[BriefFormat] | None = None
    webhook: Webhook | None = None

    @field_validator("sources", "tags", "sections")
    @classmethod
    def _clean(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _tags(values)


def profile_columns(body: BaseModel) -> dict[str, Any]:
    """The columns a profile body sets (only those given, for a PATCH)."""
    given = (
        body.model_fields_set if isinstance(body, ProfilePatch) else set(type(body).model_fields)
    )
    columns: dict[str, Any] = {}
    for name in given:
        value = getattr(body, name)
        if name == "schedule":
            columns["schedule_cron"] = value.cron if value else None
            columns["schedule_timezone"] = value.timezone if value else None
        elif name == "webhook":
            columns["webhook_url"] = str(value.url) if value else None
            columns["webhook_secret"] = value.secret if value else None
        elif value is None:
            raise ValueError(f"{name} cannot be null")
        else:
            columns[name] = value
    return columns


class ProfileOut(BaseModel):
    id: int
    name: str
    sources: list[str]
    tags: list[str]
    sections: list[str]
    source_weights: dict[str, float]
    max_stories: int
    schedule: Schedule | None
    formats: list[str]
    webhook: WebhookOut | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: BriefProfile) -> ProfileOut:
        return cls(
            id=row.id,
            name=row.name,
            sources=row.sources,
            tags=row.tags,
            sections=row.sections,
            source_weights=row.source_weights,
            max_stories=row.max_stories,
            schedule=Schedule(cron=row.schedule_cron, timezone=row.schedule_timezone or "UTC")
            if row.schedule_cron
            else None,
            formats=row.formats,
            webhook=WebhookOut(url=row.webhook_url, secret_set=bool(row.webhook_secret))
            if row.webhook_url
            else None,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class ProfileList(BaseModel):
    items: list[ProfileOut]


class BriefRequest(BaseModel):
    """A profile's brief, or an ad-hoc one from sources and tags; the window defaults
    to the last ``BRIEFING_BRIEFS__WINDOW_H`` hours."""

    model_config = ConfigDict(extra="forbid")

    profile_id: int | None = Field(None, ge=1)
    sources: list[Line] = Field(default_factory=list, max_length=200)
    tags: list[Line] = Field(default_factory=list, max_length=200)
    since: datetime | None = None
    until: datetime | None = None

    @model_validator(mode="after")
    def _check(self) -> BriefRequest:
        if self.profile_id is not None and (self.sources or self.tags):
            raise ValueError("give profile_id, or sources and tags, not both")
        _tags(self.sources)
        _tags(self.tags)
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                setattr(self, name, value.replace(tzinfo=UTC))
        if self.since and self.until:
            if self.since >= self.until:
                raise ValueError("since must be before until")
            if self.until - self.since > MAX_WINDOW:
                raise ValueError("a brief covers at most 31 days")
        return self


class BriefAccepted(BaseModel):
    id: int
    status: BriefStatus
    location: str


class AlsoReported(BaseModel):
    source: str | None
    url: str | None
    article_id: int


class StoryOut(BaseModel):
    headline: str
    bullets: list[str]
    url: str | None
    source: str | None
    article_id: int
    new: bool
    also_reported_by: list[AlsoReported]


class SectionOut(BaseModel):
    name: str
    stories: list[StoryOut]


class Delivery(BaseModel):
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None


class BriefOut(BaseModel):
    id: int
    status: BriefStatus
    title: str | None
    overview: str | None
    created_at: datetime
    profile_id: int | None
    error: str | None
    sections: list[SectionOut]
    deliveries: list[Delivery]

    @classmethod
    def of(cls, row: Brief) -> BriefOut:
        return cls(
            id=row.id,
            status=row.status,
            title=row.title,
            overview=row.overview,
            created_at=row.created_at,
            profile_id=row.profile_id,
            error=row.error,
            sections=(row.content or {}).get("sections", []),
            deliveries=list(row.deliveries or []),
        )


class BriefList(BaseModel):
    items: list[BriefOut]


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    source: Line = Field(min_length=1, max_length=200)
    tags: list[Line] = Field(default_factory=list, max_length=50)
    poll_interval_s: int = Field(900, ge=60, le=86_400)

    @field_validator("tags")
    @classmethod
    def _clean(cls, values: list[str]) -> list[str]:
        return _tags(values)


class FeedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    source: str
    tags: list[str]
    poll_interval_s: int
    items_seen: int
    failures: int
    last_error: str | None
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: Feed) -> FeedOut:
        return cls.model_validate(row)


class FeedList(BaseModel):
    items: list[FeedOut]
