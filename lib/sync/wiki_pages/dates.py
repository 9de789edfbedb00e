"""Quarters and dates as wiki pages write them: "2017-18 Q2", "Oct 24 – Nov 1", "mid-Aug", "W41",
"05/09/2017", and the last day a deadline cell names.

A month or an ISO week written without its year takes it from the page's quarter (fiscal years
start in July); slashed dates are read day first or month first the way the whole page writes them
(`_dates_as_the_page_writes_them`, around each page parser).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, timedelta

from lib.sync.wikitables import strip_comments

_MONTH_NAMES = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORD = r"(?:st|nd|rd|th)?"

_FY_QUARTER = re.compile(r"(?:FY\s*)?((?:19|20)\d\d)\s*[-–/]\s*(\d\d(?:\d\d)?)(?![-\d])\s*[,/]?\s*(?:fiscal\s+year\s+)?Q([1-4])\b"
                         r"|\bQ([1-4])\s*\(?\s*(?:of\s*)?(?:FY\s*|(?:the\s+)?fiscal\s+year\s+)?((?:19|20)\d\d)\s*[-–/]\s*(\d\d(?:\d\d)?)(?![-\d])",
                         re.I)
# "FY19 Q1", "Q1 FY2019": the fiscal year named by the year it ends in
_FY_SHORT = re.compile(r"\bFY\s*'?(\d\d(?:\d\d)?)(?!\s*[-–/]\s*\d)\s*[,/–-]?\s*Q([1-4])\b"
                       r"|\bQ([1-4])\s*[,/]?\s*(?:of\s+)?FY\s*'?(\d\d(?:\d\d)?)\b(?!\s*[-–/]\s*\d)", re.I)
# "Q2 FY17-18", "FY17/18 Q2": a fiscal year written with two two-digit years
_FY_PAIR = re.compile(r"\bFY\s*'?(\d\d)\s*[-–/]\s*(\d\d)\s*[,/]?\s*Q([1-4])\b"
                      r"|\bQ([1-4])\s*[,/]?\s*(?:of\s+)?FY\s*'?(\d\d)\s*[-–/]\s*(\d\d)\b", re.I)
_CAL_QUARTER = re.compile(r"\b((?:19|20)\d\d)\s*[-/]?\s*Q([1-4])\b|\bQ([1-4])\s*[-/]?\s*((?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)",
                          re.I)
_MONTH_QUARTER = re.compile(rf"\b({_MON})\.?\s*(?:[-–—]|\bto\b|\bthrough\b|\bthru\b|\buntil\b)\s*({_MON})\.?,?\s*"
                            r"((?:19|20)\d\d)\b", re.I)
# "Quarter 2", "second quarter", "2nd quarter": Q2
_QUARTER_WORDS = re.compile(r"\bquarter\s*([1-4])\b|\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b", re.I)
# ordinals: of a quarter, of a week of a month ("first week of Oct")
_NTHS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_BARE_QUARTER = re.compile(r"\bQ([1-4])\b", re.I)
# a fiscal year on its own ("Annual Plan/2025-2026", "FY2025-26", "(FY 2025-26)", "FY26"): two consecutive
# years, not a date ("2025-10-01") or a span of years ("2017-2019")
_FISCAL_YEAR = re.compile(r"(?<![\d-])(?:FY\s*)?((?:19|20)\d\d)\s*[-–/]\s*(\d\d(?:\d\d)?)(?![-\d])"
                          r"|\bFY\s*'?(\d\d(?:\d\d)?)\b(?!\s*[-–/]\s*\d)", re.I)


def _consecutive(start: str, end: str) -> bool:
    """"2017", "18" (or "2018"): the two years of one fiscal year."""
    return int(end) == (int(start) + 1) % (100 if len(end) == 2 else 10_000)


def fiscal_year_named(text: str | None) -> str | None:
    """The fiscal year a text names without a quarter ("Goals/2017-18", "FY2025-26", "FY26"): "2017-18".
    None for none, or for two different ones."""
    found = set()
    for m in _FISCAL_YEAR.finditer(text or ""):
        if m.group(1) and _consecutive(m.group(1), m.group(2)):
            found.add(f"{m.group(1)}-{m.group(2)[-2:]}")
        elif m.group(3):
            found.add(_fiscal_year_ending(m.group(3)))
    return found.pop() if len(found) == 1 else None


def parse_quarter(text: str, fiscal_year: str | None = None) -> str | None:
    """"2017-18 Q2" for "Goals/2017-18 Q2", "FY2017/18 Q2", "Q2 2017-18", "Q2 FY18"; a bare "Q1" takes
    the fiscal year given (e.g. "2017-18"). A calendar quarter ("2017 Q4", "Oct–Dec 2017") is the
    fiscal one it falls in when a fiscal year is given (fiscal years start in July), else it stays
    as is ("2024 Q3"). None when no quarter is named."""
    if not text:
        return None
    text = _QUARTER_WORDS.sub(lambda m: f"Q{m.group(1) or _NTHS[m.group(2).lower()]}", text)
    for m in _FY_QUARTER.finditer(text):
        start, end, q = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6), m.group(4))
        if _consecutive(start, end):  # "2017-19 Q2", "2025-10 Q2" name no fiscal year
            return f"{start}-{end[-2:]} Q{q}"
    m = _FY_PAIR.search(text)
    if m:
        start, end, q = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6), m.group(4))
        return f"20{start}-{end} Q{q}"
    m = _FY_SHORT.search(text)
    if m:
        year, q = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return f"{_fiscal_year_ending(year)} Q{q}"
    bare = _BARE_QUARTER.search(text)
    m = _MONTH_QUARTER.search(text)
    if m:
        first, last = (_MONTH_NAMES[g.lower().rstrip(".")[:3] if g.lower()[:4] != "sept" else "sep"]
                       for g in (m.group(1), m.group(2)))
        if first % 3 == 1 and (last - first) % 12 == 2:
            year, cal_q = int(m.group(3)), (first + 2) // 3
            fiscal_q = (cal_q + 1) % 4 + 1
            if bare and int(bare.group(1)) == fiscal_q != cal_q:  # "Q2 (Oct-Dec 2025)": the fiscal Q2 named
                return _fiscal_quarter_of(year, cal_q)
            return _calendar_quarter(year, cal_q, fiscal_year)
    m = _CAL_QUARTER.search(text)
    if m:
        year, q = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return _calendar_quarter(int(year), int(q), fiscal_year)
    # the fiscal year and the quarter named apart ("Annual Plan/2025-2026/Goals/Q2", "Q2 goals (FY 2025-26)")
    named = fiscal_year_named(text)
    if bare and named:
        return f"{named} Q{bare.group(1)}"
    if bare and fiscal_year:
        return f"{fiscal_year} Q{bare.group(1)}"
    return None


def _calendar_quarter(year: int, q: int, fiscal_year: str | None) -> str:
    """Calendar quarter q of `year`, as the fiscal quarter it is when the page counts in fiscal years."""
    return _fiscal_quarter_of(year, q) if fiscal_year else f"{year} Q{q}"


def _fiscal_quarter_of(year: int, q: int) -> str:
    """Calendar quarter q of `year` as the fiscal quarter it is: Jul-Sep 2017 is "2017-18 Q1"."""
    start = year if q >= 3 else year - 1
    return f"{start}-{str(start + 1)[-2:]} Q{(q + 1) % 4 + 1}"


def _fiscal_year_ending(year: str) -> str:
    """The fiscal year ending in `year` ("18" or "2018"): "2017-18"."""
    ends = int(year) if len(year) == 4 else 2000 + int(year)
    return f"{ends - 1}-{str(ends)[-2:]}"


def _fiscal_year(quarter: str | None) -> str | None:
    m = re.match(r"(\d{4}-\d\d) Q[1-4]$", quarter or "")
    return m.group(1) if m else None


def _year_for(month: int, quarter: str | None) -> int | None:
    """Calendar year of a month named without a year: the one that puts the month nearest the
    quarter's own months. Fiscal years run July-June ("2017-18 Q2" is Oct-Dec 2017), so "Jan" on a Q2
    page is January 2018, and "May" on a Q1 page (planned in May and June) is May of the year the
    fiscal year starts; a calendar quarter ("2024 Q3") counts from its own year. Equally near: the
    year inside the fiscal year."""
    if not quarter:
        return None
    m = re.match(r"(\d{4})(-\d\d)? Q([1-4])$", quarter)
    if not m:
        return None
    start, fiscal, q = int(m.group(1)), bool(m.group(2)), int(m.group(3))
    first = start * 12 + (6 + 3 * (q - 1) if fiscal else 3 * (q - 1))  # the quarter's first month, 0-based
    middle = first + 1
    inside = (start if month >= 7 else start + 1) if fiscal else start
    return min((start - 1, start, start + 1, start + 2),
               key=lambda y: (abs(y * 12 + month - 1 - middle), y != inside))


def _week_month(week: int) -> int:
    """The month an ISO week mostly falls in (the same in every year, give or take its edges)."""
    return date.fromisocalendar(2017, min(max(week, 1), 52), 4).month  # its Thursday's month


def _near_quarter(day: date, quarter: str | None) -> bool:
    """`day` within four months of the quarter's middle month (a plan is made the quarter before);
    True when there is no quarter to go by."""
    m = re.match(r"(\d{4})(-\d\d)? Q([1-4])$", quarter or "")
    if not m:
        return True
    start, fiscal, q = int(m.group(1)), bool(m.group(2)), int(m.group(3))
    middle = start * 12 + (6 + 3 * (q - 1) if fiscal else 3 * (q - 1)) + 1  # 0-based, as in _year_for
    return abs(day.year * 12 + day.month - 1 - middle) <= 4


def _iso_monday(year: int | None, week: int) -> date | None:
    try:
        return date.fromisocalendar(year, week, 1) if year else None
    except ValueError:  # week 53 of a year without one, week 0
        return None


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


_NTH = r"first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th"
_DATE_TOKEN = re.compile(
    rf"(?P<iso>\b(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})\b)"
    # "first week of Oct", "2nd half of Sept", "Sept 1st week": those days of the month
    rf"|(?P<part_of>\b(?P<nth>{_NTH})\s+(?P<unit>week|half)\s+(?:of\s+)?(?P<pm>{_MON})\b\.?(?:,?\s*(?P<py>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<pm2>{_MON})\b\.?\s+(?P<nth2>{_NTH})\s+(?P<unit2>week|half)\b)"
    rf"|(?P<fuzzy>\b(?P<part>early|mid|middle of|late|end of|beginning of|start of)[\s-]*(?P<fm>{_MON})\b\.?)"
    rf"|(?P<md>\b(?P<m1>{_MON})\b\.?\s*(?P<d1>\d{{1,2}}){_ORD}\b(?!\s*[:.]\d)(?:,?\s*(?P<y1>(?:19|20)\d\d)\b)?)"
    rf"|(?P<dm>\b(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_MON})\b\.?(?:,?\s*(?P<y2>(?:19|20)\d\d)\b)?)"
    rf"|(?P<num>(?<![\d:/.#-])\b(?P<n1>\d{{1,2}})(?P<sep>[./])(?P<n2>\d{{1,2}})(?:(?P=sep)(?P<ny>(?:19|20)?\d\d))?\b(?![\d/]|\.\d))"
    rf"|(?P<week>\b(?P<wk>W(?=\d)|Week\s|KW\s?|CW\s?)(?P<wn>\d{{1,2}})\b"
    rf"(?!\s*(?:of\b|hours?\b|hrs?\b|h\b|%|days?\b|weeks?\b|st\b|nd\b|rd\b|th\b))(?:,?\s*(?P<wy>(?:19|20)\d\d)\b)?)"
    rf"|(?P<day>(?<![\d:/.#])(?<!\d{{4}}-)(?<!week )(?<!sprint )(?<!phase )(?<!step )(?<!wk )\b(?P<d3>\d{{1,2}}){_ORD}\b(?![\d:/]|\.\d|\s*(?:am|pm|h|%|minutes|min|days|weeks)\b))"
    rf"|(?P<mon>\b(?P<m3>{_MON})\b(?:\s+(?P<y3>(?:19|20)\d\d))?)",
    re.I,
)


_NUMERIC_DATE = re.compile(r"(?<![\d:/.#-])\b(\d{1,2})([./])(\d{1,2})(?:\2(?:19|20)?\d\d)?\b(?![\d/]|\.\d)")
_FULL_SLASHED_DATE = re.compile(r"(?<![\d:/.#-])\b(\d{1,2})(/)(\d{1,2})/(?:19|20)\d\d\b(?![\d/]|\.\d)")
_page_day_first: ContextVar[bool | None] = ContextVar("page_day_first", default=None)


def _slashed_day_first(text: str, pattern: re.Pattern = _NUMERIC_DATE) -> bool | None:
    """True when the slashed dates in `text` are written day first, False when month first, None
    when no date there can be read only one way (or two disagree)."""
    slashed = [(int(n.group(1)), int(n.group(3))) for n in pattern.finditer(text) if n.group(2) == "/"]
    first_past_12, second_past_12 = any(a > 12 for a, _ in slashed), any(b > 12 for _, b in slashed)
    return first_past_12 if first_past_12 != second_past_12 else None


def _dates_as_the_page_writes_them(parse: Callable) -> Callable:
    """A page parser whose cells read slashed dates the way the whole page writes them: "05/09/2017"
    is 5 September on a page that elsewhere has "15/08/2017". Only dates with their year count as
    the page's evidence ("24/7 support" is no date)."""
    @functools.wraps(parse)
    def parse_page(wikitext: str, *args, **kwargs):
        token = _page_day_first.set(_slashed_day_first(strip_comments(wikitext or ""), _FULL_SLASHED_DATE))
        try:
            return parse(wikitext, *args, **kwargs)
        finally:
            _page_day_first.reset(token)
    return parse_page


