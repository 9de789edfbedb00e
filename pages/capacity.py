"""Capacity and sprint health, for the Monday team-leads meeting: does the plan fit the people we
have, how did the sprint go against its plan, and when will each epic land? Rules live in lib.capacity;
writes in lib.capacity_edits; reads in lib.store.capacity_reads."""

from __future__ import annotations

import functools
from datetime import datetime

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from lib import capacity as cap
from lib import capacity_edits, ui
from lib.statuses import dropped_statuses
from lib.store.writes import EditRefused
from lib.store import capacity_reads as creads
from lib.store import reads
from lib.store.engine import utcnow
from lib.words import count

RECORDED_KEY = "_capacity_forecasts_recorded"
FORECAST_SEED = 20171
CHART_HEIGHT = 380
COLORS = {"scope": "#8e24aa", "done": "#2e7d32", "available": "#1976d2", "committed": "#ef6c00"}


# The capacity table on the shared screen (1920 px): the flag beside the person, read whole, and every
# figure in view. Short headings explain themselves on hover; the CSV keeps its columns and their order.
CAPACITY_SCREEN_ORDER = ["name", "role", "flag", "working_days", "days_off", "share %", "buffer %", "available_days",
                         "points_per_day", "velocity_basis", "available_points", "open points", "open tasks",
                         "unestimated_tasks", "load %"]
CAPACITY_COLUMNS = {
    "working_days": st.column_config.NumberColumn("days", help="Working days in the sprint"),
    "available_days": st.column_config.NumberColumn("avail. days", help="Available days: working days less days "
                                                    "off, times share, less buffer"),
    "points_per_day": st.column_config.NumberColumn("pts/day", help="Points closed per day on this team"),
    "velocity_basis": st.column_config.TextColumn("velocity", help="Whose velocity the points per day are"),
    "available_points": st.column_config.NumberColumn("avail. pts", help="Available points"),
    "open points": st.column_config.NumberColumn("open pts", help="Points of the open tasks they own"),
    "unestimated_tasks": st.column_config.NumberColumn("unestimated", help="Open tasks without points"),
}
# On a board measured in tasks (one point a task): the same figures in tasks, named so in the CSV too;
# the open points would repeat the open tasks, and no task is unestimated.
IN_TASKS_NAMES = {"points_per_day": "tasks_per_day", "available_points": "available_tasks"}
IN_TASKS = {
    "tasks_per_day": st.column_config.NumberColumn("tasks/day", help="Tasks closed per day on this team"),
    "velocity_basis": st.column_config.TextColumn("velocity", help="Whose velocity the tasks per day are"),
    "available_tasks": st.column_config.NumberColumn("avail. tasks", help="Available tasks"),
}
NOT_IN_TASKS = ("open points", "unestimated_tasks")


# --- cached loads: the url is the cache key, as_of the last good sync (see the page below) -----------

@st.cache_data(ttl=300, show_spinner=False)
def load_base(database_url: str, as_of: datetime) -> dict:
    eng = ui.engine()
    tasks, snapshots = creads.capacity_tasks(eng), creads.sprint_snapshots(eng)
    in_points = cap.estimated_in_points(tasks)
    if not in_points:  # a board nobody estimates is measured in tasks
        tasks, snapshots = cap.one_point_per_task(tasks, snapshots)
    return {"tasks": tasks, "snapshots": snapshots, "dates": creads.task_dates(eng), "in_points": in_points,
            "sprints": reads.sprints(eng), "roster": creads.roster(eng), "users": creads.users(eng),
            "edges": creads.task_edges(eng),
            # the closed statuses that mean "not done", those on tasks and in history the server no longer
            # lists too: worked out once per load, read by the timeline and both forecasts
            "dropped": dropped_statuses(reads.statuses(eng), pd.concat([tasks["status"], snapshots["status"]]))}


