"""What every page's cells and rows have in common: a cell's lines, a blank cell, a group label
spanning a row, a struck-through cell, a total row; and rows clipped to the store's columns."""

from __future__ import annotations

import re

from lib.store import schema
from lib.sync.wikitables import wholly_struck


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _first_line(text: str | None) -> str:
    lines = _lines(text)
    return lines[0] if lines else ""


def _none_if_blank(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _is_section_row(cells) -> bool:
    """A group label inside a table: one cell spanning the whole row, or a lone `!` cell in a row
    that has no other cells at all (not merely empty ones)."""
    if len(cells) < 2:
        return False
    if len({c.origin for c in cells if c.origin >= 0}) == 1 and all(c.origin >= 0 for c in cells):
        return True
    # ("! colspan=4 | TP1" in a table since grown to five columns: the label spans what it can)
    return cells[0].header and bool(cells[0].text) and all(c.origin < 0 or c.origin == cells[0].origin
                                                            for c in cells[1:])


def _fit(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Clip text to the store's column lengths (PostgreSQL refuses longer strings; a hand-written cell
    can be a paragraph), so one long cell cannot fail the whole sync."""
    for name, rows in tables.items():
        limits = {c.name: c.type.length for c in schema.metadata.tables[name].columns
                  if getattr(c.type, "length", None)}
        for row in rows:
            for col, limit in limits.items():
                value = row.get(col)
                if isinstance(value, str) and len(value) > limit:
                    row[col] = value[: limit - 1].rstrip() + "…"
    return tables


def _struck(cell) -> bool:
    """The whole cell is struck through: a goal dropped, a decision or a board column no longer made."""
    return wholly_struck(cell.raw)


_TOTAL_ROW = re.compile(r"\W*totals?\W*", re.I)
