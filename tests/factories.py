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


def queued_summary(
    database_url: str,
    text: str,
    *,
    queue: str = "editor",
    bullets: int = 3,
    engine: str = "extractive",
) -> int:
    """Store an article and a queued summary for it; returns the summary's id."""
    from service.storage.articles import find_or_create_article
    from service.storage.db import session_scope
    from service.storage.summaries import find_or_create_summary
    from service.text import content_hash

    with session_scope(database_url) as session:
        article, _ = find_or_create_article(
            session=session, text=text, content_hash=content_hash(text)
        )
        summary, _ = find_or_create_summary(
            session=session,
            article_id=article.id,
            engine=engine,
            model_id=f"{engine}-model" if engine != "extractive" else engine,
            parameters={"bullets": bullets},
            queue=queue,
        )
        return summary.id


def complete(session: Any, summary_id: int, holder: str = "test:1") -> bool:
    """Store a made-up result as ``holder`` would; False if the claim is not its own."""
    from service.storage.claims import complete_summary

    return complete_summary(
        session=session,
        summary_id=summary_id,
        holder=holder,
        headline="Council passes budget",
        summary="The council passed it.",
        bullets=["One.", "Two."],
        chunks_read=1,
        prompt_version="test/1",
        engine_ms=5,
    )


def finish(database_url: str, summary_id: int, holder: str = "test:1") -> None:
    """Claim a queued summary as ``holder`` and store a made-up result, as a worker would."""
    from service.storage.claims import ClaimResult, claim_summary
    from service.storage.db import session_scope
    from service.storage.models import utcnow

    with session_scope(database_url) as session:
        claimed = claim_summary(
            session=session,
            summary_id=summary_id,
            holder=holder,
            stale_before=utcnow(),
            max_attempts=3,
        )
        assert claimed is ClaimResult.claimed, claimed
        assert complete(session, summary_id, holder)
