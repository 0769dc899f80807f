"""Merging another station's full-HKID export: new cases added with real HKIDs, decisions and industries,
locked into the merge batch; the same case a no-op; different content a persisted conflict; shared HKIDs
flagged; masked, edited or unopened workbooks refused; idempotent, order-independent, nothing lost
(property-based, with conflicting copies)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.audit_sync import (
    AuditEventRecord,
    BatchItemRecord,
    ExportBatchRecord,
    MergeConflictRecord,
)
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import IndustryRecord
from assessor_app.core.errors import AppError
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.audit_anchor import anchor_path
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.sync.case_rows import collect_rows
from assessor_app.core.services.sync.export import ExportResult, build_workbook, export_batch
from assessor_app.core.services.sync.import_results import apply_results
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.merge_content import (
    CaseCopy,
    case_copies,
    copies_from_workbook,
    read_local_uids,
)
from assessor_app.core.services.sync.merge_workbook import read_workbook
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import (
    ASSESSOR,
    CLERK,
    SUPERVISOR,
    demo_database,
    dump,
    empty_station,
    fill_results,
    signed_workbook,
)

pytestmark = pytest.mark.also_encrypted  # clear and encrypted database (tests/core/conftest.py)

SIGNED_OFF_AT = datetime(2023, 11, 20, 17, 30, tzinfo=UTC)  # 01:30 on 21 Nov in Hong Kong


# --- helpers ------------------------------------------------------------------------------------------


def _station(path: Path, trusting: Database) -> Database:
    """An empty station (another station code): the same catalogue, event and users, no cases; the key
    of ``trusting`` (the laptop whose batches it merges) enrolled."""
    return empty_station(path, trusting=trusting)


def _full_workbook(source: Database, uids: list[str], path: Path) -> Path:
    """A plain (unencrypted) full-HKID workbook of these cases, signed by ``source``, recording nothing
    (fast, for properties)."""
    built = build_workbook(source, condition=ApplicationRecord.uid.in_(uids), full_hkid=True)
    return signed_workbook(source, built, path)


def _uids(database: Database) -> list[str]:
    with database.session() as session:
        return list(
            session.scalars(
                select(ApplicationRecord.uid)
                .where(ApplicationRecord.status != "draft")
                .order_by(ApplicationRecord.id)
            )
        )


def _decide(database: Database) -> None:
    """Give every qualification of the signed-off cases an assessor's decision and a sign-off."""
    with database.session() as session:
        applied = session.scalars(
            select(AppliedQualificationRecord)
            .join(ApplicationRecord)
            .where(ApplicationRecord.status.in_(["signed_off", "exported"]))
        ).all()
        for number, record in enumerate(applied):
            session.add(
                AssessmentDecisionRecord(
                    applied_qualification_id=record.id,
                    recommendation="pass" if number % 3 else "fail",
                    reasons=f"Reasons {number}: five years in cargo handling\nletters verified",
                    decided_by=ASSESSOR,
                    decided_at=SIGNED_OFF_AT,
                    signed_off_by=SUPERVISOR,
                    signed_off_at=SIGNED_OFF_AT,
                )
            )


def _returned(exported: Exported) -> None:
    """The Secretariat's results for the exported cases, with remarks, imported here (cases passed)."""
    returned = fill_results(exported.result.path, exported.folder / "returned.xlsx", remarks="Panel: checked")
    apply_results(exported.database, returned, actor=SUPERVISOR)


def _full_export(exported: Exported, name: str = "full.xlsx") -> ExportResult:
    """The supervisor's encrypted full-HKID export of the cases already exported."""
    return export_batch(
        exported.database, exported.folder / name, actor=SUPERVISOR, status="exported", full_hkid=True
    )


def _open_conflicts(database: Database) -> list[MergeConflictRecord]:
    with database.session() as session:
        rows = session.scalars(
            select(MergeConflictRecord)
            .where(MergeConflictRecord.resolution.is_(None))
            .order_by(MergeConflictRecord.id)
        ).all()
        session.expunge_all()
        return list(rows)


