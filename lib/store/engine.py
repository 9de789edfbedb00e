"""One way to open the store, for the app, the sync, the tests and the benchmarks."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

SQLITE_PAGE_SIZE = 16384
SQLITE_BUSY_TIMEOUT_MS = 10_000


def utcnow() -> datetime:
    """Naive UTC now: the store keeps every timestamp as naive UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def make_engine(database_url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys, so one writer and many
    readers (the Streamlit sessions) never trip over each other."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
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



def defer_checkpoints(conn: Connection) -> None:
    """SQLite: this connection's commits leave the write-ahead log as it is, instead of copying it
    into the database file there and then (SQLite's autocheckpoint: after a full sync's ~20 MB,
    ~40-50 ms, mostly fsync, inside the commit the run's result waits for). `checkpoint_soon` does
    the copy after. Elsewhere nothing."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
        conn.commit()


_checkpoints: list[threading.Thread] = []
_checkpoints_lock = threading.Lock()


def checkpoint_soon(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the database file in a thread of its own, as SQLite's
    documentation suggests for checkpoints nobody should wait for. PASSIVE: it waits for no reader
    or writer, and copies what no reader still needs (the rest goes at the next one, or when the
    last connection closes). Elsewhere nothing. The thread is not a daemon: a process that is
    exiting finishes the copy first."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        return
    thread = threading.Thread(target=_checkpoint, args=(database,), name="wal-checkpoint")
    with _checkpoints_lock:
        _checkpoints[:] = [t for t in _checkpoints if t.is_alive()] + [thread]
    thread.start()


def wait_for_checkpoints() -> None:
    """Until the checkpoints started so far have ended."""
    with _checkpoints_lock:
        running = list(_checkpoints)
    for thread in running:
        thread.join()


def _checkpoint(database: str) -> None:
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)) as db:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        pass  # housekeeping: the log stays as it is and is copied by the next checkpoint
