"""Capacity, sprint health, velocity and epic forecasts: plain functions over DataFrames.

The sprint rules come from the team's process page: two-week sprints, 2-3 priorities each, Fibonacci
estimates, "# of # planned tasks completed" and "# of walk-on work" at every sprint review. Tasks are
rolled onto the board at sprint planning, so a task counts as *planned* when it was in the sprint by the
end of the sprint's first day, and as *walk-on* when it joined later.

Everything that happened to a task comes from the per-sync history (`task_snapshots`): one row each time
a task's state changed. `state_history` turns it (plus the tasks themselves, for tasks the history never
saw) into one timeline; every other function reads that timeline "as of" an instant.

Timestamps are naive UTC; sprint dates are calendar days, a sprint ending at the end of its last day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from lib.accounts import account_kind
from lib.statuses import is_dropped

PLANNING_GRACE = pd.Timedelta(days=1)  # tasks added on the sprint's first (planning) day are planned
DEFAULT_LOOKBACK = 3                   # past sprints that make a person's own velocity
FORECAST_TRIALS = 2000
FORECAST_HORIZON = 52                  # sprints (two years): beyond this a forecast says "not within"
FORECAST_HISTORY = 10                  # past sprints whose throughput the forecast samples
OWN_PACE_SPRINTS = 2                   # sprints of its own an epic needs for its own pace (else the team's share)
IDLE_SPRINTS = 2                       # an own pace ending in this many sprints with nothing done: said idle
DEFAULT_PARALLEL = 3                   # the team works on 2-3 priorities per sprint
DEFAULT_SPRINT_DAYS = 14
TICK = pd.Timedelta(microseconds=1)    # instants are exclusive ends: a state at the instant itself is after

STATE_COLUMNS = ["task_phid", "observed_at", "sprint_phid", "points", "is_closed", "owner_phid"]


# --- dates ----------------------------------------------------------------------------------------

ESTIMATED_SHARE = 0.5  # of a board's sprint work with points, for the board to be measured in points


def estimated_in_points(tasks: pd.DataFrame) -> bool:
    """Whether the board is estimated in story points: at least half of its sprint work (tasks, not
    epics, in a sprint milestone; not the backlog, where tasks closed as invalid or declined were
    never estimated) has points; on a board without sprints, half of the work done (else of all).
    Points are off in a stock Phabricator or Phorge (`maniphest.points`), some teams never estimate,
    and some only now and then: measured in points, their unestimated work would read as nothing to do
    and an epic with one estimated subtask done as finished."""
    work = tasks[~tasks["is_epic"].astype(bool)]
    planned = work[work["sprint_phid"].notna()]
    if planned.empty:  # a board without sprints: the work done, else any work
        closed = work[work["is_closed"].astype(bool)]
        planned = closed if len(closed) else work
    return bool(len(planned)) and bool(planned["points"].notna().mean() >= ESTIMATED_SHARE)


def in_measure(table: pd.DataFrame, in_points: bool) -> pd.DataFrame:
    """A table as the board is measured: whole on a board estimated in points; on one measured in
    tasks (see estimated_in_points) without its points columns ("points", "points_done", "pct_points",
    "open_points"…) and its count of unestimated tasks, which would only repeat the task counts."""
    if in_points:
        return table
    return table.drop(columns=[c for c in table.columns if "point" in str(c) or str(c).startswith("unestimated")])


def one_point_per_task(tasks: pd.DataFrame, snapshots: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A board not estimated in points (see estimated_in_points) measured in tasks: each task (not an
    epic, a container) counts as one point, now and in its history, the few estimates aside, so
    capacity, burnup, velocity and forecasts say something true."""
    return (tasks.assign(points=np.where(tasks["is_epic"].astype(bool), np.nan, 1.0)),
            snapshots.assign(points=1.0))


def _ts(values) -> pd.Series:
    """Datetimes at one resolution, so merges and comparisons never trip over units."""
    return pd.to_datetime(pd.Series(values)).astype("datetime64[us]")


def _member(values: pd.Series, pool) -> np.ndarray:
    """values.isin(pool), fast on pandas' Arrow strings (whose isin walks Python objects)."""
    index = pd.Index(pd.unique(np.asarray(list(pool) if isinstance(pool, (set, frozenset)) else pool, dtype=object)))
    return index.get_indexer(np.asarray(values, dtype=object)) >= 0