def _edit(database: Database, change: Callable[[Session, dict[str, ApplicationRecord]], None]) -> None:
    with database.session() as session:
        applications = session.scalars(select(ApplicationRecord)).all()
        change(session, {application.uid: application for application in applications})


# --- adding and carrying ------------------------------------------------------------------------------


def test_a_full_hkid_export_is_merged_whole_locked_and_ledgered(exported: Exported, tmp_path: Path) -> None:
    _decide(exported.database)
    full = _full_export(exported)
    assert full.password is not None
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        report = merge_batch(other, full.path, actor=ASSESSOR, password=full.password)
        assert len(report.added) == full.case_count > 0
        assert report.conflicts == []
        assert report.replaced == []
        uids = sorted(report.added)
        mine, theirs = case_copies(other, uids), case_copies(exported.database, uids)
        assert mine == theirs

        with other.session() as session, exported.database.session() as source:
            hkids = dict(session.execute(select(ApplicantRecord.uid, ApplicantRecord.hkid)).tuples().all())
            real = dict(source.execute(select(ApplicantRecord.uid, ApplicantRecord.hkid)).tuples().all())
            assert hkids
            assert all("*" not in number for number in hkids.values())
            assert all(hkids[uid] == real[uid] for uid in hkids)

            decisions = session.scalars(select(AssessmentDecisionRecord)).all()
            assert len(decisions) == source.scalar(select(func.count()).select_from(AssessmentDecisionRecord))
            for decision in decisions:
                assert decision.recommendation in {"pass", "fail"}
                assert decision.reasons.startswith("Reasons ")
                assert decision.decided_by == ASSESSOR
                assert decision.signed_off_by == SUPERVISOR
                assert decision.decided_at is None  # not in the workbook
                # The Hong Kong date, recorded at noon Hong Kong time (04:00 UTC).
                assert decision.signed_off_at == datetime(2023, 11, 21, 4, 0, tzinfo=UTC)
                assert decision.appropriateness == decision.notes == ""  # the five-rule notes stay behind

            industries = session.execute(
                select(IndustryRecord.name_en).join(
                    EmploymentPeriodRecord, EmploymentPeriodRecord.industry_id == IndustryRecord.id
                )
            ).all()
            assert industries
            assert {row[0] for row in industries} == {"Logistics"}

            batch = session.get(ExportBatchRecord, report.batch_id)
            assert batch is not None
            assert (batch.kind, batch.case_count) == ("merge", len(uids))
            locks = set(session.scalars(select(ApplicationRecord.locked_by_batch_id)))
            assert locks == {report.batch_id}
            ledger = dict(
                session.execute(
                    select(ApplicationRecord.uid, BatchItemRecord.content_sha256)
                    .join(BatchItemRecord, BatchItemRecord.application_id == ApplicationRecord.id)
                    .where(BatchItemRecord.batch_id == report.batch_id)
                )
                .tuples()
                .all()
            )
            assert ledger == {uid: copy.sha256 for uid, copy in mine.items()}
            # The same canonical form as the exporting laptop's own ledger for that full-HKID export.
            exported_ledger = dict(
                source.execute(
                    select(ApplicationRecord.uid, BatchItemRecord.content_sha256)
                    .join(BatchItemRecord, BatchItemRecord.application_id == ApplicationRecord.id)
                    .where(BatchItemRecord.batch_id == full.batch_id)
                )
                .tuples()
                .all()
            )
            assert exported_ledger == ledger
        assert verify_chain(other).intact

        before = dump(other)
        again = merge_batch(other, full.path, actor=ASSESSOR, password=full.password)
        assert sorted(again.unchanged) == uids
        assert (again.added, again.conflicts, again.batch_id) == ([], [], None)
        assert dump(other) == before
    finally:
        other.close()


