"""Domain rules of the quarterly goals (lib.goals) and their two writes (lib.goals_edits), on small
hand-made data: each expected answer is worked out here from the rule, not copied from a run."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import func, insert, select

from lib import goals as g
from lib import goals_edits
from lib.auth import EDITOR, VIEWER, Viewer
from lib.store import goals_reads
from lib.store.schema import audit_log, goal_stage_edits, goals, wiki_pages

EDITOR_V = Viewer("owner", EDITOR, False, open_mode=False)
CTO = Viewer("cto", EDITOR, True, open_mode=False)
READER = Viewer("reader", VIEWER, False, open_mode=False)


def goal(key, program="TP1", stage="rough draft", **extra):
    row = {"goal_key": key, "quarter": "2017-18 Q2", "program": program, "title": f"Goal {key}", "owner": "R",
           "stage": stage, "outcome": "Outcome 1", "dependencies": None, "dependencies_confirmed": None,
           "results": None, "deployment_dates": None, "position": 0}
    row.update(extra)
    return row


def edit(id_, key, old, new, state="local", revid=1):
    return {"id": id_, "goal_key": key, "old_stage": old, "new_stage": new, "based_on_revid": revid,
            "actor": "owner", "at": datetime(2017, 9, 12), "state": state}


# --- stages and transitions ---------------------------------------------------------------------


def test_wiki_spellings_of_stages_are_normalised_and_unknown_ones_kept():
    assert g.normalise_stage("  Final   Draft ") == "final draft"
    assert g.normalise_stage('"final"') == "final"
    assert g.normalise_stage("Approved") == "approved by CTO"
    assert g.normalise_stage("in review") == "in review"
    assert g.stage_index("in review") is None
    assert g.normalise_stage("") is None


def test_owners_move_drafts_on_but_only_the_cto_approves():
    assert g.allowed_next_stages("rough draft", can_edit=True, is_approver=False) == ["final draft"]
    assert g.allowed_next_stages("final draft", can_edit=True, is_approver=False) == []
    assert g.allowed_next_stages("final draft", can_edit=True, is_approver=True) == ["approved by CTO"]
    assert g.allowed_next_stages("approved by CTO", can_edit=True, is_approver=False) == ["final"]
    assert g.allowed_next_stages("final", can_edit=True, is_approver=True) == []


def test_refusals_say_why():
    assert "CTO" in g.transition_refusal("final draft", "approved by CTO", can_edit=True, is_approver=False)
    assert "one stage at a time" in g.transition_refusal("rough draft", "final", can_edit=True, is_approver=True)
    assert "editor" in g.transition_refusal("rough draft", "final draft", can_edit=False, is_approver=False)
    assert "no further stage" in g.transition_refusal("final", "rough draft", can_edit=True, is_approver=True)
    assert g.transition_refusal("rough draft", "final draft", can_edit=True, is_approver=False) is None


# --- effective stage and conflicts -----------------------------------------------------------------


def test_a_local_edit_holds_while_the_wiki_has_not_moved():
    state = g.resolve_stage("rough draft", edit(1, "a", "rough draft", "final draft"))
    assert (state.stage, state.pending, state.conflict) == ("final draft", True, False)


def test_the_wiki_holds_once_it_shows_the_edit():
    state = g.resolve_stage("final draft", edit(1, "a", "rough draft", "final draft"))
    assert (state.stage, state.pending, state.conflict) == ("final draft", False, False)


@pytest.mark.parametrize("wiki", ["rough draft", "On hold"])
def test_a_wiki_that_moved_elsewhere_is_a_conflict_and_is_shown_not_overwritten(wiki):
    """Back behind the stage the edit was made against, or to a stage the rules do not know."""
    state = g.resolve_stage(wiki, edit(1, "a", "final draft", "approved by CTO"))
    assert (state.stage, state.pending, state.conflict) == (g.normalise_stage(wiki), False, True)


def test_a_wiki_that_moved_past_the_edit_holds_without_a_conflict():
    """Approved here, copied to the wiki, made final there a week later: the wiki went on from the
    change made here, nothing to settle (it read as a conflict with every later move on the wiki)."""
    state = g.resolve_stage("final", edit(1, "a", "final draft", "approved by CTO"))
    assert (state.stage, state.pending, state.conflict) == ("final", False, False)
    state = g.resolve_stage("approved by CTO", edit(1, "a", "rough draft", "final draft"))  # approved meanwhile
    assert (state.stage, state.pending, state.conflict) == ("approved by CTO", False, False)


def test_a_resolved_edit_no_longer_counts():
    state = g.resolve_stage("approved by CTO", edit(1, "a", "rough draft", "final draft", state="resolved"))
    assert (state.stage, state.conflict) == ("approved by CTO", False)


def test_edits_made_one_on_another_before_a_sync_are_one_move_from_the_wikis_stage():
    """final draft -> approved by CTO -> final in the meeting, no sync between: the wiki still shows
    final draft, which both were made against; nothing moved on the wiki, so no conflict."""
    chain = [edit(2, "a", "approved by CTO", "final"), edit(1, "a", "final draft", "approved by CTO")]
    state = g.resolve_stage("final draft", chain[0], chain[1:])
    assert (state.stage, state.pending, state.conflict) == ("final", True, False)
    state = g.resolve_stage("approved by CTO", chain[0], chain[1:])  # the first move copied to the wiki
    assert (state.stage, state.pending, state.conflict) == ("final", True, False)


def test_a_chain_read_from_a_frame_holds_as_it_does_row_by_row():
    edits = pd.DataFrame([edit(1, "a", "final draft", "approved by CTO"), edit(2, "a", "approved by CTO", "final"),
                          edit(3, "b", "rough draft", "final draft", state="seen"),
                          edit(4, "b", "final draft", "approved by CTO")])
    eff = g.effective_goals(pd.DataFrame([goal("a", stage="final draft"), goal("b", stage="rough draft")]), edits)
    eff = eff.set_index("goal_key")
    assert (eff.loc["a", "stage"], bool(eff.loc["a", "conflict"])) == ("final", False)
    assert bool(eff.loc["b", "conflict"])  # the wiki showed b's first move, then went back


def test_a_sync_that_read_another_goals_change_between_two_moves_leaves_the_chain_whole():
    """Final draft here, a sync (another goal changed on the page: a new revision), approved here: the
    wiki never moved this goal, so both moves are still to be copied."""
    chain = [edit(2, "a", "final draft", "approved by CTO", revid=2), edit(1, "a", "rough draft", "final draft", revid=1)]
    state = g.resolve_stage("rough draft", chain[0], chain[1:])
    assert (state.stage, state.pending, state.conflict) == ("approved by CTO", True, False)


@pytest.mark.parametrize("why,earlier", [
    ("a sync saw the first on the wiki, which then went back", [edit(1, "a", "final draft", "approved by CTO",
                                                                     state="seen")]),
    ("the first was settled as a conflict", [edit(1, "a", "final draft", "approved by CTO", state="resolved")]),
    ("the first did not lead to the second", [edit(1, "a", "final draft", "rough draft")]),
])
def test_a_chain_of_edits_holds_only_while_nothing_came_between(why, earlier):
    state = g.resolve_stage("final draft", edit(2, "a", "approved by CTO", "final"), earlier)
    assert (state.stage, state.conflict) == ("final draft", True), why


def test_a_sync_notes_an_edit_the_wiki_shows_as_seen_and_one_it_moved_away_from_as_a_conflict():
    from lib import stages

    newest_first = [edit(2, "a", "approved by CTO", "final"), edit(1, "a", "final draft", "approved by CTO")]
    assert stages.classify_edits("approved by CTO", newest_first) == {1: "seen"}   # the first move was copied
    assert stages.classify_edits("final", newest_first) == {1: "seen", 2: "seen"}
    assert stages.classify_edits("final draft", newest_first) == {}                # nothing copied yet
    assert stages.classify_edits("rough draft", newest_first) == {2: "conflict"}   # sent back on the wiki
    assert stages.classify_edits("On hold", [edit(3, "a", "rough draft", "final draft", state="resolved")]) == {}


def test_the_wiki_taking_back_a_move_it_showed_is_a_conflict_and_stays_one():
    """Approved and made final here; the approval copied to the wiki and seen by a sync; the CTO takes it
    back on the wiki: a conflict, not "final" exported again over the withdrawal. Nor does the conflict
    go when the wiki later moves on to final draft again by itself."""
    from lib import stages

    e1, e2 = edit(1, "a", "final draft", "approved by CTO"), edit(2, "a", "approved by CTO", "final")
    e1 = {**e1, "state": stages.classify_edits("approved by CTO", [e2, e1]).get(1, e1["state"])}
    assert e1["state"] == "seen" and g.resolve_stage("approved by CTO", e2, [e1]).pending
    state = g.resolve_stage("final draft", e2, [e1])
    assert (state.stage, state.conflict) == ("final draft", True)
    # an edit the wiki moved away from, sent back to rough draft and then forward to its old stage again
    lone = edit(3, "b", "final draft", "approved by CTO")
    lone = {**lone, "state": stages.classify_edits("rough draft", [lone])[3]}
    assert g.resolve_stage("final draft", lone).conflict


def test_a_kept_stage_the_wiki_takes_one_stage_at_a_time_stays_pending():
    """Kept at approved over a wiki at rough draft; the wiki reaches final draft first: on its way, not a
    conflict (the sync notes nothing either)."""
    from lib import stages

    kept = [edit(2, "a", "rough draft", "approved by CTO"), edit(1, "a", "rough draft", "final draft", state="resolved")]
    state = g.resolve_stage("final draft", kept[0], kept[1:])
    assert (state.stage, state.pending, state.conflict) == ("approved by CTO", True, False)
    assert stages.classify_edits("final draft", kept) == {}


def test_effective_goals_use_only_the_latest_edit_of_each_goal():
    goals_df = pd.DataFrame([goal("a", stage="final draft"), goal("b", stage="rough draft"),
                             goal("c", stage="final")])
    edits = pd.DataFrame([
        edit(1, "a", "rough draft", "final draft"),          # the wiki caught up: wiki holds
        edit(2, "b", "rough draft", "final draft", state="seen"),  # older edit of b; a sync saw it on the wiki,
        edit(3, "b", "final draft", "approved by CTO"),     # which then went back to rough draft: conflict
        edit(4, "c", "approved by CTO", "final"),           # wiki caught up
    ])
    eff = g.effective_goals(goals_df, edits).set_index("goal_key")
    assert eff.loc["a", "stage"] == "final draft" and not eff.loc["a", "conflict"]
    assert eff.loc["b", "stage"] == "rough draft" and eff.loc["b", "conflict"]
    assert eff.loc["b", "local_stage"] == "approved by CTO"
    assert eff.loc["c", "stage"] == "final" and not eff.loc["c", "pending"]
    conflict_rows = g.conflicts(eff.reset_index())
    assert list(conflict_rows["goal_key"]) == ["b"]
    assert conflict_rows["your_stage"].iloc[0] == "approved by CTO"


def test_effective_goals_of_an_empty_quarter_is_empty_with_the_columns():
    eff = g.effective_goals(pd.DataFrame(columns=list(goal("x"))), None)
    assert eff.empty and "conflict" in eff.columns


# --- timeline ----------------------------------------------------------------------------------------

TIMELINE = pd.DataFrame([
    {"position": 1, "start_date": date(2017, 8, 29), "end_date": date(2017, 9, 11), "who": "Owners",
     "activity": "Program owners populate the wiki page", "deliverable": "Populated with rough draft Q2 goals",
     "deadline": date(2017, 9, 11), "done": True},
    {"position": 2, "start_date": date(2017, 9, 11), "end_date": date(2017, 9, 18), "who": "Owners",
     "activity": "Review draft Q2 plans, confirm dependencies", "deliverable": "Populated with final draft Q2 goals",
     "deadline": date(2017, 9, 18), "done": True},
    {"position": 3, "start_date": date(2017, 9, 20), "end_date": date(2017, 9, 22), "who": "Victoria, Owners",
     "activity": "Meetings with CTO to approve proposed goals", "deliverable": None, "deadline": None,
     "done": False},
    {"position": 4, "start_date": date(2017, 10, 2), "end_date": date(2017, 10, 2), "who": None,
     "activity": "Q2 starts. New goals in effect", "deliverable": None, "deadline": None, "done": False},
    {"position": 5, "start_date": date(2017, 10, 17), "end_date": date(2017, 10, 24), "who": "Owners",
     "activity": "Update wiki planning page to reflect any changes made after the final draft was posted",
     "deliverable": 'Updated to reflect "final" Q2 goals', "deadline": date(2017, 10, 24), "done": False},
])


def test_milestones_come_from_deliverables_before_activities():
    ms = g.stage_milestones(TIMELINE).set_index("stage")["due"].to_dict()
    # row 5's activity says "final draft" but its deliverable says "final": the deliverable wins
    assert ms == {"rough draft": date(2017, 9, 11), "final draft": date(2017, 9, 18),
                  "approved by CTO": date(2017, 9, 22), "final": date(2017, 10, 24)}


def test_expected_stage_moves_on_the_day_after_each_deadline():
    ms = g.stage_milestones(TIMELINE)
    assert g.expected_stage(ms, date(2017, 9, 1)) is None
    assert g.expected_stage(ms, date(2017, 9, 18)) == "rough draft"      # deadline day: not late yet
    assert g.expected_stage(ms, date(2017, 9, 19)) == "final draft"
    assert g.expected_stage(ms, date(2017, 10, 25)) == "final"


def test_a_rough_draft_after_the_final_draft_deadline_is_behind():
    eff = g.effective_goals(pd.DataFrame([goal("a", stage="rough draft"), goal("b", stage="final draft"),
                                          goal("c", program="TP2", stage="approved by CTO")]), None)
    programs = pd.DataFrame([{"code": "TP1", "name": "Availability", "owners": "R, C, K", "group_name": None}])
    behind = g.goals_behind(eff, g.stage_milestones(TIMELINE), date(2017, 9, 19))
    assert list(behind["goal_key"]) == ["a"]
    per_program = g.programs_behind(eff, g.stage_milestones(TIMELINE), date(2017, 9, 19), programs)
    assert per_program.to_dict("records") == [{
        "program": "TP1", "name": "Availability", "owners": "R, C, K", "goals_behind": 1, "goals": 2,
        "expected_stage": "final draft", "least_advanced": "rough draft"}]


def test_overdue_activities_are_the_open_ones_past_due_with_their_owner_and_events_are_not():
    today = date(2017, 10, 30)
    late = g.overdue_activities(TIMELINE, today)
    # row 3 (due Sept 22, not done) and row 5 (due Oct 24); row 4 names nobody: an event
    assert list(late["activity"]) == [TIMELINE["activity"][2], TIMELINE["activity"][4]]
    assert list(late["who"]) == ["Victoria, Owners", "Owners"]
    assert list(late["days_overdue"]) == [(today - date(2017, 9, 22)).days, (today - date(2017, 10, 24)).days]
    assert g.overdue_activities(TIMELINE, date(2017, 9, 1)).empty


def test_a_quarter_after_its_last_deadline_its_unticked_activities_are_history_not_overdue():
    # the last deadline is 24 Oct 2017: on 24 Jan 2018 (92 days) rows 3 and 5 are still overdue...
    assert len(g.overdue_activities(TIMELINE, date(2018, 1, 24))) == 2
    # ...the day after, the planning is over; years later nothing is "overdue by 3,000 days"
    for today in (date(2018, 1, 25), date(2026, 11, 24)):
        status = g.timeline_status(TIMELINE, today).set_index("position")["status"]
        assert g.overdue_activities(TIMELINE, today).empty
        assert (status[3], status[5], status[1], status[4]) == (g.NOT_MARKED_DONE, g.NOT_MARKED_DONE, "done", "event")


def test_chart_data_gives_every_dated_activity_a_bar_of_at_least_a_day():
    data = g.timeline_chart_data(TIMELINE, date(2017, 10, 30))
    assert len(data) == len(TIMELINE)
    assert (data["end"] > data["start"]).all()
    assert list(data["status"]) == ["done", "done", "overdue", "event", "overdue"]


# --- checks --------------------------------------------------------------------------------------------

NO_DEPLOY = pd.DataFrame([{"week_start": date(2017, 11, 20), "reason": "Thanksgiving"},
                          {"week_start": date(2017, 12, 18), "reason": "End of year"}])


def test_checks_flag_missing_outcome_unconfirmed_dependencies_and_frozen_deployments():
    eff = g.effective_goals(pd.DataFrame([
        goal("ok", dependencies="Security review", dependencies_confirmed=True, deployment_dates="2017-11-27"),
        goal("no-outcome", outcome="  "),
        goal("deps", dependencies="Performance", dependencies_confirmed=None),
        goal("freeze", deployment_dates="2017-11-19, 2017-11-26,2017-12-20"),
    ]), None)
    checks = g.goal_checks(eff, NO_DEPLOY).set_index("goal_key")
    assert checks.loc["ok", "checks"] == ""
    assert checks.loc["no-outcome", "no_outcome"] and checks.loc["no-outcome", "checks"] == "no annual-plan outcome"
    assert checks.loc["deps", "dependencies_unconfirmed"] and not checks.loc["ok", "dependencies_unconfirmed"]
    # Nov 19 is the Sunday before the week of Nov 20; Nov 26 is its last day; Dec 20 is in the Dec 18 week
    assert checks.loc["freeze", "deploys_in_freeze"] == "2017-11-26, 2017-12-20"


# --- counts and quarters -----------------------------------------------------------------------------


def test_stage_counts_per_program_and_share_at_final():
    eff = g.effective_goals(pd.DataFrame([
        goal("a", stage="final"), goal("b", stage="final draft"), goal("c", program="TP2", stage="final"),
        goal("d", program="TP2", stage="final"), goal("e", program="TP2", stage="rough draft"),
    ]), None)
    counts = g.stage_counts(eff).set_index("program")
    assert counts.loc["TP1", ["rough draft", "final draft", "approved by CTO", "final", "total"]].tolist() == [0, 1, 0, 1, 2]
    assert counts.loc["TP2", "share_final"] == pytest.approx(2 / 3)
    assert g.share_final(eff) == pytest.approx(3 / 5)
    long = g.stage_counts_long(eff)
    assert long["goals"].sum() == 5 and set(long["stage"]) == {"final", "final draft", "rough draft"}
    assert g.share_final(eff.iloc[0:0]) is None


def test_previous_quarter_orders_by_fiscal_year_then_quarter():
    known = ["2017-18 Q2", "2016-17 Q4", "2017-18 Q1", "2017-18 Q3"]
    assert g.sorted_quarters(known) == ["2016-17 Q4", "2017-18 Q1", "2017-18 Q2", "2017-18 Q3"]
    assert g.previous_quarter("2017-18 Q1", known) == "2016-17 Q4"
    assert g.previous_quarter("2016-17 Q4", known) is None


def test_comparison_sets_this_quarter_against_the_previous_results():
    now = g.effective_goals(pd.DataFrame([goal("a", stage="final"), goal("b")]), None)
    before = g.effective_goals(pd.DataFrame([
        goal("p", quarter="2017-18 Q1", stage="final", results="Done: 99.9% uptime"),
        goal("q", quarter="2017-18 Q1", stage="final", results=None),
        goal("r", quarter="2017-18 Q1", program="TP9", stage="final", results="Partly"),
    ]), None)
    cmp = g.quarter_comparison(now, before).set_index("program")
    assert cmp.loc["TP1", ["goals", "final", "previous_goals", "previous_final", "previous_with_results"]].tolist() \
        == [2, 1, 2, 2, 1]
    assert cmp.loc["TP1", "share_final"] == pytest.approx(0.5)
    assert cmp.loc["TP9", "goals"] == 0 and pd.isna(cmp.loc["TP9", "share_final"])


# --- wikitext export -----------------------------------------------------------------------------------


def test_wikitext_cells_cannot_break_the_table_but_links_survive():
    assert g.wikitext_cell("a | b") == "a {{!}} b"
    assert g.wikitext_cell("see [[Page|label]] and {{tl|x}}") == "see [[Page|label]] and {{tl|x}}"
    assert g.wikitext_cell("line 1\nline 2") == "line 1<br />line 2"


def test_wikitext_export_carries_the_effective_stage_one_row_per_goal():
    goals_df = pd.DataFrame([goal("a", title="Keep uptime", position=1), goal("b", program="TP2", position=0)])
    eff = g.effective_goals(goals_df, pd.DataFrame([edit(1, "a", "rough draft", "final draft")]))
    text = g.goals_wikitext(eff, "2017-18 Q2")
    lines = text.splitlines()
    assert lines[1] == '{| class="wikitable sortable"' and lines[-1] == "|}"
    assert lines.count("|-") == 2
    assert "| 2017-18 Q2 || TP1 || Keep uptime || R || final draft || Outcome 1 ||  ||  ||  || " in lines


# --- the writes --------------------------------------------------------------------------------------


@pytest.fixture
def goal_store(any_engine):
    """Two goals and the goals page's revision, on SQLite (and PostgreSQL when TEST_DATABASE_URL is set)."""
    engine = any_engine
    with engine.begin() as conn:
        conn.execute(insert(goals), [
            {**goal("q2|tp1|a", stage="rough draft"), "title": "A"},
            {**goal("q2|tp1|b", stage="final draft"), "title": "B"},
        ])
        conn.execute(insert(wiki_pages).values(kind="goals", title="Goals", revid=41, fetched_at=datetime(2017, 9, 1)))
    return engine


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_a_stage_change_is_stored_against_the_wiki_revision_and_audited(goal_store):
    edit_id = goals_edits.change_stage(goal_store, goal_key="q2|tp1|a", from_stage="rough draft",
                                       to_stage="final draft", viewer=EDITOR_V, reason="agreed with leads")
    with goal_store.connect() as conn:
        row = conn.execute(select(goal_stage_edits).where(goal_stage_edits.c.id == edit_id)).mappings().one()
        log = conn.execute(select(audit_log)).mappings().one()
    assert (row["old_stage"], row["new_stage"], row["based_on_revid"], row["actor"]) == \
        ("rough draft", "final draft", 41, "owner")
    assert (log["entity_key"], log["field"], log["old_value"], log["new_value"], log["reason"]) == \
        ("q2|tp1|a", "stage", "rough draft", "final draft", "agreed with leads")
    eff = g.effective_goals(goals_reads.goals(goal_store, "2017-18 Q2"),
                            goals_reads.stage_edits(goal_store, "2017-18 Q2")).set_index("goal_key")
    assert eff.loc["q2|tp1|a", "stage"] == "final draft" and eff.loc["q2|tp1|a", "pending"]