# "29.08.–11.09.2017", "11.–18.09.2017": a dotted range whose first day leaves out what the second
# gives (its year, or its month and year)
_DOTTED_RANGE = re.compile(r"(?<![\d.])(\d{1,2})\.(?:(\d{1,2})\.)?\s*([-–—])\s*(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")


def _dotted_range_in_full(m: re.Match) -> str:
    year, month = m.group(6), m.group(5)
    return f"{m.group(1)}.{m.group(2) or month}.{year} – {m.group(4)}.{month}.{year}"


_RANGE_JOIN = re.compile(r"\s*(?:[-–—]|to\b|until\b|through\b|and\b|&)\s*\d", re.I)


def parse_dates(text: str | None, quarter: str | None = None, *, exact_only: bool = False,
                near: date | None = None) -> list[tuple[date, date]]:
    """The dates a free-text wiki cell names, in order, each as (first day, last day).

    Understands "2017-11-21", "Nov 21", "21 November 2017", "Sept 1 - 11" (the day after a dash takes the
    month before it), "mid-Aug"/"late-Aug" (11-20 / 21-end of the month) and a bare month. A month
    without a year takes it from the quarter, else the year that puts it nearest `near` (a date the
    page gives beside it). `exact_only` keeps only single days.
    """
    if not text:
        return []
    text = _DOTTED_RANGE.sub(_dotted_range_in_full, text)
    out: list[tuple[date, date]] = []
    month = year = None
    days_before: list[int] = []  # "11–18 September": days named before their month, joined by a dash

    def year_of(mo: int) -> int | None:
        """A yearless month: nearest the date before it in this text ("Feb 20 - Mar 5", "Dec 18 -
        Jan 5"), else nearest the quarter."""
        if year is None and near is not None and not quarter:
            return min((near.year, near.year + 1, near.year - 1),
                       key=lambda y: abs((y * 12 + mo) - (near.year * 12 + near.month)))
        if year is None:
            return _year_for(mo, quarter)
        return min((year, year + 1, year - 1), key=lambda y: abs((y * 12 + mo) - (year * 12 + month)))

    # "15/08/2017" is day first, "9/20" month first; one that cannot be read the other way decides
    # for the others in the text, else the page's own habit (see _dates_as_the_page_writes_them), else month first
    # ("08/09/2017" alone), as US-written pages have it
    day_first = _slashed_day_first(text)
    if day_first is None:
        day_first = bool(_page_day_first.get())
    bare_numbers = bool(re.fullmatch(r"[\d/.\s–—-]+|(?:from|to|until|[\d/.\s–—-])+", text.strip(), re.I))
    for m in _DATE_TOKEN.finditer(text):
        if not m.group("day"):
            ahead, days_before = days_before, []
        if m.group("num"):
            a, b = int(m.group("n1")), int(m.group("n2"))
            dotted = m.group("sep") == "."
            if not m.group("ny") and (dotted or not bare_numbers):
                continue  # "2/3 of the team", "1.5": numbers, not dates, unless the cell holds nothing else
            if dotted and len(m.group("ny")) != 4:
                continue  # "6.8.23", "7.4.30": version numbers; a dotted date has its whole year
            day, mo = (a, b) if dotted or day_first else (b, a)
            ny = m.group("ny")
            y = (int(ny) if len(ny) == 4 else 2000 + int(ny)) if ny else (year_of(mo) if 1 <= mo <= 12 else None)
            d = _safe_date(y, mo, day) if y and 1 <= mo <= 12 else None
            if d:
                out.append((d, d))
                month, year = mo, y
        elif m.group("iso"):
            d = _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            if d:
                out.append((d, d))
                month, year = d.month, d.year
        elif m.group("week"):  # "W41", "Week 41", "KW 41": that ISO week's Monday to Friday
            n, written = int(m.group("wn")), m.group("wk").strip().upper()
            if exact_only or (n <= 13 and written not in ("KW", "CW") and not m.group("wy")):
                continue  # "Week 2" of a quarter's plan is its second week, not one in January
            y = int(m.group("wy")) if m.group("wy") else (year or _year_for(_week_month(n), quarter))
            monday = _iso_monday(y, n)
            if monday and not m.group("wy") and year is None and not _near_quarter(monday, quarter):
                continue  # "Week 14" on an October-December plan: some other count of weeks
            if monday:
                out.append((monday, monday + timedelta(days=4)))
                month, year = monday.month, monday.year
        elif m.group("part_of"):
            if exact_only:
                continue
            name = (m.group("pm") or m.group("pm2")).lower().rstrip(".")
            mo = _MONTH_NAMES[name]
            y = int(m.group("py")) if m.group("py") else year_of(mo)
            if y is None:
                continue
            last = calendar.monthrange(y, mo)[1]
            nth, unit = (m.group("nth") or m.group("nth2")).lower(), (m.group("unit") or m.group("unit2")).lower()
            if unit == "half":
                lo, hi = (16, last) if nth in ("second", "2nd", "last") else (1, 15) if nth in ("first", "1st") else (0, 0)
            else:  # the nth seven days of the month; the last week its last seven
                lo = last - 6 if nth == "last" else 7 * _NTHS[nth] - 6
                hi = min(lo + 6, last)
            if not 1 <= lo <= hi:
                continue  # "third half", "fifth week of February"
            out.append((date(y, mo, lo), date(y, mo, hi)))
            month, year = mo, y
        elif m.group("fuzzy"):
            if exact_only:
                continue
            mo = _MONTH_NAMES[m.group("fm").lower().rstrip(".")]
            y = year_of(mo)
            if y is None:
                continue
            last = calendar.monthrange(y, mo)[1]
            part = m.group("part").lower()
            lo, hi = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
                      "middle of": (11, 20), "late": (21, last), "end of": (21, last)}[part]
            out.append((date(y, mo, lo), date(y, mo, hi)))
            month, year = mo, y
        elif m.group("md") or m.group("dm"):
            name = (m.group("m1") or m.group("m2")).lower()
            if name == "may" and not re.match(r"May", m.group("m1") or m.group("m2")):
                continue  # the verb, not the month
            mo = _MONTH_NAMES[name]
            day = int(m.group("d1") or m.group("d2"))
            explicit = m.group("y1") or m.group("y2")
            y = int(explicit) if explicit else year_of(mo)
            d = _safe_date(y, mo, day)
            if d:
                out += [(e, e) for e in (_safe_date(y, mo, a) for a in ahead if a < day) if e]
                out.append((d, d))
                month, year = mo, y
        elif m.group("day"):
            if month is None or year is None:
                if _RANGE_JOIN.match(text, m.end()):
                    days_before.append(int(m.group("d3")))
                continue
            d = _safe_date(year, month, int(m.group("d3")))
            if d:
                out.append((d, d))
        elif m.group("mon"):
            name = m.group("m3")
            if name.lower() == "may" and name != "May":
                continue
            mo = _MONTH_NAMES[name.lower()]
            y = int(m.group("y3")) if m.group("y3") else year_of(mo)
            month, year = mo, y
            if exact_only or y is None:
                continue
            out.append((date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])))
    return out


