"""Page parsers: the demo pages, and other layouts of the same pages written the way real editors do."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from lib.config import SETTINGS
from lib.store import schema
from lib.sync.wiki_pages import (
    PAGE_PARSERS,
    WikiPageError,
    consultation_status,
    date_range,
    normalise_stage,
    parse_consultation_page,
    parse_dates,
    parse_goals_page,
    parse_process_page,
    parse_quarter,
    parse_team_page,
    program_code,
)

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo" / "wiki"
GOALS_TITLE = "Wikimedia Technology/Goals/2017-18 Q2"
PROCESS_TITLE = "Wikimedia Technology/Goals/2017-18 Q2/Process"


def demo(kind: str) -> dict[str, list[dict]]:
    meta = json.loads((DEMO / "pages.json").read_text(encoding="utf-8"))[kind]
    return PAGE_PARSERS[kind]((DEMO / f"{kind}.wiki").read_text(encoding="utf-8"), meta["title"])


# --- the contract with the store -------------------------------------------------------------


def test_pages_json_uses_the_default_titles_of_the_settings():
    index = json.loads((DEMO / "pages.json").read_text(encoding="utf-8"))
    expected = {"team": "WIKI_TEAM_PAGE", "goals": "WIKI_GOALS_PAGE", "process": "WIKI_PROCESS_PAGE",
                "consultation": "WIKI_CONSULTATION_PAGE"}
    assert {k: v["title"] for k, v in index.items()} == {k: SETTINGS[name][0] for k, name in expected.items()}
    assert all(isinstance(v["revid"], int) for v in index.values())


@pytest.mark.parametrize("kind", ["team", "goals", "process", "consultation"])
def test_rows_have_exactly_the_columns_of_their_store_table(kind):
    for table_name, rows in demo(kind).items():
        columns = {c.name for c in schema.metadata.tables[table_name].columns}
        generated = {"id", "user_phid"}  # autoincrement id; user_phid is matched by the sync
        assert rows, table_name
        for row in rows:
            assert set(row) == columns - generated, table_name


@pytest.mark.parametrize("kind", ["team", "goals", "process", "consultation"])
def test_demo_rows_fit_the_store(kind, engine):
    from lib.store.writes import insert_rows

    with engine.begin() as conn:
        for table_name, rows in demo(kind).items():
            assert insert_rows(conn, schema.metadata.tables[table_name], rows) == len(rows)


# --- team page -------------------------------------------------------------------------------


def test_demo_team_members_in_page_order_with_rowspan_roles():
    members = demo("team")["team_members"]
    assert len(members) == 10
    assert members[0] == {"name": "Jack Wheeler", "role": "Lead Community Tech Manager/ Product Manager", "position": 1}
    by_name = {m["name"]: m for m in members}
    # the four engineers share one rowspan cell; the footnote after Sammy's name is not part of it
    assert [by_name[n]["role"] for n in ("MusikAnimal", "Harumi Monroy", "Sam Wilson", "Sammy Tarling")] == ["Engineer"] * 4
    assert [m["position"] for m in members] == list(range(1, 11))


def test_demo_role_responsibilities_one_row_per_list_item():
    rows = demo("team")["role_responsibilities"]
    em = [r for r in rows if r["role"] == "Engineering Manager"]
    assert len(em) == 10
    assert em[0] == {"role": "Engineering Manager", "position": 1,
                     "responsibility": "Manages team budget, resourcing, and hiring"}
    roles = list(dict.fromkeys(r["role"] for r in rows))
    assert roles == ["Engineering Manager", "Lead Engineer/Tech Lead", "Product Manager",
                     "Community Relations Specialist", "UX Designer", "Quality Assurance Engineer", "Engineer",
                     "Technical Program Manager"]


def test_demo_daci_matrix_categories_and_skipped_empty_cells():
    rows = demo("team")["daci"]
    cell = {(r["decision"], r["role"]): r for r in rows}
    assert cell[("Set roadmap + goals", "Product Manager")]["assignment"] == "Driver"
    assert cell[("Set roadmap + goals", "Director of Product Management")]["assignment"] == "Approver"
    assert cell[("Determine Technical Approach", "Technical Lead")] == {
        "category": "Technical", "decision": "Determine Technical Approach", "role": "Technical Lead",
        "assignment": "Driver", "position": 16, "role_position": 4}
    assert ("Set product strategy", "Other") not in cell  # empty cell
    assert list(dict.fromkeys(r["category"] for r in rows)) == [
        "Product prioritization", "Meetings/Ceremonies", "Collaboration & Communication", "Operations",
        "Technical", "Reporting/Documentation"]
    assert {r["assignment"] for r in rows} == {"Driver", "Approver", "Consulted", "Informed"}


def test_demo_column_guides_for_both_boards():
    rows = demo("team")["column_guide"]
    workboard = [r["column_name"] for r in rows if r["board"] == "workboard"]
    sprint = [r for r in rows if r["board"] == "sprint"]
    assert workboard[:3] == ["Following", "Freezer", "New & TBD Tickets"] and len(workboard) == 9
    assert [r["column_name"] for r in sprint] == ["Ready for development", "Goals and epics", "In Development",
                                                   "Review/Feedback", "QA", "Done"]
    assert sprint[0]["who_moves"] == "Product Manager, Engineering Manger"
    assert sprint[0]["what"].count("\n") == 3  # four list items
    assert [r["who_moves"] for r in sprint[2:5]] == ["Anybody"] * 3  # one rowspan cell


TEAM_VARIANT = """
== Who we are ==
{| class="wikitable sortable"
|-
! Title !! Location !! Name
|-
| rowspan="2" | Engineer || Berlin || [[User:Ann|Ann A.]]
|-
| Remote || Bob B.
|-
| Product manager || NYC || Cy C.<br/>Di D.
|}
== Roles ==
{|
! Role !! Duties
|-
| PM ||
# Plans
# Decides
|}
== RACI ==
{| class="wikitable"
! Area !! Decision !! PM !! EM !! Eng
|-
| rowspan="2" | Planning || Set goals || A || C || I
|-
| Estimate work || I || D || R
|-
| Tech || Pick a library || || A || D
|}
== Boards ==
{|
! Column !! Description !! Moved by
|-
| Backlog || ideas || PM
|}
{|
! Column !! Description !! Moved by
|-
| Doing || in progress || anyone
|}
"""


def test_team_page_in_another_layout():
    rows = parse_team_page(TEAM_VARIANT, "Team/Processes")
    assert [(m["name"], m["role"]) for m in rows["team_members"]] == [
        ("Ann A.", "Engineer"), ("Bob B.", "Engineer"), ("Cy C.", "Product manager"), ("Di D.", "Product manager")]
    assert rows["role_responsibilities"] == [{"role": "PM", "position": 1, "responsibility": "Plans"},
                                             {"role": "PM", "position": 2, "responsibility": "Decides"}]
    daci = {(r["decision"], r["role"]): (r["category"], r["assignment"]) for r in rows["daci"]}
    assert daci == {
        ("Set goals", "PM"): ("Planning", "Approver"), ("Set goals", "EM"): ("Planning", "Consulted"),
        ("Set goals", "Eng"): ("Planning", "Informed"), ("Estimate work", "PM"): ("Planning", "Informed"),
        ("Estimate work", "EM"): ("Planning", "Driver"), ("Estimate work", "Eng"): ("Planning", "Driver"),
        ("Pick a library", "EM"): ("Tech", "Approver"), ("Pick a library", "Eng"): ("Tech", "Driver")}
    # no caption tells the boards apart: the first is the main workboard, the second the sprint board
    assert [(r["board"], r["column_name"], r["who_moves"]) for r in rows["column_guide"]] == [
        ("workboard", "Backlog", "PM"), ("sprint", "Doing", "anyone")]


def test_team_members_written_several_to_a_cell_grouped_or_struck_out():
    text = TEAM_VARIANT.replace(
        "| Remote || Bob B.\n",
        "| Remote || Bob B., Eve E. and {{u|Fay F.}}\n|-\n! colspan=3 | Former and visiting\n"
        "|-\n| Designer || Remote || <s>Gus G.</s>\n|-\n| Designer || Remote || Hal H.<br/><del>Ivy I.</del>\n")
    rows = parse_team_page(text, "Team/Processes")
    assert [m["name"] for m in rows["team_members"]] == [
        "Ann A.", "Bob B.", "Eve E.", "Fay F.", "Hal H.", "Cy C.", "Di D."]


def test_team_page_without_a_people_table_names_page_and_columns():
    text = TEAM_VARIANT.replace("! Title !! Location !! Name", "! Job !! Location !! Desk")
    with pytest.raises(WikiPageError) as err:
        parse_team_page(text, "Team/Processes")
    assert 'Page "Team/Processes"' in str(err.value) and "People, Roles" in str(err.value)


def test_team_page_without_a_daci_matrix_is_an_error():
    text = TEAM_VARIANT.replace("|| A || C || I", "|| yes || no || maybe").replace("|| I || D || R", "|| - || - || -") \
        .replace("|| || A || D", "|| || x || y")
    with pytest.raises(WikiPageError, match=r'Page "Team/Processes": no DACI table'):
        parse_team_page(text, "Team/Processes")


# --- goals page ------------------------------------------------------------------------------


def test_demo_goals_cover_every_program_of_the_process_page():
    goals = demo("goals")["goals"]
    programs = {p["code"] for p in demo("process")["programs"]}
    q2 = [g for g in goals if g["quarter"] == "2017-18 Q2"]
    assert {g["program"] for g in q2} == programs
    assert {g["stage"] for g in q2} == {"rough draft", "final draft", "approved by CTO", "final"}
    assert [g["position"] for g in goals] == list(range(1, len(goals) + 1))
    assert len({g["goal_key"] for g in goals}) == len(goals)


def test_demo_goals_program_from_heading_and_from_a_rowspan_column():
    goals = {g["title"]: g for g in demo("goals")["goals"]}
    assert goals["Replace the ageing cache hosts in the esams data centre"]["program"] == "TP1"
    assert goals["Publish the MediaWiki platform roadmap for 2018"]["program"] == "TP2"
    assert goals["Complete the privacy review of all new data collection"]["program"] == "X-SPDM"


def test_demo_goals_stage_owner_outcome_and_dependencies():
    goals = {g["title"]: g for g in demo("goals")["goals"]}
    g = goals["Reduce the p95 save timing by 10%"]  # its <ref> footnote is gone
    assert (g["stage"], g["owner"], g["dependencies"], g["dependencies_confirmed"]) == (
        "rough draft", "Ian Marlier", "MediaWiki Platform", False)
    assert g["goal_key"] == "2017-18 Q2|TP1|reduce the p95 save timing by 10%"
    assert goals["Make session storage multi-datacenter aware"]["outcome"] is None
    assert goals["Run a planned switchover of MediaWiki to codfw and back"]["stage"] == "approved by CTO"  # {{approved}}
    mixed = goals["Publish a code health dashboard for the top 20 MediaWiki extensions"]
    assert mixed["dependencies_confirmed"] is False  # one of two not confirmed
    assert goals["Hold the Wikimedia Hackathon 2018 scholarship process"]["stage"] == "final"  # bold header row


def test_demo_goals_deployments_in_no_deployment_weeks_are_visible():
    goals = demo("goals")["goals"]
    weeks = {w["week_start"] for w in demo("process")["no_deploy_weeks"]}
    clashes = []
    for g in goals:
        for iso in (g["deployment_dates"] or "").split(", "):
            if iso:
                d = date.fromisoformat(iso)
                if date.fromordinal(d.toordinal() - d.weekday()) in weeks:
                    clashes.append(g["program"])
    assert clashes == ["X-SDC", "TP5"]


def test_demo_goals_hold_the_previous_quarter_with_results():
    q1 = [g for g in demo("goals")["goals"] if g["quarter"] == "2017-18 Q1"]
    assert len(q1) == 5
    assert all(g["stage"] == "final" and g["results"] for g in q1)
    assert q1[0]["results"] == "done Switched over and back in September"


GOALS_BY_COLUMN = """
{| class="wikitable"
! Quarter !! Program !! Goal !! Goal owner !! Status !! Outcome !! Depends on !! Confirmed !! Notes
|-
| 2017-18 Q3 || TP2 MediaWiki Refresh || Ship  the   API || Ann || Final Draft || || Services || ✓ || deploy on Jan 16
|-
| Q3 2017/18 || Program 5: Scoring || Retrain models || Bob || CTO approved || Outcome 8 || Research, Ops || no || 
|-
| 2017-18 Q3 || (X-SDC) Structured data || Prototype || Cy || Rough Draft || || || || Deploy to beta on 2018-02-05, then to Commons on Feb 19.
|}
"""


def test_goals_with_program_and_quarter_columns_and_other_wording():
    goals = parse_goals_page(GOALS_BY_COLUMN, "Team goals")["goals"]
    assert [(g["quarter"], g["program"], g["stage"]) for g in goals] == [
        ("2017-18 Q3", "TP2", "final draft"), ("2017-18 Q3", "TP5", "approved by CTO"),
        ("2017-18 Q3", "X-SDC", "rough draft")]
    first = goals[0]
    assert first["goal_key"] == "2017-18 Q3|TP2|ship the api"
    assert (first["owner"], first["dependencies_confirmed"], first["deployment_dates"]) == ("Ann", True, "2018-01-16")
    assert goals[1]["dependencies_confirmed"] is False and goals[1]["outcome"] == "Outcome 8"
    assert goals[2]["dependencies"] is None and goals[2]["dependencies_confirmed"] is None
    assert goals[2]["deployment_dates"] == "2018-02-05, 2018-02-19"


def test_goals_program_from_the_heading_quarter_from_the_title():
    text = "== Goals ==\n=== TP7 Smart Tools ===\n{|\n! Stage !! Goal\n|-\n| draft || Build it\n|}"
    [g] = parse_goals_page(text, "Wikimedia Technology/Goals/2017-18 Q4")["goals"]
    assert (g["quarter"], g["program"], g["stage"], g["owner"]) == ("2017-18 Q4", "TP7", "rough draft", None)


def test_goals_program_from_a_spanning_group_row():
    text = ('{|\n! Goal !! Stage\n|-\n! colspan="2" | TP1 Availability\n|-\n| A || final\n'
            '|-\n! colspan="2" | X-CH Community Health\n|-\n| B || final\n|}')
    goals = parse_goals_page(text, "Goals/2017-18 Q2")["goals"]
    assert [(g["program"], g["title"]) for g in goals] == [("TP1", "A"), ("X-CH", "B")]


def test_goals_stage_stated_for_the_section():
    text = "== TP4 Community ==\nStage: final draft\n{|\n! Goal !! Owner\n|-\n| Hold a hackathon || Ann\n|}"
    [g] = parse_goals_page(text, "Goals/2017-18 Q2")["goals"]
    assert g["stage"] == "final draft"


def test_a_stage_cell_saying_no_stage_or_a_status_takes_the_sections_and_a_withdrawn_goal_is_none():
    rows = "".join(f"|-\n| Goal {i} || {cell}\n" for i, cell in enumerate(
        ["TBD", "—", "?", "n/a", "On hold", "Stretch goal", "final draft", "Dropped", "Deferred to Q3", "Cancelled"]))
    text = f"=== TP1 Availability ===\nStage: rough draft\n{{|\n! Goal !! Stage\n{rows}|}}"
    goals = [(g["title"], g["stage"]) for g in parse_goals_page(text, GOALS_TITLE)["goals"]]
    assert goals == [(f"Goal {i}", "rough draft") for i in range(6)] + [("Goal 6", "final draft")]


def test_goals_unknown_stage_names_page_goal_and_value():
    text = "=== TP1 Availability ===\n{|\n! Goal !! Stage\n|-\n| Ship it || half-baked\n|}"
    with pytest.raises(WikiPageError) as err:
        parse_goals_page(text, GOALS_TITLE)
    assert str(err.value).startswith(f'Page "{GOALS_TITLE}": goal "Ship it" has an unknown stage "half-baked"')


def test_goals_without_a_program_is_an_error():
    with pytest.raises(WikiPageError, match='cannot tell the program of goal "Ship it"'):
        parse_goals_page("== Q2 goals ==\n{|\n! Goal !! Stage\n|-\n| Ship it || final\n|}", GOALS_TITLE)


PROGRAM_LIST = [{"code": "TP1", "name": "Availability, Performance & Maintenance"},
                {"code": "X-SDC", "name": "Structured Data on Commons"}]


@pytest.mark.parametrize("text,program", [
    # a heading naming the program, not its code: the program list gives the code
    ("=== Availability, Performance and Maintenance ===\n{|\n! Goal !! Stage\n|-\n| Ship it || final\n|}", "TP1"),
    ("== Program: Structured data on Commons ==\n{|\n! Goal !! Stage\n|-\n| Ship it || final\n|}", "X-SDC"),
    # a program the list does not name is kept by its name rather than failing the sync
    ("== Community Wishlist ==\n{|\n! Goal !! Stage\n|-\n| Ship it || final\n|}", "Community Wishlist"),
    # a Program column with names
    ("{|\n! Program !! Goal\n|-\n| Structured Data on Commons || Ship it\n|}", "X-SDC"),
    # a code anywhere above wins over a nearer heading's words
    ("== TP1 Availability ==\n=== Stretch goals ===\n{|\n! Goal !! Stage\n|-\n| Ship it || final\n|}", "TP1"),
    # a group row's words that the list does not name leave the heading's program in place
    ('== TP1 Availability ==\n{|\n! Goal !! Stage\n|-\n! colspan="2" | Stretch goals\n|-\n| Ship it || final\n|}',
     "TP1"),
    ('== TP1 Availability ==\n{|\n! Goal !! Stage\n|-\n! colspan="2" | Structured data on Commons\n|-\n'
     "| Ship it || final\n|}", "X-SDC"),
])
def test_goals_program_by_name(text, program):
    [goal] = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert goal["program"] == program and goal["title"] == "Ship it"


def test_goals_page_without_a_goals_table_names_the_columns():
    with pytest.raises(WikiPageError) as err:
        parse_goals_page("{|\n! Task !! Who\n|-\n| x || y\n|}", GOALS_TITLE)
    assert f'Page "{GOALS_TITLE}": no goals table with columns Goal, Stage' in str(err.value)


def test_goals_page_round_trips_the_dashboards_own_export():
    import pandas as pd

    from lib.goals import goals_wikitext

    original = parse_goals_page((DEMO / "goals.wiki").read_text(encoding="utf-8"), GOALS_TITLE)["goals"]
    q2 = [g for g in original if g["quarter"] == "2017-18 Q2"]
    exported = goals_wikitext(pd.DataFrame(q2), "2017-18 Q2")
    again = parse_goals_page(exported, GOALS_TITLE)["goals"]
    assert sorted(g["goal_key"] for g in again) == sorted(g["goal_key"] for g in q2)
    assert {g["goal_key"]: g["stage"] for g in again} == {g["goal_key"]: g["stage"] for g in q2}


@pytest.mark.parametrize("text, stage", [
    ("rough draft", "rough draft"), ("Rough Draft", "rough draft"), ("draft", "rough draft"),
    ("Final Draft", "final draft"), ("final-draft", "final draft"), ("awaiting CTO approval", "final draft"),
    ("approved", "approved by CTO"), ("Approved by CTO", "approved by CTO"), ("CTO approved", "approved by CTO"),
    ("approved {{tick}}", "approved by CTO"), ("{{Draft}}", "rough draft"), ("{{stage|final draft}}", "final draft"), ("final", "final"), ("Final (approved by CTO)", "final"),
    ("banana", None), ("", None),
    # approval asked for, not given
    ("Final draft - approval pending", "final draft"), ("CTO approval pending", "final draft"),
    ("Approval: pending", "final draft"), ("Final draft (approval requested)", "final draft"),
    ("Sent to CTO", "final draft"), ("In review", "final draft"), ("Signed off by CTO", "approved by CTO"),
    ("Not yet signed off", "final draft"), ("Awaiting sign-off from CTO", "final draft"),
    ("Approved by CTO; review due next quarter", "approved by CTO"),
    ("CTO approved (no changes required)", "approved by CTO"),
    # "final" that is not there yet
    ("Not final", "final draft"), ("Awaiting final approval", "final draft"), ("Finalised draft", "final draft"),
    ("Final review complete", "final"), ("Final, pending translation", "final"), ("Final approval received", "final"),
    ("Final approval pending", "final draft"), ("Final – pending CTO approval", "final draft"),
    ("{{In progress}}", "rough draft"), ("Ready for CTO review", "final draft"),
    ("Approved (final pending)", "approved by CTO"), ("Approval from CTO pending", "final draft"),
    # other teams' words
    ("Committed", "final"), ("Agreed", "final"), ("Frozen", "final"), ("CTO sign-off", "approved by CTO"),
    ("Ready for CTO", "final draft"), ("Needs review", "final draft"), ("FD", "final draft"), ("RD", "rough draft"),
    ("Idea", "rough draft"), ("Under discussion", "rough draft"), ("Tentative", "rough draft"),
    ("Brouillon final", "final draft"), ("Brouillon", "rough draft"), ("Finaler Entwurf", "final draft"),
    ("Genehmigt", "approved by CTO"), ("Approuvé", "approved by CTO"), ("Endgültig", "final"),
])
def test_stage_normalisation(text, stage):
    from lib.sync.wikitables import render

    assert normalise_stage(render(text)) == stage


@pytest.mark.parametrize("text, code", [
    ("TP1 Availability, Performance & Maintenance", "TP1"), ("TP12", "TP12"), ("PP1 Discoverability", "PP1"),
    ("X-SPDM Security, Privacy & Data Management", "X-SPDM"), ("X-CH: Community Health", "X-CH"),
    ("Program 1: Availability, performance, and maintenance", "TP1"), ("Structured data (X-SDC)", "X-SDC"),
    ("Q2 goals", None), ("Notes", None), ("", None),
])
def test_program_codes(text, code):
    assert program_code(text) == code


@pytest.mark.parametrize("text, fiscal, quarter", [
    ("Wikimedia Technology/Goals/2017-18 Q2", None, "2017-18 Q2"),
    ("FY2017/18 Q3", None, "2017-18 Q3"), ("Q4 2017-18", None, "2017-18 Q4"), ("2017–2018 Q1", None, "2017-18 Q1"),
    ("Q1 results", "2017-18", "2017-18 Q1"), ("Q1 results", None, None), ("2024 Q3", None, "2024 Q3"),
    ("Goals", "2017-18", None),
    # fiscal years named by the year they end in, quarters by their months, calendar quarters on a fiscal page
    ("Q1 FY19", "2017-18", "2018-19 Q1"), ("FY19 Q1", None, "2018-19 Q1"), ("Q1 FY2019", None, "2018-19 Q1"),
    ("Q2 FY18", None, "2017-18 Q2"), ("Jan-Mar 2018", "2017-18", "2017-18 Q3"), ("Jul–Sep 2018", "2017-18", "2018-19 Q1"),
    ("October–December 2017", "2017-18", "2017-18 Q2"), ("Oct-Dec 2017", None, "2017 Q4"),
    ("2017 Q4", "2017-18", "2017-18 Q2"), ("Goals/2017-18/Q2", None, "2017-18 Q2"), ("Goals/FY2017-18/Q2", None, "2017-18 Q2"),
    ("Goals 2018/Q1", None, "2018 Q1"), ("Oct-Nov 2017", "2017-18", None),
    # other teams' titles
    ("Goals/2024-Q3", None, "2024 Q3"), ("Q3-2024", None, "2024 Q3"), ("Q3/2024 goals", None, "2024 Q3"),
    ("FY 2017-18 Quarter 2", None, "2017-18 Q2"), ("2017-18 second quarter", None, "2017-18 Q2"),
    ("July to September 2024", None, "2024 Q3"), ("Quarter 3", "2017-18", "2017-18 Q3"),
])
def test_quarters(text, fiscal, quarter):
    assert parse_quarter(text, fiscal) == quarter


# --- process page ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, start, end", [
    ("mid-Aug – Aug 28", date(2017, 8, 11), date(2017, 8, 28)),
    ("late-Aug", date(2017, 8, 21), date(2017, 8, 31)),
    ("Sept 1 - 11", date(2017, 9, 1), date(2017, 9, 11)),
    ("Sept 20-22", date(2017, 9, 20), date(2017, 9, 22)),
    ("Aug 29 – Sept 11", date(2017, 8, 29), date(2017, 9, 11)),
    ("Oct 2", date(2017, 10, 2), date(2017, 10, 2)),
    ("Oct 24 - Nov 1", date(2017, 10, 24), date(2017, 11, 1)),
    ("Jan 8 – 12", date(2018, 1, 8), date(2018, 1, 12)),  # second half of the fiscal year
    ("2017-12-04", date(2017, 12, 4), date(2017, 12, 4)),
    ("4 December 2017", date(2017, 12, 4), date(2017, 12, 4)),
    ("Oct 10 (according to office wiki)", date(2017, 10, 10), date(2017, 10, 10)),
    ("Oct 2 – 6 (week 1)", date(2017, 10, 2), date(2017, 10, 6)),
    ("Nov 6, 9am PT", date(2017, 11, 6), date(2017, 11, 6)),
    ("ongoing", None, None), ("", None, None),
    # the day before its month, as British and Wikimedia pages write ranges
    ("11–18 September", date(2017, 9, 11), date(2017, 9, 18)),
    ("20-22 Sept", date(2017, 9, 20), date(2017, 9, 22)),
    ("2 - 6 Oct 2017", date(2017, 10, 2), date(2017, 10, 6)),
    ("30 Oct – 3 Nov", date(2017, 10, 30), date(2017, 11, 3)),
    ("Round 2, Nov 12-20", date(2017, 11, 12), date(2017, 11, 20)),
])
def test_date_ranges_with_the_year_from_the_quarter(text, start, end):
    assert date_range(text, "2017-18 Q2") == (start, end)


@pytest.mark.parametrize("text, quarter, start", [
    ("May 15 – June 2", "2018-19 Q1", date(2018, 5, 15)),   # Q1 is planned in May and June, before July
    ("July 3", "2018-19 Q1", date(2018, 7, 3)),
    ("Jan 8", "2017-18 Q2", date(2018, 1, 8)),
    ("Sept 11", "2017-18 Q2", date(2017, 9, 11)),
    ("Feb 1", "2017-18 Q1", date(2018, 2, 1)),              # as near either way: inside the fiscal year
    ("Jan 5", "2024 Q4", date(2025, 1, 5)),                  # a calendar quarter's next January
    ("March 3", "2024 Q1", date(2024, 3, 3)),
])
def test_a_month_without_a_year_is_taken_nearest_the_quarter(text, quarter, start):
    assert date_range(text, quarter)[0] == start


@pytest.mark.parametrize("text, quarter, start, end", [
    ("Feb 20 - Mar 5", "2017-18 Q1", date(2018, 2, 20), date(2018, 3, 5)),
    ("Jan - Mar", "2017-18 Q1", date(2018, 1, 1), date(2018, 3, 31)),
    ("Jan - Feb", "2024 Q3", date(2025, 1, 1), date(2025, 2, 28)),
    ("Dec 18 – Jan 5", "2017-18 Q2", date(2017, 12, 18), date(2018, 1, 5)),
])
def test_a_range_keeps_going_from_its_first_date(text, quarter, start, end):
    assert date_range(text, quarter) == (start, end)


def test_a_number_before_a_date_is_not_a_day_of_it():
    from lib.sync.wiki_pages import deployment_dates

    assert deployment_dates(["Deploy version 2 on Nov 21"], "2017-18 Q2") == "2017-11-21"


def test_dates_need_a_year_from_somewhere():
    assert parse_dates("Oct 2", None) == []
    assert parse_dates("Oct 2, 2019", None) == [(date(2019, 10, 2), date(2019, 10, 2))]
    assert parse_dates("you may deploy", "2017-18 Q2") == []  # the verb "may" is not May


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


# --- consultation page -----------------------------------------------------------------------

# a consultation page needs its core team: the roles table the tests below end with
CORE_TEAM = "== Team ==\n{|\n! Role !! Name\n|-\n| Chair || Mo\n|}"


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


def test_daci_category_rows_written_with_empty_cells():
    text = TEAM_VARIANT.split("== RACI ==")[0] + """== DACI ==
{|
! Decision !! PM !! EM
|-
| '''Planning''' || ||
|-
| Set goals || Driver || Informed
|-
| '''Hiring''' || ||
|-
| Open a role || Consulted || Approver
|}
""" + "== Boards ==" + TEAM_VARIANT.split("== Boards ==")[1]
    daci = parse_team_page(text, "T")["daci"]
    assert [(r["category"], r["decision"], r["role"], r["assignment"], r["position"]) for r in daci] == [
        ("Planning", "Set goals", "PM", "Driver", 1), ("Planning", "Set goals", "EM", "Informed", 1),
        ("Hiring", "Open a role", "PM", "Consulted", 2), ("Hiring", "Open a role", "EM", "Approver", 2)]


def test_timeline_done_written_as_a_template_in_another_cell():
    text = ("{|\n! Dates !! Who !! Activity !! Deadline\n|-\n| Aug 1 || Kevin || Draft || Aug 28 {{done}}\n"
            "|-\n| Sept 2 || Kevin || Review || Sept 11\n|}\n* TP1 Availability (R)")
    timeline = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(t["deadline_text"], t["deadline"], t["done"]) for t in timeline] == [
        ("Aug 28", date(2017, 8, 28), True), ("Sept 11", date(2017, 9, 11), False)]


REAL_TECH_GOALS_LAYOUT = """
== Technology departmental programs ==
=== Program 1: Availability, performance, and maintenance ===
Stage: approved by CTO
{| class="wikitable"
! Annual plan outcome !! Annual plan objective(s) !! Quarterly Work (or Goal) !! Primary Team(s) !! Dependencies !! Tech Goal !! ETA !! Status
|-
| rowspan="2" | Outcome 1: All production sites and services maintain current levels of availability or better.
| rowspan="2" | Objective 1: Deploy, update, configure, and maintain production services
| Provide dedicated database resources for wikidata {{Done}}
* Create new functional group s8, dedicated to wikidata {{Done}}
| TechOps (DBA) || Release Engineering, WMCS || D || EOQ || {{Done}}
|-
| Upgrade the application servers to Debian stretch
| TechOps || Release Engineering || D || EOQ || {{In progress}}
|}
"""


def test_goals_in_the_technology_departments_own_layout():
    goals = parse_goals_page(REAL_TECH_GOALS_LAYOUT, GOALS_TITLE)["goals"]
    assert [(g["program"], g["stage"], g["owner"], g["results"]) for g in goals] == [
        ("TP1", "approved by CTO", "TechOps (DBA)", "Done"), ("TP1", "approved by CTO", "TechOps", "In progress")]
    assert goals[0]["title"] == ("Provide dedicated database resources for wikidata Done\n"
                                 "Create new functional group s8, dedicated to wikidata Done")
    assert goals[1]["outcome"] == goals[0]["outcome"]  # one rowspan cell for both goals
    assert goals[0]["outcome"].startswith("Outcome 1: All production sites")


def test_goals_without_any_stage_start_as_rough_drafts():
    text = REAL_TECH_GOALS_LAYOUT.replace("Stage: approved by CTO\n", "")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [g["stage"] for g in goals] == ["rough draft", "rough draft"]


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
    assert consultation_status("September 2023") == ("done", None, "September 2023")
    assert consultation_status("June 20")[0] == "done" and consultation_status("20th June")[0] == "done"
    assert consultation_status("Survey form (open until July 31, 2023)")[:2] == ("in progress", date(2023, 7, 31))


@pytest.mark.parametrize("kind", ["team", "goals", "process", "consultation"])
def test_damaged_pages_fail_only_with_a_wiki_page_error(kind):
    """Truncated, shuffled or swapped pages: a clear WikiPageError or rows, never another exception."""
    import random

    rnd = random.Random(kind)
    text = (DEMO / f"{kind}.wiki").read_text(encoding="utf-8")
    other = (DEMO / "team.wiki").read_text(encoding="utf-8") if kind != "team" else (DEMO / "goals.wiki").read_text(encoding="utf-8")
    lines = text.split("\n")
    variants = [text[: rnd.randrange(len(text))] for _ in range(8)] + [other]
    for _ in range(8):
        shuffled = lines[:]
        for _ in range(4):
            a, b = rnd.randrange(len(shuffled)), rnd.randrange(len(shuffled))
            shuffled[a], shuffled[b] = shuffled[b], shuffled[a]
        variants.append("\n".join(shuffled))
    for variant in variants:
        try:
            PAGE_PARSERS[kind](variant, "Some/Page")
        except WikiPageError as err:
            assert 'Page "Some/Page"' in str(err)


def test_a_daci_legend_is_not_taken_for_the_matrix():
    text = TEAM_VARIANT.split("== RACI ==")[0] + """== Decision making ==
{|
|+ DACI legend
! Letter !! Meaning
|-
| D || Driver
|-
| A || Approver
|-
| C || Consulted
|-
| I || Informed
|}
{|
! Decision !! PM !! EM
|-
| Set goals || D || A
|-
| Hire || C || D
|}
""" + "== Boards ==" + TEAM_VARIANT.split("== Boards ==")[1]
    daci = parse_team_page(text, "T")["daci"]
    assert [(r["decision"], r["role"], r["assignment"]) for r in daci] == [
        ("Set goals", "PM", "Driver"), ("Set goals", "EM", "Approver"), ("Hire", "PM", "Consulted"), ("Hire", "EM", "Driver")]


def test_daci_role_names_in_a_plain_first_row():
    text = TEAM_VARIANT.split("== RACI ==")[0] + """== DACI ==
{|
| || PM || EM
|-
| Set goals || D || I
|-
| Hire || C || A
|}
""" + "== Boards ==" + TEAM_VARIANT.split("== Boards ==")[1]
    daci = parse_team_page(text, "T")["daci"]
    assert [(r["decision"], r["role"], r["assignment"]) for r in daci] == [
        ("Set goals", "PM", "Driver"), ("Set goals", "EM", "Informed"), ("Hire", "PM", "Consulted"),
        ("Hire", "EM", "Approver")]


def test_daci_cells_giving_two_assignments_keep_both_and_not_applicable_is_none():
    text = TEAM_VARIANT.split("== RACI ==")[0] + """== DACI ==
{| class="wikitable"
! Decision !! PM !! EM !! TL !! QA
|-
| Set goals || D/A || C, I || n/a || I
|-
| Hire || Consulted || Drives and approves || – || Informed
|}
""" + "== Boards ==" + TEAM_VARIANT.split("== Boards ==")[1]
    daci = parse_team_page(text, "T")["daci"]
    assert [(r["decision"], r["role"], r["assignment"], r["role_position"]) for r in daci] == [
        ("Set goals", "PM", "Driver/Approver", 1), ("Set goals", "EM", "Consulted/Informed", 2),
        ("Set goals", "QA", "Informed", 3),
        ("Hire", "PM", "Consulted", 1), ("Hire", "EM", "Driver/Approver", 2), ("Hire", "QA", "Informed", 3)]


def _team_with_daci(matrix: str) -> str:
    return TEAM_VARIANT.split("== RACI ==")[0] + "== DACI ==\n" + matrix + "== Boards ==" + \
        TEAM_VARIANT.split("== Boards ==")[1]


def test_a_matrix_with_roles_down_the_side_is_read_the_right_way_round():
    text = _team_with_daci("""{| class="wikitable"
! Role !! Set goals !! Hire !! Pick a library
|-
| Product manager || D || C || I
|-
| Engineering Manager || A || D || C
|-
| Engineer || C || I || D
|}
""")
    daci = parse_team_page(text, "T")["daci"]
    cells = {(r["decision"], r["role"]): r["assignment"] for r in daci}
    assert cells[("Hire", "Engineering Manager")] == "Driver"
    assert cells[("Pick a library", "Engineer")] == "Driver"
    assert [r["decision"] for r in daci][:3] == ["Set goals"] * 3  # decisions in column order
    assert [(r["role"], r["role_position"]) for r in daci][:3] == [
        ("Product manager", 1), ("Engineering Manager", 2), ("Engineer", 3)]
    assert {r["position"] for r in daci if r["decision"] == "Hire"} == {2}


def test_roles_down_the_side_known_only_from_the_roster_still_count():
    # no job-title word in "Community liaison" or "Steward": the roster and the roles table name them
    text = _team_with_daci("""{| class="wikitable"
! !! Launch !! Budget
|-
| Community liaison || D || A
|-
| Steward || C || I
|}
""").replace("| Product manager || NYC", "| Community liaison || NYC").replace("| PM ||", "| Steward ||")
    daci = parse_team_page(text, "T")["daci"]
    assert {(r["decision"], r["role"], r["assignment"]) for r in daci} == {
        ("Launch", "Community liaison", "Driver"), ("Budget", "Community liaison", "Approver"),
        ("Launch", "Steward", "Consulted"), ("Budget", "Steward", "Informed")}


@pytest.mark.parametrize("cell, assignment", [
    ("D", "Driver"), ("D/A", "Driver/Approver"), ("R/A", "Driver/Approver"), ("I, C", "Consulted/Informed"),
    ("Drives and approves", "Driver/Approver"), ("Consulted or informed", "Consulted/Informed"),
    ("Drives, consults PMs", "Driver"), ("Informed, not consulted", "Informed"),
    ("Approves; doesn't drive", "Approver"), ("Not consulted", None), ("n/a", None), ("x", None), ("–", None),
    ("Yes", None),
    # two assignments with a qualifier keep both; active "consults"/"informs" beside others say what the role does
    ("Drives and approves budget", "Driver/Approver"), ("Driver and approver (Q3)", "Driver/Approver"),
    ("Drives/approves for Q3", "Driver/Approver"), ("Consulted and informed (FYI)", "Consulted/Informed"),
    ("Consult", "Consulted"), ("Inform", "Informed"),
    # negation reaches over "or"/"nor" and fillers, and "… not needed" negates the word before
    ("Not consulted or informed", None), ("Neither consulted nor informed", None), ("Not the driver", None),
    ("Not required to approve", None), ("Doesn't need to be consulted", None),
    ("Approval not needed, informed", "Informed"),
    # letters with a qualifier
    ("A (final)", "Approver"), ("D — Jack", "Driver"), ("R (Jack)", "Driver"), ("Yes (A)", "Approver"),
    ("D/A (if no PM)", "Driver/Approver"), ("D - A", "Driver/Approver"),
    # a negation ends at punctuation, and "not" + filler after a word negates only what follows
    ("Informed, not the approver", "Informed"), ("Approves (not required to drive)", "Approver"),
    ("Consulted (not required)", "Consulted"), ("Not consulted, informed", "Informed"),
    ("Not approver\nInformed", "Informed"), ("Doesn't drive, approves", "Approver"),
    # letters in parentheses count only after a plain yes or tick
    ("Engineer (C++)", None), ("Data Scientist (R)", None), ("✓ (C)", "Consulted"),
])
def test_daci_cells(cell, assignment):
    from lib.sync.wiki_pages.team import _assignment

    assert _assignment(cell) == assignment


@pytest.mark.parametrize("matrix, roles", [
    # people across the top, decisions down the side: the label header says so
    ("! Decision !! Ann !! Bob !! Cy\n|-\n| Hire engineers || D || A || C\n|-\n| Choose tech lead || A || D || I\n"
     "|-\n| Release schedule || C || C || D\n|-\n| QA sign-off || I || C || D\n", {"Ann", "Bob", "Cy"}),
    # ... and without a label header: decisions that start with an action are no roles
    ("! !! Ann !! Bob !! Cy\n|-\n| Hire engineers || D || A || C\n|-\n| Choose tech lead || A || D || I\n"
     "|-\n| Release schedule || C || C || D\n|-\n| QA sign-off || I || C || D\n", {"Ann", "Bob", "Cy"}),
    ("! Area !! Ann !! Bob\n|-\n| Product || D || A\n|-\n| Engineering || C || D\n|-\n| Design || A || C\n",
     {"Ann", "Bob"}),
    ("! !! Ann !! Bob\n|-\n| Standup time (10 am or 2 pm) || D || A\n|-\n| Retro format || C || D\n", {"Ann", "Bob"}),
    # roles down the side, by the label header, by abbreviations, by job titles
    ("! Role !! Launch !! Budget\n|-\n| Ann || D || A\n|-\n| Bob || C || D\n", {"Ann", "Bob"}),
    ("! !! Set goals !! Hire !! Pick a library\n|-\n| PO || D || C || I\n|-\n| SM || A || D || C\n"
     "|-\n| Dev team || C || I || D\n", {"PO", "SM", "Dev team"}),
    ("! !! Set goals !! Hire\n|-\n| Tech lead || D || C\n|-\n| UX designer || A || D\n", {"Tech lead", "UX designer"}),
    # labels that clearly are roles on one side outweigh a corner header naming the other axis
    ("! Roles → !! PM !! EM !! Eng\n|-\n| Set goals || D || C || I\n|-\n| Estimate work || I || D || C\n",
     {"PM", "EM", "Eng"}),
    ("! Decision → / Role ↓ !! Set goals !! Estimate work\n|-\n| PM || D || I\n|-\n| EM || C || D\n"
     "|-\n| Eng || I || C\n", {"PM", "EM", "Eng"}),
    # acronyms that are no roles, and departments named as such by the corner
    ("! !! Ann !! Bob !! Cy\n|-\n| API || D || A || C\n|-\n| UI || A || D || I\n|-\n| Docs || C || C || D\n"
     "|-\n| CI || I || C || D\n", {"Ann", "Bob", "Cy"}),
    ("! Team !! Set goals !! Hire\n|-\n| Engineering || D || C\n|-\n| Design || A || D\n|-\n| Legal || I || C\n",
     {"Engineering", "Design", "Legal"}),
    # the corner word names what the rows are, unless the rows read as actions
    ("! Area !! Ann !! Bob\n|-\n| UX || D || A\n|-\n| QA || C || D\n|-\n| HR || A || C\n", {"Ann", "Bob"}),
    ("! Role !! PM !! EM\n|-\n| Set goals || D || C\n|-\n| Hire engineers || A || D\n", {"PM", "EM"}),
    ("! Team decisions !! Product !! Design !! Engineering\n|-\n| Set goals || D || C || I\n"
     "|-\n| Hire || A || D || C\n", {"Product", "Design", "Engineering"}),
    ("! Role ↓ !! Set goals !! Hire\n|-\n| Product || D || C\n|-\n| Design || A || D\n", {"Product", "Design"}),
])
def test_which_way_round_a_matrix_is_read(matrix, roles):
    daci = parse_team_page(_team_with_daci('{| class="wikitable"\n' + matrix + "|}\n"), "T")["daci"]
    assert {r["role"] for r in daci} == roles


def test_decisions_mentioning_engineers_do_not_turn_a_matrix_round():
    text = _team_with_daci("""{| class="wikitable"
! Decision !! PM !! EM !! Tech lead
|-
| Weekly talks with Engineers || I || D || C
|-
| Set goals || D || C || C
|-
| Hire || A || D || C
|}
""")
    daci = parse_team_page(text, "T")["daci"]
    assert {r["role"] for r in daci} == {"PM", "EM", "Tech lead"}


def test_stage_names_agree_with_the_goals_module():
    from lib.goals import STAGES as GOAL_STAGES
    from lib.sync.wiki_pages import STAGES

    assert STAGES == GOAL_STAGES


def test_long_cells_are_clipped_to_the_store_column_length():
    long_role = "Engineer " * 40  # 360 characters, the column holds 255
    text = TEAM_VARIANT.replace("| Product manager || NYC", f"| {long_role} || NYC")
    members = parse_team_page(text, "T")["team_members"]
    role = next(m["role"] for m in members if m["name"] == "Cy C.")
    limit = schema.team_members.c.role.type.length
    assert len(role) == limit and role.endswith("…") and role.startswith("Engineer Engineer")


def test_deployment_named_in_an_eta_column_counts_only_with_a_deploy_word():
    text = ("=== TP1 Availability ===\n{|\n! Goal !! Stage !! ETA\n|-\n| Faster saves || final || deploy Dec 19\n"
            "|-\n| Fewer outages || final || Dec 20\n|}")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [g["deployment_dates"] for g in goals] == ["2017-12-19", None]


def test_goal_key_survives_a_status_update_and_new_sub_items():
    before = REAL_TECH_GOALS_LAYOUT.replace("wikidata {{Done}}\n*", "wikidata {{In progress}}\n*")
    after = REAL_TECH_GOALS_LAYOUT.replace("dedicated to wikidata {{Done}}", "dedicated to wikidata {{Done}}\n* Migrate s8")
    key_before = parse_goals_page(before, GOALS_TITLE)["goals"][0]["goal_key"]
    key_after = parse_goals_page(after, GOALS_TITLE)["goals"][0]["goal_key"]
    assert key_before == key_after == "2017-18 Q2|TP1|provide dedicated database resources for wikidata"


def test_people_table_may_have_extra_columns_like_tasks():
    text = TEAM_VARIANT.replace("! Title !! Location !! Name", "! Title !! Tasks !! Name")
    members = parse_team_page(text, "T")["team_members"]
    assert [m["name"] for m in members] == ["Ann A.", "Bob B.", "Cy C.", "Di D."]


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


@pytest.mark.parametrize("cell, confirmed", [
    ("Security {{Y}}", True),
    ("Security {{done}}, Analytics {{Not done}}", False),
    ("Security {{tick}}, Analytics {{tick}}", True),
    ("Security {{cross}}", False),
    ("Security {{Y}}, Analytics", False),   # one team has not confirmed yet
    ("Security, Analytics", None),          # no marks at all: unknown
    ("Team X", None),
    ("Security check", None), ("Legal review; Performance check", None),
])
def test_dependencies_marked_after_each_team(cell, confirmed):
    from lib.sync.wiki_pages.goals import _dependencies
    from lib.sync.wikitables import render

    assert _dependencies(render(cell), None)[1] is confirmed


@pytest.mark.parametrize("cell, names", [
    ("Bob B., Eve E. and Fay F.", ["Bob B.", "Eve E.", "Fay F."]),
    ("Ann, Bob, Cy", ["Ann", "Bob", "Cy"]),
    ("Ann Lee (Berlin, remote)", ["Ann Lee (Berlin, remote)"]),
    ("Lee, Ann", ["Lee, Ann"]),
    ("Martin King, Jr.", ["Martin King, Jr."]),
    ("R, C, K", ["R", "C", "K"]),
])
def test_name_cells_split_only_between_people(cell, names):
    from lib.sync.wiki_pages.people import _names

    assert _names(cell) == names


@pytest.mark.parametrize("heading, phase", [
    ("Phase 1 - Consultation", True), ("Consultation phase", True), ("Design and implementation phase", True),
    ("Questions about the next phase", False), ("Feedback on this phase", False),
])
def test_phase_headings(heading, phase):
    from lib.sync.wiki_pages.consultation import _PHASE_HEADING

    assert bool(_PHASE_HEADING.search(heading)) is phase


def test_a_goal_whose_stage_cell_is_still_empty_takes_the_sections_stage_or_starts_as_rough_draft():
    text = ("== TP1 Availability ==\n{|\n! Goal !! Stage\n|-\n| Ship it || final draft\n|-\n| Just added ||\n|}\n"
            "== TP2 Platform ==\nStage: approved by CTO\n{|\n! Goal !! Stage\n|-\n| Also added || \n|}")
    goals = {g["title"]: g["stage"] for g in parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]}
    assert goals == {"Ship it": "final draft", "Just added": "rough draft", "Also added": "approved by CTO"}


def test_goals_of_an_earlier_quarter_are_settled_and_a_later_quarters_are_drafts():
    text = ("== TP1 Availability ==\n=== Q1 results ===\n{|\n! Goal !! Owner\n|-\n| Done before || Ann\n|}\n"
            "=== Q2 ===\n{|\n! Goal !! Owner\n|-\n| Now || Ann\n|}\n"
            "=== Looking ahead: Q3 ===\n{|\n! Goal !! Owner\n|-\n| Next || Ann\n|}")
    goals = {g["title"]: (g["quarter"], g["stage"])
             for g in parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]}
    assert goals == {"Done before": ("2017-18 Q1", "final"), "Now": ("2017-18 Q2", "rough draft"),
                     "Next": ("2017-18 Q3", "rough draft")}


def test_a_roster_and_a_timeline_split_across_sections_are_read_whole():
    roster = ("=== Engineering ===\n{|\n! Name !! Role\n|-\n| Ann Lee || Engineer\n|}\n"
              "=== Product ===\n{|\n! name !! role\n|-\n| Bob Roe || PM\n|}\n"
              "=== Stakeholders ===\n{|\n! Name !! Role !! Team\n|-\n| Cy Doe || Sponsor || Legal\n|}\n")
    team = parse_team_page(roster + "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1], "T")
    assert [(m["name"], m["role"], m["position"]) for m in team["team_members"]] == [
        ("Ann Lee", "Engineer", 1), ("Bob Roe", "PM", 2)]  # another layout is another table
    timeline = ("== Timeline ==\n=== Before the quarter ===\n{|\n! Dates !! Activity\n|-\n| Sept 1 || Draft goals\n|}\n"
                "=== During ===\n{|\n! Dates !! Activity\n|-\n| Oct 10 || Check-in\n|}\n"
                "== Programs ==\n* TP1 Availability (R)\n")
    rows = parse_process_page(timeline, PROCESS_TITLE)["timeline"]
    assert [(r["position"], r["activity"], r["start_date"]) for r in rows] == [
        (1, "Draft goals", date(2017, 9, 1)), (2, "Check-in", date(2017, 10, 10))]


def test_a_roster_with_a_tasks_column_is_no_guide_to_the_board():
    text = TEAM_VARIANT.replace("! Title !! Location !! Name", "! Title !! Tasks !! Name")
    assert "! Title !! Tasks !! Name" in text
    page = parse_team_page(text, "T")
    expected = parse_team_page(TEAM_VARIANT, "T")
    assert page["column_guide"] == expected["column_guide"]
    assert [m["name"] for m in page["team_members"]] == [m["name"] for m in expected["team_members"]]


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


def test_roster_name_cells_as_wikis_write_them():
    text = ("{|\n! Name !! Role\n|-\n| {{flagicon|DE}} Ann Lee || Engineer\n|-\n| {{ping|MusikAnimal|Samwilson}} || Engineer"
            "\n|-\n| {{strike|Gus Gray}} || Designer\n|-\n| Kim Ko<br>''(on leave)'' || QA\n|}\n"
            "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1])
    members = [(m["name"], m["role"]) for m in parse_team_page(text, "T")["team_members"]]
    assert members == [("Ann Lee", "Engineer"), ("MusikAnimal", "Engineer"), ("Samwilson", "Engineer"), ("Kim Ko", "QA")]


def test_roster_cells_with_a_signature_a_url_written_name_a_struck_role_or_a_remark_under_the_role():
    sig = "[[User:ALee (WMF)|Ann Lee]] ([[User talk:ALee (WMF)|talk]]) 10:00, 1 March 2024 (UTC)"
    text = (f"{{|\n! Name !! Role\n|-\n| {sig} || Engineer\n|-\n| [[User:Karolin_Siebert]] || <s>Product Manager</s> "
            "Engineering Manager<br/><small>(since 2023)</small>\n|-\n| {{u|Bob_Roe}} || QA\n|}\n"
            "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1])
    members = [(m["name"], m["role"]) for m in parse_team_page(text, "T")["team_members"]]
    assert members == [("Ann Lee", "Engineer"), ("Karolin Siebert", "Engineering Manager"), ("Bob Roe", "QA")]


@pytest.mark.parametrize("goal_cell", [
    "<s>Old goal</s><ref>Dropped at the CTO meeting.</ref>", "'''<s>Old goal</s>'''", "<s>Old goal</s> {{phab|T176000}}",
    "{{strike|Old goal}} <!-- dropped -->",
])
def test_a_goal_struck_through_stays_dropped_with_a_footnote_bold_or_task_link_beside_it(goal_cell):
    text = ("== TP1 Availability ==\n{|\n! Goal !! Owner !! Stage\n|-\n| " + goal_cell + " || Ann Lee || final\n"
            "|-\n| Kept goal || <s>Ian Marlier</s> Mark Bergsma || final\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["title"], g["owner"]) for g in goals] == [("Kept goal", "Mark Bergsma")]


def test_names_struck_out_in_a_cell_or_a_program_line_are_no_longer_there():
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Who\n|-\n| Oct 2 || Kick-off || <s>Joel</s> Kevin\n|}\n"
            "== Programs ==\n* TP1 Availability (R, <s>K</s>, C)\n* <s>TP8 Multi-datacenter</s><ref>Merged into TP1.</ref>\n")
    page = parse_process_page(text, PROCESS_TITLE)
    assert [r["who"] for r in page["timeline"]] == ["Kevin"]
    assert [(p["code"], p["owners"]) for p in page["programs"]] == [("TP1", "R, C")]


@pytest.mark.parametrize("mark, confirmed", [
    ("{{Y}}<br/>{{N}}", False),  # a mark a line, one per dependency
    ("{{No|Not yet}}", False), ("{{X mark}}", False), ("{{Yes|Confirmed}}", True), ("{{Y}}", True),
    # words that merely begin with "no" are no "no"
    ("No objections", None), ("No concerns", None), ("Yes<br/>No action needed", True),
    ("Confirmed<br/>no further work needed", True),
])
def test_a_confirmed_cell_marked_as_wikis_mark_it(mark, confirmed):
    text = ("== TP1 Availability ==\n{|\n! Goal !! Dependencies !! Confirmed?\n|-\n"
            f"| Ship it || Wikidata<br/>Release Engineering || {mark}\n|}}\n")
    [goal] = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert goal["dependencies_confirmed"] is confirmed


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


def test_group_rows_label_timeline_and_roles_without_becoming_rows():
    timeline = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n! colspan=2 | September\n|-\n| Sept 1 || Draft goals\n|}\n"
                "== Programs ==\n* TP1 Availability (R)\n")
    assert [r["activity"] for r in parse_process_page(timeline, PROCESS_TITLE)["timeline"]] == ["Draft goals"]
    steps = "== Phase 1 - Listening ==\n{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n"
    grouped = steps + ("== Team ==\n{|\n! Role !! Name\n|-\n! colspan=2 | Core team\n|-\n| Chair || Mo\n"
                       "|-\n! colspan=2 | Executive support\n|-\n| Sponsor || Mat\n|}")
    nested = steps + ("== Core team and leadership ==\n=== Core team ===\n{|\n! Role !! Name\n|-\n| Chair || Mo\n|}\n"
                      "=== Executive ===\n{|\n! Role !! Name\n|-\n| Sponsor || Mat\n|}")
    for text in (grouped, nested):
        roles = parse_consultation_page(text, "C")["consultation_roles"]
        assert [(r["team"], r["role"], r["names"]) for r in roles] == [("core", "Chair", "Mo"),
                                                                      ("executive", "Sponsor", "Mat")]


@pytest.mark.parametrize("heading", ["Stage 1: Consultation", "Consultation phase (2023)", "Phase 1 - Consultation"])
def test_consultation_phase_headings_in_other_words(heading):
    text = (f"== {heading} ==\n{{|\n! Activity !! Status\n|-\n| Kickoff || Done\n|}}\n"
            + CORE_TEAM)
    page = parse_consultation_page(text, "C")
    assert [p["name"] for p in page["consultation_phases"]] == [heading]
    assert [s["phase"] for s in page["consultation_steps"]] == [heading]


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


def test_a_matrix_whose_decisions_begin_with_an_assignment_word_is_still_the_matrix():
    text = TEAM_VARIANT.split("== RACI ==")[0] + """== DACI ==
{|
! Decision !! PM !! EM !! Designer
|-
| Approve the roadmap || D || A || C
|-
| Approve releases || C || A || I
|-
| Drive planning || D || C || I
|-
| Hire engineers || C || D || I
|}
""" + "== Boards ==" + TEAM_VARIANT.split("== Boards ==")[1]
    daci = parse_team_page(text, "T")["daci"]
    assert len(daci) == 12 and daci[0] == {**daci[0], "decision": "Approve the roadmap", "role": "PM",
                                           "assignment": "Driver"}


def test_prose_about_a_program_does_not_rename_it_and_pinged_owners_stay_two():
    text = ("== Process ==\n* Program 1 owners send drafts to the CTO by Oct 9\n"
            "== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n== Programs ==\n"
            "* TP1 Availability (R)\n* TP2 Platform ({{ping|Ann Smith|Bob Roe}})\n")
    programs = {p["code"]: (p["name"], p["owners"]) for p in parse_process_page(text, PROCESS_TITLE)["programs"]}
    assert programs == {"TP1": ("Availability", "R"), "TP2": ("Platform", "Ann Smith, Bob Roe")}


def test_cross_wiki_is_no_cross_mark():
    assert consultation_status("Cross-wiki announcement done")[0] == "done"
    assert consultation_status("Cross-wiki notice sent")[0] == "in progress"


def test_tables_set_apart_by_their_headings_are_not_read_as_one():
    roster = ("== Current team ==\n{|\n! Name !! Role\n|-\n| Ann Lee || Engineer\n|}\n"
              "== Former team members ==\n{|\n! Name !! Role\n|-\n| Old Timer || Engineer\n|}\n"
              "== Stakeholders ==\n{|\n! Name !! Role\n|-\n| Cy Doe || Sponsor\n|}\n")
    team = parse_team_page(roster + "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1], "T")
    assert [m["name"] for m in team["team_members"]] == ["Ann Lee"]
    timeline = ("== This quarter ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n"
                "== Next quarter (2017-18 Q3) ==\n{|\n! Dates !! Activity\n|-\n| Jan 8 || Q3 kick-off\n|}\n"
                "== Programs ==\n* TP1 Availability (R)\n")
    assert [r["activity"] for r in parse_process_page(timeline, PROCESS_TITLE)["timeline"]] == ["Kick-off"]


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


def test_a_board_column_guide_headed_column_title_is_no_roster():
    text = TEAM_VARIANT.replace("! Column !! Description !! Moved by", "! Column title !! Description !! Who moves tasks")
    assert "Column title" in text
    assert parse_team_page(text, "T")["column_guide"] == parse_team_page(TEAM_VARIANT, "T")["column_guide"]
    assert parse_team_page(text, "T")["column_guide"]


GOALS_TABLE = "{|\n! Goal !! Owner !! Stage\n|-\n| A || Ann || final draft\n|}\n"


@pytest.mark.parametrize("headings", [
    "== Availability, Performance & Maintenance ==\n=== Stretch goals ===",
    "== Availability, Performance & Maintenance ==\n=== Outcome 1: All production sites maintain availability ===",
    "=== Availability, Performance & Maintenance (R, C, K) ===",
    "== 1. Availability, Performance and Maintenance goals ==",
    "== Infrastructure programs ==\n=== Availability, Performance & Maintenance ===",
])
def test_a_program_named_in_a_heading_is_found_past_sub_headings_and_remarks(headings):
    [goal] = parse_goals_page(f"{headings}\n{GOALS_TABLE}", GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert (goal["program"], goal["quarter"]) == ("TP1", "2017-18 Q2")


def test_goals_carried_over_from_an_earlier_quarter_are_this_quarters():
    text = f"== TP1 Availability ==\n=== Carried over from Q1 ===\n{GOALS_TABLE}"
    [goal] = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert (goal["quarter"], goal["stage"]) == ("2017-18 Q2", "final draft")


def test_a_plain_goal_table_under_a_program_code_is_read():
    text = f"== TP1 Availability ==\n{GOALS_TABLE}== TP3 Tech debt ==\n{{|\n! Goal !! Notes\n|-\n| B || deploy Nov 2\n|}}\n"
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["program"], g["title"], g["stage"]) for g in goals] == [("TP1", "A", "final draft"),
                                                                        ("TP3", "B", "rough draft")]


def test_sections_per_stage_give_their_goals_that_stage():
    text = ("== Final ==\n=== TP1 Availability ===\n{|\n! Goal !! Owner\n|-\n| A || Ann\n|}\n"
            "== Rough draft ==\n=== TP1 Availability ===\n{|\n! Goal !! Owner\n|-\n| B || Bob\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["title"], g["stage"]) for g in goals] == [("A", "final"), ("B", "rough draft")]


def test_rows_that_are_no_goals_and_a_goal_spanning_its_milestone_rows():
    text = ("== TP1 Availability ==\n{|\n! Goal !! Milestone !! Owner !! Stage\n"
            "|-\n| rowspan=2 | Migrate s8 || Create group || Ann || final\n|-\n| Move data || Bob || final\n"
            "|-\n| <s>Dropped goal</s> || || Cy || final draft\n|-\n| ''(add goals here)'' || || ||\n"
            "|-\n| ... || || ||\n|-\n| '''Total: 2 goals''' || || ||\n|}")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["title"], g["owner"], g["stage"]) for g in goals] == [("Migrate s8", "Ann", "final")]


def test_a_group_row_that_spans_fewer_columns_than_the_table_has_is_still_a_group_row():
    text = ("{|\n! Goal !! Owner !! Stage !! Notes !! Deployment\n|-\n! colspan=4 | TP1 Availability\n"
            "|-\n| A || Ann || final draft || ||\n|}")
    [goal] = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert (goal["program"], goal["title"]) == ("TP1", "A")


def test_goals_written_as_lists_under_program_headings():
    text = ("Intro.\n* Not a goal: no program heading above it\n"
            "== TP1 Availability ==\n* Provide a dedicated database for Wikidata\n** Owner: Mark Bergsma\n"
            "** Stage: final draft\n** Dependencies: Wikidata team\n* <s>Dropped idea</s>\n"
            "# Replace the ageing cache hosts\n"
            "== Availability, Performance & Maintenance ==\n=== Final ===\n* Keep it up\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["program"], g["title"], g["owner"], g["stage"], g["dependencies"]) for g in goals] == [
        ("TP1", "Provide a dedicated database for Wikidata", "Mark Bergsma", "final draft", "Wikidata team"),
        ("TP1", "Replace the ageing cache hosts", None, "rough draft", None),
        ("TP1", "Keep it up", None, "final", None)]


def test_second_review_of_the_goals_page_readings():
    # a Status column of "In progress" is no stage column: it is what came of the goal
    status = "== TP1 Availability ==\n{|\n! Goal !! Owner !! Status\n|-\n| A || Ann || In progress\n|}"
    [goal] = parse_goals_page(status, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert (goal["stage"], goal["results"]) == ("rough draft", "In progress")
    # real goals that begin like a total or a remark
    titles = ["Total rewrite of the cache purging", "Sum up Q1 learnings in a report", "(Stretch) Migrate s8 (T12345)"]
    rows = "".join(f"|-\n| {t} || Ann\n" for t in titles)
    goals = parse_goals_page(f"== TP1 Availability ==\n{{|\n! Goal !! Owner\n{rows}|}}", GOALS_TITLE,
                             programs=PROGRAM_LIST)["goals"]
    assert [g["title"] for g in goals] == titles
    # a "Stage:" line in the section beats a stage heading further up
    nearer = "== Draft goals ==\n=== TP1 ===\nStage: final draft\n{|\n! Goal !! Owner\n|-\n| A || Ann\n|}"
    assert parse_goals_page(nearer, GOALS_TITLE)["goals"][0]["stage"] == "final draft"
    # a companion table beside the goals table adds no goals
    companion = (f"== TP1 Availability ==\n{GOALS_TABLE}{{|\n! Goal !! Metric !! Target\n|-\n| A || uptime || 99.9%\n|}}")
    assert [g["title"] for g in parse_goals_page(companion, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]] == ["A"]


def test_goals_written_as_a_definition_list():
    text = ("== TP1 Availability ==\n; Replace the cache hosts\n: Owner: Mark Bergsma\n: Stage: final draft\n"
            "; Keep it up\n: Stage: final\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["title"], g["owner"], g["stage"]) for g in goals] == [
        ("Replace the cache hosts", "Mark Bergsma", "final draft"), ("Keep it up", None, "final")]


def test_listed_goals_skip_what_is_struck_and_sections_that_are_no_goals():
    text = ("== TP1 Availability ==\n* Provide X\n** Owner: Mark\n** Stage: final draft\n"
            "* <s>Replace cache</s>\n** Owner: Bob Roe\n** Stage: final\n* TBD\n** Owner: Cy\n"
            "=== Risks ===\n* The vendor may be late\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["title"], g["owner"], g["stage"]) for g in goals] == [("Provide X", "Mark", "final draft")]


def test_a_fiscal_year_of_two_short_years():
    assert parse_quarter("Q2 FY17-18 goals", "2017-18") == "2017-18 Q2"
    assert parse_quarter("FY19/20 Q1") == "2019-20 Q1"


MINI_TEAM = ("== Team ==\n{|\n! Name !! Role\n|-\n| Ann Lee || PM\n|}\n"
             "== Roles ==\n{|\n! Role !! Responsibilities\n|-\n| PM || Roadmap\n|}\n"
             "== DACI ==\n{|\n! Decision !! PM !! EM !! Eng\n|-\n| Set goals || D || A || C\n|-\n| Hire || C || D || I\n|}\n"
             "== Board ==\n{|\n! Column !! Description\n|-\n| Inbox || New tasks\n|}\n")


def test_daci_cells_and_headers_as_other_teams_write_them():
    daci = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
    variant = daci.replace("! Decision !! PM !! EM !! Eng", "! Decision !! PM<br/><small>(Ann)</small> !! EM !! Eng !! Notes")
    variant = variant.replace("| Set goals || D || A || C", "| Set goals || {{Yes|D}} || <s>C</s> A || C || EM consulted on staffing")
    variant = variant.replace("| Hire || C || D || I", "| Hire || C || D || I || Informed once signed\n|-\n| <s>Pick tools</s> || D || A || I ||")
    text = MINI_TEAM.replace(daci, variant)
    rows = [(r["decision"], r["role"], r["assignment"]) for r in parse_team_page(text, "T")["daci"]]
    assert rows == [(d, r, a) for d, r, a in [(r["decision"], r["role"], r["assignment"])
                                             for r in parse_team_page(MINI_TEAM, "T")["daci"]]]


def test_roster_rows_that_name_no_current_member():
    text = MINI_TEAM.replace("| Ann Lee || PM\n", "| Ann Lee || PM\n|-\n| ''vacant'' || Designer\n|-\n| TBD || QA\n"
                             "|-\n| {{u|BRoe (WMF)|Bob Roe}} ([[User talk:BRoe|talk]]) || Eng\n"
                             "|-\n| Hana Ito {{small|(on leave)}} || Eng\n|-\n! colspan=2 | Former members\n|-\n| Old Guy || Eng\n")
    assert [m["name"] for m in parse_team_page(text, "T")["team_members"]] == ["Ann Lee", "Bob Roe", "Hana Ito"]


def test_layout_templates_around_a_cell_are_no_content():
    text = MINI_TEAM.replace("| PM || Roadmap", "| PM || {{Collapse top|Details}}\n* Roadmap\n* Backlog\n{{Collapse bottom}}")
    assert [r["responsibility"] for r in parse_team_page(text, "T")["role_responsibilities"]] == ["Roadmap", "Backlog"]


def test_consultation_and_board_tables_as_other_teams_write_them():
    steps = ("== Plan ==\n{|\n! Step !! Status\n|-\n! colspan=2 | Phase 1 – Consultation\n|-\n| Kickoff || Done\n"
             "|-\n! colspan=2 | Phase 2 – Design\n|-\n| Draft || <s>June 20, 2023</s> July 3, 2023\n|}\n"
             "== Who we will consult ==\n* Volunteer developers\n* WMF staff\n"
             "== Team ==\n{|\n! Role !! Name !! What they do\n|-\n| Chair || Mo || Runs the meetings\n|}")
    page = parse_consultation_page(steps, "C")
    assert [(s["phase"], s["activity"], s["status"], s["status_date"]) for s in page["consultation_steps"]] == [
        ("Phase 1 – Consultation", "Kickoff", "done", None), ("Phase 2 – Design", "Draft", "done", date(2023, 7, 3))]
    assert [p["name"] for p in page["consultation_phases"]] == ["Phase 1 – Consultation", "Phase 2 – Design"]
    assert [g["name"] for g in page["stakeholder_groups"]] == ["Volunteer developers", "WMF staff"]
    assert page["consultation_roles"][0]["task"] == "Runs the meetings"
    board = MINI_TEAM.replace("| Inbox || New tasks", "! colspan=2 | Main workboard\n|-\n| Inbox || New\n"
                              "|-\n| <s>Icebox</s> || Old\n|-\n! colspan=2 | Sprint board\n|-\n| Ready || Next")
    guide = [(c["board"], c["column_name"]) for c in parse_team_page(board, "T")["column_guide"]]
    assert guide == [("workboard", "Inbox"), ("sprint", "Ready")]


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


def test_third_review_of_the_page_readings():
    # goals listed under a "Goals" sub-heading of a program are read; its Risks are not
    listed = "== TP1 Availability ==\n=== Goals ===\n* Provide X\n=== Risks ===\n* Vendor late\n"
    assert [g["title"] for g in parse_goals_page(listed, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]] == ["Provide X"]
    # a role header written on two lines is one role
    daci = MINI_TEAM.replace("! Decision !! PM !! EM !! Eng", "! Decision !! Engineering<br/>Manager !! Engineering<br/>Lead !! Eng")
    roles = [r["role"] for r in parse_team_page(daci, "T")["daci"]]
    assert roles[:3] == ["Engineering Manager", "Engineering Lead", "Eng"]
    # group rows of a sprint board named "Maintenance" or "Backlog" keep its columns on the sprint board
    board = MINI_TEAM.replace("== Board ==", "== Sprint board ==").replace(
        "| Inbox || New tasks", "! colspan=2 | Backlog\n|-\n| Inbox || New\n|-\n! colspan=2 | Maintenance\n|-\n| Ready || Next")
    assert {c["board"] for c in parse_team_page(board, "T")["column_guide"]} == {"sprint"}
    # "open" consultations are under way
    assert consultation_status("Open for comments")[0] == "in progress"
    assert consultation_status("Open", has_link=True)[0] == "done"


@pytest.mark.parametrize("text, weeks", [
    ("* No deployments on Fridays\n** Emergency fixes after Nov 3 need SRE sign-off\n", []),
    ("Planned no deployment weeks:\n* Week of Nov 20th (Thanksgiving)\n* Dec 18th (Holidays)\n",
     [date(2017, 11, 20), date(2017, 12, 18)]),
])
def test_no_deployment_weeks_only_under_a_line_that_announces_them(text, weeks):
    page = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || Kick-off\n|}\n" + text +
            "== Programs ==\n* TP1 Availability (R)\n")
    assert [w["week_start"] for w in parse_process_page(page, PROCESS_TITLE)["no_deploy_weeks"]] == weeks


@pytest.mark.parametrize("header, role", [
    ("PM<br/>Ann Lee", "PM"), ("PM<br/><small>[[User:Ann|Ann]]</small>", "PM"), ("PM<br/>{{u|Ann}}", "PM"),
    ("Product<br/>Manager<br/><small>(Ann)</small>", "Product Manager"), ("Engineering<br/>Manager", "Engineering Manager"),
])
def test_a_daci_role_header_without_who_holds_it(header, role):
    text = MINI_TEAM.replace("! Decision !! PM !! EM !! Eng", f"! Decision !! {header} !! EM !! Eng")
    assert parse_team_page(text, "T")["daci"][0]["role"] == role


def test_fourth_review_of_the_page_readings():
    non_goals = "== TP1 Availability ==\n=== Goals ===\n* Provide X\n=== Non-goals ===\n* Rewrite everything\n"
    assert [g["title"] for g in parse_goals_page(non_goals, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]] == ["Provide X"]
    assert [consultation_status(t)[0] for t in ("Approved", "OK", "X", "No.", "Waiting for legal review")] == [
        "done", "done", "done", "not started", "in progress"]
    page = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n| Oct 2 || A\n|}\n%s== Programs ==\n* TP1 Availability (R)\n")
    for frozen in (";Planned no deployment weeks:\n* Week of Nov 20th (Thanksgiving)\n",
                   "Planned no deployment weeks (all teams):\n* Week of Nov 20th\n"):
        weeks = parse_process_page(page % frozen, PROCESS_TITLE)["no_deploy_weeks"]
        assert [w["week_start"] for w in weeks] == [date(2017, 11, 20)]


# --- a team page written as lists ----------------------------------------------------------------

LISTED_TEAM = """
== Team ==
* [[User:JWheeler (WMF)|Jack Wheeler]] – Lead Community Tech Manager / Product Manager
* Karolin Siebert: Engineering Manager
* Engineers: [[User:MusikAnimal|MusikAnimal]], Harumi Monroy and Sam Wilson
* Dom Walden (QA Engineer)
* Hana Ito (on leave) – Engineer
* ''vacant'' – Designer
* <s>Gus Gone – Engineer</s>
; Designers
: Joydeep Sengupta
; {{u|STei (WMF)|Sandister Tei}}
: Movement Communications Specialist
* See also [[Community Tech]] for the wider group
* Alumni:
** Pat Past – Engineer
=== Former members ===
* Old Guy – Engineer
== Responsibilities ==
=== Product Manager ===
* Sets priorities
* Owns the roadmap
** Publishes it each quarter
=== Engineering Manager ===
# Hires
== DACI ==
{|
! Decision !! PM !! EM
|-
| Set goals || D || A
|-
| Hire || C || D
|}
== Phabricator ==
* Phabricator is where the work is tracked.
=== Workboard columns ===
* '''Backlog''' – tasks not yet triaged. Moved by anyone.
* '''Doing''': in progress
* Sprint board:
** Ready – next up
** <s>Icebox – old</s>
"""


def test_a_team_page_written_as_lists_gives_the_same_rows_as_tables():
    rows = parse_team_page(LISTED_TEAM, "Team")
    assert [(m["name"], m["role"]) for m in rows["team_members"]] == [
        ("Jack Wheeler", "Lead Community Tech Manager / Product Manager"), ("Karolin Siebert", "Engineering Manager"),
        ("MusikAnimal", "Engineers"), ("Harumi Monroy", "Engineers"), ("Sam Wilson", "Engineers"),
        ("Dom Walden", "QA Engineer"), ("Hana Ito", "Engineer"), ("Joydeep Sengupta", "Designers"),
        ("Sandister Tei", "Movement Communications Specialist")]
    assert [(r["role"], r["position"], r["responsibility"]) for r in rows["role_responsibilities"]] == [
        ("Product Manager", 1, "Sets priorities"), ("Product Manager", 2, "Owns the roadmap"),
        ("Product Manager", 3, "Publishes it each quarter"), ("Engineering Manager", 1, "Hires")]
    assert [(c["board"], c["column_name"], c["what"], c["who_moves"], c["position"]) for c in rows["column_guide"]] == [
        ("workboard", "Backlog", "tasks not yet triaged. Moved by anyone.", "anyone", 1),
        ("workboard", "Doing", "in progress", None, 2), ("sprint", "Ready", "next up", None, 1)]


def test_a_roster_list_under_role_headings_and_the_role_named_first():
    text = LISTED_TEAM.split("== Responsibilities ==")[1]
    roster = ("== Our team ==\n=== Engineers ===\n* Ann Lee\n* [[User:Zed|Zed]]\n=== Product ===\n"
              "* Product manager – Cy Cole\n* Tech lead, Di Dunn\n")
    assert [(m["name"], m["role"]) for m in parse_team_page(roster + "== Responsibilities ==" + text, "T")["team_members"]] \
        == [("Ann Lee", "Engineers"), ("Zed", "Engineers"), ("Cy Cole", "Product manager"), ("Di Dunn", "Tech lead")]


def test_responsibilities_as_one_list_with_the_role_first():
    duties = ("== Roles and responsibilities ==\n* Product Manager\n** Sets priorities\n** Owns the roadmap\n"
              "; EM\n: Hires\n* QA: tests releases\n* We meet weekly: Mondays\n")
    text = LISTED_TEAM.replace(LISTED_TEAM[LISTED_TEAM.index("== Responsibilities =="):LISTED_TEAM.index("== DACI ==")],
                               duties)
    assert [(r["role"], r["responsibility"]) for r in parse_team_page(text, "T")["role_responsibilities"]] == [
        ("Product Manager", "Sets priorities"), ("Product Manager", "Owns the roadmap"), ("EM", "Hires"),
        ("QA", "tests releases")]


def test_a_table_wins_over_a_list_of_the_same():
    text = MINI_TEAM.replace("== Board ==", "== Staff ==\n* Zoe Zed – Engineer\n== Board ==")
    assert [m["name"] for m in parse_team_page(text, "T")["team_members"]] == ["Ann Lee"]


def test_a_page_with_neither_a_roster_table_nor_a_roster_list_names_both():
    text = LISTED_TEAM.replace("== Team ==", "== Notes ==")
    with pytest.raises(WikiPageError) as err:
        parse_team_page(text, "Team")
    assert 'Page "Team": no team members table with columns People, Roles' in str(err.value)
    assert "nor a list of members" in str(err.value)


def test_demo_meeting_rituals_name_who_meets_when():
    rituals = {r["ritual"]: r for r in demo("team")["meeting_rituals"]}
    leads = rituals["CommTech Team Leads Planning"]
    assert leads["cadence"] == "Weekly on Mondays 2pm UTC" and leads["how"] == "Synchronous Meeting"
    assert leads["who"] == "Jack Wheeler, Karolin Siebert, Joydeep Sengupta, Dayllan Maza"
    assert leads["what"].startswith("Go over the current roadmap") and " · Assign people" in leads["what"]
    assert rituals["Retro"]["cadence"] == "Fortnightly" and rituals["Sprint close"]["cadence"] is None
    assert [r["position"] for r in demo("team")["meeting_rituals"]] == list(range(1, len(rituals) + 1))


def test_meetings_in_other_words_and_a_page_without_them():
    meetings = ("== Events ==\n{|\n! Event !! When !! Where\n|-\n| Wikimania || Aug || Singapore\n|}\n"
                "== Meetings ==\n{|\n! Meeting !! Attendees !! Cadence !! Agenda\n|-\n| Leads sync || Ann, Bob || "
                "Tuesdays 16:00 CET || Priorities\n|-\n| <s>Standup</s> || All || Daily ||\n|}\n"
                "{|\n! Meeting !! Room\n|-\n| Retro || 4B\n|}\n")
    rows = parse_team_page(MINI_TEAM + meetings, "T")["meeting_rituals"]
    assert rows == [{"position": 1, "ritual": "Leads sync", "how": None, "who": "Ann, Bob", "what": "Priorities",
                     "cadence": "Tuesdays 16:00 CET"}]
    assert parse_team_page(MINI_TEAM, "T")["meeting_rituals"] == []


def test_roster_names_with_remarks_two_roles_and_a_title_over_two_lines():
    text = MINI_TEAM.replace("| Ann Lee || PM\n", "| Ann Lee (she/her) || PM\n|-\n| Fay Fu (PM), Gus Gu (APM) || Product\n"
                             "|-\n| Bo Bay || Engineering<br/>Manager\n|-\n| Cy Cole || Lead Engineer<br/>Tech Lead\n"
                             "|-\n| Ann Lee || Scrum master\n")
    assert [(m["name"], m["role"]) for m in parse_team_page(text, "T")["team_members"]] == [
        ("Ann Lee", "PM / Scrum master"), ("Fay Fu", "Product"), ("Gus Gu", "Product"), ("Bo Bay", "Engineering Manager"),
        ("Cy Cole", "Lead Engineer / Tech Lead")]
    listed = LISTED_TEAM.replace("* Karolin Siebert: Engineering Manager", "* Karolin Siebert (she/her) – Engineering Manager")
    assert ("Karolin Siebert", "Engineering Manager") in [(m["name"], m["role"]) for m in
                                                          parse_team_page(listed, "T")["team_members"]]


@pytest.mark.parametrize("duties, board", [
    ("! Position !! Duties", "! Column !! Definition"),
    ("! Function !! Responsibilities", "! Column name !! Criteria"),
    ("! Role !! Duties", "! Column !! Use"),
])
def test_responsibility_and_board_guide_headers_in_other_words(duties, board):
    text = MINI_TEAM.replace("! Role !! Responsibilities", duties).replace("! Column !! Description", board)
    page = parse_team_page(text, "T")
    assert page["role_responsibilities"][0]["responsibility"] == "Roadmap"
    assert page["column_guide"][0]["what"] == "New tasks"


def test_a_daci_table_with_a_column_per_assignment_naming_who():
    daci = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
    text = MINI_TEAM.replace(daci, "\n{| class=wikitable\n! Decision !! Driver !! Approver !! Contributors !! Informed\n"
                             "|-\n| Set roadmap || PM || Director || EM, Engineers || Community\n"
                             "|-\n| Hire || EM || Director || PM and Tech lead ||\n|-\n| <s>Old call</s> || PM || EM || ||\n|}\n")
    rows = [(r["decision"], r["role"], r["assignment"], r["role_position"]) for r in parse_team_page(text, "T")["daci"]]
    assert rows == [
        ("Set roadmap", "PM", "Driver", 1), ("Set roadmap", "Director", "Approver", 2),
        ("Set roadmap", "EM", "Consulted", 3), ("Set roadmap", "Engineers", "Consulted", 4),
        ("Set roadmap", "Community", "Informed", 5), ("Hire", "EM", "Driver", 3), ("Hire", "Director", "Approver", 2),
        ("Hire", "PM", "Consulted", 1), ("Hire", "Tech lead", "Consulted", 6)]


LISTED_TIMELINE = """== Timeline ==
* Aug 15 – Aug 28: Prepare the quarterly planning pages (Kevin) {{done}}
* Aug 29 – Sept 11: Program owners populate the wiki page, deadline Sept 11 ✓
* Sept 20–22: Meetings with CTO to approve goals
* <s>Sept 25: moved</s>
* See [[Annual plan]] for the programs
; Oct 2
: Goals are final
== Programs ==
* TP1 Availability, Performance & Maintenance (R, C, K)
"""


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


LISTED_CONSULTATION = """== Phase 1: Consultation ==
Objectives:
* Hear from volunteers
=== Steps ===
# Kickoff announcement – {{done}} (March 30, 2023)
# Public survey – in progress
# Report back
== 2. Design ==
* Draft the new process: not started
* Make it simpler
== Stakeholders ==
* Volunteer developers
== Core team ==
* Chair – Ann Lee
* Engineering: Bob Roe, Cy Cole
== Executive sponsor ==
* Tajh Taylor
"""


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


PROCESS_TITLE = "Wikimedia Technology/Goals/2017-18 Q2/Process"
PROGRAMS_LINE = "== Programs ==\n* TP1 Availability (R, C, K)\n"


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


def test_a_roster_part_with_an_extra_column_is_still_the_roster_but_next_quarters_timeline_is_not():
    text = MINI_TEAM.replace("== Roles ==", "=== Contractors ===\n{|\n! Name !! Role !! Company\n|-\n| Bob Roe || Eng || "
                             "Acme\n|}\n== Roles ==").replace("== Team ==", "== Team ==\n=== Staff ===")
    assert [m["name"] for m in parse_team_page(text, "T")["team_members"]] == ["Ann Lee", "Bob Roe"]
    timeline = ("== Timeline ==\n=== This quarter ===\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
                "=== Q3 ===\n{|\n! Dates !! Activity\n|-\n| Dec 4 || Plan Q3\n|}\n")
    assert [r["activity"] for r in parse_process_page(timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]] == ["Prepare"]


def test_confirmations_per_team_and_other_done_templates():
    text = ("=== TP1 Availability ===\n{|\n! Goal !! Stage !! Dependencies !! Confirmed\n"
            "|-\n| A || final || Security, Analytics || Security {{Y}}, Analytics {{N}}\n"
            "|-\n| B || final || Security, Analytics || Security {{Y}}, Analytics {{Y}}\n"
            "|-\n| C || final || Security || {{Partial}}\n|}")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [g["dependencies_confirmed"] for g in goals] == [False, True, False]
    timeline = ("== Timeline ==\n{|\n! Dates !! Activity !! Done?\n|-\n| Aug 28 || A || {{Checked}}\n"
                "|-\n| Aug 29 || B || {{Resolved}}\n|-\n| Aug 30 || C || {{Done-t}}\n|-\n| Aug 31 || D ||\n|}\n")
    rows = parse_process_page(timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [r["done"] for r in rows] == [True, True, True, False]


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


@pytest.mark.parametrize("text, dates", [
    ("15/08/2017 – 28/08/2017", [date(2017, 8, 15), date(2017, 8, 28)]),  # day first: 15 is no month
    ("29.08.2017 – 11.09.2017", [date(2017, 8, 29), date(2017, 9, 11)]),  # dotted: day first
    ("9/20 - 9/22", [date(2017, 9, 20), date(2017, 9, 22)]),              # month first, year from the quarter
    ("08/09/2017", [date(2017, 8, 9)]),                                   # either way: month first
    ("12/1/17", [date(2017, 12, 1)]),
    ("2/3 of the team", []), ("version 1.5", []), ("rollout 2.0 on Aug 28", [date(2017, 8, 28)]),
    ("Deploy Elasticsearch 6.8.23 to all clusters", []), ("PHP 7.4.30", []),
])
def test_dates_written_in_numbers(text, dates):
    assert [d for d, _ in parse_dates(text, "2017-18 Q2")] == dates


@pytest.mark.parametrize("elsewhere, read_as", [
    ("| 15/08/2017 || Prepare the drafts", date(2017, 9, 5)),   # the page writes day first
    ("| 08/15/2017 || Prepare the drafts", date(2017, 5, 9)),   # the page writes month first
    ("| Aug 15 || Prepare the drafts, 24/7 support", date(2017, 5, 9)),  # no dated evidence: month first
    ("| Aug 15 || Prepare <!-- was 15/08/2017 --> the drafts", date(2017, 5, 9)),  # a comment is no evidence
])
def test_a_date_that_reads_both_ways_follows_how_the_page_writes_its_dates(elsewhere, read_as):
    page = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n" + elsewhere +
            "\n|-\n| 05/09/2017 || Review the drafts\n|}\n== Programs ==\n* TP1 Availability (R)\n")
    rows = parse_process_page(page, PROCESS_TITLE)["timeline"]
    assert [r["start_date"] for r in rows if r["activity"] == "Review the drafts"] == [read_as]
    assert parse_dates("05/09/2017") == [(date(2017, 5, 9),) * 2]  # outside a page: month first


@pytest.mark.parametrize("text, span", [
    ("W41", (date(2017, 10, 9), date(2017, 10, 13))), ("Week 41", (date(2017, 10, 9), date(2017, 10, 13))),
    ("KW 2", (date(2018, 1, 8), date(2018, 1, 12))), ("W41 – W42", (date(2017, 10, 9), date(2017, 10, 20))),
    ("Week 41, 2018", (date(2018, 10, 8), date(2018, 10, 12))),
    ("Week 2: review the drafts", (None, None)),  # a plan's second week, not one in January
])
def test_iso_week_numbers_are_that_weeks_monday_to_friday(text, span):
    assert date_range(text, "2017-18 Q2") == span


@pytest.mark.parametrize("text", ["Week 14 of the quarter: buffer week", "Budget wk 20 hours: office hours",
                                  "2 days per wk 15%", "Building W 14 opens", "Week 14: retrospective"])
def test_numbers_that_only_look_like_iso_weeks_are_no_dates(text):
    assert date_range(text, "2017-18 Q2") == (None, None)


@pytest.mark.parametrize("title_cell, kept", [
    ("<s>Migrate search to Kubernetes</s> – deferred", []), ("<s>Migrate search to Kubernetes</s> → Q3", []),
    ("<s>Ship the API</s> ✅", ["Ship the API ✅"]),
])
def test_a_struck_goal_with_a_remark_stays_dropped_and_a_ticked_one_stays(title_cell, kept):
    text = "== TP1 Availability ==\n{|\n! Goal !! Owner !! Stage\n|-\n| " + title_cell + " || Ann || final\n|}\n"
    assert [g["title"] for g in parse_goals_page(text, GOALS_TITLE)["goals"]] == kept


def test_a_struck_stage_with_a_remark_is_read_as_before_not_refused():
    text = ("== TP1 Availability ==\n{|\n! Goal !! Owner !! Stage\n|-\n| Ship it || Ann || <s>approved</s> (reopened)\n"
            "|-\n| Keep it || Bob || <s>final draft</s> see talk page\n|}\n")
    assert [g["stage"] for g in parse_goals_page(text, GOALS_TITLE)["goals"]] == ["approved by CTO", "final draft"]


@pytest.mark.parametrize("title, quarter", [
    ("Wikimedia Technology/Goals/FY18-Q2", "2017-18 Q2"), ("Goals: Q2 of fiscal year 2017/18", "2017-18 Q2"),
    ("FY24-Q3", "2023-24 Q3"), ("Goals, Q3 (fiscal year 2023/24)", "2023-24 Q3"),
])
def test_more_ways_of_naming_a_fiscal_quarter(title, quarter):
    assert parse_quarter(title) == quarter


@pytest.mark.parametrize("cell", ["Open position", "Position open", "We're hiring!", "Currently hiring",
                                  "To be filled", "Not yet hired", "Backfill in progress", "'''Total'''",
                                  "10 people", "Open – [[Jobs]]"])
def test_a_vacancy_or_a_total_row_in_the_roster_is_no_member(cell):
    text = ("{|\n! Name !! Role\n|-\n| Ann Lee || Engineer\n|-\n| " + cell + " || Senior Engineer\n|}\n"
            "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1])
    assert [m["name"] for m in parse_team_page(text, "T")["team_members"]] == ["Ann Lee"]


def test_names_split_by_dots_or_bars_and_without_pronouns_or_flags():
    text = ("{|\n! Name !! Role\n|-\n| Harumi Monroy {{·}} Ann Lee || Engineer\n|-\n| Bob Roe • Cy Cole || QA\n|-\n"
            "| Dee Dunn, she/her || Designer\n|-\n| Eli Ek – he/him || PM\n|-\n| Fay Fu {{pronouns|they/them}} 🇬🇭 || EM\n|}\n"
            "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1])
    assert [m["name"] for m in parse_team_page(text, "T")["team_members"]] == [
        "Harumi Monroy", "Ann Lee", "Bob Roe", "Cy Cole", "Dee Dunn", "Eli Ek", "Fay Fu"]


@pytest.mark.parametrize("status, expected", [
    ("Target: Oct 15, 2023", ("not started", date(2023, 10, 15))), ("By October 15, 2023", ("not started", date(2023, 10, 15))),
    ("Expected October 2023", ("not started", None)), ("Up next", ("not started", None)), ("Closed", ("done", None)),
    ("Reviewed by legal, Oct 2, 2023", ("done", date(2023, 10, 2))),  # "by" someone, not by a date
])
def test_a_planned_date_is_no_done_date_and_closed_is_done(status, expected):
    assert consultation_status(status)[:2] == expected


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


@pytest.mark.parametrize("table", [
    "{|\n! ID !! Goal !! Owner\n|-\n| TP1.1 || Keep uptime || Ann\n|-\n| TP3.2 || Pay tech debt || Bob\n|}",
    "{|\n! Goal !! Owner\n|-\n| TP1.1: Keep uptime || Ann\n|-\n| TP3.2 – Pay tech debt || Bob\n|}",
])
def test_a_goal_numbered_within_its_program_is_filed_under_it(table):
    text = "== Infrastructure goals ==\n" + table + "\n"
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["program"], g["title"]) for g in goals] == [("TP1", "Keep uptime"), ("TP3", "Pay tech debt")]



@pytest.mark.parametrize("header", ["Key result !! Goal", "Key results !! Goal", "KR !! Goal", "Key result !! Description",
                                    "KR !! Description", "Goal !! Description"])
def test_a_key_result_column_of_goal_numbers_is_no_title_or_result_and_files_the_goal_under_its_program(header):
    text = ("== Infrastructure goals ==\n{|\n! " + header + " !! Owner\n|-\n| TP1.1 || Keep uptime || Ann\n|-\n"
            "| TP3.2 || Pay tech debt || Bob\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["program"], g["title"], g["results"]) for g in goals] == [
        ("TP1", "Keep uptime", None), ("TP3", "Pay tech debt", None)]


def test_goal_numbers_without_a_program_code_leave_the_goal_under_its_heading():
    text = "== TP1 Availability ==\n{|\n! Key result !! Description !! Owner\n|-\n| 1.2 || Keep uptime || Ann\n|}\n"
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["program"], g["title"], g["results"]) for g in goals] == [("TP1", "Keep uptime", None)]


@pytest.mark.parametrize("header, row, expected", [
    ("Goal !! Key result !! Owner", "Keep uptime || 3 new hosts online || Ann", ("Keep uptime", "3 new hosts online")),
    ("Goal !! Result !! Owner", "Cut p95 save timing || 10.5 || Ann", ("Cut p95 save timing", "10.5")),
    ("Key result !! Owner !! Results", "Keep uptime || Ann || 99.9", ("Keep uptime", "99.9")),
])
def test_key_results_in_words_and_results_in_numbers_are_read_as_before(header, row, expected):
    text = "== TP1 Availability ==\n{|\n! " + header + "\n|-\n| " + row + "\n|}\n"
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["program"], g["title"], g["results"]) for g in goals] == [("TP1", *expected)]


@pytest.mark.parametrize("name, role, member", [
    ("Ann Lee (contractor)", "Engineer", ("Ann Lee", "Engineer")),
    ("Ann Lee (WMDE, contractor)", "Engineer", ("Ann Lee", "Engineer")),
    ("Ann Lee (contractor, she/her)", "Engineer", ("Ann Lee", "Engineer")),
    ("Ann Lee", "Movement Communications Specialist (contractor)", ("Ann Lee", "Movement Communications Specialist")),
    ("Ann Lee", "Engineer (WMDE, contractor)", ("Ann Lee", "Engineer")),
    ("Ann Lee", "Contractor manager", ("Ann Lee", "Contractor manager")),
    ("Ann Lee", "Contractor", ("Ann Lee", "Contractor")),
    ("Ann Lee", "Product Manager (PM)", ("Ann Lee", "Product Manager (PM)")),
])
def test_a_contractor_remark_is_neither_part_of_the_name_nor_of_the_role(name, role, member):
    table = "{|\n! Name !! Role\n|-\n| " + name + " || " + role + "\n|}\n"
    listed = "== Team ==\n* " + name + " – " + role + "\n"
    for roster in (table, listed):
        text = roster + "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1]
        assert [(m["name"], m["role"]) for m in parse_team_page(text, "T")["team_members"]] == [member]


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


@pytest.mark.parametrize("owner", ["Ann Lee (contractor)", "Ann Lee (WMDE, contractor)", "Ann Lee (contractor, she/her)"])
def test_a_goal_owner_comes_without_employer_or_contract(owner):
    text = "== TP1 Availability ==\n{|\n! Goal !! Owner\n|-\n| Keep uptime || " + owner + "\n|}\n"
    assert [g["owner"] for g in parse_goals_page(text, GOALS_TITLE)["goals"]] == ["Ann Lee"]


def test_a_table_inside_a_goals_cell_adds_no_goals():
    inner = "\n{|\n! Goal !! Owner !! Stage\n|-\n| Sub goal A || Ann Lee || final\n|}\n"
    text = ("== TP1 Availability ==\n{|\n! Goal !! Owner !! Stage !! Notes\n|-\n| Keep uptime || Ann || final || "
            "Milestones:" + inner + "|-\n| Cut latency || Bob || rough draft || none\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["title"], g["owner"], g["stage"]) for g in goals] == [
        ("Keep uptime", "Ann", "final"), ("Cut latency", "Bob", "rough draft")]


@pytest.mark.parametrize("layout_header", ["", "! TP1 goals !! TP1 stretch goals\n|-\n"])
def test_goals_tables_side_by_side_in_a_layout_table_are_read(layout_header):
    goals_table = "{|\n! Goal !! Owner\n|-\n| %s || Ann\n|}\n"
    text = ("== TP1 Availability ==\n{|\n" + layout_header + "|\n" + goals_table % "Keep uptime" + "|\n"
            + goals_table % "Cut latency" + "|}\n")
    assert [g["title"] for g in parse_goals_page(text, GOALS_TITLE)["goals"]] == ["Keep uptime", "Cut latency"]


def test_key_results_numbered_kr1_take_their_words_from_the_description():
    text = ("== TP3 ==\n{| class=\"wikitable\"\n! KR !! Description !! Owner !! Stage\n|-\n"
            "| KR1 || Cut deploy time in half || Ann Lee || final\n|-\n| KR 2 || Ship ORES v2 || Bob Roe || rough draft\n|}\n")
    goals = parse_goals_page(text, "Wikimedia Technology/Goals/2017-18 Q2")["goals"]
    assert [(g["title"], g["program"]) for g in goals] == [("Cut deploy time in half", "TP3"), ("Ship ORES v2", "TP3")]


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


def test_goals_tables_in_a_layout_table_with_a_label_over_each_are_all_read():
    """A layout table headed "TP3 goals | TP5 goals" with a label line over each goals table: the label
    is no goal of the layout table's, and the goals tables inside it are read."""
    goals_table = "{| class=\"wikitable\"\n! Goal !! Program !! Owner !! Stage\n|-\n| %s || %s || Ann Lee || final\n|}\n"
    text = ("== Goals ==\n{| style=\"width:100%\"\n! TP3 goals !! TP5 goals\n|-\n| Technical Debt\n"
            + goals_table % ("Reduce deploy time", "TP3") + "| Scoring Platform\n"
            + goals_table % ("Ship ORES v2", "TP5") + "|}\n")
    goals = parse_goals_page(text, "Wikimedia Technology/Goals/2017-18 Q2")["goals"]
    assert [(g["title"], g["program"]) for g in goals] == [("Reduce deploy time", "TP3"), ("Ship ORES v2", "TP5")]


