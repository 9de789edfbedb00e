"""Compare the sync benchmark of two checkouts, run alternately so that the host's drift (on a shared
VM the same code measures 5% apart from one quarter of an hour to the next) falls on both alike.

    git worktree add /tmp/before HEAD~3
    python bench/compare.py /tmp/before --runs 12            # this checkout against /tmp/before
    python bench/compare.py /tmp/before --runs 8 -- --latency 0.02

Prints each run's full-sync ratio as it comes, then per checkout: range, median and how many runs were
within the 1.2x goal. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
GOAL = 1.2


def run_once(checkout: Path, bench_args: list[str]) -> dict:
    out = subprocess.run([sys.executable, str(checkout / "bench" / "run.py"), "--quick", *bench_args],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="the other checkout (a git worktree)")
    parser.add_argument("--runs", type=int, default=8, help="runs of each checkout")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    args.bench_args = argv[split + 1:]  # after --: passed on to bench/run.py
    checkouts = [HERE, args.other.resolve()]
    ratios: dict[Path, list[float]] = {c: [] for c in checkouts}
    for i in range(args.runs):
        for checkout in (checkouts if i % 2 == 0 else checkouts[::-1]):
            figures = run_once(checkout, args.bench_args)
            ratios[checkout].append(figures["full_sync_vs_floor"])
            other = figures.get("other_cpu_s")  # what the rest of the host ran meanwhile (older checkouts: none)
            print(f"{checkout}: {figures['full_sync_vs_floor']:.3f}x ({figures['full_sync_s']:.3f} s"
                  + (f"; other work on the host: {other:.2f} s of CPU" if other is not None else "") + ")", file=sys.stderr)
    for checkout, values in ratios.items():
        values.sort()
        within = sum(v <= GOAL for v in values)
        print(f"{checkout}: {values[0]:.3f}-{values[-1]:.3f}x, median {statistics.median(values):.3f}x, "
              f"{within}/{len(values)} within {GOAL}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
