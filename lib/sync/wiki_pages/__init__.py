"""The four wiki pages as store rows: one parser per page kind.

Each parser takes the page's wikitext and title and returns {store table name: rows}, the rows' keys
being exactly that table's columns (lib/store/schema.py). Tables are found by what their headers
say (with synonyms), never by position, so an edited page with reordered or renamed columns still
syncs; when something needed is not there, WikiPageError names the page and what is missing.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from lib.sync.wiki_pages.cells import (
    _TOTAL_ROW,
    _first_line,
    _fit,
    _is_section_row,
    _lines,
    _none_if_blank,
    _struck,
)
from lib.sync.wiki_pages.dates import (
    _MON,
    _ORD,
    _dates_as_the_page_writes_them,
    _deadline,
    date_range,
    parse_dates,
    parse_quarter,
)
from lib.sync.wiki_pages.goals import STAGES, deployment_dates, normalise_stage, parse_goals_page
from lib.sync.wiki_pages.lists import _item_tree, _label_and_rest, _or_listed
from lib.sync.wiki_pages.marks import _DONE_TEMPLATE, _DONE_WORD, _mark
from lib.sync.wiki_pages.people import (
    _EMPLOYMENT_REMARK,
    _EMPLOYMENT_WORDS,
    _bare_role,
    _is_person,
    _names,
    _people,
    _role_like,
    _split_list,
    _with_names,
)
from lib.sync.wiki_pages.programs import _CODE, _name_key, _program_number_as_code, program_code, program_of
from lib.sync.wiki_pages.team import parse_team_page
from lib.sync.wikitables import (
    Table,
    WikiPageError,
    continued,
    find_table,
    find_tables,
    list_items,
    match_columns,
    normalise_header,
    parse_tables,
    preclean,
    render,
    sections,
    strip_tables,
)

__all__ = [
    "PAGE_PARSERS",
    "WikiPageError",
    "parse_team_page",
    "parse_goals_page",
    "parse_process_page",
    "parse_consultation_page",
    "normalise_stage",
    "parse_quarter",
    "parse_dates",
    "date_range",
    "program_code",
    "program_of",
    "deployment_dates",
    "consultation_status",
    "STAGES",
]


# --- process page --------------------------------------------------------------------------------

_TIMELINE = {"dates": ["Dates", "Date", "When", "Timing", "Timeframe", "Period"],
             "activity": ["Activity", "Activities", "What", "Task", "Step", "Milestone", "Action"]}
# Read only as whole headers: a span given as two columns, or weeks when no column names dates.
_TIMELINE_START = ["Start date", "Start", "Starts", "Begins", "Begin date", "From"]
_TIMELINE_END = ["End date", "End", "Ends", "Until", "Finish", "Finish date", "To"]
_TIMELINE_WEEK = ["Week", "Weeks", "Week of"]
_TIMELINE_OPTIONAL = {
    "who": ["Who", "Owner", "Owners", "Responsible", "By whom"],
    "deadline": ["Deadline", "Due", "Due date", "Due by", "By when"],
    "done": ["Done", "Done?", "Status", "Complete", "Completed", "State"],
    "deliverable": ["Deliverable", "Deliverables", "Output", "Outputs", "Artifact", "Expected result"],
}
_DELIVERABLE_WORDS = re.compile(r"\b(?:page|deck|deliverable|output|document|doc|artifact|result|slide|wiki)", re.I)

_PROGRAM_LINE = re.compile(rf"^(?P<code>{_CODE})\s*[:.–—-]?\s+(?P<name>.+?)\s*(?:\((?P<owners>[^()]+)\))?\s*$")
_INITIALS = re.compile(r"[A-Z]{1,3}")
_NOT_INITIALS = {"TBD", "TBC", "TBA", "NA", "WMF", "CTO", "CEO", "CPO", "CFO", "COO", "VP"}
_ACRONYMS = {"UX", "UI", "QA", "QE", "ML", "AI", "PM", "EM", "HR", "IT", "BI", "DB", "CI", "CD", "VP", "TL", "OS"}
_EXTRAS_BESIDE_OWNER = re.compile(rf"lead|owner|{_EMPLOYMENT_WORDS}", re.I)  # "(Ann Smith, lead)", "(…, WMDE)"


def _program_owners(text: str | None) -> list[str] | None:
    """The owners in a program line's closing parentheses: initials ("R, C, K") or people's names
    ("Ann Smith, Bob Roe", "Ann Smith/Bob Roe", "Ann Smith, PM"). None when the parentheses say
    something else ("beta", "ORES", "API", "formerly TP3", "Discovery Team", "On hold", "TBD"): those
    stay part of the program's name."""
    text = re.sub(r"^\s*(?:owners?|owned by|leads?|led by|program leads?)\s*:?\s+", "", text or "", flags=re.I)
    if not text or text.strip().upper().replace("/", "") in _NOT_INITIALS:
        return None
    parts = _split_list(text)
    if parts and all(_INITIALS.fullmatch(p) for p in parts):
        # one letter each ("R, C, K"), or a person's two ("JD"); a lone "API", "SRE" or "UX" is an acronym
        if any(p in _NOT_INITIALS or p in _ACRONYMS for p in parts) or (len(parts) == 1 and len(parts[0]) > 2):
            return None
        return parts
    for names in ([n for part in _names(text) for n in re.split(r"\s*/\s*", part) if n],
                  [n.strip() for n in re.split(r"[,/;&]", text) if n.strip()]):
        people = [n for n in names if _is_person(n)]
        extras = [n for n in names if n not in people]
        # beside a person, a role or an organisation ("Ann Smith, PM", "Jan Nowak, WMDE") is no owner
        if people and all(_role_like(n, set()) or _EXTRAS_BESIDE_OWNER.fullmatch(n) for n in extras):
            return people
    return None


_PROGRAM_TABLE = {"code": ["Code", "Program code", "Programme code"],
                  "name": ["Program", "Programme", "Program name", "Name"]}
_PROGRAM_TABLE_OPTIONAL = {"owners": ["Owners", "Owner", "Owner(s)", "Leads", "Lead", "Responsible"],
                           "group": ["Group", "Area", "Department", "Audience"]}


