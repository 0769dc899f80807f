"""The 4.0 workbook as a clerk reads and prints it: reference and name on every sheet, labels beside codes,
keys at the right, print set-up; readers take it and the 3.3 layout alike (codes round-trip exactly)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.db.models.catalogue import EvidenceTypeRecord
from assessor_app.core.domain.labels import CASE_STATUS_LABELS
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.summary import EMPLOYMENT_TYPE_TEXT
from assessor_app.core.services.evidence.case_checklist import STATUS_LABELS as EVIDENCE_STATUS_LABELS
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import data_hash
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.merge_content import case_copies
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.workbook_layout import SHOWN, layout
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import (
    ASSESSOR,
    SUPERVISOR,
    as_format_3,
    decrypted,
    demo_database,
    empty_station,
    fill_results,
)

DATA = [sheet.name for sheet in fmt.DATA_SHEETS]


def _rows(sheet: Worksheet) -> list[dict[str, object]]:
    keys = [cell.value for cell in sheet[2]]
    return [dict(zip(keys, row, strict=False)) for row in sheet.iter_rows(min_row=3, values_only=True)]


@pytest.fixture
def paid(database: Database, tmp_path: Path) -> Exported:
    """A default export in which the first signed-off case's fee was paid with a receipt number."""
    demo_database(database)
    with database.session() as session:
        first = session.scalars(
            select(ApplicationRecord.id)
            .where(ApplicationRecord.status == "signed_off")
            .order_by(ApplicationRecord.id)
        ).first()
        session.execute(
            update(ApplicationRecord)
            .where(ApplicationRecord.id == first)
            .values(fee_paid=True, fee_receipt_no="R-000123")
        )
    result = export_batch(database, tmp_path / "batch.xlsx", actor=SUPERVISOR)
    decrypted(result)
    return Exported(database, result, tmp_path)


def test_every_sheet_starts_with_the_reference_and_the_name_and_ends_with_the_keys(paid: Exported) -> None:
    workbook = load_workbook(paid.result.path)
    applicants = {str(row["application_uid"]): row for row in _rows(workbook["applicants"])}
    assert applicants
    for name in DATA:
        sheet = workbook[name]
        keys = [cell.value for cell in sheet[2]]
        assert keys == list(layout(fmt.SHEETS_BY_NAME[name]).keys)
        assert keys[0] == "reference_no"
        assert keys[1] == ("name_zh" if name == "applicants" else "applicant_name")
        uids = [key for key in keys if key.endswith("_uid")]
        assert keys[-len(uids) :] == uids, f"{name}: the keys are the last columns"
        rows = _rows(sheet)
        assert rows, name
        for row in rows:
            person = applicants[str(row["application_uid"])]
            assert row["reference_no"] == person["reference_no"], name
            if name != "applicants":
                surname, given = str(person["surname_en"]).upper(), person["given_names_en"] or ""
                assert row["applicant_name"] == f"{person['name_zh'] or ''} {surname} {given}".strip()
    # the names and the HKID side by side
    keys = [cell.value for cell in workbook["applicants"][2]]
    assert keys[1:5] == ["name_zh", "surname_en", "given_names_en", "hkid"]


def test_coded_values_keep_their_codes_with_the_apps_own_labels_beside_them(paid: Exported) -> None:
    workbook = load_workbook(paid.result.path)
    applications = _rows(workbook["applications"])
    assert {row["status"] for row in applications} == {"exported"}
    zh, en = CASE_STATUS_LABELS["exported"]
    assert {row["status_label"] for row in applications} == {f"{zh} {en}"}
    periods = _rows(workbook["employment"])
    assert periods
    for row in periods:
        assert row["employment_type_label"] == EMPLOYMENT_TYPE_TEXT[str(row["employment_type"])]
    with paid.database.session() as session:
        types = {
            code: f"{zh} {en}"
            for code, zh, en in session.execute(
                select(EvidenceTypeRecord.code, EvidenceTypeRecord.name_zh, EvidenceTypeRecord.name_en)
            )
        }
    items = _rows(workbook["evidence"])
    assert items
    for row in items:
        assert row["evidence_type_label"] == types[str(row["evidence_type"])]
        status_zh, status_en = EVIDENCE_STATUS_LABELS[str(row["status"])]
        assert row["status_label"] == f"{status_zh} {status_en}"
    # every shown column is described in the codebook, and said to be never read back
    codebook = {(row["sheet"], row["key"]): row for row in _rows(workbook["codebook"])}
    for name, columns in SHOWN.items():
        for column in columns:
            assert "never read back" in str(codebook[(name, column.key)]["rule"])


