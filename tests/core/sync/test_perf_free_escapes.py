"""Text that looks like an OOXML ``_xHHHH_`` escape (``_x0041_``) comes back as typed: the writer escapes
its ``_`` as ``_x005F_``, and calamine, our two readers and LibreOffice read it back identical; openpyxl
too, except for text holding a literal ``x005F_`` (openpyxl deletes every one). Nothing here is timed."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, EvidenceItemRecord
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.read_exact import read_raw
from assessor_app.core.services.sync.read_fast import read_fast
from assessor_app.core.services.sync.reader import ParsedBatch, parse_batch, parse_sheets
from assessor_app.core.services.sync.writer import SheetSpec, escape_x, unescape_x, write_xlsx
from tests.core.sync.helpers import SUPERVISOR, decrypted, demo_database

NASTY = [
    "_x0041_",
    "_x005F_",
    "_X0041_",
    "_x00_",
    "_x004a_",
    "_x0041_x0042_",
    "__x0041__",
    "a_x000D_b",
    "_xD800_",
    "_xFFFF_",
    "_x005F_x0041_",
    "x005F_ alone",
    "=_x0041_",
    "=1+2",
    "@SUM(A1:A2)",
    "陳大文_x0041_",
    "𠀀 extension B, 㗎",
    "\u3000全形空白\u3000",
    " leading and trailing ",
    "tab\there",
    "line\nbreak",
    "carriage\rreturn",
    "&amp; <b>not markup</b>",
    "\"quoted\" 'too'",
]
# A free-text column the application form does not have: a form field (employer, post, duties) refuses
# blanks at either end and a carriage return, as the form does (tests/core/sync/test_merge_validation.py).
SHEET = "evidence"
FIELDS = ("reason",)
# LibreOffice (7.4 here) reads these right but writes them back wrong: it escapes only the first of two
# patterns sharing an underscore, and leaves a literal "_x005F_x..." as it is. Not the app's doing.
LIBREOFFICE_REWRITES = {"_x0041_x0042_", "_x005F_x0041_"}


def _openpyxl_reads(text: str) -> str:
    """What openpyxl gives for ``text`` as the app writes it: right, except that its shared-string reader
    deletes every "x005F_", so text that holds one literally is changed (an openpyxl limitation)."""
    escaped = escape_x(text)
    return escaped.replace("x005F_", "") if escaped != text else text


@pytest.fixture
def nasty_export(database: Database, tmp_path: Path) -> tuple[Path, dict[tuple[str, str], str]]:
    """An export whose evidence rows carry every nasty string (by evidence key and column)."""
    demo_database(database)
    wanted: dict[tuple[str, str], str] = {}
    with database.session() as session:
        items = session.scalars(
            select(EvidenceItemRecord)
            .join(ApplicationRecord)
            .where(ApplicationRecord.status == "signed_off")
            .order_by(EvidenceItemRecord.id)
        ).all()
        slots = [(item, name) for item in items for name in FIELDS]
        assert len(slots) >= len(NASTY)
        for (item, name), text in zip(slots, NASTY, strict=False):
            setattr(item, name, text)
            wanted[(item.uid, name)] = text
    return decrypted(export_batch(database, tmp_path / "nasty.xlsx", actor=SUPERVISOR)), wanted


def _rows(parsed: ParsedBatch) -> dict[tuple[str, str], object]:
    return {
        (str(row.values["evidence_uid"]), name): row.values[name]
        for row in parsed.sheets[SHEET]
        for name in FIELDS
    }


def _check(path: Path, wanted: dict[tuple[str, str], str]) -> None:
    fast, exact = parse_batch(path), parse_sheets(read_raw(path), path)
    assert fast.reader == "fast"
    for parsed in (fast, exact):
        found = _rows(parsed)
        assert {key: found[key] for key in wanted} == wanted


def test_text_like_escapes_comes_back_identical_with_every_reader(
    nasty_export: tuple[Path, dict[tuple[str, str], str]],
) -> None:
    path, wanted = nasty_export
    _check(path, wanted)  # the app's readers, fast and exact
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
    keys = rows[1]
    by_uid = {row[keys.index("evidence_uid")]: row for row in rows[2:]}
    for (uid, name), text in wanted.items():
        assert by_uid[uid][keys.index(name)] == text, name
    workbook = load_workbook(path)  # openpyxl, default mode
    sheet = workbook[SHEET]
    columns = [cell.value for cell in sheet[2]]
    for row in sheet.iter_rows(min_row=3, values_only=True):
        for name in FIELDS:
            key = (str(row[columns.index("evidence_uid")]), name)
            if key in wanted:
                assert row[columns.index(name)] == _openpyxl_reads(wanted[key]), wanted[key]
    workbook.close()
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                data = archive.read(member)
                assert b"<f>" not in data
                assert b"<f " not in data
        shared = archive.read("xl/sharedStrings.xml")
    assert b"_x005F_x0041_" in shared  # the escaped strings, and only those, are shared strings
    assert b"_X0041_" not in shared


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed",
)
def test_text_like_escapes_survives_a_libreoffice_resave(
    nasty_export: tuple[Path, dict[tuple[str, str], str]], tmp_path: Path
) -> None:
    path, wanted = nasty_export
    out = tmp_path / "resaved"
    out.mkdir()
    finished = subprocess.run(
        [
            str(shutil.which("soffice") or shutil.which("libreoffice")),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert finished.returncode == 0, finished.stderr
    resaved = out / path.name
    assert resaved.read_bytes() != path.read_bytes()
    _check(resaved, {key: text for key, text in wanted.items() if text not in LIBREOFFICE_REWRITES})


@given(st.text(alphabet=st.sampled_from(["_", "x", "X", "0", "4", "1", "5", "F", "f", "D", "8", "a", "陳"])))
def test_escaping_then_decoding_gives_the_text_back(text: str) -> None:
    assert unescape_x(escape_x(text)) == text
    assert escape_x(text) == text or "_x" in text


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(
        st.text(
            alphabet=st.one_of(
                st.sampled_from(["_", "x", "X", "0", "4", "1", "5", "F", "D", "8", " ", "\n", "&", "<"]),
                st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff"),
            ),
            min_size=1,
            max_size=20,
        ),
        min_size=1,
        max_size=10,
    )
)
def test_any_text_written_reads_back_identical_with_calamine_and_both_readers(
    texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("escapes") / "any.xlsx"
    write_xlsx(path, [SheetSpec("s", [["text"]], [(text,) for text in texts])])
    from python_calamine import CalamineWorkbook

    assert [
        row[0] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("s").to_python()[1:]
    ] == texts
    fast, exact = read_fast(path), read_raw(path)
    assert fast is not None
    for sheets in (fast, exact):
        assert [sheets[0].rows[number][0] for number in range(2, len(texts) + 2)] == texts


def test_the_format_still_has_the_columns_the_escapes_test_uses() -> None:
    assert set(FIELDS) <= set(fmt.SHEETS_BY_NAME[SHEET].keys)
