"""Reading summaries: one (optionally waiting for it) or a filtered page."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from service.api.deps import SettingsDep
from service.api.schemas import Line, SummaryList, SummaryOut
from service.config import Settings
from service.storage.db import session_scope
from service.storage.models import MAX_ID, SummaryStatus
from service.storage.summaries import get_summary, list_summaries

router = APIRouter(prefix="/v1/summaries", tags=["summaries"])

POLL_INTERVAL_S = 0.1
FINISHED = {SummaryStatus.done, SummaryStatus.failed}


def _read_summary(settings: Settings, summary_id: int) -> SummaryOut:
    with session_scope(settings.resolved_database_url) as session:
        return SummaryOut.of(get_summary(session=session, summary_id=summary_id))


@router.get("/{summary_id}", response_model=SummaryOut)
async def read_summary(
    summary_id: int,
    settings: SettingsDep,
    wait: Annotated[
        float, Query(ge=0, le=30, description="Seconds to wait for done or failed (long-poll).")
    ] = 0,
) -> SummaryOut:
    """One summary; with ``wait`` the call returns as soon as it is done or failed."""
    deadline = time.monotonic() + min(wait, settings.max_wait_s)
    while True:
        # Each poll is a short session in a thread, so waiting holds no connection.
        summary = await run_in_threadpool(_read_summary, settings, summary_id)
        if summary.status in FINISHED or time.monotonic() >= deadline:
            return summary
        await asyncio.sleep(POLL_INTERVAL_S)


@router.get("", response_model=SummaryList)
def read_summaries(
    settings: SettingsDep,
    status: SummaryStatus | None = None,
    source: Line | None = None,
    tag: Line | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    cursor: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SummaryList:
    """Summaries newest first, filtered by status, source, tag and time window."""
    with session_scope(settings.resolved_database_url) as session:
        page = list_summaries(
            session=session,
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
