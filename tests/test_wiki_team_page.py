"""The team page: the demo page, and other layouts of it written the way real editors do."""

from __future__ import annotations

import pytest

from lib.sync.wiki_pages import WikiPageError, parse_team_page
from tests.wiki_page_helpers import LISTED_TEAM, MINI_TEAM, TEAM_VARIANT, demo

# The roles section of a complete team page, put after a roster under test.
ROLES = "\n== Roles ==" + TEAM_VARIANT.split("== Roles ==")[1]


def roster_of(text: str) -> list[tuple[str, str]]:
    """(name, role) of each member the team page lists, in page order."""
    return [(m["name"], m["role"]) for m in parse_team_page(text, "T")["team_members"]]


def names_in(text: str) -> list[str]:
    return [name for name, _ in roster_of(text)]


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
            + ROLES)
    members = roster_of(text)
    assert members == [("Ann Lee", "Engineer"), ("MusikAnimal", "Engineer"), ("Samwilson", "Engineer"), ("Kim Ko", "QA")]


def test_roster_cells_with_a_signature_a_url_written_name_a_struck_role_or_a_remark_under_the_role():
    sig = "[[User:ALee (WMF)|Ann Lee]] ([[User talk:ALee (WMF)|talk]]) 10:00, 1 March 2024 (UTC)"
    text = (f"{{|\n! Name !! Role\n|-\n| {sig} || Engineer\n|-\n| [[User:Karolin_Siebert]] || <s>Product Manager</s> "
            "Engineering Manager<br/><small>(since 2023)</small>\n|-\n| {{u|Bob_Roe}} || QA\n|}\n"
            + ROLES)
    members = roster_of(text)
    assert members == [("Ann Lee", "Engineer"), ("Karolin Siebert", "Engineering Manager"), ("Bob Roe", "QA")]


def test_a_board_column_guide_headed_column_title_is_no_roster():
    text = TEAM_VARIANT.replace("! Column !! Description !! Moved by", "! Column title !! Description !! Who moves tasks")
    assert "Column title" in text
    assert parse_team_page(text, "T")["column_guide"] == parse_team_page(TEAM_VARIANT, "T")["column_guide"]
    assert parse_team_page(text, "T")["column_guide"]


def test_roster_rows_that_name_no_current_member():
    text = MINI_TEAM.replace("| Ann Lee || PM\n", "| Ann Lee || PM\n|-\n| ''vacant'' || Designer\n|-\n| TBD || QA\n"
                             "|-\n| {{u|BRoe (WMF)|Bob Roe}} ([[User talk:BRoe|talk]]) || Eng\n"
                             "|-\n| Hana Ito {{small|(on leave)}} || Eng\n|-\n! colspan=2 | Former members\n|-\n| Old Guy || Eng\n")
    assert names_in(text) == ["Ann Lee", "Bob Roe", "Hana Ito"]


def test_layout_templates_around_a_cell_are_no_content():
    text = MINI_TEAM.replace("| PM || Roadmap", "| PM || {{Collapse top|Details}}\n* Roadmap\n* Backlog\n{{Collapse bottom}}")
    assert [r["responsibility"] for r in parse_team_page(text, "T")["role_responsibilities"]] == ["Roadmap", "Backlog"]


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
    assert names_in(text) == ["Ann Lee"]


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
    assert roster_of(text) == [
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


@pytest.mark.parametrize("cell", ["Open position", "Position open", "We're hiring!", "Currently hiring",
                                  "To be filled", "Not yet hired", "Backfill in progress", "'''Total'''",
                                  "10 people", "Open – [[Jobs]]"])
def test_a_vacancy_or_a_total_row_in_the_roster_is_no_member(cell):
    text = ("{|\n! Name !! Role\n|-\n| Ann Lee || Engineer\n|-\n| " + cell + " || Senior Engineer\n|}\n"
            + ROLES)
    assert names_in(text) == ["Ann Lee"]


def test_names_split_by_dots_or_bars_and_without_pronouns_or_flags():
    text = ("{|\n! Name !! Role\n|-\n| Harumi Monroy {{·}} Ann Lee || Engineer\n|-\n| Bob Roe • Cy Cole || QA\n|-\n"
            "| Dee Dunn, she/her || Designer\n|-\n| Eli Ek – he/him || PM\n|-\n| Fay Fu {{pronouns|they/them}} 🇬🇭 || EM\n|}\n"
            + ROLES)
    assert names_in(text) == [
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
    # ... nor is one after a comma
    ("Ann Lee, contractor", "Engineer", ("Ann Lee", "Engineer")),
    ("Ann Lee, WMDE", "Engineer", ("Ann Lee", "Engineer")),
    ("Ann Lee, WMDE contractor, she/her", "Engineer", ("Ann Lee", "Engineer")),
])
def test_a_contractor_remark_is_neither_part_of_the_name_nor_of_the_role(name, role, member):
    table = "{|\n! Name !! Role\n|-\n| " + name + " || " + role + "\n|}\n"
    listed = "== Team ==\n* " + name + " – " + role + "\n"
    for roster in (table, listed):
        text = roster + ROLES
        assert roster_of(text) == [member]


def test_a_remark_of_several_parts_with_pronouns_after_a_name_goes_whole():
    # "(Berlin, she/her)": the pronouns went and left "Ann Lee (Berlin" behind
    text = ("{|\n! Name !! Role\n|-\n| Ann Lee (Berlin, she/her) || Engineer\n|-\n| Bo Chen (they/them; remote) || QA\n"
            "|-\n| Cy Cole (she/her, WMDE) || Designer\n|-\n| Dee Dunn (PM, he/him), Eli Ek (Paris, he/him) || "
            "Product Manager (PM)\n|}\n" + ROLES)
    members = roster_of(text)
    assert members == [("Ann Lee", "Engineer"), ("Bo Chen", "QA"), ("Cy Cole", "Designer"),
                       ("Dee Dunn", "Product Manager (PM)"), ("Eli Ek", "Product Manager (PM)")]