def _programs(wikitext: str, tables: list[Table], title: str) -> list[dict]:
    """Program list lines ("TP1 Availability, Performance & Maintenance (R, C, K)") with the group
    heading (or the layout-table column header, or the `;term`/bold line) they sit under."""
    out: dict[str, dict] = {}

    def add(text: str, group: str | None) -> None:
        text = _program_number_as_code(_EMPLOYMENT_REMARK.sub("", text))  # "— Bryan Davis (WMF)": the name alone
        m = _PROGRAM_LINE.match(text.strip())
        if not m or not re.search(r"\d|-", m.group("code")) or re.fullmatch(r"Q[1-4]|H[12]|FY\d+", m.group("code")):
            return
        owners = _program_owners(m.group("owners"))
        name = m.group("name") if owners or not m.group("owners") else f'{m.group("name")} ({m.group("owners")})'
        if not m.group("owners") and (dash := re.match(r"(.+?)\s+[–—-]\s+([^–—]+)$", name)):
            owners = _program_owners(dash.group(2))  # "TP10 Public Cloud — Ann Smith, Bob Roe"
            name = dash.group(1) if owners else name
        code = m.group("code")
        if code not in out:
            out[code] = {"code": code, "name": name.strip(" :–-"), "owners": ", ".join(owners or []) or None,
                         "group_name": _none_if_blank(group)}

    groups = _program_groups(wikitext)
    for table, cols in find_tables(tables, _PROGRAM_TABLE, _PROGRAM_TABLE_OPTIONAL):  # a row per program
        for rec in table.records():
            code = _first_line(rec[cols["code"]]).strip()
            if re.fullmatch(_CODE, code) and code not in out and _first_line(rec[cols["name"]]):
                owners = _names(rec.get(cols.get("owners", ""), ""))
                out[code] = {"code": code, "name": _first_line(rec[cols["name"]]).strip(" :–-"),
                             "owners": ", ".join(owners) or None,
                             "group_name": _none_if_blank(rec.get(cols.get("group", ""), "")) or groups.get(code)}

    # a Program column whose cells start with the code ("TP1 Availability"), beside Owner and Group
    for table, cols in find_tables(tables, {"name": _PROGRAM_TABLE["name"]}, _PROGRAM_TABLE_OPTIONAL):
        if any(normalise_header(table.headers[0]) == normalise_header(c) for c in _PROGRAM_TABLE["code"]):
            continue
        name_at = table.headers.index(cols["name"])
        for cells, rec in zip(table.cells, table.records()):
            if list_items(cells[name_at].raw):
                continue  # a list of programs in a cell: a layout table, read below
            m = _PROGRAM_LINE.match(_program_number_as_code(_first_line(rec[cols["name"]])).strip())
            if m and re.search(r"\d|-", m.group("code")) and m.group("code") not in out:
                owners = _names(rec.get(cols.get("owners", ""), "")) or _program_owners(m.group("owners")) or []
                out[m.group("code")] = {"code": m.group("code"), "name": m.group("name").strip(" :–-"),
                                        "owners": ", ".join(owners) or None,
                                        "group_name": _none_if_blank(rec.get(cols.get("group", ""), ""))
                                        or groups.get(m.group("code"))}

    def has_programs(raw: str) -> bool:
        return any(_PROGRAM_LINE.match(it.text.strip()) for it in list_items(raw))

    for table in tables:  # program lists laid out in a table: a column per group, or a row per group
        for cells in table.cells:
            label = cells[0] if cells and cells[0].text and not has_programs(cells[0].raw) else None
            for header, cell in zip(table.headers, cells):
                if cell is label:
                    continue
                for item in list_items(cell.raw):
                    m = _PROGRAM_LINE.match(item.text.strip())
                    if label is not None:
                        group = _first_line(label.text)
                    elif not header.startswith("column "):
                        group = header
                    else:
                        group = groups.get(m.group("code")) if m else None
                    add(item.text, group)
    for item in list_items(wikitext):
        if item.struck:  # a withdrawn program
            continue
        m = _PROGRAM_LINE.match(_program_number_as_code(item.text).strip())
        add(item.text, groups.get(m.group("code")) if m else None)
    if not out:
        raise WikiPageError(f'Page "{title}": no program list (lines like "* TP1 Availability, Performance & '
                            'Maintenance (R, C, K)")')
    return list(out.values())


def _program_groups(wikitext: str) -> dict[str, str]:
    """Program code -> nearest group label above its line (heading, `;term` or bold line)."""
    groups, current = {}, None
    for line in preclean(wikitext or "").split("\n"):
        stripped = line.strip()
        h = re.match(r"^(={1,6})\s*(.+?)\s*\1$", stripped)
        if h:
            current = render(h.group(2))
            continue
        b = re.fullmatch(r"'''(.+?)'''\s*:?", stripped) or re.fullmatch(r";\s*(.+)", stripped)
        if b:
            current = render(b.group(1))
            continue
        item = re.match(r"^[*#:]+\s*(.*)$", stripped)
        if item:
            m = _PROGRAM_LINE.match(_program_number_as_code(render(item.group(1)).replace("\n", " ")))
            if m and m.group("code") not in groups:
                groups[m.group("code")] = current
    return groups


_NO_DEPLOY = re.compile(r"\bno\b\W*(?:\(?\s*non[- ]emergency\s*\)?\s*)?deploy(?:ment)?s?\s+weeks?\b"
                        r"|\bno\b[^:\n]{0,40}?\bdeploy\w*"
                        r"|\b(?:deploy\w*|code)\s+(?:freezes?|moratorium|blackout)\b"
                        r"|\bno\s+(?:deployment\s+)?trains?\b", re.I)


_SENTENCE_END = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")
_WEEK_LINE = re.compile(rf"\s*(?:[*#:]\s*)*(?:week\b|wk\b|W\d|KW|CW|{_MON}\b|\d)", re.I)


