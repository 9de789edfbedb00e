"""The store: migrations keep rows, engine settings, the portable upsert."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from lib.store import schema as s
from lib.store.engine import defer_checkpoints, make_engine, sqlite_file, utcnow
from lib.store.migrate import current_revision, upgrade
from lib.store.writes import audit, replace_rows, upsert_rows


def test_upgrade_to_head_creates_every_table(any_engine):
    tables = set(inspect(any_engine).get_table_names())
    assert set(s.metadata.tables) <= tables


def test_upgrade_twice_is_harmless_and_keeps_rows(any_engine):
    with any_engine.begin() as conn:
        conn.execute(insert(s.team_members).values(name="Sam Wilson", role="Engineer", position=1))
    head = current_revision(any_engine)
    upgrade(any_engine)
    assert current_revision(any_engine) == head
    with any_engine.connect() as conn:
        assert conn.execute(select(s.team_members.c.name)).scalars().all() == ["Sam Wilson"]


def test_upgrade_from_first_revision_keeps_existing_rows(any_store_url):
    eng = make_engine(any_store_url)
    upgrade(eng, "0001")
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, actor, entity, entity_key, field, old_value, new_value) "
                          "VALUES (:at, 'jack', 'task', 'T1', 'priority', '50', '80')"), {"at": utcnow()})
        conn.execute(text("INSERT INTO sync_runs (kind, started_at, outcome, requests) "
                          "VALUES ('full', :at, 'success', 12)"), {"at": utcnow()})
    upgrade(eng, "head")
    assert current_revision(eng) != "0001"
    with eng.connect() as conn:
        audit_rows = conn.execute(select(s.audit_log.c.actor, s.audit_log.c.new_value)).all()
        run = conn.execute(select(s.sync_runs.c.requests, s.sync_runs.c.started_by)).one()
    assert [tuple(r) for r in audit_rows] == [("jack", "80")]
    assert tuple(run) == (12, None)
    eng.dispose()


def test_upgrade_dropping_the_unused_task_indexes_keeps_tasks(any_store_url):
    eng = make_engine(any_store_url)
    upgrade(eng, "0002")
    assert "ix_tasks_owner_phid" in {ix["name"] for ix in inspect(eng).get_indexes("tasks")}
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO tasks (phid, id, title, status, is_closed, is_epic, on_board, owner_phid) "
                          "VALUES ('PHID-TASK-1', 1, 'Keep me', 'open', false, false, true, 'PHID-USER-a')"))
    upgrade(eng, "0003")
    left = {ix["name"] for ix in inspect(eng).get_indexes("tasks")}
    assert not left & {"ix_tasks_owner_phid", "ix_tasks_sprint_phid", "ix_tasks_date_modified"}
    with eng.connect() as conn:
        assert tuple(conn.execute(select(s.tasks.c.id, s.tasks.c.title, s.tasks.c.owner_phid)).one()) == (
            1, "Keep me", "PHID-USER-a")
    eng.dispose()


def test_upgrade_recording_the_parser_version_keeps_wiki_pages(any_store_url):
    eng = make_engine(any_store_url)
    upgrade(eng, "0004")
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO wiki_pages (kind, title, revid, fetched_at) VALUES ('team', 'T', 7, :at)"),
                     {"at": utcnow()})
    upgrade(eng, "0005")
    with eng.connect() as conn:
        row = conn.execute(select(s.wiki_pages.c.kind, s.wiki_pages.c.revid, s.wiki_pages.c.parsed_with)).one()
    assert tuple(row) == ("team", 7, None)  # no version yet: the next run reads the page again
    assert "sync_state" not in inspect(eng).get_table_names()
    eng.dispose()


def test_upgrade_allowing_one_running_run_fails_all_but_the_latest_of_those_running(any_store_url):
    eng = make_engine(any_store_url)
    upgrade(eng, "0005")
    with eng.begin() as conn:
        for outcome in ("running", "success", "running"):
            conn.execute(text("INSERT INTO sync_runs (kind, started_at, outcome, requests) VALUES ('full', :at, :o, 1)"),
                         {"at": utcnow(), "o": outcome})
    upgrade(eng, "0006")
    with eng.connect() as conn:
        rows = conn.execute(select(s.sync_runs.c.id, s.sync_runs.c.outcome, s.sync_runs.c.error)
                            .order_by(s.sync_runs.c.id)).all()
    assert [r.outcome for r in rows] == ["failed", "success", "running"]
    assert "interrupted" in rows[0].error
    with pytest.raises(IntegrityError), eng.begin() as conn:  # a second running run is refused
        conn.execute(insert(s.sync_runs).values(kind="full", started_at=utcnow(), outcome="running", requests=0))
    eng.dispose()


def test_upgrade_noting_stage_edit_states_keeps_the_old_rules_reading_of_earlier_edits(any_store_url):
    """Before, an edit under a later one made against another page revision stopped the later one's chain
    (a sync read the page between them): marked seen, the wiki taking it back stays a conflict."""
    from lib import stages

    eng = make_engine(any_store_url)
    upgrade(eng, "0008")
    rows = [("a", "final draft", "approved by CTO", 1), ("a", "approved by CTO", "final", 2),   # a sync between
            ("b", "rough draft", "final draft", 5), ("b", "final draft", "approved by CTO", 5)]  # one meeting
    with eng.begin() as conn:
        for key, old, new, revid in rows:
            conn.execute(text("INSERT INTO goal_stage_edits (goal_key, old_stage, new_stage, based_on_revid, actor, at, "
                              "state) VALUES (:k, :o, :n, :r, 'x', :at, 'local')"),
                         {"k": key, "o": old, "n": new, "r": revid, "at": utcnow()})
    upgrade(eng)
    with eng.connect() as conn:
        edits = [dict(r) for r in conn.execute(select(s.goal_stage_edits).order_by(s.goal_stage_edits.c.id.desc()))
                 .mappings()]
    assert [e["state"] for e in reversed(edits)] == ["seen", "local", "local", "local"]
    a, b = [e for e in edits if e["goal_key"] == "a"], [e for e in edits if e["goal_key"] == "b"]
    assert stages.resolve_stage("final draft", a[0], a[1:]).conflict        # the CTO took the approval back
    assert stages.resolve_stage("rough draft", b[0], b[1:]).pending         # two moves of one meeting
    eng.dispose()


def test_upgrade_keeping_the_status_mark_keeps_statuses(any_store_url):
    eng = make_engine(any_store_url)
    upgrade(eng, "0006")
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO statuses (value, name, is_closed) VALUES ('declined', 'Declined', :c)"),
                     {"c": True})
    upgrade(eng, "0007")
    with eng.connect() as conn:
        row = conn.execute(select(s.statuses.c.value, s.statuses.c.is_closed, s.statuses.c.special)).one()
    assert tuple(row) == ("declined", True, None)  # the next run's statuses fill it
    eng.dispose()


def test_migrations_build_exactly_the_schema_in_code(any_engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with any_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), s.metadata) == []


def test_sqlite_store_uses_wal_busy_timeout_and_foreign_keys(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA page_size")).scalar() == 16384  # a new store: larger pages
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_upsert_updates_existing_and_inserts_new(any_engine):
    with any_engine.begin() as conn:
        upsert_rows(conn, s.users, [{"phid": "PHID-USER-a", "username": "a", "real_name": "A", "roles": ""}], ["phid"])
        upsert_rows(conn, s.users, [{"phid": "PHID-USER-a", "username": "a2", "real_name": "A", "roles": ""},
                                    {"phid": "PHID-USER-b", "username": "b", "real_name": "B", "roles": ""}], ["phid"])
    with any_engine.connect() as conn:
        rows = conn.execute(select(s.users.c.phid, s.users.c.username).order_by(s.users.c.phid)).all()
    assert [tuple(r) for r in rows] == [("PHID-USER-a", "a2"), ("PHID-USER-b", "b")]


def test_upsert_with_a_composite_key(any_engine):
    row = {"sprint_phid": "PHID-PROJ-1", "person": "sam", "days_off": 1, "share": 1.0, "buffer": 0.1,
           "actor": "jack", "at": utcnow()}
    with any_engine.begin() as conn:
        upsert_rows(conn, s.availability, [row], ["sprint_phid", "person"])
        upsert_rows(conn, s.availability, [{**row, "days_off": 3}], ["sprint_phid", "person"])
    with any_engine.connect() as conn:
        assert conn.execute(select(s.availability.c.days_off)).scalars().all() == [3]


def test_replace_rows_swaps_the_whole_table(any_engine):
    with any_engine.begin() as conn:
        replace_rows(conn, s.programs, [{"code": "TP1", "name": "Availability"}])
        replace_rows(conn, s.programs, [{"code": "TP2", "name": "MediaWiki Refresh"}])
    with any_engine.connect() as conn:
        assert conn.execute(select(s.programs.c.code)).scalars().all() == ["TP2"]


def test_audit_records_who_what_and_why(engine):
    with engine.begin() as conn:
        audit(conn, actor="jack", entity="task", entity_key="T5", field="priority", old=50, new=80, reason="UBN")
    with engine.connect() as conn:
        row = conn.execute(select(s.audit_log)).mappings().one()
    assert (row["actor"], row["entity_key"], row["old_value"], row["new_value"], row["reason"]) == \
        ("jack", "T5", "50", "80", "UBN")


def test_checkpoints_are_deferred_inside_the_block_and_the_setting_is_back_after(engine):
    with engine.connect() as conn:
        setting = lambda: conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()  # noqa: E731
        before = setting()
        with defer_checkpoints(conn):
            assert setting() == 0
        assert setting() == before != 0


@pytest.mark.parametrize("url, file", [("sqlite:///data/x.sqlite", "data/x.sqlite"), ("sqlite://", None),
                                       ("sqlite:///:memory:", None), ("postgresql+psycopg://u@h/db", None)])
def test_only_a_sqlite_store_on_disk_has_a_file(url, file):
    assert sqlite_file(make_url(url)) == file
