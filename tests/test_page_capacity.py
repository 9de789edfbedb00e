"""The capacity page under AppTest on a small store built here: it renders, an availability edit is
stored and audited, bad values are refused with a message and store nothing, viewers cannot edit."""

from __future__ import annotations

import json

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from streamlit.testing.v1 import AppTest

from lib.auth import EDITOR, VIEWER, Viewer
from lib.store import schema as s
from lib.store.engine import utcnow
from lib.ui import VIEWER_OVERRIDE_KEY

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "capacity.py")
CURRENT = "PHID-PROJ-sprint-3"


def build_store(engine, now: datetime | None = None) -> None:
    """Three sprints of two weeks, the third running now; two people; a few tasks with history and an
    epic with subtasks, so every section of the page has something to show."""
    now = now or utcnow()
    monday = (now - timedelta(days=now.weekday())).date()
    starts = [monday - timedelta(days=28), monday - timedelta(days=14), monday]
    sprints = [{"phid": f"PHID-PROJ-sprint-{i + 1}", "id": 100 + i, "name": f"Sprint {i + 1}", "slug": None,
                "parent_phid": "PHID-PROJ-board", "milestone": i + 1, "status": "open", "start_date": st,
                "end_date": st + timedelta(days=11), "dates_from": "custom field", "date_modified": now}
               for i, st in enumerate(starts)]
    board = {"phid": "PHID-PROJ-board", "id": 99, "name": "Team board", "slug": "team", "parent_phid": None,
             "milestone": None, "status": "open", "start_date": None, "end_date": None, "dates_from": None,
             "date_modified": now}
    users = [{"phid": "PHID-USER-ann", "username": "ann", "real_name": "Ann Example", "roles": None},
             {"phid": "PHID-USER-bob", "username": "bob", "real_name": "Bob Example", "roles": None}]
    roster = [{"name": "Ann Example", "role": "Engineer", "position": 1, "user_phid": "PHID-USER-ann"},
              {"name": "Bob Example", "role": "Tech Lead", "position": 2, "user_phid": "PHID-USER-bob"}]
    day = lambda d, h=12: datetime.combine(d, datetime.min.time()) + timedelta(hours=h)

    tasks, snaps = [], []

    def add(n, sprint_i, points, owner, closed_on=None, created=None, epic=False, joined=None):
        phid = f"PHID-TASK-{n}"
        sprint = sprints[sprint_i]["phid"] if sprint_i is not None else None
        created = created or day(starts[0] - timedelta(days=7))
        tasks.append({"phid": phid, "id": n, "title": f"Task number {n}", "status": "resolved" if closed_on else "open",
                      "status_name": None, "is_closed": closed_on is not None, "priority_value": 50,
                      "priority_name": "Normal", "points": points, "owner_phid": owner, "author_phid": None,
                      "subtype": None, "is_epic": epic, "sprint_phid": sprint, "column_phid": None,
                      "sprint_column_phid": None, "date_created": created, "date_modified": now,
                      "date_closed": closed_on, "on_board": True, "left_board_at": None})
        first = joined or created
        snaps.append({"task_phid": phid, "observed_at": first, "sprint_phid": sprint, "points": points,
                      "is_closed": False, "owner_phid": owner})
        if closed_on:
            snaps.append({"task_phid": phid, "observed_at": closed_on, "sprint_phid": sprint, "points": points,
                          "is_closed": True, "owner_phid": owner})

    ann, bob = "PHID-USER-ann", "PHID-USER-bob"
    add(1, 0, 3.0, ann, closed_on=day(starts[0] + timedelta(days=3)))
    add(2, 0, 5.0, bob, closed_on=day(starts[0] + timedelta(days=8)))
    add(3, 1, 8.0, ann, closed_on=day(starts[1] + timedelta(days=4)))
    add(4, 1, 2.0, bob, closed_on=day(starts[1] + timedelta(days=2)), joined=day(starts[1] + timedelta(days=2), 9),
        created=day(starts[1] + timedelta(days=2), 9))
    add(5, 2, 5.0, ann)
    add(6, 2, 13.0, bob)
    add(7, 2, None, None)
    add(8, None, None, None, epic=True)
    add(9, None, 3.0, None)
    edges = [{"parent_phid": "PHID-TASK-8", "child_phid": "PHID-TASK-5"},
             {"parent_phid": "PHID-TASK-8", "child_phid": "PHID-TASK-9"}]
    first_run = min(sn["observed_at"] for sn in snaps)
    with engine.begin() as conn:
        run_id = conn.execute(insert(s.sync_runs).values(
            kind="demo", started_at=first_run, finished_at=now, outcome="success", requests=0, counts="{}")
        ).inserted_primary_key[0]
        conn.execute(insert(s.projects), [board, *sprints])
        conn.execute(insert(s.users), users)
        conn.execute(insert(s.team_members), roster)
        conn.execute(insert(s.tasks), tasks)
        conn.execute(insert(s.task_edges), edges)
        conn.execute(insert(s.task_snapshots), [{**sn, "run_id": run_id, "on_board": True} for sn in snaps])