def date_range(text: str | None, quarter: str | None) -> tuple[date | None, date | None]:
    """(start, end) of a dates cell like "mid-Aug – Aug 28" or "Oct 24 - Nov 1"; (None, None) when no
    date can be read. A single day is its own start and end."""
    points = parse_dates(text, quarter)
    if not points:
        return None, None
    start = points[0][0]
    end = max(end for _, end in points if end >= start)
    if end == start and re.search(r"\bweek (?:of|starting|beginning|commencing)\b|\bw/[cb]\b", text, re.I):
        end = start - timedelta(days=start.weekday()) + timedelta(days=4)  # "Week of Oct 2": to that Friday
    return start, max(end, start)


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# "EOD Friday", "by Wed", "end of week", "COB Thursday": a day of the week the row's dates are in
_WEEKDAY_DEADLINE = re.compile(r"\W*(?:(?:by|before|until|till|on|eod|cob|eob|end of (?:the )?(?:business )?day)\W+)*"
                               r"(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)(?P<wd_rest>[a-z]*)\.?"
                               r"|(?:the )?end of (?:the )?(?:work(?:ing)? )?week|eow)\W*", re.I)


_RECURRING = re.compile(r"\b(?:weekly|every|each|recurring|repeating|daily|bi-?weekly|fortnightly|monthly)\b", re.I)


