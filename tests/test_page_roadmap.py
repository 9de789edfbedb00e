"""The roadmap and meeting pages under AppTest, on the small seeded board: filters change the rows, an
editor's priority change through the form is stored and audited, a viewer gets no edit widgets, the
CSV download holds exactly the rows shown, and the meeting page renders.

Roles: AppTest has no login, so tests put a lib.auth.Viewer in session state under
lib.ui.VIEWER_OVERRIDE_KEY (the seam lib.ui.current_viewer reads first).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from lib import roadmap as rm
from lib.auth import EDITOR, VIEWER, Viewer
from lib.store import schema as s
from lib.store.engine import utcnow
from lib.ui import VIEWER_OVERRIDE_KEY
from tests.test_roadmap import seed_board

ROOT = Path(__file__).resolve().parent.parent
PAGES = next((ROOT / d for d in ("views", "pages") if (ROOT / d / "roadmap.py").exists()), ROOT / "pages")
EDITOR_JACK = Viewer("jack@example.org", EDITOR, False, open_mode=False)
GUEST = Viewer("guest@example.org", VIEWER, False, open_mode=False)
TASKS_COLUMN = "changed here (not yet in Phabricator)"  # marks the board's task table


@pytest.fixture
def store(engine, store_url, monkeypatch):
    seed_board(engine, goals=["Edit recovery everywhere", "Multiblocks form"])
    monkeypatch.setenv("DATABASE_URL", store_url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "AUTH_PROXY_HEADER", "EDITORS"):
        monkeypatch.delenv(name, raising=False)
    return engine


def _page(name: str, viewer: Viewer) -> AppTest:
    at = AppTest.from_file(str(PAGES / name), default_timeout=30)
    at.session_state[VIEWER_OVERRIDE_KEY] = viewer
    return at.run()


def _task_table(at: AppTest) -> pd.DataFrame:
    (table,) = [d.value for d in at.dataframe if TASKS_COLUMN in d.value.columns]
    return table


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_roadmap_renders_every_section_for_a_viewer(store):
    at = _page("roadmap.py", GUEST)
    _no_errors(at)
    assert len(at.tabs) == 5
    assert any("Sprint 2" in h.value for h in at.subheader)
    assert any("need an owner" in w.value for w in at.warning)  # T13: High, no owner


def test_filters_change_the_rows(store):
    at = _page("roadmap.py", EDITOR_JACK)
    open_tasks = _task_table(at)
    assert len(open_tasks) == 8  # default status filter: open
    at.multiselect(key="f_priority").set_value([80]).run()  # High
    high = _task_table(at)
    assert set(high["task"].str.split().str[0]) == {"T10", "T12", "T13"}
    at.radio(key="f_status").set_value("all").run()
    at.multiselect(key="f_priority").set_value([]).run()
    at.multiselect(key="f_owner").set_value(["Sam Wilson"]).run()
    assert set(_task_table(at)["task"].str.split().str[0]) == {"T11", "T12", "T14", "T31"}
    at.multiselect(key="f_statuses").set_value(["Resolved"]).run()
    assert set(_task_table(at)["task"].str.split().str[0]) == {"T11", "T14"}


def test_saving_without_choosing_a_task_or_priority_writes_nothing_and_keeps_what_was_typed(store):
    at = _page("roadmap.py", EDITOR_JACK)
    assert at.selectbox(key="edit_task-0").value is None  # no task preselected: a hurried save changes none
    next(b for b in at.button if b.label == "Save priority change").click()
    at.run()
    assert any(e.value == "Choose the task and the new priority." for e in at.error)
    task = next(o for o in at.selectbox(key="edit_task-0").options if o.startswith("T13 "))
    at.selectbox(key="edit_task-0").set_value(task)
    at.text_input(key="edit_reason-0").input("blocks the deployment")
    next(b for b in at.button if b.label == "Save priority change").click()
    at.run()
    assert any(e.value == "Choose the new priority." for e in at.error)
    assert at.selectbox(key="edit_task-0").value == task and at.text_input(key="edit_reason-0").value == "blocks the deployment"
    with store.connect() as conn:
        assert conn.execute(select(s.priority_edits)).first() is None


def test_an_editors_priority_change_through_the_form_is_stored_and_audited(store):
    at = _page("roadmap.py", EDITOR_JACK)
    task = next(o for o in at.selectbox(key="edit_task-0").options if o.startswith("T13 "))
    at.selectbox(key="edit_task-0").set_value(task)
    at.selectbox(key="edit_priority-0").set_value(100)  # Unbreak Now!
    at.text_input(key="edit_reason-0").input("blocks the deployment")
    next(b for b in at.button if b.label == "Save priority change").click()
    at.run()
    _no_errors(at)
    with store.connect() as conn:
        edit = conn.execute(select(s.priority_edits)).mappings().one()
        audit = conn.execute(select(s.audit_log)).mappings().one()
    assert (edit["task_phid"], edit["old_value"], edit["new_value"], edit["actor"], edit["state"]) == (
        "PHID-TASK-13", 80, 100, EDITOR_JACK.name, "pending")
    assert (audit["actor"], audit["reason"]) == (EDITOR_JACK.name, "blocks the deployment")
    assert any("Saved" in m.value for m in at.success)
    # no token configured: the change is marked as not yet in Phabricator, with no push button
    assert any("Not yet in Phabricator" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label.startswith("Push")]
    assert _task_table(at).set_index("task").filter(like="T13 ", axis=0)[TASKS_COLUMN].iloc[0] == "Unbreak Now!"


def test_the_priority_picker_says_which_tasks_the_meeting_leaves_out(store):
    """A task in the Following column is only followed: the meeting's lists leave it out, so raising its
    priority here would show nowhere there without a word."""
    from sqlalchemy import insert, update

    with store.begin() as conn:
        conn.execute(insert(s.board_columns).values(phid="PHID-PCOL-following", id=99, project_phid="PHID-PROJ-board",
                                                    name="Following", proxy_phid=None, sequence=99, is_hidden=False,
                                                    is_default=False))
        conn.execute(update(s.tasks).where(s.tasks.c.id == 13).values(column_phid="PHID-PCOL-following"))
    options = _page("roadmap.py", EDITOR_JACK).selectbox(key="edit_task-0").options
    t13 = next(o for o in options if o.startswith("T13 "))
    assert t13.endswith(" · in Following, not on the meeting screen")
    assert not any(o.endswith("not on the meeting screen") for o in options if o != t13)


def test_a_viewer_gets_no_edit_widgets(store):
    at = _page("roadmap.py", GUEST)
    keys = {w.key for w in [*at.selectbox, *at.text_input, *at.button] if getattr(w, "key", None)}
    assert not keys & {"edit_task-0", "edit_priority-0", "edit_reason-0", "discard_button", "push_button"}
    assert not [b for b in at.button if "Save" in b.label]
    # the sprint goals are a read-only table, not a data editor (editing_mode 0 = read-only)
    assert [d.proto.editing_mode for d in at.dataframe] == [0] * len(at.dataframe)
    assert any("viewer role" in c.value for c in at.caption)


def test_an_editor_gets_the_goals_editor(store):
    at = _page("roadmap.py", EDITOR_JACK)
    assert any(d.proto.editing_mode != 0 for d in at.dataframe)


def test_with_a_token_an_editor_gets_the_push_button(store, monkeypatch):
    monkeypatch.setenv("PHABRICATOR_URL", "https://phab.example.org")
    monkeypatch.setenv("PHABRICATOR_TOKEN", "api-" + "a" * 28)
    from lib import priority_edits as pe

    pe.record_edit(store, task_phid="PHID-TASK-12", new_value=100, viewer=EDITOR_JACK)
    at = _page("roadmap.py", EDITOR_JACK)
    _no_errors(at)
    assert [b for b in at.button if b.label.startswith("Push 1 task")]
    assert not any("Not yet in Phabricator" in w.value for w in at.warning)


def test_a_conflicting_sync_is_surfaced_with_both_choices(store):
    from sqlalchemy import update

    from lib import priority_edits as pe
    from lib.store.engine import utcnow

    pe.record_edit(store, task_phid="PHID-TASK-12", new_value=100, viewer=EDITOR_JACK)
    with store.begin() as conn:
        conn.execute(update(s.tasks).where(s.tasks.c.phid == "PHID-TASK-12").values(priority_value=25,
                                                                                  date_modified=utcnow()))
    at = _page("roadmap.py", EDITOR_JACK)
    assert any("Conflict on T12" in e.value for e in at.error)
    at.button(key="take-PHID-TASK-12").click().run()
    _no_errors(at)
    assert pe.pending_changes(store).empty


def test_csv_download_holds_exactly_the_rows_shown(store, click_download):
    at = _page("roadmap.py", EDITOR_JACK)
    at.multiselect(key="f_column").set_value(["Sprint 2"]).run()
    shown = _task_table(at)
    (button,) = [b for b in at.download_button if b.label == "Download tasks as CSV"]
    served = pd.read_csv(io.BytesIO(click_download(button)))
    expected = pd.read_csv(io.StringIO(shown.to_csv(index=False)))
    assert len(served) == len(shown) == 4
    pd.testing.assert_frame_equal(served, expected, check_dtype=False)


def test_the_changes_since_the_last_meeting_name_an_owner_who_left_as_such(store):
    """T12 was raised to High since the last meeting; its owner's account is disabled since: the
    changes list says so, as the meeting's lists do."""
    with store.begin() as conn:
        owner = conn.execute(select(s.tasks.c.owner_phid).where(s.tasks.c.id == 12)).scalar()
        conn.execute(s.users.update().where(s.users.c.phid == owner).values(roles="disabled"))
    at = _page("roadmap.py", GUEST)
    _no_errors(at)
    changes = next(d.value for d in at.dataframe if "seen by the sync at" in d.value.columns)
    owners = set(changes.loc[changes["task"].str.startswith("T12 "), "owner"])
    assert owners and all(o.endswith("(account disabled)") for o in owners)


