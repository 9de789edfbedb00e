"""The process page: the demo page, and other layouts of it written the way real editors do."""

from __future__ import annotations

from datetime import date

import pytest

from lib.sync.wiki_pages import WikiPageError, parse_process_page
from tests.wiki_page_helpers import LISTED_TIMELINE, PROCESS_TITLE, PROGRAMS_LINE, demo


def test_demo_timeline():
    rows = demo("process")["timeline"]
    assert len(rows) == 14
    first = rows[0]
    assert first == {"quarter": "2017-18 Q2", "position": 1, "dates_text": "mid-Aug – Aug 28",
                     "start_date": date(2017, 8, 11), "end_date": date(2017, 8, 28), "who": "Kevin",
                     "activity": "Prepare the quarterly planning wiki pages",
                     "deliverable": "Tech Q2 goals page ready for content", "deadline_text": "Aug 28",
                     "deadline": date(2017, 8, 28), "done": True}
    milestone = rows[7]  # "Oct 2" with one cell spanning the rest of the row
    assert (milestone["activity"], milestone["who"], milestone["deadline"], milestone["done"]) == (
        "Q2 starts. New goals in effect", None, None, False)
    assert [r["done"] for r in rows[-3:]] == [False, False, False]
    assert rows[9]["deadline_text"] == "Oct 10 (according to office wiki)"
    assert rows[3]["deliverable"] == "Populated with Q1 goals"  # from the Check-in Deck column


def test_demo_programs_with_owners_and_groups():
    programs = {p["code"]: p for p in demo("process")["programs"]}
    assert len(programs) == 16
    assert programs["TP1"] == {"code": "TP1", "name": "Availability, Performance & Maintenance",
                               "owners": "R, C, K", "group_name": "Infrastructure"}
    assert programs["TP5"]["name"] == "Scoring Platform (ORES)"
    assert programs["X-SDC"]["name"] == "Structured Data on Commons"  # a link in the wikitext
    assert programs["TP10"]["group_name"] == "Tech Community"


def test_demo_no_deployment_weeks():
    weeks = demo("process")["no_deploy_weeks"]
    assert [(w["week_start"], w["reason"]) for w in weeks] == [
        (date(2017, 11, 20), "Thanksgiving"), (date(2017, 12, 18), "End of year holidays"),
        (date(2017, 12, 25), "End of year holidays")]


PROCESS_VARIANT = """
== Schedule ==
{| class="wikitable"
|-
! When
! Activity
! Owner
! Due
! Status
|-
| Jan 8 – 12
| Draft the goals
| Owners
| Jan 12
| {{Done}}
|-
| TBD
| Review
| CTO
|
| ✓
|-
| Feb 1
| Publish
| Joel
| by February 2
| in progress
|}
Planned no-deployment weeks: Jan 1 (New year)

;Audiences
* AP1 Reading (R)
* AP2 Editing
;Technology
* TP3 Addressing Technical Debt (R, C/K)
"""


def test_process_page_in_another_layout():
    rows = parse_process_page(PROCESS_VARIANT, "Wikimedia Technology/Goals/2017-18 Q3/Process")
    timeline = rows["timeline"]
    assert [(t["start_date"], t["end_date"], t["who"], t["deadline"], t["done"]) for t in timeline] == [
        (date(2018, 1, 8), date(2018, 1, 12), "Owners", date(2018, 1, 12), True),
        (None, None, "CTO", None, True),
        (date(2018, 2, 1), date(2018, 2, 1), "Joel", date(2018, 2, 2), False)]
    assert timeline[1]["dates_text"] == "TBD"  # kept even when it is no date
    assert rows["programs"] == [
        {"code": "AP1", "name": "Reading", "owners": "R", "group_name": "Audiences"},
        {"code": "AP2", "name": "Editing", "owners": None, "group_name": "Audiences"},
        {"code": "TP3", "name": "Addressing Technical Debt", "owners": "R, C, K", "group_name": "Technology"}]
    assert rows["no_deploy_weeks"] == [{"quarter": "2017-18 Q3", "week_start": date(2018, 1, 1), "reason": "New year"}]


def test_programs_laid_out_in_a_table_take_the_column_header_as_group():
    text = PROCESS_VARIANT.split(";Audiences")[0] + "{|\n! Infrastructure !! Platform\n|-\n|\n* TP1 Availability (R)\n|\n* TP2 Refresh (C)\n|}"
    programs = parse_process_page(text, "Goals/2017-18 Q3/Process")["programs"]
    assert [(p["code"], p["group_name"]) for p in programs] == [("TP1", "Infrastructure"), ("TP2", "Platform")]


def test_program_owners_written_as_names_and_parentheses_that_name_no_one():
    text = PROCESS_VARIANT.split(";Audiences")[0] + """;Platform
* TP2 Mediawiki Refresh (Ann Smith)
* TP4 Search (Ann Smith and José de la Cruz)
* TP6 Data (Bob Roe, Cy Dee)
* TP7 Beta features (beta)
* TP8 Scoring Platform (ORES)
"""
    programs = {p["code"]: (p["name"], p["owners"]) for p in parse_process_page(text, "G/2017-18 Q3/P")["programs"]}
    assert programs == {
        "TP2": ("Mediawiki Refresh", "Ann Smith"),
        "TP4": ("Search", "Ann Smith, José de la Cruz"),
        "TP6": ("Data", "Bob Roe, Cy Dee"),
        "TP7": ("Beta features (beta)", None),
        "TP8": ("Scoring Platform (ORES)", None)}


@pytest.mark.parametrize("line, name, owners", [
    ("TP11 Structured Data (Wikimedia Commons)", "Structured Data (Wikimedia Commons)", None),
    ("TP12 Search (Discovery Team)", "Search (Discovery Team)", None),
    ("TP13 Reliability (Site Reliability Engineering)", "Reliability (Site Reliability Engineering)", None),
    ("TP14 Dumps (Formerly TP3)", "Dumps (Formerly TP3)", None),
    ("TP15 Wikibase (Wikimedia Deutschland)", "Wikibase (Wikimedia Deutschland)", None),
    ("TP16 Refresh (Phase II)", "Refresh (Phase II)", None),
    ("TP17 Later (TBD)", "Later (TBD)", None),
    ("TP18 Unknown (N/A)", "Unknown (N/A)", None),
    ("TP19 Outreach (Ann Smith/Bob Roe)", "Outreach", "Ann Smith, Bob Roe"),
    ("TP20 Localisation (Łukasz Nowak)", "Localisation", "Łukasz Nowak"),
    ("TP1 Availability (R, C, K)", "Availability", "R, C, K"),
    ("TP21 Growth (A. Smith, B. Roe)", "Growth", "A. Smith, B. Roe"),
    ("TP22 Apps (Ann Smith, PM)", "Apps", "Ann Smith"),
    ("TP23 Wikibase (Jan Nowak, WMDE)", "Wikibase", "Jan Nowak"),
    ("TP24 Bots (On Hold)", "Bots (On Hold)", None),
    ("TP25 Models (Machine Learning)", "Models (Machine Learning)", None),
    ("TP26 Gateway (API)", "Gateway (API)", None),
    ("TP27 Paging (SRE)", "Paging (SRE)", None),
    ("TP28 Access (JD)", "Access", "JD"),
    ("TP29 Portals (Adam Reading)", "Portals", "Adam Reading"),
    ("TP30 Scores (Ann Smith, ORES)", "Scores (Ann Smith, ORES)", None),
])
def test_what_a_program_lines_parentheses_hold(line, name, owners):
    text = PROCESS_VARIANT.split(";Audiences")[0] + ";Platform\n* " + line + "\n"
    program = parse_process_page(text, "G/2017-18 Q3/P")["programs"][0]
    assert (program["name"], program["owners"]) == (name, owners)


