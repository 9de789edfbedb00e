"""Executive view: where the quarter's goals stand, at one glance. Read-only on purpose: the quarter
selector and the CSV downloads are its only widgets. Opens directly at /executive (add ?quarter=... to
link a given quarter)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lib import goals as rules
from lib import loaders, ui
from lib.store.engine import utcnow
from lib.words import count

STAGE_COLORS = ("#bdbdbd", "#90caf9", "#1e88e5", "#2e7d32")


def stage_bar(goals: pd.DataFrame):
    """One horizontal bar per program, stacked by stage in process order."""
    long = rules.stage_counts_long(goals)
    order = list(dict.fromkeys(long["program"]))  # TP1, TP2 ... TP10, as the table below
    return ui.chart_theme(alt.Chart(long).mark_bar().encode(
        y=alt.Y("program:N", title=None, sort=order, axis=alt.Axis(labelOverlap=False, labelLimit=320)),
        x=alt.X("goals:Q", title="Goals", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("stage:N", title="Stage", sort=list(rules.STAGES),
                        scale=alt.Scale(domain=list(rules.STAGES), range=list(STAGE_COLORS))),
        order=alt.Order("order:Q"),
        tooltip=["program", "stage", "goals"],
    ).properties(height=alt.Step(36)))  # a band per program, whatever their number: every label shows


def percent(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.0%}"


st.title("Executive view")
ui.data_age_banner()
url = ui.settings().database_url
today = utcnow().date()

quarters = loaders.load_quarters(url, run_key := loaders.run_key(ui.engine()))
if not quarters:
    st.info("No quarterly goals in the store yet: they arrive with the next sync of the goals wiki page.")
    st.stop()

wanted = st.query_params.get("quarter")
if wanted is not None and wanted not in quarters:  # a link to a quarter the store has not (yet): say so
    st.warning(f"No goals for the quarter {ui.md(wanted)} in the store: showing {ui.md(quarters[0])}. Quarters with "
               f"goals: {ui.md(', '.join(quarters))}.")
quarter = st.selectbox("Quarter", quarters, index=quarters.index(wanted) if wanted in quarters else 0,
                       key="exec-quarter")
view = rules.quarter_view(quarter, loaders.load_quarter(url, run_key, quarter), today)
previous = rules.previous_quarter(quarter, quarters)
before = rules.quarter_view(previous, loaders.load_quarter(url, run_key, previous), today) if previous else None

c1, c2, c3, c4 = st.columns(4)
c1.metric("Goals", len(view.goals))
# No arrow against the previous quarter: one that is over has its goals at final, so a quarter in
# planning would always read as a steep fall. The comparison below sets both side by side.
c2.metric("At final", percent(view.share_final))
c3.metric("Programs behind", len(view.programs_behind))
c4.metric("Overdue activities", len(view.overdue))

st.subheader("Goals by stage")
if view.goals.empty:
    st.info(f"No goals for {quarter} yet.")
else:
    st.altair_chart(stage_bar(view.goals), width="stretch")
    counts = view.counts.assign(share_final=view.counts["share_final"].map(percent))
    ui.show_table(counts, f"goals by stage {quarter}", key="csv-exec-counts", height=ui.table_height(len(counts)))
    if view.pending:
        st.caption(f"Includes {count(view.pending, 'stage change')} made in the dashboard and not yet on the wiki.")

st.subheader("Overdue or behind, and who owns it")
if view.timeline.empty:
    st.info(f"No planning timeline for {quarter} in the store (it comes from the process wiki page), so no "
            "deadline to be late for.")
elif view.planning_over:
    st.caption(rules.planning_over_text(view) + " Its unticked activities are history too, not overdue.")
elif view.overdue.empty and view.programs_behind.empty:
    st.success("Nothing is overdue and no program is behind the stage the timeline expects.")
else:
    if not view.overdue.empty:
        st.caption("Planning activities past their deadline:")
        ui.show_table(view.overdue, f"overdue activities {quarter}", key="csv-exec-overdue")
    if not view.programs_behind.empty:
        st.caption(f"Programs with goals behind {view.expected_stage!r}, the stage the timeline expects by now, "
                   "and their owners:")
        ui.show_table(view.programs_behind, f"programs behind {quarter}", key="csv-exec-behind",
                      height=ui.table_height(len(view.programs_behind)))

st.subheader("Compared with the previous quarter")
if before is None:
    st.info(f"There is no quarter before {quarter} in the store to compare with.")
else:
    st.caption(f"{quarter} against {previous}; results are what the owners documented for {previous}.")
    comparison = rules.quarter_comparison(view.goals, before.goals)
    for col in ("share_final", "previous_share_final"):
        comparison[col] = comparison[col].map(percent)
    ui.show_table(comparison, f"comparison {quarter} vs {previous}", key="csv-exec-comparison")
    if before.goals.empty:
        st.caption(f"No goals recorded for {previous}.")
    else:
        ui.show_table(before.goals[["program", "title", "owner", "stage", "results"]],
                      f"results {previous}", key="csv-exec-results")
