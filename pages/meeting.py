"""Leads meeting: the team-leads planning meeting on a big shared screen (open it at /meeting). Its day
and time come from the team page (Mondays in the seed), so the navigation names no weekday.

One section per agenda item of the meeting (process page: "Go over the current roadmap, identify
priorities, and adjust as needed. Assign people to priorities"), in a two-by-two grid with large type
and short lists, so nothing needs scrolling to find. Changes are made on the Roadmap screen.
"""

from __future__ import annotations


import pandas as pd
import streamlit as st

from lib import capacity as cap
from lib import priority_edits as pe
from lib import roadmap as rm
from lib import loaders, meetings, ui
from lib.store import reads, roadmap_reads
from lib.store.engine import utcnow
from lib.words import count, plural

TOP = 5  # rows per list: with the four sections, what fits a 1080-pixel shared screen

# Large type for a room: static CSS only (no remote text is ever rendered as HTML).
st.html("""<style>
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2.6rem; line-height: 1.2; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.15rem; }
[data-testid="stMetricLabel"] p { font-size: 1.2rem; }
h1 { font-size: 2.6rem !important; } h3 { font-size: 1.8rem !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
</style>""")

engine = ui.engine()
settings = ui.settings()
good = reads.last_good_sync(engine)
now = good or utcnow()  # the data's "now": sprint days left, "since the last meeting"
st.title(f"Team leads planning · {utcnow():%A %d %B %Y}")  # the meeting's day; the banner gives the data's age
ui.data_age_banner()


board, run_key = loaders.board_or_stop(engine, settings.database_url, "the meeting view")
rituals = loaders.load_meeting_rituals(settings.database_url, run_key)
leads = meetings.leads_meeting(rituals)
if leads:  # who is in the room and when, as the team page says (text, never HTML)
    st.caption(" · ".join(ui.md(leads[k]) for k in ("ritual", "cadence", "who") if leads.get(k)))

pending = pe.pending_changes(engine)
# the meeting sees the priorities it agreed, also before they are pushed to Phabricator
local = pe.local_values(pending)
tasks = board.tasks
progress = pe.with_local_priorities(board.progress, local, board.priority_names).sort_values(
    ["is_closed", "priority_value", "id"], ascending=[True, False, True])
sprint = rm.current_sprint(board.sprints, now.date())
goals = roadmap_reads.sprint_goals(engine, sprint["phid"]) if sprint else pd.DataFrame(columns=["rank", "goal"])
summary = rm.sprint_summary(pe.with_local_priorities(tasks[tasks["sprint_phid"] == sprint["phid"]], local,
                                                     board.priority_names),
                            sprint["phid"], goals, board.priorities) if sprint else None
since = meetings.last_meeting(now, meetings.leads_slot(rituals)[0])
changes = loaders.load_changes(settings.database_url, run_key, since)
urgent_values = rm.urgent_priority_values(board.priorities)
urgent_levels = ui.md(rm.urgent_levels_text(board.priorities))  # "Unbreak Now!/High", as the server names them
# columns the team only watches (Following, Freezer, or what the team page's guide says it won't work on)
watched = rm.watched_columns(tasks, loaders.load_column_guide(settings.database_url, run_key))
open_tasks = pe.with_local_priorities(tasks[~tasks["is_closed"].astype(bool) & rm.our_work(tasks, watched)], local,
                                      board.priority_names)
labels = rm.task_label(tasks["id"], tasks["title"]).set_axis(tasks["phid"])
in_points = cap.estimated_in_points(tasks)  # a board nobody estimates is counted in tasks

downloads: list[tuple[pd.DataFrame, str, str]] = []  # offered once, under the four sections


def table(df: pd.DataFrame, name: str, key: str) -> None:
    """A section's table; its CSV download waits below the sections, out of the room's way."""
    ui.show_table(df, name, key=key, download=False)
    downloads.append((df, name, key))


top_left, top_right = st.columns(2, gap="large")
bottom_left, bottom_right = st.columns(2, gap="large")

with top_left:
    st.subheader("1 · Go over the roadmap")
    if sprint is None:
        st.info("No dated sprint milestone yet.")
    else:
        st.markdown(f"**{ui.md(sprint['name'])}** · {sprint['start_date']:%d %b} – {sprint['end_date']:%d %b}, "
                    f"{rm.days_left_text(sprint['end_date'].date(), utcnow().date())}"
                    + (f" · figures as of the last sync, {now:%a %d %b}" if now.date() != utcnow().date() else ""))
        figures = ([("Points done", f"{summary.done_points:g} / {summary.committed_points:g}")] if in_points else []) + [
            ("Tasks done", f"{summary.tasks_done} / {summary.tasks}"),
            ("Open epics", int((~progress["is_closed"].astype(bool)).sum()))]
        for column, (label, value) in zip(st.columns(3), figures):
            column.metric(label, value)
    epics = progress[~progress["is_closed"].astype(bool)].head(TOP)
    if epics.empty:
        st.caption("No open epic.")
    else:
        if len(epics) < int((~progress["is_closed"].astype(bool)).sum()):
            st.caption(f"The {TOP} open epics of highest priority; all of them on the Roadmap.")
        done, of, pct, measure = (("points_done", "points", "pct_points", "points") if in_points else
                                  ("subtasks_done", "subtasks", "pct_count", "tasks"))
        table(epics.assign(done=epics[done].map("{:g}".format) + " / " + epics[of].map("{:g}".format))
              [["epic", "priority_name", "done", pct]]
              .rename(columns={"priority_name": "priority", "done": f"{measure} done", pct: "%"}),
              "meeting epics", key="csv-meeting-epics")