def test_a_merged_case_is_locked_like_an_exported_one(exported: Exported, tmp_path: Path) -> None:
    from assessor_app.core.services.review.corrections import lock_state

    full = _full_export(exported)
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        report = merge_batch(other, full.path, actor=ASSESSOR, password=full.password)
        with other.session() as session:
            application_id = session.scalar(
                select(ApplicationRecord.id).where(ApplicationRecord.uid == report.added[0])
            )
        assert application_id is not None
        state = lock_state(other, application_id)
        assert state.locked
        assert state.batch_id == report.batch_id
        assert not state.editable
    finally:
        other.close()


def test_reading_cases_matches_the_exports_rows(exported: Exported) -> None:
    _decide(exported.database)
    _returned(exported)
    collected = collect_rows(exported.database, ApplicationRecord.status != "draft", full_hkid=True)
    uids = [str(case[1]) for case in collected.cases]
    with exported.database.session() as session:
        local = read_local_uids(session, uids)
    rows_by_sheet = {
        sheet.name: sorted(tuple(str(v) if v is not None else "" for v in row) for row in rows)
        for sheet, rows in collected.data
    }
    ours: dict[str, list[tuple[str, ...]]] = {name: [] for name in rows_by_sheet}
    applicants: set[tuple[str, ...]] = set()
    for case in local.values():
        applicants.add(case.copy.applicant)
        for sheet, lines in zip(
            ("applications", "employment", "evidence", "results"), case.copy.rows, strict=True
        ):
            ours[sheet].extend(lines)
    ours["applicants"] = sorted(applicants)
    for name in ours:
        ours[name].sort()
    assert ours == rows_by_sheet


def test_merging_its_own_full_hkid_export_with_remarks_twice_finds_every_case_unchanged(
    exported: Exported,
) -> None:
    _decide(exported.database)
    _returned(exported)
    full = export_batch(
        exported.database,
        exported.folder / "full.xlsx",
        actor=SUPERVISOR,
        status="result_passed",
        full_hkid=True,
    )
    for _ in range(2):
        report = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
        assert report.conflicts == []
        assert len(report.unchanged) == full.case_count > 0


def test_merging_a_laptops_own_export_changes_nothing(exported: Exported) -> None:
    full = _full_export(exported)
    before = dump(exported.database)
    report = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
    assert len(report.unchanged) == full.case_count
    assert dump(exported.database) == before


# --- refusals -----------------------------------------------------------------------------------------


def test_a_masked_workbook_is_refused_with_the_way_to_fix_it(exported: Exported, tmp_path: Path) -> None:
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        before = dump(other)
        with pytest.raises(AppError) as refused:
            merge_batch(other, exported.result.path, actor=ASSESSOR)
        assert refused.value.code == "merge_needs_full_hkid"
        assert "full HKID numbers (encrypted)" in refused.value.en
        assert "supervisor" in refused.value.en
        assert "完整身份證號碼（加密）" in refused.value.zh
        assert "主管" in refused.value.zh
        assert dump(other) == before
    finally:
        other.close()


def test_an_encrypted_workbook_needs_its_password(exported: Exported, tmp_path: Path) -> None:
    full = _full_export(exported)
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        before = dump(other)
        with pytest.raises(AppError) as needed:
            merge_batch(other, full.path, actor=ASSESSOR)
        assert needed.value.code == "password_needed"
        assert "password" in needed.value.en
        assert "密碼" in needed.value.zh
        with pytest.raises(AppError) as wrong:
            merge_batch(other, full.path, actor=ASSESSOR, password="WRONG-WRONG-WRONG-WRONG")
        assert wrong.value.code == "wrong_password"
        assert dump(other) == before
    finally:
        other.close()


def test_an_intake_clerk_cannot_merge(exported: Exported, tmp_path: Path) -> None:
    full = _full_export(exported)
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        with pytest.raises(AppError) as refused:
            merge_batch(other, full.path, actor=CLERK, password=full.password)
        assert refused.value.code == "role_not_allowed"
    finally:
        other.close()


def test_an_edited_workbook_is_refused(exported: Exported, tmp_path: Path) -> None:
    plain = _full_workbook(exported.database, _uids(exported.database)[:4], tmp_path / "plain.xlsx")
    workbook = load_workbook(plain)
    workbook["employment"]["D3"] = "Someone Else Ltd"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        before = dump(other)
        with pytest.raises(AppError) as refused:
            merge_batch(other, edited, actor=SUPERVISOR)
        assert refused.value.code == "merge_tampered"
        assert dump(other) == before
    finally:
        other.close()


