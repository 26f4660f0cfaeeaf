"""Named leases: one holder at a time per deployment, on any database.

A lease is a row with a holder and an expiry. Taking it succeeds when it is free,
expired, or already ours; holding it means renewing it before it expires. A holder
that dies simply stops renewing, and another takes over after the expiry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from service.storage.db import insert_unless_present
from service.storage.models import Lease, utcnow


def acquire_lease(
    *,
    session: Session,
    name: str,
    holder: str,
    ttl_s: float,
    holder_is_dead: Callable[[str], bool] = lambda _holder: False,
) -> bool:
    """Take or renew the lease ``name`` for ``ttl_s`` seconds; False if another holds it.

    A lease whose holder ``holder_is_dead`` says is gone is taken at once, without
    waiting for it to expire.
    """
    now = utcnow()
    expires_at = now + timedelta(seconds=ttl_s)
    current = session.scalar(select(Lease.holder).where(Lease.name == name))
    dead = [current] if current and current != holder and holder_is_dead(current) else []
    result = session.execute(
        update(Lease)
        .where(
            Lease.name == name,
            or_(Lease.holder == holder, Lease.expires_at < now, Lease.holder.in_(dead)),
        )
        .values(holder=holder, expires_at=expires_at)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0):
        return True
    # Not there yet, or (False) just taken by someone else.
    return insert_unless_present(session, Lease(name=name, holder=holder, expires_at=expires_at))


def release_lease(*, session: Session, name: str, holder: str) -> None:
    """Give the lease up now (on shutdown), so another holder need not wait for expiry."""
    session.execute(
        update(Lease)
        .where(Lease.name == name, Lease.holder == holder)
        .values(expires_at=utcnow())
        .execution_options(synchronize_session=False)
    )
