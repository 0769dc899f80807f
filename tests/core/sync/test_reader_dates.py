"""Dates as both readers read them: Excel's 1900 system (serials 1 to 59 are 1900-01-01 to 1900-02-28,
serial 60 the 29 February 1900 that never was and is refused, 61 is 1900-03-01), the 1904 system
honoured, and each date column's plausible dates (an SoA dated 9999-12-31, a date of birth before 1900
or in the future: refused with the cell named). Every workbook is a real export with cells rewritten."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assessor_app.core.errors import ValidationError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.read_exact import read_raw
from assessor_app.core.services.sync.read_fast import NotPlain, read_fast
from assessor_app.core.services.sync.reader import ParsedBatch, parse_batch, parse_sheets
from assessor_app.core.services.sync.workbook_format import FORMAT_VERSION
from assessor_app.core.services.sync.workbook_layout import written_position
from assessor_app.core.services.sync.writer import STYLE_DATE, column_letter
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import fill_results, rewrite_members, sheet_member

DATE_CELL = re.compile(rb'<c r="([A-Z]+\d+)" s="' + str(STYLE_DATE).encode() + rb'"><v>(\d+)</v></c>')


def _ref(sheet: str, key: str, row: int = 3) -> str:
    return f"{column_letter(written_position(FORMAT_VERSION, fmt.SHEETS_BY_NAME[sheet], key))}{row}"


def _with_cell(source: Path, target: Path, sheet: str, key: str, cell: str) -> Path:
    """``source`` with the cell of column ``key`` in row 3 of ``sheet`` replaced by ``cell`` (XML, where
    ``{ref}`` is the reference), written as it is: what Excel or a forger could save."""
    member = sheet_member(source, sheet)
    data = zipfile.ZipFile(source).read(member)
    ref = _ref(sheet, key)
    new = cell.replace("{ref}", ref).encode()
    changed, count = re.subn(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', new, data, count=1)
    if not count:  # a blank cell is not written: put it in its row
        changed, count = re.subn(rb'(<row r="3"[^>]*>)', rb"\1" + new, data, count=1)
    assert count == 1
    return rewrite_members(source, target, {member: changed})


def _both(path: Path) -> list[ParsedBatch | ValidationError]:
    """The workbook as the fast reader's sheets and the exact reader's sheets each give it, checked
    against the format (a refusal returned, not raised). A date calamine reads as a day before March
    1900 (whose serial it counts its own way) leaves the workbook to the exact reader: then only the
    exact reader's is given."""
    fast = read_fast(path)
    assert fast is not None, "the fast reader left the workbook to the exact one"
    results: list[ParsedBatch | ValidationError] = []
    for sheets, reader in ((fast, "fast"), (read_raw(path), "exact")):
        try:
            results.append(parse_sheets(sheets, path, reader=reader))
        except ValidationError as error:
            results.append(error)
        except NotPlain:
            assert reader == "fast"
    return results


def _birth(parsed: ParsedBatch | ValidationError) -> object:
    assert isinstance(parsed, ParsedBatch), parsed.details if isinstance(parsed, ValidationError) else ""
    (row,) = [row for row in parsed.sheets["applicants"] if row.number == 3]
    return row.values["date_of_birth"]


@pytest.mark.parametrize(
    ("serial", "day"),
    [(1, date(1900, 1, 1)), (59, date(1900, 2, 28)), (61, date(1900, 3, 1)), (25569, date(1970, 1, 1))],
)
def test_1900_serials_read_as_excel_shows_them_by_both_readers(
    exported: Exported, serial: int, day: date
) -> None:
    for style in (f' s="{STYLE_DATE}"', ""):  # a date-formatted number (a date to calamine) or a plain one
        path = _with_cell(
            exported.result.path,
            exported.folder / f"serial-{serial}{len(style)}.xlsx",
            "applicants",
            "date_of_birth",
            f'<c r="{{ref}}"{style}><v>{serial}</v></c>',
        )
        read = _both(path)
        assert [_birth(parsed) for parsed in read] == [day] * len(read)
        assert len(read) == 2 or (style and day < date(1900, 3, 1))  # a plain number: calamine reads it
        assert _birth(parse_batch(path)) == day
        if style:  # an independent reader agrees
            shown = load_workbook(path)["applicants"][_ref("applicants", "date_of_birth")].value
            assert shown.date() == day


def test_serial_60_the_phantom_29_february_1900_is_refused_by_both_readers(exported: Exported) -> None:
    for style in (f' s="{STYLE_DATE}"', ""):
        path = _with_cell(
            exported.result.path,
            exported.folder / f"serial-60{len(style)}.xlsx",
            "applicants",
            "date_of_birth",
            f'<c r="{{ref}}"{style}><v>60</v></c>',
        )
        for refused in (*_both(path), _refusal(path)):
            assert isinstance(refused, ValidationError)
            (line,) = refused.details
            assert line.startswith(
                f"sheet applicants, row 3, column {_ref('applicants', 'date_of_birth')[:-1]} (date_of_birth): "
                "serial 60 is 29 February 1900, a day that never was"
            )
            assert "1900 年 2 月 29 日" in line