def working_days(start, end) -> int:
    """Weekdays from `start` to `end`, both included (no holiday calendar is known)."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return 0
    s, e = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    if e < s:
        return 0
    return int(np.busday_count(s, e + timedelta(days=1)))


def working_days_left(window: pd.Series | dict, as_of: datetime) -> int | None:
    """A running sprint's weekdays from `as_of`'s day (included) to its end; None for a sprint not running."""
    if window["state"] != "current":
        return None
    return working_days(max(pd.Timestamp(as_of).date(), window["start_date"]), window["end_date"])


def sprint_windows(sprints: pd.DataFrame, as_of: datetime) -> pd.DataFrame:
    """Each dated sprint with the instants health is measured at.

    start_at: end of the first day (planning day); end_at: end of the last day, or just after `as_of`
    while the sprint runs; state: past, current or future; working_days: weekdays in the sprint.
    Sprints without dates are left out (nothing can be measured against them)."""
    cols = ["sprint_phid", "name", "milestone", "start_date", "end_date", "start_at", "end_at", "state",
            "working_days"]
    if sprints.empty:
        return pd.DataFrame(columns=cols)
    df = sprints.rename(columns={"phid": "sprint_phid"}).copy()
    df = df[df["start_date"].notna() & df["end_date"].notna()].copy()
    if df.empty:
        return pd.DataFrame(columns=cols)
    start = _ts(df["start_date"]).dt.normalize().set_axis(df.index)
    end_excl = (_ts(df["end_date"]).dt.normalize() + pd.Timedelta(days=1)).set_axis(df.index)
    now = pd.Timestamp(as_of)
    df["start_date"] = start.dt.date
    df["end_date"] = (end_excl - pd.Timedelta(days=1)).dt.date
    df["start_at"] = start + PLANNING_GRACE
    df["end_at"] = end_excl.clip(upper=now + TICK)  # `as_of` counts: a sync observed at that instant is in
    df["state"] = np.select([end_excl <= now, start <= now], ["past", "current"], "future")
    df["working_days"] = np.busday_count(start.values.astype("datetime64[D]"),
                                         end_excl.values.astype("datetime64[D]"))
    for col in ("name", "milestone"):
        if col not in df:
            df[col] = None
    return df[cols].sort_values("start_at", kind="stable").reset_index(drop=True)


def current_sprint(windows: pd.DataFrame) -> str | None:
    """The running sprint, else the last one that started, else the first one planned."""
    if windows.empty:
        return None
    for state in ("current", "past"):
        hit = windows[windows["state"] == state]
        if not hit.empty:
            return hit["sprint_phid"].iloc[-1]
    return windows["sprint_phid"].iloc[0]


# --- the timeline of every task -------------------------------------------------------------------

def state_history(snapshots: pd.DataFrame, tasks: pd.DataFrame, dates: pd.DataFrame | None = None,
                  dropped: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One row per observed state of each task (task_phid, observed_at, sprint_phid, points, is_closed,
    owner_phid), oldest first.

    - A task first seen by the very first sync is back-dated to its creation: the sync could not have
      seen it earlier, and leaving it at the sync time would make a whole running sprint look walk-on.
      If it was already closed, it is open from creation and closed from its close date.
    - A close is moved back to the task's own close date when that falls between two syncs.
    - Tasks the history never saw (no snapshots) get a row at creation and, when closed, one at closing.
    - A task that left the board (a snapshot with `on_board` false) is in no sprint from then on: it was
      removed from the sprint's scope. `dates` (phid, date_created, date_closed of every task, those
      that left included) dates it as `tasks` does the tasks still on the board.
    - A task closed in a status of `dropped` (declined, invalid, a duplicate: lib.statuses) is in no
      sprint while so closed: it left the sprint's scope undone, as a removed task does.
    - Epics (`is_epic` in `tasks` or `dates`) are containers, not work: they have no timeline here, as the
      roadmap leaves them out of a sprint's tasks.

    `since` is the earliest the state can have begun: the sync before the one that saw it (the sync
    records changes only), or the task's creation if later. With weekly syncs it can be a week earlier
    than `observed_at`; `settle_planned_entries` uses it.
    """
    t = (dates if dates is not None else tasks).set_index("phid")
    created = _ts(t["date_created"]) if len(t) else pd.Series(dtype="datetime64[us]")
    created.index = t.index
    closed_at = _ts(t["date_closed"]) if len(t) else pd.Series(dtype="datetime64[us]")
    closed_at.index = t.index

    known = [f for f in (tasks, dates) if f is not None and "is_epic" in f and len(f)]
    if known:  # `dates` holds the tasks that left the board too
        epics = pd.concat([f.loc[f["is_epic"].astype("boolean").fillna(False).astype(bool), "phid"] for f in known])
        snapshots = snapshots[~_member(snapshots["task_phid"], epics)]
        tasks = tasks[~_member(tasks["phid"], epics)]
    snap = snapshots.reindex(columns=STATE_COLUMNS + ["status"]).copy()
    if "on_board" in snapshots:  # left the board while open: out of every sprint from that moment
        left = snapshots["on_board"].astype("boolean").fillna(True).eq(False).to_numpy()
        snap.loc[left & ~snap["is_closed"].astype("boolean").fillna(False).to_numpy(), "sprint_phid"] = None
    snap["observed_at"] = _ts(snap["observed_at"]).values
    snap["is_closed"] = snap["is_closed"].astype("boolean").fillna(False).astype(bool)
    snap = snap.dropna(subset=["observed_at"])
    snap = snap.sort_values(["task_phid", "observed_at"], kind="stable").reset_index(drop=True)
    parts = []
    snap["since"] = pd.Series(dtype="datetime64[us]")
    if len(snap):
        runs = np.unique(snap["observed_at"].to_numpy())
        prev_run = np.searchsorted(runs, snap["observed_at"].to_numpy(), side="left") - 1
        since = pd.Series(np.where(prev_run >= 0, runs[np.clip(prev_run, 0, None)], np.datetime64("NaT")),
                          index=snap.index).astype("datetime64[us]")
        snap["since"] = pd.concat([since, snap["task_phid"].map(created)], axis=1).max(axis=1)
        first_run = snap["observed_at"].min()
        first = ~snap["task_phid"].duplicated()
        c = snap["task_phid"].map(created)
        d = snap["task_phid"].map(closed_at)
        back = first & (snap["observed_at"] == first_run) & c.notna() & (c < first_run)
        closed_first = back & snap["is_closed"] & d.notna() & (d > c) & (d <= first_run)
        opened = snap[closed_first].copy()
        opened["observed_at"] = c[closed_first].values
        opened["is_closed"] = False
        snap.loc[closed_first, "observed_at"] = d[closed_first]
        plain = back & ~closed_first & ~snap["is_closed"]
        snap.loc[plain, "observed_at"] = c[plain]
        parts.append(opened)
        # sharpen closes between two syncs to the task's own close date
        same = snap["task_phid"].eq(snap["task_phid"].shift())
        prev_closed = snap["is_closed"].shift(fill_value=True)
        prev_at = snap["observed_at"].shift()
        closing = same & snap["is_closed"] & ~prev_closed.astype(bool)
        sharpen = closing & d.notna() & (d > prev_at) & (d < snap["observed_at"])
        snap.loc[sharpen, "observed_at"] = d[sharpen]
        exact = closed_first | plain | sharpen
        snap.loc[exact, "since"] = snap.loc[exact, "observed_at"]
        opened["since"] = opened["observed_at"]
    parts.append(snap)

    missing = tasks[~_member(tasks["phid"], snap["task_phid"])]
    if len(missing):
        base = pd.DataFrame({
            "task_phid": missing["phid"].values, "observed_at": missing["phid"].map(created).values,
            "sprint_phid": missing["sprint_phid"].values, "points": missing["points"].values,
            "is_closed": False, "owner_phid": missing["owner_phid"].values,
        })
        done = missing[missing["is_closed"].astype(bool)]
        close_rows = pd.DataFrame({
            "task_phid": done["phid"].values, "observed_at": done["phid"].map(closed_at).values,
            "sprint_phid": done["sprint_phid"].values, "points": done["points"].values,
            "is_closed": True, "owner_phid": done["owner_phid"].values, "status": done["status"].values if "status" in done else None,
        })
        parts += [base, close_rows]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else pd.DataFrame(columns=STATE_COLUMNS)
    out = out.reindex(columns=STATE_COLUMNS + ["since", "status"]).dropna(subset=["observed_at"])
    out["observed_at"] = _ts(out["observed_at"]).values
    out["since"] = _ts(out["since"]).fillna(out["observed_at"]).values
    out["is_closed"] = out["is_closed"].astype(bool)
    out.loc[is_dropped(out, dropped).to_numpy(), "sprint_phid"] = None
    out = out.drop(columns="status")
    out["points"] = pd.to_numeric(out["points"], errors="coerce").astype(float)
    return out.sort_values(["task_phid", "observed_at"], kind="stable").reset_index(drop=True)


