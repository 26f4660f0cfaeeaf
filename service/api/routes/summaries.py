"""Reading summaries: one (optionally waiting for it) or a filtered page."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from service.api.deps import SettingsDep
from service.api.limits import wait_slot
from service.api.schemas import Line, SummaryList, SummaryOut
from service.api.security import ACCESS_RESPONSES, ReadDep
from service.api.waiting import RECHECK_S, get_waiter, stop_waiters
from service.config import Settings
from service.storage.db import session_scope
from service.storage.models import MAX_ID, Summary, SummaryStatus
from service.storage.tenants import get_summary_view, list_summary_views
from service.storage.versions import latest_regeneration


@asynccontextmanager
async def _lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    yield
    await stop_waiters(app.state)


router = APIRouter(
    prefix="/v1/summaries", tags=["summaries"], responses=ACCESS_RESPONSES, lifespan=_lifespan
)

FINISHED = {SummaryStatus.done, SummaryStatus.failed}


def _read_summary(
    settings: Settings, tenant_id: int, view_id: int
) -> tuple[SummaryOut, int, SummaryStatus]:
    """The tenant's summary, and the shared work a waiting client waits for with its
    status: a regeneration under way, else the summary's own work."""
    with session_scope(settings.resolved_database_url) as session:
        view = get_summary_view(session=session, tenant_id=tenant_id, view_id=view_id)
        summary = SummaryOut.of(view)
        pending = latest_regeneration(view) if summary.regenerating else None
        if pending is not None and pending.work is not None:
            return summary, pending.work.id, pending.work.status
        return summary, view.summary_id, summary.status


def _read_status(settings: Settings, work_id: int) -> SummaryStatus | None:
    """Only the status: what a waiting client checks when woken (no joins, no rows)."""
    with session_scope(settings.resolved_database_url) as session:
        return session.scalar(select(Summary.status).where(Summary.id == work_id))


async def _received_at() -> float:
    """When the request reached the route, before its key check and first read (which
    queue behind other requests under load): ``wait`` counts from here."""
    return time.monotonic()


@router.get("/{summary_id}", response_model=SummaryOut)
async def read_summary(
    summary_id: int,
    received_at: Annotated[float, Depends(_received_at)],
    settings: SettingsDep,
    principal: ReadDep,
    request: Request,
    wait: Annotated[
        float, Query(ge=0, le=30, description="Seconds to wait for done or failed (long-poll).")
    ] = 0,
) -> SummaryOut:
    """One summary; with ``wait`` the call returns as soon as it (or a regeneration
    under way) is done or failed."""
    deadline = received_at + min(wait, settings.max_wait_s)
    tenant = principal.tenant_id
    summary, work_id, watched = await run_in_threadpool(_read_summary, settings, tenant, summary_id)
    if watched in FINISHED or time.monotonic() >= deadline:
        return summary
    status: SummaryStatus | None = watched
    async with wait_slot(request.app, settings, principal.limit_key):
        waiter = get_waiter(request.app.state, settings.resolved_database_url)
        async with waiter.watch(work_id) as woken:
            # Look again now that we watch: it may have finished in between.
            status = await run_in_threadpool(_read_status, settings, work_id)
            while status not in FINISHED:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    await asyncio.wait_for(woken.wait(), timeout=min(left, RECHECK_S))
                except TimeoutError:
                    if time.monotonic() >= deadline:
                        # Unchanged as far as we know: answer at once with what we read,
                        # so hundreds of clients timing out together do not queue up
                        # behind each other's last read.
                        break
                woken.clear()
                status = await run_in_threadpool(_read_status, settings, work_id)
    if status != watched:
        summary, _, _ = await run_in_threadpool(_read_summary, settings, tenant, summary_id)
    return summary


@router.get("", response_model=SummaryList)
def read_summaries(
    settings: SettingsDep,
    principal: ReadDep,
    status: SummaryStatus | None = None,
    source: Line | None = None,
    tag: Line | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    cursor: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SummaryList:
    """Your summaries newest first, filtered by status, source, tag and time window."""
    with session_scope(settings.resolved_database_url) as session:
        page = list_summary_views(
            session=session,
            tenant_id=principal.tenant_id,
            status=status,
            source=source,
            tag=tag,
            created_after=created_after,
            created_before=created_before,
            cursor=cursor,
            limit=limit,
        )
        return SummaryList(
            items=[SummaryOut.of(row) for row in page.items], next_cursor=page.next_cursor
        )
