"""The goals page: the quarter's goals per program, each with its stage ("rough draft" to "final"),
owner, dependencies, planned deployments and results; as tables or as lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from lib.sync.wiki_pages.cells import _first_line, _fit, _is_section_row, _none_if_blank, _struck
from lib.sync.wiki_pages.dates import (
    _MON,
    _dates_as_the_page_writes_them,
    _fiscal_year,
    fiscal_year_named,
    parse_dates,
    parse_quarter,
)
from lib.sync.wiki_pages.lists import _item_tree
from lib.sync.wiki_pages.marks import _mark
from lib.sync.wiki_pages.people import _is_person, _names
from lib.sync.wiki_pages.programs import (
    _CODE,
    _program_name_keys,
    _program_number_as_code,
    program_code,
    program_of,
)
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

STAGES = ("rough draft", "final draft", "approved by CTO", "final")

_GOALS_REQUIRED = {"title": ["Goal", "Goals", "Quarterly goal", "Quarterly work (or goal)", "Quarterly work",
                             "Goal title", "Title", "Key result", "Key results", "Deliverable", "KR"]}
# what holds a goal's words beside a column of its numbers ("Key result | Description")
_GOAL_TEXT_BESIDE_ITS_NUMBER = ["Description", "Goal description", "Summary"]
_GOALS_OPTIONAL = {
    "program": ["Program", "Programme", "Program code", "Annual plan program"],
    "quarter": ["Quarter", "Qtr", "Period", "Fiscal quarter"],
    "stage": ["Stage", "Goal stage", "Planning stage", "Draft stage", "Approval stage", "Approval status",
              "Approval", "Goal status"],
    "owner": ["Owner", "Goal owner", "Owners", "Responsible", "Lead", "Primary team", "Team", "Teams"],
    "outcome": ["Annual plan outcome", "Outcome", "Outcomes", "Expected outcome", "Annual plan objective",
                "Objective"],
    "dependencies": ["Dependencies", "Dependency", "Depends on", "Dependent teams", "Dependencies (teams)"],
    "confirmed": ["Dependencies confirmed", "Confirmed", "Dependency confirmed", "Confirmation",
                  "Dependencies agreed", "Agreed"],
    "results": ["Results", "Result", "Outcome/result", "Q1 results", "Quarter results", "What happened",
                "Achieved", "Status"],
    "notes": ["Notes", "Details", "Description", "Plan", "Milestones", "Comments", "Deployment",
              "Deployments", "Deploy date", "Deployment date", "Release"],
}

_APPROVAL_NEG = re.compile(r"\b(?:not|awaiting|pending|needs?|for|before|waiting for|to be|yet)\b[^.]*\b(?:approv|sign)"
                           r"|\bapprov\w*(?: (?:from|by)(?: the)? cto)?(?: (?!final\b)\w+)? (?:pending|requested|awaiting|needed|required|sought|tbd|to come)\b"
                           r"|\bsign ?off(?: (?:from|by)(?: the)? cto)? (?:pending|requested|awaiting|needed|required|sought|tbd|to come)\b"
                           r"|\b(?:in review|under review|sent to|submitted to) (?:the )?cto\b", re.I)
_NOT_YET_FINAL = re.compile(r"\b(?:not|awaiting|pending|before|yet to be|to be)(?: \w+)? final\b"
                            r"|\b(?:pre|semi|near|nearly|almost) ?final\b"
                            r"|\bfinal (?:approval |sign ?off )?(?:pending|tbd|to come|awaited|requested)$")
_APPROVED = re.compile(r"\bapprov|\bsigned off\b|\bsign ?off (?:by|from) (?:the )?cto\b|\bcto sign ?off\b"
                       r"|\b(?:accepted|endorsed|okayed) (?:by|from) (?:the )?cto\b|\bcto (?:accepted|endorsed|okayed)\b", re.I)
# signed off by whom the final draft needs (its dependencies, the team), not by the CTO: "Review draft
# plans, confirm dependencies ... populated with final draft goals" (the process page)
_WHO_BEFORE_THE_CTO = r"(?:dependenc(?:y|ies)|dependent teams?|teams?|team leads?|leads?|(?:program )?owners?|peers?)"
_SIGNED_OFF_BEFORE_THE_CTO = re.compile(
    rf"\b(?:approv\w*|signed off|sign ?off|agreed|confirmed|accepted) (?:by|from|with) (?:the |all |our )?"
    rf"{_WHO_BEFORE_THE_CTO}\b|^(?:all |the )?{_WHO_BEFORE_THE_CTO} (?:approv\w*|signed off|agreed|confirmed|accepted)\b")
# the CTO's approval in other words: "CTO OK", "OK'd by CTO", "Confirmed by CTO", "CTO agreed", "Passed CTO review"
# (text as _stage_of has it: lower case, letters and spaces) ...
_CTO_APPROVED = re.compile(
    r"\bcto (?:ok|okay|okd|ok d|okayed|agreed|confirmed|accepted|endorsed|signed off|cleared|passed|green ?lit)\b"
    r"|\b(?:ok|okay|okd|ok d|okayed|agreed|confirmed|accepted|endorsed|cleared|green ?lit) (?:by|from|with) (?:the )?cto\b"
    r"|\bpassed (?:the )?cto(?: review| approval| sign ?off)?\b")
# What a cell claims of the CTO, read beside the word "CTO" (as written, lower case: ticks and thumbs
# kept), never anywhere in the cell ("CTO OK, no changes", "CTO OK for Q2" are approvals): ...
_CTO_WORD = r"(?:ok(?:'?d|ayed)?|okay(?:ed)?|yes|y|agreed|confirmed|accepted|endorsed|approved|approves|signed[\s-]?off|" \
            r"sign[\s-]?off|cleared|passed|green[\s-]?lit|given|done|tick|✓|✔\ufe0f?|☑\ufe0f?|✅|👍[\U0001F3FB-\U0001F3FF]?|\+1)"
# ... the approval given, right after or before it: "CTO OK", "CTO: yes", "CTO ✓", "CTO {{Y}}", "CTO 👍", "OK'd by CTO"
_CTO_GAVE = re.compile(rf"\bcto(?:'s)?\s*(?:[:=]\s*|\s)(?:has\s+|had\s+)?{_CTO_WORD}(?![\w?])"
                       rf"|(?<![\w-]){_CTO_WORD}\s+(?:(?:for\s+q[1-4]|for\s+now)\s+)?(?:by|from|with)\s+(?:the\s+)?cto\b")
# ... or still to come (or denied): "awaiting CTO", "before CTO", "once the CTO ...", "not yet by the CTO",
# "ready for CTO OK", "CTO pending", "CTO next", "CTO review pending", "CTO: no", "CTO ✗", "CTO OK?"
_CTO_STEP = (r"(?:approval|approved|sign[\s-]?off|signed[\s-]?off|ok|okay|review|reviewed|confirmed|confirmation|"
             r"agreement|agreed|accepted|endorsed|decision|input|feedback|go[\s-]?ahead|green[\s-]?light|nod)")
# the CTO's step to come, in words its approval is not given in: "CTO approval in progress", "CTO
# sign-off expected 10/3", "CTO approval – not yet" (not "CTO approved – planned for Q3": the work is)
_CTO_STEP_NOUN = (r"(?:approval|sign[\s-]?off|ok|okay|review|confirmation|agreement|decision|input|feedback|"
                  r"go[\s-]?ahead|green[\s-]?light|nod)")
_TO_COME = (r"pending|tb[dca]|to\s+come|to\s+follow|requested|needed|required|awaited|outstanding|not\s+yet|"
            r"scheduled|due|in\s+progress|ongoing|under\s?way|expected|planned|eta")
_CTO_AWAITED = re.compile(
    r"\b(?:awaiting|awaits|await|pending|waiting(?:\s+(?:for|on))?|wait(?:\s+for)?|needs?|needed|requires?|for|before|"
    rf"once|until|till|if|not|no|yet\s+to\s+be|to\s+be)\s+(?:(?:{_CTO_STEP}|by|from|of|yet|the|a)\s+){{0,3}}cto\b"
    rf"|\bcto(?:'s)?(?:\s+{_CTO_STEP})?\s*[:=]?\s*(?:pending|next|tb[dca]|to\s+come|to\s+follow|requested|needed|"
    r"required|awaited|outstanding|not\s+yet|not|no|n|scheduled|due|later|soon|✗|✘|❌|👎)(?![\w])"
    rf"|\bcto(?:'s)?(?:\s+{_CTO_STEP_NOUN})?\s*[:=–—-]?\s*(?:{_TO_COME})(?![\w])"
    # (a review on a day is a meeting to come, not its verdict: "CTO review Oct 3")
    rf"|\bcto(?:'s)?\s+review\s+(?:on\s+)?(?:{_MON}|\d)"
    rf"|\bcto(?:'s)?\s*[:=]?\s*{_CTO_WORD}\s*\?"
    rf"|\bcto(?:'s)?(?:\s+{_CTO_STEP})?\s*[:=]?\s*\?")


def _cto_claim(text: str) -> str | None:
    """What a stage cell claims of the CTO's approval: "awaited" (to come, or denied: "Approved by team,
    awaiting CTO", "CTO pending"), "given" ("CTO OK", "CTO: yes", "CTO ✓", "OK'd by CTO"), else None. One
    awaited outweighs one given: the CTO's step is done only when the cell says no more is to come."""
    raw = re.sub(r"\s+", " ", (text or "").lower().replace("’", "'"))
    if "cto" not in re.findall(r"[a-z]+", raw):
        return None
    if _CTO_AWAITED.search(raw) and not re.search(r"\bno (?:[\w-]+ ){0,2}?cto\b[^.;,]*\b(?:needed|required|necessary)\b", raw):
        return "awaited"  # (not "no CTO sign-off needed": none is to come)
    return "given" if _CTO_GAVE.search(raw) or _CTO_APPROVED.search(re.sub(r"\s+", " ", re.sub(r"[^a-z ]+", " ", raw))) \
        else None