def settle_planned_entries(history: pd.DataFrame, windows: pd.DataFrame) -> pd.DataFrame:
    """Put sprint entries that may have happened at planning on the planning day.

    A sync that runs less than daily sees a task in the sprint only later: a task rolled on at Monday's
    planning shows up at the next sync. When the history cannot tell (the task could have joined before
    the end of the planning day: `since` < start_at), the team's rule decides: tickets roll on at
    planning, so the entry is dated on the planning day and the task counts as planned. A task created
    after the planning day joined later for certain: it stays a walk-on."""
    if history.empty or windows.empty:
        return history
    h = history.copy()
    same = h["task_phid"].eq(h["task_phid"].shift())
    entering = h["sprint_phid"].notna() & ~(same & h["sprint_phid"].eq(h["sprint_phid"].shift()))
    w = windows.set_index("sprint_phid")
    start_at = h["sprint_phid"].map(w["start_at"])
    start_day = h["sprint_phid"].map(w["start_at"] - PLANNING_GRACE)
    move = entering & start_at.notna() & (h["since"] < start_at) & (h["observed_at"] >= start_at)
    earliest = (h["since"] + pd.Timedelta(microseconds=1)).where(move)
    h.loc[move, "observed_at"] = pd.concat([earliest, start_day], axis=1).max(axis=1)[move].astype("datetime64[us]")
    return h.sort_values(["task_phid", "observed_at"], kind="stable").reset_index(drop=True)


def states_at(history: pd.DataFrame, probes: pd.DataFrame) -> pd.DataFrame:
    """Each probe (task_phid, at, ...) with the task's state at that instant: the last observation at or
    before it. A task not yet observed then has no state (sprint_phid NaN, is_closed False)."""
    if probes.empty:
        return probes.assign(**{c: pd.Series(dtype=object) for c in STATE_COLUMNS[2:]})
    p = probes.copy()
    p["at"] = _ts(p["at"]).values
    p["_order"] = np.arange(len(p))
    p = p.sort_values("at", kind="stable")
    h = history.sort_values("observed_at", kind="stable")
    out = pd.merge_asof(p, h, left_on="at", right_on="observed_at", by="task_phid", direction="backward")
    out["is_closed"] = out["is_closed"].astype("boolean").fillna(False).astype(bool)
    return out.sort_values("_order").drop(columns="_order").reset_index(drop=True)


# --- sprint health --------------------------------------------------------------------------------

def sprint_task_states(history: pd.DataFrame, windows: pd.DataFrame) -> pd.DataFrame:
    """One row per (sprint, task that was in it during the sprint), for every started sprint.

    planned: in the sprint at start_at; walk_on: not planned but joined before end_at; in_end: still in
    the sprint at end_at; done: in it and closed at end_at; removed: left before end_at without closing
    in it. points_start: estimate at start (planned tasks); points_end: estimate at end, or when it left;
    owner: owner at end_at; joined_at: when a walk-on joined."""
    cols = ["sprint", "task_phid", "planned", "walk_on", "in_end", "done", "removed", "points_start",
            "points_end", "owner", "joined_at"]
    started = windows[windows["state"] != "future"]
    if history.empty or started.empty:
        return pd.DataFrame(columns=cols)
    w = started[["sprint_phid", "start_at", "end_at"]].rename(columns={"sprint_phid": "sprint"})
    w = w.assign(start_at=lambda d: d[["start_at", "end_at"]].min(axis=1))
    rows = history[history["sprint_phid"].notna()].rename(columns={"sprint_phid": "sprint"})
    rows = rows.merge(w, on="sprint")
    rows = rows[rows["observed_at"] < rows["end_at"]]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    key = ["sprint", "task_phid"]
    after = rows[rows["observed_at"] >= rows["start_at"]]
    agg = rows.groupby(key, sort=False).agg(points_last=("points", "last")).reset_index()
    joined = after.groupby(key, sort=False)["observed_at"].min().rename("joined_at").reset_index()
    members = agg.merge(joined, on=key, how="left").merge(w, on="sprint")
    # instants are exclusive ends: "by the end of the first day" means before start_at
    s0 = states_at(history, members[["task_phid"]].assign(at=(members["start_at"] - TICK).values))
    s1 = states_at(history, members[["task_phid"]].assign(at=(members["end_at"] - TICK).values))
    m = members
    m["planned"] = (s0["sprint_phid"] == m["sprint"]).values
    m["walk_on"] = ~m["planned"] & m["joined_at"].notna()
    m = m.assign(_in=(s1["sprint_phid"] == m["sprint"]).values, _closed=s1["is_closed"].values,
                 _pts_end=s1["points"].values, owner=s1["owner_phid"].values, _pts_start=s0["points"].values)
    m = m[m["planned"] | m["walk_on"]].copy()
    m["in_end"] = m["_in"]
    m["done"] = m["_in"] & m["_closed"]
    m["removed"] = ~m["_in"]
    m["points_start"] = np.where(m["planned"], m["_pts_start"], np.nan).astype(float)
    m["points_end"] = np.where(m["_in"], m["_pts_end"], m["points_last"]).astype(float)
    m.loc[~m["walk_on"], "joined_at"] = pd.NaT
    return m[cols].reset_index(drop=True)


