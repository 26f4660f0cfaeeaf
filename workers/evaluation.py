"""Measure an engine against reference summaries in a JSON Lines file.

For each row the engine briefs the article; its summary and its bullets are scored
against the reference summary, and its headline against the row's title, with ROUGE
F1 (the ``rouge-score`` package, Porter stemming on). Lead-3 and Lead-1 (the first
sentences of the article) and a lead headline (the first ten words of the lead
sentence) are scored in the same pass on the same rows, so the figures compare.

The engine sees only the article text, never the title, since the title is the
reference its headline is scored against. The engine's *summary* is the primary
figure: it is the text a reader gets as "the summary", and its 2-3 sentences are the
length Lead-3 stands for. Bullets are reported beside it.

Every mean comes with a bootstrap 95% confidence interval (rouge-score's
``BootstrapAggregator``, 1,000 resamples of the rows), so a change can be told from
noise, and with two faithfulness counts (:mod:`workers.engines.checks`): outputs that
state a number the article does not write as such, and outputs whose quotation marks
do not balance.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from service.errors import InputError
from service.text.sentences import split_sentences
from workers.engines.base import ArticleInput, Briefing, Engine
from workers.engines.checks import quotes_balanced, unsourced_numbers

ARTICLE_FIELDS = ("article", "document", "text")
REFERENCE_FIELDS = ("summary", "summary_extractive", "highlights", "reference")
TITLE_FIELDS = ("title", "headline")
LEAD_HEADLINE_WORDS = 10
BATCH_SIZE = 16
_ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
# Reference summaries made by joining sentences sometimes lose the space between them
# ("year-earlier.The firm"); Lsum needs them apart.
_GLUED = re.compile(r"(?<=[a-z0-9%)\"'”’][.!?])(?=[A-Z“\"])")


class DatasetError(InputError):
    """A dataset row is not valid JSON or lacks a field; the message names the line."""


@dataclass(frozen=True)
class RougeScores:
    """Mean ROUGE F1 over the rows, in points (0-100)."""

    rouge1: float
    rouge2: float
    rougeLsum: float


@dataclass(frozen=True)
class EvalReport:
    """What :func:`evaluate` measured; ``headline`` fields are None without titles."""

    path: str
    engine: str
    count: int
    summary: RougeScores
    bullets: RougeScores
    lead3: RougeScores
    lead1: RougeScores
    headline: RougeScores | None
    lead_headline: RougeScores | None
    articles_per_second: float
    engine_seconds: float
    bullets_requested: int
    fields: dict[str, str | None]
    intervals: dict[str, dict[str, tuple[float, float]]]
    """System -> ROUGE type -> (low, high) of the bootstrap 95% confidence interval."""
    checks: dict[str, dict[str, int]]
    """Output kind -> {"items", "unsourced_numbers", "unbalanced_quotes"} counts."""


@dataclass(frozen=True)
class _Row:
    line: int
    article: str
    reference: str
    title: str | None


class _Accumulator:
    """Running sums of ROUGE F1 for one system, and its bootstrap interval."""

    def __init__(self) -> None:
        from rouge_score.scoring import BootstrapAggregator

        self.sums = dict.fromkeys(_ROUGE_TYPES, 0.0)
        self.count = 0
        self.bootstrap = BootstrapAggregator(confidence_interval=0.95, n_samples=1000)

    def add(self, scores: dict[str, object]) -> None:
        for key in _ROUGE_TYPES:
            self.sums[key] += scores[key].fmeasure  # type: ignore[attr-defined]
        self.bootstrap.add_scores({key: scores[key] for key in _ROUGE_TYPES})
        self.count += 1

    def mean(self) -> RougeScores:
        n = max(self.count, 1)
        return RougeScores(*(round(100 * self.sums[k] / n, 2) for k in _ROUGE_TYPES))

    def interval(self) -> dict[str, tuple[float, float]]:
        if not self.count:
            return {}
        aggregate = self.bootstrap.aggregate()
        return {
            key: (
                round(100 * aggregate[key].low.fmeasure, 2),
                round(100 * aggregate[key].high.fmeasure, 2),
            )
            for key in _ROUGE_TYPES
        }


class _Checks:
    """Counts of outputs that fail a faithfulness check, per output kind."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, kind: str, texts: Sequence[str], source: str) -> None:
        counts = self.counts.setdefault(
            kind, {"items": 0, "unsourced_numbers": 0, "unbalanced_quotes": 0}
        )
        for text in texts:
            counts["items"] += 1
            counts["unsourced_numbers"] += bool(unsourced_numbers(text, source))
            counts["unbalanced_quotes"] += not quotes_balanced(text)


