"""A generated corpus of malformed and malicious workbooks: each refused with a clear message, the
database unchanged (compared as a full dump after ``apply_results``)."""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.guard import Limits
from assessor_app.core.services.sync.import_results import apply_results
from assessor_app.core.services.sync.read_exact import read_raw
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.workbook_format import FORMAT_VERSION
from assessor_app.core.services.sync.workbook_layout import written_position
from assessor_app.core.services.sync.writer import column_letter
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import SUPERVISOR, dump, fill_results, rewrite_members, sheet_member

Maker = Callable[[Path, Path], Path]  # (valid returned workbook, target) -> hostile file


@dataclass(frozen=True)
class Case:
    name: str
    make: Maker
    expect: str  # a fragment of the English message or of a detail line


def _edit(change: Callable[[Worksheet], None], sheet: str) -> Maker:
    def make(valid: Path, target: Path) -> Path:
        workbook = load_workbook(valid)
        change(workbook[sheet])
        workbook.save(target)
        return target

    return make


def _column(sheet: Worksheet, key: str) -> int:
    return [cell.value for cell in sheet[2]].index(key) + 1


def _set(sheet_name: str, key: str, value: object, row: int = 3) -> Maker:
    def change(sheet: Worksheet) -> None:
        sheet.cell(row, _column(sheet, key)).value = value

    return _edit(change, sheet_name)


def _hide(name: str) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        workbook[name].sheet_state = "hidden"

    return change


def _remove(name: str) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        workbook.remove(workbook[name])

    return change


def _workbook(change: Callable[[Workbook], None]) -> Maker:
    def make(valid: Path, target: Path) -> Path:
        workbook = load_workbook(valid)
        change(workbook)
        workbook.save(target)
        return target

    return make


def _bytes(data: bytes) -> Maker:
    def make(valid: Path, target: Path) -> Path:
        target.write_bytes(data)
        return target

    return make


def _zip(members: dict[str, bytes], *, compress: int = zipfile.ZIP_DEFLATED) -> Maker:
    def make(valid: Path, target: Path) -> Path:
        with zipfile.ZipFile(target, "w", compress) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return target

    return make


def _member(sheet: str | None, transform: Callable[[bytes], bytes], member: str | None = None) -> Maker:
    def make(valid: Path, target: Path) -> Path:
        # openpyxl re-saves keep sheetN.xml in workbook order
        name = member or sheet_member(valid, str(sheet))
        with zipfile.ZipFile(valid) as archive:
            data = archive.read(name)
        return rewrite_members(valid, target, {name: transform(data)})

    return make


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
WORKBOOK_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"


