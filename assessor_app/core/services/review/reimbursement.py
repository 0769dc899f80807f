"""Fee reimbursement: the QF Secretariat refunds the fee if claimed within two years of the SoA date.

For each qualification passed (``result == "passed"`` with an ``soa_date``) the claim deadline is
:func:`claim_deadline`: the same day two years after the Statement of Attainment, a claim made on the
deadline itself being in time; an SoA dated 29 February has its deadline on 28 February (the two years end
on the last day of February, never on 1 March). :func:`coming_due` lists the unclaimed ones whose deadline
falls within the next ``within_days`` days, :func:`overdue` those past it, and :func:`record_claim` records
the Secretariat's receipt number (audited).

Recording a claim is not blocked by an export lock: the claim happens long after the result came back and
is not part of what a batch carried to the Secretariat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, AppliedQualificationRecord
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import Role
from assessor_app.core.domain.names import english_name
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services import audit
from assessor_app.core.services.shared import (
    acting_user,
    check_text,
    load_application,
    load_applied_qualification,
    raise_problems,
)

REIMBURSEMENT_YEARS = 2
PASSED = "passed"
RECEIPT_MAX = 60
REASON_MAX = 2000
CLAIM_RECORDERS = frozenset(Role)
ENTITY = "reimbursement"


def claim_deadline(soa_date: date) -> date:
    """The last day to claim: two years after the SoA date (29 February → 28 February)."""
    try:
        return soa_date.replace(year=soa_date.year + REIMBURSEMENT_YEARS)
    except ValueError:  # 29 February, and the year two on is not a leap year
        return date(soa_date.year + REIMBURSEMENT_YEARS, 2, 28)


@dataclass(frozen=True)
class ReimbursementRow:
    """A qualification passed, its SoA and the claim deadline; the HKID only masked."""

    applied_qualification_id: int
    application_id: int
    reference_no: str | None
    applicant_name_zh: str
    applicant_name_en: str
    hkid_masked: str
    phone: str
    title_zh: str
    title_en: str
    qf_level: int
    soa_number: str | None
    soa_date: date
    deadline: date
    receipt_no: str | None
    today: date

    @property
    def claimed(self) -> bool:
        return bool(self.receipt_no)

    @property
    def days_left(self) -> int:
        """Days from today to the deadline (0 on the deadline, negative once past)."""
        return (self.deadline - self.today).days

    @property
    def overdue(self) -> bool:
        return not self.claimed and self.today > self.deadline


def _passed_rows(session: Session, today: date, *, unclaimed_only: bool) -> list[ReimbursementRow]:
    query = (
        select(AppliedQualificationRecord, QualificationRecord, ApplicationRecord, ApplicantRecord)
        .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
        .join(ApplicationRecord, ApplicationRecord.id == AppliedQualificationRecord.application_id)
        .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
        .where(AppliedQualificationRecord.result == PASSED, AppliedQualificationRecord.soa_date.is_not(None))
    )
    if unclaimed_only:
        query = query.where(
            (AppliedQualificationRecord.reimbursement_receipt_no.is_(None))
            | (AppliedQualificationRecord.reimbursement_receipt_no == "")
        )
    rows: list[ReimbursementRow] = []
    for applied, qualification, application, applicant in session.execute(query).tuples():
        assert applied.soa_date is not None
        rows.append(
            ReimbursementRow(
                applied_qualification_id=applied.id,
                application_id=application.id,
                reference_no=application.reference_no,
                applicant_name_zh=application.name_zh,
                applicant_name_en=english_name(application.surname_en, application.given_names_en),
                hkid_masked=hkid.mask(applicant.hkid),
                phone=applicant.phone,  # the person's current phone: this is for reaching them
                title_zh=qualification.title_zh,
                title_en=qualification.title_en,
                qf_level=qualification.qf_level,
                soa_number=applied.soa_number,
                soa_date=applied.soa_date,
                deadline=claim_deadline(applied.soa_date),
                receipt_no=applied.reimbursement_receipt_no or None,
                today=today,
            )
        )
    return sorted(rows, key=lambda row: (row.deadline, row.reference_no or "", row.applied_qualification_id))


def coming_due(
    database: Database, *, today: date | None = None, within_days: int = 90
) -> list[ReimbursementRow]:
    """Unclaimed passes whose deadline is today or within ``within_days`` days, the nearest first."""
    if within_days < 0:
        raise ValueError("within_days must not be negative")
    today = today or hong_kong_today()
    last = today + timedelta(days=within_days)
    with database.session() as session:
        return [
            row for row in _passed_rows(session, today, unclaimed_only=True) if today <= row.deadline <= last
        ]


def overdue(database: Database, *, today: date | None = None) -> list[ReimbursementRow]:
    """Unclaimed passes whose deadline has passed, the longest overdue first."""
    today = today or hong_kong_today()
    with database.session() as session:
        return [row for row in _passed_rows(session, today, unclaimed_only=True) if row.deadline < today]


def passed_qualifications(database: Database, *, today: date | None = None) -> list[ReimbursementRow]:
    """Every pass with an SoA, claimed or not, by deadline (for a full list and exports)."""
    today = today or hong_kong_today()
    with database.session() as session:
        return _passed_rows(session, today, unclaimed_only=False)


def record_claim(
    database: Database,
    applied_qualification_id: int,
    *,
    receipt_no: str,
    actor: str,
    reason: str = "",
    today: date | None = None,
) -> ReimbursementRow:
    """Record the receipt number of the reimbursement claim for a passed qualification (audited).

    Replacing a different receipt number already recorded needs a ``reason``; the same number again writes
    nothing. Refused for a qualification not passed or without an SoA date (``not_passed``).
    """
    problems: list[str] = []
    receipt_no = check_text(
        receipt_no,
        name_en="receipt number",
        name_zh="收據號碼",
        max_length=RECEIPT_MAX,
        problems=problems,
        required=True,
        multiline=False,
    )
    reason = check_text(reason, name_en="reason", name_zh="原因", max_length=REASON_MAX, problems=problems)
    raise_problems(problems, "The claim cannot be recorded.", "未能記錄發還申請。")
    today = today or hong_kong_today()
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            CLAIM_RECORDERS,
            doing_en="record a reimbursement claim",
            doing_zh="記錄發還費用申請",
        )
        applied = load_applied_qualification(session, applied_qualification_id)
        application = load_application(session, applied.application_id)
        if applied.result != PASSED or applied.soa_date is None:
            raise AppError(
                "Only a qualification passed, with the date of its Statement of Attainment, can have a fee "
                "reimbursement claim.",
                "只有已通過並已記錄資歷證明書日期的資歷，才可記錄發還費用申請。",
                code="not_passed",
            )
        old = applied.reimbursement_receipt_no or None
        if old != receipt_no:
            if old is not None and not reason:
                raise ValidationError(
                    f"Receipt number {old} is already recorded: say why it is being replaced.",
                    f"已記錄收據號碼 {old}：請說明更改原因。",
                    code="reason_required",
                )
            applied.reimbursement_receipt_no = receipt_no
            audit.record(
                session,
                actor=user.username,
                entity=ENTITY,
                entity_uid=application.uid,
                action="claim_recorded",
                field=f"applied#{applied.id}.reimbursement_receipt_no",
                old=old,
                new=receipt_no,
                reason=reason,
            )
        session.flush()
        return next(
            row
            for row in _passed_rows(session, today, unclaimed_only=False)
            if row.applied_qualification_id == applied.id
        )
