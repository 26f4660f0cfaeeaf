"""Bulk jobs: stream lines in, watch progress, stream results out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from service.api.deps import SettingsDep
from service.api.security import ACCESS_RESPONSES, ReadDep, SubmitDep
from service.batches.export import iter_result_lines
from service.batches.importer import by_length, import_stream
from service.batches.progress import Progress, read_progress
from service.config import Settings
from service.errors import ConflictError
from service.ingest import dispatch, task_size
from service.storage.batches import close_batch, create_batch, get_batch, requeue_failed
from service.storage.db import session_scope
from service.storage.models import BatchStatus

router = APIRouter(prefix="/v1/batches", tags=["batches"], responses=ACCESS_RESPONSES)

NDJSON = "application/x-ndjson"
_LINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "One article a line; other keys are ignored.",
    "properties": {
        "id": {"type": "string", "description": "Your id for the line; default its place."},
        "text": {"type": "string"},
        "html": {"type": "string"},
        "title": {"type": "string"},
        "source": {"type": "string"},
        "language": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
_STREAMED_BODY: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "description": "NDJSON, streamed: any size (no BRIEFING_MAX_BODY_BYTES); each line "
        "at most BRIEFING_MAX_TEXT_CHARS of text. A refused line becomes that line's error.",
        "content": {NDJSON: {"schema": _LINE_SCHEMA}},
    }
}
_RESULTS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "NDJSON, one line per input line in input order: id, status, "
        "headline, summary, bullets, error.",
        "content": {NDJSON: {"schema": {"type": "string"}}},
    }
}
_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "description": "The batch is closed, or `offset` is not the lines it holds.",
        "content": {"application/problem+json": {"schema": {"type": "object"}}},
    }
}


class BatchCounts(BaseModel):
    total: int = Field(description="Lines received.")
    queued: int
    running: int
    done: int
    failed: int = Field(description="Summaries that failed, and lines refused on arrival.")


class BatchOut(BaseModel):
    id: int
    status: BatchStatus
    counts: BatchCounts
    rate_per_s: float = Field(description="Lines finished per second so far.")
    eta_s: float | None = Field(description="Seconds left at that rate; null when unknown.")
    location: str = Field(description="Where the batch reads back.")

    @classmethod
    def of(cls, progress: Progress) -> BatchOut:
        counts = progress.counts
        return cls(
            id=progress.id,
            status=progress.status,
            counts=BatchCounts(
                total=counts.total,
                queued=counts.queued,
                running=counts.running,
                done=counts.done,
                failed=counts.failed,
            ),
            rate_per_s=progress.rate_per_s,
            eta_s=progress.eta_s,
            location=f"/v1/batches/{progress.id}",
        )


class Retried(BaseModel):
    retried: int = Field(description="Failed summaries queued again.")


def _progress(settings: Settings, tenant_id: int, batch_id: int) -> BatchOut:
    with session_scope(settings.resolved_database_url) as session:
        return BatchOut.of(read_progress(session=session, tenant_id=tenant_id, batch_id=batch_id))


def _new_batch(settings: Settings, tenant_id: int) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return create_batch(session=session, tenant_id=tenant_id).id


def _check_open(settings: Settings, tenant_id: int, batch_id: int, offset: int | None) -> None:
    with session_scope(settings.resolved_database_url) as session:
        batch = get_batch(session=session, tenant_id=tenant_id, batch_id=batch_id)
        if batch.closed_at is not None:
            raise ConflictError(f"batch {batch_id} is closed: it accepts no more lines")
        if offset is not None and offset != batch.received:
            raise ConflictError(
                f"batch {batch_id} holds {batch.received} lines, not {offset}: "
                f"send from line {batch.received + 1} on with offset={batch.received}"
            )


def _close(settings: Settings, batch_id: int) -> None:
    with session_scope(settings.resolved_database_url) as session:
        close_batch(session=session, batch_id=batch_id)


async def _receive(
    request: Request,
    settings: Settings,
    tenant_id: int,
    batch_id: int,
    close: bool,
    offset: int | None,
) -> BatchOut:
    report = await import_stream(
        request.stream(),
        settings=settings,
        batch_id=batch_id,
        tenant_id=tenant_id,
        run=run_in_threadpool,
        offset=offset,
    )
    if close and report.complete:
        await run_in_threadpool(_close, settings, batch_id)
    return await run_in_threadpool(_progress, settings, tenant_id, batch_id)


CloseQuery = Annotated[
    bool,
    Query(description="Stop accepting lines once this body ends (false: more will follow)."),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=BatchOut,
    openapi_extra=_STREAMED_BODY,
)
async def create_batch_job(
    request: Request, settings: SettingsDep, principal: SubmitDep, close: CloseQuery = True
) -> BatchOut:
    """Start a batch from an NDJSON body streamed in; ``close=false`` to append later."""
    batch_id = await run_in_threadpool(_new_batch, settings, principal.tenant_id)
    return await _receive(request, settings, principal.tenant_id, batch_id, close, 0)


@router.post(
    "/{batch_id}/items", response_model=BatchOut, responses=_CONFLICT, openapi_extra=_STREAMED_BODY
)
async def add_batch_items(
    batch_id: int,
    request: Request,
    settings: SettingsDep,
    principal: SubmitDep,
    close: CloseQuery = True,
    offset: Annotated[
        int | None,
        Query(ge=0, description="The lines you know the batch holds (409 if it holds other)."),
    ] = None,
) -> BatchOut:
    """Append NDJSON lines to a batch still accepting them (a resumed upload)."""
    await run_in_threadpool(_check_open, settings, principal.tenant_id, batch_id, offset)
    return await _receive(request, settings, principal.tenant_id, batch_id, close, offset)


@router.get("/{batch_id}", response_model=BatchOut)
def read_batch(batch_id: int, settings: SettingsDep, principal: ReadDep) -> BatchOut:
    """A batch's state, its lines counted by status, its rate and time left."""
    return _progress(settings, principal.tenant_id, batch_id)


