"""The streaming import: bounded lines, chunks stored while the body still arrives."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import func, select

from service.batches.importer import CHUNK_LINES, LineSplitter, import_stream
from service.config import Settings
from service.storage.batches import create_batch
from service.storage.db import session_scope
from service.storage.models import BatchItem, Summary
from service.storage.tenants import get_or_create_tenant


def test_the_splitter_bounds_lines_as_they_stream() -> None:
    splitter = LineSplitter(max_line=10)
    assert splitter.feed(b'{"a":1}\n{"b"') == [b'{"a":1}']
    assert splitter.feed(b":2}\n\n  \n") == [b'{"b":2}']  # blank lines are not lines
    # A line past the bound is dropped while it streams, never held whole.
    assert splitter.feed(b"x" * 8) == []
    assert splitter.feed(b"y" * 8) == [] and not splitter.partial and splitter.skipping
    [too_long, last] = splitter.feed(b"zzz\n{}\n")
    assert too_long != b"{}" and last == b"{}"
    assert splitter.feed(b'{"end":1}') == []
    assert splitter.finish() == [b'{"end":1}']


async def _direct(fn: Any, *args: Any, **kwargs: Any) -> Any:
    return fn(*args, **kwargs)


def _count(settings: Settings, table: Any) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_rows_are_stored_a_chunk_at_a_time_while_the_stream_is_open(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        tenant = get_or_create_tenant(session=session, name="archive")
        batch = create_batch(session=session, tenant_id=tenant.id)
        batch_id, tenant_id = batch.id, tenant.id
    lines = 3 * CHUNK_LINES + 7
    seen: list[tuple[int, int]] = []

    async def body() -> AsyncIterator[bytes]:
        for n in range(lines):
            if n % CHUNK_LINES == 0:
                seen.append((_count(settings, BatchItem), _count(settings, Summary)))
            text = f"Story number {n} tells of the harbour and the ships that came in."
            yield json.dumps({"id": f"s{n}", "text": text}).encode() + b"\n"

    report = asyncio.run(
        import_stream(
            body(), settings=settings, batch_id=batch_id, tenant_id=tenant_id, run=_direct
        )
    )
    # Each chunk was stored (and its summaries created) before the next lines arrived:
    # the import holds one chunk, not the body.
    assert seen == [(k * CHUNK_LINES, k * CHUNK_LINES) for k in range(4)]
    assert report.complete and report.lines == lines and report.chunks == 4
    assert report.dispatched == lines
    assert _count(settings, BatchItem) == lines


def test_a_broken_stream_keeps_the_whole_lines_received(settings: Settings) -> None:
    from starlette.requests import ClientDisconnect

    with session_scope(settings.resolved_database_url) as session:
        tenant = get_or_create_tenant(session=session, name="archive")
        batch = create_batch(session=session, tenant_id=tenant.id)
        batch_id, tenant_id = batch.id, tenant.id

    async def body() -> AsyncIterator[bytes]:
        yield b'{"id": "1", "text": "A whole first line about the town."}\n'
        yield b'{"id": "2", "text": "A line cut in'
        raise ClientDisconnect()

    report = asyncio.run(
        import_stream(
            body(), settings=settings, batch_id=batch_id, tenant_id=tenant_id, run=_direct
        )
    )
    assert not report.complete and report.lines == 1
    with session_scope(settings.resolved_database_url) as session:
        items = session.scalars(select(BatchItem)).all()
        assert [(i.seq, i.input_id, i.error) for i in items] == [(0, "1", None)]


def test_work_goes_out_in_groups_of_similar_length_each_in_id_order() -> None:
    from service.batches.importer import by_length

    lengths = {1: 900, 2: 10, 3: 500, 4: 20, 5: 910, 6: 15}
    pairs = [(length, (i, "bulk")) for i, length in lengths.items()]
    ids = [summary_id for summary_id, _ in by_length(pairs, batch_size=2)]
    # Groups by length: {2, 6} shortest, then {4, 3}, then {1, 5}; ids ascending in each.
    assert ids == [2, 6, 3, 4, 1, 5]


def test_nul_and_lone_surrogates_in_ids_and_refusals_are_stored_clean() -> None:
    from service.batches.importer import _parse
    from service.config import Settings

    line = b'{"id": "a\\u0000b\\ud800", "text": null, "html": null}'
    input_id, refusal = _parse(line, 0, Settings())
    assert input_id == "ab" and isinstance(refusal, str) and "\x00" not in refusal
    broken = b'{"id": "\\u0000"'
    input_id, refusal = _parse(broken, 6, Settings())
    assert (
        input_id == "7" and isinstance(refusal, str) and refusal.startswith("the line is not JSON")
    )
