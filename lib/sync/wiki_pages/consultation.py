"""The consultation page: its phases and their steps with each one's status, the stakeholder
groups, the channels and the core and executive roles."""

from __future__ import annotations

import re
from datetime import date

from lib.sync.wiki_pages import dates

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
    _only_dates,
    _period_end,
    parse_dates,
)
from lib.sync.wiki_pages.lists import _item_tree, _label_and_rest, _or_listed
from lib.sync.wiki_pages.marks import (
    _CROSSES,
    _DONE_TEMPLATE,
    _DONE_WORD,
    _DONE_WORDS,
    _NO_OUTCOME_AFTER,
    _OUTCOME_WORDS_ALONE,
    _OUTCOME_WORDS_ANYWHERE,
    _OUTCOME_NOT_YET,
    _mark,
    _mark_alone,
    _marked_done_on,
    _outcome_alone,
    _TICKS,
)
from lib.sync.wiki_pages.people import _USER_LINK, _bare_role, _is_person, _names, _people, _with_names
from lib.sync.wiki_pages.programs import _name_key
from lib.sync.wikitables import (
    Table,
    WikiPageError,
    find_table,
    find_tables,
    list_items,
    match_columns,
    normalise_header,
    parse_tables,
    render,
    sections,
)

_STEPS = {"activity": ["Activity", "Step", "Steps", "Task", "Action", "Milestone"],
          "status": ["Status", "State", "Progress", "Date", "Done", "When", "Completed on", "Done on", "Finished on"]}
_STEPS_OPTIONAL = {"phase": ["Phase", "Stage"],
                   "date": ["Date", "When", "Completed on", "Done on", "As of"],
                   "started": ["Started", "Started on", "Began", "In progress since"]}
_PLANNED_HEADERS = {normalise_header(h) for h in ("Due date", "Due", "Deadline", "Target date", "Target",
                                                   "Planned date", "Planned", "Scheduled", "Scheduled for")}
# the steps tables own the tables in their cells: a goals table (with a Stage or Phase column) or a
# table of stakeholders in a step's cell is that step's, not the page's phases or stakeholder groups
_IN_A_STEP = ((_STEPS, _STEPS_OPTIONAL),)
_DATE_SAYS_DONE = re.compile(r"\b(?:completed|done|finished|held)\b", re.I)  # "Completed on": done that day
_ROLES = {"role": ["Role/Skill", "Role", "Skill", "Function", "Position"],
          "names": ["Name", "Names", "Who", "People", "Person", "Members", "Member"]}
_ROLES_OPTIONAL = {"task": ["Task", "Tasks", "Responsibilities", "Responsibility", "Description", "Duties",
                             "What they do"]}

_LONG_DATE = re.compile(rf"{_MON}\.?\s+\d{{1,2}}{_ORD},?\s+\d{{4}}|\d{{1,2}}{_ORD}\s+{_MON}\.?,?\s+\d{{4}}"
                        r"|\d{4}-\d\d-\d\d|\b\d{1,2}([./])\d{1,2}\1(?:19|20)\d\d\b", re.I)


# an outcome word read as done only when it is the whole cell ("Sent to wikitech-l", not "Sent for review")
_OUTCOME_ALONE_LEAD = re.compile(rf"[\W_]*(?:{_OUTCOME_WORDS_ALONE})\b", re.I)
# done said in words wherever they stand: "Done", "Completed as scheduled", "Report published", "✓ Aug 27"
_DONE_IN_WORDS = re.compile(rf"\b(?:{_DONE_WORDS}|yes|{_OUTCOME_WORDS_ANYWHERE})\b{_NO_OUTCOME_AFTER}|[{_TICKS}]", re.I)
# ... unless a colon makes the word a label and its value a mark that says not done ("Published: no",
# "Held: pending", "Done: TBD"), or a dash puts such a mark, and nothing else, after it ("Published – no";
# after a dash a remark is the commoner reading: "Done – open questions remain")
_DONE_LABEL = re.compile(rf"\W*(?:{_DONE_WORDS}|{_OUTCOME_WORDS_ANYWHERE})\s*(?::\s*(?P<value>\S.*)|\s[–—-]\s*(?P<mark>\S.*))",
                         re.I)