def sprint_health(task_states: pd.DataFrame, windows: pd.DataFrame) -> pd.DataFrame:
    """Per started sprint: planned vs. completed (tasks and points), walk-ons, removed tasks, the scope at
    the end, and the review's sentence "# of # planned tasks completed, # walk-on"."""
    started = windows[windows["state"] != "future"][["sprint_phid", "name", "state", "start_date", "end_date",
                                                      "working_days"]]
    ts = task_states.assign(
        planned_done=lambda d: d["planned"] & d["done"], walk_on_done=lambda d: d["walk_on"] & d["done"],
        p_planned=lambda d: d["points_start"].where(d["planned"], 0).fillna(0),
        p_planned_done=lambda d: d["points_end"].where(d["planned"] & d["done"], 0).fillna(0),
        p_walk_on=lambda d: d["points_end"].where(d["walk_on"], 0).fillna(0),
        p_removed=lambda d: d["points_end"].where(d["removed"], 0).fillna(0),
        p_done=lambda d: d["points_end"].where(d["done"], 0).fillna(0),
        p_scope=lambda d: d["points_end"].where(d["in_end"], 0).fillna(0),
        unestimated=lambda d: d["in_end"] & d["points_end"].isna(),
    )
    agg = ts.groupby("sprint").agg(
        planned_tasks=("planned", "sum"), planned_done_tasks=("planned_done", "sum"),
        planned_points=("p_planned", "sum"), planned_done_points=("p_planned_done", "sum"),
        walk_on_tasks=("walk_on", "sum"), walk_on_done_tasks=("walk_on_done", "sum"),
        walk_on_points=("p_walk_on", "sum"), removed_tasks=("removed", "sum"), removed_points=("p_removed", "sum"),
        done_tasks=("done", "sum"), done_points=("p_done", "sum"), scope_tasks=("in_end", "sum"),
        scope_points=("p_scope", "sum"), unestimated_tasks=("unestimated", "sum"),
    )
    out = started.merge(agg, left_on="sprint_phid", right_index=True, how="left")
    count_cols = [c for c in agg.columns if c.endswith("_tasks")]
    out[count_cols] = out[count_cols].fillna(0).astype(int)
    point_cols = [c for c in agg.columns if c.endswith("_points")]
    out[point_cols] = out[point_cols].fillna(0.0).astype(float)
    out["summary"] = (out["planned_done_tasks"].astype(str) + " of " + out["planned_tasks"].astype(str)
                      + " planned tasks completed, " + out["walk_on_tasks"].astype(str) + " walk-on")
    return out.reset_index(drop=True)


def walk_ons(task_states: pd.DataFrame, sprint_phid: str) -> pd.DataFrame:
    """The sprint's walk-on tasks, in the order they joined."""
    w = task_states[(task_states["sprint"] == sprint_phid) & task_states["walk_on"]]
    return w[["task_phid", "joined_at", "points_end", "done", "removed", "owner"]].rename(
        columns={"points_end": "points"}).sort_values("joined_at", kind="stable").reset_index(drop=True)


def scope_changes(history: pd.DataFrame, window: pd.Series | dict) -> pd.DataFrame:
    """What changed the sprint's scope after it started: tasks added, removed, or re-estimated while in
    it, each with the points it moved the scope by, oldest first."""
    cols = ["task_phid", "at", "change", "points_before", "points_after", "delta"]
    sprint, start_at, end_at = window["sprint_phid"], window["start_at"], window["end_at"]
    start_at = min(pd.Timestamp(start_at), pd.Timestamp(end_at))
    tasks_in = history.loc[history["sprint_phid"] == sprint, "task_phid"].unique()
    h = history[_member(history["task_phid"], tasks_in)]
    if h.empty:
        return pd.DataFrame(columns=cols)
    same = h["task_phid"].eq(h["task_phid"].shift())
    was_in = (h["sprint_phid"].shift() == sprint) & same
    now_in = h["sprint_phid"] == sprint
    prev_pts = h["points"].shift().where(same)
    pts = h["points"]
    in_window = (h["observed_at"] >= start_at) & (h["observed_at"] < end_at)
    reest = was_in & now_in & ~((prev_pts == pts) | (prev_pts.isna() & pts.isna()))
    change = np.select([now_in & ~was_in, was_in & ~now_in, reest], ["added", "removed", "re-estimated"], "")
    out = pd.DataFrame({
        "task_phid": h["task_phid"], "at": h["observed_at"], "change": change,
        "points_before": np.where(was_in, prev_pts, np.nan), "points_after": np.where(now_in, pts, np.nan),
    })[in_window & (change != "")]
    out["delta"] = out["points_after"].fillna(0) - out["points_before"].fillna(0)
    return out[cols].sort_values("at", kind="stable").reset_index(drop=True)


def burnup(history: pd.DataFrame, window: pd.Series | dict) -> pd.DataFrame:
    """Daily burnup of one sprint: at the end of each day so far, the scope (everything in the sprint)
    and what of it is done, by points and by task count. Unestimated tasks count as 0 points."""
    cols = ["day", "scope_points", "done_points", "scope_tasks", "done_tasks"]
    sprint = window["sprint_phid"]
    start = pd.Timestamp(window["start_date"])
    end_at = pd.Timestamp(window["end_at"])
    days = pd.date_range(start, max(start, (end_at - pd.Timedelta(microseconds=1)).normalize()), freq="D")
    if pd.Timestamp(window["start_at"]) - PLANNING_GRACE > end_at:
        return pd.DataFrame(columns=cols)
    instants = [min(d + pd.Timedelta(days=1), end_at) - TICK for d in days]
    tasks_in = history.loc[history["sprint_phid"] == sprint, "task_phid"].unique()
    if len(tasks_in) == 0:
        return pd.DataFrame({"day": days.date, "scope_points": 0.0, "done_points": 0.0, "scope_tasks": 0,
                             "done_tasks": 0})[cols]
    probes = pd.DataFrame({"task_phid": np.repeat(tasks_in, len(days)),
                           "day": np.tile(days.date, len(tasks_in)),
                           "at": np.tile(np.array(instants, dtype="datetime64[us]"), len(tasks_in))})
    s = states_at(history, probes)
    inside = s["sprint_phid"] == sprint
    s = s.assign(in_=inside, done=inside & s["is_closed"], pts=s["points"].astype(float).fillna(0))
    s = s.assign(scope_points=s["pts"].where(s["in_"], 0), done_points=s["pts"].where(s["done"], 0))
    out = s.groupby("day").agg(scope_points=("scope_points", "sum"), done_points=("done_points", "sum"),
                               scope_tasks=("in_", "sum"), done_tasks=("done", "sum")).reset_index()
    out[["scope_tasks", "done_tasks"]] = out[["scope_tasks", "done_tasks"]].astype(int)
    return out[cols]


def burnup_long(series: pd.DataFrame, by: str = "points") -> pd.DataFrame:
    """The burnup in long form for a chart: day, line ("scope" or "done"), value."""
    cols = {"points": ("scope_points", "done_points"), "count": ("scope_tasks", "done_tasks")}[by]
    long = series.melt(id_vars="day", value_vars=list(cols), var_name="line", value_name="value")
    long["line"] = long["line"].map({cols[0]: "scope", cols[1]: "done"})
    return long


# --- velocity and capacity ------------------------------------------------------------------------

def velocity(health: pd.DataFrame) -> pd.DataFrame:
    """Completed points and tasks per past sprint, with the points per working day."""
    past = health[health["state"] == "past"]
    out = past[["sprint_phid", "name", "start_date", "end_date", "working_days", "done_points", "done_tasks",
                "planned_points", "walk_on_points"]].copy()
    out["points_per_day"] = np.where(out["working_days"] > 0, out["done_points"] / out["working_days"].clip(lower=1),
                                     np.nan)
    return out.reset_index(drop=True)