def test_a_table_inside_a_consultation_step_adds_no_steps():
    inner = "\n{|\n! Milestone !! Date\n|-\n| Beta || Nov 1, 2023\n|}\n"
    text = ("== Phase 1: Consultation ==\n{|\n! Step !! Status\n|-\n| Survey" + inner + "| done\n|-\n"
            "| Report ||\n|}\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"]) for s in steps] == [("Survey", "done"), ("Report", "not started")]

def test_roles_and_people_that_only_begin_like_a_vacancy_are_kept():
    text = ("{|\n! Name !! Role\n|-\n| New hire: Ann Lee || Engineer\n|-\n| Marcel·lí Pérez || Open-source lead\n"
            "|-\n| Backfill: Bob Roe || Backfill coordinator\n|}\n\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1])
    members = [(m["name"], m["role"]) for m in parse_team_page(text, "T")["team_members"]]
    assert members == [("Ann Lee", "Engineer"), ("Marcel·lí Pérez", "Open-source lead"), ("Bob Roe", "Backfill coordinator")]


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


def test_a_phase_or_team_column_saying_summary_or_overall_drops_no_row():
    text = ("== Timeline ==\n{|\n! Team !! Dates !! Activity\n|-\n| Overall || Oct 2 || Kick-off\n|-\n"
            "| colspan=3 | '''Q2 starts (October 2)'''\n|}\n== Programs ==\n* TP1 Availability (R)\n")
    assert [r["activity"] for r in parse_process_page(text, PROCESS_TITLE)["timeline"]] == [
        "Kick-off", "Q2 starts (October 2)"]


@pytest.mark.parametrize("title", ["ES6.5 upgrade for CirrusSearch", "PHP7.2 in production"])
def test_a_version_number_in_a_goal_is_no_program(title):
    text = "== TP1 Availability ==\n{|\n! Goal !! Owner\n|-\n| " + title + " || Ann\n|}\n"
    assert [(g["program"], g["title"]) for g in parse_goals_page(text, GOALS_TITLE)["goals"]] == [("TP1", title)]


def test_a_date_range_in_a_heading_is_no_fiscal_year():
    assert parse_quarter("Q2 (2017-10-01 – 2017-12-31)") != "2017-10 Q2"


def test_a_goal_header_over_its_number_and_its_description_takes_the_description():
    text = ("== Infrastructure ==\n{|\n! colspan=2 | Goal !! rowspan=2 | Owner\n|-\n! ID !! Description\n|-\n"
            "| TP1.1 || Keep uptime || Ann\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["program"], g["title"], g["owner"]) for g in goals] == [("TP1", "Keep uptime", "Ann")]


def test_a_program_header_over_code_and_name_keeps_the_code():
    text = ("{|\n! colspan=2 | Program !! rowspan=2 | Goal\n|-\n! Code !! Name\n|-\n"
            "| TP1 || Infrastructure Foundations || Keep uptime\n|}\n")
    assert [(g["program"], g["title"]) for g in parse_goals_page(text, GOALS_TITLE)["goals"]] == [("TP1", "Keep uptime")]


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


def test_a_consultation_step_done_on_a_date_in_numbers():
    assert consultation_status("Done on 30/05/2023")[:2] == ("done", date(2023, 5, 30))


def test_a_stage_in_a_program_headings_parentheses_and_owners_pinged():
    text = ("== TP1 Availability (final draft) ==\n{|\n! Goal !! Owner\n|-\n| A || {{ping|Ann Lee|Bob Roe}}\n|}\n"
            "== TP2 Refresh ==\n{|\n! Goal !! Owner\n|-\n| B || Cy Cole\n|}")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["program"], g["stage"], g["owner"]) for g in goals] == [
        ("TP1", "final draft", "Ann Lee, Bob Roe"), ("TP2", "rough draft", "Cy Cole")]