def _deadline(text: str | None, quarter: str | None, row_end: date | None = None,
              row_start: date | None = None) -> date | None:
    """The day a deadline cell names: the last day of the period it gives first ("end of October": the
    31st, "Oct 23–24": the 24th, "week of Oct 23": that Friday), a day being its own. What follows in
    parentheses or after a comma or semicolon is a remark ("Oct 9 (was Oct 16)": Oct 9). A day of the
    week alone ("EOD Friday", "end of week": Friday) is the last such day within the row's dates
    (`row_start` to `row_end`), else the first after them; without them, or recurring ("Fridays",
    "Fri (weekly)"), it names no day."""
    if not text:
        return None
    head = re.split(r"\(|;|,(?!\s*(?:19|20)\d\d\b)", text, maxsplit=1)[0]
    named = date_range(head, quarter)[1] or date_range(text, quarter)[1]
    if named or row_end is None or not (m := _WEEKDAY_DEADLINE.fullmatch(head.strip())):
        return named
    if (m.group("wd_rest") or "").lower().endswith("days") or _RECURRING.search(text):
        return None  # "Fridays", "Fri (weekly)": every week, no one deadline
    weekday = _WEEKDAYS.index(m.group("wd").lower()) if m.group("wd") else 4
    within = row_end - timedelta(days=(row_end.weekday() - weekday) % 7)  # on or before the row's last day
    if within >= (row_start or row_end):
        return within
    return row_end + timedelta(days=(weekday - row_end.weekday()) % 7)