def effective_days(working: float, days_off, share) -> np.ndarray:
    """Days actually spent on this team: (working days - days off) x share, never below zero."""
    return np.clip(np.asarray(working, dtype=float) - np.asarray(days_off, dtype=float), 0, None) * np.asarray(
        share, dtype=float)


def person_velocity(task_states: pd.DataFrame, windows: pd.DataFrame, people: pd.DataFrame,
                    availability: pd.DataFrame, *, before: str | None = None,
                    lookback: int = DEFAULT_LOOKBACK) -> pd.DataFrame:
    """Each person's own velocity: points they closed per day on this team, over the last `lookback`
    past sprints (before sprint `before`, if given) in which they owned work. Days on the team come
    from availability ((working days - days off) x share; a full sprint when nothing was entered).

    people: name, user_phid. availability: sprint_phid, person, days_off, share.
    Returns person, points_per_day, sprints (how many it rests on), points."""
    out_cols = ["person", "points_per_day", "sprints", "points"]
    past = windows[windows["state"] == "past"]
    if before is not None and before in set(windows["sprint_phid"]):
        start = windows.loc[windows["sprint_phid"] == before, "start_at"].iloc[0]
        past = past[past["start_at"] < start]
    who = people.dropna(subset=["user_phid"])[["name", "user_phid"]]
    if past.empty or who.empty or task_states.empty:
        return pd.DataFrame({"person": people["name"], "points_per_day": np.nan, "sprints": 0, "points": 0.0})
    ts = task_states[_member(task_states["sprint"], past["sprint_phid"])].merge(
        who, left_on="owner", right_on="user_phid")
    ts = ts.assign(p=ts["points_end"].where(ts["done"], 0).fillna(0))
    per = ts.groupby(["name", "sprint"], as_index=False)["p"].sum()
    per = per.merge(past[["sprint_phid", "start_at", "working_days"]], left_on="sprint", right_on="sprint_phid")
    per = per.sort_values("start_at").groupby("name").tail(lookback)
    av = availability.rename(columns={"person": "name"})[["name", "sprint_phid", "days_off", "share"]]
    per = per.merge(av, on=["name", "sprint_phid"], how="left")
    per["days"] = effective_days(per["working_days"], per["days_off"].fillna(0), per["share"].fillna(1.0))
    agg = per.groupby("name").agg(points=("p", "sum"), days=("days", "sum"), sprints=("sprint", "nunique"))
    agg["points_per_day"] = np.where(agg["days"] > 0, agg["points"] / agg["days"].where(agg["days"] > 0, 1), np.nan)
    out = people[["name"]].merge(agg, left_on="name", right_index=True, how="left").rename(columns={"name": "person"})
    out["sprints"] = out["sprints"].fillna(0).astype(int)
    out["points"] = out["points"].fillna(0.0)
    return out[out_cols].reset_index(drop=True)


def sprint_work(tasks: pd.DataFrame, sprint_phid: str) -> pd.DataFrame:
    """The sprint's tasks that are work: epics are containers (as on the roadmap's sprint summary)."""
    return tasks[(tasks["sprint_phid"] == sprint_phid) & ~tasks["is_epic"].astype(bool)]


def sprint_people(roster: pd.DataFrame, sprint_tasks: pd.DataFrame, names: dict[str, str],
                  roles: dict[str, str] | None = None) -> pd.DataFrame:
    """Whose capacity to weigh: the roster (name, role, user_phid), plus anyone else who owns work in the
    sprint (named from `names`, owner PHID -> name), so no commitment goes unseen. `account` says which
    of them is not a person (from `roles`, PHID -> user.search roles; see lib.accounts): a bot that
    claims tasks, a mailing list, an account disabled; "" for a person."""
    base = roster[["name", "role", "user_phid"]]
    owners = sprint_tasks["owner_phid"].dropna()
    extra = pd.unique(owners[~_member(owners, base["user_phid"].dropna())])
    others = pd.DataFrame({"name": [names.get(p, p) for p in extra], "role": "not on the roster",
                           "user_phid": list(extra)})
    out = pd.concat([base, others], ignore_index=True) if len(others) else base.reset_index(drop=True)
    roles = roles or {}
    return out.assign(account=[account_kind(roles.get(p)) if isinstance(p, str) else "" for p in out["user_phid"]])


