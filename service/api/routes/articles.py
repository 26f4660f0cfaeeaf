"""Submitting articles and reading them back."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Response, status

from service.api.deps import SessionDep, SettingsDep
from service.api.intake import (
    Intake,
    dispatch,
    prepare_article,
    prepare_articles,
    store_and_commit,
)
from service.api.schemas import (
    Accepted,
    ArticleOut,
    ArticleSubmission,
    BatchAccepted,
    BatchSubmission,
)
from service.storage.articles import get_article

router = APIRouter(prefix="/v1/articles", tags=["articles"])


def _accepted(intake: Intake) -> Accepted:
    summary = intake.summary
    return Accepted(
        article_id=summary.article_id,
        summary_id=summary.id,
        status=summary.status,
        location=f"/v1/summaries/{summary.id}",
        duplicate=not intake.needs_run,
    )


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Accepted,
    responses={200: {"model": Accepted, "description": "Already known: the existing summary"}},
)
async def create_article(
    submission: ArticleSubmission,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    background: BackgroundTasks,
) -> Accepted:
    """Queue one article for a headline, summary and bullets; 200 if already known."""
    prepared = await prepare_article(submission, settings)
    [intake] = await store_and_commit(
        session=session, settings=settings, prepared=[prepared], default_queue="editor"
    )
    if intake.needs_run:
        background.add_task(dispatch, settings, [intake.summary])
    else:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/summaries/{intake.summary.id}"
    return _accepted(intake)


@router.post("/batch", status_code=status.HTTP_202_ACCEPTED, response_model=BatchAccepted)
async def create_articles(
    batch: BatchSubmission, session: SessionDep, settings: SettingsDep, background: BackgroundTasks
) -> BatchAccepted:
    """Queue up to 100 articles at once; all are checked before any is stored."""
    prepared = await prepare_articles(batch.articles, settings)
    intakes = await store_and_commit(
        session=session, settings=settings, prepared=prepared, default_queue="scheduled"
    )
    background.add_task(dispatch, settings, [i.summary for i in intakes if i.needs_run])
    return BatchAccepted(items=[_accepted(intake) for intake in intakes])


@router.get("/{article_id}", response_model=ArticleOut)
def read_article(article_id: int, session: SessionDep) -> ArticleOut:
    """One stored article with its cleaned text."""
    return ArticleOut.of(get_article(session=session, article_id=article_id))
