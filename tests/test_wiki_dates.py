"""Quarters and dates as wiki pages write them (lib/sync/wiki_pages/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from lib.sync.wiki_pages import date_range, parse_dates, parse_process_page, parse_quarter
from tests.wiki_page_helpers import PROCESS_TITLE, PROGRAMS_LINE


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


def test_dates_need_a_year_from_somewhere():
    assert parse_dates("Oct 2", None) == []
    assert parse_dates("Oct 2, 2019", None) == [(date(2019, 10, 2), date(2019, 10, 2))]
    assert parse_dates("you may deploy", "2017-18 Q2") == []  # the verb "may" is not May


def test_a_fiscal_year_of_two_short_years():
    assert parse_quarter("Q2 FY17-18 goals", "2017-18") == "2017-18 Q2"
    assert parse_quarter("FY19/20 Q1") == "2019-20 Q1"


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


@pytest.mark.parametrize("title, quarter", [
    ("Wikimedia Technology/Goals/FY18-Q2", "2017-18 Q2"), ("Goals: Q2 of fiscal year 2017/18", "2017-18 Q2"),
    ("FY24-Q3", "2023-24 Q3"), ("Goals, Q3 (fiscal year 2023/24)", "2023-24 Q3"),
])
def test_more_ways_of_naming_a_fiscal_quarter(title, quarter):
    assert parse_quarter(title) == quarter


def test_a_date_range_in_a_heading_is_no_fiscal_year():
    assert parse_quarter("Q2 (2017-10-01 – 2017-12-31)") != "2017-10 Q2"


@pytest.mark.parametrize("title, quarter", [
    # the fiscal year a segment of the title, the quarter a later one or after a word
    ("Wikimedia Foundation Annual Plan/2025-2026/Goals/Q2", "2025-26 Q2"), ("FY2025-26/Goals/Q2", "2025-26 Q2"),
    ("Goals/2025-26/Growth/Q2", "2025-26 Q2"), ("Q2 goals (FY 2025-26)", "2025-26 Q2"),
    ("Goals/FY26/Q2", "2025-26 Q2"),
])
def test_a_fiscal_year_and_its_quarter_named_apart_in_a_title(title, quarter):
    """Annual-plan subpages put the year in one segment and the quarter in another."""
    assert parse_quarter(title) == quarter


@pytest.mark.parametrize("title, quarter", [
    ("2017-2019 roadmap/Q3 2018", "2018 Q3"),      # a calendar quarter named in full wins over a span of years
    ("Roadmap/2017-2019/Growth/Q2", None),         # two years apart: no fiscal year
    ("Goals/2025-10/Q2", None),                    # a month, not a fiscal year
    ("Q2 (2017-10-01 – 2017-12-31)", None),        # a date range is no fiscal year
])
def test_years_that_are_no_fiscal_year_give_a_bare_quarter_no_year(title, quarter):
    """Only two consecutive years are a fiscal year; other numbers leave a bare quarter unplaced."""
    assert parse_quarter(title) == quarter


@pytest.mark.parametrize("title, quarter", [
    ("Goals/Q2 (Oct-Dec 2025)", "2025-26 Q2"),     # the fiscal Q2 named, its months agreeing
    ("Goals/Q4 (Oct-Dec 2025)", "2025 Q4"),        # the calendar Q4 named, its months agreeing
    ("Q3 (Jul-Sep 2024)", "2024 Q3"),              # calendar Q3 and fiscal Q1 are the same months: as written
    ("Q1 (Jul-Sep 2024)", "2024-25 Q1"),
    ("Goals/Q2 (Jan-Mar 2025)", "2025 Q1"),        # the months disagree with Q2 either way: the months hold
])
def test_a_quarter_named_with_its_months_is_the_fiscal_one_when_they_agree(title, quarter):
    """"Q2 (Oct-Dec 2025)" counts in fiscal years: Oct-Dec is calendar Q4 but fiscal Q2."""
    assert parse_quarter(title) == quarter


# --- fifth probe: parts of a month, weeks commencing, dotted ranges ----------------------------------


@pytest.mark.parametrize("text, start, end", [
    ("first week of Oct", date(2017, 10, 1), date(2017, 10, 7)),
    ("2nd week of October", date(2017, 10, 8), date(2017, 10, 14)),
    ("last week of Sept", date(2017, 9, 24), date(2017, 9, 30)),
    ("Sept 1st week", date(2017, 9, 1), date(2017, 9, 7)),
    ("2nd half of Sept", date(2017, 9, 16), date(2017, 9, 30)),
    ("first half of October", date(2017, 10, 1), date(2017, 10, 15)),
    ("w/c 11 Sept", date(2017, 9, 11), date(2017, 9, 15)),
    ("week commencing Sept 11", date(2017, 9, 11), date(2017, 9, 15)),
    ("w/b 11 Sept", date(2017, 9, 11), date(2017, 9, 15)),
    ("29.08.–11.09.2017", date(2017, 8, 29), date(2017, 9, 11)),
    ("11.–18.09.2017", date(2017, 9, 11), date(2017, 9, 18)),
    ("29.08. - 11.09.2017", date(2017, 8, 29), date(2017, 9, 11)),
])
def test_parts_of_a_month_and_weeks_as_people_write_them(text, start, end):
    """A part of a month is those days, not the whole month; a week commencing is that week, not its Monday."""
    assert date_range(text, "2017-18 Q2") == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("Sept 2 – first week of Oct", date(2017, 9, 2), date(2017, 10, 7)),
    ("half of Sept", date(2017, 9, 1), date(2017, 9, 30)),           # which half is not said: the month
    ("11.09.2017", date(2017, 9, 11), date(2017, 9, 11)),
    ("version 1.2 – 11.09.2017", date(2017, 9, 11), date(2017, 9, 11)),  # a version number is no day
])
def test_near_misses_of_the_parts_of_a_month(text, start, end):
    assert date_range(text, "2017-18 Q2") == (start, end)


# --- review of today's changes: a day of the week as a deadline ------------------------------------


@pytest.mark.parametrize("dates, cell, deadline", [
    ("Sept 11 – Sept 16", "EOD Friday", date(2017, 9, 15)),   # ends on a Saturday: the Friday inside the row
    ("Sept 11 – Sept 22", "EOD Friday", date(2017, 9, 22)),   # the last Friday within the row's dates
    ("Sept 16 – Sept 17", "EOD Friday", date(2017, 9, 22)),   # no Friday within: the first after
    ("Sept 13", "by Wednesday", date(2017, 9, 13)),           # the day itself
    ("Sept 11 – Sept 16", "Fridays", None),                   # recurring: no one deadline
    ("Sept 11 – Sept 16", "every Friday", None),
    ("Sept 11 – Sept 16", "EOD Fridays", None),
    ("Sept 11 – Sept 16", "by Tues", date(2017, 9, 12)),
])
def test_a_weekday_deadline_is_that_day_within_the_rows_dates(dates, cell, deadline):
    """"EOD Friday" on a row dated Sept 11 – Sept 16 is Friday the 15th, not the Friday after the row's
    Saturday; "Fridays" recurs and names no one day."""
    text = f"== Timeline ==\n{{|\n! Dates !! Activity !! Deadline\n|-\n| {dates} || Review drafts || {cell}\n|}}\n"
    [row] = parse_process_page(text + PROGRAMS_LINE, PROCESS_TITLE)["timeline"]
    assert row["deadline"] == deadline


# --- one rule for the end of a period (dates._period_end), the roster's "ended" included ----------------


@pytest.mark.parametrize("text, end", [
    ("2019–2024", date(2024, 12, 31)), ("2019-2024", date(2024, 12, 31)), ("2024 or 2030", date(2030, 12, 31)),
    ("2023 – present", None), ("Jan 2024 – now", None), ("TBD", None),
    ("2023-24", None), ("2023/24", None), ("12/2023", None), ("v2023.1", None),
])
def test_the_end_of_a_period_is_the_latest_day_it_names_and_none_while_it_runs_on(text, end):
    """"2019–2024" ended with 2024, not 2019 (the first year was taken); "2023 – present" runs on; a year
    inside another number or a short fiscal year ("2023-24") is no year (it read as 2023's end)."""
    from lib.sync.wiki_pages.dates import _period_end

    assert _period_end(text) == end


@pytest.mark.parametrize("text, end", [
    ("2024", date(2024, 12, 31)), ("mid-2024", date(2024, 12, 31)), ("March 31, 2023", date(2023, 3, 31)),
    ("Q3 2026", date(2026, 9, 30)), ("FY2025-26 Q3", date(2026, 3, 31)), ("in the summer of 2026", date(2027, 2, 28)),
    ("Dec 2026", date(2026, 12, 31)), ("31.12.2023", date(2023, 12, 31)),
])
def test_the_end_of_a_period_that_names_one_reads_as_before(text, end):
    from lib.sync.wiki_pages.dates import _period_end

    assert _period_end(text) == end


@pytest.mark.parametrize("text, end", [
    ("Q3 2026 – Q2 2027", date(2027, 6, 30)), ("Q3 2026 or Q1 2027", date(2027, 3, 31)),
    ("Q3 2026 (extended to Q1 2027)", date(2027, 3, 31)), ("2026 Q3 / 2027 Q1", date(2027, 3, 31)),
    ("Q3 2026, extended through Q2 2027", date(2027, 6, 30)), ("Q2 2027 (was Q3 2026)", date(2027, 6, 30)),
    ("Aug 2026 – Q1 2027", date(2027, 3, 31)),
])
def test_the_end_of_a_period_naming_several_quarters_is_the_latest(text, end):
    """"The latest when it names several" holds for quarters too: only the first was read ("Q3 2026 –
    Q2 2027" ended on Sept 30, 2026)."""
    from lib.sync.wiki_pages.dates import _period_end

    assert _period_end(text) == end


@pytest.mark.parametrize("text", ["Q3 2026 (renewed)", "Sept 2026 (renewed)", "2026, extended", "2021-", "2021–",
                                  "2021 -", "March 2021 –"])
def test_a_period_renewed_without_a_new_end_or_open_ended_has_no_end(text):
    """A renewal or an extension that names no new end, and a range left open ("2021-": from 2021 on),
    say the period runs on: no end is known."""
    from lib.sync.wiki_pages.dates import _period_end

    assert _period_end(text) is None


@pytest.mark.parametrize("text, end", [("2019-2021", date(2021, 12, 31)), ("Q3 2026", date(2026, 9, 30)),
                                       ("Aug 3, 2026 – 2027", date(2027, 12, 31)), ("Aug 3, 2026", date(2026, 8, 3)),
                                       ("Q3 2026 (not renewed)", date(2026, 9, 30)), ("Q4 2025, renewal declined", date(2025, 12, 31))])
def test_a_closed_range_or_a_single_quarter_still_ends(text, end):
    """The near misses: a range closed on both sides, a quarter alone, a date's own year (no year's end
    beside it), a renewal refused."""
    from lib.sync.wiki_pages.dates import _period_end

    assert _period_end(text) == end


@pytest.mark.parametrize("text, end", [("Aug 3, 2026 (report for 2026)", date(2026, 8, 3)), ("FY2025-26 Q3 (2026)", date(2026, 3, 31))])
def test_a_day_s_year_written_apart_is_no_later_end(text, end):
    """The near miss of a year in a part of its own: the year a day or a quarter named is in."""
    from lib.sync.wiki_pages.dates import _period_end

    assert _period_end(text) == end
