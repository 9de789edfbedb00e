"""Phabricator half of the sync: fetch the board, its sprints, columns, tasks, owners and edges, and
turn Conduit's answers into store rows. Fetching and normalising are separate so each is testable.

Request plan of a run (N tasks, U new users, E edges), pages of 100 (edge.search: 1000):
  maniphest.priority.search 1, maniphest.status.search 1, project.search (board + Epic tag) 1,
  project.search (milestones) >=1, project.column.search >=1, maniphest.search max(1, ceil(N/100)),
  user.search ceil(U/100) (skipped when no owner is new), edge.search 1 + max(0, ceil((E-1000)/999)) for
  the subtasks of the epics fetched (a page after the first brings an edge again, see _subtask_edge_rows;
  skipped when no epic changed; an epic that vanishes before its edges are read costs one
  maniphest.search and one edge.search more, see fetch_subtask_edges).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo

from lib.config import Settings
from lib.sprint_names import without_sprint_number
from lib.sync.conduit import PAGE_LIMITS, Conduit
from lib.sync.errors import ConduitError, MalformedAnswer, SyncError
from lib.sync.wiki_pages import parse_dates  # free text's dates are read one way, a wiki cell's or a milestone name's

EPIC_SUBTYPES = {"epic"}
EPIC_TAG_SLUGS = ("epic",)          # Wikimedia tags epics with the "Epic" project
EPIC_COLUMN_NAMES = {"epics", "epic"}
SUBTASK_EDGE = "task.subtask"

Progress = Callable[[str], None]


def epoch_to_dt(value) -> datetime | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError):
        return None


def parse_points(value) -> float | None:
    """Points arrive as a numeric string, a number or null."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        points = float(value)
    except (TypeError, ValueError):
        return None
    return points if math.isfinite(points) else None


_POINTS_KEY = re.compile(r"(?:^|[^a-z])points?$|story.?points?", re.I)


def task_points(fields: dict) -> float | None:
    """Story points: Phabricator's own field where the server has points enabled, else a custom field
    named for them (the Sprint extension's `custom.isdc:sprint:storypoints`, `custom.story_points`)."""
    points = parse_points(fields.get("points"))
    if points is not None:
        return points
    for key, value in fields.items():
        if key.startswith("custom.") and _POINTS_KEY.search(key[len("custom."):]):
            points = parse_points(value)
            if points is not None:
                return points
    return None


def _fields(obj: dict, what: str) -> dict:
    if not isinstance(obj, dict) or "phid" not in obj or not isinstance(obj.get("fields"), dict):
        raise MalformedAnswer(f"{what}: an object without phid/fields")
    return obj["fields"]


# --- small lookups -----------------------------------------------------------------------------

# An older server has no such method: Conduit answers ERR-CONDUIT-CALL, 'Conduit API method "…" does
# not exist.' (ConduitMethodDoesNotExistException), or names an application that is not installed.
_MISSING_METHOD = re.compile(r"does not exist|not installed", re.I)


def _listing(conduit: Conduit, method: str) -> list[dict] | None:
    """A *.search method's `data`, or None when the server does not have the method."""
    try:
        return conduit.call(method).get("data") or []
    except ConduitError as exc:
        if exc.code == "ERR-CONDUIT-CALL" and _MISSING_METHOD.search(exc.info):
            return None
        raise


def priority_rows(conduit: Conduit) -> list[dict] | None:
    """The server's own priority levels. `keyword` is what maniphest.edit accepts: the first of the
    level's keywords, lower-cased as the server compares them; empty for a level that cannot be set
    (no keywords, or `disabled` in the server's config, which its own forms hide too). None on a
    server without maniphest.priority.search: the levels are then read off the tasks (see
    pipeline.write_run), and none can be set from the dashboard."""
    data = _listing(conduit, "maniphest.priority.search")
    if data is None:
        return None
    rows = []
    for p in data:
        keywords = [str(k).lower() for k in p.get("keywords") or [] if k]
        settable = keywords and not p.get("disabled")
        rows.append({"value": int(p["value"]), "name": str(p["name"]), "short": p.get("short"),
                     "color": p.get("color"), "keyword": keywords[0] if settable else ""})
    return rows


