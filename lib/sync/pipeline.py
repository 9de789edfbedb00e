"""One sync run: fetch everything, write it in ONE transaction, and record the run.

Pages of tasks are staged in TEMP tables as they arrive (lib.sync.staging), which locks nothing;
the write at the end is short. Any failure (HTTP, timeout, Conduit error_code, malformed JSON, an
unrecognisable wiki table) rolls the write back, so the last good data stays, and the run is
recorded as failed with the reason. Local tables (edits, availability, feedback) are never touched.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy import Engine, and_, delete, func, insert, select, update

from lib.config import Settings
from lib.store import schema as s
from lib.store.engine import utcnow
from lib.store.writes import insert_rows, replace_rows, upsert_rows
from lib.sync import phabricator as ph
from lib.sync.conduit import Conduit
from lib.sync.errors import SyncError
from lib.sync.http import HttpClient
from lib.sync.mediawiki import MediaWiki
from lib.sync.staging import TaskStaging
from lib.sync.wiki_pages import PAGE_PARSERS

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
    run_id: int
    kind: str
    outcome: str
    error: str | None
    requests: int
    counts: dict
    seconds: float

    def summary(self) -> str:
        if self.outcome != "success":
            return f"{self.kind} sync FAILED after {self.requests} requests: {self.error}"
        c = self.counts
        wiki = ", ".join(c.get("wiki_changed", [])) or "unchanged"
        return (f"{self.kind} sync ok: {c.get('tasks', 0)} tasks fetched, {c.get('tasks_left', 0)} left the board, "
                f"{c.get('snapshots', 0)} changes recorded, wiki {wiki}; {self.requests} requests in {self.seconds:.1f}s")


class SyncBusy(SyncError):
    pass


# --- run bookkeeping ---------------------------------------------------------------------------

def _start_run(engine: Engine, kind: str, now: datetime, started_by: str) -> int:
    with engine.begin() as conn:
        running = conn.execute(select(s.sync_runs.c.id, s.sync_runs.c.started_at)
                               .where(s.sync_runs.c.outcome == "running")).all()
        for run_id, started in running:
            if now - started < STALE_RUNNING:
                raise SyncBusy(f"sync run {run_id} started at {started:%H:%M} UTC is still running")
            conn.execute(update(s.sync_runs).where(s.sync_runs.c.id == run_id).values(
                outcome="failed", finished_at=now, error="interrupted: the process stopped before the run finished"))
        return conn.execute(insert(s.sync_runs).values(kind=kind, started_at=now, outcome="running", requests=0,
                                                       started_by=started_by)).inserted_primary_key[0]


def _fail_run(engine: Engine, run_id: int, error: str, requests: int, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(s.sync_runs).where(s.sync_runs.c.id == run_id).values(
            outcome="failed", finished_at=now, error=error[:2000], requests=requests))


def previous_state(engine: Engine) -> tuple[int | None, datetime | None]:
    """High-water mark of the last good run, and when the last good full run finished."""
    with engine.connect() as conn:
        hwm = conn.execute(select(func.max(s.sync_runs.c.high_water_mark))
                           .where(s.sync_runs.c.outcome == "success")).scalar()
        last_full = conn.execute(select(func.max(s.sync_runs.c.finished_at)).where(
            and_(s.sync_runs.c.outcome == "success", s.sync_runs.c.kind.in_(["full", "demo"])))).scalar()
    return hwm, last_full


def choose_kind(settings: Settings, hwm: int | None, last_full: datetime | None, now: datetime,
                force_full: bool | None) -> str:
    """Full (reconciling) when asked, when there is no good run yet, or when the last full run is
    older than FULL_SYNC_EVERY_HOURS; otherwise incremental."""
    if force_full or hwm is None or last_full is None:
        return "full"
    if force_full is False:
        return "incremental"
    return "full" if now - last_full >= timedelta(hours=settings.full_sync_every_hours) else "incremental"


# --- fetch -------------------------------------------------------------------------------------

def fetch_phabricator(conduit: Conduit, settings: Settings, engine: Engine, staging: TaskStaging, since: int | None,
                      progress: Progress) -> dict:
    """Read the board; each page of tasks is staged as it arrives (see lib.sync.staging)."""
    progress("Phabricator: priorities and statuses")
    priorities = ph.priority_rows(conduit)
    statuses = ph.status_rows(conduit)
    progress(f"Phabricator: board {settings.phabricator_project!r} and its sprint milestones")
    board, epic_tags = ph.fetch_board(conduit, settings.phabricator_project)
    milestones = ph.fetch_milestones(conduit, board["phid"])
    projects = [ph.project_row(board, settings)] + [ph.project_row(m, settings) for m in milestones]
    progress(f"Phabricator: workboard columns of {len(projects)} boards")
    columns = [ph.column_row(c) for c in ph.fetch_columns(conduit, [p["phid"] for p in projects])]
    ctx = ph.BoardContext(
        board_phid=board["phid"],
        milestone_phids={m["phid"] for m in milestones},
        proxy_column={c["proxy_phid"]: c["phid"] for c in columns if c["proxy_phid"]},
        epic_tag_phids=set(epic_tags),
        epic_column_phids={c["phid"] for c in columns if c["project_phid"] == board["phid"] and ph.is_epic_column(c["name"])},
        closed_statuses={st["value"] for st in statuses if st["is_closed"]},
    )
    people: set[str] = set()
    epics: set[str] = set()
    hwm = since
    label = f"changed since {datetime.utcfromtimestamp(since):%Y-%m-%d %H:%M} UTC" if since else "all"
    for page_no, page in enumerate(ph.iter_task_pages(conduit, board["phid"], since), start=1):
        tasks, task_projects, task_columns = [], [], []
        for obj in page:
            row, tp, tc = ph.task_rows(obj, ctx)
            tasks.append(row)
            task_projects += tp
            task_columns += tc
            people.update(p for p in (row["owner_phid"], row["author_phid"]) if p)
            if row["is_epic"]:
                epics.add(row["phid"])
            if row["date_modified"]:
                hwm = max(hwm or 0, int(row["date_modified"].replace(tzinfo=timezone.utc).timestamp()))
        staging.add(tasks, task_projects, task_columns)
        progress(f"Phabricator: tasks ({label}), page {page_no}, {len(staging.phids)} so far")
    with engine.connect() as conn:
        known = set(conn.execute(select(s.users.c.phid)).scalars()) if since else set()
    new_people = sorted(people - known)
    if new_people:
        progress(f"Phabricator: {len(new_people)} people")
    users = ph.fetch_users(conduit, new_people)
    # Subtask edges of the epics fetched in this run: what the roadmap's progress is made of. Asking
    # for every task's edges would re-send every PHID with each page of edges.
    if epics:
        progress(f"Phabricator: subtasks of {len(epics)} epics")
    edges = ph.fetch_subtask_edges(conduit, sorted(epics))
    return dict(priorities=priorities, statuses=statuses, projects=projects, columns=columns,
                users=users, edges=edges, epics=len(epics), high_water_mark=hwm)


def fetch_wiki(wiki: MediaWiki, settings: Settings, engine: Engine, progress: Progress) -> dict:
    """Parse only the pages whose revision changed since the last good run."""
    pages = settings.wiki_pages
    progress(f"Wiki: revisions of {len(pages)} pages")
    latest = wiki.revisions(list(pages.values()), content=False)
    with engine.connect() as conn:
        stored = {k: (t, r) for k, t, r in conn.execute(
            select(s.wiki_pages.c.kind, s.wiki_pages.c.title, s.wiki_pages.c.revid))}
    changed = [kind for kind, title in pages.items() if stored.get(kind) != (title, latest[title].revid)]
    out = {}
    if changed:
        progress(f"Wiki: content of {', '.join(changed)}")
        contents = wiki.revisions([pages[k] for k in changed], content=True)
        for kind in changed:
            rev = contents[pages[kind]]
            progress(f"Wiki: parsing the {kind} page")
            out[kind] = (rev, PAGE_PARSERS[kind](rev.content, pages[kind]))
    return out


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


def write_run(staging: TaskStaging, run_id: int, kind: str, phab: dict, wiki: dict, requests: int,
             now: datetime) -> dict:
    """Everything the run fetched, in one transaction on the run's connection."""
    conn = staging.conn
    counts: dict = {}
    with conn.begin():
        old_levels = {tuple(r) for r in conn.execute(select(s.priorities.c.value, s.priorities.c.name))}
        replace_rows(conn, s.priorities, phab["priorities"])
        levels_changed = old_levels != {(p["value"], p["name"]) for p in phab["priorities"]}
        replace_rows(conn, s.statuses, phab["statuses"])
        upsert_rows(conn, s.users, phab["users"], key=["phid"])
        replace_rows(conn, s.projects, phab["projects"])
        replace_rows(conn, s.board_columns, phab["columns"])
        counts.update(staging.merge(run_id, now, reconcile=kind in ("full", "demo")))
        # Edges of the fetched tasks are asked again (for the epics among them): replace them.
        conn.execute(delete(s.task_edges).where(s.task_edges.c.parent_phid.in_(select(staging.tasks.c.phid))))
        insert_rows(conn, s.task_edges, [dict(e) for e in {(e["parent_phid"], e["child_phid"]): e for e in phab["edges"]}.values()])
        # Renamed priority levels apply to every task; those fetched this run already carry the new name.
        if levels_changed:
            conn.execute(update(s.tasks).values(priority_name=select(s.priorities.c.name)
                         .where(s.priorities.c.value == s.tasks.c.priority_value).scalar_subquery())
                         .where(s.tasks.c.priority_value.in_(select(s.priorities.c.value)),
                                s.tasks.c.phid.not_in(select(staging.tasks.c.phid))))
        for kind_name, (rev, tables) in wiki.items():
            for table_name, rows in tables.items():
                counts[table_name] = replace_rows(conn, s.metadata.tables[table_name], rows)
            upsert_rows(conn, s.wiki_pages, [{"kind": kind_name, "title": rev.title, "revid": rev.revid,
                                              "revision_timestamp": rev.timestamp, "fetched_at": now}], key=["kind"])
        _match_team_members(conn)
        counts.update(epics=phab["epics"], users=len(phab["users"]), edges=len(phab["edges"]),
                      milestones=len(phab["projects"]) - 1, columns=len(phab["columns"]), wiki_changed=sorted(wiki))
        conn.execute(update(s.sync_runs).where(s.sync_runs.c.id == run_id).values(
            outcome="success", finished_at=utcnow() if kind != "demo" else now, requests=requests,
            counts=json.dumps(counts), high_water_mark=phab["high_water_mark"]))
    return counts