def test_a_remark_after_a_comma_goes_and_names_after_commas_are_still_people():
    text = ("{|\n! Name !! Role\n|-\n| Ann Lee, contractor || Engineer\n|-\n| Bo Chen, WMDE; Cy Cole, she/her || QA\n"
            "|-\n| Dee Dunn, Eli Ek, volunteer || Designer\n|-\n| Lee, Ann || PM\n|}\n"
            + ROLES)
    assert roster_of(text) == [
        ("Ann Lee", "Engineer"), ("Bo Chen", "QA"), ("Cy Cole", "QA"), ("Dee Dunn", "Designer"), ("Eli Ek", "Designer"),
        ("Lee, Ann", "PM")]


def test_roles_and_people_that_only_begin_like_a_vacancy_are_kept():
    text = ("{|\n! Name !! Role\n|-\n| New hire: Ann Lee || Engineer\n|-\n| Marcel·lí Pérez || Open-source lead\n"
            "|-\n| Backfill: Bob Roe || Backfill coordinator\n|}\n" + ROLES)
    members = roster_of(text)
    assert members == [("Ann Lee", "Engineer"), ("Marcel·lí Pérez", "Open-source lead"), ("Bob Roe", "Backfill coordinator")]


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


def test_a_contacts_table_with_an_extra_column_is_no_part_of_the_roster_and_a_tools_table_no_board_guide():
    text = MINI_TEAM + "== Points of contact ==\n{|\n! Name !! Role !! Team\n|-\n| Zed Zane || SRE liaison || SRE\n|}\n"
    assert names_in(text) == ["Ann Lee"]
    tools = MINI_TEAM.replace("== Board ==", "== Tools ==\n{|\n! Name !! Use\n|-\n| Etherpad || notes\n|}\n== Board ==")
    guide = parse_team_page(tools, "T")["column_guide"]
    assert [(c["board"], c["column_name"]) for c in guide] == [("workboard", "Inbox")]


# --- second review: what the wider readings must not take ----------------------------------------


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


# --- third review: what the newest readings must leave alone ------------------------------------


def test_board_items_with_a_description_in_parentheses_and_a_current_sprint_group():
    text = MINI_TEAM.split("== Board ==")[0] + ("== Workboard ==\n* '''Backlog''' (tasks not yet triaged)\n"
                                                "* Current sprint:\n** To do – planned for the sprint\n")
    guide = [(c["board"], c["column_name"], c["what"]) for c in parse_team_page(text, "T")["column_guide"]]
    assert guide == [("workboard", "Backlog", "tasks not yet triaged"), ("sprint", "To do", "planned for the sprint")]


# --- fourth review ------------------------------------------------------------------------------


def test_a_meetings_table_whose_cells_use_decision_words_is_still_the_meetings():
    text = MINI_TEAM + ("== Meetings ==\n{|\n! Meeting !! Who !! What !! When\n|-\n| Standup || Devs, EM drives || Sync || Daily\n"
                        "|-\n| Planning || Team, PM drives || Approve sprint scope || Weekly\n"
                        "|-\n| Demo || PM drives || Inform stakeholders || Monthly\n|}\n")
    assert [r["ritual"] for r in parse_team_page(text, "T")["meeting_rituals"]] == ["Standup", "Planning", "Demo"]


# --- fifth probe: user links, staff accounts, field headings, departures ----------------------------


def test_a_roster_name_followed_by_talk_and_email_links_is_one_member():
    # the links' words were split off as two members: "Ann Lee (talk" and "email)" (a bar in a cell is {{!}})
    text = ("{|\n! Photo !! Name !! Role\n|-\n| [[File:Ann Lee.jpg|60px]] || Ann Lee ([[User talk:ALee (WMF)|talk]] · "
            "[[Special:EmailUser/ALee (WMF)|email]]) || Product Manager\n|-\n| || Bob Roe ([[User talk:BRoe|talk]] {{!}} "
            "[[Special:Contributions/BRoe|contribs]] {{!}} [[Special:EmailUser/BRoe|email]]) || Engineer\n|}\n"
            + ROLES)
    assert roster_of(text) == [
        ("Ann Lee", "Product Manager"), ("Bob Roe", "Engineer")]


def test_a_staff_account_suffix_in_a_listed_roster_is_no_role():
    # "Bob Roe (WMF)" under "=== Engineers ===" was an engineer with the role "WMF"
    text = ("== Team ==\n=== Engineers ===\n* Bob Roe (WMF)\n* {{u|Cy Cole (WMF)}}\n* [[User:Eve Ek (WMF)|Eve Ek]] (WMF)\n"
            "* Fay Fu (WMDE, contractor)\n* Gus Gu (WMF contractor)\n* Hal Ho (contractor, he/him)\n"
            + ROLES)
    assert roster_of(text) == [
        (n, "Engineers") for n in ("Bob Roe", "Cy Cole", "Eve Ek", "Fay Fu", "Gus Gu", "Hal Ho")]


def test_a_role_in_parentheses_after_a_listed_name_is_still_the_role():
    # only an employer, a contract or pronouns go: "(QA Engineer)", "(Berlin)" are still read as before
    text = ("== Team ==\n* Dom Walden (QA Engineer)\n* Ann Lee (WMF) – Product Manager\n=== Engineers ===\n"
            "* Bob Roe (Backend)\n" + ROLES)
    assert roster_of(text) == [
        ("Dom Walden", "QA Engineer"), ("Ann Lee", "Product Manager"), ("Bob Roe", "Backend")]


