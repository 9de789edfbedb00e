"""Reads for the roadmap and meeting screens. Set-based SELECTs (one query per table, never per row);
filters are bound parameters. The shared ones (tasks, sprints, columns, priorities) are in reads.py."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, select

from lib.store import reads
from lib.store import schema as s
from lib.store.reads import read_df



_SNAPSHOT_COLS = ("task_phid", "observed_at", "status", "is_closed", "priority_value", "priority_name",
                  "column_phid", "sprint_phid", "on_board")


def snapshots_around(engine: Engine, since: datetime) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(before, after) for the tasks whose tracked state changed at or after `since`:
    `before` is each one's last snapshot before `since` (absent: it was not on the board yet),
    `after` its latest snapshot. Three set queries, whatever the number of tasks."""
    t = s.task_snapshots
    changed = select(t.c.task_phid).where(t.c.observed_at >= since).distinct()
    latest_before = (select(func.max(t.c.id)).where(t.c.observed_at < since, t.c.task_phid.in_(changed))
                     .group_by(t.c.task_phid))
    latest = select(func.max(t.c.id)).where(t.c.task_phid.in_(changed)).group_by(t.c.task_phid)
    cols = [t.c[c] for c in _SNAPSHOT_COLS]
    before = read_df(engine, select(*cols).where(t.c.id.in_(latest_before)), parse_dates=["observed_at"])
    after = read_df(engine, select(*cols).where(t.c.id.in_(latest)), parse_dates=["observed_at"])
    return before, after


def history_start(engine: Engine) -> datetime | None:
    """When the syncs' history of the tasks begins: the first sync's snapshot (None: no sync yet).
    What changed before it is not known."""
    value = read_df(engine, select(func.min(s.task_snapshots.c.observed_at).label("t")))["t"].iloc[0]
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def sprint_goals(engine: Engine, sprint_phid: str) -> pd.DataFrame:
    """The sprint's ranked goals (local data), best first, with the epic each names."""
    g, t = s.sprint_goals, s.tasks
    return read_df(engine, select(g.c.rank, g.c.goal, g.c.epic_phid, t.c.id.label("epic_id"),
                                 t.c.title.label("epic_title"), g.c.actor, g.c.at)
                  .select_from(g.outerjoin(t, t.c.phid == g.c.epic_phid))
                  .where(g.c.sprint_phid == sprint_phid).order_by(g.c.rank))


def priority_edits(engine: Engine, states: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Local priority edits (optionally of some states), oldest first, beside the task's remote state
    as the last sync saw it - what the conflict rule compares."""
    e, t = s.priority_edits, s.tasks
    stmt = (select(e.c.id, e.c.task_phid, t.c.id.label("task_id"), t.c.title, e.c.old_value, e.c.new_value,
                   e.c.reason, e.c.actor, e.c.at, e.c.based_on_modified, e.c.state, e.c.pushed_at, e.c.push_result,
                   t.c.priority_value.label("remote_value"), t.c.date_modified.label("remote_modified"))
            .select_from(e.outerjoin(t, t.c.phid == e.c.task_phid)).order_by(e.c.id))
    if states:
        stmt = stmt.where(e.c.state.in_(states))
    return read_df(engine, stmt, parse_dates=["at", "based_on_modified", "pushed_at", "remote_modified"])


def audit_rows(engine: Engine, entity: str, limit: int = 200) -> pd.DataFrame:
    a = s.audit_log
    return read_df(engine, select(a.c.at, a.c.actor, a.c.entity_key, a.c.field, a.c.old_value, a.c.new_value,
                                 a.c.reason).where(a.c.entity == entity).order_by(a.c.id.desc()).limit(limit),
                  parse_dates=["at"])


def board_frames(engine: Engine) -> dict[str, pd.DataFrame]:
    """The shared reads lib.roadmap.build_board needs, by name."""
    return {"tasks": reads.tasks(engine), "edges": reads.task_edges(engine), "sprints": reads.sprints(engine),
            "columns": reads.board_columns(engine), "priorities": reads.priorities(engine),
            "statuses": reads.statuses(engine)}