# --- conflicts ----------------------------------------------------------------------------------------


def test_different_content_is_a_persisted_conflict_never_an_overwrite(exported: Exported) -> None:
    full = _full_export(exported)
    with exported.database.session() as session:
        period_id = session.scalar(
            select(func.min(EmploymentPeriodRecord.id))
            .join(ApplicationRecord)
            .where(ApplicationRecord.locked_by_batch_id.is_not(None))
        )
        session.execute(
            update(EmploymentPeriodRecord)
            .where(EmploymentPeriodRecord.id == period_id)
            .values(employer="Changed Ltd")
        )
    cases_before = case_copies(exported.database, _uids(exported.database))
    report = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
    assert len(report.conflicts) == 1
    conflict = report.conflicts[0]
    assert conflict.reasons[0].startswith("Employment periods")
    assert "Employer" in conflict.reasons[0]
    assert '"Changed Ltd"' in conflict.reasons[0]
    assert "CONFLICT" in report.describe()
    assert case_copies(exported.database, _uids(exported.database)) == cases_before  # nothing overwritten

    [stored] = _open_conflicts(exported.database)
    assert stored.id == conflict.conflict_id
    assert stored.source_file == "full.xlsx"
    assert stored.detected_by == SUPERVISOR
    theirs = CaseCopy.from_json(stored.theirs_json)
    assert theirs.sha256 == stored.theirs_sha256
    assert theirs == copies_from_workbook(read_workbook(full.path, full.password))[stored.application_uid]

    before = dump(exported.database)
    again = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
    assert [c.conflict_id for c in again.conflicts] == [conflict.conflict_id]
    assert dump(exported.database) == before  # the same conflict is not recorded twice


def test_a_changed_decision_is_a_conflict(exported: Exported, tmp_path: Path) -> None:
    _decide(exported.database)
    full = _full_export(exported)
    with exported.database.session() as session:
        decision = session.scalars(
            select(AssessmentDecisionRecord).order_by(AssessmentDecisionRecord.id)
        ).first()
        assert decision is not None
        decision.reasons = "Reasons rewritten here"
    report = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
    assert len(report.conflicts) == 1
    assert any("Reasons" in reason and "rewritten" in reason for reason in report.conflicts[0].reasons)


def test_an_unknown_industry_makes_the_case_a_conflict(exported: Exported, tmp_path: Path) -> None:
    uids = _uids(exported.database)[:3]
    with exported.database.session() as session:
        industry = IndustryRecord(name_en="Drone Delivery", name_zh="無人機送貨")
        session.add(industry)
        session.flush()
        period = session.scalars(
            select(EmploymentPeriodRecord).join(ApplicationRecord).where(ApplicationRecord.uid == uids[0])
        ).first()
        assert period is not None
        period.industry_id = industry.id
    plain = _full_workbook(exported.database, uids, tmp_path / "plain.xlsx")
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        report = merge_batch(other, plain, actor=ASSESSOR)
        assert sorted(report.added) == sorted(uids[1:])
        [conflict] = report.conflicts
        assert conflict.application_uid == uids[0]
        assert conflict.reasons == (
            "industry Drone Delivery is not in this laptop's catalogue / 此電腦的行業目錄沒有 Drone Delivery",
        )
        with other.session() as session:
            assert (
                session.scalar(select(ApplicationRecord.id).where(ApplicationRecord.uid == uids[0])) is None
            )
        assert len(_open_conflicts(other)) == 1

        # Once this laptop's catalogue knows the industry, merging the file again adds the case and closes
        # the conflict that kept it.
        with other.session() as session:
            session.add(IndustryRecord(name_en="Drone Delivery", name_zh="無人機送貨"))
        again = merge_batch(other, plain, actor=ASSESSOR)
        assert again.added == [uids[0]]
        assert _open_conflicts(other) == []
        with other.session() as session:
            closed = session.scalars(select(MergeConflictRecord)).one()
            assert (closed.id, closed.resolution) == (conflict.conflict_id, "merged")
        assert case_copies(other, [uids[0]]) == case_copies(exported.database, [uids[0]])
    finally:
        other.close()


