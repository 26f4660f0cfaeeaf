from service.config import Settings
from service.storage.articles import find_or_create_article
from service.storage.claims import fail_summary
from service.storage.db import session_scope
from service.storage.models import SummaryStatus
from service.storage.summaries import find_or_create_summary


def _summary(session, text: str = "Some text.", bullets: int = 5, **article):  # type: ignore[no-untyped-def]
    article_row, _ = find_or_create_article(
        session=session, text=text, content_hash=text, **article
    )
    return find_or_create_summary(
        session=session,
        article_id=article_row.id,
        engine="extractive",
        model_id="extractive",
        parameters={"bullets": bullets},
        queue="editor",
    )


def test_same_article_and_parameters_reuse_the_summary(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        first, new_first = _summary(session)
        again, new_again = _summary(session)
        other, new_other = _summary(session, bullets=3)
    assert new_first and not new_again and new_other
    assert again.id == first.id
    assert other.id != first.id


def test_failed_summary_asked_again_is_requeued(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        summary, _ = _summary(session)
        fail_summary(session=session, summary_id=summary.id, holder="h:1", error="boom")
        session.expire_all()
        again, needs_run = _summary(session)
        assert needs_run and again.id == summary.id
        assert again.status is SummaryStatus.queued and again.error is None