@pytest.fixture
def capacity_store(engine, store_url, monkeypatch):
    build_store(engine)
    monkeypatch.setenv("DATABASE_URL", store_url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT", "EDITORS", "AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)
    return engine


def run_page(role: str = EDITOR) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[VIEWER_OVERRIDE_KEY] = Viewer(f"test-{role}", role, False, open_mode=False)
    at.run()
    return at


def availability_rows(engine):
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(s.availability)).mappings()]


def audit_rows(engine):
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(s.audit_log).where(s.audit_log.c.entity == "availability"))
                .mappings()]


def set_availability(at: AppTest, days_off: float, share: float, buffer: float) -> None:
    at.number_input(key=f"av_days_{CURRENT}_Ann Example").set_value(days_off)
    at.number_input(key=f"av_share_{CURRENT}_Ann Example").set_value(share)
    at.number_input(key=f"av_buffer_{CURRENT}_Ann Example").set_value(buffer)
    at.button[[b.label for b in at.button].index("Save availability")].click().run()


def test_page_renders_every_section_on_a_store_with_data(capacity_store):
    at = run_page()
    assert not at.exception
    assert at.selectbox[0].value == CURRENT          # the running sprint is selected
    text = " ".join(m.value for m in at.markdown) + " ".join(h.value for h in at.subheader)
    assert "planned tasks completed" in text
    tables = [d for d in at.dataframe if not str(d.key or "").startswith("av_grid")]   # not the editor
    assert len(tables) >= 5   # capacity, burnup, sprint health, velocity, forecast tables
    downloads = [d for d in at.main if type(d).__name__ == "DownloadButton"]
    assert len(downloads) == len(tables)   # every table has its CSV download
    # the forecast made on this run was stored
    with capacity_store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.forecasts)).scalar() == 1


def test_an_availability_edit_is_stored_and_audited(capacity_store):
    at = run_page()
    set_availability(at, 2.0, 50.0, 10.0)
    assert not at.exception
    assert not [e for e in at.error if "Not saved" in e.value], [e.value for e in at.error]
    rows = availability_rows(capacity_store)
    assert len(rows) == 1
    row = rows[0]
    assert (row["sprint_phid"], row["person"], row["days_off"], row["share"], row["buffer"]) == (
        CURRENT, "Ann Example", 2.0, 0.5, 0.1)
    assert row["actor"] == "test-editor"
    audit = {a["field"]: a for a in audit_rows(capacity_store)}
    assert set(audit) == {"days_off", "share", "buffer"}
    assert audit["share"]["new_value"] == "0.5" and audit["share"]["old_value"] is None
    assert audit["days_off"]["entity_key"] == f"{CURRENT}|Ann Example"
    assert any("Saved availability of Ann Example" in sc.value for sc in at.success)
    assert any(e.label.startswith("Changes to this sprint's availability (3)") for e in at.expander)