def test_the_same_hkid_under_another_applicant_is_flagged_and_the_case_added(
    exported: Exported, tmp_path: Path
) -> None:
    full = _full_export(exported)
    other = _station(tmp_path / "other.sqlite3", exported.database)
    try:
        with exported.database.session() as session:
            source = session.scalars(
                select(ApplicantRecord)
                .join(ApplicationRecord)
                .where(ApplicationRecord.locked_by_batch_id.is_not(None))
                .order_by(ApplicantRecord.uid)
            ).first()
            assert source is not None
            uid, number, born = source.uid, source.hkid, source.date_of_birth
        with other.session() as session:
            session.add(
                ApplicantRecord(
                    hkid=number, residence_status="A", surname_en="TWIN", date_of_birth=date(1950, 1, 1)
                )
            )
        assert born != date(1950, 1, 1)
        report = merge_batch(other, full.path, actor=ASSESSOR, password=full.password)
        assert len(report.added) == full.case_count  # added all the same
        [duplicate] = report.duplicates
        assert duplicate.applicant_uid == uid
        assert duplicate.hkid == number
        assert duplicate.same_date_of_birth is False
        text = report.describe()
        assert "POSSIBLE DUPLICATE" in text
        assert number not in text  # masked in the report
        assert "different date of birth" in text
        with other.session() as session:
            assert session.scalar(select(func.count()).where(ApplicantRecord.hkid == number)) == 2
            flagged = session.scalars(
                select(AuditEventRecord).where(AuditEventRecord.action == "possible_duplicate")
            ).all()
            assert [(entry.entity_uid, entry.new_value) for entry in flagged] == [
                (uid, duplicate.other_applicant_uid)
            ]
    finally:
        other.close()


# --- the order rule -----------------------------------------------------------------------------------


UNKNOWN_INDUSTRY = "Drone Delivery"  # only version 3 knows it: its copies of cases 0 and 1 cannot be added


def _make_versions(folder: Path) -> tuple[list[str], list[Database]]:
    """A source laptop in four versions: v1, v2 and v3 change the same cases of v0 differently. Cases 1
    and 2 share one applicant, whose particulars v1, v2 and v3 change differently; v3 puts cases 0 and 1
    in an industry other laptops do not know."""
    v0 = open_database(folder / "v0.sqlite3")
    demo_database(v0, applications=8, signed_off=3, seed=11)
    uids = _uids(v0)
    _edit(v0, lambda _s, apps: setattr(apps[uids[2]], "applicant_id", apps[uids[1]].applicant_id))
    v0.close()
    databases = [open_database(folder / "v0.sqlite3")]
    for name, change in (("v1", _v1), ("v2", _v2), ("v3", _v3)):
        shutil.copy(folder / "v0.sqlite3", folder / f"{name}.sqlite3")
        database = open_database(folder / f"{name}.sqlite3")
        _edit(database, _with_uids(change, uids))
        databases.append(database)
    return uids, databases


@pytest.fixture
def versions(tmp_path: Path) -> Iterator[tuple[list[str], list[Database]]]:
    uids, databases = _make_versions(tmp_path)
    yield uids, databases
    for database in databases:
        database.close()


def _with_uids(
    change: Callable[[Session, dict[str, ApplicationRecord], list[str]], None], uids: list[str]
) -> Callable[[Session, dict[str, ApplicationRecord]], None]:
    def edit(session: Session, apps: dict[str, ApplicationRecord]) -> None:
        change(session, apps, uids)

    return edit


def _v1(session: Session, apps: dict[str, ApplicationRecord], uids: list[str]) -> None:
    apps[uids[0]].employment[0].employer = "Version One Ltd"
    apps[uids[1]].phone = "+852 61111111"  # the case's particulars as lodged
    apps[uids[4]].evidence[0].status = "verified"