# ... the value's head, before a remark ("no (see talk page)", "no – blocked on legal", "TBD, aiming for May"),
# is such a mark wholly: a sentence that merely starts with a mark's word says what the done step was like
# ("Held: open to all staff", "Published: pending translations", "Closed: open issues moved to T123")
_MARK_HEAD = re.compile(r"\s*[,;(]|\s[-–—]\s")
# ... or the value says the step was called off, alone or with when or why ("Held: cancelled", "Held –
# postponed to June", "Held: canceled due to low turnout"; not "Closed: postponed items listed below")
_CALLED_OFF_WORDS = (r"cancell?ed|postponed|deferred|called\s+off|dropped|scrapped|skipped|"
                     r"did\s*n(?:o|['’])t\s+(?:happen|take\s+place)|not\s+held|on\s+hold")
_CALLED_OFF = re.compile(rf"\W*(?:{_CALLED_OFF_WORDS})\W*"
                         r"(?:(?:to|until|till|due|because|for|indefinitely|again|by|after|as|in|on|at)\b.*)?", re.I)
# ... and after a colon, a value that starts with a not-done mark answers the label whatever follows: the
# mark alone says how far the step is ("Published: pending legal review": not started, "Published: waiting
# for legal": in progress), "no" only as a word of its own ("Published: no. Still a draft.", not "Closed: no
# new comments"); "open" is no such start ("Held: open to all staff", "Published: open for comments")
_NOT_DONE_FIRST = re.compile(rf"\W*(?P<mark>(?:no|n)(?=\s*(?:$|[^\w\s/]))|(?:tbd|tba|tbc|pending|awaiting|waiting|"
                             rf"not\s+yet|draft)(?!\w)|[{_CROSSES}])", re.I)
# ... or that starts by calling the step off, whatever reason or remark follows ("Held: cancelled (low
# turnout)", "Held: postponed from May to June"; not "Held: June 3 (postponed)")
_CALLED_OFF_FIRST = re.compile(rf"\W*(?:{_CALLED_OFF_WORDS})(?!\w)", re.I)
# words of a plan, not of a step done or begun
_PLANNED = re.compile(
    r"to do|todo|planned|upcoming|tbd|tbc|tba|to be confirmed|tentative|provisional|pending|postponed"
    r"|deferred|scheduled|\bdue\b|cancel+ed|dropped|skipped|abandoned|on hold"
    r"|^\W*(?:target(?:ed)?|expected|eta|due|planned|approx\w*|around|circa|ca?\.)\b\s*:?"
    r"|^\W*(?:up )?next\W*$"
    # "Moved to Q3", "Pushed to next quarter": later, not begun
    rf"|\b(?:moved|pushed|rescheduled|shifted|delayed|slipped)\s+(?:back\s+|out\s+)?(?:to|until|till|into)\s+"
    rf"(?:q[1-4]\b|h[12]\b|fy|next\b|later\b|the (?:next|following)\b|{_MON}\b|\d|early\b|mid|late\b|end of\b)"
    rf"|\b(?:by|before)\s+(?:(?:the\s+)?(?:end|middle|mid|start|beginning)\s+of\s+)?"
    rf"(?:{_MON}\b\.?\s*(?:\d|$)|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}\b)")
_DATED_SINCE = re.compile(r"^\W*(?:since|as of|per|from|on)\b\s*", re.I)  # "🟡 since Sept 19, 2023"
_BEGUN_SINCE = re.compile(r"\W*(?:since|from)\b", re.I)  # the day a step began, not the day it ended


