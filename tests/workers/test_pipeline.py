"""The pipeline's logic, with a fake engine standing in for the model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from service.config import Settings
from service.errors import ModelLoadError, TransientEngineError
from service.storage.articles import find_or_create_article
from service.storage.claims import ClaimResult, claim_summary, this_process
from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus, utcnow
from service.storage.summaries import find_or_create_summary
from tests.factories import FakeEngine, RejectingEngine, briefing
from workers.engines.base import ArticleInput, Briefing, Engine
from workers.pipeline import Outcome, RunPolicy, fail_summaries, run_summaries


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


def _policy(settings: Settings) -> RunPolicy:
    return RunPolicy.from_settings(settings)


def _run(settings: Settings, ids: list[int], engine: Engine) -> dict[int, Outcome]:
    return run_summaries(ids, policy=_policy(settings), engine_for=lambda name, model: engine)


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

    outcomes = run_summaries([summary_id], policy=_policy(settings), engine_for=no_engine)
    assert outcomes == {summary_id: Outcome.failed}
    assert "BRIEFING_MODEL" in (_row(settings, summary_id).error or "")


def test_fail_summaries_leaves_done_work_alone(settings: Settings) -> None:
    done = _queue(settings, "done article.")
    pending = _queue(settings, "pending article.")
    _run(settings, [done], FakeEngine())
    _claim_for_this_process(settings, pending)
    fail_summaries([done, pending], policy=_policy(settings), reason="late")
    assert _row(settings, done).status is SummaryStatus.done
    assert _row(settings, pending).status is SummaryStatus.failed


def _claim_for_this_process(settings: Settings, summary_id: int) -> None:
    with session_scope(settings.resolved_database_url) as session:
        result = claim_summary(
            session=session,
            summary_id=summary_id,
            holder=this_process(),
            stale_before=utcnow(),
            max_attempts=3,
        )
        assert result is ClaimResult.claimed


class ExplodingEngine(FakeEngine):
    """Runs out of memory, or hits a bug, on articles that carry a marker."""

    def summarize(self, articles: Sequence[ArticleInput]) -> list[Briefing]:
        self.calls.append(list(articles))
        for article in articles:
            if "huge" in article.text:
                raise MemoryError
            if "buggy" in article.text:
                raise ZeroDivisionError("division by zero")
        return [briefing() for _ in articles]


def test_memory_errors_and_bugs_fail_their_own_article_only(settings: Settings) -> None:
    good = _queue(settings, "a fine article.")
    huge = _queue(settings, "a huge article.")
    buggy = _queue(settings, "a buggy article.")
    outcomes = _run(settings, [good, huge, buggy], ExplodingEngine())
    assert outcomes == {good: Outcome.done, huge: Outcome.failed, buggy: Outcome.failed}
    assert "more memory" in (_row(settings, huge).error or "")
    assert "ZeroDivisionError" in (_row(settings, buggy).error or "")


def test_work_of_a_dead_worker_batch_is_resent_alone(settings: Settings) -> None:
    dead_batch = [_queue(settings, "first."), _queue(settings, "second.")]
    with session_scope(settings.resolved_database_url) as session:
        for summary_id in dead_batch:
            claim_summary(
                session=session,
                summary_id=summary_id,
                holder=this_process(),  # this process "died": it no longer runs them
                stale_before=utcnow(),
                max_attempts=3,
            )
    resent: list[tuple[int, str]] = []
    engine = FakeEngine()
    outcomes = run_summaries(
        dead_batch,
        policy=_policy(settings),
        engine_for=lambda name, model: engine,
        resend=lambda summary_id, queue: resent.append((summary_id, queue)),
    )
    assert outcomes == {summary_id: Outcome.isolated for summary_id in dead_batch}
    assert resent == [(summary_id, "editor") for summary_id in dead_batch]
    assert engine.calls == []
    # Each then runs in a task of its own.
    assert _run(settings, [dead_batch[0]], engine) == {dead_batch[0]: Outcome.done}
    assert _row(settings, dead_batch[0]).attempts == 2


def test_a_summary_out_of_attempts_ends_failed_not_running(settings: Settings) -> None:
    summary_id = _queue(settings, "an article.")
    policy = RunPolicy(database_url=settings.resolved_database_url, max_attempts=2)
    for _ in range(2):
        _claim_for_this_process(settings, summary_id)
    outcomes = run_summaries(
        [summary_id], policy=policy, engine_for=lambda name, model: FakeEngine()
    )
    assert outcomes == {summary_id: Outcome.failed}
    row = _row(settings, summary_id)
    assert row.status is SummaryStatus.failed
    assert row.error == "worker died 2 times on this article"


@pytest.mark.slow
def test_the_seq2seq_model_writes_a_briefs_overview(tiny_t5_dir: Path, tmp_path: Path) -> None:
    from workers.runtime import overview_writer

    assert overview_writer(Settings(data_dir=tmp_path, engine="extractive")) is None
    settings = Settings(
        data_dir=tmp_path, engine="seq2seq", model=str(tiny_t5_dir), backend="torch"
    )
    write = overview_writer(settings)
    assert write is not None
    overview = write(["Bridge opens early", "Council meets on Monday"])
    # The tiny model's words come from its training corpus, not from our fallback.
    assert overview and "The first sentence" not in overview
