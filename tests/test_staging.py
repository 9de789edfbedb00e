"""Staged task rows and their merge: what lands in the store, and which changes make history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select

from lib.store import schema as s
from lib.sync.staging import TaskStaging

NOW = datetime(2026, 11, 23, 9, 0)
LATER = datetime(2026, 11, 30, 9, 0)


def task(phid: str, id: int, **fields) -> dict:
    row = {c.name: None for c in s.tasks.columns}
    row.update({"phid": phid, "id": id, "title": f"Task {id}", "status": "open", "is_closed": False,
                "priority_value": 50, "priority_name": "Normal", "is_epic": False, "on_board": True, **fields})
    return row


def new_run(conn, at: datetime) -> int:
    """A run record for the snapshots to point at (its outcome is not what these tests are about)."""
    return conn.execute(insert(s.sync_runs).values(kind="full", started_at=at, outcome="success")).inserted_primary_key[0]


def sync_once(engine, pages: list[list[dict]], at: datetime, *, reconcile: bool = True) -> dict:
    """Stage the pages (tasks only, each in the board's project) and merge them, as a run does."""
    with engine.connect() as conn:
        with conn.begin():
            run_id = new_run(conn, at)
        staging = TaskStaging(conn)
        try:
            for tasks in pages:
                staging.add(tasks, [{"task_phid": t["phid"], "project_phid": "PHID-PROJ-board"} for t in tasks], [])
            with conn.begin():
                return staging.merge(run_id, at, reconcile=reconcile)
        finally:
            staging.drop()


def snapshots(engine, phid: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(s.task_snapshots).where(s.task_snapshots.c.task_phid == phid)
                                              .order_by(s.task_snapshots.c.id)).mappings()]


def test_a_task_seen_on_two_pages_is_stored_once_in_its_later_state(any_engine):
    counts = sync_once(any_engine, [[task("PHID-TASK-a", 1), task("PHID-TASK-b", 2)],
                                    [task("PHID-TASK-a", 1, title="Renamed while paging", points=3.0)]], NOW)
    assert counts == {"tasks": 2, "snapshots": 2, "tasks_left": 0}
    with any_engine.connect() as conn:
        rows = conn.execute(select(s.tasks.c.phid, s.tasks.c.title, s.tasks.c.points).order_by(s.tasks.c.id)).all()
        memberships = conn.execute(select(s.task_projects.c.task_phid)).scalars().all()
    assert rows == [("PHID-TASK-a", "Renamed while paging", 3.0), ("PHID-TASK-b", "Task 2", None)]
    assert sorted(memberships) == ["PHID-TASK-a", "PHID-TASK-b"]


def test_a_stored_task_seen_on_two_pages_gets_one_snapshot_of_its_later_state(any_engine):
    sync_once(any_engine, [[task("PHID-TASK-a", 1)]], NOW)
    counts = sync_once(any_engine, [[task("PHID-TASK-a", 1, points=1.0)], [task("PHID-TASK-a", 1, points=2.0)]], LATER)
    assert counts["snapshots"] == 1
    assert [snap["points"] for snap in snapshots(any_engine, "PHID-TASK-a")] == [None, 2.0]


def test_only_a_change_to_a_tracked_field_makes_a_new_snapshot(any_engine):
    sync_once(any_engine, [[task("PHID-TASK-a", 1), task("PHID-TASK-b", 2), task("PHID-TASK-c", 3)]], NOW)
    counts = sync_once(any_engine, [[task("PHID-TASK-a", 1, title="Reworded"),         # not tracked
                                     task("PHID-TASK-b", 2, points=5.0),               # NULL -> 5
                                     task("PHID-TASK-c", 3, priority_name="Medium")]],  # a renamed level
                       LATER)
    assert counts["snapshots"] == 1
    assert [snap["points"] for snap in snapshots(any_engine, "PHID-TASK-b")] == [None, 5.0]
    assert len(snapshots(any_engine, "PHID-TASK-a")) == len(snapshots(any_engine, "PHID-TASK-c")) == 1


def test_a_full_run_records_the_tasks_that_left_and_keeps_them(any_engine):
    sync_once(any_engine, [[task("PHID-TASK-a", 1), task("PHID-TASK-b", 2, points=2.0)]], NOW)
    counts = sync_once(any_engine, [[task("PHID-TASK-a", 1)]], LATER)
    assert counts == {"tasks": 1, "snapshots": 1, "tasks_left": 1}
    with any_engine.connect() as conn:
        gone = conn.execute(select(s.tasks).where(s.tasks.c.phid == "PHID-TASK-b")).mappings().one()
    assert gone["on_board"] is False and gone["left_board_at"] == LATER
    last = snapshots(any_engine, "PHID-TASK-b")[-1]
    assert last["on_board"] is False and last["points"] == 2.0 and last["observed_at"] == LATER


