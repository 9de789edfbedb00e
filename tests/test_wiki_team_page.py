"""The team page: the demo page, and other layouts of it written the way real editors do."""

from __future__ import annotations

import pytest

from lib.sync.wiki_pages import WikiPageError, parse_team_page
from tests.wiki_page_helpers import LISTED_TEAM, MINI_TEAM, OTHER_LAYOUTS, TEAM_VARIANT, _DACI_BLOCK, demo


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


def test_people_table_may_have_extra_columns_like_tasks():
    text = TEAM_VARIANT.replace("! Title !! Location !! Name", "! Title !! Tasks !! Name")
    members = parse_team_page(text, "T")["team_members"]
    assert [m["name"] for m in members] == ["Ann A.", "Bob B.", "Cy C.", "Di D."]


def test_a_roster_with_a_tasks_column_is_no_guide_to_the_board():
    text = TEAM_VARIANT.replace("! Title !! Location !! Name", "! Title !! Tasks !! Name")
    assert "! Title !! Tasks !! Name" in text
    page = parse_team_page(text, "T")
    expected = parse_team_page(TEAM_VARIANT, "T")
    assert page["column_guide"] == expected["column_guide"]
    assert [m["name"] for m in page["team_members"]] == [m["name"] for m in expected["team_members"]]


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


def test_a_board_column_guide_headed_column_title_is_no_roster():
    text = TEAM_VARIANT.replace("! Column !! Description !! Moved by", "! Column title !! Description !! Who moves tasks")
    assert "Column title" in text
    assert parse_team_page(text, "T")["column_guide"] == parse_team_page(TEAM_VARIANT, "T")["column_guide"]
    assert parse_team_page(text, "T")["column_guide"]


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


@pytest.mark.parametrize("header, role", [
    ("PM<br/>Ann Lee", "PM"), ("PM<br/><small>[[User:Ann|Ann]]</small>", "PM"), ("PM<br/>{{u|Ann}}", "PM"),
    ("Product<br/>Manager<br/><small>(Ann)</small>", "Product Manager"), ("Engineering<br/>Manager", "Engineering Manager"),
])
def test_a_daci_role_header_without_who_holds_it(header, role):
    text = MINI_TEAM.replace("! Decision !! PM !! EM !! Eng", f"! Decision !! {header} !! EM !! Eng")
    assert parse_team_page(text, "T")["daci"][0]["role"] == role


# --- a team page written as lists ----------------------------------------------------------------


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