def _today() -> date:
    """Today, against which a date said to be done is checked (a test sets it)."""
    return date.today()


def _come_by_today(text: str | None, quarter: str | None) -> bool:
    """The last day `text` names has come: a done date, not a plan ("Done || Jan 12, 2027" read in
    November 2026 is not done yet; "in Q3" on a 2026-27 page, not before April 2027). False when no
    day can be read."""
    last = date_range(text, quarter)[1] or _period_end(text, quarter)
    return last is not None and last <= _today()


_SEASON = r"spring|summer|autumn|fall|winter"
_SEASON_ENDS = {"spring": (11, 30), "autumn": (11, 30), "fall": (11, 30), "summer": (2, 0), "winter": (2, 0)}


# words that say a period runs on: "2023 – present", "Jan 2024 – now", "TBD"
_STILL = re.compile(r"\b(?:now|currently|current|present|ongoing|today|tb[dca])\b", re.I)
# a year standing alone or in a range of years ("2024", "mid-2024", "2019-2024"), not part of another
# number ("12/2023", "v2023.1", "2023-05") or of a fiscal year or span written short ("2023-24", "2023/24")
_YEAR = re.compile(r"(?<![\d/.])\b((?:19|20)\d\d)\b(?!\d|[/.]\d|-\d{1,2}\b)")


