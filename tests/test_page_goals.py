"""The goals page and the executive view under AppTest, on a small store built here."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import insert, select
from streamlit.testing.v1 import AppTest

from lib import ui
from lib.auth import EDITOR, VIEWER, Viewer
from lib.config import ROOT
from lib.store.schema import (
    audit_log, goal_stage_edits, goals, no_deploy_weeks, programs, sync_runs, timeline, wiki_pages,
)

Q1, Q2 = "2017-18 Q1", "2017-18 Q2"
OWNER = Viewer("owner@example.org", EDITOR, False, open_mode=False)
CTO = Viewer("cto@example.org", EDITOR, True, open_mode=False)
READER = Viewer("reader@example.org", VIEWER, False, open_mode=False)


def _goal(quarter, program, title, stage, position, **extra):
    row = {"quarter": quarter, "program": program, "title": title, "goal_key": f"{quarter}|{program}|{title}".lower(),
           "owner": "R", "stage": stage, "outcome": "Outcome 3", "dependencies": None,
           "dependencies_confirmed": None, "results": None, "deployment_dates": None, "position": position}
    row.update(extra)
    return row


@pytest.fixture
def goals_store(engine, store_url, monkeypatch):
    """Two quarters of goals, Q2's timeline and no-deployment weeks, one good sync."""
    with engine.begin() as conn:
        conn.execute(insert(sync_runs).values(kind="demo", started_at=datetime(2017, 10, 1),
                                              finished_at=datetime(2017, 10, 1, 0, 5), outcome="success", requests=0))
        conn.execute(insert(wiki_pages).values(kind="goals", title="Goals", revid=7, fetched_at=datetime(2017, 10, 1)))
        conn.execute(insert(programs), [
            {"code": "TP1", "name": "Availability, Performance & Maintenance", "owners": "R, C, K", "group_name": "Tech"},
            {"code": "TP2", "name": "Mediawiki Refresh", "owners": "C, R, K", "group_name": "Tech"},
        ])
        conn.execute(insert(goals), [
            _goal(Q2, "TP1", "Keep uptime", "rough draft", 0),
            _goal(Q2, "TP1", "Retire old cluster", "final draft", 1, dependencies="Ops", dependencies_confirmed=False),
            _goal(Q2, "TP2", "Refresh skins", "final", 0, outcome=None, deployment_dates="2017-11-21"),
            _goal(Q1, "TP1", "Old uptime goal", "final", 0, results="99.9% reached"),
        ])
        conn.execute(insert(timeline), [
            {"quarter": Q2, "position": 1, "dates_text": "Sept 11 – 18", "start_date": date(2017, 9, 11),
             "end_date": date(2017, 9, 18), "who": "Owners", "activity": "Review draft Q2 plans",
             "deliverable": "Populated with final draft Q2 goals", "deadline_text": "Sept 18",
             "deadline": date(2017, 9, 18), "done": True},
            {"quarter": Q2, "position": 2, "dates_text": "Oct 17 - 24", "start_date": date(2017, 10, 17),
             "end_date": date(2017, 10, 24), "who": "Owners", "activity": "Update wiki planning page",
             "deliverable": 'Updated to reflect "final" Q2 goals', "deadline_text": "Oct 24",
             "deadline": date(2017, 10, 24), "done": False},
        ])
        conn.execute(insert(no_deploy_weeks), [{"quarter": Q2, "week_start": date(2017, 11, 20), "reason": "Thanksgiving"}])
    monkeypatch.setenv("DATABASE_URL", store_url)
    for name in ("EDITORS", "APPROVERS", "AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)
    return engine


def run_page(path: str, viewer: Viewer | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    if viewer is not None:
        at.session_state[ui.VIEWER_OVERRIDE_KEY] = viewer
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def all_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "text")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def reason_box(at: AppTest):
    return next(t for t in at.text_input if t.label.startswith("Reason"))


def goal_box(at: AppTest):
    return next(b for b in at.selectbox if b.label == "Goal")


def choose_goal(at: AppTest, title: str, to: str | None = None) -> None:
    """Pick a goal in the stage form by its title (the options show "program · title (stage)"), and the
    stage to move it `to` (by default the only one offered, when there is one)."""
    box = goal_box(at)
    box.select_index(next(i for i, label in enumerate(box.options) if f" · {title} (" in label)).run()
    stage = next((b for b in at.selectbox if b.key == "stage-new"), None)
    if stage is not None and (to or len(stage.options) == 1):
        stage.set_value(to or stage.options[0])  # inside the form: sent with its button


def click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_both_pages_render_without_exception(goals_store):
    goals_page = run_page("pages/goals.py", OWNER)
    assert "Refresh skins" in goals_page.dataframe[0].value["title"].tolist()
    assert any("no annual-plan outcome" in c for c in goals_page.dataframe[1].value["checks"])
    exec_page = run_page("pages/executive.py")
    assert exec_page.selectbox(key="exec-quarter").value == Q2


def test_the_figures_follow_the_programs_chosen(goals_store):
    """Q2: TP1 has a rough draft and a final draft, TP2 one goal at final (1 of 3 in all)."""
    at = run_page("pages/goals.py", OWNER)
    metric = lambda label: next(m.value for m in at.metric if m.label == label)
    assert (metric("Goals"), metric("At final")) == ("3", "33%")
    at.multiselect(key="goals-programs").set_value(["TP2"]).run()
    assert (metric("Goals"), metric("At final")) == ("1", "100%")
    at.multiselect(key="goals-programs").set_value(["TP1"]).run()
    assert (metric("Goals"), metric("At final")) == ("2", "0%")


def test_a_long_past_quarters_unticked_activity_is_history_not_overdue(goals_store):
    """Q2 2017's "Update wiki planning page" (due 24 Oct 2017) was never ticked: years later it is not
    overdue on either screen, and the goals page says why."""
    for path in ("pages/goals.py", "pages/executive.py"):
        at = run_page(path, OWNER)
        assert next(m.value for m in at.metric if m.label == "Overdue activities") == "0", path
    assert "planning is over: 1 activity was never marked done" in all_text(run_page("pages/goals.py", OWNER))


def test_an_empty_store_explains_itself_instead_of_failing(engine, store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    for path in ("pages/goals.py", "pages/executive.py"):
        at = run_page(path, OWNER)
        assert "No quarterly goals" in all_text(at)


def test_an_editor_moves_a_rough_draft_on_and_it_is_stored_and_audited(goals_store):
    at = run_page("pages/goals.py", OWNER)
    choose_goal(at, "Keep uptime")
    assert at.selectbox(key="stage-new").options == ["final draft"]
    reason_box(at).input("agreed at the leads meeting")
    click(at, "Change stage")
    with goals_store.connect() as conn:
        edits = conn.execute(select(goal_stage_edits)).mappings().all()
        log = conn.execute(select(audit_log)).mappings().all()
    assert [(e["goal_key"], e["old_stage"], e["new_stage"], e["actor"]) for e in edits] == \
        [(f"{Q2}|tp1|keep uptime".lower(), "rough draft", "final draft", "owner@example.org")]
    assert [(r["field"], r["old_value"], r["new_value"], r["reason"]) for r in log] == \
        [("stage", "rough draft", "final draft", "agreed at the leads meeting")]
    assert any("Stage of TP1 · Keep uptime changed from 'rough draft' to 'final draft'" in s.value for s in at.success)
    shown = at.dataframe[0].value.set_index("title")
    assert shown.loc["Keep uptime", "stage"] == "final draft"
    assert shown.loc["Keep uptime", "wiki_stage"] == "rough draft"
    assert "| 2017-18 Q2 || TP1 || Keep uptime || R || final draft" in at.code[0].value
    assert json.loads(at.dataframe[0].proto.columns)["on_wiki"]["width"] >= ui.PX_PER_CHAR * len("no: changed here")
    to_make = next(d.value for d in at.dataframe if "change it to" in d.value.columns)
    assert to_make[["title", "stage on the wiki", "change it to"]].values.tolist() == [
        ["Keep uptime", "rough draft", "final draft"]]
    assert any(" changed from " in t.value for t in at.toast)  # seen where the form is, far down the page


def test_after_a_change_the_next_goal_starts_with_an_empty_reason(goals_store):
    """The CTO approves "Retire old cluster"; the next goal they choose does not carry the first one's
    reason."""
    at = run_page("pages/goals.py", CTO)
    choose_goal(at, "Retire old cluster")
    reason_box(at).input("approved in the CTO meeting")
    click(at, "Change stage")
    assert any(" changed from " in s.value for s in at.success)
    choose_goal(at, "Keep uptime")
    assert reason_box(at).value == ""


def test_after_a_change_the_form_starts_over_offering_first_a_goal_the_viewer_can_still_move(goals_store):
    """An owner moves "Keep uptime" to final draft, which only the CTO can move on: the form then has
    nothing chosen (a second click moves nothing), and offers first "Ship search", approved and so the
    owner's to make final."""
    with goals_store.begin() as conn:
        conn.execute(insert(goals).values(_goal(Q2, "TP2", "Ship search", "approved by CTO", 1)))
    at = run_page("pages/goals.py", OWNER)
    choose_goal(at, "Keep uptime")
    click(at, "Change stage")
    assert any(" changed from " in s.value for s in at.success)
    assert goal_box(at).value is None and not any(b.label == "Change stage" for b in at.button)
    assert goal_box(at).options[0].endswith("Ship search (approved by CTO)")


def test_the_stage_form_chooses_nothing_and_offers_first_the_goals_the_viewer_can_move(goals_store):
    """With "Keep uptime" (first on the page) at final, the CTO's list starts with "Retire old cluster",
    the final draft they may approve, not with the final goal they cannot move."""
    with goals_store.begin() as conn:
        conn.execute(goals.update().where(goals.c.title == "Keep uptime").values(stage="final"))
    at = run_page("pages/goals.py", CTO)
    assert goal_box(at).value is None
    assert goal_box(at).options[0].endswith("Retire old cluster (final draft)")


def test_a_click_on_the_untouched_form_moves_no_goal(goals_store):
    """The form's button is there only once a goal is chosen, and then moves nothing until a stage is."""
    at = run_page("pages/goals.py", CTO)
    assert not any(b.label == "Change stage" for b in at.button)
    goal_box(at).select_index(0).run()
    assert at.selectbox(key="stage-new").value is None
    click(at, "Change stage")
    assert any("choose the stage" in e.value for e in at.error)
    with goals_store.connect() as conn:
        assert conn.execute(select(goal_stage_edits)).first() is None


def test_approving_then_finalising_in_one_meeting_is_no_conflict_with_the_wiki(goals_store):
    """The CTO approves "Retire old cluster" and makes it final before any sync: the wiki still shows
    final draft, which both moves were made against. The goal is final, to be copied to the wiki."""
    at = run_page("pages/goals.py", CTO)
    for _ in range(2):
        choose_goal(at, "Retire old cluster")
        click(at, "Change stage")
        assert any(" changed from " in s.value for s in at.success)
    assert "None: no stage changed here" in all_text(at)
    to_make = next(d.value for d in at.dataframe if "change it to" in d.value.columns)
    assert to_make[["title", "stage on the wiki", "change it to"]].values.tolist() == [
        ["Retire old cluster", "final draft", "final"]]


def test_an_editor_without_the_cto_role_cannot_approve(goals_store):
    at = run_page("pages/goals.py", OWNER)
    choose_goal(at, "Retire old cluster")
    assert not [w for w in at.selectbox if w.key == "stage-new"]     # nothing to choose from
    assert any("Only the CTO role" in w.value for w in at.warning)
    with goals_store.connect() as conn:
        assert conn.execute(select(goal_stage_edits)).first() is None


def test_the_cto_may_approve(goals_store):
    at = run_page("pages/goals.py", CTO)
    choose_goal(at, "Retire old cluster")
    assert at.selectbox(key="stage-new").options == ["approved by CTO"]


def test_a_change_made_against_a_stale_page_is_refused_with_a_message(goals_store):
    at = run_page("pages/goals.py", OWNER)
    choose_goal(at, "Keep uptime")
    with goals_store.begin() as conn:   # a sync brings a newer stage while the form is open
        conn.execute(goals.update().where(goals.c.title == "Keep uptime").values(stage="final draft"))
    click(at, "Change stage")
    assert any("Not changed" in e.value and "changed meanwhile" in e.value for e in at.error)
    with goals_store.connect() as conn:
        assert conn.execute(select(goal_stage_edits)).first() is None
        assert conn.execute(select(audit_log)).first() is None


def test_a_viewer_gets_no_stage_form(goals_store):
    at = run_page("pages/goals.py", READER)
    assert not [w for w in at.selectbox if w.label == "Goal"]
    assert any("editor role" in i.value for i in at.info)


def test_with_a_login_configured_an_unknown_visitor_cannot_edit(goals_store, monkeypatch):
    monkeypatch.setenv("AUTH_PROXY_HEADER", "X-Forwarded-User")   # AppTest sends no such header
    monkeypatch.setenv("EDITORS", "owner@example.org")
    at = run_page("pages/goals.py")
    assert not [w for w in at.selectbox if w.label == "Goal"]
    assert not [b for b in at.button if b.label in ("Keep mine", "Take the wiki's")]


def test_a_conflict_is_shown_and_the_editor_keeps_theirs(goals_store):
    key = f"{Q2}|tp1|keep uptime".lower()
    with goals_store.begin() as conn:
        conn.execute(insert(goal_stage_edits).values(goal_key=key, old_stage="rough draft", new_stage="final draft",
                                                     based_on_revid=6, actor="owner", at=datetime(2017, 9, 15),
                                                     state="local"))
        conn.execute(goals.update().where(goals.c.goal_key == key).values(stage="On hold"))  # not a planning stage
    at = run_page("pages/goals.py", OWNER)
    assert any("Nothing was overwritten" in w.value for w in at.warning)
    click(at, "Keep mine")
    assert any("stays at 'final draft'" in s.value for s in at.success)
    assert at.dataframe[0].value.set_index("title").loc["Keep uptime", "stage"] == "final draft"


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def test_the_executive_view_has_no_input_but_the_quarter_selector(goals_store):
    from streamlit.testing.v1.element_tree import Widget

    at = run_page("pages/executive.py", CTO)   # even the CTO gets nothing to edit here
    nodes = [n for root in (at.main, at.sidebar) for n in _nodes(root)]
    widgets = [n for n in nodes if isinstance(n, Widget) and n.type != "download_button"]
    assert [(w.type, w.key) for w in widgets] == [("selectbox", "exec-quarter")]
    assert len(at.download_button) >= 3            # the CSV downloads are there, and only they
    assert not at.get("form") and not at.get("data_editor")


def test_the_executive_view_counts_stages_and_compares_with_the_previous_quarter(goals_store):
    at = run_page("pages/executive.py")
    counts = at.dataframe[0].value.set_index("program")
    assert counts.loc["TP1", ["rough draft", "final draft", "total"]].tolist() == [1, 1, 2]
    assert counts.loc["TP2", "share_final"] == "100%"
    assert any(m.label == "At final" and m.value == "33%" for m in at.metric)
    comparison = next(d.value for d in at.dataframe if "previous_goals" in d.value.columns)
    assert comparison.set_index("program").loc["TP1", ["previous_goals", "previous_with_results"]].tolist() == [1, 1]
    at.selectbox(key="exec-quarter").select(Q1).run()
    assert any("no quarter before" in i.value for i in at.info)
    assert any("No planning timeline for 2017-18 Q1" in i.value for i in at.info)


def test_csv_download_holds_exactly_the_table_shown(goals_store, click_download):
    at = run_page("pages/executive.py")
    for table, button in [(at.dataframe[0].value, at.download_button[0]),
                          (at.dataframe[1].value, at.download_button[1])]:
        served = click_download(button)
        assert served == ui.csv_bytes(table)
        assert pd.read_csv(io.BytesIO(served)).shape == table.shape
    assert at.download_button[0].label.startswith("Download goals by stage")


def test_a_stage_change_whose_goal_was_reworded_on_the_wiki_is_kept_and_shown(goals_store):
    key = f"{Q2}|tp1|keep uptime".lower()
    with goals_store.begin() as conn:
        conn.execute(insert(goal_stage_edits).values(goal_key=key, old_stage="rough draft", new_stage="final draft",
                                                     based_on_revid=7, actor="owner", at=datetime(2017, 9, 15),
                                                     state="local"))
        # a later sync: the goal was reworded on the wiki, so its key changed
        conn.execute(goals.update().where(goals.c.goal_key == key)
                     .values(title="Keep uptime above 99.9%", goal_key=f"{Q2}|tp1|keep uptime above 99.9%"))
    at = run_page("pages/goals.py", OWNER)
    assert any("no longer on the wiki page under the same wording" in w.value for w in at.warning)
    orphans = next(d.value for d in at.dataframe if "new_stage" in d.value.columns and "goal" in d.value.columns)
    assert orphans[["goal", "new_stage", "actor"]].values.tolist() == [["keep uptime", "final draft", "owner"]]
    with goals_store.begin() as conn:  # had a sync seen it on the wiki before the rewording, it is nobody's to make
        conn.execute(goal_stage_edits.update().values(state="seen"))
    at = run_page("pages/goals.py", OWNER)
    assert not any("no longer on the wiki page under the same wording" in w.value for w in at.warning)


def test_a_link_to_a_quarter_the_store_has_not_says_so_and_shows_the_latest(goals_store):
    at = AppTest.from_file(str(ROOT / "pages/executive.py"), default_timeout=30)
    at.query_params["quarter"] = "2099 Q9"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="exec-quarter").value == Q2
    assert any("No goals for the quarter 2099 Q9 in the store: showing 2017" in w.value for w in at.warning)


def test_programs_to_choose_from_come_in_number_order(goals_store):
    with goals_store.begin() as conn:
        conn.execute(insert(goals), [_goal(Q2, "TP10", "Public cloud", "rough draft", 0)])
    at = run_page("pages/goals.py", OWNER)
    assert at.multiselect(key="goals-programs").options == ["TP1", "TP2", "TP10"]


def test_the_timeline_is_headed_in_words_and_its_csv_keeps_the_names(goals_store):
    at = run_page("pages/goals.py", OWNER)
    timeline = next(d for d in at.dataframe if "dates_text" in d.value.columns)
    labels = {k: v.get("label") for k, v in json.loads(timeline.proto.columns).items()}
    assert labels["dates_text"] == "dates" and labels["deadline_text"] == "deadline (as written)"


def test_the_checks_are_read_whole_in_both_goal_tables(goals_store):
    """Most goals pass every check, and the grid, sizing the mostly empty column, left the long cells out:
    the checks were cut to "depende" on the 1920 px screen."""
    at = run_page("pages/goals.py")
    tables = [d for d in at.dataframe if "checks" in d.value.columns]
    assert len(tables) == 2   # the goals, and the goals that fail a check
    for grid in tables:
        longest = grid.value["checks"].str.len().max()
        assert longest > len("dependencies not confirmed")   # "...; deploys in a no-deployment week (2017-11-21)"
        assert json.loads(grid.proto.columns)["checks"]["width"] >= ui.PX_PER_CHAR * longest


def test_the_executive_headline_sets_no_arrow_against_a_quarter_that_is_over(goals_store):
    """The previous quarter's goals are final once it is over: "At final" against it would always fall."""
    at = run_page("pages/executive.py")
    (at_final,) = [m for m in at.metric if m.label == "At final"]
    assert not at_final.proto.delta


def test_a_quarter_planned_years_ago_has_no_program_behind_on_either_page(goals_store):
    """Q2 2017's planning is history: nothing overdue, and no program "behind" either; its goals short of
    the stage are said to be history."""
    executive = run_page("pages/executive.py")
    assert next(m.value for m in executive.metric if m.label == "Programs behind") == "0"
    assert any("planning is over" in c.value and "history" in c.value for c in executive.caption)
    goals_page = run_page("pages/goals.py", OWNER)
    assert any("planning is over" in c.value and "not a program behind" in c.value for c in goals_page.caption)
    assert not any("These programs are behind" in w.value for w in goals_page.warning)


def test_a_quarter_without_a_timeline_says_so_rather_than_no_deadline_has_passed_yet(goals_store):
    at = run_page("pages/goals.py", OWNER)
    at.selectbox(key="goals-quarter").set_value(Q1).run()
    said = [i.value for i in at.info]
    assert any("names no stage deadline (there is none for this quarter)" in s for s in said)
    assert not any("has passed yet" in s for s in said)


def test_the_goals_table_puts_the_wide_checks_column_last(goals_store):
    """The checks column is as wide as its longest check, which pushed the outcome and the dependencies
    off a 1920-pixel screen; the checks have a table of their own below."""
    at = run_page("pages/goals.py", OWNER)
    assert list(at.dataframe[0].value.columns)[-1] == "checks"
    assert list(at.dataframe[0].value.columns)[:7] == ["program", "title", "owner", "stage", "wiki_stage", "on_wiki",
                                                       "outcome"]


def test_the_outcome_check_is_the_whole_quarters_whichever_programs_are_chosen(goals_store):
    """TP2's one goal has no outcome, TP1's have: picking TP2 alone said the page gives no outcomes and
    that the check was left out, beside that goal's "no annual-plan outcome"."""
    at = run_page("pages/goals.py", OWNER)
    at.multiselect(key="goals-programs").set_value(["TP2"]).run()
    assert not [c.value for c in at.caption if "that check is left out" in c.value]
    assert any("no annual-plan outcome" in str(c) for df in at.dataframe if "checks" in df.value.columns
               for c in df.value["checks"])


def test_a_goal_whose_stage_the_wiki_words_unlike_any_stage_shows_on_both_pages(goals_store):
    """The parser keeps a Stage cell it does not know ("Reviewed") as written rather than failing the page:
    the goals page flags it, the stage form says to fix it on the wiki first, and the executive view counts
    it among the program's goals, not as a stage it is not."""
    with goals_store.begin() as conn:
        conn.execute(insert(goals).values(**_goal(Q2, "TP2", "Odd one", "Reviewed", 1)))
    at = run_page("pages/goals.py", OWNER)
    shown = at.dataframe[0].value.set_index("title")
    assert shown.loc["Odd one", "stage"] == "Reviewed" and "stage not recognised" in shown.loc["Odd one", "checks"]
    choose_goal(at, "Odd one")
    assert not any(b.key == "stage-new" for b in at.selectbox)  # nothing to move it to until the wiki says a stage
    assert any("not one of the planning stages" in e.value for e in (*at.info, *at.warning, *at.error))
    exec_page = run_page("pages/executive.py")
    counts = exec_page.dataframe[0].value.set_index("program")
    assert counts.loc["TP2", "total"] == 2
    assert all(counts.loc["TP2", s] == n for s, n in (("final", 1), ("rough draft", 0)) if s in counts.columns)
