"""The fast reader (calamine after a byte-level pre-scan) reads exactly what the exact reader (defusedxml)
reads, or leaves the workbook to it: on our own files, on files re-saved by openpyxl and LibreOffice, on
every hostile file of the corpus, on sheets built to trip calamine, and on lying dimensions (in a process
whose memory is capped). Nothing here is timed."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor_app.core.db.database import open_database
from assessor_app.core.errors import AppError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.cells import RawSheet
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.read_exact import read_raw
from assessor_app.core.services.sync.read_fast import NotPlain, exact_cell, read_fast, suspicious_sheet
from assessor_app.core.services.sync.reader import ParsedBatch, parse_batch, parse_sheets
from assessor_app.core.services.sync.workbook_layout import layout
from assessor_app.core.services.sync.writer import SheetSpec, column_letter, write_xlsx
from tests.core.sync.helpers import (
    SUPERVISOR,
    decrypted,
    demo_database,
    fill_results,
    rewrite_members,
    sheet_member,
)
from tests.core.sync.test_hostile_files import CORPUS, Case

SOFFICE = next((path for path in ("/usr/bin/soffice", "/usr/bin/libreoffice") if os.path.exists(path)), None)


@dataclass(frozen=True)
class Workbooks:
    exported: Path
    returned: Path  # re-saved by openpyxl: shared strings, its own XML
    folder: Path


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Workbooks:
    folder = tmp_path_factory.mktemp("fast-reader")
    database = demo_database(open_database(folder / "cases.sqlite3"))
    try:
        exported = decrypted(export_batch(database, folder / "batch.xlsx", actor=SUPERVISOR))
    finally:
        database.close()
    return Workbooks(exported, fill_results(exported, folder / "returned.xlsx"), folder)


def _cells(sheets: list[RawSheet]) -> list[tuple[str, str, dict[int, list[object]]]]:
    """Sheets as comparable values: every cell as the exact reader gives it, blanks as None, no blank row."""
    found = []
    for sheet in sheets:
        rows: dict[int, list[object]] = {}
        for number, cells in sheet.rows.items():
            values: list[object] = [None if cell == "" else exact_cell(cell) for cell in cells]
            while values and values[-1] is None:
                values.pop()
            if values:
                rows[number] = values
        found.append((sheet.name, sheet.state, rows))
    return found


def _typed(values: list[object]) -> list[object]:
    return [(type(value).__name__, value) for value in values]


def _outcome(call: Callable[[], ParsedBatch]) -> tuple[object, ...]:
    """What parsing gives: the rows, or the refusal (its class, code, text and every detail)."""
    try:
        parsed = call()
    except AppError as error:
        return (type(error).__name__, error.code, error.en, error.zh, tuple(error.details))
    return ("parsed", parsed.manifest, parsed.sheets)


def _assert_same_reading(path: Path) -> list[RawSheet]:
    fast = read_fast(path)
    assert fast is not None, "the fast reader should take this workbook"
    exact = read_raw(path)
    fast_cells, exact_cells = _cells(fast), _cells(exact)
    assert fast_cells == exact_cells
    for (_name, _state, fast_rows), (_n, _s, exact_rows) in zip(fast_cells, exact_cells, strict=True):
        for number, values in fast_rows.items():
            assert _typed(values) == _typed(exact_rows[number])  # 3 is not 3.0, a date is not its text
    parsed = parse_batch(path)
    assert parsed.reader == "fast"
    assert _outcome(lambda: parsed) == _outcome(lambda: parse_sheets(exact, path))
    return fast


def test_our_export_and_an_openpyxl_resave_read_the_same_with_both_readers(workbooks: Workbooks) -> None:
    for path in (workbooks.exported, workbooks.returned):
        sheets = _assert_same_reading(path)
        assert [sheet.name for sheet in sheets] == list(fmt.ALL_SHEET_NAMES)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_libreoffice_resave_reads_the_same_with_both_readers(workbooks: Workbooks, tmp_path: Path) -> None:
    out = tmp_path / "resaved"
    out.mkdir()
    finished = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(workbooks.returned),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert finished.returncode == 0, finished.stderr
    _assert_same_reading(out / "returned.xlsx")


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_every_hostile_file_gives_what_the_exact_reader_gives(workbooks: Workbooks, case: Case) -> None:
    hostile = case.make(workbooks.returned, workbooks.folder / f"corpus-{case.name[:40]}.xlsx")
    try:
        exact = _outcome(lambda: parse_sheets(read_raw(hostile), hostile))
    except AppError as refused:  # the guard or the package: both readers refuse alike
        exact = (type(refused).__name__, refused.code, refused.en, refused.zh, tuple(refused.details))
    assert _outcome(lambda: parse_batch(hostile)) == exact


# Sheets built to read differently in calamine: each goes to the exact reader, which decides.
NS = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
TRIPS: list[tuple[str, bytes]] = [
    ("prefixed formula", b'<row r="90"><c r="L90"><x:f ' + NS + b">1+1</x:f><v>2</v></c></row>"),
    ("error type written with blanks", b'<row r="90"><c r="L90" t = "e"><v>#N/A</v></c></row>'),
    ("error type in single quotes", b"<row r='90'><c r='L90' t='e'><v>#N/A</v></c></row>"),
    ("ISO date cell", b'<row r="90"><c r="L90" t="d"><v>2024-03-15</v></c></row>'),
    ("formula string without formula", b'<row r="90"><c r="L90" t="str"><v>x</v></c></row>'),
    ("cell without its reference", b'<row r="90"><c t="inlineStr"><is><t>x</t></is></c></row>'),
    ("reference after another attribute", b'<row r="90"><c s="0" r="L90"><v>1</v></c></row>'),
    ("column beyond BL", b'<row r="90"><c r="BM90" t="inlineStr"><is><t>x</t></is></c></row>'),
    ("row 100,000", b'<row r="100000"><c r="A100000" t="inlineStr"><is><t>x</t></is></c></row>'),
    ("second reference", b'<row r="90"><c r="L90" r ="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'),
    ("raw control character", b'<row r="90"><c r="L90" t="inlineStr"><is><t>a\x01b</t></is></c></row>'),
    ("control character reference", b'<row r="90"><c r="L90" t="inlineStr"><is><t>a&#1;b</t></is></c></row>'),
    ("number with an underscore", b'<row r="90"><c r="L90"><v>1_000</v></c></row>'),
    ("number with blanks", b'<row r="90"><c r="L90"><v> 7 </v></c></row>'),
    ("text in a number cell", b'<row r="90"><c r="L90"><v>1e9999x</v></c></row>'),
]


@pytest.mark.parametrize(("name", "row"), TRIPS, ids=[name for name, _ in TRIPS])
def test_sheets_calamine_would_read_differently_go_to_the_exact_reader(
    workbooks: Workbooks, name: str, row: bytes
) -> None:
    member = sheet_member(workbooks.exported, "results")
    data = zipfile.ZipFile(workbooks.exported).read(member).replace(b"</sheetData>", row + b"</sheetData>")
    assert suspicious_sheet(data) is not None, name
    target = rewrite_members(workbooks.exported, workbooks.folder / "trip.xlsx", {member: data})
    assert read_fast(target) is None
    try:
        exact = _outcome(lambda: parse_sheets(read_raw(target), target))
    except AppError as refused:
        exact = (type(refused).__name__, refused.code, refused.en, refused.zh, tuple(refused.details))
    assert _outcome(lambda: parse_batch(target)) == exact
    assert exact[0] in {"ValidationError", "AppError"}  # none of these is a valid batch


@pytest.mark.parametrize(
    ("name", "change"),
    [
        (
            "comment before the root",
            lambda data: data.replace(b"?>\n<worksheet", b"?>\n<!-- hi --><worksheet", 1),
        ),
        (
            "DTD before the root",
            lambda data: data.replace(
                b"?>\n<worksheet", b'?>\n<!DOCTYPE worksheet SYSTEM "x.dtd"><worksheet', 1
            ),
        ),
        (
            "two sheetData elements",
            lambda data: data.replace(b"</worksheet>", b"<sheetData/></worksheet>", 1),
        ),
    ],
)
def test_the_prolog_and_the_sheet_structure_are_checked_too(
    workbooks: Workbooks, name: str, change: Callable[[bytes], bytes]
) -> None:
    member = sheet_member(workbooks.exported, "manifest")
    data = change(zipfile.ZipFile(workbooks.exported).read(member))
    assert suspicious_sheet(data) is not None, name
    target = rewrite_members(workbooks.exported, workbooks.folder / "prolog.xlsx", {member: data})
    assert read_fast(target) is None


def test_what_calamine_refuses_is_read_by_the_exact_reader(workbooks: Workbooks) -> None:
    member = sheet_member(workbooks.exported, "results")
    data = zipfile.ZipFile(workbooks.exported).read(member)
    not_a_boolean = re.sub(rb'<c r="A3".*?</c>', b'<c r="A3" t="b"><v>2</v></c>', data, count=1)
    assert not_a_boolean != data
    assert suspicious_sheet(not_a_boolean) is None  # the pre-scan lets it through; calamine refuses it
    target = rewrite_members(workbooks.exported, workbooks.folder / "boolean.xlsx", {member: not_a_boolean})
    assert read_fast(target) is None
    assert _outcome(lambda: parse_batch(target)) == _outcome(lambda: parse_sheets(read_raw(target), target))


def test_a_date_before_march_1900_or_with_a_time_is_left_to_the_exact_reader(workbooks: Workbooks) -> None:
    member = sheet_member(workbooks.exported, "applicants")
    data = zipfile.ZipFile(workbooks.exported).read(member)
    born = column_letter(layout(fmt.APPLICANTS).position("date_of_birth")).encode() + b"3"
    old = re.sub(rb'(<c r="' + born + rb'" s="1"><v>)\d+(</v>)', rb"\g<1>59\2", data, count=1)
    timed = re.sub(rb'(<c r="' + born + rb'" s="1"><v>)(\d+)(</v>)', rb"\1\2.75\3", data, count=1)
    for name, changed in (("old", old), ("timed", timed)):
        assert changed != data
        target = rewrite_members(workbooks.exported, workbooks.folder / f"{name}.xlsx", {member: changed})
        fast = read_fast(target)
        assert fast is not None  # calamine reads it ...
        with pytest.raises(NotPlain):  # ... but its date cannot be taken as the exact reader's
            parse_sheets(fast, target, reader="fast")
        assert parse_batch(target).reader == "exact"


def test_the_exact_reader_reads_text_as_calamine_and_excel_do(tmp_path: Path) -> None:
    """Blanks at either end of text not marked to be kept are dropped; _xHHHH_ escapes are decoded; a
    cell goes to the row its reference names; in a malformed cell with both <is> and <v> the last one
    decides (a <v> after inline text leaves it blank, inline text after a <v> is the value); a
    shared-string cell with no index is empty."""
    path = tmp_path / "text.xlsx"
    write_xlsx(path, [SheetSpec("s", [["h"]], [("X",)])])
    member = "xl/worksheets/sheet1.xml"
    cells = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t> trimmed\t</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c>'
        b'<c r="C2" t="inlineStr"><is><r><t> a </t></r><r><t xml:space="preserve"> b </t></r></is></c>'
        b'<c r="D2" t="inlineStr"><is><t>_x0041__x005F_x0042_</t></is></c>'
        b'<c r="E2" t="inlineStr"><is><t>x</t></is><v>7</v></c><c r="F2" t="s"/>'
        b'<c r="G2"><v>5</v><is><t>inline</t></is></c></row>'
        b'<row r="3"><c r="A4" t="inlineStr"><is><t>moved</t></is></c></row>'
    )
    data = zipfile.ZipFile(path).read(member)
    data = re.sub(rb'<row r="2">.*?</row>', cells, data)
    target = rewrite_members(path, tmp_path / "text2.xlsx", {member: data})
    exact = {
        number: [None if cell == "" else cell for cell in row]
        for number, row in read_raw(target)[0].rows.items()
    }
    assert exact[2] == ["trimmed", " kept ", "a b ", "A_x0042_", None, None, "inline"]
    assert exact[4] == ["moved"]
    assert 3 not in exact
    fast = read_fast(target)
    assert fast is not None
    assert _cells(fast) == _cells(read_raw(target))


def test_a_sparse_sheet_stays_with_the_exact_reader(tmp_path: Path) -> None:
    """A cell at BL99999 makes calamine span 6.4 million cells: more than a sheet this small may."""
    path = tmp_path / "sparse.xlsx"
    write_xlsx(path, [SheetSpec("s", [["h"]], [("X",)])])
    member = "xl/worksheets/sheet1.xml"
    data = (
        zipfile.ZipFile(path)
        .read(member)
        .replace(
            b"</sheetData>",
            b'<row r="99999"><c r="BL99999" t="inlineStr"><is><t>far</t></is></c></row></sheetData>',
        )
    )
    assert suspicious_sheet(data) is None
    target = rewrite_members(path, tmp_path / "sparse2.xlsx", {member: data})
    assert read_fast(target) is None
    assert read_raw(target)[0].rows[99999][63] == "far"


_CAPPED = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from assessor_app.core.errors import AppError
    from assessor_app.core.services.sync.read_fast import read_fast
    from assessor_app.core.services.sync.reader import parse_batch
    path = Path(sys.argv[1])
    print("fast" if read_fast(path) is not None else "exact")
    try:
        print(parse_batch(path).reader)
    except AppError as error:
        print("refused:", error.en, *error.details)
    """
)