@pytest.mark.parametrize("viewer,key,old,new,words", [
    (EDITOR_V, "q2|tp1|b", "final draft", "approved by CTO", "CTO"),
    (READER, "q2|tp1|a", "rough draft", "final draft", "editor"),
    (CTO, "q2|tp1|a", "final draft", "approved by CTO", "changed meanwhile"),
])
def test_a_refused_change_writes_nothing(goal_store, viewer, key, old, new, words):
    with pytest.raises(goals_edits.EditRefused, match=words):
        goals_edits.change_stage(goal_store, goal_key=key, from_stage=old, to_stage=new, viewer=viewer)
    assert _count(goal_store, goal_stage_edits) == 0 and _count(goal_store, audit_log) == 0


def _sync_moves_wiki(engine, key, stage):
    with engine.begin() as conn:
        conn.execute(goals.update().where(goals.c.goal_key == key).values(stage=stage))


def test_keep_mine_puts_the_local_stage_back_over_a_wiki_that_moved(goal_store):
    goals_edits.change_stage(goal_store, goal_key="q2|tp1|a", from_stage="rough draft", to_stage="final draft",
                             viewer=EDITOR_V)
    _sync_moves_wiki(goal_store, "q2|tp1|a", "On hold")   # someone edited the wiki meanwhile
    with pytest.raises(goals_edits.EditRefused, match="conflict"):
        goals_edits.change_stage(goal_store, goal_key="q2|tp1|a", from_stage="On hold", to_stage="final draft",
                                 viewer=EDITOR_V)
    holds = goals_edits.resolve_conflict(goal_store, goal_key="q2|tp1|a", choice=goals_edits.KEEP_MINE,
                                         viewer=EDITOR_V)
    assert holds == "final draft"
    eff = g.effective_goals(goals_reads.goals(goal_store, "2017-18 Q2"),
                            goals_reads.stage_edits(goal_store, "2017-18 Q2")).set_index("goal_key")
    assert eff.loc["q2|tp1|a", "stage"] == "final draft" and not eff.loc["q2|tp1|a", "conflict"]
    audit_rows = goals_reads.stage_audit(goal_store, "2017-18 Q2")
    assert audit_rows["field"].tolist() == ["stage conflict", "stage"]
    # named as the page names goals, not by the internal "quarter|program|title" key
    assert "goal_key" not in audit_rows and audit_rows[["program", "goal"]].drop_duplicates().shape[0] == 1


