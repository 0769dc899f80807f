"""Previewing a catalogue update (added, changed old → new, withdrawn), applying it, and the template."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text

from assessor_app.core.db.database import Database
from assessor_app.core.domain.catalogue import CATALOGUE_COLUMNS, parse_catalogue
from assessor_app.core.errors import ValidationError
from assessor_app.core.paths import db_path
from assessor_app.core.services.catalogue.reader import CatalogueFileProblems
from assessor_app.core.services.catalogue.service import list_industries, list_qualifications
from assessor_app.core.services.catalogue.template import EXAMPLE_ROW, write_catalogue_template
from assessor_app.core.services.catalogue.update import (
    FieldChange,
    import_catalogue_file,
    preview_catalogue_file,
)
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


def write_csv(path: Path, rows: list[Row]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CATALOGUE_COLUMNS)
        writer.writeheader()
        writer.writerows([{column: row.get(column, "") for column in CATALOGUE_COLUMNS} for row in rows])
    return path


def dump(database: Database) -> list[tuple[Any, ...]]:
    with database.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text("SELECT * FROM qualifications ORDER BY id"))]


def elderly_rows() -> list[Row]:
    return [row for row in seed_rows() if row["industry"] == "Elderly care"]


def test_preview_lists_added_changed_and_withdrawn_and_writes_nothing(
    database: Database, tmp_path: Path
) -> None:
    rows = elderly_rows()
    infection = next(row for row in rows if row["title_en"] == "Infection control")
    seeded_notes = infection["notes"]
    infection.update(qr_number="23/000111/L2", notes="Checked 2026")
    rows = [row for row in rows if row["title_en"] != "General health check"]
    rows.append(
        {
            "industry": "Elderly care",
            "title_zh": "藥物管理",
            "title_en": "Medication management",
            "qf_level": "3",
        }
    )
    path = write_csv(tmp_path / "hkag.csv", rows)
    before = dump(database)

    preview = preview_catalogue_file(database, path, withdraw_missing=True)

    assert dump(database) == before
    assert [(c.row, c.title_zh, c.title_en, c.qf_level) for c in preview.added] == [
        (len(rows) + 1, "藥物管理", "Medication management", 3)
    ]
    (changed,) = preview.changed
    assert changed.title_en == "Infection control"
    assert changed.row == 2 + rows.index(infection)
    assert changed.changes == (
        FieldChange("qr_number", None, "23/000111/L2"),
        FieldChange("notes", seeded_notes, "Checked 2026"),
    )
    (withdrawn,) = preview.withdrawn
    assert (withdrawn.row, withdrawn.title_zh, withdrawn.title_en) == (
        None,
        "一般健康檢查",
        "General health check",
    )
    assert withdrawn.changes == (FieldChange("active", True, False),)
    assert preview.unchanged == len(rows) - 2
    assert "1 to add, 1 to change, 1 to withdraw" in preview.describe()

    report = import_catalogue_file(
        database, actor=CATALOGUER, path=path, withdraw_missing=True, expected=preview
    )

    assert (report.added, report.updated, report.withdrawn, report.unchanged) == (1, 1, 1, len(rows) - 2)
    listed = {row.title_en for row in list_qualifications(database)}
    assert "General health check" not in listed
    assert {"Medication management", "Infection control"} <= listed
    assert len(dump(database)) == len(before) + 1  # withdrawn, never deleted
    # Other industries are not the file's business.
    assert len([r for r in list_qualifications(database) if r.industry_en == "Automotive"]) == 4


def test_without_withdraw_missing_nothing_is_withdrawn(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "one.csv", elderly_rows()[:1])
    preview = preview_catalogue_file(database, path)
    assert (preview.added, preview.changed, preview.withdrawn, preview.unchanged) == ((), (), (), 1)
    assert not preview.has_changes


def test_a_withdrawn_qualification_listed_again_is_restored(database: Database, tmp_path: Path) -> None:
    rows = elderly_rows()
    import_catalogue_file(
        database, actor=CATALOGUER, path=write_csv(tmp_path / "short.csv", rows[1:]), withdraw_missing=True
    )
    assert rows[0]["title_en"] not in {row.title_en for row in list_qualifications(database)}

    preview = preview_catalogue_file(database, write_csv(tmp_path / "full.csv", rows), withdraw_missing=True)
    (changed,) = preview.changed
    assert (changed.title_en, changed.changes) == (rows[0]["title_en"], (FieldChange("active", False, True),))
    import_catalogue_file(
        database, actor=CATALOGUER, path=tmp_path / "full.csv", withdraw_missing=True, expected=preview
    )
    assert rows[0]["title_en"] in {row.title_en for row in list_qualifications(database)}


def test_a_stale_preview_is_refused_and_nothing_changes(database: Database, tmp_path: Path) -> None:
    rows = elderly_rows()
    path = write_csv(tmp_path / "hkag.csv", rows)
    preview = preview_catalogue_file(database, path, withdraw_missing=True)
    rows[0]["notes"] = "edited after the preview"
    write_csv(path, rows)
    before = dump(database)

    with pytest.raises(ValidationError) as caught:
        import_catalogue_file(database, actor=CATALOGUER, path=path, withdraw_missing=True, expected=preview)

    assert caught.value.code == "catalogue_preview_stale"
    assert "預覽" in caught.value.zh
    assert dump(database) == before


def test_row_problems_come_back_row_by_row_in_both_languages(database: Database, tmp_path: Path) -> None:
    rows = [
        {"industry": "Elderly care", "title_en": "A", "qf_level": "2", "qr_number": "23/000001/L3"},
        {"industry": "Nowhere", "title_en": "B", "qf_level": "9"},
    ]
    with pytest.raises(CatalogueFileProblems) as caught:
        preview_catalogue_file(database, write_csv(tmp_path / "bad.csv", rows), withdraw_missing=True)
    found = [(p.row, p.column, p.reason_en, p.reason_zh) for p in caught.value.problems]
    assert found == [
        (
            2,
            "qr_number",
            "ends in level 3 but the qualification is level 2",
            "編號顯示第 3 級，但資歷為第 2 級",
        ),
        (3, "industry", "unknown industry 'Nowhere'", "不明行業「Nowhere」"),
        (3, "qf_level", "'9' is not a level 1 to 4", "「9」不是 1 至 4 級"),
    ]
    assert caught.value.code == "catalogue_invalid"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_has_the_headers_and_one_example_that_imports(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    path = write_catalogue_template(tmp_path / f"template{suffix}")
    if suffix == ".csv":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to show Chinese
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    else:
        workbook = openpyxl.load_workbook(path)
        lines = [[str(cell) if cell is not None else "" for cell in row] for row in workbook.active.values]
    assert lines[0] == list(CATALOGUE_COLUMNS)
    assert lines[1:] == [[EXAMPLE_ROW[column] for column in CATALOGUE_COLUMNS]]
    assert not list(tmp_path.glob(".template-*"))

    preview = preview_catalogue_file(database, path)
    assert [change.title_en for change in preview.added] == [EXAMPLE_ROW["title_en"]]


def test_the_template_refuses_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        write_catalogue_template(tmp_path / "template.txt")
    assert caught.value.code == "catalogue_file_type"


def test_the_seed_has_no_placeholders_unique_qr_numbers_and_matching_levels(database: Database) -> None:
    rows = seed_rows()
    assert not [row for row in rows if "PLACEHOLDER" in row["notes"]]
    entries, problems = parse_catalogue(
        list(rows[0]), rows, [industry.name_en for industry in list_industries(database)]
    )
    assert problems == []
    numbers = [entry.qr_number for entry in entries if entry.qr_number]
    assert len(numbers) == len(set(numbers))
    assert all(number.endswith(f"L{entry.qf_level}") for entry in entries if (number := entry.qr_number))
    found = db_path("seed", "SOURCES.md").read_text(encoding="utf-8")
    for row in rows:
        assert row["title_en"] in found, row["title_en"]


def chinese_of(database: Database, title_en: str) -> tuple[str, str, str, str]:
    row = next(row for row in list_qualifications(database) if row.title_en == title_en)
    return (row.stream, row.stream_zh, row.notes, row.notes_zh)


def test_a_file_with_the_chinese_columns_sets_them(database: Database, tmp_path: Path) -> None:
    rows = elderly_rows()
    infection = next(row for row in rows if row["title_en"] == "Infection control")
    seeded_notes_zh = infection["notes_zh"]
    infection.update(stream_zh="社區照顧", notes_zh="機構的備註")
    path = write_csv(tmp_path / "hkag.csv", rows)

    preview = preview_catalogue_file(database, path)
    (changed,) = preview.changed
    assert changed.changes == (
        FieldChange("stream_zh", "社區照顧及支援", "社區照顧"),
        FieldChange("notes_zh", seeded_notes_zh, "機構的備註"),
    )
    import_catalogue_file(database, path, actor=CATALOGUER)
    stream, stream_zh, _notes, notes_zh = chinese_of(database, "Infection control")
    assert (stream, stream_zh, notes_zh) == ("Community care and support", "社區照顧", "機構的備註")


def test_an_old_file_without_the_chinese_columns_still_imports(database: Database, tmp_path: Path) -> None:
    """Its Chinese is kept where the file leaves the English as it is, cleared where it changes it."""
    old_columns = [column for column in CATALOGUE_COLUMNS if column not in ("stream_zh", "notes_zh")]
    rows = elderly_rows()
    seeded = chinese_of(database, "General home care")
    home = next(row for row in rows if row["title_en"] == "General home care")
    home.update(stream="Home care")
    infection = next(row for row in rows if row["title_en"] == "Infection control")
    infection.update(notes="Checked 2026")
    rows.append(
        {
            "industry": "Elderly care",
            "title_en": "Medication management",
            "qf_level": "3",
            "stream": "Residential care",
        }
    )
    path = tmp_path / "old.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=old_columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows([{column: row.get(column, "") for column in old_columns} for row in rows])
    before = {row.title_en: row for row in list_qualifications(database)}

    report = import_catalogue_file(database, path, actor=CATALOGUER)

    assert (report.added, report.updated) == (1, 2)
    assert chinese_of(database, "General home care") == ("Home care", "", seeded[2], seeded[3])
    _stream, stream_zh, notes, notes_zh = chinese_of(database, "Infection control")
    assert (stream_zh, notes, notes_zh) == ("社區照顧及支援", "Checked 2026", "")
    assert chinese_of(database, "Medication management") == ("Residential care", "", "", "")
    toileting = before["Toileting and continence care"]
    assert chinese_of(database, "Toileting and continence care") == (
        toileting.stream,
        "院舍照顧",
        toileting.notes,
        toileting.notes_zh,
    )
    assert toileting.notes_zh
