"""Numbers in sentences: "1 task", "3 tasks", never "3 task(s)" on the shared screen."""

from __future__ import annotations


def plural(n, one: str, many: str | None = None) -> str:
    """`one` when n is 1, else `many` (by default `one` + "s"): also for verbs ("is"/"are")."""
    return one if n == 1 else (many if many is not None else one + "s")


def count(n, noun: str, many: str | None = None) -> str:
    """"1 task", "0 tasks", "2.5 open tasks" (a whole float reads as an integer)."""
    number = str(int(n)) if float(n).is_integer() else f"{n:g}"
    return f"{number} {plural(n, noun, many)}"
