"""Merge conflicts a person resolves: listed, kept once, resolved 'mine' or 'theirs' by a supervisor with a
reason, audited, an exported case marked for the next batch, attachments kept; refusals change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import (
    AuditEventRecord,
    BatchItemRecord,
    ExportBatchRecord,
    MergeConflictRecord,
)
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    EmploymentPeriodRecord,
    EvidenceFileRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import IndustryRecord
from assessor_app.core.errors import AppError
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.review.corrections import cases_for_next_batch
from assessor_app.core.services.sync.conflicts import ConflictRow, list_conflicts, resolve_conflict
from assessor_app.core.services.sync.export import ExportResult, build_workbook, export_batch
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.merge_content import CaseCopy, case_copies, copies_from_workbook
from assessor_app.core.services.sync.merge_workbook import read_workbook
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import ASSESSOR, SUPERVISOR, dump, empty_station, signed_workbook

REASON = "Checked with the applicant by phone: the other laptop's copy is right"


@dataclass(frozen=True)
class Conflicted:
    """The laptop that exported a batch, one of whose cases was then changed here, and the conflict that
    merging its own full-HKID export back records."""

    database: Database
    full: ExportResult
    uid: str
    conflict: ConflictRow


def _uid_of_period(database: Database, period_id: int) -> str:
    with database.session() as session:
        uid = session.scalar(
            select(ApplicationRecord.uid)
            .join(EmploymentPeriodRecord)
            .where(EmploymentPeriodRecord.id == period_id)
        )
        assert uid is not None
        return uid


@pytest.fixture
def conflicted(exported: Exported) -> Conflicted:
    full = export_batch(
        exported.database,
        exported.folder / "full.xlsx",
        actor=SUPERVISOR,
        status="exported",
        full_hkid=True,
    )
    with exported.database.session() as session:
        period = session.scalars(
            select(EmploymentPeriodRecord)
            .join(ApplicationRecord)
            .where(ApplicationRecord.locked_by_batch_id.is_not(None))
            .order_by(EmploymentPeriodRecord.id)
        ).first()
        assert period is not None
        period.employer = "Changed Here Ltd"  # as a correction would
        period_id = period.id
    report = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
    assert len(report.conflicts) == 1
    [row] = list_conflicts(exported.database)
    return Conflicted(exported.database, full, _uid_of_period(exported.database, period_id), row)


def _variants(source: Database, uid: str, employers: list[str], folder: Path) -> list[Path]:
    """Plain full-HKID workbooks of one case, its first employer changed to each name in turn."""
    paths = []
    for number, employer in enumerate(employers):
        with source.session() as session:
            period = session.scalars(
                select(EmploymentPeriodRecord)
                .join(ApplicationRecord)
                .where(ApplicationRecord.uid == uid)
                .order_by(EmploymentPeriodRecord.position)
            ).first()
            assert period is not None
            period.employer = employer
        built = build_workbook(source, condition=ApplicationRecord.uid == uid, full_hkid=True)
        paths.append(signed_workbook(source, built, folder / f"variant{number}.xlsx"))
    return paths


def _copy(path: Path, uid: str) -> CaseCopy:
    return copies_from_workbook(read_workbook(path, None))[uid]


# --- listing ------------------------------------------------------------------------------------------


def test_a_conflict_is_listed_with_where_it_came_from(conflicted: Conflicted) -> None:
    row = conflicted.conflict
    assert row.application_uid == conflicted.uid
    assert row.reference_no
    assert row.source_file == "full.xlsx"
    assert row.source_station == "LT01"
    assert row.detected_by == SUPERVISOR
    assert row.detected_at.tzinfo is not None
    assert (row.resolution, row.resolved_by, row.resolved_at, row.resolution_reason) == (None, None, None, "")
    assert len(row.differences) == 1
    assert '"Changed Here Ltd"' in row.differences[0]
    assert list_conflicts(conflicted.database, include_resolved=True) == [row]


# --- resolving ----------------------------------------------------------------------------------------


def test_keeping_mine_changes_no_case_and_is_audited(conflicted: Conflicted) -> None:
    database = conflicted.database
    cases_before = case_copies(database, [conflicted.uid])
    row = resolve_conflict(database, conflicted.conflict.id, actor=SUPERVISOR, keep="mine", reason=REASON)
    assert (row.resolution, row.resolved_by, row.resolution_reason) == ("mine", SUPERVISOR, REASON)
    assert row.resolved_at is not None
    assert case_copies(database, [conflicted.uid]) == cases_before
    assert list_conflicts(database) == []
    assert list_conflicts(database, include_resolved=True) == [row]
    with database.session() as session:
        entry = session.scalars(
            select(AuditEventRecord).where(AuditEventRecord.action == "merge_conflict_resolved")
        ).one()
        assert (entry.entity_uid, entry.actor, entry.reason) == (conflicted.uid, SUPERVISOR, REASON)
        assert session.scalar(select(func.count()).select_from(MergeConflictRecord)) == 1
    # The case had left in an export batch: the version decided on goes out again.
    [correction] = cases_for_next_batch(database)
    assert correction.reference_no == conflicted.conflict.reference_no
    assert REASON in correction.reason
    assert verify_chain(database).intact

    before = dump(database)
    again = merge_batch(database, conflicted.full.path, actor=SUPERVISOR, password=conflicted.full.password)
    assert [(c.conflict_id, c.resolution) for c in again.conflicts] == [(row.id, "mine")]
    assert dump(database) == before  # the resolved copy is not recorded again


def test_taking_theirs_replaces_the_case_keeps_attachments_and_marks_it_for_the_next_batch(
    conflicted: Conflicted,
) -> None:
    database = conflicted.database
    with database.session() as session:
        application = session.scalars(
            select(ApplicationRecord).where(ApplicationRecord.uid == conflicted.uid)
        ).one()
        item = EvidenceItemRecord(application_id=application.id, evidence_type="payslip", reason="local only")
        session.add(item)
        session.flush()
        session.add(
            EvidenceFileRecord(
                application_id=application.id,
                evidence_item_id=item.id,
                sha256="0" * 64,
                original_name="scan.pdf",
                media_type="application/pdf",
                size_bytes=10,
            )
        )
        kept_file_count = session.scalar(
            select(func.count())
            .select_from(EvidenceFileRecord)
            .where(EvidenceFileRecord.application_id == application.id)
        )
    theirs = _copy_of(conflicted)
    row = resolve_conflict(database, conflicted.conflict.id, actor=SUPERVISOR, keep="theirs", reason=REASON)
    assert row.resolution == "theirs"
    assert case_copies(database, [conflicted.uid])[conflicted.uid] == theirs

    with database.session() as session:
        application = session.scalars(
            select(ApplicationRecord).where(ApplicationRecord.uid == conflicted.uid)
        ).one()
        files = session.scalars(
            select(EvidenceFileRecord).where(EvidenceFileRecord.application_id == application.id)
        ).all()
        assert len(files) == kept_file_count  # the attachment stays with the case
        assert [f.evidence_item_id for f in files if f.original_name == "scan.pdf"] == [None]
        assert application.needs_reexport  # it had left in an export batch: it goes out again
        changes = session.scalars(
            select(AuditEventRecord).where(
                AuditEventRecord.entity_uid == conflicted.uid,
                AuditEventRecord.action == "merge_conflict_applied",
            )
        ).all()
        employer = [c for c in changes if c.field.endswith(".employer")]
        assert [(c.old_value, c.new_value) for c in employer] == [("Changed Here Ltd", employer[0].new_value)]
        assert employer[0].new_value != "Changed Here Ltd"
        assert any(c.field.startswith("evidence[") and c.new_value is None for c in changes)
    [correction] = cases_for_next_batch(database)
    assert correction.reference_no == conflicted.conflict.reference_no
    assert correction.opened_by == SUPERVISOR
    assert REASON in correction.reason
    assert verify_chain(database).intact
    assert list_conflicts(database) == []


def _copy_of(conflicted: Conflicted) -> CaseCopy:
    with conflicted.database.session() as session:
        record = session.get(MergeConflictRecord, conflicted.conflict.id)
        assert record is not None
        return CaseCopy.from_json(record.theirs_json)


@pytest.mark.parametrize(
    ("actor", "conflict", "keep", "reason", "code"),
    [
        (ASSESSOR, None, "theirs", REASON, "role_not_allowed"),
        (SUPERVISOR, None, "theirs", "   ", "validation"),
        (SUPERVISOR, None, "both", REASON, "bad_choice"),
        (SUPERVISOR, 999, "mine", REASON, "conflict_not_found"),
        (SUPERVISOR, None, "theirs", "bad\u202ereason", "validation"),
    ],
)
def test_refusals_change_nothing(
    conflicted: Conflicted, actor: str, conflict: int | None, keep: str, reason: str, code: str
) -> None:
    before = dump(conflicted.database)
    with pytest.raises(AppError) as refused:
        resolve_conflict(
            conflicted.database,
            conflict or conflicted.conflict.id,
            actor=actor,
            keep=keep,  # type: ignore[arg-type]
            reason=reason,
        )
    assert refused.value.code == code
    assert refused.value.zh
    assert dump(conflicted.database) == before


def test_a_conflict_is_resolved_once(conflicted: Conflicted) -> None:
    resolve_conflict(
        conflicted.database, conflicted.conflict.id, actor=SUPERVISOR, keep="mine", reason=REASON
    )
    before = dump(conflicted.database)
    with pytest.raises(AppError) as refused:
        resolve_conflict(
            conflicted.database, conflicted.conflict.id, actor=SUPERVISOR, keep="theirs", reason=REASON
        )
    assert refused.value.code == "conflict_resolved"
    assert dump(conflicted.database) == before


def test_a_copy_this_laptop_cannot_hold_is_refused_then_added_once_it_can(
    exported: Exported, tmp_path: Path
) -> None:
    source = exported.database
    with source.session() as session:
        industry = IndustryRecord(name_en="Drone Delivery", name_zh="無人機送貨")
        session.add(industry)
        session.flush()
        period = session.scalars(select(EmploymentPeriodRecord).order_by(EmploymentPeriodRecord.id)).first()
        assert period is not None
        period.industry_id = industry.id
        uid = session.scalars(
            select(ApplicationRecord.uid).where(ApplicationRecord.id == period.application_id)
        ).one()
    built = build_workbook(source, condition=ApplicationRecord.uid == uid, full_hkid=True)
    path = signed_workbook(source, built, tmp_path / "drones.xlsx")
    station = empty_station(tmp_path / "station.sqlite3", trusting=source)
    try:
        report = merge_batch(station, path, actor=ASSESSOR)
        [conflict] = report.conflicts
        before = dump(station)
        with pytest.raises(AppError) as refused:
            resolve_conflict(station, conflict.conflict_id, actor=SUPERVISOR, keep="theirs", reason=REASON)
        assert refused.value.code == "conflict_cannot_apply"
        assert any("Drone Delivery" in detail for detail in refused.value.details)
        assert dump(station) == before

        with station.session() as session:
            session.add(IndustryRecord(name_en="Drone Delivery", name_zh="無人機送貨"))
        resolve_conflict(station, conflict.conflict_id, actor=SUPERVISOR, keep="theirs", reason=REASON)
        held = case_copies(station, [uid])[uid]
        assert held == _copy(path, uid)
        with station.session() as session:
            application = session.scalars(select(ApplicationRecord).where(ApplicationRecord.uid == uid)).one()
            batch = session.get(ExportBatchRecord, application.locked_by_batch_id)
            assert batch is not None
            assert batch.kind == "merge"  # locked like a merged case
            ledger = session.scalar(
                select(BatchItemRecord.content_sha256).where(BatchItemRecord.application_id == application.id)
            )
            assert ledger == held.sha256
            assert not application.needs_reexport
        assert verify_chain(station).intact
    finally:
        station.close()


def test_a_case_a_person_decided_on_is_never_replaced_by_a_later_merge(
    exported: Exported, tmp_path: Path
) -> None:
    with exported.database.session() as session:
        uid = session.scalars(
            select(ApplicationRecord.uid)
            .where(ApplicationRecord.status != "draft")
            .order_by(ApplicationRecord.id)
        ).first()
        assert uid is not None
    paths = _variants(exported.database, uid, [f"Employer {n} Ltd" for n in range(6)], tmp_path)
    paths.sort(key=lambda path: _copy(path, uid).sha256)
    smallest, held, other = paths[0], paths[1], paths[2]

    def prepared(name: str) -> tuple[Database, int]:
        station = empty_station(tmp_path / f"{name}.sqlite3", trusting=exported.database)
        merge_batch(station, held, actor=ASSESSOR)
        report = merge_batch(station, other, actor=ASSESSOR)
        [conflict] = report.conflicts
        assert case_copies(station, [uid])[uid] == _copy(held, uid)
        return station, conflict.conflict_id

    control, _ = prepared("control")
    decided, conflict_id = prepared("decided")
    try:
        assert merge_batch(control, smallest, actor=ASSESSOR).replaced  # the rule alone would replace it
        resolve_conflict(decided, conflict_id, actor=SUPERVISOR, keep="mine", reason=REASON)
        report = merge_batch(decided, smallest, actor=ASSESSOR)
        assert report.replaced == []
        assert case_copies(decided, [uid])[uid] == _copy(held, uid)
        assert {c.theirs_sha256 for c in _open(decided)} == {_copy(smallest, uid).sha256}
    finally:
        control.close()
        decided.close()


def test_taking_theirs_on_a_merged_case_makes_it_this_laptops(exported: Exported, tmp_path: Path) -> None:
    with exported.database.session() as session:
        uid = session.scalars(
            select(ApplicationRecord.uid)
            .where(ApplicationRecord.status != "draft")
            .order_by(ApplicationRecord.id)
        ).first()
        assert uid is not None
    paths = _variants(exported.database, uid, [f"Employer {n} Ltd" for n in range(6)], tmp_path)
    paths.sort(key=lambda path: _copy(path, uid).sha256)
    station = empty_station(tmp_path / "station.sqlite3", trusting=exported.database)
    try:
        merge_batch(station, paths[1], actor=ASSESSOR)
        [conflict] = merge_batch(station, paths[2], actor=ASSESSOR).conflicts
        resolve_conflict(station, conflict.conflict_id, actor=SUPERVISOR, keep="theirs", reason=REASON)
        assert case_copies(station, [uid])[uid] == _copy(paths[2], uid)
        with station.session() as session:
            application = session.scalars(select(ApplicationRecord).where(ApplicationRecord.uid == uid)).one()
            assert not application.needs_reexport  # it never left this laptop in an export batch
        report = merge_batch(station, paths[0], actor=ASSESSOR)
        assert report.replaced == []
        assert case_copies(station, [uid])[uid] == _copy(paths[2], uid)
        # The copy it held before was set aside by the person's decision (its values are in the audit
        # trail); the new copy waits for a person.
        assert {c.theirs_sha256 for c in _open(station)} == {_copy(paths[0], uid).sha256}
    finally:
        station.close()


def _open(database: Database) -> list[MergeConflictRecord]:
    with database.session() as session:
        rows = list(
            session.scalars(select(MergeConflictRecord).where(MergeConflictRecord.resolution.is_(None)))
        )
        session.expunge_all()
        return rows