def test_a_daci_table_per_decision_with_the_assignments_down_its_side():
    daci = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
    one = "{| class=wikitable\n! Driver\n| {{u|Ann Lee}}\n|-\n! Approver\n| Dee Dee\n|-\n! Contributors\n| Bob Roe, Cy Cole\n|-\n! Informed\n| Community\n|}\n"
    text = MINI_TEAM.replace(daci, "\n=== Decision: Roadmap ===\n" + one + "=== Hiring ===\n" + one.replace("Ann Lee", "Dee Dee"))
    rows = [(r["decision"], r["role"], r["assignment"]) for r in parse_team_page(text, "T")["daci"]]
    assert rows[:5] == [("Roadmap", "Ann Lee", "Driver"), ("Roadmap", "Dee Dee", "Approver"), ("Roadmap", "Bob Roe", "Consulted"),
                        ("Roadmap", "Cy Cole", "Consulted"), ("Roadmap", "Community", "Informed")]
    assert ("Hiring", "Dee Dee", "Driver/Approver") in rows and len(rows) == 9  # one row per person and decision


def test_roster_and_duty_items_with_titles_of_capitalised_words():
    text = LISTED_TEAM.replace("* Karolin Siebert: Engineering Manager\n", "* Bob Roe – Software Engineer\n"
                               "* {{u|CRoe (WMF)|Cy Roe}}, Senior Product Manager\n* Intern: Dee Dee\n* Eve Ray – Scrum Master\n")
    text = text.replace("== Responsibilities ==\n", "== Responsibilities ==\n* '''Quality Analyst (QA)''': tests releases\n")
    page = parse_team_page(text, "T")
    members = [(m["name"], m["role"]) for m in page["team_members"]]
    assert members[1:5] == [("Bob Roe", "Software Engineer"), ("Cy Roe", "Senior Product Manager"),
                            ("Dee Dee", "Intern"), ("Eve Ray", "Scrum Master")]
    assert ("Quality Analyst (QA)", "tests releases") in [(r["role"], r["responsibility"])
                                                         for r in page["role_responsibilities"]]