def test_the_meeting_does_not_count_changes_since_a_meeting_before_the_first_sync(store):
    """The syncs' history begins after the last meeting (its older snapshots gone, as after a first
    sync): every task would count as added; the meeting says the changes are not known instead."""
    from tests.test_roadmap import RUN_TIMES

    with store.begin() as conn:
        conn.execute(s.task_snapshots.delete().where(s.task_snapshots.c.observed_at < RUN_TIMES[-1]))
    at = _page("meeting.py", GUEST)
    _no_errors(at)
    (line,) = [m.value for m in at.markdown if m.value.startswith("Since the last meeting")]
    assert "not known" in line and rm.moment_text(RUN_TIMES[-1], utcnow().date()) in line
    assert "added" not in line


def test_the_meeting_and_the_roadmap_name_the_urgent_levels_as_the_server_does(store):
    """A server whose levels are named "P0 – Blocker" and "P1 – Urgent" (keyed as upstream's): no
    screen says "Unbreak Now!/High"."""
    with store.begin() as conn:
        for value, name in ((100, "P0 – Blocker"), (80, "P1 – Urgent")):
            conn.execute(s.priorities.update().where(s.priorities.c.value == value).values(name=name))
    meeting = _page("meeting.py", GUEST)
    _no_errors(meeting)
    assert "Open P0 – Blocker/P1 – Urgent" in [m.label for m in meeting.metric]
    assert any(re.search(r"P0 – Blocker/P1 – Urgent tasks? on the board", m.value) for m in meeting.markdown)
    roadmap = _page("roadmap.py", GUEST)
    texts = [e.value for e in (*roadmap.success, *roadmap.markdown, *roadmap.error, *roadmap.warning)]
    assert any("P0 – Blocker/P1 – Urgent tasks of the sprint that need an owner" in x for x in texts)
    assert not any("Unbreak Now!/High" in x for x in texts + [m.value for m in meeting.markdown])


