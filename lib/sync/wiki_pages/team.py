"""The team page: the roster, each role's responsibilities, the DACI matrix (in its many layouts),
the guides to the board columns and the meeting rituals. Most of them may be written as lists too."""

from __future__ import annotations

import re

from lib.sync.wiki_pages.cells import _first_line, _fit, _is_section_row, _lines, _none_if_blank, _struck
from lib.sync.wiki_pages.dates import _dates_as_the_page_writes_them
from lib.sync.wiki_pages.lists import _Node, _item_tree, _label_and_rest, _or_listed
from lib.sync.wiki_pages.people import (
    _ACTION_WORD,
    _JOB_NOUN,
    _NAME_REMARK,
    _ROLE_ABBREVIATIONS,
    _bare_role,
    _is_person,
    _names,
    _people,
    _role_like,
    _split_list,
)
from lib.sync.wikitables import (
    SET_APART,
    STRUCK,
    ListItem,
    Table,
    WikiPageError,
    continued,
    describe_tables,
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
_COLUMNS = {"column": ["Column header", "Column", "Column name", "Workboard column", "Board column", "Name"],
            "what": ["What kinds of tasks live here", "What", "Description", "Purpose", "Meaning", "Contents",
                     "Tasks", "Definition", "Criteria", "Use", "Used for", "When to use", "Explanation"]}
_COLUMNS_OPTIONAL = {"who": ["Who moves tasks into this column", "Who moves tasks", "Who moves", "Moved by",
                             "Who can move", "Who"]}

_ASSIGNMENTS = {
    "driver": "Driver", "drives": "Driver", "drive": "Driver", "d": "Driver", "responsible": "Driver", "r": "Driver",
    "approver": "Approver", "approves": "Approver", "approve": "Approver", "a": "Approver",
    "accountable": "Approver", "approval": "Approver",
    "consulted": "Consulted", "consults": "Consulted", "consult": "Consulted", "c": "Consulted",
    "contributor": "Consulted", "contributors": "Consulted",
    "informed": "Informed", "inform": "Informed", "informs": "Informed", "i": "Informed",
}


_DACI_ORDER = ("Driver", "Approver", "Consulted", "Informed")


_NEGATIONS = {"not", "no", "never", "neither", "nor", "without", "don't", "doesn't", "isn't", "aren't", "dont",
              "doesnt", "non"}
_FILLERS = {"the", "a", "an", "to", "be", "need", "needs", "needed", "required", "necessarily", "usually",
            "always", "or", "nor", "and"}
# Verbs that say what the role does to others ("consults PMs"): an assignment only in a cell of nothing else.
_ACTIVE_ONLY_ALONE = {"consults", "informs"}


def _assignment_words(tokens: list[str]) -> list[str]:
    """The assignment words among a cell's tokens (words and punctuation), negated ones left out: a
    negation reaches over fillers and "or"/"nor" ("not consulted or informed", "not the driver") and
    ends at punctuation or the next other word ("not consulted, informed")."""
    found, negated = [], False
    for i, w in enumerate(tokens):
        if w in _NEGATIONS:
            negated = True
        elif len(w) > 1 and w in _ASSIGNMENTS:
            if not negated:
                found.append(w)
            negated = negated and tokens[i + 1:i + 2] in (["or"], ["nor"])
        elif not w[0].isalpha() or w not in _FILLERS:
            negated = False
    return found


_NOT_LETTERS = object()


def _letter_cell(part: str):
    """The assignments of a cell part written in letters ("D/A", "C, I"); None for letters that are
    none ("n/a", "x"); _NOT_LETTERS when the part is not letters alone."""
    letters = re.findall(r"[a-z]+", part)
    if not letters or len(letters) > 4 or any(len(w) > 1 for w in letters):
        return _NOT_LETTERS
    found = [_ASSIGNMENTS.get(w) for w in letters]
    return None if None in found else "/".join(a for a in _DACI_ORDER if a in found)


_NOT_NEEDED = re.compile(r"\b[a-z]+\s+(?:is\s+)?not\s+(?:needed|required|necessary)\b(?!\s+to\b)")
_AFFIRMATIVE = {"yes", "y", "x"}


def _assignment(text: str | None) -> str | None:
    """Driver/Approver/Consulted/Informed for a DACI cell: words ("Drives", "approver") or letters
    (D, A, C, I; R for a RACI's Responsible), with a qualifier in parentheses or after a dash
    ("A (final)", "D — Jack") read past. A cell may hold two ("D/A", "Drives and approves budget"):
    both are kept, in DACI order, as "Driver/Approver". Negated words ("not consulted") give none."""
    text = (text or "").lower().replace("’", "'")
    core = re.split(r"\(|\s[—–]\s|\s-\s(?![a-z](?:\W|$))", text)[0]
    letters = _letter_cell(core)
    if letters is not _NOT_LETTERS:
        return letters
    ticked = re.fullmatch(r"\s*(?:yes|y|tick|check(?: ?mark)?|[✓✔☑])\s+(.+)", core)  # {{Yes|D}}, {{Tick}} D
    if ticked and _letter_cell(ticked.group(1)) not in (_NOT_LETTERS, None):
        return _letter_cell(ticked.group(1))
    tokens = re.findall(r"[a-z]+(?:'[a-z]+)?|[^\sa-z]", _NOT_NEEDED.sub(" , ", text))
    words = [t for t in tokens if t[0].isalpha()]
    hits = _assignment_words(tokens)
    if len(hits) > 1 or any(w not in _ASSIGNMENTS and w not in _FILLERS for w in words):
        hits = [w for w in hits if w not in _ACTIVE_ONLY_ALONE] or hits[:1]
    found = {_ASSIGNMENTS[w] for w in hits}
    if found:
        return "/".join(a for a in _DACI_ORDER if a in found)
    if set(re.findall(r"[a-z]+", core)) <= _AFFIRMATIVE:  # "Yes (A)", "✓ (C)"
        for inside in re.findall(r"\(([^()]*)\)", text):
            letters = _letter_cell(inside)
            if letters not in (_NOT_LETTERS, None):
                return letters
    return None




_NOT_ON_THE_TEAM = re.compile(r"\b(?:former|alumni|past|previous|departed|emeritus|left)\b", re.I)


def _former(label: str) -> bool:
    """A group of people no longer on the team ("Former members", "Alumni"; not "Former and current")."""
    return bool(_NOT_ON_THE_TEAM.search(label)) and not re.search(r"\b(?:and|visiting|current|active)\b", label, re.I)
_VACANCY_WORDS = r"vacant|vacancy|tbd|tba|tbc|open|hiring|to be hired|n/?a|none|unfilled"
_VACANCY = re.compile(rf"[\W_]*(?:{_VACANCY_WORDS})?[\W_]*", re.I)
# A roster cell that names no person: a vacancy ("Open position", "We're hiring!", "Backfill in
# progress"), a placeholder, or the table's total row ("Total", "10 people"). Roles keep _VACANCY.
_NO_PERSON = re.compile(
    rf"[\W_]*(?:{_VACANCY_WORDS}|open\s*[–—-]\s*\S.*|"
    r"(?:open|vacant)\s+(?:position|role|req(?:uisition)?|seat|headcount)|(?:position|role|seat)\s+(?:open|vacant)|"
    r"(?:currently\s+|now\s+)?(?:recruiting|hiring)|we(?:'|’)?re\s+hiring|to be (?:filled|announced|hired|determined)|"
    r"not yet (?:hired|filled)|backfill(?:\s+in\s+progress)?|new hire(?:\s*\([^()]*\))?|totals?(?:\s*:\s*\d+)?|"
    r"\d+\s+(?:people|persons|members|fte))[\W_]*", re.I)


def _bare_name(name: str) -> str:
    """A roster name without the remark after it: "Ann Lee (she/her)", "Fay Fu (PM)", "Bo Bay (WMDE)"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name).strip() or name


def _roster_role(cell: str) -> str:
    """A role cell's lines: two roles ("Lead Engineer" over "Tech Lead") are joined by " / ", a title
    wrapped over two lines ("Engineering" over "Manager") is one."""
    out = ""
    for line in _lines(_bare_role(cell)):
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
        cols = match_columns(table.headers, _PEOPLE, table.header_texts)
        name_at = table.headers.index(cols["name"])
        former = False
        for cells, rec in zip(table.cells, table.records()):
            if _is_section_row(cells):  # "Former members" below the team: no longer on it
                label = cells[0].text
                former = _former(label)
                continue
            if former:
                continue
            names = rec[cols["name"]]
            if STRUCK.search(cells[name_at].raw):
                names = render(STRUCK.sub("", cells[name_at].raw))
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


_REMARKS_HEADER = re.compile(r"notes?|comments?|remarks?|details?|explanation|rationale|why|context|description")


def _daci_score(table: Table) -> tuple[int, int]:
    """(cells holding an assignment, cells with text) right of the first column. A legend ("D |
    Driver", "A | Approver") scores nothing: its first column is made of assignments, and a matrix
    has assignments under two roles at least."""
    hits = total = 0
    columns_with_hits: set[int] = set()
    for cells in table.cells:
        for j, cell in enumerate(cells[1:], start=1):
            if cell.text:
                total += 1
                if _assignment(cell.text) is not None and len(cell.text) <= 20:
                    hits += 1
                    columns_with_hits.add(j)
    labels = [cells[0].text for cells in table.cells if cells and cells[0].text]
    if len(columns_with_hits) < 2 or (labels and sum(map(_legend_label, labels)) > len(labels) / 2):
        return 0, total
    return hits, total


def _legend_label(text: str) -> bool:
    """A legend's row label: a letter ("D", "(A)") or an assignment word alone ("Driver"), not a
    decision that begins with one ("Approve releases")."""
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) == 1 and (_letter_cell(words[0]) not in (_NOT_LETTERS, None) or words[0] in _ASSIGNMENTS)


_LABEL_SAYS_DECISION = re.compile(r"\b(?:decisions?|areas?|activit(?:y|ies)|tasks?|topics?|items?|what|"
                                  r"responsibilit(?:y|ies)|deliverables?|categor(?:y|ies)|process(?:es)?)\b", re.I)
_LABEL_SAYS_ROLE = re.compile(r"(?:roles?|people|persons?|who|team members?|members?|positions?|titles?|"
                              r"stakeholders?|functions?|teams?|departments?|groups?)(?:\s*\(s\))?[\s:]*", re.I)


def _is_transposed(rows: list[dict], label_headers: list[str], known_roles: set[str]) -> bool:
    """True when the matrix has roles down its side and decisions across its top (the layout is the
    wiki author's choice). The header over the row labels says so when it can: arrows ("Role ↓",
    "Decision →"), or a word for what the rows are ("Decision", "Area"; "Role", "Team" unless the
    rows read as actions, "Set goals"). Otherwise the row labels must be roles (role abbreviations,
    roles the roster names, job titles) clearly more often than the column labels."""
    down_labels = {r["decision"] for r in rows}
    for header in reversed(label_headers):
        arrows = dict((axis, re.search(rf"(\w[\w\s]*?)\s*{arrow}", header)) for axis, arrow in (("down", "[↓⬇]"),
                                                                                                ("across", "[→➡]")))
        if arrows["down"] or arrows["across"]:
            if arrows["down"]:
                return bool(_LABEL_SAYS_ROLE.fullmatch(arrows["down"].group(1).strip()))
            return bool(_LABEL_SAYS_DECISION.search(arrows["across"].group(1)))
        if _LABEL_SAYS_DECISION.search(header):
            return False
        if _LABEL_SAYS_ROLE.fullmatch(header.strip()):
            actions = sum(bool(re.match(r"\w+", d)) and re.match(r"\w+", d).group(0).lower() in _ACTION_WORD
                          for d in down_labels)
            return actions < len(down_labels) / 2

    def share(labels: set[str]) -> float:
        return sum(_role_like(label, known_roles) for label in labels) / len(labels) if labels else 0.0
    across = share({r["role"] for r in rows})
    down = share(down_labels)
    return down >= 0.5 and down > across + 0.25


def _known_roles(*role_lists: list[str]) -> set[str]:
    """The roles a page names elsewhere, each part of "Lead Engineer/Tech Lead" on its own."""
    parts = (p for roles in role_lists for role in roles for p in re.split(r"[/,;&]|\band\b", role))
    return {k for k in (" ".join(re.findall(r"[a-z0-9]+", p.lower())) for p in parts) if k}


def _daci(tables: list[Table], title: str, known_roles: set[str] = frozenset(), page_sections=()) -> list[dict]:
    """The DACI matrix as (category, decision, role, assignment) rows, decisions in page order and
    roles in column order, whichever way round the wiki lays the matrix out."""
    try:
        rows, label_headers = _daci_as_written(tables, title)
    except WikiPageError as err:
        rows = _daci_by_assignment_columns(tables) or _listed_daci(page_sections)
        if rows:
            return rows
        raise WikiPageError(f'{err}; nor a list of decisions ("; Set the roadmap" over ": Driver: PM")') from None
    if not _is_transposed(rows, label_headers, known_roles):
        return _one_row_per_decision_and_role([{k: v for k, v in r.items() if k not in ("area", "group")} | {
            "category": r["category"] or r["area"]} for r in rows])
    return _one_row_per_decision_and_role([
        {"category": r["area"] or r["group"], "decision": r["role"], "role": r["decision"],
         "assignment": r["assignment"], "position": r["role_position"], "role_position": r["position"]}
        for r in sorted(rows, key=lambda r: (r["role_position"], r["position"]))])


def _named_assignments(decision: str, position: int, category: str, named: list[tuple[str, str]],
                       role_positions: dict[str, int]) -> list[dict]:
    """DACI rows of one decision from (assignment, cell naming who) pairs: each role or person named
    once, with every assignment the cells give them ("Driver/Approver"); roles numbered as first seen."""
    held: dict[str, set[str]] = {}
    for kind, text in named:
        for role in (r for line in _lines(text) for r in _split_list(line)):
            if not _VACANCY.fullmatch(role):
                held.setdefault(role, set()).add(kind)
                role_positions.setdefault(role, len(role_positions) + 1)
    return [{"category": category, "decision": decision, "role": role,
             "assignment": "/".join(a for a in _DACI_ORDER if a in kinds), "position": position,
             "role_position": role_positions[role]} for role, kinds in held.items()]


def _daci_by_assignment_columns(tables: list[Table]) -> list[dict]:
    """The other common layout: a decision per row and a column per assignment, naming who
    ("Decision | Driver | Approver | Contributors | Informed" over "Set roadmap | PM | Director |
    EM, Engineers | Community"). Roles are numbered in the order they first appear."""
    for table in tables:
        kinds = {j: _assignment(h) for j, h in enumerate(table.headers) if not h.startswith("column ")}
        kinds = {j: k for j, k in kinds.items() if k and "/" not in k}
        if len(set(kinds.values())) < 3:
            continue
        # the label columns before the first assignment: the last is the decision, the first its area
        label_cols = [j for j in range(min(kinds)) if not _REMARKS_HEADER.fullmatch(normalise_header(table.headers[j]))]
        if not label_cols:
            continue
        # the column headed "Decision" when there is one ("Decision | Scope | Driver ..."), else the last;
        # an area or category column before it groups the decisions
        decision_col = next((j for j in label_cols if "decision" in normalise_header(table.headers[j])), label_cols[-1])
        category_col = next((j for j in label_cols if j != decision_col and re.search(
            r"area|categor|group|type|theme|domain|topic", normalise_header(table.headers[j]))), None)
        out, role_positions, category, position = [], {}, "", 0
        for cells in table.cells:
            decision = " ".join(_lines(cells[decision_col].text))
            if _is_section_row(cells):
                category = _first_line(cells[0].text)
                continue
            if not decision or _struck(cells[decision_col]):
                continue
            if category_col is not None and cells[category_col].text:
                category = _first_line(cells[category_col].text)
            position += 1
            out += _named_assignments(decision, position, category,
                                      [(k, cells[j].text) for j, k in kinds.items()], role_positions)
        if out:
            return _one_row_per_decision_and_role(out)
    return _one_row_per_decision_and_role(_daci_one_table_per_decision(tables))


def _one_row_per_decision_and_role(rows: list[dict]) -> list[dict]:
    """The store keys DACI rows by decision and role: a decision written twice (under two areas, or
    two small tables under one heading) is one, holding every assignment given."""
    merged: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["decision"], r["role"])
        if key in merged:
            kinds = set(merged[key]["assignment"].split("/")) | set(r["assignment"].split("/"))
            merged[key]["assignment"] = "/".join(a for a in _DACI_ORDER if a in kinds)
        else:
            merged[key] = dict(r)
    return list(merged.values())


def _listed_daci(page_sections) -> list[dict]:
    """Decisions written as lists: a decision over its assignments ("; Set the roadmap" over
    ": Driver: Product Manager", ": Approver: Director", the labels often in bold), under a heading
    that is its area."""
    out, role_positions, position = [], {}, 0
    for sec in page_sections:
        for node in _item_tree(list_items(sec.body)):
            named = [(_assignment(label), rest) for label, rest in (_label_and_rest(it.text, parentheses=False)
                                                                   for it in node.below()) if rest]
            named = [(k, rest) for k, rest in named if k and "/" not in k]
            if node.item.struck or len({k for k, _ in named}) < 2:
                continue
            position += 1
            out += _named_assignments(node.label, position, sec.title, named, role_positions)
    return _one_row_per_decision_and_role(out)


def _daci_one_table_per_decision(tables: list[Table]) -> list[dict]:
    """A small table per decision, an assignment down its side naming who ("! Driver | Ann Lee",
    "! Approver | Dee"), the decision in its caption or the heading above it."""
    out, role_positions, position = [], {}, 0
    for table in tables:
        pairs = [(_assignment(cells[0].text), cells[1].text) for cells in table.cells
                 if len(cells) >= 2 and cells[0].header]
        pairs = [(k, text) for k, text in pairs if k and "/" not in k]
        decision = re.sub(r"^\s*decision\s*[:–—-]\s*", "",
                          table.caption or table.label_above or (table.headings or [""])[-1], flags=re.I)
        if len({k for k, _ in pairs}) < 3 or not decision:
            continue
        position += 1
        out += _named_assignments(decision, position, "", pairs, role_positions)
    return out


def _header_parts(table: Table, j: int, among: list[int]) -> tuple[str, str] | None:
    """(label, group) of column j when a matrix has two header rows and the first groups the second
    ("Product" spanning "PM" and "Designer"; "Meetings" over "Plan offsites"): the lower cell is the
    label, the upper its group. None when the upper row names the labels themselves: over their holders
    ("PM" over "(Ann Lee)", "EM" over "Bob Roe"), or no upper cell among `among` spans columns."""
    if len(table.header_rows) < 2:
        return None
    top, low = table.header_rows[0], table.header_rows[-1]
    if not any(sum(top[k].origin == top[i].origin for k in among) > 1 for i in among):
        return None
    upper, lower = top[j].text, low[j].text
    if not lower or lower == upper:
        return None
    spans = sum(top[k].origin == top[j].origin for k in among) > 1
    if not spans and (re.fullmatch(r"\(.*\)", lower.strip()) or _is_person(lower.strip())):
        return None
    return lower, _first_line(upper)


def _role_header(table: Table, j: int, among: list[int] = ()) -> str:
    """A role column's name: "PM<br/><small>(Ann)</small>" is PM (who holds it now is not the role);
    "Engineering<br/>Manager" is one name written on two lines."""
    text = table.header_texts[j] if table.header_texts else ""
    parts = _header_parts(table, j, among)
    if parts:
        text = parts[0]  # a group ("Product", spanning) over its roles ("PM", "Designer")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    lines = [line for line in lines if not re.fullmatch(r"\(.*\)|\[.*\]", line)] or lines[:1]
    if len(lines) < 2:
        return lines[0] if lines else table.headers[j]
    joined = " ".join(lines[:2])  # "Engineering / Manager" is one role; "PM / Ann Lee" is a role and its holder
    return joined if _role_like(joined, set()) and not _role_like(lines[0], set()) else lines[0]


def _daci_as_written(tables: list[Table], title: str) -> tuple[list[dict], list[str]]:
    """The matrix read with decisions down the side, and the headers over its label columns. A page
    may give a matrix per area ("=== Product ===", "=== Operations ===", each with the same label
    header): they are read in page order, each row keeping its area (`area`) for a category."""
    scored = [(t, *_daci_score(t)) for t in tables]
    scored = [(t, h, n) for t, h, n in scored if n and h >= 4 and h / n >= 0.5]
    if not scored:
        raise WikiPageError(f'Page "{title}": no DACI table (decisions by roles, cells Driver/Approver/'
                            f'Consulted/Informed) — {describe_tables(tables)}')
    best = max(scored, key=lambda s: (("daci" in s[0].context()) or ("raci" in s[0].context()), s[1]))[0]
    chosen = sorted((t for t, _, _ in scored if t is best or _part_of_one_matrix(t, best)), key=lambda t: t.index)
    out: list[dict] = []
    label_headers: list[str] = []
    decisions = roles = 0
    for table in chosen:
        area = (table.caption or (table.headings[-1] if table.headings else "")) if len(chosen) > 1 else ""
        area = "" if re.fullmatch(r"\W*(?:daci|raci|decisions?(?: making)?|who decides(?: what)?)\W*", area, re.I) else area
        rows, heads, n_roles = _matrix_rows(table)
        label_headers = label_headers or heads
        out += [{**r, "position": r["position"] + decisions, "role_position": r["role_position"] + roles, "area": area}
                for r in rows]
        decisions += max((r["position"] for r in rows), default=0)
        roles += n_roles
    return out, label_headers


def _part_of_one_matrix(table: Table, best: Table) -> bool:
    """Another area's part of the matrix ("=== Operations ===" beside "=== Product ==="): the same
    label header, the same roles (across its top, or down its side), and no heading that sets it apart
    ("Former DACI", another team's)."""
    if table.nested or not table.headers or normalise_header(table.headers[0]) != normalise_header(best.headers[0]):
        return False
    own = " ".join([table.caption, *table.headings[len(best.headings) - 1:]])
    if SET_APART.search(own) or re.search(r"\b(?:teams?|squads?|departments?|with)\b", own, re.I):
        return False  # "Former DACI", "Working with the Platform team"
    across = {normalise_header(h) for h in table.headers[1:]}, {normalise_header(h) for h in best.headers[1:]}
    down = ({normalise_header(c[0].text) for c in table.cells if c}, {normalise_header(c[0].text) for c in best.cells if c})
    # the same roles: across the top under a "Decision" header, down the side under a "Role" one
    corner = best.headers[0]
    axes = [across] if _LABEL_SAYS_DECISION.search(corner) and not re.search(r"[↓⬇]", corner) else \
        [down] if _LABEL_SAYS_ROLE.match(corner.strip()) or re.search(r"role\w*\s*[↓⬇]", corner, re.I) else [across, down]
    return any(a and b and len(a & b) >= len(a | b) / 2 for a, b in axes)


def _matrix_rows(table: Table) -> tuple[list[dict], list[str], int]:
    """One matrix's rows (decisions down the side), the headers over its label columns, and how
    many role columns it has."""
    width = len(table.headers)
    # leading columns that hold no assignments are the decision (and maybe category) labels; a
    # Notes column ("EM consulted on staffing") is no role
    remarks = {j for j, h in enumerate(table.headers) if _REMARKS_HEADER.fullmatch(normalise_header(h))}
    role_cols = [j for j in range(width) if j not in remarks
                 and any(_assignment(cells[j].text) and len(cells[j].text) <= 20 for cells in table.cells)]
    label_cols = [j for j in range(width) if j not in role_cols and (not role_cols or j < role_cols[0])] or [0]
    role_cols = [j for j in role_cols if j not in label_cols]
    decision_col = label_cols[-1]
    category_col = label_cols[0] if len(label_cols) > 1 else None
    # "PM<br/><small>(Ann)</small>": the role is the header's first line, not who holds it now
    roles = {j: _role_header(table, j, role_cols) for j in role_cols}
    label_headers = [h for h in (table.headers[j] for j in label_cols) if not h.startswith("column ")]
    rows = table.cells
    if rows and all(r.startswith("column ") for r in roles.values()):
        # role names written as a plain first row rather than as header cells
        roles = {j: _first_line(rows[0][j].text) or roles[j] for j in role_cols}
        label_headers = [_first_line(rows[0][j].text) for j in label_cols]
        rows = rows[1:]
    # a group header spanning columns ("Meetings/Ceremonies" over two decisions, when they run across)
    groups = {j: (parts[1] if (parts := _header_parts(table, j, role_cols)) else "") for j in role_cols}
    out, seen, category, position = [], set(), "", 0
    for cells in rows:
        if _struck(cells[decision_col]):
            continue  # a decision struck out: no longer made this way
        decision = " ".join(_lines(cells[decision_col].text))
        if _is_section_row(cells) or (decision and category_col is None and not any(
                cells[j].text for j in role_cols if cells[j].origin != cells[decision_col].origin)):
            # a category row: one spanning cell, or a label with every role cell left empty
            category = _first_line(cells[0].text)
            continue
        if not decision:
            continue
        if category_col is not None and cells[category_col].text:
            category = _first_line(cells[category_col].text)
        position += 1
        for role_position, j in enumerate(role_cols, start=1):
            role = roles[j]
            text = cells[j].text  # "<s>C</s> A": now A
            value = _assignment(text) if len(text) <= 40 else None
            if not value or role.startswith("column ") or (decision, role) in seen:
                continue
            seen.add((decision, role))
            out.append({"category": category, "decision": decision, "role": role, "assignment": value,
                        "position": position, "role_position": role_position, "group": groups[j]})
    return out, label_headers, len(role_cols)


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


def _letter_cells(table: Table) -> int:
    """Cells holding DACI letters alone ("D", "C/I"): a matrix, not a table of meetings."""
    return sum(bool(re.fullmatch(r"[DACIR](?:\s*/\s*[DACIR])?", c.text.strip())) for cells in table.cells for c in cells[1:])


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
_USER_MENTION = re.compile(r"\[\[\s*(?:[a-z]+:)?(?:user|benutzer|utilisateur|usuario)\s*:"
                           r"|\{\{\s*(?:u|user|user0|u2|ping|noping|reply ?to)\s*\|", re.I)


def _names_a_role(text: str) -> bool:
    """A job title somewhere in it ("Lead Community Tech Manager / Product Manager", "QA")."""
    return any(_JOB_NOUN.fullmatch(w) or w.lower() in _ROLE_ABBREVIATIONS for w in re.findall(r"[A-Za-z]+", text))


def _roster_item(item: ListItem, role_above: str) -> list[tuple[str, str]]:
    """(name, role) for each person a roster item names, either way round: "Ann Lee – Engineer",
    "Engineers: Ann Lee, Bob Roe", "Ann Lee" under an "Engineers" heading. Items that name no one
    (a link, a remark) give nothing."""
    text = _NAME_REMARK.sub("", item.text).strip()
    left, right = _label_and_rest(text)
    if right and _is_person(_bare_name(left)) and _names_a_role(right) and not _names_a_role(left):
        names, role = [left], right  # "Bob Roe – Software Engineer": a title is two capitalised words too
    elif right and _role_like(left, set()) and not _role_like(right, set()):
        names, role = _people(right), left
    elif right and not all(_is_person(n) for n in _names(right)):
        names, role = [left], right
    else:
        names, role = _names(text), role_above
    mentioned = bool(_USER_MENTION.search(item.raw))
    names, role = [_bare_name(n) for n in names], _bare_role(role)  # "Ann Lee (she/her)", "Engineer (contractor)"
    # someone's name, or a one-word user name ("MusikAnimal") beside a job title or a user link
    return [(n, role) for n in names if not _NO_PERSON.fullmatch(n) and (_is_person(n) or (
        (mentioned or _names_a_role(role)) and re.fullmatch(r"[^\W\d_][\w.'’-]{0,40}", n) and not _role_like(n, set())))]


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
            if node.children and not _label_and_rest(label)[1]:  # a group: "Engineers", "Former members"
                if _former(label):
                    continue
                if (_is_person(label) or _USER_MENTION.search(it.raw)) and not _names_a_role(label):
                    add(label, " / ".join(c.text for c in node.below()))  # "; Ann Lee" over ": Engineer"
                    continue
                walk(node.children, label if _names_a_role(label) else role)
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
        walk(_item_tree(list_items(sec.body)), sec.title if under and _names_a_role(sec.title) else "")
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