@pytest.mark.parametrize("cell, done", [("{{Status|done}}", True), ("{{Status|Completed}}", True),
                                        ("{{Progress|100}}", True), ("{{Status|in progress}}", False)])
def test_status_boxes_show_their_argument(cell, done):
    timeline = f"== Timeline ==\n{{|\n! Dates !! Activity !! Status\n|-\n| Aug 28 || Prepare || {cell}\n|}}\n"
    [row] = parse_process_page(timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert row["done"] is done


def test_a_tracked_box_is_no_part_of_a_goal_title():
    text = "=== TP1 Availability ===\n{|\n! Goal !! Stage\n|-\n| {{Tracked|T176000}} Provide database resources || final\n|}"
    assert parse_goals_page(text, GOALS_TITLE)["goals"][0]["title"] == "Provide database resources"


def test_daci_roles_under_group_headers_are_the_roles():
    daci = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
    grouped = ("\n{| class=wikitable\n! rowspan=2 | Decision !! colspan=2 | Product !! colspan=2 | Engineering\n"
               "|-\n! PM !! Designer !! EM !! Engineers\n|-\n| Set goals || D || C || A || I\n|-\n| Hire || C || I || D || C\n|}\n")
    rows = parse_team_page(MINI_TEAM.replace(daci, grouped), "T")["daci"]
    assert [r["role"] for r in rows if r["decision"] == "Set goals"] == ["PM", "Designer", "EM", "Engineers"]


@pytest.mark.parametrize("label", ["; TP3 Addressing Technical Debt", "'''TP3 Addressing Technical Debt'''",
                                   "{{Collapse top|TP3 Addressing Technical Debt}}"])
def test_a_program_named_on_a_line_above_its_table(label):
    text = (f"== Goals ==\n{label}\n{{|\n! Goal !! Stage\n|-\n| Remove old code || final\n|}}\n"
            "'''TP1 Availability'''\n{|\n! Goal !! Stage\n|-\n| Keep it up || final\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE)["goals"]
    assert [(g["program"], g["title"]) for g in goals] == [("TP3", "Remove old code"), ("TP1", "Keep it up")]


# --- what the other layouts give must fit the store's keys (a duplicate key fails every sync) ---------

_DACI_BLOCK = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
OTHER_LAYOUTS = {
    "team, lists": ("team", LISTED_TEAM),
    "team, DACI by area and assignment": ("team", MINI_TEAM.replace(_DACI_BLOCK, (
        "\n{|\n! Area !! Decision !! Driver !! Approver !! Consulted !! Informed\n|-\n| Product || Set goals || PM || "
        "Director || EM || All\n|-\n| Product || Hire || EM || Director || PM || All\n|-\n| People || Hire || EM || "
        "Director || HR || All\n|}\n"))),
    "team, a DACI table per decision under one heading": ("team", MINI_TEAM.replace(_DACI_BLOCK, (
        "\n'''Roadmap'''\n{|\n! Driver\n| Ann\n|-\n! Approver\n| Dee\n|-\n! Consulted\n| Bob\n|}\n"
        "'''Hiring'''\n{|\n! Driver\n| Dee\n|-\n! Approver\n| Dee\n|-\n! Informed\n| Ann\n|}\n"
        "{|\n! Driver\n| Ann\n|-\n! Approver\n| Ann\n|-\n! Informed\n| Bob\n|}\n"))),
    "consultation, lists": ("consultation", LISTED_CONSULTATION + "== Executive sponsors ==\n* Ann Lee\n* Bob Roe\n"
                            "== Core team members ==\n* Chair – Cy Cole\n* Chair – Dee Dee\n"),
    "process, a listed timeline": ("process", LISTED_TIMELINE),
}


@pytest.mark.parametrize("layout", list(OTHER_LAYOUTS))
def test_rows_of_other_layouts_fit_the_store(layout, engine):
    from lib.store.writes import insert_rows

    kind, text = OTHER_LAYOUTS[layout]
    rows = {"team": parse_team_page, "consultation": parse_consultation_page}.get(
        kind, lambda t, title: parse_process_page(t, PROCESS_TITLE))(text, "T")
    with engine.begin() as conn:
        for table_name, table_rows in rows.items():
            assert insert_rows(conn, schema.metadata.tables[table_name], table_rows) == len(table_rows), table_name


def test_daci_areas_group_rows_and_repeated_decisions_read_as_one_row_per_decision_and_role():
    daci = parse_team_page(OTHER_LAYOUTS["team, DACI by area and assignment"][1], "T")["daci"]
    keys = [(r["decision"], r["role"]) for r in daci]
    assert len(keys) == len(set(keys))  # "Hire" under two areas: one decision
    rows = {(r["category"], r["decision"], r["role"]): r["assignment"] for r in daci}
    assert rows[("Product", "Set goals", "PM")] == "Driver" and rows[("Product", "Hire", "EM")] == "Driver"
    assert {r["role"]: r["assignment"] for r in daci if r["decision"] == "Hire"} == {
        "EM": "Driver", "Director": "Approver", "PM": "Consulted", "All": "Informed", "HR": "Consulted"}
    per_table = parse_team_page(OTHER_LAYOUTS["team, a DACI table per decision under one heading"][1], "T")["daci"]
    assert {r["decision"] for r in per_table} == {"Roadmap", "Hiring", "DACI"}


def test_listed_roles_named_twice_are_one_role_with_both_names():
    text = OTHER_LAYOUTS["consultation, lists"][1]
    roles = {(r["team"], r["role"]): r["names"] for r in parse_consultation_page(text, "C")["consultation_roles"]}
    assert roles[("executive", "Executive sponsors")] == "Ann Lee, Bob Roe"
    assert roles[("core", "Chair")] == "Ann Lee, Cy Cole, Dee Dee"


@pytest.mark.parametrize("cell, confirmed", [
    ("Security ✓, Analytics TBD", False), ("Security {{Y}}, Analytics pending", False),
    ("Security {{Y}}, Analytics {{Partial}}", False), ("Security {{Y}}, Analytics {{Y}}", True),
    ("Security, Analytics", None),
])
def test_a_team_in_the_confirmed_cell_without_a_yes_is_not_confirmed(cell, confirmed):
    text = f"=== TP1 Availability ===\n{{|\n! Goal !! Stage !! Dependencies !! Confirmed\n|-\n| A || final || Security, Analytics || {cell}\n|}}"
    assert parse_goals_page(text, GOALS_TITLE)["goals"][0]["dependencies_confirmed"] is confirmed


def test_a_contacts_table_with_an_extra_column_is_no_part_of_the_roster_and_a_tools_table_no_board_guide():
    text = MINI_TEAM + "== Points of contact ==\n{|\n! Name !! Role !! Team\n|-\n| Zed Zane || SRE liaison || SRE\n|}\n"
    assert [m["name"] for m in parse_team_page(text, "T")["team_members"]] == ["Ann Lee"]
    tools = MINI_TEAM.replace("== Board ==", "== Tools ==\n{|\n! Name !! Use\n|-\n| Etherpad || notes\n|}\n== Board ==")
    guide = parse_team_page(tools, "T")["column_guide"]
    assert [(c["board"], c["column_name"]) for c in guide] == [("workboard", "Inbox")]


def test_a_steps_table_with_only_a_due_date_column_is_still_read():
    text = ("== Phase 1 - Listening ==\n{|\n! Step !! Due date\n|-\n| Kickoff || March 30, 2023\n|}\n"
            + CORE_TEAM)
    assert [s["activity"] for s in parse_consultation_page(text, "C")["consultation_steps"]] == ["Kickoff"]


def test_a_page_mixing_tables_and_lists_keeps_both():
    goals = ("== TP1 Availability ==\n{|\n! Goal !! Stage\n|-\n| Keep it up || final\n|}\n"
             "=== Risks ===\n* The vendor may be late\n"
             "== TP3 Addressing Technical Debt ==\n* Remove deprecated code paths\n** Stage: rough draft\n")
    assert [(g["program"], g["title"], g["stage"]) for g in parse_goals_page(goals, GOALS_TITLE)["goals"]] == [
        ("TP1", "Keep it up", "final"), ("TP3", "Remove deprecated code paths", "rough draft")]
    timeline = ("== Timeline ==\n=== Before the quarter ===\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
                "=== During the quarter ===\n* Oct 2 – Oct 5: Document Q1 results\n"
                "=== Deployment freezes ===\n* Nov 20: Thanksgiving\n")
    rows = parse_process_page(timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [(r["position"], r["activity"]) for r in rows] == [(1, "Prepare"), (2, "Document Q1 results")]


def test_bare_days_under_a_month_group_row_take_its_month():
    timeline = ("== Timeline ==\n{|\n! Dates !! Activity\n|-\n! colspan=2 | September 2017\n|-\n| 11 || Kick-off\n"
                "|-\n| 11–18 || Drafting\n|-\n! colspan=2 | October\n|-\n| 2 || Goals final\n|}\n")
    rows = parse_process_page(timeline + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [(r["start_date"], r["end_date"]) for r in rows] == [
        (date(2017, 9, 11), date(2017, 9, 11)), (date(2017, 9, 11), date(2017, 9, 18)), (date(2017, 10, 2), date(2017, 10, 2))]


# --- second review: what the wider readings must not take ----------------------------------------

def test_lists_beside_a_programs_goals_table_are_no_goals_and_need_no_quarter():
    text = ("== TP1 Availability ==\n{|\n! Goal !! Quarter !! Stage\n|-\n| Keep it up || Q2 FY17-18 || final\n|}\n"
            "=== Milestones ===\n* Oct 15: hardware ordered\n=== Stretch goals ===\n* Something more\n"
            "== TP3 Technical Debt ==\n* Remove old code\n")
    goals = parse_goals_page(text, "Goals/draft", programs=PROGRAM_LIST)["goals"]  # no quarter in the title
    assert [(g["program"], g["title"]) for g in goals] == [("TP1", "Keep it up")]  # TP3's list: no quarter, left out


def test_a_second_header_row_of_holders_leaves_the_roles_as_they_are():
    daci = _DACI_BLOCK
    holders = daci.replace("! Decision !! PM !! EM !! Eng", "! Decision !! PM !! EM !! Eng\n|-\n! !! <small>(Ann Lee)</small> !! Bob Roe !! Cy")
    rows = parse_team_page(MINI_TEAM.replace(daci, holders), "T")["daci"]
    assert {r["role"] for r in rows} == {"PM", "EM", "Eng"}


def test_a_part_in_another_top_level_section_may_add_a_column():
    text = ("== Timeline: before the quarter ==\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
            "== Timeline: during the quarter ==\n{|\n! Dates !! Activity !! Done\n|-\n| Oct 10 || Share deck || {{done}}\n|}\n")
    rows = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [r["activity"] for r in rows] == ["Prepare", "Share deck"]


def test_a_meetings_table_with_a_when_column_but_no_who_and_no_events_table():
    text = MINI_TEAM + ("{|\n! Event !! When !! Where\n|-\n| Wikimania || Aug || Singapore\n|}\n"
                        "{|\n! Meeting !! When !! Purpose\n|-\n| Team Leads Planning || Tuesdays 16:00 CET || Priorities\n|}\n")
    assert [r["ritual"] for r in parse_team_page(text, "T")["meeting_rituals"]] == ["Team Leads Planning"]


def test_dated_lists_beside_the_timeline_that_are_no_part_of_it():
    text = ("== Annual planning process ==\n=== Timeline ===\n{|\n! Dates !! Activity\n|-\n| Aug 28 || Prepare\n|}\n"
            "=== Lessons from last quarter ===\n* Sep 5: goals were late\n=== Reviews ===\n* Sep 9: a review\n")
    rows = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert [r["activity"] for r in rows] == ["Prepare"]


def test_a_daci_with_a_scope_column_beside_the_decision_and_a_steps_deadline_column():
    daci = ("\n{|\n! Decision !! Scope !! Driver !! Approver !! Consulted !! Informed\n|-\n| Set goals || the year || PM || "
            "Director || EM || All\n|}\n")
    rows = parse_team_page(MINI_TEAM.replace(_DACI_BLOCK, daci), "T")["daci"]
    assert {(r["category"], r["decision"]) for r in rows} == {("", "Set goals")}
    steps = ("== Phase 1 - Listening ==\n{|\n! Step !! Status !! Deadline\n|-\n| Kickoff || || March 30, 2023\n|}\n"
             + CORE_TEAM)
    [step] = parse_consultation_page(steps, "C")["consultation_steps"]
    assert (step["status"], step["status_date"]) == ("not started", date(2023, 3, 30))


# --- third probe: whole pages in other house styles ------------------------------------------------

def test_a_status_column_of_stages_over_program_group_rows_is_the_stage_column():
    text = ("{|\n! Goal !! Owner !! Status\n|-\n! colspan=3 | Availability, Performance & Maintenance\n"
            "|-\n| Replace the cache hosts || Mark Bergsma || Approved by CTO\n|-\n| Keep it up || Ann || Final draft\n|}")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["program"], g["stage"], g["results"]) for g in goals] == [
        ("TP1", "approved by CTO", None), ("TP1", "final draft", None)]


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


def test_board_column_items_with_parentheses_and_who_moves_them_after_a_colon():
    text = MINI_TEAM.split("== Board ==")[0] + ("== Workboard columns ==\n"
            "* '''Following''' – Tasks we keep an eye on. Moved by: Product Manager, Tech Lead.\n"
            "* '''CommTech-Sprint-x''' (where x is a numbered sprint) – Milestone column!\n"
            "; Estimated (ready for a sprint)\n: Tasks that have been estimated\n")
    guide = [(c["column_name"], c["what"], c["who_moves"]) for c in parse_team_page(text, "T")["column_guide"]]
    assert guide == [("Following", "Tasks we keep an eye on. Moved by: Product Manager, Tech Lead.", "Product Manager, Tech Lead"),
                     ("CommTech-Sprint-x (where x is a numbered sprint)", "Milestone column!", None),
                     ("Estimated (ready for a sprint)", "Tasks that have been estimated", None)]


def test_a_listed_timeline_item_naming_several_people():
    text = ("== Timeline ==\n* '''Sept 20-22''': Meetings with CTO to approve goals (Victoria, Owners) {{done}}\n"
            "* Oct 2 – Oct 20: Write the pages (Kevin/Joel), deadline Nov 1\n" + PROGRAMS_LINE)
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["activity"], r["who"], r["done"]) for r in rows] == [
        ("Meetings with CTO to approve goals", "Victoria, Owners", True), ("Write the pages", "Kevin, Joel", False)]


