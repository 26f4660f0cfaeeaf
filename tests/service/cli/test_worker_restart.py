"""When `briefing worker` restarts itself, and when it ends (the decision, not Celery)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from celery.signals import worker_init, worker_ready
from celery.worker import state

from service.cli import worker_restart


@pytest.fixture
def execs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    monkeypatch.setattr(worker_restart.time, "sleep", lambda _s: None)
    monkeypatch.setattr(worker_restart.os, "execv", lambda _exe, argv: calls.append(argv))
    monkeypatch.setattr(worker_restart.signal, "signal", lambda *_: None)
    monkeypatch.setattr(state, "should_stop", None)
    monkeypatch.setattr(state, "should_terminate", None)
    monkeypatch.delenv(worker_restart.RESTARTS_ENV, raising=False)
    return calls


class _Controller:
    exitcode: int | None = None


class _Consumer:
    def __init__(self, controller: _Controller) -> None:
        self.controller = controller


def _worker(exitcode: int, *, gets_ready: bool, stop_signal: bool = False) -> Callable[[], None]:
    def run() -> None:
        controller = _Controller()
        worker_init.send(sender=controller)
        if gets_ready:
            worker_ready.send(sender=_Consumer(controller))
        if stop_signal:
            state.should_stop = 0
        controller.exitcode = exitcode

    return run


def test_an_error_after_ready_execs_a_fresh_worker(execs: list[list[str]]) -> None:
    worker_restart.run_restarting(_worker(1, gets_ready=True))
    assert len(execs) == 1
    assert worker_restart.os.environ[worker_restart.RESTARTS_ENV] == "1"


def test_an_error_before_ready_exits_with_it(execs: list[list[str]]) -> None:
    with pytest.raises(SystemExit) as stopped:
        worker_restart.run_restarting(_worker(1, gets_ready=False))
    assert stopped.value.code == 1
    assert execs == []


def test_a_requested_stop_ends_the_worker(execs: list[list[str]]) -> None:
    with pytest.raises(SystemExit) as stopped:
        worker_restart.run_restarting(_worker(0, gets_ready=True, stop_signal=True))
    assert stopped.value.code == 0
    assert execs == []


def test_backoff_doubles_up_to_its_cap() -> None:
    delays = [worker_restart.restart_delay(n) for n in range(8)]
    assert delays[:4] == [1.0, 2.0, 4.0, 8.0]
    assert max(delays) == worker_restart.MAX_DELAY_S