def test_an_incremental_run_does_not_reconcile(any_engine):
    sync_once(any_engine, [[task("PHID-TASK-a", 1), task("PHID-TASK-b", 2)]], NOW)
    assert sync_once(any_engine, [[task("PHID-TASK-a", 1)]], LATER, reconcile=False)["tasks_left"] == 0
    with any_engine.connect() as conn:
        assert conn.execute(select(s.tasks.c.on_board).where(s.tasks.c.phid == "PHID-TASK-b")).scalar() is True


def temp_tables(conn) -> list[str]:
    if conn.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_temp_master WHERE type = 'table'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = (SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema())"
    return conn.exec_driver_sql(sql).scalars().all()


def test_staging_leaves_nothing_behind_on_the_pooled_connection(any_engine):
    with any_engine.connect() as conn:
        staging = TaskStaging(conn)
        staging.add([task("PHID-TASK-a", 1)], [], [])
        assert "stage_tasks" in temp_tables(conn)
        staging.drop()
    with any_engine.connect() as conn:  # whichever connection the pool hands out next
        assert temp_tables(conn) == []


def test_snapshots_another_run_wrote_meanwhile_are_compared_against(any_engine):
    """Runs are not meant to overlap, but should one record a task's state between this run's
    staging and its merge, the task is not recorded twice."""
    with any_engine.connect() as conn:
        with conn.begin():
            run_id = new_run(conn, NOW)
        staging = TaskStaging(conn)
        try:
            staging.add([task("PHID-TASK-a", 1)], [], [])
            with any_engine.begin() as other:
                other.execute(insert(s.task_snapshots).values(
                    run_id=new_run(other, NOW), observed_at=NOW, task_phid="PHID-TASK-a", priority_name="Normal",
                    status="open", is_closed=False, priority_value=50, on_board=True))
            with conn.begin():
                counts = staging.merge(run_id, LATER, reconcile=False)
        finally:
            staging.drop()
    assert counts["snapshots"] == 0
    assert len(snapshots(any_engine, "PHID-TASK-a")) == 1


def test_staged_values_are_stored_exactly_as_the_store_s_own_insert_stores_them(any_engine):
    """Staging goes through the driver's executemany; what lands must not differ by a byte from
    SQLAlchemy's insert() (a different datetime or boolean form would make every task look changed)."""
    fields = dict(title="The same task", points=2.5, is_closed=True, is_epic=True, owner_phid="PHID-USER-x", subtype="epic",
                  date_created=datetime(2026, 1, 2, 3, 4, 5), date_modified=datetime(2026, 11, 20, 8, 30, 0, 123000),
                  date_closed=datetime(2026, 11, 21, 0, 0), status="resolved", status_name="Resolved")
    sync_once(any_engine, [[task("PHID-TASK-staged", 1, **fields)]], NOW)
    with any_engine.begin() as conn:
        conn.execute(insert(s.tasks), [task("PHID-TASK-direct", 2, **fields)])
    with any_engine.connect() as conn:  # the stored form, as the driver reads it back
        stored = {row[0]: row[2:] for row in conn.exec_driver_sql(
            "SELECT " + ", ".join(c.name for c in s.tasks.columns) + " FROM tasks ORDER BY id")}
    assert stored["PHID-TASK-staged"] == stored["PHID-TASK-direct"]
    assert len(stored["PHID-TASK-staged"]) == len(s.tasks.columns) - 2 and any(v is not None for v in stored["PHID-TASK-direct"])


def test_into_an_empty_store_the_staged_tasks_are_copied_whole_and_after_that_merged(any_engine):
    """A first sync (the biggest a team runs) copies the staged table as it is, which SQLite does b-tree
    to b-tree; a store that holds tasks takes the update-and-insert merge. The rows come out the same."""
    from sqlalchemy import event

    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(any_engine, "before_cursor_execute", listen)
    try:
        sync_once(any_engine, [[task("PHID-TASK-b", 2), task("PHID-TASK-a", 1, points=2.0)]], NOW)
        whole = [x for x in statements if x.startswith("INSERT INTO tasks SELECT * FROM stage_tasks")]
        statements.clear()
        sync_once(any_engine, [[task("PHID-TASK-a", 1, points=5.0), task("PHID-TASK-c", 3)]], LATER)
        again = [x for x in statements if x.startswith("INSERT INTO tasks SELECT * FROM stage_tasks")]
    finally:
        event.remove(any_engine, "before_cursor_execute", listen)
    assert len(whole) == 1 and again == []
    with any_engine.connect() as conn:
        rows = conn.execute(select(s.tasks.c.id, s.tasks.c.points, s.tasks.c.on_board).order_by(s.tasks.c.id)).all()
    assert rows == [(1, 5.0, True), (2, None, False), (3, None, True)]