def _v2(session: Session, apps: dict[str, ApplicationRecord], uids: list[str]) -> None:
    apps[uids[0]].employment[0].employer = "Version Two Ltd"
    apps[uids[1]].email = "two@example.com"
    session.add(
        AssessmentDecisionRecord(
            applied_qualification_id=apps[uids[3]].qualifications[0].id,
            recommendation="pass",
            reasons="enough",
            decided_by=ASSESSOR,
        )
    )


def _v3(session: Session, apps: dict[str, ApplicationRecord], uids: list[str]) -> None:
    industry = IndustryRecord(name_en=UNKNOWN_INDUSTRY, name_zh="無人機送貨")
    session.add(industry)
    session.flush()
    for uid in uids[:2]:
        apps[uid].employment[0].industry_id = industry.id
    apps[uids[2]].phone = "+852 63333333"


def _state(database: Database) -> tuple[dict[str, str], list[tuple[str, str, str, str, str]]]:
    """What must not depend on the order: every case's content hash, and the open conflicts (ignoring
    ids, times and which file first carried the copy)."""
    cases = {uid: copy.sha256 for uid, copy in case_copies(database, _uids(database)).items()}
    conflicts = sorted(
        (row.application_uid, row.theirs_sha256, row.theirs_json, row.differences, row.source_station)
        for row in _open_conflicts(database)
    )
    return cases, conflicts


def _nothing_lost(database: Database, files: list[Path]) -> None:
    """Every copy in every file is either what its case holds or an open conflict."""
    cases, conflicts = _state(database)
    kept = {(conflict[0], conflict[1]) for conflict in conflicts}
    for file in files:
        for uid, copy in copies_from_workbook(read_workbook(file, None)).items():
            assert cases.get(uid) == copy.sha256 or (uid, copy.sha256) in kept, uid


def test_between_two_foreign_copies_the_smaller_hash_wins_whatever_the_order(
    versions: tuple[list[str], list[Database]], tmp_path: Path
) -> None:
    uids, (_, v1, v2, _) = versions
    a = _full_workbook(v1, [uids[0]], tmp_path / "a.xlsx")
    b = _full_workbook(v2, [uids[0]], tmp_path / "b.xlsx")
    copy_a = copies_from_workbook(read_workbook(a, None))[uids[0]]
    copy_b = copies_from_workbook(read_workbook(b, None))[uids[0]]
    smaller, larger = sorted((copy_a, copy_b), key=lambda copy: copy.sha256)
    states = []
    for order, files in (("ab", (a, b)), ("ba", (b, a))):
        station = _station(tmp_path / f"{order}.sqlite3", v1)
        try:
            reports = [merge_batch(station, file, actor=ASSESSOR) for file in files]
            assert case_copies(station, [uids[0]])[uids[0]] == smaller
            assert [row.theirs_sha256 for row in _open_conflicts(station)] == [larger.sha256]
            second = reports[1]
            if files[0] == (a if smaller is copy_b else b):  # the larger came first: replaced, listed
                [replacement] = second.replaced
                assert replacement.what == "case"
                assert replacement.displaced_conflict_id == second.conflicts[0].conflict_id
                assert "REPLACED" in second.describe()
                with station.session() as session:
                    actions = set(
                        session.scalars(
                            select(AuditEventRecord.action).where(AuditEventRecord.entity_uid == uids[0])
                        )
                    )
                assert {"merged", "merge_replaced", "merge_conflict"} <= actions
            else:
                assert second.replaced == []
            states.append(_state(station))
            assert verify_chain(station).intact
        finally:
            station.close()
    assert states[0] == states[1]