def test_steps_with_started_and_completed_columns_and_no_status():
    text = ("== Phase 1 - Listening ==\n{|\n! Step !! Started !! Completed on\n|-\n| Kickoff || || March 30, 2023\n"
            "|-\n| Summarization || September 19, 2023 ||\n|-\n| Report || ||\n|}\n" + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"], s["status_date"]) for s in steps] == [
        ("Kickoff", "done", date(2023, 3, 30)), ("Summarization", "in progress", date(2023, 9, 19)),
        ("Report", "not started", None)]


def test_a_daci_written_as_definition_lists_under_area_headings():
    daci = ("\n=== Product prioritization ===\n; Set roadmap + goals\n: '''Driver:''' Product Manager\n"
            ": '''Approver:''' Director of Product Management\n: '''Consulted:''' Engineering Manager, Tech Lead\n"
            "=== Operations ===\n; Plan offsites\n: Driver: Engineering Manager\n: Informed: Everyone\n"
            "* A note that is no decision\n")
    rows = parse_team_page(MINI_TEAM.replace(_DACI_BLOCK, daci), "T")["daci"]
    assert [(r["category"], r["decision"], r["role"], r["assignment"]) for r in rows] == [
        ("Product prioritization", "Set roadmap + goals", "Product Manager", "Driver"),
        ("Product prioritization", "Set roadmap + goals", "Director of Product Management", "Approver"),
        ("Product prioritization", "Set roadmap + goals", "Engineering Manager", "Consulted"),
        ("Product prioritization", "Set roadmap + goals", "Tech Lead", "Consulted"),
        ("Operations", "Plan offsites", "Engineering Manager", "Driver"),
        ("Operations", "Plan offsites", "Everyone", "Informed")]


