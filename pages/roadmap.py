"""Roadmap: epics against sprints, the board by column, the current sprint and its flags, what changed
since the last team-leads meeting, and priority changes (editors) that are pushed to Phabricator when a token allows."""

from __future__ import annotations

import functools
from datetime import datetime

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from lib import capacity as cap
from lib import priority_edits as pe
from lib import roadmap as rm
from lib import loaders, meetings, ui
from lib.auth import ANONYMOUS
from lib.config import ConfigError
from lib.store import reads, roadmap_reads
from lib.store.engine import utcnow
from lib.words import count, plural

MAX_PICK = 400  # tasks offered in the priority form's picker; filter the board to narrow it
MEANING_COLUMN = {"what it is for": st.column_config.TextColumn(
    help="From the team wiki page's guide to the board columns (all of it on the Team page)")}

# The board's task table on the shared screen (1920 px): every column in view, the epic too; the
# priority changed here is mostly empty, so its long heading is short here and whole on hover.
TASK_COLUMNS = {
    "task": st.column_config.TextColumn(width=345),
    "status": st.column_config.TextColumn(width=70),
    "priority": st.column_config.TextColumn(width=105),  # "Unbreak Now!" whole
    "changed here (not yet in Phabricator)": st.column_config.TextColumn(
        "changed here", width=100, help="The priority set on this dashboard, not yet in Phabricator"),
    "points": st.column_config.NumberColumn(width=60),
    "owner": st.column_config.TextColumn(width=130),
    "column": st.column_config.TextColumn(width=140),
    "sprint": st.column_config.TextColumn(width=130),
    "sprint column": st.column_config.TextColumn(width=110),
    "epic": st.column_config.TextColumn(width=230),
}

st.title("Roadmap")
ui.data_age_banner()
engine = ui.engine()
settings = ui.settings()
viewer = ui.current_viewer()


board, run_key = loaders.board_or_stop(engine, settings.database_url, "the roadmap")
in_points = cap.estimated_in_points(board.tasks)  # a board nobody estimates is counted in tasks
measured = functools.partial(cap.in_measure, in_points=in_points)  # a table in the board's measure


good = reads.last_good_sync(engine)
today = (good or utcnow()).date()
sprint = rm.current_sprint(board.sprints, today)
names = board.priority_names
levels = board.priorities.sort_values("value", ascending=False)
pending = pe.pending_changes(engine)
local = pe.local_values(pending)


def label(df: pd.DataFrame) -> pd.Series:
    return rm.task_label(df["id"], df["title"])


ui.show_flash()  # what an edit on any tab said, above the tabs (a container on every run: they keep their place)
tab_epics, tab_board, tab_sprint, tab_changes, tab_prio = st.tabs(
    ["Epics & sprints", "Board", "Current sprint", "Since last meeting", "Priorities"])