# What a Stage cell may say instead of a stage: nothing yet (the goal takes its section's stage, or
# the quarter's default) ...
_NO_STAGE_YET = re.compile(r"[\W_]*(?:tbd|tba|tbc|n/?a|none|unknown|not set|to be (?:decided|confirmed))?[\W_]*", re.I)
# ... how the work goes, not how far its plan is (the same) ...
_A_STATUS_NOT_A_STAGE = re.compile(r"\b(?:on (?:track|hold)|paused|blocked|at risk|delayed|stretch|done|complete|"
                                   r"completed|achieved|not started|planned|ongoing)\b", re.I)
# ... (only the work being done says the plan was final) ...
_WORK_DONE = re.compile(r"\W*(?:done|completed?|achieved)\W*", re.I)
# ... or that the goal left the quarter's plan: no goal of it, as a struck one is not.
_WITHDRAWN = re.compile(r"\b(?:dropped|cancell?ed|withdrawn|abandoned|rejected|deferred|postponed|de-?scoped|"
                        r"not pursued|won'?t do|moved to (?:q[1-4]|next quarter))\b", re.I)


_OTHER_LANGUAGE_STAGES = (
    (r"\b(?:brouillon final|finaler entwurf|borrador final|entwurf \(final\))", "final draft"),
    (r"\b(?:brouillon|entwurf|borrador)\b", "rough draft"),
    (r"\b(?:genehmigt|approuvée?s?|aprobado|aprobada)\b", "approved by CTO"),
    (r"\b(?:endgültig|définiti(?:f|ve)|definitivo|definitiva)\b", "final"),
)


def normalise_stage(text: str | None) -> str | None:
    """One of STAGES for what a Stage cell says ("Rough Draft", "draft", "CTO approved", {{approved}},
    "Final (approved by CTO)"), or None when it names no stage. Approval or finality in doubt ("Final?")
    is not given yet: a final draft."""
    stage = _stage_of(text)
    if stage in ("approved by CTO", "final") and re.search(r"\?\s*$", text or ""):
        return "final draft"
    named = _A_DRAFT_NAMED_OUTRIGHT.match(text or "")
    if named and stage in ("approved by CTO", "final"):
        # "Rough draft (CTO OK with direction)", "Final draft (approved by team and CTO)": the stage the
        # cell names is the goal's; an approval beside it is of something else, or not yet the goal's
        return "final draft" if named.group(1).lower().startswith("final") else "rough draft"
    return stage