def status_rows(conduit: Conduit) -> list[dict] | None:
    """The server's task statuses; None on a server without maniphest.status.search (a task is then
    closed when it has a dateClosed, and the statuses are read off the tasks)."""
    data = _listing(conduit, "maniphest.status.search")
    if data is None:
        return None
    return [{"value": s["value"], "name": s["name"], "is_closed": bool(s.get("closed")),
             "special": str(s["special"]) if s.get("special") else None} for s in data]


# --- projects ----------------------------------------------------------------------------------

_DATE_KEY_WORDS = {"start": ("start", "starts", "begin", "begins", "from"), "end": ("end", "ends", "finish", "until", "to")}
_EARLIEST_SPRINT = date(2000, 1, 1)


def _key_words(key: str) -> list[str]:
    """The words of a field key, lower-case, a trailing date/time dropped: "isdc:sprint:startdate",
    "sprint-start", "startDate", "SPRINT_START" all have "start"."""
    parts = [w for piece in re.split(r"[^A-Za-z0-9]+", key)
             for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", piece)]
    return [re.sub(r"(?<=.)(?:date|time|day|at|on)$", "", w.lower()) for w in parts]


def _custom_dates(fields: dict, word: str, tz: tzinfo) -> list[date]:
    """Milestone dates from custom fields whose key names `word` (start/end) as a word of its own
    ("custom.sprint-start", "custom.startDate", "custom.end_date", not "custom.restart-count"), those
    naming the sprint first: epoch seconds (a moment, read as a day in `tz`) or ISO text, and no
    earlier than 2000 (a count or a flag is not a date)."""
    words = _DATE_KEY_WORDS[word]
    found = []
    for key, value in fields.items():
        if not key.startswith("custom.") or value in (None, "") or isinstance(value, bool):
            continue
        key_words = _key_words(key[len("custom."):])
        if not any(part in words for part in key_words):
            continue
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
            day = _epoch_day(value, tz)
        else:
            try:
                day = date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
        if day and day >= _EARLIEST_SPRINT:
            found.append((not {"sprint", "milestone", "iteration"} & set(key_words), day))
    return [day for _other, day in sorted(found, key=lambda f: f[0])]


def _epoch_day(value, tz: tzinfo) -> date | None:
    try:
        return datetime.fromtimestamp(int(value), tz=tz).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


# an end word right before the day it ends ("until March 22nd", "by Mar 15", "ends: 2024-03-15"), not "run by Ann"
_NAMED_END = re.compile(r"\b(?:ends?|ending|until|till|thru|through|by|due|deadline)\b[\s:]*(?:on\s+)?"
                        r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:[A-Za-z]{3,9}\.?\s+)?\d(?!\d*\s*(?:am|pm)\b|\d*:)",
                        re.I)
_LONGEST_NAMED_SPRINT = timedelta(days=92)  # a longer span in a name is no sprint's ("2024-01-01 – 2024-12-31 roadmap")
_NAMED_AHEAD = timedelta(days=60)  # a sprint named with days may be created this long after its start


