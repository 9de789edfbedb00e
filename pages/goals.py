"""Quarterly goals, for program owners and the CTO: where each goal stands, what the planning timeline
expects by now, the guidance's checks, stage changes, conflicts with the wiki, and the wikitext to
paste back. Rules live in lib.goals; writes in lib.goals_edits."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lib import goals as rules
from lib import goals_edits, loaders, ui
from lib.store import goals_reads
from lib.store.engine import utcnow
from lib.words import count, plural

STATUS_COLORS = {"done": "#9e9e9e", "overdue": "#d32f2f", "open": "#1976d2", "event": "#cfd8dc",
                 rules.NOT_MARKED_DONE: "#bcaaa4"}
CHECKS_WIDTH_MOST = 500   # program, title, owner and stages take 875 of the 1460 px a 1920 px screen gives


@st.cache_data(ttl=300, show_spinner=False)
def load_audit(database_url: str, quarter: str) -> pd.DataFrame:
    return goals_reads.stage_audit(ui.engine(), quarter)


def timeline_chart(timeline: pd.DataFrame, today):
    """Bars from each activity's start to its end, coloured by status, with today marked (at the edge,
    labelled with its date, when today lies outside the planning period)."""
    data = rules.timeline_chart_data(timeline, today)
    if data.empty:
        return None
    lo, hi = data["start"].min(), data["end"].max()
    now = pd.Timestamp(today)
    if now < lo:
        mark, label = lo, f"← today ({today:%Y-%m-%d})"
    elif now > hi:
        mark, label = hi, f"today ({today:%Y-%m-%d}) →"
    else:
        mark, label = now, "today"
    statuses = [s for s in STATUS_COLORS if s in set(data["status"])]
    bars = alt.Chart(data).mark_bar(cornerRadius=3).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%d %b %Y", labelOverlap=True)),
        x2="end:T",
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField(field="position", order="ascending"),
                axis=alt.Axis(labelLimit=380)),
        color=alt.Color("status:N", title="Status",
                        scale=alt.Scale(domain=statuses, range=[STATUS_COLORS[s] for s in statuses])),
        tooltip=[alt.Tooltip("label:N", title="Activity"), alt.Tooltip("who:N", title="Who"),
                 alt.Tooltip("due:T", title="Due"), alt.Tooltip("status:N", title="Status")],
    )
    marker = pd.DataFrame({"at": [mark], "label": [label]})
    rule = alt.Chart(marker).mark_rule(color="black", strokeDash=[6, 3], size=2).encode(x="at:T")
    text = alt.Chart(marker).mark_text(align="left" if mark < hi else "right", dx=4 if mark < hi else -4,
                                       dy=-6, fontSize=14, fontWeight="bold").encode(
        x="at:T", y=alt.value(0), text="label:N")
    return ui.chart_theme((bars + rule + text).properties(height=max(220, 34 * len(data))))


def checks_column(goals: pd.DataFrame) -> dict:
    """The failed checks in words, read whole: most goals pass every check, and a grid sizing a mostly
    empty column leaves the long cells out (see `ui.text_width`): the column was cut to "depende"."""
    return ui.whole_text(goals, "checks", most=CHECKS_WIDTH_MOST)


def goal_label(row: dict) -> str:
    return f"{row['program']} · {row['title']} ({row['stage']})"


st.title("Quarterly goals")
ui.data_age_banner()
viewer = ui.current_viewer()
url = ui.settings().database_url
today = utcnow().date()

quarters = loaders.load_quarters(url, run_key := loaders.run_key(ui.engine()))
if not quarters:
    st.info("No quarterly goals or planning timeline in the store yet. They come from the goals and process "
            "wiki pages: run a sync (page **Sync & status**, or `python -m lib.sync --demo` for the demo data).")
    st.stop()

quarter = st.selectbox("Quarter", quarters, index=0, key="goals-quarter")
whole = rules.quarter_view(quarter, loaders.load_quarter(url, run_key, quarter), today)
all_programs = sorted(whole.goals["program"].unique(), key=rules.program_sort_key) if not whole.goals.empty else []
chosen = st.multiselect("Programs", all_programs, placeholder="All programs", key="goals-programs")
view = rules.for_programs(whole, chosen)  # every figure below is for the programs chosen
goals = view.goals

ui.show_flash()

c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Goals", len(goals))
c2.metric("At final", "–" if view.share_final is None else f"{view.share_final:.0%}")
c3.metric("Programs behind", len(view.programs_behind))
c4.metric("Overdue activities", len(view.overdue), help="The quarter's planning timeline, shared by every program")
c5.metric("Conflicts with the wiki", len(view.conflicts))

# --- goals and checks --------------------------------------------------------------------------------
st.subheader("Goals")
if goals.empty:
    st.info(f"No goals for {quarter} on the goals wiki page yet. Program owners populate it with rough drafts "
            "(see the timeline below); the next sync brings them here.")
else:
    if view.pending:
        st.caption(f"{count(view.pending, 'stage change')} made here {plural(view.pending, 'is', 'are')} not on "
                   "the wiki yet: copy the wikitext at the bottom of this page into the goals page.")
    table = goals.assign(
        on_wiki=goals["pending"].map(lambda p: "no: changed here" if p else "yes"),
    )[["program", "title", "owner", "stage", "wiki_stage", "on_wiki", "outcome", "dependencies",
       "dependencies_confirmed", "deployment_dates", "results", "checks"]]  # checks last: wide, and tabled below
    ui.show_table(table, f"goals {quarter}", key="csv-goals",
                  column_config={**checks_column(table), **ui.whole_text(table, "on_wiki")})  # "no: changed here"

orphans = goals_reads.orphaned_stage_edits(ui.engine())
if not orphans.empty:
    st.warning(f"{count(len(orphans), 'stage change')} made here {plural(len(orphans), 'belongs', 'belong')} to "
               "goals that are no longer on the wiki page under the same wording (reworded, moved or removed there). They are kept; check them against "
               "the goals above and make the change again where it still applies.")
    ui.show_table(orphans.assign(goal=orphans["goal_key"].str.split("|").str[-1])
                  [["goal", "old_stage", "new_stage", "actor", "at"]], "stage changes without their goal")
if view.programs_without_goals and not chosen:
    st.caption("Programs on the process page without goals this quarter: "
               + ", ".join(ui.md(p) for p in view.programs_without_goals))

st.subheader("Checks from the guidance")
if not goals.empty and not rules.outcomes_given(whole.goals):  # the checks are the whole quarter's
    st.caption("No goal on the goals page names an annual-plan outcome (the page has no such column, or it is "
               "empty everywhere): that check is left out.")
flagged = goals[goals["checks"].astype(str) != ""] if not goals.empty else goals
if goals.empty:
    st.info("Nothing to check: no goals.")
elif flagged.empty:
    st.success(("Every goal ties to an annual-plan outcome, has its dependencies confirmed, and plans no "
                if rules.outcomes_given(whole.goals) else "Every goal has its dependencies confirmed and plans no ")
               + "deployment in a no-deployment week.")
else:
    n = lambda col: int(flagged[col].astype(bool).sum())  # noqa: E731
    st.caption(f"{n('no_outcome')} without an annual-plan outcome · {n('dependencies_unconfirmed')} with "
               f"dependencies not confirmed · {int((flagged['deploys_in_freeze'] != '').sum())} deploying in a "
               "no-deployment week")
    ui.show_table(flagged[["program", "title", "owner", "stage", "checks", "dependencies",
                           "deployment_dates"]], f"goal checks {quarter}", key="csv-checks",
                  column_config=checks_column(flagged))

# --- timeline ----------------------------------------------------------------------------------------
st.subheader("Planning timeline")
if view.timeline.empty:
    st.info(f"No planning timeline for {quarter}: it comes from the process wiki page's timeline table.")
else:
    chart = timeline_chart(view.timeline, today)
    if chart is None:
        st.info("No activity on the timeline has a date the sync could read; they are listed below.")
    else:
        st.altair_chart(chart, width="stretch")
    unmarked = int((view.timeline["status"] == rules.NOT_MARKED_DONE).sum())
    if unmarked:
        st.caption(f"This quarter's planning is over: {unmarked} activit{'y was' if unmarked == 1 else 'ies were'} "
                   "never marked done on the wiki's timeline; they are history, not overdue.")
    elif view.overdue.empty:
        st.success("No activity is overdue.")
    else:
        st.error(f"{len(view.overdue)} activit{'y is' if len(view.overdue) == 1 else 'ies are'} overdue:")
        ui.show_table(view.overdue, f"overdue activities {quarter}", key="csv-overdue")
    ui.show_table(view.timeline[["dates_text", "who", "activity", "deliverable", "deadline_text", "due",
                                 "status"]], f"timeline {quarter}", key="csv-timeline",
                  column_config={"dates_text": "dates", "deadline_text": "deadline (as written)"})

st.subheader("Programs behind the expected stage")
if view.milestones.empty:
    st.info("The planning timeline names no stage deadline" + (" (there is none for this quarter)" if view.timeline.empty
                                                                else "") + ", so no program can be behind one.")
elif view.expected_stage is None:
    st.info("By the timeline, no stage deadline has passed yet.")
elif view.planning_over:
    st.caption(rules.planning_over_text(view))
elif view.programs_behind.empty:
    st.success(f"By now the timeline expects goals at {view.expected_stage!r}: every program is there.")
else:
    st.warning(f"By now the timeline expects goals at {view.expected_stage!r}. These programs are behind:")
    ui.show_table(view.programs_behind, f"programs behind {quarter}", key="csv-behind")
    ui.show_table(view.behind.drop(columns=["goal_key"]), f"goals behind {quarter}", key="csv-goals-behind")

# --- stage change --------------------------------------------------------------------------------------
st.subheader("Change a stage")
if not viewer.can_edit:
    st.info("You can view the goals, but changing a stage needs the editor role (EDITORS setting); "
            "approving needs the CTO role (APPROVERS).")
elif goals.empty:
    st.info("No goals to change.")
else:
    records = {r["goal_key"]: r for r in goals.to_dict("records")}
    keys = rules.movable_first(goals, can_edit=viewer.can_edit, is_approver=viewer.is_approver)
    # Nothing is chosen for the editor: a click on an untouched form (or a second click after a save,
    # when the form starts over) moves no goal.
    key = st.selectbox("Goal", keys, index=None, format_func=lambda k: goal_label(records[k]),
                       placeholder="Choose a goal (those you can move come first)",
                       key=ui.form_key("stage", "stage-goal"))
    row = records.get(key, {})
    allowed = rules.allowed_next_stages(row.get("stage"), can_edit=viewer.can_edit, is_approver=viewer.is_approver)
    if not row:
        st.caption("A goal moves one stage at a time; approving a final draft needs the CTO role.")
    elif row["conflict"]:
        st.warning("The wiki changed this goal's stage since it was changed here: resolve the conflict below "
                   "first.")
    elif not allowed:
        nxt = rules.next_stage(row["stage"])
        reason = (rules.transition_refusal(row["stage"], nxt, can_edit=viewer.can_edit,
                                           is_approver=viewer.is_approver) if nxt
                  else rules.transition_refusal(row["stage"], None, can_edit=True, is_approver=True))
        st.warning(f"You cannot move this goal: {ui.md(reason)}")
    else:
        with st.form("stage-change"):
            new_stage = st.selectbox("Move to", allowed, index=None, placeholder="Choose the stage", key="stage-new")
            why = st.text_input("Reason (kept in the audit log)", key=ui.form_key("stage", "stage-reason"))
            submitted = st.form_submit_button("Change stage")
        if submitted and new_stage is None:
            st.error("Not changed: choose the stage to move the goal to.")
        elif submitted:
            try:
                goals_edits.change_stage(ui.engine(), goal_key=key, from_stage=row["stage"], to_stage=new_stage,
                                         viewer=viewer, reason=why.strip() or None)
            except goals_edits.EditRefused as exc:
                st.error(f"Not changed: {ui.md(exc)}")
            else:
                ui.after_edit(f"Stage of {ui.md(row['program'])} · {ui.md(row['title'])} changed from "
                              f"{ui.md(repr(row['stage']))} to {ui.md(repr(new_stage))}. Copy the wikitext below to the wiki.",
                              renew=("stage",))

# --- conflicts -------------------------------------------------------------------------------------------
st.subheader("Conflicts with the wiki")
if view.conflicts.empty:
    st.caption("None: no stage changed here has been changed differently on the wiki since.")
else:
    st.warning("The wiki moved these goals to another stage after they were changed here. Nothing was "
               "overwritten: choose which stage holds.")
    ui.show_table(view.conflicts.drop(columns=["goal_key", "edit_id"]), f"conflicts {quarter}", key="csv-conflicts")
    if viewer.can_edit:
        for c in view.conflicts.to_dict("records"):
            st.text(f"{c['program']} · {c['title']}: wiki says {c['wiki_stage']}, changed here to {c['your_stage']}")
            left, right = st.columns(2)
            choice = None
            if left.button("Keep mine", key=f"keep-{c['edit_id']}"):
                choice = goals_edits.KEEP_MINE
            if right.button("Take the wiki's", key=f"wiki-{c['edit_id']}"):
                choice = goals_edits.TAKE_WIKI
            if choice:
                try:
                    holds = goals_edits.resolve_conflict(ui.engine(), goal_key=c["goal_key"], choice=choice,
                                                         viewer=viewer)
                except goals_edits.EditRefused as exc:
                    st.error(f"Not resolved: {ui.md(exc)}")
                else:
                    ui.after_edit(f"Conflict resolved: the goal stays at {ui.md(repr(holds))}.")

# --- export ---------------------------------------------------------------------------------------------
st.subheader("Copy back to the wiki")
if whole.goals.empty:
    st.caption("No goals to export.")
else:
    to_make = whole.goals[whole.goals["pending"].astype(bool)]
    if not to_make.empty:
        st.caption("The stage cells to change on the goals wiki page (the safest way back: the rest of the "
                   "page stays as its authors wrote it):")
        ui.show_table(to_make[["program", "title", "wiki_stage", "stage"]].rename(
            columns={"wiki_stage": "stage on the wiki", "stage": "change it to"}), f"stage cells to change {quarter}",
            key="csv-stage-changes")
    st.caption("Or the whole goals table with the stages as they stand here (all programs), to paste over the "
               "wiki's. It is rebuilt from the text the sync read: links, templates and formatting inside "
               "cells are not kept.")
    st.code(rules.goals_wikitext(whole.goals, quarter), language=None)

st.subheader("Recent stage changes")
audit = load_audit(url, quarter)
if audit.empty:
    st.caption("No stage has been changed in the dashboard this quarter.")
else:
    ui.show_table(audit, f"stage changes {quarter}", key="csv-audit")
