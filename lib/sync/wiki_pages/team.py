"""The team page: the roster, each role's responsibilities, the DACI matrix (in its many layouts,
read in daci), the guides to the board columns and the meeting rituals. Most of them may be written
as lists too."""

from __future__ import annotations

import re

from lib.sync.wiki_pages.cells import _first_line, _fit, _is_section_row, _lines, _none_if_blank, _struck
from lib.sync.wiki_pages.daci import _daci, _letter_cells
from lib.sync.wiki_pages.dates import _MON, _NEGATION, _STILL, _dates_as_the_page_writes_them, _ended
from lib.sync.wiki_pages.lists import _Node, _item_tree, _label_and_rest, _or_listed
from lib.sync.wiki_pages.people import (
    _EMPLOYMENT_REMARK,
    _FIELD_OF_WORK,
    _JOB_NOUN,
    _NAME_REMARK,
    _ACTION_WORD,
    _ROLE_ABBREVIATIONS,
    _VACANCY_WORDS,
    _bare_role,
    _is_person,
    _names,
    _people,
    _role_like,
    _split_list,
    _user_link_names,
    _without_remark_after,
)
from lib.sync.wikitables import (
    STRUCK,
    ListItem,
    Table,
    WikiPageError,
    continued,
    find_table,
    find_tables,
    list_items,
    match_columns,
    normalise_header,
    parse_tables,
    render,
    sections,
)

_PEOPLE = {"name": ["People", "Name", "Person", "Team member", "Member", "Members", "Who", "Staff"],
           "role": ["Roles", "Role", "Title", "Job title", "Position", "Function"]}
_RESPONSIBILITIES = {"role": ["Role", "Roles", "Role name", "Position", "Function", "Job title"],
                     "responsibility": ["Responsibility", "Responsibilities", "Tasks", "Duties", "Expectations",
                                        "What they do"]}
# A roster's columns that tell who has left: "Status" ("Former", "Left in March 2024") and the day
# one left ("Left", "End date": 2024)
_PEOPLE_OPTIONAL = {"status": ["Status", "State", "Membership"]}
# ... the latter only headed so in full: a header merely holding "end" or "left" ("Front end / Back end",
# "Left side") is no day of leaving
_ENDED = {normalise_header(h) for h in ["Left", "End date", "End", "Until", "Departed", "Departure", "Departure date",
                                          "Leaving date", "Left on", "Left team", "Date left"]}
_COLUMNS = {"column": ["Column header", "Column", "Column name", "Workboard column", "Board column", "Name"],
            "what": ["What kinds of tasks live here", "What", "Description", "Purpose", "Meaning", "Contents",
                     "Tasks", "Definition", "Criteria", "Use", "Used for", "When to use", "Explanation"]}
_COLUMNS_OPTIONAL = {"who": ["Who moves tasks into this column", "Who moves tasks", "Who moves", "Moved by",
                             "Who can move", "Who"]}


_NOT_ON_THE_TEAM = re.compile(r"\b(?:former|alumni|past|previous|departed|emeritus|left)\b", re.I)


def _former(label: str) -> bool:
    """A group of people no longer on the team ("Former members", "Alumni"; not "Former and current")."""
    return bool(_NOT_ON_THE_TEAM.search(label)) and not re.search(r"\b(?:and|visiting|current|active)\b", label, re.I)


# A person's departure, said wholly (a word that says only that, with at most the day it happened):
# "Former", "Former member", "Left", "Left in March 2024", "Departed", "Alumni", "No longer on the team",
# "Retired"; never a word that merely starts a longer phrase ("Moved to part-time", "Left-handed",
# "Alumni mentor", "Former contractor, now staff", "Retired from Wikidata"), nor "until <a past date>",
# which is as often a leave or an acting role that ended as a departure. An employment that ended
# ("Former staff", "Former employee") is no departure from the team: staff who left often stay on as
# volunteers. Dropping a current member is worse than listing one who has left.
_DEPARTURE = (r"(?:former(?:\s+(?:member|team\s+member))?|left(?:\s+the\s+team)?|departed|"
              r"(?P<retired>retired)|moved\s+on|alumn(?:us|a|i|ae)|no\s+longer\s+(?:on|with|in|part\s+of)\s+(?:the\s+)?team)")
# ... "Retired" is the end of a working life, not of a place on the team, beside a standing one holds
# without a job: "Advisor || Retired", "Ann Lee – Volunteer (retired)"
_HELD_WITHOUT_A_JOB = re.compile(r"\b(?:volunteers?|advis[eo]rs?|advisory|mentors?|emerit\w*|consultants?|contractors?|"
                                 r"freelancers?|honorary|ambassadors?)\b", re.I)