def test_roles_and_people_that_only_begin_like_a_vacancy_are_kept():
    text = ("{|\n! Name !! Role\n|-\n| New hire: Ann Lee || Engineer\n|-\n| Marcel·lí Pérez || Open-source lead\n"
            "|-\n| Backfill: Bob Roe || Backfill coordinator\n|}\n\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1])
    members = [(m["name"], m["role"]) for m in parse_team_page(text, "T")["team_members"]]
    assert members == [("Ann Lee", "Engineer"), ("Marcel·lí Pérez", "Open-source lead"), ("Bob Roe", "Backfill coordinator")]


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


def test_a_contacts_table_with_an_extra_column_is_no_part_of_the_roster_and_a_tools_table_no_board_guide():
    text = MINI_TEAM + "== Points of contact ==\n{|\n! Name !! Role !! Team\n|-\n| Zed Zane || SRE liaison || SRE\n|}\n"
    assert [m["name"] for m in parse_team_page(text, "T")["team_members"]] == ["Ann Lee"]
    tools = MINI_TEAM.replace("== Board ==", "== Tools ==\n{|\n! Name !! Use\n|-\n| Etherpad || notes\n|}\n== Board ==")
    guide = parse_team_page(tools, "T")["column_guide"]
    assert [(c["board"], c["column_name"]) for c in guide] == [("workboard", "Inbox")]


# --- second review: what the wider readings must not take ----------------------------------------


def test_a_second_header_row_of_holders_leaves_the_roles_as_they_are():
    daci = _DACI_BLOCK
    holders = daci.replace("! Decision !! PM !! EM !! Eng", "! Decision !! PM !! EM !! Eng\n|-\n! !! <small>(Ann Lee)</small> !! Bob Roe !! Cy")
    rows = parse_team_page(MINI_TEAM.replace(daci, holders), "T")["daci"]
    assert {r["role"] for r in rows} == {"PM", "EM", "Eng"}


def test_a_meetings_table_with_a_when_column_but_no_who_and_no_events_table():
    text = MINI_TEAM + ("{|\n! Event !! When !! Where\n|-\n| Wikimania || Aug || Singapore\n|}\n"
                        "{|\n! Meeting !! When !! Purpose\n|-\n| Team Leads Planning || Tuesdays 16:00 CET || Priorities\n|}\n")
    assert [r["ritual"] for r in parse_team_page(text, "T")["meeting_rituals"]] == ["Team Leads Planning"]


# --- third probe: whole pages in other house styles ------------------------------------------------


def test_board_column_items_with_parentheses_and_who_moves_them_after_a_colon():
    text = MINI_TEAM.split("== Board ==")[0] + ("== Workboard columns ==\n"
            "* '''Following''' – Tasks we keep an eye on. Moved by: Product Manager, Tech Lead.\n"
            "* '''CommTech-Sprint-x''' (where x is a numbered sprint) – Milestone column!\n"
            "; Estimated (ready for a sprint)\n: Tasks that have been estimated\n")
    guide = [(c["column_name"], c["what"], c["who_moves"]) for c in parse_team_page(text, "T")["column_guide"]]
    assert guide == [("Following", "Tasks we keep an eye on. Moved by: Product Manager, Tech Lead.", "Product Manager, Tech Lead"),
                     ("CommTech-Sprint-x (where x is a numbered sprint)", "Milestone column!", None),
                     ("Estimated (ready for a sprint)", "Tasks that have been estimated", None)]


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


# --- third review: what the newest readings must leave alone ------------------------------------


def test_a_former_or_another_teams_daci_is_not_merged_into_the_teams():
    extra = ("== Former DACI (before the reorg) ==\n{|\n! Decision !! PM !! EM !! Eng\n|-\n| Set goals || A || D || C\n|-\n| Hire || D || A || I\n|}\n"
             "== Working with the Platform team ==\n{|\n! Decision !! Platform PM !! Platform EM\n|-\n| Set goals || A || C\n|-\n| Hire || I || D\n|}\n")
    assert parse_team_page(MINI_TEAM + extra, "T")["daci"] == parse_team_page(MINI_TEAM, "T")["daci"]


def test_board_items_with_a_description_in_parentheses_and_a_current_sprint_group():
    text = MINI_TEAM.split("== Board ==")[0] + ("== Workboard ==\n* '''Backlog''' (tasks not yet triaged)\n"
                                                "* Current sprint:\n** To do – planned for the sprint\n")
    guide = [(c["board"], c["column_name"], c["what"]) for c in parse_team_page(text, "T")["column_guide"]]
    assert guide == [("workboard", "Backlog", "tasks not yet triaged"), ("sprint", "To do", "planned for the sprint")]


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


def test_a_meetings_table_whose_cells_use_decision_words_is_still_the_meetings():
    text = MINI_TEAM + ("== Meetings ==\n{|\n! Meeting !! Who !! What !! When\n|-\n| Standup || Devs, EM drives || Sync || Daily\n"
                        "|-\n| Planning || Team, PM drives || Approve sprint scope || Weekly\n"
                        "|-\n| Demo || PM drives || Inform stakeholders || Monthly\n|}\n")
    assert [r["ritual"] for r in parse_team_page(text, "T")["meeting_rituals"]] == ["Standup", "Planning", "Demo"]