def consultation_status(text: str | None, has_link: bool = False, *,
                        near: date | None = None) -> tuple[str, date | None, str | None]:
    """(status, status_date, status_text) of a step's Status cell: a bare date = done that day;
    "in progress (per September 19, 2023)" = in progress as of that date; empty = not started;
    other text is kept, its status read from its words (a link to a report counts as done).

    Dates and nothing else ("June 15 - end of July", "Late July", "July 15") are done by their last
    day, whether that day has come being the screen's to say against today (lib.consultation.as_of);
    a date without a year takes the one nearest `near` (the steps' dates around it), and with none
    is in progress, undated (no day can be known to have come). A date said to
    be tentative ("(TBC)", "Nov 2023?", "~December 2023") is a plan. A coloured lamp (🟢, 🟡, 🔴, ☐,
    {{Traffic light|green}}) alone or beside a date says the status as in listed steps, except that a green
    one beside a date without a year, or "since" a date, says the step is under way; beside words
    ("🟢 On track") the words say it."""
    text = (text or "").strip()
    if not text or re.fullmatch(r"[-–—?\s]+|n/?a", text, re.I):  # "—", "n/a": nothing yet
        return "not started", None, None
    one_line = re.sub(r"\s+", " ", text)
    lamp, rest = _status_lamp(one_line)
    if lamp:  # "🟢", "🟡 since Sept 19, 2023": the lamp's status, and the date beside it
        dated = _DATED_SINCE.sub("", rest).strip()
        if not dated:
            return lamp, None, one_line
        if _only_dates(dated):
            when = consultation_status(rest, near=near)[1]
            if when is None and lamp == "done":  # "🟢 Feb 1 – Feb 28" and no year: no day known to have come
                return "in progress", None, one_line
            if lamp == "done" and _BEGUN_SINCE.match(rest):  # "🟢 since Nov 16, 2026": begun that day
                return "in progress", when, one_line
            return lamp, when, one_line
        # words beside it say the status ("🟢 On track", "🟢 Scheduled for Jan 2027"), as before lamps were
        # read; never done against a lamp that is not green ("🟡 Done")
        status, when, _ = consultation_status(rest, has_link, near=near)
        return (lamp if status == "done" != lamp else status), when, one_line
    if _only_dates(one_line):
        points = parse_dates(one_line, None, near=near)
        if not points:  # "Jan 12", "Feb 1 – Feb 28" and no year to give them: no day known to have come
            return "in progress", None, one_line
        return "done", max(end for _, end in points), one_line
    m = _LONG_DATE.search(one_line)
    when = None
    if m:
        points = parse_dates(m.group(0), None, exact_only=True)
        when = points[0][0] if points else None
    outcome_dates = _outcome_alone(one_line)  # "Merged on Aug 3", "Released in January 2027": done by that day
    if when is None and outcome_dates:
        when = _period_end(outcome_dates, None, near)
    if when is None and near and (on := _marked_done_on(one_line)):  # "Done (Apr 3)", the plan's year known
        when = _period_end(on, None, near)
    low = one_line.lower()
    if re.search(r"in progress|ongoing|under way|underway|started|wip|in review|drafting|partial|partly|"
                 r"\b(?:open|runs?|running) (?:until|till|through)\b", low) and \
            not re.search(r"not started", low):
        return "in progress", when, one_line
    if re.search(rf"not started|not yet|^cross$|[{_CROSSES}]", low) or _OUTCOME_NOT_YET.search(low):
        return "not started", when, one_line
    # {{No}}, {{N}}, {{X mark}} (a red cross), {{Nay}}; {{Aye}}, {{Check mark}}, "Approved", "OK", "X";
    # "Open" (for comments) and "Waiting" say a step is under way, not that it is not
    if re.fullmatch(r"x[\s-]?mark\W*", low):
        return "not started", when, one_line
    if re.search(r"\?\W*$", low):  # in doubt, never done: "Merged?" under way, "Nov 2023?" or "Cancelled?" a plan
        planned = _PLANNED.search(low) or re.search(rf"\b{_MON}\b|\d", low)
        return ("not started" if planned else "in progress"), when, one_line
    # what came of the step, said in a word read since the fifth probe ("Sent", "Merged", "Resolved"):
    # done only when it is the whole cell ("Sent to wikitech-l", "Merged on Aug 3"), not when the cell
    # goes on ("Sent for review", "Resolved to postpone")
    outcome_goes_on = bool(_OUTCOME_ALONE_LEAD.match(low)) and outcome_dates is None
    mark = None if re.match(r"open|waiting|awaiting", low) or outcome_goes_on \
        else _mark(re.sub(r"\bmark\b", "", low).strip())
    if (answered := _done_label_answered(text, one_line, has_link, near)) is not None:
        status, on = answered
        return status, when or on, one_line
    if mark is not None and not when:
        return ("done" if mark else "not started"), None, one_line
    # done said in words: as ever ("Done", "Held as scheduled on 2023-05-12", "Report published"), or a
    # cell that is wholly what came of the step
    if not outcome_goes_on and (_DONE_IN_WORDS.search(low) or outcome_dates is not None):
        return "done", when, one_line
    if _PLANNED.search(low) or re.search(r"^\W*~", low):
        return "not started", when, one_line  # "Target: Oct 15, 2023", "By October 15": a plan, not a done date
    if when or re.fullmatch(rf"{_MON}\.?,?\s+\d{{4}}|{_MON}\.?\s+\d{{1,2}}{_ORD}|\d{{1,2}}{_ORD}\s+{_MON}\.?",
                            one_line, re.I):
        return "done", when, one_line  # a date says when the step was done (its year may be left out)
    return ("done" if has_link else "in progress"), None, one_line


