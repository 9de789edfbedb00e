"""The wiki page parsers together: the rows of every page, demo or written otherwise, fit the store;
a damaged page fails only with a WikiPageError; and readings checked on several pages at once.
Each page's own readings are tested in tests/test_wiki_<kind>_page.py."""

from __future__ import annotations

import json
from datetime import date

import pytest

from lib.config import SETTINGS
from lib.store import schema
from lib.sync.wiki_pages import (
    PAGE_PARSERS,
    WikiPageError,
    consultation_status,
    parse_consultation_page,
    parse_goals_page,
    parse_process_page,
    parse_team_page,
)
from tests.wiki_page_helpers import (
    CORE_TEAM,
    DEMO,
    GOALS_TITLE,
    MINI_TEAM,
    OTHER_LAYOUTS,
    PROCESS_TITLE,
    PROGRAMS_LINE,
    PROGRAM_LIST,
    TEAM_VARIANT,
    _DACI_BLOCK,
    demo,
)


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


def test_long_cells_are_clipped_to_the_store_column_length():
    long_role = "Engineer " * 40  # 360 characters, the column holds 255
    text = TEAM_VARIANT.replace("| Product manager || NYC", f"| {long_role} || NYC")
    members = parse_team_page(text, "T")["team_members"]
    role = next(m["role"] for m in members if m["name"] == "Cy C.")
    limit = schema.team_members.c.role.type.length
    assert len(role) == limit and role.endswith("…") and role.startswith("Engineer Engineer")


# what the other layouts give must fit the store's keys (a duplicate key fails every sync)
@pytest.mark.parametrize("layout", list(OTHER_LAYOUTS))
def test_rows_of_other_layouts_fit_the_store(layout, engine):
    from lib.store.writes import insert_rows

    kind, text = OTHER_LAYOUTS[layout]
    rows = {"team": parse_team_page, "consultation": parse_consultation_page}.get(
        kind, lambda t, title: parse_process_page(t, PROCESS_TITLE))(text, "T")
    with engine.begin() as conn:
        for table_name, table_rows in rows.items():
            assert insert_rows(conn, schema.metadata.tables[table_name], table_rows) == len(table_rows), table_name


# --- readings checked on more than one kind of page ---------------------------------------------


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


def test_a_daci_with_a_scope_column_beside_the_decision_and_a_steps_deadline_column():
    daci = ("\n{|\n! Decision !! Scope !! Driver !! Approver !! Consulted !! Informed\n|-\n| Set goals || the year || PM || "
            "Director || EM || All\n|}\n")
    rows = parse_team_page(MINI_TEAM.replace(_DACI_BLOCK, daci), "T")["daci"]
    assert {(r["category"], r["decision"]) for r in rows} == {("", "Set goals")}
    steps = ("== Phase 1 - Listening ==\n{|\n! Step !! Status !! Deadline\n|-\n| Kickoff || || March 30, 2023\n|}\n"
             + CORE_TEAM)
    [step] = parse_consultation_page(steps, "C")["consultation_steps"]
    assert (step["status"], step["status_date"]) == ("not started", date(2023, 3, 30))