# how a wiki says a thing did not happen, before its verb ("not", "never", "no longer", "won't", "hasn't")
_NEGATION = r"\b(?:not|never|no\s+longer|\w+n['’]t)\s+"
# a period renewed or extended ("Q3 2026 (renewed)", "extended through Q2 2027"): with no end named after
# the word, its end is not known ...
_RENEWED = re.compile(r"\b(?:renewed|extended|prolonged)\b", re.I)
# ... unless the renewal is refused: "not renewed", "won't be renewed", "contract wasn't renewed", "will not
# be extended", "not being renewed", "no longer extended"; not one that may still come ("not yet renewed",
# "hasn't been renewed yet")
_NOT_RENEWED = re.compile(_NEGATION + r"(?:(?:be|been|being|get|getting|got|going\s+to\s+be)\s+)*"
                          r"(?:renewed|extended|prolonged)\b(?![\s,]*yet\b)", re.I)
# a range left open at its end ("2021-", "2021 –", "March 2021 –"): from then on, running still
_OPEN_RANGE = re.compile(r"\w\s*[-–—]+\s*[)\]]*\s*$")
# what stands between the ends a text names ("Q3 2026 – Q2 2027", "Q3 2026 or Q1 2027", "2026 Q3 / 2027 Q1",
# "Q3 2026 (extended to Q1 2027)"); a comma before a number is a date's ("Aug 3, 2026")
_BETWEEN_ENDS = re.compile(r"\s*(?:[–—→();]|,(?!\s*\d)|\s[-/]\s|\b(?:to|or|and|until|till|through|thru|then|was|"
                           r"extended|renewed|moved|postponed)\b|&)\s*", re.I)


