"""The sync against real HTTP: a fake Conduit and a fake MediaWiki on 127.0.0.1.

Request counts are the API's minimum; every failure kind leaves the last good data in place and
records why; transient errors are retried, a refused token is not.
"""

from __future__ import annotations

import gc
import importlib
import math
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event, func, insert, select, update

import lib.store.engine
from lib.config import ROOT, load_settings
from lib import roadmap as rm
from lib.store import roadmap_reads
from lib.store import schema as s
from lib.store.engine import checkpoint_soon, utcnow, wait_for_checkpoints
from lib.sync import pipeline
from lib.sync.pipeline import SyncBusy, Transports, run_sync
from tests.fakes.http_servers import API_ERROR, HANG, HTTP_429, HTTP_503, MALFORMED_JSON, RESET, TRUNCATED

NO_SECRETS = Path("/nonexistent")


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def transports(sleeps):
    """Real network to the loopback servers; backoff sleeps are recorded, not slept."""
    return Transports(http_options={"timeout": 1.0, "retries": 3, "backoff": 0.5, "sleep": sleeps.append})


def settings_for(conduit_server, wiki_server, engine, **overrides):
    env = {
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "PHABRICATOR_URL": conduit_server.url,
        "PHABRICATOR_TOKEN": conduit_server.fake.token,
        "PHABRICATOR_PROJECT": conduit_server.fake.board_slug,
        "WIKI_API_URL": wiki_server.url,
        "SYNC_CONTACT": "leads-team@example.org",
        **overrides,
    }
    return load_settings(env=env, secrets_path=NO_SECRETS)


@pytest.fixture
def sync(conduit_server, wiki_server, any_engine, transports):
    """`sync(full=None, **setting_overrides)` runs one sync against the loopback servers."""

    def run(full=None, **overrides):
        return run_sync(any_engine, settings_for(conduit_server, wiki_server, any_engine, **overrides),
                        full=full, transports=transports)

    return run


def store_state(engine) -> dict:
    """Everything a sync may write, to compare before and after a failed run."""
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in (*s.MIRROR_TABLES, s.task_snapshots, s.goal_stage_edits)}  # (their states: lib.stages)


WIKI_TABLES = ("wiki_pages", "team_members", "role_responsibilities", "daci", "column_guide", "meeting_rituals",
               "programs", "goals", "timeline", "no_deploy_weeks", "consultation_phases", "consultation_steps",
               "stakeholder_groups", "consultation_channels", "consultation_roles")


def wiki_state(engine) -> dict:
    """What the wiki pages fill, to compare before and after a run that could not read them."""
    return {name: rows for name, rows in store_state(engine).items() if name in WIKI_TABLES}


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def pages(n: int, per_page: int = 100) -> int:
    return max(1, math.ceil(n / per_page))


def test_full_run_fills_the_store_with_the_minimum_requests(sync, any_engine, conduit_server, wiki_server):
    result = sync()
    assert result.outcome == "success", result.error
    assert result.kind == "full"
    tasks = count(any_engine, s.tasks)
    users = count(any_engine, s.users)
    edges = count(any_engine, s.task_edges)
    milestones = count(any_engine, s.projects, s.projects.c.milestone.is_not(None))
    columns = count(any_engine, s.board_columns)
    assert tasks > 300 and milestones >= 10 and edges > 0

    by_method = conduit_server.counts()
    assert by_method["maniphest.search"] == pages(tasks)
    assert by_method["user.search"] == pages(users)
    assert by_method["edge.search"] == pages(edges, per_page=1000)  # edge.search pages hold up to 1000
    assert by_method["project.column.search"] == pages(columns)
    assert by_method["project.search"] == 1 + pages(milestones)
    assert by_method["maniphest.priority.search"] == by_method["maniphest.status.search"] == 1
    assert wiki_server.count() == 2  # revision ids of the four pages, then their content
    assert result.requests == conduit_server.count() + wiki_server.count()
    assert count(any_engine, s.task_snapshots) == tasks  # a first sighting of every task
    assert count(any_engine, s.wiki_pages) == 4 and count(any_engine, s.team_members) == 10


def test_a_new_sprints_tasks_get_its_column_once_phorge_has_laid_it_out(sync, any_engine, conduit_server):
    """Phorge creates a new milestone's proxy column on the board only when the board is next laid out
    (a search with the columns attachment: this run's own first task page, beside which the columns
    were read). That run leaves the sprint's tasks in no column; the next run, which lists the column,
    puts the tasks that did not change into it too (not only at the next full run), and a task read
    again later is not said to have moved out of "no column"."""
    fake = conduit_server.fake
    t = s.tasks
    with any_engine.connect() as conn:
        assert sync(full=True).outcome == "success"
        sprint, column = conn.execute(select(t.c.sprint_phid, t.c.column_phid).where(
            t.c.sprint_phid.is_not(None), t.c.is_closed.is_(False)).order_by(t.c.id.desc())).first()
    fake.milestone_column_not_laid_out(sprint)
    with any_engine.begin() as conn:  # a fresh store, as when the sprint was new
        for table in (s.task_snapshots, s.task_columns, s.task_projects, s.task_edges, s.tasks, s.board_columns):
            conn.execute(table.delete())
    assert sync(full=True).outcome == "success"

    def in_sprint():
        with any_engine.connect() as conn:
            return dict(conn.execute(select(t.c.id, t.c.column_phid).where(t.c.sprint_phid == sprint)).all())

    assert set(in_sprint().values()) == {None}  # the column was not there when the columns were read
    fake.milestone_column_not_laid_out(sprint, laid_out=True)
    assert sync(full=False).outcome == "success"
    tasks = in_sprint()
    assert tasks and set(tasks.values()) == {column}  # none of them changed: filled in all the same
    moved = min(tasks)
    fake.touch([moved], priority=100)
    assert sync(full=False).outcome == "success"
    snap = s.task_snapshots
    with any_engine.connect() as conn:
        snaps = pd.DataFrame(conn.execute(select(snap).where(snap.c.task_phid == fake._task_by_id[moved]["phid"])
                                          .order_by(snap.c.id)).mappings().all())
    assert pd.isna(snaps["column_phid"].iloc[0]) and snaps["column_phid"].iloc[-1] == column
    changes = set(rm.changes_since(snaps.iloc[:1], snaps.iloc[-1:], {}, {})["change"])
    assert "re-prioritised" in changes and "moved" not in changes


def test_the_servers_status_marks_are_kept_so_declined_work_is_not_counted_as_done(sync, any_engine):
    assert sync().outcome == "success"
    with any_engine.connect() as conn:
        marks = dict(conn.execute(select(s.statuses.c.value, s.statuses.c.special)).all())
    assert (marks["open"], marks["resolved"], marks["duplicate"], marks["declined"]) == (
        "default", "closed", "duplicate", None)
    board = rm.build_board(**roadmap_reads.board_frames(any_engine))
    declined = board.tasks[board.tasks["status"] == "declined"]
    assert len(declined) and declined["is_dropped"].all() and not declined["is_done"].any()
    assert board.tasks.loc[board.tasks["status"] == "resolved", "is_done"].all()


def test_incremental_run_asks_only_for_what_changed(sync, any_engine, conduit_server, wiki_server):
    assert sync().outcome == "success"
    with any_engine.connect() as conn:
        ids = conn.execute(select(s.tasks.c.id).where(s.tasks.c.is_epic.is_(False)).order_by(s.tasks.c.id).limit(2)
                           ).scalars().all()
        ids += conn.execute(select(s.tasks.c.id).where(s.tasks.c.is_epic.is_(True)).limit(1)).scalars().all()
    conduit_server.fake.touch(ids, priority=100)
    conduit_server.reset_log()
    wiki_server.reset_log()
    snapshots_before = count(any_engine, s.task_snapshots)

    result = sync()
    assert result.outcome == "success", result.error
    assert result.kind == "incremental"
    assert conduit_server.count("maniphest.search") == 1
    assert conduit_server.count("user.search") == 0  # no owner is new
    assert conduit_server.count("edge.search") == 1  # one epic changed: its subtasks are asked again
    search = next(r for r in conduit_server.requests if r.name == "maniphest.search")
    assert search.params["constraints"]["modifiedStart"] > 0
    assert wiki_server.count() == 1  # revisions unchanged: no content fetched
    assert result.counts["tasks"] >= 3 and result.counts["tasks"] < 20
    with any_engine.connect() as conn:
        prios = conn.execute(select(s.tasks.c.priority_value).where(s.tasks.c.id.in_(ids))).scalars().all()
    assert prios == [100, 100, 100]
    assert count(any_engine, s.task_snapshots) >= snapshots_before + 1


def test_a_task_changed_while_the_later_pages_come_is_read_by_the_next_incremental_run(
        sync, any_engine, conduit_server, monkeypatch):
    """Tasks come newest first. A, on the first page, changes after that page was read; B, on a later
    page, changes a second later. The next incremental run must still ask for A's change: its mark
    may not pass the server's clock (its Date header) at the run's first task page."""
    import lib.sync.conduit as conduit_module

    monkeypatch.setattr(conduit_module, "PAGE_LIMIT", 20)  # several pages of tasks
    assert sync(full=True).outcome == "success"
    with any_engine.connect() as conn:
        ids = conn.execute(select(s.tasks.c.id).where(s.tasks.c.on_board.is_(True), s.tasks.c.is_epic.is_(False))
                           .order_by(s.tasks.c.id)).scalars().all()
    a, b = ids[-1], ids[0]  # newest id: first page; oldest: last page

    changed = []

    def meanwhile() -> None:
        conduit_server.fake.touch(a, priority=100)
        conduit_server.fake.touch(b, priority=100)  # a later second than A's change
        changed.append(True)

    # the run's second task request: its first page is answered, A was on it
    conduit_server.before("maniphest.search", lambda: conduit_server.before("maniphest.search", meanwhile))
    assert sync(full=True).outcome == "success"   # every page: the changes come while it pages
    assert changed  # (in that run, before its second page was answered)
    result = sync()
    assert result.outcome == "success" and result.kind == "incremental"
    with any_engine.connect() as conn:
        stored = dict(conn.execute(select(s.tasks.c.id, s.tasks.c.priority_value).where(s.tasks.c.id.in_([a, b]))).all())
    assert stored == {a: 100, b: 100}