def test_process_page_without_a_timeline_names_the_columns():
    with pytest.raises(WikiPageError) as err:
        parse_process_page("* TP1 Availability (R)", PROCESS_TITLE)
    assert f'Page "{PROCESS_TITLE}": no timeline table with columns Dates, Activity' in str(err.value)


def test_a_program_list_laid_out_as_a_table():
    text = ("{| class=wikitable\n! Code !! Program !! Owner(s)\n|-\n| TP1 || Availability, Performance & "
            "Maintenance || R, C, K\n|-\n| TP2 || MediaWiki refresh || Ann Smith\n|}\n"
            "{| class=wikitable\n! Dates !! Activity\n|-\n| Oct 2 || start\n|}")
    programs = parse_process_page(text, PROCESS_TITLE)["programs"]
    assert [(p["code"], p["name"], p["owners"]) for p in programs] == [
        ("TP1", "Availability, Performance & Maintenance", "R, C, K"), ("TP2", "MediaWiki refresh", "Ann Smith")]


def test_process_page_without_programs_is_an_error():
    with pytest.raises(WikiPageError, match="no program list"):
        parse_process_page("{|\n! Dates !! Activity\n|-\n| Oct 2 || start\n|}", PROCESS_TITLE)


def test_timeline_done_written_as_a_template_in_another_cell():
    text = ("{|\n! Dates !! Who !! Activity !! Deadline\n|-\n| Aug 1 || Kevin || Draft || Aug 28 {{done}}\n"
            "|-\n| Sept 2 || Kevin || Review || Sept 11\n|}\n* TP1 Availability (R)")
    timeline = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(t["deadline_text"], t["deadline"], t["done"]) for t in timeline] == [
        ("Aug 28", date(2017, 8, 28), True), ("Sept 11", date(2017, 9, 11), False)]


def test_programs_in_a_table_with_a_row_per_group_take_the_row_label():
    text = (PROCESS_VARIANT.split(";Audiences")[0] + "{|\n! Slot !! Programs\n|-\n| Infrastructure<br/>Sept 20 ||\n"
            "* TP1 Availability (R)\n* TP3 Debt (C)\n|-\n| Platform ||\n* TP2 Refresh (C)\n|}")
    programs = parse_process_page(text, "Goals/2017-18 Q3/Process")["programs"]
    assert [(p["code"], p["group_name"]) for p in programs] == [
        ("TP1", "Infrastructure"), ("TP3", "Infrastructure"), ("TP2", "Platform")]


@pytest.mark.parametrize("sentence, weeks", [
    ("No deployments during the weeks of Nov 20 and Dec 18 (holidays).",
     [(date(2017, 11, 20), "holidays"), (date(2017, 12, 18), "holidays")]),
    ("Deployment freeze: Dec 20 - Jan 2 (end of year)", [(date(2017, 12, 18), "end of year"), (date(2017, 12, 25), "end of year"), (date(2018, 1, 1), "end of year")]),
    ("Don't build a plan that relies on deploying new features in December.", []),
    ("No deployment weeks: W47 (Thanksgiving) and W51 (holidays).",
     [(date(2017, 11, 20), "Thanksgiving"), (date(2017, 12, 18), "holidays")]),
    ("No train: week of Nov 20 (Thanksgiving)", [(date(2017, 11, 20), "Thanksgiving")]),
    ("No deployment weeks:<br>Week of Nov 20 (Thanksgiving)<br>Week of December 18 (holidays)",
     [(date(2017, 11, 20), "Thanksgiving"), (date(2017, 12, 18), "holidays")]),
])
def test_no_deployment_weeks_in_other_wordings(sentence, weeks):
    text = "{|\n! Dates !! Activity\n|-\n| Oct 2 || start\n|}\n* TP1 Availability (R)\n" + sentence
    rows = parse_process_page(text, PROCESS_TITLE)["no_deploy_weeks"]
    assert [(w["week_start"], w["reason"]) for w in rows] == weeks


def test_no_deployment_weeks_given_as_iso_dates_are_those_weeks_not_a_range():
    text = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n"
            "* No-deploy weeks: 2017-11-20, 2017-12-18\n* Also frozen: 2017-12-25 - 2018-01-01 (holidays)\n"
            "== Programs ==\n* TP1 Availability (R)\n")
    weeks = parse_process_page(text.replace("Also frozen", "No deployment weeks"), PROCESS_TITLE)["no_deploy_weeks"]
    assert [w["week_start"] for w in weeks] == [date(2017, 11, 20), date(2017, 12, 18), date(2017, 12, 25),
                                                date(2018, 1, 1)]


@pytest.mark.parametrize("header", ["! Start date !! End date !! Activity", "! Activity !! Start !! End"])
def test_a_timeline_with_start_and_end_columns_spans_both(header):
    row = "| Oct 2 || Oct 9 || Draft goals" if header.startswith("! Start") else "| Draft goals || Oct 2 || Oct 9"
    text = f"== Timeline ==\n{{|\n{header}\n|-\n{row}\n|}}\n== Programs ==\n* TP1 Availability (R)\n"
    [r] = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert (r["activity"], r["start_date"], r["end_date"]) == ("Draft goals", date(2017, 10, 2), date(2017, 10, 9))


def test_names_struck_out_in_a_cell_or_a_program_line_are_no_longer_there():
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Who\n|-\n| Oct 2 || Kick-off || <s>Joel</s> Kevin\n|}\n"
            "== Programs ==\n* TP1 Availability (R, <s>K</s>, C)\n* <s>TP8 Multi-datacenter</s><ref>Merged into TP1.</ref>\n")
    page = parse_process_page(text, PROCESS_TITLE)
    assert [r["who"] for r in page["timeline"]] == ["Kevin"]
    assert [(p["code"], p["owners"]) for p in page["programs"]] == [("TP1", "R, C")]


