"""What a sprint milestone's name says besides its days: its number ("CommTech-Sprint-69": 69).

Read by the sync (the days in "Sprint 14 Mar 4 – Mar 15" are March 4 and 15, not the 14th) and by the
roadmap (the timeline labels a sprint by its number)."""

from __future__ import annotations

import re

# the number after "Sprint", unless it begins a date ("Sprint 2024-03-04", "Sprint-2024-W12")
SPRINT_NUMBER = re.compile(r"(?:sprint|iteration|iter|milestone|cycle)[\s_#-]*(\d+)\b"
                           r"(?!(?<=\d{4})[-./]\d|[-./]\d{1,2}[-./]\d|-?W\d)", re.I)
# a month and a day right after it ("… Mar 4 – Mar 15"): the number before is the sprint's, not a day
_MONTH_AND_DAY = re.compile(r"[\s:,(–—-]*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?!\d)",
                            re.I)


def without_sprint_number(name: str) -> str:
    """The name less the sprint's number when a month and a day follow it: "Sprint 14 Mar 4 – Mar 15"
    is read as "Sprint Mar 4 – Mar 15" ("14 Mar" would be a day too). "Sprint 4 Mar – 15 Mar" keeps its
    4: no day follows the month."""
    numbered = SPRINT_NUMBER.search(name)
    if numbered and _MONTH_AND_DAY.match(name, numbered.end()):
        return name[:numbered.start(1)] + name[numbered.end():]
    return name