def test_the_whole_team_table_saved_unedited_changes_nothing(capacity_store):
    """The grid shows everyone at the defaults (full time, no days off): saving it as it is stores and
    audits nothing, and says so. A person entered before keeps their entry."""
    at = run_page()
    set_availability(at, 2.0, 50.0, 0.0)              # Ann: 2 days off, half time
    at.button(key="av_grid_save").click().run()
    assert not at.exception
    rows = sorted((r["person"], r["days_off"], r["share"]) for r in availability_rows(capacity_store))
    assert rows == [("Ann Example", 2.0, 0.5)]        # Bob, untouched at the defaults, is not written
    assert len(audit_rows(capacity_store)) == 3       # Ann's three fields, from the form
    assert any("No change for the team" in sc.value for sc in at.success)


@pytest.mark.parametrize("days_off, share, buffer, message", [
    (-1.0, 100.0, 0.0, "Days off cannot be negative"),
    (0.0, 120.0, 0.0, "Share of time must be between 0% and 100%"),
    (11.0, 100.0, 0.0, "cannot exceed the sprint's 10 working days"),
])
def test_a_bad_availability_value_is_refused_with_a_message_and_nothing_stored(capacity_store, days_off, share,
                                                                              buffer, message):
    at = run_page()
    set_availability(at, days_off, share, buffer)
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert availability_rows(capacity_store) == []
    assert audit_rows(capacity_store) == []


def test_the_capacity_tab_opens_on_the_figures_and_the_availability_form_follows(capacity_store):
    """On the shared screen the meeting looks at capacity vs. commitment; the form that feeds it is
    below, for whoever updates it."""
    at = run_page()
    headings = [h.value for h in at.subheader]
    assert headings.index("Capacity vs. commitment") < headings.index("Availability")


def test_a_board_without_story_points_is_measured_in_tasks(capacity_store):
    """Points are off in a stock Phabricator/Phorge: no task has any, now or in its history. The screen
    says it counts tasks, the people who close tasks get a velocity and capacity, and the velocity and
    capacity charts are in tasks."""
    with capacity_store.begin() as conn:
        conn.execute(s.tasks.update().values(points=None))
        conn.execute(s.task_snapshots.update().values(points=None))
    at = run_page()
    assert not at.exception
    assert any("Most of this board's sprint work has no story points" in i.value for i in at.info)
    (capacity,) = [d.value for d in at.dataframe if "flag" in d.value.columns]
    assert capacity["available_tasks"].fillna(0).gt(0).any()   # named in tasks, in the CSV too
    assert "points_per_day" not in capacity.columns and "tasks_per_day" in capacity.columns
    assert "unestimated_tasks" not in capacity.columns   # every task counts one: none is unestimated
    assert "committed_points" not in capacity.columns and "open points" not in capacity.columns  # = open tasks
    burnup = next(d.value for d in at.dataframe if "scope_tasks" in d.value.columns)
    assert not [c for c in burnup.columns if "point" in c]
    assert any(h.value == "Tasks completed per sprint" for h in at.subheader)
    # the capacity chart counts whole tasks, on an axis that exists when nothing is available yet
    layers = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    (x,) = [spec["encoding"]["x"] for spec in layers
            if spec.get("encoding", {}).get("x", {}).get("field") == "points" and spec["encoding"]["x"].get("title") == "Tasks"]
    assert x["axis"]["format"] == "d" and x["scale"]["domainMin"] == 0 and x["scale"]["domainMax"] >= 1


def test_a_board_estimated_only_now_and_then_is_measured_in_tasks_too(capacity_store):
    """One task in four with points: counted in points, the others would read as no work at all."""
    with capacity_store.begin() as conn:
        ids = sorted(conn.execute(select(s.tasks.c.id)).scalars())
        conn.execute(s.tasks.update().where(s.tasks.c.id.in_([i for n, i in enumerate(ids) if n % 4])).values(points=None))
    at = run_page()
    assert any("Most of this board's sprint work has no story points" in i.value for i in at.info)