# ... the day: "in March 2024", ": 2023", "on 31 March 2023", "2024-03"
_DEPARTURE_DAY = rf"(?:\s*[:,–—-]?\s*(?:(?:in|on|at|since|as\s+of)\s+)?(?P<day>(?:{_MON}\.?|\d{{1,4}}(?:st|nd|rd|th)?|[\s,./–-])+?))?"
_GONE_STATUS = re.compile(rf"\W*{_DEPARTURE}{_DEPARTURE_DAY}\W*", re.I)
# ... in parentheses after a name or a role: "(left)", "(left in 2023)", "(former)", "(alumna)"; not
# "(formerly PM)", a past role of someone still here, nor "(formerly Cy Smith)", a former name
_GONE_REMARK = re.compile(rf"\(\s*{_DEPARTURE}{_DEPARTURE_DAY}\s*\)", re.I)
# ... or a role that was, its holder's current one not given: "Former Engineering Manager", "ex-Engineer",
# "Ex EM", "Former Head of Product" (not "Former EM, now PM", "Ex-officio member", "Ex-Googler, Engineer");
# the role one run of words on one line, a hyphen only inside a word: a second role anywhere in the cell
# ("Former EM<br>Staff Engineer", "Former EM – Staff Engineer", "Ex-EM -> Engineer", "Ex-EM: Engineer") is held now
_FORMER_ROLE = re.compile(r"\W*(?:former\s+|ex(?:\s+|-(?=\w)))(?!officio\b)"
                          r"(?P<role>\w[\w.'’]*(?:(?:[ \t]+|-)[\w.'’&]+)*)[.\s]*", re.I)
# ... every word of it a role's: a job title, the field or rank it is in ("Senior Software Engineer",
# "Head of Product"); any other word is most likely a past employer ("Ex-WMDE engineer", "Ex-Google SRE",
# "former Mozilla engineer"), of someone who is here now
_ROLE_WORD = re.compile(r"senior|sr|junior|jr|lead|principal|staff|chief|head|associate|assistant|deputy|executive|"
                        r"software|technical|tech|program|programme|project|community|team|site|reliability|release|"
                        r"mobile|web|front|back|end|frontend|backend|full|stack|machine|learning|ml|ai|user|content|"
                        r"quality|test|general|systems?|operations|ops|platform|of|and|the|for|in|at", re.I)
# ... a full stop then more words ends the former role as a line break does ("Former EM. Staff
# Engineer": the second role is held now), unless it shortens a word of the one title: "Sr. Software
# Engineer", "Jr. Engineer", "Sr. Eng. Manager", an initial ("V.P.")
_TITLE_SHORTENED = {"sr", "jr", "snr", "jnr", "sen", "asst", "assoc", "eng", "engr", "mgr", "dir", "exec", "dept"}
_ROLE_ENDS = re.compile(r"\b(\w+)\.\s+\w")


# A leave in the end column: the person is on the team, and back once it has ended ("on leave until Q3
# 2026", "Parental leave until March 2026", "on sabbatical until Sept 2026"); the verb is none ("will
# leave in Q3 2026")
_LEAVE = re.compile(r"\b(?:on\s+(?:a\s+)?(?:leave|break)|(?:parental|maternity|paternity|medical|sick|family|study|"
                    r"unpaid|educational|extended|long[- ]term|personal|compassionate|bereavement)\s+leave|"
                    r"leave\s+of\s+absence|leave\s+(?:until|till|through|thru)|sabbatical)\b", re.I)


# ... but a departure stated in a clause of its own is one, whatever leave came before ("on leave; left
# March 2026", "Left March 2026 (after parental leave)"); "left" on the leave, or with the leave alone in
# parentheses for its kind, is the leave ("left on parental leave", "left on 2026-03-01 (parental leave)")
_DEPARTED_WORD = re.compile(r"\b(?:left|departed|resigned|quit|moved\s+on)\b", re.I)
_CLAUSES = re.compile(r"[;,()]|\s[–—-]\s|\b(?:then|and|but)\b", re.I)
# ... and a departure negated is none ("on leave; has not left", "hasn't left", "never left")
_NOT_DEPARTED = re.compile(_NEGATION + r"(?:(?:yet|ever|actually|really)\s+)?"
                           r"(?:left|departed|resigned|quit|moved\s+on)\b", re.I)
