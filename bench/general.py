"""Opening the database, the demo, the catalogue and the unpaged case list at 10,000 applications."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.measure import measure


def run(applications: int) -> None:
    from assessor_app.core.db.database import open_database
    from assessor_app.core.services.cases.listing import list_cases
    from assessor_app.core.services.catalogue.service import list_qualifications
    from assessor_app.core.services.demo.promotion_day import generate_demo

    n = applications
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