with top_right:
    st.subheader("2 · Identify priorities")
    history_from = roadmap_reads.history_start(engine)
    if rm.changes_known_since(since, history_from):
        counts = rm.change_counts(changes)
        st.markdown(f"Since the last meeting ({since:%a %d %b %H:%M} UTC): **{counts[rm.ADDED]}** added · "
                    f"**{counts[rm.CLOSED]}** closed · **{counts[rm.REPRIORITISED]}** re-prioritised · "
                    f"**{counts[rm.MOVED]}** moved")
    else:  # counted from before the first sync, every task would read as added
        begins = f"{rm.moment_text(history_from, utcnow().date())} UTC" if history_from else "with the first sync"
        st.markdown(f"Since the last meeting ({since:%a %d %b %H:%M} UTC): not known, the syncs' history "
                    f"starts {begins}.")
    urgent = open_tasks[open_tasks["priority_value"].isin(urgent_values)]
    triage_levels = rm.triage_priority_values(board.priorities)
    triage = open_tasks[open_tasks["priority_value"].isin(triage_levels)]
    m = st.columns(2)
    m[0].metric(f"Open {urgent_levels}", len(urgent), help=rm.not_our_work_text(tasks, watched))
    if triage_levels or board.priorities.empty:
        m[1].metric("Needs triage", len(triage))
    else:  # "0" would read as an empty triage queue
        m[1].metric("Needs triage", "no such level", help="This server's priority levels have no triage level.")
    if urgent.empty:
        st.caption(f"No open {urgent_levels} task.")
    else:
        top = urgent.sort_values(["priority_value", "id"], ascending=[False, True]).head(TOP)
        if len(top) < len(urgent):
            st.caption(f"The {len(top)} most urgent of {len(urgent)}, oldest first; all of them on the Roadmap's Board.")
        priority = top["priority_name"].where(~top["changed_here"], top["priority_name"] + " (changed here)")
        table(top.assign(task=labels.reindex(top["phid"]).values, owner=rm.owner_labels(top),
                         priority_name=priority)[["task", "priority_name", "owner"]]
              .rename(columns={"priority_name": "priority"}), "meeting urgent tasks", key="csv-meeting-urgent")

with bottom_left:
    st.subheader("3 · Adjust")
    if sprint is not None:
        if goals.empty:
            st.markdown("Sprint goals: *none recorded yet* (add them on the Roadmap screen).")
        else:
            st.markdown("Sprint goals:\n" + "\n".join(f"{int(r.rank)}. {ui.md(r.goal)}" for r in goals.itertuples()))
        if summary.too_many_goals:
            st.warning(f"{summary.goals} goals: no more than {rm.MAX_SPRINT_GOALS} per sprint.")
        m = st.columns(3)
        if in_points:  # on a board nobody estimates, every task would be unestimated
            m[0].metric(f"Tasks of {rm.LARGE_TASK_POINTS}+ pts", len(summary.large),
                        help="larger than a week's work: break them up")
            m[1].metric("Unestimated", len(summary.unestimated))
        else:
            m[0].metric("Open tasks", summary.tasks - summary.tasks_done)
            m[1].metric("Measured in", "tasks", help="Most of this board's sprint work has no story points: work is "
                        "counted in tasks.")
        m[2].metric("Urgent, no owner", len(summary.urgent_unowned),  # a longer label is cut at 1920 px
                    help=f"{urgent_levels} tasks of this sprint with no owner, or one who cannot do them (a bot, a "
                         "disabled account); the board's are counted below")
        st.caption("These count this sprint's open tasks; the urgent list in item 2 is the whole board's.")
    n_pending = pending["task_phid"].nunique() if not pending.empty else 0
    if n_pending:
        pushed = bool(settings.phabricator_url and settings.phabricator_token)
        st.warning(f"Priority changes of {count(n_pending, 'task')} made here are "
                   + ("waiting to be pushed to Phabricator." if pushed else "**not yet in Phabricator**."))
    st.markdown("Change priorities and goals on the [Roadmap](/roadmap) screen.")

with bottom_right:
    st.subheader("4 · Assign people to priorities")
    if sprint is not None:
        work = open_tasks[(open_tasks["sprint_phid"] == sprint["phid"]) & ~open_tasks["is_epic"].astype(bool)]
        per_person = rm.open_work_per_person(work, in_points).head(TOP + 1)  # fits 1080 px with the lines below
        if per_person.empty:
            st.caption("No open task in the current sprint.")
        else:
            table(per_person, "meeting open work per person", key="csv-meeting-people")
    unowned = open_tasks[rm.needs_an_owner(open_tasks) & ~open_tasks["is_epic"].astype(bool)]
    in_sprint = unowned[unowned["sprint_phid"] == sprint["phid"]] if sprint is not None else unowned.iloc[0:0]
    urgent_unowned = unowned[unowned["priority_value"].isin(urgent_values)]
    unowned_epics = progress[~progress["is_closed"].astype(bool)
                             & progress["phid"].isin(tasks.loc[rm.needs_an_owner(tasks), "phid"])]
    st.markdown(f"Need an owner: **{len(in_sprint)}** {plural(len(in_sprint), 'task')} of this sprint · "
                f"**{len(urgent_unowned)}** {urgent_levels} {plural(len(urgent_unowned), 'task')} on the board · "
                f"**{len(unowned_epics)}** open {plural(len(unowned_epics), 'epic')}")

if downloads:
    st.divider()
    for column, (df, name, key) in zip(st.columns(len(downloads)), downloads):
        with column:
            ui.csv_download(df, name, key=key)