# A rehire in the end column starts a new stay, its end not named ("March 2026 (didn't get renewed, but
# rehired as staff)"); not one negated ("wasn't rehired", "not rehired") nor one followed by a departure
_REHIRED = re.compile(r"\bre-?(?:hired|joined|employed)\b", re.I)
# ... negated in any of the ways a renewal is ("wasn't rehired", "hasn't been rehired", "not yet rejoined")
_NOT_REHIRED = re.compile(_NEGATION + r"(?:(?:be|been|being|get|getting|got|yet)\s+)*"
                          r"re-?(?:hired|joined|employed)\b", re.I)
_LEAVE_ALONE = re.compile(r"\(\s*(?:on\s+)?(?:a\s+)?(?:[\w-]+\s+)?(?:leave(?:\s+of\s+absence)?|sabbatical|break)\s*\)", re.I)


def _left_beside_the_leave(text: str) -> bool:
    """A departure stated apart from the leave the cell names (see `_DEPARTED_WORD`)."""
    if any(_LEAVE.search(m.group(0)) for m in _LEAVE_ALONE.finditer(text)):
        return False
    text = _NOT_DEPARTED.sub(" ", text)
    return any(_DEPARTED_WORD.search(c) and not _LEAVE.search(c) for c in _CLAUSES.split(text))


def _ended_on_the_roster(raw: str) -> bool:
    """A Left/End/Until cell saying its person has left: an end past (`dates._ended`: the latest end it
    names, none while it runs on, renewed or open), struck text no end ("<s>Q3 2026</s> Q2 2027"), a leave
    no departure unless one is stated beside it, a rehire none unless a departure follows it."""
    text = render(STRUCK.sub("", raw))
    unnegated = _NOT_REHIRED.sub(lambda m: " " * len(m.group(0)), text)  # blanked, so offsets still hold
    rehired = _REHIRED.search(unnegated)
    if rehired and not _DEPARTED_WORD.search(_NOT_DEPARTED.sub(" ", text[rehired.end():])):
        return False  # "(not renewed, but rehired as staff)"; not "rejoined 2025, left Sept 2026"
    return (not _LEAVE.search(text) or _left_beside_the_leave(text)) and _ended(text)


def _departed(m: re.Match | None, beside: str = "") -> bool:
    """A departure matched, on a day already past if it names one ("Left: 2099" is still here); a
    retirement beside a standing held without a job (`beside`: "Advisor", "Volunteer") is none."""
    if not m or (m.group("retired") and _HELD_WITHOUT_A_JOB.search(beside or "")):
        return False
    return not (m.group("day") or "").strip(" ,./–-") or _ended(m.group("day"))


def _gone(text: str, beside: str = "") -> bool:
    """Does the text say its person has left, in a remark that says only that ("(left)", "(left in
    2023)", "(former)")? `beside`: the role the row gives, if the text is not the role itself."""
    return any(_departed(m, f"{text} {beside}") for m in _GONE_REMARK.finditer(text or ""))


def _second_role_after_full_stop(role: str) -> bool:
    """More words after a full stop that closes a role ("EM. Staff Engineer"), not one that shortens a
    word of it ("Sr. Software Engineer") or an initial ("V.P. Engineering")."""
    return any(len(w) > 1 and w.lower() not in _TITLE_SHORTENED for w in _ROLE_ENDS.findall(role))


def _former_role(role: str) -> bool:
    """A role that was, wholly: "Former Engineering Manager", "Ex EM", "former Head of Product"; not a
    past employer's ("Ex-WMDE engineer"), nor one beside the current role ("Former EM, now PM",
    "Former EM. Staff Engineer")."""
    m = _FORMER_ROLE.fullmatch(role or "")
    if not m or _STILL.search(role) or _second_role_after_full_stop(m.group("role")) or not (
            _names_a_role(m.group("role")) or re.match(r"(?:head|chief)\b", m.group("role"), re.I)):
        return False  # ("Former staff", "Former Product" name no role)
    return all(_JOB_NOUN.fullmatch(w) or w.lower() in _ROLE_ABBREVIATIONS or _FIELD_OF_WORK.fullmatch(w)
               or _ROLE_WORD.fullmatch(w) for w in re.findall(r"[A-Za-z]+", m.group("role")))


def _gone_in_role(role: str) -> bool:
    """A role cell that says its holder has left: "Former Engineering Manager", "ex-Engineer", "Designer
    (left)"; not "Former EM, now Product Manager", "Ex-officio member", "Ex-WMDE engineer", "Engineer
    (acting EM until Jan 2025)", "Volunteer (former staff)"."""
    return _former_role(role) or _gone(role)


