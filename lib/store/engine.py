"""One way to open the store, for the app, the sync, the tests and the benchmarks."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from threading import Lock, Thread

from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

SQLITE_PAGE_SIZE = 16384
SQLITE_BUSY_TIMEOUT_MS = 10_000


def utcnow() -> datetime:
    """Naive UTC now: the store keeps every timestamp as naive UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def sqlite_file(url: URL) -> str | None:
    """The database file of a SQLite URL; None for other databases and for in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url.database


def make_engine(database_url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys, so one writer and many
    readers (the Streamlit sessions) never trip over each other."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if sqlite_file(url):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # A new store gets 16 KiB pages (an existing one keeps its own; this must precede WAL): a
        # sync writes every task and its snapshot in one go, ~10% faster on fewer, larger pages.
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    return engine


# What opening a store and upgrading its schema can raise besides a bug: the database's errors, the
# file system's, and Alembic's (a store a newer version of the dashboard made: its revision is unknown here).
STORE_ERRORS = (SQLAlchemyError, OSError, CommandError)


def cannot_open(exc: Exception, database_url: str) -> str:
    """Why the store could not be opened or upgraded, in one line for a terminal: the driver's own
    message ("connection refused", "unable to open database file"), never the SQL or its parameters."""
    from lib.config import shown_url  # (lib.config needs nothing from here)

    reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, CommandError):
        reason += " (a store made by a newer version of the dashboard needs that version)"
    return f"the store at DATABASE_URL {shown_url(database_url)} cannot be opened or upgraded: {reason}"


@contextlib.contextmanager
def defer_checkpoints(conn: Connection) -> Iterator[None]:
    """SQLite: inside the block, this connection's commits leave the write-ahead log as it is,
    instead of copying it into the database file there and then (SQLite's autocheckpoint: after a
    full sync's ~20 MB, ~40-50 ms, mostly fsync, inside the commit the run's result waits for).
    `checkpoint_soon` does the copy after. The connection's own setting is back after the block.
    Elsewhere nothing."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
    conn.commit()
    try:
        yield
    finally:
        with contextlib.suppress(SQLAlchemyError):  # a broken connection is discarded anyway
            if conn.in_transaction():
                conn.rollback()
            conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={int(before)}")
            conn.commit()


_checkpoints: list[Thread] = []
_checkpoints_lock = Lock()
CHECKPOINT_BUSY_TIMEOUT_S = 1.0


def checkpoint_soon(engine: Engine) -> None:
    """SQLite file stores: copy the write-ahead log into the database file in a thread of its own,
    as SQLite's documentation suggests for checkpoints nobody should wait for. PASSIVE: it waits
    for no reader or writer and copies what no reader still needs (the rest goes at the next one,
    or when the last connection closes). The thread is not a daemon: a process that is exiting
    finishes the copy first. Elsewhere, or when no thread can be started, nothing."""
    if not sqlite_file(engine.url):
        return
    args, kwargs = engine.dialect.create_connect_args(engine.url)  # URI filenames, paths as the engine's
    thread = Thread(target=_checkpoint, args=(args, {**kwargs, "timeout": CHECKPOINT_BUSY_TIMEOUT_S}),
                    name="wal-checkpoint")
    with _checkpoints_lock:
        _checkpoints[:] = [t for t in _checkpoints if t.is_alive()] + [thread]
    with contextlib.suppress(RuntimeError):  # no thread to be had: the next checkpoint copies it
        thread.start()


def wait_for_checkpoints() -> None:
    """Until the checkpoints started so far have ended."""
    with _checkpoints_lock:
        started = [t for t in _checkpoints if t.ident is not None]
    for thread in started:
        thread.join()


def _checkpoint(args: list, kwargs: dict) -> None:
    try:
        with contextlib.closing(sqlite3.connect(*args, **kwargs)) as db:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        pass  # housekeeping: the log stays as it is and is copied by the next checkpoint