def _no_deploy_weeks(wikitext: str, quarter: str, tables: list[Table] = ()) -> list[dict]:
    """Weeks from a sentence like "Planned no (non-emergency) deployment weeks: Week of Nov 20th
    (Thanksgiving), December 18th and 25th (End of year holidays)", from the items under a line that
    says so, or from a table under such a heading ("Deployment freezes": Week | Reason) -> one row
    per week (its Monday)."""
    out: dict[date, dict] = {}

    def add(text: str, reason: str | None) -> None:
        days = [d for d, _ in parse_dates(text, quarter, exact_only=True)]
        # ISO weeks ("W47", "week 47"): their Monday
        days += [d for d, e in parse_dates(text, quarter) if (e - d).days == 4 and d.weekday() == 0 and d not in days]
        joined_by = re.sub(r"\d{4}-\d\d-\d\d", " ", text)  # the hyphens of "2017-11-20" join nothing
        if len(days) == 2 and days[0] < days[1] and re.search(r"(?:[-–—]|\bto\b|\bthrough\b|\buntil\b)", joined_by):
            # a range ("Dec 20 - Jan 2"): every week it touches
            days = [days[0] + timedelta(days=n) for n in range(0, (days[1] - days[0]).days + 1, 7)] + [days[1]]
        for start in days:
            monday = start - timedelta(days=start.weekday())
            if monday not in out:
                out[monday] = {"quarter": quarter, "week_start": monday, "reason": _none_if_blank(reason)}

    def add_segments(rest: str) -> None:
        # segments end with their reason in parentheses: "Week of Nov 20th (Thanksgiving), ..."
        for seg in re.finditer(r"([^()]*?)(?:\(([^)]*)\)|$)", rest):
            if seg.group(1).strip() or seg.group(2):
                add(seg.group(1), seg.group(2))

    rendered = render(wikitext).split("\n")
    for i, line in enumerate(rendered):
        m = _NO_DEPLOY.search(line)
        if m:
            rest = _SENTENCE_END.split(line[m.end():], maxsplit=1)[0]  # "… (Thanksgiving). Next meeting: Nov 27."
            rest = rest.split(":", 1)[1] if re.match(r"[^:]{0,40}:", rest) else rest
            add_segments(rest)
            if line.rstrip().endswith(":") and not rest.strip():  # the weeks on the lines below (<br>)
                for nxt in rendered[i + 1:]:
                    if not _WEEK_LINE.match(nxt):
                        break  # the block ends where a line no longer starts with a week or a date
                    add_segments(nxt)
    lines = strip_tables(preclean(wikitext)).split("\n")
    for i, line in enumerate(lines):  # "Planned no deployment weeks:" with the weeks as list items under it
        if not re.search(r"deploy|freez|moratorium|blackout", line, re.I):
            continue  # (rendering every line of a long page to find the few that say so costs ~0.1 s)
        depth = len(line) - len(line.lstrip("*#:;"))
        said = render(line[depth:]).strip()
        m = _NO_DEPLOY.search(said)
        if not m or not said.endswith(":") or re.sub(r"\([^)]*\)", "", said[m.end():]).strip(" :"):
            continue
        if line.lstrip().startswith(";"):
            depth = 0  # ";Planned no deployment weeks:": a term, its items follow at any depth
        for nxt in lines[i + 1:]:
            if not nxt.strip():
                continue
            sub = len(nxt) - len(nxt.lstrip("*#:"))
            if sub <= depth:
                break
            add_segments(render(nxt[sub:]).replace("\n", " "))
    for table in tables:  # a table of frozen weeks, not the timeline (which has activities)
        if (_NO_DEPLOY.search(table.context()) or re.search(r"\bfreez", table.context())) and not match_columns(
                table.headers, {"activity": _TIMELINE["activity"]}, table.header_texts):
            cols = match_columns(table.headers, {"when": ["Week", "Weeks", "Dates", "Date", "When"],
                                                 "reason": ["Reason", "Why", "Notes", "Occasion"]}, table.header_texts)
            for rec in table.records() if "when" in cols else []:
                add(rec[cols["when"]], rec.get(cols.get("reason", ""), "") or None)
    return sorted(out.values(), key=lambda r: r["week_start"])


def _timeline(tables: list[Table], title: str, page_quarter: str | None, page_sections=()) -> list[dict]:
    """The planning timeline's rows; a timeline split across sections ("Before the quarter",
    "During"), each part with the same header row, is read whole. A page without a timeline table
    may list it ("Aug 15 – Aug 28: Prepare the pages (Kevin) {{done}}")."""
    # several tables may fit ("Key dates" above the "Detailed timeline"): the one a timeline heading
    # is over, then the one with most of the timeline's columns, then the first
    fits = [(t, _timeline_columns(t)) for t in tables]
    fits = [(t, c) for t, c in fits if c]
    best = max(fits, key=lambda f: (bool(re.search(r"timeline|schedule", f[0].context())), len(f[1])),
               default=(None, None))[0]
    own = page_quarter.split()[-1] if page_quarter else None
    # ... read from the part it carries on, when it is a later part of a split timeline
    first = next((t for t, _ in fits if t.index <= best.index and best in continued(tables, t, own)), best) \
        if best else None
    if first is None:
        listed = _listed_timeline(page_sections, page_quarter)
        if listed:
            return listed
        try:
            find_table(tables, _TIMELINE, title, "timeline", _TIMELINE_OPTIONAL)  # raises, naming the columns
        except WikiPageError as err:
            raise WikiPageError(f'{err}; nor a list of dated activities ("Aug 15 – Aug 28: Prepare the pages") '
                                "under a Timeline heading") from None
        raise WikiPageError(f'Page "{title}": no timeline table')  # (find_table found one _timeline_columns did not)
    quarter = page_quarter or next((q for q in map(parse_quarter, [first.caption, *reversed(first.headings)]) if q),
                                   None)
    if not quarter:
        raise WikiPageError(f'Page "{title}": cannot tell the quarter of the timeline (no quarter such as '
                            '"2017-18 Q2" in the page title or the heading above it)')
    out: list[dict] = []
    parts = continued(tables, first, own_period=quarter.split()[-1])
    for table in parts:
        if cols := _timeline_columns(table):
            out += _timeline_rows(table, cols, quarter, len(out))
    if len(first.headings) > 1:  # a part of a split timeline written as a list ("=== During the quarter ===")
        held = {tuple(t.headings) for t in parts}
        siblings = [sec for sec in page_sections if sec.path[:-1] == first.headings[:-1]
                    and len(sec.path) == len(first.headings) and tuple(sec.path) not in held
                    and _TIMELINE_PART.search(sec.title) and not _SET_APART_PART.search(sec.title)]
        for row in _listed_timeline(siblings, quarter, any_heading=True):
            out.append({**row, "position": len(out) + 1})
    return out


# a part of the timeline says when it is ("During the quarter", "October", "Week 3"); "Lessons from
# last quarter" or "Deployment freezes" beside it is no part of it
_TIMELINE_PART = re.compile(rf"\b(?:before|during|after|timeline|schedule|calendar|dates|weeks?|{_MON})\b", re.I)
_SET_APART_PART = re.compile(r"deploy|freeze|next|upcoming|previous|former|last|lesson|retro|notes?|see also", re.I)


_TIMELINE_HEADING = re.compile(r"\b(?:timeline|schedule|calendar|key dates|dates|milestones|process|planning)\b", re.I)
_ITEM_DEADLINE = re.compile(r"[(,;–—-]?\s*\b(?:deadline|due(?: by| on)?)\s*:?\s*([^()|;]+?)\s*\)?\s*$", re.I)


def _split_dated(text: str, quarter: str) -> tuple[str, str] | None:
    """("Aug 15 – Aug 28", "Prepare the pages") for "Aug 15 – Aug 28: Prepare the pages": cut at the
    first ":" or spaced dash whose left side is dates and whose right side does not go on with one."""
    for m in re.finditer(r"\s*:\s+|\s+[-–—]+\s+|\s*[–—]\s*", text):
        left, right = text[:m.start()].strip(), text[m.end():].strip()
        if left and right and parse_dates(left, quarter) and not re.match(rf"(?:{_MON}\b|\d)", right, re.I):
            return left, right
    return None