def test_a_board_without_story_points_is_counted_in_tasks_on_the_meeting_and_the_roadmap(store):
    """No task has points (a stock Phorge): the meeting shows no "Points done 0 / 0", its epics are
    done by tasks, and the roadmap's sprint flags do not call every task unestimated."""
    with store.begin() as conn:
        conn.execute(s.tasks.update().values(points=None))
    meeting = _page("meeting.py", GUEST)
    _no_errors(meeting)
    labels = [m.label for m in meeting.metric]
    assert "Points done" not in labels and "Tasks done" in labels and "Unestimated" not in labels
    epics = next(d.value for d in meeting.dataframe if "epic" in d.value.columns)
    assert "tasks done" in epics.columns and "points done" not in epics.columns
    roadmap = _page("roadmap.py", GUEST)
    _no_errors(roadmap)
    assert not [w for w in roadmap.warning if "Unestimated" in w.value]
    assert any("Most of this board's sprint work has no story points" in c.value for c in roadmap.caption)
    assert "Committed points" not in [m.label for m in roadmap.metric]
    progress = next(d.value for d in roadmap.dataframe if "% tasks" in d.value.columns)
    assert not [c for c in progress.columns if "point" in c or c == "unestimated"]
    assert "points" not in _task_table(roadmap).columns


def test_a_server_without_a_triage_level_shows_no_empty_triage_queue(store):
    with store.begin() as conn:
        conn.execute(s.priorities.delete().where(s.priorities.c.keyword == "triage"))
    meeting = _page("meeting.py", GUEST)
    _no_errors(meeting)
    (triage,) = [m for m in meeting.metric if m.label == "Needs triage"]
    assert triage.value == "no such level"