def test_a_daci_matrix_per_area_is_read_whole_with_its_area():
    one = ("{| class=wikitable\n! Role ↓ / Decision → !! Set strategy !! Set roadmap\n|-\n! Product Manager\n| A || D\n"
           "|-\n! Engineering Manager\n| C || C\n|-\n! Engineers\n| I || C\n|}\n")
    two = one.replace("Set strategy", "Coordinate dependencies").replace("Set roadmap", "Onboard people")
    daci = "\n=== Product prioritization ===\n" + one + "=== Operations ===\n" + two
    rows = parse_team_page(MINI_TEAM.replace(_DACI_BLOCK, daci), "T")["daci"]
    assert [(r["category"], r["decision"]) for r in rows if r["role"] == "Product Manager"] == [
        ("Product prioritization", "Set strategy"), ("Product prioritization", "Set roadmap"),
        ("Operations", "Coordinate dependencies"), ("Operations", "Onboard people")]
    assert len(rows) == 12 and [r["position"] for r in rows if r["role"] == "Engineers"] == [1, 2, 3, 4]


def test_a_programs_goal_list_beside_another_programs_labelled_table_in_its_section():
    text = ("=== Addressing Technical Debt (TP3) ===\n; Remove the deprecated code paths\n: Stage: final draft\n"
            "'''TP8 Multi-datacenter Support'''\n{|\n! Goal !! Stage\n|-\n| Two DCs || final\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert sorted((g["program"], g["title"], g["stage"]) for g in goals) == [
        ("TP3", "Remove the deprecated code paths", "final draft"), ("TP8", "Two DCs", "final")]


