"""The pipeline's logic, with a fake engine standing in for the model."""

from __future__ import annotations

import pytest

from service.config import Settings
from service.errors import ModelLoadError, TransientEngineError
from service.storage.articles import find_or_create_article
from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus
from service.storage.summaries import find_or_create_summary
from tests.factories import FakeEngine, RejectingEngine, briefing
from workers.engines.base import Engine
from workers.pipeline import Outcome, fail_summaries, run_summaries


def _queue(settings: Settings, text: str, bullets: int = 3) -> int:
    with session_scope(settings.resolved_database_url) as session:
        article, _ = find_or_create_article(
            session=session, text=text, content_hash=text, title="T"
        )
        summary, _ = find_or_create_summary(
            session=session,
            article_id=article.id,
            engine="fake",
            model_id="fake-model",
            parameters={"bullets": bullets},
            queue="editor",
        )
        return summary.id


def _row(settings: Settings, summary_id: int) -> Summary:
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(Summary, summary_id)
        assert row is not None
        return row


def _run(settings: Settings, ids: list[int], engine: Engine) -> dict[int, Outcome]:
    return run_summaries(
        ids,
        database_url=settings.resolved_database_url,
        engine_for=lambda name, model: engine,
        stale_after_s=600,
    )


def test_runs_a_batch_in_one_engine_call_and_stores_results(settings: Settings) -> None:
    ids = [_queue(settings, "first article."), _queue(settings, "second article.", bullets=7)]
    engine = FakeEngine([briefing("One"), briefing("Two")])
    assert _run(settings, ids, engine) == {ids[0]: Outcome.done, ids[1]: Outcome.done}
    assert len(engine.calls) == 1
    assert [a.bullets for a in engine.calls[0]] == [3, 7]
    assert [a.text for a in engine.calls[0]] == ["first article.", "second article."]
    first = _row(settings, ids[0])
    assert first.status is SummaryStatus.done
    assert first.headline == "One" and first.bullets == [
        "Spending rises five percent.",
        "Opponents object.",
    ]
    assert first.prompt_version == "fake/1" and first.attempts == 1
    assert first.started_at is not None and first.finished_at is not None


def test_a_redelivered_task_for_done_work_does_nothing(settings: Settings) -> None:
    summary_id = _queue(settings, "an article.")
    engine = FakeEngine()
    _run(settings, [summary_id], engine)
    assert _run(settings, [summary_id], engine) == {summary_id: Outcome.skipped}
    assert len(engine.calls) == 1
    assert _row(settings, summary_id).attempts == 1


def test_one_bad_article_fails_alone(settings: Settings) -> None:
    good = _queue(settings, "a fine article.")
    bad = _queue(settings, "a poison article.")
    outcomes = _run(settings, [good, bad], RejectingEngine())
    assert outcomes == {good: Outcome.done, bad: Outcome.failed}
    assert _row(settings, bad).error == "the engine cannot read this article"


def test_transient_error_puts_work_back_in_the_queue(settings: Settings) -> None:
    summary_id = _queue(settings, "an article.")
    with pytest.raises(TransientEngineError):
        _run(settings, [summary_id], FakeEngine([TransientEngineError("out of memory")]))
    row = _row(settings, summary_id)
    assert row.status is SummaryStatus.queued and row.error == "out of memory"
    assert _run(settings, [summary_id], FakeEngine()) == {summary_id: Outcome.done}


def test_an_engine_that_cannot_load_fails_with_its_message(settings: Settings) -> None:
    summary_id = _queue(settings, "an article.")

    def no_engine(name: str, model: str) -> Engine:
        raise ModelLoadError("cannot load the model; set BRIEFING_MODEL")

    outcomes = run_summaries(
        [summary_id],
        database_url=settings.resolved_database_url,
        engine_for=no_engine,
        stale_after_s=600,
    )
    assert outcomes == {summary_id: Outcome.failed}
    assert "BRIEFING_MODEL" in (_row(settings, summary_id).error or "")


def test_fail_summaries_leaves_done_work_alone(settings: Settings) -> None:
    done = _queue(settings, "done article.")
    pending = _queue(settings, "pending article.")
    _run(settings, [done], FakeEngine())
    fail_summaries([done, pending], database_url=settings.resolved_database_url, reason="late")
    assert _row(settings, done).status is SummaryStatus.done
    assert _row(settings, pending).status is SummaryStatus.failed