# --- epics against sprints ---------------------------------------------------------------------
with tab_epics:
    scheduled, unscheduled = board.scheduled, board.unscheduled
    open_sched = scheduled[~scheduled["is_closed"].astype(bool)]
    st.subheader("Epics laid out against the sprints", help=(
        "Each bar spans the sprints that hold the epic or its subtasks so far: where the work was planned, "
        "not when the epic will be done (Capacity → Epic forecast says that)."))
    if open_sched.empty:
        st.info("No open epic has a task in a dated sprint yet.")
    else:
        dated = board.sprints.dropna(subset=["start_date", "end_date"])
        lo, hi = open_sched["start"].min(), open_sched["end"].max()
        dated = dated[(dated["end_date"] >= lo) & (dated["start_date"] <= hi)].reset_index(drop=True)
        dated = dated.assign(band=(dated.index % 2).astype(str),
                             mid=dated["start_date"] + (dated["end_date"] - dated["start_date"]) / 2,
                             short=rm.sprint_short_names(dated["name"]))
        task_share = open_sched["subtasks_done"].astype(str) + " / " + open_sched["subtasks"].astype(str) + " tasks"
        bars = open_sched.assign(done=open_sched["pct_points" if in_points else "pct_count"].fillna(0.0),
                                 progress=(open_sched["points_done"].map("{:g}".format) + " / "
                                           + open_sched["points"].map("{:g}".format) + " pts, " + task_share)
                                 if in_points else task_share)
        order = list(bars.sort_values(["start", "priority_value"], ascending=[True, False])["epic"])
        bands = alt.Chart(dated).mark_rect(opacity=0.12).encode(
            x="start_date:T", x2="end_date:T",
            color=alt.Color("band:N", scale=alt.Scale(range=["#4c78a8", "#9ecae9"]), legend=None),
            tooltip=[alt.Tooltip("name:N", title="sprint"), alt.Tooltip("start_date:T", title="from"),
                     alt.Tooltip("end_date:T", title="to")])
        names_layer = alt.Chart(dated).mark_text(baseline="bottom", dy=-2, fontSize=14).encode(
            x="mid:T", y=alt.value(0), text="short:N")
        # big enough for a shared screen; an outline keeps an epic at 0% visible on its light fill
        spans = alt.Chart(bars).mark_bar(cornerRadius=4, height=24, stroke="#2e7d32", strokeWidth=1).encode(
            # one label form (Vega's default mixes "November" with "Nov 15"); the year when it changes
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%d %b" if lo.year == hi.year else "%d %b %Y",
                                                         labelOverlap=True)), x2="end:T",
            y=alt.Y("epic:N", sort=order, title=None, axis=alt.Axis(labelLimit=420, labelFontSize=14)),
            color=alt.Color("done:Q", title="% points done" if in_points else "% tasks done",
                            scale=alt.Scale(domain=[0, 100], range=["#e8f5e9", "#1b5e20"])),
            tooltip=["epic:N", "priority_name:N", "owner:N", "first_sprint:N", "last_sprint:N", "progress:N",
                     alt.Tooltip("pct_points:Q", title="% points"), alt.Tooltip("pct_count:Q", title="% tasks")])
        now_rule = alt.Chart(pd.DataFrame({"today": [pd.Timestamp(today)]})).mark_rule(color="red").encode(x="today:T")
        chart = alt.layer(bands, names_layer, spans, now_rule).properties(height=max(200, 36 * len(bars) + 40))
        st.altair_chart(ui.chart_theme(chart), width="stretch")
    st.subheader("Progress of every epic")
    prog = board.progress.assign(state=np.where(board.progress["is_closed"].astype(bool), "closed", "open"))
    st.caption("Subtasks closed as declined, invalid or a duplicate are out of the epic's scope: they are "
               "counted as dropped, not as done.")
    ui.show_table(measured(prog[["epic", "state", "priority_name", "owner", "subtasks_done", "subtasks", "points_done",
                                 "points", "unestimated", "subtasks_dropped", "pct_count", "pct_points"]])
                  .rename(columns={"priority_name": "priority", "subtasks_dropped": "dropped",
                                   "pct_count": "% tasks", "pct_points": "% points"}),
                  "epic progress")
    st.subheader("Open epics with no sprint")
    if unscheduled.empty:
        st.caption("Every open epic has work in a sprint.")
    else:
        ui.show_table(measured(unscheduled[["epic", "priority_name", "owner", "subtasks", "points"]])
                      .rename(columns={"priority_name": "priority"}), "open epics with no sprint")

