"""The demo store, built by the real sync through transports that answer from data/demo/.

One code path: the same `run_sync` that talks to Phabricator and the wiki runs here against the fake
Conduit and MediaWiki of lib/demo, whose clock is wound forward a week at a time over the last months,
so the store gets true per-sync history (burnups, walk-on work, what changed since last Monday).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, func, select

from lib.auth import EDITOR, Viewer
from lib.config import ROOT, Settings, load_settings
from lib.consultation_edits import import_feedback_csv
from lib.store import schema as s
from lib.store.engine import utcnow
from lib.store.reads import last_good_sync
from lib.store.writes import clear_synced
from lib.sync.pipeline import DEMO_ACTOR, DEMO_FEEDBACK_SOURCE, RunResult, Transports, refuse_while_running, run_sync

DEMO_DIR = ROOT / "data" / "demo"
DEMO_WEEKS = 26
DEMO_URLS = {"PHABRICATOR_URL": "https://phabricator.demo.invalid", "WIKI_API_URL": "https://wiki.demo.invalid/w/api.php"}


def demo_settings(database_url: str, token: str, project: str, folder: Path = DEMO_DIR,
                  meta: dict | None = None) -> Settings:
    """The configuration the demo runs under: fake hosts that only the demo transports answer, and
    the sprint cadence for the milestones that carry no date fields (as a real team would set it)."""
    meta = meta if meta is not None else json.loads((folder / "conduit" / "meta.json").read_text())
    env = {"DATABASE_URL": database_url, "PHABRICATOR_TOKEN": token, "PHABRICATOR_PROJECT": project, **DEMO_URLS,
           "SPRINT_CADENCE_START": meta.get("sprint_cadence_start") or "",
           "SPRINT_LENGTH_DAYS": str(meta.get("sprint_length_days", 14))}
    return load_settings(env=env, secrets_path=Path("/nonexistent"))


EPOCH_KEYS = {"date", "dateCreated", "dateModified", "dateClosed", "archivedAt", "sprint.start", "sprint.end",
              "today_epoch"}
ISO_DATE_KEYS = {"today", "sprint_cadence_start"}


def shift_dataset(node, days: int):
    """The demo board with every date moved by `days`, so a demo opened months later still has a
    current sprint. Whole weeks keep Monday planning on Mondays."""
    if isinstance(node, list):
        return [shift_dataset(v, days) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in EPOCH_KEYS and isinstance(value, int) and not isinstance(value, bool):
            out[key] = value + days * 86400
        elif key in ISO_DATE_KEYS and isinstance(value, str) and value:
            out[key] = (date.fromisoformat(value) + timedelta(days=days)).isoformat()
        else:
            out[key] = shift_dataset(value, days)
    return out


def weeks_forward(dataset_today: date, today: date) -> int:
    """Whole weeks that move the demo's own day to `today` or at most six days past it: the demo is
    then read up to today (see build_demo_store), never a stale week behind it."""
    return max(0, -(-(today - dataset_today).days // 7))


def demo_sources(folder: Path = DEMO_DIR, today: date | None = None):
    """The fake servers, loaded from the demo files, the board moved forward by whole weeks when
    `today` is later than the demo's own day (whole weeks keep Monday planning on Mondays)."""
    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.dataset import load_dataset
    from lib.demo.wiki_fake import WikiFake

    dataset = load_dataset(folder / "conduit")
    own_day = date.fromisoformat(dataset["meta"]["today"])
    weeks = weeks_forward(own_day, today or utcnow().date())
    if weeks:
        dataset = shift_dataset(dataset, 7 * weeks)
    conduit = ConduitFake(dataset)
    wiki = WikiFake.from_folder(folder / "wiki")
    return conduit, wiki, dataset["meta"]


def sync_times(dataset_today: datetime, weeks: int = DEMO_WEEKS) -> list[datetime]:
    """Weekly Monday-morning syncs up to the dataset's day, then one at its end."""
    end = dataset_today
    monday = datetime.combine((end - timedelta(days=end.weekday())).date(), time(6, 0))
    times = [monday - timedelta(weeks=w) for w in range(weeks, -1, -1)]
    return [t for t in times if t < end] + [end]


def build_demo_store(engine: Engine, *, if_empty: bool = False, progress=lambda _m: None,
                     folder: Path = DEMO_DIR, today: date | None = None) -> RunResult | None:
    """Rebuild the synced tables from the demo data (local edits are kept), read as of now (or the end
    of `today`): the demo's last days past that moment are still to come, as on a real board. With
    `if_empty`, do nothing when the store already holds a good sync. Raises SyncBusy while another run
    is going."""
    if if_empty and last_good_sync(engine) is not None:
        return None
    conduit, wiki, meta = demo_sources(folder, today)
    settings = demo_settings(engine.url.render_as_string(hide_password=False), conduit.token, conduit.board_slug,
                             meta=meta)
    with engine.begin() as conn:
        # Emptying the tables under a run that is still going would interleave the two.
        refuse_while_running(conn, utcnow())
        clear_synced(conn)
        conn.execute(delete(s.sync_runs))
    transports = Transports(conduit=conduit.transport(), wiki=wiki.transport())
    result = None
    moment = utcnow() if today is None else datetime.combine(today, time(23, 59, 59))
    times = sync_times(min(datetime(1970, 1, 1) + timedelta(seconds=meta["today_epoch"]), moment))
    for number, when in enumerate(times, start=1):
        conduit.now = int((when - datetime(1970, 1, 1)).total_seconds())
        progress(f"demo: sync {number}/{len(times)} as of {when:%Y-%m-%d}")
        result = run_sync(engine, settings, transports=transports, now=when, kind="demo", started_by="demo")
        if result.outcome != "success":
            break
    else:
        add_demo_feedback(engine, folder, times[-1].date(), progress)
    return result


def add_demo_feedback(engine: Engine, folder: Path, today: date, progress=lambda _m: None) -> None:
    """Give the consultation screen feedback to show: `feedback.csv` goes in through the screen's own CSV
    import (validated, audited as "demo"), only into a store that holds no feedback yet. Feedback is
    local data, never synced: a rebuild keeps what is there."""
    path = folder / "feedback.csv"
    with engine.connect() as conn:
        has_feedback = conn.execute(select(func.count()).select_from(s.feedback)).scalar()
    if has_feedback or not path.exists():
        return
    report = import_feedback_csv(engine, path.read_bytes(), viewer=Viewer(DEMO_ACTOR, EDITOR, False, open_mode=False),
                                 today=today, source=DEMO_FEEDBACK_SOURCE)
    if not report.ok:  # the demo works without it; say why it is missing (tests/test_demo.py guards the file)
        progress(f"demo: feedback.csv not imported: {report.file_error or report.problems}")
