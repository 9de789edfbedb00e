"""Read functions shared by every screen. Each returns a pandas DataFrame; filters are bound
parameters, never formatted into SQL. Screen-specific reads live beside these, one module per area."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, Executable, text


def read_df(engine: Engine, query: str | Executable, params: dict | None = None, parse_dates=None) -> pd.DataFrame:
    """Run one SELECT (SQL text, or a SQLAlchemy Core select) and return its rows as a DataFrame."""
    with engine.connect() as conn:
        result = conn.execute(text(query) if isinstance(query, str) else query, params or {})
        # Plain tuples: building a frame from Row objects is several times slower at 20,000 rows.
        df = pd.DataFrame([tuple(r) for r in result.fetchall()], columns=list(result.keys()))
    for col in parse_dates or ():
        df[col] = pd.to_datetime(df[col])
    return df


def sync_runs(engine: Engine, limit: int = 50) -> pd.DataFrame:
    return read_df(
        engine,
        "SELECT id, kind, started_by, started_at, finished_at, outcome, error, requests, counts "
        "FROM sync_runs ORDER BY id DESC LIMIT :limit",
        {"limit": limit},
        parse_dates=["started_at", "finished_at"],
    )


def last_good_sync(engine: Engine, *, whole: bool = False) -> datetime | None:
    """When the data on screen was last refreshed successfully (None: never); with `whole`, by a run
    that read everything it asked for, the wiki too (a successful run's `error` says what it did not)."""
    df = read_df(engine, "SELECT MAX(finished_at) AS t FROM sync_runs WHERE outcome = 'success'"
                 + (" AND error IS NULL" if whole else ""))
    value = df["t"].iloc[0] if len(df) else None
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def holds_demo(engine: Engine) -> bool:
    """Does the store hold the demo (its last good run built it)? A real run that failed since leaves it."""
    df = read_df(engine, "SELECT kind FROM sync_runs WHERE outcome = 'success' ORDER BY id DESC LIMIT 1")
    return bool(len(df)) and df["kind"].iloc[0] == "demo"


def run_counts(raw) -> dict | None:
    """A stored run's counts (JSON): {} when it stored none (a failed run: NULL, read as None or NaN),
    None when the text is not a JSON object."""
    if not isinstance(raw, (str, bytes)) or not raw:
        return {}
    try:
        counts = json.loads(raw)
    except ValueError:
        return None
    return counts if isinstance(counts, dict) else None


def counts_text(raw) -> str:
    """A stored run's counts (JSON) as one line for the runs table: "tasks: 350, tasks left: 2". A failed
    or interrupted run stored none (NULL, read as None or NaN); text that is not a JSON object reads as is."""
    counts = run_counts(raw)
    if counts is None:
        return str(raw)
    return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items() if not isinstance(v, (list, dict)))


def wiki_freshness(unread: list[str], whole: datetime | None) -> str:
    """What is current when the last run read the board but not all of the wiki (`unread`: the kinds of
    the pages it did not read, or "wiki" for none of them), and since when the rest is (`whole`: the last
    run that read everything): "The board and the other pages are current; the goals page's data on
    screen is from the sync of 2026-11-30 09:00 UTC." """
    if "wiki" in unread or not unread:
        current, whose = "The board is current", "the wiki's data"
    else:
        pages = unread[0] if len(unread) == 1 else f"{', '.join(unread[:-1])} and {unread[-1]}"
        current, whose = ("The board and the other pages are current",
                          f"the {pages} pages' data" if len(unread) > 1 else f"the {pages} page's data")
    since = f"{whose} on screen is from the sync of {whole:%Y-%m-%d %H:%M} UTC" if whole else \
        "no sync has read all of the wiki yet"
    return f"{current}; {since}."


def running_sync(engine: Engine, started_after: datetime) -> dict | None:
    """The run going on now, if any (one marked running before `started_after` was interrupted: the
    next run records it as failed)."""
    df = read_df(engine, "SELECT id, started_by, started_at FROM sync_runs WHERE outcome = 'running' "
                 "AND started_at > :after ORDER BY id DESC", {"after": started_after}, parse_dates=["started_at"])
    return None if df.empty else df.iloc[0].to_dict()


