"""Fixtures of the fault tests: servers of their own, and a way to publish figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from service.storage.migrate import upgrade_database
from tests.faults.harness import Figures, publish
from tests.faults.servers import PostgresCluster, RedisServer


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server on a free port, killed at the end whatever happened."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def own_postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster of this test alone (initdb into a temp dir), migrated."""
    cluster = PostgresCluster()
    try:
        cluster.init()
        upgrade_database(cluster.url)
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Callable[[Figures], None]:
    """Print a scenario's figures past pytest's capture (and to the report dir)."""

    def _report(figures: Figures) -> None:
        with capsys.disabled():
            publish(figures)

    return _report