def _listed_timeline(page_sections, quarter: str | None, *, any_heading: bool = False) -> list[dict]:
    """The timeline as a list under a heading such as "Timeline": "Dates: activity (who) {{done}}", or
    a term for the dates over a definition for the activity. Dates need a quarter (the page title's,
    or a heading's) to know their year; without one nothing is read."""
    out: list[dict] = []
    for sec in page_sections:
        if not (any_heading or _TIMELINE_HEADING.search(sec.title)):
            continue
        here = quarter or next((q for q in map(parse_quarter, [sec.title, *reversed(sec.path)]) if q), None)
        for node in _item_tree(list_items(sec.body)):
            it = node.item
            if it.struck:
                continue
            if node.children and not it.text.rstrip().endswith(":") and here and parse_dates(it.text, here):
                dates_text, rest = it.text.strip(), " ".join(c.text for c in node.below())  # "; Aug 15" over ": Prepare"
                raw = " ".join([it.raw, *(c.raw for c in node.below())])
            else:
                split = _split_dated(it.text, here) if here else None
                if not split:
                    continue
                (dates_text, rest), raw = split, it.raw
            done = bool(_DONE_TEMPLATE.search(raw) or _DONE_WORD.search(rest))
            activity = _DONE_WORD.sub("", rest).strip()
            deadline = _ITEM_DEADLINE.search(activity)
            deadline_text = deadline.group(1).strip() if deadline and parse_dates(deadline.group(1), here) else None
            if deadline_text:
                activity = activity[:deadline.start()].strip()
            who = None
            m = re.search(r"\s*\(([^()]+)\)\s*$", activity)
            people = _split_list(m.group(1)) if m else []
            if people and all(_is_person(n) or re.fullmatch(r"[A-Z][\w.'’-]{1,30}", n) for n in people):
                who, activity = ", ".join(people), activity[:m.start()].strip()  # "(Kevin/Joel)", "(Victoria, Owners)"
            start, end = date_range(dates_text, here)
            out.append({"quarter": here, "position": len(out) + 1, "dates_text": dates_text, "start_date": start,
                        "end_date": end, "who": who, "activity": activity or dates_text, "deliverable": None,
                        "deadline_text": deadline_text, "deadline": _deadline(deadline_text, here), "done": done})
    return out


def _timeline_columns(table: Table) -> dict[str, str] | None:
    """The timeline's columns in `table`, or None: Dates (or Start and End, or Week) and Activity."""
    cols = match_columns(table.headers, {**_TIMELINE, **_TIMELINE_OPTIONAL}, table.header_texts)
    whole = {normalise_header(h): h for h in table.headers}

    def header(words: list[str]) -> str | None:
        return next((whole[k] for k in map(normalise_header, words) if k in whole), None)
    start, end = header(_TIMELINE_START), header(_TIMELINE_END)
    if start and end:  # "Start date | End date": the dates are the span of the two
        cols = {k: v for k, v in cols.items() if v not in (start, end)}
        cols.update(dates=start, end=end)
    elif "dates" not in cols and (week := header(_TIMELINE_WEEK) or start):
        cols["dates"] = week
    return cols if "dates" in cols and "activity" in cols else None


def _timeline_rows(table: Table, cols: dict[str, str], quarter: str, before: int) -> list[dict]:
    mapped = set(cols.values())
    extra_deliverables = [h for h in table.headers if h not in mapped and _DELIVERABLE_WORDS.search(h)]
    done_candidates = [h for h in table.headers if h not in mapped and h not in extra_deliverables]
    out = []
    month = ""  # a group row naming a month ("! colspan=2 | September 2017") gives it to bare days below
    for cells, rec in zip(table.cells, table.records(prefer=[cols["activity"]])):
        if _is_section_row(cells) and cells[0].header:
            named = re.search(rf"\b{_MON}\b\.?(?:\s+\d{{4}})?", cells[0].text, re.I)
            month = named.group(0) if named else ""
            continue  # a group label ("! colspan=2 | September"), not an activity
        activity = rec[cols["activity"]].strip()
        dates_text = _none_if_blank(rec[cols["dates"]].replace("\n", " "))
        end_text = _none_if_blank(rec[cols["end"]].replace("\n", " ")) if "end" in cols else None
        if end_text and end_text != dates_text:
            dates_text = f"{dates_text} – {end_text}" if dates_text else end_text
        if month and dates_text and re.fullmatch(r"[\d\s–—-]+(?:st|nd|rd|th)?", dates_text):
            dates_text = f"{month.split()[0]} {dates_text}" + (f" {month.split()[1]}" if len(month.split()) > 1 else "")
        if not activity:
            if not dates_text:
                continue
            activity = dates_text  # a milestone row written in one spanning cell
        across = len({c.origin for c in cells}) == 1 and len(cells) > 1  # one cell spanning the whole row
        if not dates_text and across and (lead := _split_dated(activity, quarter)):
            dates_text = lead[0]  # "2 October 2017: Q2 starts" across the row: its dates are the milestone's
        start, end = date_range(dates_text, quarter)
        if (across and start is None and not parse_dates(activity, quarter)) or _TOTAL_ROW.fullmatch(cells[0].text):
            continue  # a note across the table ("All dates are in 2017."), a total row: no activity
        deadline_text = _none_if_blank(rec.get(cols.get("deadline", ""), "").replace("\n", " "))
        deadline = _deadline(deadline_text, quarter)
        deliverable_cols = ([cols["deliverable"]] if "deliverable" in cols else []) + extra_deliverables
        deliverable = "\n".join(rec[h] for h in deliverable_cols if rec[h].strip())
        if "done" in cols:
            done = bool(_mark(rec[cols["done"]]))
        else:  # an unlabelled column of ticks, or a {{done}} written into another cell
            done = any(_mark(rec[h]) for h in done_candidates) or any(_DONE_TEMPLATE.search(c.raw) for c in cells)
        if deadline_text:
            deadline_text = _none_if_blank(_DONE_WORD.sub("", deadline_text))
        out.append({
            "quarter": quarter, "position": before + len(out) + 1, "dates_text": dates_text, "start_date": start,
            "end_date": end, "who": _none_if_blank(", ".join(_names(rec.get(cols.get("who", ""), "")))),
            "activity": activity, "deliverable": _none_if_blank(deliverable), "deadline_text": deadline_text,
            "deadline": deadline, "done": done,
        })
    return out


