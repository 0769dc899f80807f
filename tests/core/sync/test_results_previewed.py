"""Applying a previewed workbook: the preview's reading of the file is used only while the file is unchanged."""

from __future__ import annotations

from sqlalchemy import select

from assessor_app.core.db.models import AppliedQualificationRecord
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import SUPERVISOR, fill_results


def _remarks(exported: Exported) -> set[str]:
    with exported.database.session() as session:
        stored = session.scalars(select(AppliedQualificationRecord.result_remarks)).all()
    return {value.rsplit(" ", 1)[0] for value in stored if value is not None}


def test_applying_an_unchanged_previewed_file_records_what_the_preview_showed(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="Seen")
    preview = preview_results(exported.database, returned)
    assert preview.parsed is not None
    report = apply_results(exported.database, returned, actor=SUPERVISOR, previewed=preview)
    assert report.changed
    assert report.preview.changes == preview.changes
    assert report.preview.status_changes == preview.status_changes
    assert _remarks(exported) == {"Seen"}
    assert verify_chain(exported.database).intact
    assert not apply_results(exported.database, returned, actor=SUPERVISOR, previewed=preview).changed


def test_a_file_changed_after_its_preview_is_read_again(exported: Exported) -> None:
    returned = exported.folder / "returned.xlsx"
    preview = preview_results(exported.database, fill_results(exported.result.path, returned, remarks="Old"))
    fill_results(exported.result.path, returned, remarks="New")  # saved again, over the previewed file
    report = apply_results(exported.database, returned, actor=SUPERVISOR, previewed=preview)
    assert report.preview.file_sha256 != preview.file_sha256
    remarks = {change.new or "" for change in report.preview.changes if change.field == "remarks"}
    assert {value.rsplit(" ", 1)[0] for value in remarks} == {"New"}
    assert _remarks(exported) == {"New"}