def test_phases_from_a_table_of_phases_and_their_objectives():
    text = ("{|\n! Step !! Status\n|-\n! colspan=2 | Phase 1 - Consultation\n|-\n| Kickoff || Done\n|}\n"
            "== Phases ==\n{|\n! Phase !! Objectives\n|-\n| Phase 1 - Consultation || Listen<br/>Summarize\n"
            "|-\n| Phase 2 - Design & Implementation || Develop a plan\n|}\n" + CORE_TEAM)
    phases = parse_consultation_page(text, "C")["consultation_phases"]
    assert [(p["name"], p["objectives"]) for p in phases] == [
        ("Phase 1 - Consultation", "Listen\nSummarize"), ("Phase 2 - Design & Implementation", "Develop a plan")]


# --- third review: what the newest readings must leave alone ------------------------------------

def test_a_former_or_another_teams_daci_is_not_merged_into_the_teams():
    extra = ("== Former DACI (before the reorg) ==\n{|\n! Decision !! PM !! EM !! Eng\n|-\n| Set goals || A || D || C\n|-\n| Hire || D || A || I\n|}\n"
             "== Working with the Platform team ==\n{|\n! Decision !! Platform PM !! Platform EM\n|-\n| Set goals || A || C\n|-\n| Hire || I || D\n|}\n")
    assert parse_team_page(MINI_TEAM + extra, "T")["daci"] == parse_team_page(MINI_TEAM, "T")["daci"]


