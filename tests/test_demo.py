"""The demo store: built by the real sync from data/demo/, and moved forward to the current week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from lib.demo.dataset import demo_dataset
from lib.store import schema as s
from lib.sync.demo import build_demo_store, shift_dataset, weeks_forward

DEMO_DAY = date(2026, 11, 24)


def test_shifting_moves_every_date_and_nothing_else():
    ds = {"meta": {"today": "2026-11-24", "today_epoch": 1_795_521_600, "sprint_cadence_start": "2024-04-08",
                   "seed": 1274},
          "tasks": [{"id": 398019, "dateCreated": 1_760_352_124,
                     "xactions": [{"id": 8100028, "date": 1_760_352_124, "type": "create"}]}],
          "projects": [{"id": 7, "custom": {"sprint.start": 1_700_000_000, "sprint.end": 1_701_209_600},
                        "archivedAt": None}]}
    moved = shift_dataset(ds, 14)
    assert moved["meta"] == {"today": "2026-12-08", "today_epoch": 1_795_521_600 + 14 * 86400,
                             "sprint_cadence_start": "2024-04-22", "seed": 1274}
    assert moved["tasks"][0]["id"] == 398019 and moved["tasks"][0]["dateCreated"] == 1_760_352_124 + 14 * 86400
    assert moved["tasks"][0]["xactions"][0] == {"id": 8100028, "date": 1_760_352_124 + 14 * 86400, "type": "create"}
    assert moved["projects"][0]["custom"]["sprint.end"] == 1_701_209_600 + 14 * 86400
    assert moved["projects"][0]["archivedAt"] is None
    assert ds["meta"]["today"] == "2026-11-24"  # the loaded data is not changed in place


def test_whole_weeks_move_the_demos_day_to_today_or_up_to_six_days_past_it_never_backwards():
    assert weeks_forward(DEMO_DAY, DEMO_DAY) == 0
    assert weeks_forward(DEMO_DAY, DEMO_DAY + timedelta(days=6)) == 1  # a Monday: the demo's Tuesday is tomorrow
    assert weeks_forward(DEMO_DAY, DEMO_DAY + timedelta(days=7)) == 1
    assert weeks_forward(DEMO_DAY, DEMO_DAY + timedelta(days=15)) == 3
    assert weeks_forward(DEMO_DAY, DEMO_DAY - timedelta(days=30)) == 0


def _store_facts(engine):
    with engine.connect() as conn:
        current = conn.execute(select(s.projects.c.start_date).where(s.projects.c.name == "CommTech-Sprint-69")).scalar()
        last_run = conn.execute(select(func.max(s.sync_runs.c.finished_at))).scalar()
        tasks = conn.execute(select(func.count()).select_from(s.tasks)).scalar()
    return current, last_run, tasks


def test_a_demo_built_weeks_later_is_moved_to_that_week(engine, tmp_path):
    from lib.store.engine import make_engine
    from lib.store.migrate import upgrade

    on_its_day = build_demo_store(engine, today=DEMO_DAY)
    assert on_its_day.outcome == "success"
    start, last_run, tasks = _store_facts(engine)

    later = make_engine(f"sqlite:///{tmp_path / 'later.sqlite'}")
    upgrade(later)
    assert build_demo_store(later, today=DEMO_DAY + timedelta(days=14)).outcome == "success"
    start_later, last_run_later, tasks_later = _store_facts(later)
    assert tasks_later == tasks
    assert start_later == start + timedelta(days=14)
    assert last_run_later == last_run + timedelta(days=14)
    later.dispose()


def test_a_demo_built_on_the_monday_after_its_day_is_as_of_that_monday_not_six_days_old(tmp_path):
    """The demo's own day is a Tuesday: on the next Monday it is moved a week on and read up to that
    Monday, so the meeting sees the sprint that starts that day, not last week's data."""
    from lib.store.engine import make_engine
    from lib.store.migrate import upgrade
    from lib.store.reads import last_good_sync

    monday = DEMO_DAY + timedelta(days=6)
    store = make_engine(f"sqlite:///{tmp_path / 'monday.sqlite'}")
    upgrade(store)
    assert build_demo_store(store, today=monday).outcome == "success"
    assert last_good_sync(store).date() == monday
    with store.connect() as conn:
        sprints = conn.execute(select(s.projects.c.start_date, s.projects.c.end_date)
                               .where(s.projects.c.milestone.is_not(None))).all()
    assert any(start <= monday <= end for start, end in sprints if start and end)
    store.dispose()