def _refusal(path: Path) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        parse_batch(path)
    return refused.value


@pytest.mark.parametrize(
    ("sheet", "key", "cell", "shown"),
    [
        ("results", "soa_date", '<c r="{ref}" t="inlineStr"><is><t>9999-12-31</t></is></c>', "9999-12-31"),
        ("results", "soa_date", f'<c r="{{ref}}" s="{STYLE_DATE}"><v>2958465</v></c>', "9999-12-31"),
        ("results", "soa_date", '<c r="{ref}" t="inlineStr"><is><t>2007-12-31</t></is></c>', "2007-12-31"),
        ("applicants", "date_of_birth", f'<c r="{{ref}}" s="{STYLE_DATE}"><v>0</v></c>', None),
        (
            "applicants",
            "date_of_birth",
            '<c r="{ref}" t="inlineStr"><is><t>1899-12-31</t></is></c>',
            "1899-12-31",
        ),
        ("applicants", "date_of_birth", "FUTURE", "FUTURE"),
        (
            "employment",
            "start_date",
            '<c r="{ref}" t="inlineStr"><is><t>1939-12-31</t></is></c>',
            "1939-12-31",
        ),
        (
            "applications",
            "application_date",
            '<c r="{ref}" t="inlineStr"><is><t>31/12/2007</t></is></c>',
            "2007-12-31",
        ),
    ],
)
def test_a_date_outside_its_columns_plausible_dates_is_refused_with_the_cell_named(
    exported: Exported, sheet: str, key: str, cell: str, shown: str | None
) -> None:
    tomorrow = (hong_kong_today() + timedelta(days=1)).isoformat()
    if cell == "FUTURE":
        cell, shown = f'<c r="{{ref}}" t="inlineStr"><is><t>{tomorrow}</t></is></c>', tomorrow
    source = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    path = _with_cell(source, exported.folder / "out-of-range.xlsx", sheet, key, cell)
    for refused in (*_both(path), _refusal(path)):
        assert isinstance(refused, ValidationError)
        (line,) = refused.details
        assert line.startswith(f"sheet {sheet}, row 3, column {_ref(sheet, key)[:-1]} ({key}): ")
        if shown is not None:
            assert f"{shown} is not a plausible" in line
            assert "並非合理的" in line


def test_an_soa_dated_up_to_a_year_ahead_is_accepted(exported: Exported) -> None:
    ahead = hong_kong_today() + timedelta(days=300)
    source = fill_results(exported.result.path, exported.folder / "returned.xlsx", soa_date=ahead)
    for parsed in (*_both(source), parse_batch(source)):
        assert isinstance(parsed, ParsedBatch)
        assert {row.values["soa_date"] for row in parsed.sheets["results"]} == {ahead}


def _as_1904(source: Path, target: Path) -> Path:
    """``source`` (as this app writes it) saved in Excel's 1904 date system: ``date1904`` set, every date
    serial 1462 less."""
    replaced: dict[str, bytes] = {}
    with zipfile.ZipFile(source) as archive:
        workbook = archive.read("xl/workbook.xml")
        replaced["xl/workbook.xml"] = re.sub(
            rb"(<workbook [^>]*>)", rb'\1<workbookPr date1904="1"/>', workbook, count=1
        )
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                replaced[name] = DATE_CELL.sub(
                    lambda match: (
                        b'<c r="%s" s="%d"><v>%d</v></c>'
                        % (match.group(1), STYLE_DATE, int(match.group(2)) - 1462)
                    ),
                    archive.read(name),
                )
    return rewrite_members(source, target, replaced)


def test_a_1904_workbook_reads_the_same_dates(exported: Exported) -> None:
    source = exported.result.path
    path = _as_1904(source, exported.folder / "mac.xlsx")
    assert read_fast(path) is None  # calamine would read it too, but the exact reader alone decides
    expected, parsed = parse_batch(source), parse_batch(path)
    assert parsed.reader == "exact"
    assert parsed.sheets == expected.sheets
    workbook = load_workbook(path)  # openpyxl honours the 1904 system too: the same date of birth
    ref = _ref("applicants", "date_of_birth")
    assert workbook["applicants"][ref].value.date() == _birth(expected)


def test_a_1904_serial_of_0_is_1904_01_01(exported: Exported) -> None:
    path = _as_1904(exported.result.path, exported.folder / "mac.xlsx")
    path = _with_cell(
        path,
        exported.folder / "mac-0.xlsx",
        "applicants",
        "date_of_birth",
        f'<c r="{{ref}}" s="{STYLE_DATE}"><v>0</v></c>',
    )
    assert _birth(parse_batch(path)) == date(1904, 1, 1)