# a draft stage the cell names first, a remark after it in parentheses or past a dash, colon or comma
_A_DRAFT_NAMED_OUTRIGHT = re.compile(r"[\W_]*((?:rough|final)?[\s-]?draft)\s*(?:$|[(\[–—:;,]|-\s)", re.I)


def _stage_of(text: str | None) -> str | None:
    raw = (text or "").lower()
    # German, French, Spanish pages ("brouillon final" is a final draft, not final)
    for pattern, stage in _OTHER_LANGUAGE_STAGES:
        if re.search(pattern, raw):
            return stage
    t = re.sub(r"[^a-z ]+", " ", raw)
    t = re.sub(r"\s+", " ", t).strip()
    if not t:
        return None
    if re.search(r"\bfinali[sz]ed draft\b", t):
        return "final draft"
    if re.fullmatch(r"(?:committed|agreed|accepted|confirmed|frozen)(?: goals?)?", t):
        return "final"
    if re.fullmatch(r"fd|ready for (?:the )?(?:cto|review|approval)|needs? (?:cto )?review", t):
        return "final draft"
    if re.fullmatch(r"rd|ideas?|brainstorm\w*|(?:under )?discussion|tentative|entwurf|borrador|v ?\d", t):
        return "rough draft"
    cto = _cto_claim(raw)
    if cto == "awaited" and not re.search(r"\b(?:reject\w*|declin\w*|return\w*|sent back|turned down|rough)\b", t):
        # the CTO's approval still to come, whoever else approved: "Approved by team, awaiting CTO"
        return "final draft"
    if (re.search(r"(?<!draft )\bfinal\b(?! ?draft)", t) and not _NOT_YET_FINAL.search(t)
            and not _APPROVAL_NEG.search(t)) or re.fullmatch(r"finali[sz]ed|locked|published", t):
        return "final"
    if cto == "given" and not _APPROVAL_NEG.search(t):
        return "approved by CTO"
    # (the CTO among those who signed off: "Approved by team leads and CTO")
    if _SIGNED_OFF_BEFORE_THE_CTO.search(t) and not re.search(r"\b(?:by|from) (?:[a-z]+ ){0,4}?and (?:the )?cto\b", t):
        # "Approved by dependencies", "Dependencies confirmed", "Approved by team"; approved by another
        # besides is the CTO's step ("Confirmed by dependencies; approved by Victoria")
        rest = _SIGNED_OFF_BEFORE_THE_CTO.sub(" ", t)
        if not (_APPROVED.search(rest) and not _APPROVAL_NEG.search(t)):
            return "final draft"
    if _APPROVED.search(t) and not _APPROVAL_NEG.search(t):
        return "approved by CTO"
    if re.search(r"\bfinal ?draft\b|\bdraft final\b|\b(?:in|under|for|ready for) (?:cto )?review\b|\bsubmitted\b", t) \
            or _APPROVAL_NEG.search(t):
        return "final draft"
    # the CTO named, no approval given: with the CTO for approval ("Draft for CTO", "Awaiting CTO", "CTO
    # review"); not a goal the CTO turned down, nor a rough draft that says when it goes there
    if "cto" in t.split() and not re.search(r"\b(?:reject\w*|declin\w*|return\w*|sent back|turned down|rough)\b", t):
        return "final draft"
    if re.search(r"\b(?:rough|draft|drafting|proposed|proposal|wip|work in progress|in progress|initial)\b", t):
        return "rough draft"
    if _NOT_YET_FINAL.search(t):  # "Not final": written, not yet final
        return "final draft"
    return None


_DEPLOY = re.compile(r"\b(?:deploy\w*|roll(?:s|ing|ed)?[\s-]?outs?|launch\w*|go(?:es)?[\s-]live|ship(?:s|ping)?"
                     r"|releas(?:e|es|ed|ing)\b(?!\s+engineering))", re.I)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n")


def deployment_dates(texts: list[str], quarter: str | None, all_dates_texts: list[str] = ()) -> str | None:
    """ISO dates of the deployments the goal's text plans ("deploy ... on 2017-11-21", "roll out Nov 21"):
    exact days in a sentence that speaks of deploying; every day in a deployment-date column."""
    found: list[date] = []
    for text in texts:
        text = re.sub(rf"\b({_MON})\.", r"\1", text or "", flags=re.I)
        for sentence in _SENTENCE.split(text):
            if _DEPLOY.search(sentence):
                found += [d for d, _ in parse_dates(sentence, quarter, exact_only=True)]
    for text in all_dates_texts:
        found += [d for d, _ in parse_dates(text, quarter, exact_only=True)]
    unique = sorted(set(found))
    return ", ".join(d.isoformat() for d in unique) or None


_UNCONFIRMED = re.compile(r"\b(?:not (?:yet )?confirmed|unconfirmed|to be confirmed|tbc|tbd|pending|awaiting|"
                          r"not agreed|unclear)\b|\?|✗|✘|❌", re.I)
_CONFIRMED = re.compile(r"\bconfirmed\b|\bagreed\b|✓|✔|☑", re.I)
_NO_DEPENDENCIES = re.compile(r"^(?:none|n/?a|no|-|–|—|no dependencies|nothing)\.?$", re.I)


