"""The roadmap's rules, as plain functions over the DataFrames of lib.store.reads / roadmap_reads.

What the team's process page asks the board to show (Community Tech/Team Processes): epics carry the
priorities ("our priorities will be set at the epic level, each ticket should wrap into an Epic"),
sprints are two weeks with "ideally no more than 3 priorities", tasks are estimated in Fibonacci points
and "if it's larger than a week's work, a sign to break it up", and the team leads meet on Mondays to
go over the roadmap. Nothing here knows Streamlit or SQL; every function is vectorised pandas so the
screen stays fast at 20,000 tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from lib.accounts import account_kinds
from lib.statuses import dropped_statuses, is_dropped
from lib.sprint_names import SPRINT_NUMBER

# "Each Sprint will have 2-3 priorities" / "Ideally no more than 3 priorities per sprint".
MAX_SPRINT_GOALS = 3

# Estimates are Fibonacci points (1, 2, 3, 5, 8, 13, ...). A two-week sprint is ~10 working days and
# the team reads a 5 as "a few days"; 8 is the first step that no longer fits in one working week, so
# 8+ is what the process page calls "larger than a week's work, a sign to break it up".
LARGE_TASK_POINTS = 8

# The priority levels that must never sit without an owner are Unbreak Now! and High: the "high"
# level (by its keyword, the stable identifier maniphest.edit uses, or its name) and every level above
# it (80 and 100 upstream and on Wikimedia's server) - except Needs Triage, which sorts above High but
# means "not yet prioritised". A server with no such level (its own scale, "P1".."P5") has its two
# highest levels that are neither triage nor plainly ordinary ("Normal", "Low").
FALLBACK_TRIAGE_VALUE = 90  # when the priority list has not been synced yet
_TRIAGE_WORD = re.compile(r"triage", re.I)
_ORDINARY_LEVEL = re.compile(r"\b(?:normal|medium|moderate|low|lowest|wishlist|minor|trivial|none)\b", re.I)

# Main-board columns of work the team does not do (process page: Following = "tasks that CommTech
# won't work on directly, but want to keep an eye on"; Freezer = "tasks that we won't be able to work
# on now"), and the names other boards give such columns: left out when the meeting counts urgent
# work that needs an owner.
NOT_OUR_WORK_COLUMNS = frozenset({"following", "freezer", "icebox", "ice box", "watching", "someday",
                                  "someday/maybe"})

# Sprint-board column that means finished (the process page: "Done: tasks that have been completed").
DONE_COLUMN_NAMES = frozenset({"done"})

STATUS_OPEN, STATUS_CLOSED = "open", "closed"


# --- tasks and epics --------------------------------------------------------------------------

def task_label(ids: pd.Series, titles: pd.Series) -> pd.Series:
    """"T123 Title" - how a person names a task on the board."""
    return "T" + ids.astype("Int64").astype(str) + " " + titles.fillna("")


def annotate_tasks(tasks: pd.DataFrame, edges: pd.DataFrame, dropped: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Add `epic_phid` and `epic` (the parent epic's label; the lowest-numbered when a task has
    several), `is_dropped` (closed in a status of `dropped`: declined, invalid, a duplicate; see
    lib.statuses) and `is_done` (closed, or in a sprint board's Done column, and not dropped)."""
    out = tasks.copy()
    epics = tasks.loc[tasks["is_epic"].astype(bool), ["phid", "id", "title"]]
    if edges.empty or epics.empty:
        out["epic_phid"] = pd.Series([None] * len(out), index=out.index, dtype=object)
    else:
        links = edges.merge(epics, left_on="parent_phid", right_on="phid")
        links = links.sort_values("id").drop_duplicates("child_phid")
        out["epic_phid"] = out["phid"].map(links.set_index("child_phid")["parent_phid"])
    label = task_label(epics["id"], epics["title"]) if not epics.empty else pd.Series(dtype=object)
    out["epic"] = out["epic_phid"].map(pd.Series(label.values, index=epics["phid"].values)) if not epics.empty \
        else pd.Series([None] * len(out), index=out.index, dtype=object)
    sprint_col = out["sprint_column"] if "sprint_column" in out else pd.Series("", index=out.index)
    out["is_dropped"] = is_dropped(out, dropped)
    in_done_column = sprint_col.fillna("").str.strip().str.lower().isin(DONE_COLUMN_NAMES)
    out["is_done"] = (out["is_closed"].astype(bool) | in_done_column) & ~out["is_dropped"]
    return out


def _dropped(tasks: pd.DataFrame) -> pd.Series:
    """The `is_dropped` mark annotate_tasks leaves (none dropped on tasks it never saw)."""
    return tasks["is_dropped"].astype(bool) if "is_dropped" in tasks else pd.Series(False, index=tasks.index)


