"""Ranking stories for a brief, and choosing the article that leads each story.

A story's score multiplies four things, each near 1 for an ordinary story:

- **coverage**: ``1 + log2(sources)``, the number of distinct outlets carrying it
  (a story three outlets carry scores 2.6 times one only one carries);
- **recency**: halves every ``half_life`` of age, counted from its newest article;
- **source weight**: the highest weight among its sources (default 1.0);
- **tags**: ``1 + tag_boost`` for each of the profile's tags the story carries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class StoryArticle:
    """What a brief needs of one article and its summary."""

    article_id: int
    text: str = ""
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    created_at: datetime | None = None
    tags: tuple[str, ...] = ()
    headline: str | None = None
    summary: str | None = None
    bullets: tuple[str, ...] = ()

    @property
    def when(self) -> datetime | None:
        return self.published_at or self.created_at

    @property
    def summarized(self) -> bool:
        return bool(self.headline and (self.summary or self.bullets))


@dataclass(frozen=True)
class RankOptions:
    source_weights: Mapping[str, float] = field(default_factory=dict)
    tags: Sequence[str] = ()
    half_life: timedelta = timedelta(hours=24)
    tag_boost: float = 0.5


@dataclass(frozen=True)
class RankedStory:
    lead: StoryArticle
    others: tuple[StoryArticle, ...]
    score: float

    @property
    def articles(self) -> tuple[StoryArticle, ...]:
        return (self.lead, *self.others)

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(tag for article in self.articles for tag in article.tags)

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(a.source or f"article {a.article_id}" for a in self.articles)


def _weight(article: StoryArticle, options: RankOptions) -> float:
    return options.source_weights.get(article.source or "", 1.0)


def choose_lead(articles: Sequence[StoryArticle], options: RankOptions) -> StoryArticle:
    """The best-summarized article: summarized first, then the heavier source, more
    bullets, a longer summary, the earlier one (the original before its copies)."""

    def quality(article: StoryArticle) -> tuple[bool, float, int, int, float]:
        when = article.when
        return (
            article.summarized,
            _weight(article, options),
            len(article.bullets),
            len(article.summary or ""),
            -(when.timestamp() if when else 0.0),
        )

    return max(articles, key=quality)


def score_story(articles: Sequence[StoryArticle], now: datetime, options: RankOptions) -> float:
    sources = {a.source or f"article {a.article_id}" for a in articles}
    coverage = 1.0 + math.log2(len(sources))
    times = [a.when for a in articles if a.when is not None]
    age_h = max(0.0, (now - max(times)).total_seconds() / 3600) if times else 0.0
    recency = 0.5 ** (age_h / (options.half_life.total_seconds() / 3600))
    weight = max(_weight(a, options) for a in articles)
    story_tags = {tag for a in articles for tag in a.tags}
    matched = len(story_tags & set(options.tags))
    return coverage * recency * weight * (1.0 + options.tag_boost * matched)


def rank_stories(
    stories: Sequence[Sequence[StoryArticle]], *, now: datetime, options: RankOptions
) -> list[RankedStory]:
    """Stories best first, each led by its best-summarized article."""
    ranked = []
    for articles in stories:
        if not articles:
            continue
        lead = choose_lead(articles, options)
        others = tuple(
            sorted(
                (a for a in articles if a is not lead),
                key=lambda a: (-_weight(a, options), a.source or "", a.article_id),
            )
        )
        ranked.append(RankedStory(lead, others, score_story(articles, now, options)))
    # Ties keep a stable order: the newer lead first, then the smaller id.
    ranked.sort(
        key=lambda s: (
            -s.score,
            -(s.lead.when.timestamp() if s.lead.when else 0.0),
            s.lead.article_id,
        )
    )
    return ranked