def _dependencies(text: str | None, confirmed_cell: str | None) -> tuple[str | None, bool | None]:
    deps = _none_if_blank(text)
    if deps and _NO_DEPENDENCIES.match(deps):
        deps = None
    if confirmed_cell is not None and confirmed_cell.strip():
        mark = _mark(confirmed_cell)
        if False in map(_mark, confirmed_cell.split("\n")[1:]):
            mark = False  # a mark a line, one per dependency ("{{Y}}<br/>{{N}}"): one not confirmed says no
        parts = [p.strip() for p in re.split(r"[,;\n]", confirmed_cell) if p.strip()]
        if mark is None and len(parts) > 1:  # a mark per team ("Security {{Y}}, Analytics {{N}}")
            per_team = [_mark(m.group(1)) if (m := _ITEM_MARK.search(p)) else _mark(p.split()[-1]) for p in parts]
            # one not confirmed ("pending", {{Partial}}) says no; confirmed only when every team says yes
            mark = False if False in per_team else (True if all(per_team) else None)
        return deps, mark
    if not deps:
        return None, None
    if _UNCONFIRMED.search(deps):
        return deps, False
    if _CONFIRMED.search(deps):
        return deps, True
    # a mark after each team ("Security {{Y}}, Analytics {{Not done}}"): confirmed when all are
    items = [i.strip(" ()[].") for i in re.split(r"[,;\n]", deps) if i.strip(" ()[].")]
    marks = [_mark(m.group(1)) for i in items if (m := _ITEM_MARK.search(i))]
    if any(mark is not None for mark in marks):
        return deps, len(marks) == len(items) and all(marks)
    return deps, None


# a later row of a spanned goal saying nothing new: "TBD", "(same)", "see above", "ditto", "〃" (and "—",
# "n/a", which _dependencies reads as none)
_DEPENDENCY_FILLER = re.compile(r"[\W_]*(?:tb[dca]|same(?: as above)?|(?:see |as )?above|ditto|idem|"
                                r"unknown|to be (?:decided|confirmed))?[\W_]*", re.I)


def _team_key(part: str) -> str:
    """A team named in a dependency cell, as a key ("Wikidata {{Y}}" and "wikidata" are one)."""
    return _ITEM_MARK.sub("", part.strip(" ()[].")).strip().lower()


def _teams(deps: str) -> list[str]:
    """The teams a dependency cell names, as written."""
    return [part.strip() for part in re.split(r"[,;\n]", deps) if _team_key(part)]


def _more_dependencies(spanned: dict, cells, rec: dict, headers: list[str], cols: dict[str, str]) -> None:
    """A row under a goal that spans it naming another dependency (and its confirmation): the goal's
    too. Confirmed when every team is, not when one says no; a team not marked either way leaves it open.
    Each team counts once: named again without a mark it changes nothing, and a filler ("TBD", "(same)",
    "see above") is no team."""
    cell = cells[headers.index(cols["dependencies"])]
    if cell.origin in spanned["origins"]:
        return  # the dependency cell spans this row as well: counted once
    spanned["origins"].add(cell.origin)
    deps, confirmed = _dependencies(rec[cols["dependencies"]], rec[cols["confirmed"]] if "confirmed" in cols else None)
    if not deps or _DEPENDENCY_FILLER.fullmatch(deps):
        return
    known = {_team_key(t) for d, _ in spanned["read"] if d for t in _teams(d)}
    new = [t for t in _teams(deps) if _team_key(t) not in known]
    if not new:
        if confirmed is not False:
            return  # "Wikidata" again: the same team, said again
        deps = None  # ... now marked not confirmed: the goal is not
    elif len(new) < len(_teams(deps)):
        deps = ", ".join(new)  # "Wikidata, Search" under "Wikidata": Search is the new one
    spanned["read"].append((deps, confirmed))
    marks = [c for _, c in spanned["read"]]
    goal = spanned["goal"]
    goal["dependencies"] = ", ".join(d for d, _ in spanned["read"] if d)
    goal["dependencies_confirmed"] = False if False in marks else (True if all(marks) else None)


_ITEM_MARK = re.compile(r"(?:^|\s)(y|yes|done|tick|n|no|not done|cross|✓|✔|☑|✅|✗|✘|❌)$", re.I)


_STATUS_TAIL = re.compile(r"(?:\s+|^)(?:done|in progress|to do|postponed|partially done|not done|incomplete|"
                          r"✓|✔|✗|✘)\s*$", re.I)


def _normal_title(title: str) -> str:
    """What identifies a goal across syncs: its first line, lower-cased, without a trailing status
    ({{Done}}, {{In progress}}) that editors update in place."""
    first = _first_line(title)
    first = _STATUS_TAIL.sub("", first).strip() or first
    return re.sub(r"\s+", " ", first.lower()).strip()


# placeholders ("(add goals here)", "...", "TBD") and totals ("Total: 2 goals", "Total 5"), not "Total rewrite of X"
_NOT_A_GOAL = re.compile(r"\([^()]*\)|[.…\-–—?]+|tbd|tba|(?:total|sum)(?:\s*[:=].*|\s+\d.*)?", re.I | re.S)
_JUST_IN_PROGRESS = re.compile(r"\s*in progress\W*", re.I)  # a status; a stage only in a Stage column
_CARRIED_OVER = re.compile(r"\b(?:carried|carry|carries|continu\w*|left ?over|rolled|roll(?:ing)?)\b[^\n]*\bQ[1-4]\b"
                           r"|\bfrom (?:last quarter|Q[1-4])\b", re.I)


_STAGE_WORDS = {"rough", "final", "draft", "drafts", "approved", "approval", "by", "the", "cto", "goals", "stage"}


def _only_a_stage(text: str) -> str | None:
    """The stage a cell states with nothing else ("Final draft", "Approved by CTO", "Final"), else None
    ("Final report published", "Done", "In progress")."""
    words = re.findall(r"[a-z]+", text.lower())
    return normalise_stage(text) if words and set(words) <= _STAGE_WORDS - {"approval", "goals", "drafts"} else None


def _section_stage(table: Table, page_sections) -> str | None:
    """A stage stated for a whole section, the nearest first: a "Stage: final draft" line in the
    section, or a heading that is a stage ("== Final ==", "=== Rough draft goals ===")."""
    path = [s for s in page_sections if s.path and s.path == table.headings[: len(s.path)]]
    for sec in [*reversed(path), *(s for s in page_sections if s.level == 0)]:
        m = re.search(r"(?:^|\n)[^\n|!]*?\b(?:stage|status of (?:these|the) goals)\b\s*[:=]\s*([^\n]+)", sec.body, re.I)
        stage = normalise_stage(render(m.group(1))) if m else None
        if stage:
            return stage
        if sec.level and (stage := _stage_heading(sec.title)):
            return stage
    return None


