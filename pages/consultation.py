"""Consultation tracker: the plan synced from the wiki (phases, steps, groups, channels, roles), the
feedback stakeholders gave (entered here or imported from a CSV), and what answers each theme.

Storyboard: read the store (cached), compute with lib.consultation, render. Wiki and feedback text is
untrusted: it goes into tables, st.text or escaped markdown, never raw HTML."""

from __future__ import annotations


import altair as alt
import pandas as pd
import streamlit as st

from lib import consultation as c
from lib import consultation_edits as edits
from lib import loaders, ui
from lib.ui import md
from lib.store import consultation_reads as creads
from lib.store.engine import utcnow
from lib.words import count

NO_STEP = "(no step)"
CSV_TEMPLATE = ("stakeholder_group,channel,step,theme,text,date\n"
                "WMF staff,Survey,Public consultation,Documentation,Decisions are hard to find later.,2023-07-20\n")


@st.cache_data(ttl=600, show_spinner=False)
def load(_eng, database_url: str, run_key: tuple) -> dict:
    """The plan and its feedback, once per sync run (see lib.loaders); edits clear the cache."""
    return {
        "page": creads.consultation_page(_eng),
        "phases": creads.phases(_eng),
        "steps": creads.steps(_eng),
        "groups": creads.stakeholder_groups(_eng),
        "channels": creads.channels(_eng),
        "roles": creads.roles(_eng),
        "feedback": creads.feedback(_eng),
        "links": creads.theme_links(_eng),
        "goals": creads.goal_options(_eng),
        "epics": creads.epic_options(_eng),
    }


