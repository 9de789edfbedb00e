"""Command line: `python -m lib.sync` syncs from the configured servers; `--demo` rebuilds the demo store.

Progress goes to stderr as it happens; the last line is a one-line summary. Exit status 0 on
success, 1 when the run failed (the store keeps its last good data), 2 on a configuration error or
a store that cannot be opened.
"""

from __future__ import annotations

import argparse
import sys

from lib.config import ConfigError, load_settings
from lib.store.engine import STORE_ERRORS, cannot_open, make_engine
from lib.store.migrate import upgrade
from lib.sync.pipeline import SyncBusy, run_sync


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.sync", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="full reconciling run (tasks that left the board are marked)")
    mode.add_argument("--incremental", action="store_true", help="only what changed since the last good run")
    mode.add_argument("--demo", action="store_true", help="rebuild the store from the embedded demo data (no network)")
    parser.add_argument("--if-empty", action="store_true", help="with --demo: only when the store has no good run yet")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"  {message}", file=sys.stderr, flush=True)

    try:
        settings = load_settings()
        try:
            engine = make_engine(settings.database_url)
            upgrade(engine)
        except STORE_ERRORS as exc:  # a server that is down, a folder the file cannot be made in, a newer store
            print(cannot_open(exc, settings.database_url), file=sys.stderr)
            return 2
        if args.demo:
            from lib.sync.demo import build_demo_store

            result = build_demo_store(engine, if_empty=args.if_empty, progress=progress)
            if result is None:
                print("the store already holds synced data: left as it is (no demo built)")
                return 0
        else:
            full = True if args.full else (False if args.incremental else None)
            result = run_sync(engine, settings, full=full, progress=progress)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except SyncBusy as exc:  # another run (a cron overlap, the app's button) holds the store
        print(f"sync not started: {exc}; the data stays as that run leaves it", file=sys.stderr)
        return 1
    print(result.summary())
    return 0 if result.outcome == "success" else 1


if __name__ == "__main__":
    sys.exit(main())