def test_a_server_without_the_priority_and_status_searches_still_syncs(sync, any_engine, conduit_server, monkeypatch):
    """Older servers lack maniphest.priority.search / maniphest.status.search (ERR-CONDUIT-CALL, "does not
    exist"): the levels and statuses are read off the tasks; none can be set from the dashboard."""
    fake = conduit_server.fake
    older = {m: f for m, f in type(fake).METHODS.items() if m not in ("maniphest.priority.search", "maniphest.status.search")}
    monkeypatch.setattr(fake, "METHODS", older)
    result = sync()
    assert result.outcome == "success", result.error
    assert conduit_server.count("maniphest.priority.search") == 1  # asked once, not retried
    with any_engine.connect() as conn:
        levels = dict(conn.execute(select(s.priorities.c.value, s.priorities.c.name)).all())
        keywords = set(conn.execute(select(s.priorities.c.keyword)).scalars())
        held = dict(conn.execute(select(s.tasks.c.priority_value, s.tasks.c.priority_name)
                                 .where(s.tasks.c.priority_value.is_not(None))).all())
        statuses = dict(conn.execute(select(s.statuses.c.value, s.statuses.c.is_closed)).all())
        closed = set(conn.execute(select(s.tasks.c.status).where(s.tasks.c.is_closed.is_(True))).scalars())
    assert levels == held and keywords == {""}
    assert closed and all(statuses[st] for st in closed) and "open" in statuses and not statuses["open"]


def test_an_archived_board_is_still_found(sync, any_engine, conduit_server):
    """project.search finds active projects only unless asked for all: a board archived at the end of a
    project (or an archived Epic tag) must still be found, not reported as a wrong slug."""
    fake = conduit_server.fake
    board = next(p for p in fake.projects if p["phid"] == fake.board_phid)
    board["archivedAt"] = 1_500_000_000
    fake._changed()
    result = sync()
    assert result.outcome == "success", result.error
    assert count(any_engine, s.tasks) > 0


def test_an_idle_board_costs_one_request_and_keeps_the_epics_subtasks(sync, any_engine, conduit_server):
    """`modifiedStart` is inclusive: the last changed task comes again on every incremental run.
    When it is an epic that did not change since a run read it, its subtasks are not asked again,
    and stay. Dates are whole seconds: an epic changed in the second a run began is asked again."""
    import time

    assert sync().outcome == "success"
    with any_engine.connect() as conn:
        epic = conn.execute(select(s.tasks.c.id, s.tasks.c.phid).where(s.tasks.c.is_epic.is_(True))
                            .order_by(s.tasks.c.id).limit(1)).one()
    edges = count(any_engine, s.task_edges, s.task_edges.c.parent_phid == epic.phid)
    assert edges > 0
    fake = conduit_server.fake

    def edge_requests_of_an_incremental_run() -> int:
        conduit_server.reset_log()
        result = sync(full=False)
        assert result.outcome == "success", result.error
        assert conduit_server.count("maniphest.search") == 1 and conduit_server.count("user.search") == 0
        return conduit_server.count("edge.search")

    fake.now = int(time.time()) - 10  # changed ten seconds ago
    fake.touch(epic.id, priority=100)
    fake.now = None
    assert edge_requests_of_an_incremental_run() == 1  # changed: asked
    assert edge_requests_of_an_incremental_run() == 0  # came again unchanged: not asked
    assert count(any_engine, s.task_edges, s.task_edges.c.parent_phid == epic.phid) == edges

    fake.now = int(time.time()) + 5  # a change no whole second before the runs that read it begin
    fake.touch(epic.id, priority=90)
    fake.now = None
    assert edge_requests_of_an_incremental_run() == 1
    assert edge_requests_of_an_incremental_run() == 1  # a subtask added later in that second would show


def store_file_size(engine) -> int:
    return Path(engine.url.database).stat().st_size


