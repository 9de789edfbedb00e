"""Pages written as lists rather than tables: list items as a tree, an item cut into its label and
the rest, and a table's rows or else the same written as a list."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lib.sync.wikitables import ListItem, WikiPageError


@dataclass
class _Node:
    item: ListItem
    children: list[_Node]

    @property
    def label(self) -> str:
        return self.item.text.strip().rstrip(":").strip()

    def below(self) -> list[ListItem]:
        """Every item under this one, in page order."""
        return [n for c in self.children for n in (c.item, *c.below())]


def _item_tree(items: list[ListItem]) -> list[_Node]:
    """List items as a tree; a definition (`:`) hangs under the term (`;`) before it."""
    root: list[_Node] = []
    stack: list[tuple[int, list[_Node]]] = [(-1, root)]
    for it in items:
        depth = it.level * 2 + (it.marker == ":")
        while stack[-1][0] >= depth:
            stack.pop()
        node = _Node(it, [])
        stack[-1][1].append(node)
        stack.append((depth, node.children))
    return root


def _label_and_rest(text: str, *, parentheses: bool = True) -> tuple[str, str]:
    """An item cut at its first separator: "Ann Lee – Engineer", "Ann Lee: Engineer", "Ann Lee
    (Engineer)", "Ann Lee, Engineer"; (text, "") when it has none. Without `parentheses`, only a dash
    or a colon cuts (a name such as "Estimated (ready for a sprint)" stays whole)."""
    for sep in (r"\s+[-–—]+\s+|\s*[–—]\s*", r"\s*:\s*"):
        parts = [p.strip() for p in re.split(sep, text, maxsplit=1)]
        if len(parts) == 2 and all(parts):
            return parts[0], parts[1]
    if not parentheses:
        return text.strip(), ""
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    first, _, rest = text.partition(",")
    return first.strip(), rest.strip()


def _or_listed(read_table: Callable[[], list[dict]], read_list: Callable[[], list[dict]], what: str) -> list[dict]:
    """The table's rows, or, for a page without such a table, the same written as a list; the
    table's error (naming the columns looked for) when there is neither."""
    try:
        return read_table()
    except WikiPageError as err:
        rows = read_list()
        if rows:
            return rows
        raise WikiPageError(f"{err}; nor a list of {what}") from None
