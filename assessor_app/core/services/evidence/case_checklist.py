"""The evidence checklist of a case: what each application needs, and what was seen or received.

Every claimed employment period needs proof (an employer or authorised-person letter, or a carer's
declaration on a carer application), and each qualification may need more (``qualification_evidence``).
:func:`sync_checklist` adds what is missing and never deletes; :func:`set_status` records what was seen,
by whom and when. A period is *proven* when any item linked to it, of a type that proves a period, has a
status in :data:`PROVING_STATUSES` (see ``docs/evidence.md``). Every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EvidenceFileRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import EvidenceTypeRecord, QualificationEvidenceRecord
from assessor_app.core.domain.enums import EvidenceRole, EvidenceStatus
from assessor_app.core.domain.experience import PROOF_TYPE
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.eligibility import period_label
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.shared import (
    acting_user,
    application_not_found,
    assert_editable,
    load_application,
)

PROVING_STATUSES = frozenset({"original_seen", "copy_received", "verified"})
STATUSES = tuple(status.value for status in EvidenceStatus)

EMPLOYER_LETTER = "employer_letter"
CARER_DECLARATION = "carer_declaration"
HKID_COPY = "hkid_copy"

# How the checklist and the type picker order evidence types.
ROLE_ORDER = {
    EvidenceRole.PRIMARY.value: 0,
    EvidenceRole.CARER.value: 1,
    EvidenceRole.SUPPLEMENTARY.value: 2,
    EvidenceRole.AUTHENTICITY.value: 3,
    EvidenceRole.IDENTITY.value: 4,
}

# Status names as an assessor reads them: (Chinese, English).
STATUS_LABELS: dict[str, tuple[str, str]] = {
    EvidenceStatus.MISSING.value: ("尚欠", "Missing"),
    EvidenceStatus.ORIGINAL_SEEN.value: ("已核對正本", "Original seen"),
    EvidenceStatus.COPY_RECEIVED.value: ("已收副本", "Copy received"),
    EvidenceStatus.VERIFIED.value: ("已核實", "Verified"),
    EvidenceStatus.REJECTED.value: ("不獲接納", "Rejected"),
}


@dataclass(frozen=True)
class AttachmentRow:
    """One file attached to a case (or to one of its checklist items)."""

    id: int
    application_id: int
    evidence_item_id: int | None
    sha256: str
    original_name: str
    media_type: str
    size_bytes: int
    is_hkid_copy: bool
    added_by: str
    added_at: datetime
    erased_at: datetime | None
    stored_path: Path | None  # None once erased
    shared_with: tuple[str, ...]  # reference numbers of OTHER applicants' cases holding the same file


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist, with the period it proves and the files attached to it."""

    id: int
    application_id: int
    evidence_type: str
    type_en: str
    type_zh: str
    role: str
    period_id: int | None
    period_label: str
    period_start: date | None
    period_end: date | None
    status: str
    reason: str
    recorded_by: str | None
    recorded_at: datetime | None
    attachments: tuple[AttachmentRow, ...]


# --- Helpers also used by attachments and the case summary ------------------------------------