def _gone_in_status(status: str, role: str = "") -> bool:
    """A status cell that is wholly a departure: "Former", "Left in March 2024", "Departed", "Alumni",
    "Retired" (not beside "Advisor": see _HELD_WITHOUT_A_JOB); not "Former staff"."""
    return _departed(_GONE_STATUS.fullmatch((status or "").strip()), role) or (
        bool(re.fullmatch(r"\s*\([^()]*\)\s*", status or "")) and _gone(status, role))


# what joins names in a cell, outside parentheses ("Eve Ek (left in 2023 and moved to Search), Fay Fu")
_NAME_SEPARATOR = re.compile(r"((?:,\s*|\s*;\s*|\s+[·•]\s*|\s*[·•]\s+|\s*&\s*|\s+and\s+)(?![^()]*\)))")


def _without_the_gone(text: str, beside: str = "") -> str:
    """The names in a cell or an item without those marked as having left: "Eve Ek (left in 2023), Fay
    Fu": "Fay Fu"; a line of one person ("Lee, Ann (left)", "Bob Roe – Engineer (until March 2024)") goes
    whole; a label before the one gone stays for the next ("Engineers: Eve Ek (left), Fay Fu").
    `beside`: the role the row gives them."""
    out = []
    for line in (text or "").split("\n"):
        if not _gone(line, beside):
            out.append(line)
            continue
        if len(_names(line)) <= 1:
            continue
        pieces = _NAME_SEPARATOR.split(line)
        kept, label = "", ""
        for separator, part in zip(["", *pieces[1::2]], pieces[::2]):
            if not _gone(part, beside):
                kept += (separator if kept else "") + label + part.strip()
                label = ""
                continue
            m = re.match(r"([^()]*?(?::|\s[–—-]))\s", part)  # "Engineers: Eve Ek (left)", "Designers – Dee Dunn (left)"
            if m and not _is_person(m.group(1).rstrip(":–—-").strip()):
                label = m.group(1) + " "
        out.append(kept)
    return "\n".join(out)


# A roster cell that names no person: a vacancy ("Open position", "We're hiring!", "Backfill in
# progress"), a placeholder, or the table's total row ("Total", "10 people"). Roles keep _VACANCY.
_NO_PERSON = re.compile(
    rf"[\W_]*(?:{_VACANCY_WORDS}|open\s*[–—-]\s*\S.*|"
    r"(?:open|vacant)\s+(?:position|role|req(?:uisition)?|seat|headcount)|(?:position|role|seat)\s+(?:open|vacant)|"
    r"(?:currently\s+|now\s+)?(?:recruiting|hiring)|we(?:'|’)?re\s+hiring|to be (?:filled|announced|hired|determined)|"
    r"not yet (?:hired|filled)|backfill(?:\s+in\s+progress)?|new hire(?:\s*\([^()]*\))?|totals?(?:\s*:\s*\d+)?|"
    r"\d+\s+(?:people|persons|members|fte))[\W_]*", re.I)