def _stage_heading(heading: str) -> str | None:
    """The stage a heading states: the whole heading ("== Final draft ==") or its closing parentheses
    ("== TP1 Availability (final draft) ==")."""
    for part in (heading, *re.findall(r"\(([^()]+)\)\s*$", heading)):
        words = re.findall(r"[a-z]+", part.lower())
        if words and set(words) <= _STAGE_WORDS:
            return normalise_stage(part)
    return None


def _heading_program(around: list[str], by_name: dict[str, str]) -> str | None:
    """The program the nearest of these headings names: by its code, else by a listed program's
    name ("Availability, Performance & Maintenance (R, C, K)"); a sub-heading such as "Stretch goals"
    names none, so the heading above it decides."""
    return (next((c for c in map(program_code, around) if c), None)
            or next((p for p in (program_of(h, by_name, listed_only=True) for h in around) if p), None))


def _heading_quarter(around: list[str], fiscal: str | None) -> str | None:
    """The quarter the nearest of these headings names; "Carried over from Q1" names the quarter the
    goals came from, not theirs."""
    return next((q for q in (parse_quarter(h, fiscal) for h in around if not _CARRIED_OVER.search(h)) if q), None)


def _unstated_stage(quarter: str, page_quarter: str | None) -> str:
    """The stage of a goal that states none: settled (final) in an earlier quarter than the page's
    ("2017-18 Q1" < "2017-18 Q2" < "2018-19 Q1"), else a rough draft. Many goals pages carry no stage
    at all: the goals start as rough drafts and their stage is then tracked in the dashboard
    (goal_stage_edits), never lost by a sync."""
    return "final" if page_quarter and quarter < page_quarter else STAGES[0]


