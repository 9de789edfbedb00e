"""One sync run: fetch everything, write it in ONE transaction, and record the run.

Pages of tasks are staged in TEMP tables as they arrive (lib.sync.staging), which locks nothing;
the write at the end is short. Any failure (HTTP, timeout, Conduit error_code, malformed JSON, an
unrecognisable wiki table) rolls the write back, so the last good data stays, and the run is
recorded as failed with the reason. Local tables (edits, availability, feedback) are never touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait as futures_wait
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy import Engine, String, and_, case, cast, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from lib.config import Settings
from lib.stages import CONFLICT, LOCAL, classify_edits
from lib.store import schema as s
from lib.store.engine import checkpoint_soon, defer_checkpoints, utcnow
from lib.store.writes import clear_synced, insert_rows, replace_rows, upsert_rows
from lib.sync import phabricator as ph
from lib.sync.conduit import Conduit
from lib.sync.errors import SyncError, SyncHTTPError
from lib.sync.http import HttpClient
from lib.sync.mediawiki import MediaWiki, Revision
from lib.sync.row_templates import expand_row_templates
from lib.sync.staging import TaskStaging
from lib.sync.wiki_pages import PAGE_PARSERS, WikiPageError, parser_stamp
from lib.words import count as _count

Progress = Callable[[str], None]
STALE_RUNNING = timedelta(hours=1)


@dataclass
class Transports:
    """Where requests go: None means the real network. The demo and the tests pass their own."""

    conduit: httpx.BaseTransport | None = None
    wiki: httpx.BaseTransport | None = None
    http_options: dict = field(default_factory=dict)  # timeout, retries, backoff, sleep


@dataclass
class RunResult:
    """One run's outcome. `error` says what failed; in a successful run, what of the wiki it could not
    read (see wiki_problems), the board written all the same."""

    run_id: int
    kind: str
    outcome: str
    error: str | None
    requests: int
    counts: dict
    seconds: float

    def summary(self, *, problems: bool = True) -> str:
        """One line for the command line and the Sync page (`problems=False`: without what of the wiki
        was not read, which the page's banner says)."""
        if self.outcome != "success":
            return f"{self.kind} sync FAILED after {_count(self.requests, 'request')}: {self.error}"
        c = self.counts
        wiki = ", ".join(c.get("wiki_changed", [])) or ("not read" if c.get("wiki_not_read") else "unchanged")
        said = (f"{self.kind} sync ok: {_count(c.get('tasks', 0), 'task')} fetched, {c.get('tasks_left', 0)} left the "
                f"board, {_count(c.get('snapshots', 0), 'change')} recorded, wiki {wiki}; "
                f"{_count(self.requests, 'request')} in {self.seconds:.1f}s")
        return f"{said}. {self.error}" if self.error and problems else said  # the wiki not all read


INTERRUPTED = ("interrupted: stopped before it finished (the page that started it was left, closed or run "
               "again, or the process was stopped)")


class SyncBusy(SyncError):
    pass


# --- run bookkeeping ---------------------------------------------------------------------------

def refuse_while_running(conn, now: datetime) -> None:
    """Raise SyncBusy when a run is still running; a run marked running for longer than
    STALE_RUNNING was interrupted (its process stopped) and is recorded as failed."""
    running = conn.execute(select(s.sync_runs.c.id, s.sync_runs.c.started_at)
                           .where(s.sync_runs.c.outcome == "running")).all()
    for run_id, started in running:
        if now - started < STALE_RUNNING:
            raise SyncBusy(f"sync run {run_id} started at {started:%H:%M} UTC is still running")
        conn.execute(update(s.sync_runs).where(s.sync_runs.c.id == run_id).values(
            outcome="failed", finished_at=now, error="interrupted: the process stopped before the run finished"))


def _start_run(engine: Engine, kind: str, now: datetime, started_by: str) -> int:
    """Record a new running run. Another one still running makes this one SyncBusy: found here, or,
    when both start at one moment, by the store's index that allows one running run."""
    try:
        with engine.begin() as conn:
            refuse_while_running(conn, now)
            return conn.execute(insert(s.sync_runs).values(kind=kind, started_at=now, outcome="running", requests=0,
                                                           started_by=started_by)).inserted_primary_key[0]
    except IntegrityError:
        raise SyncBusy("another sync run started at the same moment and is still running") from None


def _fail_run(engine: Engine, run_id: int, error: str, requests: int, now: datetime) -> None:
    """Record the run as failed, unless its write committed already (stopped after it: it is a success)."""
    with engine.begin() as conn:
        conn.execute(update(s.sync_runs).where(s.sync_runs.c.id == run_id, s.sync_runs.c.outcome == "running").values(
            outcome="failed", finished_at=now, error=error[:2000], requests=requests))


@dataclass(frozen=True)
class PreviousRuns:
    """What the good runs before this one left: the high-water mark for an incremental run, when the
    last full run finished (is a full run due?), when the last good run began (which epics are
    unchanged since it read them), and whether the store holds the demo (the last good run built it)."""

    high_water_mark: int | None
    last_full_finished: datetime | None
    last_good_started: datetime | None
    holds_demo: bool = False


def previous_state(engine: Engine) -> PreviousRuns:
    good = s.sync_runs.c.outcome == "success"
    with engine.connect() as conn:
        hwm, started = conn.execute(select(func.max(s.sync_runs.c.high_water_mark), func.max(s.sync_runs.c.started_at))
                                    .where(good)).one()
        last_full = conn.execute(select(func.max(s.sync_runs.c.finished_at)).where(
            and_(good, s.sync_runs.c.kind.in_(["full", "demo"])))).scalar()
        last_kind = conn.execute(select(s.sync_runs.c.kind).where(good).order_by(s.sync_runs.c.id.desc()).limit(1)).scalar()
    return PreviousRuns(hwm, last_full, started, holds_demo=last_kind == "demo")


def choose_kind(settings: Settings, previous: PreviousRuns, now: datetime, force_full: bool | None) -> str:
    """Full (reconciling) when asked, when there is no good run yet, when the store holds the demo
    (read from the demo's mark, a real board would be mixed into it: the full run replaces it, see
    _clear_demo), or when the last full run is older than FULL_SYNC_EVERY_HOURS; otherwise incremental."""
    if force_full or previous.high_water_mark is None or previous.last_full_finished is None or previous.holds_demo:
        return "full"
    if force_full is False:
        return "incremental"
    due = now - previous.last_full_finished >= timedelta(hours=settings.full_sync_every_hours)
    return "full" if due else "incremental"


# --- fetch -------------------------------------------------------------------------------------

def fetch_phabricator(conduit: Conduit, settings: Settings, engine: Engine, staging: TaskStaging, since: int | None,
                      progress: Progress, beside: ThreadPoolExecutor, last_good_start: datetime | None = None) -> dict:
    """Read the board; each page of tasks is staged as it arrives (see lib.sync.staging).

    The task pages are one long chain (each request waits for the last one's cursor), so every
    other look-up after the board's is made beside that chain (`beside`, other connections):
    priorities, statuses, milestones and columns while the first pages come; users and edges side by
    side at the end (futures: the write waits for them before it takes the store's write lock).
    A run then takes the board look-up, the task pages and one more round trip, not the sum.
    Pages that come before the look-ups they are read against wait for them, in memory."""
    progress(f"Phabricator: board {settings.phabricator_project!r}")
    # Alone first: a wrong token or slug fails the run in one request.
    board, epic_tags = ph.fetch_board(conduit, settings.phabricator_project)
    levels = beside.submit(lambda: (ph.priority_rows(conduit), ph.status_rows(conduit)))
    layout = beside.submit(_board_layout, conduit, board, settings)
    progress("Phabricator: priorities, statuses, sprint milestones and workboard columns")
    found = _FoundTasks(staging, since)
    label = f"changed since {datetime.utcfromtimestamp(since):%Y-%m-%d %H:%M} UTC" if since else "all"

    def read_against() -> ph.BoardContext:  # raises what a look-up beside the pages failed with
        return _board_context(board, epic_tags, levels.result()[1] or [], *layout.result())

    ctx, waiting, fetched = None, [], 0
    for page_no, page in enumerate(ph.iter_task_pages(conduit, board["phid"], since), start=1):
        fetched += len(page)
        waiting.append(page)
        if ctx is None and levels.done() and layout.done():
            ctx = read_against()
        while ctx and waiting:
            found.stage(waiting.pop(0), ctx)
        progress(f"Phabricator: tasks ({label}), page {page_no}, {fetched} so far")
    ctx = ctx or read_against()
    for page in waiting:
        found.stage(page, ctx)
    priorities, statuses = levels.result()
    projects, columns, _parents = layout.result()
    with engine.connect() as conn:
        known = set(conn.execute(select(s.users.c.phid)).scalars()) if since else set()
    new_people = sorted(found.people - known)
    # Subtask edges of the epics fetched in this run: what the roadmap's progress is made of.
    # Asking for every task's edges would re-send every PHID with each page of edges. An epic that
    # came again only because `modifiedStart` is inclusive is unchanged, its edges too (a subtask
    # added or removed is a transaction of the epic's as well), when it was last changed a whole
    # second before the last good run began (dates are in seconds: a subtask added later in that
    # second leaves the date as it was): its stored edges stay.
    unchanged = (staging.unchanged_epics(changed_before=last_good_start - timedelta(seconds=1))
                 if since and last_good_start else set())
    asked = sorted(found.epics - unchanged)
    progress(f"Phabricator: {len(new_people)} people, subtasks of {len(asked)} epics")
    # read before the edges' look-up starts: one of its own (an epic gone) is a maniphest.search too
    mark = _next_mark(found.high_water_mark, since, conduit.first_answer_at.get("maniphest.search"))
    return dict(priorities=priorities, statuses=statuses, projects=projects, columns=columns,
                users=beside.submit(ph.fetch_users, conduit, new_people),
                edges=beside.submit(ph.fetch_subtask_edges, conduit, asked), edges_kept=unchanged,
                epics=len(found.epics), high_water_mark=mark)


def _levels_on_tasks(conn) -> list[dict]:
    """The priority levels the stored tasks hold (no keyword: none can be set from the dashboard)."""
    t = s.tasks
    rows = conn.execute(select(t.c.priority_value, func.max(t.c.priority_name)).where(t.c.priority_value.is_not(None))
                        .group_by(t.c.priority_value)).all()
    return [{"value": int(v), "name": n or str(v), "short": None, "color": None, "keyword": ""} for v, n in rows]


def _statuses_on_tasks(conn) -> list[dict]:
    """The statuses the stored tasks hold, closed when their tasks are."""
    t = s.tasks
    rows = conn.execute(select(t.c.status, func.max(t.c.status_name), func.max(case((t.c.is_closed, 1), else_=0)))
                        .where(t.c.status.is_not(None)).group_by(t.c.status)).all()
    return [{"value": v, "name": n or v, "is_closed": bool(c), "special": None} for v, n, c in rows]


def _next_mark(newest_seen: int | None, since: int | None, first_page_at: int | None) -> int | None:
    """Where the next incremental run starts (`modifiedStart`, inclusive): the newest change this run
    read, but never after the server's clock at the first task page (less 2 s for rounding). A task
    read on an early page and changed while the later pages came was read before its change; a later
    change to another task must not move the mark past it, or no incremental run would see it again."""
    if newest_seen is None or first_page_at is None:
        return newest_seen
    return max(min(newest_seen, first_page_at - 2), since or 0) or None


def _board_layout(conduit: Conduit, board: dict, settings: Settings) -> tuple[list[dict], list[dict], dict[str, str]]:
    """The board and its sprint milestones as projects rows, the workboard columns of all of them,
    and the parent of every project below the board."""
    below = ph.fetch_descendants(conduit, board["phid"])
    sprints = [p for p in below if ph.is_sprint_of(p, board["phid"])]
    projects = [ph.project_row(board, settings)] + [ph.project_row(m, settings) for m in sprints]
    columns = [ph.column_row(c) for c in ph.fetch_columns(conduit, [p["phid"] for p in projects])]
    return projects, columns, {p["phid"]: ph.parent_phid(p) for p in below if ph.parent_phid(p)}


def _board_context(board: dict, epic_tags: list[str], statuses: list[dict], projects: list[dict],
                   columns: list[dict], parent_of: dict[str, str]) -> ph.BoardContext:
    """What each task is read against (see phabricator.task_rows)."""
    return ph.BoardContext(
        parent_of=parent_of,
        board_phid=board["phid"],
        milestone_phids={p["phid"] for p in projects[1:]},  # projects[0] is the board
        proxy_column={c["proxy_phid"]: c["phid"] for c in columns if c["proxy_phid"]},
        epic_tag_phids=set(epic_tags),
        epic_column_phids={c["phid"] for c in columns if c["project_phid"] == board["phid"] and ph.is_epic_column(c["name"])},
        closed_statuses={st["value"] for st in statuses if st["is_closed"]},
        open_statuses={st["value"] for st in statuses if not st["is_closed"]},
    )


class _FoundTasks:
    """Stages pages of tasks, keeping what the rest of the run needs from them: the people named,
    the epics, and the high-water mark for the next incremental run."""

    def __init__(self, staging: TaskStaging, since: int | None):
        self.staging, self.high_water_mark = staging, since
        self.people: set[str] = set()
        self.epics: set[str] = set()

    def stage(self, page: list[dict], ctx: ph.BoardContext) -> None:
        tasks, task_projects, task_columns = [], [], []
        for obj in page:
            row, tp, tc = ph.task_rows(obj, ctx)
            tasks.append(row)
            task_projects += tp
            task_columns += tc
            self.people.update(p for p in (row["owner_phid"], row["author_phid"]) if p)
            if row["is_epic"]:
                self.epics.add(row["phid"])
            if row["date_modified"]:
                modified = int(row["date_modified"].replace(tzinfo=timezone.utc).timestamp())
                self.high_water_mark = max(self.high_water_mark or 0, modified)
        self.staging.add(tasks, task_projects, task_columns)


def fetch_wiki(wiki: MediaWiki, settings: Settings, engine: Engine, progress: Progress,
               every_page: bool, stamp: str) -> tuple[dict[str, Revision], dict[str, str]]:
    """The content of the pages whose revision changed since the last good run (or of `every_page`),
    by kind, with the template calls that stand for table rows expanded by the wiki
    (lib.sync.row_templates); and, by kind, why a page that cannot be read (missing, hidden, its row
    templates not expanded…) is left out: its stored rows stay. A wiki that cannot be reached raises.
    `stamp` is what a stored page must have been read with to be kept (parser_stamp on the run's day)."""
    pages = settings.wiki_pages
    progress(f"Wiki: revisions of {len(pages)} pages")
    problems: dict[str, str] = {}  # by title: a page that cannot be read holds back only itself
    latest = wiki.revisions(list(pages.values()), content=False, problems=problems)
    w = s.wiki_pages
    with engine.connect() as conn:
        stored = {k: tuple(rest) for k, *rest in conn.execute(select(w.c.kind, w.c.title, w.c.revid, w.c.parsed_with))
                  if not every_page}
    # Read again: a new revision, another page configured, or rows read by an older parser or on an
    # earlier day (see parser_stamp).
    changed = [kind for kind, title in pages.items()
               if title in latest and stored.get(kind) != (title, latest[title].revid, stamp)]
    contents = {}
    if changed:
        progress(f"Wiki: content of {', '.join(changed)}")
        contents = wiki.revisions([pages[k] for k in changed], content=True, problems=problems)
    out, unread = {}, {kind: problems[title] for kind, title in pages.items() if title in problems}
    for kind in changed:
        if pages[kind] not in contents:
            continue
        rev = contents[pages[kind]]
        expand = functools.partial(wiki.expand_templates, rev.real_title)
        try:
            out[kind] = dataclasses.replace(rev, content=expand_row_templates(rev.content, expand))
        except (SyncError, WikiPageError) as exc:
            unread[kind] = str(exc)
    if "process" in unread and "goals" in out:
        del out["goals"]
        unread["goals"] = HELD_BACK_WITH_PROCESS
    return out, unread


def parse_wiki(revisions: dict[str, Revision], settings: Settings,
               engine: Engine) -> tuple[dict[str, tuple[Revision, dict]], dict[str, str]]:
    """Each changed page's tables as rows, and, by kind, why a page that cannot be read is left out (its
    WikiPageError, naming the page: its stored rows stay). The goals page is read last, against the
    program list (this run's process page, else the stored one), which turns program names into codes."""
    out, unread = {}, {}

    def parse(kind: str, **context) -> None:
        rev = revisions[kind]
        try:  # the page's own title: a configured ".../Goals/Current" that redirects names its quarter only there
            out[kind] = rev, PAGE_PARSERS[kind](rev.content, rev.real_title, **context)
        except WikiPageError as exc:
            unread[kind] = str(exc)

    for kind in revisions:
        if kind != "goals":
            parse(kind)
    if "goals" in revisions:
        if "process" in unread:  # read against the stored list, its goals would stay filed under old names
            unread["goals"] = HELD_BACK_WITH_PROCESS
        elif "process" in out:
            parse("goals", programs=out["process"][1]["programs"])
        else:
            with engine.connect() as conn:
                programs = conn.execute(select(s.programs.c.code, s.programs.c.name)).mappings().all()
            parse("goals", programs=programs)
    return out, unread


WIKI_NOT_READ = "Not read, so kept as the last good run left them:"
HELD_BACK_WITH_PROCESS = "held back with the process page, whose program list it is read against"
WIKI_NOT_READ_AFTER_DEMO = ("Not read, and the demo's rows for them went with the demo (those screens stay empty "
                            "until a run reads them):")


def wiki_problems(unread: dict[str, str], *, replaced_demo: bool = False) -> str | None:
    """What of the wiki this run could not read, in one message (None when it read all it asked for).
    The board is written all the same: a wiki that is down, or a page someone laid out anew, holds back
    only that page's rows (none, in a run that replaced the demo)."""
    if not unread:
        return None
    parts = [("the wiki: " if kind == WIKI else f"the {kind} page: ") + message for kind, message in unread.items()]
    return f"{WIKI_NOT_READ_AFTER_DEMO if replaced_demo else WIKI_NOT_READ} {'; '.join(parts)}"


WIKI = "wiki"  # `unread` key of a wiki that could not be read at all


# --- write -------------------------------------------------------------------------------------

def _match_team_members(conn) -> None:
    """Link roster names to Phabricator accounts by real name or user name (case-insensitive)."""
    by_name = {}
    for phid, username, real_name in conn.execute(select(s.users.c.phid, s.users.c.username, s.users.c.real_name)):
        for name in (username, real_name):
            if name:
                by_name.setdefault(name.strip().lower(), phid)
    for (name,) in conn.execute(select(s.team_members.c.name)).all():
        conn.execute(update(s.team_members).where(s.team_members.c.name == name)
                     .values(user_phid=by_name.get(name.strip().lower())))


def write_run(staging: TaskStaging, run_id: int, kind: str, phab: dict, wiki: Future, requests: Callable[[], int],
              now: datetime, replaces_demo: bool = False, unread: dict[str, str] | None = None,
              *, stamp: str) -> tuple[dict, str | None]:
    """Everything the run fetched, in one transaction on the run's connection. `wiki` is the parse
    of the changed wiki pages, still going on while the database merges the staged tasks. phab's
    users and edges (the last Conduit answers) are waited for before the transaction begins: the
    store's write lock is never held across a network wait, which a slow or retried answer could
    stretch past every editor's busy timeout."""
    conn = staging.conn
    counts: dict = {}
    users, subtasks = phab["users"].result(), phab["edges"].result()
    with conn.begin():
        if replaces_demo:
            _clear_demo(conn)
        # The merge first: it is the database's work, done while the wiki parse has Python's GIL.
        counts.update(staging.merge(run_id, now, reconcile=kind in ("full", "demo")))
        old_levels = {tuple(r) for r in conn.execute(select(s.priorities.c.value, s.priorities.c.name))}
        # a server without maniphest.priority.search / maniphest.status.search: what the tasks hold
        priorities = phab["priorities"] if phab["priorities"] is not None else _levels_on_tasks(conn)
        replace_rows(conn, s.priorities, priorities)
        levels_changed = old_levels != {(p["value"], p["name"]) for p in priorities}
        replace_rows(conn, s.statuses, phab["statuses"] if phab["statuses"] is not None else _statuses_on_tasks(conn))
        upsert_rows(conn, s.users, users, key=["phid"])
        replace_rows(conn, s.projects, phab["projects"])
        replace_rows(conn, s.board_columns, phab["columns"])
        _into_new_proxy_columns(conn, phab["projects"][0]["phid"])
        # Edges of the fetched tasks are asked again (for the epics among them): replace them, except
        # those of epics that vanished before their edges could be read (kept as last known) and of
        # epics unchanged since the last run (not asked).
        conn.execute(delete(s.task_edges).where(s.task_edges.c.parent_phid.in_(select(staging.tasks.c.phid)),
                                                s.task_edges.c.parent_phid.not_in(sorted(subtasks.unread | phab["edges_kept"]))))
        insert_rows(conn, s.task_edges, [dict(e) for e in {(e["parent_phid"], e["child_phid"]): e for e in subtasks.rows}.values()])
        # Renamed priority levels apply to every task; those fetched this run already carry the new name.
        # A level the server no longer lists is named as the server names it on the tasks it sends
        # ('Unknown Priority ("30")'), on every task holding it, not only those fetched this run. (Into an
        # empty store every task is this run's: nothing to rename.)
        if levels_changed and not staging.into_empty_store:
            conn.execute(update(s.tasks).values(priority_name=select(s.priorities.c.name)
                         .where(s.priorities.c.value == s.tasks.c.priority_value).scalar_subquery())
                         .where(s.tasks.c.priority_value.in_(select(s.priorities.c.value)),
                                s.tasks.c.phid.not_in(select(staging.tasks.c.phid))))
            conn.execute(update(s.tasks).values(
                priority_name=literal('Unknown Priority ("') + cast(s.tasks.c.priority_value, String) + literal('")'))
                .where(s.tasks.c.priority_value.is_not(None), s.tasks.c.priority_value.not_in(select(s.priorities.c.value))))
        wiki_pages, unparsed = wiki.result()
        problems = wiki_problems({**(unread or {}), **unparsed}, replaced_demo=replaces_demo)
        if problems and kind == "demo":  # the demo's own pages always read: one that does not is a defect
            raise SyncError(problems)
        for kind_name, (rev, tables) in wiki_pages.items():
            for table_name, rows in tables.items():
                counts[table_name] = replace_rows(conn, s.metadata.tables[table_name], rows)
            upsert_rows(conn, s.wiki_pages, [{"kind": kind_name, "title": rev.title, "revid": rev.revid,
                                              "revision_timestamp": rev.timestamp, "fetched_at": now,
                                              "parsed_with": stamp}], key=["kind"])
        if "goals" in wiki_pages:
            _note_what_the_wiki_did_with_stage_edits(conn)
        _match_team_members(conn)
        counts.update(**({"replaced_demo": True} if replaces_demo else {}),
                      **({"wiki_not_read": sorted(set(unread or {}) | set(unparsed))} if problems else {}),
                      epics=phab["epics"], users=len(users), edges=len(subtasks.rows),
                      milestones=len(phab["projects"]) - 1, columns=len(phab["columns"]), wiki_changed=sorted(wiki_pages))
        conn.execute(update(s.sync_runs).where(s.sync_runs.c.id == run_id).values(
            outcome="success", error=problems, finished_at=utcnow() if kind != "demo" else now, requests=requests(),
            counts=json.dumps(counts), high_water_mark=phab["high_water_mark"]))
    return counts, problems


def _note_what_the_wiki_did_with_stage_edits(conn) -> None:
    """The goals page was read: a stage edit made in the dashboard that the wiki now shows is seen there,
    and one the wiki moved away from is a conflict (lib.stages.classify_edits). The syncs' memory of it
    lets a later move on the wiki be told from the wiki taking the edit back."""
    e, g = s.goal_stage_edits, s.goals
    open_edits = select(e.c.goal_key).where(e.c.state.in_([LOCAL, CONFLICT]))
    wiki = dict(conn.execute(select(g.c.goal_key, g.c.stage).where(g.c.goal_key.in_(open_edits))).all())
    edits: dict[str, list[dict]] = {}
    for row in conn.execute(select(e.c.id, e.c.goal_key, e.c.old_stage, e.c.new_stage, e.c.state)
                            .where(e.c.goal_key.in_(open_edits)).order_by(e.c.id.desc())).mappings():
        edits.setdefault(row["goal_key"], []).append(dict(row))
    for key, rows in edits.items():
        if key in wiki:  # a goal no longer on the page keeps its edits as they are (shown apart)
            for edit_id, state in classify_edits(wiki[key], rows).items():
                conn.execute(update(e).where(e.c.id == edit_id).values(state=state))


def _into_new_proxy_columns(conn, board_phid: str) -> None:
    """Tasks of a sprint whose column the board did not list yet are in it now that it does. Phorge
    creates a new milestone's proxy column only when the board is next laid out, by this run's own
    first task page at the latest, beside which the columns were read: that run leaves the sprint's
    tasks in no column, and those that do not change would stay so until the next full run."""
    t, c = s.tasks, s.board_columns
    proxy = (select(c.c.phid).where(c.c.project_phid == board_phid, c.c.proxy_phid == t.c.sprint_phid)
             .limit(1).scalar_subquery())
    conn.execute(update(t).values(column_phid=proxy).where(
        t.c.column_phid.is_(None), t.c.on_board.is_(True), t.c.sprint_phid.is_not(None),
        t.c.sprint_phid.in_(select(c.c.proxy_phid).where(c.c.project_phid == board_phid))))


DEMO_ACTOR = "demo"  # who the demo build's runs and its sample feedback are by (lib.sync.demo)
DEMO_FEEDBACK_SOURCE = "data/demo/feedback.csv"  # what the sample feedback's import names


def _clear_demo(conn) -> None:
    """A store that holds the demo (`make run` builds it before any real sync) is emptied by the first
    real run, in its transaction (a failed run leaves the demo as it was): the demo's synced rows, its
    history and runs, its sample feedback and the audit of its import, and the forecasts the Capacity
    screen recorded of its epics. Edits someone made on it are local data and stay."""
    clear_synced(conn)
    conn.execute(delete(s.sync_runs).where(s.sync_runs.c.kind == "demo"))
    # the sample feedback by what imported it, not by the name alone (a real user may be called "demo")
    a = s.audit_log
    imported = and_(a.c.actor == DEMO_ACTOR, a.c.reason == f"CSV import of {DEMO_FEEDBACK_SOURCE}")
    conn.execute(delete(s.feedback).where(s.feedback.c.actor == DEMO_ACTOR,
                                          cast(s.feedback.c.id, String).in_(select(a.c.entity_key).where(imported))))
    conn.execute(delete(a).where(imported))
    conn.execute(delete(s.forecasts))


# --- the run -----------------------------------------------------------------------------------

@contextlib.contextmanager
def _old_objects_frozen():
    """Keep the objects that exist before the run out of the garbage collector's full passes.

    A run allocates millions of short-lived objects, which sets off full collections, and each
    walks every object of the process (in the app: Streamlit's, pandas' and every session's),
    20–40 ms in which no answer is read and no request sent. Objects made during the run are
    collected as usual; the old ones go back to the collector when the run ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


_gil_turns_lock = threading.Lock()
_gil_turns_users = [0, 0.0]  # how many blocks are inside, and the interval to restore when none is


@contextlib.contextmanager
def _quick_gil_turns(interval_s: float = 0.0001):
    """Hand Python's GIL over every 0.1 ms instead of every 5, for as long as the block runs. The wiki
    pages are parsed (pure Python) beside the merge (SQLite, which lets go of the GIL while each
    statement runs and needs it back three or four times around it): at the default interval the
    merge waits ~100 ms a run in all, at 0.5 ms ~25 ms, at 0.1 ms ~5 ms (20,000 tasks). The interval is
    the process's: the first block in sets it, the last one out restores it (runs of two stores in
    one app process may overlap)."""
    with _gil_turns_lock:
        if _gil_turns_users[0] == 0:
            _gil_turns_users[1] = sys.getswitchinterval()
            sys.setswitchinterval(min(_gil_turns_users[1], interval_s))
        _gil_turns_users[0] += 1
    try:
        yield
    finally:
        with _gil_turns_lock:
            _gil_turns_users[0] -= 1
            if _gil_turns_users[0] == 0:
                sys.setswitchinterval(_gil_turns_users[1])


def _parse_beside_the_merge(*args) -> dict[str, tuple[Revision, dict]]:
    with _quick_gil_turns():
        return parse_wiki(*args)


def run_sync(engine: Engine, settings: Settings, *, full: bool | None = None, transports: Transports | None = None,
             now: datetime | None = None, progress: Progress = lambda _msg: None, kind: str | None = None,
             started_by: str = "cli") -> RunResult:
    """Run one sync and record it. Never raises for a failed run: the result says what failed."""
    transports = transports or Transports()
    now = now or utcnow()
    began = time.perf_counter()
    settings.require_phabricator()
    previous = previous_state(engine)
    replaces_demo = previous.holds_demo and kind != "demo"
    kind = kind or choose_kind(settings, previous, now, full)
    since = None if kind in ("full", "demo") else previous.high_water_mark
    run_id = _start_run(engine, kind, now, started_by)
    conduit = Conduit.from_settings(settings, transports.conduit, **transports.http_options)
    wiki = MediaWiki(HttpClient(contact=settings.sync_contact, transport=transports.wiki, **transports.http_options),
                     settings.wiki_api_url, settings.wiki_login)
    requests = lambda: conduit.requests + wiki.requests  # noqa: E731
    try:
        progress(f"Starting {'an' if kind[0] in 'aeiou' else 'a'} {kind} sync (run {run_id})")
        # The two servers are read side by side. The wiki thread's progress is passed on from this
        # thread: Streamlit elements only take writes from it. The wiki pages are parsed (CPU work)
        # only once every Conduit answer is in, beside the merge, which the database does without
        # holding Python's GIL; beside the task pages, or the last look-ups, answers would wait for it.
        wiki_messages: list[str] = []
        with (_old_objects_frozen(), engine.connect() as conn,
              ThreadPoolExecutor(max_workers=1, thread_name_prefix="wiki-sync") as pool,
              ThreadPoolExecutor(max_workers=2, thread_name_prefix="conduit-lookups") as beside):
            staging = TaskStaging(conn)
            try:
                # The run's commit leaves copying the WAL into the database file to a checkpoint
                # after the run (see defer_checkpoints, checkpoint_soon).
                with defer_checkpoints(conn):
                    if replaces_demo:
                        progress("The store holds the demo data: this run reads everything and replaces it")
                    # One day for the run: pages judged against today keep the day the run began with,
                    # so a run across midnight leaves them to be read again by the next day's first run.
                    stamp = parser_stamp()
                    wiki_job = pool.submit(fetch_wiki, wiki, settings, engine, wiki_messages.append, replaces_demo, stamp)
                    phab = fetch_phabricator(conduit, settings, engine, staging, since, progress, beside,
                                             previous.last_good_started)
                    try:
                        changed_pages, unread = wiki_job.result()
                    except SyncError as exc:  # unreachable, or not a MediaWiki API: the board is still written
                        hint = " (check WIKI_API_URL, and that the wiki is up)" if isinstance(exc, SyncHTTPError) else ""
                        changed_pages, unread = {}, {WIKI: f"{exc}{hint}"}
                    for message in wiki_messages:
                        progress(message)
                    futures_wait([phab["users"], phab["edges"]])
                    parsed = pool.submit(_parse_beside_the_merge, changed_pages, settings, engine)
                    progress(f"Writing to the store; parsing the wiki pages: {', '.join(changed_pages) or 'none changed'}")
                    counts, problems = write_run(staging, run_id, kind, phab, parsed, requests, now, replaces_demo, unread,
                                                 stamp=stamp)
            finally:
                staging.drop()
        result = RunResult(run_id, kind, "success", problems, requests(), counts, time.perf_counter() - began)
    except Exception as exc:  # every failure is recorded, the previous data stays
        message = str(exc) if isinstance(exc, (SyncError, ValueError)) else f"{type(exc).__name__}: {exc}"
        _fail_run(engine, run_id, message, requests(), utcnow() if kind != "demo" else now)
        return RunResult(run_id, kind, "failed", message, requests(), {}, time.perf_counter() - began)
    except BaseException:  # stopped from outside: the page that started it left, closed or run again
        # (Streamlit stops its script by raising through the progress callback), Ctrl-C on the command
        # line. Not left "running", which would refuse every run, a schedule's too, for an hour. (A
        # server stopped mid-run may end its script thread before this: that run is marked failed
        # an hour later, see refuse_while_running.)
        with contextlib.suppress(Exception):  # the stop is what the caller must see, not a locked store
            _fail_run(engine, run_id, INTERRUPTED, requests(), utcnow() if kind != "demo" else now)
        raise
    finally:
        conduit.http.close()
        wiki.http.close()
    checkpoint_soon(engine)  # after the run: whatever happens to it, the run stays a success
    return result