@_dates_as_the_page_writes_them
def parse_process_page(wikitext: str, title: str) -> dict[str, list[dict]]:
    """Planning timeline, the programs with their owners and groups, and the no-deployment weeks."""
    tables = parse_tables(wikitext)
    quarter = parse_quarter(title)
    timeline = _timeline(tables, title, quarter, sections(wikitext))
    programs = _programs(wikitext, tables, title)
    return _fit({
        "timeline": timeline,
        "programs": programs,
        "no_deploy_weeks": _no_deploy_weeks(wikitext, timeline[0]["quarter"] if timeline else quarter, tables),
    })


# --- consultation page ---------------------------------------------------------------------------

_STEPS = {"activity": ["Activity", "Step", "Steps", "Task", "Action", "Milestone"],
          "status": ["Status", "State", "Progress", "Date", "Done", "When", "Completed on", "Done on", "Finished on"]}
_STEPS_OPTIONAL = {"phase": ["Phase", "Stage"],
                   "date": ["Date", "When", "Completed on", "Done on", "As of"],
                   "started": ["Started", "Started on", "Began", "In progress since"]}
_PLANNED_HEADERS = {normalise_header(h) for h in ("Due date", "Due", "Deadline", "Target date", "Target",
                                                   "Planned date", "Planned", "Scheduled", "Scheduled for")}
_DATE_SAYS_DONE = re.compile(r"\b(?:completed|done|finished|held)\b", re.I)  # "Completed on": done that day
_ROLES = {"role": ["Role/Skill", "Role", "Skill", "Function", "Position"],
          "names": ["Name", "Names", "Who", "People", "Person", "Members", "Member"]}
_ROLES_OPTIONAL = {"task": ["Task", "Tasks", "Responsibilities", "Responsibility", "Description", "Duties",
                             "What they do"]}

_LONG_DATE = re.compile(rf"{_MON}\.?\s+\d{{1,2}}{_ORD},?\s+\d{{4}}|\d{{1,2}}{_ORD}\s+{_MON}\.?,?\s+\d{{4}}"
                        r"|\d{4}-\d\d-\d\d|\b\d{1,2}([./])\d{1,2}\1(?:19|20)\d\d\b", re.I)


def consultation_status(text: str | None, has_link: bool = False) -> tuple[str, date | None, str | None]:
    """(status, status_date, status_text) of a step's Status cell: a bare date = done that day;
    "in progress (per September 19, 2023)" = in progress as of that date; empty = not started;
    other text is kept, its status read from its words (a link to a report counts as done)."""
    text = (text or "").strip()
    if not text or re.fullmatch(r"[-–—?\s]+|n/?a", text, re.I):  # "—", "n/a": nothing yet
        return "not started", None, None
    one_line = re.sub(r"\s+", " ", text)
    m = _LONG_DATE.search(one_line)
    when = None
    if m:
        points = parse_dates(m.group(0), None, exact_only=True)
        when = points[0][0] if points else None
    low = one_line.lower()
    if re.search(r"in progress|ongoing|under way|underway|started|wip|in review|drafting|partial|partly|"
                 r"\b(?:open|runs?|running) (?:until|till|through)\b", low) and \
            not re.search(r"not started", low):
        return "in progress", when, one_line
    if re.search(r"not started|not (?:yet )?(?:done|held|complete)|not yet|to be (?:held|done|published)|^cross$|[✗✘❌]",
                 low):
        return "not started", when, one_line
    # {{No}}, {{N}}, {{X mark}} (a red cross), {{Nay}}; {{Aye}}, {{Check mark}}, "Approved", "OK", "X";
    # "Open" (for comments) and "Waiting" say a step is under way, not that it is not
    if re.fullmatch(r"x[\s-]?mark\W*", low):
        return "not started", when, one_line
    mark = None if re.match(r"open|waiting|awaiting", low) else _mark(re.sub(r"\bmark\b", "", low).strip())
    if mark is not None and not when:
        return ("done" if mark else "not started"), None, one_line
    if re.search(r"\b(?:done|complete|completed|finished|published|yes|held|closed|concluded)\b|✓|✔|✅|☑", low) or \
            re.fullmatch(r"y|tick|check|checkmark", low):
        return "done", when, one_line
    if re.search(r"to do|todo|planned|upcoming|tbd|pending|postponed|scheduled|\bdue\b|cancel+ed|dropped"
                 r"|skipped|abandoned|on hold|^\W*(?:target(?:ed)?|expected|eta|due|planned)\b\s*:?|^\W*(?:up )?next\W*$"
                 rf"|\b(?:by|before)\s+(?:(?:the\s+)?(?:end|middle|mid|start|beginning)\s+of\s+)?"
                 rf"(?:{_MON}\b\.?\s*(?:\d|$)|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}\b)", low):
        return "not started", when, one_line  # "Target: Oct 15, 2023", "By October 15": a plan, not a done date
    if when or re.fullmatch(rf"{_MON}\.?,?\s+\d{{4}}|{_MON}\.?\s+\d{{1,2}}{_ORD}|\d{{1,2}}{_ORD}\s+{_MON}\.?",
                            one_line, re.I):
        return "done", when, one_line  # a date says when the step was done (its year may be left out)
    return ("done" if has_link else "in progress"), None, one_line


# "Phase 1 - Consultation", "Phase II", "Consultation phase", "Design and implementation phase"
_PHASE_HEADING = re.compile(r"^\s*phase\b|\b(?:phase|stage)\s+(?:\d+|[ivx]+)\b"
                            r"|^\s*[\w-]+(?:\s+(?:and|&)\s+[\w-]+)?\s+phase\s*(?:\([^)]*\))?\s*:?\s*$"
                            r"|^\s*(?:first|second|third|fourth|fifth|sixth|final|last|\d+(?:st|nd|rd|th))\s+phase\b", re.I)
# "== 1. Consultation ==": a numbered heading is a phase when steps sit right under it
_NUMBERED_HEADING = re.compile(r"^\s*\d+[.)]\s+\S")
_STEPS_HEADING = re.compile(r"\b(?:steps?|plan|timeline|activities|schedule|milestones)\b", re.I)


def _phase_of(table: Table) -> str | None:
    for h in reversed([*table.headings, table.caption]):
        if _PHASE_HEADING.search(h):
            return h
    # "== 1. Consultation ==" over the table, or over its "=== Timeline ===": that numbered heading
    heads = table.headings
    if heads and _NUMBERED_HEADING.match(heads[-1]) and not _STEPS_HEADING.search(heads[-1]):
        return heads[-1]
    if len(heads) > 1 and _STEPS_HEADING.search(heads[-1]) and _NUMBERED_HEADING.match(heads[-2]) \
            and not _STEPS_HEADING.search(heads[-2]):
        return heads[-2]
    return None


