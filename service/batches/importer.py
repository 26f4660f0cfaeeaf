"""Streaming import: NDJSON lines in, batch items and bulk-lane work out.

The body is read as it arrives and never held whole: complete lines are gathered
into chunks (``CHUNK_LINES`` lines or ``CHUNK_BYTES`` bytes, whichever comes first),
each chunk is stored and committed in one transaction and its new summaries are
dispatched, sorted by text length, to the ``bulk`` queue in tasks of
:func:`service.ingest.task_size` (for seq2seq one batched model call each). Memory is
one chunk plus one line, and a line longer than its bound is skipped as it streams
(and recorded as that line's error) instead of being buffered.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from starlette.requests import ClientDisconnect

from service.config import Settings
from service.errors import InputError
from service.ingest import PreparedArticle, _prepare, dispatch, store_articles, task_size
from service.storage.batches import add_items, reserve_lines
from service.storage.db import session_scope
from service.submissions import ArticleSubmission, SummaryOptions
from service.text import clean_line

CHUNK_LINES = 200
CHUNK_BYTES = 4_000_000
LINE_FIELDS = ("text", "html", "title", "source", "published_at", "language", "tags")
"""What a line may carry besides its ``id``; other keys are ignored."""

# Raised on purpose by a line too long to keep: stands in for its bytes.
_TOO_LONG = b"\x00too-long"


def max_line_bytes(settings: Settings) -> int:
    """A line's bound: the text limit, room for JSON escapes of non-ASCII text
    (``\\uXXXX`` is 6 bytes a character) and the line's other fields."""
    return settings.max_text_chars * 6 + 64 * 1024


@dataclass
class ImportReport:
    lines: int = 0
    refused: int = 0
    chunks: int = 0
    complete: bool = False
    """False when the client went away before the body ended."""
    dispatched: int = 0


class LineSplitter:
    """Bytes in, complete lines out, with each line bounded as it streams."""

    def __init__(self, max_line: int) -> None:
        self.max_line = max_line
        self.partial = bytearray()
        self.skipping = False

    def feed(self, data: bytes) -> list[bytes]:
        lines: list[bytes] = []
        start = 0
        while True:
            end = data.find(b"\n", start)
            if end < 0:
                break
            piece = data[start:end]
            start = end + 1
            if self.skipping:
                self.skipping = False
                lines.append(_TOO_LONG)
                continue
            if self.partial:
                self.partial += piece
                piece = bytes(self.partial)
                self.partial.clear()
            if len(piece) > self.max_line:
                lines.append(_TOO_LONG)
            elif piece.strip():
                lines.append(piece)
        if not self.skipping:
            self.partial += data[start:]
            if len(self.partial) > self.max_line:
                self.partial.clear()
                self.skipping = True
        return lines

    def finish(self) -> list[bytes]:
        """The last line when the body ends without a newline."""
        if self.skipping:
            self.skipping = False
            return [_TOO_LONG]
        rest, self.partial = bytes(self.partial), bytearray()
        return [rest] if rest.strip() else []


def _parse(raw: bytes, seq: int, settings: Settings) -> tuple[str, PreparedArticle | str]:
    """The line's input id and its prepared article, or the reason it is refused; both
    as clean text (a NUL in an id or an echoed value must not reach the database)."""
    input_id, prepared = _parse_line(raw, seq, settings)
    input_id = clean_line(input_id) or str(seq + 1)
    return input_id, clean_line(prepared) if isinstance(prepared, str) else prepared


def _parse_line(raw: bytes, seq: int, settings: Settings) -> tuple[str, PreparedArticle | str]:
    fallback_id = str(seq + 1)
    if raw is _TOO_LONG:
        return fallback_id, (
            f"the line is longer than {max_line_bytes(settings)} bytes "
            "(bounded by BRIEFING_MAX_TEXT_CHARS)"
        )
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return fallback_id, f"the line is not JSON: {exc}"
    if not isinstance(data, dict):
        return fallback_id, "the line must be a JSON object"
    raw_id = data.get("id")
    input_id = fallback_id if raw_id is None or raw_id == "" else str(raw_id)[:1000]
    if data.get("text") is None and data.get("html") is None:
        return input_id, "the line has no text (bulk lines carry text or html, not a url)"
    try:
        submission = ArticleSubmission(
            **{key: data[key] for key in LINE_FIELDS if key in data},
            options=SummaryOptions(queue="bulk"),
        )
        return input_id, _prepare(submission, settings, "", None)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'line'}: {error['msg']}"
            for error in exc.errors()
        )
        return input_id, problems
    except InputError as exc:
        return input_id, str(exc)


