"""Which closed tasks were done, and which were dropped (declined, invalid, a duplicate...).

Phabricator's status config says only whether a status closes a task: "Declined" closes it as much as
"Resolved" does, and `maniphest.status.search` has no "successful" flag. Counting a declined task as
done would inflate velocity, sprint health and epic progress, so a task closed in a status that means
"not done" is *dropped*: it leaves the scope it was in, as a task removed from a sprint does.

The config names two statuses by their `special` value: the default closed status ("closed", done)
and the duplicate status ("duplicate", dropped). Any other closed status is judged by its name and
value, since servers name their own ("Declined" on Wikimedia's, "Wontfix" upstream).
"""

from __future__ import annotations

import re

import pandas as pd

_NOT_DONE = re.compile(
    r"\b(declin\w*|invalid|wont ?fix|won ?t ?(fix|do|implement)|will not (fix|do|implement)|duplicate\w*|dupe|"
    r"spite|reject\w*|obsolete|outdated|cancel+ed|abandon\w*|not ?a ?bug|not an issue|works ?for ?me|"
    r"(works|working) as (intended|designed)|by design|(cannot|can ?t|could ?not|couldn ?t) reproduce|"
    r"not ?reproducible|unreproducible|irreproducible|(not|no longer) needed|not planned|incomplete|deferred|"
    r"postponed|superseded|out of scope|dropped|stale|no action)\b"
)


def _words(text) -> str:
    return re.sub(r"[\W_]+", " ", str(text)).lower().strip() if text is not None and not pd.isna(text) else ""


def is_not_done_status(value, name, special=None) -> bool:
    """Whether a closed status means the work was not done (judge closed statuses only)."""
    special = _words(special)
    if special == "closed":
        return False
    if special == "duplicate":
        return True
    return bool(_NOT_DONE.search(_words(name)) or _NOT_DONE.search(_words(value)))


def dropped_statuses(statuses: pd.DataFrame, seen=()) -> frozenset[str]:
    """The values of the closed statuses that drop a task instead of finishing it.

    statuses: value, name, is_closed and (when the server told) special. `seen`: status values found on
    tasks or in their history; one the server no longer lists (removed from its config, hidden) is judged
    by its value's words ("wontfix")."""
    listed: set = set()
    out: set = set()
    if statuses is not None and not statuses.empty:
        special = statuses["special"] if "special" in statuses else pd.Series(None, index=statuses.index, dtype=object)
        closed = statuses["is_closed"].astype(bool)
        listed = set(statuses["value"])
        out = {v for v, n, s, c in zip(statuses["value"], statuses["name"], special, closed)
               if c and is_not_done_status(v, n, s)}
    out |= {v for v in pd.unique(pd.Series(list(seen), dtype=object).dropna())
            if v not in listed and is_not_done_status(v, None)}
    return frozenset(out)


def is_dropped(rows: pd.DataFrame, dropped: frozenset[str]) -> pd.Series:
    """Per row (status, is_closed): closed in a status that means the work was not done."""
    if rows.empty or not dropped or "status" not in rows:
        return pd.Series(False, index=rows.index, dtype=bool)
    return rows["is_closed"].astype("boolean").fillna(False).astype(bool) & rows["status"].isin(dropped)
