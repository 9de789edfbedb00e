"""The team page's DACI matrix (who drives, approves, is consulted on and informed of each decision) in
its many layouts: decisions down the side or across the top, one matrix or a part per area, a
column per assignment naming who, a small table per decision, or a list."""

from __future__ import annotations

import re

from lib.sync.wiki_pages.cells import _first_line, _is_section_row, _lines, _struck
from lib.sync.wiki_pages.lists import _item_tree, _label_and_rest
from lib.sync.wiki_pages.people import _ACTION_WORD, _VACANCY, _is_person, _role_like, _split_list
from lib.sync.wikitables import (
    SET_APART,
    Table,
    WikiPageError,
    describe_tables,
    list_items,
    normalise_header,
)


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


def _letter_cells(table: Table) -> int:
    """Cells holding DACI letters alone ("D", "C/I"): a matrix, not a table of meetings."""
    return sum(bool(re.fullmatch(r"[DACIR](?:\s*/\s*[DACIR])?", c.text.strip())) for cells in table.cells for c in cells[1:])
