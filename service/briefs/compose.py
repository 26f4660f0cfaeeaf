"""Composing a brief from ranked stories: title, overview, sections, "new" marks.

The overview takes the extractive path: the lead sentence of each top story's
summary (or of its text when it has none), in rank order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from service.briefs.rank import RankedStory, StoryArticle

OVERVIEW_STORIES = 3
TOP_SECTION = "Top stories"
OTHER_SECTION = "Other stories"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘'])")


def lead_sentence(text: str, limit: int = 300) -> str:
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip() if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def headline_of(article: StoryArticle) -> str:
    return article.headline or article.title or lead_sentence(article.text, 120) or "Untitled"


def bullets_of(article: StoryArticle) -> list[str]:
    if article.bullets:
        return list(article.bullets)
    if article.summary:
        return [article.summary]
    lead = lead_sentence(article.text)
    return [lead] if lead else []


def story_article_ids(story: dict[str, Any]) -> set[int]:
    return {story["article_id"], *(other["article_id"] for other in story["also_reported_by"])}


def brief_article_ids(content: dict[str, Any] | None) -> set[int]:
    """Every article a composed brief showed (its stories' leads and also-reported)."""
    if not content:
        return set()
    return {
        article_id
        for section in content.get("sections", [])
        for story in section["stories"]
        for article_id in story_article_ids(story)
    }


def _story(story: RankedStory, previous: set[int]) -> dict[str, Any]:
    lead = story.lead
    ids = {a.article_id for a in story.articles}
    return {
        "headline": headline_of(lead),
        "bullets": bullets_of(lead),
        "url": lead.url,
        "source": lead.source,
        "article_id": lead.article_id,
        "new": not (ids & previous),
        "also_reported_by": [
            {"source": other.source, "url": other.url, "article_id": other.article_id}
            for other in story.others
        ],
    }


OverviewWriter = Callable[[list[str]], str]
"""Top stories' headlines in, an overview paragraph out (written by a model)."""


def compose(
    ranked: Sequence[RankedStory],
    *,
    name: str,
    now: datetime,
    sections: Sequence[str] = (),
    max_stories: int = 20,
    previous: dict[str, Any] | None = None,
    write_overview: OverviewWriter | None = None,
) -> dict[str, Any]:
    """The brief's content: ``title``, ``overview`` and ``sections`` of stories.

    The overview is ``write_overview`` of the top stories' headlines where a model
    writes it (the seq2seq engine), else their lead sentences.

    With ``sections`` (tags, in order) a story goes in the first section whose tag it
    carries, and the rest in "Other stories"; without, all go in "Top stories".
    ``previous`` is the profile's last brief: stories none of whose articles it showed
    are marked new.
    """
    chosen = list(ranked[:max_stories])
    seen = brief_article_ids(previous)
    placed: dict[str, list[dict[str, Any]]] = {tag: [] for tag in sections}
    rest: list[dict[str, Any]] = []
    for story in chosen:
        home = next((tag for tag in sections if tag in story.tags), None)
        (placed[home] if home is not None else rest).append(_story(story, seen))
    built = [{"name": tag, "stories": placed[tag]} for tag in sections if placed[tag]]
    if rest:
        built.append({"name": OTHER_SECTION if sections else TOP_SECTION, "stories": rest})
    top = chosen[:OVERVIEW_STORIES]
    overview = ""
    if write_overview is not None and top:
        overview = write_overview([headline_of(story.lead) for story in top]).strip()
    if not overview:
        leads = [lead_sentence(story.lead.summary or story.lead.text) for story in top]
        overview = " ".join(s for s in leads if s) or "No stories in this period."
    return {
        "title": f"{name}: {now.strftime('%A %-d %B %Y')}",
        "overview": overview,
        "sections": built,
    }
