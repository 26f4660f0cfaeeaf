"""Reading an archive to submit, one record at a time: JSON Lines, CSV or Parquet.

Nothing here reads a file whole: JSON Lines and CSV go line by line, Parquet a
record batch at a time, so the CLI's memory does not grow with the file.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from service.errors import InputError

SourceFormat = Literal["jsonl", "csv", "parquet"]
_SUFFIXES: dict[str, SourceFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def source_format(path: Path) -> SourceFormat:
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"{path.name}: cannot tell the format from its name; use .jsonl, .csv or .parquet"
        ) from None


def read_records(path: Path, fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """The file's records in order (for Parquet only ``fields`` are read)."""
    fmt = source_format(path)
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    # Sent on as a line without text: the batch records it as that
                    # line's error, and the places of the lines after it stay right.
                    record = None
                yield record if isinstance(record, dict) else {}
    elif fmt == "csv":
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts are long cells
        with path.open(encoding="utf-8", newline="") as rows:
            yield from csv.DictReader(rows)
    else:
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        present = [name for name in fields if name in parquet.schema_arrow.names]
        for batch in parquet.iter_batches(batch_size=1024, columns=present):
            yield from batch.to_pylist()


def to_line(
    record: dict[str, Any], index: int, *, text_field: str, id_field: str, title_field: str
) -> bytes:
    """The NDJSON line the API takes; a record without an id gets its 1-based place."""
    raw_id = record.get(id_field)
    line: dict[str, Any] = {
        "id": str(index + 1) if raw_id is None or raw_id == "" else str(raw_id),
        "text": record.get(text_field),
    }
    title = record.get(title_field)
    if title not in (None, ""):
        line["title"] = str(title)
    return json.dumps(line, ensure_ascii=False).encode() + b"\n"