def epic_progress(tasks: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """One row per epic: its subtasks in count and in points, and how much of each is done.

    Progress counts direct subtasks (the epic -> task edges of Phabricator). An unestimated subtask
    counts in the task count but adds no points; `unestimated` says how many, so 100 % of points is
    never read as "finished" while tasks are still unestimated. A dropped subtask (closed as declined,
    invalid, a duplicate) is out of the epic's scope: it counts in `subtasks_dropped` only.
    Expects tasks as annotate_tasks leaves them (`is_dropped`; none dropped without it).
    """
    cols = ["phid", "id", "title", "epic", "status", "is_closed", "priority_value", "priority_name", "owner",
            "sprint_phid", "subtasks", "subtasks_done", "points", "points_done", "unestimated", "subtasks_dropped",
            "pct_count", "pct_points"]
    epics = tasks.loc[tasks["is_epic"].astype(bool)]
    if epics.empty:
        return pd.DataFrame(columns=cols)
    children = edges.merge(tasks[["phid", "is_closed", "points"]].assign(dropped=_dropped(tasks))
                           .rename(columns={"phid": "child_phid"}), on="child_phid")
    children = children[children["parent_phid"].isin(epics["phid"])]
    dropped_count = children[children["dropped"]].groupby("parent_phid").size().rename("subtasks_dropped")
    children = children[~children["dropped"]]
    children = children.assign(
        done=children["is_closed"].astype(bool),
        points_done=children["points"].where(children["is_closed"].astype(bool), 0.0).fillna(0.0),
        unestimated=children["points"].isna(),
    )
    agg = children.groupby("parent_phid").agg(
        subtasks=("child_phid", "size"), subtasks_done=("done", "sum"), points=("points", "sum"),
        points_done=("points_done", "sum"), unestimated=("unestimated", "sum"),
    ).join(dropped_count, how="outer")
    out = epics[["phid", "id", "title", "status", "is_closed", "priority_value", "priority_name", "owner",
                 "sprint_phid"]].merge(agg, left_on="phid", right_index=True, how="left")
    for c in ("subtasks", "subtasks_done", "unestimated", "subtasks_dropped"):
        out[c] = out[c].fillna(0).astype(int)
    for c in ("points", "points_done"):
        out[c] = out[c].fillna(0.0).astype(float)
    out["pct_count"] = (100.0 * out["subtasks_done"] / out["subtasks"].where(out["subtasks"] > 0)).round(0)
    out["pct_points"] = (100.0 * out["points_done"] / out["points"].where(out["points"] > 0)).round(0)
    out["epic"] = task_label(out["id"], out["title"])
    return out[cols].sort_values(["is_closed", "priority_value", "id"], ascending=[True, False, True]).reset_index(drop=True)


def epic_sprint_spans(tasks: pd.DataFrame, edges: pd.DataFrame, sprints: pd.DataFrame,
                      progress: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lay epics out against the sprint milestones: (scheduled, unscheduled).

    An epic spans from the start of the first sprint to the end of the last sprint that holds it or any
    of its subtasks; a dropped subtask (declined, invalid...) holds it nowhere. `unscheduled` is the open
    epics that no sprint holds: they "stand apart" on screen.
    """
    dated = sprints.dropna(subset=["start_date", "end_date"])[["phid", "name", "start_date", "end_date"]]
    members = pd.concat([
        edges.rename(columns={"parent_phid": "epic_phid", "child_phid": "task_phid"}),
        pd.DataFrame({"epic_phid": progress["phid"], "task_phid": progress["phid"]}),
    ], ignore_index=True)
    members = members[members["epic_phid"].isin(progress["phid"])]
    placed = members.merge(tasks[["phid", "sprint_phid"]].assign(_dropped=_dropped(tasks)),
                           left_on="task_phid", right_on="phid")
    placed = placed[~placed["_dropped"] | (placed["task_phid"] == placed["epic_phid"])]
    placed = placed.dropna(subset=["sprint_phid"]).merge(dated, left_on="sprint_phid", right_on="phid",
                                                        suffixes=("", "_sprint"))
    spans = placed.groupby("epic_phid").agg(start=("start_date", "min"), end=("end_date", "max"),
                                            sprints=("sprint_phid", "nunique"))
    first = placed.sort_values("start_date").drop_duplicates("epic_phid").set_index("epic_phid")["name"]
    last = placed.sort_values("end_date").drop_duplicates("epic_phid", keep="last").set_index("epic_phid")["name"]
    scheduled = progress.merge(spans, left_on="phid", right_index=True)
    scheduled["first_sprint"] = scheduled["phid"].map(first)
    scheduled["last_sprint"] = scheduled["phid"].map(last)
    unscheduled = progress[~progress["phid"].isin(spans.index) & ~progress["is_closed"].astype(bool)]
    return scheduled.reset_index(drop=True), unscheduled.reset_index(drop=True)


# What the team page's guide says of a column the team only watches: "Tasks that CommTech won't work on
# directly, but want to keep an eye on", "… and we don't anticipate working on in the future" (not a
# backlog's "tasks we are not working on yet", nor "won't work on this sprint")
_WATCHED_WORDS = re.compile(r"\b(?:want to|only) keep an eye on\b|\bonly (?:watch|follow)|"
                            r"\b(?:won['’]?t|will not) work on (?:it |them )?directly\b|"
                            r"\b(?:don['’]?t|do not) anticipate working on\b(?! (?:it |them )?(?:this|until|yet|now|next)\b)", re.I)


def watched_columns(tasks: pd.DataFrame, guide: pd.DataFrame) -> frozenset[str]:
    """The board's columns (lower-case) of work the team does not do: those named so
    (NOT_OUR_WORK_COLUMNS), and those the team page's column guide says the team won't work on, keeps
    an eye on, only watches, whatever the board calls them ("Inbox", "Parked")."""
    columns = sorted(set(tasks["column_name"].dropna().astype(str).str.strip()))
    described = column_meanings(columns, guide, "workboard") if not guide.empty else {}
    return NOT_OUR_WORK_COLUMNS | {c.lower() for c, what in described.items() if _WATCHED_WORDS.search(what or "")}


def our_work(tasks: pd.DataFrame, watched: frozenset[str] = NOT_OUR_WORK_COLUMNS) -> pd.Series:
    """Mask of the tasks the team works on: not in a column it only watches (`watched`, lower-case;
    see watched_columns): Following, Freezer."""
    return ~tasks["column_name"].fillna("").str.strip().str.lower().isin(watched)


def not_our_work_text(tasks: pd.DataFrame, watched: frozenset[str] = NOT_OUR_WORK_COLUMNS) -> str | None:
    """Which of the board's columns our_work leaves out, as a screen says it ("not counting the
    Following and Freezer columns"); None on a board without such columns."""
    found = {}  # one name per column, however its tasks' rows spell it
    for name in tasks["column_name"].dropna().astype(str).str.strip():
        if name.lower() in watched:
            found.setdefault(name.lower(), name)
    names = sorted(found.values(), key=str.lower)
    if not names:
        return None
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"not counting the {listed} column{'s' if len(names) > 1 else ''}"


_GIVES_DAYS = re.compile(r"\d{4}-\d\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b", re.I)


def sprint_short_names(names: pd.Series) -> pd.Series:
    """"CommTech-Sprint-69" -> "69": what fits above a two-week band on the timeline (the full name is
    in the tooltip). The number after "Sprint" when there is one ("Sprint 14 (Mar 4 – Mar 15)": 14,
    not the 15th), else a trailing number of a name that gives no days; other names are kept whole."""
    def short(name: str) -> str:
        numbered = SPRINT_NUMBER.search(name)
        if numbered:
            return numbered.group(1)
        trailing = re.search(r"(\d+)\s*$", name)
        return trailing.group(1) if trailing and not _GIVES_DAYS.search(name) else name
    return names.fillna("").astype(str).map(short)


# --- the board --------------------------------------------------------------------------------

@dataclass(frozen=True)
class TaskFilter:
    """What the screen's filter widgets chose; an empty tuple means "all"."""

    columns: tuple[str, ...] = ()
    sprint_columns: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()  # level values: two levels may share a name
    owners: tuple[str, ...] = ()
    epics: tuple[str, ...] = ()
    status: str | None = None  # "open", "closed" or None for both
    statuses: tuple[str, ...] = ()  # Phabricator status names (Open, Stalled, Resolved, ...)
    sprint_phid: str | None = None


NO_OWNER, NO_EPIC, NO_COLUMN = "(no owner)", "(no epic)", "(no column)"


def level_labels(priorities: pd.DataFrame) -> dict[int, str]:
    """How each priority level is offered: its name, with its value where two levels share a name
    ("Normal (50)", "Normal (45)"), so that picking one never means the other."""
    names = priorities["name"].fillna("").astype(str)
    shared = names.duplicated(keep=False)
    return {int(v): (f"{n} ({int(v)})" if twin else n) for v, n, twin in zip(priorities["value"], names, shared)}


def filter_tasks(tasks: pd.DataFrame, f: TaskFilter) -> pd.DataFrame:
    """The annotated tasks that match every chosen filter (vectorised masks)."""
    mask = pd.Series(True, index=tasks.index)
    if f.columns:
        mask &= tasks["column_name"].fillna(NO_COLUMN).isin(f.columns)
    if f.sprint_columns:
        mask &= tasks["sprint_column"].fillna(NO_COLUMN).isin(f.sprint_columns)
    if f.priorities:
        mask &= tasks["priority_value"].isin(f.priorities)
    if f.owners:
        mask &= tasks["owner"].fillna(NO_OWNER).isin(f.owners)
    if f.epics:
        own_label = task_label(tasks["id"], tasks["title"]).where(tasks["is_epic"].astype(bool))
        mask &= tasks["epic"].fillna(NO_EPIC).isin(f.epics) | own_label.isin(f.epics)
    if f.statuses:
        mask &= tasks["status_name"].fillna(tasks["status"]).isin(f.statuses)
    if f.status == STATUS_OPEN:
        mask &= ~tasks["is_closed"].astype(bool)
    elif f.status == STATUS_CLOSED:
        mask &= tasks["is_closed"].astype(bool)
    if f.sprint_phid:
        mask &= tasks["sprint_phid"] == f.sprint_phid
    return tasks.loc[mask]


def board_counts(tasks: pd.DataFrame, by: str, order: list[str] | None = None,
                 drop_if_empty: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    """Tasks per board column (`by` = "column_name" or "sprint_column"): all, open, points, open points.
    Columns come in board order (`order`, the board's sequence) and empty columns of it are kept, so the
    board reads as it looks in Phabricator - except those in `drop_if_empty` (the columns of past
    sprints, which pile up on the main board)."""
    data = tasks.assign(_col=tasks[by].fillna(NO_COLUMN), _open=~tasks["is_closed"].astype(bool),
                        _pts=tasks["points"].fillna(0.0))
    data["_open_pts"] = data["_pts"].where(data["_open"], 0.0)
    agg = data.groupby("_col").agg(tasks=("phid", "size"), open=("_open", "sum"), points=("_pts", "sum"),
                                   open_points=("_open_pts", "sum"))
    names = list(dict.fromkeys([*(order or []), *agg.index]))
    out = agg.reindex(names, fill_value=0).rename_axis("column").reset_index()
    out[["tasks", "open"]] = out[["tasks", "open"]].astype(int)
    if drop_if_empty:
        out = out[(out["tasks"] > 0) | ~out["column"].isin(drop_if_empty)].reset_index(drop=True)
    return out



def _column_words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.split("(")[0].lower())


def _guide_matches(guide_name: str, column: str) -> bool:
    """The team page's name for a column against the board's: the same words, one a start of the
    other ("New & TBD" for "New & TBD Tickets"), an x or N standing for a number ("CommTech-Sprint-x"
    for "CommTech-Sprint-71")."""
    want, have = _column_words(guide_name), _column_words(column)
    if not want or not have:
        return False
    n = min(len(want), len(have))
    same = all(w == h or (w in ("x", "n") and h.isdigit()) for w, h in zip(want[:n], have[:n]))
    return same and (len(want) == len(have) or n >= 2)  # a one-word start ("Epic" of "Epic ideas") is not


def with_column_meanings(counts: pd.DataFrame, guide: pd.DataFrame, board: str) -> pd.DataFrame:
    """Per-column counts (board_counts) with a "what it is for" column from the team page's guide;
    blank where the guide says nothing."""
    meanings = column_meanings(list(counts["column"]), guide, board)
    return counts.assign(**{"what it is for": counts["column"].map(meanings).fillna("")})


def column_meanings(columns: list[str], guide: pd.DataFrame, board: str) -> dict[str, str]:
    """What each board column is for, from the team page's column guide for `board` ("workboard" or
    "sprint"): column name -> the guide's text, for the columns the guide names."""
    rows = guide[guide["board"] == board] if not guide.empty else guide
    out = {}
    for column in columns:
        match = next((r for r in rows.itertuples() if _column_words(r.column_name) == _column_words(column)), None)
        match = match or next((r for r in rows.itertuples() if _guide_matches(r.column_name, column)), None)
        if match is not None and isinstance(match.what, str) and match.what.strip():
            out[column] = match.what.strip()
    return out


# --- the sprint -------------------------------------------------------------------------------

def current_sprint(sprints: pd.DataFrame, today: date) -> dict | None:
    """The sprint whose dates hold `today`; else the latest that has started; else the next one."""
    dated = sprints.dropna(subset=["start_date", "end_date"])
    if dated.empty:
        return None
    day = pd.Timestamp(today)
    holding = dated[(dated["start_date"] <= day) & (dated["end_date"] >= day)]
    if not holding.empty:
        return holding.sort_values("start_date").iloc[-1].to_dict()
    started = dated[dated["start_date"] <= day]
    if not started.empty:
        return started.sort_values("start_date").iloc[-1].to_dict()
    return dated.sort_values("start_date").iloc[0].to_dict()


def days_left_text(end: date, today: date) -> str:
    """How long a sprint has to go, counted from the calendar's today (not the data's last sync:
    a sprint that ended since must not read as running): its working days from today on, today
    included, as the capacity screen counts them."""
    if end < today:
        return f"ended {end:%a %d %b}"
    if end == today:
        return "last day"
    days = int(np.busday_count(today, end + timedelta(days=1)))
    return f"{days} working day{'s' if days != 1 else ''} left" if days else f"no working day left (ends {end:%a %d %b})"


@dataclass
class SprintSummary:
    tasks: int
    tasks_done: int
    committed_points: float
    done_points: float
    goals: int
    too_many_goals: bool
    large: pd.DataFrame = field(repr=False)
    unestimated: pd.DataFrame = field(repr=False)
    urgent_unowned: pd.DataFrame = field(repr=False)

    @property
    def flag_count(self) -> int:
        return int(self.too_many_goals) + len(self.large) + len(self.unestimated) + len(self.urgent_unowned)


def urgent_levels_text(priorities: pd.DataFrame) -> str:
    """The urgent levels as the server names them, highest first: "Unbreak Now!/High", "P1/P2". A server
    that has not been read yet: "Urgent"."""
    values = urgent_priority_values(priorities)
    named = priorities[priorities["value"].astype(int).isin(values)].sort_values("value", ascending=False)
    names = list(dict.fromkeys(str(n) for n in named["name"] if isinstance(n, str) and n.strip()))
    return "/".join(names) if names else "Urgent"


def triage_priority_values(priorities: pd.DataFrame) -> set[int]:
    """The levels that mean "not yet prioritised" (keyword or name "triage", "needs-triage")."""
    words = priorities["keyword"].fillna("").astype(str) + " " + priorities["name"].fillna("").astype(str)
    return set(priorities.loc[words.str.contains(_TRIAGE_WORD), "value"].astype(int))


def urgent_priority_values(priorities: pd.DataFrame) -> set[int]:
    """Unbreak Now! and High (and anything a server puts between them), chosen by the server's levels,
    not by upstream's numbers (see the comment over FALLBACK_TRIAGE_VALUE)."""
    if priorities.empty:
        return {v for v in (100, 80) if v != FALLBACK_TRIAGE_VALUE}
    levels = priorities[~priorities["value"].astype(int).isin(triage_priority_values(priorities))]
    high = levels[(levels["keyword"].fillna("").str.lower() == "high")
                  | (levels["name"].fillna("").str.strip().str.lower() == "high")]
    if not high.empty:
        return set(levels.loc[levels["value"] >= high["value"].max(), "value"].astype(int))
    top = levels[~levels["name"].fillna("").str.contains(_ORDINARY_LEVEL)].sort_values("value", ascending=False)
    return set(top["value"].head(2).astype(int))


def owner_kinds(tasks: pd.DataFrame) -> pd.Series:
    """What each task's owner is when not a person ("bot account", "account disabled"; see lib.accounts),
    "" for a person or no owner."""
    roles = tasks["owner_roles"] if "owner_roles" in tasks else pd.Series(None, index=tasks.index, dtype=object)
    return account_kinds(roles.where(tasks["owner_phid"].notna()))


def open_work_per_person(work: pd.DataFrame, in_points: bool = True) -> pd.DataFrame:
    """Open tasks (and points, on a board estimated in points) per owner, most first: people first,
    then the work nobody holds or an account that is no person holds (owner_labels names them)."""
    a_person = work["owner_phid"].notna() & (owner_kinds(work) == "")
    out = (work.assign(person=owner_labels(work), pts=work["points"].fillna(0.0), a_person=a_person)
           .groupby(["person", "a_person"]).agg(tasks=("phid", "size"), points=("pts", "sum")).reset_index()
           .sort_values(["a_person", "points" if in_points else "tasks", "person"], ascending=[False, False, True])
           .drop(columns="a_person").reset_index(drop=True))
    return out if in_points else out.drop(columns="points")


def needs_an_owner(tasks: pd.DataFrame) -> pd.Series:
    """No owner, or an owner who is not a person who can do it: a disabled account (they left), a bot
    (a CI bot that claimed it) or a mailing list. Nobody is going to do it."""
    return tasks["owner_phid"].isna() | (owner_kinds(tasks) != "")


def owner_labels(tasks: pd.DataFrame) -> pd.Series:
    """The owner as a person reads it where people are counted: NO_OWNER when none, and an account that
    is not a person said so ("ci-bot (bot account)"), so it never passes for a team member."""
    kinds = owner_kinds(tasks)
    names = tasks["owner"].fillna(tasks["owner_phid"]) if "owner" in tasks else tasks["owner_phid"]
    labels = names.where(kinds == "", names.astype(str) + " (" + kinds + ")")
    return labels.where(tasks["owner_phid"].notna(), NO_OWNER)


def sprint_summary(tasks: pd.DataFrame, sprint_phid: str, goals: pd.DataFrame,
                   priorities: pd.DataFrame) -> SprintSummary:
    """Committed vs. done points of one sprint and the flags the process page asks for: more than
    MAX_SPRINT_GOALS goals, open tasks of LARGE_TASK_POINTS or more, open unestimated tasks, and open
    Unbreak Now!/High tasks without an owner. Epics are containers, not work, and are left out; so are
    dropped tasks (closed as declined, invalid, a duplicate), which left the sprint's scope undone."""
    work = tasks[(tasks["sprint_phid"] == sprint_phid) & ~tasks["is_epic"].astype(bool) & ~_dropped(tasks)]
    is_open = ~work["is_closed"].astype(bool)
    done = work["is_done"] if "is_done" in work else work["is_closed"].astype(bool)
    shown = ["id", "title", "priority_name", "points", "owner", "sprint_column"]
    shown = [c for c in shown if c in work]
    if "owner_phid" in work:  # "(no owner)", "ci-bot (bot account)": as the meeting names them
        work = work.assign(owner=owner_labels(work))
    large = work[is_open & (work["points"] >= LARGE_TASK_POINTS)][shown]
    unestimated = work[is_open & work["points"].isna()][shown]
    urgent = work[is_open & work["priority_value"].isin(urgent_priority_values(priorities))
                  & needs_an_owner(work)][shown]
    return SprintSummary(
        tasks=len(work), tasks_done=int(done.sum()),
        committed_points=float(work["points"].fillna(0).sum()),
        done_points=float(work["points"].where(done, 0.0).fillna(0).sum()),
        goals=len(goals), too_many_goals=len(goals) > MAX_SPRINT_GOALS,
        large=large.reset_index(drop=True), unestimated=unestimated.reset_index(drop=True),
        urgent_unowned=urgent.reset_index(drop=True),
    )


# Shown over the goals editor: how what is typed becomes the stored ranking.
GOALS_RULE = ("Each goal needs its text and its own rank. Ranks are stored as 1, 2, 3… in the order given "
              "(gaps close up; a row without a rank goes last); a row without goal text is left out.")


def _rows_text(rows: tuple[int, ...] | list[int]) -> str:
    """(3,) -> "row 3"; (3, 4, 6) -> "rows 3, 4 and 6"."""
    rows = [str(r) for r in rows]
    return f"row {rows[0]}" if len(rows) == 1 else f"rows {', '.join(rows[:-1])} and {rows[-1]}"


@dataclass(frozen=True)
class GoalsCheck:
    """What a goals editor typed, checked before it is stored. Rows are counted as shown, from 1."""

    rows: pd.DataFrame                                   # as stored (clean_goals)
    blank_rows: tuple[int, ...] = ()                     # no goal text: left out
    shared_ranks: dict[int, tuple[int, ...]] = field(default_factory=dict)  # rank -> the goals' rows

    @property
    def refusal(self) -> str | None:
        """Why this cannot be saved (two goals with one rank: which comes first is the editor's call)."""
        if not self.shared_ranks:
            return None
        clashes = "; ".join(f"{_rows_text(rows)} {'both' if len(rows) == 2 else 'all'} have rank {rank}"
                            for rank, rows in self.shared_ranks.items())
        return f"{clashes[0].upper()}{clashes[1:]}. Give each goal its own rank."

    @property
    def left_out(self) -> str:
        """What was not kept, for the editor ("" when nothing)."""
        if not self.blank_rows:
            return ""
        has = "has" if len(self.blank_rows) == 1 else "have"
        text = _rows_text(self.blank_rows)
        return f"{text[0].upper()}{text[1:]} {has} no goal text (a goal is required): left out."


def check_goals(rows: pd.DataFrame) -> GoalsCheck:
    """Check what a goals editor typed: rows with no goal text (left out) and ranks given to more than
    one goal (refused: the order of two goals ranked alike is not for the dashboard to guess)."""
    goal = rows["goal"].fillna("").astype(str).str.strip() if "goal" in rows else pd.Series("", index=rows.index)
    position = pd.Series(range(1, len(rows) + 1), index=rows.index)
    blank = tuple(int(p) for p in position[goal == ""])
    shared: dict[int, tuple[int, ...]] = {}
    if "rank" in rows:
        rank = pd.to_numeric(rows["rank"], errors="coerce")[goal != ""]
        for value, group in position[rank.index].groupby(rank):
            if len(group) > 1:
                shared[int(value) if float(value).is_integer() else value] = tuple(int(p) for p in group)
    return GoalsCheck(rows=clean_goals(rows), blank_rows=blank, shared_ranks=shared)


def clean_goals(rows: pd.DataFrame) -> pd.DataFrame:
    """What a goals editor typed, as stored rows: blank goals dropped, ranked 1..n in the order given
    (by `rank` when filled, else by position)."""
    df = rows.copy()
    if "goal" not in df:
        return pd.DataFrame(columns=["rank", "goal", "epic_phid"])
    df["goal"] = df["goal"].fillna("").astype(str).str.strip()
    df = df[df["goal"] != ""]
    if "rank" not in df:
        df["rank"] = range(1, len(df) + 1)
    df["_pos"] = range(len(df))
    df["_rank"] = pd.to_numeric(df["rank"], errors="coerce").fillna(len(df) + 1 + df["_pos"])
    df = df.sort_values(["_rank", "_pos"])
    df["rank"] = range(1, len(df) + 1)
    if "epic_phid" not in df:
        df["epic_phid"] = None
    df["epic_phid"] = pd.Series([v if isinstance(v, str) and v.strip() else None for v in df["epic_phid"]],
                                index=df.index, dtype=object)
    return df[["rank", "goal", "epic_phid"]].reset_index(drop=True)


# --- what changed since the last meeting (lib.meetings.last_meeting) ----------------------------

ADDED, CLOSED, REOPENED, REPRIORITISED, MOVED, REMOVED = (
    "added", "closed", "reopened", "re-prioritised", "moved", "left the board")


def changes_since(before: pd.DataFrame, after: pd.DataFrame, column_names: dict[str, str],
                  priority_names: dict[int, str] | None = None) -> pd.DataFrame:
    """What changed between two states of the tasks, one row per (task, kind of change).

    `before`: each task's last snapshot before the cut-off (missing = not on the board then);
    `after`: each changed task's latest snapshot. Net changes only: a priority raised and lowered back
    within the week is no change. Columns: task_phid, change, from, to, observed_at.
    """
    cols = ["task_phid", "change", "from", "to", "observed_at"]
    if after.empty:
        return pd.DataFrame(columns=cols)
    b = before.set_index("task_phid")
    a = after.set_index("task_phid")
    prev = b.reindex(a.index)
    was_on = prev["on_board"].fillna(False).astype(bool)
    now_on = a["on_board"].fillna(False).astype(bool)
    was_closed = prev["is_closed"].fillna(False).astype(bool)
    now_closed = a["is_closed"].fillna(False).astype(bool)
    pnames = priority_names or {}

    def pname(values: pd.Series, names: pd.Series | None) -> pd.Series:
        mapped = values.map(pnames) if pnames else pd.Series(None, index=values.index, dtype=object)
        return mapped.astype(object).where(mapped.notna(), names if names is not None else None)

    def cname(values: pd.Series) -> pd.Series:
        mapped = values.map(column_names) if column_names else pd.Series(None, index=values.index, dtype=object)
        return mapped.astype(object).where(mapped.notna(), values).fillna(NO_COLUMN)

    frames = []

    def add(mask: pd.Series, change: str, frm, to):
        if mask.any():
            frames.append(pd.DataFrame({"task_phid": a.index[mask], "change": change,
                                        "from": pd.Series(frm, index=a.index)[mask].values if frm is not None else None,
                                        "to": pd.Series(to, index=a.index)[mask].values if to is not None else None,
                                        "observed_at": a["observed_at"][mask].values}))

    added = now_on & ~was_on
    add(added, ADDED, None, cname(a["column_phid"]))
    add(was_on & ~now_on, REMOVED, cname(prev["column_phid"]), None)
    both = was_on & now_on
    add(both & now_closed & ~was_closed, CLOSED, prev["status"], a["status"])
    add(both & was_closed & ~now_closed, REOPENED, prev["status"], a["status"])
    pv_before, pv_after = prev["priority_value"], a["priority_value"]
    reprio = both & (pv_before.fillna(-1) != pv_after.fillna(-1))
    add(reprio, REPRIORITISED, pname(pv_before, prev.get("priority_name")), pname(pv_after, a.get("priority_name")))
    # from no column: the column was not known yet (a new sprint's, see pipeline._into_new_proxy_columns)
    moved = both & prev["column_phid"].notna() & (prev["column_phid"] != a["column_phid"].fillna(""))
    add(moved, MOVED, cname(prev["column_phid"]), cname(a["column_phid"]))
    if not frames:
        return pd.DataFrame(columns=cols)
    order = {k: i for i, k in enumerate([ADDED, CLOSED, REOPENED, REPRIORITISED, MOVED, REMOVED])}
    out = pd.concat(frames, ignore_index=True)
    out["_k"] = out["change"].map(order)
    return out.sort_values(["_k", "task_phid"]).drop(columns="_k").reset_index(drop=True)[cols]


def moment_text(when: datetime, today: date) -> str:
    """A moment as the changes tab says it: "Mon 23 Nov 14:00", with the year when it is not the
    year of `today` (the calendar's): "Mon 01 Dec 2025 00:00"."""
    return f"{when:%a %d %b %Y %H:%M}" if when.year != today.year else f"{when:%a %d %b %H:%M}"


def changes_known_since(since: datetime, history_start: datetime | None) -> bool:
    """Whether the syncs' history can tell what changed since `since`: only after the first sync's
    snapshot (`history_start`, roadmap_reads.history_start). From before it every task would read as
    added and nothing as closed or moved, which is not what happened: it is not known."""
    return history_start is not None and since > history_start


def change_counts(changes: pd.DataFrame) -> dict[str, int]:
    """How many tasks per kind of change, every kind present (0 when none)."""
    counts = changes["change"].value_counts() if not changes.empty else pd.Series(dtype=int)
    return {k: int(counts.get(k, 0)) for k in (ADDED, CLOSED, REOPENED, REPRIORITISED, MOVED, REMOVED)}


# --- everything a screen needs, computed once per sync ------------------------------------------

@dataclass
class Board:
    """The board as the screens show it: annotated tasks, epic progress, and the column orders."""

    tasks: pd.DataFrame
    edges: pd.DataFrame
    sprints: pd.DataFrame
    columns: pd.DataFrame
    priorities: pd.DataFrame
    progress: pd.DataFrame
    main_columns: list[str]
    sprint_columns: list[str]
    sprint_proxy_columns: frozenset[str] = frozenset()  # main-board columns that stand for a sprint
    scheduled: pd.DataFrame = field(default_factory=pd.DataFrame)    # epics against sprints
    unscheduled: pd.DataFrame = field(default_factory=pd.DataFrame)  # open epics with no sprint

    @property
    def priority_names(self) -> dict[int, str]:
        return dict(zip(self.priorities["value"].astype(int), self.priorities["name"]))

    @property
    def column_names(self) -> dict[str, str]:
        return dict(zip(self.columns["phid"], self.columns["name"]))


def build_board(tasks: pd.DataFrame, edges: pd.DataFrame, sprints: pd.DataFrame, columns: pd.DataFrame,
                priorities: pd.DataFrame, statuses: pd.DataFrame | None = None) -> Board:
    """Annotate the tasks and work out epic progress, the epics' sprint spans and the column orders
    (main board first, in its sequence; sprint-board columns in the sequence of the sprint boards).
    Screens compute this once per sync and keep it: it must not be changed in place."""
    annotated = annotate_tasks(tasks, edges, dropped_statuses(statuses, tasks["status"] if "status" in tasks else ()))
    # A sprint milestone's column appears on the board only when someone next opens it: until then its
    # tasks have no column. They are shown in the column the board will give them, named after the sprint.
    unplaced = annotated["column_name"].isna() & annotated["sprint"].notna() if {"column_name", "sprint"} <= set(
        annotated) else pd.Series(False, index=annotated.index)
    annotated.loc[unplaced, "column_name"] = annotated.loc[unplaced, "sprint"]
    visible = columns[~columns["is_hidden"].astype(bool)] if "is_hidden" in columns else columns
    # Upstream Phabricator's project.column.search gives no sequence: creation order (id) stands in.
    order = [c for c in ("sequence", "id") if c in visible]
    # As Phabricator lays out a board: its own (and subprojects') columns in their sequence, then the
    # milestone columns, in milestone order (PhabricatorProjectColumn::getOrderingKey).
    milestone_of = dict(zip(sprints["phid"], sprints["milestone"])) if {"phid", "milestone"} <= set(sprints) else {}
    main = visible[visible["milestone"].isna()]
    proxied = main["proxy_phid"].map(milestone_of) if "proxy_phid" in main else pd.Series(index=main.index, dtype=float)
    main = main.assign(_milestone_col=proxied.notna(), _milestone=proxied).sort_values(
        ["_milestone_col", "_milestone", *order], kind="stable", na_position="first")
    sprint_cols = visible[visible["milestone"].notna()].sort_values([*order, "milestone"], kind="stable")
    progress = epic_progress(annotated, edges)
    scheduled, unscheduled = epic_sprint_spans(annotated, edges, sprints, progress)
    milestone_number = dict(zip(sprints["name"], sprints["milestone"])) if {"name", "milestone"} <= set(sprints) else {}
    waiting = set(annotated.loc[unplaced, "sprint"]) - set(main["name"])
    milestones = [(m, n) for n, m in zip(main.loc[main["_milestone_col"], "name"], main.loc[main["_milestone_col"], "_milestone"])]
    milestones += [(milestone_number.get(n, float("inf")), n) for n in waiting]
    ordered = [*main.loc[~main["_milestone_col"], "name"], *(n for _, n in sorted(milestones, key=lambda mn: mn[0]))]
    return Board(
        tasks=annotated, edges=edges, sprints=sprints, columns=columns, priorities=priorities, progress=progress,
        main_columns=list(dict.fromkeys(ordered)), sprint_columns=list(dict.fromkeys(sprint_cols["name"])),
        sprint_proxy_columns=frozenset(main.loc[main["proxy_phid"].notna(), "name"]) | frozenset(waiting),
        scheduled=scheduled, unscheduled=unscheduled,
    )