def task_labels(phids: pd.Series, tasks: pd.DataFrame) -> pd.Series:
    """"T123 Title" for each task PHID (the PHID itself for a task no longer on the board)."""
    t = tasks.set_index("phid")
    ids, titles = phids.map(t["id"]), phids.map(t["title"])
    return pd.Series([f"T{int(i)} {ti}" if pd.notna(i) else str(p) for p, i, ti in zip(phids, ids, titles)],
                     index=phids.index, dtype=object)


def _names(base: dict) -> dict[str, str]:
    """Owner PHID -> the name a person reads: roster name when matched, else the account's name."""
    users = base["users"]
    names = dict(zip(users["phid"], users["real_name"].fillna(users["username"])))
    roster = base["roster"].dropna(subset=["user_phid"])
    names.update(zip(roster["user_phid"], roster["name"]))
    return names


@st.cache_data(ttl=300, show_spinner=False)
def load_timeline(database_url: str, as_of: datetime) -> dict[str, pd.DataFrame]:
    """Every task's timeline and its part in every sprint (the expensive part; large, so only the
    cached functions below read it, never the page on each run)."""
    base = load_base(database_url, as_of)
    windows = cap.sprint_windows(base["sprints"], as_of)
    history = cap.settle_planned_entries(
        cap.state_history(base["snapshots"], base["tasks"], base["dates"], dropped=base["dropped"]), windows)
    return {"windows": windows, "history": history, "states": cap.sprint_task_states(history, windows)}


@st.cache_data(ttl=300, show_spinner=False)
def load_health(database_url: str, as_of: datetime) -> dict[str, pd.DataFrame]:
    """Health and velocity of every sprint (small)."""
    timeline = load_timeline(database_url, as_of)
    health = cap.sprint_health(timeline["states"], timeline["windows"])
    return {"windows": timeline["windows"], "health": health, "velocity": cap.velocity(health)}


@st.cache_data(ttl=300, show_spinner=False)
def load_sprint(database_url: str, as_of: datetime, sprint: str) -> dict:
    """One sprint's capacity, burnup, scope changes and walk-ons."""
    base = load_base(database_url, as_of)
    tasks = base["tasks"]
    timeline = load_timeline(database_url, as_of)
    windows, history, states = timeline["windows"], timeline["history"], timeline["states"]
    names = _names(base)
    label = lambda phids: task_labels(phids, tasks)
    w = windows[windows["sprint_phid"] == sprint].iloc[0]

    sprint_tasks = cap.sprint_work(tasks, sprint)
    people = cap.sprint_people(base["roster"], sprint_tasks, names,
                               dict(zip(base["users"]["phid"], base["users"]["roles"])))
    availability = creads.availability(ui.engine())
    this_sprint = availability[availability["sprint_phid"] == sprint]
    velocities = cap.person_velocity(states, windows, people, availability, before=sprint)
    audit = creads.availability_audit(ui.engine())
    audit = audit[audit["entity_key"].str.startswith(f"{sprint}|")]
    out = {"window": w, "roster_names": list(base["roster"]["name"]), "availability": this_sprint,
           "audit": audit.assign(person=audit["entity_key"].str.split("|", n=1).str[1]),
           "capacity": cap.capacity(people, this_sprint, velocities, sprint_tasks, int(w["working_days"]),
                                    days_left=cap.working_days_left(w, as_of)),
           "burnup": pd.DataFrame(), "changes": pd.DataFrame(), "walk_ons": pd.DataFrame()}
    if w["state"] != "future":
        out["burnup"] = cap.burnup(history, w)
        changes = cap.scope_changes(history, w)
        out["changes"] = changes.assign(task=label(changes["task_phid"]))
        walk = cap.walk_ons(states, sprint)
        out["walk_ons"] = walk.assign(task=label(walk["task_phid"]), owner=walk["owner"].map(names))
    return out