def test_meeting_page_renders_the_four_agenda_items(store):
    at = _page("meeting.py", GUEST)
    _no_errors(at)
    headings = [h.value for h in at.subheader]
    assert [h.split(" · ")[0] for h in headings] == ["1", "2", "3", "4"]
    assert any("re-prioritised" in m.value for m in at.markdown)
    assert any("Edit recovery everywhere" in m.value for m in at.markdown)
    # item 3 counts the sprint's urgent tasks without an owner, item 2 lists the board's: said under them
    # (the label stays short: at 1920 px a third of a half-screen column cuts a longer one)
    assert "Urgent, no owner" in [m.label for m in at.metric]
    assert any("count this sprint's open tasks" in c.value and "whole board's" in c.value for c in at.caption)


def test_the_meeting_shows_the_priorities_agreed_before_they_reach_phabricator(store):
    """T12 (High) was lowered to Low and T30 (Needs Triage) raised to Unbreak Now! in the dashboard,
    not yet pushed: the meeting's urgent list already shows both changes, marked."""
    from lib import priority_edits as pe

    pe.record_edit(store, task_phid="PHID-TASK-12", new_value=25, viewer=EDITOR_JACK)
    pe.record_edit(store, task_phid="PHID-TASK-30", new_value=100, viewer=EDITOR_JACK)
    at = _page("meeting.py", GUEST)
    _no_errors(at)
    urgent = next(d.value for d in at.dataframe if list(d.value.columns) == ["task", "priority", "owner"])
    by_task = dict(zip(urgent["task"].str.split(" ").str[0], urgent["priority"]))
    assert by_task.get("T30") == "Unbreak Now! (changed here)"
    assert "T12" not in by_task and by_task.get("T31") == "Unbreak Now!"



def test_the_meetings_epics_follow_the_priorities_agreed_too(store):
    from lib import priority_edits as pe

    pe.record_edit(store, task_phid="PHID-TASK-20", new_value=100, viewer=EDITOR_JACK)   # Medium -> Unbreak Now!
    at = _page("meeting.py", GUEST)
    epics = next(d.value for d in at.dataframe if "points done" in d.value.columns)
    assert epics["epic"].str.split(" ").str[0].tolist()[:2] == ["T20", "T10"]
    assert epics["priority"].tolist()[0] == "Unbreak Now!"


def test_the_meeting_is_dated_today_and_names_a_missing_owner(store):
    at = _page("meeting.py", GUEST)
    assert at.title[0].value.endswith(f"{utcnow():%A %d %B %Y}")   # the meeting's day, not the last sync's
    urgent = next(d.value for d in at.dataframe if list(d.value.columns) == ["task", "priority", "owner"])
    assert "(no owner)" in set(urgent["owner"]) and urgent["owner"].notna().all()


def test_the_meeting_counts_no_bot_as_a_person(store):
    """The owner of T12 (High, this sprint) and of the epic T10 is a bot: T12 and T10 need an owner, and
    where people are counted the bot is named as what it is."""
    with store.begin() as conn:
        owner = conn.execute(select(s.tasks.c.owner_phid).where(s.tasks.c.id == 12)).scalar()
        conn.execute(s.tasks.update().where(s.tasks.c.id == 10).values(owner_phid=owner))
    before = next(m.value for m in _page("meeting.py", GUEST).markdown if m.value.startswith("Need an owner"))
    st.cache_resource.clear()  # the board is kept until the next sync; this edit stands for one
    with store.begin() as conn:
        conn.execute(s.users.update().where(s.users.c.phid == owner).values(roles="bot,verified,approved,activated"))
    at = _page("meeting.py", GUEST)
    _no_errors(at)
    people = next(d.value for d in at.dataframe if "person" in d.value.columns)
    urgent = next(d.value for d in at.dataframe if list(d.value.columns) == ["task", "priority", "owner"])
    assert any(p.endswith(" (bot account)") for p in people["person"])
    assert urgent.loc[urgent["task"].str.startswith("T12 "), "owner"].iloc[0].endswith(" (bot account)")
    after = next(m.value for m in at.markdown if m.value.startswith("Need an owner"))
    counts = lambda text: [int(n) for n in re.findall(r"\*\*(\d+)\*\*", text)]  # noqa: E731
    # this sprint's tasks · urgent tasks · open epics: the bot's count in each (T12 and more, T10)
    assert all(a > b for a, b in zip(counts(after), counts(before))) and len(counts(after)) == 3


def test_without_a_meetings_table_the_last_meeting_is_monday_at_two(store):
    from datetime import date

    at = _page("meeting.py", GUEST)
    assert any(m.value.startswith("Since the last meeting (Mon 23 Nov 14:00 UTC)") for m in at.markdown)
    roadmap = _page("roadmap.py", GUEST)
    assert roadmap.date_input(key="since_day").value == date(2026, 11, 23)
    assert "the team page gives no weekly day and time" in roadmap.date_input(key="since_day").help


