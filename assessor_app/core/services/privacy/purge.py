"""The purge: what the retention settings say is no longer needed is removed, each removal audited.

HKID copies go through the same erasure as the case view's "Erase HKID copy" (one concept, once). A
closed case past its retention period is deleted with every row that belongs to it (the schema's
cascades), its merge conflicts and its lines in batch ledgers; an applicant left with no case goes too;
then the stored files nobody else holds. Old form drafts are deleted, and the files attached to them at
intake that nothing else holds. The audit trail keeps one entry per
removal, naming the case by its reference number and state, never the person; the older entries about
what was removed keep what was done, by whom and when, but lose their values (a corrected name, a reason
typed), vouched for by one more entry so that ``audit verify`` still holds (:mod:`..audit_redaction`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord, BatchItemRecord, MergeConflictRecord
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    DraftRecord,
    EvidenceFileRecord,
)
from assessor_app.core.domain.application_form import ApplicationForm, FormAttachment
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.evidence.attachments import erase_hkid_copy
from assessor_app.core.services.evidence.intake_files import release_file
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.privacy.access_request import rows_under, uids_of
from assessor_app.core.services.privacy.retention import DueForPurge, due
from assessor_app.core.services.shared import acting_user

log = logging.getLogger(__name__)
ERASE_REASON = "retention: the HKID was verified; the copy is no longer needed"
REDACT_REASON = "retention: the values of the entries about the cases, applicants and drafts removed"


@dataclass
class PurgeReport:
    due: DueForPurge
    dry_run: bool
    references: list[str] = field(default_factory=list)  # the deleted (or, dry, due) cases
    applicants_deleted: int = 0
    files_deleted: int = 0
    entries_redacted: int = 0  # older audit entries about what was removed, their values removed

    def describe(self) -> str:
        verb_en, verb_zh = ("would remove", "將會刪除") if self.dry_run else ("removed", "已刪除")
        settings = self.due.settings
        lines = [
            f"保留期限 Retention: cases {settings.case_years} years after closing, HKID copies "
            f"{settings.id_copy_days} days after verification, drafts {settings.draft_days} days",
            f"{verb_zh}：身份證副本 {len(self.due.id_copies)} 份，個案 {len(self.due.cases)} 個，"
            f"草稿 {len(self.due.drafts)} 份",
            f"{verb_en}: {len(self.due.id_copies)} HKID copies, {len(self.due.cases)} cases, "
            f"{len(self.due.drafts)} drafts",
        ]
        if not self.dry_run:
            lines.append(
                f"  另外：沒有個案的申請人 {self.applicants_deleted} 名，已存檔案 {self.files_deleted} 份，"
                f"較早審計記錄的內容 {self.entries_redacted} 項"
            )
            lines.append(
                f"  also: {self.applicants_deleted} applicants with no case left, {self.files_deleted} stored "
                f"files, the values of {self.entries_redacted} older audit entries"
            )
        lines.extend(f"  - {reference}" for reference in self.references)
        return "\n".join(lines)


def purge(
    database: Database, evidence_dir: Path, *, actor: str, now: datetime | None = None, dry_run: bool = False
) -> PurgeReport:
    """Remove what is due at ``now`` (an administrator; ``dry_run`` lists it and changes nothing)."""
    with database.session() as session:
        user = acting_user(
            session, actor, PERMISSIONS[Action.PURGE], doing_en="purge personal data", doing_zh="清除個人資料"
        )
        actor = user.username
        found = due(session, now)
        references = [
            reference or f"draft case {uid}"
            for reference, uid in session.execute(
                select(ApplicationRecord.reference_no, ApplicationRecord.uid)
                .where(ApplicationRecord.id.in_(found.cases))
                .order_by(ApplicationRecord.id)
            )
        ]
    report = PurgeReport(found, dry_run, references)
    if dry_run or found.empty:
        return report
    for attachment_id in found.id_copies:
        erase_hkid_copy(database, evidence_dir, attachment_id, operator=actor, reason=ERASE_REASON)
    with database.session() as session:
        up_to_id = session.scalar(select(func.max(AuditEventRecord.id))) or 0
        uids = uids_of(rows_under(session, "applications", list(found.cases)))
        files, report.applicants_deleted, gone_uids = _delete_cases(session, found, actor)
        uids |= gone_uids
        draft_files: list[tuple[str, FormAttachment]] = []
        for draft in session.scalars(select(DraftRecord).where(DraftRecord.id.in_(found.drafts))):
            uids.add(draft.uid)
            form = ApplicationForm.from_dict(json.loads(draft.payload_json))
            draft_files += [(draft.uid, file) for file in form.attachments]
            audit.record(
                session,
                actor=actor,
                entity="draft",
                entity_uid=draft.uid,
                action="draft_purged",
                reason=f"retention: not typed in for {found.settings.draft_days} days",
            )
            session.delete(draft)
        report.entries_redacted = audit.redact_values(
            session, uids, up_to_id=up_to_id, actor=actor, reason=REDACT_REASON
        )
        unheld = [
            (sha256, media_type)
            for sha256, media_type in sorted(files)
            if session.scalar(
                select(EvidenceFileRecord.id).where(
                    EvidenceFileRecord.sha256 == sha256, EvidenceFileRecord.erased_at.is_(None)
                )
            )
            is None
        ]
    # After the commit: a file whose deletion fails is left with no row (logged), never a row without
    # its file.
    for sha256, media_type in unheld:
        try:
            stored_path(evidence_dir, sha256, media_type, database.data_key).unlink(missing_ok=True)
            report.files_deleted += 1
        except OSError as exc:
            log.warning("purge: could not delete the stored file %s: %s", sha256, exc)
    for uid, file in draft_files:  # attached at intake to a draft never lodged
        try:
            report.files_deleted += release_file(database, evidence_dir, file, draft_uid=uid)
        except AppError as exc:
            log.warning("purge: could not delete the stored file %s: %s", file.sha256, exc.en)
    return report


def _delete_cases(
    session: Session, found: DueForPurge, actor: str
) -> tuple[set[tuple[str, str]], int, set[str]]:
    """Delete the cases due, audited; the stored files they held, how many applicants went too, and
    those applicants' uids."""
    files: set[tuple[str, str]] = set()
    applicant_ids: set[int] = set()
    years = found.settings.case_years
    for application in session.scalars(
        select(ApplicationRecord).where(ApplicationRecord.id.in_(found.cases))
    ):
        files.update(
            session.execute(
                select(EvidenceFileRecord.sha256, EvidenceFileRecord.media_type).where(
                    EvidenceFileRecord.application_id == application.id
                )
            ).tuples()
        )
        applicant_ids.add(application.applicant_id)
        audit.record(
            session,
            actor=actor,
            entity="application",
            entity_uid=application.uid,
            action="case_purged",
            old=application.reference_no,
            reason=f"retention: {application.status} since {application.updated_at:%Y-%m-%d}, kept {years} years",
        )
        session.execute(delete(BatchItemRecord).where(BatchItemRecord.application_id == application.id))
        session.execute(
            delete(MergeConflictRecord).where(MergeConflictRecord.application_uid == application.uid)
        )
        session.delete(application)
    session.flush()
    gone: set[str] = set()
    for applicant in session.scalars(
        select(ApplicantRecord).where(ApplicantRecord.id.in_(sorted(applicant_ids)))
    ):
        if not applicant.applications:
            audit.record(
                session,
                actor=actor,
                entity="applicant",
                entity_uid=applicant.uid,
                action="applicant_purged",
                reason="retention: no case of theirs is left",
            )
            session.delete(applicant)
            gone.add(applicant.uid)
    return files, len(gone), gone