# Words a listed step's status starts with; anywhere in a cut-off rest, these and a few more say one
_STATUS_WORDS = (r"done|complete[d]?|finished|published|held|closed|in progress|ongoing|under ?way|started|"
                 r"not started|planned|upcoming|scheduled|pending|postponed|cancel+ed|dropped")
_STATUS_MARKS = "✓✔✅☑✗✘❌"
# A status word says a status ("closed on July 31", "pending legal review", "expected during Q3", "no
# longer needed"), except before a word it makes a kind of thing of, part of a step's name or an
# objective: "closed questions", "planned features", "pending changes", "expected outcomes", "no new
# tools", "target editors", "planned agenda", "closed beta", "held back", "no free text"
_KIND_AFTER_A_STATUS = (r"agenda|text|beta|alpha|testing|tests?|sessions?|groups?|formats?|lists?|workshops?|captions?|"
                        r"sources?|captioning|back|free|questions?|features?|changes|outcomes?|wikis?|editors?|"
                        r"audiences?|users?|readers?|communit(?:y|ies)|languages?|projects?|reviewers?|participants?|"
                        r"new|more")
_SAYS_A_STATUS = rf"\b(?!\s+(?:{_KIND_AFTER_A_STATUS})\b)"
_STATUS_SIGNAL = re.compile(rf"\b(?:{_STATUS_WORDS}|to do|todo|tbd|target|expected|yes|no){_SAYS_A_STATUS}"
                            rf"|[{_STATUS_MARKS}]|\{{\{{", re.I)
_LAMPS = {"🟢": "done", "✅": "done", "🟡": "in progress", "🟠": "in progress", "🔴": "not started",
          "⚪": "not started", "⚫": "not started", "☐": "not started"}


_STATUS_FIRST = re.compile(rf"\s*(?:(?:{_STATUS_WORDS}){_SAYS_A_STATUS}|[{_STATUS_MARKS}])", re.I)


def _child_status(text: str) -> str:
    """The status an item under a listed step gives: "Status: done (June 20, 2023)", or a line that
    starts with one ("done July 19, 2023"); "" for a note ("Announced on wikitech-l")."""
    m = re.match(r"\s*(?:status|state|progress)\s*:\s*(.+)", text, re.I)
    return m.group(1) if m else (text if _STATUS_FIRST.match(text) else "")


def _status_lamp(text: str) -> tuple[str, str]:
    """A coloured lamp before a step ("🟢 Public communications"): (the status it stands for, the
    text without it); ("", text) when there is none."""
    m = re.match(r"\s*([🟢✅🟡🟠🔴⚪⚫☐])\ufe0f?\s*", text)
    return (_LAMPS[m.group(1)], text[m.end():]) if m else ("", text)


# a status in parentheses after a step's whole name: "Design review – closed questions only (done)"
_TRAILING_STATUS = re.compile(rf"\s*\(\s*((?:{_STATUS_WORDS}){_SAYS_A_STATUS}[^()]*)\)\s*$", re.I)
_STATUS_LABEL = re.compile(r"(?:^|[\s–—-])(?:target|due|eta|planned|status|state|expected|progress)$", re.I)


def _step_and_status(text: str) -> tuple[str, str]:
    """A listed step cut where its status begins: at the last dash or colon after which the text
    says a status or a date ("Public communications - Kickoff – done (March 30, 2023)": the step is
    "Public communications - Kickoff"), or at a parenthesis closing it that says one when no cut does;
    (text, "") when no part of it says one."""
    trailing = _TRAILING_STATUS.search(text)
    if trailing and not _step_and_status(text[:trailing.start()])[1]:
        return text[:trailing.start()].strip(), trailing.group(1).strip()
    cuts = [m for m in re.finditer(r"\s+[-–—]+\s+|\s*[–—]\s*|:\s+", text)]
    for cut in reversed(cuts):
        step, said = text[:cut.start()].strip(), text[cut.end():].strip()
        if cut.group(0).startswith(":") and _STATUS_LABEL.search(step):
            continue  # "Survey – Target: Oct 15": the label belongs to the status
        if step and said and (_STATUS_SIGNAL.search(said) or _LONG_DATE.search(said)):
            return step, said
    return text.strip(), ""


def _listed_steps(page_sections, *, explicit_only: bool = False) -> list[dict]:
    """Steps written as a list: under a phase heading ("== Phase 1: Consultation ==", "== 1. Listening
    ==") or a Steps heading within one. Under a Steps heading every item is a step; right under the
    phase heading (where objectives are listed too) only items that say their status ("Kickoff –
    {{done}} (March 30, 2023)", "Survey: in progress")."""
    out: list[dict] = []
    for sec in page_sections:
        phase = next((h for h in reversed(sec.path) if _PHASE_HEADING.search(h) or _NUMBERED_HEADING.match(h)), None)
        if phase is None:
            continue
        all_steps = sec.title != phase and bool(_STEPS_HEADING.search(sec.title))
        if sec.title != phase and not all_steps:
            continue
        for node in _item_tree(list_items(sec.body)):
            it = node.item
            if it.struck:
                continue
            lamp, text_of_item = _status_lamp(it.text)
            activity, said = _step_and_status(text_of_item)
            said = said or (text_of_item if _DONE_TEMPLATE.search(it.raw) else "")
            if said == text_of_item:
                activity = _DONE_WORD.sub("", text_of_item).strip()
            # under the step: "#* Status: done (June 20, 2023)", "#: {{done}} March 30, 2023"
            labelled = [c.item.text for c in node.children if re.match(r"\s*(?:status|state|progress)\s*:", c.item.text, re.I)]
            said = said or next(filter(None, map(_child_status, labelled + [c.item.text for c in node.children])), "")
            said = said or lamp
            status, when, text = consultation_status(said, has_link=False)
            if not said and not all_steps:
                continue  # an objective, not a step
            if explicit_only and not (all_steps or lamp or _DONE_TEMPLATE.search(it.raw) or labelled):
                continue  # beside a steps table, only what surely is a step ("Start: after the report" is not)
            out.append({"position": len(out) + 1, "phase": phase, "activity": activity, "status": status,
                        "status_date": when, "status_text": text})
    return out


