"""The consultation page: the demo page, and other layouts of it written the way real editors do."""

from __future__ import annotations

from datetime import date

import pytest

from lib.sync.wiki_pages import WikiPageError, consultation_status, parse_consultation_page
from tests.wiki_page_helpers import CORE_TEAM, DEMO, LISTED_CONSULTATION, OTHER_LAYOUTS, demo


@pytest.mark.parametrize("text, link, expected", [
    ("March 30, 2023", False, ("done", date(2023, 3, 30), "March 30, 2023")),
    ("2023-03-30", False, ("done", date(2023, 3, 30), "2023-03-30")),
    ("in progress (per September 19, 2023)", False, ("in progress", date(2023, 9, 19), "in progress (per September 19, 2023)")),
    ("", False, ("not started", None, None)),
    ("Results and Analysis", True, ("done", None, "Results and Analysis")),
    ("Drafting the survey", False, ("in progress", None, "Drafting the survey")),
    ("Done", False, ("done", None, "Done")),
    ("not started", False, ("not started", None, "not started")),
    ("planned for October", False, ("not started", None, "planned for October")),
    ("Not done", False, ("not started", None, "Not done")),
    ("not yet done", False, ("not started", None, "not yet done")),
    ("Scheduled for 12 October 2023", False, ("not started", date(2023, 10, 12), "Scheduled for 12 October 2023")),
    ("Cancelled", False, ("not started", None, "Cancelled")),
    ("✅", False, ("done", None, "✅")),
    ("Y", False, ("done", None, "Y")),
    ("tick", False, ("done", None, "tick")),
    ("Completed as scheduled", False, ("done", None, "Completed as scheduled")),
    ("Held as scheduled on 2023-05-12", False, ("done", date(2023, 5, 12), "Held as scheduled on 2023-05-12")),
    ("Done, but the survey part was dropped", False, ("done", None, "Done, but the survey part was dropped")),
    ("To be held in May", False, ("not started", None, "To be held in May")),
    ("—", False, ("not started", None, None)), ("n/a", False, ("not started", None, None)),
    ("{{cross}}", False, ("not started", None, "cross")), ("❌", False, ("not started", None, "❌")),
    ("Partially done", False, ("in progress", None, "Partially done")),
    ("{{No}}", False, ("not started", None, "No")), ("{{X mark}}", False, ("not started", None, "X mark")),
    ("{{Aye}}", False, ("done", None, "Aye")), ("{{Check mark}}", False, ("done", None, "Check mark")),
])
def test_consultation_status(text, link, expected):
    from lib.sync.wikitables import render

    text = render(text)
    assert consultation_status(text, has_link=link) == expected


def test_demo_consultation_steps():
    steps = demo("consultation")["consultation_steps"]
    assert [s["status"] for s in steps] == ["done", "done", "done", "in progress", "done", "not started",
                                            "not started", "not started"]
    assert steps[0]["status_date"] == date(2023, 3, 30)  # written as {{date|2023|3|30}}
    assert steps[3]["status_date"] == date(2023, 9, 19)
    assert steps[4]["status_text"] == "Results and Analysis"
    assert {s["phase"] for s in steps} == {"Phase 1 - Consultation"}


def test_demo_consultation_phases_objectives_one_per_line():
    phases = demo("consultation")["consultation_phases"]
    assert [p["name"] for p in phases] == ["Phase 1 - Consultation", "Phase 2 - Design & Implementation"]
    first = phases[0]["objectives"].split("\n")
    assert len(first) == 5 and first[1] == "Figure out who are the relevant stakeholders"
    assert "WMF staff" not in first  # a sub-item, not an objective
    assert phases[1]["objectives"].split("\n") == ["Develop an actionable plan based on the consultation",
                                                   "Implementation of the Decision-Making Process plan"]


def test_phase_headings_that_name_the_phase_first():
    text = (DEMO / "consultation.wiki").read_text(encoding="utf-8")
    text = text.replace("== Phase 1 - Consultation ==", "== Consultation phase ==").replace(
        "== Phase 2 - Design & Implementation ==", "== Design and implementation phase ==")
    rows = parse_consultation_page(text, "Decision making process/Consultation")
    assert [p["name"] for p in rows["consultation_phases"]] == ["Consultation phase", "Design and implementation phase"]
    assert {st["phase"] for st in rows["consultation_steps"]} <= {"Consultation phase", "Design and implementation phase"}


def test_demo_stakeholders_channels_and_roles():
    rows = demo("consultation")
    assert [g["name"] for g in rows["stakeholder_groups"]] == [
        "WMF staff", "WMDE and other affiliate staff", "Volunteer developer community"]
    assert [c["name"] for c in rows["consultation_channels"]] == [
        "Survey", "Public meetings/listening groups", "On-wiki comments", "Listserv discussion"]
    roles = {(r["team"], r["role"]): r for r in rows["consultation_roles"]}
    assert roles[("core", "Engineering")]["names"] == "Daniel Kinzler, Chris Danis, Kosta Harlan"
    assert roles[("core", "Chair")]["names"] == "Moriel Schottlender"  # rowspan shared with the row above
    assert roles[("executive", "Executive Sponsorship")]["names"] == "Mat Nadrofsky"
    assert roles[("core", "Chair")]["task"] == "Run the core team meetings\nKeep the timeline"
    assert [r["position"] for r in rows["consultation_roles"] if r["team"] == "executive"] == [1, 2]


CONSULTATION_VARIANT = """
== Plan ==
{| class="wikitable"
! Phase !! Step !! Progress
|-
| Listening || Kickoff || {{done}}
|-
| Listening || Interviews || 12 September 2023
|-
| Design || Write proposal ||
|}
== Stakeholders ==
* Staff
* Volunteers – developers and tool maintainers
== Channels ==
* Survey
* Office hours: twice a month
== Team ==
{| class="wikitable"
|+ Executive leadership
! Role !! Names
|-
| Sponsor || Ann and Bob
|}
{| class="wikitable"
! Role !! Names !! Responsibilities
|-
| Facilitator ||
* Cy
* Di
|| Run the sessions
|}
"""


def test_consultation_page_in_another_layout():
    rows = parse_consultation_page(CONSULTATION_VARIANT, "Consultation")
    assert [(s["phase"], s["activity"], s["status"], s["status_date"]) for s in rows["consultation_steps"]] == [
        ("Listening", "Kickoff", "done", None), ("Listening", "Interviews", "done", date(2023, 9, 12)),
        ("Design", "Write proposal", "not started", None)]
    assert rows["consultation_phases"] == [{"position": 1, "name": "Listening", "objectives": None},
                                           {"position": 2, "name": "Design", "objectives": None}]
    assert [g["name"] for g in rows["stakeholder_groups"]] == ["Staff", "Volunteers"]
    assert [c["name"] for c in rows["consultation_channels"]] == ["Survey", "Office hours"]
    assert [(r["team"], r["role"], r["names"], r["task"]) for r in rows["consultation_roles"]] == [
        ("executive", "Sponsor", "Ann, Bob", None), ("core", "Facilitator", "Cy, Di", "Run the sessions")]


def test_consultation_page_without_steps_names_the_columns():
    with pytest.raises(WikiPageError) as err:
        parse_consultation_page("== Phase 1 ==\ntext", "Consultation")
    assert 'Page "Consultation": no consultation steps table with columns Activity, Status' in str(err.value)


