"""Export: every value round-trips, nothing is a formula, HKIDs are masked, the ledger and locks are right."""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select, update

from assessor_app.core.db import cipher
from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, EvidenceItemRecord
from assessor_app.core.domain import hkid
from assessor_app.core.errors import AppError
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.review.corrections import cases_for_next_batch, open_correction
from assessor_app.core.services.sync import export as export_module
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import case_content_hash
from assessor_app.core.services.sync.export import (
    build_workbook,
    export_batch,
    verify_workbook,
    verify_workbook_openpyxl,
)
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.workbook_layout import codebook_rows, layout
from assessor_app.core.services.sync.writer import ExportCancelled, SheetSpec, write_xlsx
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import ASSESSOR, CLERK, SUPERVISOR, decrypted, demo_database, dump

pytestmark = pytest.mark.also_encrypted  # clear and encrypted database (tests/core/conftest.py)

TRICKY = [
    "=1+2",
    "+85291234567",
    "-5",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rCarriage",
    '=HYPERLINK("http://x")',
    " spaced ",
]


def _sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(path)  # default mode: types, styles and all
    try:
        return {
            name: [tuple(cell.value for cell in row) for row in workbook[name].iter_rows()]
            for name in workbook.sheetnames
        }
    finally:
        workbook.close()