def test_a_field_of_work_heading_or_label_in_a_listed_roster_is_the_role():
    # "=== Design ===" over "* Dana Diaz" gave her no role; "* Design: Dana Diaz" gave no member at all,
    # and "; User Research" over ": Ann Lee" read the label as a person
    text = ("== Team ==\n=== Design ===\n* Dana Diaz\n=== Product ===\n* Ann Lee\n=== Engineering ===\n* Bob Roe\n"
            "=== Data science ===\n* Cy Cole\n== Staff ==\n* Design: Eve Ek\n* Engineering: Fay Fu, Gus Gu\n"
            "; User Research\n: Hal Ho\n" + ROLES)
    assert roster_of(text) == [
        ("Dana Diaz", "Design"), ("Ann Lee", "Product"), ("Bob Roe", "Engineering"), ("Cy Cole", "Data science"),
        ("Eve Ek", "Design"), ("Fay Fu", "Engineering"), ("Gus Gu", "Engineering"), ("Hal Ho", "User Research")]


def test_a_heading_in_a_listed_roster_that_names_no_field_of_work_gives_no_role():
    # a place, a sub-team or a kind of contract is no role
    text = ("== Team ==\n=== Berlin ===\n* Dana Diaz\n=== Growth ===\n* Ann Lee\n=== Volunteers ===\n* Bob Roe\n"
            + ROLES)
    assert roster_of(text) == [
        ("Dana Diaz", ""), ("Ann Lee", ""), ("Bob Roe", "")]


def _roster(header: str, *rows: str) -> str:
    return ("{|\n! " + header + "\n" + "".join(f"|-\n| {r}\n" for r in rows) + "|}\n"
            + ROLES)


def test_a_roster_row_whose_status_says_the_person_left_is_no_member():
    text = _roster("Name !! Role !! Status", "Ann Lee || PM || Active", "Bob Roe || Engineer || Left in March 2024",
                   "Cy Cole || Engineer || Former", "Dee Dunn || QA || No longer on the team",
                   # still on it: away for now, leaving later, or nothing said
                   "Eve Ek || QA || On leave", "Fay Fu || Designer || Leaving in June 2099", "Gus Gu || EM ||")
    assert names_in(text) == ["Ann Lee", "Eve Ek", "Fay Fu", "Gus Gu"]


@pytest.mark.parametrize("header", ["Left", "End date", "Until"])
def test_a_roster_row_with_a_past_end_date_is_no_member(header):
    # a future end date (a contract running on) or none keeps the person
    text = _roster(f"Name !! Role !! Joined !! {header}", "Ann Lee || PM || 2021 ||", "Bob Roe || Engineer || 2019 || 2024",
                   "Cy Cole || Engineer || 2020 || March 31, 2023", "Dee Dunn || QA || 2022 || 2099-06-30",
                   "Eve Ek || QA || 2022 || present", "Fay Fu || EM || 2023 || TBD")
    assert names_in(text) == ["Ann Lee", "Dee Dunn", "Eve Ek", "Fay Fu"]


def test_a_departure_written_in_the_role_or_after_the_name_takes_the_person_off_the_roster():
    text = _roster("Name !! Role", "Ann Lee || Product Manager", "Bob Roe || Software Engineer (left in March 2024)",
                   "Cy Cole || Former Engineering Manager", "Dee Dunn || <s>Designer</s> (left)",
                   "Eve Ek (left in 2023), Fay Fu || QA", "Gus Gu (former) || Engineer", "Hal Ho || ex-Engineer")
    assert roster_of(text) == [
        ("Ann Lee", "Product Manager"), ("Fay Fu", "QA")]


def test_words_that_only_look_like_a_departure_keep_the_person():
    # "Former" inside a word or of a past role beside the current one, "formerly" a former name, an end still to come
    text = _roster("Name !! Role", "Ann Lee || Performance Engineer", "Bob Roe || Former EM, now Product Manager",
                   "Cy Cole (formerly Cy Smith) || Engineer", "Dee Dunn || Platform Engineer (formerly PM)",
                   "Eve Ek || Software Engineer (until June 2099)", "Fay Fu || Engineering Manager (since 2023)",
                   "Gus Gu || Ex officio member")
    assert roster_of(text) == [
        ("Ann Lee", "Performance Engineer"), ("Bob Roe", "Former EM, now Product Manager"), ("Cy Cole", "Engineer"),
        ("Dee Dunn", "Platform Engineer (formerly PM)"), ("Eve Ek", "Software Engineer"),
        ("Fay Fu", "Engineering Manager"), ("Gus Gu", "Ex officio member")]


def test_a_departure_written_in_a_listed_roster_takes_the_person_off_it():
    text = ("== Team ==\n* Ann Lee – Product Manager\n* Bob Roe – Software Engineer (left in March 2024)\n"
            "* Cy Cole – Former Engineering Manager\n* Dee Dunn (left)\n* Engineers: Eve Ek (left in 2023), Fay Fu\n"
            "* Gus Gu – Performance Engineer\n* Hal Ho – Engineer (until June 2099)\n"
            + ROLES)
    assert roster_of(text) == [
        ("Ann Lee", "Product Manager"), ("Fay Fu", "Engineers"), ("Gus Gu", "Performance Engineer"),
        ("Hal Ho", "Engineer")]


def test_a_stay_ending_in_the_past_inside_a_name_role_or_status_keeps_the_person():
    """"until <past date>" in a remark is mostly a leave or an acting role that ended, not a departure:
    dropping a current member is worse than listing one who left."""
    text = _roster("Name !! Role !! Status", "Ann Lee (on leave until March 2024) || Engineer || Active",
                   "Bob Roe || Interim EM (until March 2024, then Eng) ||",
                   "Cy Cole || Engineer || Parental leave until 1 March 2024",
                   "Dee Dunn || Engineer (acting EM until Jan 2025) ||", "Eve Ek || Software Engineer (until March 2024) ||")
    assert roster_of(text) == [
        ("Ann Lee", "Engineer"), ("Bob Roe", "Interim EM (until March 2024, then Eng)"), ("Cy Cole", "Engineer"),
        ("Dee Dunn", "Engineer (acting EM until Jan 2025)"), ("Eve Ek", "Software Engineer")]


