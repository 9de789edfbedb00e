"""Reads for the consultation screen. SQLAlchemy Core selects on the schema's tables (so dates come back
as dates on SQLite and PostgreSQL alike); filters are bound parameters."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from lib.store import schema as s
from lib.store.reads import read_df



def consultation_page(engine: Engine) -> dict | None:
    """The synced consultation wiki page (title, revision), or None when it was never synced."""
    w = s.wiki_pages
    with engine.connect() as conn:
        row = conn.execute(select(w.c.title, w.c.revid, w.c.revision_timestamp, w.c.fetched_at)
                           .where(w.c.kind == "consultation")).mappings().first()
    return dict(row) if row else None


def phases(engine: Engine) -> pd.DataFrame:
    p = s.consultation_phases
    return read_df(engine, select(p.c.position, p.c.name, p.c.objectives).order_by(p.c.position))


def steps(engine: Engine) -> pd.DataFrame:
    t = s.consultation_steps
    return read_df(engine, select(t.c.position, t.c.phase, t.c.activity, t.c.status, t.c.status_date,
                                 t.c.status_text).order_by(t.c.position))


def stakeholder_groups(engine: Engine) -> pd.DataFrame:
    g = s.stakeholder_groups
    return read_df(engine, select(g.c.name, g.c.position).order_by(g.c.position))


def channels(engine: Engine) -> pd.DataFrame:
    c = s.consultation_channels
    return read_df(engine, select(c.c.name, c.c.position).order_by(c.c.position))


def roles(engine: Engine) -> pd.DataFrame:
    r = s.consultation_roles
    return read_df(engine, select(r.c.team, r.c.role, r.c.task, r.c.names, r.c.position)
                  .order_by(r.c.team, r.c.position))


def feedback(engine: Engine) -> pd.DataFrame:
    """The feedback log, newest received first."""
    f = s.feedback
    return read_df(engine, select(f.c.id, f.c.received_on, f.c.stakeholder_group, f.c.channel, f.c.step,
                                 f.c.theme, f.c.text, f.c.actor, f.c.at)
                  .order_by(f.c.received_on.desc(), f.c.id.desc()))


def theme_links(engine: Engine) -> pd.DataFrame:
    """Theme -> goal/epic links with a readable label for the target ('(removed)' when a sync dropped
    it: links are local and outlive the mirror)."""
    link, g, t = s.theme_links, s.goals, s.tasks
    with engine.connect() as conn:
        rows = conn.execute(select(link.c.theme, link.c.target_kind, link.c.target_key, link.c.actor,
                                   link.c.at).order_by(link.c.theme, link.c.target_kind, link.c.target_key)
                            ).mappings().all()
        goal_keys = [r["target_key"] for r in rows if r["target_kind"] == "goal"]
        epic_keys = [r["target_key"] for r in rows if r["target_kind"] == "epic"]
        goal_names = {k: f"{q} {p}: {title}" for k, q, p, title in conn.execute(
            select(g.c.goal_key, g.c.quarter, g.c.program, g.c.title).where(g.c.goal_key.in_(goal_keys)))}
        epic_names = {k: f"T{i} {title}" for k, i, title in conn.execute(
            select(t.c.phid, t.c.id, t.c.title).where(t.c.phid.in_(epic_keys)))}
    cols = ["theme", "target_kind", "target_key", "target_label", "actor", "at"]
    out = []
    for r in rows:
        names = goal_names if r["target_kind"] == "goal" else epic_names
        out.append({**dict(r), "target_label": names.get(r["target_key"], "(removed from the store)")})
    return pd.DataFrame(out, columns=cols)


def goal_options(engine: Engine) -> pd.DataFrame:
    """Goals a theme can link to: key and a label."""
    g = s.goals
    return read_df(engine, select(g.c.goal_key, g.c.quarter, g.c.program, g.c.title)
                  .order_by(g.c.quarter, g.c.program, g.c.position, g.c.id))


def epic_options(engine: Engine) -> pd.DataFrame:
    """Epics a theme can link to (open ones first)."""
    t = s.tasks
    return read_df(engine, select(t.c.phid, t.c.id, t.c.title, t.c.is_closed)
                  .where(t.c.is_epic == True).order_by(t.c.is_closed, t.c.id))  # noqa: E712


# --- inside a write transaction (used by lib.consultation_edits) ---------------------------------


def vocabulary(conn: Connection) -> dict[str, list[str]]:
    """Groups, channels, step activities and themes in use, as the store holds them right now."""
    return {
        "groups": list(conn.execute(select(s.stakeholder_groups.c.name)
                                    .order_by(s.stakeholder_groups.c.position)).scalars()),
        "channels": list(conn.execute(select(s.consultation_channels.c.name)
                                      .order_by(s.consultation_channels.c.position)).scalars()),
        "steps": list(conn.execute(select(s.consultation_steps.c.activity)
                                   .order_by(s.consultation_steps.c.position)).scalars()),
        "themes": list(conn.execute(select(s.feedback.c.theme).distinct()).scalars()),
    }


def fingerprints(conn: Connection) -> set[str]:
    return set(conn.execute(select(s.feedback.c.fingerprint)).scalars())
