"""The planning stages of a quarterly goal, and which stage holds when the dashboard's own stage edits
meet what the wiki says. Plain Python (no pandas): the sync uses it too, to note what the wiki did with
each edit (see classify_edits).

A goal moves "rough draft" -> "final draft" -> "approved by CTO" -> "final". The wiki is the record; stage
changes made in the dashboard (`goal_stage_edits`) are copied to it by hand. An edit's state says what
the syncs have seen of it: "local" (not on the wiki yet), "seen" (a sync read the page showing its stage
or a later one: the wiki has it, and what the wiki says next is the wiki's own word), "conflict" (a sync
read the page moved elsewhere: it stays a conflict until someone keeps theirs or takes the wiki's),
"resolved" (settled, or replaced by the edit that kept it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

ROUGH_DRAFT, FINAL_DRAFT, APPROVED, FINAL = "rough draft", "final draft", "approved by CTO", "final"
STAGES: tuple[str, ...] = (ROUGH_DRAFT, FINAL_DRAFT, APPROVED, FINAL)

# (from, to) -> needs the CTO role. Program owners (editors) draft and, once approved, mark the goals
# final when they update the wiki page ("Updated to reflect 'final' Q2 goals"); only the CTO approves.
TRANSITIONS: dict[tuple[str, str], bool] = {
    (ROUGH_DRAFT, FINAL_DRAFT): False,
    (FINAL_DRAFT, APPROVED): True,
    (APPROVED, FINAL): False,
}

_STAGE_ALIASES = {
    "rough": ROUGH_DRAFT, "draft": ROUGH_DRAFT, "rough draft": ROUGH_DRAFT,
    "final draft": FINAL_DRAFT,
    "approved": APPROVED, "approved by cto": APPROVED, "cto approved": APPROVED, "approved by the cto": APPROVED,
    "final": FINAL,
}


def normalise_stage(text) -> str | None:
    """The canonical stage for what a wiki cell says ("Final Draft", "approved"), else the text as given
    (so an unknown stage is shown, not hidden). None for an empty cell."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    cleaned = re.sub(r"\s+", " ", str(text).replace('"', "").replace("'", "")).strip()
    if not cleaned:
        return None
    return _STAGE_ALIASES.get(cleaned.lower(), cleaned)


def stage_index(stage) -> int | None:
    """Position of a stage in the sequence (0 = rough draft); None when the stage is not recognised."""
    stage = normalise_stage(stage)
    return STAGES.index(stage) if stage in STAGES else None


@dataclass(frozen=True)
class StageState:
    stage: str | None   # what the dashboard shows
    pending: bool       # a local edit the wiki does not show yet (export it)
    conflict: bool      # the wiki moved elsewhere since the edit


LOCAL, SEEN, CONFLICT, RESOLVED = "local", "seen", "conflict", "resolved"


def resolve_stage(wiki_stage, edit: dict | None, earlier: Sequence[dict] = ()) -> StageState:
    """Combine the wiki's stage with the goal's latest stage edit (or None); `earlier`: the goal's
    edits before it, newest first.

    The edit holds while the wiki still shows the stage it was made against. If the wiki shows its
    new stage or a later one (approved on the wiki after the final draft made here was copied there),
    the wiki holds; so it does once a sync has seen the edit on the wiki, whatever the wiki says next.
    If the wiki moved elsewhere (back, or to a stage the rules do not know), or a sync saw it do so,
    the wiki's stage is shown and the edit is a conflict until someone keeps it or drops it. An edit
    made on top of another the wiki has not shown yet (final draft -> approved by CTO -> final in one
    meeting) was made against what that one was made against."""
    wiki = normalise_stage(wiki_stage)
    if not edit or edit.get("state") in (RESOLVED, SEEN):
        return StageState(wiki, False, False)
    new = normalise_stage(edit.get("new_stage"))
    if _shows(wiki, new):
        return StageState(wiki, False, False)
    if edit.get("state") == CONFLICT:
        return StageState(wiki, False, True)
    step, before = edit, iter(earlier)
    while not _on_the_way(wiki, step.get("old_stage"), new):
        prev = next(before, None)
        if (prev is None or prev.get("state") != LOCAL
                or normalise_stage(prev.get("new_stage")) != normalise_stage(step.get("old_stage"))):
            return StageState(wiki, False, True)
        step = prev
    return StageState(new, True, False)


def classify_edits(wiki_stage, edits: Sequence[dict]) -> dict[int, str]:
    """What a sync that just read the wiki's stage of a goal notes about its edits (`edits`: all of
    them, newest first): {edit id: new state} for those whose state changes. An edit the wiki shows
    (its stage or a later one) is seen; the latest, when the wiki moved elsewhere, is a conflict, and
    stays one after the wiki moves again (a conflict the page hid by moving back would otherwise bring
    the old edit back as if nothing had happened)."""
    changes: dict[int, str] = {}
    for i, edit in enumerate(edits):
        if edit.get("state") not in (LOCAL, CONFLICT):
            continue
        if _shows(normalise_stage(wiki_stage), normalise_stage(edit.get("new_stage"))):
            changes[edit["id"]] = SEEN
        elif i == 0 and edit.get("state") == LOCAL and resolve_stage(wiki_stage, edit, edits[1:]).conflict:
            changes[edit["id"]] = CONFLICT
    return changes


def _shows(wiki, new) -> bool:
    """Does the wiki show a move's new stage, or a later one (it went on from there)?"""
    return new == wiki or _later_stage(wiki, than=new)


def _on_the_way(wiki, old_stage, new) -> bool:
    """Does the wiki show the stage a move was made from, or one between it and where the moves lead (a
    "Keep mine" spanning stages, which the wiki takes one stage at a time)?"""
    old = normalise_stage(old_stage)
    return wiki == old or (_later_stage(wiki, than=old) and _later_stage(new, than=wiki))


def _later_stage(stage, *, than) -> bool:
    """Is `stage` a later planning stage than `than` (both of them stages the rules know)?"""
    a, b = stage_index(stage), stage_index(than)
    return a is not None and b is not None and a > b