def test_a_status_that_only_starts_with_a_departure_word_keeps_the_person():
    """Only a Status cell that is wholly a departure ("Former", "Left in March 2024") takes someone off."""
    text = _roster("Name !! Role !! Status", "Ann Lee || Engineer || Moved to part-time",
                   "Bob Roe || Engineer || Former contractor, now staff", "Cy Cole || Engineer || No longer part-time",
                   "Dee Dunn || Engineer || Left: 2099", "Eve Ek || Engineer || Alumni mentor",
                   "Fay Fu || Engineer || Alumni", "Gus Gu || Engineer || Departed", "Hal Ho || Engineer || Left: 2023")
    assert names_in(text) == [
        "Ann Lee", "Bob Roe", "Cy Cole", "Dee Dunn", "Eve Ek"]


def test_a_remark_after_a_name_that_only_starts_with_a_departure_word_keeps_the_person():
    text = _roster("Name !! Role", "Ann Lee (moved to Berlin) || Engineer", "Bob Roe (left-handed) || Engineer",
                   "Cy Cole (no longer part-time) || Engineer", "Dee Dunn (retired from Wikidata) || Engineer",
                   "Eve Ek (left) || Engineer")
    assert names_in(text) == [
        "Ann Lee", "Bob Roe", "Cy Cole", "Dee Dunn"]


def test_a_role_that_only_starts_like_a_former_one_keeps_the_person():
    """"Ex-officio" is no ex-role; "Ex-Googler, Engineer" gives the current role."""
    text = _roster("Name !! Role", "Ann Lee || Ex-officio member", "Bob Roe || Ex-Googler, Engineer",
                   "Cy Cole || Ex EM", "Dee Dunn || Former Designer")
    assert roster_of(text) == [
        ("Ann Lee", "Ex-officio member"), ("Bob Roe", "Ex-Googler, Engineer")]


def test_a_column_that_merely_contains_the_word_end_is_no_end_date():
    """"Front end / Back end" is a field of work, not the day one left."""
    text = _roster("Name !! Role !! Front end / Back end", "Ann Lee || Engineer || Back end since 2019",
                   "Bob Roe || Engineer || 2019")
    assert names_in(text) == ["Ann Lee", "Bob Roe"]


def test_a_departed_person_in_a_listed_role_group_leaves_the_role_to_the_others():
    text = ("== Team ==\n* Designers – Dee Dunn (left); Eve Ek\n* Engineers – Fay Fu; Gus Gu (former)\n"
            + ROLES)
    assert roster_of(text) == [
        ("Eve Ek", "Designers"), ("Fay Fu", "Engineers")]


def test_a_past_employment_beside_a_current_role_keeps_the_person():
    """"Former staff" says someone's employment ended, not their place on the team: a former staff
    member still listed as a volunteer is on it, and a retiree may stay on as an advisor."""
    text = _roster("Name !! Role !! Status", "Ann Lee || Volunteer developer || Former staff",
                   "Bob Roe (former staff) || Volunteer ||", "Cy Cole || Volunteer (former staff) ||",
                   "Dee Dunn || Advisor || Retired", "Eve Ek || Engineer || Former employee")
    assert names_in(text) == [
        "Ann Lee", "Bob Roe", "Cy Cole", "Dee Dunn", "Eve Ek"]


def test_a_past_employment_in_a_listed_roster_keeps_the_person():
    text = ("== Team ==\n* Ann Lee – Volunteer (former staff)\n* Bob Roe (former staff) – Volunteer developer\n"
            + ROLES)
    assert roster_of(text) == [
        ("Ann Lee", "Volunteer (former staff)"), ("Bob Roe", "Volunteer developer")]


def test_a_status_wholly_of_leaving_the_team_still_takes_the_person_off():
    """The near misses of a past employment: the team left ("Former member"), a retiree with a role only
    staff hold, a volunteer who left."""
    text = _roster("Name !! Role !! Status", "Ann Lee || PM ||", "Bob Roe || Engineer || Retired",
                   "Cy Cole || Volunteer || Former", "Dee Dunn || Volunteer || Former member",
                   "Eve Ek || Advisor || Alumni", "Fay Fu || Designer || (retired)")
    assert names_in(text) == ["Ann Lee"]


def test_a_past_employer_before_a_role_is_no_former_role():
    """"Ex-WMDE engineer", "former Mozilla engineer": the employer is past, the engineer is here."""
    text = _roster("Name !! Role", "Ann Lee || Ex-WMDE engineer", "Bob Roe || Ex-Google SRE",
                   "Cy Cole || former Mozilla engineer", "Dee Dunn || Ex-WMF Product Manager")
    assert roster_of(text) == [
        ("Ann Lee", "Ex-WMDE engineer"), ("Bob Roe", "Ex-Google SRE"), ("Cy Cole", "former Mozilla engineer"),
        ("Dee Dunn", "Ex-WMF Product Manager")]