def _named_dates(fields: dict, length_days: int, tz: tzinfo) -> tuple[date, date] | None:
    """The days a milestone's name gives: "Sprint 14 (Mar 4 – Mar 15)" or "2024-03-04 to 2024-03-15"
    (the first two; "…, retro Mar 18" after them is a note), or one day: its start ("Sprint
    2024-03-04"), or its end after "ends", "until", "by", "due" ("Sprint ending Mar 15"), the other day
    then from the sprint length (a start that falls on a weekend moves to the Monday). Days without a
    year take the year written beside them ("Oct 14 – Oct 25, 2024"), else the first that puts the
    sprint after the milestone was made (less two months: milestones are made ahead, seldom much later). Only
    whole days count: "Sprint 5 – October" gives none. The sprint's number is no day ("Sprint 14 Mar 4 –
    Mar 15": not the 14th)."""
    name = without_sprint_number(str(fields.get("name") or ""))
    written = parse_dates(name, None, exact_only=True)  # only days whose year is written
    created = _epoch_day(fields.get("dateCreated"), tz) if fields.get("dateCreated") else None
    anchor = written[0][0] if written else created
    quarter = f"{anchor.year} Q{(anchor.month - 1) // 3 + 1}" if anchor else None
    days = [first for first, _last in parse_dates(name, quarter, exact_only=True)][:2]
    if not days:
        return None
    if not written and created:  # move yearless days by whole years to the first time after the creation
        years = 0
        while _years_on(days[0], years) < created - _NAMED_AHEAD:
            years += 1
        while _years_on(days[0], years - 1) >= created - _NAMED_AHEAD:
            years -= 1
        days = [_years_on(d, years) for d in days]
    if len(days) == 2:
        start, end = days
        return (start, end) if timedelta(0) <= end - start <= _LONGEST_NAMED_SPRINT else None
    if _NAMED_END.search(name):
        end = days[0]
        start = end - timedelta(days=length_days - 1)
        return start + timedelta(days=(7 - start.weekday()) % 7 if start.weekday() >= 5 else 0), end
    return days[0], days[0] + timedelta(days=length_days - 1)


def _years_on(day: date, years: int) -> date:
    """`day` that many years later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def sprint_dates(fields: dict, settings: Settings) -> tuple[date | None, date | None, str | None]:
    """From the milestone's date fields when it has a start and an end no earlier than it; else from
    the configured cadence (stock Phabricator has no date fields); else from the days its name gives."""
    starts = _custom_dates(fields, "start", settings.sprint_timezone)
    ends = _custom_dates(fields, "end", settings.sprint_timezone)
    pair = next(((s, e) for s in starts for e in ends if e >= s), None)
    if pair:
        return *pair, "custom field"
    number = fields.get("milestone")
    if settings.sprint_cadence_start and number:
        start = settings.sprint_cadence_start + timedelta(days=settings.sprint_length_days * (int(number) - 1))
        return start, start + timedelta(days=settings.sprint_length_days - 1), "cadence"
    named = _named_dates(fields, settings.sprint_length_days, settings.sprint_timezone)
    if named:
        return *named, "name"
    return None, None, None


def project_row(obj: dict, settings: Settings) -> dict:
    f = _fields(obj, "project.search")
    start, end, source = sprint_dates(f, settings) if f.get("milestone") is not None else (None, None, None)
    parent = f.get("parent") or {}
    return {
        "phid": obj["phid"], "id": int(obj["id"]), "name": f.get("name") or obj["phid"], "slug": f.get("slug"),
        "parent_phid": parent.get("phid"), "milestone": f.get("milestone"), "status": f.get("status"),
        "start_date": start, "end_date": end, "dates_from": source, "date_modified": epoch_to_dt(f.get("dateModified")),
    }


def fetch_board(conduit: Conduit, slug: str) -> tuple[dict, list[str]]:
    """The board project and the PHIDs of the Epic tag project(s), in one request. Which project a
    slug names comes from the answer's `slugMap` (a project's other hashtags name it too); a server
    without one is matched on each project's primary slug."""
    wanted = slug.strip().lower()
    # archived ones too: project.search finds active projects only unless told otherwise, and a board
    # or an Epic tag may be archived
    result = conduit.call("project.search", {"constraints": {"slugs": [wanted, *EPIC_TAG_SLUGS], "status": "all"}})
    found = result.get("data") if isinstance(result, dict) else None
    if not isinstance(found, list):
        raise MalformedAnswer("Conduit project.search: the answer has no 'data' list")
    maps = result.get("maps")
    slug_map = maps.get("slugMap") if isinstance(maps, dict) else None  # PHP sends [] when empty
    slug_map = slug_map if isinstance(slug_map, dict) else {}

    def named(s: str) -> str | None:
        entry = slug_map.get(s)
        return entry.get("projectPHID") if isinstance(entry, dict) else None

    for p in found:
        _fields(p, "project.search")  # each a project object
    by_phid = {p["phid"]: p for p in found}
    board = by_phid.get(named(wanted)) or next(
        (p for p in found if (p["fields"].get("slug") or "").lower() == wanted), None)
    if board is None and not slug_map:
        board = next((p for p in found if p["fields"].get("slug") not in EPIC_TAG_SLUGS), None)
    if board is None:
        raise SyncError(f"PHABRICATOR_PROJECT: no project with slug {slug!r} on the server")
    if slug_map:
        epic_tags = list(dict.fromkeys(phid for s in EPIC_TAG_SLUGS if (phid := named(s)) and phid != board["phid"]))
    else:
        epic_tags = [p["phid"] for p in found if p is not board]
    return board, epic_tags