@pytest.mark.parametrize("cell, deadline", [
    ("Oct 24", date(2017, 10, 24)), ("end of October", date(2017, 10, 31)), ("October", date(2017, 10, 31)),
    ("Oct 23–24", date(2017, 10, 24)), ("week of Oct 23", date(2017, 10, 27)),
    # the first date the cell gives, not a later remark
    ("Oct 9 (was Oct 16)", date(2017, 10, 9)), ("Oct 20 (review on Oct 27)", date(2017, 10, 20)),
    ("Oct 20; review Oct 27", date(2017, 10, 20)), ("October 2, 2017", date(2017, 10, 2)),
])
def test_a_deadline_given_as_a_period_is_its_last_day(cell, deadline):
    text = (f"== Timeline ==\n{{|\n! Dates !! Activity !! Deadline\n|-\n| Oct 2 || Draft goals || {cell}\n|}}\n"
            "== Programs ==\n* TP1 Availability (R)\n")
    [row] = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert row["deadline"] == deadline


@pytest.mark.parametrize("cell, done", [
    ("✅", True), ("✔ Done", True), ("Yes, on Oct 5", True), ("done (Oct 5)", True), ("{{done}}", True),
    ("No - waiting on legal", False), ("Partially done", False), ("❌ dropped", False), ("", False),
])
def test_timeline_done_column_reads_marks_as_people_write_them(cell, done):
    text = (f"== Timeline ==\n{{|\n! Dates !! Activity !! Done\n|-\n| Oct 2 || Kick-off || {cell}\n|}}\n"
            "== Programs ==\n* TP1 Availability (R)\n")
    [row] = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert row["done"] is done


def test_timeline_dates_moved_struck_ended_by_a_period_or_given_as_a_week():
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Deadline\n|-\n| <s>Oct 2</s> Oct 9 || Moved || <del>Oct 5</del> Oct 12\n"
            "|-\n| Nov 20–24. || Review ||\n|-\n| Week of Oct 2 || Kick-off ||\n|}\n== Programs ==\n* TP1 Availability (R)\n")
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["activity"], r["start_date"], r["end_date"], r["deadline"]) for r in rows] == [
        ("Moved", date(2017, 10, 9), date(2017, 10, 9), date(2017, 10, 12)),
        ("Review", date(2017, 11, 20), date(2017, 11, 24), None),
        ("Kick-off", date(2017, 10, 2), date(2017, 10, 6), None)]


def test_program_lines_in_the_departments_other_wordings():
    text = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n== Programs ==\n"
            "* TP1 Availability (R)\n* <s>TP6 Streamlined Service Delivery (C)</s>\n"
            "* Program 12: Growing Contributor Diversity (R)\n* TP10 Public Cloud — {{u|Ann Smith}}, {{u|Bob Roe}}\n")
    programs = {p["code"]: (p["name"], p["owners"], p["group_name"])
                for p in parse_process_page(text, PROCESS_TITLE)["programs"]}
    assert programs == {"TP1": ("Availability", "R", "Programs"),
                        "TP12": ("Growing Contributor Diversity", "R", "Programs"),
                        "TP10": ("Public Cloud", "Ann Smith, Bob Roe", "Programs")}  # TP6 was withdrawn


def test_a_timeline_by_week():
    text = ("== Timeline ==\n{|\n! Week !! Activity\n|-\n| Week of Oct 2 || Kick-off\n|-\n| Oct 9 || Drafts due\n|}\n"
            "== Programs ==\n* TP1 Availability (R)\n")
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["activity"], r["start_date"], r["end_date"]) for r in rows] == [
        ("Kick-off", date(2017, 10, 2), date(2017, 10, 6)), ("Drafts due", date(2017, 10, 9), date(2017, 10, 9))]


def test_prose_about_a_program_does_not_rename_it_and_pinged_owners_stay_two():
    text = ("== Process ==\n* Program 1 owners send drafts to the CTO by Oct 9\n"
            "== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n== Programs ==\n"
            "* TP1 Availability (R)\n* TP2 Platform ({{ping|Ann Smith|Bob Roe}})\n")
    programs = {p["code"]: (p["name"], p["owners"]) for p in parse_process_page(text, PROCESS_TITLE)["programs"]}
    assert programs == {"TP1": ("Availability", "R"), "TP2": ("Platform", "Ann Smith, Bob Roe")}


@pytest.mark.parametrize("header, row, dates, deliverable", [
    ("! Date !! Activity !! End result", "| Oct 2 || Drafts || Goals page published (by Oct 20)",
     (date(2017, 10, 2), date(2017, 10, 2)), "Goals page published (by Oct 20)"),
    ("! Week !! Activity !! Target date", "| 1 || Drafts || Oct 13", (date(2017, 10, 13), date(2017, 10, 13)), None),
    ("! Activity !! Target date !! Input from", "| Drafts || Oct 13 || PMs", (date(2017, 10, 13), date(2017, 10, 13)),
     None),
])
def test_only_whole_start_end_and_week_headers_give_the_dates(header, row, dates, deliverable):
    text = f"== Timeline ==\n{{|\n{header}\n|-\n{row}\n|}}\n== Programs ==\n* TP1 Availability (R)\n"
    [r] = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert (r["start_date"], r["end_date"]) == dates and r["deliverable"] == deliverable


@pytest.mark.parametrize("frozen", [
    "* Planned no deployment weeks:\n** Week of Nov 20th (Thanksgiving)\n** December 18th and 25th (End of year holidays)\n",
    "== Deployment freezes ==\n{|\n! Week !! Reason\n|-\n| Week of Nov 20 || Thanksgiving\n|-\n| Dec 18, Dec 25 || "
    "End of year holidays\n|}\n",
])
def test_no_deployment_weeks_as_a_list_or_a_table(frozen):
    text = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n" + frozen +
            "== Programs ==\n* TP1 Availability (R)\n")
    weeks = parse_process_page(text, PROCESS_TITLE)["no_deploy_weeks"]
    assert [(w["week_start"], w["reason"]) for w in weeks] == [
        (date(2017, 11, 20), "Thanksgiving"), (date(2017, 12, 18), "End of year holidays"),
        (date(2017, 12, 25), "End of year holidays")]


@pytest.mark.parametrize("text, weeks", [
    ("* No deployments on Fridays\n** Emergency fixes after Nov 3 need SRE sign-off\n", []),
    ("Planned no deployment weeks:\n* Week of Nov 20th (Thanksgiving)\n* Dec 18th (Holidays)\n",
     [date(2017, 11, 20), date(2017, 12, 18)]),
])
def test_no_deployment_weeks_only_under_a_line_that_announces_them(text, weeks):
    page = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n" + text +
            "== Programs ==\n* TP1 Availability (R)\n")
    assert [w["week_start"] for w in parse_process_page(page, PROCESS_TITLE)["no_deploy_weeks"]] == weeks