def test_a_run_s_commit_leaves_copying_the_wal_for_later(engine, conduit_server, wiki_server, transports,
                                                          monkeypatch):
    """Even on connections told to copy the WAL into the database file at every commit, the run's
    write does not: that copy (a checkpoint, with its fsyncs) is not in the commit the result waits for."""
    @event.listens_for(engine, "connect")
    def checkpoint_at_every_commit(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=1")

    engine.dispose()
    later: list = []
    monkeypatch.setattr(pipeline, "checkpoint_soon", later.append)
    result = run_sync(engine, settings_for(conduit_server, wiki_server, engine), transports=transports)
    assert result.outcome == "success", result.error
    assert later == [engine]
    after_run = store_file_size(engine)
    checkpoint_soon(engine)
    wait_for_checkpoints()
    assert store_file_size(engine) > after_run  # the run's rows were still only in the WAL


def test_after_a_run_the_wal_is_copied_into_the_store_file(engine, conduit_server, wiki_server, transports):
    before = store_file_size(engine)
    assert run_sync(engine, settings_for(conduit_server, wiki_server, engine), transports=transports).outcome == "success"
    wait_for_checkpoints()
    assert store_file_size(engine) > before
    assert count(engine, s.tasks) > 0


def test_two_runs_started_at_one_moment_cannot_both_run(sync, any_engine):
    """The second start slips in between this run's check for a running run and its own insert."""
    slipped_in: list[bool] = []

    def other_start_slips_in(conn, cursor, statement, *_args):
        # the check for a running run (it reads their ids and starts)
        if not slipped_in and statement.lstrip().upper().startswith("SELECT") and \
                "sync_runs.id, sync_runs.started_at" in statement:
            slipped_in.append(True)
            with any_engine.begin() as other:
                other.execute(insert(s.sync_runs).values(kind="full", started_at=utcnow(), outcome="running",
                                                         requests=0, started_by="app"))

    event.listen(any_engine, "after_cursor_execute", other_start_slips_in)
    try:
        with pytest.raises(SyncBusy, match="started at the same moment"):
            sync()
    finally:
        event.remove(any_engine, "after_cursor_execute", other_start_slips_in)
    assert slipped_in
    with any_engine.connect() as conn:
        assert conn.execute(select(s.sync_runs.c.started_by)).scalars().all() == ["app"]


def test_a_run_is_a_success_even_when_no_thread_is_left_for_its_checkpoint(engine, conduit_server, wiki_server,
                                                                             transports, monkeypatch):
    class NoThreadLeft(threading.Thread):
        def start(self):
            raise RuntimeError("can't start new thread")

    monkeypatch.setattr(lib.store.engine, "Thread", NoThreadLeft)
    result = run_sync(engine, settings_for(conduit_server, wiki_server, engine), transports=transports)
    assert result.outcome == "success", result.error
    with engine.connect() as conn:
        assert conn.execute(select(s.sync_runs.c.outcome)).scalars().all() == ["success"]


def test_changed_wiki_page_is_the_only_one_fetched_again(sync, any_engine, wiki_server):
    assert sync().outcome == "success"
    title = "Community Tech/Team Processes"
    text = wiki_server.fake.pages[title]["content"].replace("Sam Wilson", "Samuel Wilson")
    wiki_server.fake.set_page(title, text)
    wiki_server.reset_log()

    result = sync()
    assert result.outcome == "success", result.error
    assert result.counts["wiki_changed"] == ["team"]
    content_requests = wiki_server.count(lambda r: "content" in r.params.get("rvprop", ""))
    assert content_requests == 1
    content = next(r for r in wiki_server.requests if "content" in r.params.get("rvprop", ""))
    assert content.params["titles"] == title
    with any_engine.connect() as conn:
        names = conn.execute(select(s.team_members.c.name)).scalars().all()
    assert "Samuel Wilson" in names and "Sam Wilson" not in names


def test_pages_read_by_an_older_parser_are_read_again_though_unchanged(sync, any_engine, wiki_server):
    assert sync().outcome == "success"
    with any_engine.begin() as conn:  # as a store upgraded from before a parser change holds them
        conn.execute(update(s.wiki_pages).where(s.wiki_pages.c.kind == "team").values(parsed_with="2026-01-01"))
        conn.execute(update(s.wiki_pages).where(s.wiki_pages.c.kind == "goals").values(parsed_with=None))
    wiki_server.reset_log()

    result = sync()
    assert result.outcome == "success", result.error
    assert result.counts["wiki_changed"] == ["goals", "team"]
    wiki_server.reset_log()
    assert sync().counts["wiki_changed"] == []  # read by this parser now: skipped again
    assert wiki_server.count(lambda r: "content" in r.params.get("rvprop", "")) == 0


def test_pages_are_read_again_on_a_new_day_though_unchanged(sync, any_engine, wiki_server, monkeypatch):
    """Some rules judge a page's dates against today (a member whose last day has passed, a step done
    on a day that has come): rows read yesterday may be wrong today, so the first run of a day reads
    every page again, in one request, and the runs after it do not."""
    from datetime import timedelta

    from lib.sync.wiki_pages import dates

    assert sync().outcome == "success"
    wiki_server.reset_log()
    assert sync().counts["wiki_changed"] == []
    tomorrow = dates._today() + timedelta(days=1)
    monkeypatch.setattr(dates, "_today", lambda: tomorrow)
    result = sync()
    assert result.outcome == "success", result.error
    assert result.counts["wiki_changed"] == ["consultation", "goals", "process", "team"]
    assert wiki_server.count(lambda r: "content" in r.params.get("rvprop", "")) == 1
    wiki_server.reset_log()
    assert sync().counts["wiki_changed"] == []
    assert wiki_server.count(lambda r: "content" in r.params.get("rvprop", "")) == 0


def test_a_run_across_midnight_leaves_its_pages_to_the_next_days_first_run(sync, any_engine, wiki_server,
                                                                            monkeypatch):
    """Its pages are stamped with the day the run began (they may have been judged then), not the day it
    wrote them: else the next day's first run would take yesterday's rows for today's."""
    from datetime import timedelta

    from lib.sync.wiki_pages import dates

    assert sync().outcome == "success"
    today = dates._today()
    days = iter([today + timedelta(days=1)])  # the run begins on the next day, then midnight passes
    monkeypatch.setattr(dates, "_today", lambda: next(days, today + timedelta(days=2)))
    assert sync().counts["wiki_changed"] == ["consultation", "goals", "process", "team"]
    wiki_server.reset_log()
    assert sync().counts["wiki_changed"] == ["consultation", "goals", "process", "team"]  # the new day's first


FAILURES = [
    ("conduit", "maniphest.search", HTTP_503, "HTTP 503"),
    ("conduit", "maniphest.search", MALFORMED_JSON, "not JSON"),
    ("conduit", "edge.search", TRUNCATED, "edge.search"),
    ("conduit", "user.search", RESET, "user.search"),
    ("conduit", "project.column.search", HANG, "timed out"),
    ("conduit", "maniphest.priority.search", API_ERROR, "ERR-CONDUIT-CORE"),  # look-ups beside the task pages
    ("conduit", "maniphest.status.search", MALFORMED_JSON, "not JSON"),
    ("conduit", "maniphest.search", API_ERROR, "ERR-CONDUIT-CORE"),
]


@pytest.mark.parametrize("server,method,kind,message", FAILURES, ids=[f"{f[1]}-{f[2]}" for f in FAILURES])
def test_a_failed_run_keeps_the_last_good_data(sync, any_engine, conduit_server, wiki_server, transports, server,
                                                method, kind, message):
    assert sync().outcome == "success"
    # Something really changed remotely, so a half-written run would show.
    wiki_server.fake.set_page("Community Tech/Team Processes", "nothing recognisable here")
    with any_engine.connect() as conn:
        some = conn.execute(select(s.tasks.c.id).limit(5)).scalars().all()
    conduit_server.fake.touch(some, priority=25)
    before = store_state(any_engine)

    target = conduit_server if server == "conduit" else wiki_server
    if kind == HANG:  # four attempts wait out the client's timeout: a short one keeps the suite quick
        transports.http_options["timeout"] = 0.25
        target.fail_on(method, kind, hang_s=1)
    else:
        target.fail_on(method, kind)
    result = sync(full=True)
    assert result.outcome == "failed"
    assert message in result.error
    assert store_state(any_engine) == before
    with any_engine.connect() as conn:
        run = conn.execute(select(s.sync_runs).order_by(s.sync_runs.c.id.desc()).limit(1)).mappings().one()
    assert run["outcome"] == "failed" and message in run["error"] and run["finished_at"] is not None


@pytest.mark.parametrize("kind, message", [(API_ERROR, "Wiki API error"), (MALFORMED_JSON, "not JSON"),
                                           (None, "WIKI_API_URL")])
def test_a_wiki_that_cannot_be_read_holds_back_only_its_data_the_board_is_written(
        sync, any_engine, conduit_server, wiki_server, kind, message):
    """The Monday board does not wait for the wiki: its pages keep the rows of the last good run, the
    run says what it could not read, and the next run reads the pages again."""
    assert sync().outcome == "success"
    team_page = wiki_server.fake.pages["Community Tech/Team Processes"]["content"]
    wiki_server.fake.set_page("Community Tech/Team Processes", team_page.replace("Karolin Siebert", "Karolin Siebert-Ng"))
    with any_engine.connect() as conn:
        some = conn.execute(select(s.tasks.c.id).limit(5)).scalars().all()
    conduit_server.fake.touch(some, priority=25)
    before = wiki_state(any_engine)
    if kind is None:  # the wiki is down: nothing listens there
        result = sync(WIKI_API_URL="http://127.0.0.1:9/w/api.php")
    else:
        wiki_server.fail_on("query", kind)
        result = sync()
    assert result.outcome == "success"
    assert result.error.startswith(pipeline.WIKI_NOT_READ) and message in result.error and "the wiki:" in result.error
    assert result.counts["wiki_not_read"] == ["wiki"]
    with any_engine.connect() as conn:
        assert set(conn.execute(select(s.tasks.c.priority_value).where(s.tasks.c.id.in_(some))).scalars()) == {25}
        stored = conn.execute(select(s.sync_runs.c.outcome, s.sync_runs.c.error)
                              .where(s.sync_runs.c.id == result.run_id)).one()
    assert tuple(stored) == ("success", result.error)
    assert wiki_state(any_engine) == before
    wiki_server.clear_faults()
    again = sync()  # the wiki back: the page changed before is read now, though no revision came since
    assert again.error is None and again.counts["wiki_changed"] == ["team"], again.error
    assert count(any_engine, s.team_members, s.team_members.c.name == "Karolin Siebert-Ng") == 1


def test_the_other_look_ups_go_beside_the_task_pages(sync, any_engine, conduit_server):
    """The task pages are one chain of requests, each on the last one's cursor. Priorities, statuses,
    milestones and columns are asked for beside it, and edges beside the users, not in turn."""
    conduit_server.latency = 0.05  # every answer takes this long: two requests that arrive
    result = sync()                # closer together than that were in flight at the same time
    assert result.outcome == "success", result.error
    requests = conduit_server.requests
    pages = [r for r in requests if r.name == "maniphest.search"]

    def beside(name: str, chain: list) -> bool:
        return any(abs(r.arrived - c.arrived) < conduit_server.latency for r in requests if r.name == name for c in chain)

    assert all(beside(name, pages) for name in ("maniphest.priority.search", "maniphest.status.search",
                                               "project.column.search"))
    assert beside("edge.search", [r for r in requests if r.name == "user.search"])
    assert requests[0].name == "project.search"  # the board alone first: a wrong token costs one request
    # The first pages came before the columns and sprints they are read against, and waited for
    # them: a full run made at once after finds nothing changed.
    conduit_server.latency = 0
    again = sync(full=True)
    assert again.outcome == "success", again.error
    assert again.counts["snapshots"] == 0 and again.counts["tasks"] == result.counts["tasks"]


def test_goals_filed_under_program_names_get_the_codes_of_the_program_list(sync, any_engine, wiki_server):
    """Read against the process page's list, in the same run or from an earlier one."""
    goals_title = "Wikimedia Technology/Goals/2017-18 Q2"
    wiki_server.fake.set_page(goals_title, (
        "== Availability, performance and maintenance ==\n{|\n! Goal !! Stage\n|-\n| Keep it up || final\n|}\n"
        "== Community Wishlist ==\n{|\n! Goal !! Stage\n|-\n| Grant wishes || rough draft\n|}"))
    assert sync().outcome == "success"  # the process page is parsed in this run too
    with any_engine.connect() as conn:
        goals = dict(conn.execute(select(s.goals.c.title, s.goals.c.program)).all())
    assert goals == {"Keep it up": "TP1", "Grant wishes": "Community Wishlist"}

    wiki_server.fake.set_page(goals_title, "== Multi-datacenter support ==\n{|\n! Goal !! Stage\n|-\n| Two DCs || final\n|}")
    result = sync()  # only the goals page changed: the stored program list is used
    assert result.outcome == "success" and result.counts["wiki_changed"] == ["goals"]
    with any_engine.connect() as conn:
        assert conn.execute(select(s.goals.c.program)).scalars().all() == ["TP8"]


def test_a_sync_notes_what_the_wiki_did_with_a_stage_edit_made_in_the_dashboard(sync, any_engine, wiki_server):
    """Approved in the dashboard; the sync that reads the approval on the page notes it as seen there, so
    that the CTO taking it back on the wiki, under a later move made here, is a conflict, not that move
    exported again over the withdrawal; and it stays one until settled."""
    goals_title = "Wikimedia Technology/Goals/2017-18 Q2"

    def page(stage: str) -> str:
        return f"== Availability, performance and maintenance ==\n{{|\n! Goal !! Stage\n|-\n| Keep it up || {stage}\n|}}\n"

    def states() -> list[str]:
        with any_engine.connect() as conn:
            return conn.execute(select(s.goal_stage_edits.c.state).order_by(s.goal_stage_edits.c.id)).scalars().all()

    wiki_server.fake.set_page(goals_title, page("final draft"))
    assert sync().outcome == "success"
    with any_engine.begin() as conn:
        key = conn.execute(select(s.goals.c.goal_key)).scalar_one()
        conn.execute(insert(s.goal_stage_edits).values(goal_key=key, old_stage="final draft", new_stage="approved by CTO",
                                                       based_on_revid=None, actor="cto", at=utcnow(), state="local"))
    wiki_server.fake.set_page(goals_title, page("approved by CTO"))  # copied to the wiki
    assert sync().outcome == "success" and states() == ["seen"]
    with any_engine.begin() as conn:  # then made final here, not yet copied
        conn.execute(insert(s.goal_stage_edits).values(goal_key=key, old_stage="approved by CTO", new_stage="final",
                                                       based_on_revid=None, actor="owner", at=utcnow(), state="local"))
    wiki_server.fake.set_page(goals_title, page("final draft"))      # the CTO takes the approval back on the wiki
    assert sync().outcome == "success" and states() == ["seen", "conflict"]
    wiki_server.fake.set_page(goals_title, page("approved by CTO"))  # the conflict is not lost by moving again
    assert sync().outcome == "success" and states() == ["seen", "conflict"]
    wiki_server.fake.set_page(goals_title, page("final"))            # the wiki came to it: settled by the wiki
    assert sync().outcome == "success" and states() == ["seen", "seen"]


def test_a_run_that_fails_while_writing_leaves_the_stage_edits_as_they_were(sync, any_engine, wiki_server, monkeypatch):
    """The notes on stage edits are written in the run's one transaction: a run that fails after them
    keeps none of them (the wiki showed the edit, but the run that read it did not land)."""
    goals_title = "Wikimedia Technology/Goals/2017-18 Q2"
    page = "== Availability, performance and maintenance ==\n{{|\n! Goal !! Stage\n|-\n| Keep it up || {}\n|}}\n"
    wiki_server.fake.set_page(goals_title, page.format("final draft"))
    assert sync().outcome == "success"
    with any_engine.begin() as conn:
        key = conn.execute(select(s.goals.c.goal_key)).scalar_one()
        conn.execute(insert(s.goal_stage_edits).values(goal_key=key, old_stage="final draft", new_stage="approved by CTO",
                                                       based_on_revid=None, actor="cto", at=utcnow(), state="local"))
    before = store_state(any_engine)
    wiki_server.fake.set_page(goals_title, page.format("approved by CTO"))

    def broken(_conn):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "_match_team_members", broken)  # runs after the notes, in the same transaction
    result = sync()
    assert result.outcome == "failed" and "disk full" in result.error
    assert store_state(any_engine) == before


ROW_TEMPLATE_GOALS = """== TP1 Availability ==
{| class="wikitable"
! Goal !! Owner !! Stage
{{Goal row|Keep it up|Ann|final}}
{{Goal row|Mind the gap|owner=Bob}}
|}"""


def test_goals_written_as_row_templates_are_expanded_by_the_wiki(sync, any_engine, wiki_server):
    wiki_server.fake.set_page("Template:Goal row", "|-\n| {{{1}}} || {{{owner|{{{2}}}}}} || {{{3|rough draft}}}")
    wiki_server.fake.set_page("Wikimedia Technology/Goals/2017-18 Q2", ROW_TEMPLATE_GOALS)
    result = sync()
    assert result.outcome == "success", result.error
    with any_engine.connect() as conn:
        goals = conn.execute(select(s.goals.c.title, s.goals.c.owner, s.goals.c.stage, s.goals.c.program)).all()
    assert sorted(map(tuple, goals)) == [("Keep it up", "Ann", "final", "TP1"), ("Mind the gap", "Bob", "rough draft", "TP1")]
    # one request more, for that page only: revision ids, content, the expansion of its two calls
    assert wiki_server.count() == 3 and wiki_server.count("expandtemplates") == 1


