"""Sync benchmark: a synthetic board of 20,000 tasks behind the fake Conduit server (real loopback
HTTP, in its own process, with a fixed per-request latency), one full and one incremental sync into
a fresh SQLite store. Prints its figures; the last line is one JSON object.

    python bench/run.py --quick        # under two minutes
    python bench/run.py --tasks 5000 --latency 0.02

Goals: requests == min_requests for both runs, full sync within 1.2 x min_requests x latency,
peak memory under 250 MB. Nothing here asserts them: they are printed to be read. `other_cpu_s` is
the CPU time the rest of the host used during the full sync: on a 2-core VM a run beside other work
reads slower than the code is (a note on stderr says so).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from lib.config import load_settings  # noqa: E402
from lib.store import schema as s  # noqa: E402
from lib.store.engine import make_engine  # noqa: E402
from lib.store.migrate import upgrade  # noqa: E402
from lib.sync.pipeline import Transports, run_sync  # noqa: E402

CHANGED_SHARE = 0.01


def _server_process(n_tasks: int, latency: float, conn) -> None:
    """The fake servers live in their own process so their work never competes with the client's."""
    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.dataset import synthetic_dataset
    from lib.demo.wiki_fake import WikiFake
    from tests.fakes.http_servers import serve_conduit, serve_wiki

    fake = ConduitFake(synthetic_dataset(n_tasks))

    def warm() -> None:
        """Build the fake's indexes (and its attachment caches) before the clock starts: the
        benchmark measures the client, not the fake's first-call set-up."""
        fake.handle("maniphest.search", {"limit": 1, "constraints": {"projects": [fake.board_phid]},
                                         "attachments": {"columns": True, "projects": True}, "order": "newest"},
                    fake.token)

    warm()
    # The dataset is millions of objects: a full garbage collection of them stalls an answer by
    # ~100 ms now and then, a pause of the fake, not of the client. Freeze them out of the GC.
    gc.freeze()
    conduit = serve_conduit(fake, latency=latency)
    wiki = serve_wiki(WikiFake.from_folder(ROOT / "data" / "demo" / "wiki"), latency=latency)
    conn.send({"conduit": conduit.url, "wiki": wiki.url, "token": fake.token, "slug": fake.board_slug})
    while True:
        command, arg = conn.recv()
        if command == "touch":
            fake.touch(arg, priority=100)
            warm()  # the touched tasks' new state, worked out before the incremental run asks
            conn.send("ok")
        elif command == "stop":
            conduit.close()
            wiki.close()
            conn.send("ok")
            return


def _host_busy_s() -> float | None:
    """CPU seconds the whole host has been busy since it booted (Linux /proc/stat), None elsewhere."""
    try:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    except (OSError, ValueError):
        return None
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) another process has used so far (Linux /proc/<pid>/stat), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()  # the name may hold ")"
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class OtherWork:
    """The CPU time the rest of the host spends while a block runs: the host's busy time less this
    process's and the fake server's. On a 2-core VM a run beside other work (a test suite, a browser)
    reads slower than the code is, and this says so, instead of leaving a slow figure unexplained."""

    def __init__(self, server_pid: int):
        self.server_pid, self.seconds = server_pid, None

    def __enter__(self):
        self._at = (_host_busy_s(), time.process_time(), _process_cpu_s(self.server_pid))
        return self

    def __exit__(self, *_exc) -> None:
        host, own, server = self._at
        if host is not None and server is not None:
            ours = (time.process_time() - own) + (_process_cpu_s(self.server_pid) - server)
            self.seconds = round(max(0.0, _host_busy_s() - host - ours), 2)


def pages(n: int, per_page: int = 100) -> int:
    return max(1, math.ceil(n / per_page))


def minimum_requests(engine, tasks: int, new_users: int, epics: int, edges: int, wiki: int) -> int:
    """What the API's paging allows: the fixed look-ups, then every list in pages of 100."""
    with engine.connect() as conn:
        milestones = conn.execute(select(func.count()).select_from(s.projects).where(s.projects.c.milestone.is_not(None))).scalar()
        columns = conn.execute(select(func.count()).select_from(s.board_columns)).scalar()
    fixed = 3  # priorities, statuses, board + Epic tag
    # edge.search allows 1000 a page; each page after the first starts again at the last edge's moment,
    # which edges share (lib.sync.phabricator._subtask_edge_rows): 999 new ones a page
    edge_pages = (1 + max(0, math.ceil((edges - 1000) / 999))) if epics else 0
    user_pages = math.ceil(new_users / 100)
    return fixed + pages(milestones) + pages(columns) + pages(tasks) + user_pages + edge_pages + wiki


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--latency", type=float, default=0.010, help="seconds per request, server side")
    parser.add_argument("--quick", action="store_true", help="one full and one incremental run (the default plan)")
    args = parser.parse_args()

    parent, child = mp.Pipe()
    server = mp.Process(target=_server_process, args=(args.tasks, args.latency, child), daemon=True)
    server.start()
    urls = parent.recv()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        engine = make_engine(url)
        upgrade(engine)
        settings = load_settings(env={"DATABASE_URL": url, "PHABRICATOR_URL": urls["conduit"],
                                      "PHABRICATOR_TOKEN": urls["token"], "PHABRICATOR_PROJECT": urls["slug"],
                                      "WIKI_API_URL": urls["wiki"]}, secrets_path=Path("/nonexistent"))
        transports = Transports(http_options={"timeout": 30.0})

        def timed_run(label: str, full: bool, wiki_requests: int):
            result = run_sync(engine, settings, full=full, transports=transports)
            if result.outcome != "success":
                raise SystemExit(f"{label} sync failed: {result.error}")
            c = result.counts
            minimum = minimum_requests(engine, c["tasks"], c["users"], c["epics"], c["edges"], wiki=wiki_requests)
            print(f"{label} sync: {c['tasks']} tasks fetched, {result.requests} requests (minimum {minimum}), "
                  f"{result.seconds:.2f}s; floor {minimum * args.latency:.2f}s", file=sys.stderr)
            return result, minimum

        with OtherWork(server.pid) as other_work:
            full, min_full = timed_run("full", True, wiki_requests=2)  # wiki: revision ids, then content
        with engine.connect() as conn:
            ids = conn.execute(select(s.tasks.c.id).order_by(s.tasks.c.id)).scalars().all()
        changed = ids[:: int(1 / CHANGED_SHARE)][: max(1, int(len(ids) * CHANGED_SHARE))]
        time.sleep(1.1)  # the changes land in a later second than the high-water mark
        parent.send(("touch", changed))
        parent.recv()
        inc, min_inc = timed_run("incremental", False, wiki_requests=1)  # wiki unchanged: ids only
        engine.dispose()
    parent.send(("stop", None))
    parent.recv()
    server.join(timeout=10)

    figures = {
        "tasks": full.counts["tasks"],
        "latency_s": args.latency,
        "requests": full.requests,
        "min_requests": min_full,
        "full_sync_s": round(full.seconds, 3),
        "full_sync_vs_floor": round(full.seconds / (min_full * args.latency), 3),
        "incremental_requests": inc.requests,
        "min_incremental_requests": min_inc,
        "incremental_sync_s": round(inc.seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "other_cpu_s": other_work.seconds,
    }
    if other_work.seconds and other_work.seconds > 0.1 * full.seconds:
        print(f"other work on the host used {other_work.seconds:.2f} s of CPU during the {full.seconds:.2f} s full "
              "sync: its figure reads slower than the code is", file=sys.stderr)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
