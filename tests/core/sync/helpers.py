"""Shared helpers for the sync tests: a demo database with signed-off cases, dumps, workbook edits."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import ApplicationRecord
from assessor_app.core.services.demo.promotion_day import generate_demo

SUPERVISOR = "syleung"
ASSESSOR = "ckcheng"
CLERK = "wsho"


def demo_database(
    database: Database, *, applications: int = 24, signed_off: int = 12, seed: int = 7
) -> Database:
    """A demo promotion day with the first ``signed_off`` lodged cases moved to signed_off."""
    generate_demo(database, applications=applications, seed=seed)
    with database.session() as session:
        ids = session.scalars(
            select(ApplicationRecord.id)
            .where(ApplicationRecord.status == "lodged")
            .order_by(ApplicationRecord.id)
            .limit(signed_off)
        ).all()
        session.execute(
            update(ApplicationRecord).where(ApplicationRecord.id.in_(ids)).values(status="signed_off")
        )
    return database


def dump(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: the database's content for before/after comparisons."""
    connection = sqlite3.connect(f"file:{database.path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


def rewrite_members(
    source: Path, target: Path, replace: dict[str, bytes], *, drop: tuple[str, ...] = ()
) -> Path:
    """A copy of the zip ``source`` with some members replaced (or added) and some dropped."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in drop:
                continue
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
        for name, data in replace.items():
            if name not in old.namelist():
                new.writestr(name, data)
    return target


def sheet_member(path: Path, sheet: str) -> str:
    """The zip member name holding ``sheet`` in a workbook this app wrote."""
    from assessor_app.core.services.sync.workbook_format import ALL_SHEET_NAMES

    return f"xl/worksheets/sheet{ALL_SHEET_NAMES.index(sheet) + 1}.xml"


def fill_results(
    source: Path, target: Path, *, soa_date: object = date(2024, 3, 15), remarks: str | None = None
) -> Path:
    """The returned workbook: every results row passed with an SoA number (leading zeros) and date, and
    ``remarks`` (with the row number after it) when given. Columns are found by their keys."""
    workbook = load_workbook(source)
    sheet = workbook["results"]
    keys = [cell.value for cell in sheet[2]]
    result, number, when = keys.index("result") + 1, keys.index("soa_number") + 1, keys.index("soa_date") + 1
    remarks_column = keys.index("remarks") + 1
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row, result).value = "passed"
        sheet.cell(row, number).value = f"00{row:04d}"
        sheet.cell(row, when).value = soa_date
        if remarks is not None:
            sheet.cell(row, remarks_column).value = f"{remarks} {row}"
    workbook.save(target)
    return target
