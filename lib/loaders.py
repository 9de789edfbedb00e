"""Cached loaders shared by pages that show the same data (roadmap and meeting; goals and the
executive view), so each is computed once per sync for every session, not once per page.

Every cache of synced data is keyed by the sync run (`run_key`): a run from the command line or a
schedule shows on every screen at once, not when a timer runs out (local edits clear the caches)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from lib import goals as goal_rules
from lib import roadmap as rm
from lib import ui
from lib.store import goals_reads, reads, roadmap_reads, team_reads


def run_key(engine: Engine) -> tuple:
    """Changes with every sync run: the cache key of everything derived from the mirror."""
    last = reads.last_run(engine)
    return (last["id"], last["outcome"], str(last["finished_at"])) if last else (None,)


@st.cache_resource(show_spinner=False, max_entries=2)
def load_board(database_url: str, run_key: tuple) -> rm.Board:
    """Everything the roadmap screens derive from the mirror, once per sync run; shared by every
    session and never changed in place (cache_resource: no copy per run)."""
    return rm.build_board(**roadmap_reads.board_frames(ui.engine()))


def board_or_stop(engine: Engine, database_url: str, fills: str) -> tuple[rm.Board, tuple]:
    """The board of the last sync and its run key; with no task yet, say so and stop the page."""
    key = run_key(engine)
    board = load_board(database_url, key)
    if board.tasks.empty:
        st.info(f"No tasks in the store yet: {fills} fills after the first successful sync of the board "
                "(see **Sync & status**).")
        st.stop()
    return board, key


@st.cache_resource(show_spinner=False, max_entries=8)
def load_changes(database_url: str, run_key: tuple, since: datetime) -> pd.DataFrame:
    """What changed since `since`, with the task's name and owner, once per (sync run, cut-off)."""
    board = load_board(database_url, run_key)
    changes = rm.changes_since(*roadmap_reads.snapshots_around(ui.engine(), since), board.column_names,
                               board.priority_names)
    info = board.tasks.set_index("phid")
    owners = rm.owner_labels(board.tasks).set_axis(board.tasks["phid"])  # "Ann (account disabled)", as the meeting says
    return changes.assign(task=changes["task_phid"].map(rm.task_label(info["id"], info["title"])),
                          owner=changes["task_phid"].map(owners))


@st.cache_data(ttl=300, show_spinner=False)
def load_quarters(database_url: str, run_key: tuple) -> list[str]:
    """Quarters in the store, newest first."""
    return goal_rules.sorted_quarters(goals_reads.quarters(ui.engine()))[::-1]


@st.cache_data(ttl=300, show_spinner=False)
def load_quarter(database_url: str, run_key: tuple, quarter: str) -> dict[str, pd.DataFrame]:
    return goals_reads.quarter_data(ui.engine(), quarter)


@st.cache_data(ttl=300, show_spinner=False)
def load_meeting_rituals(database_url: str, run_key: tuple) -> pd.DataFrame:
    """The team page's meetings ("Ritual | How | Who | What | When"): the leads meeting's day and time."""
    return team_reads.meeting_rituals(ui.engine())


@st.cache_data(ttl=300, show_spinner=False)
def load_column_guide(database_url: str, run_key: tuple) -> pd.DataFrame:
    """The team page's guide to the board columns (what each is for, who moves tasks there)."""
    return team_reads.column_guide(ui.engine())