def test_take_wiki_drops_the_local_edit(goal_store):
    goals_edits.change_stage(goal_store, goal_key="q2|tp1|a", from_stage="rough draft", to_stage="final draft",
                             viewer=EDITOR_V)
    _sync_moves_wiki(goal_store, "q2|tp1|a", "On hold")
    assert goals_edits.resolve_conflict(goal_store, goal_key="q2|tp1|a", choice=goals_edits.TAKE_WIKI,
                                        viewer=EDITOR_V) == "On hold"
    eff = g.effective_goals(goals_reads.goals(goal_store, "2017-18 Q2"),
                            goals_reads.stage_edits(goal_store, "2017-18 Q2")).set_index("goal_key")
    assert eff.loc["q2|tp1|a", "stage"] == "On hold" and not eff.loc["q2|tp1|a", "conflict"]
    with pytest.raises(goals_edits.EditRefused, match="no conflict"):
        goals_edits.resolve_conflict(goal_store, goal_key="q2|tp1|a", choice=goals_edits.TAKE_WIKI, viewer=EDITOR_V)


def test_only_the_cto_may_keep_an_approval_the_wiki_does_not_show(goal_store):
    goals_edits.change_stage(goal_store, goal_key="q2|tp1|b", from_stage="final draft",
                             to_stage="approved by CTO", viewer=CTO)
    _sync_moves_wiki(goal_store, "q2|tp1|b", "rough draft")
    with pytest.raises(goals_edits.EditRefused, match="CTO"):
        goals_edits.resolve_conflict(goal_store, goal_key="q2|tp1|b", choice=goals_edits.KEEP_MINE,
                                     viewer=EDITOR_V)
    assert goals_edits.resolve_conflict(goal_store, goal_key="q2|tp1|b", choice=goals_edits.KEEP_MINE,
                                        viewer=CTO) == "approved by CTO"