def fetch_descendants(conduit: Conduit, board_phid: str) -> list[dict]:
    """Every project below the board, archived ones too: its sprint milestones, and its subprojects
    with theirs, whose tasks the board shows in the nearest proxied ancestor's column."""
    return conduit.search_all("project.search", {"constraints": {"ancestors": [board_phid], "status": "all"}})


def parent_phid(project: dict) -> str | None:
    parent = _fields(project, "project.search").get("parent")
    return parent.get("phid") if isinstance(parent, dict) else None


def is_sprint_of(project: dict, board_phid: str) -> bool:
    """A milestone of the board itself (a subproject's milestones are the subproject's sprints)."""
    return _fields(project, "project.search").get("milestone") is not None and parent_phid(project) == board_phid


def fetch_columns(conduit: Conduit, project_phids: list[str]) -> list[dict]:
    return conduit.search_all("project.column.search", {"constraints": {"projects": project_phids}})


def column_row(obj: dict) -> dict:
    f = _fields(obj, "project.column.search")
    project = f.get("project") or {}
    return {
        "phid": obj["phid"], "id": int(obj["id"]), "project_phid": project.get("phid"), "name": f.get("name") or "",
        "proxy_phid": f.get("proxyPHID"), "sequence": f.get("sequence"),
        "is_hidden": bool(f.get("isHidden", False)), "is_default": bool(f.get("isDefaultColumn", False)),
    }


# --- tasks -------------------------------------------------------------------------------------

@dataclass
class BoardContext:
    """What a task is read against: the board, its sprints and their proxy columns."""

    board_phid: str
    milestone_phids: set[str]
    proxy_column: dict[str, str]          # milestone or subproject phid -> its column on the main board
    epic_tag_phids: set[str]
    epic_column_phids: set[str]
    closed_statuses: set[str] = field(default_factory=set)
    open_statuses: set[str] = field(default_factory=set)
    parent_of: dict[str, str] = field(default_factory=dict)  # every project below the board -> its parent

    def proxy_column_of(self, project_phid: str) -> str | None:
        """The board column a task tagged with this project shows in: the proxy column of the project
        or of its nearest ancestor that has one (a subproject's milestone, a sub-subproject), as
        Phabricator lays out the board."""
        seen: set[str] = set()
        while project_phid and project_phid not in seen:
            if project_phid in self.proxy_column:
                return self.proxy_column[project_phid]
            seen.add(project_phid)
            project_phid = self.parent_of.get(project_phid)
        return None


def _boards(attachments: dict) -> dict:
    boards = ((attachments or {}).get("columns") or {}).get("boards")
    return boards if isinstance(boards, dict) else {}  # PHP sends [] for "no boards"


