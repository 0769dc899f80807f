"""Workbook cells go through the same normalisation as the form: HKIDs NFKC-folded to the one canonical
number, text cells with control or invisible characters refused naming sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db.models.cases import ApplicantRecord
from assessor_app.core.errors import ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.import_results import apply_results
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.workbook_layout import layout
from assessor_app.core.services.sync.writer import column_letter
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import SUPERVISOR, fill_results
from tests.core.sync.test_merge import _full_workbook, _station, _uids


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def edit_cell(source: Path, target: Path, sheet_name: str, key: str, value: object, row: int = 3) -> object:
    """Set one cell (found by its column key) and return what it held."""
    workbook = load_workbook(source)
    sheet = workbook[sheet_name]
    column = [cell.value for cell in sheet[fmt.HEADER_ROWS]].index(key) + 1
    old = sheet.cell(row, column).value
    sheet.cell(row, column).value = value
    workbook.save(target)
    return old


@pytest.mark.parametrize("bad", ["\u202e", "\x85", "\u200b", "\u2066"])
def test_a_text_cell_with_a_control_character_is_refused_by_sheet_row_and_column(
    exported: Exported, bad: str
) -> None:
    target = exported.folder / "bidi.xlsx"
    edit_cell(exported.result.path, target, "employment", "employer", f"Asia{bad} Cargo")
    with pytest.raises(ValidationError) as refused:
        parse_batch(target)
    column = column_letter(layout(fmt.EMPLOYMENT).position("employer"))
    code = f"U+{ord(bad):04X}"
    assert refused.value.details[0] == (
        f"sheet employment, row 3, column {column} (employer): contains control or invisible characters "
        f"({code}): retype it / 工作表 employment 第 3 行 {column} (employer) 欄：含有控制或隱形字元（{code}），請重新輸入"
    )


def test_line_breaks_in_text_cells_are_still_text(exported: Exported) -> None:
    target = exported.folder / "lines.xlsx"
    edit_cell(exported.result.path, target, "employment", "employer", "Asia Cargo\nTerminal\tLtd")
    employment = parse_batch(target).sheets["employment"]
    assert employment[0].values["employer"] == "Asia Cargo\nTerminal\tLtd"


def test_a_results_remark_with_a_bidi_override_is_refused(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="ok\u202e")
    with pytest.raises(ValidationError) as refused:
        apply_results(exported.database, returned, actor=SUPERVISOR)
    assert "sheet results, row 3" in refused.value.details[0]
    assert "U+202E" in refused.value.details[0]


def test_a_full_width_soa_number_is_stored_as_ascii(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    target = exported.folder / "full-width.xlsx"
    edit_cell(returned, target, "results", "soa_number", "００１２３４")
    report = apply_results(exported.database, target, actor=SUPERVISOR)
    numbers = {change.new for change in report.preview.changes if change.field == "soa_number"}
    assert "001234" in numbers
    assert not any(number and not number.isascii() for number in numbers)


def test_a_full_width_hkid_cell_reads_as_the_canonical_number(exported: Exported, tmp_path: Path) -> None:
    plain = _full_workbook(exported.database, _uids(exported.database)[:2], tmp_path / "plain.xlsx")
    target = tmp_path / "full-width.xlsx"
    number = load_workbook(plain)["applicants"].cell(3, layout(fmt.APPLICANTS).position("hkid") + 1).value
    assert isinstance(number, str)
    assert "*" not in number
    edit_cell(plain, target, "applicants", "hkid", full_width(number.lower()))
    applicants = parse_batch(target).sheets["applicants"]
    assert applicants[0].values["hkid"] == number

    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        merge_batch(other, target, actor=SUPERVISOR)
        with other.session() as session:
            stored = set(session.scalars(select(ApplicantRecord.hkid)))
        assert number in stored
        assert all(value.isascii() for value in stored)
    finally:
        other.close()