def test_a_timeline_written_as_a_list():
    rows = parse_process_page(LISTED_TIMELINE, "Wikimedia Technology/Goals/2017-18 Q2/Process")["timeline"]
    assert [(r["start_date"], r["end_date"], r["activity"], r["who"], r["deadline"], r["done"]) for r in rows] == [
        (date(2017, 8, 15), date(2017, 8, 28), "Prepare the quarterly planning pages", "Kevin", None, True),
        (date(2017, 8, 29), date(2017, 9, 11), "Program owners populate the wiki page", None, date(2017, 9, 11), True),
        (date(2017, 9, 20), date(2017, 9, 22), "Meetings with CTO to approve goals", None, None, False),
        (date(2017, 10, 2), date(2017, 10, 2), "Goals are final", None, None, False)]
    assert {r["quarter"] for r in rows} == {"2017-18 Q2"}


def test_a_page_without_a_timeline_table_or_list_names_both():
    text = LISTED_TIMELINE.replace("== Timeline ==", "== Notes ==")
    with pytest.raises(WikiPageError, match=r"no timeline table with columns Dates, Activity.*nor a list of dated"):
        parse_process_page(text, "Wikimedia Technology/Goals/2017-18 Q2/Process")


@pytest.mark.parametrize("timeline", [
    # a later part adds a Done column; a part's heading names the page's own quarter
    "=== Planning ===\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
    "=== After Q2 starts ===\n{|\n! Dates !! Activity !! Done\n|-\n| Oct 10 || Share deck || {{done}}\n|}\n",
    # a summary table above the detailed timeline
    "{|\n! Date !! Milestone\n|-\n| Oct 1 || Quarter starts\n|}\n== Detailed timeline ==\n"
    "{|\n! Dates !! Who !! Activity\n|-\n| Aug 28 || Kevin || Prepare\n|-\n| Oct 10 || Kevin || Share deck\n|}\n",
])
def test_a_timeline_in_parts_or_beside_a_summary_is_read_whole(timeline):
    rows = parse_process_page("== Timeline ==\n" + timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [r["activity"] for r in rows] == ["Prepare", "Share deck"]


def test_program_lines_and_tables_as_other_teams_write_them():
    lines = ("== Programs ==\n=== Infrastructure ===\n* TP 8 Multi-datacenter Support\n"
             "* TP10: Public Cloud Services & Support — owners: Ann Smith, Bob Roe\n"
             "* Program 2 – MediaWiki refresh (owner: Cy Cole)\n")
    timeline = "== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
    programs = parse_process_page(timeline + lines, PROCESS_TITLE)["programs"]
    assert [(p["code"], p["name"], p["owners"]) for p in programs] == [
        ("TP8", "Multi-datacenter Support", None), ("TP10", "Public Cloud Services & Support", "Ann Smith, Bob Roe"),
        ("TP2", "MediaWiki refresh", "Cy Cole")]
    table = ("{|\n! Program !! Owner !! Group\n|-\n| TP1 Availability || Ann Smith || Infrastructure\n"
             "|-\n| TP2 MediaWiki refresh || Cy Cole || Platform\n|}\n")
    programs = parse_process_page(timeline + table, PROCESS_TITLE)["programs"]
    assert [(p["code"], p["name"], p["owners"], p["group_name"]) for p in programs] == [
        ("TP1", "Availability", "Ann Smith", "Infrastructure"), ("TP2", "MediaWiki refresh", "Cy Cole", "Platform")]


def test_a_note_across_the_timeline_or_a_total_row_is_no_activity():
    text = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|-\n| colspan=2 | ''All dates are in 2017.''\n"
            "|-\n| '''Total''' || 1 activity\n|}\n== Programs ==\n* TP1 Availability (R)\n")
    assert [r["activity"] for r in parse_process_page(text, PROCESS_TITLE)["timeline"]] == ["Kick-off"]


@pytest.mark.parametrize("line, owners", [
    ("* TP2 Streamlined Service Delivery — Bryan Davis (WMF)", "Bryan Davis"),
    ("* TP2 Streamlined Service Delivery (Bryan Davis (WMF))", "Bryan Davis"),
    ("* TP2 Streamlined Service Delivery — Bryan Davis (he/him)", "Bryan Davis"),
    ("* TP2 Streamlined Service Delivery — Bryan Davis (WMDE, contractor)", "Bryan Davis"),
    ("* TP2 Streamlined Service Delivery (Bryan Davis (contractor, he/him))", "Bryan Davis"),
    ("* TP2 Streamlined Service Delivery (C {{·}} R)", "C, R"),
])
def test_program_owners_with_their_employer_pronouns_or_dotted_separators(line, owners):
    text = "== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n== Programs ==\n" + line + "\n"
    [program] = parse_process_page(text, PROCESS_TITLE)["programs"]
    assert (program["name"], program["owners"]) == ("Streamlined Service Delivery", owners)


def test_a_phase_or_team_column_saying_summary_or_overall_drops_no_row():
    text = ("== Timeline ==\n{|\n! Team !! Dates !! Activity\n|-\n| Overall || Oct 2 || Kick-off\n|-\n"
            "| colspan=3 | '''Q2 starts (October 2)'''\n|}\n== Programs ==\n* TP1 Availability (R)\n")
    assert [r["activity"] for r in parse_process_page(text, PROCESS_TITLE)["timeline"]] == [
        "Kick-off", "Q2 starts (October 2)"]


@pytest.mark.parametrize("after", ["\n== Key dates ==\n* Nov 30: goals due", "\nReviews happen on Dec 4."])
def test_the_lines_below_a_no_deployment_sentence_end_where_the_weeks_end(after):
    text = ("{|\n! Dates !! Activity\n|-\n| Oct 2 || start\n|}\n* TP1 Availability (R)\n"
            "No deployment weeks:<br>\nW47 (Thanksgiving)<br>\nW51 (holidays)" + after)
    rows = parse_process_page(text, PROCESS_TITLE)["no_deploy_weeks"]
    assert [w["week_start"] for w in rows] == [date(2017, 11, 20), date(2017, 12, 18)]


def test_a_later_sentence_of_a_no_deployment_line_adds_no_week():
    text = ("{|\n! Dates !! Activity\n|-\n| Oct 2 || start\n|}\n* TP1 Availability (R)\n"
            "No train on Nov 23 (Thanksgiving). Next meeting: Nov 27.")
    assert [w["week_start"] for w in parse_process_page(text, PROCESS_TITLE)["no_deploy_weeks"]] == [date(2017, 11, 20)]


@pytest.mark.parametrize("cell, done", [("{{Status|done}}", True), ("{{Status|Completed}}", True),
                                        ("{{Progress|100}}", True), ("{{Status|in progress}}", False)])
