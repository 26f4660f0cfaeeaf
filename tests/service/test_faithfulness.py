"""Faithfulness flags: each kind of unsupported claim is flagged, supported ones are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.text.faithfulness import check, check_many

SOURCE = (
    "NATO’s new Secretary General, Mark Rutte, said on Tuesday that he would keep "
    "working with Turkish President Recep Tayyip Erdogan. Speaking in Brussels on "
    "October 1, 2024, Rutte said, “I can say that President Erdogan and I are close "
    "friends, and we are aligned on counterterrorism.” Maersk would cut 10,000 jobs, "
    "and profits jumped 76% to $1.13bn (£600m). Sales at Fiat rose; GM did not comment."
)


def kinds(text: str, source: str = SOURCE) -> list[tuple[str, str]]:
    return [(flag.kind, flag.reason) for flag in check(text, source)]


@pytest.mark.parametrize(
    "line",
    [
        "Mr Rutte says he will keep working with Erdogan",
        "Maersk to cut 10,000 jobs",
        "Profits jumped 76% to $1.13bn",
        "Rutte spoke in Brussels on October 1, 2024",
        "Rutte spoke on Tuesday",
        "Rutte: “President Erdogan and I are close friends”",
        "Rutte said “I can say that President Erdogan and I … are aligned on counterterrorism”",
        "Fiat-GM talks",
    ],
)
def test_supported_lines_carry_no_flag(line: str) -> None:
    assert kinds(line) == []


def test_a_number_the_source_never_writes_is_flagged() -> None:
    assert kinds("NATO has 38 members") == [("number", "number 38 not in source")]


def test_a_number_cut_short_is_flagged() -> None:
    assert kinds("Maersk would cut 10") == [("number", "number 10 not in source")]


def test_a_number_with_the_wrong_currency_or_unit_is_flagged() -> None:
    [flag] = check("Profits reached £1.13bn", SOURCE)
    assert (flag.kind, flag.text) == ("number", "£1.13bn")
    assert "unit or currency" in flag.reason
    assert kinds("Profits reached $1.13m")[0][0] == "number"


def test_an_unknown_name_is_flagged_with_its_name() -> None:
    assert kinds("Rutte met Vladimir Putin") == [("entity", "Vladimir Putin: not in source")]
    assert kinds("Erdogan and Rutte met in Ankara") == [("entity", "Ankara: not in source")]


def test_a_wrong_date_is_flagged() -> None:
    assert kinds("Rutte spoke on October 3, 2024") == [
        ("date", "date October 3, 2024 not in source")
    ]
    assert kinds("Rutte spoke on Friday")[0][0] == "date"


def test_an_altered_or_invented_quotation_is_flagged() -> None:
    assert kinds("Rutte: “President Erdogan and I are old enemies”") == [
        ("quote", "quote not found in source")
    ]
    assert kinds('He said "we will leave NATO"') == [("quote", "quote not found in source")]


def test_half_a_quotation_is_checked_word_for_word() -> None:
    assert kinds("Rutte said, “I can say that President Erdogan and I are close friends,") == []
    assert kinds("Rutte said, “I can say that we are enemies,")[0][0] == "quote"


def test_check_many_lines_up_with_its_input() -> None:
    flags = check_many(["Maersk to cut 10,000 jobs", "NATO has 38 members"], SOURCE)
    assert [len(f) for f in flags] == [0, 1]
    assert flags[1][0].as_dict() == {
        "kind": "number",
        "text": "38",
        "reason": "number 38 not in source",
    }


def test_the_sample_article_bullets_from_its_own_sentences_are_clean() -> None:
    sample = Path(__file__).resolve().parents[3] / "shared" / "data" / "sample_article_nato.txt"
    if not sample.exists():
        pytest.skip("sample data not present")
    text = sample.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if len(line.split()) > 8]
    assert lines
    assert check_many(lines, text) == [[] for _ in lines]