@_dates_as_the_page_writes_them
def parse_goals_page(wikitext: str, title: str, programs: Iterable[dict] = ()) -> dict[str, list[dict]]:
    """Goals per quarter and program. Program from a Program column, a group row or the heading
    above the table, by code ("TP1") or by name, which `programs` (the process page's program list:
    code and name rows) turns into the code; quarter from a Quarter column, a heading naming it
    ("Q1 results"), or the page title."""
    by_name = {key: p["code"] for p in programs if p.get("name") and p.get("code")
               for key in _program_name_keys(p["name"])}
    tables = parse_tables(wikitext)
    page_quarter = parse_quarter(title)
    # a page for the whole fiscal year ("Goals/2017-18") places its goals' bare "Q2" in that year
    fiscal = _fiscal_year(page_quarter) or (None if page_quarter else fiscal_year_named(title))
    found = [(t, _numbers_apart(t, c)) for t, c in find_tables(tables, _GOALS_REQUIRED, _GOALS_OPTIONAL)]
    # a goals table says who owns the goal, its stage, its program, or what came of it, or sits under
    # a heading that names a program by its code ("== TP3 Tech debt ==" over "Goal | Notes")
    real = [(t, c) for t, c in found if {"stage", "owner", "program", "results", "dependencies"} & set(c)]
    # a plain Goal table is read under a program code where no goals table with more to say sits
    # (beside one, a "Goal | Metric | Target" table is a companion, not more goals)
    plain = [(t, c) for t, c in found if (t, c) not in real and "goal" in normalise_header(c["title"])
             and any(map(program_code, [t.caption, *t.headings])) and not any(r.headings == t.headings for r, _ in real)]
    found = sorted(real + plain, key=lambda tc: tc[0].index)
    # a table under "Not doing this quarter" or "Deferred" lists no goals of the quarter, as a list there does not
    # (only the nearest label counts: a program's heading under "== Deferred ==" is read)
    found = [(t, c) for t, c in found if not _put_off(t)]
    page_sections = sections(wikitext)
    out: list[dict] = []
    keys: set[str] = set()

    def add(quarter: str, program: str, goal: str, owner: str | None, stage: str, deployments: str | None,
            outcome: str | None = None, deps: str | None = None, confirmed: bool | None = None,
            results: str | None = None) -> None:
        normal = _normal_title(goal)
        key = f"{quarter}|{program}|{normal}"[:255]
        n = 2
        while key in keys:
            key = f"{quarter}|{program}|{normal}"[:250] + f" #{n}"
            n += 1
        keys.add(key)
        out.append({"quarter": quarter, "program": program, "title": goal, "goal_key": key, "owner": owner,
                    "stage": stage, "outcome": outcome, "dependencies": deps, "dependencies_confirmed": confirmed,
                    "results": results, "deployment_dates": deployments, "position": len(out) + 1})

    if not found:  # no goals table: goals written as lists under program headings, else say what is missing
        _listed_goals(page_sections, by_name, page_quarter, fiscal, title, add)
        _listed_results(page_sections, set(), fiscal, page_quarter, add)
        if out:
            return _fit({"goals": out})
        find_table(tables, {**_GOALS_REQUIRED, "stage": _GOALS_OPTIONAL["stage"]}, title, "goals")
    for table, cols in found:
        stage_col = cols.get("stage")
        if stage_col is None:  # a "Status" column that holds stages is the stage column
            # (its group rows, "! colspan=3 | Availability", say nothing about it)
            goal_rows = [r for cells, r in zip(table.cells, table.rows) if not _is_section_row(cells)]
            for h in table.headers:
                values = [r[h] for r in goal_rows if r[h]]
                if h not in cols.values() and values and all(normalise_stage(v) and not _JUST_IN_PROGRESS.fullmatch(v)
                                                             for v in values):
                    stage_col = h
                    break
            if stage_col is None and cols.get("results") and all(
                    normalise_stage(r[cols["results"]]) and not _JUST_IN_PROGRESS.fullmatch(r[cols["results"]])
                    for r in goal_rows if r[cols["results"]]) and any(
                    r[cols["results"]] for r in goal_rows):
                stage_col = cols.pop("results")
        # a Status column mixing stages and progress ("Final draft", "In progress"): a cell that is
        # only a stage is the goal's stage, anything else is what came of the goal
        status_col = cols.get("results") if stage_col is None and "results" in cols and normalise_header(
            cols["results"]) == normalise_header("Status") else None
        around = [table.caption, table.label_above, *reversed(table.headings)]  # the nearest first
        heading_quarter = _heading_quarter(around, fiscal)
        heading_program = _heading_program(around, by_name) or next(
            (p for p in (program_of(h, by_name) for h in around) if p), None)  # unlisted words last
        section_stage = _section_stage(table, page_sections)
        row_program = row_quarter = previous_origin = None
        spanned: dict | None = None  # the goal whose title spans the rows being read, and its dependencies
        for cells, rec in zip(table.cells, table.records(prefer=[cols["title"]])):
            if _is_section_row(cells):
                label = cells[0].text
                label_quarter = parse_quarter(label, fiscal)
                # a group row's words name a program only if the list has it, when a heading names one
                named = None if label_quarter else program_of(label, by_name, listed_only=bool(heading_program))
                row_program = program_code(label) or named or row_program
                row_quarter = label_quarter or row_quarter
                continue
            goal = rec[cols["title"]].strip()
            title_cell = cells[table.headers.index(cols["title"])]
            if not goal or _NOT_A_GOAL.fullmatch(goal) or _struck(title_cell):
                continue  # a placeholder, a total, a dropped (struck) goal
            if title_cell.origin == previous_origin:
                if spanned:  # the goal's cell spans this row too (its milestones): one goal, maybe more teams
                    _more_dependencies(spanned, cells, rec, table.headers, cols)
                continue
            previous_origin = title_cell.origin
            spanned = None
            quarter = (parse_quarter(rec.get(cols.get("quarter", ""), ""), fiscal) or row_quarter
                       or heading_quarter or page_quarter)
            if not quarter:
                said = (f'its Quarter cell names none ("{rec[cols["quarter"]].strip()}")' if "quarter" in cols
                        else "no Quarter column")
                raise WikiPageError(f'Page "{title}": cannot tell the quarter of goal "{_first_line(goal)}" '
                                    f"({said}, no quarter in a heading or in the page title)")
            # a goal numbered within its program ("TP1.2" in an ID column, or "TP1.2: …" before its text)
            numbered = _GOAL_NUMBER.match(goal)
            if numbered and goal[numbered.end():].strip() and _a_program_code(numbered.group("code"), by_name):
                goal = goal[numbered.end():].strip()
            else:
                numbered = next((m for h in table.headers if h not in cols.values() and h != stage_col
                                 and (m := _GOAL_NUMBER.fullmatch(rec[h].strip()))
                                 and _a_program_code(m.group("code"), by_name)), None)
            program = (program_of(rec.get(cols.get("program", ""), ""), by_name) or row_program
                       or (numbered.group("code") if numbered else None) or heading_program)
            if not program:
                raise WikiPageError(f'Page "{title}": cannot tell the program of goal "{_first_line(goal)}" '
                                    "(no Program column and no program code or name such as TP1 or "
                                    f'"Availability" in the heading above table {table.label})')
            raw_stage = rec[stage_col].strip() if stage_col else ""
            stage = normalise_stage(raw_stage) if raw_stage else None
            if raw_stage and not stage:
                if _WITHDRAWN.search(raw_stage):
                    continue  # "Dropped", "Deferred to Q3": off this quarter's plan
                if _WORK_DONE.fullmatch(raw_stage):
                    stage = "final"  # "Done" in a Stage column: the plan was final long ago
                elif not (_NO_STAGE_YET.fullmatch(raw_stage) or _A_STATUS_NOT_A_STAGE.search(raw_stage)):
                    # words no stage ("Reviewed"): kept as written rather than failing the page; the
                    # dashboard shows them as a stage not recognised and moves the goal no further
                    stage = _first_line(raw_stage)
            results = _none_if_blank(rec.get(cols.get("results", ""), ""))
            if status_col and results and (said := _only_a_stage(results)):
                stage, results = said, None
            # no Stage column, or its cell left empty (a goal just added) or saying no stage
            stage = stage or section_stage or _unstated_stage(quarter, page_quarter)
            deps, confirmed = _dependencies(rec.get(cols.get("dependencies", "")),
                                            rec.get(cols["confirmed"]) if "confirmed" in cols else None)
            notes = rec.get(cols["notes"], "") if "notes" in cols else ""
            deploy_col = "notes" in cols and re.search(r"deploy|release", normalise_header(cols["notes"]))
            # the goal's own words, and columns no other field took (ETA, remarks): a sentence there that
            # speaks of deploying names a deployment
            spare = [rec[h] for h in table.headers if h not in cols.values() and h != stage_col and rec[h]]
            add(quarter, program, goal, _none_if_blank(", ".join(_names(rec.get(cols.get("owner", ""), "")))), stage,
                deployment_dates([goal, *spare] + ([notes] if not deploy_col else []), quarter,
                                 [notes] if deploy_col else []),
                outcome=_none_if_blank(rec.get(cols.get("outcome", ""), "")), deps=deps, confirmed=confirmed,
                results=results)
            if "dependencies" in cols:
                spanned = {"goal": out[-1], "origins": {cells[table.headers.index(cols["dependencies"])].origin},
                           "read": [(deps, confirmed)] if deps else []}
    # a page may hold some programs' goals in tables and others' (still drafts) as lists
    # (a table labelled on its own line above it, a bold "TP8 ...", is another program's: the list stays)
    def shields(t: Table) -> bool:
        labelled = _heading_program([t.label_above], by_name) if t.label_above else None
        return labelled is None or labelled == _heading_program(list(reversed(t.headings)), by_name)

    with_tables = {tuple(t.headings) for t, _ in found if shields(t)}
    _listed_goals([sec for sec in page_sections if tuple(sec.path) not in with_tables], by_name, page_quarter,
                  fiscal, title, add, beside_tables=True)
    _listed_results(page_sections, {tuple(t.headings) for t, _ in found}, fiscal, page_quarter, add)
    return _fit({"goals": out})


