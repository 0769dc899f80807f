"""The real ``catalogue import`` and ``catalogue list`` commands, run as the user runs them, on a real data folder."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl

from assessor_app.core.domain.catalogue import CATALOGUE_COLUMNS
from assessor_app.core.paths import db_path
from tests.e2e.cli_helpers import cli_environment, init, open_signed_in, raw_connect

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_import(data_dir: Path, file: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_catalogue(data_dir, "import", str(file), *options)


def run_catalogue(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    if not (data_dir / "cases.sqlite3").exists():
        init(data_dir / "cases.sqlite3")  # a new data folder is set up first
    env = cli_environment()
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), "catalogue", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT_ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def dump(database_file: Path) -> list[tuple[Any, ...]]:
    connection = raw_connect(database_file, read_only=True)
    try:
        return list(connection.execute("SELECT * FROM qualifications ORDER BY id").fetchall())
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
    assert "新增 1，更新 1，不變 46 / 1 added, 1 updated, 46 unchanged" in result.stdout
    stored = dump(data_dir / "cases.sqlite3")
    titles = {row[3]: row for row in stored}
    assert len(stored) == 48
    assert titles["Air cargo handling"][5] == "20/000001/L2"

    again = run_import(data_dir, path)
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 updated, 48 unchanged" in again.stdout


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
    database = open_signed_in(data_dir / "cases.sqlite3")
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
    assert len(dump(data_dir / "cases.sqlite3")) == 47


JSON_KEYS = [
    "title_zh",
    "title_en",
    "industry",
    "qf_level",
    "qr_number",
    "stream",
    "stream_zh",
    "open_to_carers",
]


def test_list_json_on_a_fresh_data_folder_is_the_seed(tmp_path: Path) -> None:
    result = run_catalogue(tmp_path / "data", "list", "--json")

    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert all(list(item) == JSON_KEYS for item in listed)
    seeded = {(row["industry"], row["title_en"], int(row["qf_level"])) for row in seed_rows()}
    assert {(item["industry"], item["title_en"], item["qf_level"]) for item in listed} == seeded
    registered = next(item for item in listed if item["qr_number"] == "15/003202/L2")
    assert registered == {
        "title_zh": "與服務使用者的溝通及關顧",
        "title_en": "Communication with and care for service users",
        "industry": "Elderly care",
        "qf_level": 2,
        "qr_number": "15/003202/L2",
        "stream": "Residential care",
        "stream_zh": "院舍照顧",
        "open_to_carers": False,
    }
    carers = sorted(item["title_zh"] for item in listed if item["open_to_carers"])
    assert len(carers) == 8
    assert all(item["qr_number"] is None for item in listed if item["qr_number"] != "15/003202/L2")


def test_list_table_and_json_follow_an_import(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    path = write_csv(tmp_path / "update.csv", [extra_row(qr_number="20/000001/L2", open_to_carers="no")])
    assert run_import(data_dir, path).returncode == 0

    table = run_catalogue(data_dir, "list")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["QR", "number", "資歷名冊編號"]
    assert any(
        "20/000001/L2" in line and "空運貨物處理" in line and "Air cargo handling" in line for line in lines
    )
    assert lines[-1] == "48 qualification(s) 項資歷"

    listed = json.loads(run_catalogue(data_dir, "list", "--json").stdout)
    added = next(item for item in listed if item["title_en"] == "Air cargo handling")
    assert (added["industry"], added["qf_level"], added["qr_number"]) == ("Logistics", 2, "20/000001/L2")


def test_withdraw_missing_withdraws_what_the_agencys_list_leaves_out(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    path = write_csv(tmp_path / "logistics.csv", [extra_row()])

    result = run_import(data_dir, path, "--withdraw-missing")

    assert result.returncode == 0, result.stderr
    assert "1 added, 0 updated, 1 withdrawn, 0 unchanged" in result.stdout
    listed = json.loads(run_catalogue(data_dir, "list", "--json").stdout)
    assert [item["title_en"] for item in listed if item["industry"] == "Logistics"] == ["Air cargo handling"]
    assert len(listed) == 47  # one added, the seeded Surveying stream withdrawn, kept in the database
    assert len(dump(data_dir / "cases.sqlite3")) == 48
