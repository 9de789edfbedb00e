"""The two writes of the goals screen: a stage change, and the resolution of a conflict with the wiki.

Each is one short transaction that re-reads the goal, checks the rule in lib.goals against what is in
the store now (not what the page showed a minute ago), writes `goal_stage_edits` and an audit row.
A refusal raises EditRefused with a sentence for the screen; nothing is written then.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, insert, select, update

from lib import goals as rules
from lib.auth import Viewer
from lib.stages import LOCAL, RESOLVED
from lib.store.engine import utcnow
from lib.store.schema import goal_stage_edits, goals, wiki_pages
from lib.store.writes import EditRefused, audit
from lib.store.writes import run_edit as _run

ENTITY = "goal"
KEEP_MINE, TAKE_WIKI = "mine", "wiki"


def _goal_state(conn: Connection, goal_key: str):
    """(wiki stage, latest edit as dict or None, StageState) of one goal, read inside the transaction."""
    wiki_stage = conn.execute(select(goals.c.stage).where(goals.c.goal_key == goal_key)).scalar()
    if wiki_stage is None:
        raise EditRefused("This goal is no longer on the wiki goals page (a sync removed it).")
    edit, *earlier = [dict(row) for row in conn.execute(
        select(goal_stage_edits).where(goal_stage_edits.c.goal_key == goal_key)
        .order_by(goal_stage_edits.c.id.desc())
    ).mappings()] or [None]
    return wiki_stage, edit, rules.resolve_stage(wiki_stage, edit, earlier)


def _revid(conn: Connection) -> int | None:
    return conn.execute(select(wiki_pages.c.revid).where(wiki_pages.c.kind == "goals")).scalar()


def change_stage(engine: Engine, *, goal_key: str, from_stage: str, to_stage: str, viewer: Viewer,
                 reason: str | None = None) -> int:
    """Move one goal from `from_stage` (the stage the editor saw) to `to_stage`. Returns the edit's id."""

    def work(conn: Connection) -> int:
        _, _, state = _goal_state(conn, goal_key)
        if state.conflict:
            raise EditRefused("This goal's stage on the wiki changed since the last edit here: resolve that "
                              "conflict first (keep yours or take the wiki's).")
        if state.stage != rules.normalise_stage(from_stage):
            raise EditRefused(f"The goal's stage changed meanwhile: it is now {state.stage!r}, not "
                              f"{from_stage!r}. Look again and retry.")
        refusal = rules.transition_refusal(state.stage, to_stage, can_edit=viewer.can_edit,
                                           is_approver=viewer.is_approver)
        if refusal:
            raise EditRefused(refusal)
        new = rules.normalise_stage(to_stage)
        edit_id = conn.execute(insert(goal_stage_edits).values(
            goal_key=goal_key, old_stage=state.stage, new_stage=new, based_on_revid=_revid(conn),
            actor=viewer.name, at=utcnow(), state=LOCAL,
        )).inserted_primary_key[0]
        audit(conn, actor=viewer.name, entity=ENTITY, entity_key=goal_key, field="stage",
              old=state.stage, new=new, reason=reason)
        return int(edit_id)

    return _run(engine, work)


def resolve_conflict(engine: Engine, *, goal_key: str, choice: str, viewer: Viewer) -> str:
    """Settle a conflict: KEEP_MINE puts the local stage back on top of the wiki's (a new edit against
    the wiki's current stage, so it is exported again); TAKE_WIKI drops the local edit. Returns the
    stage that now holds."""
    if choice not in (KEEP_MINE, TAKE_WIKI):
        raise ValueError(f"choice must be {KEEP_MINE!r} or {TAKE_WIKI!r}")

    def work(conn: Connection) -> str:
        if not viewer.can_edit:
            raise EditRefused("You can only view goals: resolving a conflict needs the editor role.")
        wiki_stage, edit, state = _goal_state(conn, goal_key)
        if not state.conflict:
            raise EditRefused("There is no conflict on this goal any more (someone resolved it, or a sync "
                              "brought the wiki in line).")
        wiki, mine = rules.normalise_stage(wiki_stage), rules.normalise_stage(edit["new_stage"])
        if choice == KEEP_MINE and rules.required_role(mine, from_stage=wiki) == "approver" and not viewer.is_approver:
            raise EditRefused(f"Only the CTO role can keep a goal at {mine!r}: from {wiki!r} on the wiki that passes "
                              "the CTO's approval.")
        conn.execute(update(goal_stage_edits).where(goal_stage_edits.c.id == edit["id"]).values(state=RESOLVED))
        holds = wiki
        if choice == KEEP_MINE:
            conn.execute(insert(goal_stage_edits).values(
                goal_key=goal_key, old_stage=wiki, new_stage=mine, based_on_revid=_revid(conn),
                actor=viewer.name, at=utcnow(), state=LOCAL,
            ))
            holds = mine
        audit(conn, actor=viewer.name, entity=ENTITY, entity_key=goal_key, field="stage conflict",
              old=wiki, new=holds, reason="kept the dashboard's stage" if choice == KEEP_MINE
              else "took the wiki's stage")
        return holds

    return _run(engine, work)
