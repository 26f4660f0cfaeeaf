"""Database engines and sessions."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """One pooled SQLAlchemy engine per URL per process."""
    return _make_engine(url, pooled=True)


@lru_cache(maxsize=8)
def get_unpooled_engine(url: str) -> Engine:
    """An engine that opens a connection per session and keeps none between them:
    for the reconciler's thread in a worker's parent process, whose pool would
    otherwise be copied into every pool child forked later."""
    return _make_engine(url, pooled=False)


def _make_engine(url: str, *, pooled: bool) -> Engine:
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True} if pooled else {"poolclass": NullPool}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    if parsed.get_backend_name() == "postgresql":
        # A database out of reach must fail fast (the API answers 503), not hang.
        kwargs["connect_args"] = {"connect_timeout": 5}
    engine = create_engine(url, **kwargs)
    _ENGINES.add(engine)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the API read while a worker writes; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _forget_inherited_connections() -> None:
    # A forked child must never use its parent's pooled sockets (two processes on one
    # PostgreSQL connection corrupt it: "can't change 'autocommit' now"). dispose with
    # close=False drops the child's references without closing the parent's sockets.
    for engine in list(_ENGINES):
        engine.dispose(close=False)


_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()
os.register_at_fork(after_in_child=_forget_inherited_connections)


@lru_cache(maxsize=16)
def get_sessionmaker(url: str, pooled: bool = True) -> sessionmaker[Session]:
    engine = get_engine(url) if pooled else get_unpooled_engine(url)
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(url: str, *, pooled: bool = True) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = get_sessionmaker(url, pooled)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def insert_unless_present(session: Session, row: object) -> bool:
    """Add ``row``; False when a unique constraint says it is already there (another
    request stored the same thing between our look and our insert). The session's
    transaction goes on either way."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


def insert_new(
    session: Session, table: Table, *conflict_columns: str
) -> postgresql.Insert | sqlite.Insert:
    """``INSERT .. ON CONFLICT (conflict_columns) DO NOTHING`` for the session's database
    (PostgreSQL or SQLite): rows already there, or stored meanwhile by another
    transaction, are skipped without an error or a savepoint. With ``RETURNING`` it
    gives back only the rows it inserted; the caller reads the others."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