_GOAL_NUMBER = re.compile(rf"(?P<code>{_CODE})\.\d{{1,2}}(?:[:)]\s*|\s+[–—-]\s+|$)")
# "TP1.2", "KR1.2", "1.2", "3", and a key result's own number: "KR1", "KR 2", "O1 KR2", "O1.KR2"
_GOAL_ID = re.compile(rf"(?:{_CODE}\.)?\d{{1,2}}(?:\.\d{{1,2}})?\.?|(?:O\d{{1,2}}[\s.]*)?[Kk][Rr]\s?\d{{1,2}}(?:\.\d{{1,2}})?")
_KEY_RESULT_HEADER = re.compile(r"(?:key result|kr)\b")  # (normalised) "Key result", "KR #", "Key results ID"


def _numbers_apart(table: Table, cols: dict[str, str]) -> dict[str, str]:
    """A column of goal numbers ("TP1.2", "1.2") holds no goal and no result: its header may say "Key
    result" or "Goal", but the goal's words stand beside it ("Description"), and the number is left to
    the spare columns, where a program code in it files the goal under its program (`_GOAL_NUMBER`).
    A Results column is taken for numbers only under a key-result header (a "Result" of 10.5 is one)."""
    for logical in ("title", "results"):
        col = cols.get(logical)
        if not col or (logical == "results" and not _KEY_RESULT_HEADER.match(normalise_header(col))):
            continue
        values = [r[col].strip() for cells, r in zip(table.cells, table.rows) if not _is_section_row(cells)]
        if any(values) and all(_GOAL_ID.fullmatch(v) for v in values if v):
            rest = [(h, t) for h, t in zip(table.headers, table.header_texts or table.headers) if h != col]
            wanted = {"title": _GOALS_REQUIRED["title"] + _GOAL_TEXT_BESIDE_ITS_NUMBER, **_GOALS_OPTIONAL}
            apart = match_columns([h for h, _ in rest], wanted, [t for _, t in rest])
            if "title" in apart:
                cols = apart
    return cols


def _a_program_code(code: str, by_name: dict[str, str]) -> bool:
    """A listed program's code, or, with no list to go by, one written as programs are ("TP1", "PP2"),
    not a version ("ES6.5", "PHP7.2") or a key result ("KR1.2")."""
    listed = set(by_name.values())
    return code in listed if listed else bool(re.fullmatch(r"(?:TP|PP|P|X-)\w+", code))


_NOT_GOALS = re.compile(r"\bnon[- ]?goals?\b|\bout of scope\b|\bnot (?:pursued|doing|planned)\b|\bwon'?t\b|\bdropped\b",
                        re.I)
# a heading over goals that are not this quarter's, as the whole label: "Not doing this quarter", "Deferred",
# "Deferred to Q3", "Dropped goals", "Won't do", "Out of scope", "Parked until Q4", "Goals we won't pursue";
# never a title that starts with such a word and goes on ("Deferred deletion of old revisions", "Parked
# domains cleanup", "Dropped-connection alerts", "Work we will not block on"), nor one that only mentions it
_NOT_GOALS_HEADING = re.compile(
    r"\W*(?:(?:goals?|items?|work|things|projects?)\s+(?:we\s+)?(?:are\s+|will\s+)?)?"
    r"(?:non[- ]?goals?|out of scope|not (?:pursued|doing|planned|in scope)|not this quarter|"
    r"(?:won['’]?t|will not|not) (?:do|be done|pursue|pursued)|dropped|deferred|postponed|cancell?ed|de-?scoped|withdrawn|parked)"
    r"(?:\s+(?:goals?|items?|work|projects?))?"
    r"(?:\s*[:,–—-]?\s*(?:(?:for |in )?this quarter|for now|until\b.*|to (?:q[1-4]\b.*|next quarter|later|the next quarter)))?"
    r"[\W_]*", re.I)


def _nearest_label(table: Table) -> str | None:
    """What names a table nearest: its caption, a bold label on the line above, else the heading it is under."""
    return next((x for x in [table.caption, table.label_above, *reversed(table.headings)] if x and x.strip()), None)


# what a page says under a label to say nothing is there: "none", "n/a", "–", "No goals deferred", and
# "none" as of now ("None yet", "Nothing so far", "None at this time", "None this quarter"); not a
# sentence that only starts so ("None of these fit this quarter", "Nothing here ships before Q3")
_AS_OF_NOW = (r"(?:\s+(?:yet|as yet|so far|to date|for now|currently|at present|at (?:this|the) (?:time|moment)|"
              r"(?:for |in )?this quarter))?")
_SAYS_NONE = re.compile(rf"[\W_]*(?:(?:none|nothing|n/?a|nil){_AS_OF_NOW}|"
                        r"no (?:[\w-]+ ){0,2}?(?:goals?|items?|work|projects?)(?: [\w-]+)?|[–—-])"
                        r"[\W_]*(?:\([^()]*\)[\W_]*)?", re.I)


def _put_off(table: Table) -> bool:
    """A table under a label saying its goals are not this quarter's ("Deferred", "Dropped goals"),
    the nearest one (a caption, a bold line or a ";" term above it, else its heading); not when the
    page says under that label that nothing is there (a bold "Deferred" over "* none", "; Deferred : none"):
    the table that follows is the program's goals, and dropping it would lose them without a word."""
    label = _nearest_label(table)
    return _not_goals_heading(label) and not (label != table.caption and _SAYS_NONE.fullmatch(table.said_above))


def _not_goal_item(text: str) -> bool:
    """A list item that labels goals put off, not a goal: "; Deferred" (over ": none"), "Deferred: none",
    "Dropped goals"; never a goal named with such a word ("Deferred deletion of old revisions")."""
    label = re.split(r"\s*:", text, maxsplit=1)[0]
    return _not_goals_heading(text) or (label != text and _not_goals_heading(label))


def _not_goals_heading(text: str | None) -> bool:
    """A heading, caption or label saying the goals under it are not this quarter's (not "Deferred
    from Q1" nor "Deferred (from Q1)", goals carried in; a remark in parentheses is no more: "Deferred
    (to Q3)", "Deferred (hardware late)")."""
    bare = re.sub(r"\([^()]*\)", " ", text or "")
    return bool(_NOT_GOALS_HEADING.fullmatch(bare.strip())) and not _CARRIED_OVER.search(text or "")