def test_keeping_a_final_stage_over_a_wiki_sent_back_to_final_draft_is_the_ctos_to_do(goal_store):
    """The owner made goal b final here (after its approval); the CTO sent it back to final draft on the
    wiki. Keeping "final" would skip the approval the CTO withdrew: only the CTO role may."""
    _sync_moves_wiki(goal_store, "q2|tp1|b", "approved by CTO")
    goals_edits.change_stage(goal_store, goal_key="q2|tp1|b", from_stage="approved by CTO", to_stage="final",
                             viewer=EDITOR_V)
    _sync_moves_wiki(goal_store, "q2|tp1|b", "final draft")
    with pytest.raises(goals_edits.EditRefused, match="passes the CTO's approval"):
        goals_edits.resolve_conflict(goal_store, goal_key="q2|tp1|b", choice=goals_edits.KEEP_MINE, viewer=EDITOR_V)
    assert goals_edits.resolve_conflict(goal_store, goal_key="q2|tp1|b", choice=goals_edits.KEEP_MINE,
                                        viewer=CTO) == "final"


@pytest.mark.parametrize("mine,wiki,role", [
    ("final", "approved by CTO", "editor"), ("final", "final draft", "approver"), ("final", "On hold", "approver"),
    ("approved by CTO", "rough draft", "approver"), ("final draft", "On hold", "editor"), ("On hold", None, "editor"),
])
def test_the_role_to_keep_a_stage_follows_the_way_from_the_wikis(mine, wiki, role):
    assert g.required_role(mine, from_stage=wiki) == role