# a span whose later year is written short ("2025–27", "2025/27"), or a fiscal year ("FY 2026–27",
# "FY2026-27"): a fiscal year ends on June 30 of its second year (fiscal years start in July, as
# parse_quarter reads them); two years in a row without "FY" may be either: with a hyphen or a slash
# ("2023-24", "2023/24") they name no end, as the roster has read them; with a dash ("2024–25") the span
# ends with its second year, the later of the two ends
_SHORT_SPAN = re.compile(r"(?P<fy>\bFY\s*|\bfiscal\s+year\s+)?(?<![\d/.-])((?:19|20)\d\d)\s*(?P<dash>[-–—/])\s*(\d\d)"
                         r"(?![\d/.]|-\d)", re.I)
# a year and month written in numbers ("2027-03"; not a day, "2027-03-31", nor "2023-24" above)
_YEAR_MONTH = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?![\d/.]|-\d)")


def _short_spans(text: str) -> tuple[str, list[date]]:
    """The ends of the spans and year-months a text writes short (`_SHORT_SPAN`, `_YEAR_MONTH`), and the
    text without them; a text naming a quarter is left to the quarter's reading ("FY2025-26 Q3")."""
    if re.search(r"\bq[1-4]\b", text, re.I):
        return text, []
    ends: list[date] = []

    def span(m: re.Match) -> str:
        start, later = int(m.group(2)), int(m.group(2)[:2] + m.group(4))
        if later <= start:
            return m.group(0)  # "2027-03": a month
        if m.group("fy"):
            ends.append(date(later, 6, 30))
        elif later > start + 1 or m.group("dash") in "–—":
            ends.append(date(later, 12, 31))
        return " "

    def month(m: re.Match) -> str:
        year, mon = int(m.group(1)), int(m.group(2))
        ends.append(date(year, mon, calendar.monthrange(year, mon)[1]))
        return " "

    return _YEAR_MONTH.sub(month, _SHORT_SPAN.sub(span, text)), ends


