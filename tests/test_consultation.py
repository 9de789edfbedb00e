"""The consultation tracker's rules (lib.consultation) and writes (lib.consultation_edits), on small
hand-made data whose answers are worked out here."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import insert, select

from lib import consultation as c
from lib import consultation_edits as edits
from lib.auth import EDITOR, VIEWER, Viewer
from lib.store import consultation_reads as creads
from lib.store import schema as s

TODAY = date(2023, 10, 2)
EDITOR_ME = Viewer("ed", EDITOR, False, open_mode=False)
READER = Viewer("reader", VIEWER, False, open_mode=False)

STEPS = [
    # position, activity, status, status_date, status_text
    (1, "Public communications - Kickoff", "done", date(2023, 3, 30), "March 30, 2023"),
    (2, "Validating stakeholders and questions", "done", date(2023, 6, 20), "June 20, 2023"),
    (3, "Public consultation", "done", date(2023, 7, 19), "July 19, 2023"),
    (4, "Summarization of consultation", "in progress", date(2023, 9, 19), "in progress (per September 19, 2023)"),
    (5, "Public report back on what was found", "not started", None, "Results and Analysis"),
    (6, "Feedback from stakeholders", "not started", None, ""),
]
GROUPS = ["WMF staff", "WMDE and other affiliate staff", "Volunteer developer community"]
CHANNELS = ["Survey", "Public meetings", "On-wiki comments", "Mailing list"]


def steps_frame(rows=STEPS) -> pd.DataFrame:
    return pd.DataFrame([{"position": p, "phase": "Phase 1 - Consultation", "activity": a, "status": st,
                          "status_date": d, "status_text": t} for p, a, st, d, t in rows])


def seed_store(engine, *, with_feedback: bool = True) -> None:
    """A consultation as the wiki sync would leave it, plus a goal, an epic and two feedback items."""
    now = datetime(2023, 10, 1, 12, 0)
    with engine.begin() as conn:
        conn.execute(insert(s.sync_runs), [{"kind": "demo", "started_at": now, "finished_at": now,
                                            "outcome": "success", "requests": 0}])
        conn.execute(insert(s.wiki_pages), [{"kind": "consultation", "title": "Consultation plan", "revid": 7,
                                             "fetched_at": now}])
        conn.execute(insert(s.consultation_phases), [
            {"position": 1, "name": "Phase 1 - Consultation",
             "objectives": "Understand expectations\nFigure out who the stakeholders are"},
            {"position": 2, "name": "Phase 2 - Design & Implementation",
             "objectives": "Develop an actionable plan"},
        ])
        conn.execute(insert(s.consultation_steps), [
            {"position": p, "phase": "Phase 1 - Consultation", "activity": a, "status": st, "status_date": d,
             "status_text": t} for p, a, st, d, t in STEPS])
        conn.execute(insert(s.stakeholder_groups), [{"name": g, "position": i} for i, g in enumerate(GROUPS)])
        conn.execute(insert(s.consultation_channels), [{"name": n, "position": i} for i, n in enumerate(CHANNELS)])
        conn.execute(insert(s.consultation_roles), [
            {"team": "core", "role": "Chair", "task": "", "names": "Moriel Schottlender", "position": 1},
            {"team": "core", "role": "Engineering", "task": "", "names": "Daniel Kinzler, Chris Danis",
             "position": 0},
            {"team": "executive", "role": "Executive Ownership", "task": "Oversight", "names": "Tajh Taylor",
             "position": 0},
        ])
        conn.execute(insert(s.goals), [{"quarter": "2017-18 Q2", "program": "TP1", "title": "Better docs",
                                        "goal_key": "2017-18 Q2|TP1|better docs", "stage": "final",
                                        "position": 0}])
        conn.execute(insert(s.tasks), [
            {"phid": "PHID-TASK-epic", "id": 100, "title": "Decision records", "status": "open",
             "is_closed": False, "is_epic": True, "on_board": True},
            {"phid": "PHID-TASK-plain", "id": 101, "title": "Not an epic", "status": "open",
             "is_closed": False, "is_epic": False, "on_board": True},
        ])
    if with_feedback:
        for raw in (
            {"stakeholder_group": "WMF staff", "channel": "Survey", "step": "Public consultation",
             "theme": "Documentation", "text": "Decisions are hard to find.", "received_on": date(2023, 7, 20)},
            {"stakeholder_group": "WMF staff", "channel": "Mailing list", "step": "",
             "theme": "Speed", "text": "It takes months.", "received_on": date(2023, 7, 22)},
        ):
            edits.add_feedback(engine, raw, viewer=EDITOR_ME, today=TODAY)


def csv_of(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


HEADER = "stakeholder_group,channel,step,theme,text,date"


# --- steps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [("done", c.DONE), ("In Progress", c.IN_PROGRESS),
                                            ("in_progress", c.IN_PROGRESS), ("", c.NOT_STARTED),
                                            (None, c.NOT_STARTED), ("Results and Analysis", c.NOT_STARTED)])
def test_normalise_status_maps_sync_values_onto_three_states(raw, expected):
    assert c.normalise_status(raw) == expected


def test_status_label_says_when_done_and_as_of_when_in_progress():
    assert c.status_label("done", date(2023, 3, 30)) == "done on 2023-03-30"
    assert c.status_label("in progress", pd.Timestamp("2023-09-19")) == "in progress as of 2023-09-19"
    assert c.status_label("not started", None) == "not started"
    assert c.status_label("done", None) == "done (no date given)"


def test_current_step_is_the_step_in_progress_and_next_is_the_first_not_started_after_it():
    df = steps_frame()
    assert c.current_step(df)["activity"] == "Summarization of consultation"
    assert c.next_step(df)["activity"] == "Public report back on what was found"


def test_without_a_step_in_progress_next_follows_the_last_done_step():
    rows = [r for r in STEPS if r[0] != 4]
    df = steps_frame(rows)
    assert c.current_step(df) is None
    assert c.next_step(df)["position"] == 5


def test_steps_are_ordered_by_position_not_by_row_order():
    df = steps_frame()[::-1]
    assert c.current_step(df)["position"] == 4
    assert c.next_step(df)["position"] == 5


def test_no_next_step_when_every_step_has_begun_and_none_for_no_steps():
    rows = [(p, a, "done", date(2023, 1, p), "") for p, a, *_ in STEPS]
    assert c.next_step(steps_frame(rows)) is None
    assert c.current_step(steps_frame(rows)) is None
    assert c.next_step(pd.DataFrame()) is None
    assert c.step_table(pd.DataFrame()).empty


def test_step_table_flags_exactly_one_current_and_one_next():
    table = c.step_table(steps_frame())
    assert table.loc[table["current"], "position"].tolist() == [4]
    assert table.loc[table["next"], "position"].tolist() == [5]
    assert table.loc[table["position"] == 1, "state"].item() == "done on 2023-03-30"


def test_timeline_spans_run_from_the_previous_step_and_the_running_step_reaches_today():
    tl = c.timeline_frame(steps_frame(), TODAY).set_index("position")
    # The first step has nothing before it: a point on its own date.
    assert tl.loc[1, "start"] == tl.loc[1, "end"] == pd.Timestamp("2023-03-30")
    # A done step starts where the one before ended.
    assert tl.loc[3, "start"] == pd.Timestamp("2023-06-20") and tl.loc[3, "end"] == pd.Timestamp("2023-07-19")
    # In progress: from the end of step 3 to today (later than its as-of date).
    assert tl.loc[4, "start"] == pd.Timestamp("2023-07-19") and tl.loc[4, "end"] == pd.Timestamp(TODAY)
    assert tl["current"].tolist() == [False, False, False, True, False, False]
    assert tl.loc[[5, 6], "start"].isna().all()



def test_an_in_progress_step_with_no_news_for_months_stops_at_its_as_of_date():
    later = date(2026, 11, 30)   # step 4 says "in progress (per September 19, 2023)"
    tl = c.timeline_frame(steps_frame(), later).set_index("position")
    assert tl.loc[4, "start"] == pd.Timestamp("2023-07-19") and tl.loc[4, "end"] == pd.Timestamp("2023-09-19")
    assert c.timeline_frame(steps_frame(), date(2023, 12, 18)).set_index("position").loc[4, "end"] == \
        pd.Timestamp("2023-12-18")   # 90 days on, still drawn to today


def test_phase_objectives_are_one_row_per_line():
    phases = pd.DataFrame([{"position": 2, "name": "B", "objectives": "- x\n\n- y"},
                           {"position": 1, "name": "A", "objectives": None}])
    out = c.phase_objectives(phases)
    assert out.values.tolist() == [["A", "(no objectives on the page)"], ["B", "x"], ["B", "y"]]


def test_roles_table_keeps_one_team_in_page_order():
    roles = pd.DataFrame([
        {"team": "core", "role": "Chair", "task": "", "names": "M", "position": 1},
        {"team": "core", "role": "Engineering", "task": "", "names": "D, C", "position": 0},
        {"team": "executive", "role": "Owner", "task": "", "names": "T", "position": 0},
    ])
    assert c.roles_table(roles, "core")["role"].tolist() == ["Engineering", "Chair"]
    assert c.roles_table(roles, "executive")["names"].tolist() == ["T"]


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2023-07-19", date(2023, 7, 19)), ("2023-07-19 14:03:22", date(2023, 7, 19)),
    ("2023-07-19T14:03:22Z", date(2023, 7, 19)), ("March 30, 2023", date(2023, 3, 30)),
    ("2023/07/19", date(2023, 7, 19)), ("03/04/2023", None), ("soon", None), ("2023-02-30", None), ("", None),
])
def test_parse_date_accepts_unambiguous_forms_only(text, expected):
    assert c.parse_date(text) == expected


def test_fingerprint_ignores_case_spacing_theme_and_step_but_not_the_date():
    a = c.FeedbackItem("WMF staff", "Survey", None, "Docs", "Hard  to find.", date(2023, 7, 1))
    b = c.FeedbackItem("wmf staff ", "survey", "Public consultation", "Speed", "hard to find.", date(2023, 7, 1))
    later = c.FeedbackItem("WMF staff", "Survey", None, "Docs", "Hard to find.", date(2023, 7, 2))
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint != later.fingerprint
    assert len(a.fingerprint) == 64


VOCAB = c.Vocabulary(GROUPS, CHANNELS, [r[1] for r in STEPS], ["Documentation"])


def test_valid_feedback_takes_the_known_spellings():
    item, errors = c.validate_feedback(
        {"stakeholder_group": " wmf STAFF", "channel": "survey", "step": "public consultation",
         "theme": "documentation", "text": " Too\nslow ", "received_on": "2023-07-20"}, VOCAB, TODAY)
    assert errors == []
    assert (item.stakeholder_group, item.channel, item.step, item.theme, item.text) == (
        "WMF staff", "Survey", "Public consultation", "Documentation", "Too slow")
    assert item.received_on == date(2023, 7, 20)


def test_invalid_feedback_lists_every_reason():
    item, errors = c.validate_feedback(
        {"stakeholder_group": "Aliens", "channel": "Carrier pigeon", "step": "Step 99", "theme": "",
         "text": "  ", "received_on": "19/07/2023"}, VOCAB, TODAY)
    assert item is None
    assert errors == ["unknown stakeholder group 'Aliens'", "unknown channel 'Carrier pigeon'",
                      "unknown step 'Step 99'", "theme is empty", "text is empty",
                      "bad date '19/07/2023' (use YYYY-MM-DD)"]


def test_feedback_dated_after_today_is_refused():
    _, errors = c.validate_feedback({"stakeholder_group": "WMF staff", "channel": "Survey", "theme": "T",
                                     "text": "x", "received_on": date(2023, 10, 3)}, VOCAB, TODAY)
    assert errors == ["date 2023-10-03 is in the future"]


def test_import_reports_each_bad_row_by_spreadsheet_row_number():
    data = csv_of(HEADER,
                  "WMF staff,Survey,,Docs,Fine row,2023-07-20",
                  "Nobody,Survey,,Docs,Unknown group,2023-07-20",
                  "WMF staff,Fax,,Docs,,2023-07-20",
                  "",
                  "WMF staff,Survey,,Docs,Bad date,yesterday")
    report = c.validate_import(data, VOCAB, set(), TODAY)
    assert not report.ok
    assert [p.row for p in report.problems] == [3, 4, 6]  # row 5 is blank and skipped
    assert report.problems[1].messages == ["unknown channel 'Fax'", "text is empty"]
    assert "row 6: bad date 'yesterday'" in str(report.problems[2])
    assert len(report.items) == 1


def test_import_marks_duplicates_in_the_store_and_within_the_file():
    first = c.FeedbackItem("WMF staff", "Survey", None, "Docs", "Stored already", date(2023, 7, 20))
    data = csv_of(HEADER,
                  "WMF staff,Survey,,Docs,Stored already,2023-07-20",
                  "WMF staff,Survey,,Docs,New one,2023-07-21",
                  "wmf staff,survey,,Other theme,new  one,2023-07-21")
    report = c.validate_import(data, VOCAB, {first.fingerprint}, TODAY)
    assert report.ok
    assert [i.text for i in report.items] == ["New one"]
    assert [(d.row, d.messages) for d in report.duplicates] == [
        (2, ["already in the feedback log"]), (4, ["same as row 3"])]


def test_import_reads_alternative_headers_semicolons_and_a_bom():
    data = "\ufeffGroup;Channel;Feedback;Topic;Received on\nWMF staff;Survey;Hi;Docs;2023-07-01\n".encode()
    report = c.validate_import(data, VOCAB, set(), TODAY)
    assert report.ok and report.items[0].text == "Hi" and report.items[0].step is None


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"group,channel,text\n", "missing columns: theme, date"),
    (HEADER.encode() + b"\n", "the file has a header but no rows"),
    ("group,channel,theme,text,date\nWMF staff,Survey,T,caf\xe9,2023-07-01\n".encode("latin-1"), "not UTF-8"),
])
def test_import_file_level_problems_are_reported_without_rows(data, message):
    report = c.validate_import(data, VOCAB, set(), TODAY)
    assert not report.ok and message in report.file_error and report.items == []


# --- summaries -------------------------------------------------------------------------------------


FEEDBACK = pd.DataFrame([
    {"stakeholder_group": "WMF staff", "theme": "Docs", "received_on": date(2023, 7, 1)},
    {"stakeholder_group": "WMF staff", "theme": "Docs", "received_on": date(2023, 7, 3)},
    {"stakeholder_group": "WMF staff", "theme": "Speed", "received_on": date(2023, 7, 2)},
    {"stakeholder_group": "Volunteer developer community", "theme": "Docs", "received_on": date(2023, 7, 2)},
])


def test_counts_by_group_and_theme():
    out = c.counts_by_group_theme(FEEDBACK)
    assert out.values.tolist() == [["WMF staff", "Docs", 2], ["Volunteer developer community", "Docs", 1],
                                   ["WMF staff", "Speed", 1]]
    assert c.counts_by_group_theme(pd.DataFrame()).empty


def test_groups_not_heard_from_keeps_page_order():
    assert c.groups_not_heard_from(GROUPS, FEEDBACK) == ["WMDE and other affiliate staff"]
    assert c.groups_not_heard_from(GROUPS, pd.DataFrame()) == GROUPS


def test_theme_summary_counts_groups_and_says_what_answers_each_theme():
    links = pd.DataFrame([{"theme": "Docs", "target_kind": "epic", "target_label": "T1 Records"}])
    out = c.theme_summary(FEEDBACK, links).set_index("theme")
    assert out.loc["Docs", "items"] == 3 and out.loc["Docs", "groups"] == 2
    assert out.loc["Docs", "last_received"] == date(2023, 7, 3)
    assert out.loc["Docs", "answered_by"] == "epic T1 Records"
    assert out.loc["Speed", "answered_by"] == "unanswered"


def test_link_problem_names_what_is_wrong():
    args = dict(themes=["Docs"], goal_keys=["g1"], epic_keys=["PHID-TASK-1"])
    assert c.link_problem("docs", "goal", "g1", **args) is None
    assert "no feedback with the theme" in c.link_problem("Nope", "goal", "g1", **args)
    assert "no longer in the store" in c.link_problem("Docs", "epic", "g1", **args)
    assert "goal or an epic" in c.link_problem("Docs", "project", "g1", **args)


# --- writes ----------------------------------------------------------------------------------------


def _audit(engine, entity):
    with engine.connect() as conn:
        return conn.execute(select(s.audit_log).where(s.audit_log.c.entity == entity)
                            .order_by(s.audit_log.c.id)).mappings().all()


def test_add_feedback_stores_the_item_and_an_audit_row(any_engine):
    engine = any_engine
    seed_store(any_engine)
    fb = creads.feedback(any_engine)
    assert len(fb) == 2
    assert fb.iloc[0]["text"] == "It takes months."  # newest received first
    rows = _audit(engine, edits.ENTITY_FEEDBACK)
    assert [r["entity_key"] for r in rows] == [str(i) for i in sorted(fb["id"])]
    assert rows[0]["actor"] == "ed" and "Documentation" in rows[0]["new_value"]


def test_add_feedback_refuses_duplicates_viewers_and_bad_items(any_engine):
    engine = any_engine
    seed_store(any_engine)
    dup = {"stakeholder_group": "wmf staff", "channel": "Survey", "theme": "Other",
           "text": "Decisions are hard  to find.", "received_on": date(2023, 7, 20)}
    with pytest.raises(edits.EditRefused, match="already in the log"):
        edits.add_feedback(engine, dup, viewer=EDITOR_ME, today=TODAY)
    with pytest.raises(edits.EditRefused, match="Only editors"):
        edits.add_feedback(engine, {**dup, "text": "new"}, viewer=READER, today=TODAY)
    with pytest.raises(edits.EditRefused, match="unknown channel"):
        edits.add_feedback(engine, {**dup, "text": "new", "channel": "Fax"}, viewer=EDITOR_ME, today=TODAY)
    assert len(creads.feedback(any_engine)) == 2
    assert len(_audit(engine, edits.ENTITY_FEEDBACK)) == 2


def test_import_with_one_bad_row_writes_nothing(any_engine):
    engine = any_engine
    seed_store(any_engine)
    data = csv_of(HEADER, "WMF staff,Survey,,Docs,Good,2023-08-01", "WMF staff,Survey,,Docs,,2023-08-01")
    report = edits.import_feedback_csv(engine, data, viewer=EDITOR_ME, today=TODAY)
    assert not report.ok and report.imported == 0 and [p.row for p in report.problems] == [3]
    assert len(creads.feedback(any_engine)) == 2
    assert len(_audit(engine, edits.ENTITY_FEEDBACK)) == 2


def test_import_then_reimport_reports_duplicates(any_engine):
    engine = any_engine
    seed_store(any_engine)
    data = csv_of(HEADER, "WMF staff,Survey,,Docs,One,2023-08-01", "Volunteer developer community,Survey,,"
                  "Docs,Two,2023-08-02")
    first = edits.import_feedback_csv(engine, data, viewer=EDITOR_ME, today=TODAY, source="survey.csv")
    assert first.ok and first.imported == 2 and first.duplicates == []
    again = edits.import_feedback_csv(engine, data, viewer=EDITOR_ME, today=TODAY, source="survey.csv")
    assert again.ok and again.imported == 0 and [d.row for d in again.duplicates] == [2, 3]
    assert len(creads.feedback(any_engine)) == 4
    assert _audit(engine, edits.ENTITY_FEEDBACK)[-1]["reason"] == "CSV import of survey.csv"


def test_import_before_any_sync_explains_why_nothing_is_stored(any_engine):
    engine = any_engine
    report = edits.import_feedback_csv(engine, csv_of(HEADER, "WMF staff,Survey,,Docs,One,2023-08-01"),
                                       viewer=EDITOR_ME, today=TODAY)
    assert not report.ok and "sync the consultation page first" in report.file_error
    assert creads.feedback(any_engine).empty


def test_link_and_unlink_a_theme_are_audited_and_labelled(any_engine):
    engine = any_engine
    seed_store(any_engine)
    edits.link_theme(engine, theme="documentation", target_kind="epic", target_key="PHID-TASK-epic",
                     viewer=EDITOR_ME)
    edits.link_theme(engine, theme="Documentation", target_kind="goal", target_key="2017-18 Q2|TP1|better docs",
                     viewer=EDITOR_ME)
    links = creads.theme_links(any_engine)
    assert links[["theme", "target_kind", "target_label"]].values.tolist() == [
        ["Documentation", "epic", "T100 Decision records"],
        ["Documentation", "goal", "2017-18 Q2 TP1: Better docs"]]
    with pytest.raises(edits.EditRefused, match="already exists"):
        edits.link_theme(engine, theme="Documentation", target_kind="epic", target_key="PHID-TASK-epic",
                         viewer=EDITOR_ME)
    with pytest.raises(edits.EditRefused, match="no longer in the store"):
        edits.link_theme(engine, theme="Documentation", target_kind="epic", target_key="PHID-TASK-plain",
                         viewer=EDITOR_ME)
    edits.unlink_theme(engine, theme="Documentation", target_kind="epic", target_key="PHID-TASK-epic",
                       viewer=EDITOR_ME)
    assert creads.theme_links(any_engine)["target_kind"].tolist() == ["goal"]
    trail = [(r["field"], r["old_value"], r["new_value"]) for r in _audit(engine, edits.ENTITY_LINK)]
    assert trail == [("epic", None, "PHID-TASK-epic"), ("goal", None, "2017-18 Q2|TP1|better docs"),
                     ("epic", "PHID-TASK-epic", None)]


def test_reads_return_dates_as_dates(any_engine):
    seed_store(any_engine)
    steps = creads.steps(any_engine)
    assert steps.loc[0, "status_date"] == date(2023, 3, 30)
    assert c.current_step(steps)["position"] == 4
    assert creads.consultation_page(any_engine)["revid"] == 7


def test_the_chart_marks_now_at_today_unless_the_plan_is_long_over():
    during = c.timeline_frame(steps_frame(), TODAY)
    assert c.chart_now(during, TODAY) == (TODAY, f"today {TODAY:%Y-%m-%d}")
    years_later = date(2026, 11, 30)
    over = c.timeline_frame(steps_frame(), years_later)
    last = over["end"].max().date()
    assert last < date(2024, 1, 1)
    assert c.chart_now(over, years_later) == (last, f"the plan's last date, {last:%Y-%m-%d} (today is 2026-11-30)")
    assert c.chart_now(over.iloc[0:0], years_later)[0] == years_later  # nothing dated: today


def test_a_step_marked_done_on_a_later_day_is_planned_until_then():
    """"Publish the survey results || December 10, 2026" read as done on a day still to come: the next
    step said "None left"."""
    steps = steps_frame(STEPS[:4] + [(5, "Publish the survey results", "done", date(2026, 12, 10), "December 10, 2026")])
    today = date(2026, 11, 30)
    now = c.as_of(steps, today)
    assert c.next_step(now)["activity"] == "Publish the survey results"
    assert c.step_table(now).set_index("position").loc[5, "state"] == "not started (planned for 2026-12-10)"
    after = c.as_of(steps, date(2026, 12, 10))  # the day come: done
    assert c.next_step(after) is None and c.step_table(after).set_index("position").loc[5, "state"] == "done on 2026-12-10"


def test_a_step_the_page_dates_by_a_span_is_in_progress_while_it_runs():
    """"June 15 - end of July" (stored done by July 31): not started before June 15, in progress
    until July 31 (as of its first day), done after, so that the screen uses one rule for every dated
    step."""
    steps = steps_frame(STEPS[:3] + [(4, "Affiliate outreach", "done", date(2024, 7, 31), "June 15 - end of July")])
    before = c.as_of(steps, date(2024, 6, 1)).set_index("position").loc[4]
    during = c.as_of(steps, date(2024, 7, 1)).set_index("position").loc[4]
    after = c.as_of(steps, date(2024, 8, 1)).set_index("position").loc[4]
    assert (before["status"], c.as_date(before["status_date"])) == ("not started", date(2024, 6, 15))
    assert (during["status"], c.as_date(during["status_date"])) == ("in progress", date(2024, 6, 15))
    assert (after["status"], c.as_date(after["status_date"])) == ("done", date(2024, 7, 31))


def test_a_later_done_date_with_words_around_it_stays_planned_until_that_day():
    steps = steps_frame(STEPS[:3] + [(4, "Report", "done", date(2024, 7, 31), "Report published June 15 – July 31, 2024")])
    assert c.as_of(steps, date(2024, 7, 1)).set_index("position").loc[4, "status"] == "not started"


def test_yearless_steps_read_from_the_page_move_by_date_on_the_screen():
    """Steps dated without a year take it from a dated step: the screen shows them not started, in progress
    and done by their days; with no year anywhere they are never shown done."""
    from lib.sync.wiki_pages import parse_consultation_page

    def steps(rows: str) -> pd.DataFrame:
        text = (f"== Phase 1 - Consultation ==\n{{|\n! Activity !! Date\n{rows}|}}\n"
                "== Core team ==\n{|\n! Role !! Name\n|-\n| Chair || Ann Lee\n|}\n")
        return pd.DataFrame(parse_consultation_page(text, "C")["consultation_steps"])

    # three dated steps rising: the plan runs down the page (fewer cannot tell its order)
    dated = steps("|-\n| Kickoff || March 30, 2023\n|-\n| Announcement || April 10, 2023\n"
                  "|-\n| Survey || June 15 - end of July\n|-\n| Report || Sept 30, 2023\n")
    survey = lambda day: c.as_of(dated, day).set_index("position").loc[3]  # noqa: E731
    assert (survey(date(2023, 6, 1))["status"], c.as_date(survey(date(2023, 6, 1))["status_date"])) == \
        ("not started", date(2023, 6, 15))
    assert survey(date(2023, 7, 1))["status"] == "in progress"
    assert (survey(date(2023, 8, 1))["status"], c.as_date(survey(date(2023, 8, 1))["status_date"])) == \
        ("done", date(2023, 7, 31))
    yearless = steps("|-\n| Kickoff || Jan 12\n|-\n| Survey || Feb 1 – Feb 28\n")
    assert set(c.as_of(yearless, date(2030, 1, 1))["status"]) == {"in progress"}