def task_rows(obj: dict, ctx: BoardContext) -> tuple[dict, list[dict], list[dict]]:
    """One maniphest.search object -> (tasks row, task_projects rows, task_columns rows)."""
    f = _fields(obj, "maniphest.search")
    attachments = obj.get("attachments") or {}
    project_phids = list(((attachments.get("projects") or {}).get("projectPHIDs")) or [])
    boards = _boards(attachments)
    columns = []
    for board_phid, board in boards.items():
        cols = (board or {}).get("columns") or []
        if cols:
            columns.append({"task_phid": obj["phid"], "board_phid": board_phid, "column_phid": cols[0]["phid"]})
    col_of = {c["board_phid"]: c["column_phid"] for c in columns}
    sprint = next((p for p in project_phids if p in ctx.milestone_phids), None)
    # A task in a milestone or a subproject sits in its proxy column on the board; Phabricator then
    # omits the board from the task's columns.
    proxied = [sprint] if sprint else project_phids
    main_column = col_of.get(ctx.board_phid) or next((c for c in map(ctx.proxy_column_of, proxied) if c), None)
    status = f.get("status") or {}
    priority = f.get("priority") or {}
    value = status.get("value")
    if value in ctx.closed_statuses or value in ctx.open_statuses:
        is_closed = value in ctx.closed_statuses
    else:  # a status the server does not list (hidden "silly" ones, removed from its config)
        is_closed = f.get("dateClosed") is not None
    is_epic = (
        (f.get("subtype") or "").lower() in EPIC_SUBTYPES
        or bool(ctx.epic_tag_phids.intersection(project_phids))
        or main_column in ctx.epic_column_phids
    )
    row = {
        "phid": obj["phid"], "id": int(obj["id"]), "title": f.get("name") or "", "status": status.get("value") or "open",
        "status_name": status.get("name"), "is_closed": bool(is_closed),
        "priority_value": priority.get("value"),
        "priority_name": str(priority["name"]) if priority.get("name") is not None else None,
        "points": task_points(f), "owner_phid": f.get("ownerPHID"), "author_phid": f.get("authorPHID"),
        "subtype": f.get("subtype"), "is_epic": is_epic, "sprint_phid": sprint, "column_phid": main_column,
        "sprint_column_phid": col_of.get(sprint) if sprint else None,
        "date_created": epoch_to_dt(f.get("dateCreated")), "date_modified": epoch_to_dt(f.get("dateModified")),
        "date_closed": epoch_to_dt(f.get("dateClosed")), "on_board": True, "left_board_at": None,
    }
    projects = [{"task_phid": obj["phid"], "project_phid": p} for p in dict.fromkeys(project_phids)]
    return row, projects, columns


def iter_task_pages(conduit: Conduit, board_phid: str, since: int | None) -> Iterable[list[dict]]:
    """Tasks on the board (its milestones included), only those modified at or after `since` when
    given (`modifiedStart` is inclusive, so boundary tasks come again and are de-duplicated by PHID).

    A next page is asked for after the last task read (its id, newest first), which the server loads
    to page on from: deleted or hidden meanwhile, it refuses the call ('Cursor "N" does not identify a
    valid object'). The pages then go on after the task before it, one request more. The server's
    clock at the first page is kept (see Conduit.first_answer_at): the run's high-water mark rests on it."""
    constraints: dict = {"projects": [board_phid]}
    if since:
        constraints["modifiedStart"] = int(since)
    params = {"constraints": constraints, "attachments": {"columns": True, "projects": True}, "order": "newest"}
    method, read, first_clock = "maniphest.search", [], None
    while True:
        try:
            for page in conduit.search(method, dict(params, after=str(read[-1])) if read else params):
                first_clock = first_clock or conduit.first_answer_at.get(method)
                read = [int(task["id"]) for task in page if str(task.get("id", "")).isdigit()] or read
                yield page
            break
        except ConduitError as err:
            gone = _GONE_CURSOR.search(err.info or "")
            if not gone or int(gone[1]) not in read[1:]:
                raise
            read = read[:read.index(int(gone[1]))]
    if first_clock is not None:
        conduit.first_answer_at[method] = first_clock


_GONE_CURSOR = re.compile(r'Cursor "(\d+)" does not identify a valid object', re.I)


def user_row(obj: dict) -> dict:
    f = _fields(obj, "user.search")
    return {"phid": obj["phid"], "username": f.get("username") or obj["phid"], "real_name": f.get("realName"),
            "roles": ",".join(f.get("roles") or [])}


def fetch_users(conduit: Conduit, phids: list[str]) -> list[dict]:
    """The accounts of these PHIDs. One the token may not see (user.search leaves it out) is stored
    as a hidden user: its tasks keep an owner, and an incremental run does not ask for it again."""
    if not phids:
        return []
    found = [user_row(u) for u in conduit.search_all("user.search", {"constraints": {"phids": sorted(phids)}})]
    seen = {u["phid"] for u in found}
    return found + [{"phid": p, "username": p, "real_name": f"Hidden user (…{p[-4:]})", "roles": "hidden"}
                    for p in sorted(phids) if p not in seen]


