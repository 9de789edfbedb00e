"""Turning real Conduit answers (recorded from a Phorge server) into store rows."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from lib.config import ConfigError, load_settings
from lib.sync import phabricator as ph

DATA = Path(__file__).parent / "data" / "conduit"
BOARD = "PHID-PROJ-lpnluo32fyk6jn2keetp"
SPRINT1, SPRINT2 = "PHID-PROJ-w5jjfpliqjvjbr6aiyup", "PHID-PROJ-cancbvzmjkqzlsriq3bf"


def result(name):
    return json.loads((DATA / name).read_text())["result"]


def context():
    columns = [ph.column_row(c) for c in result("project.column.search.all.json")["data"]]
    statuses = [{"value": s["value"], "is_closed": s["closed"]} for s in result("maniphest.status.search.json")["data"]]
    return ph.BoardContext(
        board_phid=BOARD, milestone_phids={SPRINT1, SPRINT2},
        proxy_column={c["proxy_phid"]: c["phid"] for c in columns if c["proxy_phid"]},
        epic_tag_phids=set(), epic_column_phids={c["phid"] for c in columns if ph.is_epic_column(c["name"])},
        closed_statuses={s["value"] for s in statuses if s["is_closed"]},
    ), columns


def task(task_id):
    pages = result("maniphest.search.page1.json")["data"] + result("maniphest.search.lastpage.json")["data"]
    return next(t for t in pages if t["id"] == task_id)


def test_task_on_no_board_in_a_sprint_sits_in_the_sprints_proxy_column():
    ctx, columns = context()
    row, projects, cols = ph.task_rows(task(29), ctx)  # boards == [] (PHP's empty array)
    proxy = next(c["phid"] for c in columns if c["proxy_phid"] == SPRINT2)
    assert row["sprint_phid"] == SPRINT2
    assert row["column_phid"] == proxy
    assert cols == []
    assert projects == [{"task_phid": row["phid"], "project_phid": SPRINT2}]


def test_task_in_a_sprint_board_column_keeps_both_columns():
    ctx, columns = context()
    row, _, cols = ph.task_rows(task(22), ctx)
    assert row["sprint_column_phid"] == "PHID-PCOL-xjftocwz2ol55dg24mev"  # In Progress on Sprint-1's board
    assert row["column_phid"] == next(c["phid"] for c in columns if c["proxy_phid"] == SPRINT1)
    assert cols[0]["board_phid"] == SPRINT1


def test_task_on_the_main_board_only():
    ctx, _ = context()
    row, _, _ = ph.task_rows(task(15), ctx)
    assert row["sprint_phid"] is None and row["column_phid"] == "PHID-PCOL-k5jtfvm4t6ifgccbtcju"


def test_fields_are_parsed_leniently():
    ctx, _ = context()
    row, _, _ = ph.task_rows(task(29), ctx)
    assert row["points"] == 3.0 and row["priority_value"] == 100 and row["priority_name"] == "Unbreak Now!"
    assert row["is_closed"] is False and row["date_created"].year >= 2026
    closed, _, _ = ph.task_rows(task(4), ctx)
    assert closed["is_closed"] is True and closed["date_closed"] is not None


def test_points_accept_strings_numbers_and_null():
    assert ph.parse_points("3") == 3.0 and ph.parse_points(5) == 5.0
    assert ph.parse_points(None) is None and ph.parse_points("") is None and ph.parse_points("big") is None
    assert ph.parse_points("nan") is None and ph.parse_points(True) is None


@pytest.mark.parametrize("custom, points", [
    ({"custom.isdc:sprint:storypoints": "5"}, 5.0),  # the Sprint extension's field
    ({"custom.story_points": 3}, 3.0),
    ({"custom.points": "2.5"}, 2.5),
    ({"custom.pointOfContact": "PHID-USER-x", "custom.checkpoints-done": 4}, None),
])
def test_points_from_a_custom_field_when_the_server_keeps_them_there(custom, points):
    ctx, _ = context()
    raw = task(29)
    assert ph.task_rows(raw, ctx)[0]["points"] == 3.0
    without = {**raw, "fields": {**raw["fields"], "points": None, **custom}}
    assert ph.task_rows(without, ctx)[0]["points"] == points


def test_epic_by_subtype_tag_or_column():
    ctx, _ = context()
    raw = task(15)
    assert ph.task_rows(raw, ctx)[0]["is_epic"] is False
    as_subtype = {**raw, "fields": {**raw["fields"], "subtype": "epic"}}
    assert ph.task_rows(as_subtype, ctx)[0]["is_epic"] is True
    ctx.epic_tag_phids = {BOARD}
    assert ph.task_rows(raw, ctx)[0]["is_epic"] is True


def test_milestone_dates_from_custom_fields_else_cadence():
    settings = load_settings(env={"SPRINT_CADENCE_START": "2024-04-01"}, secrets_path=Path("/nonexistent"))
    fields = {"milestone": 3, "custom.sprint.start": 1711929600, "custom.sprint.end": 1713052800}
    assert ph.sprint_dates(fields, settings) == (date(2024, 4, 1), date(2024, 4, 14), "custom field")
    assert ph.sprint_dates({"milestone": 3}, settings) == (date(2024, 4, 29), date(2024, 5, 12), "cadence")
    no_cadence = load_settings(env={}, secrets_path=Path("/nonexistent"))
    assert ph.sprint_dates({"milestone": 3}, no_cadence) == (None, None, None)


FEB_29_2024 = 1709164800  # a milestone's dateCreated


def _epoch(y: int, m: int, d: int) -> int:
    return int(datetime(y, m, d, tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize("name, created, dates", [
    ("Sprint 14 (Mar 4 – Mar 15)", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("Sprint 12: 18 Mar - 29 Mar", FEB_29_2024, (date(2024, 3, 18), date(2024, 3, 29))),
    ("2024-03-04 to 2024-03-15", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("4–15 March 2024", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("Sprint 2024-03-04", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 17))),   # one day: the start, the length from settings
    # one day said to be the end: the start 14 days back is a Saturday, so the sprint starts the Monday
    ("Sprint 3 (until March 22nd)", FEB_29_2024, (date(2024, 3, 11), date(2024, 3, 22))),
    ("Sprint by Mar 15", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("Sprint 7 (Mar 4 – Mar 15), retro Mar 18", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),  # a note after
    # yearless: the first time after the milestone was made (less two months), however far ahead it was made
    ("Sprint 20 (Oct 14 – Oct 25)", _epoch(2024, 1, 5), (date(2024, 10, 14), date(2024, 10, 25))),
    ("Sprint 12 (Jun 3 – Jun 14)", _epoch(2023, 12, 20), (date(2024, 6, 3), date(2024, 6, 14))),
    ("Sprint 14 (Mar 4 – Mar 15)", _epoch(2024, 3, 10), (date(2024, 3, 4), date(2024, 3, 15))),   # made late
    ("Sprint 14 (Mar 4 – Mar 15)", _epoch(2024, 4, 20), (date(2024, 3, 4), date(2024, 3, 15))),   # made 7 weeks late
    ("Sprint 12 - Mar 4 (run by Ann)", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 17))),      # "by" no end word here
    ("Sprint 12 (until Fri Mar 15)", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),         # a weekday before the day
    ("Sprint 12 – ends Friday, Mar 15", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("Sprint 12 – Mar 4, wrap-up by 5pm", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 17))),   # a time is no end day
    # the sprint's number before a month and a day is no day ("14 Mar"), but a day before a month is
    ("Sprint 14 Mar 4 – Mar 15", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("Sprint 14 March 4 to March 15", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("CommTech-Sprint-14: Mar 4 - Mar 15", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("Sprint 12 Mar 4", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 17))),
    ("Sprint 4 Mar – 15 Mar", FEB_29_2024, (date(2024, 3, 4), date(2024, 3, 15))),
    ("Dec 28 – Jan 8", _epoch(2023, 12, 1), (date(2023, 12, 28), date(2024, 1, 8))),
    # a year written beside the days is theirs
    ("Sprint 22 (Oct 14 – Oct 25, 2024)", _epoch(2024, 3, 31), (date(2024, 10, 14), date(2024, 10, 25))),
    ("Dec 28 – Jan 8, 2025", _epoch(2024, 12, 1), (date(2024, 12, 28), date(2025, 1, 8))),
])
def test_without_date_fields_or_a_cadence_a_milestones_name_gives_its_days(name, created, dates):
    settings = load_settings(env={}, secrets_path=Path("/nonexistent"))
    assert ph.sprint_dates({"milestone": 3, "name": name, "dateCreated": created}, settings) == (*dates, "name")


def test_a_configured_cadence_wins_over_the_days_in_a_name():
    settings = load_settings(env={"SPRINT_CADENCE_START": "2024-04-01"}, secrets_path=Path("/nonexistent"))
    fields = {"milestone": 3, "name": "Sprint 3 (Mar 4 – Mar 15)", "dateCreated": FEB_29_2024}
    assert ph.sprint_dates(fields, settings) == (date(2024, 4, 29), date(2024, 5, 12), "cadence")


@pytest.mark.parametrize("name", ["CommTech-Sprint-69", "Sprint 5", "Sprint 5 – October", "Q1 2024", "Release 1.28",
                                  "Iteration 7: 3/4 - 3/15", "Roadmap 2024-01-01 – 2024-12-31"])
def test_a_name_without_whole_days_of_a_sprint_gives_no_dates(name):
    settings = load_settings(env={}, secrets_path=Path("/nonexistent"))
    fields = {"milestone": 3, "name": name, "dateCreated": FEB_29_2024}
    assert ph.sprint_dates(fields, settings) == (None, None, None)


def test_date_fields_win_over_a_name_with_days():
    settings = load_settings(env={}, secrets_path=Path("/nonexistent"))
    fields = {"milestone": 3, "name": "Sprint 2024-03-04", "dateCreated": FEB_29_2024,
              "custom.sprint.start": 1711929600, "custom.sprint.end": 1713052800}
    assert ph.sprint_dates(fields, settings) == (date(2024, 4, 1), date(2024, 4, 14), "custom field")


def test_priority_levels_come_from_the_server():
    class FakeConduit:
        def call(self, method, params=None):
            assert method == "maniphest.priority.search"
            return result("maniphest.priority.search.json")

    rows = ph.priority_rows(FakeConduit())
    assert {r["name"]: r["keyword"] for r in rows}["Wishlist"] == "wish"
    assert [r["value"] for r in rows] == [100, 90, 80, 50, 25, 0]


def test_a_task_in_a_subproject_sits_in_the_subprojects_proxy_column():
    """Phabricator lists only the boards of projects the task is tagged with: a task in a subproject
    of the board has the subproject's board, not the board's; the board shows it in a proxy column."""
    ctx, _ = context()
    ctx.proxy_column["PHID-PROJ-sub"] = "PHID-PCOL-sub-on-board"
    raw = task(15)
    raw = {**raw, "attachments": {"projects": {"projectPHIDs": ["PHID-PROJ-sub"]},
                                  "columns": {"boards": {"PHID-PROJ-sub": {"columns": [{"phid": "PHID-PCOL-sub-backlog"}]}}}}}
    row, _, cols = ph.task_rows(raw, ctx)
    assert row["column_phid"] == "PHID-PCOL-sub-on-board" and row["sprint_phid"] is None
    assert cols == [{"task_phid": raw["phid"], "board_phid": "PHID-PROJ-sub", "column_phid": "PHID-PCOL-sub-backlog"}]


def test_a_status_the_server_does_not_list_is_closed_when_the_task_has_a_closed_date():
    ctx, _ = context()
    ctx.open_statuses = {"open"}
    raw = task(15)
    spite = {**raw, "fields": {**raw["fields"], "status": {"value": "legacy-status", "name": "Legacy"}, "dateClosed": 1700000000}}
    assert ph.task_rows(spite, ctx)[0]["is_closed"] is True
    reopened = {**raw, "fields": {**raw["fields"], "status": {"value": "legacy-status", "name": "Legacy"}, "dateClosed": None}}
    assert ph.task_rows(reopened, ctx)[0]["is_closed"] is False
    listed = {**raw, "fields": {**raw["fields"], "status": {"value": "open", "name": "Open"}, "dateClosed": 1700000000}}
    assert ph.task_rows(listed, ctx)[0]["is_closed"] is False  # the server's list has the last word


def test_a_priority_name_is_always_text():
    ctx, _ = context()
    raw = task(15)
    gone = {**raw, "fields": {**raw["fields"], "priority": {"value": 42, "name": 42, "color": "black"}}}
    assert ph.task_rows(gone, ctx)[0]["priority_name"] == "42"


def test_only_custom_fields_named_for_a_start_or_an_end_give_sprint_dates():
    settings = load_settings(env={}, secrets_path=Path("/nonexistent"))
    noise = {"milestone": 3, "custom.attendees": 12, "custom.is-ended": True, "custom.restart-count": "4",
             "custom.backend-team": "2024-04-01"}
    assert ph.sprint_dates(noise, settings) == (None, None, None)
    named = {**noise, "custom.startDate": 1711929600, "custom.end_date": "2024-04-14"}
    assert ph.sprint_dates(named, settings) == (date(2024, 4, 1), date(2024, 4, 14), "custom field")
    sprint_extension = {**noise, "custom.isdc:sprint:startdate": 1711929600, "custom.isdc:sprint:enddate": 1713052800}
    assert ph.sprint_dates(sprint_extension, settings)[:2] == (date(2024, 4, 1), date(2024, 4, 14))
    capitals = {**noise, "custom.SPRINT_START": "2024-04-01", "custom.SPRINT_END": "2024-04-14"}
    assert ph.sprint_dates(capitals, settings)[:2] == (date(2024, 4, 1), date(2024, 4, 14))


def test_sprint_date_fields_are_read_as_days_in_the_teams_timezone():
    """Phabricator keeps a picked date as a moment: 1 April 00:00 in Berlin is 31 March 22:00 UTC."""
    berlin_start, berlin_end = 1711922400, 1713131940  # 2024-04-01 00:00 and 2024-04-14 23:59 Europe/Berlin
    fields = {"milestone": 3, "custom.sprint-start": berlin_start, "custom.sprint-end": berlin_end}
    in_utc = load_settings(env={}, secrets_path=Path("/nonexistent"))
    assert ph.sprint_dates(fields, in_utc)[:2] == (date(2024, 3, 31), date(2024, 4, 14))
    in_berlin = load_settings(env={"SPRINT_TIMEZONE": "Europe/Berlin"}, secrets_path=Path("/nonexistent"))
    assert ph.sprint_dates(fields, in_berlin)[:2] == (date(2024, 4, 1), date(2024, 4, 14))
    with pytest.raises(ConfigError, match="SPRINT_TIMEZONE must be a timezone name"):
        load_settings(env={"SPRINT_TIMEZONE": "Mars/Olympus"}, secrets_path=Path("/nonexistent"))


def test_sprint_fields_win_over_other_dates_and_an_end_before_the_start_is_not_taken():
    settings = load_settings(env={"SPRINT_CADENCE_START": "2024-04-01"}, secrets_path=Path("/nonexistent"))
    escalation = {"milestone": 3, "custom.escalate-to": 1600000000, "custom.sprint-start": "2024-04-29",
                  "custom.sprint-end": "2024-05-12"}
    assert ph.sprint_dates(escalation, settings) == (date(2024, 4, 29), date(2024, 5, 12), "custom field")
    backwards = {"milestone": 3, "custom.sprint-start": "2024-05-12", "custom.sprint-end": "2024-04-29"}
    assert ph.sprint_dates(backwards, settings) == (date(2024, 4, 29), date(2024, 5, 12), "cadence")


def test_priority_keywords_are_lower_case_and_unsettable_levels_have_none():
    class FakeConduit:
        def call(self, method, params=None):
            return {"data": [{"name": "Unbreak Now!", "keywords": ["UBN", "unbreak"], "value": 100},
                             {"name": "Old level", "keywords": ["old"], "value": 60, "disabled": True},
                             {"name": "Nameless", "keywords": [], "value": 10}]}

    assert {r["name"]: r["keyword"] for r in ph.priority_rows(FakeConduit())} == {
        "Unbreak Now!": "ubn", "Old level": "", "Nameless": ""}


def test_the_board_is_the_project_the_configured_slug_names_even_as_a_secondary_hashtag():
    """`fields.slug` is only a project's primary hashtag; the answer's slugMap says which project each
    slug asked for names."""
    projects = [{"id": 2, "phid": "PHID-PROJ-epic", "fields": {"name": "Epic", "slug": "epics"}},
                {"id": 1, "phid": "PHID-PROJ-board", "fields": {"name": "Community-Tech", "slug": "community-tech"}}]

    class FakeConduit:
        def __init__(self, slug_map):
            self.slug_map = slug_map

        def call(self, method, params=None):
            assert method == "project.search" and params["constraints"]["slugs"] == ["commtech", "epic"]
            return {"data": projects, "maps": {"slugMap": self.slug_map}, "cursor": {"after": None}}

    named = {"commtech": {"slug": "community-tech", "projectPHID": "PHID-PROJ-board"},
             "epic": {"slug": "epics", "projectPHID": "PHID-PROJ-epic"}}
    board, epic_tags = ph.fetch_board(FakeConduit(named), "CommTech")
    assert board["phid"] == "PHID-PROJ-board" and epic_tags == ["PHID-PROJ-epic"]
    only_board = {"commtech": named["commtech"]}  # no Epic tag on this server
    board, epic_tags = ph.fetch_board(FakeConduit(only_board), "commtech")
    assert board["phid"] == "PHID-PROJ-board" and epic_tags == []