def test_consultation_steps_with_a_separate_date_column():
    text = ("== Phase 1 - Listening ==\n{|\n! Step !! Status !! Date\n|-\n| Kickoff || Done || March 30, 2023\n"
            "|-\n| Survey || || June 2, 2023\n|-\n| Report || in progress ||\n|}\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    # an empty Status beside a date: not done yet, the date is the plan
    assert [(s["phase"], s["status"], s["status_date"]) for s in steps] == [
        ("Phase 1 - Listening", "done", date(2023, 3, 30)), ("Phase 1 - Listening", "not started", date(2023, 6, 2)),
        ("Phase 1 - Listening", "in progress", None)]
    completed = text.replace("! Step !! Status !! Date", "! Step !! Status !! Completed on") \
        .replace("| Report || in progress ||", "| Report || || <s>June 1, 2023</s> July 19, 2023")
    steps = parse_consultation_page(completed, "C")["consultation_steps"]
    assert [(s["status"], s["status_date"]) for s in steps] == [
        ("done", date(2023, 3, 30)), ("done", date(2023, 6, 2)), ("done", date(2023, 7, 19))]
    due = text.replace("! Step !! Status !! Date", "! Step !! Status !! Due date")
    assert [s["status"] for s in parse_consultation_page(due, "C")["consultation_steps"]] == [
        "done", "not started", "in progress"]


def test_consultation_steps_may_say_who_does_each_step_and_a_roles_table_is_still_no_steps():
    text = ("== Phase 1 - Listening ==\n{|\n! Activity !! Who !! Status\n|-\n| Kickoff || Core team || Done\n|}\n"
            "== Team ==\n{|\n! Role !! Name !! Task !! When\n|-\n| Chair || Mo || Runs the meetings || weekly\n|}")
    page = parse_consultation_page(text, "C")
    assert [(s["activity"], s["status"]) for s in page["consultation_steps"]] == [("Kickoff", "done")]
    assert [(r["role"], r["names"]) for r in page["consultation_roles"]] == [("Chair", "Mo")]


def test_consultation_status_month_and_year_only_counts_as_done():
    # done by the month's last day (the screen holds it in progress during the month: lib.consultation.as_of)
    assert consultation_status("September 2023") == ("done", date(2023, 9, 30), "September 2023")
    # a day without a year is done only once a year is known (`near`, the steps dated around it)
    assert consultation_status("June 20")[0] == "in progress" and consultation_status("20th June")[0] == "in progress"
    assert consultation_status("June 20", near=date(2023, 5, 1))[:2] == ("done", date(2023, 6, 20))
    assert consultation_status("Survey form (open until July 31, 2023)")[:2] == ("in progress", date(2023, 7, 31))


@pytest.mark.parametrize("heading, phase", [
    ("Phase 1 - Consultation", True), ("Consultation phase", True), ("Design and implementation phase", True),
    ("Questions about the next phase", False), ("Feedback on this phase", False),
])
def test_phase_headings(heading, phase):
    from lib.sync.wiki_pages.consultation import _PHASE_HEADING

    assert bool(_PHASE_HEADING.search(heading)) is phase


@pytest.mark.parametrize("heading", ["Stage 1: Consultation", "Consultation phase (2023)", "Phase 1 - Consultation"])
def test_consultation_phase_headings_in_other_words(heading):
    text = (f"== {heading} ==\n{{|\n! Activity !! Status\n|-\n| Kickoff || Done\n|}}\n"
            + CORE_TEAM)
    page = parse_consultation_page(text, "C")
    assert [p["name"] for p in page["consultation_phases"]] == [heading]
    assert [s["phase"] for s in page["consultation_steps"]] == [heading]


def test_cross_wiki_is_no_cross_mark():
    assert consultation_status("Cross-wiki announcement done")[0] == "done"
    # "sent" after other words is no outcome alone ("Sent for review" neither): in progress, as it was
    assert consultation_status("Cross-wiki notice sent")[0] == "in progress"


def test_consultation_steps_and_roles_written_as_lists():
    page = parse_consultation_page(LISTED_CONSULTATION, "C")
    assert [(s["phase"], s["activity"], s["status"], s["status_date"]) for s in page["consultation_steps"]] == [
        ("Phase 1: Consultation", "Kickoff announcement", "done", date(2023, 3, 30)),
        ("Phase 1: Consultation", "Public survey", "in progress", None),
        ("Phase 1: Consultation", "Report back", "not started", None),
        ("2. Design", "Draft the new process", "not started", None)]  # "Make it simpler": an objective
    assert [p["name"] for p in page["consultation_phases"]] == ["Phase 1: Consultation", "2. Design"]
    assert [(r["team"], r["role"], r["names"]) for r in page["consultation_roles"]] == [
        ("core", "Chair", "Ann Lee"), ("core", "Engineering", "Bob Roe, Cy Cole"),
        ("executive", "Executive sponsor", "Tajh Taylor")]


def test_listed_steps_with_a_dash_in_their_name_a_status_below_or_a_coloured_lamp():
    text = ("== Phase 1 - Consultation ==\n=== Steps ===\n"
            "# Public communications - Kickoff – {{done}} (March 30, 2023)\n#* Announced on wikitech-l\n"
            "# Validating stakeholders\n#* Status: done (June 20, 2023)\n"
            "# Public consultation\n#: {{done}} July 19, 2023\n"
            "# 🟡 Summarization of consultation\n# Public report back - what we found\n"
            + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"], s["status_date"]) for s in steps] == [
        ("Public communications - Kickoff", "done", date(2023, 3, 30)),
        ("Validating stakeholders", "done", date(2023, 6, 20)),
        ("Public consultation", "done", date(2023, 7, 19)),
        ("Summarization of consultation", "in progress", None),
        ("Public report back - what we found", "not started", None)]


def test_one_phase_in_a_table_and_the_next_as_a_list_are_both_read():
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n"
            "== Phase 2: Design ==\n=== Steps ===\n* Draft the new process – in progress\n* Publish it\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["position"], s["phase"], s["activity"], s["status"]) for s in steps] == [
        (1, "Phase 1: Consultation", "Kickoff", "done"), (2, "Phase 2: Design", "Draft the new process", "in progress"),
        (3, "Phase 2: Design", "Publish it", "not started")]


def test_the_core_team_as_a_list_beside_an_executive_roles_table_are_both_read():
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n== Core team ==\n* Chair – Ann Lee\n"
            "* Engineering: Bob Roe, Cy Cole\n== Executive support ==\n{|\n! Role !! Name\n|-\n"
            "| Executive sponsor || Tajh Taylor\n|}\n")
    roles = parse_consultation_page(text, "C")["consultation_roles"]
    assert sorted((r["team"], r["role"], r["names"]) for r in roles) == [
        ("core", "Chair", "Ann Lee"), ("core", "Engineering", "Bob Roe, Cy Cole"),
        ("executive", "Executive sponsor", "Tajh Taylor")]


def test_phases_named_first_second_or_by_number():
    text = ("{|\n! Step !! Status\n|-\n! colspan=2 | First phase: Consultation\n|-\n| Kickoff || Done\n"
            "|-\n! colspan=2 | Second phase: Design\n|-\n| Draft || not started\n|}\n"
            + CORE_TEAM)
    page = parse_consultation_page(text, "C")
    assert [p["name"] for p in page["consultation_phases"]] == ["First phase: Consultation", "Second phase: Design"]
    numbered = ("== 1. Consultation ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n"
                "== 2. Design & implementation ==\n{|\n! Step !! Status\n|-\n| Draft || not started\n|}\n"
                + CORE_TEAM)
    page = parse_consultation_page(numbered, "C")
    assert [(s["phase"], s["activity"]) for s in page["consultation_steps"]] == [
        ("1. Consultation", "Kickoff"), ("2. Design & implementation", "Draft")]


@pytest.mark.parametrize("status, expected", [
    ("Target: Oct 15, 2023", ("not started", date(2023, 10, 15))), ("By October 15, 2023", ("not started", date(2023, 10, 15))),
    ("Expected October 2023", ("not started", None)), ("Up next", ("not started", None)), ("Closed", ("done", None)),
    ("Reviewed by legal, Oct 2, 2023", ("done", date(2023, 10, 2))),  # "by" someone, not by a date
])
def test_a_planned_date_is_no_done_date_and_closed_is_done(status, expected):
    assert consultation_status(status)[:2] == expected


@pytest.mark.parametrize("role, names, expected", [
    ("Engineering", "Ann Lee (WMDE, contractor), Bob Roe (WMF)", ("Engineering", "Ann Lee, Bob Roe")),
    ("Engineering", "Ann Lee (contractor, she/her), Bob Roe", ("Engineering", "Ann Lee, Bob Roe")),
    ("Communications (contractor)", "Ann Lee", ("Communications", "Ann Lee")),
    ("Contractor manager", "Ann Lee (Contractor Manager)", ("Contractor manager", "Ann Lee (Contractor Manager)")),
])
def test_a_core_team_member_comes_without_employer_or_contract(role, names, expected):
    steps = "== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n"
    table = "== Core team ==\n{|\n! Role !! Name\n|-\n| " + role + " || " + names + "\n|}\n"
    listed = "== Core team ==\n* " + role + ": " + names + "\n"
    for team in (table, listed):
        roles = parse_consultation_page(steps + team, "C")["consultation_roles"]
        assert [(r["role"], r["names"]) for r in roles] == [expected]


_MILESTONES = "\n{|\n! Milestone !! Date\n|-\n| Beta || Nov 1, 2023\n|-\n| GA || Dec 1, 2023\n|}\n"


def test_a_plan_with_no_status_yet_keeps_a_table_inside_a_step_as_part_of_it():
    inner = "\n{|\n! Milestone !! Date\n|-\n| Beta || Nov 1, 2023\n|-\n| GA || Dec 1, 2023\n|}\n"
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Survey" + inner + "|\n|-\n| Report ||\n|}\n"
            + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [s["activity"] for s in steps] == ["Survey", "Report"]


def test_one_step_with_a_table_of_milestones_in_its_cell_is_one_step():
    inner = "\n{|\n! Milestone !! Date\n|-\n| Beta || Nov 1, 2023\n|-\n| GA || Dec 1, 2023\n|}\n"
    text = "== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Survey" + inner + "| in progress\n|}\n" + CORE_TEAM
    assert [(s["activity"], s["status"]) for s in parse_consultation_page(text, "C")["consultation_steps"]] == [
        ("Survey", "in progress")]