# --- the board ---------------------------------------------------------------------------------
with tab_board:
    # the effective priority: a change made here and not yet pushed counts, as on the meeting screen
    # (the filter, the counts, the list and the priority form's picker); the table shows both
    tasks = pe.with_local_priorities(board.tasks, local, names)
    guide = loaders.load_column_guide(settings.database_url, run_key)
    sprint_options = board.sprints.sort_values("milestone", ascending=False)
    sprint_labels = dict(zip(sprint_options["phid"], sprint_options["name"]))
    f1, f2, f3 = st.columns(3)
    chosen_cols = f1.multiselect("Workboard column", [*board.main_columns, rm.NO_COLUMN], key="f_column")
    level_label = rm.level_labels(levels)
    chosen_prio = f2.multiselect("Priority", list(level_label), format_func=level_label.get, key="f_priority",
                                 help="The priority this dashboard holds: a change made here and not yet in "
                                      "Phabricator counts, as on the meeting screen.")
    owners = sorted(tasks["owner"].dropna().unique().tolist())
    chosen_owner = f3.multiselect("Owner", [rm.NO_OWNER, *owners], key="f_owner")
    f4, f5 = st.columns([2, 1])
    epic_labels = list(board.progress.loc[~board.progress["is_closed"].astype(bool), "epic"])
    chosen_epic = f4.multiselect("Epic", [rm.NO_EPIC, *epic_labels], key="f_epic")
    status = f5.radio("Open or closed", ["open", "closed", "all"], horizontal=True, key="f_status")
    status_names = sorted(tasks["status_name"].fillna(tasks["status"]).dropna().unique().tolist())
    f7, f8 = st.columns([2, 1])
    chosen_scols = f7.multiselect("Sprint-board column", [*board.sprint_columns, rm.NO_COLUMN], key="f_sprint_column")
    chosen_statuses = f8.multiselect("Status", status_names, key="f_statuses")
    base = rm.TaskFilter(columns=tuple(chosen_cols), priorities=tuple(chosen_prio), owners=tuple(chosen_owner),
                         epics=tuple(chosen_epic), status=None if status == "all" else status,
                         statuses=tuple(chosen_statuses))
    shown = rm.filter_tasks(tasks, rm.TaskFilter(**{**base.__dict__, "sprint_columns": tuple(chosen_scols)}))
    if status == "open":
        st.caption("The counts and the list follow the filters: open tasks only (choose **all** to count the "
                   "closed ones, e.g. in a Done column).")
    left, right = st.columns(2)
    with left:
        st.subheader("Per workboard column")
        counts = rm.with_column_meanings(rm.board_counts(shown, "column_name", board.main_columns,
                                                         drop_if_empty=board.sprint_proxy_columns), guide, "workboard")
        if len(counts) and not counts["what it is for"].any() and (guide["board"] == "workboard").any():
            st.caption("The team page's guide to the board columns describes none of these columns (the wiki's "
                       "names differ from the board's): see the Team screen for what it says.")
        ui.show_table(measured(counts), "tasks per workboard column", column_config=MEANING_COLUMN)
    with right:
        # which sprint's board to count (not a filter of the task list below)
        chosen_sprint = st.selectbox(
            "Sprint board", list(sprint_labels), index=(list(sprint_labels).index(sprint["phid"])
                                                        if sprint and sprint["phid"] in sprint_labels else 0)
            if sprint_labels else None, format_func=lambda p: sprint_labels.get(p, p), key="f_sprint")
        st.subheader(f"Per column of {ui.md(sprint_labels.get(chosen_sprint, 'the sprint'))}")
        in_sprint = shown[shown["sprint_phid"] == chosen_sprint] if chosen_sprint else shown.iloc[0:0]
        if in_sprint.empty:
            st.caption("No task of this sprint matches the filters.")
        ui.show_table(measured(rm.with_column_meanings(rm.board_counts(in_sprint, "sprint_column", board.sprint_columns),
                                                       guide, "sprint")),
                      "tasks per sprint-board column", column_config=MEANING_COLUMN)
    st.subheader(f"Tasks ({len(shown)})")
    table = shown.assign(task=label(shown), priority_name=shown["phabricator_name"],
                         local_priority=shown["priority_name"].where(shown["changed_here"]))
    ui.show_table(measured(table[["task", "status_name", "priority_name", "local_priority", "points", "owner", "column_name",
                                  "sprint", "sprint_column", "epic"]])
                  .rename(columns={"status_name": "status", "priority_name": "priority",
                                   "local_priority": "changed here (not yet in Phabricator)",
                                   "column_name": "column", "sprint_column": "sprint column"}),
                  "tasks", key="csv-board-tasks", column_config=TASK_COLUMNS)

