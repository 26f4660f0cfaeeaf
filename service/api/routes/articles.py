"""Submitting articles and reading them back."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Response, status

from service.api.deps import SessionDep, SettingsDep
from service.api.schemas import (
    Accepted,
    ArticleOut,
    BatchAccepted,
    BatchSubmission,
)
from service.api.security import ACCESS_RESPONSES, ReadDep, SubmitDep
from service.ingest import (
    Intake,
    dispatch,
    prepare_article,
    prepare_articles,
    store_and_commit,
)
from service.storage.tenants import get_article_view
from service.submissions import ArticleSubmission

router = APIRouter(prefix="/v1/articles", tags=["articles"], responses=ACCESS_RESPONSES)


def _accepted(intake: Intake) -> Accepted:
    return Accepted(
        article_id=intake.article_view_id,
        summary_id=intake.view_id,
        status=intake.status,
        location=f"/v1/summaries/{intake.view_id}",
        duplicate=intake.duplicate,
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
    principal: SubmitDep,
    response: Response,
    background: BackgroundTasks,
) -> Accepted:
    """Queue one article for a headline, summary and bullets; 200 if you sent it before."""
    prepared = await prepare_article(submission, settings)
    [intake] = await store_and_commit(
        session=session,
        settings=settings,
        prepared=[prepared],
        default_queue="editor",
        tenant_id=principal.tenant_id,
    )
    if intake.needs_run:
        background.add_task(dispatch, settings, [intake.work])
    if intake.duplicate:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/summaries/{intake.view_id}"
    return _accepted(intake)


@router.post("/batch", status_code=status.HTTP_202_ACCEPTED, response_model=BatchAccepted)
async def create_articles(
    batch: BatchSubmission,
    session: SessionDep,
    settings: SettingsDep,
    principal: SubmitDep,
    background: BackgroundTasks,
) -> BatchAccepted:
    """Queue up to 100 articles at once; all are checked before any is stored."""
    prepared = await prepare_articles(batch.articles, settings)
    intakes = await store_and_commit(
        session=session,
        settings=settings,
        prepared=prepared,
        default_queue="scheduled",
        tenant_id=principal.tenant_id,
    )
    background.add_task(dispatch, settings, [i.work for i in intakes if i.needs_run])
    return BatchAccepted(items=[_accepted(intake) for intake in intakes])


@router.get("/{article_id}", response_model=ArticleOut)
def read_article(article_id: int, session: SessionDep, principal: ReadDep) -> ArticleOut:
    """One of your stored articles with its cleaned text."""
    view = get_article_view(session=session, tenant_id=principal.tenant_id, view_id=article_id)
    return ArticleOut.of(view)
