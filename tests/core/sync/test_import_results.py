"""Importing returned results: preview lists every change, apply is all or nothing, re-import is a no-op."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from assessor_app.core.db.models.audit_sync import AuditEventRecord, BatchItemRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord, AppliedQualificationRecord
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import case_content_hash
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from assessor_app.core.services.sync.reader import parse_batch
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import ASSESSOR, SUPERVISOR, dump, fill_results


def _results(exported: Exported) -> dict[int, tuple[str | None, str | None, date | None]]:
    with exported.database.session() as session:
        rows = session.execute(
            select(
                AppliedQualificationRecord.id,
                AppliedQualificationRecord.result,
                AppliedQualificationRecord.soa_number,
                AppliedQualificationRecord.soa_date,
            )
        ).all()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def test_preview_apply_and_reimport(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    before = dump(exported.database)
    preview = preview_results(exported.database, returned, actor=SUPERVISOR)
    assert dump(exported.database) == before
    rows = exported.result.row_counts["results"]
    assert (preview.batch.id, preview.batch.uid) == (exported.result.batch_id, exported.result.batch_uid)
    assert (preview.batch.created_by, preview.batch.case_count) == (SUPERVISOR, exported.result.case_count)
    assert preview.describe().startswith(f"Batch {exported.result.batch_id} (batch.xlsx), exported ")
    assert preview.rows_read == rows
    assert len(preview.changes) == 3 * rows
    assert {change.field for change in preview.changes} == {"result", "soa_number", "soa_date"}
    assert len(preview.status_changes) == exported.result.case_count
    assert "→" in preview.describe()

    with pytest.raises(AppError) as assessor:
        apply_results(exported.database, returned, actor=ASSESSOR)
    assert assessor.value.code == "role_not_allowed"

    report = apply_results(exported.database, returned, actor=SUPERVISOR)
    assert report.changed
    results = _results(exported)
    passed = [value for value in results.values() if value[0] == "passed"]
    assert len(passed) == rows
    assert all(
        value[1] is not None and value[1].startswith("00") and value[2] == date(2024, 3, 15)
        for value in passed
    )
    with exported.database.session() as session:
        statuses = set(
            session.scalars(
                select(ApplicationRecord.status).where(ApplicationRecord.locked_by_batch_id.is_not(None))
            )
        )
        assert statuses == {"result_passed"}
        assert (
            session.scalar(select(ExportBatchRecord.kind).where(ExportBatchRecord.id == report.batch_id))
            == "results"
        )
    assert verify_chain(exported.database).intact

    after = dump(exported.database)
    again = apply_results(exported.database, returned, actor=SUPERVISOR)
    assert not again.changed
    assert again.preview.changes == []
    assert dump(exported.database) == after


@pytest.mark.parametrize("soa_date", ["2024-03-15", "15/03/2024", 45366])
def test_dates_as_strings_or_numbers_are_accepted(exported: Exported, soa_date: object) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", soa_date=soa_date)
    apply_results(exported.database, returned, actor=SUPERVISOR)
    dates = {value[2] for value in _results(exported).values() if value[0] == "passed"}
    assert dates == {date(2024, 3, 15)}


def test_results_for_a_case_not_exported_are_refused_and_nothing_changes(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    with exported.database.session() as session:
        first = session.scalar(
            select(ApplicationRecord.id).where(ApplicationRecord.status == "exported").limit(1)
        )
        session.execute(
            update(ApplicationRecord).where(ApplicationRecord.id == first).values(status="under_review")
        )
    before = dump(exported.database)
    with pytest.raises(ValidationError) as refused:
        apply_results(exported.database, returned, actor=SUPERVISOR)
    assert any("not exported" in line and "row" in line for line in refused.value.details)
    assert dump(exported.database) == before


def test_a_different_result_already_recorded_is_never_overwritten(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    apply_results(exported.database, returned, actor=SUPERVISOR)
    with exported.database.session() as session:
        session.execute(update(AppliedQualificationRecord).values(soa_number="CHANGED"))
    before = dump(exported.database)
    with pytest.raises(ValidationError) as refused:
        apply_results(exported.database, returned, actor=SUPERVISOR)
    assert "already has the result" in refused.value.details[0]
    assert dump(exported.database) == before


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(
    _soffice() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_export_resaved_by_libreoffice_then_results_imported(exported: Exported, tmp_path: Path) -> None:
    returned = fill_results(exported.result.path, tmp_path / "returned.xlsx")
    out = tmp_path / "resaved"
    out.mkdir()
    profile = tmp_path / "lo-profile"
    finished = subprocess.run(
        [
            str(_soffice()),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(returned),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    resaved = out / "returned.xlsx"
    assert finished.returncode == 0, finished.stderr
    assert resaved.exists(), finished.stdout
    assert resaved.read_bytes() != returned.read_bytes()
    preview = preview_results(exported.database, resaved, actor=SUPERVISOR)
    assert len(preview.changes) == 3 * exported.result.row_counts["results"]
    apply_results(exported.database, resaved, actor=SUPERVISOR)
    results = [value for value in _results(exported).values() if value[0] == "passed"]
    assert len(results) == exported.result.row_counts["results"]
    assert all(value[1] is not None and value[1].startswith("00") for value in results)  # leading zeros kept
    # the original (not re-saved) file now has nothing left to change
    assert not apply_results(exported.database, returned, actor=SUPERVISOR).changed


def _stored_remarks(exported: Exported) -> dict[int, str | None]:
    with exported.database.session() as session:
        rows = session.execute(
            select(AppliedQualificationRecord.id, AppliedQualificationRecord.result_remarks)
        ).all()
    return {row[0]: row[1] for row in rows}


def test_the_secretariats_remarks_are_stored_audited_and_shown_in_the_preview(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="備註 Remark")
    rows = exported.result.row_counts["results"]
    preview = preview_results(exported.database, returned, actor=SUPERVISOR)
    remarks_changes = [change for change in preview.changes if change.field == "remarks"]
    assert len(remarks_changes) == rows
    assert len(preview.changes) == 4 * rows
    assert all(change.old is None and change.new == change.remarks for change in remarks_changes)
    assert "remarks: - → 備註 Remark" in preview.describe()
    apply_results(exported.database, returned, actor=SUPERVISOR)
    stored = [value for value in _stored_remarks(exported).values() if value is not None]
    assert len(stored) == rows
    assert all(value.startswith("備註 Remark ") for value in stored)
    with exported.database.session() as session:
        audited = session.scalars(
            select(AuditEventRecord).where(
                AuditEventRecord.action == "result_imported", AuditEventRecord.field == "remarks"
            )
        ).all()
        assert len(audited) == rows
        assert all(entry.new_value and entry.new_value.startswith("備註 Remark") for entry in audited)
    assert verify_chain(exported.database).intact
    again = apply_results(exported.database, returned, actor=SUPERVISOR)
    assert not again.changed


def test_a_change_of_remarks_alone_is_a_change_and_a_blank_never_erases_them(exported: Exported) -> None:
    plain = fill_results(exported.result.path, exported.folder / "plain.xlsx")
    apply_results(exported.database, plain, actor=SUPERVISOR)
    with_remarks = fill_results(exported.result.path, exported.folder / "remarks.xlsx", remarks="Late")
    preview = preview_results(exported.database, with_remarks, actor=SUPERVISOR)
    assert {change.field for change in preview.changes} == {"remarks"}
    assert preview.status_changes == []
    report = apply_results(exported.database, with_remarks, actor=SUPERVISOR)
    assert report.changed
    corrected = fill_results(exported.result.path, exported.folder / "corrected.xlsx", remarks="Late, fixed")
    changes = preview_results(exported.database, corrected, actor=SUPERVISOR).changes
    assert {(change.old or "").split(" ")[0] for change in changes} == {"Late"}
    assert {change.new.rsplit(" ", 1)[0] for change in changes if change.new} == {"Late, fixed"}
    before = dump(exported.database)
    assert not apply_results(exported.database, plain, actor=SUPERVISOR).changed  # blank remarks: no change
    assert dump(exported.database) == before
    stored = [value for value in _stored_remarks(exported).values() if value is not None]
    assert len(stored) == exported.result.row_counts["results"]
    assert all(value.startswith("Late ") for value in stored)


def test_ledger_items_of_a_results_import_carry_the_sha256_of_each_cases_returned_rows(
    exported: Exported,
) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="OK")
    report = apply_results(exported.database, returned, actor=SUPERVISOR)
    parsed = parse_batch(returned)
    rows_of: dict[str, list[tuple[object, ...]]] = {}
    for row in sorted(parsed.sheets["results"], key=lambda r: str(r.values["qualification"])):
        rows_of.setdefault(str(row.values["application_uid"]), []).append(
            tuple(row.values[key] for key in fmt.RESULTS_SHEET.keys)
        )
    with exported.database.session() as session:
        items = session.execute(
            select(ApplicationRecord.uid, BatchItemRecord.content_sha256)
            .join(ApplicationRecord, ApplicationRecord.id == BatchItemRecord.application_id)
            .where(BatchItemRecord.batch_id == report.batch_id)
        ).all()
    assert len(items) == exported.result.case_count
    for uid, digest in items:
        assert digest == case_content_hash(("results", row) for row in rows_of[uid])
        assert len(digest) == 64


def test_a_re_export_carries_the_stored_remarks(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="Remark")
    apply_results(exported.database, returned, actor=SUPERVISOR)
    again = export_batch(
        exported.database, exported.folder / "again.xlsx", actor=SUPERVISOR, status="result_passed"
    )
    parsed = parse_batch(again.path, password=again.password)
    assert {str(row.values["remarks"]).rsplit(" ", 1)[0] for row in parsed.sheets["results"]} == {"Remark"}
    assert not apply_results(exported.database, again.path, actor=SUPERVISOR, password=again.password).changed