def test_a_role_wholly_of_the_past_still_takes_the_person_off():
    """The near misses of a past employer: a role that was, however it is qualified."""
    text = _roster("Name !! Role", "Ann Lee || PM", "Bob Roe || Former Senior Software Engineer",
                   "Cy Cole || Ex-Lead Community Tech Manager", "Dee Dunn || former Head of Product",
                   "Eve Ek || Former UX designer", "Fay Fu || Ex-Technical Program Manager")
    assert names_in(text) == ["Ann Lee"]
    listed = ("== Team ==\n* Ann Lee – PM\n* Bob Roe – Former Software Engineer\n* Cy Cole – former Mozilla engineer\n"
              + ROLES)
    assert [m["name"] for m in parse_team_page(listed, "T")["team_members"]] == ["Ann Lee", "Cy Cole"]


def test_a_day_of_leaving_is_judged_against_the_sync_s_today(monkeypatch):
    """The roster reads "today" where every other dated rule does, so a sync (and a test) that sets
    the day sets it for the roster too."""
    from datetime import date

    from lib.sync.wiki_pages import dates

    monkeypatch.setattr(dates, "_today", lambda: date(2023, 6, 1))
    text = _roster("Name !! Role !! Left", "Ann Lee || PM ||", "Bob Roe || Engineer || 2024",
                   "Cy Cole || Engineer || March 31, 2023")
    assert names_in(text) == ["Ann Lee", "Bob Roe"]
    status = _roster("Name !! Role !! Status", "Ann Lee || PM ||", "Bob Roe || Engineer || Left in 2024")
    assert [m["name"] for m in parse_team_page(status, "T")["team_members"]] == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("role", ["Former Engineering Manager<br>Staff Engineer", "Former Engineering Manager<br />Staff Engineer",
                                  "Former Engineering Manager – Staff Engineer", "Former Engineering Manager -> Staff Engineer",
                                  "Ex-Engineering Manager: Staff Engineer", "Former Engineering Manager → Staff Engineer",
                                  "Former Engineering Manager - Staff Engineer", "Former Engineering Manager + Staff Engineer"])
def test_a_former_role_beside_a_current_one_anywhere_in_the_cell_keeps_the_person(role):
    """A second role, on another line or past a dash, arrow or colon, is the one held now (dropped, a
    current member vanished from the roster without a word)."""
    text = _roster("Name !! Role", "Ann Lee || PM", f"Bob Roe || {role}")
    assert names_in(text) == ["Ann Lee", "Bob Roe"]
    listed = ("== Team ==\n* Ann Lee – PM\n* Bob Roe – Former Engineering Manager -> Staff Engineer\n"
              + ROLES)
    assert [m["name"] for m in parse_team_page(listed, "T")["team_members"]] == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("role", ["Former Front-end Engineer", "Former Sr. Software Engineer", "Ex-Engineering Manager.",
                                  "Former Head of Product & Design"])
def test_a_former_role_written_in_one_piece_still_takes_the_person_off(role):
    """Near misses: a hyphen inside a word, a full stop, an "&" within one title are no second role."""
    text = _roster("Name !! Role", "Ann Lee || PM", f"Bob Roe || {role}")
    assert names_in(text) == ["Ann Lee"]


@pytest.mark.parametrize("role", ["Former EM. Staff Engineer", "Ex-EM. Engineer", "Former Engineering Manager. Senior Engineer",
                                  "Former PM.  Software Engineer"])
def test_a_former_role_ended_by_a_full_stop_keeps_the_person_holding_the_next(role):
    """A full stop then more words ends the former role as a line break does: what follows is the role
    held now (dropped, a current member vanished from the roster)."""
    text = _roster("Name !! Role", "Ann Lee || PM", f"Bob Roe || {role}")
    assert names_in(text) == ["Ann Lee", "Bob Roe"]
    listed = (f"== Team ==\n* Ann Lee – PM\n* Bob Roe – {role}\n"
              + ROLES)
    assert [m["name"] for m in parse_team_page(listed, "T")["team_members"]] == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("role", ["Former Jr. Software Engineer", "Ex-Sr. Engineering Manager", "Former Sr. Eng. Manager",
                                  "Former Engineering Manager.", "Former Sr. Engineer."])
def test_an_abbreviation_s_full_stop_inside_a_former_role_still_takes_the_person_off(role):
    """Near misses: "Sr." or "Eng." shortens a word of the one title; a full stop closing the cell ends nothing."""
    text = _roster("Name !! Role", "Ann Lee || PM", f"Bob Roe || {role}")
    assert names_in(text) == ["Ann Lee"]


# --- user links as every page reads them (people._USER_LINK) --------------------------------------------


def _listed_under(group: str, item: str) -> list[tuple[str, str]]:
    text = f"== Team ==\n=== {group} ===\n* Ann Lee\n* {item}\n" + ROLES
    return roster_of(text)


@pytest.mark.parametrize("item", ["{{userlinks|Zed}}", "[[User_talk:Zed|Zed]]", "[[Special:Contributions/Zed|Zed]]",
                                  "Zed ([[User talk:Zed|talk]])", "{{Ut|Zed}}"])
def test_a_one_word_user_name_given_by_any_user_link_is_a_member(item):
    """A user name alone ("Zed") is a member beside a user link, however the wiki writes it, as it was
    beside [[User:Zed|Zed]] or {{u|Zed}}."""
    assert _listed_under("Berlin", item) == [("Ann Lee", ""), ("Zed", "")]


@pytest.mark.parametrize("item", ["Zed", "Zed ([[Zed project|site]])", "Zed ([[Special:Log/Zed|log]])", "{{re|Zed}}"])
def test_a_one_word_name_without_a_sure_user_link_is_still_no_member(item):
    assert _listed_under("Berlin", item) == [("Ann Lee", "")]


# --- one rule for the end of a period (dates._period_end) -----------------------------------------------


