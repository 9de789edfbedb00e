"""The team page's DACI matrix: the demo page's, and the other layouts real teams write it in (roles
down the side, a column per assignment, a table per decision, a matrix per area, lists)."""

from __future__ import annotations

import pytest

from lib.sync.wiki_pages import WikiPageError, parse_team_page
from tests.wiki_page_helpers import MINI_TEAM, OTHER_LAYOUTS, TEAM_VARIANT, _DACI_BLOCK, demo


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


def test_team_page_without_a_daci_matrix_is_an_error():
    text = TEAM_VARIANT.replace("|| A || C || I", "|| yes || no || maybe").replace("|| I || D || R", "|| - || - || -") \
        .replace("|| || A || D", "|| || x || y")
    with pytest.raises(WikiPageError, match=r'Page "Team/Processes": no DACI table'):
        parse_team_page(text, "Team/Processes")


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
    from lib.sync.wiki_pages.daci import _assignment

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


def test_daci_cells_and_headers_as_other_teams_write_them():
    daci = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
    variant = daci.replace("! Decision !! PM !! EM !! Eng", "! Decision !! PM<br/><small>(Ann)</small> !! EM !! Eng !! Notes")
    variant = variant.replace("| Set goals || D || A || C", "| Set goals || {{Yes|D}} || <s>C</s> A || C || EM consulted on staffing")
    variant = variant.replace("| Hire || C || D || I", "| Hire || C || D || I || Informed once signed\n|-\n| <s>Pick tools</s> || D || A || I ||")
    text = MINI_TEAM.replace(daci, variant)
    rows = [(r["decision"], r["role"], r["assignment"]) for r in parse_team_page(text, "T")["daci"]]
    assert rows == [(d, r, a) for d, r, a in [(r["decision"], r["role"], r["assignment"])
                                             for r in parse_team_page(MINI_TEAM, "T")["daci"]]]


@pytest.mark.parametrize("header, role", [
    ("PM<br/>Ann Lee", "PM"), ("PM<br/><small>[[User:Ann|Ann]]</small>", "PM"), ("PM<br/>{{u|Ann}}", "PM"),
    ("Product<br/>Manager<br/><small>(Ann)</small>", "Product Manager"), ("Engineering<br/>Manager", "Engineering Manager"),
])
def test_a_daci_role_header_without_who_holds_it(header, role):
    text = MINI_TEAM.replace("! Decision !! PM !! EM !! Eng", f"! Decision !! {header} !! EM !! Eng")
    assert parse_team_page(text, "T")["daci"][0]["role"] == role


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


def test_a_daci_table_per_decision_with_the_assignments_down_its_side():
    daci = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
    one = "{| class=wikitable\n! Driver\n| {{u|Ann Lee}}\n|-\n! Approver\n| Dee Dee\n|-\n! Contributors\n| Bob Roe, Cy Cole\n|-\n! Informed\n| Community\n|}\n"
    text = MINI_TEAM.replace(daci, "\n=== Decision: Roadmap ===\n" + one + "=== Hiring ===\n" + one.replace("Ann Lee", "Dee Dee"))
    rows = [(r["decision"], r["role"], r["assignment"]) for r in parse_team_page(text, "T")["daci"]]
    assert rows[:5] == [("Roadmap", "Ann Lee", "Driver"), ("Roadmap", "Dee Dee", "Approver"), ("Roadmap", "Bob Roe", "Consulted"),
                        ("Roadmap", "Cy Cole", "Consulted"), ("Roadmap", "Community", "Informed")]
    assert ("Hiring", "Dee Dee", "Driver/Approver") in rows and len(rows) == 9  # one row per person and decision


def test_daci_roles_under_group_headers_are_the_roles():
    daci = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
    grouped = ("\n{| class=wikitable\n! rowspan=2 | Decision !! colspan=2 | Product !! colspan=2 | Engineering\n"
               "|-\n! PM !! Designer !! EM !! Engineers\n|-\n| Set goals || D || C || A || I\n|-\n| Hire || C || I || D || C\n|}\n")
    rows = parse_team_page(MINI_TEAM.replace(daci, grouped), "T")["daci"]
    assert [r["role"] for r in rows if r["decision"] == "Set goals"] == ["PM", "Designer", "EM", "Engineers"]


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


def test_a_second_header_row_of_holders_leaves_the_roles_as_they_are():
    daci = _DACI_BLOCK
    holders = daci.replace("! Decision !! PM !! EM !! Eng", "! Decision !! PM !! EM !! Eng\n|-\n! !! <small>(Ann Lee)</small> !! Bob Roe !! Cy")
    rows = parse_team_page(MINI_TEAM.replace(daci, holders), "T")["daci"]
    assert {r["role"] for r in rows} == {"PM", "EM", "Eng"}


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


def test_a_former_or_another_teams_daci_is_not_merged_into_the_teams():
    extra = ("== Former DACI (before the reorg) ==\n{|\n! Decision !! PM !! EM !! Eng\n|-\n| Set goals || A || D || C\n|-\n| Hire || D || A || I\n|}\n"
             "== Working with the Platform team ==\n{|\n! Decision !! Platform PM !! Platform EM\n|-\n| Set goals || A || C\n|-\n| Hire || I || D\n|}\n")
    assert parse_team_page(MINI_TEAM + extra, "T")["daci"] == parse_team_page(MINI_TEAM, "T")["daci"]


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