def test_a_case_changed_here_after_its_merge_always_stays(
    versions: tuple[list[str], list[Database]], tmp_path: Path
) -> None:
    uids, (_, v1, v2, _) = versions
    a = _full_workbook(v1, [uids[0]], tmp_path / "a.xlsx")
    b = _full_workbook(v2, [uids[0]], tmp_path / "b.xlsx")
    station = _station(tmp_path / "station.sqlite3", v1)
    try:
        merge_batch(station, a, actor=ASSESSOR)
        merge_batch(station, b, actor=ASSESSOR)
        held = case_copies(station, [uids[0]])[uids[0]]
        with station.session() as session:
            session.execute(
                update(EvidenceItemRecord)
                .where(
                    EvidenceItemRecord.application_id.in_(
                        select(ApplicationRecord.id).where(ApplicationRecord.uid == uids[0])
                    )
                )
                .values(reason="seen again here")
            )
        changed = case_copies(station, [uids[0]])[uids[0]]
        assert changed != held
        for file in (a, b):
            report = merge_batch(station, file, actor=ASSESSOR)
            assert report.replaced == []
        assert case_copies(station, [uids[0]])[uids[0]] == changed
        assert len(_open_conflicts(station)) == 2  # both foreign copies now wait for a person
    finally:
        station.close()


def test_an_applicant_shared_by_two_cases_ends_the_same_whatever_the_order(
    versions: tuple[list[str], list[Database]], tmp_path: Path
) -> None:
    uids, (_, v1, v2, _) = versions
    x = _full_workbook(v1, [uids[1]], tmp_path / "x.xlsx")
    y = _full_workbook(v2, [uids[2]], tmp_path / "y.xlsx")
    states = []
    for order, files in (("xy", [x, y]), ("yx", [y, x])):
        station = _station(tmp_path / f"{order}.sqlite3", v1)
        try:
            for file in files:
                merge_batch(station, file, actor=ASSESSOR)
            assert sorted(case_copies(station, _uids(station))) == sorted(uids[1:3])  # both cases are here
            with station.session() as session:
                assert session.scalar(select(func.count()).select_from(ApplicantRecord)) == 1
                phones = dict(
                    session.execute(select(ApplicationRecord.uid, ApplicationRecord.phone)).tuples().all()
                )
            _nothing_lost(station, files)
            # Each case keeps the particulars it was lodged with: different ones are no conflict.
            assert _open_conflicts(station) == []
            assert phones[uids[1]] == "+852 61111111" != phones[uids[2]]
            states.append(_state(station))
        finally:
            station.close()
    assert states[0] == states[1]


def test_a_laptop_holding_the_cases_keeps_them_and_lists_the_other_copies(
    versions: tuple[list[str], list[Database]], tmp_path: Path
) -> None:
    uids, (v0, v1, v2, _) = versions
    files = [_full_workbook(v, uids, tmp_path / f"v{i}.xlsx") for i, v in enumerate((v1, v2), start=1)]
    before = case_copies(v0, uids)
    for file in files:
        report = merge_batch(v0, file, actor=ASSESSOR)
        assert report.added == []
        assert report.replaced == []
    assert case_copies(v0, uids) == before
    _nothing_lost(v0, files)


# --- properties ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[str], list[Database]]]:
    uids, databases = _make_versions(tmp_path_factory.mktemp("pool"))
    yield uids, databases
    for database in databases:
        database.close()