_GOALS_SECTION = re.compile(r"\b(?:goals?|objectives?|key results?|okrs?|deliverables?|milestones?|priorities)\b", re.I)
# "Owner: Ann" under a listed goal: what such an item says, by its label
_GOAL_FIELDS = {"owner": r"owners?|leads?", "stage": r"stage|status", "dependencies": r"dependenc(?:y|ies)|depends on",
                "outcome": r"(?:annual plan )?outcome"}


def _goal_field(text: str) -> tuple[str, str] | None:
    """("owner", "Ann") for an item "Owner: Ann"; None for an item that is no such field."""
    m = re.match(r"([^:=–-]+?)\s*[:=–-]\s*(.*)$", text)
    label = m and next((k for k, v in _GOAL_FIELDS.items() if re.fullmatch(v, m.group(1).strip(), re.I)), None)
    return (label, m.group(2).strip()) if label else None


def _listed_goals(page_sections, by_name: dict[str, str], page_quarter: str | None, fiscal: str | None,
                  title: str, add: Callable, *, beside_tables: bool = False) -> None:
    """Goals written as a list under a program's heading (a draft page often is): each item of the
    list's top level is a goal; items under it such as "Owner: Ann" or "Stage: final draft" say more.
    `beside_tables`: on a page whose other goals are tables, only a list right under a heading that
    names the program is goals ("=== Milestones ===" or "=== Stretch goals ===" beside a program's
    table are not), and one whose quarter cannot be told is left out rather than failing the page."""
    for sec in page_sections:
        around = [sec.title, *reversed(sec.path[:-1])] if sec.path else [sec.title]
        program = _heading_program(around, by_name)
        items = list_items(sec.body)
        # the section itself names the program, a stage or a quarter: not "=== Risks ===" under it
        own = sec.title
        names_program = bool(program_code(own) or program_of(own, by_name, listed_only=True))
        if not program or not items or not (names_program or (not beside_tables and (
                _stage_heading(own) or parse_quarter(own, fiscal)
                or (_GOALS_SECTION.search(own) and not _NOT_GOALS.search(own) and not _not_goals_heading(own))))):
            continue
        quarter = _heading_quarter(around, fiscal) or page_quarter
        if not quarter and beside_tables:
            continue
        if not quarter:
            raise WikiPageError(f'Page "{title}": cannot tell the quarter of the goals under "{sec.title}" '
                                "(no quarter in a heading or in the page title)")
        stage_here = next((s for s in map(_stage_heading, around) if s), None)
        goals: list[dict] = []
        # each item of the list's top level is a goal (a `;` term too, its `:` lines under it); the
        # items under it say more (none under a struck or placeholder item)
        for node in _item_tree(items):
            it = node.item
            if (it.struck or _NOT_A_GOAL.fullmatch(it.text) or _SAYS_NONE.fullmatch(it.text) or _goal_field(it.text)
                    or _not_goal_item(it.text)):
                continue  # (a "; Deferred" term: the items under it, if any, are no goals either; "* None yet")
            fields = dict(f for sub in node.below() if (f := _goal_field(sub.text)))
            goals.append({"goal": it.text, "fields": fields})
        for g in goals:
            f = g["fields"]
            said = f.get("stage") or ""
            stage = normalise_stage(said) or ("final" if _WORK_DONE.fullmatch(said) else None) or stage_here or _unstated_stage(
                quarter, page_quarter)
            deps, confirmed = _dependencies(f.get("dependencies"), None)
            add(quarter, program, g["goal"], _none_if_blank(", ".join(_names(f["owner"]))) if f.get("owner") else None,
                stage, deployment_dates([g["goal"]], quarter), outcome=_none_if_blank(f.get("outcome") or ""),
                deps=deps, confirmed=confirmed)


# "TP1 – goal (owner): what came of it"; the goal may hold a colon itself ("Migrate s8: phase 2")
_RESULT_ITEM = re.compile(rf"^(?P<code>{_CODE})\s*[:.–—-]\s*(?P<goal>.+)\s*\((?P<owner>[^()]+)\)\s*:\s*(?P<result>.*)$")
_RESULT_ITEM_PLAIN = re.compile(rf"^(?P<code>{_CODE})\s*[:.–—-]\s*(?P<goal>.+?)(?:\s*\((?P<owner>[^()]+)\))?"
                                r"(?:\s*:\s*(?P<result>.*))?$")
_RESULTS_HEADING = re.compile(r"\b(?:results?|outcomes?|achievements?|accomplishments?|what happened|retrospective)\b",
                              re.I)


def _listed_results(page_sections, skip: set[tuple], fiscal: str | None, page_quarter: str | None, add: Callable) -> None:
    """An earlier quarter's goals written as a list under a heading naming that quarter, each item
    starting with its program ("== Q1 results ==" over "* TP1 – Provide a second cluster (Mark Bergsma):
    {{done}} …"): the goal, its owner in parentheses, what came of it after the colon."""
    for sec in page_sections:
        quarter = parse_quarter(sec.title, fiscal)
        # results of a quarter before the page's, under a heading that says so and names no program
        # (a program's own section is read as its goals list)
        if (not quarter or not page_quarter or not quarter < page_quarter or not _RESULTS_HEADING.search(sec.title)
                or tuple(sec.path) in skip or any(program_code(h) for h in sec.path)):
            continue
        for node in _item_tree(list_items(sec.body)):
            text = _program_number_as_code(node.item.text).strip()
            m = _RESULT_ITEM.match(text) or _RESULT_ITEM_PLAIN.match(text)
            if (node.item.struck or not m or not re.search(r"\d|-", m.group("code"))
                    or re.fullmatch(r"Q[1-4]|H[12]|FY\d+", m.group("code"))):
                continue
            owner = m.group("owner") if m.group("owner") and all(map(_is_person, _names(m.group("owner")))) else None
            goal = m.group("goal") if owner or not m.group("owner") else f'{m.group("goal")} ({m.group("owner")})'
            add(quarter, m.group("code"), goal.strip(), _none_if_blank(", ".join(_names(owner))) if owner else None,
                _unstated_stage(quarter, page_quarter), None, results=_none_if_blank(m.group("result") or ""))