@pytest.mark.parametrize("steps", [
    "| Survey" + _MILESTONES + "|\n",  # the table in the step's cell, no status yet
    "| Survey\n|" + _MILESTONES,  # the table in the Status cell
    "| Survey" + _MILESTONES + "|\n|-\n| Report" + _MILESTONES + "|\n",  # a table beside each step
], ids=["in the step's cell", "in the status cell", "two steps"])
def test_a_steps_table_with_a_table_in_each_row_and_no_status_yet_is_no_layout_table(steps):
    text = "== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n" + steps + "|}\n" + CORE_TEAM
    got = [(s["activity"], s["status"]) for s in parse_consultation_page(text, "C")["consultation_steps"]]
    assert got == [(name, "not started") for name in ("Survey", "Report") if name in steps]


def test_a_table_inside_a_consultation_step_adds_no_steps():
    inner = "\n{|\n! Milestone !! Date\n|-\n| Beta || Nov 1, 2023\n|}\n"
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Survey" + inner + "| done\n|-\n"
            "| Report ||\n|}\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"]) for s in steps] == [("Survey", "done"), ("Report", "not started")]


@pytest.mark.parametrize("inner", [
    "! Goal !! Description !! Owner !! Stage\n|-\n| Faster reviews || Cut review time || Ann Lee || In progress\n",
    "! Goal !! Phase !! Owner !! Status\n|-\n| Faster reviews || Phase 2 || Ann Lee || In progress\n",
], ids=["a stage column", "a phase column"])
def test_a_goals_table_inside_a_consultation_step_adds_no_phases(inner):
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Agree the goals\n{|\n" + inner + "|}\n| done\n"
            "|-\n| Report ||\n|}\n" + CORE_TEAM)
    page = parse_consultation_page(text, "C")
    assert [(p["name"], p["objectives"]) for p in page["consultation_phases"]] == [("Phase 1: Consultation", None)]
    assert [(s["activity"], s["status"]) for s in page["consultation_steps"]] == [
        ("Agree the goals", "done"), ("Report", "not started")]


def test_a_table_inside_a_consultation_step_adds_no_stakeholders_or_channels_but_a_laid_out_one_counts():
    inner = "\n{|\n! Stakeholder group !! Channel\n|-\n| Volunteers || Mailing list\n|}\n"
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Identify stakeholders" + inner + "| done\n"
            "|-\n| Report ||\n|}\n" + CORE_TEAM)
    page = parse_consultation_page(text, "C")
    assert page["stakeholder_groups"] == [] and page["consultation_channels"] == []
    # a phases table laid out in a table of no kind is the page's
    phases = "{|\n|\n{|\n! Phase !! Objectives\n|-\n| Phase 2 - Design || Develop a plan\n|}\n|}\n"
    page = parse_consultation_page(text + "\n" + phases, "C")
    assert [(p["name"], p["objectives"]) for p in page["consultation_phases"]] == [
        ("Phase 1: Consultation", None), ("Phase 2 - Design", "Develop a plan")]


@pytest.mark.parametrize("status, expected", [
    ("Reviewed by Jan Ainali, Oct 2, 2023", "done"), ("Reviewed by 3 staff, Oct 2, 2023", "done"),
    ("Tested by early adopters, Oct 2, 2023", "done"), ("Sent to target wikis, Oct 2, 2023", "done"),
    ("Next steps posted Oct 2, 2023", "done"), ("By Oct 15, 2023", "not started"), ("Due: Oct 15, 2023", "not started"),
])
def test_by_someone_or_a_word_in_passing_does_not_make_a_done_step_planned(status, expected):
    assert consultation_status(status)[0] == expected


def test_a_listed_step_with_a_labelled_target_and_a_note_before_its_status():
    text = ("== Phase 1: Consultation ==\n=== Steps ===\n# Survey – Target: Oct 15, 2023\n"
            "# Interviews\n#* Done with help from WMDE\n#* Status: not started\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"]) for s in steps] == [("Survey", "not started"), ("Interviews", "not started")]



def listed_steps(item: str) -> list[tuple[str, str]]:
    """(activity, status) of the steps a consultation page reads from one listed step, `item`."""
    text = "== Phase 1: Consultation ==\n=== Steps ===\n# " + item + "\n" + CORE_TEAM
    return [(s["activity"], s["status"]) for s in parse_consultation_page(text, "C")["consultation_steps"]]


@pytest.mark.parametrize("item, step", [
    ("Design review – closed questions only", ("Design review – closed questions only", "not started")),
    ("Design review: closed questions only", ("Design review: closed questions only", "not started")),
    ("Kickoff meeting – planned agenda", ("Kickoff meeting – planned agenda", "not started")),
    ("Publish the report – held back for legal review", ("Publish the report – held back for legal review", "not started")),
    ("Interviews – no free text", ("Interviews – no free text", "not started")),
    ("Design review – closed questions only (done)", ("Design review – closed questions only", "done")),
    ("Design review – closed questions only – in progress", ("Design review – closed questions only", "in progress")),
])
def test_a_status_word_in_a_steps_name_says_no_status(item, step):
    assert listed_steps(item) == [step]


@pytest.mark.parametrize("item, step", [
    ("Survey – pending legal review", ("Survey", "not started")), ("Survey – done via email", ("Survey", "done")),
    ("Survey – held online", ("Survey", "done")), ("Survey – started Monday", ("Survey", "in progress")),
    ("Survey – cancelled due to lack of interest", ("Survey", "not started")),   # the status model: not started, remark kept
    ("Survey – ongoing work on translations", ("Survey", "in progress")),
    ("Survey – pending consensus", ("Survey", "not started")), ("Report – expected during Q3", ("Report", "not started")),
    ("Survey – pending discussions with legal", ("Survey", "not started")),
])
def test_a_status_with_words_after_it_is_still_a_status(item, step):
    assert listed_steps(item) == [step]


@pytest.mark.parametrize("item", ["Survey – Target audience research", "Phase 1 – Planned features",
                                  "Rollout – Pending changes reviewers", "Report – Expected outcomes",
                                  "Pilot wikis: Closed wikis are excluded"])
def test_a_status_word_before_a_plural_or_target_expected_before_a_word_is_part_of_a_steps_name(item):
    assert listed_steps(item) == [(item, "not started")]


def test_objectives_under_a_phase_heading_are_no_steps():
    text = ("== Phase 1: Listening ==\n* Objective: no new tools, only improvements to existing ones\n"
            "* Audience: target editors are newcomers\n=== Steps ===\n# Survey – done\n" + CORE_TEAM)
    assert [(s["activity"], s["status"]) for s in parse_consultation_page(text, "C")["consultation_steps"]] == [
        ("Survey", "done")]


def test_a_note_under_a_step_that_begins_with_a_status_word_says_no_status():
    text = ("== Phase 1: Consultation ==\n=== Steps ===\n# Design review\n#* Closed questions only, no free text\n"
            + CORE_TEAM)
    assert [(s["activity"], s["status"]) for s in parse_consultation_page(text, "C")["consultation_steps"]] == [
        ("Design review", "not started")]


@pytest.mark.parametrize("item, step", [
    ("Closed beta rollout", ("Closed beta rollout", "not started")),
    ("Survey – closed", ("Survey", "done")),
    ("Survey: closed", ("Survey", "done")),
    ("Survey – closed on July 31, 2023", ("Survey", "done")),
    ("Survey – closed July 31, 2023", ("Survey", "done")),
    ("Interviews – done with help from WMDE", ("Interviews", "done")),
    ("Interviews – completed successfully", ("Interviews", "done")),
    ("Report – published (see Meta)", ("Report", "done")),
    ("Office hours – planned for October", ("Office hours", "not started")),
    ("Kickoff – done (March 30, 2023)", ("Kickoff", "done")),
])
def test_a_status_after_a_steps_name_is_read_as_before(item, step):
    assert listed_steps(item) == [step]

def test_beside_a_steps_table_a_phases_description_and_a_summary_are_no_steps_or_roles():
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n"
            "== Phase 2: Design ==\n* Start: after the consultation report is published\n* Owner: core team\n"
            + CORE_TEAM + "\n== Executive summary ==\n* About 120 people answered the survey\n")
    page = parse_consultation_page(text, "C")
    assert [s["activity"] for s in page["consultation_steps"]] == ["Kickoff"]
    assert [r["team"] for r in page["consultation_roles"]] == ["core"]


def test_a_consultation_step_done_on_a_date_formatted_by_a_parser_function():
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Survey || {{#time:F j, Y|2023-06-20}}\n"
            "|-\n| Report || {{#invoke:Progress|bar|3}}\n|}\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"], s["status_date"]) for s in steps] == [
        ("Survey", "done", date(2023, 6, 20)), ("Report", "not started", None)]


def test_a_consultation_step_done_on_a_date_in_numbers():
    assert consultation_status("Done on 30/05/2023")[:2] == ("done", date(2023, 5, 30))


def test_listed_roles_named_twice_are_one_role_with_both_names():
    text = OTHER_LAYOUTS["consultation, lists"][1]
    roles = {(r["team"], r["role"]): r["names"] for r in parse_consultation_page(text, "C")["consultation_roles"]}
    assert roles[("executive", "Executive sponsors")] == "Ann Lee, Bob Roe"
    assert roles[("core", "Chair")] == "Ann Lee, Cy Cole, Dee Dee"


