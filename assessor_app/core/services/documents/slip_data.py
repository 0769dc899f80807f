"""What an acknowledgement slip prints, read from one lodged case into plain values (the HKID only masked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EvidenceFileRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import AgencyRecord, EvidenceTypeRecord, QualificationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import OUTSTANDING_EVIDENCE, CaseStatus, EvidenceStatus
from assessor_app.core.domain.hk_holidays import holidays_known, working_days_after
from assessor_app.core.domain.names import english_name
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import to_hong_kong_time

DOCUMENTS_DUE_WORKING_DAYS = 14
REIMBURSEMENT_YEARS = 2

RECEIVED_STATUSES = (EvidenceStatus.ORIGINAL_SEEN, EvidenceStatus.COPY_RECEIVED, EvidenceStatus.VERIFIED)
OUTSTANDING_STATUSES = OUTSTANDING_EVIDENCE

# Evidence status as the applicant reads it: (Chinese, English).
STATUS_LABELS: dict[str, tuple[str, str]] = {
    EvidenceStatus.ORIGINAL_SEEN: ("已核對正本", "Original seen"),
    EvidenceStatus.COPY_RECEIVED: ("已收副本", "Copy received"),
    EvidenceStatus.VERIFIED: ("已核實", "Verified"),
    EvidenceStatus.MISSING: ("尚欠", "Not yet received"),
    EvidenceStatus.REJECTED: ("不獲接納，請另交", "Not accepted: please provide another"),
}


@dataclass(frozen=True)
class BilingualText:
    zh: str
    en: str


@dataclass(frozen=True)
class SlipQualification:
    title_zh: str
    title_en: str
    qf_level: int
    qr_number: str | None


@dataclass(frozen=True)
class SlipPeriod:
    """The employment period a document proves."""

    employer: str
    post: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class SlipDocument:
    type_code: str
    name_zh: str
    name_en: str
    status: str
    status_zh: str
    status_en: str
    period: SlipPeriod | None


@dataclass(frozen=True)
class SlipData:
    """Everything printed on one slip, as plain values; the HKID is present only masked."""

    reference_no: str
    agency_name_zh: str
    agency_name_en: str
    agency_phone: str
    agency_email: str
    agency_address: str
    agency_hours: str
    event_name: str
    event_host: str
    event_venue: str
    event_date: date | None
    applicant_name_zh: str
    applicant_name_en: str
    hkid_masked: str
    application_date: date
    lodged_at: datetime | None
    qualifications: tuple[SlipQualification, ...]
    fee_hkd: int | None
    fee_paid: bool
    fee_receipt_no: str
    # The last day to bring the documents still required: 14 working days after the lodging day.
    documents_due: date
    documents_received: tuple[SlipDocument, ...]
    documents_missing: tuple[SlipDocument, ...]
    next_steps: tuple[BilingualText, ...]
    # Scans, photos and PDFs attached to the case (at intake or since), not erased: counted on the slip.
    files_attached: int = 0

    @property
    def qr_payload(self) -> str:
        """What the QR code on the slip encodes: the reference number, nothing personal."""
        return self.reference_no


def _not_found(reference_no: str, *, draft: bool = False) -> AppError:
    if draft:
        return AppError(
            f"Application {reference_no} is still a draft: it has no acknowledgement slip until it is lodged.",
            f"申請 {reference_no} 仍是草稿，須先遞交才有申請確認回條。",
            code="case_not_found",
        )
    return AppError(
        f"No lodged application has the reference number {reference_no!r}. Check the number on the slip or search the case list.",
        f"找不到參考編號為「{reference_no}」的已遞交申請。請核對編號或在個案清單搜尋。",
        code="case_not_found",
    )


_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_ZH = "一二三四五六日"
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def written_date(day: date) -> BilingualText:
    """A date as an applicant reads it, whatever the machine's locale: ``2026年1月12日（星期一）`` and
    ``Monday 12 January 2026``."""
    return BilingualText(
        f"{day.year}年{day.month}月{day.day}日（星期{_WEEKDAYS_ZH[day.weekday()]}）",
        f"{_WEEKDAYS_EN[day.weekday()]} {day.day} {_MONTHS_EN[day.month - 1]} {day.year}",
    )


def documents_due(lodged_on: date) -> date:
    """The last day to bring the documents still required: the 14th working day after ``lodged_on``
    (Monday to Friday, Hong Kong's general holidays skipped)."""
    return working_days_after(lodged_on, DOCUMENTS_DUE_WORKING_DAYS)


def _next_steps(reference_no: str, has_outstanding: bool, due: date) -> tuple[BilingualText, ...]:
    days = DOCUMENTS_DUE_WORKING_DAYS
    if has_outstanding:
        # Past the holiday table only weekends were skipped: the applicant is told to count for themselves.
        check_zh = "" if holidays_known(due) else "，未計公眾假期，請自行核對"
        check_en = "" if holidays_known(due) else "; public holidays not counted, please check"
        written = written_date(due)
        documents = BilingualText(
            f"請於 {written.zh}或之前（{days} 個工作天內{check_zh}）把上列尚欠文件（正本及副本）交回或寄回"
            f"評估機構，並註明參考編號 {reference_no}。",
            f"Bring or mail the documents still required (originals and copies) to the agency by "
            f"{written.en} (within {days} working days{check_en}), quoting reference number {reference_no}.",
        )
    else:
        documents = BilingualText(
            "評估機構如需要更多文件，會與你聯絡。",
            "The agency will contact you if it needs further documents.",
        )
    return (
        documents,
        BilingualText(
            "評估機構會就評審安排及結果與你聯絡。",
            "The agency will contact you about the assessment arrangements and the result.",
        ),
        BilingualText(
            "已繳付的申請費用概不退還，但評估機構取消評審者除外。",
            "The fee is non-refundable unless the agency cancels the assessment.",
        ),
        BilingualText(
            f"取得資歷證明書後，可於證明書發出日期起計 {REIMBURSEMENT_YEARS} 年內向資歷架構秘書處申請發還全數費用。"
            "請保留本回條及收據。",
            f"Once awarded a Statement of Attainment, you may claim the full fee back from the QF Secretariat "
            f"within {REIMBURSEMENT_YEARS} years of its date. Keep this slip and your receipt.",
        ),
    )


def _agency_for(application: ApplicationRecord) -> AgencyRecord | None:
    if application.event is not None:
        return application.event.agency
    for applied in application.qualifications:
        agency = applied.qualification.industry.agency
        if agency is not None:
            return agency
    return None


def _document(
    item: EvidenceItemRecord,
    types: dict[str, EvidenceTypeRecord],
    periods: dict[int, EmploymentPeriodRecord],
) -> SlipDocument:
    evidence_type = types.get(item.evidence_type)
    status_zh, status_en = STATUS_LABELS.get(item.status, (item.status, item.status))
    period_record = periods.get(item.period_id) if item.period_id is not None else None
    period = (
        SlipPeriod(
            employer=period_record.employer,
            post=period_record.post,
            start_date=period_record.start_date,
            end_date=period_record.end_date,
        )
        if period_record is not None
        else None
    )
    return SlipDocument(
        type_code=item.evidence_type,
        name_zh=evidence_type.name_zh if evidence_type else "",
        name_en=evidence_type.name_en if evidence_type else item.evidence_type,
        status=item.status,
        status_zh=status_zh,
        status_en=status_en,
        period=period,
    )


def build_slip_data(database: Database, reference_no: str) -> SlipData:
    """The slip of the lodged case ``reference_no``; ``AppError(code="case_not_found")`` otherwise."""
    reference = reference_no.strip().upper()
    if not reference:
        raise _not_found(reference_no)
    query = (
        select(ApplicationRecord)
        .where(ApplicationRecord.reference_no == reference)
        .options(
            selectinload(ApplicationRecord.applicant),
            selectinload(ApplicationRecord.event),
            selectinload(ApplicationRecord.qualifications)
            .selectinload(AppliedQualificationRecord.qualification)
            .selectinload(QualificationRecord.industry),
            selectinload(ApplicationRecord.employment),
            selectinload(ApplicationRecord.evidence),
        )
    )
    with database.session() as session:
        application = session.scalars(query).one_or_none()
        if application is None:
            raise _not_found(reference)
        if application.status == CaseStatus.DRAFT:
            raise _not_found(reference, draft=True)
        applicant = application.applicant
        event = application.event
        agency = _agency_for(application)
        types = {record.code: record for record in session.scalars(select(EvidenceTypeRecord))}
        periods = {period.id: period for period in application.employment}
        evidence = sorted(application.evidence, key=lambda item: item.id)
        received = tuple(
            _document(item, types, periods) for item in evidence if item.status in RECEIVED_STATUSES
        )
        outstanding = tuple(
            _document(item, types, periods) for item in evidence if item.status in OUTSTANDING_STATUSES
        )
        lodged_at = to_hong_kong_time(application.lodged_at) if application.lodged_at else None
        due = documents_due(lodged_at.date() if lodged_at else application.application_date)
        qualifications = tuple(
            SlipQualification(
                title_zh=applied.qualification.title_zh,
                title_en=applied.qualification.title_en,
                qf_level=applied.qualification.qf_level,
                qr_number=applied.qualification.qr_number,
            )
            for applied in sorted(application.qualifications, key=lambda applied: applied.id)
        )
        return SlipData(
            reference_no=reference,
            agency_name_zh=agency.name_zh if agency else "",
            agency_name_en=agency.name_en if agency else "",
            agency_phone=agency.phone if agency else "",
            agency_email=agency.email if agency else "",
            agency_address=agency.address if agency else "",
            agency_hours=agency.hours if agency else "",
            event_name=event.name if event else "",
            event_host=event.host_organisation if event else "",
            event_venue=event.venue if event else "",
            event_date=event.event_date if event else None,
            applicant_name_zh=application.name_zh,
            applicant_name_en=english_name(application.surname_en, application.given_names_en),
            hkid_masked=hkid.mask(applicant.hkid),
            application_date=application.application_date,
            lodged_at=lodged_at,
            qualifications=qualifications,
            fee_hkd=application.fee_hkd,
            fee_paid=application.fee_paid,
            fee_receipt_no=application.fee_receipt_no,
            documents_due=due,
            documents_received=received,
            documents_missing=outstanding,
            next_steps=_next_steps(reference, bool(outstanding), due),
            files_attached=session.scalar(
                select(func.count(EvidenceFileRecord.id)).where(
                    EvidenceFileRecord.application_id == application.id,
                    EvidenceFileRecord.erased_at.is_(None),
                )
            )
            or 0,
        )