def shared_with(
    connection: Connection, application_id: int, hashes: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """For each hash, the reference numbers of other applicants' cases holding the same content.

    "Other applicant" means a different HKID, so one person's two cases never flag each other. Erased
    rows count: the content was attached there even if the file is gone. A case without a reference
    number yet is named ``#id``.
    """
    wanted = set(hashes)
    if not wanted:
        return {}
    own_hkid = connection.scalar(
        select(ApplicantRecord.hkid)
        .join(ApplicationRecord, ApplicationRecord.applicant_id == ApplicantRecord.id)
        .where(ApplicationRecord.id == application_id)
    )
    rows = connection.execute(
        select(EvidenceFileRecord.sha256, ApplicationRecord.id, ApplicationRecord.reference_no)
        .join(ApplicationRecord, ApplicationRecord.id == EvidenceFileRecord.application_id)
        .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
        .where(
            EvidenceFileRecord.sha256.in_(wanted),
            EvidenceFileRecord.application_id != application_id,
            ApplicantRecord.hkid != own_hkid,
        )
        .order_by(ApplicationRecord.reference_no, ApplicationRecord.id)
    ).all()
    found: dict[str, list[str]] = {}
    for sha256, other_id, reference_no in rows:
        name = reference_no or f"#{other_id}"
        names = found.setdefault(sha256, [])
        if name not in names:
            names.append(name)
    return {sha256: tuple(names) for sha256, names in found.items()}


def attachment_rows(
    connection: Connection, evidence_dir: Path, application_id: int, data_key: bytes | None
) -> list[AttachmentRow]:
    """Every file attached to the case, oldest first (erased ones included, without a path)."""
    rows = connection.execute(
        select(
            EvidenceFileRecord.id,
            EvidenceFileRecord.application_id,
            EvidenceFileRecord.evidence_item_id,
            EvidenceFileRecord.sha256,
            EvidenceFileRecord.original_name,
            EvidenceFileRecord.media_type,
            EvidenceFileRecord.size_bytes,
            EvidenceFileRecord.is_hkid_copy,
            EvidenceFileRecord.added_by,
            EvidenceFileRecord.added_at,
            EvidenceFileRecord.erased_at,
        )
        .where(EvidenceFileRecord.application_id == application_id)
        .order_by(EvidenceFileRecord.added_at, EvidenceFileRecord.id)
    ).all()
    shared = shared_with(connection, application_id, (row.sha256 for row in rows))
    result = []
    for row in rows:
        added_at = row.added_at
        assert added_at is not None
        result.append(
            AttachmentRow(
                id=row.id,
                application_id=row.application_id,
                evidence_item_id=row.evidence_item_id,
                sha256=row.sha256,
                original_name=row.original_name,
                media_type=row.media_type,
                size_bytes=row.size_bytes,
                is_hkid_copy=bool(row.is_hkid_copy),
                added_by=row.added_by,
                added_at=added_at,
                erased_at=row.erased_at,
                stored_path=None
                if row.erased_at is not None
                else stored_path(evidence_dir, row.sha256, row.media_type, data_key),
                shared_with=shared.get(row.sha256, ()),
            )
        )
    return result


def proven_period_ids(connection: Connection, application_id: int) -> set[int]:
    """Periods with at least one item of a period-proving type in :data:`PROVING_STATUSES`."""
    period_ids = connection.scalars(
        select(EvidenceItemRecord.period_id)
        .join(EvidenceTypeRecord, EvidenceTypeRecord.code == EvidenceItemRecord.evidence_type)
        .where(
            EvidenceItemRecord.application_id == application_id,
            EvidenceTypeRecord.proves_period.is_(True),
            EvidenceItemRecord.status.in_(PROVING_STATUSES),
        )
        .distinct()
    ).all()
    return {period_id for period_id in period_ids if period_id is not None}


def checklist_items(
    connection: Connection, evidence_dir: Path, application_id: int, data_key: bytes | None
) -> list[ChecklistItem]:
    """The checklist read over an open connection: period items in period order, then the rest."""
    rows = connection.execute(
        select(
            EvidenceItemRecord.id,
            EvidenceItemRecord.application_id,
            EvidenceItemRecord.evidence_type,
            EvidenceTypeRecord.name_en,
            EvidenceTypeRecord.name_zh,
            EvidenceTypeRecord.role,
            EvidenceItemRecord.period_id,
            EmploymentPeriodRecord.employer,
            EmploymentPeriodRecord.post,
            EmploymentPeriodRecord.start_date,
            EmploymentPeriodRecord.end_date,
            EmploymentPeriodRecord.position,
            EvidenceItemRecord.status,
            EvidenceItemRecord.reason,
            EvidenceItemRecord.recorded_by,
            EvidenceItemRecord.recorded_at,
        )
        .join(EvidenceTypeRecord, EvidenceTypeRecord.code == EvidenceItemRecord.evidence_type)
        .outerjoin(EmploymentPeriodRecord, EmploymentPeriodRecord.id == EvidenceItemRecord.period_id)
        .where(EvidenceItemRecord.application_id == application_id)
    ).all()
    files: dict[int, list[AttachmentRow]] = {}
    for attachment in attachment_rows(connection, evidence_dir, application_id, data_key):
        if attachment.evidence_item_id is not None:
            files.setdefault(attachment.evidence_item_id, []).append(attachment)

    def order(row: Row[Any]) -> tuple[int, int, int, int, int]:
        if row.period_id is None:
            return (1, 0, 0, ROLE_ORDER.get(row.role, 9), row.id)
        return (0, row.position or 0, row.period_id, ROLE_ORDER.get(row.role, 9), row.id)

    return [
        ChecklistItem(
            id=row.id,
            application_id=row.application_id,
            evidence_type=row.evidence_type,
            type_en=row.name_en,
            type_zh=row.name_zh,
            role=row.role,
            period_id=row.period_id,
            period_label=period_label(row.employer, row.post or "") if row.period_id is not None else "",
            period_start=row.start_date,
            period_end=row.end_date,
            status=row.status,
            reason=row.reason or "",
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
            attachments=tuple(files.get(row.id, ())),
        )
        for row in sorted(rows, key=order)
    ]


# --- Reading ------------------------------------------------------------------------------------


def checklist(database: Database, evidence_dir: Path, application_id: int) -> list[ChecklistItem]:
    """The case's checklist with each item's files; ``AppError(code="application_not_found")`` if none."""
    with database.engine.connect() as connection:
        exists = connection.scalar(select(ApplicationRecord.id).where(ApplicationRecord.id == application_id))
        if exists is None:
            raise application_not_found(application_id)
        return checklist_items(connection, evidence_dir, application_id, database.data_key)


def evidence_types(database: Database) -> list[tuple[str, str, str, str]]:
    """Every evidence type as ``(code, name_en, name_zh, role)``: primary first, identity last."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(
                EvidenceTypeRecord.code,
                EvidenceTypeRecord.name_en,
                EvidenceTypeRecord.name_zh,
                EvidenceTypeRecord.role,
            )
        ).all()
    ordered = sorted(rows, key=lambda row: (ROLE_ORDER.get(row[3], 9), row[0]))
    return [(code, name_en, name_zh, role) for code, name_en, name_zh, role in ordered]


# --- Changing the checklist ---------------------------------------------------------------------


def evidence_recorder(session: Session, username: str, *, doing_en: str, doing_zh: str) -> str:
    """``username``, an active user whose role may record a case's evidence; refused otherwise."""
    roles = PERMISSIONS[Action.RECORD_EVIDENCE]
    return acting_user(session, username, roles, doing_en=doing_en, doing_zh=doing_zh).username


def _describe_item(evidence_type: str, period: EmploymentPeriodRecord | None) -> str:
    if period is None:
        return evidence_type
    end = period.end_date.isoformat() if period.end_date else "present"
    return f"{evidence_type} for {period_label(period.employer, period.post)} {period.start_date.isoformat()}–{end}"


def _new_item(
    session: Session,
    application: ApplicationRecord,
    evidence_type: str,
    period: EmploymentPeriodRecord | None,
    operator: str,
    action: str,
) -> EvidenceItemRecord:
    item = EvidenceItemRecord(
        application_id=application.id,
        evidence_type=evidence_type,
        period_id=period.id if period is not None else None,
        status=EvidenceStatus.MISSING.value,
    )
    session.add(item)
    session.flush()
    audit.record(
        session,
        actor=operator,
        entity="evidence_item",
        entity_uid=item.uid,
        action=action,
        field="evidence_type",
        new=_describe_item(evidence_type, period),
        reason=f"case {application.reference_no or application.id}",
    )
    return item


def _missing_items(
    session: Session, application: ApplicationRecord
) -> list[tuple[str, EmploymentPeriodRecord | None]]:
    """What the rules require and the checklist lacks: (type, period) pairs, in order."""
    existing = session.execute(
        select(EvidenceItemRecord.evidence_type, EvidenceItemRecord.period_id).where(
            EvidenceItemRecord.application_id == application.id
        )
    ).all()
    have_for_period = {(evidence_type, period_id) for evidence_type, period_id in existing}
    have_types = {evidence_type for evidence_type, _ in existing}
    missing: list[tuple[str, EmploymentPeriodRecord | None]] = []
    periods: Sequence[EmploymentPeriodRecord] = session.scalars(
        select(EmploymentPeriodRecord)
        .where(EmploymentPeriodRecord.application_id == application.id)
        .order_by(EmploymentPeriodRecord.position, EmploymentPeriodRecord.id)
    ).all()
    for period in periods:
        proof_type = PROOF_TYPE.get(period.kind, EMPLOYER_LETTER)
        if (proof_type, period.id) not in have_for_period:
            missing.append((proof_type, period))
    required = session.scalars(
        select(QualificationEvidenceRecord.evidence_type)
        .join(
            AppliedQualificationRecord,
            AppliedQualificationRecord.qualification_id == QualificationEvidenceRecord.qualification_id,
        )
        .where(AppliedQualificationRecord.application_id == application.id)
        .order_by(AppliedQualificationRecord.id, QualificationEvidenceRecord.id)
    ).all()
    for evidence_type in dict.fromkeys(required):
        if evidence_type not in have_types:
            missing.append((evidence_type, None))
    return missing


def sync_checklist(database: Database, application_id: int, *, operator: str) -> list[int]:
    """Add the items the rules require and the checklist lacks; never deletes. Returns the new ids.

    Every employment period gets an ``employer_letter`` item (a caring period a ``carer_declaration``)
    if it has none of that type; every ``qualification_evidence`` type of the qualifications
    applied for gets one case-wide item if the case has no item of that type yet.
    """
    with database.session() as session:
        operator = evidence_recorder(
            session,
            operator,
            doing_en="update a case's evidence checklist",
            doing_zh="更新個案的證明文件清單",
        )
        application = load_application(session, application_id)
        missing = _missing_items(session, application)
        if not missing:
            return []
        assert_editable(session, application)
        return [
            _new_item(session, application, evidence_type, period, operator, "checklist_sync").id
            for evidence_type, period in missing
        ]


def add_item(
    database: Database, application_id: int, evidence_type: str, *, period_id: int | None, operator: str
) -> int:
    """Add one checklist line (for example a payslip as extra proof of a period); returns its id."""
    with database.session() as session:
        operator = evidence_recorder(
            session, operator, doing_en="add a line to a case's checklist", doing_zh="在個案的清單加入項目"
        )
        application = load_application(session, application_id)
        assert_editable(session, application)
        type_record = session.get(EvidenceTypeRecord, evidence_type)
        if type_record is None:
            raise ValidationError(
                f"Unknown evidence type {evidence_type!r}.",
                f"沒有「{evidence_type}」這種證明文件類別。",
                code="evidence_type_unknown",
            )
        if evidence_type == CARER_DECLARATION and not any(
            applied.carer_declaration for applied in application.qualifications
        ):
            raise ValidationError(
                "A carer's declaration belongs only on a case where a qualification is applied for with "
                "one; this case needs employer proof.",
                "照顧者聲明書只適用於以聲明書申請資歷的個案；此個案須提交僱主證明。",
                code="carer_declaration_not_allowed",
            )
        period: EmploymentPeriodRecord | None = None
        if period_id is not None:
            period = session.get(EmploymentPeriodRecord, period_id)
            if period is None or period.application_id != application.id:
                raise ValidationError(
                    f"Employment period {period_id} is not part of this case.",
                    f"工作經驗 {period_id} 不屬於此個案。",
                    code="period_not_in_case",
                )
            if not type_record.proves_period:
                raise ValidationError(
                    f"A {type_record.name_en.lower()} does not prove an employment period: add it without one.",
                    f"「{type_record.name_zh}」不證明工作經驗，請不要指定工作經驗。",
                    code="type_does_not_prove_period",
                )
        duplicate = session.scalar(
            select(EvidenceItemRecord.id).where(
                EvidenceItemRecord.application_id == application.id,
                EvidenceItemRecord.evidence_type == evidence_type,
                EvidenceItemRecord.period_id.is_(None)
                if period_id is None
                else EvidenceItemRecord.period_id == period_id,
            )
        )
        if duplicate is not None:
            raise ValidationError(
                f"The checklist already has a {type_record.name_en.lower()} line"
                + (" for that period." if period_id is not None else "."),
                f"清單上已有「{type_record.name_zh}」"
                + ("（該段工作經驗）。" if period_id is not None else "。"),
                code="evidence_item_exists",
            )
        return _new_item(session, application, evidence_type, period, operator, "add").id


def set_status(database: Database, item_id: int, status: str, *, operator: str, reason: str = "") -> None:
    """Record what was seen or received for one item, by whom and when; ``rejected`` needs a reason."""
    if status not in STATUSES:
        raise ValidationError(
            f"Unknown evidence status {status!r}: use one of {', '.join(STATUSES)}.",
            f"沒有「{status}」這種證明文件狀態，請使用：{'、'.join(STATUSES)}。",
            code="evidence_status_unknown",
        )
    reason = reason.strip()
    if status == EvidenceStatus.REJECTED.value and not reason:
        raise ValidationError(
            "Say why the document is rejected: the applicant is told the reason.",
            "請註明不接納文件的原因，申請人會獲告知。",
            code="reason_required",
        )
    with database.session() as session:
        operator = evidence_recorder(
            session,
            operator,
            doing_en="record what was seen of a document",
            doing_zh="記錄證明文件的查閱情況",
        )
        item = session.get(EvidenceItemRecord, item_id)
        if item is None:
            raise AppError(
                f"There is no checklist item {item_id}.",
                f"沒有編號 {item_id} 的證明文件項目。",
                code="evidence_item_not_found",
            )
        application = load_application(session, item.application_id)
        assert_editable(session, application)
        if item.status == status and item.reason == reason:
            return
        old_status, old_reason = item.status, item.reason
        item.status = status
        item.reason = reason
        item.recorded_by = operator
        item.recorded_at = datetime.now(UTC)
        # The entry names the status when it changed, otherwise the reason (the status stayed).
        status_changed = old_status != status
        audit.record(
            session,
            actor=operator,
            entity="evidence_item",
            entity_uid=item.uid,
            action="set_status",
            field="status" if status_changed else "reason",
            old=old_status if status_changed else old_reason,
            new=status if status_changed else reason,
            reason=reason,
        )
