"""An editor's work on a summary: edit, regenerate with other options, approve, list
versions. Every version is the tenant's own; the summary id is the tenant's view id."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, status
from sqlalchemy.orm import Session

from service.api.deps import SessionDep, SettingsDep
from service.api.schemas import (
    ApproveRequest,
    RegenerateRequest,
    SummaryEdit,
    SummaryOut,
    VersionList,
    VersionOut,
)
from service.api.security import ACCESS_RESPONSES, Principal, ReadDep, SubmitDep
from service.config import Settings
from service.drafts import build_draft
from service.ingest import dispatch
from service.storage.models import ApiKey, Summary, TenantSummary
from service.storage.summaries import find_or_create_summary
from service.storage.tenants import get_summary_view
from service.storage.versions import add_version, approve, visible_versions

router = APIRouter(prefix="/v1/summaries", tags=["summaries"], responses=ACCESS_RESPONSES)
OPEN_MODE_AUTHOR = "open mode"


def _author(session: Session, principal: Principal) -> str:
    """The key's name (who made the version); open mode has no key."""
    key = session.get(ApiKey, principal.key_id) if principal.key_id is not None else None
    return key.name if key is not None else OPEN_MODE_AUTHOR


def _answer(session: Session, principal: Principal, summary_id: int) -> SummaryOut:
    session.expire_all()
    view = get_summary_view(session=session, tenant_id=principal.tenant_id, view_id=summary_id)
    return SummaryOut.of(view)


@router.put("/{summary_id}", response_model=SummaryOut)
def edit_summary(
    summary_id: int, edit: SummaryEdit, session: SessionDep, principal: SubmitDep
) -> SummaryOut:
    """Store an editor's headline, summary and bullets as a new version, checked
    against the article like the engine's draft."""
    view = get_summary_view(session=session, tenant_id=principal.tenant_id, view_id=summary_id)
    source = session.get(Summary, view.summary_id)
    assert source is not None
    draft = build_draft(
        headline=edit.headline,
        summary=edit.summary,
        bullets=edit.bullets,
        source=source.article.text,
        engine_details=_earlier_candidates(view),
        keep_headline_first=True,
    )
    add_version(
        session=session,
        view=view,
        author=_author(session, principal),
        headline=edit.headline,
        summary=edit.summary,
        bullets=list(edit.bullets),
        details=draft.details,
    )
    session.commit()
    return _answer(session, principal, summary_id)


def _earlier_candidates(view: TenantSummary) -> dict[str, object]:
    """The current version's other headlines stay on offer beside the edited one."""
    shown = visible_versions(view)
    if not shown:
        return {}
    candidates = shown[-1].details.get("headline_candidates") or []
    return {"headline_candidates": [c["text"] for c in candidates if isinstance(c, dict)]}


@router.post(
    "/{summary_id}/regenerate", status_code=status.HTTP_202_ACCEPTED, response_model=SummaryOut
)
def regenerate_summary(
    summary_id: int,
    request: RegenerateRequest,
    session: SessionDep,
    settings: SettingsDep,
    principal: SubmitDep,
    background: BackgroundTasks,
) -> SummaryOut:
    """Draft the summary again with other options; the new version shows when done."""
    view = get_summary_view(session=session, tenant_id=principal.tenant_id, view_id=summary_id)
    first = view.summary
    options = request.options
    engine = options.engine or first.engine
    work, needs_run = find_or_create_summary(
        session=session,
        article_id=first.article_id,
        engine=engine,
        model_id=first.model_id if engine == first.engine else _model_for(engine, settings),
        parameters=options.parameters_over(
            _latest_parameters(view) if engine == first.engine else {}, settings.default_bullets
        ),
        queue=options.queue or "editor",
    )
    add_version(session=session, view=view, author=_author(session, principal), work=work)
    session.commit()
    if needs_run:
        background.add_task(dispatch, settings, [(work.id, work.queue)])
    return _answer(session, principal, summary_id)


def _latest_parameters(view: TenantSummary) -> dict[str, Any]:
    """The options of the newest engine work the editor asked for on this summary."""
    works = [row.work for row in view.versions if row.work is not None]
    latest = works[-1] if works else view.summary
    return dict(latest.parameters or {})


def _model_for(engine: str, settings: Settings) -> str:
    return settings.model if engine == "seq2seq" else engine


@router.post(
    "/{summary_id}/approve",
    response_model=SummaryOut,
    responses={409: {"description": "No finished version with that number to approve."}},
)
def approve_summary(
    summary_id: int, session: SessionDep, principal: SubmitDep, body: ApproveRequest | None = None
) -> SummaryOut:
    """Approve a version (by default the current one): sets approved_version and _at."""
    view = get_summary_view(session=session, tenant_id=principal.tenant_id, view_id=summary_id)
    approve(session=session, view=view, version=body.version if body else None)
    session.commit()
    return _answer(session, principal, summary_id)


@router.get("/{summary_id}/versions", response_model=VersionList)
def read_versions(summary_id: int, session: SessionDep, principal: ReadDep) -> VersionList:
    """Every version that shows, oldest first, with who made it and when."""
    view = get_summary_view(session=session, tenant_id=principal.tenant_id, view_id=summary_id)
    return VersionList(
        items=[
            VersionOut(
                version=v.version,
                headline=v.headline,
                summary=v.summary,
                bullets=v.bullets,
                author=v.author,
                created_at=v.created_at,
            )
            for v in visible_versions(view)
        ],
        approved_version=view.approved_version,
    )