def _done_label_answered(text: str, one_line: str, has_link: bool,
                         near: date | None) -> tuple[str, date | None] | None:
    """(status, day) when a done label ("Published:", "Held –") is answered by a not-done mark or a
    call-off (see _DONE_LABEL and the lists above it); None when it is not, the cell read on as words."""
    # (the label on the cell's first line: "Published: no<br/>draft on Meta" is a "no")
    labelled = _DONE_LABEL.match(re.sub(r"\s+", " ", text.split("\n")[0])) or _DONE_LABEL.match(one_line)
    answer = labelled and (labelled["value"] or labelled["mark"]).strip()
    if not answer:
        return None
    if _CALLED_OFF.fullmatch(answer) or labelled["value"] and _CALLED_OFF_FIRST.match(answer):
        return "not started", None  # "Held: cancelled (low turnout)", "Held – postponed to June"
    if labelled["value"] and (first := _NOT_DONE_FIRST.match(answer)):  # "Published: pending review"
        return consultation_status(first["mark"])[0], consultation_status(answer, has_link, near=near)[1]
    if _mark_alone(_MARK_HEAD.split(answer, maxsplit=1)[0] if labelled["value"] else answer) \
            and _mark(answer) is False:  # "Published: no", "Published: TBD (aiming for May)"
        return consultation_status(answer, has_link, near=near)[:2]
    return None


def dated_span(status_text: str | None, last_day: date | None, near: date | None = None, *,
               dates_alone: bool = True) -> tuple[date | None, date | None]:
    """The first and last day a step's Status cell names, its last being `last_day` (the status date
    stored for it): "June 15 - end of July" begins June 15; a cell naming one day or none begins on
    `last_day`, and no cell begins after it. A year left out is the one nearest `near` (by default
    `last_day`); a lamp before the dates ("🟢 Feb 1 – Feb 28") is read through. (None, None) without a
    last day, and, `dates_alone`, for a cell with words around its dates ("Report published June 15 –
    July 31, 2024" says what is done by its last day, not that it began on its first: the screen's
    reading); the order of a plan's steps (`dates_alone=False`) takes the first day whatever is around it."""
    text = re.sub(r"\s+", " ", _status_lamp(status_text or "")[1])
    if not last_day or dates_alone and not _only_dates(text):
        return None, None
    points = parse_dates(text, None, near=near or last_day)
    return (min(points[0][0], last_day) if points else last_day), last_day


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


_LIGHTS = {"green": "done", "amber": "in progress", "orange": "in progress", "yellow": "in progress",
           "red": "not started", "grey": "not started", "gray": "not started"}
# {{Traffic light|green}} as rendered: "Traffic light green"
_TRAFFIC_LIGHT = re.compile(rf"\s*(?:traffic|status|rag)[ _-]?(?:light|lamp)s?\s*:?\s*({'|'.join(_LIGHTS)})\b\s*", re.I)


def _status_lamp(text: str) -> tuple[str, str]:
    """A coloured lamp before a step ("🟢 Public communications", "Traffic light green"): (the status
    it stands for, the text without it); ("", text) when there is none."""
    m = re.match(r"\s*([🟢✅🟡🟠🔴⚪⚫☐])\ufe0f?\s*", text)
    if m:
        return _LAMPS[m.group(1)], text[m.end():]
    m = _TRAFFIC_LIGHT.match(text)
    return (_LIGHTS[m.group(1).lower()], text[m.end():]) if m else ("", text)


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
        first = len(out)
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
        _date_yearless_steps(out[first:])
    # a phase may list its steps while another has a table ("Phase 2" as a list beside Phase 1's table)
    tabled = {st["phase"] for st in out}
    for st in _listed_steps(page_sections, explicit_only=True):
        if st["phase"] not in tabled:
            out.append({**st, "position": len(out) + 1})
    return out


