"""Runs every benchmark at realistic sizes and prints time and peak memory (not a test: nothing asserts)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.measure import measure


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "--applications",
        type=int,
        default=None,
        help="10,000 (security: 2,000; search and demo: 100,000)",
    )
    parser.add_argument(
        "--only", choices=["sync", "security", "search", "demo"], help="run only this group of benchmarks"
    )
    args = parser.parse_args()
    if args.only == "search":
        from bench.search import run as run_search

        run_search(args.applications or 100_000)
        return
    if args.only == "demo":
        from bench.demo import run as run_demo

        run_demo(args.applications or 100_000)
        return
    if args.only == "security":
        from bench.security import run as run_security

        run_security(args.applications or 2_000)
        return
    args.applications = args.applications or 10_000
    if args.only == "sync":
        from bench.sync import run

        run(args.applications)
        return

    from assessor_app.core.db.database import open_database
    from assessor_app.core.services.cases.listing import list_cases
    from assessor_app.core.services.catalogue.service import list_qualifications
    from assessor_app.core.services.demo.promotion_day import generate_demo

    n = args.applications
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        print(f"{'what':<58} {'time':>10} {'memory':>15}")
        database = measure("open_database: create, migrate, seed a new file", lambda: open_database(path))
        database.close()
        database = measure("open_database: reopen an up-to-date file", lambda: open_database(path))
        measure(f"demo: generate {n:,} applications", lambda: generate_demo(database, applications=n))
        measure("catalogue: list all qualifications", lambda: list_qualifications(database))
        measure("catalogue: search 'care'", lambda: list_qualifications(database, text="care"))
        rows = measure(f"cases: list all {n:,} cases (Core select)", lambda: list_cases(database))
        print(f"  ({len(rows):,} rows)")
        measure("cases: search 'CHAN'", lambda: list_cases(database, text="CHAN"))
        measure("cases: first 50 matching 'CHAN'", lambda: list_cases(database, text="CHAN", limit=50))
        database.close()


if __name__ == "__main__":
    main()