def _consultation_steps(tables: list[Table], title: str, page_sections=()) -> list[dict]:
    # a roles table (Role, Name, Task) is no list of steps; a steps table may say who does each step
    found = [(t, c) for t, c in find_tables(tables, _STEPS, _STEPS_OPTIONAL)
             if not (set(_ROLES) <= set(match_columns(t.headers, _ROLES, t.header_texts)))]
    if not found:
        def no_table() -> list[dict]:
            find_table(tables, _STEPS, title, "consultation steps", _STEPS_OPTIONAL)  # raises, naming the columns
            return []
        return _or_listed(no_table, lambda: _listed_steps(page_sections),
                          'steps ("Kickoff – done (March 30, 2023)") under a phase heading')
    out = []
    for table, cols in found:
        heading_phase = _phase_of(table)
        status_index = table.headers.index(cols["status"])
        # read apart from the matched columns, so that a "Due date" never stands for the Status column
        planned_col = next((h for h in table.headers if h not in cols.values()
                            and normalise_header(h) in _PLANNED_HEADERS), None)
        for cells, rec in zip(table.cells, table.records()):
            activity = " ".join(_lines(rec[cols["activity"]]))
            if _is_section_row(cells) and _PHASE_HEADING.search(cells[0].text):
                heading_phase = _first_line(cells[0].text)  # "! colspan=2 | Phase 2 – Design": the steps below
                continue
            if not activity or _is_section_row(cells) and not rec[cols["status"]] or _TOTAL_ROW.fullmatch(cells[0].text):
                continue  # empty, a group label, a total row ("Total || 3 of 8 done")
            raw = cells[status_index].raw
            # "<s>June 20, 2023</s> July 3, 2023": moved to July 3; a Due date column gives the plan
            date_col = cols.get("date") or planned_col
            date_text = rec[date_col] if date_col else ""
            status_text = rec[cols["status"]]
            if not status_text and date_text and "date" in cols and _DATE_SAYS_DONE.search(cols["date"]):
                status_text = date_text  # "Completed on": its date says the step is done
            # an empty Status beside a Date says nothing is done yet: the date is the plan
            status, when, text = consultation_status(status_text, has_link="[" in raw)
            started = rec.get(cols["started"], "").strip() if "started" in cols else ""
            if not status_text and started and (since := parse_dates(started, None, exact_only=True)):
                status, when, text = "in progress", since[0][0], f"started {started}"  # "Started | Completed on"
            if date_text and when is None:
                points = parse_dates(date_text, None, exact_only=True)
                when = points[0][0] if points else None
            phase = _none_if_blank(rec.get(cols.get("phase", ""), "")) or heading_phase
            out.append({"position": len(out) + 1, "phase": phase, "activity": activity, "status": status,
                        "status_date": when, "status_text": text})
    # a phase may list its steps while another has a table ("Phase 2" as a list beside Phase 1's table)
    tabled = {st["phase"] for st in out}
    for st in _listed_steps(page_sections, explicit_only=True):
        if st["phase"] not in tabled:
            out.append({**st, "position": len(out) + 1})
    return out


def _consultation_phases(secs: list, steps: list[dict], title: str, tables: list[Table] = ()) -> list[dict]:
    phases = []
    numbered = {st["phase"] for st in steps if st["phase"] and _NUMBERED_HEADING.match(st["phase"])}
    for i, sec in enumerate(secs):
        if not (_PHASE_HEADING.search(sec.title) or sec.title in numbered) or (sec.path and len(sec.path) > 1 and
                                                     any(_PHASE_HEADING.search(p) for p in sec.path[:-1])):
            continue
        inside = [s for s in secs[i + 1:] if len(s.path) > len(sec.path) and s.path[: len(sec.path)] == sec.path]
        objective_secs = [s for s in inside if re.search(r"objective|goal|aim", s.title, re.I)]
        items = [it for s in objective_secs for it in list_items(s.body)]
        if not items:
            candidates = [sec] + [s for s in inside if not re.search(r"step|status|timeline", s.title, re.I)]
            items = [it for s in candidates for it in list_items(s.body)]
        if items:
            top = min(it.level for it in items)
            objectives = [it.text for it in items if it.level == top]
        else:
            objectives = [line for s in objective_secs for line in _lines(render(s.body))]
        phases.append({"position": len(phases) + 1, "name": sec.title,
                       "objectives": "\n".join(objectives) or None})
    if not phases:
        names = list(dict.fromkeys(s["phase"] for s in steps if s["phase"]))
        phases = [{"position": i + 1, "name": n, "objectives": None} for i, n in enumerate(names)]
    # a table of the phases ("Phase | Objectives"): their objectives, and phases no heading named
    for table, cols in find_tables(tables, _PHASE_TABLE):
        for rec in table.records():
            name = _first_line(rec[cols["phase"]])
            objectives = _none_if_blank("\n".join(_lines(rec[cols["objectives"]])))
            if not name:
                continue
            same = next((p for p in phases if _phase_key(p["name"]) == _phase_key(name)), None)
            if same is None:
                phases.append({"position": len(phases) + 1, "name": name, "objectives": objectives})
            elif not same["objectives"]:
                same["objectives"] = objectives
    if not phases:
        raise WikiPageError(f'Page "{title}": no consultation phases (headings like "Phase 1 - Consultation" '
                            "or a Phase column in the steps table)")
    return phases


def _phase_key(name: str) -> str:
    """"Phase 1 - Consultation" and "Consultation" name one phase."""
    return _name_key(re.sub(r"^\s*(?:phase|stage)\s+(?:\d+|[ivx]+)\s*[:.–—-]?\s*", "", name, flags=re.I)) or _name_key(name)


_PHASE_TABLE = {"phase": ["Phase", "Phases", "Stage"], "objectives": ["Objectives", "Objective", "Goals", "Goal", "Aims"]}


def _stakeholder_groups(wikitext: str, tables: list[Table]) -> list[dict]:
    """Groups from a stakeholder table, a "Stakeholders" section list, or the sub-list under a list item
    that speaks of stakeholders ("Figure out who are the relevant stakeholders")."""
    names: list[str] = []
    for table, cols in find_tables(tables, {"name": ["Stakeholder group", "Stakeholder groups", "Stakeholders",
                                                     "Stakeholder", "Group"]}):
        at = table.headers.index(cols["name"])
        names += [_first_line(r[cols["name"]]) for cells, r in zip(table.cells, table.records())
                  if r[cols["name"]].strip() and not _is_section_row(cells) and not _struck(cells[at])]
    if not names:
        for sec in sections(wikitext):
            if re.fullmatch(r"(?:the\s+)?(?:relevant\s+)?stakeholders?(?:\s+groups?)?(?:\s*/.*)?|who (?:we|to) (?:will )?consult",
                            sec.title.strip(), re.I):
                items = list_items(sec.body)
                if items:
                    top = min(it.level for it in items)
                    names += [it.text for it in items if it.level == top]
    if not names:
        items = list_items(wikitext)
        for i, item in enumerate(items):
            if re.search(r"stakeholder", item.text, re.I):
                sub = []
                for nxt in items[i + 1:]:
                    if nxt.level <= item.level:
                        break
                    if nxt.level == item.level + 1:
                        sub.append(nxt.text)
                if sub:
                    names += sub
                    break
    clean = [re.sub(r"\s*[:–—-]\s.*$", "", n).strip() for n in names]
    return [{"name": n, "position": i + 1} for i, n in enumerate(dict.fromkeys(n for n in clean if n))]


