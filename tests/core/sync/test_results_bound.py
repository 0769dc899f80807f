"""Returned results bound to their batch: only an export of this laptop, only its cases, only the result
columns changed; every other change named by sheet, row and column, and the database unchanged."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync import workbook_legacy as legacy
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from assessor_app.core.services.sync.workbook_format import FORMAT_VERSION
from assessor_app.core.services.sync.workbook_layout import written_position
from assessor_app.core.services.sync.writer import column_letter
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import SUPERVISOR, as_format_2, decrypted, dump, fill_results, format_2_ledger


def _keys(sheet: object) -> list[object]:
    return [cell.value for cell in sheet[2]]  # type: ignore[index]


def _edit(source: Path, target: Path, sheet_name: str, row: int, key: str, value: object) -> Path:
    """A copy of ``source`` with one cell (found by its column key) set to ``value``, saved by openpyxl."""
    workbook = load_workbook(source)
    sheet = workbook[sheet_name]
    sheet.cell(row, _keys(sheet).index(key) + 1).value = value
    workbook.save(target)
    return target


def _cell(sheet: fmt.Sheet, row: int, key: str, version: str = FORMAT_VERSION) -> str:
    """How a refusal names a cell of a workbook of ``version`` as this app writes it."""
    return f"sheet {sheet.name}, row {row}, column {column_letter(written_position(version, sheet, key))} ({key})"


def _refused(exported: Exported, path: Path) -> ValidationError:
    """The refusal of ``path`` by both preview and apply, the database unchanged by either."""
    before = dump(exported.database)
    with pytest.raises(ValidationError) as previewed:
        preview_results(exported.database, path, actor=SUPERVISOR)
    with pytest.raises(ValidationError) as applied:
        apply_results(exported.database, path, actor=SUPERVISOR)
    assert dump(exported.database) == before
    assert previewed.value.details == applied.value.details
    assert f"(batch {exported.result.batch_id}, exported " in applied.value.en
    return applied.value


def test_a_changed_name_is_refused_with_its_cell_named(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    edited = _edit(returned, exported.folder / "renamed.xlsx", "applicants", 4, "surname_en", "CHANGED")
    refused = _refused(exported, edited)
    assert len(refused.details) == 1
    assert refused.details[0].startswith(_cell(fmt.APPLICANTS, 4, "surname_en") + ": ")
    assert "only the result columns may be filled in" in refused.details[0]


def test_a_changed_masked_hkid_is_refused_and_the_masked_one_as_exported_applies(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    workbook = load_workbook(returned)
    sheet = workbook["applicants"]
    exported_hkid = sheet.cell(3, _keys(sheet).index("hkid") + 1).value
    assert isinstance(exported_hkid, str)
    assert "*" in exported_hkid  # masked, as exported
    edited = _edit(returned, exported.folder / "hkid.xlsx", "applicants", 3, "hkid", "Z999***(*)")
    refused = _refused(exported, edited)
    assert [line.split(": ")[0] for line in refused.details] == [_cell(fmt.APPLICANTS, 3, "hkid")]
    assert apply_results(exported.database, returned, actor=SUPERVISOR).changed


def test_a_changed_decision_on_the_results_sheet_is_refused_with_its_cell_named(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    edited = _edit(returned, exported.folder / "decided.xlsx", "results", 5, "decided_by", "someone")
    refused = _refused(exported, edited)
    assert [line.split(": ")[0] for line in refused.details] == [_cell(fmt.RESULTS_SHEET, 5, "decided_by")]


def test_a_deleted_evidence_row_is_refused_naming_the_missing_row(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    workbook = load_workbook(returned)
    sheet = workbook["evidence"]
    uid_column = _keys(sheet).index("application_uid") + 1
    case = sheet.cell(3, uid_column).value
    sheet.delete_rows(3)
    workbook.save(exported.folder / "deleted.xlsx")
    refused = _refused(exported, exported.folder / "deleted.xlsx")
    assert len(refused.details) == 1
    assert refused.details[0].startswith("sheet evidence: the row ")
    assert "is missing" in refused.details[0]
    with exported.database.session() as session:
        reference = session.scalar(
            select(ApplicationRecord.reference_no).where(ApplicationRecord.uid == case)
        )
    assert f"of case {reference}" in refused.details[0]


def _second_batch(exported: Exported) -> Path:
    """Four more cases signed off and exported as batch 2; its workbook."""
    with exported.database.session() as session:
        ids = session.scalars(
            select(ApplicationRecord.id)
            .where(ApplicationRecord.status == "lodged")
            .order_by(ApplicationRecord.id)
            .limit(4)
        ).all()
        session.execute(
            update(ApplicationRecord).where(ApplicationRecord.id.in_(ids)).values(status="signed_off")
        )
    second = export_batch(exported.database, exported.folder / "batch2.xlsx", actor=SUPERVISOR)
    assert second.batch_id == exported.result.batch_id + 1
    return decrypted(second)


def test_a_case_of_another_batch_is_refused_with_its_row_and_reference(exported: Exported) -> None:
    second = _second_batch(exported)
    other = load_workbook(second)
    link = _keys(other["applications"]).index("application_uid")
    cases = [row[link] for row in other["applications"].iter_rows(min_row=3, values_only=True)]
    moved = sorted(set(cases))[:2]
    workbook = load_workbook(exported.result.path)
    for spec in fmt.DATA_SHEETS:  # the two cases' rows, on every sheet, appended to batch 1's file
        source = other[spec.name]
        column = _keys(source).index("application_uid")
        for values in source.iter_rows(min_row=3, values_only=True):
            if values[column] in moved:
                workbook[spec.name].append(list(values))
    workbook.save(exported.folder / "mixed.xlsx")
    returned = fill_results(exported.folder / "mixed.xlsx", exported.folder / "returned.xlsx")
    refused = _refused(exported, returned)
    with exported.database.session() as session:
        found = session.execute(
            select(ApplicationRecord.uid, ApplicationRecord.reference_no).where(
                ApplicationRecord.uid.in_(moved)
            )
        )
        references = {str(uid): reference for uid, reference in found}
    results = load_workbook(returned)["results"]
    at = _keys(results).index("application_uid")
    first_row = {
        uid: next(
            number for number, row in enumerate(results.iter_rows(values_only=True), 1) if row[at] == uid
        )
        for uid in moved
    }
    assert len(refused.details) == 2
    for uid, line in zip(moved, refused.details, strict=True):
        assert line.startswith(f"sheet results, row {first_row[uid]}: ")
        assert f"case {references[uid]} belongs to batch 2, not to batch 1" in line
    # batch 1's own cases got nothing either: all or nothing
    with exported.database.session() as session:
        assert set(
            session.scalars(select(ApplicationRecord.status).where(ApplicationRecord.locked_by_batch_id == 1))
        ) == {"exported"}


def test_batch_2s_file_passed_off_as_batch_1s_is_refused_case_by_case(exported: Exported) -> None:
    second = fill_results(_second_batch(exported), exported.folder / "returned2.xlsx")
    workbook = load_workbook(second)
    manifest = workbook["manifest"]
    row = next(r for r in range(3, manifest.max_row + 1) if manifest.cell(r, 1).value == "batch_uid")
    manifest.cell(row, 3).value = exported.result.batch_uid
    workbook.save(exported.folder / "relabelled.xlsx")
    refused = _refused(exported, exported.folder / "relabelled.xlsx")
    assert len(refused.details) == 4
    assert all("belongs to batch 2, not to batch 1" in line for line in refused.details)
    assert apply_results(
        exported.database, second, actor=SUPERVISOR
    ).changed  # under its own batch it applies


@pytest.mark.parametrize("batch_uid", ["random", "results-import", ""])
def test_a_batch_this_laptop_did_not_export_is_refused(exported: Exported, batch_uid: str) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    if batch_uid == "results-import":  # a ledger row, but not an export
        report = apply_results(exported.database, returned, actor=SUPERVISOR)
        assert report.batch_id is not None
        with exported.database.session() as session:
            from assessor_app.core.db.models.audit_sync import ExportBatchRecord

            batch_uid = str(
                session.scalar(select(ExportBatchRecord.uid).where(ExportBatchRecord.id == report.batch_id))
            )
    elif batch_uid == "random":
        batch_uid = str(uuid.uuid4())
    workbook = load_workbook(returned)
    manifest = workbook["manifest"]
    row = next(r for r in range(3, manifest.max_row + 1) if manifest.cell(r, 1).value == "batch_uid")
    manifest.cell(row, 3).value = batch_uid or None
    workbook.save(exported.folder / "unknown.xlsx")
    before = dump(exported.database)
    for attempt in (
        lambda: preview_results(exported.database, exported.folder / "unknown.xlsx", actor=SUPERVISOR),
        lambda: apply_results(exported.database, exported.folder / "unknown.xlsx", actor=SUPERVISOR),
    ):
        with pytest.raises(AppError) as refused:
            attempt()
        assert refused.value.code == "results_unknown_batch"
        assert "was not exported from this laptop" in refused.value.en
        assert "並非由本電腦匯出" in refused.value.zh
    assert dump(exported.database) == before


def test_the_right_file_with_only_its_result_columns_filled_applies(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="Checked")
    preview = preview_results(exported.database, returned, actor=SUPERVISOR)
    assert preview.batch.id == exported.result.batch_id
    assert {change.field for change in preview.changes} == {"result", "soa_number", "soa_date", "remarks"}
    assert apply_results(exported.database, returned, actor=SUPERVISOR).changed
    # the same file again is still bound (its result columns now as recorded here) and changes nothing
    assert not apply_results(exported.database, returned, actor=SUPERVISOR).changed
    # and a later file of the same batch whose remarks alone differ applies
    later = fill_results(exported.result.path, exported.folder / "later.xlsx", remarks="Checked again")
    assert {
        change.field for change in preview_results(exported.database, later, actor=SUPERVISOR).changes
    } == {"remarks"}


def test_rows_the_secretariat_sorted_differently_still_apply(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    workbook = load_workbook(returned)
    for name in ("applications", "employment", "evidence", "results"):
        sheet = workbook[name]
        rows = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
        sheet.delete_rows(3, sheet.max_row)
        for row in reversed(rows):
            sheet.append(row)
    workbook.save(exported.folder / "sorted.xlsx")
    assert apply_results(exported.database, exported.folder / "sorted.xlsx", actor=SUPERVISOR).changed


def test_a_format_2_workbook_is_bound_by_its_2_rows_as_a_2_export_hashed_them(exported: Exported) -> None:
    old = as_format_2(exported.result.path, exported.folder / "old.xlsx")
    format_2_ledger(exported.database, old, exported.result.batch_id)
    returned = fill_results(old, exported.folder / "returned.xlsx")
    renamed = _edit(returned, exported.folder / "renamed.xlsx", "applicants", 3, "surname_en", "CHANGED")
    refused = _refused(exported, renamed)
    assert refused.details[0].startswith(_cell(legacy.APPLICANTS_2, 3, "surname_en", "2.0") + ": ")
    assert apply_results(exported.database, returned, actor=SUPERVISOR).changed