def test_a_written_status_wins_over_a_start_column_and_completed_columns_of_other_tables_are_no_steps():
    text = ("== Phase 1 - Listening ==\n{|\n! Step !! Planned start !! Status\n|-\n| Survey || October 2, 2023 || Not started\n|}\n"
            "== Follow-up ==\n{|\n! Action !! Owner !! Completed\n|-\n| Send thanks || Mo || yes\n|}\n"
            + CORE_TEAM)
    steps = parse_consultation_page(text, "C")["consultation_steps"]
    assert [(s["activity"], s["status"], s["status_date"]) for s in steps] == [("Survey", "not started", None)]


def test_board_items_with_a_description_in_parentheses_and_a_current_sprint_group():
    text = MINI_TEAM.split("== Board ==")[0] + ("== Workboard ==\n* '''Backlog''' (tasks not yet triaged)\n"
                                                "* Current sprint:\n** To do – planned for the sprint\n")
    guide = [(c["board"], c["column_name"], c["what"]) for c in parse_team_page(text, "T")["column_guide"]]
    assert guide == [("workboard", "Backlog", "tasks not yet triaged"), ("sprint", "To do", "planned for the sprint")]


def test_a_programs_own_label_over_its_table_keeps_its_notes_out_of_the_goals():
    text = ("=== Addressing Technical Debt (TP3) ===\n'''TP3 Addressing Technical Debt'''\n{|\n! Goal !! Stage\n|-\n"
            "| Remove old code || final draft\n|}\nNotes:\n* The vendor may be late\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["program"], g["title"]) for g in goals] == [("TP3", "Remove old code")]


def test_a_phases_table_naming_phases_briefly_and_a_numbered_chapter_over_the_steps():
    text = ("{|\n! Step !! Status\n|-\n! colspan=2 | Phase 1 - Consultation\n|-\n| Kickoff || Done\n|}\n"
            "== Phases ==\n{|\n! Phase !! Objectives\n|-\n| Consultation || Listen\n|}\n" + CORE_TEAM)
    phases = parse_consultation_page(text, "C")["consultation_phases"]
    assert [(p["name"], p["objectives"]) for p in phases] == [("Phase 1 - Consultation", "Listen")]
    chapter = ("== Phase 1 - Consultation ==\n* Listen\n== 3. Timeline and status ==\n=== Consultation steps ===\n"
               "{|\n! Step !! Status\n|-\n| Kickoff || Done\n|}\n" + CORE_TEAM)
    page = parse_consultation_page(chapter, "C")
    assert [p["name"] for p in page["consultation_phases"]] == ["Phase 1 - Consultation"]


def test_a_milestone_row_across_a_start_end_timeline_takes_its_leading_date():
    text = ("== Timeline ==\n{|\n! Start !! End !! Activity !! Who\n|-\n| Aug 15 || Aug 28 || Prepare || Kevin\n"
            "|-\n| colspan=4 | '''2 October 2017: Q2 starts. New goals in effect'''\n|}\n" + PROGRAMS_LINE)
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["start_date"], r["end_date"]) for r in rows] == [(date(2017, 8, 15), date(2017, 8, 28)),
                                                                (date(2017, 10, 2), date(2017, 10, 2))]


def test_last_quarters_results_written_as_a_list():
    text = ("== TP1 Availability ==\n{|\n! Goal !! Stage\n|-\n| Keep it up || final draft\n|}\n"
            "== Q1 results (July–September 2017) ==\n"
            "* TP1 – Provide a second database cluster in codfw (Mark Bergsma): {{done}} in August\n"
            "* TP3: Remove old code: partly done\n* See the Q1 report for more\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    q1 = [(g["quarter"], g["program"], g["title"], g["owner"], g["stage"], g["results"]) for g in goals if g["quarter"] != "2017-18 Q2"]
    assert q1 == [("2017-18 Q1", "TP1", "Provide a second database cluster in codfw", "Mark Bergsma", "final", "done in August"),
                  ("2017-18 Q1", "TP3", "Remove old code", None, "final", "partly done")]


def test_a_transposed_daci_with_areas_over_its_decisions_before_a_meetings_table():
    daci = ("\n{| class=wikitable\n! rowspan=2 | Role !! Product prioritization !! colspan=2 | Meetings/Ceremonies\n"
            "|-\n! Set roadmap + goals !! Plan offsites (attendees, budget, travel) !! Plan offsite content\n"
            "|-\n! Product Manager\n| D || C || A\n|-\n! Engineering Manager\n| C || A || C\n|-\n! Engineers\n| C || C || C\n|}\n"
            "== Meetings ==\n{|\n! Ritual !! Who !! What !! When\n|-\n| Retro || All || Reflect || Fortnightly\n|}\n")
    page = parse_team_page(MINI_TEAM.replace(_DACI_BLOCK, daci), "T")
    assert [r["ritual"] for r in page["meeting_rituals"]] == ["Retro"]
    areas = {r["decision"]: r["category"] for r in page["daci"]}
    assert areas == {"Set roadmap + goals": "Product prioritization",
                     "Plan offsites (attendees, budget, travel)": "Meetings/Ceremonies",
                     "Plan offsite content": "Meetings/Ceremonies"}


# --- fourth review ------------------------------------------------------------------------------

def test_only_an_earlier_quarters_results_heading_gives_listed_results():
    text = ("== TP1 Availability ==\n{|\n! Goal !! Stage\n|-\n| Keep it up || final draft\n|}\n"
            "== Q2 timeline ==\n* TP1: deadline Oct 5\n== Q2 summary ==\n* TP1 – Keep it up: on track\n"
            "== Looking ahead to Q3 ==\n* TP3: plan more\n== Q1 FY18 ==\n* TP1: [[/Q1/TP1|Availability goals]]\n"
            "== Q1 results ==\n* Q1 – all goals met\n* TP1 – Migrate s8: phase 2 (Ann Lee): {{done}}\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [(g["quarter"], g["program"], g["title"], g["owner"], g["results"]) for g in goals] == [
        ("2017-18 Q2", "TP1", "Keep it up", None, None), ("2017-18 Q1", "TP1", "Migrate s8: phase 2", "Ann Lee", "done")]


@pytest.mark.parametrize("header, roles", [
    # roles over their holders, one role held by two (spanning): the roles, then the holders under it
    ("! Decision !! PM !! EM !! colspan=2 | Engineers\n|-\n! !! (Ann Lee) !! Bob Roe !! Cy !! Di", ["PM", "EM", "Cy", "Di"]),
    # a label header spanning the label columns only: the roles stay
    ("! colspan=2 | Decision !! PM !! EM !! Eng\n|-\n! Area !! What !! Ann Lee !! Bob Roe !! Cy", ["PM", "EM", "Eng"]),
])
def test_a_second_header_row_of_holders_is_no_role_row(header, roles):
    width = len(roles)
    rows = "".join(f"|-\n| {'Product || ' if 'Area' in header else ''}{d} || " + " || ".join(["D", "A", "C", "I"][:width]) + "\n"
                   for d in ("Set goals", "Hire"))
    daci = f"\n{{| class=wikitable\n{header}\n{rows}|}}\n"
    got = [r["role"] for r in parse_team_page(MINI_TEAM.replace(_DACI_BLOCK, daci), "T")["daci"] if r["decision"] == "Set goals"]
    assert got == roles


def test_a_timeline_rows_leading_date_only_across_the_whole_row():
    text = ("== Timeline ==\n{|\n! Dates !! Activity !! Who\n|-\n| || Oct 5 review of drafts (postponed, date TBD) || Joel\n"
            "|-\n| colspan=3 | Oct 2 – Oct 13: code freeze\n|-\n| || 1 Decide on priorities || Ann\n|}\n" + PROGRAMS_LINE)
    rows = parse_process_page(text, PROCESS_TITLE)["timeline"]
    assert [(r["dates_text"], r["start_date"], r["end_date"]) for r in rows] == [
        (None, None, None), ("Oct 2 – Oct 13", date(2017, 10, 2), date(2017, 10, 13)), (None, None, None)]


def test_a_meetings_table_whose_cells_use_decision_words_is_still_the_meetings():
    text = MINI_TEAM + ("== Meetings ==\n{|\n! Meeting !! Who !! What !! When\n|-\n| Standup || Devs, EM drives || Sync || Daily\n"
                        "|-\n| Planning || Team, PM drives || Approve sprint scope || Weekly\n"
                        "|-\n| Demo || PM drives || Inform stakeholders || Monthly\n|}\n")
    assert [r["ritual"] for r in parse_team_page(text, "T")["meeting_rituals"]] == ["Standup", "Planning", "Demo"]