@pytest.mark.parametrize("left", ["Q3 2026", "FY2025-26 Q3", "mid-2024", "2019-2024"])
def test_a_past_end_written_as_a_quarter_or_a_span_of_years_takes_the_person_off(monkeypatch, left):
    """The roster reads an end as every dated rule does (dates._period_end): "Q3 2026" ended on Sept 30,
    2026 (it read as the year's end, the quarter unread), "mid-2024" with 2024, "2019-2024" with 2024
    (neither year was read beside a hyphen)."""
    from datetime import date

    from lib.sync.wiki_pages import dates

    monkeypatch.setattr(dates, "_today", lambda: date(2026, 11, 30))
    text = _roster("Name !! Role !! Left", "Ann Lee || PM ||", f"Bob Roe || Engineer || {left}")
    assert names_in(text) == ["Ann Lee"]


@pytest.mark.parametrize("left", ["Q1 2027", "2023-24", "12/2023", "2024 – present", "2019 – 2030", "Nov 30, 2026"])
def test_an_end_to_come_running_on_or_unreadable_keeps_the_person(monkeypatch, left):
    """The near misses: an end still to come (the last of two years, a day that is today), "present", and
    a short fiscal year or a month written in numbers, which name no end the roster can trust."""
    from datetime import date

    from lib.sync.wiki_pages import dates

    monkeypatch.setattr(dates, "_today", lambda: date(2026, 11, 30))
    text = _roster("Name !! Role !! Left", "Ann Lee || PM ||", f"Bob Roe || Engineer || {left}")
    assert names_in(text) == ["Ann Lee", "Bob Roe"]


# --- only a link naming the person makes a roster member (people._user_link_names) ----------------------


@pytest.mark.parametrize("item", ["Search — [[User talk:Ann#Search|thread]]", "Documentation ([[User talk:Ann#Docs|discussion]])",
                                  "Growth ([[Special:Contributions/Ann|contribs]])", "Documentation ([[User:Ann/Docs|draft]])",
                                  "Onboarding ([[User talk:Ann|talk]])", "Phabricator ([[User:Ann|ask Ann]])"])
def test_a_word_beside_a_discussion_link_or_a_user_s_subpage_is_no_member(item):
    """A link to a user's talk page, a section of it, their contributions or a subpage of theirs is a
    reference to a discussion, not a person: the word beside it ("Search") or the words it shows
    ("discussion", "draft") are no member."""
    assert _listed_under("Berlin", item) == [("Ann Lee", "")]


def test_a_group_label_beside_a_talk_link_is_no_member():
    """"; Backend ([[User talk:Ann|Ann]])" points to Ann's talk page beside the group's name: Ann is its
    contact, not a member with "Backend" for a role."""
    text = ("== Team ==\n; Backend ([[User talk:Ann|Ann]])\n: Engineer\n; Bob Roe\n: PM\n"
            + ROLES)
    assert roster_of(text) == [("Bob Roe", "PM")]


@pytest.mark.parametrize("item, member", [("Documentation ([[User:Ann|Ann]])", ("Ann", "Documentation")),
                                          ("Documentation ({{u|Ann}})", ("Ann", "Documentation")),
                                          ("Legoktm ([[User talk:Legoktm|talk]])", ("Legoktm", "")),
                                          ("[[m:User talk:Zed|Zed]]", ("Zed", ""))])
def test_a_user_named_by_their_own_link_is_still_a_member(item, member):
    """The near misses: a link to the user page or a user template showing the name, a signature's talk
    link after the user's own name, an item that is wholly the user's link."""
    assert _listed_under("Berlin", item) == [("Ann Lee", ""), member]


@pytest.mark.parametrize("item, member", [
    ("[[User:Quiddity (WMF)|Quiddity]]", "Quiddity"), ("{{u|Quiddity (WMF)}}", "Quiddity"), ("{{u|ALee (WMF)}}", "ALee"),
    ("[[User:Trizek (WMF)|Trizek]]", "Trizek"), ("[[User:Jdlrobson|Jon]]", "Jon"), ("[[User:SSastry (WMF)|Subbu]]", "Subbu"),
    ("Quiddity ([[User talk:Quiddity (WMF)|talk]])", "Quiddity")])
def test_a_staff_account_or_a_nickname_shown_by_the_user_s_own_link_is_a_member(item, member):
    """A staff account's name ends in its affiliation ("Quiddity (WMF)"), which the name shown leaves
    out; a link to the user page may show a nickname ("[[User:Jdlrobson|Jon]]"). Both name the person
    (they were dropped, the shown name being compared with the whole account name)."""
    assert _listed_under("Berlin", item) == [("Ann Lee", ""), (member, "")]


def test_a_staff_account_over_its_role_in_a_listed_roster_is_a_member():
    text = ("== Team ==\n; {{u|Quiddity (WMF)}}\n: Community Relations Specialist\n; Bob Roe\n: PM\n"
            + ROLES)
    assert roster_of(text) == [
        ("Quiddity", "Community Relations Specialist"), ("Bob Roe", "PM")]


def test_a_roster_listing_only_staff_accounts_by_their_links_is_read():
    """A page whose every member is a one-word account failed with "no team members table"."""
    text = ("== Team ==\n* [[User:Quiddity (WMF)|Quiddity]], [[User:Xeno (WMF)|Xeno]]\n"
            + ROLES)
    assert names_in(text) == ["Quiddity", "Xeno"]


@pytest.mark.parametrize("item, members", [
    ("Quiddity, Xeno", [("Ann Lee", "")]),
    ("[[User:Quiddity (WMF)|Quiddity]], Documentation", [("Ann Lee", ""), ("Quiddity", "Documentation")]),
    ("[[User:Quiddity (WMF)|Quiddity]], Engineer", [("Ann Lee", ""), ("Quiddity", "Engineer")])])
def test_a_comma_after_a_linked_user_still_gives_a_role_unless_a_linked_user_follows(item, members):
    """The near misses: words without links are no members; a word after the comma that no user link
    gives is still the linked user's role."""
    assert _listed_under("Berlin", item) == members