@st.cache_data(ttl=300, show_spinner=False)
def load_forecast(database_url: str, as_of: datetime, parallel: int) -> dict:
    base = load_base(database_url, as_of)
    health = load_health(database_url, as_of)
    throughput = health["velocity"]["done_points"].tail(cap.FORECAST_HISTORY).tolist()
    remaining = cap.epic_remaining(base["tasks"], base["edges"], dropped=base["dropped"])
    ends, fraction = cap.future_sprint_ends(health["windows"], as_of)
    own = cap.epic_throughput(base["tasks"], base["edges"], health["windows"], dropped=base["dropped"])
    fc = cap.forecast_epics(remaining, throughput, ends, own=own, first_fraction=fraction, parallel=parallel,
                            seed=FORECAST_SEED)
    fc["epic"] = task_labels(fc["epic_phid"], base["tasks"]) if len(fc) else pd.Series(dtype=object)
    method = cap.method_text(len(throughput), parallel, cap.FORECAST_TRIALS, FORECAST_SEED)
    return {"forecast": fc, "method": method, "samples": len(throughput)}


@st.cache_data(ttl=300, show_spinner=False)
def load_past_forecasts(database_url: str, as_of: datetime) -> pd.DataFrame:
    base = load_base(database_url, as_of)
    tasks = base["tasks"]
    past = cap.forecast_vs_actual(creads.forecasts(ui.engine()), tasks, as_of,
                                  dropped=base["dropped"])
    return past.assign(epic=task_labels(past["epic_phid"], tasks)) if len(past) else past


# --- charts ---------------------------------------------------------------------------------------

def burnup_chart(series: pd.DataFrame, by: str, title: str, window):
    """Scope (dashed) and done (solid) over the whole sprint, so the days left are visible too."""
    long = cap.burnup_long(series, by)
    long["day"] = pd.to_datetime(long["day"])
    domain = [pd.Timestamp(window["start_date"]).isoformat(), pd.Timestamp(window["end_date"]).isoformat()]
    return ui.chart_theme(alt.Chart(long, title=title, height=CHART_HEIGHT).mark_line(point=True, strokeWidth=4).encode(
        x=alt.X("day:T", title=None, scale=alt.Scale(domain=domain),
                axis=alt.Axis(format="%a %d %b", labelAngle=-30, tickCount={"interval": "day", "step": 2})),
        y=alt.Y("value:Q", title=title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("line:N", title=None, scale=alt.Scale(domain=["scope", "done"],
                                                              range=[COLORS["scope"], COLORS["done"]])),
        strokeDash=alt.StrokeDash("line:N", legend=None, scale=alt.Scale(domain=["scope", "done"],
                                                                         range=[[8, 4], [1, 0]])),
        tooltip=[alt.Tooltip("day:T", format="%Y-%m-%d"), "line:N", "value:Q"],
    ))


def capacity_chart(table: pd.DataFrame, measure: str = "Points"):
    """Available points against open work, for people: not the unowned work, nor a bot's."""
    data = table[(table["name"] != "(nobody)") & (table["account"] == "")].melt(
        id_vars="name", value_vars=["available_points", "committed_points"], var_name="measure", value_name="points")
    data["measure"] = data["measure"].map({"available_points": "available", "committed_points": "open work"})
    return ui.chart_theme(alt.Chart(data, height=max(CHART_HEIGHT, 44 * table["name"].nunique())).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort=list(table["name"]), axis=alt.Axis(labelLimit=300)),
        yOffset=alt.YOffset("measure:N", sort=["available", "open work"]),
        # whole tasks on the axis, and an axis at all when nothing is available or open yet ("0.0" alone)
        x=alt.X("points:Q", title=measure, scale=alt.Scale(domainMin=0, domainMax=max(1.0, float(data["points"].max() or 0))),
                axis=alt.Axis(tickMinStep=1, format="d") if measure == "Tasks" else alt.Axis()),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=["available", "open work"],
                                                                 range=[COLORS["available"], COLORS["committed"]])),
        tooltip=["name:N", "measure:N", alt.Tooltip("points:Q", format=".1f")],
    ))