def date_axis(first, last) -> alt.Axis:
    """Months over a long plan, days over a short one: "%b %Y" at weekly ticks said "Apr 2023" four times."""
    span = (pd.Timestamp(last) - pd.Timestamp(first)).days if pd.notna(first) and pd.notna(last) else 0
    if span > 92:
        return alt.Axis(format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": 1}, labelOverlap=True)
    return alt.Axis(format="%d %b %Y", labelAngle=0, labelOverlap=True)


def timeline_chart(steps: pd.DataFrame, today) -> alt.LayerChart:
    """Bars from the end of the step before to the step's date; today as a dashed rule (the plan's last
    date for a plan long over, see chart_now); the current step in its own colour; steps without a date
    (not started, or done on no stated day) say so at that line."""
    tl = c.timeline_frame(steps, today)
    tl["step"] = [f"{p}. {a}" for p, a in zip(tl["position"], tl["activity"])]
    tl["shown"] = ["current step" if cur else st_ for cur, st_ in zip(tl["current"], tl["status"])]
    order = tl["step"].tolist()
    color = alt.Color("shown:N", title="status", legend=alt.Legend(orient="bottom", columns=2), scale=alt.Scale(
        domain=["done", "current step", "in progress", "not started"],
        range=["#4c78a8", "#e45756", "#f58518", "#bab0ac"]))
    y = alt.Y("step:N", sort=order, title=None, scale=alt.Scale(domain=order), axis=alt.Axis(labelLimit=320))
    dated = tl.dropna(subset=["end"])
    bars = alt.Chart(dated).mark_bar(height=14, cornerRadius=3).encode(
        x=alt.X("start:T", title=None, axis=date_axis(dated["start"].min(), dated["end"].max())), x2="end:T", y=y,
        color=color,
        tooltip=["step", "state", alt.Tooltip("start:T"), alt.Tooltip("end:T")])
    ends = alt.Chart(dated).mark_point(filled=True, size=90).encode(x="end:T", y=y, color=color)
    now, now_label = c.chart_now(tl, today)
    todo = tl[tl["end"].isna()].assign(at=pd.Timestamp(now))
    waiting = alt.Chart(todo).mark_text(align="left", dx=8, color="#6b6b6b", fontSize=14).encode(
        x="at:T", y=y, text="state:N")
    rule_df = pd.DataFrame({"at": [pd.Timestamp(now)], "label": [now_label]})
    rule = alt.Chart(rule_df).mark_rule(strokeDash=[6, 4], color="black").encode(x="at:T")
    label = alt.Chart(rule_df).mark_text(align="right", dx=-4, dy=-8, fontSize=14).encode(
        x="at:T", y=alt.value(0), text="label:N")
    return ui.chart_theme(alt.layer(bars, ends, waiting, rule, label).properties(height=timeline_height(tl)))


def timeline_height(tl: pd.DataFrame) -> int:
    """Room for one 36 px row per step plus the axis, today's label and the legend (they share the height)."""
    return 150 + 36 * len(tl)


def feedback_chart(counts: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(counts).mark_bar().encode(
        x=alt.X("sum(items):Q", title="feedback items", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("stakeholder_group:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
        # ten distinct hues: Streamlit's own palette pairs a dark and a light shade of one hue, which
        # neighbouring themes on a projector cannot be told apart by
        color=alt.Color("theme:N", title="theme", legend=alt.Legend(orient="bottom", columns=3),
                        scale=alt.Scale(scheme="tableau10")),
        tooltip=["stakeholder_group", "theme", "items"],
    ).properties(height=140 + 40 * counts["stakeholder_group"].nunique() + 24 * (counts["theme"].nunique() // 3 + 1))
    return ui.chart_theme(chart)


# --- query ---------------------------------------------------------------------------------------

st.title("Consultation")
ui.data_age_banner()
eng = ui.engine()
viewer = ui.current_viewer()
today = utcnow().date()
data = load(eng, ui.settings().database_url, loaders.run_key(eng))
steps, feedback, links = c.as_of(data["steps"], today), data["feedback"], data["links"]
groups = data["groups"]["name"].tolist()
channels = data["channels"]["name"].tolist()
themes = sorted(set(feedback["theme"]), key=str.casefold) if not feedback.empty else []

ui.show_flash()
if data["page"] is None and steps.empty and not groups:
    st.info("No consultation page synced yet. The plan (phases, steps, stakeholder groups, channels and "
            "roles) comes from the wiki page named by WIKI_CONSULTATION_PAGE: run a sync on **Sync & status**. "
            "Feedback can be recorded once stakeholder groups and channels are known.")
elif data["page"] is not None:
    st.caption(f"Plan from the wiki page “{md(data['page']['title'])}” (revision {data['page']['revid']}).")

# --- compute -------------------------------------------------------------------------------------

current, upcoming = c.current_step(steps), c.next_step(steps)
counts = c.counts_by_group_theme(feedback)
silent = c.groups_not_heard_from(groups, feedback)

# --- render --------------------------------------------------------------------------------------

col_now, col_next, col_fb = st.columns([2, 2, 1])
with col_now:
    st.caption("Current step")
    if current:
        st.markdown(f"**{md(current['activity'])}**  \n{c.status_label(current['status'], current['status_date'])}")
    else:
        st.markdown("No step in progress." if not steps.empty else "No steps synced.")
with col_next:
    st.caption("Next step")
    if upcoming:
        when = c.as_date(upcoming["status_date"])
        st.markdown(f"**{md(upcoming['activity'])}**  \n"
                    + (f"date: {when:%Y-%m-%d}" if when else "date: not on the wiki yet"))
    else:
        st.markdown("None left." if not steps.empty else "No steps synced.")
col_fb.metric("Feedback items", len(feedback), help=f"{count(len(silent), 'stakeholder group')} not heard from yet")

plan_tab, feedback_tab, themes_tab = st.tabs(["Plan", "Feedback", "Themes → goals & epics"])

with plan_tab:
    st.subheader("Phases and objectives")
    objectives = c.phase_objectives(data["phases"])
    if objectives.empty:
        st.info("No phases synced yet (the wiki page has no phase sections, or it was never synced).")
    else:
        ui.show_table(objectives, "phase objectives")

    st.subheader("Steps")
    if steps.empty:
        st.info("No consultation steps synced yet: the timeline appears after a sync of the consultation page.")
    else:
        st.altair_chart(timeline_chart(steps, today), width="stretch", height=timeline_height(steps))
        table = c.step_table(steps)
        ui.show_table(table, "consultation steps")

    left, right = st.columns(2)
    with left:
        st.subheader("Stakeholder groups")
        if groups:
            ui.show_table(data["groups"][["name"]].rename(columns={"name": "group"}), "stakeholder groups")
        else:
            st.info("No stakeholder groups synced yet.")
    with right:
        st.subheader("Channels")
        if channels:
            ui.show_table(data["channels"][["name"]].rename(columns={"name": "channel"}), "channels")
        else:
            st.info("No consultation channels synced yet.")

    for team, title in (("core", "Core team"), ("executive", "Executive roles")):
        st.subheader(title)
        roles = c.roles_table(data["roles"], team)
        if roles.empty:
            st.info(f"No {title.lower()} synced yet.")
        else:
            ui.show_table(roles, f"{team} roles")

with feedback_tab:
    st.subheader("Feedback per group and theme")
    if counts.empty:
        st.info("No feedback recorded yet." + (" Editors can add items below or import a CSV." if viewer.can_edit
                                                 else ""))
    else:
        chart = feedback_chart(counts)
        st.altair_chart(chart, width="stretch", height=chart.to_dict()["height"])
        ui.show_table(counts, "feedback per group and theme")

    st.subheader("Groups not heard from")
    if not groups:
        st.info("Stakeholder groups are not synced yet, so nobody can be listed here.")
    elif silent:
        ui.show_table(pd.DataFrame({"group": silent}), "groups not heard from")
    else:
        st.success("Every stakeholder group has given feedback.")

    st.subheader("Feedback log")
    if feedback.empty:
        st.info("The log is empty.")
    else:
        f1, f2 = st.columns(2)
        pick_groups = f1.multiselect("Filter by group", sorted(set(feedback["stakeholder_group"])), key="flt_group")
        pick_themes = f2.multiselect("Filter by theme", themes, key="flt_theme")
        shown = feedback
        if pick_groups:
            shown = shown[shown["stakeholder_group"].isin(pick_groups)]
        if pick_themes:
            shown = shown[shown["theme"].isin(pick_themes)]
        ui.show_table(shown.drop(columns=["id"]), "feedback log",
                      column_config={"text": st.column_config.TextColumn(width="large")})

    if viewer.can_edit:
        st.subheader("Record feedback")
        if not groups or not channels:
            st.info("Feedback needs the stakeholder groups and channels from the consultation page"
                    + (": sync it first." if data["page"] is None else
                       ", and the synced page names no "
                       + " or ".join(n for n, have in (("stakeholder groups", groups), ("channels", channels)) if not have)
                       + ": add them there, then sync."))
        else:
            step_names = [NO_STEP] + steps["activity"].tolist()
            default_step = step_names.index(current["activity"]) if current else 0
            with st.form("feedback_form"):
                a, b = st.columns(2)
                group = a.selectbox("Stakeholder group", groups, key="fb_group")
                channel = b.selectbox("Channel", channels, key="fb_channel")
                step = a.selectbox("Step", step_names, index=default_step, key="fb_step")
                # no max_value: the browser would keep its last good date and store that silently;
                # a future date is refused with a message instead (lib.consultation.validate_feedback)
                received = b.date_input("Received on", value=today, key="fb_date")
                theme = st.text_input("Theme", key="fb_theme",
                                      help="Existing themes: " + (md(", ".join(themes)) if themes else "none yet"))
                text = st.text_area("What they said", key=ui.form_key("feedback", "fb_text"))
                if st.form_submit_button("Save feedback", key="fb_save"):
                    try:
                        new_id = edits.add_feedback(eng, {
                            "stakeholder_group": group, "channel": channel,
                            "step": None if step == NO_STEP else step, "theme": theme, "text": text,
                            "received_on": received}, viewer=viewer, today=today)
                    except edits.EditRefused as exc:
                        st.error(md(exc))
                    else:
                        ui.after_edit(f"Feedback saved (item {new_id}).", renew=("feedback",))

            st.subheader("Import feedback from a CSV")
            st.caption("One row per item with the columns stakeholder_group, channel, theme, text, date "
                       "(YYYY-MM-DD) and optionally step; groups, channels and steps as listed on the Plan tab. "
                       "A file with any bad row imports nothing; rows already in the log are skipped. Row "
                       "numbers count the header as row 1, as in a spreadsheet.")
            st.download_button("Download a CSV template", CSV_TEMPLATE.encode("utf-8"),
                               file_name="feedback-template.csv", mime="text/csv", key="fb_template")
            upload = st.file_uploader("CSV file", type=["csv"], key="fb_csv",
                                      max_upload_size=c.MAX_IMPORT_BYTES // 1_000_000)
            if st.button("Import CSV", key="fb_import", disabled=upload is None):
                try:
                    report = edits.import_feedback_csv(eng, upload.getvalue(), viewer=viewer, today=today,
                                                       source=upload.name)
                except edits.EditRefused as exc:
                    ui.after_edit(f"Nothing imported: {md(exc)}", kind="error")
                duplicates = {"import duplicates": pd.DataFrame(
                    [(d.row, "; ".join(d.messages)) for d in report.duplicates], columns=["row", "duplicate of"])}
                if report.file_error:
                    ui.after_edit(f"Nothing imported: {md(report.file_error)}.", kind="error")
                elif not report.ok:
                    problems = pd.DataFrame([(p.row, "; ".join(p.messages)) for p in report.problems],
                                            columns=["row", "problem"])
                    ui.after_edit(f"Nothing imported: {len(report.problems)} of {report.rows_read} rows have "
                                  "problems. Fix them and import the whole file again.", kind="error",
                                  tables={"import problems": problems, **duplicates})
                else:
                    skipped = len(report.duplicates)
                    text = f"Imported {report.imported} of {report.rows_read} rows."
                    if skipped:
                        text += f" {count(skipped, 'duplicate row')} skipped."
                    ui.after_edit(text, kind="warning" if skipped else "success", tables=duplicates)

with themes_tab:
    st.subheader("Themes and what answers them")
    summary = c.theme_summary(feedback, links)
    if summary.empty:
        st.info("No themes yet: themes come from the feedback log.")
    else:
        ui.show_table(summary, "themes")
    if not links.empty:
        st.subheader("Links")
        ui.show_table(links[["theme", "target_kind", "target_label", "actor", "at"]], "theme links")

    if viewer.can_edit and themes:
        st.subheader("Link a theme to a goal or an epic")
        goal_opts = {f"{r.quarter} {r.program}: {r.title}": r.goal_key for r in data["goals"].itertuples()}
        epic_opts = {f"T{r.id} {r.title}" + (" (closed)" if r.is_closed else ""): r.phid
                     for r in data["epics"].itertuples()}
        l1, l2 = st.columns(2)
        link_theme = l1.selectbox("Theme", themes, key="ln_theme")
        kind = l2.radio("Answered by", [c.GOAL, c.EPIC], horizontal=True, key="ln_kind")
        options = goal_opts if kind == c.GOAL else epic_opts
        if not options:
            st.info(f"No {kind}s in the store to link to (sync the {'goals page' if kind == c.GOAL else 'board'}).")
        else:
            # nothing chosen until the PM picks: one hurried click never links a theme to the first goal
            target = st.selectbox(kind.capitalize(), list(options), index=None, key="ln_target",
                                  placeholder=f"Choose the {kind} that answers this theme")
            if st.button("Link", key="ln_add"):
                try:
                    if target is None:
                        raise edits.EditRefused(f"Not linked: choose the {kind} first.")
                    edits.link_theme(eng, theme=link_theme, target_kind=kind, target_key=options[target],
                                     viewer=viewer)
                except edits.EditRefused as exc:
                    st.error(md(exc))
                else:
                    ui.after_edit(f"Theme {md(link_theme)} linked to {kind} {md(target)}.")
        if not links.empty:
            labels = {f"{r.theme} → {r.target_kind} {r.target_label}": (r.theme, r.target_kind, r.target_key)
                      for r in links.itertuples()}
            gone = st.selectbox("Remove a link", list(labels), key="ln_remove_pick")
            if st.button("Remove link", key="ln_remove"):
                theme_, kind_, key_ = labels[gone]
                try:
                    edits.unlink_theme(eng, theme=theme_, target_kind=kind_, target_key=key_, viewer=viewer)
                except edits.EditRefused as exc:
                    st.error(md(exc))
                else:
                    ui.after_edit("Link removed.")
    elif viewer.can_edit:
        st.caption("Themes can be linked to goals and epics once the feedback log has themes.")
    else:
        st.caption("You are viewing read-only: editors record feedback and link themes.")
