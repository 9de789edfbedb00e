"""Which closed statuses mean the work was done: the rule reads the server's own config."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lib.statuses import dropped_statuses, is_dropped, is_not_done_status

REFERENCE = Path(__file__).parent / "data" / "conduit"  # the reference server's answers


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"value": v, "name": n, "is_closed": c, "special": sp} for v, n, c, sp in rows])


def test_upstream_defaults_drop_wontfix_invalid_duplicate_and_spite_but_not_resolved():
    statuses = frame(("open", "Open", False, "default"), ("resolved", "Resolved", True, "closed"),
                     ("wontfix", "Wontfix", True, None), ("invalid", "Invalid", True, None),
                     ("duplicate", "Duplicate", True, "duplicate"), ("spite", "Spite", True, None))
    assert dropped_statuses(statuses) == {"wontfix", "invalid", "duplicate", "spite"}


@pytest.mark.parametrize("value,name,special,dropped", [
    ("declined", "Declined", None, True),                 # Wikimedia's
    ("wont-do", "Won't Do", None, True),
    ("not_a_bug", "Not a bug", None, True),
    ("cancelled", "Cancelled", None, True),
    ("obsolete", "Obsolete", None, True),
    ("notreproducible", "Not reproducible", None, True),
    ("wontimplement", "Won't implement", None, True),
    ("notneeded", "No longer needed", None, True),
    ("bydesign", "Works as intended", None, True),
    ("deferred", "Deferred", None, True),
    ("dupe", "Merged elsewhere", "duplicate", True),      # the config's duplicate status, whatever its name
    ("done", "Done", None, False),
    ("fixed", "Fixed", None, False),
    ("released", "Released to production", None, False),
    ("deployed", "Deployed", None, False),
    ("declined", "Declined", "closed", False),            # the config's own closed status is done
    ("invalidated-cache-fix", "Cache invalidation fixed", None, False),
])
def test_other_servers_closed_statuses_are_judged_by_their_mark_then_their_words(value, name, special, dropped):
    assert is_not_done_status(value, name, special) is dropped


def test_open_statuses_never_drop_and_a_missing_special_column_is_fine():
    statuses = pd.DataFrame({"value": ["invalid-report", "declined"], "name": ["Invalid report (triage)", "Declined"],
                             "is_closed": [False, True]})
    assert dropped_statuses(statuses) == {"declined"}
    assert dropped_statuses(pd.DataFrame()) == frozenset()


def test_the_reference_servers_answer_drops_every_closed_status_but_resolved():
    data = json.loads((REFERENCE / "maniphest.status.search.json").read_text())["result"]["data"]
    statuses = pd.DataFrame([{**s, "is_closed": s["closed"]} for s in data])
    assert dropped_statuses(statuses) == {s["value"] for s in data if s["closed"]} - {"resolved"}


def test_a_task_is_dropped_only_while_closed_in_such_a_status():
    rows = pd.DataFrame({"status": ["declined", "declined", "resolved", None], "is_closed": [True, False, True, None]})
    assert list(is_dropped(rows, frozenset({"declined"}))) == [True, False, False, False]


def test_a_status_the_server_no_longer_lists_is_judged_by_its_value():
    statuses = pd.DataFrame({"value": ["open", "resolved"], "name": ["Open", "Resolved"], "is_closed": [False, True]})
    seen = ["open", "resolved", "wontfix", "shipped", None]   # "wontfix" was removed from the config
    assert dropped_statuses(statuses, seen) == {"wontfix"}
    assert dropped_statuses(None, ["invalid"]) == {"invalid"}
