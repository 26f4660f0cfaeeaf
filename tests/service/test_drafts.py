"""Draft details: candidates ranked by flags, lines grounded in the source."""

from __future__ import annotations

from service.drafts import build_draft

SOURCE = (
    "Maersk would cut 10,000 jobs, the company said on Tuesday. "
    "Its chief executive, Vincent Clerc, said shipping demand had weakened.\n\n"
    "Profits fell 38% in the quarter."
)


def test_a_flagged_candidate_ranks_below_unflagged_ones() -> None:
    draft = build_draft(
        headline="Maersk to cut 12,000 jobs",
        summary="",
        bullets=[],
        source=SOURCE,
        engine_details={"headline_candidates": ["Maersk to cut 10,000 jobs", "Profits fall"]},
    )
    texts = [c["text"] for c in draft.details["headline_candidates"]]
    assert texts == ["Maersk to cut 10,000 jobs", "Profits fall", "Maersk to cut 12,000 jobs"]
    assert draft.headline == "Maersk to cut 10,000 jobs"
    assert draft.details["headline_candidates"][2]["flags"][0]["reason"] == (
        "number 12,000 not in source"
    )


def test_an_editors_headline_stays_first_even_when_flagged() -> None:
    draft = build_draft(
        headline="Maersk to cut 12,000 jobs",
        summary="",
        bullets=[],
        source=SOURCE,
        engine_details={"headline_candidates": ["Maersk to cut 10,000 jobs"]},
        keep_headline_first=True,
    )
    assert draft.headline == "Maersk to cut 12,000 jobs"


def test_lines_carry_exact_or_best_matching_sources_and_their_flags() -> None:
    draft = build_draft(
        headline="Maersk cuts jobs",
        summary="Maersk would cut 10,000 jobs, the company said on Tuesday. Clerc blamed demand.",
        bullets=[
            "Profits fell 38% in the quarter.",
            "Chief executive Vincent Clerc blamed weak demand",
        ],
        source=SOURCE,
    )
    exact, matched = draft.details["bullet_details"]
    [span] = exact["sources"]
    assert SOURCE[span["start"] : span["end"]] == "Profits fell 38% in the quarter."
    [span] = matched["sources"]
    assert "Vincent Clerc" in SOURCE[span["start"] : span["end"]]
    assert [d["text"] for d in draft.details["summary_details"]] == [
        "Maersk would cut 10,000 jobs, the company said on Tuesday.",
        "Clerc blamed demand.",
    ]
    assert all(d["flags"] == [] for d in draft.details["summary_details"])


def test_engine_offsets_are_used_when_they_fit() -> None:
    draft = build_draft(
        headline="h",
        summary="",
        bullets=["Profits fell."],
        source=SOURCE,
        engine_details={"sentence_offsets": [[129, 161]]},
    )
    assert draft.details["bullet_details"][0]["sources"] == [{"start": 129, "end": 161}]
    ignored = build_draft(
        headline="h",
        summary="",
        bullets=["Profits fell."],
        source=SOURCE,
        engine_details={"sentence_offsets": [[0, 10_000]]},  # out of range: matched instead
    )
    assert ignored.details["bullet_details"][0]["sources"] != [{"start": 0, "end": 10_000}]
