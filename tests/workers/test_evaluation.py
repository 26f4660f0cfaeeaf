"""Evaluation over a small JSON Lines excerpt, with baselines and clear field errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workers.engines.extractive import ExtractiveEngine
from workers.evaluation import DatasetError, evaluate, format_report, report_to_dict

EXCERPT = Path(__file__).resolve().parents[1] / "data" / "eval_excerpt.jsonl"


@pytest.fixture(scope="module")
def engine() -> ExtractiveEngine:
    return ExtractiveEngine()


def test_scores_engine_and_baselines_on_the_same_rows(engine: ExtractiveEngine) -> None:
    report = evaluate(EXCERPT, engine, limit=3)
    assert report.count == 3
    assert report.fields == {
        "article": "article",
        "reference": "summary_extractive",
        "title": "title",
    }
    for scores in (report.summary, report.bullets, report.lead3, report.lead1):
        assert 0 < scores.rouge2 <= scores.rouge1 <= 100
    assert report.headline is not None and report.lead_headline is not None
    assert report.articles_per_second > 0
    # Lead-3 holds Lead-1, and extractive references are made of article sentences.
    assert report.lead3.rouge1 > report.lead1.rouge1


def test_report_renders_as_table_and_json(engine: ExtractiveEngine) -> None:
    report = evaluate(EXCERPT, engine, limit=2)
    table = format_report(report)
    for label in ("summary (engine, primary)", "lead-3", "lead-1", "headline vs title"):
        assert label in table
    data = json.loads(json.dumps(report_to_dict(report)))
    assert data["count"] == 2
    assert set(data["lead3"]) == {"rouge1", "rouge2", "rougeLsum"}


def test_document_field_and_no_title(engine: ExtractiveEngine, tmp_path: Path) -> None:
    path = tmp_path / "xsum_like.jsonl"
    rows = [
        {
            "document": "Rates rose again in London today. Traders were calm. Markets held.",
            "summary": "Interest rates rose in London.",
        },
        {
            "document": "The club sacked its manager after a run of defeats. Fans cheered.",
            "summary": "A football club has sacked its manager.",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    report = evaluate(path, engine)
    assert report.count == 2
    assert report.headline is None
    assert "no titles" in format_report(report)


def test_missing_field_names_field_and_line(engine: ExtractiveEngine, tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(
        json.dumps({"article": "A cat sat on the mat all day.", "summary": "A cat sat."})
        + "\n"
        + json.dumps({"article": "No summary in this row at all."})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError, match=r"broken\.jsonl:2: .*'summary'"):
        evaluate(path, engine)


def test_explicit_field_wins_and_is_required(engine: ExtractiveEngine) -> None:
    with pytest.raises(DatasetError, match=r":1: field 'body'"):
        evaluate(EXCERPT, engine, article_field="body")


def test_invalid_json_is_reported_with_its_line(engine: ExtractiveEngine, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"article": "x y z w v.", "summary": "x."}\n{oops\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad\.jsonl:2: not valid JSON"):
        evaluate(path, engine)


def test_report_has_bootstrap_intervals_and_checks(engine: ExtractiveEngine) -> None:
    report = evaluate(EXCERPT, engine, limit=3)
    for system in ("summary", "bullets", "lead3", "lead1", "headline"):
        mean = getattr(report, system)
        for rouge, (low, high) in report.intervals[system].items():
            assert low <= getattr(mean, rouge) + 0.01 and getattr(mean, rouge) <= high + 0.01
    assert 3 <= report.checks["bullets"]["items"] <= 3 * report.bullets_requested
    assert report.checks["headline"] == {"items": 3, "unsourced_numbers": 0, "unbalanced_quotes": 0}
    table = format_report(report)
    assert "number not in source" in table and "unbalanced quotes" in table
    assert "95% CI" in table