def velocity_chart(vel: pd.DataFrame, measure: str = "Points"):
    data = vel.assign(sprint=vel["name"].fillna(vel["sprint_phid"]))
    bars = alt.Chart(data, height=CHART_HEIGHT).mark_bar(color=COLORS["done"]).encode(
        x=alt.X("sprint:N", title=None, sort=list(data["sprint"]),
                axis=alt.Axis(labelAngle=-45, labelLimit=260, labelOverlap=False)),
        y=alt.Y("done_points:Q", title=f"{measure} completed"),
        tooltip=["sprint:N", "done_points:Q", "done_tasks:Q", "walk_on_points:Q"],
    )
    mean = alt.Chart(data).mark_rule(color="#424242", strokeDash=[6, 4], strokeWidth=3).encode(
        y="mean(done_points):Q")
    return ui.chart_theme(bars + mean)


def forecast_chart(fc: pd.DataFrame, limit: int = 20):
    """Each epic's 50%-85% range as a bar with the 50% date marked: the soonest `limit` epics."""
    data = fc.dropna(subset=["p50_date"]).copy()
    if data.empty:
        return None
    data["p85"] = pd.to_datetime(data["p85_date"].where(data["p85_date"].notna(), None))
    data["p50"] = pd.to_datetime(data["p50_date"])
    data["p85"] = data["p85"].fillna(data["p50"])
    data = data.sort_values(["p50", "p85"]).head(limit)
    order = list(data["epic"])
    base = alt.Chart(data, height=60 + 40 * len(data)).encode(
        y=alt.Y("epic:N", title=None, sort=order, axis=alt.Axis(labelLimit=420)),
        tooltip=["epic:N", alt.Tooltip("remaining_points:Q", title="remaining points"),
                 alt.Tooltip("p50:T", title="50%", format="%Y-%m-%d"), alt.Tooltip("p85:T", title="85%", format="%Y-%m-%d")],
    )
    bars = base.mark_bar(color=COLORS["available"], opacity=0.45, size=22).encode(
        x=alt.X("p50:T", title="50% date (dot) to 85% date (bar end)", axis=alt.Axis(format="%d %b %Y")), x2="p85:T")
    dots = base.mark_point(filled=True, size=220, color=COLORS["available"]).encode(x="p50:T")
    return ui.chart_theme(bars + dots)


def save_availability(rows: list[dict], who: str, reason: str | None, *, whole_team: bool = False) -> None:
    """Store, audit and refresh; a refused value is explained where the form is, nothing is stored."""
    try:
        n = capacity_edits.save_availability(ui.engine(), sprint, rows, viewer=viewer,
                                             working_days=int(w["working_days"]), reason=reason or None,
                                             skip_untouched_defaults=whole_team)
    except (capacity_edits.AvailabilityError, EditRefused) as exc:
        st.error(f"Not saved: {ui.md(exc)}")
        return
    ui.after_edit(f"Saved availability of {ui.md(who)}." if n else f"No change for {ui.md(who)}.",
                  renew=("availability",))


# --- the page -------------------------------------------------------------------------------------

st.title("Capacity and sprint health")
ui.data_age_banner()
url = ui.settings().database_url
# The data's "now", as on the roadmap and the meeting screen: every screen speaks of the same sprint
# (the banner above says how old the data is).
# That moment itself keys the caches (it holds until the next sync; floored, it would leave out what the
# sync saw in its last minutes); with no sync yet, the clock floored to five minutes does.
good = reads.last_good_sync(ui.engine())
now = good or utcnow()
as_of = good or now.replace(minute=now.minute - now.minute % 5, second=0, microsecond=0)
viewer = ui.current_viewer()

ui.show_flash()

health = load_health(url, as_of)
windows = health["windows"]
if windows.empty:
    st.info("No dated sprint milestones in the store yet. Sprints appear here once the sync has read the "
            "board's sprint milestones with start and end dates (date fields, days in their names, or SPRINT_CADENCE_START).")
    st.stop()

labels = {r.sprint_phid: f"{r.name} ({r.start_date:%d %b} – {r.end_date:%d %b %Y}, {r.state})"
          for r in windows.itertuples()}