def evaluate(
    path: str | Path,
    engine: Engine,
    *,
    limit: int | None = None,
    article_field: str | None = None,
    reference_field: str | None = None,
    title_field: str | None = None,
    bullets: int = 5,
) -> EvalReport:
    """Run ``engine`` over the JSON Lines file at ``path`` and score it with ROUGE.

    A field left as None is found in the first row, trying in turn ``ARTICLE_FIELDS``,
    ``REFERENCE_FIELDS`` and ``TITLE_FIELDS`` (no title: no headline scores). Raises
    :class:`DatasetError` naming the line and field when a row lacks one, or when the
    file holds no rows.
    """
    from rouge_score import rouge_scorer  # slow to import; only evaluation needs it

    scorer = rouge_scorer.RougeScorer(list(_ROUGE_TYPES), use_stemmer=True)
    systems = {k: _Accumulator() for k in ("summary", "bullets", "lead3", "lead1")}
    headline, lead_headline = _Accumulator(), _Accumulator()
    checks = _Checks()
    engine_seconds = 0.0
    fields = _resolve_fields(Path(path), article_field, reference_field, title_field)
    for batch in _batches(_read_rows(Path(path), limit, fields), BATCH_SIZE):
        # The title is withheld: it is the reference for the headline.
        inputs = [ArticleInput(r.article, bullets=bullets) for r in batch]
        started = time.perf_counter()
        briefings = engine.summarize(inputs)
        engine_seconds += time.perf_counter() - started
        for row, briefing in zip(batch, briefings, strict=True):
            _score_row(scorer, row, briefing, systems, headline, lead_headline)
            checks.add("headline", [briefing.headline], row.article)
            checks.add("summary", [briefing.summary], row.article)
            checks.add("bullets", briefing.bullets, row.article)
    count = systems["summary"].count
    if count == 0:
        raise DatasetError(f"{path}: no rows to evaluate")
    has_titles = headline.count > 0
    return EvalReport(
        path=str(path),
        engine=engine.name,
        count=count,
        summary=systems["summary"].mean(),
        bullets=systems["bullets"].mean(),
        lead3=systems["lead3"].mean(),
        lead1=systems["lead1"].mean(),
        headline=headline.mean() if has_titles else None,
        lead_headline=lead_headline.mean() if has_titles else None,
        articles_per_second=round(count / engine_seconds, 1) if engine_seconds else 0.0,
        engine_seconds=round(engine_seconds, 3),
        bullets_requested=bullets,
        fields=fields,
        intervals={
            name: accumulator.interval()
            for name, accumulator in (
                *systems.items(),
                ("headline", headline),
                ("lead_headline", lead_headline),
            )
            if accumulator.count
        },
        checks=checks.counts,
    )


def _score_row(
    scorer: object,
    row: _Row,
    briefing: Briefing,
    systems: dict[str, _Accumulator],
    headline: _Accumulator,
    lead_headline: _Accumulator,
) -> None:
    score = scorer.score  # type: ignore[attr-defined]
    reference = _lines(row.reference)
    lead = [s.text for s in split_sentences(row.article)]
    systems["summary"].add(score(reference, _lines(briefing.summary)))
    systems["bullets"].add(score(reference, "\n".join(briefing.bullets)))
    systems["lead3"].add(score(reference, "\n".join(lead[:3])))
    systems["lead1"].add(score(reference, "\n".join(lead[:1])))
    if row.title is not None:
        headline.add(score(row.title, briefing.headline))
        first_words = " ".join(lead[0].split()[:LEAD_HEADLINE_WORDS]) if lead else ""
        lead_headline.add(score(row.title, first_words))


def _lines(text: str) -> str:
    """One sentence per line, as ROUGE-Lsum expects."""
    return "\n".join(s.text for s in split_sentences(_GLUED.sub(" ", text)))


