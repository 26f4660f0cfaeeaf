"""Ranking: coverage, recency, source weight and the profile's tags each move a story."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.briefs.rank import RankOptions, StoryArticle, choose_lead, rank_stories

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def article(article_id: int, source: str, hours_old: float = 1, **extra: object) -> StoryArticle:
    return StoryArticle(
        article_id=article_id,
        source=source,
        published_at=NOW - timedelta(hours=hours_old),
        **extra,  # type: ignore[arg-type]
    )


def order(stories: list[list[StoryArticle]], options: RankOptions | None = None) -> list[int]:
    ranked = rank_stories(stories, now=NOW, options=options or RankOptions())
    return [story.lead.article_id for story in ranked]


def test_a_story_more_sources_carry_ranks_higher() -> None:
    alone = [article(1, "a")]
    widely = [article(2, "a"), article(3, "b"), article(4, "c")]
    assert order([alone, widely]) == [2, 1]


def test_two_copies_from_one_source_count_as_one_source() -> None:
    same_source = [article(1, "a"), article(2, "a")]
    two_sources = [article(3, "a"), article(4, "b")]
    assert order([same_source, two_sources]) == [3, 1]


def test_a_newer_story_ranks_higher() -> None:
    assert order([[article(1, "a", hours_old=30)], [article(2, "a", hours_old=2)]]) == [2, 1]


def test_source_weight_lifts_a_story() -> None:
    stories = [[article(1, "wire")], [article(2, "local")]]
    assert order(stories, RankOptions(source_weights={"local": 3.0})) == [2, 1]
    assert order(stories, RankOptions(source_weights={"wire": 3.0})) == [1, 2]


def test_profile_tags_lift_a_story() -> None:
    stories = [[article(1, "a", tags=("sport",))], [article(2, "a", tags=("politics",))]]
    assert order(stories, RankOptions(tags=["politics"])) == [2, 1]
    assert order(stories, RankOptions(tags=["sport"])) == [1, 2]


def test_the_best_summarized_article_leads() -> None:
    bare = article(1, "a")
    summarized = article(2, "b", headline="Bridge opens", summary="It opened.", bullets=("x",))
    richer = article(
        3, "c", headline="Bridge opens", summary="It opened early.", bullets=("x", "y")
    )
    assert choose_lead([bare, summarized], RankOptions()) is summarized
    assert choose_lead([bare, summarized, richer], RankOptions()) is richer
    [story] = rank_stories([[bare, summarized, richer]], now=NOW, options=RankOptions())
    assert story.lead is richer
    assert {a.article_id for a in story.others} == {1, 2}