options = list(windows["sprint_phid"])[::-1]   # newest first
default = cap.current_sprint(windows)
in_points = load_base(url, as_of)["in_points"]
measure = "Points" if in_points else "Tasks"  # what the charts measure: a board nobody estimates counts tasks
measured = functools.partial(cap.in_measure, in_points=in_points)  # a table in the board's measure
if not in_points:
    st.info("Most of this board's sprint work has no story points (Phabricator's points are off, or the team "
            "does not estimate): on this screen every task counts as one point, so the points below are tasks.")
sprint = st.selectbox("Sprint", options, index=options.index(default), format_func=labels.get)
view = load_sprint(url, as_of, sprint)
w = view["window"]
st.caption(f"{w['working_days']} working days (Monday to Friday; public holidays are not known: enter them "
           "as days off). A task is *planned* when it was in the sprint by the end of its first day, the "
           "planning day; later arrivals are *walk-on* work. Between two syncs the exact moment is unknown: "
           "a task that could have joined at planning counts as planned, one created later as walk-on.")

tab_cap, tab_health, tab_vel, tab_fc = st.tabs(["Capacity", "Sprint health", "Velocity", "Epic forecast"])

def availability_section() -> None:
    """Who is away, part-time or on call this sprint: entered here by the leads, below the figures it feeds."""
    st.subheader("Availability", help="Entered by the leads per person and sprint; no sync ever changes it. "
                 "Share: part of the person's time on this team. Buffer: part kept for interrupt work.")
    roster_names = list(view["roster_names"])
    av = view["availability"]
    if viewer.can_edit:
        if not roster_names:
            st.info("No team roster yet: availability is entered per roster member, read from the team page "
                    "of the wiki by the sync.")
        else:
            person = st.selectbox("Person", roster_names, key="av_person")
            cur = av[av["person"] == person]
            cur = cur.iloc[0] if len(cur) else None
            with st.form("availability_form"):
                c1, c2, c3 = st.columns(3)
                days_off = c1.number_input("Days off", value=float(cur["days_off"]) if cur is not None else 0.0,
                                           step=0.5, key=f"av_days_{sprint}_{person}",
                                           help=f"Working days away during this sprint (at most {w['working_days']}).")
                share = c2.number_input("Share of time on this team (%)", step=5.0, key=f"av_share_{sprint}_{person}",
                                        value=float(cur["share"]) * 100 if cur is not None else 100.0)
                buffer = c3.number_input("Buffer for interrupt work (%)", step=5.0, key=f"av_buffer_{sprint}_{person}",
                                         value=float(cur["buffer"]) * 100 if cur is not None else 0.0)
                reason = st.text_input("Reason (optional)", key=ui.form_key("availability", "av_reason"))
                if st.form_submit_button("Save availability", type="primary"):
                    save_availability([{"person": person, "days_off": days_off, "share": share / 100,
                                        "buffer": buffer / 100}], person, reason)
            with st.expander("Edit the whole team at once"):
                grid = pd.DataFrame({"person": roster_names}).merge(
                    av[["person", "days_off", "share", "buffer"]], on="person", how="left")
                grid = grid.assign(days_off=grid["days_off"].fillna(0.0), share=(grid["share"].fillna(1.0) * 100),
                                   buffer=(grid["buffer"].fillna(0.0) * 100))
                edited = st.data_editor(
                    grid, key=f"av_grid_{sprint}", hide_index=True, disabled=["person"], width="stretch",
                    column_config={"days_off": st.column_config.NumberColumn("Days off", step=0.5),
                                   "share": st.column_config.NumberColumn("Share of time (%)", step=5.0),
                                   "buffer": st.column_config.NumberColumn("Buffer (%)", step=5.0)})
                if st.button("Save the whole team", key="av_grid_save"):
                    save_availability([{"person": r.person, "days_off": r.days_off, "share": r.share / 100,
                                        "buffer": r.buffer / 100} for r in edited.itertuples()], "the team", None,
                                      whole_team=True)
    else:
        st.caption("Only editors can change availability.")
    if av.empty:
        st.caption("Nothing entered for this sprint: everyone counts as full time on this team, no days off.")
    else:
        ui.show_table(av.assign(share=(av["share"] * 100).round(0), buffer=(av["buffer"] * 100).round(0))[
            ["person", "days_off", "share", "buffer", "actor", "at"]].rename(
            columns={"share": "share %", "buffer": "buffer %", "at": "entered at (UTC)"}), "availability")
    if len(view["audit"]):
        with st.expander(f"Changes to this sprint's availability ({len(view['audit'])})"):
            ui.show_table(capacity_edits.readable_changes(view["audit"]), "availability changes")


