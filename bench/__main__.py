"""Runs the benchmarks at realistic sizes and prints time and peak memory (not a test: nothing asserts).

python -m bench                                  # every group, each at its own size
python -m bench --only search [--applications N]
python -m bench --report docs/performance.md     # also write every figure to a report (make bench)
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from bench.report import current_group, machine, write_report

# Each group: its module under bench/ (with ``run(applications)``) and its realistic size.
GROUPS: dict[str, tuple[str, int]] = {
    "startup": ("bench.startup", 100_000),
    "general": ("bench.general", 10_000),
    "documents": ("bench.documents", 60),
    "search": ("bench.search", 100_000),
    "cases": ("bench.cases", 100_000),
    "demo": ("bench.demo", 100_000),
    "dashboard": ("bench.dashboard", 100_000),
    "security": ("bench.security", 2_000),
    "sync": ("bench.sync", 10_000),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "--applications",
        type=int,
        default=None,
        help="the size (default per group: "
        + ", ".join(f"{name} {size:,}" for name, (_module, size) in GROUPS.items())
        + ")",
    )
    parser.add_argument("--only", choices=sorted(GROUPS), help="run only this group of benchmarks")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write every figure to FILE (Markdown)")
    args = parser.parse_args()
    names = [args.only] if args.only else list(GROUPS)
    print(f"machine: {machine()}")
    for name in names:
        module, size = GROUPS[name]
        applications = args.applications or size
        current_group[0] = f"{name} ({applications:,} applications)"
        print(f"\n== {current_group[0]} ==")
        importlib.import_module(module).run(applications)
        if args.report is not None:  # after each group: a long run cut short keeps what it measured
            only = f" --only {args.only}" if args.only else ""
            sized = f" --applications {args.applications}" if args.applications else ""
            write_report(args.report, f"python -m bench{only}{sized} --report {args.report}")
            print(f"report written to {args.report}")


if __name__ == "__main__":
    main()
