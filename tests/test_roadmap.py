"""The roadmap's rules: epic progress, epics against sprints, board counts and filters, the current
sprint and its flags, and what changed since last Monday - on a small board built row by row.

`seed_board` is also the store the priority-edit and page tests run on.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from lib import roadmap as rm
from lib.meetings import last_meeting
from lib.store import reads, roadmap_reads
from lib.store import schema as s
from lib.store.writes import insert_rows

BOARD = "PHID-PROJ-board"
S1, S2, S3 = "PHID-PROJ-s1", "PHID-PROJ-s2", "PHID-PROJ-s3"
JACK, SAM = "PHID-USER-jack", "PHID-USER-sam"
# "now" of the seeded data: Tuesday 24 Nov 2026, in sprint 2; the last meeting was Monday 23rd 14:00.
NOW = datetime(2026, 11, 24, 9, 0)
RUN_TIMES = (datetime(2026, 11, 16, 6), datetime(2026, 11, 23, 6), datetime(2026, 11, 24, 6))

PRIORITIES = [
    (100, "Unbreak Now!", "unbreak"), (90, "Needs Triage", "triage"), (80, "High", "high"),
    (50, "Medium", "medium"), (25, "Low", "low"), (10, "Lowest", "lowest"),
]
MAIN_COLUMNS = ["New & TBD", "Needs Discussion", "Epics", "Estimated", "Sprint 1", "Sprint 2", "Sprint 3"]
SPRINT_COLUMNS = ["Ready for development", "In Development", "Review/Feedback", "QA", "Done"]


def col(name: str) -> str:
    return "PHID-PCOL-" + "".join(ch for ch in name.lower() if ch.isalnum())


def scol(name: str) -> str:
    return "PHID-PCOL-s2-" + "".join(ch for ch in name.lower() if ch.isalnum())


def _task(tid, title, *, prio=50, points=None, owner=None, epic=False, sprint=None, column=None,
          sprint_column=None, closed=False, modified=datetime(2026, 11, 20, 12)):
    names = {v: n for v, n, _ in PRIORITIES}
    return {
        "phid": f"PHID-TASK-{tid}", "id": tid, "title": title, "status": "resolved" if closed else "open",
        "status_name": "Resolved" if closed else "Open", "is_closed": closed, "priority_value": prio,
        "priority_name": names[prio], "points": points, "owner_phid": owner, "author_phid": JACK,
        "subtype": "epic" if epic else "default", "is_epic": epic, "sprint_phid": sprint,
        "column_phid": col(column) if column else None,
        "sprint_column_phid": scol(sprint_column) if sprint_column else None,
        "date_created": datetime(2026, 11, 1), "date_modified": modified,
        "date_closed": modified if closed else None, "on_board": True, "left_board_at": None,
    }


TASKS = [
    _task(10, "Edit recovery", prio=80, owner=JACK, epic=True, column="Epics"),
    _task(11, "Store drafts", points=5, owner=SAM, sprint=S1, column="Sprint 1", sprint_column="Done", closed=True),
    _task(12, "Restore drafts", prio=80, points=8, owner=SAM, sprint=S2, column="Sprint 2",
          sprint_column="In Development"),
    _task(13, "Warn on leave", prio=80, sprint=S2, column="Sprint 2", sprint_column="Ready for development"),
    _task(14, "Docs", points=3, owner=SAM, sprint=S2, column="Sprint 2", sprint_column="Done", closed=True),
    _task(20, "Multiblocks", prio=50, epic=True, column="Epics"),
    _task(21, "Block form", points=13, column="Estimated"),
    _task(25, "Old epic", prio=25, epic=True, column="Epics", closed=True),
    _task(30, "Triage me", prio=90, points=2, sprint=S2, column="Sprint 2", sprint_column="Ready for development"),
    _task(31, "Site down", prio=100, points=1, owner=SAM, sprint=S2, column="Sprint 2", sprint_column="QA"),
    _task(32, "New idea", prio=50, column="New & TBD"),
]
EDGES = [(10, 11), (10, 12), (10, 13), (10, 14), (20, 21)]


def _snap(run_id, when, task, **changes):
    t = {**task, **changes}
    return {"run_id": run_id, "observed_at": when, "task_phid": t["phid"], "status": t["status"],
            "is_closed": t["is_closed"], "priority_value": t["priority_value"], "priority_name": t["priority_name"],
            "points": t["points"], "owner_phid": t["owner_phid"], "column_phid": t["column_phid"],
            "sprint_phid": t["sprint_phid"], "on_board": t["on_board"]}


def seed_board(engine, *, goals: list[str] | None = None) -> None:
    """A board of sprints 1-3 (sprint 2 current on NOW), two open epics and a closed one, and three
    weekly syncs; since the last Monday meeting T32 was added, T12 raised to High, T14 closed and T13
    moved into sprint 2."""
    by_id = {t["id"]: t for t in TASKS}
    with engine.begin() as conn:
        insert_rows(conn, s.priorities, [{"value": v, "name": n, "short": n, "color": None, "keyword": k}
                                         for v, n, k in PRIORITIES])
        insert_rows(conn, s.users, [{"phid": JACK, "username": "jack", "real_name": "Jack Wheeler", "roles": ""},
                                    {"phid": SAM, "username": "sam", "real_name": "Sam Wilson", "roles": ""}])
        insert_rows(conn, s.projects, [
            {"phid": BOARD, "id": 1, "name": "Community-Tech", "slug": "community-tech", "parent_phid": None,
             "milestone": None, "status": "open", "start_date": None, "end_date": None, "dates_from": None},
            *[{"phid": p, "id": 1 + n, "name": f"Sprint {n}", "slug": None, "parent_phid": BOARD, "milestone": n, "status": "open",
               "start_date": start, "end_date": end, "dates_from": "custom field"}
              for n, p, start, end in ((1, S1, date(2026, 11, 2), date(2026, 11, 15)),
                                       (2, S2, date(2026, 11, 16), date(2026, 11, 29)),
                                       (3, S3, date(2026, 11, 30), date(2026, 12, 13)))],
        ])
        proxies = {"Sprint 1": S1, "Sprint 2": S2, "Sprint 3": S3}
        insert_rows(conn, s.board_columns, [
            *[{"phid": col(n), "id": i, "project_phid": BOARD, "name": n, "proxy_phid": proxies.get(n),
               "sequence": i, "is_hidden": False, "is_default": n == "New & TBD"} for i, n in enumerate(MAIN_COLUMNS)],
            *[{"phid": scol(n), "id": 100 + i, "project_phid": S2, "name": n, "proxy_phid": None, "sequence": i,
               "is_hidden": False, "is_default": i == 0} for i, n in enumerate(SPRINT_COLUMNS)],
        ])
        insert_rows(conn, s.tasks, TASKS)
        insert_rows(conn, s.task_edges, [{"parent_phid": f"PHID-TASK-{p}", "child_phid": f"PHID-TASK-{c}"}
                                         for p, c in EDGES])
        for n, when in enumerate(RUN_TIMES, start=1):
            insert_rows(conn, s.sync_runs, [{"id": n, "kind": "full", "started_at": when, "finished_at": when,
                                             "outcome": "success", "requests": 10}])
        first = [t for t in TASKS if t["id"] != 32]
        snaps = [_snap(1, RUN_TIMES[0], t, **({"priority_value": 50, "priority_name": "Medium"} if t["id"] == 12 else {}),
                       **({"is_closed": False, "status": "open"} if t["id"] == 14 else {}),
                       **({"column_phid": col("Estimated"), "sprint_phid": None} if t["id"] == 13 else {}))
                 for t in first]
        snaps += [_snap(3, RUN_TIMES[2], by_id[32]), _snap(3, RUN_TIMES[2], by_id[12]),
                  _snap(3, RUN_TIMES[2], by_id[14]), _snap(3, RUN_TIMES[2], by_id[13])]
        insert_rows(conn, s.task_snapshots, snaps)
        if goals:
            insert_rows(conn, s.sprint_goals, [{"sprint_phid": S2, "rank": i, "goal": g, "epic_phid": None,
                                                "actor": "jack", "at": NOW} for i, g in enumerate(goals, start=1)])


@pytest.fixture
def board(any_engine):
    seed_board(any_engine)
    return any_engine


@pytest.fixture
def frames(board):
    tasks = reads.tasks(board)
    edges = reads.task_edges(board)
    return rm.annotate_tasks(tasks, edges), edges


def _by_id(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index("id")


# --- epics ------------------------------------------------------------------------------------

def test_epic_progress_counts_done_subtasks_in_points_and_in_number(frames):
    tasks, edges = frames
    progress = _by_id(rm.epic_progress(tasks, edges))
    e = progress.loc[10]
    assert (e.subtasks, e.subtasks_done) == (4, 2)
    assert (e.points, e.points_done) == (16.0, 8.0)   # 5 + 8 + 3, T13 unestimated
    assert e.unestimated == 1
    assert (e.pct_count, e.pct_points) == (50.0, 50.0)


def test_a_declined_subtask_is_out_of_the_epics_scope_and_the_sprints_not_done(board):
    """T14 (3 points, in sprint 2's Done column) was declined, not resolved: the epic is 1 of 3 subtasks
    done with 5 of 13 points, one dropped; the sprint counts it neither as committed nor as done."""
    frames = roadmap_reads.board_frames(board)
    plain = _by_id(rm.build_board(**frames).progress).loc[10]   # no statuses stored: every close is done
    assert (plain.subtasks, plain.subtasks_done, plain.subtasks_dropped) == (4, 2, 0)
    with board.begin() as conn:
        insert_rows(conn, s.statuses, [{"value": "open", "name": "Open", "is_closed": False, "special": "default"},
                                       {"value": "resolved", "name": "Resolved", "is_closed": True, "special": "closed"},
                                       {"value": "declined", "name": "Declined", "is_closed": True, "special": None}])
        conn.execute(s.tasks.update().where(s.tasks.c.id == 14).values(status="declined", status_name="Declined"))
        # epic 20's only subtask went into sprint 1 and was declined there: the epic holds no sprint
        conn.execute(s.tasks.update().where(s.tasks.c.id == 21).values(
            status="declined", status_name="Declined", is_closed=True, sprint_phid=S1))
    b = rm.build_board(**roadmap_reads.board_frames(board))
    assert 20 in set(b.unscheduled["id"]) and 20 not in set(b.scheduled["id"])
    e = _by_id(b.progress).loc[10]
    assert (e.subtasks, e.subtasks_done, e.subtasks_dropped) == (3, 1, 1)
    assert (e.points, e.points_done, e.pct_points) == (13.0, 5.0, 38.0)
    t14 = _by_id(b.tasks).loc[14]
    assert bool(t14.is_dropped) and not bool(t14.is_done)   # in the Done column, but declined
    summary = rm.sprint_summary(b.tasks, S2, pd.DataFrame(), b.priorities)
    assert (summary.tasks, summary.tasks_done, summary.committed_points, summary.done_points) == (4, 0, 11.0, 0.0)


def test_an_epic_without_estimated_subtasks_has_no_points_percentage(frames):
    tasks, edges = frames
    progress = _by_id(rm.epic_progress(tasks, edges))
    assert progress.loc[25].subtasks == 0
    assert pd.isna(progress.loc[25].pct_points) and pd.isna(progress.loc[25].pct_count)


def test_epics_span_the_sprints_of_their_subtasks_and_unsprinted_open_epics_stand_apart(frames, board):
    tasks, edges = frames
    progress = rm.epic_progress(tasks, edges)
    scheduled, unscheduled = rm.epic_sprint_spans(tasks, edges, reads.sprints(board), progress)
    row = _by_id(scheduled).loc[10]
    assert (row.start, row.end) == (pd.Timestamp("2026-11-02"), pd.Timestamp("2026-11-29"))
    assert (row.first_sprint, row.last_sprint, row.sprints) == ("Sprint 1", "Sprint 2", 2)
    assert list(unscheduled["id"]) == [20]  # open, no sprint; closed T25 is not listed


def test_each_task_knows_its_epic(frames):
    tasks, _ = frames
    t = _by_id(tasks)
    assert t.loc[12, "epic"] == "T10 Edit recovery"
    assert pd.isna(t.loc[32, "epic"])
    assert bool(t.loc[14, "is_done"]) and not bool(t.loc[12, "is_done"])


# --- board and filters ------------------------------------------------------------------------

def test_board_counts_keep_board_order_and_empty_columns(frames):
    tasks, _ = frames
    counts = rm.board_counts(tasks, "column_name", MAIN_COLUMNS).set_index("column")
    assert list(counts.index[: len(MAIN_COLUMNS)]) == MAIN_COLUMNS
    assert counts.loc["Sprint 2", "tasks"] == 5 and counts.loc["Sprint 2", "open"] == 4
    assert counts.loc["Needs Discussion", "tasks"] == 0
    assert counts.loc["Sprint 2", "open_points"] == 8 + 2 + 1


def test_empty_sprint_columns_can_be_left_out_of_the_counts(frames, board):
    tasks, edges = frames
    b = rm.build_board(tasks, edges, reads.sprints(board), reads.board_columns(board), reads.priorities(board))
    assert b.sprint_proxy_columns == {"Sprint 1", "Sprint 2", "Sprint 3"}
    counts = rm.board_counts(tasks, "column_name", b.main_columns, drop_if_empty=b.sprint_proxy_columns)
    assert "Sprint 3" not in set(counts["column"])           # a sprint column with no task
    assert "Needs Discussion" in set(counts["column"])       # a board column stays, even empty


def test_sprint_board_counts_per_sprint_column(frames):
    tasks, _ = frames
    in_s2 = rm.filter_tasks(tasks, rm.TaskFilter(sprint_phid=S2))
    counts = rm.board_counts(in_s2, "sprint_column", SPRINT_COLUMNS).set_index("column")
    assert counts.loc["Ready for development", "tasks"] == 2
    assert counts.loc["Done", "tasks"] == 1 and counts.loc["Review/Feedback", "tasks"] == 0


@pytest.mark.parametrize("chosen, expected", [
    (rm.TaskFilter(), {10, 11, 12, 13, 14, 20, 21, 25, 30, 31, 32}),
    (rm.TaskFilter(columns=("Sprint 2",), status=rm.STATUS_OPEN), {12, 13, 30, 31}),
    (rm.TaskFilter(priorities=(80,)), {10, 12, 13}),
    (rm.TaskFilter(owners=(rm.NO_OWNER,), status=rm.STATUS_OPEN), {13, 20, 21, 30, 32}),
    (rm.TaskFilter(epics=("T10 Edit recovery",)), {10, 11, 12, 13, 14}),
    (rm.TaskFilter(epics=(rm.NO_EPIC,), status=rm.STATUS_CLOSED), {25}),
    (rm.TaskFilter(sprint_columns=("Done",)), {11, 14}),
    (rm.TaskFilter(statuses=("Resolved",)), {11, 14, 25}),
])
def test_filters_keep_only_matching_tasks(frames, chosen, expected):
    tasks, _ = frames
    assert set(rm.filter_tasks(tasks, chosen)["id"]) == expected


# --- the sprint -------------------------------------------------------------------------------

def test_current_sprint_is_the_one_holding_today_else_the_latest_started(board):
    sprints = reads.sprints(board)
    assert rm.current_sprint(sprints, date(2026, 11, 24))["phid"] == S2
    assert rm.current_sprint(sprints, date(2027, 3, 1))["phid"] == S3
    assert rm.current_sprint(sprints, date(2020, 1, 1))["phid"] == S1
    assert rm.current_sprint(sprints.iloc[0:0], date(2026, 11, 24)) is None


def test_sprint_summary_flags_what_the_process_page_asks_for(frames, board):
    tasks, _ = frames
    goals = pd.DataFrame({"goal": ["a", "b", "c", "d"]})
    summary = rm.sprint_summary(tasks, S2, goals, reads.priorities(board))
    assert (summary.tasks, summary.tasks_done) == (5, 1)
    assert (summary.committed_points, summary.done_points) == (14.0, 3.0)
    assert summary.too_many_goals
    assert list(summary.large["id"]) == [12]            # 8 points: larger than a week
    assert list(summary.unestimated["id"]) == [13]
    assert list(summary.urgent_unowned["id"]) == [13]   # High, no owner; T30 is only Needs Triage


def test_an_urgent_task_whose_owner_left_needs_an_owner(frames, board):
    """An owner whose account is disabled is not going to do it: the task counts as needing an owner."""
    tasks, _ = frames
    owner_of_12 = tasks.loc[tasks["id"] == 12, "owner_phid"].iloc[0]
    with board.begin() as conn:
        conn.execute(s.users.update().where(s.users.c.phid == owner_of_12).values(roles="disabled"))
    tasks = rm.annotate_tasks(reads.tasks(board), reads.task_edges(board))
    summary = rm.sprint_summary(tasks, S2, pd.DataFrame(), reads.priorities(board))
    flagged = set(summary.urgent_unowned["id"])
    owned_by_them = set(tasks.loc[tasks["owner_phid"] == owner_of_12, "id"])
    assert {12, 13} <= flagged and flagged - {13} <= owned_by_them


@pytest.mark.parametrize("roles", ["bot,verified,approved,activated", "list,approved,activated"])
def test_an_urgent_task_a_bot_or_a_mailing_list_holds_needs_an_owner(frames, board, roles):
    """A CI bot that claimed the task (or a mailing list) is no person to do it: the task needs an owner,
    and where people are counted the account says what it is."""
    tasks, _ = frames
    owner_of_12 = tasks.loc[tasks["id"] == 12, "owner_phid"].iloc[0]
    with board.begin() as conn:
        conn.execute(s.users.update().where(s.users.c.phid == owner_of_12).values(roles=roles))
    tasks = rm.annotate_tasks(reads.tasks(board), reads.task_edges(board))
    summary = rm.sprint_summary(tasks, S2, pd.DataFrame(), reads.priorities(board))
    assert 12 in set(summary.urgent_unowned["id"])
    label = rm.owner_labels(tasks)[tasks["id"] == 12].iloc[0]
    assert label.endswith("(bot account)" if roles.startswith("bot") else "(mailing list)")
    # the roadmap's flag lists it under that name, not as a person's
    assert summary.urgent_unowned.set_index("id").loc[12, "owner"] == label
    assert (rm.owner_labels(tasks)[tasks["owner_phid"].isna()] == rm.NO_OWNER).all()


def test_three_goals_are_not_too_many(frames, board):
    tasks, _ = frames
    summary = rm.sprint_summary(tasks, S2, pd.DataFrame({"goal": ["a", "b", "c"]}), reads.priorities(board))
    assert not summary.too_many_goals


def test_urgent_levels_are_chosen_by_value_and_survive_a_rename():
    levels = pd.DataFrame({"value": [100, 90, 80, 50], "keyword": ["unbreak", "triage", "high", "medium"],
                           "name": ["Fix NOW", "Untriaged", "Important", "Meh"]})
    assert rm.urgent_priority_values(levels) == {100, 80}


def test_clean_goals_drops_blanks_and_ranks_in_order():
    typed = pd.DataFrame({"rank": [2, None, 1, 3], "goal": ["ship", " ", "community update", "  scope  "],
                          "epic_phid": ["", None, "PHID-TASK-10", None]})
    out = rm.clean_goals(typed)
    assert list(out["goal"]) == ["community update", "ship", "scope"]
    assert list(out["rank"]) == [1, 2, 3]
    assert list(out["epic_phid"]) == ["PHID-TASK-10", None, None]


def test_check_goals_names_the_blank_rows_and_the_ranks_given_twice():
    typed = pd.DataFrame({"rank": [1, 1, None, 2, 2, 2, 1], "goal": ["a", "b", None, "c", "d", "e", " "]})
    check = rm.check_goals(typed)
    assert check.blank_rows == (3, 7)   # the blank row 7 shares rank 1 too, but is left out, not a clash
    assert check.shared_ranks == {1: (1, 2), 2: (4, 5, 6)}
    assert check.refusal == "Rows 1 and 2 both have rank 1; rows 4, 5 and 6 all have rank 2. Give each goal its own rank."
    assert check.left_out == "Rows 3 and 7 have no goal text (a goal is required): left out."


def test_check_goals_accepts_gaps_and_missing_ranks_as_the_shown_rule_says():
    check = rm.check_goals(pd.DataFrame({"rank": [5, None, 2], "goal": ["later", "last", "first"]}))
    assert check.refusal is None and check.left_out == ""
    assert list(check.rows["goal"]) == ["first", "later", "last"] and list(check.rows["rank"]) == [1, 2, 3]
    assert rm.check_goals(pd.DataFrame({"goal": [None]})).left_out == "Row 1 has no goal text (a goal is required): left out."


# --- what changed since the last meeting (its day and time: tests/test_meetings.py) ------------

def test_changes_since_the_last_meeting_from_the_snapshots(board):
    since = last_meeting(NOW)
    before, after = roadmap_reads.snapshots_around(board, since)
    names = dict(zip(reads.board_columns(board)["phid"], reads.board_columns(board)["name"]))
    changes = rm.changes_since(before, after, names, {v: n for v, n, _ in PRIORITIES})
    got = {(r.task_phid, r.change, r._3, r.to) for r in changes.itertuples()}
    assert got == {
        ("PHID-TASK-32", rm.ADDED, None, "New & TBD"),
        ("PHID-TASK-14", rm.CLOSED, "open", "resolved"),
        ("PHID-TASK-12", rm.REPRIORITISED, "Medium", "High"),
        ("PHID-TASK-13", rm.MOVED, "Estimated", "Sprint 2"),
    }
    assert rm.change_counts(changes)[rm.ADDED] == 1


def test_a_task_that_left_the_board_is_reported(board):
    t = {**TASKS[-1], "on_board": False}
    with board.begin() as conn:
        insert_rows(conn, s.sync_runs, [{"id": 4, "kind": "full", "started_at": NOW, "finished_at": NOW,
                                         "outcome": "success", "requests": 1}])
        insert_rows(conn, s.task_snapshots, [_snap(4, NOW, t), _snap(4, NOW, {**TASKS[1], "on_board": False})])
    before, after = roadmap_reads.snapshots_around(board, last_meeting(NOW))
    changes = rm.changes_since(before, after, {}, {})
    kinds = dict(zip(changes["task_phid"], changes["change"]))
    assert kinds["PHID-TASK-11"] == rm.REMOVED
    assert "PHID-TASK-32" not in kinds  # added and gone within the week: nothing to report


def test_changes_are_known_only_after_the_first_syncs_snapshot(board):
    start = roadmap_reads.history_start(board)
    assert start == RUN_TIMES[0]
    assert not rm.changes_known_since(datetime(2026, 11, 10), start)   # before it: all would read as added
    assert not rm.changes_known_since(RUN_TIMES[0], start)             # at it, too
    assert rm.changes_known_since(datetime(2026, 11, 16, 7), start)
    assert not rm.changes_known_since(NOW, None)                       # no history at all


def test_history_start_is_none_before_any_sync(any_engine):
    assert roadmap_reads.history_start(any_engine) is None


@pytest.mark.parametrize("when, today, text", [
    (datetime(2026, 11, 23, 14), date(2026, 11, 30), "Mon 23 Nov 14:00"),
    (datetime(2025, 12, 1), date(2026, 1, 5), "Mon 01 Dec 2025 00:00"),
    (datetime(2027, 1, 1), date(2026, 11, 30), "Fri 01 Jan 2027 00:00"),
])
def test_a_moment_says_its_year_when_it_is_not_this_years(when, today, text):
    assert rm.moment_text(when, today) == text


def test_no_snapshots_since_means_no_changes(board):
    before, after = roadmap_reads.snapshots_around(board, datetime(2030, 1, 1))
    assert rm.changes_since(before, after, {}, {}).empty


def test_column_meanings_come_from_the_team_pages_guide_by_name():
    guide = pd.DataFrame([("workboard", "New & TBD Tickets", "Newly tagged tasks"),
                          ("workboard", "CommTech-Sprint-x (where x is a numbered sprint)", "The sprint's tasks"),
                          ("workboard", "Epics", "One card per epic"), ("workboard", "Epic", "  "),
                          ("sprint", "Done", "Finished")], columns=["board", "column_name", "what"])
    meanings = rm.column_meanings(["New & TBD", "CommTech-Sprint-71", "Epics", "Epic ideas", "Done", "Backlog"],
                                  guide, "workboard")
    assert meanings == {"New & TBD": "Newly tagged tasks", "CommTech-Sprint-71": "The sprint's tasks",
                        "Epics": "One card per epic"}
    assert rm.column_meanings(["Done"], guide, "sprint") == {"Done": "Finished"}
    assert rm.column_meanings(["Done"], guide.iloc[0:0], "sprint") == {}


def test_columns_without_a_sequence_keep_their_creation_order(frames, board):
    """Upstream Phabricator's project.column.search sends no sequence (Phorge does): the board's
    columns then come in the order they were made, not in whatever order the store returns them."""
    tasks, edges = frames
    columns = reads.board_columns(board).assign(sequence=None)
    shuffled = columns.sample(frac=1, random_state=7)
    b = rm.build_board(tasks, edges, reads.sprints(board), shuffled, reads.priorities(board))
    assert b.main_columns == MAIN_COLUMNS  # made (ids) in board order in this seed
    assert b.sprint_columns == SPRINT_COLUMNS


def test_with_column_meanings_adds_the_guides_text_and_blanks_elsewhere():
    counts = pd.DataFrame({"column": ["New & TBD", "Backlog"], "tasks": [3, 1]})
    guide = pd.DataFrame([("workboard", "New & TBD Tickets", "Newly tagged tasks")],
                         columns=["board", "column_name", "what"])
    shown = rm.with_column_meanings(counts, guide, "workboard")
    assert shown["what it is for"].tolist() == ["Newly tagged tasks", ""]
    assert shown["tasks"].tolist() == [3, 1]


@pytest.mark.parametrize("end, text", [(date(2026, 11, 29), "ended Sun 29 Nov"), (date(2026, 11, 30), "last day"),
                                       (date(2026, 12, 1), "2 working days left"),       # Monday and Tuesday
                                       (date(2026, 12, 4), "5 working days left"),       # as the capacity screen says
                                       (date(2026, 12, 13), "10 working days left")])
def test_days_left_are_the_working_days_from_today_on(end, text):
    assert rm.days_left_text(end, date(2026, 11, 30)) == text


def test_a_sprint_ending_on_a_weekend_has_no_working_day_left_on_the_saturday():
    assert rm.days_left_text(date(2026, 12, 6), date(2026, 12, 5)) == "no working day left (ends Sun 06 Dec)"


URGENT_SCALES = [
    # upstream and Wikimedia: Unbreak Now! and High, not Needs Triage between them
    ([(100, "unbreak", "Unbreak Now!"), (90, "triage", "Needs Triage"), (80, "high", "High"), (50, "normal", "Normal")],
     {100, 80}),
    # High moved to 70: still High and above
    ([(100, "unbreak", "Unbreak Now!"), (70, "high", "High"), (50, "normal", "Normal")], {100, 70}),
    # Normal at 80 and a triage level keyed "needs-triage": neither is urgent
    ([(100, "unbreak", "Unbreak Now!"), (90, "needs-triage", "Needs Triage"), (85, "high", "High"),
      (80, "normal", "Normal")], {100, 85}),
    # a server's own 1-5 scale: its two highest levels
    ([(5, "p1", "P1 - Critical"), (4, "p2", "P2 - Major"), (3, "p3", "P3 - Normal"), (2, "p4", "P4 - Low")], {5, 4}),
    ([(50, "urgent", "Urgent"), (40, "soon", "Soon"), (30, "normal", "Normal"), (10, "triage", "Untriaged")], {50, 40}),
]


@pytest.mark.parametrize("levels, urgent", URGENT_SCALES)
def test_urgent_levels_follow_the_servers_own_scale(levels, urgent):
    frame = pd.DataFrame(levels, columns=["value", "keyword", "name"])
    assert rm.urgent_priority_values(frame) == urgent


@pytest.mark.parametrize("levels, text", zip([levels for levels, _urgent in URGENT_SCALES], [
    "Unbreak Now!/High", "Unbreak Now!/High", "Unbreak Now!/High", "P1 - Critical/P2 - Major", "Urgent/Soon"]))
def test_the_screens_name_the_urgent_levels_as_the_server_does(levels, text):
    assert rm.urgent_levels_text(pd.DataFrame(levels, columns=["value", "keyword", "name"])) == text


def test_the_board_lists_its_own_columns_first_then_the_sprints_in_milestone_order(frames, board):
    """As Phabricator lays out a board: a column added after the sprint columns ("Done", sequence 20)
    still comes before them; the sprint columns follow by milestone number, whatever their sequence."""
    tasks, edges = frames
    columns = reads.board_columns(board)
    sprint_1 = columns["name"] == "Sprint 1"
    columns.loc[sprint_1, "sequence"] = 30  # moved on the board: still the first sprint
    done = columns[columns["name"] == "Estimated"].assign(phid="PHID-PCOL-done", id=99, name="Done", sequence=20)
    b = rm.build_board(tasks, edges, reads.sprints(board), pd.concat([columns, done], ignore_index=True),
                       reads.priorities(board))
    assert b.main_columns == ["New & TBD", "Needs Discussion", "Epics", "Estimated", "Done", "Sprint 1", "Sprint 2",
                              "Sprint 3"]


def test_tasks_of_a_sprint_whose_column_the_board_has_not_made_yet_sit_in_a_column_named_after_it(frames, board):
    """Phabricator makes a milestone's column on the parent board when the board is next opened: until
    then the sync finds no column for its tasks. They show where the board will put them."""
    tasks, edges = frames
    columns = reads.board_columns(board)
    columns = columns[columns["name"] != "Sprint 2"]  # not made yet
    tasks = tasks.copy()
    in_2 = tasks["sprint_phid"] == S2
    tasks.loc[in_2, ["column_phid", "column_name"]] = None
    assert in_2.any()
    b = rm.build_board(tasks, edges, reads.sprints(board), columns, reads.priorities(board))
    assert b.main_columns[-3:] == ["Sprint 1", "Sprint 2", "Sprint 3"] and "Sprint 2" in b.sprint_proxy_columns
    assert set(b.tasks.loc[b.tasks["sprint_phid"] == S2, "column_name"]) == {"Sprint 2"}


def test_the_left_out_columns_are_named_only_when_the_board_has_them():
    board = pd.DataFrame({"column_name": ["Backlog", "Freezer", None, "Following", "Freezer"]})
    assert rm.not_our_work_text(board) == "not counting the Following and Freezer columns"
    assert rm.not_our_work_text(board.iloc[:2]) == "not counting the Freezer column"
    assert rm.not_our_work_text(pd.DataFrame({"column_name": ["Backlog", "Doing"]})) is None
    other_board = pd.DataFrame({"column_name": ["Inbox", "Icebox", "Watching", "Doing"]})
    assert rm.our_work(other_board).tolist() == [True, False, False, True]
    spelt_twice = pd.DataFrame({"column_name": ["Icebox", "ICEBOX ", "Following"]})
    assert rm.not_our_work_text(spelt_twice) == "not counting the Following and Icebox columns"


@pytest.mark.parametrize("name, short", [
    ("CommTech-Sprint-69", "69"), ("Sprint 14 (Mar 4 – Mar 15)", "14"), ("Sprint 14 – ends Mar 15", "14"),
    ("Iteration 7", "7"), ("Team Blue 12", "12"),
    ("2024-03-04 to 2024-03-15", "2024-03-04 to 2024-03-15"),   # days, no number of its own: kept whole
    ("Apr 2 - Apr 15", "Apr 2 - Apr 15"), ("Backlog grooming", "Backlog grooming"),
    ("Sprint 2024-03-04", "Sprint 2024-03-04"), ("Sprint-2024-W12", "12"),   # a date, not "2024"; the week
    ("Sprint 12/2024", "12"), ("Sprint 12-2024", "12"), ("Sprint 5-6", "5"), ("Sprint 14.2", "14"),
    ("Sprint 2024-03", "Sprint 2024-03"), ("Sprint 2024.03.04", "04"), ("Sprint 2024/12", "12"),
])
def test_a_sprint_is_labelled_on_the_timeline_by_its_number_not_a_day_in_its_name(name, short):
    assert rm.sprint_short_names(pd.Series([name])).tolist() == [short]


def test_open_work_per_person_lists_people_first_then_work_no_person_holds():
    work = pd.DataFrame({
        "phid": ["T1", "T2", "T3", "T4", "T5", "T6"],
        "owner_phid": ["PHID-USER-bot", "PHID-USER-bot", "PHID-USER-bot", None, "PHID-USER-ann", "PHID-USER-bob"],
        "owner": ["ci-bot", "ci-bot", "ci-bot", None, "Ann", "Bob"],
        "owner_roles": ["bot", "bot", "bot", None, "", "disabled"],
        "points": [5.0, 5.0, 5.0, 8.0, 1.0, 2.0]})
    by_points = rm.open_work_per_person(work)
    assert by_points["person"].tolist() == ["Ann", "ci-bot (bot account)", "(no owner)", "Bob (account disabled)"]
    assert by_points["points"].tolist() == [1.0, 15.0, 8.0, 2.0]
    by_tasks = rm.open_work_per_person(work, in_points=False)
    assert by_tasks.columns.tolist() == ["person", "tasks"] and by_tasks["person"].tolist()[:2] == ["Ann", "ci-bot (bot account)"]


def test_the_team_pages_guide_names_the_columns_the_team_only_watches_whatever_they_are_called():
    tasks = pd.DataFrame({"column_name": ["Inbox", "Parked", "Doing", "Following", None]})
    guide = pd.DataFrame([
        {"board": "workboard", "column_name": "Inbox", "what": "Tasks we won’t work on directly, but want to keep an eye on."},
        {"board": "workboard", "column_name": "Parked", "what": "Tasks we don’t anticipate working on in the future."},
        {"board": "workboard", "column_name": "Doing", "what": "Tasks being worked on."},
    ])
    watched = rm.watched_columns(tasks, guide)
    assert rm.our_work(tasks, watched).tolist() == [False, False, True, False, True]
    assert rm.not_our_work_text(tasks, watched) == "not counting the Following, Inbox and Parked columns"
    assert rm.watched_columns(tasks, guide.iloc[0:0]) == rm.NOT_OUR_WORK_COLUMNS   # no guide: the names alone
    for what in ("Tasks we are not working on yet, or won't work on this sprint.",
                 "Tasks we don't plan on working on this sprint.", "Blocked: the PM will keep an eye on them.",
                 "Later: we don't anticipate working on them until next quarter."):
        ordinary = pd.DataFrame([{"board": "workboard", "column_name": "Inbox", "what": what}])
        assert rm.our_work(tasks, rm.watched_columns(tasks, ordinary)).tolist()[0] is True, what