def _resolve_fields(
    path: Path, article: str | None, reference: str | None, title: str | None
) -> dict[str, str | None]:
    """Field names to read: the explicit ones, else the first candidate in the first row."""
    first = next(_records(path), None)
    record = first[1] if first else {}
    return {
        "article": article or _first_present(record, ARTICLE_FIELDS),
        "reference": reference or _first_present(record, REFERENCE_FIELDS),
        "title": title or _first_present(record, TITLE_FIELDS),
    }


def _records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """Stream ``(line number, object)`` pairs, one JSON object per non-blank line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise DatasetError(f"{path}:{number}: expected a JSON object per line")
            yield number, record


def _read_rows(path: Path, limit: int | None, fields: dict[str, str | None]) -> Iterator[_Row]:
    for produced, (number, record) in enumerate(_records(path)):
        if limit is not None and produced >= limit:
            return
        yield _Row(
            line=number,
            article=_field(record, fields["article"], "article", path, number),
            reference=_field(record, fields["reference"], "reference", path, number),
            title=(
                _field(record, fields["title"], "title", path, number) if fields["title"] else None
            ),
        )


def _first_present(record: dict[str, object], candidates: Sequence[str]) -> str | None:
    return next((name for name in candidates if isinstance(record.get(name), str)), None)


def _field(record: dict[str, object], name: str | None, role: str, path: Path, line: int) -> str:
    if name is None:
        raise DatasetError(
            f"{path}:{line}: no {role} field found; pass --{role}-field "
            f"(keys here: {', '.join(sorted(record))})"
        )
    value = record.get(name)
    if not isinstance(value, str):
        raise DatasetError(f"{path}:{line}: field {name!r} ({role}) is missing or not text")
    return value


def _batches(rows: Iterator[_Row], size: int) -> Iterator[list[_Row]]:
    batch: list[_Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def report_to_dict(report: EvalReport) -> dict[str, object]:
    """The report as plain JSON-ready data (for ``--json``)."""
    return asdict(report)


def format_report(report: EvalReport) -> str:
    """A readable table of the report."""
    rows: list[tuple[str, str, RougeScores | None]] = [
        ("summary (engine, primary)", "summary", report.summary),
        (f"bullets (engine, {report.bullets_requested})", "bullets", report.bullets),
        ("lead-3", "lead3", report.lead3),
        ("lead-1", "lead1", report.lead1),
        ("headline vs title (engine)", "headline", report.headline),
        (
            f"headline vs title (lead {LEAD_HEADLINE_WORDS} words)",
            "lead_headline",
            report.lead_headline,
        ),
    ]
    width = max(len(name) for name, _, _ in rows)
    column = 21
    lines = [
        f"{report.path}: engine {report.engine}, {report.count} articles, "
        f"{report.articles_per_second} articles/s",
        f"{'ROUGE F1, mean (bootstrap 95% CI)':<{width}}  "
        + "".join(f"{name:>{column}}" for name in ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum")),
    ]
    for name, key, scores in rows:
        if scores is None:
            continue
        interval = report.intervals.get(key, {})
        cells = [
            _cell(value, interval.get(rouge))
            for rouge, value in zip(_ROUGE_TYPES, asdict(scores).values(), strict=True)
        ]
        lines.append(f"{name:<{width}}  " + "".join(f"{cell:>{column}}" for cell in cells))
    if report.headline is None:
        lines.append("(no titles in the data: headline not scored)")
    lines.append("")
    lines.append(
        f"{'checks (outputs failing / outputs)':<{width}}  "
        f"{'number not in source':>{column}}{'unbalanced quotes':>{column}}"
    )
    for kind, counts in report.checks.items():
        total = counts["items"]
        numbers = f"{counts['unsourced_numbers']} / {total}"
        quotes = f"{counts['unbalanced_quotes']} / {total}"
        lines.append(f"{kind:<{width}}  {numbers:>{column}}{quotes:>{column}}")
    return "\n".join(lines)


def _cell(value: float, interval: tuple[float, float] | None) -> str:
    if interval is None:
        return f"{value:.2f}"
    return f"{value:.2f} ({interval[0]:.2f}-{interval[1]:.2f})"
