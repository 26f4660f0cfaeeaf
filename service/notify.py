"""Telling waiting clients that summaries finished.

Workers call :func:`publish_summaries_finished` after they store a summary as done
or failed; the API's long-polls (``GET /v1/summaries/{id}?wait=``) wake on it. On
PostgreSQL this is ``NOTIFY`` on :data:`CHANNEL` (PostgreSQL is always there in
production, whatever the broker). On SQLite there is nothing to publish: the API
looks for finished summaries itself, one query for all of its waiting clients.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import make_url

from service.storage.db import get_engine

CHANNEL = "briefing_summary_finished"
log = logging.getLogger(__name__)


def notifies(database_url: str) -> bool:
    """Whether this database carries notifications (else waiters poll)."""
    return make_url(database_url).get_backend_name() == "postgresql"


def publish_summaries_finished(database_url: str, summary_ids: Iterable[int]) -> None:
    """Wake the long-polls waiting on these summaries (ids of the ``summaries`` table).

    Never raises: a lost notification costs a waiting client a few seconds (the API
    looks again now and then), never the stored result.
    """
    ids = [int(summary_id) for summary_id in summary_ids]
    if not ids or not notifies(database_url):
        return
    try:
        with get_engine(database_url).connect() as connection:
            connection.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": ",".join(map(str, ids))},
            )
            connection.commit()
    except Exception:
        log.warning("could not notify waiters of summaries %s", ids, exc_info=True)
