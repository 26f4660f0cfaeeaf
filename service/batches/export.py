"""Results out: NDJSON pages read in input order, and the CLI's file formats.

Both sides stream: the API reads ``PAGE`` lines at a time by keyset (``seq``), and
the writers below write row by row (Parquet a row group at a time), so exporting
a huge batch holds one page, never the whole batch.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from service.config import Settings
from service.storage.batches import list_results
from service.storage.db import session_scope

PAGE = 500
EXPORT_FIELDS = ("id", "headline", "summary", "bullets", "error")


def iter_result_lines(
    settings: Settings, batch_id: int, *, failed_only: bool = False
) -> Iterator[bytes]:
    """Every line's result as NDJSON, in input order (a short session per page)."""
    after = -1
    while True:
        with session_scope(settings.resolved_database_url) as session:
            page = list_results(
                session=session,
                batch_id=batch_id,
                after_seq=after,
                limit=PAGE,
                failed_only=failed_only,
            )
        if not page:
            return
        yield b"".join(
            json.dumps(item.as_dict(), ensure_ascii=False).encode() + b"\n" for item in page
        )
        after = page[-1].seq


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    count = 0
    for row in rows:
        line = {key: row.get(key) for key in EXPORT_FIELDS}
        out.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One row per input; the bullets in one cell, one bullet per line."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    count = 0
    for row in rows:
        line = {key: row.get(key) for key in EXPORT_FIELDS}
        line["bullets"] = "\n".join(row.get("bullets") or [])
        writer.writerow(line)
        count += 1
    return count


def write_parquet(rows: Iterable[dict[str, Any]], out: IO[bytes], group: int = 2000) -> int:
    """A row group per ``group`` rows; bullets as a list of strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("headline", pa.string()),
            ("summary", pa.string()),
            ("bullets", pa.list_(pa.string())),
            ("error", pa.string()),
        ]
    )
    count = 0
    buffer: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, schema) as writer:
        for row in rows:
            buffer.append({key: row.get(key) for key in EXPORT_FIELDS})
            if len(buffer) >= group:
                writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
                count += len(buffer)
                buffer = []
        if buffer or not count:
            writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
            count += len(buffer)
    return count
