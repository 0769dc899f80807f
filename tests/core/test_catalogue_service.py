"""The catalogue service over a real database: listing, searching and importing update files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text

from assessor_app.core.db.database import Database
from assessor_app.core.domain.catalogue import CATALOGUE_COLUMNS
from assessor_app.core.errors import ValidationError
from assessor_app.core.paths import db_path
from assessor_app.core.services.catalogue.reader import MAX_FILE_BYTES, MAX_ROWS
from assessor_app.core.services.catalogue.service import (
    QualificationRow,
    list_industries,
    list_qualifications,
)
from assessor_app.core.services.catalogue.update import CatalogueImportReport, import_catalogue_file
from tests.core.user_helpers import add_user

CATALOGUER = "cataloguer"  # catalogue updates are by an active user (any role)


@pytest.fixture(autouse=True)
def cataloguer(request: pytest.FixtureRequest) -> None:
    if "database" in request.fixturenames:
        add_user(request.getfixturevalue("database"), CATALOGUER, "Catalogue Keeper", "supervisor")


Row = dict[str, Any]


def seed_rows() -> list[Row]:
    with db_path("seed", "catalogue.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(
    path: Path, rows: Sequence[Row], header: Sequence[str] = CATALOGUE_COLUMNS, *, bom: bool = False
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[row.get(column, "") for column in header] for row in rows])
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
    return path


def write_xlsx(path: Path, rows: Sequence[Row], header: Sequence[str] = CATALOGUE_COLUMNS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Catalogue"
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(column) for column in header])
    workbook.create_sheet("Ignored").append(["not", "read"])
    workbook.save(path)
    return path


def dump(database: Database) -> list[tuple[Any, ...]]:
    with database.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text("SELECT * FROM qualifications ORDER BY id"))]


def find(database: Database, title_en: str) -> QualificationRow:
    (match,) = [q for q in list_qualifications(database) if q.title_en == title_en]
    return match


def new_row(**overrides: Any) -> Row:
    values: Row = {
        "industry": "Logistics",
        "agency": "HKU SPACE",
        "title_zh": "空運貨物處理",
        "title_en": "Air cargo handling",
        "qf_level": "2",
        "qr_number": "",
        "stream": "Air freight",
        "open_to_carers": "no",
        "notes": "illustrative",
    }
    values.update(overrides)
    return values


def refused(database: Database, path: Path, code: str) -> ValidationError:
    """Import ``path``, expect a refusal with ``code``, and check the database did not change."""
    before = dump(database)
    with pytest.raises(ValidationError) as caught:
        import_catalogue_file(database, actor=CATALOGUER, path=path)
    assert caught.value.code == code, caught.value.en
    assert caught.value.en
    assert caught.value.zh
    assert dump(database) == before
    return caught.value


# --- Listing and searching --------------------------------------------------------------------------


def test_fresh_database_lists_the_47_seeded_qualifications(database: Database) -> None:
    rows = list_qualifications(database)
    assert len(rows) == 47
    assert rows == sorted(rows, key=lambda q: (q.industry_en, q.qf_level, q.title_en))
    assert {q.title_en for q in rows} == {r["title_en"] for r in seed_rows()}


def test_rows_carry_industry_and_agency(database: Database) -> None:
    row = find(database, "Communication with and care for service users")
    assert row.industry_en == "Elderly care"
    assert row.industry_zh == "安老服務業"
    assert row.agency_code == "HKAG"
    assert row.agency_name_en == "Hong Kong Association of Gerontology"
    assert row.agency_name_zh == "香港老年學會"
    assert row.title_zh == "與服務使用者的溝通及關顧"
    assert row.qf_level == 2
    assert row.qr_number == "15/003202/L2"
    assert row.stream == "Residential care"
    assert row.open_to_carers is False


def test_industries_are_sorted_with_their_agency(database: Database) -> None:
    industries = list_industries(database)
    assert len(industries) == 14
    assert [i.name_en for i in industries] == sorted(i.name_en for i in industries)
    logistics = next(i for i in industries if i.name_en == "Logistics")
    assert (logistics.name_zh, logistics.agency_code) == ("物流業", "HKUSPACE")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("感染控制", {"Infection control", "Infection control (residential care)"}),
        ("infection", {"Infection control", "Infection control (residential care)"}),
        ("INFECTION", {"Infection control", "Infection control (residential care)"}),
        ("15/003202", {"Communication with and care for service users"}),
        ("物流", {"Supporting and Ancillary Services – Surveying"}),
        ("surveying", {"Supporting and Ancillary Services – Surveying"}),
        ("  溝通 ", {"Communication with service users", "Communication with and care for service users"}),
        ("%", set()),
        ("_", set()),
        ("no such qualification", set()),
    ],
)
def test_search_in_chinese_english_and_qr_number(database: Database, query: str, titles: set[str]) -> None:
    assert {q.title_en for q in list_qualifications(database, text=query)} == titles


def test_search_matches_industry_names_in_both_languages(database: Database) -> None:
    by_zh = list_qualifications(database, text="安老")
    by_en = list_qualifications(database, text="elderly")
    assert len(by_zh) == 15
    assert by_zh == by_en


def test_filter_by_industry_and_level(database: Database) -> None:
    automotive = next(i for i in list_industries(database) if i.name_en == "Automotive")
    rows = list_qualifications(database, industry_id=automotive.id)
    assert [q.title_en for q in rows] == [
        "Vehicle Servicing (Body Painting)",
        "Vehicle Servicing (Body Repair)",
        "Vehicle Servicing (Electrical Services)",
        "Vehicle Servicing (Mechanical Services)",
    ]
    assert {q.title_en for q in list_qualifications(database, level=4)} == {
        "Managing Printing Operation",
        "Managing Printing Production",
        "Printing Design",
        "Printing Industry - Special Printing (Gravure)",
        "Printing Industry - Managing Network and Digital Telecommunication",
        "Printing Industry - Digital Media Publishing of World Wide Web",
        "Printing Industry - Managing Information Technology",
        "Salon Management (Operation Management)",
        "Building repair and maintenance",
    }
    assert list_qualifications(database, industry_id=automotive.id, level=2) == []
    assert [q.title_en for q in list_qualifications(database, text="body", industry_id=automotive.id)] == [
        "Vehicle Servicing (Body Painting)",
        "Vehicle Servicing (Body Repair)",
    ]


def test_inactive_qualifications_are_not_listed(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE qualifications SET active = 0 WHERE title_en = 'Infection control'"))
    assert len(list_qualifications(database)) == 46
    assert [q.title_en for q in list_qualifications(database, text="感染控制")] == [
        "Infection control (residential care)"
    ]


# --- Importing ---------------------------------------------------------------------------------------


def test_reimporting_the_seed_catalogue_changes_nothing(database: Database, tmp_path: Path) -> None:
    before = dump(database)
    report = import_catalogue_file(database, actor=CATALOGUER, path=db_path("seed", "catalogue.csv"))
    assert (report.added, report.updated, report.unchanged) == (0, 0, 47)
    assert dump(database) == before


def test_csv_import_adds_and_updates(database: Database, tmp_path: Path) -> None:
    rows = seed_rows()
    infection = next(r for r in rows if r["title_en"] == "Infection control")
    infection.update(notes="Updated 2026", qr_number="23/000111/L2", stream="Community care")
    rows.append(new_row())
    before = {row[0]: row for row in dump(database)}
    old_id = find(database, "Infection control").id
    path = write_csv(tmp_path / "update.csv", rows, bom=True)

    report = import_catalogue_file(database, actor=CATALOGUER, path=path)

    assert report == CatalogueImportReport(added=1, updated=1, unchanged=46, file=path)
    assert report.describe() == "update.csv: 新增 1，更新 1，不變 46 / 1 added, 1 updated, 46 unchanged"
    updated = find(database, "Infection control")
    assert updated.id == old_id
    assert (updated.title_zh, updated.qr_number, updated.stream, updated.notes, updated.open_to_carers) == (
        "感染控制",
        "23/000111/L2",
        "Community care",
        "Updated 2026",
        True,
    )
    added = find(database, "Air cargo handling")
    assert (added.industry_en, added.title_zh, added.qf_level, added.qr_number) == (
        "Logistics",
        "空運貨物處理",
        2,
        None,
    )
    assert (added.stream, added.open_to_carers, added.notes) == ("Air freight", False, "illustrative")
    after = {row[0]: row for row in dump(database)}
    assert set(after) == set(before) | {added.id}
    assert {key for key in before if before[key] != after[key]} == {old_id}

    again = import_catalogue_file(database, actor=CATALOGUER, path=path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 48)


def test_xlsx_import_with_numbers_in_cells(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "update.xlsx",
        [
            new_row(qf_level=2, qr_number="20/000001/L2"),
            new_row(title_en="Air cargo documentation", qf_level=3.0, open_to_carers=None, notes=None),
            {
                "industry": "Elderly care",
                "title_zh": "感染控制",
                "title_en": "Infection control",
                "qf_level": 2,
                "open_to_carers": True,
                "notes": "checked 2026",
                "stream": "Community care and support",
            },
        ],
    )
    before = len(dump(database))

    report = import_catalogue_file(database, actor=CATALOGUER, path=path)

    assert (report.added, report.updated, report.unchanged) == (2, 1, 0)
    assert len(dump(database)) == before + 2
    first = find(database, "Air cargo handling")
    assert (first.qf_level, first.qr_number, first.open_to_carers) == (2, "20/000001/L2", False)
    second = find(database, "Air cargo documentation")
    assert (second.qf_level, second.qr_number, second.notes) == (3, None, "")
    assert find(database, "Infection control").notes == "checked 2026"

    again = import_catalogue_file(database, actor=CATALOGUER, path=path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_qr_number_identifies_the_qualification_and_fixes_its_english_title(
    database: Database, tmp_path: Path
) -> None:
    old = find(database, "Communication with and care for service users")
    row = new_row(
        industry="Elderly care",
        title_zh=old.title_zh,
        title_en="Communicating with and caring for service users",
        qr_number="15/003202/L2",
        stream=old.stream,
        notes="",
    )
    report = import_catalogue_file(database, actor=CATALOGUER, path=write_csv(tmp_path / "rename.csv", [row]))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 0)
    renamed = find(database, "Communicating with and caring for service users")
    assert (renamed.id, renamed.qr_number) == (old.id, "15/003202/L2")
    assert len(list_qualifications(database)) == 47


def test_natural_key_ignores_case_and_gives_a_qr_number(database: Database, tmp_path: Path) -> None:
    old = find(database, "General home care")
    row = new_row(
        industry="ELDERLY CARE",
        title_zh="一般家居照顧",
        title_en="GENERAL HOME CARE",
        qr_number="23/000777/L2",
        stream="Community care and support",
        open_to_carers="yes",
        notes="English title is a working translation",
    )
    report = import_catalogue_file(database, actor=CATALOGUER, path=write_csv(tmp_path / "case.csv", [row]))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 0)
    (updated,) = list_qualifications(database, text="23/000777")
    assert (updated.id, updated.title_en) == (old.id, "GENERAL HOME CARE")


def test_blank_rows_are_ignored_and_later_rows_keep_their_numbers(database: Database, tmp_path: Path) -> None:
    blank: Row = {}
    good = write_csv(tmp_path / "blank.csv", [blank, new_row(), blank, blank])
    assert import_catalogue_file(database, actor=CATALOGUER, path=good).added == 1

    bad = write_csv(tmp_path / "blank-bad.csv", [blank, blank, new_row(title_en="Other", qf_level="7")])
    error = refused(database, bad, "catalogue_invalid")
    assert error.details == [
        "row 4, qf_level: '7' is not a level 1 to 4 / 第 4 行，qf_level：「7」不是 1 至 4 級"
    ]


def test_xlsx_with_trailing_formatted_rows_is_read(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "padded.xlsx", [new_row()])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    for row_number in range(3, 40):
        sheet.cell(row=row_number, column=3).number_format = "@"
    workbook.save(path)
    assert import_catalogue_file(database, actor=CATALOGUER, path=path).added == 1


def test_exactly_the_row_limit_is_accepted(database: Database, tmp_path: Path) -> None:
    rows = [new_row(title_en=f"Cluster {n}", title_zh="") for n in range(MAX_ROWS)]
    report = import_catalogue_file(database, actor=CATALOGUER, path=write_csv(tmp_path / "limit.csv", rows))
    assert report.added == MAX_ROWS


# --- Refusals: every one leaves the database as it was ----------------------------------------------


def test_missing_file(database: Database, tmp_path: Path) -> None:
    error = refused(database, tmp_path / "nowhere.csv", "catalogue_file_missing")
    assert "nowhere.csv" in error.en


def test_a_folder_is_not_a_file(database: Database, tmp_path: Path) -> None:
    (tmp_path / "folder.csv").mkdir()
    refused(database, tmp_path / "folder.csv", "catalogue_file_missing")


@pytest.mark.parametrize("name", ["catalogue.txt", "catalogue.xls", "catalogue.ods", "catalogue"])
def test_other_extensions(database: Database, tmp_path: Path, name: str) -> None:
    path = write_csv(tmp_path / name, [new_row()])
    error = refused(database, path, "catalogue_file_type")
    assert ".csv" in error.en
    assert ".xlsx" in error.zh


def test_xlsx_that_is_not_a_zip(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "fake.xlsx", [new_row()])
    error = refused(database, path, "catalogue_unreadable")
    assert "fake.xlsx" in error.en


def test_zip_that_is_not_a_workbook(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    refused(database, path, "catalogue_unreadable")


def test_truncated_workbook(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cut.xlsx", [new_row()])
    path.write_bytes(path.read_bytes()[:600])
    refused(database, path, "catalogue_unreadable")


def test_workbook_renamed_to_csv(database: Database, tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "real.xlsx", [new_row()])
    path = tmp_path / "renamed.csv"
    path.write_bytes(workbook.read_bytes())
    error = refused(database, path, "catalogue_unreadable")
    assert ".xlsx" in error.en


def test_csv_not_in_utf8(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes(
        ",".join(CATALOGUE_COLUMNS).encode() + "\r\nElderly care,,感染控制,Infection,2".encode("big5")
    )
    error = refused(database, path, "catalogue_unreadable")
    assert "UTF-8" in error.en


def test_binary_data_in_csv(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "binary.csv", [new_row(notes="a\x00b")])
    refused(database, path, "catalogue_unreadable")


def test_malformed_csv_quoting(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text(",".join(CATALOGUE_COLUMNS) + '\nLogistics,,"x"y,Title,2,,,no,\n', encoding="utf-8")
    refused(database, path, "catalogue_unreadable")


def test_file_over_5_mib(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [new_row()])
    with path.open("ab") as handle:
        handle.write(b"\n" * (MAX_FILE_BYTES + 1 - path.stat().st_size))
    assert path.stat().st_size == MAX_FILE_BYTES + 1
    error = refused(database, path, "catalogue_file_too_large")
    assert "5 MiB" in error.en


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_more_than_5000_rows(database: Database, tmp_path: Path, writer: Any) -> None:
    rows = [new_row(title_en=f"Cluster {n}", title_zh="", notes="") for n in range(MAX_ROWS + 1)]
    path = writer(tmp_path / ("many.csv" if writer is write_csv else "many.xlsx"), rows)
    error = refused(database, path, "catalogue_too_many_rows")
    assert "5,000" in error.en


def test_formula_cells_in_a_workbook(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "formula.xlsx", [new_row(), new_row(title_en="Other", qf_level="=1+1")])
    workbook = openpyxl.load_workbook(path)
    workbook.worksheets[0]["I2"] = '=HYPERLINK("http://example.com","x")'
    workbook.save(path)
    error = refused(database, path, "catalogue_invalid")
    assert error.details == [
        "row 2, notes: holds a formula; paste values only / 第 2 行，notes：含有公式，請只貼上數值",
        "row 3, qf_level: holds a formula; paste values only / 第 3 行，qf_level：含有公式，請只貼上數值",
    ]


def test_formula_text_in_a_csv(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "formula.csv", [new_row(notes="=cmd|' /C calc'!A0")])
    error = refused(database, path, "catalogue_invalid")
    assert error.details == [
        "row 2, notes: holds a formula; paste values only / 第 2 行，notes：含有公式，請只貼上數值"
    ]


def test_empty_files(database: Database, tmp_path: Path) -> None:
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    refused(database, empty_csv, "catalogue_empty")
    bom_only = tmp_path / "bom.csv"
    bom_only.write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    refused(database, bom_only, "catalogue_empty")
    empty_xlsx = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty_xlsx)
    refused(database, empty_xlsx, "catalogue_empty")


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_header_without_rows(database: Database, tmp_path: Path, writer: Any) -> None:
    path = writer(tmp_path / ("header.csv" if writer is write_csv else "header.xlsx"), [])
    error = refused(database, path, "catalogue_empty")
    assert "no qualification rows" in error.en


def test_header_problems(database: Database, tmp_path: Path) -> None:
    header = ["industry", "title", "qf_level", "qf_level"]
    path = write_csv(tmp_path / "header.csv", [new_row()], header=header)
    error = refused(database, path, "catalogue_invalid")
    assert error.details == [
        "row 1, title_en: required column is missing / 第 1 行，title_en：缺少必要欄位",
        "row 1, title: unknown column / 第 1 行，title：不明欄位",
        "row 1, qf_level: column appears twice / 第 1 行，qf_level：欄位重複",
    ]


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_invalid_rows_name_row_and_column_and_nothing_is_applied(
    database: Database, tmp_path: Path, writer: Any
) -> None:
    rows = [
        new_row(),
        new_row(title_en="Bad level", qf_level="5"),
        new_row(title_en="Bad QR", qr_number="15/3202/L2"),
        new_row(title_en="Mismatched QR", qr_number="15/003203/L3"),
        new_row(title_en="Nowhere", industry="Banking"),
        new_row(title_en=""),
        new_row(title_en="Carers", open_to_carers="maybe"),
        new_row(title_en="Long", notes="x" * 2001),
        new_row(),
    ]
    path = writer(tmp_path / ("rows.csv" if writer is write_csv else "rows.xlsx"), rows)
    error = refused(database, path, "catalogue_invalid")
    assert [detail.split(":")[0] for detail in error.details] == [
        "row 3, qf_level",
        "row 4, qr_number",
        "row 5, qr_number",
        "row 6, industry",
        "row 7, title_en",
        "row 8, open_to_carers",
        "row 9, notes",
        "row 10, title_en",
    ]
    assert (
        error.details[0]
        == "row 3, qf_level: '5' is not a level 1 to 4 / 第 3 行，qf_level：「5」不是 1 至 4 級"
    )
    assert f"{len(error.details)} problem(s)" in error.en


def test_control_characters_in_a_csv(database: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "control.csv", [new_row(title_zh="空運\x1b[31m貨物"), new_row(title_en="B\rC")]
    )
    error = refused(database, path, "catalogue_invalid")
    assert [detail.split(":")[0] for detail in error.details] == ["row 2, title_zh", "row 3, title_en"]
    assert "control characters" in error.details[0]


def test_qr_number_held_by_another_qualification(database: Database, tmp_path: Path) -> None:
    row = new_row(industry="Elderly care", title_en="General home care", qr_number="15/003202/L2")
    error = refused(database, write_csv(tmp_path / "taken.csv", [new_row(), row]), "catalogue_invalid")
    assert error.details == [
        "row 3, qr_number: 15/003202/L2 is already used by another qualification in the database: "
        "'Communication with and care for service users' (level 2) / 第 3 行，qr_number：15/003202/L2 "
        "已由資料庫中另一項資歷使用：「與服務使用者的溝通及關顧」（第 2 級）"
    ]


def test_qr_number_held_in_another_industry(database: Database, tmp_path: Path) -> None:
    row = new_row(title_en="Communication with and care for service users", qr_number="15/003202/L2")
    error = refused(database, write_csv(tmp_path / "industry.csv", [row]), "catalogue_invalid")
    assert [detail.split(":")[0] for detail in error.details] == ["row 2, qr_number"]


def test_two_rows_updating_one_qualification(database: Database, tmp_path: Path) -> None:
    renamed = new_row(industry="Elderly care", title_en="Renamed", qr_number="15/003202/L2")
    old_name = new_row(industry="Elderly care", title_en="Communication with and care for service users")
    error = refused(database, write_csv(tmp_path / "twice.csv", [renamed, old_name]), "catalogue_invalid")
    assert [detail.split(":")[0] for detail in error.details] == ["row 3, title_en"]
    assert "same qualification as row 2" in error.details[0]


def test_value_in_a_column_without_header(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(
        ",".join(CATALOGUE_COLUMNS) + "\nLogistics,,,Air cargo handling,2,,,no,,,,surprise\n",
        encoding="utf-8",
    )
    error = refused(database, path, "catalogue_invalid")
    assert error.details == [
        "row 2, column L: value in a column without a header / 第 2 行，column L：此欄沒有標題，但有資料"
    ]