def test_the_last_meeting_is_the_team_pages_leads_meeting(store):
    """The leads meeting's own day and time, on the meeting screen (which also names who meets) and
    the roadmap's changes tab."""
    from datetime import date

    from sqlalchemy import insert

    with store.begin() as conn:
        conn.execute(insert(s.meeting_rituals), [
            {"position": 1, "ritual": "Retro", "cadence": "Fortnightly", "who": "All"},
            {"position": 2, "ritual": "Team Leads Planning", "cadence": "Tuesdays 3am UTC",
             "who": "Ann Lee, [Bob](http://evil)", "what": "Go over the roadmap"}])
    at = _page("meeting.py", GUEST)
    _no_errors(at)
    assert any(m.value.startswith("Since the last meeting (Tue 24 Nov 03:00 UTC)") for m in at.markdown)
    (caption,) = [c.value for c in at.caption if "Team Leads Planning" in c.value]
    assert "Tuesdays 3am UTC" in caption and "Ann Lee" in caption and "](http" not in caption  # text, no link
    roadmap = _page("roadmap.py", GUEST)
    assert roadmap.date_input(key="since_day").value == date(2026, 11, 24)
    assert "Tuesdays 03:00 UTC, from the team page" in roadmap.date_input(key="since_day").help


def test_a_sync_during_the_meeting_counts_from_the_meeting_before(store):
    """The last sync (Tue 24 Nov 06:00) fell an hour into the leads meeting (Tuesdays 5am): the screen
    shows what changed since the week before, what the leads meet to go over, not that hour's."""
    from sqlalchemy import insert

    with store.begin() as conn:
        conn.execute(insert(s.meeting_rituals), [{"position": 1, "ritual": "Team Leads Planning",
                                                  "cadence": "Tuesdays 5am UTC", "who": "Leads"}])
    at = _page("meeting.py", GUEST)
    assert any(m.value.startswith("Since the last meeting (Tue 17 Nov 05:00 UTC)") for m in at.markdown)


def test_the_meeting_counts_the_sprints_days_from_today_and_says_how_old_its_figures_are(store):
    """The data is from the last sync (Tue 24 Nov); the sprint ends Sun 29 Nov: on a later day it has
    ended, whatever the data's day says."""
    from datetime import date

    from lib import roadmap as rm

    at = _page("meeting.py", GUEST)
    (line,) = [m.value for m in at.markdown if m.value.startswith("**Sprint 2**")]
    assert rm.days_left_text(date(2026, 11, 29), utcnow().date()) in line
    if utcnow().date() != date(2026, 11, 24):
        assert line.endswith("figures as of the last sync, Tue 24 Nov")
        assert "5 days left" not in line