# --- the current sprint ------------------------------------------------------------------------
with tab_sprint:
    if sprint is None:
        st.info("No sprint milestone with dates yet: set the milestones' start/end fields in Phabricator, put the "
                "days in their names (\"Sprint 14 (Mar 4 – Mar 15)\"), or set SPRINT_CADENCE_START in the configuration.")
    else:
        goals = roadmap_reads.sprint_goals(engine, sprint["phid"])
        # the priorities agreed here count, as on the meeting screen, before they reach Phabricator
        in_sprint = board.tasks[board.tasks["sprint_phid"] == sprint["phid"]]
        summary = rm.sprint_summary(pe.with_local_priorities(in_sprint, local, names), sprint["phid"], goals,
                                    board.priorities)
        st.subheader(f"{ui.md(sprint['name'])}: {sprint['start_date']:%d %b} – {sprint['end_date']:%d %b %Y}")
        figures = ([("Committed points", f"{summary.committed_points:g}"), ("Done points", f"{summary.done_points:g}")]
                   if in_points else [("Open tasks", summary.tasks - summary.tasks_done)])
        m = st.columns(len(figures) + 2)
        for column, (title, value) in zip(m, figures + [("Tasks done", f"{summary.tasks_done} / {summary.tasks}")]):
            column.metric(title, value)
        m[-1].metric("Time left", rm.days_left_text(sprint["end_date"].date(), utcnow().date()),
                     help="Working days from today on, today included; the other figures are as of the last sync.")
        st.markdown("**Sprint goals**, ranked (the process: 2-3 priorities per sprint)")
        if summary.too_many_goals:
            st.warning(f"{summary.goals} goals: the team agreed on no more than {rm.MAX_SPRINT_GOALS} per sprint.")
        epic_choice = {e: p for e, p in zip(board.progress["epic"], board.progress["phid"])}
        shown_goals = goals.assign(epic=goals["epic_phid"].map({p: e for e, p in epic_choice.items()}))
        if viewer.can_edit:
            st.caption(rm.GOALS_RULE)
            with st.form("sprint_goals_form"):
                edited = st.data_editor(
                    shown_goals[["rank", "goal", "epic"]], num_rows="dynamic", hide_index=True,
                    key=ui.form_key("goals", "goals_editor"),  # starts over from the stored goals once saved
                    column_config={"rank": st.column_config.NumberColumn("rank", min_value=1, step=1),
                                   "goal": st.column_config.TextColumn("goal", required=True),
                                   "epic": st.column_config.SelectboxColumn("epic", options=list(epic_choice))},
                    width="stretch")
                if st.form_submit_button("Save sprint goals"):
                    rows = edited.assign(epic_phid=edited["epic"].map(epic_choice))
                    try:
                        saved = pe.save_sprint_goals(engine, sprint_phid=sprint["phid"], rows=rows, viewer=viewer,
                                                     seen=goals)
                    except pe.EditRefused as exc:
                        st.error(f"Not saved: {ui.md(exc)}")
                    else:
                        if not saved.changed:  # nothing written: never a "saved"; what was typed stays
                            st.info(" ".join(filter(None, ["Nothing saved: the goals are as stored.", saved.left_out])))
                        else:  # rows left out: a warning, also in a toast where the editor is
                            ui.after_edit(" ".join(filter(None, ["Sprint goals saved.", saved.left_out])),
                                          kind="warning" if saved.left_out else "success", renew=("goals",))
        if goals.empty:
            st.caption("No goals recorded for this sprint yet." + ("" if viewer.can_edit else " Editors add them here."))
        else:
            ui.show_table(shown_goals[["rank", "goal", "epic", "actor", "at"]], "sprint goals")
        st.markdown("**Flags**")
        if not in_points:  # every task would be flagged unestimated
            st.caption("Most of this board's sprint work has no story points: no flags for large or unestimated tasks.")
        flags = ([
            (summary.large, f"Tasks of {rm.LARGE_TASK_POINTS}+ points: larger than a week's work, a sign to break "
                            "them up", "large tasks"),
            (summary.unestimated, "Unestimated tasks in the sprint", "unestimated tasks"),
        ] if in_points else []) + [
            (summary.urgent_unowned, f"{ui.md(rm.urgent_levels_text(board.priorities))} tasks of the sprint that need an "
                                     "owner (none, or a bot or disabled account)", "urgent tasks that need an owner"),
        ]
        for frame, title, name in flags:
            if frame.empty:
                st.success(f"{title}: none.")
            else:
                st.warning(f"{title}: {len(frame)}.")
                ui.show_table(measured(frame.assign(task=label(frame))[["task", "priority_name", "points", "owner",
                                                                        "sprint_column"]])
                              .rename(columns={"priority_name": "priority", "sprint_column": "sprint column"}), name)

