"""The real ``catalogue import`` command, run as the user runs it, against a real data folder."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl

from assessor_app.core.db.database import open_database
from assessor_app.core.domain.catalogue import CATALOGUE_COLUMNS
from assessor_app.core.paths import db_path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_import(data_dir: Path, file: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("ASSESSOR_APP_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), "catalogue", "import", str(file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT_ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def dump(database_file: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT * FROM qualifications ORDER BY id").fetchall()
    finally:
        connection.close()


def seed_rows() -> list[dict[str, str]]:
    with db_path("seed", "catalogue.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CATALOGUE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def extra_row(**overrides: str) -> dict[str, str]:
    row = dict.fromkeys(CATALOGUE_COLUMNS, "")
    row.update(industry="Logistics", title_en="Air cargo handling", title_zh="空運貨物處理", qf_level="2")
    row.update(overrides)
    return row


def test_good_csv_is_applied_and_summarised(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    rows = seed_rows()
    rows[5]["notes"] = "Updated by the agency"
    path = write_csv(tmp_path / "update.csv", [*rows, extra_row(qr_number="20/000001/L2")])

    result = run_import(data_dir, path)

    assert result.returncode == 0, result.stderr
    assert "新增 1，更新 1，不變 28 / 1 added, 1 updated, 28 unchanged" in result.stdout
    titles = {row[3]: row for row in dump(data_dir / "cases.sqlite3")}
    assert len(titles) == 30
    assert titles["Air cargo handling"][5] == "20/000001/L2"

    again = run_import(data_dir, path)
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 updated, 30 unchanged" in again.stdout


def test_good_workbook_is_applied(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(CATALOGUE_COLUMNS))
    sheet.append(
        ["Logistics", "HKU SPACE", "空運貨物處理", "Air cargo handling", 2.0, None, None, False, None]
    )
    path = tmp_path / "update.xlsx"
    workbook.save(path)

    result = run_import(data_dir, path)

    assert result.returncode == 0, result.stderr
    assert "1 added, 0 updated, 0 unchanged" in result.stdout


def test_malformed_file_is_refused_naming_the_row_and_nothing_changes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = open_database(data_dir / "cases.sqlite3")
    database.close()
    before = dump(data_dir / "cases.sqlite3")
    path = write_csv(
        tmp_path / "bad.csv",
        [extra_row(), extra_row(title_en="Air cargo documentation", qf_level="two"), extra_row(title_en="X")],
    )

    result = run_import(data_dir, path)

    assert result.returncode == 1
    assert result.stdout == ""
    assert "bad.csv 未有匯入" in result.stderr
    assert "bad.csv was not imported: 1 problem(s) found. Nothing was changed." in result.stderr
    assert "  - row 3, qf_level: 'two' is not a level 1 to 4 / 第 3 行，qf_level：「two」不是 1 至 4 級" in (
        result.stderr
    )
    assert dump(data_dir / "cases.sqlite3") == before


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook", encoding="utf-8")

    result = run_import(data_dir, path)

    assert result.returncode == 1
    assert "notes.xlsx is not a readable Excel workbook" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(dump(data_dir / "cases.sqlite3")) == 29