def _period_end(text: str | None, quarter: str | None = None, near: date | None = None) -> date | None:
    """The last day of the days, month, quarter, season or year `text` names ("on Aug 3", "in early
    March", "in Q3", "in the summer of 2026", "in 2025"), the latest when it names several ("2019–2024",
    "2024 or 2030", "Q3 2026 – Q2 2027", "Aug 2026 – Q1 2027"). A month or quarter without a year takes it
    from the page's `quarter` (a bare "Q3" its fiscal year), else a month the year nearest `near`; a season
    is over by its end in either hemisphere (a summer by the next February's end). None when no day can
    be known, when the text says the period runs on ("2023 – present", "TBD", a range left open: "2021-"),
    or when it was renewed or extended with no new end ("Q3 2026 (renewed)")."""
    text = text or ""
    if _STILL.search(text) or _OPEN_RANGE.search(text):
        return None
    unrefused = _NOT_RENEWED.sub(lambda m: " " * len(m.group(0)), text)
    renewed = _RENEWED.search(unrefused)
    if renewed and _period_end(unrefused[renewed.end():], quarter, near) is None:
        return None
    text, ends = _short_spans(text)  # "2019 – 2027-03", "2025–27", "FY 2026–27"
    ends += [end for _, end in parse_dates(text, quarter, near=near)]
    own = re.match(r"(\d{4})(?:-\d\d)? Q[1-4]$", quarter or "")
    fiscal_year = _fiscal_year(quarter) or (own.group(1) if own else None)
    pieces = [p for p in _BETWEEN_ENDS.split(text) if p and p.strip()]
    loose_years = []  # a year standing in a part of its own ("Q3 2026 – 2027"), not in a date or a quarter
    for piece in [text, *pieces]:
        named = parse_quarter(piece, fiscal_year) if re.search(r"\bq[1-4]\b", piece, re.I) else None
        if named:  # "2026-27 Q3": January–March 2027; "2026 Q3": July–September 2026
            m = re.match(r"(\d{4})(-\d\d)? Q([1-4])$", named)
            start, q = int(m.group(1)), int(m.group(3))
            year, month = (start + (q >= 3), (3 * q + 6 - 1) % 12 + 1) if m.group(2) else (start, 3 * q)
            ends.append(date(year, month, calendar.monthrange(year, month)[1]))
        elif piece is not text and not parse_dates(piece, quarter, near=near):
            loose_years += [int(y) for y in _YEAR.findall(piece)]
    if ends:  # (a loose year that is a named day's is that day's, written apart: "Aug 3 (2026)")
        return max([*ends, *(date(y, 12, 31) for y in loose_years if all(e.year != y for e in ends))])
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    season = re.search(rf"\b({_SEASON})\b", text, re.I)
    if season:
        month, day = _SEASON_ENDS[season.group(1).lower()]
        y = max(years) + (month == 2)
        return date(y, month, day or calendar.monthrange(y, month)[1])
    return date(max(years), 12, 31)


def _ended(text: str | None) -> bool:
    """An end that has come and gone: the last day the text names (`_period_end`: "March 31, 2023";
    a year alone, "2024", is its 31 December) is before today. Nothing read, an end to come, or
    "present" is no end."""
    end = _period_end(text)
    return end is not None and end < _today()


_BETWEEN_DATES = re.compile(r"(?:[\s,.;/&–—-]|\b(?:to|and|from|until|till|through|thru|on|between)\b)*", re.I)
_NAMES_A_DAY_OR_MONTH = re.compile(rf"\b{_MON}\b|\d{{4}}-\d\d-\d\d|\b\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d\d\b", re.I)


def _only_dates(text: str | None) -> bool:
    """The text is dates and nothing else ("Aug 27", "June 15 - end of July", "2017-09-12"): no
    word around them ("by Aug 30", "Aug 30?", "Aug 30 (planned)"), and a month named or a full
    date written (a bare "3" is a number)."""
    text = (text or "").strip()
    if not text or not _NAMES_A_DAY_OR_MONTH.search(text):
        return False
    if re.search(r"\bmay\b", text) and not re.search(r"\bMay\b", text):
        return False  # the verb
    return bool(_BETWEEN_DATES.fullmatch(_DATE_TOKEN.sub(" ", text)))