@pytest.mark.parametrize("item", ["Search — [[User talk:Quiddity (WMF)#Search|thread]]",
                                  "Onboarding ([[User talk:Quiddity (WMF)|talk]])",
                                  "Documentation ([[User:Quiddity (WMF)/Docs|draft]])",
                                  "Documentation ([[User:Quiddity (WMF)#Docs|Quiddity]])",
                                  "Growth ([[Special:Contributions/Quiddity (WMF)|contribs]])"])
def test_a_word_beside_a_staff_account_s_discussion_or_subpage_is_still_no_member(item):
    """The near misses: the affiliation left out, a talk page, a section, a subpage or the contributions
    still point to a discussion or a draft, and the word beside them is no member."""
    assert _listed_under("Berlin", item) == [("Ann Lee", "")]



@pytest.mark.parametrize("shown", ["Growth", "Web", "Search", "Design", "Me", "here", "Contact"])
def test_a_user_link_showing_a_team_or_a_link_word_is_no_member(shown):
    """"[[User:Jdlrobson|Growth]]" links the user's page under a team's name or a word of a link ("here",
    "Contact"), not the person's: the one word shown (added as a member) is no name of theirs."""
    assert _listed_under("Berlin", f"[[User:Jdlrobson|{shown}]]") == [("Ann Lee", "")]


def test_a_user_link_showing_a_team_word_over_a_list_is_no_member():
    """"; [[User:Jdlrobson|Growth]]" over "* Cy Cole" heads a group; it was added as a member."""
    text = ("== Team ==\n; [[User:Jdlrobson|Growth]]\n* Cy Cole\n"
            + ROLES)
    assert names_in(text) == ["Cy Cole"]


@pytest.mark.parametrize("item, member", [("[[User:KStoller-WMF|Kirsten]]", "Kirsten"),
                                          ("[[User:Ann_Lee (WMF)|lee]]", "lee"),
                                          ("[[User:Bob Roe|Roe]]", "Roe"), ("[[User:MMiller (WMF)|MMiller]]", "MMiller"),
                                          ("[[User:Trizek (WMF)|Benoît]]", "Benoît")])
def test_a_user_link_showing_the_account_a_word_of_it_or_a_nickname_is_still_a_member(item, member):
    """The near misses: the account's name (case and underscores aside), one of its words, a nickname
    ("Kirsten" for "KStoller-WMF") or a real name unlike the account ("Benoît" for "Trizek") still name
    the person: only a word of a link or of a team or a field is no one's."""
    assert _listed_under("Berlin", item) == [("Ann Lee", ""), (member, "")]

# --- the roster's end column: every end named, the latest; a leave; an open range -------------------------


@pytest.fixture
def on_nov_30_2026(monkeypatch):
    from datetime import date

    from lib.sync.wiki_pages import dates

    monkeypatch.setattr(dates, "_today", lambda: date(2026, 11, 30))


def _kept(header: str, end: str) -> list[str]:
    text = _roster(f"Name !! Role !! {header}", "Ann Lee || PM ||", f"Bob Roe || Engineer || {end}")
    return names_in(text)


@pytest.mark.parametrize("end", ["Q3 2026 (extended to Q1 2027)", "<s>Q3 2026</s> Q2 2027", "Q3 2026 – Q2 2027",
                                 "Q3 2026 or Q1 2027", "Q3 2026 (renewed)", "<s>Sept 2026</s> March 2027"])
@pytest.mark.parametrize("header", ["Left", "End date", "Until"])
def test_an_end_moved_later_or_renewed_keeps_the_person(on_nov_30_2026, header, end):
    """The latest end named counts, not the first quarter; struck text is no end; a renewal without a new
    end leaves the end unknown (only "Q3 2026" was read, and the person dropped)."""
    assert _kept(header, end) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("end", ["on leave until Q3 2026", "Parental leave until Q2 2026", "Parental leave until March 2026",
                                 "on sabbatical until Sept 2026"])
@pytest.mark.parametrize("header", ["Left", "Until"])
def test_a_leave_that_ended_in_the_end_column_keeps_the_person(on_nov_30_2026, header, end):
    """A leave says the person is on the team; one that has ended says they are back."""
    assert _kept(header, end) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("end", ["2021-", "2021–", "2021 -"])
def test_an_open_ended_range_in_the_end_column_keeps_the_person(on_nov_30_2026, end):
    """"2021-" is from 2021 on, with a hyphen as with an en dash."""
    assert _kept("End", end) == ["Ann Lee", "Bob Roe"]


def test_an_open_ended_range_after_a_name_keeps_the_person(on_nov_30_2026):
    text = _roster("Name !! Role", "Ann Lee || PM", "Bob Roe (left 2021-) || Engineer", "Cy Cole (left 2021–) || QA")
    assert names_in(text) == ["Ann Lee", "Bob Roe", "Cy Cole"]


@pytest.mark.parametrize("end", ["Q3 2026", "<s>Q1 2027</s> Q3 2026", "2019-2021", "Q3 2026 (not renewed)",
                                 "will leave in Q3 2026", "left for a new job, Sept 2026"])
def test_an_end_that_has_passed_still_takes_the_person_off(on_nov_30_2026, end):
    """The near misses: one end past, the later one struck out, a closed range, a renewal refused, a
    departure (the verb "leave" is no leave)."""
    assert _kept("End", end) == ["Ann Lee"]


def test_a_departure_in_an_open_ended_remark_with_a_closed_range_still_takes_the_person_off(on_nov_30_2026):
    text = _roster("Name !! Role", "Ann Lee || PM", "Bob Roe (left 2019–2021) || Engineer")
    assert names_in(text) == ["Ann Lee"]


# --- a renewal refused, a leave beside a departure, and ends written short --------------------------------