def test_pages_explain_an_empty_store(engine, store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    for page in ("roadmap.py", "meeting.py"):
        at = _page(page, GUEST)
        assert not at.exception
        assert any("No successful sync" in w.value for w in at.warning)


def test_a_failed_last_sync_is_said_and_the_last_good_data_still_shown(store):
    from lib.store.writes import insert_rows
    from tests.test_roadmap import NOW

    with store.begin() as conn:
        insert_rows(conn, s.sync_runs, [{"id": 9, "kind": "incremental", "started_at": NOW, "finished_at": NOW,
                                         "outcome": "failed", "error": "Conduit maniphest.search: HTTP 503",
                                         "requests": 3}])
    for page in ("roadmap.py", "meeting.py"):
        at = _page(page, GUEST)
        others = [e.value for e in at.error if "last sync failed" not in e.value]
        assert not at.exception and others == []
        assert any("last sync failed" in e.value and "HTTP 503" in e.value for e in at.error)
    assert len(_task_table(_page("roadmap.py", GUEST))) == 8


def test_only_levels_the_server_lets_the_api_set_are_offered(store):
    with store.begin() as conn:  # a level with no keyword, or disabled in the server's config
        conn.execute(s.priorities.update().where(s.priorities.c.name == "Wishlist").values(keyword=""))
    at = _page("roadmap.py", EDITOR_JACK)
    options = at.selectbox(key="edit_priority-0").options
    assert "Unbreak Now!" in options and "Wishlist" not in options


def test_the_per_column_counts_say_what_each_column_is_for(store):
    from lib.store.writes import insert_rows

    with store.begin() as conn:
        insert_rows(conn, s.column_guide, [
            {"board": "workboard", "column_name": "New & TBD Tickets", "what": "Newly tagged tasks", "who_moves": None,
             "position": 1},
            {"board": "workboard", "column_name": "Sprint x (x: the sprint's number)", "what": "In a sprint",
             "who_moves": None, "position": 2}])
    at = _page("roadmap.py", GUEST)
    _no_errors(at)
    (per_column,) = [d.value for d in at.dataframe if "open_points" in d.value.columns
                     and "New & TBD" in set(d.value["column"])]
    meaning = dict(zip(per_column["column"], per_column["what it is for"]))
    assert meaning["New & TBD"] == "Newly tagged tasks"
    assert any(c.startswith("Sprint ") for c in meaning)
    assert all(meaning[c] == "In a sprint" for c in meaning if c.startswith("Sprint "))
    assert {v for c, v in meaning.items() if c != "New & TBD" and not c.startswith("Sprint ")} == {""}


def test_a_column_guide_that_names_none_of_the_boards_columns_is_said_to(store):
    from lib.store.writes import insert_rows

    with store.begin() as conn:
        insert_rows(conn, s.column_guide, [{"board": "workboard", "column_name": "Inbox", "what": "New tasks",
                                            "who_moves": None, "position": 1}])
    at = _page("roadmap.py", GUEST)
    _no_errors(at)
    assert any("describes none of these columns" in c.value for c in at.caption)


def test_two_levels_sharing_a_name_are_told_apart_and_the_chosen_one_is_recorded(store):
    with store.begin() as conn:  # a server whose config gives two levels one name
        levels = dict(conn.execute(select(s.priorities.c.value, s.priorities.c.name)).all())
        (medium, name), low = next((v, n) for v, n in levels.items() if v == 50), min(v for v in levels if v > 0)
        conn.execute(s.priorities.update().where(s.priorities.c.value == low).values(name=name))
    at = _page("roadmap.py", EDITOR_JACK)
    options = at.selectbox(key="edit_priority-0").options
    assert f"{name} ({medium})" in options and f"{name} ({low})" in options
    task = next(o for o in at.selectbox(key="edit_task-0").options if o.startswith("T13 "))
    at.selectbox(key="edit_task-0").set_value(task)
    at.selectbox(key="edit_priority-0").set_value(low)
    next(b for b in at.button if b.label == "Save priority change").click()
    at.run()
    _no_errors(at)
    with store.connect() as conn:
        assert conn.execute(select(s.priority_edits.c.new_value)).scalar() == low


def test_the_roadmaps_sprint_flags_follow_the_priorities_agreed_like_the_meetings(store):
    """T30 (sprint 2, no owner) raised from Needs Triage to Unbreak Now! here: both screens flag it."""
    from lib import priority_edits as pe

    pe.record_edit(store, task_phid="PHID-TASK-30", new_value=100, viewer=EDITOR_JACK)
    at = _page("roadmap.py", GUEST)
    _no_errors(at)
    flagged = [d.value for d in at.dataframe if list(d.value.columns) == ["task", "priority", "points", "owner",
                                                                           "sprint column"]]
    assert any((f["task"].str.startswith("T30 ") & (f["priority"] == "Unbreak Now!")).any() for f in flagged)


def test_the_priority_audit_log_names_the_task_and_the_levels(store):
    from lib import priority_edits as pe

    pe.record_edit(store, task_phid="PHID-TASK-12", new_value=100, viewer=EDITOR_JACK, reason="site down")
    at = _page("roadmap.py", EDITOR_JACK)
    _no_errors(at)
    log = next(d.value for d in at.dataframe if {"from", "to", "field"} <= set(d.value.columns))
    assert log[["task", "from", "to", "reason"]].values.tolist()[0] == ["T12 Restore drafts", "High", "Unbreak Now!",
                                                                       "site down"]


def test_the_meetings_short_urgent_list_says_it_is_the_top_of_a_longer_one(store):
    from lib import priority_edits as pe
    from lib.store import reads

    open_tasks = reads.tasks(store)
    open_tasks = open_tasks[~open_tasks["is_closed"].astype(bool) & ~open_tasks["is_epic"].astype(bool)
                            & (open_tasks["priority_value"] != 100)]
    for phid in open_tasks["phid"].head(9):
        pe.record_edit(store, task_phid=phid, new_value=100, viewer=EDITOR_JACK)
    at = _page("meeting.py", GUEST)
    _no_errors(at)
    urgent = next(d.value for d in at.dataframe if list(d.value.columns) == ["task", "priority", "owner"])
    shown_count = int(next(m.value for m in at.metric if m.label.replace("\\", "").startswith("Open Unbreak Now!")))
    assert len(urgent) == 5 < shown_count
    assert any(c.value.startswith(f"The 5 most urgent of {shown_count}") for c in at.caption)
    # its CSV download waits below the four sections with the others, out of the room's way
    assert [b.label for b in at.get("download_button")] == [
        "Download meeting epics as CSV", "Download meeting urgent tasks as CSV",
        "Download meeting open work per person as CSV"]


def test_the_board_filters_and_picks_by_the_priority_agreed_here_like_the_meeting(store):
    """T30 raised from Needs Triage to Unbreak Now! through the form (pending, not yet in Phabricator):
    the meeting lists it as urgent, so the Board's Priority filter finds it under Unbreak Now! (and no
    longer under Needs Triage), its table shows both levels, and the form's picker offers it there."""
    at = _page("roadmap.py", EDITOR_JACK)
    task = next(o for o in at.selectbox(key="edit_task-0").options if o.startswith("T30 "))
    at.selectbox(key="edit_task-0").set_value(task)
    at.selectbox(key="edit_priority-0").set_value(100)  # Unbreak Now!
    next(b for b in at.button if b.label == "Save priority change").click()
    at.run()
    _no_errors(at)
    at.multiselect(key="f_priority").set_value([100]).run()
    urgent = _task_table(at).set_index(_task_table(at)["task"].str.split().str[0])
    assert set(urgent.index) == {"T30", "T31"}
    assert (urgent.loc["T30", "priority"], urgent.loc["T30", TASKS_COLUMN]) == ("Needs Triage", "Unbreak Now!")
    assert any("Tasks (2)" in h.value for h in at.subheader)
    picks = [o for o in at.selectbox(key="edit_task-1").options]
    assert [o.split(" ")[0] for o in picks] == ["T30", "T31"] and "now Unbreak Now!" in picks[0]
    at.multiselect(key="f_priority").set_value([90]).run()  # Needs Triage: Phabricator's level no longer counts
    assert _task_table(at).empty


def test_a_change_phabricator_already_holds_is_not_shown_as_waiting_for_it(store):
    """T30 raised to Unbreak Now! here, and a later sync finds Phabricator at Unbreak Now! too (set
    there by hand): the board's "not yet in Phabricator" cell is empty for it, not a stale claim;
    T31's change, not in Phabricator, is still shown."""
    from lib import priority_edits as pe

    pe.record_edit(store, task_phid="PHID-TASK-30", new_value=100, viewer=EDITOR_JACK)
    pe.record_edit(store, task_phid="PHID-TASK-31", new_value=25, viewer=EDITOR_JACK)
    with store.begin() as conn:
        conn.execute(s.tasks.update().where(s.tasks.c.id == 30).values(priority_value=100, priority_name="Unbreak Now!",
                                                                       date_modified=utcnow()))
    at = _page("roadmap.py", EDITOR_JACK)
    _no_errors(at)
    table = _task_table(at).set_index(_task_table(at)["task"].str.split().str[0])
    assert table.loc["T30", "priority"] == "Unbreak Now!"
    assert table.loc["T30", TASKS_COLUMN] in ("", None) or pd.isna(table.loc["T30", TASKS_COLUMN])
    assert table.loc["T31", TASKS_COLUMN] == "Low"


def _save_goals(at: AppTest, edits: dict) -> AppTest:
    """Type into the sprint goals editor (its edit state, as the browser sends it) and press Save."""
    (editor,) = at.data_editor
    at.session_state[editor.key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    next(b for b in at.button if b.label == "Save sprint goals").click()
    return at.run()


def _stored_goals(store) -> list[tuple]:
    with store.connect() as conn:
        return [tuple(r) for r in conn.execute(select(s.sprint_goals.c.rank, s.sprint_goals.c.goal)
                                               .order_by(s.sprint_goals.c.rank)).all()]


def test_saving_only_blank_goal_rows_says_nothing_was_saved_and_names_the_rows(store):
    at = _page("roadmap.py", EDITOR_JACK)
    before = _stored_goals(store)
    _save_goals(at, {"added_rows": [{"goal": None}, {"rank": 3, "goal": "  "}]})
    _no_errors(at)
    assert not at.success and not at.toast   # never a false "saved"
    assert [i.value for i in at.info if "Nothing saved" in i.value] == [
        "Nothing saved: the goals are as stored. Rows 3 and 4 have no goal text (a goal is required): left out."]
    assert _stored_goals(store) == before
    with store.connect() as conn:
        assert conn.execute(select(s.audit_log)).first() is None


def test_a_goals_save_with_a_blank_row_keeps_the_others_and_says_which_row_was_left_out(store):
    at = _page("roadmap.py", EDITOR_JACK)
    _save_goals(at, {"added_rows": [{"goal": None}, {"rank": 3, "goal": "Announce multiblocks"}]})
    _no_errors(at)
    assert _stored_goals(store) == [(1, "Edit recovery everywhere"), (2, "Multiblocks form"),
                                    (3, "Announce multiblocks")]
    said = "Row 3 has no goal text (a goal is required): left out."
    assert [t.value for t in at.toast] == [f"Sprint goals saved. {said}"]
    assert any(w.value == f"Sprint goals saved. {said}" for w in at.warning)   # above the tabs, too
    (editor,) = at.data_editor   # the editor starts over from what is stored: the blank row is gone
    assert list(editor.value["goal"]) == ["Edit recovery everywhere", "Multiblocks form", "Announce multiblocks"]
    assert at.session_state[editor.key] in (None, {"edited_rows": {}, "added_rows": [], "deleted_rows": []})


def test_two_goals_given_one_rank_are_refused_with_the_rows_named(store):
    at = _page("roadmap.py", EDITOR_JACK)
    before = _stored_goals(store)
    _save_goals(at, {"edited_rows": {"1": {"rank": 1}}})   # "Multiblocks form" ranked 1 beside the first
    assert [e.value for e in at.error] == ["Not saved: Rows 1 and 2 both have rank 1\\. Give each goal its own rank\\."]
    assert not at.success and not at.toast
    assert _stored_goals(store) == before   # not silently renumbered
    assert any(c.value == rm.GOALS_RULE for c in at.caption)   # the rule is shown by the editor


def test_the_changes_day_cannot_be_after_the_data_and_before_the_first_sync_nothing_is_counted(store):
    """The last sync is Tue 24 Nov, the first Mon 16 Nov 06:00: a later day cannot be chosen (it read
    'since Fri 01 Jan', no year); from before the history every task would count as added (and nothing
    closed or moved), so the tab says what is not known instead of counting."""
    from datetime import date

    from tests.test_roadmap import RUN_TIMES

    at = _page("roadmap.py", GUEST)
    picker = at.date_input(key="since_day")
    assert picker.max == date(2026, 11, 24)
    picker.set_value(date(2027, 1, 1)).run()   # what a browser cannot send: Streamlit keeps the default
    assert at.date_input(key="since_day").value == date(2026, 11, 23)
    assert not any("01 Jan" in i.value for i in at.info)

    at.date_input(key="since_day").set_value(date(2020, 6, 1)).run()
    _no_errors(at)
    first = rm.moment_text(RUN_TIMES[0], utcnow().date())
    assert [i.value for i in at.info] == [
        f"What changed since Mon 01 Jun 2020 00:00 UTC is not known: the syncs' history starts with the first sync, "
        f"{first} UTC. Choose a later day."]
    assert not [m for m in at.metric if m.label in (rm.ADDED, rm.CLOSED, rm.MOVED)]   # no misleading counts
    assert not any("seen by the sync at" in d.value.columns for d in at.dataframe)

    at.date_input(key="since_day").set_value(date(2026, 11, 16)).run()   # midnight: still before the 06:00 sync
    assert any(i.value.startswith("What changed since Mon 16 Nov") for i in at.info)
    at.date_input(key="since_day").set_value(date(2026, 11, 17)).run()
    counts = {m.label: m.value for m in at.metric if m.label in (rm.ADDED, rm.CLOSED, rm.MOVED)}
    assert counts == {rm.ADDED: "1", rm.CLOSED: "1", rm.MOVED: "1"}
    assert not any("not known" in i.value for i in at.info)


def test_the_epic_timeline_labels_its_dates_one_way(store):
    """Vega's default date axis mixes "November" with "Nov 15"; the timeline names days alike."""
    at = _page("roadmap.py", GUEST)
    _no_errors(at)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    (timeline,) = [spec for spec in specs if any(layer.get("mark", {}).get("type") == "bar" and
                                                 layer["encoding"].get("y", {}).get("field") == "epic"
                                                 for layer in spec.get("layer", []))]
    formats = [layer["encoding"]["x"].get("axis", {}).get("format") for layer in timeline["layer"]
               if layer["encoding"].get("y", {}).get("field") == "epic"]
    assert formats and all(f in ("%d %b", "%d %b %Y") for f in formats), formats


# The main area's width at 1920 px with the sidebar open, as measured in headless Chromium.
MAIN_AREA_PX_AT_1920 = 1460


def test_the_board_task_table_fits_the_shared_screen_epic_column_included(store):
    """Sized to their contents, the columns ran past 1920 px and the epic column was cut off."""
    at = _page("roadmap.py", GUEST)
    _no_errors(at)
    (proto,) = [d.proto for d in at.dataframe if TASKS_COLUMN in d.value.columns]
    config = json.loads(proto.columns)
    shown = list(_task_table(at).columns)
    assert shown[-1] == "epic"
    widths = [config.get(c, {}).get("width") for c in shown]
    assert all(isinstance(w, int) for w in widths), dict(zip(shown, widths))
    assert sum(widths) <= MAIN_AREA_PX_AT_1920
    assert config[TASKS_COLUMN]["label"] == "changed here"  # the long heading is the hover help
