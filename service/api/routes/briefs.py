"""Brief profiles, briefs (built by a worker on the scheduled lane), and Atom feeds."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response, status

from service.api.brief_schemas import (
    BriefAccepted,
    BriefList,
    BriefOut,
    BriefRequest,
    ProfileIn,
    ProfileList,
    ProfileOut,
    ProfilePatch,
    profile_columns,
)
from service.api.deps import SessionDep, SettingsDep
from service.api.security import ACCESS_RESPONSES, ReadDep, SubmitDep
from service.briefs.render import render, to_atom
from service.briefs.scheduling import new_brief
from service.config import Settings
from service.errors import InputError
from service.queue import BUILD_BRIEF_TASK, enqueue_task
from service.storage import briefs as store

log = logging.getLogger(__name__)
profiles = APIRouter(prefix="/v1/brief-profiles", tags=["briefs"], responses=ACCESS_RESPONSES)
router = APIRouter(prefix="/v1/briefs", tags=["briefs"], responses=ACCESS_RESPONSES)
TEXT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/json": {},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        }
    }
}


@profiles.post("", status_code=status.HTTP_201_CREATED, response_model=ProfileOut)
def create_profile(body: ProfileIn, session: SessionDep, principal: SubmitDep) -> ProfileOut:
    """Create a brief profile: filters, sections, size, schedule, formats and webhook."""
    row = store.create_profile(
        session=session, tenant_id=principal.tenant_id, **profile_columns(body)
    )
    session.commit()
    return ProfileOut.of(row)


@profiles.get("", response_model=ProfileList)
def list_profiles(session: SessionDep, principal: ReadDep) -> ProfileList:
    """Your brief profiles, oldest first."""
    rows = store.list_profiles(session=session, tenant_id=principal.tenant_id)
    return ProfileList(items=[ProfileOut.of(row) for row in rows])


@profiles.get("/{profile_id}", response_model=ProfileOut)
def read_profile(profile_id: int, session: SessionDep, principal: ReadDep) -> ProfileOut:
    """One of your brief profiles (the webhook secret is never shown)."""
    row = store.get_profile(session=session, tenant_id=principal.tenant_id, profile_id=profile_id)
    return ProfileOut.of(row)


@profiles.patch("/{profile_id}", response_model=ProfileOut)
def update_profile(
    profile_id: int, body: ProfilePatch, session: SessionDep, principal: SubmitDep
) -> ProfileOut:
    """Change the fields given; `schedule` or `webhook` null removes it."""
    try:
        changes = profile_columns(body)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    row = store.update_profile(
        session=session, tenant_id=principal.tenant_id, profile_id=profile_id, changes=changes
    )
    session.commit()
    return ProfileOut.of(row)


@profiles.delete("/{profile_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_profile(profile_id: int, session: SessionDep, principal: SubmitDep) -> Response:
    """Delete a profile and its briefs."""
    store.delete_profile(session=session, tenant_id=principal.tenant_id, profile_id=profile_id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@profiles.get("/{profile_id}/briefs", response_model=BriefList)
def list_profile_briefs(
    profile_id: int,
    session: SessionDep,
    principal: ReadDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> BriefList:
    """A profile's briefs, newest first."""
    rows = store.list_briefs(
        session=session, tenant_id=principal.tenant_id, profile_id=profile_id, limit=limit
    )
    return BriefList(items=[BriefOut.of(row) for row in rows])


@profiles.get(
    "/{profile_id}/atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
)
def read_profile_atom(
    profile_id: int, request: Request, session: SessionDep, principal: ReadDep
) -> Response:
    """An Atom feed of the profile's finished briefs (each entry holds the HTML brief)."""
    profile = store.get_profile(
        session=session, tenant_id=principal.tenant_id, profile_id=profile_id
    )
    rows = store.list_briefs(session=session, tenant_id=principal.tenant_id, profile_id=profile_id)
    done = [BriefOut.of(row).model_dump() for row in rows if row.status.value == "done"]
    updated = max((b["created_at"] for b in done), default=profile.updated_at)
    body = to_atom(
        feed_id=f"urn:briefing:brief-profile:{profile.id}",
        title=profile.name,
        self_url=str(request.url),
        updated=updated,
        briefs=done,
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def send_brief(settings: Settings, brief_id: int) -> None:
    """Hand a committed brief to the workers; if the broker is down, the beat's
    sweep of queued briefs sends it later."""
    try:
        enqueue_task(settings, BUILD_BRIEF_TASK, [brief_id])
    except Exception:
        log.warning("broker refused brief %s; the beat's sweep sends it", brief_id)


NO_PROFILE: dict[int | str, dict[str, Any]] = {
    404: {
        "description": "No such brief profile (or not yours)",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
}


@router.post(
    "", status_code=status.HTTP_202_ACCEPTED, response_model=BriefAccepted, responses=NO_PROFILE
)
def create_brief(
    body: BriefRequest,
    session: SessionDep,
    settings: SettingsDep,
    principal: SubmitDep,
    response: Response,
    background: BackgroundTasks,
) -> BriefAccepted:
    """Queue a brief from a profile, or from sources and tags, over a time window."""
    brief = new_brief(
        session=session,
        tenant_id=principal.tenant_id,
        profile_id=body.profile_id,
        sources=body.sources,
        tags=body.tags,
        since=body.since,
        until=body.until,
    )
    session.commit()  # enqueue only what is committed
    background.add_task(send_brief, settings, brief.id)
    response.headers["Location"] = f"/v1/briefs/{brief.id}"
    return BriefAccepted(id=brief.id, status=brief.status, location=f"/v1/briefs/{brief.id}")


@router.get("/{brief_id}", response_model=BriefOut, responses=TEXT_RESPONSES)
def read_brief(
    brief_id: int,
    session: SessionDep,
    principal: ReadDep,
    format: Literal["json", "markdown", "html", "text"] = "json",
) -> BriefOut | Response:
    """A brief; `format` markdown, html or text renders it (once it is done)."""
    row = store.get_brief(session=session, tenant_id=principal.tenant_id, brief_id=brief_id)
    out = BriefOut.of(row)
    if format == "json":
        return out
    body, media_type = render(out.model_dump(), format)
    return Response(body, media_type=media_type)