@pytest.mark.parametrize("end", ["Q3 2026 (won't be renewed)", "Q3 2026 (contract wasn't renewed)", "Q3 2026 (will not be extended)",
                                 "Q3 2026 (not being renewed)", "Q3 2026 (no longer extended)"])
@pytest.mark.parametrize("header", ["Left", "Until"])
def test_a_renewal_refused_in_other_words_still_ends_the_stay(on_nov_30_2026, header, end):
    """"won't be renewed" read as a renewal, the end unknown, and kept the person; only "not renewed"
    was read as refused. The end is Q3 2026, past."""
    assert _kept(header, end) == ["Ann Lee"]


@pytest.mark.parametrize("end", ["Q3 2026 (renewed)", "Q3 2026 (extended)", "Q3 2026 (extended twice)"])
def test_a_renewal_without_a_date_still_leaves_the_end_unknown(on_nov_30_2026, end):
    """The near misses: a renewal granted names no new end, so the person stays."""
    assert _kept("Until", end) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("end", ["Left March 2026 (after parental leave)", "went on leave Jan 2026, left team March 2026",
                                 "on leave; left March 2026", "Left team 2026-09-30; leave of absence before"])
@pytest.mark.parametrize("header", ["Left", "Until"])
def test_a_leave_beside_a_stated_departure_does_not_keep_the_person(on_nov_30_2026, header, end):
    """A departure stated in a clause of its own says the person left, whatever leave came before it (a
    leave anywhere in the cell kept them)."""
    assert _kept(header, end) == ["Ann Lee"]


@pytest.mark.parametrize("end", ["left on 2026-03-01 (parental leave)", "left on parental leave in March 2026",
                                 "on leave until Q3 2026", "Parental leave Jan–Mar 2026"])
def test_a_departure_that_is_the_leave_itself_keeps_the_person(on_nov_30_2026, end):
    """The near misses: "left" on a leave, or with the leave for its kind in parentheses, is the leave;
    a leave alone keeps the person, ended or not."""
    assert _kept("Left", end) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("end", ["2026-06 (on leave; has not left)", "on leave from March 2026 but has not left",
                                 "on leave since 2026-03; hasn't left", "2026-06 (on leave, never left)"])
@pytest.mark.parametrize("header", ["Left", "Until"])
def test_a_negated_departure_beside_a_leave_keeps_the_person(on_nov_30_2026, header, end):
    """"has not left" says the person is still here: it was read as a departure stated beside the leave,
    and the person dropped."""
    assert _kept(header, end) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("end", ["on leave; has not left, then left March 2026", "on leave, did not return; left March 2026"])
def test_a_departure_beside_a_leave_and_a_negated_one_still_ends_the_stay(on_nov_30_2026, end):
    """The near misses: a departure stated outright still ends the stay."""
    assert _kept("Left", end) == ["Ann Lee"]


@pytest.mark.parametrize("end", ["March 2026 (hasn't been renewed yet)", "March 2026 (not renewed yet)",
                                 "March 2026 (not yet renewed)", "March 2026 (didn't get renewed, but rehired as staff)",
                                 "March 2026 (rehired in April 2026)"])
@pytest.mark.parametrize("header", ["End date", "Until"])
def test_a_renewal_still_to_come_or_a_rehire_keeps_the_person(on_nov_30_2026, header, end):
    """"not renewed yet" is a renewal that may still come, as "(not yet renewed)" was read; a rehire
    starts a new stay whose end is not named. Both were read as a renewal refused, and the person dropped."""
    assert _kept(header, end) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("end", ["Q3 2026 (won't be renewed)", "Q3 2026 (contract wasn't renewed)",
                                 "Q3 2026 (not renewed; not rehired)", "Q3 2026 (wasn't rehired)",
                                 "Q3 2026 (not renewed, hasn't been rehired)", "Q3 2026 (not yet rejoined)",
                                 "rejoined 2025, left Sept 2026"])
def test_a_renewal_refused_without_a_yet_or_a_rehire_still_ends_the_stay(on_nov_30_2026, end):
    """The near misses: a refusal with no "yet", a rehire negated or followed by a departure leaves the
    end past."""
    assert _kept("Until", end) == ["Ann Lee"]


@pytest.mark.parametrize("end", ["2019 – 2027-03", "2025–27", "FY 2026–27", "2025/27", "FY2026-27"])
def test_an_end_written_as_a_year_and_month_or_a_short_later_year_keeps_someone_staying_to_2027(on_nov_30_2026, end):
    """"2019 – 2027-03" read as ending in 2019 (the year and month went unread), "2025–27" in 2025, "FY
    2026–27" in 2026: each took off someone staying into 2027."""
    assert _kept("Until", end) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("end", ["2019 – 2026-03", "2022–25", "2024–25", "FY 2024–25", "FY2025-26", "2026-06"])
def test_an_end_written_short_that_has_passed_still_takes_the_person_off(on_nov_30_2026, end):
    """The near misses: the same forms with an end past (a fiscal year ends June 30 of its second year)."""
    assert _kept("Until", end) == ["Ann Lee"]


def test_the_end_of_a_fiscal_year_written_short_is_june_30_of_its_second_year():
    """And a span of two years in a row with a dash ends with the second ("2026–27" read as 2026's end);
    with a hyphen it still names no end ("2023-24": a fiscal year or two calendar years)."""
    from datetime import date

    from lib.sync.wiki_pages.dates import _period_end

    assert [_period_end(t) for t in ("FY 2026–27", "FY2026-27", "2019 – 2027-03", "2025–27", "2026–27", "2023-24")] == [
        date(2027, 6, 30), date(2027, 6, 30), date(2027, 3, 31), date(2027, 12, 31), date(2027, 12, 31), None]