FILES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3), st.sets(st.integers(min_value=0, max_value=6), min_size=1)
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=FILES, order=st.randoms(use_true_random=False), home=st.booleans())
def test_merge_is_idempotent_order_independent_and_loses_nothing(
    pool: tuple[list[str], list[Database]], files: list[tuple[int, set[int]]], order: Random, home: bool
) -> None:
    """Files of any versions of any cases, merged in three orders into an empty station (or, with
    ``home``, into a copy of the laptop that made v0, whose own cases must never change)."""
    uids, databases = pool
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        paths = [
            _full_workbook(databases[version], [uids[i] for i in sorted(chosen)], folder / f"f{n}.xlsx")
            for n, (version, chosen) in enumerate(files)
        ]
        shuffled = list(paths)
        order.shuffle(shuffled)
        addable = {uids[i] for version, chosen in files for i in chosen if not (version == 3 and i < 2)}
        own = case_copies(databases[0], _uids(databases[0])) if home else {}
        states = []
        for name, sequence in (("given", paths), ("reversed", paths[::-1]), ("shuffled", shuffled)):
            if home:
                databases[0].engine.dispose()
                shutil.copy(databases[0].path, folder / f"{name}.sqlite3")
                anchor = anchor_path(databases[0].path)  # a copy of the laptop carries its audit anchor
                if anchor.exists():
                    shutil.copy(anchor, anchor_path(folder / f"{name}.sqlite3"))
                station = open_database(folder / f"{name}.sqlite3")
            else:
                station = _station(folder / f"{name}.sqlite3", databases[0])
            try:
                for path in sequence:
                    merge_batch(station, path, actor=ASSESSOR)
                before = dump(station)
                for path in sequence:  # idempotent: every file again changes nothing
                    again = merge_batch(station, path, actor=ASSESSOR)
                    assert again.added == []
                    assert again.replaced == []
                assert dump(station) == before
                assert sorted(_uids(station)) == sorted(addable | set(own))  # no case lost, none doubled
                assert {uid: case_copies(station, [uid])[uid] for uid in own} == own  # this laptop's stay
                _nothing_lost(station, paths)
                states.append(_state(station))
                assert verify_chain(station).intact
            finally:
                station.close()
        assert states[0] == states[1] == states[2]


def test_a_copy_once_held_and_then_displaced_is_an_open_conflict_again(
    exported: Exported, tmp_path: Path
) -> None:
    uid = _uids(exported.database)[0]
    with exported.database.session() as session:
        industry = IndustryRecord(name_en="Drone Delivery", name_zh="無人機送貨")
        session.add(industry)
        session.flush()
        period = session.scalars(
            select(EmploymentPeriodRecord)
            .join(ApplicationRecord)
            .where(ApplicationRecord.uid == uid)
            .order_by(EmploymentPeriodRecord.position)
        ).first()
        assert period is not None
        period.industry_id = industry.id
        period_id = period.id
    versions = []
    for number in range(2):  # two versions of the case: the one whose case hash is larger goes first
        with exported.database.session() as session:
            changed = session.get(EmploymentPeriodRecord, period_id)
            assert changed is not None
            changed.employer = f"Employer {number} Ltd"
        path = _full_workbook(exported.database, [uid], tmp_path / f"v{number}.xlsx")
        versions.append((copies_from_workbook(read_workbook(path, None))[uid], path))
    (copy_b, b), (copy_a, a) = sorted(versions, key=lambda version: version[0].sha256)
    station = _station(tmp_path / "station.sqlite3", exported.database)
    try:
        [conflict] = merge_batch(station, a, actor=ASSESSOR).conflicts  # industry unknown here
        with station.session() as session:
            session.add(IndustryRecord(name_en="Drone Delivery", name_zh="無人機送貨"))
        assert merge_batch(station, a, actor=ASSESSOR).added == [uid]  # held now: the conflict is closed
        assert _open_conflicts(station) == []
        report = merge_batch(station, b, actor=ASSESSOR)
        [replacement] = report.replaced
        assert replacement.displaced_conflict_id == conflict.conflict_id
        assert case_copies(station, [uid])[uid] == copy_b
        assert [(row.id, row.theirs_sha256) for row in _open_conflicts(station)] == [
            (conflict.conflict_id, copy_a.sha256)
        ]
        assert verify_chain(station).intact
    finally:
        station.close()


def test_two_applicants_of_one_workbook_sharing_an_hkid_are_listed_once(tmp_path: Path) -> None:
    source = open_database(tmp_path / "source.sqlite3")
    generate_demo(source, applications=30)  # two of its applicants applied again under a new record
    target = empty_station(tmp_path / "target.sqlite3", trusting=source)
    try:
        full = export_batch(source, tmp_path / "full.xlsx", actor=SUPERVISOR, status="lodged", full_hkid=True)
        report = merge_batch(target, full.path, actor=ASSESSOR, password=full.password)
        pairs = [(d.applicant_uid, d.other_applicant_uid) for d in report.duplicates]
        assert pairs
        assert not any((other, uid) in pairs for uid, other in pairs)
    finally:
        source.close()
        target.close()