def capacity_section() -> None:
    """The figures the meeting looks at: each person's open points against what they can do."""
    st.subheader("Capacity vs. commitment", help=(
        "Available points = own velocity (points closed per day on this team over the last "
        f"{cap.DEFAULT_LOOKBACK} past sprints in which the person owned work) × (working days − days off) × "
        "share × (1 − buffer). Newcomers who own work are weighed at the team median; people without history "
        "or work get no points figure. Commitment = points of open tasks "
        "they own in the sprint; unestimated tasks count 0 and are flagged. In a running sprint the open "
        "work is what is left, so it is set against the availability of the working days left."))
    table = view["capacity"]
    left = cap.working_days_left(w, as_of)
    if left is not None:
        st.caption(f"Running sprint: open {measure.lower()} against the availability of the {left} working "
                   f"day{'s' if left != 1 else ''} left of {w['working_days']} (as of the last sync, {as_of:%a %d %b}).")
    if w["state"] == "past":
        st.info("This sprint is over: capacity vs. commitment is for planning the running and coming sprints. "
                "How this one went is under **Sprint health**.")
    elif table.empty:
        st.info("No roster and no owned tasks in this sprint: nothing to weigh.")
    else:
        flagged = table[table["flag"] != ""]
        over = table[table["flag"].str.contains("over-allocated|not available", regex=True)]
        idle = table[table["flag"].str.contains("nothing committed")]
        if len(over):
            st.error("Over-allocated: " + ", ".join(
                f"{r.name} ({r.committed_points:g} open {measure.lower().rstrip('s') if r.committed_points == 1 else measure.lower()}"
                f" vs. {r.available_points:g} available)"
                for r in over.itertuples()))
        if len(idle):
            st.warning("Nothing committed: " + ", ".join(idle["name"]))
        finished = table[table["flag"].str.contains("sprint work done")]
        if len(finished):
            st.info("Done with their sprint work, room for more: " + ", ".join(finished["name"]))
        if "(nobody)" in set(table["name"]):
            st.warning("Open tasks without an owner: "
                       f"{int(table.loc[table['name'] == '(nobody)', 'committed_tasks'].iloc[0])}.")
        held = table[(table["account"] != "") & (table["committed_tasks"] > 0)]
        if len(held):
            st.warning("Open tasks held by an account that is not a person, which need one: " + ", ".join(
                f"{r.name} ({r.account}, {count(r.committed_tasks, 'open task')})" for r in held.itertuples()) + ".")
        if flagged.empty:
            st.success("Everyone's commitment fits their availability.")
        st.altair_chart(capacity_chart(table, measure), width="stretch")
        shown = table[["name", "role", "working_days", "days_off", "share", "buffer", "available_days",
                       "points_per_day", "velocity_basis", "available_points", "committed_points", "committed_tasks",
                       "unestimated_tasks", "load_pct", "flag"]].copy()
        if not in_points:  # every task counts one: none is unestimated, the open points are the open tasks
            shown = shown.drop(columns=["unestimated_tasks", "committed_points"])
        shown["share"] = (shown["share"] * 100).round(0)
        shown["buffer"] = (shown["buffer"] * 100).round(0)
        shown["available_days"] = shown["available_days"].round(1)
        shown["points_per_day"] = shown["points_per_day"].round(2)
        widths = {"flag": st.column_config.TextColumn(width=ui.text_width(shown["flag"], least=150, most=340)),
                  "role": st.column_config.TextColumn(width=ui.text_width(shown["role"], least=120, most=260))}
        names = {"share": "share %", "buffer": "buffer %", "load_pct": "load %", "committed_points": "open points",
                 "committed_tasks": "open tasks", **({} if in_points else IN_TASKS_NAMES)}
        order = [names.get(c, c) for c in CAPACITY_SCREEN_ORDER if in_points or c not in NOT_IN_TASKS]
        ui.show_table(shown.rename(columns=names), "capacity vs commitment", column_order=order,
                      column_config={**CAPACITY_COLUMNS, **({} if in_points else IN_TASKS), **widths})


