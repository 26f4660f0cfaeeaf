"""Claims, heartbeats, recovery of stalled work and leases, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from service.config import Settings
from service.storage.claims import (
    ClaimResult,
    claim_summary,
    heartbeat,
    holder_is_dead,
    mark_dispatched,
    recover_stalled,
    this_process,
)
from service.storage.db import session_scope
from service.storage.leases import acquire_lease, release_lease
from service.storage.models import Summary, SummaryStatus, utcnow
from tests.factories import complete, queued_summary

OTHER_HOST = "elsewhere:4242"  # a holder on another machine: judged by heartbeat only


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, settings: Settings) -> str:
    if request.param == "sqlite":
        return settings.resolved_database_url
    return str(request.getfixturevalue("postgres_url"))


def _claim(url: str, summary_id: int, holder: str, *, stale_s: float = 60, **kw: object) -> str:
    with session_scope(url) as session:
        return claim_summary(
            session=session,
            summary_id=summary_id,
            holder=holder,
            stale_before=utcnow() - timedelta(seconds=stale_s),
            max_attempts=int(kw.pop("max_attempts", 3)),  # type: ignore[call-overload]
            alone=bool(kw.pop("alone", True)),
        )


def _row(url: str, summary_id: int) -> Summary:
    with session_scope(url) as session:
        row = session.get(Summary, summary_id)
        assert row is not None
        return row


def _age_heartbeat(url: str, summary_id: int, seconds: float) -> None:
    with session_scope(url) as session:
        session.execute(
            update(Summary)
            .where(Summary.id == summary_id)
            .values(heartbeat_at=utcnow() - timedelta(seconds=seconds))
        )


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_live_claim_is_exclusive_and_each_claim_counts_an_attempt(url: str) -> None:
    summary_id = queued_summary(url, "Some text.")
    assert _claim(url, summary_id, OTHER_HOST) is ClaimResult.claimed
    assert _claim(url, summary_id, "another:1") is ClaimResult.busy
    row = _row(url, summary_id)
    assert row.status is SummaryStatus.running and row.attempts == 1
    assert row.claimed_by == OTHER_HOST and row.heartbeat_at is not None


def test_a_heartbeat_keeps_the_claim_and_silence_loses_it(url: str) -> None:
    summary_id = queued_summary(url, "Some text.")
    _claim(url, summary_id, OTHER_HOST)
    _age_heartbeat(url, summary_id, 300)
    with session_scope(url) as session:
        assert heartbeat(session=session, summary_ids=[summary_id], holder=OTHER_HOST) == 1
        assert heartbeat(session=session, summary_ids=[summary_id], holder="not:me") == 0
    assert _claim(url, summary_id, "another:1") is ClaimResult.busy
    _age_heartbeat(url, summary_id, 300)
    assert _claim(url, summary_id, "another:1") is ClaimResult.claimed
    assert _row(url, summary_id).attempts == 2


def test_a_dead_holder_on_this_host_is_taken_over_at_once(url: str) -> None:
    summary_id = queued_summary(url, "Some text.")
    host = this_process().rsplit(":", 1)[0]
    dead = f"{host}:{_dead_pid()}"
    assert holder_is_dead(dead)
    assert not holder_is_dead(f"{host}:{os.getppid()}") and not holder_is_dead(OTHER_HOST)
    _claim(url, summary_id, dead)
    assert _claim(url, summary_id, "another:1") is ClaimResult.claimed


def test_out_of_attempts_ends_failed_with_the_reason(url: str) -> None:
    summary_id = queued_summary(url, "Some text.")
    for _ in range(3):
        assert _claim(url, summary_id, OTHER_HOST, stale_s=-1) is ClaimResult.claimed
    assert _claim(url, summary_id, OTHER_HOST, stale_s=-1) is ClaimResult.exhausted
    row = _row(url, summary_id)
    assert row.status is SummaryStatus.failed
    assert row.error == "worker died 3 times on this article"


def test_work_taken_from_a_dead_batch_is_queued_to_run_alone(url: str) -> None:
    summary_id = queued_summary(url, "Some text.")
    _claim(url, summary_id, OTHER_HOST)
    _age_heartbeat(url, summary_id, 300)
    assert _claim(url, summary_id, "another:1", alone=False) is ClaimResult.isolate
    row = _row(url, summary_id)
    assert row.status is SummaryStatus.queued and row.attempts == 1
    assert _claim(url, summary_id, "another:1") is ClaimResult.claimed


def test_a_result_is_dropped_once_another_worker_owns_the_summary(url: str) -> None:
    summary_id = queued_summary(url, "Some text.")
    _claim(url, summary_id, OTHER_HOST)
    _age_heartbeat(url, summary_id, 300)
    _claim(url, summary_id, "another:1")

    with session_scope(url) as session:
        assert not complete(session, summary_id, OTHER_HOST)
        assert complete(session, summary_id, "another:1")
    assert _row(url, summary_id).status is SummaryStatus.done


def test_recovery_resends_undispatched_lost_and_abandoned_work(url: str) -> None:
    undispatched = queued_summary(url, "one")
    lost = queued_summary(url, "two")
    waiting = queued_summary(url, "three", queue="bulk")
    abandoned = queued_summary(url, "four")
    finished = queued_summary(url, "five")
    with session_scope(url) as session:
        mark_dispatched(session=session, summary_ids=[lost, waiting, abandoned])
    _claim(url, abandoned, OTHER_HOST)
    _claim(url, finished, OTHER_HOST)
    with session_scope(url) as session:
        complete(session, finished, OTHER_HOST)
    later = utcnow() + timedelta(seconds=200)
    with session_scope(url) as session:
        recovery = recover_stalled(
            session=session,
            now=later,
            recover_after_s=120,
            undispatched_grace_s=10,
            max_attempts=3,
            busy_lanes=frozenset({"bulk"}),
        )
    assert sorted(recovery.resend) == [
        (undispatched, "editor"),
        (lost, "editor"),
        (abandoned, "editor"),
    ]
    assert recovery.failed == []
    row = _row(url, abandoned)
    assert row.status is SummaryStatus.queued and row.claimed_by is None
    # Nothing is stalled right now: a fresh pass finds nothing.
    with session_scope(url) as session:
        fresh = recover_stalled(
            session=session,
            now=utcnow(),
            recover_after_s=120,
            undispatched_grace_s=10,
            max_attempts=3,
        )
    assert fresh.resend == []


def test_recovery_backs_off_per_resend_and_fails_the_exhausted(url: str) -> None:
    resent_twice = queued_summary(url, "one")
    exhausted = queued_summary(url, "two")
    with session_scope(url) as session:
        mark_dispatched(session=session, summary_ids=[resent_twice])
        mark_dispatched(session=session, summary_ids=[resent_twice])
    for _ in range(3):
        _claim(url, exhausted, OTHER_HOST, stale_s=-1)

    def recover(after_s: float) -> tuple[list[int], list[int]]:
        with session_scope(url) as session:
            found = recover_stalled(
                session=session,
                now=utcnow() + timedelta(seconds=after_s),
                recover_after_s=120,
                undispatched_grace_s=10,
                max_attempts=3,
            )
        return [summary_id for summary_id, _ in found.resend], found.failed

    # Sent twice: it waits 2 x 120 s before a third copy.
    assert recover(180) == ([], [exhausted])
    assert _row(url, exhausted).error == "worker died 3 times on this article"
    assert recover(250) == ([resent_twice], [])


def test_a_lease_has_one_holder_until_it_expires_or_is_released(url: str) -> None:
    with session_scope(url) as session:
        assert acquire_lease(session=session, name="job", holder="a", ttl_s=60)
    with session_scope(url) as session:
        assert not acquire_lease(session=session, name="job", holder="b", ttl_s=60)
        assert acquire_lease(session=session, name="job", holder="a", ttl_s=60)  # renewal
    with session_scope(url) as session:
        release_lease(session=session, name="job", holder="a")
    with session_scope(url) as session:
        assert acquire_lease(session=session, name="job", holder="b", ttl_s=0.01)
    time.sleep(0.05)
    with session_scope(url) as session:
        assert acquire_lease(session=session, name="job", holder="c", ttl_s=60)


def test_a_lease_held_by_a_dead_process_on_this_host_is_taken_at_once(url: str) -> None:
    host = this_process().rsplit(":", 1)[0]
    dead, live = f"{host}:{_dead_pid()}", f"{host}:{os.getppid()}"
    with session_scope(url) as session:
        assert acquire_lease(session=session, name="job", holder=live, ttl_s=600)
    with session_scope(url) as session:
        assert not acquire_lease(
            session=session, name="job", holder="b", ttl_s=60, holder_is_dead=holder_is_dead
        )
        release_lease(session=session, name="job", holder=live)
    with session_scope(url) as session:
        assert acquire_lease(session=session, name="job", holder=dead, ttl_s=600)
    with session_scope(url) as session:
        assert acquire_lease(
            session=session, name="job", holder="b", ttl_s=60, holder_is_dead=holder_is_dead
        )


def test_a_summary_whose_workers_kept_dying_says_so_when_it_fails(url: str) -> None:
    summary_id = queued_summary(url, "Some text.")
    for _ in range(3):
        assert _claim(url, summary_id, OTHER_HOST) is ClaimResult.claimed
        _age_heartbeat(url, summary_id, 300)
        with session_scope(url) as session:  # the reconciler finds it silent: queued again
            recover_stalled(
                session=session,
                now=utcnow(),
                recover_after_s=120,
                undispatched_grace_s=10,
                max_attempts=5,
            )
    assert _claim(url, summary_id, OTHER_HOST) is ClaimResult.exhausted
    assert _row(url, summary_id).error == "worker died 3 times on this article"