# --- what changed since the last meeting ----------------------------------------------------------
with tab_changes:
    reference = good or utcnow()
    slot, slot_from_wiki = meetings.leads_slot(loaders.load_meeting_rituals(settings.database_url, run_key))
    default_since = meetings.last_meeting(reference, slot)
    since_day = st.date_input(
        "Changes since", value=default_since.date(), key="since_day",
        max_value=reference.date(),  # the data's moment: nothing after it is known yet
        help=f"Defaults to the last team-leads meeting ({slot.describe()}"
             + (", from the team page's meetings table)." if slot_from_wiki else
                "; the team page gives no weekly day and time for it).")
             + " Up to the last sync; what changed before the first sync is not known.")
    since = default_since if since_day == default_since.date() else datetime.combine(since_day, datetime.min.time())
    calendar_today = utcnow().date()
    history_from = roadmap_reads.history_start(engine)
    if not rm.changes_known_since(since, history_from):
        # counting from before the history would show every task as added and nothing closed or moved
        st.info(f"What changed since {rm.moment_text(since, calendar_today)} UTC is not known: "
                + (f"the syncs' history starts with the first sync, {rm.moment_text(history_from, calendar_today)} "
                   "UTC. Choose a later day." if history_from is not None else
                   "the syncs have kept no history yet."))
    else:
        changes = loaders.load_changes(settings.database_url, run_key, since)
        counts = rm.change_counts(changes)
        c = st.columns(len(counts))
        for col, (kind, n) in zip(c, counts.items()):
            col.metric(kind, n)
        if changes.empty:
            st.info(f"No change recorded by the syncs since {rm.moment_text(since, calendar_today)} UTC."
                    + (" (Only one sync so far: changes show from the second sync on.)" if run_key[0] == 1 else ""))
        else:
            ui.show_table(changes[["change", "task", "from", "to", "owner", "observed_at"]]
                          .rename(columns={"observed_at": "seen by the sync at"}), "changes since the last meeting")

