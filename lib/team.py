"""The team page's rules: who decides what (the DACI matrix from the team wiki page), read as a
matrix for the whole team or as one role's list. Plain functions over DataFrames, free of Streamlit."""

from __future__ import annotations

import re

import pandas as pd

ASSIGNMENTS = ("Driver", "Approver", "Consulted", "Informed")
LETTERS = {"Driver": "D", "Approver": "A", "Consulted": "C", "Informed": "I"}
LEGEND = "D drives the decision, A approves it, C is consulted, I is informed."


def letters(assignment: str) -> str:
    """'Driver/Approver' -> 'D/A': the matrix as the wiki writes it, one letter per assignment."""
    return "/".join(LETTERS.get(part, part) for part in str(assignment).split("/"))


def role_order(daci: pd.DataFrame) -> list[str]:
    """Roles in the wiki's column order. Rows synced before that order was kept have none: those roles
    follow, in the order they first appear."""
    ranked = daci.assign(_column=daci["role_position"].astype("Float64").fillna(float("inf")))
    ranked = ranked.sort_values(["_column", "position", "role"], kind="stable")
    return list(dict.fromkeys(ranked["role"]))


def daci_matrix(daci: pd.DataFrame) -> pd.DataFrame:
    """One row per decision (page order, with its category), one column per role, D/A/C/I letters;
    blank where the wiki leaves a role out."""
    if daci.empty:
        return pd.DataFrame(columns=["category", "decision"])
    cells = daci.assign(letter=daci["assignment"].map(letters))
    matrix = cells.pivot_table(index=["position", "category", "decision"], columns="role", values="letter",
                               aggfunc="first")
    matrix = matrix.reindex(columns=role_order(daci)).fillna("").reset_index().drop(columns="position")
    matrix.columns.name = None
    return matrix


def role_decisions(daci: pd.DataFrame, role: str) -> pd.DataFrame:
    """What one role drives, approves, is consulted on and is told of, in that order, then page order."""
    mine = daci[daci["role"] == role]
    rank = mine["assignment"].map(lambda a: min(ASSIGNMENTS.index(p) for p in str(a).split("/")
                                                if p in ASSIGNMENTS) if a else len(ASSIGNMENTS))
    ordered = mine.assign(_rank=rank).sort_values(["_rank", "position"], kind="stable")
    return ordered[["assignment", "category", "decision"]].reset_index(drop=True)


def assignment_counts(daci: pd.DataFrame) -> pd.DataFrame:
    """Per role, how many decisions it drives, approves, is consulted on and is informed of (a cell
    giving two counts for both): where decisions pile up on one role."""
    counts = {a: daci["assignment"].str.split("/").map(lambda parts, a=a: a in parts) for a in ASSIGNMENTS}
    flags = pd.DataFrame({"role": daci["role"], **counts})
    table = flags.groupby("role", sort=False)[list(ASSIGNMENTS)].sum().astype(int)
    return table.reindex(role_order(daci)).rename_axis("role").reset_index()


# Words a roster and a DACI matrix write differently for the same role.
_ROLE_SYNONYMS = {"technical": "tech", "quality assurance": "qa", "user experience": "ux", "engineers": "engineer",
                  "managers": "manager", "designers": "designer", "leads": "lead"}


def _role_key(text: str) -> str:
    key = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    for long, short in _ROLE_SYNONYMS.items():
        key = re.sub(rf"\b{long}\b", short, key)
    return key


def role_holders(roles: list[str], people: pd.DataFrame) -> dict[str, list[str]]:
    """Who on the roster holds each DACI role: a member whose role, or one part of it ("Lead Community
    Tech Manager/ Product Manager"), is that role, allowing for plurals and common short forms
    ("Engineers" = "Engineer", "Technical Lead" = "Tech Lead", "Quality Assurance Engineer" = "QA
    Engineer"). A senior title ("Principal UX Designer") counts too; "Lead Engineer" is no "Engineer"."""
    parts = [(row.name, [_role_key(p) for p in re.split(r"[/,;]", str(row.role or "")) if p.strip()])
             for row in people.itertuples()]
    seniority = re.compile(r"^(?:senior|sr|principal|staff|junior|jr) ")
    out = {}
    for role in roles:
        key = _role_key(role)
        out[role] = [name for name, keys in parts if any(k == key or seniority.sub("", k) == key for k in keys)]
    return out


def role_summary(daci: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """assignment_counts, with who on the roster holds each role ("people", names joined)."""
    counts = assignment_counts(daci)
    holders = role_holders(list(counts["role"]), people)
    return counts.assign(people=counts["role"].map(lambda role: ", ".join(holders[role])))


def unheld_deciding_roles(summary: pd.DataFrame) -> pd.DataFrame:
    """Roles that drive or approve decisions but that nobody on the roster holds (from role_summary):
    those decisions have no one to make them."""
    gap = summary[(summary["people"] == "") & ((summary["Driver"] > 0) | (summary["Approver"] > 0))]
    return gap[["role", "Driver", "Approver"]].reset_index(drop=True)