def capacity(people: pd.DataFrame, availability: pd.DataFrame, velocities: pd.DataFrame,
             sprint_tasks: pd.DataFrame, working: int, days_left: int | None = None) -> pd.DataFrame:
    """Capacity vs. commitment for one sprint, one row per person, with plain flags.

    people: name, role, user_phid (the roster, plus anyone else owning work in the sprint).
    availability: this sprint's rows (person, days_off, share, buffer); missing = full time, no buffer.
    velocities: person, points_per_day (own; NaN when the person has no history).
    sprint_tasks: the sprint's tasks now (owner_phid, points, is_closed); open ones are the commitment.
    available_points = points_per_day x (working - days_off) x share x (1 - buffer). Someone without
    history who owns work in the sprint (a newcomer) is weighed at the team median; someone without
    history and without work (a manager, a designer) gets no points figure at all. An account that is
    not a person (people's `account`, see sprint_people) keeps its row, so its open work is seen, but
    has no capacity and no part in the team median: its work needs a person, as its flag says.
    days_left: for a running sprint, the working days it has left: open work is what is left to do, so
    it is weighed against that part of the sprint's availability (days off spread evenly)."""
    p = people[["name", "role", "user_phid"]].reset_index(drop=True)
    p["account"] = people["account"].fillna("").values if "account" in people else ""
    av = availability.rename(columns={"person": "name"})
    p = p.merge(av[["name", "days_off", "share", "buffer"]], on="name", how="left")
    p["entered"] = p["days_off"].notna()
    p["days_off"] = p["days_off"].fillna(0.0).astype(float)
    p["share"] = p["share"].fillna(1.0).astype(float)
    p["buffer"] = p["buffer"].fillna(0.0).astype(float)
    p["working_days"] = int(working)
    person = p["account"] == ""
    p["available_days"] = (effective_days(working, p["days_off"], p["share"]) * (1 - p["buffer"])).where(person)
    if days_left is not None and working > 0:
        p["available_days"] *= min(max(days_left, 0), working) / working
    v = velocities.rename(columns={"person": "name"})[["name", "points_per_day"]]
    v = v[~v["name"].isin(p.loc[~person, "name"])]  # a bot's pace is no person's, nor part of the median
    p = p.merge(v, on="name", how="left")
    open_ = sprint_tasks[~sprint_tasks["is_closed"].astype(bool)]
    load = open_.assign(pts=open_["points"].astype(float).fillna(0), unest=open_["points"].isna()).groupby(
        "owner_phid").agg(committed_points=("pts", "sum"), committed_tasks=("pts", "size"),
                          unestimated_tasks=("unest", "sum"))
    p = p.merge(load, left_on="user_phid", right_index=True, how="left")
    finished = sprint_tasks[sprint_tasks["is_closed"].astype(bool)].groupby("owner_phid").size().rename("done_tasks")
    p = p.merge(finished, left_on="user_phid", right_index=True, how="left")
    team = v["points_per_day"].dropna()
    team_median = float(team.median()) if len(team) else np.nan
    own = p["points_per_day"].notna()
    newcomer = ~own & (p["committed_tasks"].fillna(0) > 0) & ~np.isnan(team_median) & (p["account"] == "")
    p["velocity_basis"] = np.where(own, "own", np.where(newcomer, "team median",
                                                        np.where(p["account"] == "", "no history", "")))
    p["points_per_day"] = p["points_per_day"].where(~newcomer, team_median).astype(float)
    p["available_points"] = (p["points_per_day"] * p["available_days"]).round(1)
    unowned = open_[open_["owner_phid"].isna()]
    if len(unowned):
        p = pd.concat([p, pd.DataFrame([{
            "name": "(nobody)", "role": "unassigned work", "user_phid": None, "account": "", "entered": False,
            "days_off": np.nan, "share": np.nan, "buffer": np.nan, "working_days": int(working),
            "available_days": np.nan, "points_per_day": np.nan, "velocity_basis": "", "available_points": np.nan,
            "committed_points": float(unowned["points"].astype(float).fillna(0).sum()),
            "committed_tasks": len(unowned), "unestimated_tasks": int(unowned["points"].isna().sum()),
        }])], ignore_index=True)
    for c in ("committed_points",):
        p[c] = p[c].fillna(0.0).astype(float)
    for c in ("committed_tasks", "unestimated_tasks", "done_tasks"):
        p[c] = p[c].fillna(0).astype(int)
    p["load_pct"] = np.where(p["available_points"] > 0,
                             (100 * p["committed_points"] / p["available_points"].where(p["available_points"] > 0, 1)
                              ).round(0), np.nan)
    p["flag"] = _flags(p)
    return p.reset_index(drop=True)


def _flags(p: pd.DataFrame) -> pd.Series:
    over = p["committed_points"] > p["available_points"].fillna(np.inf)
    # Idle only for someone who delivers estimated work (a pace of their own): managers, designers and
    # others who never take pointed tasks are not "nothing committed" every sprint.
    free = (p["committed_tasks"] == 0) & (p["available_days"].fillna(0) > 0) & p["points_per_day"].notna()
    # someone who finished their sprint work is free for more, not idle
    finished = free & (p["done_tasks"] > 0) if "done_tasks" in p else free & False
    none_ = free & ~finished
    unavailable = (p["available_days"].fillna(1) <= 0) & (p["committed_tasks"] > 0)
    unassigned = p["name"] == "(nobody)"
    kind = p["account"].fillna("").astype(str)
    no_velocity = p["points_per_day"].isna() & ~unassigned & (p["committed_tasks"] > 0) & (kind == "")
    parts = [
        np.where(unassigned, "open tasks without an owner", ""),
        np.where(kind != "", kind + np.where(p["committed_tasks"] > 0, ": its open work needs a person", ""), ""),
        np.where(over & ~unassigned & ~unavailable, "over-allocated", ""),
        np.where(unavailable, "work committed but not available", ""),
        np.where(none_, "nothing committed", ""),
        np.where(finished, "sprint work done", ""),
        np.where(no_velocity & ~free & ~unavailable, "no velocity history", ""),
        np.where(p["unestimated_tasks"] > 0, p["unestimated_tasks"].astype(str) + " unestimated", ""),
    ]
    flags = pd.DataFrame(parts).T.apply(lambda r: "; ".join(x for x in r if x), axis=1) if len(p) else pd.Series(
        dtype=str)
    return flags.values if len(p) else flags


# --- epic forecast --------------------------------------------------------------------------------

def epic_descendants(tasks: pd.DataFrame, edges: pd.DataFrame, max_depth: int = 6) -> pd.DataFrame:
    """Every subtask, at any depth (up to `max_depth` levels), of each open epic: epic_phid, child_phid."""
    epics = tasks[tasks["is_epic"].astype(bool) & ~tasks["is_closed"].astype(bool)]
    frontier = pd.DataFrame({"epic_phid": epics["phid"].values, "child_phid": epics["phid"].values})
    found = []
    e = edges[["parent_phid", "child_phid"]]
    for _ in range(max_depth):
        nxt = frontier.merge(e, left_on="child_phid", right_on="parent_phid", suffixes=("_x", ""))[
            ["epic_phid", "child_phid"]]
        nxt = nxt[nxt["child_phid"] != nxt["epic_phid"]].drop_duplicates()
        if nxt.empty:
            break
        found.append(nxt)
        frontier = nxt
    desc = pd.concat(found).drop_duplicates() if found else pd.DataFrame(columns=["epic_phid", "child_phid"])
    return desc[_member(desc["child_phid"], tasks["phid"])].reset_index(drop=True)


