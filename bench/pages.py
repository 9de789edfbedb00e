"""Page benchmark: the time of one full script run of every page (Streamlit's AppTest runtime), on
the demo store and on a store synced from a synthetic board of 20,000 tasks. Printed, not asserted;
the last line is one JSON object {page: {"demo_s": .., "large_s": .., "demo_first_s": .., "large_first_s": ..}}
(`*_first_s`: the first run with empty caches, as after a sync). Goal: under 0.5 s per run at 20,000 tasks.

    python bench/pages.py [--tasks 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from lib.store.engine import make_engine  # noqa: E402
from lib.store.migrate import upgrade  # noqa: E402
from lib.sync.demo import DEMO_DIR, build_demo_store, demo_settings  # noqa: E402
from lib.sync.pipeline import Transports, run_sync  # noqa: E402

PAGES = ["roadmap", "meeting", "capacity", "team", "goals", "executive", "consultation", "sync"]


def large_store(url: str, n_tasks: int) -> None:
    """A store synced (by the real pipeline, in-process transports) from a synthetic board."""
    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.dataset import synthetic_dataset
    from lib.demo.wiki_fake import WikiFake

    conduit = ConduitFake(synthetic_dataset(n_tasks))
    wiki = WikiFake.from_folder(DEMO_DIR / "wiki")
    engine = make_engine(url)
    upgrade(engine)
    settings = demo_settings(url, conduit.token, conduit.board_slug)
    result = run_sync(engine, settings, full=True, transports=Transports(conduit.transport(), wiki.transport()))
    if result.outcome != "success":
        raise SystemExit(f"could not build the large store: {result.error}")
    engine.dispose()


def demo_store(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    build_demo_store(engine)
    engine.dispose()


def time_page(url: str, page: str, runs: int) -> tuple[float, float]:
    """(first run with empty caches, as after a sync; median of the runs after it, as in a live session)."""
    os.environ["DATABASE_URL"] = url
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=120)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"{page} raised: {at.exception[0].value}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"demo_s": f"sqlite:///{tmp}/demo.sqlite", "large_s": f"sqlite:///{tmp}/large.sqlite"}
        demo_store(stores["demo_s"])
        large_store(stores["large_s"], args.tasks)
        for size, url in stores.items():
            for page in PAGES:
                first, seconds = time_page(url, page, args.runs)
                figures.setdefault(page, {})[size] = round(seconds, 3)
                figures[page][size.replace("_s", "_first_s")] = round(first, 3)
                print(f"{page:>13} {size[:-2]:>5}: {seconds:.3f} s (first run after a sync {first:.3f} s)",
                      file=sys.stderr)
    print(json.dumps({"tasks": args.tasks, "pages": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