def test_a_failed_expansion_keeps_that_pages_rows(sync, any_engine, wiki_server):
    assert sync().outcome == "success"
    before = wiki_state(any_engine)
    wiki_server.fake.set_page("Wikimedia Technology/Goals/2017-18 Q2", ROW_TEMPLATE_GOALS)
    wiki_server.fail_on("expandtemplates", API_ERROR)
    result = sync()
    assert result.outcome == "success" and "the goals page: " in result.error and "Wiki API error" in result.error
    assert wiki_state(any_engine) == before


def test_an_unrecognisable_wiki_table_keeps_that_pages_rows_naming_it_and_the_other_pages_are_read(
        sync, any_engine, wiki_server):
    assert sync().outcome == "success"
    before = wiki_state(any_engine)
    wiki_server.fake.set_page("Community Tech/Team Processes", "{| class=\"wikitable\"\n! Fruit !! Colour\n|-\n| apple || red\n|}")
    wiki_server.fake.set_page("Wikimedia Technology/Goals/2017-18 Q2", ROW_TEMPLATE_GOALS.replace(
        "{{Goal row|Keep it up|Ann|final}}\n{{Goal row|Mind the gap|owner=Bob}}", "|-\n| Keep it up || Ann || final"))
    result = sync()
    assert result.outcome == "success" and result.counts["wiki_not_read"] == ["team"]
    assert "Community Tech/Team Processes" in result.error and result.error.startswith(pipeline.WIKI_NOT_READ)
    after = wiki_state(any_engine)
    assert {k: v for k, v in after.items() if k not in ("goals", "programs", "wiki_pages")} == \
        {k: v for k, v in before.items() if k not in ("goals", "programs", "wiki_pages")}
    with any_engine.connect() as conn:
        assert conn.execute(select(s.goals.c.title)).scalars().all() == ["Keep it up"]  # the goals page is read
        stored = dict(conn.execute(select(s.wiki_pages.c.kind, s.wiki_pages.c.revid)).all())
    assert stored["team"] == dict((r[0], r[2]) for r in before["wiki_pages"])["team"]  # read again next run


def test_a_team_page_written_as_lists_fills_the_roster_duties_and_board_guide(sync, any_engine, wiki_server):
    from tests.wiki_page_helpers import LISTED_TEAM
    wiki_server.fake.set_page("Community Tech/Team Processes", LISTED_TEAM)
    result = sync()
    assert result.outcome == "success", result.error
    with any_engine.connect() as conn:
        members = conn.execute(select(s.team_members.c.name).order_by(s.team_members.c.position)).scalars().all()
        duties = conn.execute(select(func.count()).select_from(s.role_responsibilities)).scalar()
        columns = conn.execute(select(s.column_guide.c.column_name)).scalars().all()
    assert members[:3] == ["Jack Wheeler", "Karolin Siebert", "MusikAnimal"] and "Old Guy" not in members
    assert duties == 4 and sorted(columns) == ["Backlog", "Doing", "Ready"]


def test_transient_errors_are_retried_with_backoff(sync, conduit_server, sleeps):
    conduit_server.fail_on("maniphest.search", HTTP_503, times=2)
    conduit_server.fail_on("user.search", HTTP_429, times=1)
    result = sync()
    assert result.outcome == "success", result.error
    assert sleeps[:2] == [0.5, 1.0]  # exponential backoff on the first failing call
    assert len(sleeps) == 3
    assert result.requests == conduit_server.count() + 2  # wiki requests: ids + content


def test_a_failure_that_names_its_own_cause_gets_no_hint_to_check_the_url(sync, conduit_server, sleeps):
    conduit_server.fail_on("maniphest.search", HTTP_429)  # the server is up and says so: rate limited
    result = sync()
    assert result.outcome == "failed" and "rate limited" in result.error and "PHABRICATOR_URL" not in result.error


def test_persistent_errors_give_up_after_the_retries(sync, conduit_server, sleeps):
    conduit_server.fail_on("maniphest.search", HTTP_503)
    result = sync()
    assert result.outcome == "failed"
    assert "gave up after 4 attempt(s)" in result.error and "check PHABRICATOR_URL" in result.error
    assert conduit_server.count("maniphest.search") == 4


def test_a_wrong_token_is_not_retried_and_is_not_shown(sync, conduit_server, any_engine):
    wrong = "api-" + "x" * 28
    result = sync(PHABRICATOR_TOKEN=wrong)
    assert result.outcome == "failed"
    assert "PHABRICATOR_TOKEN" in result.error and "Not retried" in result.error
    assert wrong not in result.error and "x" * 28 not in result.error
    assert conduit_server.count() == 1
    assert count(any_engine, s.tasks) == 0


def test_a_wiki_page_address_given_as_the_api_url_names_the_setting_and_keeps_the_data(sync, wiki_server, any_engine):
    """WIKI_API_URL set to an article's address (what a browser shows): MediaWiki answers it with the
    page in HTML and status 200. The run says so and what the setting must be; the wiki's last good
    data stays (the board is written)."""
    assert sync().outcome == "success"
    before = wiki_state(any_engine)
    result = sync(WIKI_API_URL=wiki_server.base_url + "/wiki/Main_Page")
    assert result.outcome == "success" and result.error.startswith(pipeline.WIKI_NOT_READ)
    assert "a web page, not JSON" in result.error and "WIKI_API_URL must be the wiki's api.php" in result.error
    assert wiki_state(any_engine) == before


BOT_LOGIN, BOT_PASSWORD = "Leads dashboard@sync", "q8v3lq0ofh5cbd4b4ug9r1btgf0rn4s7"


def members_only(wiki_server) -> None:
    """The wiki as a company runs it for its staff: nothing to read without a login."""
    wiki_server.fake.private = True
    wiki_server.fake.add_bot_password(BOT_LOGIN, BOT_PASSWORD)


def test_a_wiki_only_members_may_read_is_read_with_a_bot_password(sync, any_engine, wiki_server):
    members_only(wiki_server)
    result = sync(WIKI_USERNAME=BOT_LOGIN, WIKI_PASSWORD=BOT_PASSWORD)
    assert result.outcome == "success" and result.error is None, result.error
    assert count(any_engine, s.team_members) > 0 and count(any_engine, s.goals) > 0
    token, login, *reads = wiki_server.requests
    assert (token.name, token.params["type"], login.name, login.http_method) == ("query", "login", "login", "POST")
    assert reads and all(r.params.get("assert") == "user" for r in reads)  # a lost login is noticed, not read as the public
    with any_engine.connect() as conn:
        assert BOT_PASSWORD not in repr(conn.execute(select(s.sync_runs)).all())


def test_without_a_login_a_members_only_wiki_names_the_settings_and_the_board_is_written(sync, any_engine, wiki_server):
    members_only(wiki_server)
    result = sync()
    assert result.outcome == "success" and result.error.startswith(pipeline.WIKI_NOT_READ)
    assert "does not let anonymous readers read it" in result.error
    assert "set WIKI_USERNAME and WIKI_PASSWORD" in result.error and "Special:BotPasswords" in result.error
    assert count(any_engine, s.tasks) > 0 and count(any_engine, s.team_members) == 0


def test_a_wrong_bot_password_is_refused_by_name_never_shown_and_the_wikis_data_stays(sync, any_engine, wiki_server):
    members_only(wiki_server)
    assert sync(WIKI_USERNAME=BOT_LOGIN, WIKI_PASSWORD=BOT_PASSWORD).error is None
    before = wiki_state(any_engine)
    wrong = "wrongwrongwrongwrongwrongwrong99"
    result = sync(WIKI_USERNAME=BOT_LOGIN, WIKI_PASSWORD=wrong)
    assert result.outcome == "success" and result.error.startswith(pipeline.WIKI_NOT_READ)
    assert f"refused the sync's login as {BOT_LOGIN!r}: Incorrect username or password" in result.error
    assert "Check WIKI_USERNAME and WIKI_PASSWORD" in result.error and wrong not in result.error
    assert wiki_state(any_engine) == before
    assert wiki_server.count("login") == 2  # one a run: a refused password is not tried again


@pytest.mark.parametrize("private", [True, False], ids=["members-only wiki", "public wiki"])
def test_a_login_the_wiki_forgets_mid_run_is_made_again_once(sync, any_engine, wiki_server, private):
    """Sessions expire and session stores restart. A members-only wiki then refuses to read
    (readapidenied), a public one refuses the asserted login (assertuserfailed): either way the sync
    logs in again and goes on, instead of failing or reading what the public sees."""
    members_only(wiki_server)
    wiki_server.fake.private = private
    wiki_server.before(lambda r: r.name == "query" and r.params.get("prop") == "revisions",
                       wiki_server.fake.end_sessions)
    result = sync(WIKI_USERNAME=BOT_LOGIN, WIKI_PASSWORD=BOT_PASSWORD)
    assert result.outcome == "success" and result.error is None, result.error
    assert count(any_engine, s.team_members) > 0
    assert wiki_server.count("login") == 2
    reads = [r for r in wiki_server.requests if r.name != "login" and r.params.get("meta") != "tokens"]
    assert len(reads) >= 3 and all(r.params.get("assert") == "user" for r in reads)  # the read tried again too


def test_an_account_the_wiki_does_not_let_read_is_named(sync, any_engine, wiki_server):
    """Logged in, yet refused: the sync tries a fresh login once (the session might have ended), then
    names the account. A login inside the old session would be refused for another reason."""
    members_only(wiki_server)
    wiki_server.fake.not_readers.add(BOT_LOGIN.split("@")[0])
    result = sync(WIKI_USERNAME=BOT_LOGIN, WIKI_PASSWORD=BOT_PASSWORD)
    assert result.outcome == "success" and result.error.startswith(pipeline.WIKI_NOT_READ)
    assert f"does not let {BOT_LOGIN!r} (WIKI_USERNAME) read it: give that account the right to read" in result.error
    assert count(any_engine, s.tasks) > 0 and wiki_server.count("login") == 2


def test_a_session_cookie_that_does_not_come_back_is_named_not_blamed_on_the_password(sync, wiki_server):
    """A wiki behind a TLS proxy marks its cookies for https:// only; the sync speaking http:// to it
    never sends them back, and the login's second step finds no session."""
    members_only(wiki_server)
    wiki_server.fake.secure_cookies = True
    result = sync(WIKI_USERNAME=BOT_LOGIN, WIKI_PASSWORD=BOT_PASSWORD)
    assert "lost the login's session between its two steps (sessionlost)" in result.error
    assert "WIKI_PASSWORD" not in result.error and wiki_server.count("login") == 1