def _date_yearless_steps(steps: list[dict]) -> None:
    """A table's steps dated without a year ("July 15", "June 15 - end of July", "🟢 Feb 1") take it from
    the steps dated around them, read in the plan's order: a step takes the first year that puts it in or
    after the month of the last step dated before it, else (none before) the last year that puts it in or
    before the month of the first step dated after it; it must fit both when both are there.

    The dated steps tell the order only when there are three or more and their first days all rise
    (oldest first: down the page) or all fall (newest first: up it); a range's last day says nothing of
    the order ("Nov 1 – Dec 15" may well come before "Dec 1"). Otherwise both readings are tried: one
    that leaves a step undated that the other dates is not the page's; else a step gets a date only when
    both agree, and is done (undated) only when both have it done by today, so that a year is never
    guessed into a step done. A step so dated is read as its year says (done by its last day, the screen
    judging that day against today); any other stays as `consultation_status` left it (in progress,
    undated: never done)."""
    spans = [dated_span(s["status_text"], s["status_date"], dates_alone=False) if s["status_date"] else None
             for s in steps]
    firsts = [sp[0] for sp in spans if sp]
    down, up = _placed(steps, spans), _placed(steps[::-1], spans[::-1])[::-1]
    if len(firsts) >= 3 and all(a < b for a, b in zip(firsts, firsts[1:])):
        readings = [down]
    elif len(firsts) >= 3 and all(a > b for a, b in zip(firsts, firsts[1:])):
        readings = [up]
    else:
        fits_down, fits_up = ({i for i, p in enumerate(r) if p} for r in (down, up))
        readings = [down] if fits_down > fits_up else [up] if fits_up > fits_down else [down, up]
    for i, step in enumerate(steps):
        placed = [r[i] for r in readings]
        if not all(placed):
            continue
        if len(set(placed)) == 1:
            step["status"], step["status_date"] = placed[0]
        elif all(status == "done" and when <= dates._today() for status, when in placed):
            step["status"], step["status_date"] = "done", None  # done whichever year: no one day to give it


def _placed(steps: list[dict], spans: list) -> list[tuple[str, date] | None]:
    """(status, status_date) for each step dated without a year, read in the order given (oldest first):
    see `_date_yearless_steps`; None for a step dated already or that no year fits."""
    spans = list(spans)
    out: list[tuple[str, date] | None] = [None] * len(steps)
    for i, step in enumerate(steps):
        if step["status_date"] is not None or not step["status_text"]:
            continue
        before = next((sp for sp in reversed(spans[:i]) if sp), None)
        after = next((sp for sp in spans[i + 1:] if sp), None)
        if before is None and after is None:
            continue
        low = before[0].year * 12 + before[0].month if before else None
        high = after[0].year * 12 + after[0].month if after else None
        years = (before[0].year, before[0].year + 1) if before else (after[0].year, after[0].year - 1)
        for year in years:
            status, when, _ = consultation_status(step["status_text"], near=date(year, 7, 1))
            if when is None:
                break  # no date here that a year would give
            first = dated_span(step["status_text"], when, date(year, 7, 1), dates_alone=False)[0]
            month = first.year * 12 + first.month
            if before and month < low or not before and month > high:
                continue
            if after is None or month <= high:
                out[i] = (status, when)
                spans[i] = (first, when)
            break
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
    for table, cols in find_tables(tables, _PHASE_TABLE, owners=_IN_A_STEP):
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


_AUDIENCE = ["Audience", "Audiences", "Target audience", "Target audiences"]
# beside an Audience column, what makes the table a log of what people said, not a list of groups
_FEEDBACK_LOG_HEADER = re.compile(r"\b(?:feedback|received|responses?|said|quotes?|heard|summary|summaries)\b", re.I)
# a date or comments beside an audience: a log, unless a Stakeholders heading is over the table ("Date
# engaged", "Comments" on each group)
_LOG_UNLESS_STAKEHOLDERS = re.compile(r"\b(?:dates?|comments?)\b", re.I)
_STAKEHOLDERS_HEADING = re.compile(r"(?:the\s+)?(?:relevant\s+)?stakeholders?(?:\s+groups?)?(?:\s*/.*)?"
                                   r"|who (?:we|to) (?:will )?consult", re.I)


