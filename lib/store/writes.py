"""The writers' few verbs: replace a mirror table, upsert, and audit a local edit.

The sync replaces mirror tables inside its run transaction; edit forms write local tables and an
audit row in one short transaction of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, tuple_, update

from lib.store.engine import utcnow
from lib.store.schema import MIRROR_TABLES, audit_log, task_snapshots

CHUNK = 500


def replace_rows(conn: Connection, table: Table, rows: Iterable[Mapping], where=None) -> int:
    """Delete the table's rows (or those matching `where`) and insert `rows`. Returns rows written."""
    conn.execute(delete(table).where(where) if where is not None else delete(table))
    return insert_rows(conn, table, rows)


def clear_synced(conn: Connection) -> None:
    """Empty every table a sync writes, its task history too (local tables are left alone)."""
    for table in (*MIRROR_TABLES, task_snapshots):
        conn.execute(delete(table))


def insert_rows(conn: Connection, table: Table, rows: Iterable[Mapping]) -> int:
    rows = [dict(r) for r in rows]
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start : start + CHUNK])
    return len(rows)


def upsert_rows(conn: Connection, table: Table, rows: Sequence[Mapping], key: Sequence[str]) -> int:
    """Insert rows, updating those whose `key` columns already exist. Portable (SQLite, PostgreSQL):
    one SELECT of the existing keys per chunk, then executemany UPDATEs and INSERTs."""
    rows = [dict(r) for r in rows]
    key_cols = [table.c[k] for k in key]
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        keys = [tuple(r[k] for k in key) for r in chunk]
        if len(key) == 1:
            found = conn.execute(select(key_cols[0]).where(key_cols[0].in_([k[0] for k in keys])))
        else:
            found = conn.execute(select(*key_cols).where(tuple_(*key_cols).in_(keys)))
        existing = {tuple(r) for r in found}
        new = [r for r, k in zip(chunk, keys) if k not in existing]
        old = [r for r, k in zip(chunk, keys) if k in existing]
        if new:
            conn.execute(insert(table), new)
        _update_many(conn, table, old, key)
    return len(rows)


def _update_many(conn: Connection, table: Table, rows: list[dict], key: Sequence[str]) -> None:
    """One executemany UPDATE per column set (a full sync updates thousands of rows)."""
    by_columns: dict[tuple, list[dict]] = {}
    for r in rows:
        by_columns.setdefault(tuple(sorted(c for c in r if c not in key)), []).append(r)
    for cols, group in by_columns.items():
        if not cols:
            continue
        stmt = (update(table).where(*[table.c[k] == bindparam(f"key_{k}") for k in key])
                .values({c: bindparam(f"new_{c}") for c in cols}))
        conn.execute(stmt, [{**{f"key_{k}": r[k] for k in key}, **{f"new_{c}": r[c] for c in cols}} for r in group])


def audit(conn: Connection, *, actor: str, entity: str, entity_key: str, field: str,
          old, new, reason: str | None = None) -> None:
    """Record one local edit: who, when, what, from what to what, and why."""
    conn.execute(
        insert(audit_log).values(
            at=utcnow(), actor=actor, entity=entity, entity_key=str(entity_key), field=field,
            old_value=None if old is None else str(old), new_value=None if new is None else str(new),
            reason=reason or None,
        )
    )


class EditRefused(Exception):
    """A local edit is not allowed or no longer makes sense; the message is a sentence for the screen."""


def run_edit(engine, work):
    """Run one edit in its own short transaction. A store kept busy by a sync writing becomes a
    clear refusal instead of a traceback."""
    from sqlalchemy.exc import OperationalError

    try:
        with engine.begin() as conn:
            return work(conn)
    except OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise EditRefused("The store is busy (a sync is writing). Please try again in a moment.") from None
        raise