def _expected(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def test_round_trip_every_value_reopened_with_openpyxl(exported: Exported) -> None:
    built = build_workbook(exported.database, status="exported")
    actual = _sheet_values(exported.result.path)
    assert list(actual) == list(fmt.ALL_SHEET_NAMES)
    for spec in built.sheets:
        if spec.name == fmt.MANIFEST_SHEET:
            continue
        rows = actual[spec.name]
        expected_rows = [*spec.header_rows, *spec.rows]
        assert len(rows) == len(expected_rows), spec.name
        for got, wanted in zip(rows, expected_rows, strict=True):
            width = max(len(got), len(wanted))
            padded = [*wanted, *[None] * (width - len(wanted))]
            assert list(got) + [None] * (width - len(got)) == [_expected(v) for v in padded], spec.name
    # and the app's own reader gives the same rows back
    parsed = parse_batch(exported.result.path)
    assert {name: len(rows) for name, rows in parsed.sheets.items()} == exported.result.row_counts


def test_layout_frozen_headers_filters_widths_validation_and_text_cells(exported: Exported) -> None:
    workbook = load_workbook(exported.result.path)
    sheet = workbook["applicants"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref is not None
    assert sheet.auto_filter.ref.startswith("A2:")
    assert sheet.column_dimensions["A"].width == 20  # the reference number first
    assert [cell.value for cell in sheet[2]] == list(layout(fmt.APPLICANTS).keys)
    assert sheet["E1"].value == "香港身份證號碼\nHKID number"
    assert sheet["E3"].data_type == "s"
    assert isinstance(sheet["E3"].value, str)
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["H3"] == '"A,R,U,OWP"'  # residence_status
    applications = workbook["applications"]
    date_column = layout(fmt.APPLICATIONS).position("application_date") + 1
    cell = applications.cell(3, date_column)
    assert isinstance(cell.value, datetime)
    assert cell.number_format == "yyyy\\-mm\\-dd"
    workbook.close()


def test_formula_looking_text_is_stored_as_plain_strings_and_read_back_identical(
    database: Database, tmp_path: Path
) -> None:
    demo_database(database)
    # In a free-text column the form does not have (a form field never holds blanks at either end or a
    # carriage return: the reader refuses those there, tests/core/sync/test_merge_validation.py).
    with database.session() as session:
        items = session.scalars(
            select(EvidenceItemRecord)
            .join(ApplicationRecord)
            .where(ApplicationRecord.status == "signed_off")
            .order_by(EvidenceItemRecord.id)
            .limit(len(TRICKY))
        ).all()
        assert len(items) == len(TRICKY)
        for item, text in zip(items, TRICKY, strict=True):
            item.reason = text
        wanted = {item.uid: text for item, text in zip(items, TRICKY, strict=True)}
    result = export_batch(database, tmp_path / "tricky.xlsx", actor=SUPERVISOR)
    decrypted(result)
    with zipfile.ZipFile(result.path) as archive:
        for name in archive.namelist():
            assert b"<f>" not in archive.read(name), name
            assert b"<f " not in archive.read(name), name
    workbook = load_workbook(result.path)
    sheet = workbook["evidence"]
    keys = [cell.value for cell in sheet[2]]
    uid_col, reason_col = keys.index("evidence_uid") + 1, keys.index("reason") + 1
    seen = {}
    for row in range(3, sheet.max_row + 1):
        uid = sheet.cell(row, uid_col).value
        if uid in wanted:
            cell = sheet.cell(row, reason_col)
            assert cell.data_type == "s", (cell.value, cell.data_type)
            seen[uid] = cell.value
    workbook.close()
    assert seen == wanted
    parsed = parse_batch(result.path)
    back = {row.values["evidence_uid"]: row.values["reason"] for row in parsed.sheets["evidence"]}
    assert {uid: back[uid] for uid in wanted} == wanted


def test_hkids_are_masked_and_full_numbers_need_a_supervisor(exported: Exported, tmp_path: Path) -> None:
    with exported.database.session() as session:
        numbers = session.scalars(select(ApplicantRecord.hkid)).all()
    with zipfile.ZipFile(exported.result.path) as archive:
        content = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    for number in numbers:
        assert number not in content
        assert hkid.compact(number) not in content
    assert any(hkid.mask(number) in content for number in numbers)
    before = dump(exported.database)
    with pytest.raises(AppError) as refused:
        export_batch(
            exported.database, tmp_path / "full.xlsx", actor=ASSESSOR, status="exported", full_hkid=True
        )
    assert refused.value.code == "full_hkid_role"
    assert "主管" in refused.value.zh
    assert not (tmp_path / "full.xlsx").exists()
    assert dump(exported.database) == before


def test_ledger_locks_status_and_audit(exported: Exported) -> None:
    result = exported.result
    assert result.case_count == 12  # the encrypted file's hash: test_privacy_export
    with exported.database.session() as session:
        batch = session.get(ExportBatchRecord, result.batch_id)
        assert batch is not None
        assert (batch.kind, batch.file_name, batch.file_sha256, batch.case_count, batch.created_by) == (
            "export",
            "batch.xlsx",
            result.file_sha256,
            12,
            SUPERVISOR,
        )
        items = session.scalars(select(BatchItemRecord).where(BatchItemRecord.batch_id == batch.id)).all()
        assert len(items) == 12
        assert all(len(item.content_sha256) == 64 for item in items)
        locked = session.scalars(
            select(ApplicationRecord).where(ApplicationRecord.locked_by_batch_id == batch.id)
        ).all()
        assert {a.id for a in locked} == {item.application_id for item in items}
        assert {a.status for a in locked} == {"exported"}
        assert session.scalar(select(func.count()).where(ApplicationRecord.status == "signed_off")) == 0
    assert verify_chain(exported.database).intact
    assert not [p for p in exported.folder.iterdir() if p.name.startswith(".~")]


def test_exporting_the_same_cases_twice_gives_identical_data(exported: Exported) -> None:
    again = export_batch(
        exported.database, exported.folder / "again.xlsx", actor=SUPERVISOR, status="exported"
    )
    assert again.data_sha256 == exported.result.data_sha256
    decrypted(again)
    first, second = _sheet_values(exported.result.path), _sheet_values(again.path)
    for name in fmt.ALL_SHEET_NAMES:
        if name == fmt.MANIFEST_SHEET:
            volatile = {row[0] for row in first[name][2:] if row[0] in fmt.VOLATILE_MANIFEST_KEYS}
            assert volatile == set(fmt.VOLATILE_MANIFEST_KEYS)
            assert [r for r in first[name] if r[0] not in volatile] == [
                r for r in second[name] if r[0] not in volatile
            ]
        else:
            assert first[name] == second[name], name


def test_nothing_left_to_export_then_corrected_cases_go_in_the_next_batch(exported: Exported) -> None:
    database = exported.database
    with pytest.raises(AppError) as nothing:
        export_batch(database, exported.folder / "none.xlsx", actor=SUPERVISOR)
    assert nothing.value.code == "nothing_to_export"
    with database.session() as session:
        case_id = session.scalar(
            select(ApplicationRecord.id)
            .where(ApplicationRecord.locked_by_batch_id == exported.result.batch_id)
            .limit(1)
        )
    assert case_id is not None
    open_correction(database, case_id, actor=SUPERVISOR, reason="Wrong employer name")
    assert [row.application_id for row in cases_for_next_batch(database)] == [case_id]
    second = export_batch(database, exported.folder / "next.xlsx", actor=SUPERVISOR)
    assert second.case_count == 1
    assert cases_for_next_batch(database) == []
    with database.session() as session:
        application = session.get(ApplicationRecord, case_id)
        assert application is not None
        assert application.locked_by_batch_id == second.batch_id
        assert not application.needs_reexport


def test_refusals_cancel_and_failed_verification_leave_no_file_and_no_change(
    database: Database, tmp_path: Path
) -> None:
    demo_database(database)
    before = dump(database)
    out = tmp_path / "batch.xlsx"
    with pytest.raises(AppError) as clerk:
        export_batch(database, out, actor=CLERK)
    assert clerk.value.code == "role_not_allowed"
    with pytest.raises(AppError) as state:
        export_batch(database, out, actor=ASSESSOR, status="nonsense")
    assert state.value.code == "unknown_state"
    with pytest.raises(AppError) as event:
        export_batch(database, out, actor=ASSESSOR, event_code="NO-SUCH-EVENT")
    assert event.value.code == "event_not_found"
    with pytest.raises(ExportCancelled):
        export_batch(database, out, actor=ASSESSOR, cancel=lambda: True)

    def broken(data: bytes, sheets: object) -> None:
        raise AppError("mismatch", "不符", code="export_verify_failed")

    with pytest.raises(AppError) as verify:
        export_batch(database, out, actor=ASSESSOR, verify=broken)
    assert verify.value.code == "export_verify_failed"
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix in {".xlsx", ".part"}]
    assert not list((tmp_path / "tmp").glob("*"))  # nor a journal
    assert dump(database) == before


def test_the_file_is_checked_before_the_ledger_transaction_and_a_failed_ledger_leaves_no_file(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_database(database)
    before = dump(database)
    out = tmp_path / "batch.xlsx"
    checked: list[bytes] = []

    def check_then_write_elsewhere(data: bytes, sheets: Sequence[SheetSpec]) -> None:
        verify_workbook(data, sheets)
        other = cipher.connect(database.path, database.data_key, timeout=0.5)
        try:  # another writer gets the database at once: the export holds no transaction yet
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
        finally:
            other.close()
        checked.append(data)

    def broken_lock(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the ledger failed")

    with monkeypatch.context() as patch:
        patch.setattr(export_module, "lock_many_into_batch", broken_lock)
        with pytest.raises(RuntimeError, match="the ledger failed"):
            export_batch(database, out, actor=ASSESSOR, verify=check_then_write_elsewhere)
    assert checked
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix in {".xlsx", ".part"}]
    assert not list((tmp_path / "tmp").glob("*"))  # nor a journal
    assert dump(database) == before

    def no_commit(session: object) -> None:
        if out.exists():  # the ledger's transaction: the workbook is in place
            raise RuntimeError("the commit never came")

    event.listen(database.session_factory, "before_commit", no_commit)
    try:  # the workbook was already renamed into place when the commit failed: it is removed again
        with pytest.raises(RuntimeError, match="the commit never came"):
            export_batch(database, out, actor=ASSESSOR)
    finally:
        event.remove(database.session_factory, "before_commit", no_commit)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix in {".xlsx", ".part"}]
    assert not list((tmp_path / "tmp").glob("*"))  # nor a journal
    assert dump(database) == before

    result = export_batch(database, out, actor=ASSESSOR, verify=check_then_write_elsewhere)
    assert out.exists()
    assert result.case_count == 12


def test_progress_is_reported_and_event_filter_applies(database: Database, tmp_path: Path) -> None:
    demo_database(database)
    with database.session() as session:
        first = (
            select(func.min(ApplicationRecord.id))
            .where(ApplicationRecord.status == "signed_off")
            .scalar_subquery()
        )
        session.execute(update(ApplicationRecord).values(event_id=None).where(ApplicationRecord.id == first))
    seen: list[tuple[int, int]] = []
    result = export_batch(
        database,
        tmp_path / "b.xlsx",
        actor=ASSESSOR,
        event_code="CCT-20231108",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen
    assert seen[-1][0] == seen[-1][1]
    assert seen[-1][1] == sum(result.row_counts.values()) + len(fmt.MANIFEST_ITEMS) + len(codebook_rows())
    assert result.case_count == 11  # the case taken outside the event stays behind


def _written(database: Database, path: Path) -> list[SheetSpec]:
    built = build_workbook(database, status="exported")
    write_xlsx(path, built.sheets)
    return built.sheets


def test_the_check_reads_the_file_back_with_calamine_and_finds_any_difference(exported: Exported) -> None:
    path = exported.folder / "check.xlsx"
    sheets = _written(exported.database, path)
    verify_workbook(path.read_bytes(), sheets)  # as written: no difference
    verify_workbook_openpyxl(path.read_bytes(), sheets)  # and the former reader agrees

    def wrong(change: Callable[[list[SheetSpec]], None]) -> str:
        changed = copy.deepcopy(sheets)
        change(changed)
        with pytest.raises(AppError) as mismatch:
            verify_workbook(path.read_bytes(), changed)
        assert mismatch.value.code == "export_verify_failed"
        assert "寫入的工作簿" in mismatch.value.zh
        return mismatch.value.en

    employment = fmt.ALL_SHEET_NAMES.index("employment")
    column = layout(fmt.EMPLOYMENT).position("employer")

    def other_employer(changed: list[SheetSpec]) -> None:
        rows = [list(row) for row in changed[employment].rows]
        rows[4][column] = "Someone Else Ltd"
        changed[employment].rows = [tuple(row) for row in rows]

    assert "employment row 7" in wrong(other_employer)
    date_column = layout(fmt.EMPLOYMENT).position("start_date")

    def date_as_text(changed: list[SheetSpec]) -> None:
        rows = [list(row) for row in changed[employment].rows]
        rows[0][date_column] = str(rows[0][date_column])  # the same date, but text: a different cell
        changed[employment].rows = [tuple(row) for row in rows]

    assert "employment row 3" in wrong(date_as_text)
    assert "is missing" in wrong(
        lambda c: setattr(c[employment], "rows", [*c[employment].rows, c[employment].rows[0]])
    )
    assert "is extra" in wrong(lambda c: setattr(c[employment], "rows", c[employment].rows[:-1]))
    assert "sheets" in wrong(lambda c: setattr(c[employment], "name", "jobs"))
    assert "employment is visible" in wrong(lambda c: setattr(c[employment], "hidden", True))
    with pytest.raises(AppError):
        verify_workbook(b"PK\x03\x04 not a workbook", sheets)


def test_each_ledger_item_is_the_sha256_of_what_the_batch_carried_for_its_case(exported: Exported) -> None:
    parsed = parse_batch(exported.result.path)
    lines: dict[str, list[tuple[str, tuple[object, ...]]]] = {}
    for sheet in fmt.DATA_SHEETS[1:]:
        for row in parsed.sheets[sheet.name]:
            uid = str(row.values["application_uid"])
            lines.setdefault(uid, []).append((sheet.name, tuple(row.values[key] for key in sheet.keys)))
    applicants = {  # one row per case: its particulars as lodged
        str(row.values["application_uid"]): tuple(row.values[key] for key in fmt.APPLICANTS.keys)
        for row in parsed.sheets["applicants"]
    }
    with exported.database.session() as session:
        items = session.execute(
            select(ApplicationRecord.uid, BatchItemRecord.content_sha256)
            .join(ApplicationRecord, ApplicationRecord.id == BatchItemRecord.application_id)
            .where(BatchItemRecord.batch_id == exported.result.batch_id)
        ).all()
    assert len(items) == exported.result.case_count
    for uid, digest in items:
        carried = [*lines[uid], ("applicants", applicants[uid])]
        assert digest == case_content_hash(carried)


def test_the_garbage_collector_runs_again_after_bulk_work_even_a_failed_one(database: Database) -> None:
    import gc

    from assessor_app.core.services.sync.writer import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: still paused when the inner one ends
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(AppError), paused_gc():
        export_batch(database, Path("/nonexistent-folder/x.xlsx"), actor=SUPERVISOR)
    with pytest.raises(AppError):
        export_batch(database, Path("unused.xlsx"), actor=SUPERVISOR)  # nothing to export: refused
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