def test_the_fee_paid_and_its_receipt_number_are_on_the_applications_sheet(paid: Exported) -> None:
    rows = _rows(load_workbook(paid.result.path)["applications"])
    receipts = {(row["reference_no"], row["fee_paid"], row["fee_receipt_no"]) for row in rows}
    with paid.database.session() as session:
        reference = session.scalar(
            select(ApplicationRecord.reference_no).where(ApplicationRecord.fee_receipt_no == "R-000123")
        )
    assert (reference, "Y", "R-000123") in receipts
    assert all(
        row["fee_paid"] == "N" and row["fee_receipt_no"] is None
        for row in rows
        if row["reference_no"] != reference
    )


def test_every_sheet_prints_landscape_one_page_wide_with_its_headers_on_each_page(paid: Exported) -> None:
    workbook = load_workbook(paid.result.path)
    assert workbook.sheetnames == list(fmt.ALL_SHEET_NAMES)
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4
        assert int(sheet.page_setup.fitToWidth) == 1, sheet.title
        assert int(sheet.page_setup.fitToHeight) == 0, sheet.title  # as many pages down as it takes
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$2", sheet.title  # the label and key rows
        assert "&P" in sheet.oddFooter.right.text, sheet.title
        # the two-line labels get the height they need: nothing overlaps the keys row below them
        assert sheet.row_dimensions[1].height >= 30, sheet.title
    for name in DATA:
        sheet = workbook[name]
        laid_out = layout(fmt.SHEETS_BY_NAME[name])
        last = len(laid_out.columns) - laid_out.key_columns
        printed = sheet.print_area[0] if isinstance(sheet.print_area, list) else sheet.print_area
        assert printed.split("!")[1].startswith("$A$1:$" + sheet.cell(1, last).column_letter + "$"), name


def test_a_4_0_workbook_reads_back_as_its_data_columns_exactly(paid: Exported) -> None:
    parsed = parse_batch(paid.result.path)
    assert parsed.version == "4.0"
    for name in DATA:  # the shown columns are passed over: the rows hold the data columns only
        assert set(parsed.sheets[name][0].values) == set(fmt.SHEETS_BY_NAME[name].keys)
    recomputed = data_hash(
        [
            (s.name, [tuple(r.values[k] for k in s.keys) for r in parsed.sheets[s.name]])
            for s in parsed.data_sheets
        ]
    )
    assert recomputed == parsed.manifest["data_sha256"] == paid.result.data_sha256


def test_editing_a_shown_cell_changes_nothing_the_results_import_reads(paid: Exported) -> None:
    returned = fill_results(paid.result.path, paid.folder / "returned.xlsx")
    workbook = load_workbook(returned)
    for name in ("applications", "results"):
        sheet = workbook[name]
        keys = [cell.value for cell in sheet[2]]
        sheet.cell(3, keys.index("applicant_name") + 1).value = "SOMEONE ELSE"
    workbook["applications"].cell(
        3, [c.value for c in workbook["applications"][2]].index("status_label") + 1
    ).value = "?"
    workbook.save(returned)
    report = apply_results(paid.database, returned, actor=SUPERVISOR)
    assert report.changed