def _capped(path: Path, limit: int = 1536 * 2**20) -> list[str]:
    """Read ``path`` in a process that cannot have more than ``limit`` bytes of address space."""
    finished = subprocess.run(
        [sys.executable, "-c", _CAPPED, str(path), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return finished.stdout.splitlines()


def test_lying_dimensions_are_read_by_calamine_without_memory_growing(workbooks: Workbooks) -> None:
    member = sheet_member(workbooks.returned, "results")
    data = zipfile.ZipFile(workbooks.returned).read(member)
    lying = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data)
    if lying == data:
        lying = data.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
    assert b'ref="A1:XFD1048576"' in lying
    target = rewrite_members(workbooks.returned, workbooks.folder / "lying.xlsx", {member: lying})
    assert _capped(target) == ["fast", "fast"]


def test_a_cell_at_the_far_corner_never_reaches_calamine(workbooks: Workbooks) -> None:
    member = sheet_member(workbooks.returned, "results")
    data = (
        zipfile.ZipFile(workbooks.returned)
        .read(member)
        .replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )
    )
    target = rewrite_members(workbooks.returned, workbooks.folder / "corner.xlsx", {member: data})
    lines = _capped(target)
    assert lines[0] == "exact"
    assert lines[1].startswith("refused:")
    assert "beyond column" in lines[1]
    assert (
        resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY or True
    )  # this process: untouched


