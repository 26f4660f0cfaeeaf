from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli.main import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BRIEFING_ENGINE", raising=False)
    monkeypatch.delenv("BRIEFING_MODEL", raising=False)


def test_summarize_a_file_as_json(tmp_path: Path, sample_article_text: str) -> None:
    article = tmp_path / "article.txt"
    article.write_text(sample_article_text, encoding="utf-8")
    result = runner.invoke(
        app, ["summarize", str(article), "--engine", "extractive", "--bullets", "4", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["engine"] == "extractive"
    assert len(body["bullets"]) == 4 and body["headline"] and body["summary"]


def test_summarize_reads_standard_input() -> None:
    text = "The bridge reopened on Monday after repairs. Traffic returned to normal by noon."
    result = runner.invoke(app, ["summarize", "-", "--engine", "extractive"], input=text)
    assert result.exit_code == 0, result.output
    assert "- The bridge reopened on Monday after repairs." in result.output


def test_summarize_jsonl_writes_one_object_per_line_in_order(tmp_path: Path) -> None:
    lines = [
        json.dumps({"key": "a", "body": "Rain closed the schools on Tuesday. Parents were told."}),
        "not json",
        json.dumps({"key": "c", "body": ""}),
        json.dumps({"key": "d", "body": "The port handled record cargo. Exports rose sharply."}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "summarize",
            str(source),
            "--jsonl",
            "--text-field",
            "body",
            "--id-field",
            "key",
            "--engine",
            "extractive",
            "--bullets",
            "2",
        ],
    )
    assert result.exit_code == 3  # some lines failed
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, "c", "d"]
    assert "headline" in records[0] and "headline" in records[3]
    assert "not valid JSON" in records[1]["error"]
    assert "empty" in records[2]["error"]


def test_a_missing_model_fails_fast_saying_what_to_set(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Some text.", encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(
        app, ["summarize", str(article), "--engine", "seq2seq", "--model", "no-org/no-model"]
    )
    assert time.monotonic() - started < 15
    assert result.exit_code == 2
    assert "BRIEFING_MODEL" in result.output and "no-org/no-model" in result.output
    missing_dir = runner.invoke(
        app, ["worker", "--engine", "seq2seq", "--model", str(tmp_path / "nothing")]
    )
    assert missing_dir.exit_code == 2 and "BRIEFING_MODEL" in missing_dir.output


def test_a_missing_headline_parser_stops_the_extractive_engine_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_HEADLINE_PARSER", "no_such_pipeline")
    article = tmp_path / "a.txt"
    article.write_text("Some text.", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(article), "--engine", "extractive"])
    assert result.exit_code == 2
    assert "BRIEFING_HEADLINE_PARSER" in result.output and "no_such_pipeline" in result.output


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "briefing.db").is_file()


def test_eval_scores_the_engine_beside_lead_baselines(tmp_path: Path) -> None:
    rows = [
        {
            "document": (
                "Floods closed the main road on Monday. Residents were moved to the school. "
                "The river rose two metres overnight. Officials expect more rain this week."
            ),
            "summary": "Floods closed the main road and residents were moved to a school.",
            "title": "Floods close main road",
        },
        {
            "document": (
                "The club signed a new striker on Friday. He joins from a rival team. "
                "The fee was not disclosed. Fans welcomed the news online."
            ),
            "summary": "The club signed a striker from a rival team for an undisclosed fee.",
            "title": "Club signs new striker",
        },
    ]
    dataset = tmp_path / "dev.jsonl"
    dataset.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["eval", str(dataset), "--engine", "extractive", "--article-field", "document", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["count"] == 2 and report["fields"]["reference"] == "summary"
    for system in ("summary", "bullets", "lead3", "lead1", "headline", "lead_headline"):
        assert 0 < report[system]["rouge1"] <= 100, system
    assert report["articles_per_second"] > 0
    missing = runner.invoke(
        app, ["eval", str(dataset), "--engine", "extractive", "--article-field", "body"]
    )
    assert missing.exit_code == 2 and "body" in missing.output