def epic_throughput(tasks: pd.DataFrame, edges: pd.DataFrame, windows: pd.DataFrame,
                    last: int = FORECAST_HISTORY, dropped: frozenset[str] = frozenset()) -> dict[str, list[float]]:
    """Each open epic's own pace: points of its subtasks done in each of the last `last` finished
    sprints that ended after work on it began (its first subtask done, at any date; by close date;
    sprints with nothing done count 0; subtasks closed in a `dropped` status were not done). Sprints
    before work began say nothing of its pace: counted as 0, an epic made long ago and begun last
    sprint would read as years away while one not begun at all gets the team's share. An epic with
    fewer than OWN_PACE_SPRINTS such sprints has too little of its own to draw from.
    Only epics with some progress in that window are returned: for the others the team's pace stands in."""
    past = windows[windows["state"] == "past"].tail(last)
    desc = epic_descendants(tasks, edges)
    if past.empty or desc.empty:
        return {}
    t = tasks.set_index("phid")
    done = desc.assign(closed_at=_ts(desc["child_phid"].map(t["date_closed"])).values,
                       points=desc["child_phid"].map(t["points"]).astype(float).values,
                       leaf=~desc["child_phid"].map(t["is_epic"]).astype(bool).values,
                       closed=desc["child_phid"].map(t["is_closed"] & ~is_dropped(t, dropped)).astype(bool).values)
    done = done[done["leaf"] & done["closed"] & done["closed_at"].notna() & done["points"].notna()]
    if done.empty:
        return {}
    began = done.groupby("epic_phid")["closed_at"].min()  # work on the epic began: before the window too
    starts = (past["start_at"] - PLANNING_GRACE).astype("datetime64[us]")
    ends = (pd.to_datetime(past["end_date"]) + pd.Timedelta(days=1)).astype("datetime64[us]")
    grid = pd.DataFrame({"sprint": past["sprint_phid"].values, "from": starts.values, "to": ends.values})
    done = pd.merge_asof(done.sort_values("closed_at"), grid, left_on="closed_at", right_on="from")
    done = done[done["sprint"].notna() & (done["closed_at"] < done["to"])]
    per = done.pivot_table(index="epic_phid", columns="sprint", values="points", aggfunc="sum")
    per = per.reindex(columns=list(grid["sprint"])).fillna(0.0)
    per = per[per.sum(axis=1) > 0]
    started = _ts(pd.Series(per.index).map(began)).to_numpy()
    ends_np = grid["to"].to_numpy()
    alive = ends_np[None, :] > np.where(pd.isna(started), np.datetime64("1970-01-01"), started)[:, None]
    paces = {epic: [float(x) for x, keep in zip(row, mask) if keep]
             for epic, row, mask in zip(per.index, per.to_numpy(), alive)}
    return {epic: pace for epic, pace in paces.items() if sum(pace) > 0 and len(pace) >= OWN_PACE_SPRINTS}