with tab_cap:
    capacity_section()  # first: the shared screen opens on the figures, the form is for whoever updates them
    availability_section()

with tab_health:
    if w["state"] == "future":
        st.info("This sprint has not started yet: its health is measured from its first day.")
    else:
        h = health["health"].set_index("sprint_phid").loc[sprint]
        st.subheader(h["summary"])
        m1, m2, m3, m4 = st.columns(4)
        m1.metric("Planned tasks completed", f"{h['planned_done_tasks']} of {h['planned_tasks']}")
        removed_help = ("Left the sprint before its end, or closed without being done (declined, invalid, "
                        "duplicate and the like): neither counts as completed.")
        if in_points:
            m2.metric("Planned points completed", f"{h['planned_done_points']:g} of {h['planned_points']:g}")
            m3.metric("Walk-on (tasks / pts)", f"{h['walk_on_tasks']} / {h['walk_on_points']:g}")
            m4.metric("Removed (tasks / pts)", f"{h['removed_tasks']} / {h['removed_points']:g}", help=removed_help)
        else:  # one point a task: the points would repeat the tasks
            m2.metric("Walk-on tasks", h["walk_on_tasks"])
            m3.metric("Removed tasks", h["removed_tasks"], help=removed_help)
        series = view["burnup"]
        if series.empty:
            st.info("No history for this sprint yet.")
        else:
            st.caption("Burnup: the dashed line is the scope (everything in the sprint at the end of each day), "
                       "the solid line what of it is done. Where the dashed line moves, the scope changed.")
            if in_points:
                left, right = st.columns(2)
                left.altair_chart(burnup_chart(series, "points", "Points", w), width="stretch")
                right.altair_chart(burnup_chart(series, "count", "Tasks", w), width="stretch")
            else:  # one point a task: the two charts would be one
                st.altair_chart(burnup_chart(series, "count", "Tasks", w), width="stretch")
            ui.show_table(measured(series), "burnup", key="csv-burnup")
        st.subheader("Scope changes after the start")
        ui.show_table(measured(view["changes"].reindex(columns=["at", "task", "change", "points_before", "points_after",
                                                               "delta"])),
                      "scope changes", empty="None: the sprint ran on its plan.")
        st.subheader("Walk-on work")
        ui.show_table(measured(view["walk_ons"].reindex(columns=["joined_at", "task", "owner", "points", "done", "removed"])),
                      "walk-on work",
                      empty="No walk-on work in this sprint.")
    st.subheader("All sprints")
    all_h = health["health"]
    if all_h.empty:
        st.caption("No sprint has started yet.")
    else:
        sprints = all_h[["name", "state", "start_date", "end_date", "summary", "planned_tasks", "planned_done_tasks",
                         "planned_points", "planned_done_points", "walk_on_tasks", "walk_on_points",
                         "removed_tasks", "done_tasks", "done_points", "scope_tasks", "scope_points"]].iloc[::-1]
        ui.show_table(measured(sprints), "sprint health")