def _channel_name(text: str) -> str:
    t = text.strip().rstrip(".")
    if re.search(r"on-?wiki", t, re.I) and re.search(r"comment|feedback|discussion|talk", t, re.I):
        return "On-wiki comments"
    return re.split(r"\s+[–—-]\s+|:\s", t)[0].strip()


def _consultation_channels(wikitext: str, tables: list[Table]) -> list[dict]:
    """Channels from a channels table, or the list of the "consultation plan"/"channels" section
    (steps like "Identifying stakeholders" are not channels)."""
    names: list[str] = []
    for table, cols in find_tables(tables, {"name": ["Channel", "Channels", "Consultation channel", "Medium"]}):
        names += [_first_line(r[cols["name"]]) for r in table.records() if r[cols["name"]].strip()]
    if not names:
        for sec in sections(wikitext):
            if re.search(r"consultation plan|channels?\b|how (?:we|to) consult", sec.title, re.I) and \
                    not re.search(r"communications? channels and responsibilities", sec.title, re.I):
                items = list_items(sec.body)
                if items:
                    top = min(it.level for it in items)
                    names += [it.text for it in items if it.level == top
                              and not re.search(r"\bidentif\w*\b.*stakeholder", it.text, re.I)]
                if names:
                    break
    clean = [_channel_name(n) for n in names]
    return [{"name": n, "position": i + 1} for i, n in enumerate(dict.fromkeys(n for n in clean if n))]


def _team_kind(label: str) -> str | None:
    low = label.lower()
    if re.search(r"\bcore\b", low):
        return "core"
    return "executive" if re.search(r"executive|sponsor|leadership", low) else None


def _listed_consultation_roles(page_sections) -> list[dict]:
    """The core team and executive roles as lists under such headings: "Chair – Ann Lee",
    "Engineering: Bob Roe, Cy Cole", or a name alone under "Executive sponsor" (the heading is the role)."""
    out: list[dict] = []
    for sec in page_sections:
        team = _team_kind(sec.title)
        if not team:
            continue
        for node in _item_tree(list_items(sec.body)):
            if node.item.struck:
                continue
            role, names = _label_and_rest(_bare_role(node.item.text))  # "Chair (interim): Ann Lee (WMF)"
            task = None
            if node.children and not names and node.item.marker == ";":  # "; Engineering" over ": Ann Lee, Bob Roe"
                role, names = node.label, ", ".join(c.text for c in node.below())
            elif not names:
                role, names = sec.title, node.item.text
            elif re.search(r"\s[–—-]\s", names):  # "Executive Ownership – Tajh Taylor – Oversight of …"
                names, task = (p.strip() for p in re.split(r"\s[–—-]\s", names, maxsplit=1))
            names = _people(names)
            same = next((r for r in out if (r["team"], r["role"]) == (team, role)), None)
            if same:  # two names under "Executive sponsors", or "Chair – A" and "Chair – B": one role, both
                _with_names(same, names)
                continue
            out.append({"team": team, "role": role, "task": task, "names": _none_if_blank(", ".join(names)),
                        "position": sum(1 for r in out if r["team"] == team) + 1})
    return out


def _consultation_roles(tables: list[Table], title: str, page_sections=()) -> list[dict]:
    found = find_tables(tables, _ROLES, _ROLES_OPTIONAL)
    if not found:
        def no_table() -> list[dict]:
            find_table(tables, _ROLES, title, "core team / executive roles", _ROLES_OPTIONAL)  # raises
            return []
        return _or_listed(no_table, lambda: _listed_consultation_roles(page_sections),
                          'roles ("Chair – Ann Lee") under a "Core team" or "Executive" heading')
    out, seen = [], set()
    seen_in: dict[tuple[str, str], int] = {}  # the table a role was first read in
    for table, cols in found:
        # the nearest label that says which team decides: "=== Core team ===" under "== Core team
        # and leadership ==" is the core team
        team = next((t for t in map(_team_kind, [table.caption, *reversed(table.headings)]) if t), "core")
        for cells, rec in zip(table.cells, table.records()):
            if _is_section_row(cells):  # a group row: "Core team", "Executive support"
                team = _team_kind(cells[0].text) or team
                continue
            role = _bare_role(" ".join(_lines(rec[cols["role"]])))
            names = _names(rec[cols["names"]])
            if not role:
                continue
            if (team, role) in seen:  # the role spans this row too ("rowspan=3 | Engineering"): more names
                if seen_in.get((team, role)) != table.index:
                    continue  # another table's role of that name: the first one stays
                _with_names(next(r for r in out if (r["team"], r["role"]) == (team, role)), names)
                continue
            seen.add((team, role))
            seen_in[(team, role)] = table.index
            out.append({"team": team, "role": role,
                        "task": _none_if_blank(rec.get(cols.get("task", ""), "")),
                        "names": _none_if_blank(", ".join(names)),
                        "position": sum(1 for r in out if r["team"] == team) + 1})
    # one team as a table and the other as a list ("Core team" listed beside an Executive table)
    tabled = {r["team"] for r in out}
    for row in _listed_consultation_roles(page_sections):
        people = [n for n in (row["names"] or "").split(", ") if _is_person(n)]
        if row["team"] not in tabled and (row["team"], row["role"]) not in seen and people:
            seen.add((row["team"], row["role"]))
            out.append({**row, "position": sum(1 for r in out if r["team"] == row["team"]) + 1})
    return out


@_dates_as_the_page_writes_them
def parse_consultation_page(wikitext: str, title: str) -> dict[str, list[dict]]:
    """Consultation phases and steps, stakeholder groups, channels and the core/executive roles."""
    tables, page_sections = parse_tables(wikitext), sections(wikitext)
    steps = _consultation_steps(tables, title, page_sections)
    return _fit({
        "consultation_phases": _consultation_phases(page_sections, steps, title, tables),
        "consultation_steps": steps,
        "stakeholder_groups": _stakeholder_groups(wikitext, tables),
        "consultation_channels": _consultation_channels(wikitext, tables),
        "consultation_roles": _consultation_roles(tables, title, page_sections),
    })


# Bump when a change reads pages differently: a stored page parsed by another version is read
# again at the next run, though its revision is unchanged.
PARSER_VERSION = "2026-11-30.57"

PAGE_PARSERS = {
    "team": parse_team_page,
    "goals": parse_goals_page,
    "process": parse_process_page,
    "consultation": parse_consultation_page,
}