def store_chunk(
    *,
    settings: Settings,
    batch_id: int,
    tenant_id: int,
    lines: list[bytes],
    expected: int | None = None,
) -> tuple[list[tuple[int, str]], int, int]:
    """Store one chunk of lines in one transaction, set-based (a few statements per
    table for the whole chunk); the ``(summary id, queue)`` to run, sorted by text
    length (so each model call pads little), the number of refused lines, and the
    place the next line takes."""
    with session_scope(settings.resolved_database_url) as session:
        first = reserve_lines(
            session=session, batch_id=batch_id, count=len(lines), expected=expected
        )
        parsed = [_parse(raw, first + offset, settings) for offset, raw in enumerate(lines)]
        prepared = [p for _, p in parsed if not isinstance(p, str)]
        intakes = iter(
            store_articles(
                session=session,
                settings=settings,
                prepared=prepared,
                default_queue="bulk",
                tenant_id=tenant_id,
            )
        )
        items: list[dict[str, object]] = []
        to_run: list[tuple[int, tuple[int, str]]] = []
        for offset, (input_id, line) in enumerate(parsed):
            item = {"batch_id": batch_id, "seq": first + offset, "input_id": input_id}
            if isinstance(line, str):
                items.append({**item, "error": line})
                continue
            intake = next(intakes)
            items.append({**item, "tenant_summary_id": intake.view_id})
            if intake.needs_run:
                to_run.append((len(line.text), intake.work))
        add_items(session=session, items=items)
    refused = len(lines) - len(prepared)
    return by_length(to_run, task_size(settings)), refused, first + len(lines)


def by_length(pairs: list[tuple[int, tuple[int, str]]], batch_size: int) -> list[tuple[int, str]]:
    """``(summary id, queue)`` in groups of ``batch_size`` of similar text length (what
    ``dispatch`` sends as one task, one batched model call), each group in id order.

    Id order inside a task matters: the worker claims a task's summaries in its
    order in one transaction while the API marks them dispatched in one UPDATE
    (which PostgreSQL walks in id order); locking in two orders deadlocked.
    """
    pairs = sorted(pairs, key=lambda pair: pair[0])
    ordered: list[tuple[int, str]] = []
    for start in range(0, len(pairs), batch_size):
        ordered.extend(sorted((work for _, work in pairs[start : start + batch_size])))
    return ordered


async def import_stream(
    stream: AsyncIterator[bytes],
    *,
    settings: Settings,
    batch_id: int,
    tenant_id: int,
    run: Callable[..., Any],
    offset: int | None = None,
) -> ImportReport:
    """Read ``stream`` to its end, storing and dispatching a chunk at a time.

    ``run(fn, *args, **kwargs)`` runs blocking work off the event loop (the API
    passes starlette's ``run_in_threadpool``). If the stream breaks (the client went
    away), the complete lines received so far are kept and ``complete`` is False.
    With ``offset``, the lines must go in at that place (see ``reserve_lines``); each
    later chunk must follow this upload's previous one.
    """
    report = ImportReport()
    splitter = LineSplitter(max_line_bytes(settings))
    pending: list[bytes] = []
    pending_bytes = 0
    expected = offset

    async def flush() -> None:
        nonlocal pending, pending_bytes, expected
        if not pending:
            return
        lines, pending, pending_bytes = pending, [], 0
        summaries, refused, expected = await run(
            store_chunk,
            settings=settings,
            batch_id=batch_id,
            tenant_id=tenant_id,
            lines=lines,
            expected=expected,
        )
        report.lines += len(lines)
        report.refused += refused
        report.chunks += 1
        if summaries:
            await run(dispatch, settings, summaries)
            report.dispatched += len(summaries)

    try:
        async for data in stream:
            for line in splitter.feed(data):
                pending.append(line)
                pending_bytes += len(line)
                if len(pending) >= CHUNK_LINES or pending_bytes >= CHUNK_BYTES:
                    await flush()
    except ClientDisconnect:
        await flush()  # keep what came whole; the cut line is dropped
        return report
    pending.extend(splitter.finish())
    await flush()
    report.complete = True
    return report