def last_run(engine: Engine) -> dict | None:
    df = sync_runs(engine, limit=1)
    return None if df.empty else df.iloc[0].to_dict()


def sprints(engine: Engine) -> pd.DataFrame:
    """Sprint milestones of the board, oldest first, with their dates."""
    return read_df(
        engine,
        "SELECT phid, id, name, milestone, status, start_date, end_date, dates_from FROM projects "
        "WHERE milestone IS NOT NULL ORDER BY milestone",
        parse_dates=["start_date", "end_date"],
    )


def people(engine: Engine) -> pd.DataFrame:
    """Team members from the roster, with their Phabricator account when one matched."""
    return read_df(
        engine,
        "SELECT m.name, m.role, m.position, u.phid AS user_phid, u.username "
        "FROM team_members m LEFT JOIN users u ON u.phid = m.user_phid ORDER BY m.position",
    )


def tasks(engine: Engine) -> pd.DataFrame:
    """Tasks on the board with the names a person reads: owner, column, sprint."""
    return read_df(
        engine,
        "SELECT t.id, t.phid, t.title, t.status, t.status_name, t.is_closed, t.priority_value, "
        "t.priority_name, t.points, t.owner_phid, COALESCE(o.real_name, o.username) AS owner, "
        "o.username AS owner_username, o.roles AS owner_roles, t.author_phid, t.subtype, t.is_epic, "
        "t.sprint_phid, s.name AS sprint, t.column_phid, c.name AS column_name, t.sprint_column_phid, sc.name AS sprint_column, "
        "t.date_created, t.date_modified, t.date_closed "
        "FROM tasks t LEFT JOIN users o ON o.phid = t.owner_phid "
        "LEFT JOIN projects s ON s.phid = t.sprint_phid "
        "LEFT JOIN board_columns c ON c.phid = t.column_phid LEFT JOIN board_columns sc ON sc.phid = t.sprint_column_phid "
        "WHERE t.on_board = :on_board ORDER BY t.id",
        {"on_board": True},
        parse_dates=["date_created", "date_modified", "date_closed"],
    )


def task_edges(engine: Engine) -> pd.DataFrame:
    return read_df(engine, "SELECT parent_phid, child_phid FROM task_edges")


def task_snapshots(engine: Engine, since: datetime | None = None) -> pd.DataFrame:
    """The per-sync history: one row each time a task's tracked state changed (and its first sighting)."""
    return read_df(
        engine,
        "SELECT run_id, observed_at, task_phid, status, is_closed, priority_value, priority_name, points, "
        "owner_phid, column_phid, sprint_phid, on_board FROM task_snapshots "
        "WHERE observed_at >= :since ORDER BY task_phid, observed_at, id",
        {"since": since or datetime(1970, 1, 1)},
        parse_dates=["observed_at"],
    )


def priorities(engine: Engine) -> pd.DataFrame:
    return read_df(engine, "SELECT value, name, short, color, keyword FROM priorities ORDER BY value DESC")


def statuses(engine: Engine) -> pd.DataFrame:
    """The server's task statuses; lib.statuses tells the closed ones that drop a task from done ones."""
    return read_df(engine, "SELECT value, name, is_closed, special FROM statuses ORDER BY value")


def board_columns(engine: Engine) -> pd.DataFrame:
    return read_df(
        engine,
        "SELECT c.phid, c.id, c.name, c.project_phid, p.name AS project, p.milestone, c.proxy_phid, c.sequence, "
        "c.is_hidden FROM board_columns c JOIN projects p ON p.phid = c.project_phid "
        "ORDER BY p.milestone IS NOT NULL, p.milestone, c.sequence, c.id",
    )


def wiki_pages(engine: Engine) -> pd.DataFrame:
    return read_df(engine, "SELECT kind, title, revid, revision_timestamp, fetched_at FROM wiki_pages")
