"""A run's task rows, staged page by page in TEMP tables while the fetch goes on, then merged into
the store by a few set-based statements inside the run's one transaction.

TEMP tables belong to the run's own connection, so staging takes no lock other sessions could wait
on (an edit made during a long fetch goes through), and a failed run leaves nothing behind. The
merge is done by the database (UPDATE … FROM, INSERT … SELECT), not row by row from Python, which
keeps the write lock short. Both work the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (Column, Connection, MetaData, Table, UniqueConstraint, delete, exists, false, func, insert,
                        literal, or_, select, update)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateTable, DropTable

from lib.store import schema as s
from lib.store.engine import sqlite_file

# What a snapshot records, and what counts as a change worth a new snapshot (priority_name is
# recorded, not compared: a renamed level is not a change to the task).
SNAPSHOT_FIELDS = ("status", "is_closed", "priority_value", "points", "owner_phid", "column_phid", "sprint_phid",
                   "on_board")
SNAPSHOT_COLUMNS = ("task_phid", "priority_name", *SNAPSHOT_FIELDS)
STAGED = (s.tasks, s.task_projects, s.task_columns)


class _DriverInsert:
    """INSERT of whole rows into one staging table through the driver's own executemany, each
    column's value converted by its SQLAlchemy type (so it is stored exactly as `insert()` would
    store it) in one tight loop. SQLAlchemy's per-row parameter handling cost ~2 ms of the GIL a
    page of 100 tasks, taken from the thread that sends the next request."""

    def __init__(self, conn: Connection, table: Table):
        dialect, names = conn.dialect, [c.name for c in table.columns]
        compiled = insert(table).compile(dialect=dialect, column_keys=names)
        self.sql, self.positional = str(compiled), compiled.positional
        order = compiled.positiontup if compiled.positional else names  # qmark (SQLite) or named (psycopg)
        self.columns = [(n, table.c[n].type.dialect_impl(dialect).bind_processor(dialect)) for n in order]

    def __call__(self, conn: Connection, rows: Sequence[dict]) -> None:
        if not rows:
            return
        values = [tuple((f(r.get(n)) if f else r.get(n)) for n, f in self.columns) for r in rows]
        if not self.positional:
            names = [n for n, _f in self.columns]
            values = [dict(zip(names, v)) for v in values]
        conn.exec_driver_sql(self.sql, values)


def _stage_snapshots(metadata: MetaData) -> Table:
    """The snapshot each staged task will get (when it changed), worked out as its page is staged."""
    snap = s.task_snapshots
    return Table("stage_task_snapshots", metadata,
                 *[Column(n, snap.c[n].type, primary_key=n == "task_phid") for n in SNAPSHOT_COLUMNS],
                 prefixes=["TEMPORARY"])


def _stage_table(table: Table, metadata: MetaData) -> Table:
    """Same columns, types and NOT NULLs as `table` (so values are stored alike); the staged tasks are
    keyed as the store keys its tasks (phid, a unique id): what the merge looks them up by, and what
    lets SQLite copy them into a store without tasks b-tree to b-tree (its transfer of a whole table
    needs the same constraints on both)."""
    tasks = table is s.tasks
    return Table(f"stage_{table.name}", metadata,
                 *[Column(c.name, c.type, primary_key=tasks and c.name == "phid", nullable=c.nullable)
                   for c in table.columns],
                 *([UniqueConstraint("id")] if tasks else []),
                 prefixes=["TEMPORARY"])


class TaskStaging:
    """Stage pages of task rows on `conn`; `merge` writes them to the store."""

    def __init__(self, conn: Connection):
        self.conn = conn
        metadata = MetaData()
        self.tables = {t.name: _stage_table(t, metadata) for t in STAGED}
        self.tasks = self.tables["tasks"]
        self._insert = {name: _DriverInsert(conn, table) for name, table in self.tables.items()}
        self.snapshots = self.tables["task_snapshots"] = _stage_snapshots(metadata)
        self.phids: set[str] = set()
        self.into_empty_store = False  # set by merge: the store held no task, every task is this run's
        for table in self.tables.values():  # a pooled connection may still hold an earlier run's
            conn.execute(DropTable(table, if_exists=True))
            conn.execute(CreateTable(table))
        # The staged snapshots are worked out against the snapshots stored now; should another run
        # write some meanwhile (runs are not meant to overlap), the merge works them out again.
        self._latest_snapshot = conn.execute(select(func.max(s.task_snapshots.c.id))).scalar()
        conn.commit()

    def add(self, tasks: Sequence[dict], projects: Sequence[dict], columns: Sequence[dict]) -> None:
        """Stage one page. A task seen again (pages can overlap when the board changes while it is
        read) replaces its earlier rows."""
        again = [t["phid"] for t in tasks if t["phid"] in self.phids]
        for start in range(0, len(again), 500):
            chunk = again[start:start + 500]
            self.conn.execute(delete(self.tasks).where(self.tasks.c.phid.in_(chunk)))
            self.conn.execute(delete(self.snapshots).where(self.snapshots.c.task_phid.in_(chunk)))
            for name in ("task_projects", "task_columns"):
                table = self.tables[name]
                self.conn.execute(delete(table).where(table.c.task_phid.in_(chunk)))
        self._insert["tasks"](self.conn, tasks)
        self._insert["task_projects"](self.conn, projects)
        self._insert["task_columns"](self.conn, columns)
        self._stage_snapshots([t["phid"] for t in tasks])
        self.conn.commit()  # ends the read snapshot too, so a long fetch never pins the store's WAL
        self.phids.update(t["phid"] for t in tasks)

    def unchanged_epics(self, changed_before: datetime) -> set[str]:
        """Staged epics, stored as epics, whose `dateModified` is the one already stored and earlier
        than `changed_before`: not changed since a run that read them after their last change."""
        staged, stored = self.tasks, s.tasks
        unchanged = set(self.conn.execute(select(staged.c.phid).join(stored, stored.c.phid == staged.c.phid).where(
            staged.c.is_epic.is_(True), stored.c.is_epic.is_(True), stored.c.date_modified == staged.c.date_modified,
            stored.c.date_modified < changed_before)).scalars())
        self.conn.commit()  # ends the read: the write begins its own transaction
        return unchanged

    def drop(self) -> None:
        """Best effort: a broken connection is discarded by the pool, and its TEMP tables with it.
        A SQLite file store's connection is closed instead (the pool opens a new one when next
        asked): freeing its memory at once is quicker than dropping the tables one by one (~10 ms at
        20,000 tasks). Elsewhere a new connection costs more than that, and an in-memory database
        would go with it."""
        with contextlib.suppress(SQLAlchemyError):
            if sqlite_file(self.conn.engine.url):
                self.conn.invalidate()
                return
            if self.conn.in_transaction():
                self.conn.rollback()
            for table in self.tables.values():
                self.conn.execute(DropTable(table, if_exists=True))
            self.conn.commit()

    # --- the merge, inside the run's transaction ------------------------------------------------

    def merge(self, run_id: int, now: datetime, *, reconcile: bool) -> dict:
        """Write the staged tasks and their memberships, record a snapshot of each task that is new
        or changed, and (when `reconcile`, i.e. a full run) mark tasks no longer on the board as
        left, with a snapshot saying so. Returns counts."""
        conn, staged = self.conn, self.tasks
        staged_phids = select(staged.c.phid)
        first = self.into_empty_store = conn.execute(select(s.tasks.c.phid).limit(1)).first() is None
        snapshots = self._snapshot_changes(run_id, now)
        left = 0
        if reconcile and not first:
            # NOT EXISTS probes the staged key per task on the board (nothing to do in an empty store);
            # NOT IN would first build a set of every staged key, twice.
            gone = s.tasks.c.on_board.is_(True) & ~exists().where(staged.c.phid == s.tasks.c.phid)
            snapshots += self._snapshot_leaving(gone, run_id, now)
            left = conn.execute(update(s.tasks).where(gone).values(on_board=False, left_board_at=now)).rowcount
        task_columns = [c.name for c in s.tasks.columns]
        if first:  # the whole staged table, as "SELECT *": SQLite copies it without decoding a row (~5x quicker)
            conn.exec_driver_sql(f"INSERT INTO {s.tasks.name} SELECT * FROM {staged.name}")
        else:
            conn.execute(update(s.tasks).where(s.tasks.c.phid == staged.c.phid)
                         .values({name: staged.c[name] for name in task_columns if name != "phid"}))
            # New rows go in in key order: each index then grows at its end instead of splitting pages.
            conn.execute(insert(s.tasks).from_select(
                task_columns, select(*[staged.c[n] for n in task_columns])
                .where(staged.c.phid.not_in(select(s.tasks.c.phid))).order_by(staged.c.phid)))
        for name in ("task_projects", "task_columns"):
            table, stage = s.metadata.tables[name], self.tables[name]
            conn.execute(delete(table).where(table.c.task_phid.in_(staged_phids)))
            columns = [c.name for c in table.columns]
            key = [stage.c[c.name] for c in table.primary_key.columns]
            conn.execute(insert(table).from_select(columns, select(*[stage.c[n] for n in columns]).order_by(*key)))
        return {"tasks": len(self.phids), "snapshots": snapshots, "tasks_left": left}

    def _stage_snapshots(self, phids: list[str] | None) -> None:
        """The snapshot of each staged task (of a page, or all when `phids` is None) whose state
        differs from its latest stored snapshot (or has none), worked out while the fetch goes on:
        the merge only copies them."""
        if phids is not None and not phids:
            return
        snap, staged = s.task_snapshots, self.tasks
        prev = snap.alias("prev")
        latest = select(func.max(snap.c.id)).where(snap.c.task_phid == staged.c.phid).scalar_subquery()
        changed = or_(prev.c.id.is_(None), *[staged.c[k].is_distinct_from(prev.c[k]) for k in SNAPSHOT_FIELDS])
        rows = (select(staged.c.phid, staged.c.priority_name, *[staged.c[k] for k in SNAPSHOT_FIELDS])
                .select_from(staged.outerjoin(prev, prev.c.id == latest))
                .where(changed, *([staged.c.phid.in_(phids)] if phids is not None else [])))
        self.conn.execute(insert(self.snapshots).from_select(SNAPSHOT_COLUMNS, rows))

    def _snapshot_changes(self, run_id: int, now: datetime) -> int:
        """One snapshot per staged task whose state differs from its latest snapshot (or has none)."""
        if self.conn.execute(select(func.max(s.task_snapshots.c.id))).scalar() != self._latest_snapshot:
            self.conn.execute(delete(self.snapshots))  # another run wrote snapshots since staging began
            self._stage_snapshots(None)
        stage = self.snapshots
        return self._insert_snapshots(select(*self._stamp(run_id, now), *[stage.c[n] for n in SNAPSHOT_COLUMNS])
                                      .order_by(stage.c.task_phid))

    def _snapshot_leaving(self, gone, run_id: int, now: datetime) -> int:
        t = s.tasks
        fields = [t.c[k] if k != "on_board" else false() for k in SNAPSHOT_FIELDS]
        return self._insert_snapshots(select(*self._stamp(run_id, now), t.c.phid, t.c.priority_name, *fields).where(gone))

    @staticmethod
    def _stamp(run_id: int, now: datetime):
        snap = s.task_snapshots
        return literal(run_id, snap.c.run_id.type), literal(now, snap.c.observed_at.type)

    def _insert_snapshots(self, rows) -> int:
        columns = ["run_id", "observed_at", *SNAPSHOT_COLUMNS]
        statement = insert(s.task_snapshots).from_select(columns, rows).execution_options(preserve_rowcount=True)
        return self.conn.execute(statement).rowcount