_GONE_SOURCE = re.compile(r"does not identify a valid object", re.I)


@dataclass
class SubtaskEdges:
    rows: list[dict]           # parent_phid -> child_phid
    unread: set[str] = field(default_factory=set)  # parents whose edges could not be read this run


def fetch_subtask_edges(conduit: Conduit, parent_phids: list[str]) -> SubtaskEdges:
    """Parent -> subtask edges of the given tasks, in as few pages as the API allows.

    edge.search refuses the whole call when one source can no longer be seen (an epic deleted, or
    its view policy tightened, after the task pages were read). The tasks still visible are then
    found with maniphest.search and asked for once more; the vanished ones are `unread` (the store
    keeps their last known subtasks) and leave the board at the next full run."""
    if not parent_phids:
        return SubtaskEdges([])
    sources = sorted(parent_phids)
    try:
        rows = _subtask_edge_rows(conduit, sources)
    except ConduitError as err:
        if err.code != "ERR-BAD-SOURCEPHIDS" and not _GONE_SOURCE.search(err.info or ""):
            raise
        visible = {t.get("phid") for t in conduit.search_all("maniphest.search", {"constraints": {"phids": sources}})}
        still = [phid for phid in sources if phid in visible]
        if len(still) == len(sources):
            raise  # every source is there: the refusal is about something else, say what the server said
        rows = _subtask_edge_rows(conduit, still) if still else []
        return SubtaskEdges(_edge_pairs(rows), set(sources) - set(still))
    return SubtaskEdges(_edge_pairs(rows))


def _edge_pairs(rows: list[dict]) -> list[dict]:
    """Each parent -> subtask pair once (a page may bring an edge again, see _subtask_edge_rows)."""
    pairs = {(e["sourcePHID"], e["destinationPHID"]) for e in rows if e.get("edgeType", SUBTASK_EDGE) == SUBTASK_EDGE}
    return [{"parent_phid": parent, "child_phid": child} for parent, child in sorted(pairs)]


_EDGE_CURSOR = re.compile(r"(\d+)_(\d+)")
EDGE_PAGE_LIMIT = PAGE_LIMITS["edge.search"]


def _subtask_edge_rows(conduit: Conduit, sources: list[str]) -> list[dict]:
    """edge.search's rows, every page.

    Its pages are ordered by (dateCreated, seq), and its cursor "<dateCreated>_<seq>" names the last
    edge's pair, which many edges share: an edit numbers each source's new edges from 0, and a bulk
    edit gives a hundred tasks a parent within one second. `after` is strict, so a page that ends inside
    such a group would skip the rest of it, silently. Each next page is therefore asked from just past
    that pair (seq + 1): the group comes whole, its edges already read come again (one at least: a
    page holds 999 new edges, not 1000) and _edge_pairs keeps each once. A group larger than a page
    (no server numbers an edit's edges so) would bring the same page for ever: the server's own cursor
    then moves on, as it would have."""
    params = {"sourcePHIDs": sources, "types": [SUBTASK_EDGE], "limit": EDGE_PAGE_LIMIT}
    rows: list[dict] = []
    after, asked = None, set()
    while True:
        result = conduit.call("edge.search", dict(params, after=after) if after else params)
        if not isinstance(result, dict) or not isinstance(result.get("data"), list):
            raise MalformedAnswer("Conduit edge.search: the answer has no 'data' list")
        rows.extend(result["data"])
        cursor = (result.get("cursor") or {}).get("after")
        if not cursor:
            return rows
        cursor = str(cursor)
        pair = _EDGE_CURSOR.fullmatch(cursor)
        after = f"{pair[1]}_{int(pair[2]) + 1}" if pair else cursor
        if after in asked:
            after = cursor
        if after in asked:
            raise MalformedAnswer(f"Conduit edge.search: the server sent the cursor {cursor!r} again; it does not "
                                  "page, so the list would never end")
        asked.add(after)


def is_epic_column(name: str) -> bool:
    return re.sub(r"[^a-z]", "", name.lower()) in EPIC_COLUMN_NAMES