def epic_remaining(tasks: pd.DataFrame, edges: pd.DataFrame, default_points: float | None = None,
                   max_depth: int = 6, dropped: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Work left in each open epic: open subtasks at any depth (sub-epics count through their own
    subtasks). Unestimated open subtasks count `default_points` each (the median estimate of tasks done,
    closed in a status not in `dropped`, unless given). An epic without subtasks is its own remaining work.

    Returns epic_phid, id, title, open_tasks, unestimated_tasks, estimated_points, remaining_points."""
    cols = ["epic_phid", "id", "title", "open_tasks", "unestimated_tasks", "estimated_points", "remaining_points"]
    epics = tasks[tasks["is_epic"].astype(bool) & ~tasks["is_closed"].astype(bool)]
    if epics.empty:
        return pd.DataFrame(columns=cols)
    if default_points is None:
        done = tasks["is_closed"].astype(bool) & ~is_dropped(tasks, dropped)
        closed_pts = tasks.loc[done & ~tasks["is_epic"].astype(bool), "points"].dropna()
        default_points = float(closed_pts.median()) if len(closed_pts) else 1.0
    desc = epic_descendants(tasks, edges, max_depth)
    t = tasks.set_index("phid")
    leaf = desc.assign(is_epic=desc["child_phid"].map(t["is_epic"]).astype(bool),
                       is_closed=desc["child_phid"].map(t["is_closed"]).astype(bool),
                       points=desc["child_phid"].map(t["points"]).astype(float))
    leaf = leaf[~leaf["is_epic"] & ~leaf["is_closed"]]
    agg = leaf.groupby("epic_phid").agg(open_tasks=("points", "size"),
                                        unestimated_tasks=("points", lambda s: int(s.isna().sum())),
                                        estimated_points=("points", "sum"))
    # an epic whose subtasks were all dropped has none left: like one without any, it is its own work
    has_children = set(desc.loc[~desc["child_phid"].map(is_dropped(t, dropped)).fillna(False).astype(bool), "epic_phid"])
    out = epics[["phid", "id", "title", "points"]].rename(columns={"phid": "epic_phid"}).merge(
        agg, left_on="epic_phid", right_index=True, how="left")
    alone = ~_member(out["epic_phid"], has_children)
    out["open_tasks"] = out["open_tasks"].fillna(0).astype(int)
    out["unestimated_tasks"] = out["unestimated_tasks"].fillna(0).astype(int)
    out["estimated_points"] = out["estimated_points"].fillna(0.0).astype(float)
    own = out["points"].astype(float)
    out.loc[alone, "open_tasks"] = 1
    out.loc[alone, "unestimated_tasks"] = own[alone].isna().astype(int)
    out.loc[alone, "estimated_points"] = own[alone].fillna(0.0)
    out["remaining_points"] = out["estimated_points"] + out["unestimated_tasks"] * default_points
    return out[cols].reset_index(drop=True)


def future_sprint_ends(windows: pd.DataFrame, as_of: datetime, horizon: int = FORECAST_HORIZON
                       ) -> tuple[list[date], float]:
    """The end dates of the sprints still to come (the running one first), extended past the last known
    sprint at the usual cadence (start to next start); and the share of the running sprint's working days still left."""
    today = pd.Timestamp(as_of).normalize()
    w = windows.copy()
    gaps = pd.to_datetime(w["start_date"]).sort_values().diff().dt.days.dropna()
    step = int(gaps.median()) if len(gaps) else DEFAULT_SPRINT_DAYS  # start to next start
    step = step if step > 0 else DEFAULT_SPRINT_DAYS
    ends = [d for d in pd.to_datetime(w["end_date"]).sort_values() if d >= today]
    fraction = 1.0
    cur = w[w["state"] == "current"]
    if len(cur):
        row = cur.iloc[0]
        total = max(int(row["working_days"]), 1)
        fraction = working_days(today, row["end_date"]) / total
    last = ends[-1] if ends else (pd.to_datetime(w["end_date"]).max() if len(w) else today)
    if pd.isna(last) or last < today:
        last = today
    while len(ends) < horizon:
        last = last + pd.Timedelta(days=step)
        ends.append(last)
    return [d.date() for d in ends[:horizon]], fraction


def forecast_epics(remaining: pd.DataFrame, throughput: list[float] | np.ndarray, sprint_ends: list[date],
                   *, own: dict[str, list[float]] | None = None, first_fraction: float = 1.0,
                   parallel: float = DEFAULT_PARALLEL, trials: int = FORECAST_TRIALS, seed: int = 0) -> pd.DataFrame:
    """Monte Carlo: in each trial, every future sprint delivers an amount drawn (with replacement) from a
    history of past sprints: the epic's own closed points per sprint when it has made progress (`own`),
    else the team's completed points divided by the priorities worked in parallel (the epic's share).
    The running sprint delivers only its remaining share. An epic lands in the sprint where the
    cumulative delivery first covers its remaining points; the 50% and 85% dates are the end dates of
    the sprints by which half and 85% of the trials landed. Same seed, same answer.

    Returns remaining's rows plus pace ("own" or "team share"), p50_date, p85_date, p50_sprints,
    p85_sprints (None beyond the horizon, or when there is no history to draw from) and a note saying
    which of the two it is."""
    out = remaining.copy().reset_index(drop=True)
    own = own or {}
    samples = np.asarray([x for x in throughput if x is not None and not np.isnan(x)], dtype=float) / max(
        float(parallel), 1e-9)
    out["pace"] = ["own" if e in own else "team share" for e in out.get("epic_phid", pd.Series(dtype=object))]
    for c in ("p50_date", "p85_date", "p50_sprints", "p85_sprints"):
        out[c] = None
    out["note"] = "no past throughput to draw from"
    if out.empty or not sprint_ends:
        return out
    rng = np.random.default_rng(seed)
    horizon = len(sprint_ends)
    pick = rng.random((trials, horizon))          # one draw per trial and sprint, shared by every epic
    scale = np.ones(horizon)
    scale[0] = max(0.0, min(1.0, first_fraction))
    need = out["remaining_points"].astype(float).fillna(0).to_numpy()
    landed = np.full((len(out), horizon), 0, dtype=np.int64)  # trials landed by each sprint
    usable = np.zeros(len(out), dtype=bool)

    def run(history: np.ndarray, rows: np.ndarray) -> None:
        if len(history) == 0 or history.max() <= 0 or len(rows) == 0:
            return
        cum = (history[(pick * len(history)).astype(int)] * scale).cumsum(axis=1)
        # delivery never decreases, so "landed by sprint k" = "delivery by k covers the need"
        if len(rows) == 1:
            first = (cum < need[rows[0]]).sum(axis=1)          # sprint index each trial lands in
            landed[rows[0]] = np.cumsum(np.bincount(first, minlength=horizon + 1))[:horizon]
        else:
            cum = np.sort(cum, axis=0)
            landed[rows] = np.stack([trials - np.searchsorted(cum[:, k], need[rows], side="left")
                                     for k in range(horizon)], axis=1)
        usable[rows] = True

    team_rows = np.flatnonzero(out["pace"].to_numpy() == "team share")
    run(samples, team_rows)
    for i in np.flatnonzero(out["pace"].to_numpy() == "own"):
        run(np.asarray(own[out.at[i, "epic_phid"]], dtype=float), np.array([i]))
    for pct, name in ((50, "p50"), (85, "p85")):
        ok = landed * 100 >= pct * trials          # epics x sprints
        k = np.where(ok.any(axis=1) & usable, ok.argmax(axis=1), horizon)
        out[f"{name}_sprints"] = [int(x) + 1 if x < horizon else None for x in k]
        out[f"{name}_date"] = [sprint_ends[int(x)] if x < horizon else None for x in k]
    out["note"] = np.where(~usable, "no past throughput to draw from",
                           np.where(out["p85_date"].isna(), f"85% not within {horizon} sprints", ""))
    # An epic whose own pace ends in idle sprints is forecast far off, whatever little is left: say why.
    idle = [_idle_sprints(own[e]) if pace == "own" else 0 for e, pace in zip(out.get("epic_phid", []), out["pace"])]
    out["note"] = [("; ".join(filter(None, [f"no points done on it in the last {n} sprints", note])) if n >= IDLE_SPRINTS
                    else note) for n, note in zip(idle, out["note"])]
    return out


def _idle_sprints(pace: list[float]) -> int:
    """How many of the last sprints of an epic's own pace (oldest first) had nothing done on it."""
    idle = 0
    for points in reversed(pace):
        if points > 0:
            break
        idle += 1
    return idle


def method_text(samples: int, parallel: float, trials: int, seed: int) -> str:
    return (f"Monte Carlo, {trials} trials, seed {seed}. Each future sprint's delivery on an epic is drawn from "
            f"its own closed points per sprint over the last {FORECAST_HISTORY} finished sprints (pace 'own'), or, "
            f"for an epic without progress yet, from the team's completed points of the last {samples} sprints "
            f"divided by {parallel:g} priorities worked in parallel (pace 'team share'). Unestimated subtasks "
            "count the median closed-task estimate.")


def forecast_vs_actual(forecasts: pd.DataFrame, tasks: pd.DataFrame, as_of: datetime,
                       dropped: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Every stored forecast next to what happened: when the epic actually closed, how many days after
    (+) or before (-) the 50% date, and an outcome in words. An epic closed in a `dropped` status
    (declined, invalid...) did not land: it is "dropped", not measured against its dates."""
    cols = ["made_at", "epic_phid", "id", "title", "remaining_points", "p50_date", "p85_date", "closed_on",
            "days_vs_p50", "outcome"]
    if forecasts.empty:
        return pd.DataFrame(columns=cols)
    t = tasks.assign(_dropped=is_dropped(tasks, dropped))[["phid", "id", "title", "is_closed", "date_closed", "_dropped"]]
    f = forecasts.drop(columns=["id", "title"], errors="ignore").merge(
        t.rename(columns={"phid": "epic_phid"}), on="epic_phid", how="left")
    gone = f["_dropped"].astype("boolean").fillna(False).astype(bool)
    closed = f["is_closed"].astype("boolean").fillna(False).astype(bool) & f["date_closed"].notna()
    f["closed_on"] = pd.to_datetime(f["date_closed"]).dt.date.where(closed, None)
    p50 = pd.to_datetime(f["p50_date"])
    p85 = pd.to_datetime(f["p85_date"])
    actual = pd.to_datetime(f["date_closed"]).dt.normalize()
    f["days_vs_p50"] = np.where(closed & ~gone & p50.notna(), (actual - p50).dt.days, np.nan)
    today = pd.Timestamp(as_of).normalize()
    f["outcome"] = np.select(
        [gone, closed & p50.notna() & (actual <= p50), closed & p85.notna() & (actual <= p85),
         closed & p85.notna(), closed, ~closed & p85.notna() & (p85 < today), ~closed],
        ["dropped (closed without being done)", "closed by the 50% date", "closed by the 85% date",
         "closed after the 85% date", "closed",
         "open, 85% date passed", "open"], "")
    return f[cols].sort_values("made_at", ascending=False, kind="stable").reset_index(drop=True)
