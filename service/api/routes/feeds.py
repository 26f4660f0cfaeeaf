"""Feeds briefing polls itself (RSS or Atom); each is polled once when created."""

from __future__ import annotations

import logging

from fastapi import APIRouter, BackgroundTasks, Response, status

from service.api.brief_schemas import FeedIn, FeedList, FeedOut
from service.api.deps import SessionDep, SettingsDep
from service.api.security import ACCESS_RESPONSES, ReadDep, SubmitDep
from service.config import Settings
from service.queue import POLL_FEED_TASK, enqueue_task
from service.storage import feeds as store

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/feeds", tags=["feeds"], responses=ACCESS_RESPONSES)


def send_poll(settings: Settings, feed_id: int) -> None:
    """Poll the new feed now; if the broker is down, the beat polls it (it is due)."""
    try:
        enqueue_task(settings, POLL_FEED_TASK, [feed_id])
    except Exception:
        log.warning("broker refused the first poll of feed %s; the beat sends it", feed_id)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=FeedOut)
def create_feed(
    body: FeedIn,
    session: SessionDep,
    settings: SettingsDep,
    principal: SubmitDep,
    response: Response,
    background: BackgroundTasks,
) -> FeedOut:
    """Add a feed to poll every `poll_interval_s` seconds (default 900)."""
    feed = store.create_feed(
        session=session,
        tenant_id=principal.tenant_id,
        url=str(body.url),
        source=body.source,
        tags=body.tags,
        poll_interval_s=body.poll_interval_s,
    )
    session.commit()
    background.add_task(send_poll, settings, feed.id)
    response.headers["Location"] = f"/v1/feeds/{feed.id}"
    return FeedOut.of(feed)


@router.get("", response_model=FeedList)
def list_feeds(session: SessionDep, principal: ReadDep) -> FeedList:
    """Your feeds, with when each was polled and its last error."""
    rows = store.list_feeds(session=session, tenant_id=principal.tenant_id)
    return FeedList(items=[FeedOut.of(row) for row in rows])


@router.get("/{feed_id}", response_model=FeedOut)
def read_feed(feed_id: int, session: SessionDep, principal: ReadDep) -> FeedOut:
    """One of your feeds."""
    return FeedOut.of(
        store.get_feed(session=session, tenant_id=principal.tenant_id, feed_id=feed_id)
    )


@router.delete("/{feed_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_feed(feed_id: int, session: SessionDep, principal: SubmitDep) -> Response:
    """Stop polling a feed (the articles it gave stay)."""
    store.delete_feed(session=session, tenant_id=principal.tenant_id, feed_id=feed_id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