def test_status_boxes_show_their_argument(cell, done):
    timeline = f"== Timeline ==\n{{|\n! Dates !! Activity !! Status\n|-\n| Aug 28 || Prepare || {cell}\n|}}\n"
    [row] = parse_process_page(timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert row["done"] is done


def test_bare_days_under_a_month_group_row_take_its_month():
    timeline = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n! colspan=2 | September 2017\n|-\n| 11 || Kick-off\n"
                "|-\n| 11–18 || Drafting\n|-\n! colspan=2 | October\n|-\n| 2 || Goals final\n|}\n")
    rows = parse_process_page(timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [(r["start_date"], r["end_date"]) for r in rows] == [
        (date(2017, 9, 11), date(2017, 9, 11)), (date(2017, 9, 11), date(2017, 9, 18)), (date(2017, 10, 2), date(2017, 10, 2))]


# --- second review: what the wider readings must not take ----------------------------------------


def test_a_part_in_another_top_level_section_may_add_a_column():
    text = ("== Timeline: before the quarter ==\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
            "== Timeline: during the quarter ==\n{|\n! Dates !! Activity !! Done\n|-\n| Oct 10 || Share deck || {{done}}\n|}\n")
    rows = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [r["activity"] for r in rows] == ["Prepare", "Share deck"]


def test_dated_lists_beside_the_timeline_that_are_no_part_of_it():
    text = ("== Annual planning process ==\n=== Timeline ===\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
            "=== Lessons from last quarter ===\n* Sep 5: goals were late\n=== Reviews ===\n* Sep 9: a review\n")
    rows = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [r["activity"] for r in rows] == ["Prepare"]


# --- third probe: whole pages in other house styles ------------------------------------------------


def test_a_listed_timeline_item_naming_several_people():
    text = ("== Timeline ==\n* '''Sept 20-22''': Meetings with CTO to approve goals (Victoria, Owners) {{done}}\n"
            "* Oct 2 – Oct 20: Write the pages (Kevin/Joel), deadline Nov 1\n" + PROGRAMS_LINE)
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["activity"], r["who"], r["done"]) for r in rows] == [
        ("Meetings with CTO to approve goals", "Victoria, Owners", True), ("Write the pages", "Kevin, Joel", False)]


# --- third review: what the newest readings must leave alone ------------------------------------


def test_a_milestone_row_across_a_start_end_timeline_takes_its_leading_date():
    text = ("== Timeline ==\n{|\n! Start !! End !! Activity !! Who\n|-\n| Aug 15 || Aug 28 || Prepare || Kevin\n"
            "|-\n| colspan=4 | '''2 October 2017: Q2 starts. New goals in effect'''\n|}\n" + PROGRAMS_LINE)
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["start_date"], r["end_date"]) for r in rows] == [(date(2017, 8, 15), date(2017, 8, 28)),
                                                                (date(2017, 10, 2), date(2017, 10, 2))]


# --- fourth review ------------------------------------------------------------------------------


def test_a_timeline_rows_leading_date_only_across_the_whole_row():
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Who\n|-\n| || Oct 5 review of drafts (postponed, date TBD) || Joel\n"
            "|-\n| colspan=3 | Oct 2 – Oct 13: code freeze\n|-\n| || 1 Decide on priorities || Ann\n|}\n" + PROGRAMS_LINE)
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["dates_text"], r["start_date"], r["end_date"]) for r in rows] == [
        (None, None, None), ("Oct 2 – Oct 13", date(2017, 10, 2), date(2017, 10, 13)), (None, None, None)]


# --- fifth probe: a done step said as people say it -----------------------------------------------


def _done_of(header: str, cell: str) -> bool:
    text = f"== Timeline ==\n{{|\n! Dates !! Activity !! {header}\n|-\n| Aug 28 || Publish the page || {cell}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    return row["done"]


@pytest.mark.parametrize("cell", ["Published", "Sent", "Held", "Shipped", "Shipped ✔️", "Closed", "Delivered",
                                  "Deployed", "Merged", "Sent to wikitech-l", "Held on Sept 22", "[x]", "☒",
                                  "{{Ya}}", "{{Fixed}}", "{{Green check}}", "100 %"])
def test_a_status_saying_what_came_of_the_step_says_it_is_done(cell):
    """"Published", "Sent", a ticked box: the step's outcome is the step done."""
    assert _done_of("Status", cell) is True


@pytest.mark.parametrize("cell", ["To be published", "Not sent", "Not sent yet", "will be held", "Sent?",
                                  "Held up by legal", "Closed beta first", "Draft published?", "[ ]", "☐",
                                  "Scheduled", "Yet to be merged", "Publish", "Oct 16"])
def test_an_outcome_word_negated_still_ahead_or_part_of_a_name_says_no_done(cell):
    """Negated, future, doubtful or a kind of thing ("closed beta"): not done; a date in a Status column
    is no completion date either (it may be the plan)."""
    assert _done_of("Status", cell) is False


@pytest.mark.parametrize("cell", ["Aug 27", "2017-09-12", "27 August 2017", "✓ Aug 27"])
def test_a_done_column_holding_a_date_says_when_the_step_was_done(cell):
    assert _done_of("Done", cell) is True


@pytest.mark.parametrize("cell", ["by Aug 30", "Aug 30?", "Aug 30 (planned)", "due Aug 30"])
def test_a_done_column_holding_a_planned_date_says_no_done(cell):
    assert _done_of("Done", cell) is False


def test_a_struck_activity_is_done_unless_its_done_column_says_no():
    """Striking a to-do through is the common way of ticking it off; a Done cell saying no still wins."""
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Done\n|-\n| Aug 15 – 28 || <s>Prepare the pages</s> ||\n"
            "|-\n| Aug 29 || <s>Populate</s> || No\n|-\n| Sept 11 || Review <s>old</s> drafts ||\n|}\n")
    rows = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [(r["activity"], r["done"]) for r in rows] == [("Prepare the pages", True), ("Populate", False),
                                                          ("Review drafts", False)]


def test_a_struck_activity_in_a_timeline_without_a_done_column_is_done():
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Deadline\n|-\n| Aug 15 – 28 || <s>Prepare the pages</s> || Aug 28\n"
            "|-\n| Sept 11 – 18 || Review drafts || Sept 18\n|}\n")
    rows = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [r["done"] for r in rows] == [True, False]


def test_bare_days_under_a_month_heading_take_its_month():
    """"=== September 2017 ===" over the table gives its bare days their month, as a group row does."""
    text = ("== Timeline ==\n=== August ===\n{|\n! Dates !! Activity\n|-\n| 15 – 28 || Prepare\n|}\n"
            "=== September 2017 ===\n{|\n! Date !! Activity\n|-\n| 11–18 || Review drafts\n|-\n| Mon 25 || Populate deck\n"
            "|-\n! colspan=2 | October\n|-\n| 2 || Goals final\n|}\n")
    rows = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [(r["start_date"], r["end_date"]) for r in rows] == [
        (date(2017, 8, 15), date(2017, 8, 28)), (date(2017, 9, 11), date(2017, 9, 18)),
        (date(2017, 9, 25), date(2017, 9, 25)), (date(2017, 10, 2), date(2017, 10, 2))]