def test_a_board_with_story_points_is_measured_in_points(capacity_store):
    at = run_page()
    assert not any("story points" in i.value for i in at.info)
    assert any(h.value == "Points completed per sprint" for h in at.subheader)


def test_a_viewer_sees_no_edit_widget(capacity_store):
    at = run_page(VIEWER)
    assert not at.exception
    assert not [b for b in at.button if b.label == "Save availability"]
    assert not [n for n in at.number_input if str(n.key).startswith("av_")]
    assert any("Only editors can change availability" in c.value for c in at.caption)


def test_page_explains_an_empty_store(engine, store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    at = run_page()
    assert not at.exception
    assert any("No dated sprint milestones" in i.value for i in at.info)


def test_page_explains_sprints_without_tasks_or_roster(capacity_store):
    with capacity_store.begin() as conn:
        for table in (s.task_snapshots, s.task_edges, s.tasks, s.team_members):
            conn.execute(table.delete())
    at = run_page()
    assert not at.exception
    assert any("No team roster yet" in i.value for i in at.info)
    assert any("No open epics" in i.value for i in at.info)


@pytest.mark.parametrize("status, listed", [("declined", True), ("wontfix", False)])
def test_a_task_declined_in_a_past_sprint_counts_as_removed_not_completed(capacity_store, status, listed):
    """Task 10 (2 points, Ann) was planned in sprint 2 and declined on its fourth day: the sprint's
    health says 1 of 2 planned tasks completed (task 3) and 1 task / 2 points removed. So too for a
    status the server no longer lists ("wontfix", removed from its config)."""
    sprint2 = "PHID-PROJ-sprint-2"
    with capacity_store.begin() as conn:
        start = conn.execute(select(s.projects.c.start_date).where(s.projects.c.phid == sprint2)).scalar()
        run_id = conn.execute(select(func.max(s.sync_runs.c.id))).scalar()
        conn.execute(insert(s.statuses), [
            {"value": "open", "name": "Open", "is_closed": False, "special": "default"},
            {"value": "resolved", "name": "Resolved", "is_closed": True, "special": "closed"},
            *([{"value": status, "name": status.title(), "is_closed": True, "special": None}] if listed else [])])
        created = datetime.combine(start, datetime.min.time()) - timedelta(days=7)
        declined = datetime.combine(start, datetime.min.time()) + timedelta(days=3, hours=12)
        conn.execute(insert(s.tasks).values(
            phid="PHID-TASK-10", id=10, title="Task number 10", status=status, status_name=status.title(),
            is_closed=True, priority_value=50, priority_name="Normal", points=2.0, owner_phid="PHID-USER-ann",
            is_epic=False, sprint_phid=sprint2, date_created=created, date_modified=declined,
            date_closed=declined, on_board=True))
        conn.execute(insert(s.task_snapshots), [
            {"run_id": run_id, "task_phid": "PHID-TASK-10", "observed_at": created, "sprint_phid": sprint2,
             "points": 2.0, "status": "open", "is_closed": False, "owner_phid": "PHID-USER-ann", "on_board": True},
            {"run_id": run_id, "task_phid": "PHID-TASK-10", "observed_at": declined, "sprint_phid": sprint2,
             "points": 2.0, "status": status, "is_closed": True, "owner_phid": "PHID-USER-ann", "on_board": True}])
    at = run_page()
    at.selectbox[0].set_value(sprint2).run()
    assert not at.exception
    assert any(h.value.startswith("1 of 2 planned tasks completed") for h in at.subheader), [h.value for h in at.subheader]
    removed = next(m for m in at.metric if m.label.startswith("Removed"))
    assert removed.value == "1 / 2"


def test_a_past_sprint_raises_no_commitment_alarms(capacity_store):
    """Capacity vs. commitment plans the running and coming sprints: a finished one says so instead of
    warning that nobody has anything committed."""
    at = run_page()
    at.selectbox[0].set_value("PHID-PROJ-sprint-1").run()
    assert not at.exception
    assert any("This sprint is over" in i.value for i in at.info)
    assert not any(w.value.startswith("Nothing committed") for w in at.warning)
    at.selectbox[0].set_value(CURRENT).run()
    assert not any("This sprint is over" in i.value for i in at.info)


def test_the_current_sprint_is_the_one_running_when_the_data_was_synced(engine, store_url, monkeypatch):
    """The last sync was two weeks ago: the capacity screen speaks of the sprint running then, as the
    roadmap and the meeting screen do (the banner says how old the data is), not of one with no data."""
    build_store(engine, now=utcnow() - timedelta(days=14))
    monkeypatch.setenv("DATABASE_URL", store_url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT", "EDITORS", "AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)
    at = run_page()
    assert not at.exception
    assert at.selectbox[0].value == CURRENT
    assert not any("This sprint is over" in i.value for i in at.info)


def test_what_the_last_sync_saw_in_its_last_minutes_is_in_the_running_sprint(engine, store_url, monkeypatch):
    """The screens' "now" is the last good sync: a walk-on it observed a minute before it ended counts
    (a "now" floored to five minutes, 12:00 for a sync ending 12:04, left it out)."""
    now = utcnow().replace(minute=4, second=30, microsecond=0)
    build_store(engine, now=now)
    with engine.begin() as conn:
        run_id = conn.execute(select(s.sync_runs.c.id)).scalar()
        task = conn.execute(select(s.tasks).where(s.tasks.c.id == 5)).mappings().one()
        conn.execute(insert(s.tasks), [{**task, "phid": "PHID-TASK-10", "id": 10, "title": "Walked on"}])
        conn.execute(insert(s.task_snapshots), [{
            "run_id": run_id, "task_phid": "PHID-TASK-10", "observed_at": now - timedelta(minutes=1),
            "sprint_phid": CURRENT, "points": 2.0, "is_closed": False, "owner_phid": None, "on_board": True}])
    monkeypatch.setenv("DATABASE_URL", store_url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT", "EDITORS", "AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)
    at = run_page()
    assert not at.exception
    health = next(d.value for d in at.dataframe if "summary" in d.value.columns).set_index("name")
    assert health.loc["Sprint 3", "scope_tasks"] == 4 and health.loc["Sprint 3", "scope_points"] == 20.0  # 5 + 13 + 2


def test_the_availability_changes_show_the_reason_and_shares_in_percent(capacity_store):
    at = run_page()
    next(t for t in at.text_input if t.label.startswith("Reason")).input("conference")
    set_availability(at, 2.0, 50.0, 10.0)
    changes = next(d.value for d in at.dataframe if {"field", "from", "to", "reason"} <= set(d.value.columns))
    by_field = changes.set_index("field")
    assert (by_field.loc["share", "to"], by_field.loc["buffer", "to"]) == ("50%", "10%")
    assert set(changes["reason"]) == {"conference"}


def test_the_capacity_table_shows_each_flag_whole_beside_the_person(capacity_store, click_download):
    """At 1920 px the flag, last of fifteen columns, read "over-allo": it comes beside the person, as wide as
    its longest text, under shorter number headings, so every figure stays in view; the CSV is unchanged."""
    import json

    from lib.ui import PX_PER_CHAR

    at = run_page()
    grid = next(d for d in at.dataframe if "flag" in d.value.columns)
    order = list(grid.proto.column_order)
    assert order[:3] == ["name", "role", "flag"] and sorted(order) == sorted(grid.value.columns)
    config = json.loads(grid.proto.columns)
    assert config["flag"]["width"] >= PX_PER_CHAR * grid.value["flag"].str.len().max()
    assert config["unestimated_tasks"]["label"] == "unestimated" and config["unestimated_tasks"]["help"]
    csv = click_download(next(b for b in at.get("download_button") if "capacity vs commitment" in b.label))
    assert csv.decode().splitlines()[0].endswith("unestimated_tasks,load %,flag")