# --- Any values, written by the app, read back the same by both readers ------------------------------

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            ["_", "x", "0", "4", "1", "F", "f", "5", "X", " ", "\n", "\t", "&", "<", ">", '"', "'", "="]
        ),
        st.characters(exclude_categories=["Cs"], exclude_characters="\x00\ufffe\uffff"),
    ),
    max_size=24,
).filter(lambda text: not any(ord(c) < 32 and c not in "\t\n\r" for c in text))
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(2**40), max_value=2**40),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(VALUES, min_size=1, max_size=6), min_size=1, max_size=8))
def test_any_values_read_back_the_same_with_both_readers(tmp_path: Path, rows: list[list[Any]]) -> None:
    path = tmp_path / "any.xlsx"
    write_xlsx(path, [SheetSpec("s", [["a", "b", "c", "d", "e", "f"]], [tuple(row) for row in rows])])
    fast = read_fast(path)
    exact = read_raw(path)
    # The pre-scan may hand a sheet to the exact reader on purpose (e.g. text such as '"e"' that looks like
    # a cell-type attribute); when the fast reader does read it, both must agree cell for cell.
    if fast is not None:
        assert _cells(fast) == _cells(exact)
    (_name, _state, cells) = _cells(exact)[0]
    for number, row in enumerate(rows, start=2):
        wanted = [
            None
            if value is None or value == ""
            else (value - date(1899, 12, 30)).days
            if isinstance(value, date)
            else value
            for value in row
        ]
        while wanted and wanted[-1] is None:
            wanted.pop()
        assert cells.get(number, []) == wanted