def _with_doctype(prefix: bytes) -> Callable[[bytes], bytes]:
    def transform(data: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
        return prefix + body

    return transform


def _cell_ref(sheet: str, key: str, row: int = 3) -> str:
    """The reference of the cell holding column ``key`` of ``sheet`` in ``row`` (columns found by key)."""
    return f"{column_letter(written_position(FORMAT_VERSION, fmt.SHEETS_BY_NAME[sheet], key))}{row}"


def _replace_cell(ref: str, cell: bytes) -> Callable[[bytes], bytes]:
    """Replace the cell ``ref`` (it must be there) by ``cell``, where {ref} and {column} are filled in."""
    column = re.match(r"[A-Z]+", ref)
    assert column is not None
    replacement = cell.replace(b"{ref}", ref.encode()).replace(b"{column}", column.group().encode())

    def transform(data: bytes) -> bytes:
        changed, count = re.subn(
            rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', replacement, data, count=1
        )
        assert count == 1, f"no cell {ref} to replace"
        return changed

    return transform


def _zeros(size: int) -> bytes:
    return b"\0" * size


def corpus() -> list[Case]:
    cases: list[Case] = []
    text_column = {
        "applicants": "surname_en",
        "applications": "title_en",
        "employment": "employer",
        "evidence": "evidence_type",
        "results": "soa_number",
    }
    for spec in fmt.DATA_SHEETS:
        name = spec.name
        key = spec.key_columns[0]
        other = text_column[name]
        cases += [
            Case(f"{name}-formula-in-key", _set(name, key, "=A1"), "formula"),
            Case(f"{name}-formula-in-text", _set(name, other, "=1+1"), "formula"),
            Case(
                f"{name}-formula-hyperlink",
                _set(name, other, '=HYPERLINK("http://evil.example","x")'),
                "formula",
            ),
            Case(f"{name}-error-na", _set(name, other, "#N/A"), "error cell"),
            Case(f"{name}-error-div0", _set(name, key, "#DIV/0!"), "error cell"),
            Case(f"{name}-error-ref", _set(name, other, "#REF!"), "error cell"),
            Case(f"{name}-unknown-header", _set(name, key, "surprise_column", row=2), "unknown column key"),
            Case(f"{name}-duplicate-header", _set(name, other, key, row=2), "appears twice"),
            Case(f"{name}-missing-header", _set(name, other, None, row=2), "missing columns"),
            Case(f"{name}-formula-header", _set(name, key, "=CONCAT(1)", row=2), "header"),
            Case(f"{name}-bad-key", _set(name, key, "not-a-uuid" if key.endswith("uid") else None), "row 3"),
            Case(
                f"{name}-value-outside-columns",
                _edit(lambda s: setattr(s.cell(3, 40), "value", "stray"), name),
                "outside",
            ),
            Case(f"{name}-duplicate-row", _edit(_duplicate_row, name), "same key"),
            Case(
                f"{name}-hidden",
                _workbook(_hide(name)),
                "hidden",
            ),
            Case(f"{name}-missing", _workbook(_remove(name)), "missing"),
        ]
    wrong_types = [
        ("applicants", "date_of_birth", "yesterday"),
        ("applicants", "date_of_birth", True),
        ("applicants", "residence_status", "Z"),
        ("applicants", "preferred_language", "klingon"),
        ("applicants", "hkid", 12345.5),
        ("applications", "application_date", "31/02/2024"),
        ("applications", "fee_hkd", "free"),
        ("applications", "fee_hkd", 12.5),
        ("applications", "qf_level", 7),
        ("applications", "status", "teleported"),
        ("applications", "carer_declaration", "maybe"),
        ("applications", "route", "by_magic"),
        ("employment", "start_date", 99999999),
        ("employment", "position", "first"),
        ("employment", "employment_type", "pirate"),
        ("employment", "in_hong_kong", "perhaps"),
        ("employment", "hours_per_week", True),
        ("employment", "hours_per_week", 200),
        ("employment", "weight_percent", "abc"),
        ("employment", "weight_percent", 0),
        ("employment", "weight_percent", 101),
        ("employment", "weight_percent", 50.5),
        ("employment", "kind", "boss"),
        ("employment", "overseas_accepted", "maybe"),
        ("applicants", "application_uid", "not-a-uuid"),
        ("evidence", "status", "lost"),
        ("evidence", "period_uid", "1234"),
        ("results", "result", "maybe"),
        ("results", "soa_date", "soon"),
        ("results", "recommendation", "approve"),
        ("results", "signed_off_on", -5),
    ]
    for sheet, key, value in wrong_types:
        cases.append(Case(f"wrong-type-{sheet}-{key}-{value!r}", _set(sheet, key, value), f"({key})"))
    cases += [
        # the application form's rules, and each date column's plausible dates (see cell_rules)
        Case("form-name-40000-characters", _set("applicants", "surname_en", "A" * 40_000), "at most 60"),
        Case("form-name-leading-tab", _set("applicants", "surname_en", "\tCHAN"), "begins or ends"),
        Case("form-address-leading-cr", _set("applicants", "address", "_x000D_Flat 1"), "begins or ends"),
        Case("form-employer-inner-cr", _set("employment", "employer", "A_x000D_B"), "U+000D"),
        Case("negative-fee", _set("applications", "fee_hkd", -290), "(fee_hkd)"),
        Case("negative-hours", _set("employment", "hours_per_week", -5), "(hours_per_week)"),
        Case("remarks-too-long", _set("results", "remarks", "x" * 20_001), "at most 20000"),
        Case("soa-date-9999", _set("results", "soa_date", "9999-12-31"), "not a plausible"),
        Case("birth-serial-60", _set("applicants", "date_of_birth", 60), "serial 60"),
        Case("birth-before-1900", _set("applicants", "date_of_birth", "1899-12-31"), "not a plausible"),
        Case("required-blank", _set("applicants", "surname_en", None), "required"),
        Case("results-pass-without-soa", _set("results", "soa_number", None), "SoA"),
        Case("results-soa-without-result", _set("results", "result", None), "without a result"),
        Case("results-fail-with-soa", _set("results", "result", "failed"), "fail has no SoA"),
        Case(
            "results-unknown-case",
            _set("results", "application_uid", str(uuid.uuid4())),
            "not on this laptop",
        ),
        Case(
            "results-unknown-qualification",
            _set("results", "qualification", "99/999999/L9"),
            "not on this laptop",
        ),
        Case(
            "manifest-not-ours",
            _edit(lambda s: setattr(s["C3"], "value", "other-format"), "manifest"),
            "not a batch workbook",
        ),
        Case(
            "manifest-future-version",
            _edit(lambda s: setattr(s["C4"], "value", "5.0"), "manifest"),
            "not supported",
        ),
        Case("manifest-formula", _edit(lambda s: setattr(s["C5"], "value", "=1+1"), "manifest"), "formula"),
        Case("extra-visible-sheet", _workbook(lambda wb: wb.create_sheet("notes")), "unknown sheet"),
        Case(
            "extra-hidden-sheet",
            _workbook(lambda wb: setattr(wb.create_sheet("secret"), "sheet_state", "hidden")),
            "hidden",
        ),
        Case(
            "extra-very-hidden-sheet",
            _workbook(lambda wb: setattr(wb.create_sheet("x"), "sheet_state", "veryHidden")),
            "unknown sheet",
        ),
        Case("duplicate-sheet-copy", _workbook(lambda wb: wb.copy_worksheet(wb["results"])), "unknown sheet"),
        # not a workbook at all
        Case("empty-file", _bytes(b""), "empty"),
        Case("text-file", _bytes("申請人,HKID\n陳大文,A123456(3)\n".encode()), "not an .xlsx"),
        Case("csv-renamed", _bytes(b"application_uid,result\n1,passed\n"), "not an .xlsx"),
        Case("pdf", _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"), "not an .xlsx"),
        Case("png", _bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "not an .xlsx"),
        Case("html-as-xls", _bytes(b"<html><table><tr><td>=1+1</td></tr></table></html>"), "not an .xlsx"),
        Case(
            "encrypted-ole", _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024), "password-protected"
        ),
        Case("random-bytes", _bytes(bytes(range(256)) * 8), "not an .xlsx"),
        Case("zip-header-only", _bytes(b"PK\x03\x04" + b"\0" * 40), "damaged"),
        Case("truncated-xlsx", lambda valid, target: _truncate(valid, target), "damaged"),
        Case(
            "zip-without-workbook",
            _zip({"[Content_Types].xml": b"<Types/>", "hello.txt": b"hi"}),
            "not an .xlsx",
        ),
        Case(
            "docx-not-xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
            "not an .xlsx",
        ),
        Case(
            "odt-zip",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
            "not an .xlsx",
        ),
        Case("too-many-members", _zip({f"junk/{i}.xml": b"<a/>" for i in range(150)}), "parts"),
        Case(
            "zip-bomb-ratio",
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": _zeros(20 * 2**20)}),
            "zip bomb",
        ),
        Case(
            "zip-bomb-member",
            lambda valid, target: _member("results", lambda data: data + _zeros(2 * 2**20))(valid, target),
            "zip bomb",
        ),
        Case("duplicate-member-names", lambda valid, target: _duplicate_member(valid, target), "same name"),
        # not a plain workbook, whatever the file is called
        Case(
            "macro-enabled-content-type",
            _member(None, lambda data: data.replace(WORKBOOK_TYPE, MACRO_TYPE), "[Content_Types].xml"),
            "macro-enabled",
        ),
        Case(
            "vba-project-part",
            lambda valid, target: rewrite_members(
                valid, target, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512}
            ),
            "macro-enabled",
        ),
        Case(
            "template-content-type",
            _member(None, lambda data: data.replace(WORKBOOK_TYPE, TEMPLATE_TYPE), "[Content_Types].xml"),
            "not as a plain .xlsx",
        ),
        Case(
            "no-workbook-content-type",
            _member(
                None,
                lambda data: re.sub(rb'<Override PartName="/xl/workbook.xml"[^>]*/>', b"", data),
                "[Content_Types].xml",
            ),
            "not as a plain .xlsx",
        ),
        Case(
            "content-types-with-doctype",
            _member(None, _with_doctype(XXE), "[Content_Types].xml"),
            "entities",
        ),
        # XML attacks
        Case("billion-laughs-sheet", _member("results", _with_doctype(BILLION_LAUGHS)), "entities"),
        Case(
            "billion-laughs-workbook",
            _member(None, _with_doctype(BILLION_LAUGHS), "xl/workbook.xml"),
            "entities",
        ),
        Case("xxe-sheet", _member("applicants", _with_doctype(XXE)), "entities"),
        Case("xxe-workbook", _member(None, _with_doctype(XXE), "xl/workbook.xml"), "entities"),
        Case("xxe-rels", _member(None, _with_doctype(XXE), "xl/_rels/workbook.xml.rels"), "entities"),
        Case(
            "dtd-only",
            _member(
                "manifest",
                _with_doctype(
                    b'<?xml version="1.0"?><!DOCTYPE worksheet SYSTEM "http://evil.example/x.dtd">'
                ),
            ),
            "DTD",
        ),
        Case("shared-strings-bomb", lambda valid, target: _shared_strings_bomb(valid, target), "entities"),
        Case("malformed-xml", _member("evidence", lambda data: data[: len(data) // 2]), "well-formed"),
        Case("not-xml-sheet", _member("employment", lambda data: b"\x00\x01binary"), "well-formed"),
        # lying or absurd dimensions and references
        Case(
            "cell-far-right",
            _member(
                "results",
                lambda data: data.replace(
                    b"</sheetData>",
                    b'<row r="9"><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                ),
            ),
            "beyond column",
        ),
        Case(
            "row-number-huge",
            _member(
                "results",
                lambda data: data.replace(
                    b"</sheetData>",
                    b'<row r="5000000"><c r="A5000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                ),
            ),
            "row",
        ),
        Case(
            "bad-cell-reference",
            _member(
                "results",
                lambda data: data.replace(
                    b"</sheetData>",
                    b'<row r="90"><c r="1A" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                ),
            ),
            "cell reference",
        ),
        Case(
            "missing-shared-string",
            _member(
                "results",
                lambda data: data.replace(
                    b"</sheetData>", b'<row r="90"><c r="A90" t="s"><v>999999</v></c></row></sheetData>'
                ),
            ),
            "shared string",
        ),
        Case(
            "raw-formula-cell",
            _member(
                "results",
                _replace_cell(
                    _cell_ref("results", "result"),
                    b'<c r="{ref}" t="str"><f>IF(1,"passed")</f><v>passed</v></c>',
                ),
            ),
            "formula",
        ),
        Case(
            "shared-formula",
            _member(
                "results",
                _replace_cell(
                    _cell_ref("results", "result"),
                    b'<c r="{ref}"><f t="shared" si="0" ref="{ref}:{column}9">1</f><v>1</v></c>',
                ),
            ),
            "formula",
        ),
        Case(
            "raw-error-cell",
            _member(
                "results",
                _replace_cell(_cell_ref("results", "result"), b'<c r="{ref}" t="e"><v>#VALUE!</v></c>'),
            ),
            "error cell",
        ),
        Case(
            "malformed-number",
            _member(
                "results",
                lambda data: data.replace(
                    b"</sheetData>", b'<row r="90"><c r="A90"><v>1e9999x</v></c></row></sheetData>'
                ),
            ),
            "malformed number",
        ),
    ]
    return cases


def _duplicate_row(sheet: Worksheet) -> None:
    values = [cell.value for cell in sheet[3]]
    sheet.append(values)


def _truncate(valid: Path, target: Path) -> Path:
    data = valid.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _duplicate_member(valid: Path, target: Path) -> Path:
    import warnings

    with zipfile.ZipFile(valid) as old, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(target, "w") as new:
            for item in old.infolist():
                new.writestr(item.filename, old.read(item.filename))
            new.writestr("xl/workbook.xml", old.read("xl/workbook.xml"))
    return target


def _shared_strings_bomb(valid: Path, target: Path) -> Path:
    bomb = (
        BILLION_LAUGHS
        + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    rels = zipfile.ZipFile(valid).read("xl/_rels/workbook.xml.rels")
    if b"sharedStrings" not in rels:
        rels = rels.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    return rewrite_members(valid, target, {"xl/sharedStrings.xml": bomb, "xl/_rels/workbook.xml.rels": rels})


CORPUS = corpus()


def test_the_corpus_has_at_least_100_distinct_files() -> None:
    assert len(CORPUS) >= 100
    assert len({case.name for case in CORPUS}) == len(CORPUS)


@pytest.fixture
def returned(exported: Exported) -> Path:
    return fill_results(exported.result.path, exported.folder / "returned.xlsx")


def test_the_valid_returned_workbook_is_accepted(exported: Exported, returned: Path) -> None:
    assert apply_results(exported.database, returned, actor=SUPERVISOR).changed


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_each_hostile_file_is_refused_with_a_clear_message_and_no_change(
    exported: Exported, returned: Path, case: Case
) -> None:
    hostile = case.make(returned, exported.folder / f"hostile-{len(case.name)}.xlsx")
    before = dump(exported.database)
    with pytest.raises(AppError) as refused:
        apply_results(exported.database, hostile, actor=SUPERVISOR)
    error = refused.value
    text = " ".join([error.en, *error.details])
    assert case.expect.lower() in text.lower(), text[:2000]
    assert error.zh
    assert error.en
    assert re.search("[\u4e00-\u9fff]", error.zh)
    if isinstance(error, ValidationError):
        assert error.details
        assert all(" / " in line or "/" in line for line in error.details)
    assert dump(exported.database) == before


def test_declared_dimensions_are_not_trusted(exported: Exported, returned: Path) -> None:
    member = sheet_member(returned, "results")
    data = zipfile.ZipFile(returned).read(member)
    lying = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
    if lying == data:
        lying = data.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
    target = rewrite_members(returned, exported.folder / "lying.xlsx", {member: lying})
    parsed = parse_batch(target)
    assert len(parsed.sheets["results"]) == exported.result.row_counts["results"]


def test_limits_on_total_size_are_configurable(returned: Path) -> None:
    with pytest.raises(AppError) as refused:
        read_raw(returned, Limits(max_total_uncompressed=10_000))
    assert "zip bomb" in refused.value.en
    with pytest.raises(AppError) as too_big:
        read_raw(returned, Limits(max_file_bytes=1_000))
    assert "limit" in too_big.value.en


def test_problems_name_sheet_row_and_column(exported: Exported, returned: Path) -> None:
    hostile = _set("employment", "start_date", "soon")(returned, exported.folder / "bad.xlsx")
    with pytest.raises(ValidationError) as refused:
        parse_batch(hostile)
    column = column_letter(written_position(FORMAT_VERSION, fmt.EMPLOYMENT, "start_date"))
    assert refused.value.details[0].startswith(
        f"sheet employment, row 3, column {column} (start_date): not a date"
    )
    assert "工作表 employment 第 3 行" in refused.value.details[0]