def test_reads_return_real_dates_and_booleans(goal_store):
    from lib.store.schema import timeline
    with goal_store.begin() as conn:
        conn.execute(insert(timeline).values(quarter="2017-18 Q2", position=1, activity="x",
                                             deadline=date(2017, 9, 11), done=True))
    tl = goals_reads.timeline(goal_store, "2017-18 Q2")
    assert tl["deadline"].iloc[0] == date(2017, 9, 11)
    assert bool(tl["done"].iloc[0]) is True
    assert goals_reads.goals_revid(goal_store) == 41
    assert goals_reads.quarters(goal_store) == ["2017-18 Q2"]


def test_a_pasted_export_reads_back_as_the_same_goals_and_stages():
    wiki_pages = pytest.importorskip("lib.sync.wiki_pages")
    goals_df = pd.DataFrame([
        goal("a", title="Keep uptime", dependencies="Ops", dependencies_confirmed=True,
             deployment_dates="2017-11-28", position=0),
        goal("b", program="TP2", title="Refresh | skins", stage="final draft", dependencies="Security",
             dependencies_confirmed=False, position=0),
    ])
    eff = g.effective_goals(goals_df, pd.DataFrame([edit(1, "a", "rough draft", "final draft")]))
    parsed = wiki_pages.parse_goals_page(g.goals_wikitext(eff, "2017-18 Q2"), "Goals/2017-18 Q2")["goals"]
    got = {(p["program"], p["title"]): p for p in parsed}
    assert set(got) == {("TP1", "Keep uptime"), ("TP2", "Refresh | skins")}
    assert got[("TP1", "Keep uptime")]["stage"] == "final draft"        # the dashboard's stage went out
    assert got[("TP1", "Keep uptime")]["dependencies_confirmed"] is True
    assert got[("TP1", "Keep uptime")]["deployment_dates"] == "2017-11-28"
    assert got[("TP2", "Refresh | skins")]["dependencies_confirmed"] is False
    assert got[("TP2", "Refresh | skins")]["quarter"] == "2017-18 Q2"