# --- the run -----------------------------------------------------------------------------------

def run_sync(engine: Engine, settings: Settings, *, full: bool | None = None, transports: Transports | None = None,
             now: datetime | None = None, progress: Progress = lambda _msg: None, kind: str | None = None,
             started_by: str = "cli") -> RunResult:
    """Run one sync and record it. Never raises for a failed run: the result says what failed."""
    transports = transports or Transports()
    now = now or utcnow()
    began = time.perf_counter()
    settings.require_phabricator()
    hwm, last_full = previous_state(engine)
    kind = kind or choose_kind(settings, hwm, last_full, now, full)
    since = None if kind in ("full", "demo") else hwm
    run_id = _start_run(engine, kind, now, started_by)
    conduit = Conduit(HttpClient(contact=settings.sync_contact, transport=transports.conduit, follow_redirects=False,
                                 **transports.http_options),
                      settings.phabricator_url, settings.phabricator_token)
    wiki = MediaWiki(HttpClient(contact=settings.sync_contact, transport=transports.wiki, **transports.http_options),
                     settings.wiki_api_url)
    requests = lambda: conduit.requests + wiki.requests  # noqa: E731
    try:
        progress(f"Starting a {kind} sync (run {run_id})")
        # The two servers are read side by side (each still one request at a time). The wiki thread's
        # progress is passed on from this thread: Streamlit elements only take writes from it.
        wiki_messages: list[str] = []
        with engine.connect() as conn, ThreadPoolExecutor(max_workers=1, thread_name_prefix="wiki-sync") as pool:
            staging = TaskStaging(conn)
            try:
                wiki_job = pool.submit(fetch_wiki, wiki, settings, engine, wiki_messages.append)
                phab = fetch_phabricator(conduit, settings, engine, staging, since, progress)
                wiki_rows = wiki_job.result()
                for message in wiki_messages:
                    progress(message)
                progress("Writing to the store")
                counts = write_run(staging, run_id, kind, phab, wiki_rows, requests(), now)
            finally:
                staging.drop()
        return RunResult(run_id, kind, "success", None, requests(), counts, time.perf_counter() - began)
    except Exception as exc:  # every failure is recorded, the previous data stays
        message = str(exc) if isinstance(exc, (SyncError, ValueError)) else f"{type(exc).__name__}: {exc}"
        _fail_run(engine, run_id, message, requests(), utcnow() if kind != "demo" else now)
        return RunResult(run_id, kind, "failed", message, requests(), {}, time.perf_counter() - began)
    finally:
        conduit.http.close()
        wiki.http.close()
