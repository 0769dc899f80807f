"""Applying a previewed workbook: the preview's reading of the file is used only while the file is unchanged."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db.models.cases import AppliedQualificationRecord
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.results_binding import bind
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import SUPERVISOR, count_opens, fill_results


def _remarks(exported: Exported) -> set[str]:
    with exported.database.session() as session:
        stored = session.scalars(select(AppliedQualificationRecord.result_remarks)).all()
    return {value.rsplit(" ", 1)[0] for value in stored if value is not None}


def test_applying_an_unchanged_previewed_file_records_what_the_preview_showed(exported: Exported) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="Seen")
    preview = preview_results(exported.database, returned, actor=SUPERVISOR)
    assert preview.parsed is not None
    report = apply_results(exported.database, returned, actor=SUPERVISOR, previewed=preview)
    assert preview.parsed is None  # lent once, then let go
    assert report.changed
    assert report.preview.changes == preview.changes
    assert report.preview.status_changes == preview.status_changes
    assert _remarks(exported) == {"Seen"}
    assert verify_chain(exported.database).intact
    assert not apply_results(exported.database, returned, actor=SUPERVISOR, previewed=preview).changed


def test_a_file_changed_after_its_preview_is_read_again(exported: Exported) -> None:
    returned = exported.folder / "returned.xlsx"
    preview = preview_results(
        exported.database, fill_results(exported.result.path, returned, remarks="Old"), actor=SUPERVISOR
    )
    fill_results(exported.result.path, returned, remarks="New")  # saved again, over the previewed file
    report = apply_results(exported.database, returned, actor=SUPERVISOR, previewed=preview)
    assert report.preview.file_sha256 != preview.file_sha256
    remarks = {change.new or "" for change in report.preview.changes if change.field == "remarks"}
    assert {value.rsplit(" ", 1)[0] for value in remarks} == {"New"}
    assert _remarks(exported) == {"New"}


def test_a_case_found_bound_before_is_trusted_only_with_the_same_ledger_hash_and_recorded_results(
    exported: Exported,
) -> None:
    clean = fill_results(exported.result.path, exported.folder / "returned.xlsx")
    matched = preview_results(exported.database, clean, actor=SUPERVISOR).matched
    assert len(matched) == exported.result.case_count
    workbook = load_workbook(clean)  # one case's surname changed: its rows no longer hash to its item
    sheet = workbook["applicants"]
    sheet.cell(4, [cell.value for cell in sheet[2]].index("surname_en") + 1).value = "CHANGED"
    workbook.save(exported.folder / "renamed.xlsx")
    parsed = parse_batch(exported.folder / "renamed.xlsx")

    def nothing_recorded(uid: str, qualification: str) -> None:
        return None

    other_results = {
        uid: (digest, tuple(("x",) * len(line) for line in here)) for uid, (digest, here) in matched.items()
    }
    other_hash = {uid: ("0" * 64, here) for uid, (_digest, here) in matched.items()}
    with exported.database.session() as session:
        for before in (None, other_results, other_hash):
            binding = bind(session, parsed, "renamed.xlsx", nothing_recorded, before)
            assert len(binding.refused_cases) == 1
            assert len(binding.matched) == exported.result.case_count - 1
        # With both the same, the earlier finding stands without hashing (it was made on the file's
        # rows as previewed, which apply_results reuses only while the file is unchanged).
        assert not bind(session, parsed, "renamed.xlsx", nothing_recorded, matched).refused_cases


def test_preview_and_apply_each_read_the_file_once(
    exported: Exported, monkeypatch: pytest.MonkeyPatch
) -> None:
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="Once")
    opened = count_opens(monkeypatch, returned)
    preview = preview_results(exported.database, returned, actor=SUPERVISOR)
    assert opened == ["rb"]  # hashed and read (both readers) from one read
    opened.clear()
    assert apply_results(exported.database, returned, actor=SUPERVISOR, previewed=preview).changed
    assert opened == ["rb"]  # hashed to be sure it is the file previewed
    opened.clear()
    assert not apply_results(exported.database, returned, actor=SUPERVISOR).changed  # no preview
    assert opened == ["rb"]