def test_a_view_for_some_programs_counts_only_their_goals_but_keeps_the_quarters_timeline():
    """TP1 has one goal at final and one rough draft; TP2 one final draft. Final drafts were due on
    18 Sept: by 1 Oct TP1's rough draft is behind. Chosen TP2 alone, nothing is behind and all is final draft."""
    timeline = pd.DataFrame([{"activity": "Program owners finalise goals", "who": "Program owners",
                              "deliverable": "Populated with final draft Q2 goals", "deadline": date(2017, 9, 18),
                              "start_date": None, "end_date": None, "done": None}])
    data = {"goals": pd.DataFrame([goal("a", "TP1", "final"), goal("b", "TP1", "rough draft"),
                                   goal("c", "TP2", "final draft")]), "timeline": timeline}
    whole = g.quarter_view("2017-18 Q2", data, date(2017, 10, 1))
    assert (len(whole.goals), round(whole.share_final, 2), list(whole.programs_behind["program"])) == (3, 0.33, ["TP1"])
    tp2 = g.for_programs(whole, ["TP2"])
    assert (len(tp2.goals), tp2.share_final, len(tp2.programs_behind), len(tp2.behind)) == (1, 0.0, 0, 0)
    assert list(tp2.counts["program"]) == ["TP2"]
    assert tp2.timeline is whole.timeline and tp2.overdue is whole.overdue
    tp1 = g.for_programs(whole, ["TP1"])
    assert (tp1.share_final, list(tp1.programs_behind["program"])) == (0.5, ["TP1"])
    assert g.for_programs(whole, []) is whole


