"""The process page: the quarter's planning timeline, the programs with their owners and groups,
and the weeks without deployments."""

from __future__ import annotations

import re
from datetime import date, timedelta

from lib.sync.wiki_pages.cells import _TOTAL_ROW, _first_line, _fit, _is_section_row, _none_if_blank
from lib.sync.wiki_pages.dates import (
    _MON,
    _come_by_today,
    _dates_as_the_page_writes_them,
    _deadline,
    _only_dates,
    date_range,
    parse_dates,
    parse_quarter,
)
from lib.sync.wiki_pages.lists import _item_tree
from lib.sync.wiki_pages.marks import _DONE_TEMPLATE, _DONE_WORD, _mark, _step_done
from lib.sync.wiki_pages.people import (
    _EMPLOYMENT_REMARK,
    _EMPLOYMENT_WORDS,
    _USER_LINK,
    _is_person,
    _names,
    _role_like,
    _split_list,
)
from lib.sync.wiki_pages.programs import _CODE, _program_number_as_code
from lib.sync.wikitables import (
    _NOTHING_BUT_REFERENCES,
    STRUCK,
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
# a column that says when a step was done: a date in it is the day it was ("Done || Aug 27"); a date
# in a Status column may be the plan
_DONE_ON_HEADERS = re.compile(r"(?:date )?(?:done|completed?|finished)(?: on)?", re.I)
# a column saying how a step went ("Notes", "Remarks", "Comments", "Outcome"): words there may take a strike's
# "done" back ("Cancelled")
_REMARK_HEADERS = re.compile(r"\b(?:notes?|remarks?|comments?|status|state|outcome|results?|progress|updates?|"
                             r"done|complete|completed|why|reasons?|details?)\b", re.I)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
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
    # a group row naming a month ("! colspan=2 | September 2017") gives it to bare days below, as does
    # a heading that is a month and nothing else ("=== September 2017 ===") over the table
    heading = table.headings[-1].strip() if table.headings else ""
    # the people the table names: a lone "(Kevin)" beside a struck activity is one of them, not a status
    who_names = {n for r in table.records() for n in _names(r.get(cols.get("who", ""), ""))}
    month = heading if re.fullmatch(rf"{_MON}\.?(?:,?\s+\d{{4}})?", heading, re.I) else ""
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
        bare = re.fullmatch(rf"({_WEEKDAY}\.?,?\s+)?([\d\s–—-]+(?:st|nd|rd|th)?)", dates_text or "", re.I)
        if month and bare:  # "11–18", "Mon 25": "September 11–18 2017", "Mon September 25 2017"
            name, *year = month.replace(",", " ").split()
            dates_text = f"{bare.group(1) or ''}{name} {bare.group(2)}" + (f" {year[0]}" if year else "")
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
        deadline = _deadline(deadline_text, quarter, end, start)
        deliverable_cols = ([cols["deliverable"]] if "deliverable" in cols else []) + extra_deliverables
        deliverable = "\n".join(rec[h] for h in deliverable_cols if rec[h].strip())
        if "done" in cols:
            said = _step_done(rec[cols["done"]], quarter)
            if said is None and _DONE_ON_HEADERS.fullmatch(normalise_header(cols["done"])):
                # "Done || Aug 27": done that day, once it has come (a date still ahead is the plan)
                on = rec[cols["done"]].replace("\n", " ")
                said = (_only_dates(on) and _come_by_today(on, quarter)) or None
        else:  # an unlabelled column of ticks, or a {{done}} written into another cell
            said = any(_mark(rec[h]) for h in done_candidates) or any(_DONE_TEMPLATE.search(c.raw) for c in cells) \
                or None
        # a to-do struck through is ticked off ("<s>Prepare the pages</s>"), unless anything on the row
        # says otherwise: a remark beside the struck text ("(no longer needed)"), or a Status or Notes
        # cell with words not read as done ("Cancelled", "N/A", "Moved to Q3"): withdrawn, not done
        activity_cell = cells[table.headers.index(cols["activity"])]
        remark_cols = [h for h in done_candidates if _REMARK_HEADERS.search(h)] + ([cols["done"]] if "done" in cols else [])
        remarks = [_remark_without_user_links(rec[h], cells[table.headers.index(h)].raw) for h in remark_cols]
        beside = _beside_the_strike(activity_cell.raw, quarter, who_names)
        struck_done = beside is True or beside == ""
        if struck_done:
            activity = _none_if_blank(render(" ".join(m.group(0) for m in STRUCK.finditer(activity_cell.raw)))) or activity
        done = said if said is not None else (
            struck_done and not any(text.strip() and not _mark(text) and not _says_nothing(text, raw, who_names)
                                     for text, raw in remarks))
        if deadline_text:
            deadline_text = _none_if_blank(_DONE_WORD.sub("", deadline_text))
        out.append({
            "quarter": quarter, "position": before + len(out) + 1, "dates_text": dates_text, "start_date": start,
            "end_date": end, "who": _none_if_blank(", ".join(_names(rec.get(cols.get("who", ""), "")))),
            "activity": activity, "deliverable": _none_if_blank(deliverable), "deadline_text": deadline_text,
            "deadline": deadline, "done": done,
        })
    return out


def _beside_the_strike(raw: str, quarter: str | None, who_names: set[str]) -> bool | str | None:
    """What beside a struck activity says of it: None when nothing is struck; "" when nothing beside it
    says anything (a task link, punctuation, a name or a link to notes: "<s>Prepare the pages</s>",
    "… (Kevin)", "… [[Notes]]"), which a strike ticks off; True for a done mark ("✓", "(done)", "– done
    Aug 28", its day having come); False for anything else ("(no longer needed)", "– dropped"): withdrawn."""
    if not STRUCK.search(raw):
        return None
    rest_raw = _without_user_links(STRUCK.sub("", raw))  # who did it says nothing; the words beside it do
    rest = render(rest_raw).strip()
    if _NOTHING_BUT_REFERENCES.fullmatch(rest):
        return ""
    said = re.sub(r"^\((.*)\)$", r"\1", rest.strip(" \t–—-→:,;").strip()).strip()
    if _DONE_TEMPLATE.fullmatch(rest_raw.strip(" \t–—-→:,;()")) or _step_done(said, quarter):
        return True
    return "" if _says_nothing(said, rest_raw, who_names) else False


# what a link's words may say of a step: withdrawn, moved, not done
_TELLING_WORDS = re.compile(r"cancel|drop|defer|postpone|withdr[ae]w|remov|supersed|replac|obsolete|no longer|not needed|"
                            r"skip|abandon|moved|descope|won'?t|n/a|later|next|\bq[1-4]\b|reopen|block|hold|fail|not\b", re.I)
_ONLY_LINKS = re.compile(r"(?:[\s,;()–—-]|\[\[[^\[\]]*\]\]|\[(?:https?:)?//[^\[\]]*\]|https?://\S+)*")


def _without_user_links(raw: str) -> str:
    """Wikitext without its user links ("[[User:Ann|Ann]]", "{{u|Ann}}") and the brackets they leave empty:
    a link names who, and says nothing of a step; the words beside it are read as they would be alone. A
    link showing words of its own that tell of the step ("[[User talk:Ann#Workshop|postponed]]", a thread)
    stays, and its words are read."""
    out = _USER_LINK.sub(_user_link_or_its_words, raw)
    return re.sub(r"\(\s*[\s,;:·|/–—-]*\)", "", out) if out != raw else raw


def _user_link_or_its_words(link: re.Match) -> str:
    text = link.group(0)
    if not text.startswith("[["):
        return ""  # {{u|Ann}}, {{ping|Ann}}: a name
    user, shown = link["user"].replace("_", " ").strip().lower(), link["shown"] or ""
    return text if shown.strip().lower() != user and _TELLING_WORDS.search(shown) else ""


def _remark_without_user_links(text: str, raw: str) -> tuple[str, str]:
    """A remark cell (its text and wikitext) as it reads without its user links: "Not needed ([[User:Ann|Ann]])"
    is "Not needed"; links and punctuation alone are nothing."""
    if not _USER_LINK.search(raw):
        return text, raw
    raw = _without_user_links(raw)
    return render(raw).strip(" \t,;:·|/–—-"), raw


def _says_nothing(text: str, raw: str, who_names: set[str]) -> bool:
    """A remark that says nothing of a step's status: a link to notes ("[[Notes]]", an etherpad) whose
    words tell nothing, or a name the page gives as a person's ("[[User:Kevin|Kevin]]", or "Ann Lee" when
    the table's Who column names her): capitalised words alone may be a status ("Superseded", "Postponed
    Indefinitely", "Budget Cut"). User links are taken out before (`_without_user_links`)."""
    text = text.strip()
    if not text:
        return True
    if STRUCK.sub("", raw).strip() and _ONLY_LINKS.fullmatch(STRUCK.sub("", raw).strip()):
        return not _TELLING_WORDS.search(text)
    parts = _split_list(text)
    return bool(parts) and all(p in who_names for p in parts)


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