# --- priorities: edit, review, push ------------------------------------------------------------
with tab_prio:
    st.subheader("Change a priority")
    if levels.empty:
        st.info("The server's priority levels have not been synced yet; priorities can be changed after a sync.")
    elif not viewer.can_edit:
        st.caption(("Nobody is signed in" if viewer.name == ANONYMOUS else f"You are signed in as {ui.md(viewer.name)}")
                   + " with the viewer role: this screen is read-only.")
    else:
        if viewer.open_mode:
            st.caption("No login is configured: the app runs open and everyone may edit.")
        pickable = shown[~shown["is_closed"].astype(bool)].sort_values(["priority_value", "id"], ascending=[False, True])
        if len(pickable) > MAX_PICK:
            st.caption(f"The picker offers the {MAX_PICK} highest-priority open tasks of the board's filters; "
                       "narrow the filters on the Board tab to reach others.")
            pickable = pickable.head(MAX_PICK)
        current = pickable["phid"].map(local).fillna(pickable["priority_value"]).map(names).fillna("no priority")
        # a task the team only follows (Following, Freezer) is left out of the meeting's lists: say so here
        aside = np.where(rm.our_work(pickable, rm.watched_columns(board.tasks, guide)), "", " · in " + pickable["column_name"].fillna("") + ", not on the meeting screen")
        picks = dict(zip(label(pickable) + " · now " + current + aside, pickable["phid"]))
        st.caption("Open tasks matching the Board tab's filters, highest priority first.")
        if not picks:
            st.info("No open task matches the board's filters.")
        else:
            # No task is preselected (a hurried save must not change the first one), and a refused
            # save keeps what was chosen and typed; a saved one starts the form over (form_key).
            with st.form("priority_form"):
                task_label = st.selectbox("Task", list(picks), index=None, key=ui.form_key("priority", "edit_task"),
                                          placeholder="Choose a task (type to search)")
                value = st.selectbox("New priority", [int(v) for v in pe.settable_levels(levels)["value"]], index=None,
                                     format_func=level_label.get, key=ui.form_key("priority", "edit_priority"),
                                     placeholder="Choose one of the server's levels")
                level_name = level_label.get(value)
                reason = st.text_input("Reason (optional)", key=ui.form_key("priority", "edit_reason"))
                submitted = st.form_submit_button("Save priority change", type="primary")
            if submitted and (task_label is None or level_name is None):
                st.error("Choose " + " and ".join(w for w, v in (("the task", task_label), ("the new priority", level_name))
                                                  if v is None) + ".")
            elif submitted:
                phid = picks[task_label]
                seen = local.get(phid, board.tasks.loc[board.tasks["phid"] == phid, "priority_value"].iloc[0])
                try:
                    result = pe.record_edit(engine, task_phid=phid, new_value=value, viewer=viewer, reason=reason,
                                            seen_value=None if pd.isna(seen) else int(seen))
                except pe.EditRefused as exc:
                    st.error(f"Not saved: {ui.md(exc)}")
                else:
                    ui.after_edit(ui.md(
                        f"Saved: {task_label.split(' · now ')[0]} from {names.get(result.old_value, 'unset')} to {level_name}"
                        + (": Phabricator's own level, so the change waiting to be pushed is dropped" if result.reverted
                           else "")
                        + (f" (note: {result.overrode['actor']} had changed it meanwhile; both are kept)"
                           if result.overrode and not result.reverted else "") + "."), renew=("priority",))

    st.subheader("Changes made here")
    pending = pe.pending_changes(engine)
    can_push = bool(settings.phabricator_url and settings.phabricator_token)
    if pending.empty:
        st.caption("No pending priority change.")
    else:
        if not can_push:
            st.warning(f"**Not yet in Phabricator**: the changes of {count(pending['task_phid'].nunique(), 'task')} are kept "
                       "in this dashboard only. "
                       "Pushing needs PHABRICATOR_URL and a PHABRICATOR_TOKEN with write access (see README).")
        stored = pe.in_store(pending)
        review = pending.assign(
            task=("T" + pending["task_id"].astype("Int64").astype(str) + " " + pending["title"].fillna(""))
            .where(stored, pending["task_phid"] + " (not in the store)"),
            **{"from": pending["old_value"].map(names), "to": pending["new_value"].map(names),
               "phabricator_now": pending["remote_value"].map(names)})
        ui.show_table(review[["task", "from", "to", "actor", "at", "reason", "phabricator_now", "conflict", "push_result"]]
                      .rename(columns={"phabricator_now": "Phabricator now", "push_result": "last push"}),
                      "pending priority changes")
        conflicts = review[review["conflict"]].drop_duplicates("task_phid", keep="last")
        for row in conflicts.itertuples():
            st.error(f"Conflict on {ui.md(row.task)}: this dashboard has **{ui.md(row.to)}** ({ui.md(row.actor)}), "
                     f"but Phabricator changed it to **{ui.md(row.phabricator_now)}** since. Pick one.")
            if viewer.can_edit:
                k1, k2, _ = st.columns([1, 1, 3])
                choice = None
                if k1.button("Keep mine", key=f"keep-{row.task_phid}"):
                    choice = pe.KEEP_MINE
                if k2.button("Take Phabricator's", key=f"take-{row.task_phid}"):
                    choice = pe.TAKE_THEIRS
                if choice:
                    try:
                        pe.resolve_conflict(engine, task_phid=row.task_phid, choice=choice, viewer=viewer)
                    except pe.EditRefused as exc:
                        st.error(f"Not resolved: {ui.md(exc)}")
                    else:
                        ui.after_edit()
        if viewer.can_edit:
            d1, d2 = st.columns([3, 1])
            pending_tasks = dict(zip(review["task"], review["task_phid"]))
            drop = d1.selectbox("Discard the pending change of", list(pending_tasks), key="discard_task")
            if d2.button("Discard", key="discard_button"):
                try:
                    n = pe.discard_pending(engine, task_phid=pending_tasks[drop], viewer=viewer)
                except pe.EditRefused as exc:
                    st.error(f"Not discarded: {ui.md(exc)}")
                else:
                    ui.after_edit(ui.md(f"Discarded {count(n, 'pending change')} of {drop}: the task keeps Phabricator's "
                                        "level (the audit log keeps the change)."))
        if viewer.can_edit and can_push:
            if not stored.all():
                n_orphans = pending.loc[~stored, 'task_phid'].nunique()
                st.caption(f"{count(n_orphans, 'task')} with a change here {plural(n_orphans, 'is', 'are')} not in the "
                           "store (changes made on the demo data before the first real sync?): they are not pushed; "
                           "discard them above.")
            if stored.any() and st.button(f"Push {count(pending.loc[stored, 'task_phid'].nunique(), 'task')} to Phabricator",
                                          type="primary", key="push_button"):
                try:
                    from lib.sync.conduit import Conduit

                    conduit = Conduit.from_settings(settings)
                except ConfigError as exc:
                    st.error(f"Cannot push: {ui.md(exc)}")
                else:
                    try:
                        with st.spinner("Pushing to Phabricator…"):
                            outcomes = pe.push_pending(engine, conduit, viewer)
                    except pe.EditRefused as exc:
                        outcomes = []
                        st.error(f"Push stopped: {ui.md(exc)}")
                    finally:
                        conduit.http.close()
                    ui.clear_caches()
                    shown = {pe.PUSHED: st.success, pe.SKIPPED: st.warning}
                    for o in outcomes:
                        shown.get(o.outcome, st.error)(f"T{o.task_id}: {ui.md(o.message)}")

    with st.expander("Recent priority changes (audit log)"):
        ui.show_table(pe.readable_audit(roadmap_reads.audit_rows(engine, pe.ENTITY_TASK), board.tasks, names),
                      "priority audit log")