def test_a_steps_table_with_only_a_due_date_column_is_still_read():
    text = ("== Phase 1 - Listening ==\n{|\n! Step !! Due date\n|-\n| Kickoff || March 30, 2023\n|}\n"
            + CORE_TEAM)
    assert [s["activity"] for s in parse_consultation_page(text, "C")["consultation_steps"]] == ["Kickoff"]


# --- third probe: whole pages in other house styles ------------------------------------------------


def test_a_numbered_phase_heading_over_a_timeline_subsection():
    text = ("== 1. Consultation ==\n=== Objectives ===\n* Listen\n=== Timeline ===\n{|\n! Step !! Status\n|-\n"
            "| Kickoff || Done\n|}\n" + CORE_TEAM)
    page = parse_consultation_page(text, "C")
    assert [(s["phase"], s["activity"]) for s in page["consultation_steps"]] == [("1. Consultation", "Kickoff")]
    assert [p["name"] for p in page["consultation_phases"]] == ["1. Consultation"]


def test_consultation_roles_over_several_rows_or_as_terms_or_with_their_task():
    table = ("== Phase 1 ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n== Core team ==\n{|\n! Name !! Role\n"
             "|-\n| Daniel Kinzler || rowspan=3 | Engineering\n|-\n| Chris Danis\n|-\n| Kosta Harlan\n|}")
    roles = parse_consultation_page(table, "C")["consultation_roles"]
    assert [(r["role"], r["names"]) for r in roles] == [("Engineering", "Daniel Kinzler, Chris Danis, Kosta Harlan")]
    listed = ("== Phase 1 ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n== Core team ==\n; Engineering\n"
              ": Daniel Kinzler, Chris Danis\n; Chair\n: Moriel Schottlender\n== Executive support ==\n"
              "* '''Executive Ownership''' – Tajh Taylor – Oversight of the milestones\n")
    roles = parse_consultation_page(listed, "C")["consultation_roles"]
    assert [(r["team"], r["role"], r["names"], r["task"]) for r in roles] == [
        ("core", "Engineering", "Daniel Kinzler, Chris Danis", None), ("core", "Chair", "Moriel Schottlender", None),
        ("executive", "Executive Ownership", "Tajh Taylor", "Oversight of the milestones")]


def test_steps_with_started_and_completed_columns_and_no_status():
    text = ("== Phase 1 - Listening ==\n{|\n! Step !! Started !! Completed on\n|-\n| Kickoff || || March 30, 2023\n"
            "|-\n| Summarization || September 19, 2023 ||\n|-\n| Report || ||\n|}\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"], s["status_date"]) for s in steps] == [
        ("Kickoff", "done", date(2023, 3, 30)), ("Summarization", "in progress", date(2023, 9, 19)),
        ("Report", "not started", None)]


def test_phases_from_a_table_of_phases_and_their_objectives():
    text = ("{|\n! Step !! Status\n|-\n! colspan=2 | Phase 1 - Consultation\n|-\n| Kickoff || Done\n|}\n"
            "== Phases ==\n{|\n! Phase !! Objectives\n|-\n| Phase 1 - Consultation || Listen<br/>Summarize\n"
            "|-\n| Phase 2 - Design & Implementation || Develop a plan\n|}\n" + CORE_TEAM)
    phases = parse_consultation_page(text, "C")["consultation_phases"]
    assert [(p["name"], p["objectives"]) for p in phases] == [
        ("Phase 1 - Consultation", "Listen\nSummarize"), ("Phase 2 - Design & Implementation", "Develop a plan")]


# --- third review: what the newest readings must leave alone ------------------------------------


