"""Reads for the goals and executive screens. SQLAlchemy Core selects on the schema's tables, so dates
come back as dates and booleans as booleans on SQLite and PostgreSQL alike; filters are bound."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from lib.stages import RESOLVED, SEEN
from lib.store import schema as s
from lib.store.reads import read_df



def quarters(engine: Engine) -> list[str]:
    """Every quarter that has goals or a timeline (unordered: lib.goals.sorted_quarters orders them)."""
    with engine.connect() as conn:
        found = set(conn.execute(select(s.goals.c.quarter).distinct()).scalars())
        found |= set(conn.execute(select(s.timeline.c.quarter).distinct()).scalars())
    return sorted(q for q in found if q)


def goals(engine: Engine, quarter: str) -> pd.DataFrame:
    """The quarter's goals as synced from the wiki, in page order."""
    g = s.goals
    return read_df(engine, select(
        g.c.goal_key, g.c.quarter, g.c.program, g.c.title, g.c.owner, g.c.stage, g.c.outcome,
        g.c.dependencies, g.c.dependencies_confirmed, g.c.results, g.c.deployment_dates, g.c.position,
    ).where(g.c.quarter == quarter).order_by(g.c.program, g.c.position, g.c.id))


def stage_edits(engine: Engine, quarter: str) -> pd.DataFrame:
    """Local stage edits of the quarter's goals, oldest first."""
    e, g = s.goal_stage_edits, s.goals
    return read_df(engine, select(
        e.c.id, e.c.goal_key, e.c.old_stage, e.c.new_stage, e.c.based_on_revid, e.c.actor, e.c.at, e.c.state,
    ).where(e.c.goal_key.in_(select(g.c.goal_key).where(g.c.quarter == quarter))).order_by(e.c.id))


def orphaned_stage_edits(engine: Engine) -> pd.DataFrame:
    """Local stage changes whose goal is no longer on the wiki page under the same wording (reworded,
    moved or removed there): kept, and shown, so no editor's decision disappears silently (one the wiki
    showed before is no longer anyone's to make)."""
    e, g = s.goal_stage_edits, s.goals
    latest = select(func.max(e.c.id)).group_by(e.c.goal_key).scalar_subquery()
    return read_df(engine, select(
        e.c.goal_key, e.c.old_stage, e.c.new_stage, e.c.actor, e.c.at,
    ).where(e.c.id.in_(latest), e.c.state.not_in([RESOLVED, SEEN]), e.c.goal_key.not_in(select(g.c.goal_key)))
        .order_by(e.c.at.desc()))


def programs(engine: Engine) -> pd.DataFrame:
    p = s.programs
    return read_df(engine, select(p.c.code, p.c.name, p.c.owners, p.c.group_name).order_by(p.c.code))


def timeline(engine: Engine, quarter: str) -> pd.DataFrame:
    """The quarter's planning timeline, in page order."""
    t = s.timeline
    return read_df(engine, select(
        t.c.position, t.c.dates_text, t.c.start_date, t.c.end_date, t.c.who, t.c.activity, t.c.deliverable,
        t.c.deadline_text, t.c.deadline, t.c.done,
    ).where(t.c.quarter == quarter).order_by(t.c.position))


def no_deploy_weeks(engine: Engine, quarter: str) -> pd.DataFrame:
    w = s.no_deploy_weeks
    return read_df(engine, select(w.c.week_start, w.c.reason).where(w.c.quarter == quarter)
                  .order_by(w.c.week_start))


def goals_revid(engine: Engine) -> int | None:
    """The revision of the goals wiki page the goals were synced from (None before any sync)."""
    with engine.connect() as conn:
        return conn.execute(select(s.wiki_pages.c.revid).where(s.wiki_pages.c.kind == "goals")).scalar()


def stage_audit(engine: Engine, quarter: str, limit: int = 50) -> pd.DataFrame:
    """The latest audited stage changes and conflict resolutions of the quarter's goals, newest first,
    each named by its program and title as the page shows them (not by its internal key)."""
    a, g = s.audit_log, s.goals
    return read_df(engine, select(
        a.c.at, a.c.actor, g.c.program, g.c.title.label("goal"), a.c.field, a.c.old_value, a.c.new_value, a.c.reason,
    ).join(g, g.c.goal_key == a.c.entity_key).where(a.c.entity == "goal", g.c.quarter == quarter)
        .order_by(a.c.id.desc()).limit(limit))


def quarter_data(engine: Engine, quarter: str) -> dict[str, pd.DataFrame]:
    """Everything the goals screens need about one quarter, read together: goals, stage_edits,
    timeline, no_deploy_weeks, programs."""
    return {
        "goals": goals(engine, quarter),
        "stage_edits": stage_edits(engine, quarter),
        "timeline": timeline(engine, quarter),
        "no_deploy_weeks": no_deploy_weeks(engine, quarter),
        "programs": programs(engine),
    }