def test_maxlag_waits_for_retry_after(sync, wiki_server, sleeps):
    wiki_server.fake.set_lag(10, requests=1, retry_after=7)
    result = sync()
    assert result.outcome == "success", result.error
    assert 7 in sleeps
    assert all(r.params.get("maxlag") == "5" for r in wiki_server.requests)


def test_user_agent_is_descriptive(sync, conduit_server, wiki_server):
    sync()
    agents = {r.user_agent for r in conduit_server.requests + wiki_server.requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("LeadsPlanningDashboardBot/") and "leads-team@example.org" in agent


def test_tasks_that_leave_the_board_are_reconciled_by_a_full_run(sync, any_engine, conduit_server):
    assert sync().outcome == "success"
    with any_engine.connect() as conn:
        task_id, phid = conn.execute(select(s.tasks.c.id, s.tasks.c.phid).where(s.tasks.c.is_closed.is_(False))
                                     .limit(1)).one()
    conduit_server.fake.remove_from_board(task_id)
    assert sync(full=False).outcome == "success"  # an incremental run cannot see it leave
    with any_engine.connect() as conn:
        assert conn.execute(select(s.tasks.c.on_board).where(s.tasks.c.phid == phid)).scalar() is True
    result = sync(full=True)
    assert result.outcome == "success" and result.counts["tasks_left"] == 1
    with any_engine.connect() as conn:
        task = conn.execute(select(s.tasks).where(s.tasks.c.phid == phid)).mappings().one()
        last = conn.execute(select(s.task_snapshots.c.on_board).where(s.task_snapshots.c.task_phid == phid)
                            .order_by(s.task_snapshots.c.id.desc()).limit(1)).scalar()
    assert task["on_board"] is False and task["left_board_at"] is not None
    assert last is False  # history keeps that it left


def test_a_task_that_vanishes_between_two_pages_does_not_fail_the_run(sync, any_engine, conduit_server):
    """The next page of tasks is asked for after the last task of the page before (its id): Phorge
    loads that task to page on from it, and refuses the call when it was deleted or hidden meanwhile
    ('Cursor "N" does not identify a valid object'). The run goes on from the task before it."""
    fake = conduit_server.fake
    first_page = fake.handle("maniphest.search", {"constraints": {"projects": [fake.board_phid]}, "order": "newest",
                                                  "limit": 100}, fake.token)["result"]
    gone = first_page["data"][-1]["id"]
    conduit_server.before("maniphest.search",  # the first page: the next request finds its last task gone
                          lambda: conduit_server.before("maniphest.search", lambda: fake.hide_task(gone)))
    result = sync(full=True)
    assert result.outcome == "success", result.error
    tasks = result.counts["tasks"]
    assert count(any_engine, s.tasks) == tasks  # the vanished task was read on the first page; the rest too
    assert conduit_server.count("maniphest.search") == pages(tasks - 1) + 1  # one refused request more


def test_an_epic_that_vanishes_before_its_edges_are_read_does_not_fail_the_run(sync, any_engine, conduit_server):
    fake = conduit_server.fake
    assert sync().outcome == "success"
    with any_engine.connect() as conn:
        epics = conn.execute(select(s.tasks.c.id, s.tasks.c.phid).join(
            s.task_edges, s.task_edges.c.parent_phid == s.tasks.c.phid).distinct().order_by(s.tasks.c.id)).all()
    edges_before = count(any_engine, s.task_edges)
    assert len(epics) >= 2
    (gone_id, gone_phid) = epics[0]
    conduit_server.before("edge.search", lambda: fake.hide_task(gone_id))  # deleted between pages and edges
    conduit_server.reset_log()

    result = sync(full=True)

    assert result.outcome == "success", result.error
    by_method = conduit_server.counts()
    assert by_method["edge.search"] == 2  # refused once, then asked again without the vanished epic
    assert by_method["maniphest.search"] == pages(count(any_engine, s.tasks)) + 1  # + which epics are left
    assert count(any_engine, s.task_edges) == edges_before  # the vanished epic keeps its last known subtasks
    assert count(any_engine, s.task_edges, s.task_edges.c.parent_phid == gone_phid) > 0


def test_an_edge_refusal_that_is_not_about_a_vanished_task_still_fails_the_run(sync, any_engine, conduit_server):
    assert sync().outcome == "success"
    before = store_state(any_engine)
    conduit_server.fail_on("edge.search", API_ERROR, code="ERR-BAD-SOURCEPHIDS", info="Invalid PHID(s)")
    result = sync(full=True)
    assert result.outcome == "failed" and "ERR-BAD-SOURCEPHIDS" in result.error
    assert store_state(any_engine) == before


def test_full_runs_happen_by_themselves_when_the_last_is_old(sync, any_engine):
    assert sync().kind == "full"
    assert sync().kind == "incremental"
    with any_engine.begin() as conn:
        conn.execute(update(s.sync_runs).values(finished_at=utcnow().replace(year=2000)))
    assert sync().kind == "full"


def test_an_interrupted_run_is_recorded_as_failed(sync, any_engine):
    with any_engine.begin() as conn:
        conn.execute(s.sync_runs.insert().values(kind="full", started_at=utcnow().replace(year=2020),
                                                 outcome="running", requests=0))
    assert sync().outcome == "success"
    with any_engine.connect() as conn:
        first = conn.execute(select(s.sync_runs).order_by(s.sync_runs.c.id).limit(1)).mappings().one()
    assert first["outcome"] == "failed" and "interrupted" in first["error"]


def test_local_edits_survive_a_sync(sync, any_engine):
    assert sync().outcome == "success"
    with any_engine.begin() as conn:
        phid = conn.execute(select(s.tasks.c.phid).limit(1)).scalar()
        conn.execute(s.priority_edits.insert().values(task_phid=phid, new_value=100, actor="jack", at=utcnow(),
                                                      state="pending"))
    assert sync(full=True).outcome == "success"
    assert count(any_engine, s.priority_edits) == 1


def run_cli(engine, conduit_server=None, wiki_server=None) -> subprocess.CompletedProcess:
    """`python -m lib.sync` in a process of its own, configured only by its environment."""
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    if conduit_server:
        env.update(PHABRICATOR_URL=conduit_server.url, PHABRICATOR_TOKEN=conduit_server.fake.token,
                   PHABRICATOR_PROJECT=conduit_server.fake.board_slug, WIKI_API_URL=wiki_server.url)
    return subprocess.run([sys.executable, "-m", "lib.sync"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_cli_prints_progress_and_a_summary(conduit_server, wiki_server, engine):
    done = run_cli(engine, conduit_server, wiki_server)
    assert done.returncode == 0, done.stderr
    assert "maniphest.search" not in done.stdout and "tasks (all), page 1" in done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("full sync ok:")
    assert conduit_server.fake.token not in done.stdout + done.stderr


def test_the_sync_loads_no_dataframe_library():
    """Cron runs `python -m lib.sync` on the machine that serves the app: pandas (~80 MB of memory and
    half a second at every start) is for the screens, never needed to fetch and write."""
    probe = "import sys, lib.sync.__main__; print(sorted(m for m in ('pandas', 'altair', 'streamlit') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_cli_names_a_missing_setting(engine):
    done = run_cli(engine)
    assert done.returncode == 2 and "PHABRICATOR_URL" in done.stderr


@pytest.mark.parametrize("command", ["lib.sync", "lib.store.migrate"])
def test_the_command_lines_name_a_store_they_cannot_open_without_a_traceback(command, tmp_path, monkeypatch, capsys):
    """A PostgreSQL server that is down, a SQLite file whose folder cannot be made: one line naming
    DATABASE_URL and the driver's reason (never the password), exit status 2, as for a bad setting."""
    main = importlib.import_module(f"{command}.__main__" if command == "lib.sync" else command).main
    (tmp_path / "a-file").write_text("")
    newer = f"sqlite:///{tmp_path}/newer.sqlite"  # a store a later version of the dashboard upgraded
    with sqlite3.connect(tmp_path / "newer.sqlite") as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        db.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    urls = {"postgresql+psycopg://dash:s3cret@127.0.0.1:1/dashboard": "Connection refused",
            "postgresql+psycopg://127.0.0.1:1/dashboard?user=dash&password=s3cret": "Connection refused",
            f"sqlite:///{tmp_path}/a-file/store.sqlite": "a-file",
            newer: "newer version of the dashboard"}
    for url, reason in urls.items():
        monkeypatch.setenv("DATABASE_URL", url)
        assert (main(["--quiet"]) if command == "lib.sync" else main()) == 2
        said = capsys.readouterr().err
        assert "DATABASE_URL" in said and reason in said and "s3cret" not in said and "Traceback" not in said


def test_cli_says_when_another_run_holds_the_store(conduit_server, wiki_server, engine):
    with engine.begin() as conn:  # a run started a minute ago, still going (say, the app's button)
        conn.execute(s.sync_runs.insert().values(kind="full", started_at=utcnow(), outcome="running", requests=0))
    done = run_cli(engine, conduit_server, wiki_server)
    assert done.returncode == 1
    assert "sync not started" in done.stderr and "still running" in done.stderr
    assert "Traceback" not in done.stderr
    assert conduit_server.count() == 0


def test_sync_now_button_runs_a_sync_and_shows_its_progress(conduit_server, wiki_server, engine, monkeypatch):
    from streamlit.testing.v1 import AppTest

    env = {"DATABASE_URL": engine.url.render_as_string(hide_password=False), "PHABRICATOR_URL": conduit_server.url,
           "PHABRICATOR_TOKEN": conduit_server.fake.token, "PHABRICATOR_PROJECT": conduit_server.fake.board_slug,
           "WIKI_API_URL": wiki_server.url}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(ROOT / "pages" / "sync.py"), default_timeout=120).run()
    assert not at.exception
    button = next(b for b in at.button if b.label == "Sync now")
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    # the page again after the run: its result once, and the banner and runs table with the run in them
    assert [s.value.split(":")[0] for s in at.success] == ["Full sync ok"], [s.value for s in at.success]
    assert at.success[0].value.endswith(".")
    assert not at.status
    assert any(c.value.startswith("Data as of") and "just now" in c.value for c in at.caption), \
        [c.value for c in at.caption]
    assert count(engine, s.sync_runs, s.sync_runs.c.outcome == "success") == 1
    with engine.connect() as conn:
        assert conn.execute(select(s.sync_runs.c.started_by)).scalar() == "open-mode user"
    assert conduit_server.fake.token not in str(at.get("markdown")) + str(at.get("dataframe"))


def _sync_page(conduit_server, wiki_server, engine, monkeypatch, **overrides):
    from streamlit.testing.v1 import AppTest

    env = {"DATABASE_URL": engine.url.render_as_string(hide_password=False), "PHABRICATOR_URL": conduit_server.url,
           "PHABRICATOR_TOKEN": conduit_server.fake.token, "PHABRICATOR_PROJECT": conduit_server.fake.board_slug,
           "WIKI_API_URL": wiki_server.url, **overrides}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return AppTest.from_file(str(ROOT / "pages" / "sync.py"), default_timeout=120).run()


def test_a_failed_sync_from_the_button_is_said_in_red_and_the_first_run_is_full_anyway(
        conduit_server, wiki_server, engine, monkeypatch):
    at = _sync_page(conduit_server, wiki_server, engine, monkeypatch, PHABRICATOR_TOKEN="api-" + "w" * 28)
    toggle = at.toggle[0]
    assert toggle.disabled and "full one anyway" in toggle.help  # no good run yet: the first one is full
    next(b for b in at.button if b.label == "Sync now").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # said once, by the banner, which names this run's failure (not an earlier one's), in whole sentences
    (said,) = [e.value for e in at.error]
    assert "The last one failed: Conduit" in said and "PHABRICATOR\\_TOKEN" in said
    assert said.endswith(".") and ".. " not in said


def test_while_a_sync_runs_the_page_says_so_and_offers_no_second_one(conduit_server, wiki_server, engine, monkeypatch):
    with engine.begin() as conn:  # started a minute ago by someone else, still going
        conn.execute(s.sync_runs.insert().values(kind="full", started_at=utcnow(), outcome="running", requests=0,
                                                 started_by="ann"))
    at = _sync_page(conduit_server, wiki_server, engine, monkeypatch)
    assert not at.exception
    assert any(i.value.startswith("A sync is running") and "by ann" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Sync now"]


def test_sync_now_button_is_hidden_from_viewers(conduit_server, wiki_server, engine, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from lib.auth import VIEWER, Viewer
    from lib.ui import VIEWER_OVERRIDE_KEY

    for name, value in {"DATABASE_URL": engine.url.render_as_string(hide_password=False),
                        "PHABRICATOR_URL": conduit_server.url, "PHABRICATOR_TOKEN": conduit_server.fake.token,
                        "PHABRICATOR_PROJECT": conduit_server.fake.board_slug, "WIKI_API_URL": wiki_server.url}.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(ROOT / "pages" / "sync.py"), default_timeout=60)
    at.session_state[VIEWER_OVERRIDE_KEY] = Viewer("exec", VIEWER, False, open_mode=False)
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Sync now"]


def test_a_moved_wiki_page_is_followed_through_its_redirect(sync, any_engine, wiki_server):
    old_title = "Community Tech/Team Processes"
    text = wiki_server.fake.pages[old_title]["content"]
    wiki_server.fake.set_page("Community Tech/Team processes (2026)", text)
    wiki_server.fake.set_page(old_title, "#REDIRECT [[Community Tech/Team processes (2026)]]")
    result = sync()
    assert result.outcome == "success", result.error
    assert count(any_engine, s.team_members) == 10


def test_a_run_that_fails_between_pages_keeps_the_store_and_leaves_nothing_staged(sync, any_engine, conduit_server):
    assert sync().outcome == "success"
    with any_engine.connect() as conn:
        some = conn.execute(select(s.tasks.c.id).order_by(s.tasks.c.id.desc()).limit(3)).scalars().all()
    conduit_server.fake.touch(some, priority=25)  # on the first page (newest first), staged before the failure
    before = store_state(any_engine)
    conduit_server.fail_on("maniphest.search", API_ERROR, after=2)
    result = sync(full=True)
    assert result.outcome == "failed" and "ERR-CONDUIT-CORE" in result.error
    assert store_state(any_engine) == before

    conduit_server.clear_faults()
    result = sync(full=True)  # on the same pooled connection: nothing of the failed run may linger
    assert result.outcome == "success", result.error
    assert result.counts["tasks"] == count(any_engine, s.tasks) and result.counts["snapshots"] == 3


def test_a_long_fetch_holds_no_lock_on_the_store(conduit_server, wiki_server, engine, tmp_path):
    """An edit made while a sync waits on Phabricator goes through at once (SQLite's one writer)."""
    import sqlite3
    import threading
    import time

    conduit_server.latency = 0.2
    settings = settings_for(conduit_server, wiki_server, engine)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=run_sync(engine, settings)))
    worker.start()
    deadline = time.monotonic() + 30
    while conduit_server.count("maniphest.search") < 3 and time.monotonic() < deadline:
        time.sleep(0.02)  # two pages are staged, the third is awaited
    edit = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        edit.execute("BEGIN IMMEDIATE")  # fails at once ("database is locked") if a sync holds the write lock
        edit.execute("INSERT INTO sprint_goals (sprint_phid, rank, goal, actor, at) "
                     "VALUES ('PHID-PROJ-x', 1, 'Ship it', 'tests', '2026-11-24 09:00:00.000000')")
        edit.execute("COMMIT")
    finally:
        edit.close()
    still_fetching = worker.is_alive()
    worker.join(timeout=60)
    assert still_fetching
    assert outcome["result"].outcome == "success", outcome["result"].error
    assert count(engine, s.sprint_goals) == 1


def test_row_templates_are_expanded_where_the_wiki_really_answers(sync, any_engine, wiki_server):
    """A WIKI_API_URL that redirects (http:// to https://, an old host): the GETs follow it, and the
    expansion's POST goes straight to where they ended up, as a redirected POST would lose its body."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Moved(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(301)
            self.send_header("Location", wiki_server.url + self.path[len("/w/api.php"):])
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    old = HTTPServer(("127.0.0.1", 0), Moved)
    threading.Thread(target=old.serve_forever, daemon=True).start()
    try:
        wiki_server.fake.set_page("Template:Goal row", "|-\n| {{{1}}} || {{{owner|{{{2}}}}}} || {{{3|rough draft}}}")
        wiki_server.fake.set_page("Wikimedia Technology/Goals/2017-18 Q2", ROW_TEMPLATE_GOALS)
        result = sync(WIKI_API_URL=f"http://127.0.0.1:{old.server_address[1]}/w/api.php")
    finally:
        old.shutdown()
        old.server_close()
    assert result.outcome == "success", result.error
    assert count(any_engine, s.goals) == 2
    (expand,) = [r for r in wiki_server.requests if r.name == "expandtemplates"]
    assert expand.http_method == "POST" and "Goal row" in expand.params["text"]


@pytest.mark.parametrize("fault", [None, API_ERROR])
def test_a_run_keeps_old_objects_out_of_full_collections_and_hands_them_back(conduit_server, wiki_server, engine,
                                                                            transports, fault):
    if fault:
        conduit_server.fail_on("maniphest.search", fault, after=1)
    frozen_during: list[int] = []
    result = run_sync(engine, settings_for(conduit_server, wiki_server, engine), transports=transports,
                      progress=lambda _message: frozen_during.append(gc.get_freeze_count()))
    assert result.outcome == ("failed" if fault else "success")
    assert max(frozen_during) > 0  # frozen while the pages came
    assert gc.get_freeze_count() == 0


def test_the_store_is_not_locked_while_the_last_look_ups_are_awaited(conduit_server, wiki_server, engine, store_url,
                                                                     monkeypatch):
    """user.search and edge.search go out when the task pages end. While their answers are awaited
    an editor can still write: the run takes the store's write lock only once they are in. (Held
    back here until the merge begins, or 1 s; a run that merged meanwhile would hold the lock.)"""
    import sqlite3
    import threading
    import time

    from lib.sync.staging import TaskStaging

    merging = threading.Event()
    merge = TaskStaging.merge

    def noted_merge(self, *args, **kwargs):
        merging.set()
        return merge(self, *args, **kwargs)
    monkeypatch.setattr(TaskStaging, "merge", noted_merge)
    free_to_write: list[bool] = []

    def try_an_edit():
        if merging.wait(timeout=1):
            time.sleep(0.05)  # the merge's first statement takes the lock
        # 0.2 s rides out a moment's lock (the run's own short bookkeeping writes on a busy machine), not
        # a lock held across these look-ups: that would last until after this hook returns.
        editor = sqlite3.connect(store_url.removeprefix("sqlite:///"), timeout=0.2, isolation_level=None)
        try:
            editor.execute("BEGIN IMMEDIATE")
            editor.execute("ROLLBACK")
            free_to_write.append(True)
        except sqlite3.OperationalError:
            free_to_write.append(False)
        finally:
            editor.close()
    for method in ("user.search", "edge.search"):
        conduit_server.before(method, try_an_edit)
    result = run_sync(engine, settings_for(conduit_server, wiki_server, engine),
                      transports=Transports(http_options={"timeout": 30.0, "retries": 0}))
    assert result.outcome == "success", result.error
    assert free_to_write == [True, True]


@pytest.mark.parametrize("breaks", [False, True])
def test_the_wiki_pages_are_parsed_with_quick_gil_turns_and_the_interval_is_restored(
        conduit_server, wiki_server, engine, transports, monkeypatch, breaks):
    from lib.sync import wiki_pages

    default = sys.getswitchinterval()
    seen: list[float] = []
    parse_team = wiki_pages.PAGE_PARSERS["team"]

    def watched(*args, **kwargs):
        seen.append(sys.getswitchinterval())
        if breaks:
            raise wiki_pages.WikiPageError('Page "Team": no roster')
        return parse_team(*args, **kwargs)
    monkeypatch.setitem(wiki_pages.PAGE_PARSERS, "team", watched)
    result = run_sync(engine, settings_for(conduit_server, wiki_server, engine), transports=transports)
    assert result.outcome == "success" and bool(result.error and "no roster" in result.error) == bool(breaks)
    assert seen and seen[0] < default  # the merge beside gets the GIL back sooner
    assert sys.getswitchinterval() == default


def test_overlapping_quick_gil_turns_restore_the_interval_once_the_last_ends():
    from lib.sync.pipeline import _quick_gil_turns

    default = sys.getswitchinterval()
    first, second = _quick_gil_turns(), _quick_gil_turns()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert sys.getswitchinterval() < default  # the second block is still inside
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == default


def test_a_goals_page_configured_by_a_redirect_takes_its_quarter_from_the_page_it_leads_to(sync, any_engine, wiki_server):
    real = "Wikimedia Technology/Goals/2017-18 Q2"
    wiki_server.fake.set_page(real, "== TP1 Availability ==\n{| class=wikitable\n! Goal !! Owner\n"
                                    "|-\n| Ship the new parser || Ann\n|}\n")
    wiki_server.fake.set_page("Wikimedia Technology/Goals/Current", f"#REDIRECT [[{real}]]")
    result = sync(WIKI_GOALS_PAGE="Wikimedia Technology/Goals/Current")
    assert result.outcome == "success", result.error
    with any_engine.connect() as conn:
        goals = conn.execute(select(s.goals.c.quarter, s.goals.c.title)).all()
    assert goals == [("2017-18 Q2", "Ship the new parser")]


def test_tasks_below_a_subproject_show_in_its_column_on_the_board(make_conduit_server, wiki_server, any_engine,
                                                                  transports):
    """Phabricator shows a task tagged with a subproject's milestone, or with a sub-subproject, in the
    proxy column of its nearest ancestor on the board."""
    from lib.demo.conduit_fake import ConduitFake, make_phid
    from lib.demo.dataset import demo_dataset
    from tests.fakes.fixtures import DEMO_DAY

    ds = demo_dataset(DEMO_DAY)
    board = next(p for p in ds["projects"] if p["slug"] == ds["meta"]["board_slug"])
    made = ds["meta"]["today_epoch"] - 30 * 86400

    def project(name, parent, milestone=None):
        p = {**board, "id": 90000 + len(ds["projects"]), "phid": make_phid("PROJ", name), "name": name,
             "slug": None if milestone else name.lower().replace(" ", "-"), "milestone": milestone,
             "parent": parent["phid"], "dateCreated": made, "custom": {}, "members": []}
        ds["projects"].append(p)
        return p

    team_a = project("Team A", board)
    team_a_sprint = project("Team A Sprint 1", team_a, milestone=1)
    frontend = project("Team A Frontend", team_a)
    proxy = {"id": 99001, "phid": make_phid("PCOL", "team-a-proxy"), "project": board["phid"], "name": "Team A",
             "proxy": team_a["phid"], "sequence": 99, "hidden": False, "default": False, "dateCreated": made}
    ds["columns"].append(proxy)
    def status(task):
        return [x["new"] for x in task["xactions"] if x["type"] == "status"][-1]

    open_tasks = [t for t in ds["tasks"] if status(t) == "open" and t.get("subtype") != "epic"][-2:]
    assert len(open_tasks) == 2
    for task, tag in zip(open_tasks, (team_a_sprint, frontend)):
        last = task["xactions"][-1]
        task["xactions"].append({**last, "id": last["id"] + 1, "phid": make_phid("XACT", f"{task['id']}-retag"),
                                 "date": max(x["date"] for x in task["xactions"]) + 60, "type": "projects",
                                 "ops": [*({"operation": "remove", "phid": op["phid"]} for x in task["xactions"]
                                           if x["type"] == "projects" for op in x["ops"]),
                                         {"operation": "add", "phid": tag["phid"]}]})  # tagged with it alone
    server = make_conduit_server(ConduitFake(ds))
    result = run_sync(any_engine, settings_for(server, wiki_server, any_engine), transports=transports)
    assert result.outcome == "success", result.error
    with any_engine.connect() as conn:
        columns = dict(conn.execute(select(s.tasks.c.id, s.tasks.c.column_phid)
                                    .where(s.tasks.c.id.in_([t["id"] for t in open_tasks]))).all())
        sprints = set(conn.execute(select(s.projects.c.name)).scalars())
    assert columns == {t["id"]: proxy["phid"] for t in open_tasks}
    assert "Team A Sprint 1" not in sprints and "Team A" not in sprints  # the board's own sprints only


def test_a_wiki_password_in_its_url_is_never_shown(sync, any_engine, wiki_server, monkeypatch):
    """A private wiki may be configured as https://user:password@host/w/api.php: the run's message
    and the status page name the wiki without them."""
    from streamlit.testing.v1 import AppTest

    with_password = wiki_server.url.replace("http://", "http://syncbot:Hunter2-secret@")
    result = sync(WIKI_API_URL=with_password, WIKI_GOALS_PAGE="No such page")
    assert 'Wiki page "No such page" does not exist on' in result.error
    assert "Hunter2" not in result.error and "syncbot" not in result.error
    with any_engine.connect() as conn:
        assert "Hunter2" not in conn.execute(select(s.sync_runs.c.error).where(s.sync_runs.c.id == result.run_id)).scalar()
    monkeypatch.setenv("DATABASE_URL", any_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WIKI_API_URL", with_password)
    monkeypatch.setenv("PHABRICATOR_URL", with_password.replace("/w/api.php", ""))
    at = AppTest.from_file(str(ROOT / "pages" / "sync.py"), default_timeout=60).run()
    assert not at.exception
    shown = " ".join(str(e.value) for e in at.markdown)
    assert wiki_server.url.split("//")[1] in shown and "Hunter2" not in shown and "syncbot" not in shown


def test_a_row_template_the_wiki_cannot_expand_keeps_that_pages_rows_naming_it(sync, any_engine, wiki_server):
    """MediaWiki answers a missing template with a link to it, inside the text: that row would vanish."""
    wiki_server.fake.set_page("Template:Goal row", "|-\n| {{{1}}} || {{{owner|{{{2}}}}}} || {{{3|rough draft}}}")
    assert sync().outcome == "success"
    before = wiki_state(any_engine)
    wiki_server.fake.set_page("Wikimedia Technology/Goals/2017-18 Q2",
                              ROW_TEMPLATE_GOALS.replace("{{Goal row|Mind", "{{Goal Row|Mind"))
    result = sync()
    assert result.outcome == "success" and result.counts["wiki_not_read"] == ["goals"]
    assert "Wikimedia Technology/Goals/2017-18 Q2" in result.error and "Goal Row|Mind the gap" in result.error
    assert wiki_state(any_engine) == before


def test_an_owner_the_token_cannot_see_is_a_hidden_user_asked_for_once(make_conduit_server, wiki_server, any_engine,
                                                                       transports):
    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.dataset import demo_dataset
    from tests.fakes.fixtures import DEMO_DAY

    ds = demo_dataset(DEMO_DAY)
    owners = [x["new"] for t in ds["tasks"] for x in t["xactions"] if x["type"] == "owner" and x.get("new")]
    hidden = max(set(owners), key=owners.count)
    account = next(u for u in ds["users"] if u["phid"] == hidden)
    ds["users"] = [u for u in ds["users"] if u["phid"] != hidden]  # user.search leaves them out
    fake = ConduitFake(ds)
    server = make_conduit_server(fake)
    settings = settings_for(server, wiki_server, any_engine)
    assert run_sync(any_engine, settings, transports=transports).outcome == "success"
    with any_engine.connect() as conn:
        shown = conn.execute(select(func.coalesce(s.users.c.real_name, s.users.c.username))
                             .where(s.users.c.phid == hidden)).scalar()
    assert shown == f"Hidden user (…{hidden[-4:]})"
    assert count(any_engine, s.tasks, s.tasks.c.owner_phid == hidden) > 0
    server.reset_log()
    assert run_sync(any_engine, settings, full=False, transports=transports).outcome == "success"
    assert server.count("user.search") == 0  # not asked again
    fake.users.append(account)  # the token may see them again: the next full run stores who they are
    fake._changed()
    assert run_sync(any_engine, settings, full=True, transports=transports).outcome == "success"
    with any_engine.connect() as conn:
        assert conn.execute(select(s.users.c.username).where(s.users.c.phid == hidden)).scalar() == account["username"]


def test_a_priority_level_the_server_no_longer_lists_gives_its_tasks_one_name(sync, any_engine, conduit_server):
    assert sync().outcome == "success"
    fake = conduit_server.fake
    with any_engine.connect() as conn:
        value, held = conn.execute(select(s.tasks.c.priority_value, func.count()).group_by(s.tasks.c.priority_value)
                                   .order_by(func.count().desc()).limit(1)).one()
        some = conn.execute(select(s.tasks.c.id).where(s.tasks.c.priority_value == value).limit(1)).scalar()
    assert held > 1
    fake.priorities[:] = [p for p in fake.priorities if p["value"] != value]  # removed from the server's config
    fake._prio.pop(value)
    fake.touch(some, comment="still here")
    assert sync(full=False).outcome == "success"
    with any_engine.connect() as conn:
        names = set(conn.execute(select(s.tasks.c.priority_name).where(s.tasks.c.priority_value == value)).scalars())
    assert names == {f'Unknown Priority ("{value}")'}


# --- the demo first, then the team's own board -------------------------------------------------------

FORECAST_OF_A_DEMO_EPIC = {"made_at": utcnow(), "epic_phid": "PHID-TASK-demoepic", "remaining_points": 40.0,
                           "method": "monte carlo"}


@pytest.fixture
def demo_then_real(any_engine, make_conduit_server, wiki_server, transports):
    """A store `make run` filled with the demo, then configured for a real board (another one, not the
    demo's), as the README's set-up goes. Returns (real fake, run the real sync)."""
    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.dataset import synthetic_dataset
    from lib.sync.demo import build_demo_store

    assert build_demo_store(any_engine).outcome == "success"
    real = ConduitFake(synthetic_dataset(250))
    server = make_conduit_server(real)

    def run(**overrides):
        env = {"PHABRICATOR_TOKEN": real.token, "PHABRICATOR_PROJECT": real.board_slug, **overrides}
        settings = load_settings(env={"DATABASE_URL": any_engine.url.render_as_string(hide_password=False),
                                      "PHABRICATOR_URL": server.url, "WIKI_API_URL": wiki_server.url, **env},
                                 secrets_path=NO_SECRETS)
        return run_sync(any_engine, settings, full=False, transports=transports)  # as if asked incremental

    return real, run


def test_the_first_real_sync_replaces_the_demo_whole_and_keeps_edits_made_on_it(any_engine, demo_then_real):
    """Read from the demo's high-water mark, the real board was mixed into the demo's 352 tasks."""
    real, run = demo_then_real
    with any_engine.begin() as conn:
        conn.execute(insert(s.availability).values(sprint_phid="PHID-PROJ-tried", person="Ann", days_off=2,
                                                   share=1.0, buffer=0.0, actor="ann@example.org", at=utcnow()))
        conn.execute(insert(s.audit_log).values(at=utcnow(), actor="ann@example.org", entity="availability",
                                                entity_key="PHID-PROJ-tried|Ann", field="days_off", new_value="2"))
        # someone whose login name is "demo" gave feedback by hand: theirs, not the demo's
        conn.execute(insert(s.feedback).values(stakeholder_group="WMF staff", channel="Survey", theme="Docs",
                                               text="Hand-written", received_on=utcnow().date(), fingerprint="f" * 64,
                                               actor="demo", at=utcnow()))
    assert count(any_engine, s.feedback, s.feedback.c.actor == "demo") > 0
    with any_engine.begin() as conn:  # the Capacity screen records the forecasts it shows (of the demo's epics)
        conn.execute(insert(s.forecasts).values(**FORECAST_OF_A_DEMO_EPIC))
    result = run()
    assert (result.outcome, result.kind) == ("success", "full"), result.error
    on_board = {t["phid"] for t in real.tasks}
    with any_engine.connect() as conn:
        stored = set(conn.execute(select(s.tasks.c.phid)).scalars())
        runs = conn.execute(select(s.sync_runs.c.id, s.sync_runs.c.kind)).all()
        snapshot_runs = set(conn.execute(select(s.task_snapshots.c.run_id).distinct()).scalars())
    assert stored == on_board and result.counts["tasks"] == 250
    assert runs == [(result.run_id, "full")] and snapshot_runs == {result.run_id}
    assert count(any_engine, s.feedback) == 1  # the demo's sample feedback went, the hand-written one stayed
    assert count(any_engine, s.audit_log, s.audit_log.c.actor == "demo") == 0  # and the audit of its import
    assert count(any_engine, s.forecasts) == 0
    assert count(any_engine, s.availability) == 1  # an edit made while trying the demo is local data: kept
    assert count(any_engine, s.audit_log, s.audit_log.c.actor == "ann@example.org") == 1
    # the wiki pages are read again though their revisions are the demo's: their tables were emptied
    assert count(any_engine, s.team_members) > 0 and count(any_engine, s.goals) > 0


def test_a_failed_first_real_sync_leaves_the_demo_as_it_was_and_the_next_one_replaces_it(any_engine, demo_then_real):
    _real, run = demo_then_real
    before = store_state(any_engine)
    failed = run(PHABRICATOR_TOKEN="api-" + "x" * 28)
    assert failed.outcome == "failed" and store_state(any_engine) == before
    assert count(any_engine, s.feedback, s.feedback.c.actor == "demo") > 0
    again = run()
    assert (again.outcome, again.kind) == ("success", "full")
    assert count(any_engine, s.sync_runs, s.sync_runs.c.kind == "demo") == 0


def test_a_first_real_sync_that_cannot_read_the_wiki_says_its_screens_are_empty_not_kept(any_engine, demo_then_real):
    _real, run = demo_then_real
    result = run(WIKI_API_URL="http://127.0.0.1:9/w/api.php")  # the wiki down: the demo's wiki rows still go
    assert result.outcome == "success" and result.error.startswith(pipeline.WIKI_NOT_READ_AFTER_DEMO)
    assert count(any_engine, s.team_members) == 0 and count(any_engine, s.goals) == 0


def test_the_sync_page_says_a_store_holding_the_demo_is_replaced_by_the_next_full_run(
        conduit_server, wiki_server, engine, monkeypatch):
    from lib.sync.demo import build_demo_store

    build_demo_store(engine)
    at = _sync_page(conduit_server, wiki_server, engine, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert any("holds the embedded demo data" in i.value and "replaces it" in i.value for i in at.info)
    assert at.toggle[0].disabled and "demo data to replace" in at.toggle[0].help


def test_a_failed_sync_after_good_ones_is_named_by_the_banner_at_once_in_whole_sentences(
        conduit_server, wiki_server, engine, monkeypatch, transports):
    assert run_sync(engine, settings_for(conduit_server, wiki_server, engine), transports=transports).outcome == "success"
    at = _sync_page(conduit_server, wiki_server, engine, monkeypatch, PHABRICATOR_PROJECT="no-such-board")
    assert not at.error
    next(b for b in at.button if b.label == "Sync now").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (said,) = [e.value for e in at.error]
    assert said.startswith("Data as of") and "The last sync failed:" in said and "no\\-such\\-board" in said
    assert said.endswith(". Showing the last good data.") and ".." not in said.replace("\\.", "")


def test_a_runs_summary_counts_in_words():
    from lib.sync.pipeline import RunResult

    one = RunResult(1, "incremental", "success", None, 1, {"tasks": 1, "snapshots": 1, "wiki_changed": []}, 0.2)
    assert one.summary() == ("incremental sync ok: 1 task fetched, 0 left the board, 1 change recorded, "
                             "wiki unchanged; 1 request in 0.2s")
    failed = RunResult(2, "full", "failed", "Conduit said no", 2, {}, 0.1)
    assert failed.summary() == "full sync FAILED after 2 requests: Conduit said no"


def test_a_malformed_token_is_said_to_stop_every_sync_not_called_unconfigured(conduit_server, wiki_server, engine,
                                                                                monkeypatch):
    at = _sync_page(conduit_server, wiki_server, engine, monkeypatch, PHABRICATOR_TOKEN="api-short")
    assert not at.exception
    (said,) = [e.value for e in at.error if e.value.startswith("Sync cannot run")]
    assert "PHABRICATOR\\_TOKEN" in said and "cli\\-" in said and "command line" in said
    assert not [i for i in at.info if "not configured" in i.value]
    assert not [b for b in at.button if b.label == "Sync now"]


def test_a_run_from_the_button_that_could_not_read_the_wiki_is_said_in_amber(conduit_server, wiki_server, engine,
                                                                              monkeypatch):
    at = _sync_page(conduit_server, wiki_server, engine, monkeypatch,  # an article's address: answered, not JSON
                    WIKI_API_URL=wiki_server.base_url + "/wiki/Main_Page")
    next(b for b in at.button if b.label == "Sync now").click().run()
    assert not at.exception and not at.success and not at.error
    said = [w.value for w in at.warning]
    (result,) = [w for w in said if w.startswith("Full sync ok")]  # what was not read: once, by the banner
    assert "Not read" not in result and result.endswith("What it could not read of the wiki is said above.")
    assert sum("Not read" in w for w in said) == 1, said


def test_a_malformed_sprint_setting_offers_no_sync_from_the_page(conduit_server, wiki_server, engine, monkeypatch):
    """The screens read it as its default to go on showing data; a sync on that default would be wrong."""
    at = _sync_page(conduit_server, wiki_server, engine, monkeypatch, SPRINT_TIMEZONE="Europe/Berln")
    assert not at.exception
    assert [e.value for e in at.error if e.value.startswith("Sync cannot run") and "SPRINT\\_TIMEZONE" in e.value]
    assert not [b for b in at.button if b.label == "Sync now"]


def test_goals_are_held_back_with_a_process_page_that_cannot_be_read(sync, any_engine, wiki_server):
    """Read against the stored program list, a goal of a program new on both pages stayed filed under
    its name, not its code, and no later run read the goals page again."""
    process_title, goals_title = "Wikimedia Technology/Goals/2017-18 Q2/Process", "Wikimedia Technology/Goals/2017-18 Q2"
    assert sync().outcome == "success"
    before = wiki_state(any_engine)
    process = wiki_server.fake.pages[process_title]["content"]
    wiki_server.fake.set_page(process_title, "{| class=\"wikitable\"\n! Fruit !! Colour\n|-\n| apple || red\n|}")
    wiki_server.fake.set_page(goals_title, "== Fresh Ideas Program ==\n{|\n! Goal !! Stage\n|-\n| Try things || rough draft\n|}")
    result = sync()
    assert result.outcome == "success" and result.counts["wiki_not_read"] == ["goals", "process"]
    assert "held back with the process page" in result.error
    assert wiki_state(any_engine) == before
    # the process page mended, with the new program: both pages are read, the goal filed under its code
    wiki_server.fake.set_page(process_title, process.replace("* TP8 Multi-datacenter Support (R, C)",
                                                             "* TP8 Multi-datacenter Support (R, C)\n* TP13 Fresh Ideas Program (A, B)"))
    mended = sync()
    assert mended.error is None and {"goals", "process"} <= set(mended.counts["wiki_changed"]), mended.error
    with any_engine.connect() as conn:
        assert conn.execute(select(s.goals.c.title, s.goals.c.program)).all() == [("Try things", "TP13")]


def test_a_missing_page_holds_back_only_itself(sync, any_engine, wiki_server):
    """A goals page for a quarter not written yet: the team page, changed meanwhile, is still read."""
    assert sync().outcome == "success"
    title = "Community Tech/Team Processes"
    wiki_server.fake.set_page(title, wiki_server.fake.pages[title]["content"].replace("Karolin Siebert", "Karolin Siebert-Ng"))
    result = sync(WIKI_GOALS_PAGE="Wikimedia Technology/Goals/2017-18 Q3")
    assert result.outcome == "success" and result.counts["wiki_not_read"] == ["goals"]
    assert 'Wiki page "Wikimedia Technology/Goals/2017-18 Q3" does not exist' in result.error
    assert "WIKI_API_URL" not in result.error  # a page, not the wiki's address
    assert result.counts["wiki_changed"] == ["team"]
    assert count(any_engine, s.team_members, s.team_members.c.name == "Karolin Siebert-Ng") == 1


class _PageLeft(BaseException):
    """What Streamlit raises in a script whose page was left (its StopException is a BaseException)."""


def test_a_run_stopped_from_outside_is_recorded_as_interrupted_and_the_next_one_runs(sync, any_engine, conduit_server,
                                                                                     wiki_server, transports):
    """Leaving the Sync page mid-run left the run "running": every run, a schedule's too, was refused
    for an hour."""
    assert sync().outcome == "success"
    before = store_state(any_engine)
    messages = []

    def progress(message: str) -> None:
        messages.append(message)
        if len(messages) == 3:
            raise _PageLeft()
    with pytest.raises(_PageLeft):
        run_sync(any_engine, settings_for(conduit_server, wiki_server, any_engine), transports=transports,
                 progress=progress)
    with any_engine.connect() as conn:
        last = conn.execute(select(s.sync_runs).order_by(s.sync_runs.c.id.desc()).limit(1)).mappings().one()
    assert last["outcome"] == "failed" and last["error"] == pipeline.INTERRUPTED and last["finished_at"] is not None
    assert store_state(any_engine) == before
    assert sync().outcome == "success"  # not refused as busy


def test_a_run_stopped_after_its_write_committed_stays_a_success(sync, any_engine, monkeypatch):
    """Ctrl-C (or a page left) in the moment after the commit: the data is that run's, and so is its record."""
    real_drop = pipeline.TaskStaging.drop

    def drop_then_stop(self):
        real_drop(self)
        raise _PageLeft()
    monkeypatch.setattr(pipeline.TaskStaging, "drop", drop_then_stop)
    with pytest.raises(_PageLeft):
        sync()
    with any_engine.connect() as conn:
        assert conn.execute(select(s.sync_runs.c.outcome)).scalars().all() == ["success"]
