"""Format 3.0: relevance per qualification, caring periods, weights and overseas decisions, each case's
particulars as lodged; a 2.0 workbook still merged (with its 2.0 meaning) and its results imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from assessor_app.core.db.models.audit_sync import BatchItemRecord
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import collect_rows
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.import_results import apply_results
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.merge_content import case_copies, read_local_uids, split_keys
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.workbook_layout import layout
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import (
    ASSESSOR,
    SUPERVISOR,
    as_format_2,
    dump,
    enrich,
    fill_results,
    format_2_ledger,
    resign,
)
from tests.core.sync.test_merge import _full_workbook, _station, _uids


def _rows(path: Path, sheet: str) -> list[dict[str, object]]:
    return [row.values for row in parse_batch(path).sheets[sheet]]


def test_the_new_columns_go_out_and_come_back_the_same_both_ways(exported: Exported, tmp_path: Path) -> None:
    first, second, third = enrich(exported.database)
    full = export_batch(
        exported.database, tmp_path / "full.xlsx", actor=SUPERVISOR, status="exported", full_hkid=True
    )
    plain = _full_workbook(exported.database, _uids(exported.database), tmp_path / "plain.xlsx")
    periods = {row["period_uid"]: row for row in _rows(plain, "employment")}
    keys = sorted(
        str(row["qualification"]) for row in _rows(plain, "applications") if row["application_uid"] == first
    )
    assert len(keys) == 2
    mine = [row for row in periods.values() if row["application_uid"] == first]
    relevant = {row["relevant_to"] for row in mine}
    assert len(relevant - {None}) == 1
    assert None in relevant
    assert (relevant - {None}).pop() in keys
    assert any(row["kind"] == "caring" and row["weight_percent"] == 50 for row in periods.values())
    assert {row["overseas_accepted"] for row in periods.values()} >= {"Y", "N", None}
    people = {row["application_uid"]: row for row in _rows(plain, "applicants")}
    assert people[second]["applicant_uid"] == people[third]["applicant_uid"]
    assert people[second]["phone"] != people[third]["phone"] == "+852 69999999"
    assert people[third]["address"] == "Flat 9, 1 Other Road\nKowloon"

    # Both directions: this laptop's cases read as copies are the export's rows ...
    collected = collect_rows(
        exported.database, ApplicationRecord.uid.in_([first, second, third]), full_hkid=True
    )
    with exported.database.session() as session:
        local = read_local_uids(session, [first, second, third])
    by_sheet = {
        sheet.name: sorted(tuple("" if v is None else str(v) for v in row) for row in rows)
        for sheet, rows in collected.data
    }
    assert sorted(case.copy.applicant for case in local.values()) == by_sheet["applicants"]
    for index, name in enumerate(("applications", "employment", "evidence", "results")):
        assert sorted(line for case in local.values() for line in case.copy.rows[index]) == by_sheet[name]
    # ... and a merge of them gives the same cases, and merging it again (twice) finds them unchanged.
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        report = merge_batch(other, full.path, actor=ASSESSOR, password=full.password)
        assert report.conflicts == []
        uids = sorted(report.added)
        assert case_copies(other, uids) == case_copies(exported.database, uids)
        with other.session() as session:
            case = session.scalar(select(ApplicationRecord).where(ApplicationRecord.uid == first))
            assert case is not None
            [period] = [p for p in case.employment if p.relevance]
            assert len(period.relevance) == 1
            assert period.overseas_accepted is True
            assert (
                session.scalar(
                    select(func.count()).where(ApplicantRecord.uid == people[second]["applicant_uid"])
                )
                == 1
            )
            phones = dict(
                session.execute(select(ApplicationRecord.uid, ApplicationRecord.phone)).tuples().all()
            )
            assert phones[third] == "+852 69999999" != phones[second]
        for _ in range(2):
            again = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
            assert again.conflicts == []
            assert len(again.unchanged) == full.case_count
    finally:
        other.close()


def test_a_merge_never_changes_an_applicant_already_here(exported: Exported, tmp_path: Path) -> None:
    _first, second, third = enrich(exported.database)
    plain = _full_workbook(exported.database, [second, third], tmp_path / "plain.xlsx")
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        merge_batch(other, _full_workbook(exported.database, [second], tmp_path / "one.xlsx"), actor=ASSESSOR)
        with other.session() as session:
            person = session.scalars(select(ApplicantRecord)).one()
            person.email = "current@example.com"  # the person's current particulars, changed here
        report = merge_batch(other, plain, actor=ASSESSOR)
        assert report.added == [third]
        assert report.conflicts == []
        with other.session() as session:
            person = session.scalars(select(ApplicantRecord)).one()
            assert person.email == "current@example.com"
            assert person.phone != "+852 69999999"  # the other case's particulars stay on that case
    finally:
        other.close()


def test_updating_a_persons_particulars_leaves_an_exported_cases_hash(exported: Exported) -> None:
    from assessor_app.core.services.intake.particulars import update_particulars

    with exported.database.session() as session:
        case = session.scalars(
            select(ApplicationRecord).where(ApplicationRecord.locked_by_batch_id.is_not(None))
        ).first()
        assert case is not None
        case_id, applicant_id, batch_id = case.id, case.applicant_id, case.locked_by_batch_id
        ledger = session.scalar(
            select(BatchItemRecord.content_sha256).where(
                BatchItemRecord.application_id == case_id, BatchItemRecord.batch_id == batch_id
            )
        )
    from tests.core.intake_helpers import valid_form

    with exported.database.session() as session:
        person = session.get(ApplicantRecord, applicant_id)
        assert person is not None
        form = valid_form()
        form.hkid = person.hkid
    update_particulars(exported.database, applicant_id, form, actor=SUPERVISOR, reason="moved")
    rows = collect_rows(exported.database, ApplicationRecord.id == case_id)
    assert rows.case_hashes()[case_id] == ledger


def test_a_relevant_to_naming_a_qualification_not_applied_for_refuses_the_merge(
    exported: Exported, tmp_path: Path
) -> None:
    from assessor_app.core.services.sync.case_rows import data_hash

    plain = _full_workbook(exported.database, _uids(exported.database)[:3], tmp_path / "plain.xlsx")
    workbook = load_workbook(plain)
    sheet = workbook["employment"]
    column = layout(fmt.EMPLOYMENT).position("relevant_to") + 1
    sheet.cell(3, column).value = "99/999999/L9"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    parsed = parse_batch(edited)  # a well-formed cell: only the merge knows it names no qualification here
    manifest = workbook["manifest"]
    row = next(r for r in range(3, manifest.max_row + 1) if manifest.cell(r, 1).value == "data_sha256")
    manifest.cell(row, 3).value = data_hash(
        [
            (s.name, [tuple(r.values[k] for k in s.keys) for r in parsed.sheets[s.name]])
            for s in fmt.DATA_SHEETS
        ]
    )
    workbook.save(edited)
    resign(exported.database, edited)  # as that station would sign it: the merge itself must refuse it
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        before = dump(other)
        with pytest.raises(ValidationError) as refused:
            merge_batch(other, edited, actor=ASSESSOR)
        [line] = refused.value.details
        assert "sheet employment, row 3, column N (relevant_to)" in line  # where 4.0 writes it
        assert "99/999999/L9" in line
        assert "工作表 employment" in line
        assert dump(other) == before
    finally:
        other.close()


def test_split_keys_finds_keys_holding_the_separator() -> None:
    known = ["A; B L2", "15/003202/L2"]
    assert split_keys("15/003202/L2; A; B L2", known) == (["A; B L2", "15/003202/L2"], [])
    assert split_keys("A; nope", known) == ([], ["A", "nope"])
    assert split_keys("", known) == ([], [])


def test_a_format_2_workbook_is_merged_with_its_2_meaning(exported: Exported, tmp_path: Path) -> None:
    enrich(exported.database)
    uids = _uids(exported.database)
    old = as_format_2(
        _full_workbook(exported.database, uids, tmp_path / "plain.xlsx"),
        tmp_path / "old.xlsx",
        signer=exported.database,
    )
    parsed = parse_batch(old)
    assert parsed.version == "2.0"
    assert "relevant" in parsed.sheets["employment"][0].values
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        report = merge_batch(other, old, actor=ASSESSOR)
        assert sorted(report.added) == sorted(uids)
        assert report.conflicts == []
        with other.session() as session:
            for period in session.scalars(select(EmploymentPeriodRecord)):
                applied = session.scalar(
                    select(func.count()).where(
                        AppliedQualificationRecord.application_id == period.application_id
                    )
                )
                assert len(period.relevance) in (0, applied)  # Y: relevant to every qualification of the form
                assert period.weight_percent is None
                assert period.overseas_accepted is None
            assert (session.scalar(select(func.count()).select_from(PeriodRelevanceRecord)) or 0) > 0
            for case in session.scalars(select(ApplicationRecord)):  # the person's particulars, on each case
                assert (case.phone, case.surname_en) == (case.applicant.phone, case.applicant.surname_en)
        before = dump(other)
        merge_batch(other, old, actor=ASSESSOR)
        assert dump(other) == before
    finally:
        other.close()


def test_results_of_a_format_2_workbook_exported_before_the_upgrade_are_imported(exported: Exported) -> None:
    old = as_format_2(exported.result.path, exported.folder / "old.xlsx")
    format_2_ledger(exported.database, old, exported.result.batch_id)  # bound as a 2.0 export hashed it
    returned = fill_results(old, exported.folder / "returned.xlsx")
    report = apply_results(exported.database, returned, actor=SUPERVISOR)
    assert report.preview.changes
    with exported.database.session() as session:
        assert (
            session.scalar(select(func.count()).where(AppliedQualificationRecord.result == "passed")) or 0
        ) > 0


def test_an_unknown_format_version_is_refused_clearly(exported: Exported, tmp_path: Path) -> None:
    workbook = load_workbook(exported.result.path)
    manifest = workbook["manifest"]
    row = next(r for r in range(3, manifest.max_row + 1) if manifest.cell(r, 1).value == "format_version")
    manifest.cell(row, 3).value = "1.0"
    workbook.save(tmp_path / "old.xlsx")
    with pytest.raises(AppError) as refused:
        parse_batch(tmp_path / "old.xlsx")
    assert any(
        "format version '1.0' is not supported (this app reads 2.x, 3.x and 4.x" in d
        for d in refused.value.details
    )
