"""In-process summarizing for `briefing summarize`: one text, or a JSON Lines stream."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from service.config import Settings
from service.errors import EmptyTextError, InputError
from service.text import normalize_text

if TYPE_CHECKING:
    from workers.engines.base import Briefing, Engine


def engine_from_settings(settings: Settings) -> Engine:
    from workers.runtime import configured_engine

    return configured_engine(settings)


def _as_dict(briefing: Briefing) -> dict[str, Any]:
    return {
        "headline": briefing.headline,
        "summary": briefing.summary,
        "bullets": list(briefing.bullets),
        "chunks_read": briefing.chunks_read,
    }


def summarize_text(text: str, *, settings: Settings, bullets: int) -> dict[str, Any]:
    from workers.engines.base import ArticleInput

    clean = normalize_text(text)
    if not clean:
        raise EmptyTextError("the input holds no text")
    engine = engine_from_settings(settings)
    [briefing] = engine.summarize([ArticleInput(text=clean, bullets=bullets)])
    return {"engine": engine.name, "model": engine.model_id, **_as_dict(briefing)}


def summarize_jsonl(
    lines: Iterable[str],
    out: IO[str],
    *,
    settings: Settings,
    bullets: int,
    text_field: str,
    id_field: str,
    title_field: str,
) -> int:
    """Write one JSON object per input line, in input order, a batch at a time.

    Memory stays bounded by the batch size whatever the file size. A line that
    cannot be summarized gets an object with an ``error``; returns how many did.
    """
    from workers.engines.base import ArticleInput

    engine = engine_from_settings(settings)
    failed = 0
    for batch in _batches(enumerate(lines, start=1), settings.generation.batch_size):
        parsed = [_parse(number, line, text_field, id_field, title_field) for number, line in batch]
        good = [item for item in parsed if "error" not in item]
        inputs = [ArticleInput(text=i["text"], title=i["title"], bullets=bullets) for i in good]
        briefings = iter(engine.summarize(inputs) if inputs else [])
        for item in parsed:
            if "error" in item:
                failed += 1
                record = {"id": item["id"], "error": item["error"]}
            else:
                record = {"id": item["id"], **_as_dict(next(briefings))}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return failed


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _parse(
    number: int, line: str, text_field: str, id_field: str, title_field: str
) -> dict[str, Any]:
    row_id: Any = number
    try:
        row = json.loads(line)
        if not isinstance(row, dict):
            raise InputError(f"line {number} is not a JSON object")
        row_id = row.get(id_field, number)
        raw = row.get(text_field)
        if not isinstance(raw, str):
            raise InputError(f"line {number} has no text field {text_field!r}")
        text = normalize_text(raw)
        if not text:
            raise InputError(f"line {number}: field {text_field!r} is empty")
        title = row.get(title_field)
        return {"id": row_id, "text": text, "title": title if isinstance(title, str) else None}
    except json.JSONDecodeError as exc:
        return {"id": number, "error": f"line {number} is not valid JSON: {exc.msg}"}
    except InputError as exc:
        return {"id": row_id, "error": str(exc)}