def _owned(settings: Settings, tenant_id: int, batch_id: int) -> None:
    with session_scope(settings.resolved_database_url) as session:
        get_batch(session=session, tenant_id=tenant_id, batch_id=batch_id)


@router.get("/{batch_id}/results", response_class=StreamingResponse, responses=_RESULTS)
def read_batch_results(
    batch_id: int, settings: SettingsDep, principal: ReadDep
) -> StreamingResponse:
    """Every line's result as NDJSON, in input order (unfinished lines without one)."""
    _owned(settings, principal.tenant_id, batch_id)
    return StreamingResponse(iter_result_lines(settings, batch_id), media_type=NDJSON)


@router.get("/{batch_id}/failures", response_class=StreamingResponse, responses=_RESULTS)
def read_batch_failures(
    batch_id: int, settings: SettingsDep, principal: ReadDep
) -> StreamingResponse:
    """The failed lines as NDJSON, in input order, each with its error."""
    _owned(settings, principal.tenant_id, batch_id)
    return StreamingResponse(
        iter_result_lines(settings, batch_id, failed_only=True), media_type=NDJSON
    )


@router.post("/{batch_id}/retry-failed", response_model=Retried)
def retry_failed(batch_id: int, settings: SettingsDep, principal: SubmitDep) -> Retried:
    """Queue the batch's failed summaries again (lines refused on arrival stay failed)."""
    with session_scope(settings.resolved_database_url) as session:
        get_batch(session=session, tenant_id=principal.tenant_id, batch_id=batch_id)
        pairs = requeue_failed(session=session, batch_id=batch_id)
    summaries = by_length(
        [(length, (summary_id, "bulk")) for summary_id, length in pairs],
        task_size(settings),
    )
    dispatch(settings, summaries)
    return Retried(retried=len(pairs))