def test_a_heading_that_only_mentions_a_month_gives_no_month_to_bare_numbers():
    """"Lessons from May" or "Timeline" over a table is no month; its numbers stay undated."""
    text = "== Timeline ==\n=== Steps after the May retro ===\n{|\n! Dates !! Activity\n|-\n| 11–18 || Review drafts\n|}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert (row["start_date"], row["end_date"]) == (None, None)


@pytest.mark.parametrize("dates, cell, deadline", [
    ("Sept 18 – 22", "first week of Oct", date(2017, 10, 7)),
    ("Week of Sept 11", "EOD Friday", date(2017, 9, 15)),
    ("Oct 2 – 6", "end of week", date(2017, 10, 6)),
    ("Oct 9", "by Wednesday", date(2017, 10, 11)),
    ("Oct 9", "end of the week", date(2017, 10, 13)),
    ("", "EOD Friday", None),                      # no date to give the week: no deadline
    ("Oct 9", "Friday Oct 20", date(2017, 10, 20)),  # a date written wins
])
def test_a_deadline_relative_to_the_rows_week(dates, cell, deadline):
    """"EOD Friday", "end of week" beside a row's dates: that week's day."""
    text = (f"== Timeline ==\n{{|\n! Dates !! Activity !! Deadline\n|-\n| {dates} || Review drafts || {cell}\n|}}\n")
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert (row["deadline_text"], row["deadline"]) == (cell, deadline)


# --- review of today's changes: done only when the row clearly says so ------------------------------


def _struck_row_done(header: str, cell: str, activity: str = "<s>Hold the workshop</s>") -> bool:
    text = f"== Timeline ==\n{{|\n! Dates !! Activity !! {header}\n|-\n| Aug 28 || {activity} || {cell}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    return row["done"]


@pytest.mark.parametrize("cell", ["Cancelled", "Dropped", "Skipped", "Not needed", "N/A", "Won't do", "Moved to Q3",
                                  "Superseded", "Replaced by the offsite"])
@pytest.mark.parametrize("header", ["Status", "Notes"])
def test_a_struck_activity_whose_status_or_notes_say_something_else_is_not_done(header, cell):
    """A step struck through and marked "Cancelled" was withdrawn, not done: any word beside it that the
    mark reader does not read as done takes the strike's "done" back."""
    assert _struck_row_done(header, cell) is False


@pytest.mark.parametrize("activity", ["<s>Hold the workshop</s> (no longer needed)", "<s>Hold the workshop</s> – dropped",
                                      "<s>Hold the workshop</s> (moved to Q3)"])
def test_a_struck_activity_with_a_remark_beside_it_is_not_done(activity):
    """A remark beside the struck text says why it was struck: withdrawn, not done."""
    text = f"== Timeline ==\n{{|\n! Dates !! Activity\n|-\n| Aug 28 || {activity}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert row["done"] is False


@pytest.mark.parametrize("header, cell", [("Status", ""), ("Status", "Done"), ("Status", "✓"), ("Notes", ""),
                                          ("Notes", "{{done}}"), ("Who", "Kevin")])
def test_a_struck_activity_with_nothing_beside_it_saying_otherwise_stays_done(header, cell):
    assert _struck_row_done(header, cell) is True
    assert _struck_row_done(header, cell, "<s>Hold the workshop</s> {{phab|T123}}") is True


@pytest.fixture
def on_2026_11_30(monkeypatch):
    """Today is the review's day (2026-11-30), for the tests whose dates are still to come on it."""
    from lib.sync.wiki_pages import dates

    monkeypatch.setattr(dates, "_today", lambda: date(2026, 11, 30))


@pytest.mark.parametrize("header, cell", [("Done", "Jan 12, 2027"), ("Done", "2027-01-12"), ("Completed", "Dec 20"),
                                          ("Done", "Nov 28 – Dec 3")])
def test_a_done_column_date_still_to_come_is_no_done(on_2026_11_30, header, cell):
    """A date in a Done column is the day the step was done only once that day has come: before, it is
    the plan ("Done || Jan 12, 2027" on a 2026-27 Q3 page read on Nov 30, 2026)."""
    text = f"== Timeline ==\n{{|\n! Dates !! Activity !! {header}\n|-\n| Jan 5 || Publish the page || {cell}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, "Wikimedia Technology/Goals/2026-27 Q3/Process")["timeline"]
    assert row["done"] is False


@pytest.mark.parametrize("cell", ["Nov 20", "2026-11-30", "Nov 2 – 27"])
def test_a_done_column_date_come_by_today_is_done(on_2026_11_30, cell):
    text = f"== Timeline ==\n{{|\n! Dates !! Activity !! Done\n|-\n| Nov 5 || Publish the page || {cell}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, "Wikimedia Technology/Goals/2026-27 Q2/Process")["timeline"]
    assert row["done"] is True


def test_a_done_column_date_far_ahead_is_no_done():
    assert _done_of("Done", "Aug 27, 2099") is False


_GOES_ON = ["Published: no", "Released next week", "Announced for Sept 12", "Fixed date: Sept 4", "Resolved to postpone",
            "Merged, not deployed", "Shipped – reverted", "Deployed to beta only", "Sent for review",
            "Submitted for translation", "Posted (draft)", "Merged?", "Closed (see talk page)"]


@pytest.mark.parametrize("cell", _GOES_ON)
def test_a_status_that_goes_on_after_its_outcome_word_is_no_done(cell):
    """Only a Status that is wholly an outcome ("Published", "Sent to wikitech-l", "Merged on Aug 3")
    says the step is done: "Published: no", "Released next week", "Deployed to beta only" start with
    the word and say something else."""
    assert _done_of("Status", cell) is False


@pytest.mark.parametrize("cell", ["Published", "Sent", "Sent to wikitech-l", "Shipped ✔️", "Merged on Aug 3",
                                  "Posted on Meta", "Deployed.", "Held on Sept 22", "Sent to wikitech-l on Aug 30"])
def test_a_status_wholly_an_outcome_with_a_place_date_or_tick_is_done(cell):
    assert _done_of("Status", cell) is True


def test_a_status_outcome_dated_still_ahead_is_no_done():
    assert _done_of("Status", "Published on Aug 27, 2099") is False


# --- second review: a month or quarter is no place; a reviewer is no audience -----------------------