def test_a_3_3_workbook_is_still_read_imported_and_merged(paid: Exported, tmp_path: Path) -> None:
    full = export_batch(
        paid.database, tmp_path / "full.xlsx", actor=SUPERVISOR, status="exported", full_hkid=True
    )
    old_full = as_format_3(
        decrypted(full, tmp_path / "full-plain.xlsx"), tmp_path / "full-3.xlsx", signer=paid.database
    )
    assert [cell.value for cell in load_workbook(old_full)["employment"][2]][:2] == [
        "period_uid",
        "application_uid",
    ]
    other = empty_station(tmp_path / "other.sqlite3", trusting=paid.database)
    try:
        report = merge_batch(other, old_full, actor=ASSESSOR)
        assert len(report.added) == full.case_count > 0
        assert report.conflicts == []
        assert case_copies(other, report.added) == case_copies(paid.database, report.added)
    finally:
        other.close()

    old = as_format_3(
        fill_results(paid.result.path, tmp_path / "filled.xlsx"), tmp_path / "old.xlsx", signer=paid.database
    )
    assert parse_batch(old).version == "3.3"
    preview = preview_results(paid.database, old, actor=SUPERVISOR)
    assert len(preview.changes) == 3 * paid.result.row_counts["results"]
    assert apply_results(paid.database, old, actor=SUPERVISOR).changed
    assert not apply_results(paid.database, old, actor=SUPERVISOR).changed


def test_a_4_0_workbook_merges_whole(paid: Exported, tmp_path: Path) -> None:
    full = export_batch(
        paid.database, tmp_path / "full.xlsx", actor=SUPERVISOR, status="exported", full_hkid=True
    )
    other = empty_station(tmp_path / "other.sqlite3", trusting=paid.database)
    try:
        report = merge_batch(other, full.path, actor=ASSESSOR, password=full.password)
        assert len(report.added) == full.case_count > 0
        assert case_copies(other, report.added) == case_copies(paid.database, report.added)
        with other.session() as session:  # the shown fee columns are not carried: the merge reads data only
            assert not session.scalar(
                select(ApplicationRecord.id).where(ApplicationRecord.fee_paid.is_(True))
            )
    finally:
        other.close()


def test_a_3_3_workbook_carrying_4_0_columns_is_refused_naming_them(paid: Exported, tmp_path: Path) -> None:
    workbook = load_workbook(paid.result.path)
    manifest = workbook["manifest"]
    row = next(r for r in range(3, manifest.max_row + 1) if manifest.cell(r, 1).value == "format_version")
    manifest.cell(row, 3).value = "3.3"
    workbook.save(tmp_path / "mislabelled.xlsx")
    with pytest.raises(AppError) as refused:
        parse_batch(tmp_path / "mislabelled.xlsx")
    assert any("unknown column key 'applicant_name'" in line for line in refused.value.details)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(
    _soffice() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_prints_each_case_with_its_name_and_hkid_on_the_same_page(
    database: Database, tmp_path: Path
) -> None:
    demo_database(database, applications=120, signed_off=60)
    result = export_batch(database, tmp_path / "batch.xlsx", actor=SUPERVISOR)
    decrypted(result)
    profile = tmp_path / "lo-profile"
    finished = subprocess.run(
        [
            str(_soffice()),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(result.path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "batch.pdf"
    assert finished.returncode == 0, finished.stderr
    assert pdf.exists(), finished.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pages = text.split("\f")
    applicant_pages = [page for page in pages if "applicants" in page and "hkid" in page]
    assert applicant_pages
    people = _rows(load_workbook(result.path)["applicants"])
    assert len(people) == result.case_count > 50
    for person in people:
        lines = [
            line
            for page in applicant_pages
            for line in page.splitlines()
            if str(person["hkid"]) in line and str(person["reference_no"]) in line
        ]
        assert lines, f"{person['reference_no']}: its HKID is not printed beside its reference"
        assert all(
            str(person["surname_en"]) in line and str(person["given_names_en"]) in line for line in lines
        )
    # every page names its sheet in the footer and repeats that sheet's header rows
    first_key = {"manifest": "key", "codebook": "sheet", **dict.fromkeys(DATA, "reference_no")}
    printed = [page for page in pages if page.strip()]
    for page in printed:
        sheet = page.strip().splitlines()[-1].split()[0]
        assert first_key[sheet] in page, sheet
    print(f"{len(printed)} pages for {result.case_count} cases")
    assert len(printed) < result.case_count  # before 4.0: 71 portrait pages for 56 cases
