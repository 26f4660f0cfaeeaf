"""Versions of a tenant's summary: the engine's draft, regenerations, editors' edits.

Version 1 is the tenant summary's own engine work. Each later version is a
``summary_versions`` row: an edit holds its text; a regeneration points at other
engine work (same article, other options) and shows once that work is done. The
current version is the newest one that shows. Approval records a version number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.errors import ConflictError
from service.storage.db import insert_unless_present
from service.storage.models import (
    Summary,
    SummaryStatus,
    SummaryVersion,
    TenantSummary,
    utcnow,
)

ENGINE_AUTHOR = "engine"
"""The author of version 1 (the first draft)."""


@dataclass(frozen=True)
class Version:
    version: int
    headline: str | None
    summary: str | None
    bullets: list[str] | None
    author: str
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)


def store_draft_details(*, session: Session, summary_id: int, details: dict[str, Any]) -> None:
    """Keep an engine draft's details (candidates, sources, flags) with its work."""
    session.execute(
        update(Summary)
        .where(Summary.id == summary_id)
        .values(details=details)
        .execution_options(synchronize_session=False)
    )


def _from_work(number: int, work: Summary, author: str, asked_at: datetime) -> Version | None:
    if work.status is not SummaryStatus.done:
        return None
    finished = work.finished_at or asked_at
    return Version(
        version=number,
        headline=work.headline,
        summary=work.summary,
        bullets=work.bullets,
        author=author,
        created_at=max(finished, asked_at),
        details=work.details or {},
    )


def visible_versions(view: TenantSummary) -> list[Version]:
    """The versions that show, oldest first (a regeneration shows once done)."""
    versions: list[Version] = []
    first = _from_work(1, view.summary, ENGINE_AUTHOR, view.created_at)
    if first is not None:
        versions.append(first)
    for row in view.versions:
        if row.summary_id is not None:
            if row.work is not None:
                shown = _from_work(row.version, row.work, row.author, row.created_at)
                if shown is not None:
                    versions.append(shown)
            continue
        versions.append(
            Version(
                version=row.version,
                headline=row.headline,
                summary=row.summary,
                bullets=row.bullets,
                author=row.author,
                created_at=row.created_at,
                details=row.details or {},
            )
        )
    return versions


def latest_regeneration(view: TenantSummary) -> SummaryVersion | None:
    """The regeneration an editor should hear about: the newest one while it is queued
    or running, or once it failed until a later version (an edit, another
    regeneration) takes its place. A done one shows as its version instead."""
    rows = list(view.versions)
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        if row.summary_id is None or row.work is None:
            continue  # an edit: an earlier regeneration may still be running
        status = row.work.status
        if status in (SummaryStatus.queued, SummaryStatus.running):
            return row
        if status is SummaryStatus.failed and index == len(rows) - 1:
            return row
        return None
    return None


def _next_number(session: Session, view: TenantSummary) -> int:
    highest = session.scalar(
        select(func.max(SummaryVersion.version)).where(SummaryVersion.tenant_summary_id == view.id)
    )
    return max(highest or 1, 1) + 1


def add_version(
    *,
    session: Session,
    view: TenantSummary,
    author: str,
    headline: str | None = None,
    summary: str | None = None,
    bullets: list[str] | None = None,
    details: dict[str, Any] | None = None,
    work: Summary | None = None,
) -> SummaryVersion:
    """Add the next version: an edit (its text) or a regeneration (``work``)."""
    for _ in range(3):  # two edits at once: the loser takes the next number
        row = SummaryVersion(
            tenant_summary_id=view.id,
            version=_next_number(session, view),
            summary_id=None if work is None else work.id,
            headline=headline,
            summary=summary,
            bullets=bullets,
            details=details,
            author=author,
            created_at=utcnow(),
        )
        if not insert_unless_present(session, row):
            continue  # another edit took this version number: take the next
        session.refresh(view, attribute_names=["versions"])
        return row
    raise ConflictError("the summary is being edited by someone else; try again")


def approve(*, session: Session, view: TenantSummary, version: int | None) -> int:
    """Record ``version`` (default: the current one) as approved; its number."""
    shown = {v.version for v in visible_versions(view)}
    if not shown:
        raise ConflictError("the summary has no finished version to approve yet")
    chosen = max(shown) if version is None else version
    if chosen not in shown:
        raise ConflictError(f"no finished version {chosen} to approve")
    view.approved_version = chosen
    view.approved_at = utcnow()
    session.flush()
    return chosen
