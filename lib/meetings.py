"""The team's meetings, from the team page's rituals table ("Ritual | How | Who | What | When"):
which one is the team-leads planning meeting, and when it last began, so that "since the last
meeting" follows the team's own day and time. Plain functions, free of Streamlit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Slot:
    """When a weekly meeting begins: its weekday(s) and time, in a time zone."""

    weekdays: tuple[int, ...]  # 0 = Monday
    at: time | None  # None: the wiki gives the day only (the day's start counts)
    zone: str = "UTC"

    def describe(self) -> str:
        days = " and ".join(WEEKDAYS[d] + "s" for d in self.weekdays)
        return f"{days} {self.at:%H:%M} {self.zone}" if self.at else days


# The seed page's team-leads meeting ("Weekly on Mondays 2pm UTC"): used when the team page says none.
DEFAULT_SLOT = Slot((0,), time(14, 0))

_LEADS = re.compile(r"\bleads?\b|\bleadership\b", re.I)
_PLANNING = re.compile(r"\bplan(?:ning)?\b|\bpriorit", re.I)
_NOT_WEEKLY = re.compile(r"fortnight|bi-?weekly|every (?:other|two|2|second|third|3)\b|monthly|quarterly|"
                         r"once a month|per sprint|each sprint|every sprint", re.I)
_DAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday|s|rs)?s?\b", re.I)
# "2pm", "9:30 a.m."; a span ("2-3pm", "10–11am", "11-12pm", "11:30-1pm") starts at its first time
_TIME_12 = re.compile(r"\b(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*(?:[-–]\s*(1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*)?"
                      r"([ap])\.?\s?m\b\.?", re.I)
_TIME_24 = re.compile(r"\b([01]?\d|2[0-3])[:h]([0-5]\d)\b")
# Zone abbreviations a wiki writes; each read as the place it names (so summer time follows).
_ZONES = {"utc": "UTC", "gmt": "UTC", "z": "UTC", "pt": "America/Los_Angeles", "pst": "America/Los_Angeles",
          "pdt": "America/Los_Angeles", "sf": "America/Los_Angeles", "pacific": "America/Los_Angeles",
          "mt": "America/Denver", "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
          "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
          "eastern": "America/New_York", "bst": "Europe/London", "uk": "Europe/London",
          "cet": "Europe/Berlin", "cest": "Europe/Berlin", "ist": "Asia/Kolkata"}
_ZONE_WORD = re.compile(r"\b(" + "|".join(sorted(_ZONES, key=len, reverse=True)) + r")\b", re.I)
_IANA = re.compile(r"\b([A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)\b")


def leads_meeting(rituals: pd.DataFrame) -> dict | None:
    """The team-leads planning meeting among the rituals: one named for the leads ("CommTech Team
    Leads Planning"), the planning one first when there are several; None when no ritual is."""
    if rituals.empty:
        return None
    named = rituals[rituals["ritual"].fillna("").str.contains(_LEADS)]
    if named.empty:
        return None
    planning = named[named["ritual"].str.contains(_PLANNING) | named["what"].fillna("").str.contains(_PLANNING)]
    return (planning if not planning.empty else named).iloc[0].to_dict()


def meeting_slot(cadence: str | None) -> Slot | None:
    """The weekly slot a "When" cell gives ("Weekly on Mondays 2pm UTC", "Tue 16:00 CET", "Mondays
    and Thursdays"); None when it names no weekday or is not weekly ("Fortnightly", "Monthly"), as
    the last meeting cannot be told then. The first time given counts; no zone means UTC."""
    text = cadence or ""
    if _NOT_WEEKLY.search(text):
        return None
    days = []
    for m in _DAY.finditer(text):
        day = [w[:3].lower() for w in WEEKDAYS].index(m.group(1).lower())
        if day not in days:
            days.append(day)
    if not days:
        return None
    at = None
    found = [(m.start(), m) for m in (_TIME_12.search(text), _TIME_24.search(text)) if m]
    if found:
        m = min(found, key=lambda f: f[0])[1]
        if m.re is _TIME_12:
            start, end, pm = int(m.group(1)), m.group(3), m.group(4).lower() == "p"
            # a span's am/pm is its end's; the start is in the morning when the span crosses noon
            # ("11-12pm", "11-1pm"), else in the same half of the day ("2-3pm")
            if end and pm and (int(end) == 12 or start > int(end)) and start != 12:
                pm = False
            at = time(start % 12 + (12 if pm else 0), int(m.group(2) or 0))
        else:
            at = time(int(m.group(1)), int(m.group(2)))
    return Slot(tuple(sorted(days)), at, _zone(text))


def _zone(text: str) -> str:
    iana = _IANA.search(text)
    if iana:
        try:
            ZoneInfo(iana.group(1))
            return iana.group(1)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # "America/Indiana" is a folder of zones
            pass
    word = _ZONE_WORD.search(text)
    return _ZONES[word.group(1).lower()] if word else "UTC"


def leads_slot(rituals: pd.DataFrame) -> tuple[Slot, bool]:
    """The leads meeting's slot, and whether the team page gave it (else the default: Mondays 14:00 UTC)."""
    meeting = leads_meeting(rituals)
    slot = meeting_slot(meeting.get("cadence")) if meeting else None
    return (slot, True) if slot else (DEFAULT_SLOT, False)


# How long a meeting is taken to run: one that began less than this before `now` is the one being
# held, and its screen counts changes from the meeting before it.
MEETING_RUNS_FOR = timedelta(hours=2)


def last_meeting(now: datetime, slot: Slot = DEFAULT_SLOT) -> datetime:
    """When the last meeting in `slot` began, as of `now` (both naive UTC, as the store keeps time),
    not counting one still under way: a sync at 14:05 during the Monday 14:00 meeting counts from the
    Monday before (what the leads meet to look at), a sync that evening from that day's meeting."""
    zone = ZoneInfo(slot.zone)
    local_now = (now - MEETING_RUNS_FOR).replace(tzinfo=timezone.utc).astimezone(zone)
    starts = []
    for day in slot.weekdays:
        back = (local_now.weekday() - day) % 7
        start = datetime.combine(local_now.date() - timedelta(days=back), slot.at or time(0), tzinfo=zone)
        if start > local_now:
            start -= timedelta(days=7)
        starts.append(start)
    return max(starts).astimezone(timezone.utc).replace(tzinfo=None)