def test_if_empty_leaves_a_store_with_data_alone(engine):
    assert build_demo_store(engine, today=DEMO_DAY).outcome == "success"
    assert build_demo_store(engine, if_empty=True) is None


@pytest.mark.parametrize("day", [date(2027, 3, 1), date(2027, 6, 7), date(2028, 1, 3)])
def test_the_demo_board_can_be_generated_for_a_later_day(day):
    """Epics whose last sprint is older than the sprints shown no longer break the generator."""
    dataset = demo_dataset(day)
    assert len(dataset["tasks"]) >= 300 and len(dataset["edges"]) > 100


def test_a_rebuild_waits_for_a_run_still_going_and_empties_nothing(engine):
    from lib.store.engine import utcnow
    from lib.sync.pipeline import SyncBusy

    assert build_demo_store(engine, today=DEMO_DAY).outcome == "success"
    _start, _last_run, tasks = _store_facts(engine)
    with engine.begin() as conn:  # a cron run, started a minute ago, still fetching
        conn.execute(s.sync_runs.insert().values(kind="full", started_at=utcnow() - timedelta(minutes=1),
                                                 outcome="running", requests=3, started_by="cron"))
    with pytest.raises(SyncBusy, match="still running"):
        build_demo_store(engine, today=DEMO_DAY)
    assert _store_facts(engine)[2] == tasks
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).where(s.sync_runs.c.outcome == "running")).scalar() == 1


def test_the_demo_wiki_pages_were_written_before_the_demo_first_read_them(engine):
    from datetime import datetime

    assert build_demo_store(engine, today=DEMO_DAY).outcome == "success"
    with engine.connect() as conn:
        pages = conn.execute(select(s.wiki_pages.c.kind, s.wiki_pages.c.revision_timestamp,
                                    s.wiki_pages.c.fetched_at)).all()
    assert len(pages) == 4
    for kind, written, fetched in pages:
        assert datetime.fromisoformat(written.replace("Z", "+00:00")).replace(tzinfo=None) <= fetched, kind


def test_the_demo_has_consultation_feedback_and_a_rebuild_keeps_the_feedback_there(engine):
    from sqlalchemy import delete, insert

    from lib.store.engine import utcnow

    assert build_demo_store(engine, today=DEMO_DAY).outcome == "success"
    with engine.connect() as conn:
        rows = conn.execute(select(s.feedback.c.stakeholder_group, s.feedback.c.actor)).all()
        audited = conn.execute(select(func.count()).select_from(s.audit_log)
                               .where(s.audit_log.c.entity == "feedback")).scalar()
    assert len(rows) == 14 and {r.actor for r in rows} == {"demo"} and audited == 14
    assert {r.stakeholder_group for r in rows} == {"WMF staff", "WMDE and other affiliate staff",
                                                  "Volunteer developer community"}
    with engine.begin() as conn:   # the team's own feedback replaces the demo's
        conn.execute(delete(s.feedback))
        conn.execute(insert(s.feedback).values(stakeholder_group="WMF staff", channel="Survey", theme="Ours",
                                               text="our own", received_on=date(2023, 7, 1), fingerprint="x" * 64,
                                               actor="ann", at=utcnow()))
    assert build_demo_store(engine, today=DEMO_DAY).outcome == "success"
    with engine.connect() as conn:
        assert conn.execute(select(s.feedback.c.text)).scalars().all() == ["our own"]