def test_a_quarter_whose_planning_is_over_has_no_program_behind_only_goals_that_stopped_short():
    """Years after its deadlines a quarter's goals are where they stopped: not "15 programs behind" beside
    "nothing overdue". The goals short of the expected stage are still listed, and said to be history."""
    timeline = pd.DataFrame([{"activity": "Program owners finalise goals", "who": "Program owners",
                              "deliverable": "Populated with final draft Q2 goals", "deadline": date(2017, 9, 18),
                              "start_date": None, "end_date": None, "done": None}])
    data = {"goals": pd.DataFrame([goal("a", "TP1", "final"), goal("b", "TP1", "rough draft")]), "timeline": timeline}
    during = g.quarter_view("2017-18 Q2", data, date(2017, 10, 1))
    assert not during.planning_over and list(during.programs_behind["program"]) == ["TP1"]
    years_on = g.quarter_view("2017-18 Q2", data, date(2026, 11, 30))
    assert years_on.planning_over and years_on.programs_behind.empty and list(years_on.behind["goal_key"]) == ["b"]
    assert g.planning_over_text(years_on) == ("This quarter's planning is over: 1 goal never reached 'final draft' on "
                                              "the wiki; that is history, not a program behind.")


def test_every_table_of_a_quarter_lists_programs_as_people_count_them():
    """The chart ran TP1, TP2 … TP10 and the tables under it TP1, TP10, TP11, TP2: one order for all."""
    timeline = pd.DataFrame([{"activity": "Program owners finalise goals", "who": "Program owners",
                              "deliverable": "Populated with final draft Q2 goals", "deadline": date(2017, 9, 18),
                              "start_date": None, "end_date": None, "done": None}])
    rows = [goal(f"{p}-{n}", p, "rough draft") for p in ("TP10", "TP2", "PP1", "TP1") for n in (1, 2)]
    view = g.quarter_view("2017-18 Q2", {"goals": pd.DataFrame(rows), "timeline": timeline}, date(2017, 10, 1))
    want = ["PP1", "TP1", "TP2", "TP10"]
    assert list(dict.fromkeys(view.goals["program"])) == want
    assert list(view.goals["goal_key"][:2]) == ["PP1-1", "PP1-2"]  # each program's goals in page order
    assert list(view.programs_behind["program"]) == want and list(view.counts["program"]) == want
    assert list(g.quarter_comparison(view.goals, view.goals.iloc[0:0])["program"]) == want