with tab_vel:
    vel = health["velocity"]
    if vel.empty:
        st.info("No sprint has finished yet: velocity is measured on finished sprints.")
    else:
        st.subheader(f"{measure} completed per sprint", help=("Points of tasks" if in_points else "Tasks")
                     + " closed in the sprint by its last day (walk-ons included). The dashed line is the average.")
        st.altair_chart(velocity_chart(vel, measure), width="stretch")
        ui.show_table(measured(vel[["name", "start_date", "end_date", "working_days", "done_points", "done_tasks",
                                    "points_per_day", "planned_points", "walk_on_points"]].round(2)), "velocity")

with tab_fc:
    parallel = st.slider("Priorities worked in parallel", 1, 5, cap.DEFAULT_PARALLEL, key="fc_parallel",
                         help="An epic without progress of its own yet gets this share of the team's throughput. "
                              "The team's rule is 2-3 priorities per sprint; forecasts are stored at the default "
                              f"of {cap.DEFAULT_PARALLEL}.")
    fc_view = load_forecast(url, as_of, parallel)
    fc = fc_view["forecast"]
    st.subheader("Epic completion forecast", help=(
        fc_view["method"] + " The 50% date is the end of the sprint by which half of the simulated futures "
        "finish the epic; the 85% date, by which 85% do. Remaining work = open subtasks at any depth; "
        "the running sprint counts only for its working days left."))
    if fc.empty:
        st.info("No open epics on the board.")
    elif fc_view["samples"] == 0:
        st.info("No finished sprint yet: the forecast needs past sprint throughput to sample from.")
    else:
        if parallel == cap.DEFAULT_PARALLEL:
            key = (as_of.date(), tuple(fc["epic_phid"]), tuple(fc["p50_date"]), tuple(fc["p85_date"]))
            if st.session_state.get(RECORDED_KEY) != key:
                try:
                    capacity_edits.record_forecasts(ui.engine(), fc, fc_view["method"])
                except SQLAlchemyError as exc:
                    st.caption(f"This forecast could not be stored ({type(exc).__name__}); it is shown anyway.")
                else:
                    load_past_forecasts.clear()
                    st.session_state[RECORDED_KEY] = key
        shown = fc.copy()
        chart = forecast_chart(shown)
        if chart is not None:
            st.altair_chart(chart, width="stretch")
        for note, n in shown.loc[shown["note"] != "", "note"].value_counts().items():
            st.caption(f"{n} epic{'s' if n > 1 else ''}: {note} (see the note column).")
        for col in ("p50_date", "p85_date"):
            shown[col] = shown[col].map(lambda d: d.isoformat() if d is not None else "—")
        st.caption("Remaining points count every open subtask at any depth, each unestimated one at the median "
                   "estimate of the tasks done: more than the roadmap's epic progress, which adds up the estimates "
                   "of direct subtasks only." if in_points else
                   "Remaining work counts every open subtask at any depth, one point each.")
        forecast = shown[["epic", "remaining_points", "open_tasks", "unestimated_tasks", "pace", "p50_date",
                          "p85_date", "p50_sprints", "p85_sprints", "note"]].sort_values(
            ["p50_sprints", "p85_sprints", "remaining_points"], na_position="last")
        # one point a task: the remaining points are the open tasks, and none is unestimated
        ui.show_table(measured(forecast), "epic forecast", column_config=ui.whole_text(forecast, "note"))
    st.subheader("Past forecasts vs. actual closes")
    past = load_past_forecasts(url, as_of)
    if past.empty:
        st.caption("No stored forecasts yet: each forecast is stored the day it is made.")
    else:
        closed = past[past["closed_on"].notna()]
        if len(closed):
            hit = (closed["outcome"].isin(["closed by the 50% date", "closed by the 85% date"])).mean()
            st.metric("Closed epics that landed by their 85% date", f"{hit:.0%}", help=f"Over {len(closed)} forecasts.")
        ui.show_table(past[
            ["made_at", "epic", "remaining_points", "p50_date", "p85_date", "closed_on", "days_vs_p50", "outcome"]]
            .rename(columns={} if in_points else {"remaining_points": "remaining_tasks"}), "past forecasts")