_PLURAL_END = re.compile(r"[a-z]s$")  # "Bot Operators", "Tech Ambassadors": a group, though named like a person


def _audience_log(table: Table, audience: str) -> bool:
    """A table led by an Audience column is a log of what people said, not the groups: a Feedback,
    Summary, What we heard or Quote column, rows that are people (and their words), or, away from a
    Stakeholders heading, a Date or Comments column."""
    if any(_FEEDBACK_LOG_HEADER.search(h) for h in table.headers):
        return True
    at = table.headers.index(audience)
    rows = [(cells[at], _first_line(r[audience])) for cells, r in zip(table.cells, table.records()) if r[audience].strip()]
    # a row is a person's when its name is one, or a user link is the whole or the leading part of the cell
    # ("[[User:Ann|Ann]] (WMDE)"); a link after a group's name is its contact ("Bot operators (liaison:
    # {{noping|Ann}})"), which one row of a list of groups may well have
    if 2 * sum(bool(_USER_LINK.match(re.sub(r"^[\s'\"*:#;]+", "", cell.raw))) or (_is_person(name) and not _PLURAL_END.search(name))
               for cell, name in rows) >= len(rows) > 0:
        return True  # "[[User:Ann]] || Looks good", "Ann Lee || Too fast": people and their words
    under_stakeholders = any(_STAKEHOLDERS_HEADING.fullmatch(h.strip()) for h in table.headings)
    return not under_stakeholders and any(_LOG_UNLESS_STAKEHOLDERS.search(h) for h in table.headers)


def _without_contacts(raw: str, text: str) -> str:
    """A group's cell (`text` as read) without the parenthesis that holds a user link, its contact:
    "Bot operators (liaison: {{noping|Ann}})" is "Bot operators", "WMDE ([[m:User:Ann (WMDE)|Ann]])" "WMDE"."""
    links = [m.group(0) for m in _USER_LINK.finditer(raw)]
    if not links:
        return text
    marked = _USER_LINK.sub(lambda m: f"\x00{links.index(m.group(0))}\x00", raw)
    marked = re.sub(r"\s*\([^()]*\x00[^()]*\)", "", marked)
    return render(re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], marked)) or text


def _stakeholder_groups(wikitext: str, tables: list[Table]) -> list[dict]:
    """Groups from a stakeholder table, a "Stakeholders" section list, or the sub-list under a list item
    that speaks of stakeholders ("Figure out who are the relevant stakeholders"); on a page with none of
    these, the audiences of a table led by an Audience column that is no feedback log (`_audience_log`)."""
    names: list[str] = []

    def from_tables(found) -> None:
        for table, cols in found:
            at = table.headers.index(cols["name"])
            names.extend(_first_line(_without_contacts(cells[at].raw, r[cols["name"]]))
                         for cells, r in zip(table.cells, table.records())
                         if r[cols["name"]].strip() and not _is_section_row(cells) and not _struck(cells[at]))

    from_tables(find_tables(tables, {"name": ["Stakeholder group", "Stakeholder groups", "Stakeholders",
                                              "Stakeholder", "Group"]}, owners=_IN_A_STEP))
    if not names:
        for sec in sections(wikitext):
            if _STAKEHOLDERS_HEADING.fullmatch(sec.title.strip()):
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
    if not names:  # "Audience | How we reach them" on a page naming no groups otherwise: the audiences
        steps_tables = {t.index for t, _ in find_tables(tables, _STEPS, _STEPS_OPTIONAL)}
        from_tables((t, c) for t, c in find_tables(tables, {"name": _AUDIENCE}, owners=_IN_A_STEP)
                    if t.headers and t.headers[0] == c["name"] and t.index not in steps_tables
                    and not _audience_log(t, c["name"]))
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
    for table, cols in find_tables(tables, {"name": ["Channel", "Channels", "Consultation channel", "Medium"]},
                                  owners=_IN_A_STEP):
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
