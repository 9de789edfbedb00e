"""The demo store, built by the real sync through transports that answer from data/demo/.

One code path: the same `run_sync` that talks to Phabricator and the wiki runs here against the fake
Conduit and MediaWiki of lib/demo, whose clock is wound forward a week at a time over the last months,
so the store gets true per-sync history (burnups, walk-on work, what changed since last Monday).
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete

from lib.config import ROOT, Settings, load_settings
from lib.store import schema as s
from lib.store.engine import utcnow
from lib.store.reads import last_good_sync
from lib.sync.pipeline import RunResult, Transports, run_sync

DEMO_DIR = ROOT / "data" / "demo"
DEMO_WEEKS = 26
DEMO_URLS = {"PHABRICATOR_URL": "https://phabricator.demo.invalid", "WIKI_API_URL": "https://wiki.demo.invalid/w/api.php"}


def demo_settings(database_url: str, token: str, project: str, folder: Path = DEMO_DIR) -> Settings:
    """The configuration the demo runs under: fake hosts that only the demo transports answer, and
    the sprint cadence for the milestones that carry no date fields (as a real team would set it)."""
    meta = json.loads((folder / "conduit" / "meta.json").read_text())
    env = {"DATABASE_URL": database_url, "PHABRICATOR_TOKEN": token, "PHABRICATOR_PROJECT": project, **DEMO_URLS,
           "SPRINT_CADENCE_START": meta.get("sprint_cadence_start", ""),
           "SPRINT_LENGTH_DAYS": str(meta.get("sprint_length_days", 14))}
    return load_settings(env=env, secrets_path=Path("/nonexistent"))


def demo_sources(folder: Path = DEMO_DIR):
    """The fake servers, loaded from the demo files."""
    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.dataset import load_dataset
    from lib.demo.wiki_fake import WikiFake

    conduit = ConduitFake(load_dataset(folder / "conduit"))
    wiki = WikiFake.from_folder(folder / "wiki")
    return conduit, wiki


def sync_times(dataset_today: datetime, weeks: int = DEMO_WEEKS) -> list[datetime]:
    """Weekly Monday-morning syncs up to the dataset's day, then one at its end."""
    end = dataset_today
    monday = datetime.combine((end - timedelta(days=end.weekday())).date(), time(6, 0))
    times = [monday - timedelta(weeks=w) for w in range(weeks, -1, -1)]
    return [t for t in times if t < end] + [end]


def build_demo_store(engine: Engine, *, if_empty: bool = False, progress=lambda _m: None,
                     folder: Path = DEMO_DIR) -> RunResult | None:
    """Rebuild the synced tables from the demo data (local edits are kept). With `if_empty`, do
    nothing when the store already holds a good sync."""
    if if_empty and last_good_sync(engine) is not None:
        return None
    conduit, wiki = demo_sources(folder)
    settings = demo_settings(engine.url.render_as_string(hide_password=False), conduit.token, conduit.board_slug, folder)
    with engine.begin() as conn:
        for table in (*s.MIRROR_TABLES, s.task_snapshots, s.sync_runs):
            conn.execute(delete(table))
    transports = Transports(conduit=conduit.transport(), wiki=wiki.transport())
    today = datetime.fromtimestamp(conduit.today_epoch) if hasattr(conduit, "today_epoch") else utcnow()
    result = None
    times = sync_times(today)
    for number, when in enumerate(times, start=1):
        conduit.now = int((when - datetime(1970, 1, 1)).total_seconds())
        progress(f"demo: sync {number}/{len(times)} as of {when:%Y-%m-%d}")
        result = run_sync(engine, settings, transports=transports, now=when, kind="demo", started_by="demo")
        if result.outcome != "success":
            break
    return result
