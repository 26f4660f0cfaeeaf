from datetime import timedelta

from sqlalchemy import select

from service.config import Settings
from service.storage.articles import find_or_create_article
from service.storage.claims import fail_summary
from service.storage.db import session_scope
from service.storage.models import Summary, SummaryStatus, utcnow
from service.storage.summaries import find_or_create_summary, list_summaries


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


def test_list_filters_and_cursor_pagination(settings: Settings) -> None:
    url = settings.resolved_database_url
    with session_scope(url) as session:
        for i in range(5):
            _summary(
                session,
                text=f"text {i}",
                source="wire" if i % 2 else "desk",
                tags=["sport"] if i < 2 else ["politics"],
            )
    with session_scope(url) as session:
        first = list_summaries(session=session, limit=2)
        second = list_summaries(session=session, limit=2, cursor=first.next_cursor)
        third = list_summaries(session=session, limit=2, cursor=second.next_cursor)
        ids = [s.id for s in first.items + second.items + third.items]
        all_ids = list(session.scalars(select(Summary.id).order_by(Summary.id.desc())))
        assert ids == all_ids and third.next_cursor is None
        assert {s.article.source for s in list_summaries(session=session, source="wire").items} == {
            "wire"
        }
        assert len(list_summaries(session=session, tag="sport").items) == 2
        assert list_summaries(session=session, status=SummaryStatus.done).items == []
        future = utcnow() + timedelta(minutes=1)
        assert list_summaries(session=session, created_after=future).items == []
