"""Merge conflicts: another station's copy of a case kept whole for a person to resolve.

A merge (:mod:`.merge`) records a conflict in ``merge_conflicts`` whenever a copy of a case in another
station's workbook cannot be held as it is: the case here differs and stays (created or changed here, or
it holds a copy the merge rule prefers), or the copy needs something this laptop lacks. The same copy is
never recorded twice. :func:`list_conflicts` lists them; :func:`resolve_conflict` lets a supervisor or
administrator decide, with a reason:

- ``keep="mine"``: the case here stays as it is;
- ``keep="theirs"``: the case takes the stored copy: its particulars as lodged, application, qualifications
  applied for (route, eligibility, results), the assessor's decisions, employment periods, evidence items.
  The applicant record here is never changed (a person new here is created from the copy).
  Attachments, document requests and the five-rule notes here are kept; evidence items their copy lacks
  are removed, their attachments staying with the case. A case not here is added (and locked into a
  ``merge`` ledger batch like a merged case); every field changed is written to the audit trail.

Both are audited. If the case already left this laptop in an export batch, it is marked for the next
export (``needs_reexport``, a correction opened by the resolution, with its reason), so the version a
person decided on reaches the Secretariat even if the other station sent its own. After a resolution the case counts as
changed here: later merges never replace it, they record conflicts. A conflict closed by a later merge
(the case came to hold that very copy) has the resolution ``merged`` and opens again if the merge rule
later displaces that copy. See ``docs/merge.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord, MergeConflictRecord
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services import audit
from assessor_app.core.services.review.corrections import (
    REASON_MAX,
    lock_into_batch,
    start_correction,
)
from assessor_app.core.services.shared import acting_user, check_text, raise_problems
from assessor_app.core.services.sync.merge_apply import new_applicant, write_case
from assessor_app.core.services.sync.merge_checks import Catalogue, Owners, case_problems
from assessor_app.core.services.sync.merge_content import CaseCopy, read_local_uids
from assessor_app.core.services.sync.merge_diff import Change, audit_value, changes
from assessor_app.core.services.sync.merge_rules import (
    BATCH_KIND,
    EXPORT_KIND,
    KEEP_MINE,
    KEEP_THEIRS,
    refresh_conflicts,
)


@dataclass(frozen=True)
class ConflictRow:
    id: int
    application_uid: str
    reference_no: str | None
    source_file: str
    source_station: str
    differences: tuple[str, ...]
    detected_by: str
    detected_at: datetime
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    resolution_reason: str


def _row(record: MergeConflictRecord) -> ConflictRow:
    detected_at = record.detected_at
    assert detected_at is not None
    return ConflictRow(
        id=record.id,
        application_uid=record.application_uid,
        reference_no=record.reference_no,
        source_file=record.source_file,
        source_station=record.source_station,
        differences=tuple(line for line in record.differences.split("\n") if line),
        detected_by=record.detected_by,
        detected_at=detected_at,
        resolution=record.resolution,
        resolved_by=record.resolved_by,
        resolved_at=record.resolved_at,
        resolution_reason=record.resolution_reason,
    )


def list_conflicts(database: Database, *, include_resolved: bool = False) -> list[ConflictRow]:
    """The open conflicts (with ``include_resolved``, every one), oldest first."""
    query = select(MergeConflictRecord).order_by(MergeConflictRecord.id)
    if not include_resolved:
        query = query.where(MergeConflictRecord.resolution.is_(None))
    with database.session() as session:
        return [_row(record) for record in session.scalars(query)]


def resolve_conflict(
    database: Database, conflict_id: int, *, actor: str, keep: Literal["mine", "theirs"], reason: str
) -> ConflictRow:
    """Resolve one open conflict (see the module docstring); one transaction.

    Refused, nothing written: a missing or malformed reason (``validation``), a ``keep`` other than
    ``mine`` / ``theirs`` (``bad_choice``), a user who is not a supervisor or administrator
    (``role_not_allowed``), an unknown conflict (``conflict_not_found``), one already resolved
    (``conflict_resolved``), and for ``theirs`` a copy that needs what this laptop lacks
    (``conflict_cannot_apply``, each problem listed).
    """
    if keep not in (KEEP_MINE, KEEP_THEIRS):
        raise AppError(
            f"Choose which copy to keep: 'mine' or 'theirs', not '{keep}'.",
            f"請選擇保留哪一份：「mine」（此電腦）或「theirs」（對方），而非「{keep}」。",
            code="bad_choice",
        )
    problems: list[str] = []
    reason = check_text(
        reason, name_en="reason", name_zh="原因", max_length=REASON_MAX, problems=problems, required=True
    )
    raise_problems(problems, "Give the reason for resolving the conflict.", "請註明處理衝突的原因。")
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.RESOLVE_CONFLICT],
            doing_en="resolve a merge conflict",
            doing_zh="處理合併衝突",
        )
        record = session.get(MergeConflictRecord, conflict_id)
        if record is None:
            raise AppError(
                f"There is no merge conflict {conflict_id}.",
                f"沒有編號 {conflict_id} 的合併衝突。",
                code="conflict_not_found",
            )
        if record.resolution is not None:
            raise AppError(
                f"Merge conflict {conflict_id} was already resolved ({record.resolution}, by {record.resolved_by}).",
                f"合併衝突 {conflict_id} 已處理（{record.resolution}，由 {record.resolved_by}）。",
                code="conflict_resolved",
            )
        note = f"merge conflict {record.id} resolved ({keep}): {reason}"
        touched = [record.application_uid]
        if keep == KEEP_THEIRS:
            touched += _take_theirs(
                session, CaseCopy.from_json(record.theirs_json), actor=user.username, note=note
            )
        application = session.scalar(
            select(ApplicationRecord).where(ApplicationRecord.uid == record.application_uid)
        )
        if application is not None:  # the version a person decided on goes out again, if it had left
            _mark_for_reexport(session, application, actor=user.username, note=note)
        record.resolution = keep
        record.resolved_by = user.username
        record.resolved_at = utc_now()
        record.resolution_reason = reason
        audit.record(
            session,
            actor=user.username,
            entity="application",
            entity_uid=record.application_uid,
            action="merge_conflict_resolved",
            field="merge_conflict",
            new=f"{record.id}: {keep}",
            reason=reason,
        )
        session.flush()
        refresh_conflicts(
            session,
            touched,
            actor=user.username,
            closing_reason=f"the case here now holds this copy ({note})",
        )
        return _row(record)


def _take_theirs(session: Session, copy: CaseCopy, *, actor: str, note: str) -> list[str]:
    """Make the case here hold ``copy`` (its own particulars; the applicant record stays), audited field
    by field; the keys of the cases whose content changed."""
    catalogue = Catalogue.load(session)
    owners = Owners()
    owners.load(session, [copy])
    problems = case_problems(catalogue, owners, copy)
    if problems:
        raise AppError(
            "Their copy cannot be applied on this laptop; nothing was changed.",
            "此電腦無法套用對方的副本，未有任何更改。",
            code="conflict_cannot_apply",
            details=problems,
        )
    local = read_local_uids(session, [copy.uid]).get(copy.uid)
    if local is not None and local.copy.sha256 == copy.sha256:
        return []
    applicant = session.scalar(select(ApplicantRecord).where(ApplicantRecord.uid == copy.applicant_uid))
    changed_cases: list[ApplicationRecord] = []
    if applicant is None:
        applicant = new_applicant(session, copy.applicant)
    application = session.get(ApplicationRecord, local.id) if local is not None else None
    application = write_case(session, catalogue, copy, application, applicant=applicant, actor=actor)
    changed_cases.append(application)
    if local is None:
        _audit(session, copy.uid, [], actor, note, added=True)
        batch = ExportBatchRecord(
            kind=BATCH_KIND, file_name="", file_sha256="", created_by=actor, case_count=1
        )
        session.add(batch)
        session.flush()
        session.add(
            BatchItemRecord(batch_id=batch.id, application_id=application.id, content_sha256=copy.sha256)
        )
        lock_into_batch(session, application, batch.id, actor=actor)
    else:
        _audit(session, copy.uid, changes(local.copy, copy), actor, note)
    for case in changed_cases:
        _mark_for_reexport(session, case, actor=actor, note=note)
    return [case.uid for case in changed_cases]


def _audit(
    session: Session, uid: str, found: list[Change], actor: str, note: str, *, added: bool = False
) -> None:
    # A case added from their copy is one entry; a changed case, one entry per field changed (old → new).
    entries: list[tuple[str, str | None, str | None]] = (
        [("case", None, "added")]
        if added
        else [
            (
                change.field[:60],
                audit_value(change.old, is_hkid=change.is_hkid),
                audit_value(change.new, is_hkid=change.is_hkid),
            )
            for change in found
        ]
    )
    for field, old, new in entries:
        audit.record(
            session,
            actor=actor,
            entity="application",
            entity_uid=uid,
            action="merge_conflict_applied",
            field=field,
            old=old,
            new=new,
            reason=note,
        )


def _mark_for_reexport(session: Session, application: ApplicationRecord, *, actor: str, note: str) -> None:
    """A case that left this laptop in an export batch and changed goes out again (a correction is opened)."""
    if application.locked_by_batch_id is None or application.needs_reexport:
        return
    batch = session.get(ExportBatchRecord, application.locked_by_batch_id)
    if batch is None or batch.kind != EXPORT_KIND:
        return
    start_correction(session, application, actor=actor, reason=note)
