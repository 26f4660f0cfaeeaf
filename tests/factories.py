"""Builders for test data, and a fake engine for tests of the pipeline's logic."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any

from service.errors import EngineError
from workers.engines.base import ArticleInput, Briefing

ARTICLE_TEXT = (
    "The city council approved a new budget on Monday after a long debate. "
    "The plan raises spending on schools and roads by five percent. "
    "Opponents said the increase would burden taxpayers. "
    "The mayor said the budget balanced growth and prudence."
)


def submission(text: str = ARTICLE_TEXT, **extra: Any) -> dict[str, Any]:
    return {"text": text, "title": "Council approves budget", "source": "test", **extra}


def briefing(headline: str = "Council approves budget") -> Briefing:
    return Briefing(
        headline=headline,
        summary="The council approved a budget.",
        bullets=["Spending rises five percent.", "Opponents object."],
    )


class FakeEngine:
    """Records every batch it is given and answers with queued briefings (or errors)."""

    name = "fake"
    model_id = "fake-model"
    prompt_version = "fake/1"

    def __init__(self, outputs: Sequence[Briefing | Exception] = ()) -> None:
        self.outputs: deque[Briefing | Exception] = deque(outputs)
        self.calls: list[list[ArticleInput]] = []

    def summarize(self, articles: Sequence[ArticleInput]) -> list[Briefing]:
        self.calls.append(list(articles))
        results = []
        for _ in articles:
            output = self.outputs.popleft() if self.outputs else briefing()
            if isinstance(output, Exception):
                raise output
            results.append(output)
        return results


class RejectingEngine(FakeEngine):
    """Fails any batch that holds an article whose text contains ``poison``."""

    def summarize(self, articles: Sequence[ArticleInput]) -> list[Briefing]:
        self.calls.append(list(articles))
        if any("poison" in article.text for article in articles):
            raise EngineError("the engine cannot read this article")
        return [briefing() for _ in articles]