def _bare_name(name: str) -> str:
    """A roster name without the remark after it: "Ann Lee (she/her)", "Fay Fu (PM)", "Bo Bay (WMDE)",
    "Cy Cole, contractor"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", _without_remark_after(name)).strip() or name


# (a remark saying what came after is no time alone: "Interim EM (until March 2024, then Eng)")
_TIME_REMARK = re.compile(r"\s*\((?:since|until|till|from|as of)\b(?![^()]*\b(?:then|now|after(?:wards)?|later)\b)[^()]*\)",
                          re.I)


def _roster_role(cell: str) -> str:
    """A role cell's lines: two roles ("Lead Engineer" over "Tech Lead") are joined by " / ", a title
    wrapped over two lines ("Engineering" over "Manager") is one. A time in parentheses ("(since 2023)",
    "(until June 2027)") is no part of the role."""
    out = ""
    for line in _lines(_TIME_REMARK.sub("", _bare_role(cell))):
        if out and re.fullmatch(r"\(.*\)|\[.*\]", line.strip()):
            continue  # a remark on a line of its own: "Engineering Manager<br><small>(since 2023)</small>"
        out = f"{out} / {line}" if out and _names_a_role(out) else f"{out} {line}".strip()
    return out


def _add_member(out: list[dict], seen: dict[str, dict], name: str, role: str) -> None:
    """One row per person: someone listed again in another role holds both ("PM / Tech lead")."""
    if name.lower() in seen:
        held = seen[name.lower()]
        if role and role.lower() not in {r.strip().lower() for r in held["role"].split(" / ")}:
            held["role"] = f"{held['role']} / {role}" if held["role"] else role
        return
    seen[name.lower()] = row = {"name": name, "role": role, "position": len(out) + 1}
    out.append(row)


def _team_members(tables: list[Table], title: str) -> list[dict]:
    """Who is on the team: one row per person, or several names in a cell ("Ann Lee, Bob Roe", a
    list); group rows ("Engineering") and struck-out former members are not members. A roster split
    across sections, each part with the same header row, is read whole."""
    first, _cols = find_table(tables, _PEOPLE, title, "team members")
    out: list[dict] = []
    seen: dict[str, dict] = {}
    for table in continued(tables, first):
        cols = match_columns(table.headers, {**_PEOPLE, **_PEOPLE_OPTIONAL}, table.header_texts)
        ended = [h for h in table.headers if h not in cols.values() and normalise_header(h) in _ENDED]
        if ended:
            cols["ended"] = ended[0]
        name_at = table.headers.index(cols["name"])
        former = False
        for cells, rec in zip(table.cells, table.records()):
            if _is_section_row(cells):  # "Former members" below the team: no longer on it
                label = cells[0].text
                former = _former(label)
                continue
            if former:
                continue
            # a row that says its person has left: "Status: Former", "Left: 2024", "Former Engineering Manager"
            if (_gone_in_role(rec[cols["role"]])
                    or ("status" in cols and _gone_in_status(rec[cols["status"]], rec[cols["role"]]))
                    or ("ended" in cols and _ended_on_the_roster(cells[table.headers.index(cols["ended"])].raw))):
                continue
            names = rec[cols["name"]]
            if STRUCK.search(cells[name_at].raw):
                names = render(STRUCK.sub("", cells[name_at].raw))
            names = _without_the_gone(names, rec[cols["role"]])  # "Eve Ek (left in 2023), Fay Fu"
            role = _roster_role(rec[cols["role"]])
            names = re.sub(r"^\s*(?:new hire|backfill|interim|incoming)\s*:\s*", "", names, flags=re.I)
            for name in map(_bare_name, _names(names)):
                if not _NO_PERSON.fullmatch(name):
                    _add_member(out, seen, name, role)
    if not out:
        raise WikiPageError(f'Page "{title}": the team members table ({first.label}) has no rows')
    return out


def _role_responsibilities(tables: list[Table], title: str) -> list[dict]:
    table, cols = find_table(tables, _RESPONSIBILITIES, title, "roles and responsibilities")
    out, counters = [], {}
    for rec in table.records():
        role = _first_line(rec[cols["role"]])
        if not role:
            continue
        for item in _lines(rec[cols["responsibility"]]):
            counters[role] = counters.get(role, 0) + 1
            out.append({"role": role, "position": counters[role], "responsibility": item})
    return out


def _known_roles(*role_lists: list[str]) -> set[str]:
    """The roles a page names elsewhere, each part of "Lead Engineer/Tech Lead" on its own."""
    parts = (p for roles in role_lists for role in roles for p in re.split(r"[/,;&]|\band\b", role))
    return {k for k in (" ".join(re.findall(r"[a-z0-9]+", p.lower())) for p in parts) if k}


def _is_roster(table: Table) -> bool:
    """Headed exactly as a roster is: a name column and a role column ("Name", "Title"), not merely
    headers that contain such words ("Column title", "Who moves tasks")."""
    headers = {normalise_header(h) for h in table.headers}
    return all(any(normalise_header(s) in headers for s in synonyms) for synonyms in _PEOPLE.values())


def _column_guide(tables: list[Table], title: str) -> list[dict]:
    # a roster with a Tasks column ("Name | Title | Tasks") is no guide to the board's columns
    found = [(t, c) for t, c in find_tables(tables, _COLUMNS, _COLUMNS_OPTIONAL) if not _is_roster(t)
             # "Name | Use" is a table of tools, of links...: a board's columns only under words about the board
             and (normalise_header(c["column"]) != "name" or re.search(r"column|board|kanban|sprint|phabricator|workflow",
                                                                        t.context()))]
    if not found:
        find_table(tables, _COLUMNS, title, "Phabricator columns", _COLUMNS_OPTIONAL)  # raises, naming them
    boards: list[tuple[str, Table, dict]] = []
    for table, cols in found:
        context = table.context()
        board = "sprint" if re.search(r"sprint|kanban|milestone", context) else "workboard"
        boards.append((board, table, cols))
    if len(boards) >= 2 and len({b for b, _, _ in boards}) == 1:
        # captions say nothing either way: the main workboard comes first, then the sprint board
        boards = [("workboard" if i == 0 else "sprint", t, c) for i, (_, t, c) in enumerate(boards)]
    out, seen, positions = [], set(), {}
    for board, table, cols in boards:
        for cells, rec in zip(table.cells, table.records()):
            if _is_section_row(cells):  # "! colspan=2 | Sprint board": the columns below are that board's
                label = cells[0].text.lower()
                board = "sprint" if re.search(r"\b(?:sprint|kanban|milestone)", label) else "workboard" if re.search(
                    r"\b(?:workboard|main board|team board|project board|main)\b", label) else board
                continue
            if _struck(cells[table.headers.index(cols["column"])]):
                continue  # a column taken off the board
            name = " ".join(_lines(rec[cols["column"]]))
            if not name or (board, name) in seen:
                continue
            seen.add((board, name))
            positions[board] = positions.get(board, 0) + 1
            who = ", ".join(_lines(rec[cols["who"]])) if "who" in cols else ""
            out.append({"board": board, "column_name": name, "what": _none_if_blank(rec[cols["what"]]),
                        "who_moves": _none_if_blank(who), "position": positions[board]})
    return out


_RITUALS = {"ritual": ["Ritual", "Rituals", "Meeting", "Meetings", "Ceremony", "Ceremonies", "Meeting name"]}
_RITUALS_OPTIONAL = {"how": ["How", "Format", "Where", "Channel", "Medium", "Type"],
                     "who": ["Who", "Attendees", "Participants", "Attendance", "Who attends", "Who comes"],
                     "what": ["What", "Purpose", "Agenda", "Description", "Why", "Goal"],
                     "cadence": ["When", "Cadence", "Schedule", "Frequency", "How often", "Time", "Day"]}


def _meeting_rituals(tables: list[Table]) -> list[dict]:
    """The team's meetings ("Ritual | How | Who | What | When"), if the page has such a table: a
    ritual column, a Who or a When column, and one more. Optional: a page without one has no rituals."""
    # who comes or when, and one more ("Meeting | When | Purpose")
    # (a DACI matrix with "Meetings" over its decisions holds letters, not meetings)
    found = [(t, c) for t, c in find_tables(tables, _RITUALS, _RITUALS_OPTIONAL)
             if ("who" in c or "cadence" in c) and len(c) >= 3 and _letter_cells(t) < 4]
    if not found:
        return []
    out = []
    for table, cols in found[:1]:
        for cells, rec in zip(table.cells, table.records()):
            ritual = " ".join(_lines(rec[cols["ritual"]]))
            if not ritual or _is_section_row(cells) or _struck(cells[table.headers.index(cols["ritual"])]):
                continue
            field = {k: _none_if_blank(" · ".join(_lines(rec[cols[k]]))) if k in cols else None
                     for k in _RITUALS_OPTIONAL}
            out.append({"position": len(out) + 1, "ritual": ritual, **field})
    return out


# --- the team page written as lists ---------------------------------------------------------------
# Many team pages keep their roster, duties or board guide as lists: "* Ann Lee – Engineer",
# "; Engineers" over ": Ann Lee", a heading per role. They are read when the page has no such table.

_ROSTER_HEADING = re.compile(r"\b(?:team|people|members?|staff|roster|who we are|who'?s who)\b", re.I)
# "Team processes", "Team meetings": about the team, not who is on it
_NOT_A_ROSTER = re.compile(r"\b(?:process|processes|norms?|meetings?|operations|communication|survey|releases?|"
                           r"goals?|plans?|planning)\b", re.I)
_DUTIES_HEADING = re.compile(r"\b(?:responsibilit(?:y|ies)|duties|expectations|what (?:we expect|they do|each role does))\b",
                             re.I)
_BOARD_HEADING = re.compile(r"\b(?:columns?|workboards?|boards?|kanban|phabricator)\b", re.I)


def _names_a_role(text: str) -> bool:
    """A job title somewhere in it ("Lead Community Tech Manager / Product Manager", "QA")."""
    return any(_JOB_NOUN.fullmatch(w) or w.lower() in _ROLE_ABBREVIATIONS for w in re.findall(r"[A-Za-z]+", text))


def _names_a_group(label: str) -> bool:
    """A roster group's label that is its members' role: a job title ("Engineers") or a field of work
    ("Design", "Data science"; not "Set up design", which starts with an action)."""
    words = re.findall(r"[A-Za-z-]+", re.sub(r"\([^()]*\)", " ", label))
    return _names_a_role(label) or (0 < len(words) <= 4 and bool(_FIELD_OF_WORK.fullmatch(words[-1]))
                                    and words[0].lower() not in _ACTION_WORD)


def _roster_item(item: ListItem, role_above: str) -> list[tuple[str, str]]:
    """(name, role) for each person a roster item names, either way round: "Ann Lee – Engineer",
    "Engineers: Ann Lee, Bob Roe", "Ann Lee" under an "Engineers" heading. Items that name no one
    (a link, a remark) give nothing."""
    # an employer, a contract or pronouns in parentheses are the account's or the person's, never the
    # role: "Bob Roe (WMF)" under "Engineers" is an engineer, as is "Fay Fu (WMDE, contractor)"
    text = _EMPLOYMENT_REMARK.sub("", _NAME_REMARK.sub("", _without_the_gone(item.text))).strip()
    left, right = _label_and_rest(text)
    linked = _user_link_names(item.raw)
    listed = _split_list(text)
    if len(listed) > 1 and all(_bare_name(n).lower() in linked for n in listed):
        names, role = listed, role_above  # "[[User:Quiddity (WMF)|Quiddity]], [[User:Xeno (WMF)|Xeno]]": two users, no role
    elif right and _is_person(_bare_name(left)) and _names_a_role(right) and not _names_a_role(left):
        names, role = [left], right  # "Bob Roe – Software Engineer": a title is two capitalised words too
    elif right and (_role_like(left, set()) or _names_a_group(left)) and not _role_like(right, set()):
        names, role = _people(right), left
    elif right and not all(_is_person(n) for n in _names(right)):
        names, role = [left], right
    else:
        names, role = _names(text), role_above
    if _gone_in_role(role):
        return []  # "Cy Cole – Former Engineering Manager"
    names, role = [_bare_name(n) for n in names], _TIME_REMARK.sub("", _bare_role(role)).strip()  # "Ann Lee (she/her)", "Engineer (contractor)"
    # someone's name, or a one-word user name ("MusikAnimal") beside a job title or given by a user link
    # as the person's own (not a word beside a link to a discussion: "Search — [[User talk:Ann#Search|thread]]")
    return [(n, role) for n in names if not _NO_PERSON.fullmatch(n) and (_is_person(n) or (
        (n.lower() in linked or _names_a_role(role)) and re.fullmatch(r"[^\W\d_][\w.'’-]{0,40}", n)
        and not _role_like(n, set())))]


def _listed_members(page_sections) -> list[dict]:
    """The roster as lists under a heading such as "Team" or "People" (or a role's heading under it)."""
    out: list[dict] = []
    seen: dict[str, dict] = {}

    def add(name: str, role: str) -> None:
        _add_member(out, seen, _bare_name(name), role)

    def walk(nodes: list[_Node], role: str) -> None:
        for node in nodes:
            label, it = node.label, node.item
            if it.struck:
                continue
            # a group: "Engineers", "Former members", or a person over their role ("; Ann Lee", "; Quiddity (WMF)",
            # whose affiliation is no role beside the name)
            if node.children and not _label_and_rest(_EMPLOYMENT_REMARK.sub("", label).strip())[1]:
                if _former(label):
                    continue
                if (_is_person(label) or _bare_name(label).lower() in _user_link_names(it.raw)) and not _names_a_group(label):
                    add(label, " / ".join(c.text for c in node.below()))  # "; Ann Lee" over ": Engineer"
                    continue
                walk(node.children, label if _names_a_group(label) else role)
                continue
            for name, named_role in _roster_item(it, role):
                add(name, named_role)

    def roster_heading(heading: str) -> bool:
        return bool(_ROSTER_HEADING.search(heading)) and not _NOT_A_ROSTER.search(heading)

    for sec in page_sections:
        parent = sec.path[-2] if len(sec.path) > 1 else ""
        under = not roster_heading(sec.title) and roster_heading(parent)  # "=== Engineers ===" under "== Team =="
        if (not (roster_heading(sec.title) or under) or _DUTIES_HEADING.search(sec.title)
                or any(_former(h) for h in sec.path)):
            continue
        walk(_item_tree(list_items(sec.body)), sec.title if under and _names_a_group(sec.title) else "")
    return out


def _listed_duties(page_sections, known_roles: set[str]) -> list[dict]:
    """Responsibilities as lists: under a heading per role, a list per role ("* Product manager" over
    "** Sets priorities", "; PM" over ": Roadmap"), or "Product manager: sets priorities" items."""
    out, counters = [], {}

    def add(role: str, duty: str) -> None:
        for line in _lines(duty):
            counters[role] = counters.get(role, 0) + 1
            out.append({"role": role, "position": counters[role], "responsibility": line})

    for sec in page_sections:
        parent = sec.path[-2] if len(sec.path) > 1 else ""
        if _DUTIES_HEADING.search(sec.title):
            role_heading = None
        elif _DUTIES_HEADING.search(parent) and sec.title:
            role_heading = sec.title  # "=== Product manager ===" under "== Responsibilities =="
        else:
            continue
        for node in _item_tree(list_items(sec.body)):
            if role_heading:
                for it in (node.item, *node.below()):
                    add(role_heading, it.text)
                continue
            role, duty = _label_and_rest(node.label)
            if node.children:
                role = role if duty else node.label
                for it in ([] if not duty else [ListItem(1, duty)]) + node.below():
                    add(role, it.text)
            elif duty and _role_like(_bare_name(role), known_roles):  # "Product Manager (PM): owns the roadmap"
                add(role, duty)
    return out


def _listed_columns(page_sections) -> list[dict]:
    """The board's columns as lists: "* Backlog – tasks not yet triaged" or "; Backlog" over ": …",
    under a heading about the board; "Sprint board" items or headings set the board apart."""
    out, seen, positions = [], set(), {}

    def board_of(text: str, default: str) -> str:
        return "sprint" if re.search(r"\b(?:sprint|kanban|milestone)", text, re.I) else default

    def walk(nodes: list[_Node], board: str) -> None:
        for node in nodes:
            if node.item.struck:
                continue
            # "Backlog – …" or "Backlog: …"; a column's name may hold parentheses ("Estimated (ready …)")
            name, what = _label_and_rest(node.label, parentheses=False)
            if not what and not node.children:  # "Backlog (tasks not yet triaged)"
                name, what = _label_and_rest(node.label)
            if node.children and not what:
                bare = re.sub(r"\([^()]*\)", "", name).strip()
                if _BOARD_HEADING.search(bare) or re.fullmatch(r"(?:(?:the|current|each|every|a) )?sprints?"
                                                               r"(?: boards?| kanban| columns?)?", bare, re.I):
                    walk(node.children, board_of(name, "workboard"))
                    continue
                what = " ".join(it.text for it in node.below())
            if not what or len(re.sub(r"\([^()]*\)", "", name).split()) > 6 or (board, name) in seen:
                continue
            seen.add((board, name))
            positions[board] = positions.get(board, 0) + 1
            who = re.search(r"\b(?:moved (?:here |in )?by|who moves(?: tasks)?(?: here)?)\s*:?\s+([^.;]+)", what, re.I)
            out.append({"board": board, "column_name": name, "what": what,
                        "who_moves": who.group(1).strip() if who else None, "position": positions[board]})

    for sec in page_sections:
        if _BOARD_HEADING.search(sec.title):
            walk(_item_tree(list_items(sec.body)), board_of(" ".join(sec.path), "workboard"))
    return out


@_dates_as_the_page_writes_them
def parse_team_page(wikitext: str, title: str) -> dict[str, list[dict]]:
    """Team roster, role responsibilities, the DACI matrix, the two board-column guides and the
    meeting rituals (optional)."""
    tables, page_sections = parse_tables(wikitext), sections(wikitext)
    members = _or_listed(lambda: _team_members(tables, title), lambda: _listed_members(page_sections),
                         'members ("Ann Lee – Engineer") under a heading such as "Team"')
    roster_roles = _known_roles([m["role"] for m in members])
    duties = _or_listed(lambda: _role_responsibilities(tables, title),
                        lambda: _listed_duties(page_sections, roster_roles),
                        'responsibilities per role under a heading such as "Responsibilities"')
    known_roles = _known_roles([m["role"] for m in members], [d["role"] for d in duties])
    return _fit({
        "team_members": members,
        "role_responsibilities": duties,
        "daci": _daci(tables, title, known_roles, page_sections),
        "column_guide": _or_listed(lambda: _column_guide(tables, title), lambda: _listed_columns(page_sections),
                                   'board columns ("Backlog – tasks not yet triaged") under a heading about the board'),
        "meeting_rituals": _meeting_rituals(tables),
    })