def test_a_written_status_wins_over_a_start_column_and_completed_columns_of_other_tables_are_no_steps():
    text = ("== Phase 1 - Listening ==\n{|\n! Step !! Planned start !! Status\n|-\n| Survey || October 2, 2023 || Not started\n|}\n"
            "== Follow-up ==\n{|\n! Action !! Owner !! Completed\n|-\n| Send thanks || Mo || yes\n|}\n"
            + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"], s["status_date"]) for s in steps] == [("Survey", "not started", None)]


def test_a_phases_table_naming_phases_briefly_and_a_numbered_chapter_over_the_steps():
    text = ("{|\n! Step !! Status\n|-\n! colspan=2 | Phase 1 - Consultation\n|-\n| Kickoff || Done\n|}\n"
            "== Phases ==\n{|\n! Phase !! Objectives\n|-\n| Consultation || Listen\n|}\n" + CORE_TEAM)
    phases = parse_consultation_page(text, "C")["consultation_phases"]
    assert [(p["name"], p["objectives"]) for p in phases] == [("Phase 1 - Consultation", "Listen")]
    chapter = ("== Phase 1 - Consultation ==\n* Listen\n== 3. Timeline and status ==\n=== Consultation steps ===\n"
               "{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n" + CORE_TEAM)
    page = parse_consultation_page(chapter, "C")
    assert [p["name"] for p in page["consultation_phases"]] == ["Phase 1 - Consultation"]


# --- fifth probe: planned dates, lamps and outcome words in steps tables ----------------------------


def steps_of(rows: str, header: str = "! Activity !! Status") -> list[tuple]:
    text = f"== Phase 1 - Consultation ==\n{{|\n{header}\n{rows}|}}\n" + CORE_TEAM
    return [(s["activity"], s["status"], s["status_date"]) for s in parse_consultation_page(text, "C")["consultation_steps"]]


def test_a_date_column_of_single_days_and_periods_says_done_by_their_last_day():
    """One rule for every date written alone: done on its (last) day, the screen deciding against today
    whether that day has come (lib.consultation.as_of). A range or "Late July" read as in progress even
    years after; a yearless date takes its year from the step before it."""
    rows = ("|-\n! colspan=2 | Phase 1: Early community outreach\n|-\n| Publish summary || June 15, 2020\n"
            "|-\n| Affiliate outreach || June 15 - end of July\n|-\n| Feedback compiled || Late July\n"
            "|-\n! colspan=2 | Phase 2: Drafting\n|-\n| Committee selected || July 15\n|-\n| Drafting || August 3 - 9\n")
    assert steps_of(rows, "! Activity !! Date") == [
        ("Publish summary", "done", date(2020, 6, 15)), ("Affiliate outreach", "done", date(2020, 7, 31)),
        ("Feedback compiled", "done", date(2020, 7, 31)), ("Committee selected", "done", date(2020, 7, 15)),
        ("Drafting", "done", date(2020, 8, 9))]


def test_a_yearless_date_before_any_year_and_a_run_range_in_a_status_column():
    rows = ("|-\n| Kickoff || March 30\n|-\n| Public consultation || June 20, 2023 – July 19, 2023\n"
            "|-\n| Report || Dec 4 – Jan 12\n")
    # one dated step cannot tell the order: "March 30" and "Dec 4 – Jan 12" are done read either way, but
    # in years that differ, so they are done without a date (fourth review)
    assert steps_of(rows) == [("Kickoff", "done", None), ("Public consultation", "done", date(2023, 7, 19)),
                              ("Report", "done", None)]


@pytest.mark.parametrize("status", ["October 3, 2023 (tentative)", "November 15, 2023 (TBC)", "Nov 2023?",
                                    "~December 2023", "October 3, 2023 (planned)", "Oct 3, 2023 (provisional)"])
def test_a_tentative_date_is_a_plan_not_a_done_date(status):
    assert consultation_status(status)[0] == "not started"


@pytest.mark.parametrize("status, expected", [
    ("🟢", "done"), ("🟡", "in progress"), ("🔴", "not started"), ("☐", "not started"),
    ("{{Traffic light|green}}", "done"), ("{{Traffic light|amber}}", "in progress"), ("{{traffic light|red}}", "not started"),
    ("🟢 June 20, 2023", "done"),
])
def test_a_coloured_lamp_in_a_status_cell_reads_as_in_a_listed_step(status, expected):
    from lib.sync.wikitables import render

    assert steps_of(f"|-\n| Kickoff || {status}\n")[0][1] == expected
    assert consultation_status(render(status))[0] == expected


@pytest.mark.parametrize("status, expected", [
    ("Sent to wikitech-l", "done"), ("Shipped", "done"), ("Delivered", "done"), ("Deployed", "done"),
    ("Merged", "done"), ("Posted on Meta", "done"),
    ("Moved to Q3", "not started"), ("Pushed to next quarter", "not started"), ("Deferred", "not started"),
    ("Postponed to October", "not started"),
    # negated or still ahead
    ("Not sent", "not started"), ("Not published yet", "not started"), ("will be published", "not started"),
    ("Will be held on Oct 5, 2023", "not started"), ("To be sent", "not started"), ("Yet to be merged", "not started"),
])
def test_outcome_words_and_a_step_moved_to_a_later_period(status, expected):
    assert consultation_status(status)[0] == expected


@pytest.mark.parametrize("status, expected", [
    ("Moved to Meta-Wiki, March 30, 2023", "done"),   # moved to a place, on a day: done that day
    ("Held up by legal", "in progress"), ("Closed beta", "in progress"), ("Live", "in progress"),
    ("Sessions held Sept 5 and Sept 12, 2023", "done"),
])
def test_near_misses_of_outcome_and_moved_words(status, expected):
    assert consultation_status(status)[0] == expected


def test_a_stakeholder_table_headed_audience():
    """"Audience | How we reach them": the audiences are the stakeholder groups."""
    text = ("== Phase 1 - Consultation ==\n{|\n! Activity !! Status\n|-\n| Kickoff || March 30, 2023\n|}\n"
            "== Stakeholders ==\n{| class=\"wikitable\"\n! Audience !! How we reach them\n|-\n| WMF staff || Slack\n"
            "|-\n| Volunteer developers || wikitech-l\n|}\n" + CORE_TEAM)
    assert [g["name"] for g in parse_consultation_page(text, "C")["stakeholder_groups"]] == ["WMF staff", "Volunteer developers"]


@pytest.mark.parametrize("table", [
    "{|\n! Activity !! Audience !! Status\n|-\n| Kickoff || WMF staff || done\n|}\n",     # the steps table's column
    "{|\n! Channel !! Audience\n|-\n| Slack || WMF staff\n|}\n",                         # a channel's audience
])
def test_an_audience_column_beside_what_a_table_is_about_is_no_stakeholder_table(table):
    text = "== Phase 1 - Consultation ==\n{|\n! Step !! Status\n|-\n| Survey || done\n|}\n" + table + CORE_TEAM
    assert parse_consultation_page(text, "C")["stakeholder_groups"] == []


# --- review of today's changes: done only when the page clearly says so ----------------------------


@pytest.mark.parametrize("status, expected", [
    ("🟢 On track", "in progress"), ("🟢 In progress", "in progress"), ("🟢 Ongoing", "in progress"),
    ("🟢 Scheduled for Jan 2027", "not started"), ("🔴 Blocked", "in progress"), ("🟢 Planned", "not started"),
    ("🟡 Done (June 20, 2023)", "in progress"),
])
def test_a_lamp_with_words_beside_it_defers_to_the_words(status, expected):
    """"🟢 On track" is a step going well, not a step done: the words say the status when there are
    any, as they did before lamps were read; a lamp that is not green never makes a step done."""
    assert steps_of(f"|-\n| Survey || {status}\n")[0][1] == expected
    assert consultation_status(status)[0] == expected


@pytest.mark.parametrize("status, expected", [
    ("🟢", ("done", None)), ("🟢 June 20, 2023", ("done", date(2023, 6, 20))),
    ("🟡 since Sept 19, 2023", ("in progress", date(2023, 9, 19))), ("🟢 Done", ("done", None)),
    ("🔴", ("not started", None)),
])
def test_a_lamp_alone_or_beside_a_date_is_the_status(status, expected):
    assert consultation_status(status)[:2] == expected


@pytest.mark.parametrize("status", ["Sent for review", "Submitted for translation", "Posted (draft)", "Deployed to beta only",
                                    "Released next week", "Announced for Sept 12", "Resolved to postpone",
                                    "Shipped – reverted", "Merged, not deployed", "Fixed date: Sept 4"])
def test_a_status_that_goes_on_after_a_new_outcome_word_is_no_done(status):
    """"Sent for review" is not sent out: only a Status that is wholly the outcome ("Sent to wikitech-l",
    "Merged on Aug 3") says the step is done by these words."""
    assert consultation_status(status)[0] != "done"


@pytest.mark.parametrize("status, expected", [("Merged?", "in progress"), ("Published?", "in progress"),
                                              ("Done?", "in progress"), ("Nov 2023?", "not started"),
                                              ("Cancelled?", "not started")])
def test_a_status_in_doubt_is_never_done(status, expected):
    assert consultation_status(status)[0] == expected


@pytest.mark.parametrize("status", ["Sent to wikitech-l", "Posted on Meta", "Merged on Aug 3", "Shipped ✔️", "Deployed",
                                    "Held as scheduled on 2023-05-12", "Closed"])
def test_a_status_wholly_an_outcome_is_still_done(status):
    assert consultation_status(status)[0] == "done"


def test_steps_dated_without_a_year_anywhere_are_not_done():
    """"Kickoff || Jan 12" with no year on any step: no day can be known to have come, so no step is done
    (as_of could never move it back); each reads as before: under way, with no date."""
    rows = "|-\n| Kickoff || Jan 12\n|-\n| Survey || Feb 1 – Feb 28\n|-\n| Report || March\n"
    assert steps_of(rows, "! Activity !! Date") == [("Kickoff", "in progress", None), ("Survey", "in progress", None),
                                                    ("Report", "in progress", None)]


def test_steps_dated_without_a_year_take_it_from_a_dated_step_and_are_done_by_their_day():
    rows = "|-\n| Kickoff || Jan 12\n|-\n| Survey || Feb 1 – Feb 28, 2024\n|-\n| Report || March\n"
    # done read either way round one dated step, in years that differ: done, undated (fourth review)
    assert steps_of(rows, "! Activity !! Date") == [("Kickoff", "done", None),
                                                    ("Survey", "done", date(2024, 2, 28)),
                                                    ("Report", "done", None)]


def test_an_audience_table_gives_no_groups_when_the_page_lists_its_stakeholders():
    """A communications table ("Audience | Channel") beside a listed "Stakeholders" section: the list is
    the groups, the audiences are whom the news reaches."""
    text = ("== Phase 1 - Consultation ==\n{|\n! Activity !! Status\n|-\n| Kickoff || done\n|}\n"
            "== Stakeholders ==\n* Volunteer developers\n* Tool maintainers\n"
            "== Communications ==\n{|\n! Audience !! Channel\n|-\n| Everyone || Tech News\n|}\n" + CORE_TEAM)
    assert [g["name"] for g in parse_consultation_page(text, "C")["stakeholder_groups"]] == [
        "Volunteer developers", "Tool maintainers"]


def test_a_feedback_log_by_audience_gives_no_groups():
    """"Audience | Feedback | Date" logs what people said: its rows are no stakeholder groups."""
    text = ("== Phase 1 - Consultation ==\n{|\n! Activity !! Status\n|-\n| Kickoff || done\n|}\n"
            "== Feedback ==\n{|\n! Audience !! Feedback !! Date\n|-\n| Ann Lee || Looks good || March 3, 2023\n|}\n"
            + CORE_TEAM)
    assert parse_consultation_page(text, "C")["stakeholder_groups"] == []


# --- second review: a yearless date follows the plan's order; a lamp never vouches for a date ---------


def _as_of_nov_30_2026(rows: str, header: str = "! Activity !! Date") -> list[tuple]:
    """The steps as the screen shows them on the review's day (2026-11-30)."""
    import pandas as pd

    from lib.consultation import as_of

    text = f"== Phase 1 - Consultation ==\n{{|\n{header}\n{rows}|}}\n" + CORE_TEAM
    frame = pd.DataFrame(parse_consultation_page(text, "C")["consultation_steps"])
    return list(as_of(frame, date(2026, 11, 30))[["activity", "status"]].itertuples(index=False, name=None))


@pytest.mark.parametrize("rows, expected", [
    ("|-\n| Announce || Nov 2, 2026\n|-\n| Kickoff || Nov 20, 2026\n|-\n| Final report || June 10\n",
     [("Announce", "done", date(2026, 11, 2)), ("Kickoff", "done", date(2026, 11, 20)),
      ("Final report", "in progress", None)]),
    ("|-\n| Announce || Sept 1, 2026\n|-\n| Kickoff || Sept 14, 2026\n|-\n| Wrap-up || March 20\n",
     [("Announce", "done", date(2026, 9, 1)), ("Kickoff", "done", date(2026, 9, 14)),
      ("Wrap-up", "in progress", None)]),
])
def test_a_yearless_date_after_two_dated_steps_is_never_made_done(rows, expected):
    """"Final report || June 10" after "Kickoff || Nov 20, 2026" is June 2027 read down the page, June 2026
    (done) read up it: two dated steps cannot vouch for the order (fourth review), so it stays undated,
    under way, never done (it was June 2027 before, as three dated steps rising still make it)."""
    assert steps_of(rows, "! Activity !! Date") == expected
    assert [s for _, s in _as_of_nov_30_2026(rows)] == ["done", "done", "in progress"]


def test_yearless_dates_before_a_dated_step_run_up_to_it_in_order():
    """"Sept 12 / Oct – Nov / Jan 10 / March 2027": the autumn of 2026 and January 2027, not 2027-28
    (which showed finished steps as planned)."""
    rows = ("|-\n| Announce || Aug 3, 2026\n|-\n| Kickoff || Sept 12\n|-\n| Survey || Oct – Nov\n"
            "|-\n| Analysis || Jan 10\n|-\n| Report || March 2027\n")
    assert steps_of(rows, "! Activity !! Date")[1:] == [
        ("Kickoff", "done", date(2026, 9, 12)), ("Survey", "done", date(2026, 11, 30)),
        ("Analysis", "done", date(2027, 1, 10)), ("Report", "done", date(2027, 3, 31))]
    assert [s for _, s in _as_of_nov_30_2026(rows)] == ["done", "done", "done", "not started", "not started"]


def test_a_yearless_date_that_fits_no_year_between_its_neighbours_stays_undated():
    """"June 10" between Nov 20, 2026 and Feb 1, 2027 fits no year in page order: no day can be known
    to have come, so the step reads as a yearless date alone does (under way, undated), never done."""
    rows = "|-\n| Kickoff || Nov 20, 2026\n|-\n| Survey || June 10\n|-\n| Report || Feb 1, 2027\n"
    assert steps_of(rows, "! Activity !! Date")[1] == ("Survey", "in progress", None)


@pytest.mark.parametrize("status", ["🟢 Feb 1 – Feb 28", "🟢 Feb 1", "{{Traffic light|green}} March"])
def test_a_lamp_beside_a_yearless_date_is_no_done_without_a_year(status):
    """"🟢 Feb 1 – Feb 28" with no year to give it: the lamp cannot vouch for a day not known to have
    come, so the step reads as the date alone would (under way, undated)."""
    from lib.sync.wikitables import render

    assert consultation_status(render(status))[:2] == ("in progress", None)
    assert steps_of(f"|-\n| Survey || {status}\n", "! Activity !! Date") == [("Survey", "in progress", None)]


def test_a_lamp_beside_a_yearless_date_takes_the_year_of_the_plan_and_the_screen_judges_it():
    rows = "|-\n| Kickoff || Jan 12, 2027\n|-\n| Survey || 🟢 Feb 1 – Feb 28\n|-\n| Report || March 30, 2027\n"
    assert steps_of(rows, "! Activity !! Date")[1] == ("Survey", "done", date(2027, 2, 28))
    assert _as_of_nov_30_2026(rows) == [("Kickoff", "not started"), ("Survey", "not started"), ("Report", "not started")]


@pytest.mark.parametrize("status, expected", [
    ("🟢 since Nov 16, 2026", ("in progress", date(2026, 11, 16))),
    ("🟢 from Nov 16, 2026", ("in progress", date(2026, 11, 16))),
    ("🟡 since Sept 19, 2023", ("in progress", date(2023, 9, 19))),   # as before
    ("🔴 since Nov 16, 2026", ("not started", date(2026, 11, 16))),
    ("🟢 Nov 16, 2026", ("done", date(2026, 11, 16))),                # a date alone: done that day
])
def test_a_green_lamp_since_a_date_is_a_step_begun_then(status, expected):
    """"🟢 since Nov 16, 2026" says when the step began (and that it goes well), not that it is over."""
    assert consultation_status(status)[:2] == expected


def test_a_green_lamp_beside_a_span_still_to_come_is_under_way_within_it():
    """"🟢 Feb 1 – Feb 28, 2027" read on Feb 10, 2027: begun on Feb 1, as the span alone would be."""
    import pandas as pd

    from lib.consultation import as_of

    text = "== Phase 1 - Consultation ==\n{|\n! Activity !! Date\n|-\n| Survey || 🟢 Feb 1 – Feb 28, 2027\n|}\n" + CORE_TEAM
    frame = pd.DataFrame(parse_consultation_page(text, "C")["consultation_steps"])
    assert as_of(frame, date(2027, 2, 10))[["status", "status_date"]].iloc[0].tolist() == ["in progress", date(2027, 2, 1)]


@pytest.mark.parametrize("status", ["Sent to Legal", "Sent to CTO", "Sent to the CTO", "Sent to Finance", "Submitted to CTO"])
def test_a_step_sent_to_a_reviewer_is_under_way(status):
    assert consultation_status(status)[0] == "in progress"


@pytest.mark.parametrize("status, expected", [
    ("Released in January 2027", ("done", date(2027, 1, 31))),   # done by that month's end, the screen judging it
    ("Shipped in Q3 2026", ("done", date(2026, 9, 30))),
    ("Sent to the wikitech-l list", ("done", None)), ("Published in Tech News", ("done", None)),
])
def test_an_outcome_in_a_period_is_dated_by_its_last_day(status, expected):
    assert consultation_status(status)[:2] == expected


# --- second review: an audience table under a Stakeholders heading names the groups ------------------


def _groups_of(section: str) -> list[str]:
    text = "== Phase 1 - Consultation ==\n{|\n! Activity !! Status\n|-\n| Kickoff || done\n|}\n" + section + CORE_TEAM
    return [g["name"] for g in parse_consultation_page(text, "C")["stakeholder_groups"]]


@pytest.mark.parametrize("header, rows", [
    ("Audience !! Impact !! Date engaged", "| Volunteer developers || High || March 3, 2023\n|-\n| Tool maintainers || Medium || March 9, 2023\n"),
    ("Audience !! Why they care !! Comments", "| Volunteer developers || Their tools break || Reached on IRC\n|-\n| Tool maintainers || Migration || \n"),
])
def test_an_audience_table_under_a_stakeholders_heading_names_the_groups(header, rows):
    """Under "== Stakeholders ==", "Audience | Impact | Date engaged" is the stakeholder table: its date
    says when each group was engaged, its comments are about the group."""
    assert _groups_of(f"== Stakeholders ==\n{{|\n! {header}\n|-\n{rows}|}}\n") == ["Volunteer developers", "Tool maintainers"]


@pytest.mark.parametrize("header, rows", [
    ("Audience !! Summary", "| Volunteer developers || Wants more notice\n"),
    ("Audience !! What we heard", "| Volunteer developers || Wants more notice\n"),
    ("Audience !! Quote !! Date", "| Volunteer developers || “Too fast” || March 3, 2023\n"),
    ("Audience !! Feedback !! Date", "| Volunteer developers || Too fast || March 3, 2023\n"),
    ("Audience !! Comments", "| Ann Lee || Looks good to me\n|-\n| Bob Roe || Too fast\n"),   # people's comments
    ("Audience !! Comments", "| [[User:Ann|Ann]] || Looks good to me\n|-\n| Tool maintainers || Too fast\n"),
])
@pytest.mark.parametrize("heading", ["== Stakeholders ==", "== Feedback =="])
def test_a_feedback_log_by_audience_never_names_groups(heading, header, rows):
    """What people said ("Summary", "What we heard", "Quote", or rows that are people and their words)
    is a log of feedback, under whatever heading: no stakeholder groups from it."""
    assert _groups_of(f"{heading}\n{{|\n! {header}\n|-\n{rows}|}}\n") == []


def test_an_audience_table_with_dates_elsewhere_than_under_a_stakeholders_heading_still_names_no_groups():
    assert _groups_of("== Outreach ==\n{|\n! Audience !! Impact !! Date engaged\n|-\n| Volunteer developers || High || March 3, 2023\n|}\n") == []


def test_groups_named_like_people_under_a_stakeholders_heading_are_still_groups():
    """"Bot Operators", "Tech Ambassadors" look like names to the people reader: groups all the same."""
    assert _groups_of("== Stakeholders ==\n{|\n! Audience !! Impact !! Comments\n|-\n| Bot Operators || High || \n"
                      "|-\n| Tech Ambassadors || Medium || Reached on IRC\n|}\n") == ["Bot Operators", "Tech Ambassadors"]


@pytest.mark.parametrize("status, when", [("Sent on Feb 1", date(2027, 2, 1)), ("Done (Apr 3)", date(2027, 4, 3)),
                                          ("Merged on March 5", date(2027, 3, 5)), ("✓ Feb 20", date(2027, 2, 20))])
def test_a_done_word_with_a_yearless_date_keeps_the_date_from_the_plans_year(status, when):
    """"Sent on Feb 1" after "Kickoff || Jan 12, 2027": done on Feb 1, 2027, which the screen judges
    against today, not done with its date lost."""
    rows = f"|-\n| Kickoff || Jan 12, 2027\n|-\n| Announce || {status}\n|-\n| Report || April 30, 2027\n"
    assert steps_of(rows, "! Activity !! Date")[1] == ("Announce", "done", when)
    assert _as_of_nov_30_2026(rows)[1] == ("Announce", "not started")


# --- third review: a plan listed newest first; a yearless date never done when the order is unknown -----


@pytest.fixture
def on_nov_30_2026(monkeypatch):
    from lib.sync.wiki_pages import dates

    monkeypatch.setattr(dates, "_today", lambda: date(2026, 11, 30))


def test_yearless_dates_in_a_plan_listed_newest_first_run_up_the_page(on_nov_30_2026):
    """Dated steps that descend ("Dec 1, 2026" above "Nov 2, 2026") say the newest step is on top, so
    "Jan 10" and "Feb 15" above them are January and February 2027, still to come (not February 2026, done)."""
    rows = ("|-\n| Final report || Feb 15\n|-\n| Analysis || Jan 10\n|-\n| Survey closes || Dec 1, 2026\n"
            "|-\n| Kickoff || Nov 2, 2026\n")
    assert steps_of(rows, "! Activity !! Date")[:2] == [
        ("Final report", "done", date(2027, 2, 15)), ("Analysis", "done", date(2027, 1, 10))]
    assert [s for _, s in _as_of_nov_30_2026(rows)] == ["not started", "not started", "not started", "done"]


@pytest.mark.parametrize("rows, yearless", [
    ("|-\n| Final report || June 10\n|-\n| Kickoff || Nov 20, 2026\n", ["Final report"]),
    ("|-\n| Kickoff || Nov 20, 2026\n|-\n| Final report || June 10\n", ["Final report"]),
    ("|-\n| Kickoff || Sept 12\n|-\n| Survey || Oct – Nov\n|-\n| Report || March 2027\n", ["Kickoff", "Survey"]),
])
def test_a_yearless_date_beside_one_dated_step_is_never_made_done(rows, yearless, on_nov_30_2026):
    """One dated step cannot tell whether the plan runs down or up the page: "June 10" beside
    "Nov 20, 2026" is June 2026 (done) read one way and June 2027 the other, so it stays undated, under
    way, as a yearless date alone does."""
    steps = {name: rest for name, *rest in steps_of(rows, "! Activity !! Date")}
    assert [steps[name] for name in yearless] == [["in progress", None]] * len(yearless)


def test_a_yearless_date_done_whichever_way_the_plan_runs_is_done(on_nov_30_2026):
    """The near miss: "June 10" beside "Nov 20, 2023" is done in June 2023 or June 2024, either way
    long past, so the step is done (undated since the fourth review: the two readings give no one year)."""
    rows = "|-\n| Final report || June 10\n|-\n| Kickoff || Nov 20, 2023\n"
    assert steps_of(rows, "! Activity !! Date")[0] == ("Final report", "done", None)  # no one year: undated


def test_yearless_dates_in_order_with_one_dated_step_that_only_one_reading_fits_take_its_years(on_nov_30_2026):
    """The near miss: "July 15" then "August 3 – 9" below "June 15, 2020" fit no year read up the page
    (August 2019 above July before June 2020), so the plan runs down it: 2020, as before."""
    rows = ("|-\n| Publish summary || June 15, 2020\n|-\n| Committee selected || July 15\n"
            "|-\n| Drafting || August 3 - 9\n")
    assert steps_of(rows, "! Activity !! Date") == [
        ("Publish summary", "done", date(2020, 6, 15)), ("Committee selected", "done", date(2020, 7, 15)),
        ("Drafting", "done", date(2020, 8, 9))]


# --- fourth review: the plan's order by first days, trusted only from three steps that all run one way ---


@pytest.mark.parametrize("rows, yearless", [
    ("|-\n| Survey || Nov 1 – Dec 15, 2026\n|-\n| Interim report || Dec 1, 2026\n|-\n| Final report || Feb 15\n",
     "Final report"),
    ("|-\n| Survey || Oct 5 – Dec 18, 2026\n|-\n| Interviews || Oct 19 – Nov 27, 2026\n|-\n| Report || Feb 15\n", "Report"),
    # three dated steps, two on one day: not all rising, so no order to trust
    ("|-\n| Announce || Nov 2, 2026\n|-\n| Kickoff || Nov 2, 2026\n|-\n| Interim report || Dec 1, 2026\n"
     "|-\n| Final report || Feb 15\n", "Final report"),
])
def test_a_yearless_step_after_overlapping_ranges_is_never_made_done(rows, yearless, on_nov_30_2026):
    """Ranges that overlap end out of order ("Nov 1 – Dec 15" then "Dec 1"): read by their last days the
    plan looked newest first and "Feb 15" read February 2026, done. By first days they rise, but two dated
    steps cannot vouch for the order: "Feb 15" is 2026 one way and 2027 the other, so it stays undated,
    under way, never done."""
    steps = {name: rest for name, *rest in steps_of(rows, "! Activity !! Date")}
    assert steps[yearless] == ["in progress", None]


def test_phases_newest_first_with_their_steps_oldest_first_never_make_a_step_done(on_nov_30_2026):
    """"Phase 2" (Jan 10, Feb 15, 2027) above "Phase 1" (Nov 2, 2026, Dec 20): the page runs neither way
    throughout, so "Dec 20" (2025 read up the page, done) and "Jan 10" stay undated, under way."""
    rows = ("|-\n! colspan=2 | Phase 2\n|-\n| Analysis || Jan 10\n|-\n| Report || Feb 15, 2027\n"
            "|-\n! colspan=2 | Phase 1\n|-\n| Kickoff || Nov 2, 2026\n|-\n| Survey closes || Dec 20\n")
    steps = {name: rest for name, *rest in steps_of(rows, "! Activity !! Date")}
    assert (steps["Survey closes"], steps["Analysis"]) == (["in progress", None], ["in progress", None])


def test_three_dated_steps_rising_by_first_day_tell_the_order(on_nov_30_2026):
    """The near miss: three dated steps whose first days rise (the middle range ending last) say the plan
    runs down the page: "Feb 15" after them is February 2027, still to come."""
    rows = ("|-\n| Announce || Oct 20, 2026\n|-\n| Survey || Nov 1 – Dec 15, 2026\n|-\n| Interim report || Dec 1, 2026\n"
            "|-\n| Final report || Feb 15\n")
    assert steps_of(rows, "! Activity !! Date")[3] == ("Final report", "done", date(2027, 2, 15))
    assert [s for _, s in _as_of_nov_30_2026(rows)][3] == "not started"


def test_three_dated_steps_falling_by_first_day_tell_the_order(on_nov_30_2026):
    """The near miss, newest first: "Feb 15" above Dec 1, Nov 2 and Oct 5, 2026 is February 2027."""
    rows = ("|-\n| Final report || Feb 15\n|-\n| Survey closes || Dec 1, 2026\n|-\n| Kickoff || Nov 2, 2026\n"
            "|-\n| Announce || Oct 5, 2026\n")
    assert steps_of(rows, "! Activity !! Date")[0] == ("Final report", "done", date(2027, 2, 15))


# --- user links as every page reads them (people._USER_LINK) --------------------------------------------


@pytest.mark.parametrize("link", ["{{noping|Ann}}", "[[Special:Contributions/Ann|Ann]]", "[[m:User:Ann|Ann]]",
                                  "{{userlinks|Ann}}", "[[User_talk:Ann|Ann]]", "[[Benutzer:Ann|Ann]]"])
def test_a_feedback_log_whose_people_are_written_with_any_user_link_names_no_groups(link):
    """Any spelling of a user link marks rows of people and their words, as "[[User:Ann|Ann]]" did (these
    made "Ann" a stakeholder group): when in doubt, no group is the reading that claims less."""
    rows = f"| {link} || Looks good to me\n|-\n| Tool maintainers || Too fast\n"
    assert _groups_of(f"== Stakeholders ==\n{{|\n! Audience !! Comments\n|-\n{rows}|}}\n") == []


@pytest.mark.parametrize("group", ["[[Wikipedia:User scripts|User script authors]]", "[[m:User groups|User groups]]",
                                   "{{re|Volunteer developers}}"])
def test_an_audience_linked_to_a_page_about_users_is_still_a_group(group):
    """The near misses: a link to a page about users, not to a user, names a group."""
    rows = f"| {group} || High\n|-\n| Tool maintainers || Medium\n"
    assert _groups_of(f"== Stakeholders ==\n{{|\n! Audience !! Comments\n|-\n{rows}|}}\n")[1:] == ["Tool maintainers"]


# --- one list of done and outcome words (marks.py) ------------------------------------------------------


@pytest.mark.parametrize("status, expected", [
    ("Published: no", "not started"), ("Done: no", "not started"), ("Held: pending", "not started"),
    ("Published: TBD", "not started"), ("Held: waiting", "in progress"),
    ("Published – no", "not started"), ("Done – TBD", "not started"), ("Held — pending", "not started"),
])
def test_a_done_word_labelling_a_mark_that_says_not_done_is_not_done(status, expected):
    """"Published: no" read done, the word "published" being found: a colon makes it a label, and a
    value that is wholly a not-done mark answers it (not a sentence starting with a mark's word:
    "Published: open for comments" is done, see below); after a dash, a mark and nothing else does."""
    assert consultation_status(status)[0] == expected


@pytest.mark.parametrize("status, expected", [
    ("Published: yes", ("done", None)), ("Published: on Meta", ("done", None)),
    ("Closed: no new comments", ("done", None)), ("Done: 2023-05-12", ("done", date(2023, 5, 12))),
    ("Report published", ("done", None)), ("Done, but the survey part was dropped", ("done", None)),
    ("Survey concluded", ("done", None)), ("Sent: no", ("in progress", None)),
    ("Done – open questions remain", ("done", None)), ("Done – survey part dropped", ("done", None)),
    ("Completed - pending review", ("done", None)), ("Published - yes", ("done", None)),
])
def test_a_done_word_labelling_anything_else_reads_as_before(status, expected):
    """The near misses: a value that is a yes, a place, a date or words that are no mark ("no new
    comments") leave the done word its reading; a comma is no label's colon, and after a dash a remark
    that only starts like a mark ("open questions remain") is a remark."""
    assert consultation_status(status)[:2] == expected


def test_a_cross_beside_a_date_is_not_done_as_the_mark_reader_reads_it():
    """"❎ 2023-05-12" read done on that day (consultation knew three crosses of the mark reader's four):
    a cross says not done, dated or not, as "✗ 2023-05-12" did."""
    assert consultation_status("❎ 2023-05-12")[0] == "not started"
    assert consultation_status("✗ 2023-05-12")[0] == "not started"


# --- one span of a step's dates (consultation.dated_span), for the screen and the plan's order -----------


@pytest.mark.parametrize("text, last, span", [
    ("June 15 - end of July", date(2024, 7, 31), (date(2024, 6, 15), date(2024, 7, 31))),
    ("🟢 Feb 1 – Feb 28", date(2024, 2, 28), (date(2024, 2, 1), date(2024, 2, 28))),
    ("Report published June 15 – July 31, 2024", date(2024, 7, 31), (None, None)),
    ("June 15 - end of July", None, (None, None)),
])
def test_the_screen_reads_a_span_only_from_a_cell_of_dates_alone(text, last, span):
    """as_of's reading, unchanged: words around the dates say what is done by the last day."""
    from lib.sync.wiki_pages.consultation import dated_span

    assert dated_span(text, last) == span


@pytest.mark.parametrize("text, span", [
    ("Report published June 15 – July 31, 2024", (date(2024, 6, 15), date(2024, 7, 31))),
    ("in progress (per July 31, 2024)", (date(2024, 7, 31), date(2024, 7, 31))),
    ("done", (date(2024, 7, 31), date(2024, 7, 31))),
])
def test_the_order_of_a_plan_reads_the_first_day_whatever_is_around_it(text, span):
    """The yearless steps' order (`dates_alone=False`, once `_first_and_last`): the first day named
    anywhere, the status date when none is."""
    from lib.sync.wiki_pages.consultation import dated_span

    assert dated_span(text, date(2024, 7, 31), dates_alone=False) == span


def test_no_span_begins_after_the_status_date_stored_for_it():
    """The two copies differed here: the screen's began a step whose cell names a day after its stored
    status date on that later day, and took the cell's own last day; the span is now the order's, never
    beginning after the status date, which is its last day."""
    from lib.sync.wiki_pages.consultation import dated_span

    assert dated_span("December 20, 2026", date(2026, 12, 10)) == (date(2026, 12, 10), date(2026, 12, 10))


# --- a contact in a group's cell is no feedback log ------------------------------------------------------


@pytest.mark.parametrize("group, name", [
    ("Bot operators (liaison: {{noping|Ann}})", "Bot operators"),
    ("German community ([[Benutzer:Ann|Ann]])", "German community"),
    ("Checkusers ({{user0|Ann}})", "Checkusers"),
    ("[[m:Wikimedia Deutschland|WMDE]] ([[m:User:Ann (WMDE)|Ann]])", "WMDE"),
    ("Stewards — see [[m:User talk:Ann#Stewards|thread]]", "Stewards"),
])
def test_a_group_with_its_contact_s_user_link_is_still_a_group(group, name):
    """A user link beside a group's name is its contact, not a person who spoke: the table stays a list of
    groups (one such cell dropped them all), each named without the contact."""
    rows = f"| {group} || High || \n|-\n| Tool maintainers || Medium || \n"
    assert _groups_of(f"== Stakeholders ==\n{{|\n! Audience !! Impact !! Contact\n|-\n{rows}|}}\n") == [
        name, "Tool maintainers"]


def test_contacts_in_a_column_of_their_own_leave_the_groups():
    rows = "| Bot operators || High || {{noping|Ann}}\n|-\n| Tool maintainers || Medium || [[m:User:Bob|Bob]]\n"
    assert _groups_of(f"== Stakeholders ==\n{{|\n! Audience !! Impact !! Contact\n|-\n{rows}|}}\n") == [
        "Bot operators", "Tool maintainers"]


@pytest.mark.parametrize("person", ["[[User:Ann|Ann]] (WMDE)", "{{u|Ann}}: via e-mail", "[[m:User talk:Ann|Ann]]"])
def test_rows_led_by_a_user_link_are_still_a_feedback_log(person):
    """The near miss: a user link as the whole or the leading part of half the rows' names is people and
    their words."""
    rows = f"| {person} || Looks good to me\n|-\n| Tool maintainers || Too fast\n"
    assert _groups_of(f"== Stakeholders ==\n{{|\n! Audience !! Comments\n|-\n{rows}|}}\n") == []


# --- a done word's label answered only by a value that is wholly a not-done mark -------------------------


@pytest.mark.parametrize("status", ["Held: open to all staff", "Closed: open issues moved to [[phab:T123]]",
                                    "Published: open for comments", "Closed: no new comments", "Done: no blockers",
                                    "Held: June 3 (postponed)", "Held: yes (postponed once)",
                                    "Held: on May 3 after being postponed", "Done: call cancelled, notes posted instead"])
def test_a_done_word_labelling_a_sentence_is_done(status):
    """A sentence after the colon that starts with "open" ("open to all staff": the done step was open to
    them), with "no" before a noun ("no new comments"), or that names a call-off only later ("June 3
    (postponed)": held on the new day) says what the done step was like."""
    assert consultation_status(status)[0] == "done"


@pytest.mark.parametrize("status", ["Published: no\ndraft on Meta", "Held: cancelled", "Held – cancelled",
                                    "Held: canceled due to low turnout", "Held: postponed to June", "Published: no (see talk page)",
                                    "Published: TBD (aiming for May)", "Published: not yet", "Published: N", "Held: ✗",
                                    "Published: no – blocked on legal", "Held – postponed", "Done: no",
                                    "Held – scrapped", "Held – on hold", "Held – did not happen"])
def test_a_done_word_labelling_a_not_done_mark_is_not_done(status):
    """The near misses: the value's first line, or its head before a remark, is a not-done mark ("no",
    "TBD", "✗"); a step cancelled or postponed was not held, after a colon as after a dash."""
    assert consultation_status(status)[0] == "not started"


def test_a_value_s_first_line_is_its_mark_in_a_steps_table():
    rows = "|-\n| Report || Published: no<br/>draft on [[Meta]]\n"
    assert steps_of(rows)[0][1] == "not started"


# --- a done label answered by a value that starts with a not-done mark or a call-off ----------------------


@pytest.mark.parametrize("status", ["Published: pending review", "Published: pending legal review",
                                    "Published: pending translation (FR, DE)", "Published: pending translations",
                                    "Done: pending items moved to Phase 2", "Published: TBA", "Published: TBD once Legal approves",
                                    "Published: No. Still a draft.", "Published: not yet public", "Held: ✗ (no room)"])
def test_a_done_label_whose_value_starts_with_a_not_done_mark_is_not_done(status):
    """After "Published:" a value that starts with a not-done mark answers the label whatever follows
    ("pending review": not published yet); "Published: pending translation (FR, DE)" read done, only a
    value wholly a mark being read. The reading that claims less: "pending translations" may be the
    publication's own wait."""
    assert consultation_status(status)[0] == "not started"


@pytest.mark.parametrize("status, expected", [("Published: waiting for legal", "in progress"),
                                              ("Published: awaiting translation", "in progress"),
                                              ("Published: draft on Meta", "in progress"),
                                              ("Held: waiting room used", "in progress")])
def test_a_done_label_whose_value_starts_with_a_wait_or_a_draft_is_under_way(status, expected):
    """A wait or a draft after the label is what the mark alone says ("Held: waiting": in progress), as
    before for "Published: waiting for legal"."""
    assert consultation_status(status)[0] == expected


@pytest.mark.parametrize("status", ["Held: postponed from May to June", "Held: cancelled (low turnout)",
                                    "Held: cancelled, low turnout", "Held: cancelled – see talk", "Held: scrapped",
                                    "Held: on hold", "Held: did not happen", "Held: didn't happen", "Held: called off (flu)",
                                    "Held: skipped this year", "Closed: postponed items listed below",
                                    "Held: cancelled; rescheduled for June"])
def test_a_done_label_whose_value_starts_with_a_call_off_is_not_started(status):
    """A step called off was not held, whatever reason or remark follows ("cancelled (low turnout)" read
    done: only a few words of when or why were read after it)."""
    assert consultation_status(status)[0] == "not started"


@pytest.mark.parametrize("status", ["Done – survey part dropped", "Completed - pending review", "Done – open questions remain",
                                    "Done, but the survey part was dropped"])
def test_after_a_dash_or_a_comma_a_remark_starting_like_a_mark_still_leaves_the_step_done(status):
    """The near misses: only a colon makes the done word a label that the value's first words answer."""
    assert consultation_status(status)[0] == "done"


@pytest.mark.parametrize("status", ["Done: {{notdone}}", "{{notdone}}"])
def test_the_notdone_template_is_a_not_done_mark(status):
    """{{notdone}} (another spelling of {{not done}}) read done after "Done:", and in progress alone."""
    assert steps_of(f"|-\n| Report || {status}\n")[0][1] == "not started"
