"""Same-story clustering on real BBC articles with planted, lightly rewritten copies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.briefs.cluster import ClusterOptions, Doc, StoryClusterer, cluster, entities
from tests.conftest import SHARED_DATA
from tests.planted import load_bbc, planted_set, rewrite

BBC = SHARED_DATA / "bbc_dev.jsonl"


@pytest.fixture(scope="module")
def bbc_rows() -> list[dict[str, str]]:
    if not BBC.is_file():
        pytest.skip(f"{BBC} is not here (it ships beside the repo in ../shared)")
    return load_bbc(BBC)


def _docs(articles: list) -> list[Doc]:  # type: ignore[type-arg]
    return [Doc(a.key, a.text, a.title, a.source) for a in articles]


def test_sixty_articles_and_fifteen_planted_copies_are_sixty_stories(
    bbc_rows: list[dict[str, str]],
) -> None:
    chosen = bbc_rows[::17][:60]  # every category, none the same story as another
    articles = planted_set(chosen, originals=60, copies=15)
    assert len(articles) == 75
    stories = cluster(_docs(articles))
    assert len(stories) == 60
    truth = {a.key: a.story for a in articles}
    for story in stories:
        assert len({truth[key] for key in story}) == 1, story
    copies = [a for a in articles if a.key != a.story]
    for copy in copies:
        [story] = [s for s in stories if copy.key in s]
        assert copy.story in story


def test_the_rewrite_changes_the_text(bbc_rows: list[dict[str, str]]) -> None:
    import random

    text = bbc_rows[0]["article"]
    copy = rewrite(text, random.Random(1))
    assert copy != text
    assert len(copy.split("\n\n")) == len(text.split("\n\n")) - 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("bbc-sport-101", "bbc-sport-282"),  # two Man Utd wins
        ("bbc-sport-155", "bbc-sport-223"),  # two Liverpool wins under Benitez
    ],
)
def test_two_football_matches_stay_apart(
    bbc_rows: list[dict[str, str]], first: str, second: str
) -> None:
    by_id = {row["id"]: row for row in bbc_rows}
    sport = [row for row in bbc_rows if row["category"] == "sport"]
    docs = [Doc(row["id"], row["article"], row["title"]) for row in sport]
    docs.append(Doc("copy", rewrite(by_id[first]["article"], __import__("random").Random(3))))
    stories = cluster(docs)
    [with_first] = [s for s in stories if first in s]
    assert second not in with_first
    assert "copy" in with_first  # the same match from another outlet does join


def test_incremental_adding_joins_copies_as_they_arrive(bbc_rows: list[dict[str, str]]) -> None:
    articles = planted_set(bbc_rows[::17][:60], originals=60, copies=15, seed=4)
    clusterer = StoryClusterer()  # learns IDF as it goes: no batch seen up front
    for doc in _docs(articles):
        clusterer.add(doc)
    assert len(clusterer.stories()) == 60


def test_similar_articles_far_apart_in_time_are_different_stories() -> None:
    base = (
        "The Riverton council voted on Monday to close the Elm Street library, citing "
        "falling visitor numbers and repair costs. Mayor Dana Whitfield said the Riverton "
        "branch of the County Library Service would shut in March. Residents protested "
        "outside the Elm Street building."
    )
    other = (
        "Residents of Riverton protested after the council voted to shut the Elm Street "
        "library. Mayor Dana Whitfield defended the decision by the Riverton council and "
        "the County Library Service, pointing at repair bills and fewer visitors."
    )
    start = datetime(2026, 1, 5, tzinfo=UTC)
    near = [
        Doc(1, base, published_at=start),
        Doc(2, other, published_at=start + timedelta(hours=5)),
    ]
    far = [Doc(1, base, published_at=start), Doc(2, other, published_at=start + timedelta(days=9))]
    options = ClusterOptions(window=timedelta(hours=48))
    assert cluster(near, options) == [[1, 2]]
    assert cluster(far, options) == [[1], [2]]


def test_entities_are_capitalized_phrases_without_function_words() -> None:
    found = entities("The Chelsea boss Jose Mourinho met the Bank of England. But he left.")
    assert "jose mourinho" in found
    assert "bank of england" in found
    assert "but" not in found and "the" not in found
