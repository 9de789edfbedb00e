"""The team-leads meeting from the team page's rituals table: which ritual it is, its weekly slot
as wikis write it, and when it last began (the start of "since the last meeting")."""

from __future__ import annotations

from datetime import datetime, time

import pandas as pd
import pytest

from lib.meetings import DEFAULT_SLOT, Slot, last_meeting, leads_meeting, leads_slot, meeting_slot


def rituals(*rows: tuple[str, str | None, str | None]) -> pd.DataFrame:
    return pd.DataFrame([{"ritual": r, "cadence": c, "how": None, "who": "Ann, Bob", "what": w} for r, c, w in rows],
                        columns=["ritual", "cadence", "how", "who", "what"])


SEED = rituals(("Sprint close", None, "Everyone gives an update"),
               ("Engineering leads sync", "Thursdays 10:00 UTC", "Code review load"),
               ("CommTech Team Leads Planning", "Weekly on Mondays 2pm UTC", "Go over the roadmap, identify priorities"),
               ("Retro", "Fortnightly", "Reflect"))


def test_the_leads_meeting_is_the_planning_one_named_for_the_leads():
    assert leads_meeting(SEED)["ritual"] == "CommTech Team Leads Planning"
    assert leads_meeting(SEED.iloc[[0, 1, 3]])["ritual"] == "Engineering leads sync"  # the only one for leads
    assert leads_meeting(SEED.iloc[[0, 3]]) is None
    assert leads_meeting(rituals()) is None


@pytest.mark.parametrize("cadence, slot", [
    ("Weekly on Mondays 2pm UTC", Slot((0,), time(14, 0))),
    ("Tue 16:00 CET", Slot((1,), time(16, 0), "Europe/Berlin")),
    ("Tues 3 PM ET", Slot((1,), time(15, 0), "America/New_York")),
    ("Thursdays, 9:30 a.m. Pacific", Slot((3,), time(9, 30), "America/Los_Angeles")),
    ("every Wed at 17h00 Europe/Paris", Slot((2,), time(17, 0), "Europe/Paris")),
    ("Weekly on Wednesdays<br/>AM: 10:30am UTC PM: 6:00pm UTC", Slot((2,), time(10, 30))),  # the first session
    ("Mondays and Thursdays", Slot((0, 3), None)),
    ("Monday 12pm", Slot((0,), time(12, 0))),
    ("Monday 12am", Slot((0,), time(0, 0))),
    ("Mondays 2-3pm UTC", Slot((0,), time(14, 0))), ("Mondays 11-12pm UTC", Slot((0,), time(11, 0))),
    ("Mondays 11:30-1pm", Slot((0,), time(11, 30))), ("Mondays 12-1pm", Slot((0,), time(12, 0))), ("Tuesdays 10–11am PT", Slot((1,), time(10, 0), "America/Los_Angeles")),
    ("Mondays 9am America/Indiana", Slot((0,), time(9, 0))),  # a folder, not a zone: UTC
])
def test_a_weekly_slot_as_wikis_write_it(cadence, slot):
    assert meeting_slot(cadence) == slot


@pytest.mark.parametrize("cadence", ["Fortnightly", "Every other Monday 2pm", "Monthly, first Monday", "Bi-weekly on Tuesdays",
                                     "Each sprint", "As needed", "", None])
def test_no_slot_when_the_last_meeting_cannot_be_told(cadence):
    assert meeting_slot(cadence) is None


def test_the_slot_of_the_leads_meeting_or_the_default_said_so():
    assert leads_slot(SEED) == (Slot((0,), time(14, 0)), True)
    thursday = leads_slot(SEED.iloc[[1]])
    assert thursday == (Slot((3,), time(10, 0)), True)
    assert leads_slot(SEED.iloc[[0, 3]]) == (DEFAULT_SLOT, False)
    unclear = SEED.assign(cadence=SEED["cadence"].where(SEED["ritual"] != "CommTech Team Leads Planning", "When needed"))
    assert leads_slot(unclear) == (DEFAULT_SLOT, False)


@pytest.mark.parametrize("now, expected", [
    (datetime(2026, 11, 24, 9), datetime(2026, 11, 23, 14)),       # Tuesday
    (datetime(2026, 11, 23, 16, 30), datetime(2026, 11, 23, 14)),  # Monday evening: that day's meeting
    (datetime(2026, 11, 23, 14, 5), datetime(2026, 11, 16, 14)),   # a sync during the meeting: the week before
    (datetime(2026, 11, 23, 15, 59), datetime(2026, 11, 16, 14)),  # still under way (two hours at most)
    (datetime(2026, 11, 23, 10), datetime(2026, 11, 16, 14)),      # Monday morning: the week before
])
def test_the_default_last_meeting_is_the_previous_monday_at_two(now, expected):
    assert last_meeting(now) == expected


def test_the_last_meeting_of_a_slot_in_another_zone_is_given_in_utc():
    berlin = Slot((1,), time(16, 0), "Europe/Berlin")
    assert last_meeting(datetime(2026, 11, 26, 12), berlin) == datetime(2026, 11, 24, 15)  # winter: UTC+1
    assert last_meeting(datetime(2026, 7, 2, 12), berlin) == datetime(2026, 6, 30, 14)     # summer: UTC+2
    # 18:30 Berlin on the Tuesday: that day's; 16:30 Berlin (under way) and 15:30 Berlin: the week before
    assert last_meeting(datetime(2026, 11, 24, 17, 30), berlin) == datetime(2026, 11, 24, 15)
    assert last_meeting(datetime(2026, 11, 24, 15, 30), berlin) == datetime(2026, 11, 17, 15)
    assert last_meeting(datetime(2026, 11, 24, 14, 30), berlin) == datetime(2026, 11, 17, 15)


def test_two_days_a_week_count_from_the_later_and_a_day_without_time_from_its_start():
    slot = Slot((0, 3), None)
    assert last_meeting(datetime(2026, 11, 27, 9), slot) == datetime(2026, 11, 26)  # Friday: Thursday's
    assert last_meeting(datetime(2026, 11, 30, 2, 5), slot) == datetime(2026, 11, 30)
    assert last_meeting(datetime(2026, 11, 30, 0, 5), slot) == datetime(2026, 11, 26)  # Monday's under way
    assert slot.describe() == "Mondays and Thursdays" and DEFAULT_SLOT.describe() == "Mondays 14:00 UTC"