def _status_done_in_2026_27_q3(cell: str, header: str = "Status") -> bool:
    text = f"== Timeline ==\n{{|\n! Dates !! Activity !! {header}\n|-\n| Jan 5 || Publish the page || {cell}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, "Wikimedia Technology/Goals/2026-27 Q3/Process")["timeline"]
    return row["done"]


@pytest.mark.parametrize("cell", ["Released in January", "Deployed in March", "Shipped in Q3", "Released in January 2027",
                                  "Merged in late February", "Shipped in the spring of 2027", "Published in 2027"])
def test_an_outcome_in_a_period_still_to_come_is_no_done(on_2026_11_30, cell):
    """"Released in January" on a January–March 2027 plan read on Nov 30, 2026: the month is when, not
    where, and it has not come; a date is judged against today however it is written."""
    assert _status_done_in_2026_27_q3(cell) is False


@pytest.mark.parametrize("cell", ["Released in October", "Shipped in Q1", "Deployed in 2025", "Merged in early November",
                                  "Released in January 2026"])
def test_an_outcome_in_a_period_that_has_come_is_done(on_2026_11_30, cell):
    assert _status_done_in_2026_27_q3(cell) is True


@pytest.mark.parametrize("cell", ["Sent to Legal", "Sent to CTO", "Sent to the CTO", "Sent to Finance", "Submitted to CTO",
                                  "Submitted to the CTO", "Sent to Ann Lee", "Submitted to Legal for review"])
def test_sent_to_a_reviewer_is_out_for_review_not_done(cell):
    """"Sent to Legal" hands the work to someone to review: with or without "the", not done yet."""
    assert _done_of("Status", cell) is False


@pytest.mark.parametrize("cell", ["Sent to wikitech-l", "Sent to the wikitech-l list", "Posted on Meta", "Posted on the Village Pump",
                                  "Published in Tech News", "Sent to Tech News", "Announced on the mailing list",
                                  "Held in Berlin", "Sent to all staff", "Delivered to the CTO"])
def test_an_outcome_delivered_to_an_audience_or_channel_is_still_done(cell):
    """Delivery to a list, a wiki, a named venue or an audience is the step done, with or without "the"."""
    assert _done_of("Status", cell) is True


# --- second review: what beside a struck activity says nothing; a celebrated or recurring cell --------


@pytest.mark.parametrize("activity", ["<s>Hold the workshop</s> ✓", "<s>Hold the workshop</s> (done)",
                                      "<s>Hold the workshop</s> – done Aug 28", "<s>Hold the workshop</s> {{done}}",
                                      "<s>Hold the workshop</s> (Ann Lee)", "<s>Hold the workshop</s> (Kevin)",
                                      "<s>Hold the workshop</s> ([[User:Joel Aufrecht|Joel Aufrecht]])",
                                      "<s>Hold the workshop</s> [[Notes]]", "<s>Hold the workshop</s> ([[Notes|meeting notes]])"])
def test_a_struck_activity_with_a_done_mark_a_name_or_a_link_beside_it_is_done(activity):
    """Struck through and ticked ("✓", "(done)", "– done Aug 28") is done; a name (one the Who column
    names, or a user link) or a link to notes beside the strike says nothing either way, as an empty
    Status does. The activity is the struck text."""
    text = (f"== Timeline ==\n{{|\n! Dates !! Activity !! Who\n|-\n| Aug 28 || {activity} ||\n"
            "|-\n| Aug 29 || Populate || Kevin\n|-\n| Aug 30 || Review || Ann Lee\n|}\n")
    row = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"][0]
    assert (row["activity"], row["done"]) == ("Hold the workshop", True)


def _struck_activity_done(activity: str) -> bool:
    """Whether a timeline row whose Activity cell is `activity` (a strike and what is beside it) reads done."""
    text = (f"== Timeline ==\n{{|\n! Dates !! Activity !! Who\n|-\n| Aug 28 || {activity} ||\n"
            "|-\n| Aug 29 || Populate || Kevin\n|}\n")
    return parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"][0]["done"]


@pytest.mark.parametrize("activity", ["<s>Hold the workshop</s> (Cancelled)", "<s>Hold the workshop</s> (Superseded)",
                                      "<s>Hold the workshop</s> – done Jan 28, 2099", "<s>Hold the workshop</s> (not done)",
                                      "<s>Hold the workshop</s> [[Notes|cancelled, see notes]]", "<s>Hold the workshop</s> (Obsolete)"])
def test_a_struck_activity_with_a_word_a_future_done_date_or_a_telling_link_beside_it_is_not_done(activity):
    """A lone capitalised word is read as a name only when the table's Who column names that person:
    "(Superseded)" or "(Obsolete)" is a withdrawal."""
    assert _struck_activity_done(activity) is False


@pytest.mark.parametrize("cell", ["[[Notes]]", "[https://etherpad.wikimedia.org/p/x notes]", "[[User:Ann Lee|Ann Lee]]"])
def test_a_struck_activity_with_a_link_or_a_name_in_its_notes_is_done(cell):
    assert _struck_row_done("Notes", cell) is True


# --- third review: a name beside a strike is one the page names as a person -------------------------


_TITLE_CASE_REMARKS = ["Postponed Indefinitely", "Budget Cut", "Next Quarter", "Merged Elsewhere", "Moved Online",
                       "No Longer Needed", "Out Of Scope"]


@pytest.mark.parametrize("remark", _TITLE_CASE_REMARKS)
def test_a_struck_activity_with_a_title_case_remark_in_its_notes_is_not_done(remark):
    """"Postponed Indefinitely" looks like a first and last name but is a withdrawal: two capitalised
    words are a name only when the Who column names that person or a user link says so."""
    assert _struck_row_done("Notes", remark) is False


@pytest.mark.parametrize("remark", _TITLE_CASE_REMARKS)
def test_a_struck_activity_with_a_title_case_remark_beside_it_is_not_done(remark):
    text = (f"== Timeline ==\n{{|\n! Dates !! Activity !! Who\n|-\n| Aug 28 || <s>Hold the workshop</s> ({remark}) ||\n"
            "|-\n| Aug 29 || Populate || Kevin\n|}\n")
    assert parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"][0]["done"] is False


def test_a_name_the_who_column_gives_beside_a_strike_or_in_its_notes_says_nothing():
    """The near miss: "Ann Lee", whom the Who column names, is the person who did it, not a status."""
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Who !! Notes\n"
            "|-\n| Aug 28 || <s>Hold the workshop</s> (Ann Lee) || || \n|-\n| Aug 29 || <s>Populate</s> || || Ann Lee\n"
            "|-\n| Aug 30 || Review || Ann Lee ||\n|}\n")
    assert [r["done"] for r in parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]] == [True, True, False]


@pytest.mark.parametrize("cell", ["Shipped 🎉", "Released 🚀", "Done 🎉", "Merged 👍"])
def test_an_outcome_celebrated_is_done(cell):
    assert _done_of("Status", cell) is True


