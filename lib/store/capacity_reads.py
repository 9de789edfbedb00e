"""Reads for the capacity screen: only the columns its calculations need, so the page stays fast on a
board of tens of thousands of tasks. SQLAlchemy Core selects, portable to SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from lib.store import schema as s
from lib.store.reads import read_df



def capacity_tasks(engine: Engine) -> pd.DataFrame:
    """Every task on the board with what capacity, health and forecasts read."""
    t = s.tasks
    df = read_df(engine, select(
        t.c.phid, t.c.id, t.c.title, t.c.status, t.c.is_closed, t.c.points, t.c.owner_phid, t.c.sprint_phid, t.c.is_epic,
        t.c.date_created, t.c.date_closed,
    ).where(t.c.on_board.is_(True)).order_by(t.c.id), parse_dates=["date_created", "date_closed"])
    df["is_closed"] = df["is_closed"].astype(bool)
    df["is_epic"] = df["is_epic"].astype(bool)
    df["points"] = pd.to_numeric(df["points"], errors="coerce").astype(float)
    return df


def sprint_snapshots(engine: Engine) -> pd.DataFrame:
    """The history of every task that was ever in a sprint (the only tasks sprint health looks at)."""
    h = s.task_snapshots
    in_sprint = select(h.c.task_phid).where(h.c.sprint_phid.is_not(None)).distinct()
    df = read_df(engine, select(
        h.c.task_phid, h.c.observed_at, h.c.sprint_phid, h.c.points, h.c.status, h.c.is_closed, h.c.owner_phid,
        h.c.on_board,
    ).where(h.c.task_phid.in_(in_sprint)).order_by(h.c.task_phid, h.c.observed_at, h.c.id),
        parse_dates=["observed_at"])
    df["points"] = pd.to_numeric(df["points"], errors="coerce").astype(float)
    return df


def task_dates(engine: Engine) -> pd.DataFrame:
    """When every task was made and closed, and whether it is an epic, those that left the board
    included: their history in a sprint is dated (and epics left out) by these too."""
    t = s.tasks
    return read_df(engine, select(t.c.phid, t.c.is_epic, t.c.date_created, t.c.date_closed),
                   parse_dates=["date_created", "date_closed"])


def task_edges(engine: Engine) -> pd.DataFrame:
    """Parent -> subtask links (epics and their subtasks)."""
    e = s.task_edges
    return read_df(engine, select(e.c.parent_phid, e.c.child_phid))


def users(engine: Engine) -> pd.DataFrame:
    """Accounts with their roles (a bot, a mailing list or a disabled account has no capacity)."""
    u = s.users
    return read_df(engine, select(u.c.phid, u.c.username, u.c.real_name, u.c.roles))


def roster(engine: Engine) -> pd.DataFrame:
    """Team members (name, role, user_phid) in roster order."""
    m = s.team_members
    return read_df(engine, select(m.c.name, m.c.role, m.c.user_phid).order_by(m.c.position))


def availability(engine: Engine, sprint_phid: str | None = None) -> pd.DataFrame:
    """Availability entered by the leads: all sprints, or one."""
    a = s.availability
    stmt = select(a.c.sprint_phid, a.c.person, a.c.days_off, a.c.share, a.c.buffer, a.c.actor, a.c.at)
    if sprint_phid is not None:
        stmt = stmt.where(a.c.sprint_phid == sprint_phid)
    df = read_df(engine, stmt.order_by(a.c.sprint_phid, a.c.person), parse_dates=["at"])
    for col in ("days_off", "share", "buffer"):
        df[col] = pd.to_numeric(df[col]).astype(float)
    return df


def forecasts(engine: Engine) -> pd.DataFrame:
    """Every stored epic forecast, newest first."""
    f = s.forecasts
    return read_df(engine, select(
        f.c.id, f.c.made_at, f.c.epic_phid, f.c.remaining_points, f.c.p50_date, f.c.p85_date, f.c.method,
    ).order_by(f.c.made_at.desc(), f.c.id.desc()), parse_dates=["made_at"])


def availability_audit(engine: Engine, limit: int = 200) -> pd.DataFrame:
    """Recent availability edits from the audit log, newest first."""
    a = s.audit_log
    return read_df(engine, select(a.c.at, a.c.actor, a.c.entity_key, a.c.field, a.c.old_value, a.c.new_value,
                                 a.c.reason)
                  .where(a.c.entity == "availability").order_by(a.c.id.desc()).limit(limit), parse_dates=["at"])
