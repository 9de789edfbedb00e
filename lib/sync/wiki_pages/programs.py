"""Program codes and names: how a goal, a heading or the program list names a program ("TP1",
"Program 12: ...", "Scoring Platform (ORES)"), and how two ways of writing a name are the same."""

from __future__ import annotations

import re

from lib.sync.wiki_pages.cells import _first_line

_CODE = r"(?:[A-Z]{1,4}\d{1,3}|[A-Z]{1,3}-[A-Z0-9]{1,8})"


def program_code(text: str | None) -> str | None:
    """The program code a cell or heading starts with ("TP1 Availability..." -> "TP1", "X-SDC ..."),
    or carries in parentheses; "Program 1: Availability..." (the Technology department's own
    wording) -> "TP1"."""
    if not text:
        return None
    text = text.strip()
    m = re.match(rf"^(?:program(?:me)?\s+)?({_CODE})(?=$|[\s:.,–—-])", text, re.I)
    if m and m.group(1) == m.group(1).upper() and not re.fullmatch(r"Q[1-4]|FY\d+|H[12]", m.group(1)):
        return m.group(1)
    m = re.match(r"^program(?:me)?\s*(\d{1,2})\b", text, re.I)
    if m:
        return f"TP{int(m.group(1))}"
    m = re.search(rf"\(({_CODE})\)", text)
    return m.group(1) if m else None


_NOT_A_PROGRAM = re.compile(
    r"\b(?:q[1-4]|quarter(?:ly)?|fy\s*\d{2,4}(?:[-/]\d{2,4})?|\d{4}(?:[-/]\d{2,4})?|h[12]|goals?|objectives?|"
    r"okrs?|key results?|annual|plan(?:ning)?|programs?|programmes?|drafts?|final|proposed|current|this|next|"
    r"last|previous|our|the|team|for|of|and|in|results?|status|overview|summary|other|[1-4](?:st|nd|rd|th))\b",
    re.I)


def _name_key(name: str) -> str:
    """Program names compared loosely: case, "&"/"and", punctuation and spacing do not matter."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def program_of(text: str | None, programs: dict[str, str], *, listed_only: bool = False) -> str | None:
    """The program a cell, group row or heading names: its code, else the code of the program list's
    program of that name (`programs`: _name_key(name) -> code), else (unless `listed_only`) the name
    itself, as written. None for words that name no program ("Q2 goals", "Final draft")."""
    code = program_code(text)
    if code or not text:
        return code
    name = re.sub(r"^program(?:me)?\s*[:–—-]\s*", "", _first_line(text).strip(), flags=re.I).strip(" :–—-")
    if len(re.sub(r"[^A-Za-z]", "", _NOT_A_PROGRAM.sub("", name))) < 3:
        return None
    return _listed_program(name, programs) or (None if listed_only else name)


def _program_name_keys(name: str) -> list[str]:
    """The ways a heading may name a listed program: its whole name, the name without a remark in
    parentheses, and an acronym given there ("Scoring Platform (ORES)": also "scoring platform", "ores")."""
    keys = [_name_key(name), _name_key(re.sub(r"\([^)]*\)", " ", name))]
    keys += [_name_key(inner) for inner in re.findall(r"\(([^)]*)\)", name) if re.fullmatch(r"[A-Z][A-Za-z]{2,}", inner.strip())]
    return [k for k in dict.fromkeys(keys) if k]


def _listed_program(name: str, programs: dict[str, str]) -> str | None:
    """The code of the listed program `name` stands for: as written, with a remark in parentheses,
    numbering or a trailing "goals" left out, holding a listed name among other words, or a distinctive
    part of one listed name."""
    if _name_key(name) in programs:
        return programs[_name_key(name)]
    key = _name_key(re.sub(r"\([^)]*\)", " ", name))
    key = re.sub(r"\s+(?:goals?|program(?:me)?s?|team)$", "", re.sub(r"^\d+\s+", "", key))
    if key in programs:
        return programs[key]
    hits = [k for k in programs if len(k) >= 8 and re.search(rf"(?:^| ){re.escape(k)}(?: |$)", key)]
    if hits:
        return programs[max(hits, key=len)]
    # a shortened name ("Technical Debt" for "Addressing Technical Debt"): two or more of a listed name's
    # own words, in its order, that no other listed program's name holds
    if len([w for w in key.split() if w not in _LINKING_WORDS]) < 2:
        return None
    codes = {code for k, code in programs.items() if re.search(rf"(?:^| ){re.escape(key)}(?: |$)", k)}
    return codes.pop() if len(codes) == 1 else None


_LINKING_WORDS = {"and", "of", "on", "the", "for", "in", "a", "an", "to", "with"}


def _program_number_as_code(line: str) -> str:
    """"Program 12: Growing Contributor Diversity" (the department's own wording) as "TP12: ..."."""
    line = re.sub(r"^\s*program(?:me)?\s+(\d{1,2})(?=\s*[:.–—-])", lambda n: f"TP{int(n.group(1))}", line,
                  flags=re.I)
    return re.sub(r"^(\s*(?:TP|PP|P))\s+(\d{1,3})\b", r"\1\2", line)  # "TP 8 Multi-datacenter Support"
