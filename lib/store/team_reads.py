"""Reads for the team page: the roster, roles and responsibilities, the DACI matrix, the board
column guide and the meeting rituals, all synced from the team wiki page."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from lib.store import reads
from lib.store import schema as s
from lib.store.reads import read_df


def daci(engine: Engine) -> pd.DataFrame:
    d = s.daci
    return read_df(engine, select(d.c.category, d.c.decision, d.c.role, d.c.assignment, d.c.position,
                                  d.c.role_position).order_by(d.c.position, d.c.role_position, d.c.role))


def responsibilities(engine: Engine) -> pd.DataFrame:
    r = s.role_responsibilities
    return read_df(engine, select(r.c.role, r.c.responsibility).order_by(r.c.role, r.c.position))


def column_guide(engine: Engine) -> pd.DataFrame:
    g = s.column_guide
    return read_df(engine, select(g.c.board, g.c.column_name, g.c.what, g.c.who_moves)
                   .order_by(g.c.board.desc(), g.c.position))


def meeting_rituals(engine: Engine) -> pd.DataFrame:
    m = s.meeting_rituals
    return read_df(engine, select(m.c.ritual, m.c.cadence, m.c.how, m.c.who, m.c.what).order_by(m.c.position))


def team_frames(engine: Engine) -> dict[str, pd.DataFrame]:
    return {"people": reads.people(engine), "responsibilities": responsibilities(engine), "daci": daci(engine),
            "columns": column_guide(engine), "rituals": meeting_rituals(engine)}