def test_the_goals_a_viewer_can_move_come_first_in_page_order():
    goals = pd.DataFrame([{"goal_key": "a", "stage": "final", "conflict": False},
                          {"goal_key": "b", "stage": "final draft", "conflict": False},
                          {"goal_key": "c", "stage": "rough draft", "conflict": True},
                          {"goal_key": "d", "stage": "rough draft", "conflict": False}])
    assert g.movable_first(goals, can_edit=True, is_approver=False) == ["d", "a", "b", "c"]
    assert g.movable_first(goals, can_edit=True, is_approver=True) == ["b", "d", "a", "c"]


def test_programs_count_in_number_order():
    goals = pd.DataFrame({"program": ["TP10", "TP2", "X-SDC", "TP1", "TP2"], "stage": ["final"] * 5})
    assert g.stage_counts(goals)["program"].tolist() == ["TP1", "TP2", "TP10", "X-SDC"]
    assert list(dict.fromkeys(g.stage_counts_long(goals)["program"])) == ["TP1", "TP2", "TP10", "X-SDC"]


@pytest.mark.parametrize("row, event", [
    ({"who": None, "activity": "Q2 starts. New goals in effect"}, True),
    ({"who": "Everyone", "activity": "Q2 starts"}, True),
    ({"who": "All staff", "activity": "Offsite"}, True),
    ({"who": "Owners", "activity": "Quarter ends"}, True),
    ({"who": "Everyone", "activity": "Check-in meetings", "deliverable": "Presented"}, False),  # work with a result
    ({"who": "Owners", "activity": "Q2 starts: publish the goals", "deadline_text": "Oct 5"}, False),
    ({"who": "Victoria, Owners", "activity": "Meetings with CTO to approve proposed goals"}, False),
    ({"who": "Kevin", "activity": "Prepare the planning pages"}, False),
    ({"who": "Owners", "activity": "Program owners begin drafting Q3 goals"}, False),  # work, not a moment
    ({"who": "Kevin", "activity": "Kick off the retrospective"}, False),
    ({"who": "Joel", "activity": "Send the notes before the quarter ends"}, False),
    ({"who": "Owners", "activity": "The quarter ends"}, True),
])
def test_a_timeline_row_that_marks_a_moment_is_an_event_never_overdue(row, event):
    assert g.is_event(row) is event
    dated = pd.DataFrame([{"position": 1, "start_date": date(2017, 10, 5), "end_date": date(2017, 10, 5),
                           "deadline": None, "deliverable": None, "deadline_text": None, "done": False, **row}])
    assert g.overdue_activities(dated, date(2017, 10, 30)).empty is event


def test_a_goals_page_without_outcomes_is_not_checked_for_them():
    eff = g.effective_goals(pd.DataFrame([goal("a", outcome=None), goal("b", outcome="")]), None)
    checks = g.goal_checks(eff, NO_DEPLOY)
    assert not g.outcomes_given(eff) and not checks["no_outcome"].any() and (checks["checks"] == "").all()
    one_given = g.effective_goals(pd.DataFrame([goal("a", outcome="Outcome 1"), goal("b", outcome="")]), None)
    assert g.goal_checks(one_given, NO_DEPLOY).set_index("goal_key").loc["b", "no_outcome"]