@pytest.mark.parametrize("cell", ["Shipped ❌", "Shipped ⚠️", "Shipped 🔴"])
def test_an_outcome_with_a_warning_beside_it_is_not_done(cell):
    assert _done_of("Status", cell) is False


@pytest.mark.parametrize("cell", ["Fri (weekly)", "Friday (weekly)", "Mon, every week", "EOD Fri (recurring)", "Fri weekly"])
def test_a_recurring_weekday_names_no_single_deadline(cell):
    text = f"== Timeline ==\n{{|\n! Dates !! Activity !! Deadline\n|-\n| Oct 2 – 6 || Sync || {cell}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert (row["deadline_text"], row["deadline"]) == (cell, None)


def test_a_weekday_with_a_remark_that_is_no_recurrence_is_still_that_day():
    text = "== Timeline ==\n{|\n! Dates !! Activity !! Deadline\n|-\n| Oct 2 – 6 || Sync || Fri (EOD)\n|}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert row["deadline"] == date(2017, 10, 6)


@pytest.mark.parametrize("header, cell, done", [
    ("Status", "Done (Apr 3)", False), ("Status", "Done Apr 3", False), ("Done", "✓ Apr 3", False),
    ("Status", "Sent on Feb 1", False), ("Status", "Done (Nov 3)", True), ("Status", "Sent on Nov 3", True),
])
def test_a_done_mark_with_a_yearless_date_is_judged_by_that_date(on_2026_11_30, header, cell, done):
    """"Done (Apr 3)" on a January–March 2027 plan: April 3, 2027 (the page's quarter gives the year), not
    come on Nov 30, 2026; a done mark dated ahead is the plan."""
    assert _status_done_in_2026_27_q3(cell, header) is done


# --- fourth review: a user link is neutral only alone; the words beside it still speak -----------------


@pytest.mark.parametrize("activity", ["<s>Hold the workshop</s> postponed ([[User:Ann|Ann]])",
                                      "<s>Hold the workshop</s> cancelled per [[User:Ann|Ann]]",
                                      "<s>Hold the workshop</s> (not needed, {{u|Ann}})"])
def test_a_struck_activity_with_a_user_link_and_a_withdrawal_beside_it_is_not_done(activity):
    """"postponed ([[User:Ann|Ann]])": the link says who, the word says withdrawn; the link no longer
    makes the whole remark a name."""
    assert _struck_activity_done(activity) is False


@pytest.mark.parametrize("cell", ["Not needed ([[User:Ann|Ann]])", "Cancelled per [[User:Ann|Ann]]",
                                  "[[User:Ann|Ann]]: moved to Q3"])
@pytest.mark.parametrize("header", ["Status", "Notes"])
def test_a_struck_activity_whose_notes_give_a_withdrawal_beside_a_user_link_is_not_done(header, cell):
    assert _struck_row_done(header, cell) is False


@pytest.mark.parametrize("beside", ["([[User:Ann|Ann]])", "[[User:Ann|Ann]], [[User talk:Bob|Bob]]",
                                    "— [[User:Ann|Ann]] ([[User talk:Ann|talk]])", "({{u|Ann}})",
                                    "done ([[User:Ann|Ann]])", "✓ [[User:Ann|Ann]]"])
def test_user_links_alone_or_beside_a_done_mark_by_a_strike_still_read_done(beside):
    """The near misses: names and user links with only punctuation between them say nothing (the strike
    ticks the step off), and a done mark beside a link reads as it does alone."""
    assert _struck_activity_done(f"<s>Hold the workshop</s> {beside}") is True


@pytest.mark.parametrize("cell", ["[[User:Ann|Ann]], [[User:Bob|Bob]]", "([[User:Ann|Ann]])", "Done ([[User:Ann|Ann]])"])
def test_user_links_alone_or_beside_done_in_the_notes_of_a_strike_still_read_done(cell):
    assert _struck_row_done("Notes", cell) is True


# --- fifth review: a user link's own words may say the step was withdrawn --------------------------------


@pytest.mark.parametrize("activity", ["<s>Hold the workshop</s> ([[User talk:Ann#Workshop|postponed]])",
                                      "<s>Hold the workshop</s> ([[User talk:Ann#Workshop|cancelled, see talk]])",
                                      "<s>Hold the workshop</s> ([[User:Ann/Notes|not needed]])"])
def test_a_user_link_whose_words_say_withdrawn_beside_a_strike_is_not_done(activity):
    """A link to a talk-page thread shows what it says ("postponed"), not who: its words are read, as a
    notes link's are; only a link showing the user's own name is taken out."""
    assert _struck_activity_done(activity) is False


@pytest.mark.parametrize("cell", ["[[User talk:Ann#Workshop|cancelled]]", "[[User:Ann/Plan|dropped]]"])
@pytest.mark.parametrize("header", ["Status", "Notes"])
def test_a_user_link_whose_words_say_withdrawn_in_the_notes_of_a_strike_is_not_done(header, cell):
    assert _struck_row_done(header, cell) is False


@pytest.mark.parametrize("beside", ["([[User:Holden|Holden]])", "[[User talk:Ann Blockley|Ann Blockley]]",
                                    "([[User:Ann|talk]])"])
def test_a_user_link_showing_a_name_that_holds_a_telling_word_still_says_nothing(beside):
    """"Holden" holds "hold", "Blockley" "block": a link showing its user's own name (or "talk") is who."""
    assert _struck_activity_done(f"<s>Hold the workshop</s> {beside}") is True


# --- user links as every page reads them (people._USER_LINK) --------------------------------------------


@pytest.mark.parametrize("beside", ["({{noping|Ann}})", "({{user0|Ann}})", "({{UserLinks|Ann}})", "— {{Ut|Ann}}",
                                    "([[User_talk:Ann|Ann]])"])
def test_any_user_template_alone_by_a_strike_says_nothing_as_u_does(beside):
    """{{noping|Ann}} is {{u|Ann}} without the ping: the same signature, so the strike ticks the step off
    as it does beside {{u|Ann}} (it read withdrawn, "Ann" being no name the Who column gives)."""
    assert _struck_activity_done(f"<s>Hold the workshop</s> {beside}") is True


@pytest.mark.parametrize("beside", ["postponed ({{noping|Ann}})", "({{re|Ann}})", "([[m:User:Ann/Notes|not needed]])",
                                    "([[Special:Contributions/Ann|cancelled]])"])
def test_a_withdrawal_or_a_template_not_surely_a_user_by_a_strike_is_still_not_done(beside):
    """The near misses: words beside the link, or a link's own telling words, still speak; {{re|…}} is
    no sure user link, and "Ann" is no name the Who column gives."""
    assert _struck_activity_done(f"<s>Hold the workshop</s> {beside}") is False
