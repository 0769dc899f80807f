"""Promotion-day intake: events, this laptop's station, drafts, duplicate check, fees and lodging."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    DraftRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import (
    AgencyFeeRecord,
    AgencyRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.db.models.laptop import SettingRecord, StationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import OTHER_INDUSTRY, ApplicationForm, CleanForm
from assessor_app.core.domain.enums import CaseStatus, EvidenceStatus, Route
from assessor_app.core.domain.experience import PROOF_TYPE
from assessor_app.core.domain.form_fields import FieldProblem
from assessor_app.core.domain.normalise import control_problem, normalise_code
from assessor_app.core.domain.workflow import TRANSITIONS
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.eligibility import store_verdicts
from assessor_app.core.services.intake import station_keys
from assessor_app.core.services.intake.form_check import CheckedForm, checked_form
from assessor_app.core.services.intake.particulars import (
    apply_particulars,
    particulars_of,
    record_particulars_change,
)
from assessor_app.core.services.intake.references import STATION_CODE, next_reference
from assessor_app.core.services.shared import CASE_HEAD_COLUMNS, acting_user

DRAFT_OPEN = "open"
DRAFT_LODGED = "lodged"
DRAFT_DISCARDED = "discarded"
LODGE_ROLES = TRANSITIONS[(CaseStatus.DRAFT, CaseStatus.LODGED)]

# The selects every lodging runs, built once (one built per call costs more than it takes to run).
_LOCAL_STATION = select(StationRecord.code).where(StationRecord.is_local.is_(True))
_FOUND = select(QualificationRecord.id).where(QualificationRecord.id.in_(bindparam("ids", expanding=True)))
_INDUSTRIES = select(IndustryRecord.id, IndustryRecord.name_en)
_DOCUMENT_REVIEW = AgencyFeeRecord.route == Route.DOCUMENT_REVIEW.value
_FEES = (
    select(AgencyFeeRecord.clusters, AgencyFeeRecord.fee_hkd)
    .where(AgencyFeeRecord.agency_id == bindparam("agency_id"), _DOCUMENT_REVIEW)
    .order_by(AgencyFeeRecord.clusters)
)
_DRAFT = select(DraftRecord).where(DraftRecord.uid == bindparam("uid"))
_APPLICANT = select(ApplicantRecord).where(ApplicantRecord.hkid == bindparam("hkid"))


@dataclass(frozen=True)
class EventRow:
    id: int
    code: str
    name: str
    host_organisation: str
    venue: str
    event_date: date
    agency_code: str
    agency_name_en: str
    agency_name_zh: str


@dataclass(frozen=True)
class QueueRow:
    """A case captured at an event, as listed on the intake page."""

    application_id: int
    reference_no: str | None
    status: str
    name: str
    hkid_masked: str
    qualification_count: int
    lodged_at: datetime | None


@dataclass(frozen=True)
class DraftRow:
    uid: str
    event_id: int | None
    form: ApplicationForm
    updated_at: datetime


@dataclass(frozen=True)
class DuplicateCase:
    """A case already in this database for the same HKID."""

    application_id: int
    reference_no: str | None
    status: str
    event_code: str
    application_date: date
    qualification_titles: tuple[str, ...]


@dataclass(frozen=True)
class LodgeResult:
    application_id: int
    reference_no: str
    fee_hkd: int | None
    warnings: tuple[FieldProblem, ...]


# --- Events and this laptop --------------------------------------------------------------------


def _event_row(event: EventRecord, agency: AgencyRecord) -> EventRow:
    return EventRow(
        id=event.id,
        code=event.code,
        name=event.name,
        host_organisation=event.host_organisation,
        venue=event.venue,
        event_date=event.event_date,
        agency_code=agency.code,
        agency_name_en=agency.name_en,
        agency_name_zh=agency.name_zh,
    )


def list_events(database: Database, *, on: date | None = None) -> list[EventRow]:
    """All events, newest first, or only those held on ``on``."""
    with database.session() as session:
        query = select(EventRecord, AgencyRecord).join(AgencyRecord, EventRecord.agency_id == AgencyRecord.id)
        if on is not None:
            query = query.where(EventRecord.event_date == on)
        rows = session.execute(query.order_by(EventRecord.event_date.desc(), EventRecord.id.desc())).all()
        return [_event_row(event, agency) for event, agency in rows]


def list_agencies(database: Database) -> list[tuple[str, str, str]]:
    """(code, English name, Chinese name) of every agency."""
    with database.session() as session:
        rows = session.execute(
            select(AgencyRecord.code, AgencyRecord.name_en, AgencyRecord.name_zh).order_by(
                AgencyRecord.name_en
            )
        ).all()
        return [(code, name_en, name_zh) for code, name_en, name_zh in rows]


def create_event(
    database: Database,
    *,
    name: str,
    event_date: date,
    agency_code: str,
    host_organisation: str = "",
    venue: str = "",
    code: str = "",
) -> EventRow:
    """Create a promotion day; the code defaults to the host's initials and the date."""
    name = name.strip()
    problems: list[str] = []
    if not name:
        problems.append("name: required / 名稱：必須填寫")
    if len(name) > 200 or len(host_organisation) > 200 or len(venue) > 300:
        problems.append("text too long / 文字過長")
    for label_en, label_zh, value in (
        ("name", "名稱", name),
        ("host", "主辦機構", host_organisation),
        ("venue", "地點", venue),
    ):
        control = control_problem(value)
        if control is not None:
            problems.append(f"{label_en}: {control.en} / {label_zh}：{control.zh}")
    with database.session() as session:
        agency = session.scalar(select(AgencyRecord).where(AgencyRecord.code == agency_code))
        if agency is None:
            problems.append(f"agency: unknown {agency_code} / 評估機構：不明 {agency_code}")
        if problems:
            raise ValidationError("The event cannot be saved.", "未能儲存活動。", details=problems)
        assert agency is not None
        code = normalise_code(code) or _event_code(session, host_organisation or name, event_date)
        if session.scalar(select(EventRecord.id).where(EventRecord.code == code)) is not None:
            raise ValidationError(
                f"An event with code {code} already exists.", f"活動代號 {code} 已存在。", code="event_exists"
            )
        event = EventRecord(
            code=code,
            name=name,
            host_organisation=host_organisation.strip(),
            venue=venue.strip(),
            event_date=event_date,
            agency_id=agency.id,
        )
        session.add(event)
        session.flush()
        return _event_row(event, agency)


def _event_code(session: Session, basis: str, event_date: date) -> str:
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", basis)).upper()[:6] or "EVT"
    stem = f"{initials}-{event_date:%Y%m%d}"
    taken = set(session.scalars(select(EventRecord.code).where(EventRecord.code.like(f"{stem}%"))))
    if stem not in taken:
        return stem
    suffix = 2
    while f"{stem}-{suffix}" in taken:
        suffix += 1
    return f"{stem}-{suffix}"


def local_station(database: Database) -> str | None:
    with database.session() as session:
        return session.scalar(_LOCAL_STATION)


def set_local_station(database: Database, code: str) -> str:
    """Name this laptop once; the code becomes part of every reference number it issues."""
    code = normalise_code(code)
    if not STATION_CODE.match(code):
        raise ValidationError(
            "A station code is 2 to 8 capital letters or digits, e.g. LT01.",
            "工作站代號為 2 至 8 個英文大寫字母或數字，例如 LT01。",
            code="station_code",
        )
    with database.session() as session:
        current = session.scalar(select(StationRecord).where(StationRecord.is_local.is_(True)))
        if current is not None:
            if current.code == code:
                return code
            raise AppError(
                f"This laptop is already station {current.code}; the code cannot change, "
                "because reference numbers already carry it.",
                f"此電腦已設定為工作站 {current.code}，代號已用於參考編號，不能更改。",
                code="station_already_set",
            )
        existing = session.scalar(select(StationRecord).where(StationRecord.code == code))
        if existing is not None:
            raise AppError(
                f"Station code {code} belongs to another laptop (seen in a merged batch). Choose another.",
                f"工作站代號 {code} 屬於另一部電腦（見於已合併的批次）。請另選代號。",
                code="station_taken",
            )
        session.add(StationRecord(code=code, is_local=True, description="this laptop"))
        station_keys.ensure_own_key(session, database.path, code)  # it signs this station's batches
    return code


def get_setting(database: Database, key: str, default: str = "") -> str:
    with database.session() as session:
        value = session.scalar(select(SettingRecord.value).where(SettingRecord.key == key))
        return default if value is None else value


def set_setting(database: Database, key: str, value: str) -> None:
    with database.session() as session:
        record = session.get(SettingRecord, key)
        if record is None:
            session.add(SettingRecord(key=key, value=value))
        else:
            record.value = value


def event_queue(database: Database, event_id: int) -> list[QueueRow]:
    """Cases captured at an event, most recent first."""
    with database.session() as session:
        counts = (
            select(AppliedQualificationRecord.application_id, func.count().label("n"))
            .group_by(AppliedQualificationRecord.application_id)
            .subquery()
        )
        rows = session.execute(
            select(
                *CASE_HEAD_COLUMNS,
                func.coalesce(counts.c.n, 0),
                ApplicationRecord.lodged_at,
            )
            .join(ApplicantRecord, ApplicationRecord.applicant_id == ApplicantRecord.id)
            .outerjoin(counts, counts.c.application_id == ApplicationRecord.id)
            .where(ApplicationRecord.event_id == event_id)
            .order_by(ApplicationRecord.lodged_at.desc(), ApplicationRecord.id.desc())
        ).all()
        return [
            QueueRow(
                application_id=row[0],
                reference_no=row[1],
                status=row[2],
                name=" ".join(part for part in (row[3], f"{row[4]} {row[5]}".strip()) if part),
                hkid_masked=hkid.mask(row[6]),
                qualification_count=int(row[7]),
                lodged_at=row[8],
            )
            for row in rows
        ]


# --- Drafts: nothing typed is ever lost --------------------------------------------------------


def save_draft(database: Database, uid: str, form: ApplicationForm) -> None:
    """Upsert the draft ``uid`` with the form exactly as typed (called ~1 s after each change)."""
    payload = json.dumps(form.to_dict(), ensure_ascii=False, sort_keys=True)
    now = datetime.now(UTC)
    with database.session() as session:
        draft = session.scalar(select(DraftRecord).where(DraftRecord.uid == uid))
        if draft is None:
            session.add(DraftRecord(uid=uid, event_id=form.event_id, payload_json=payload, updated_at=now))
        elif draft.state == DRAFT_OPEN and draft.payload_json != payload:
            draft.payload_json = payload
            draft.event_id = form.event_id
            draft.updated_at = now


def open_drafts(database: Database) -> list[DraftRow]:
    """Drafts not lodged or discarded: after a crash, these are offered back."""
    with database.session() as session:
        drafts = session.scalars(
            select(DraftRecord).where(DraftRecord.state == DRAFT_OPEN).order_by(DraftRecord.updated_at.desc())
        ).all()
        return [
            DraftRow(
                uid=draft.uid,
                event_id=draft.event_id,
                form=ApplicationForm.from_dict(json.loads(draft.payload_json)),
                updated_at=draft.updated_at,
            )
            for draft in drafts
        ]


def discard_draft(database: Database, uid: str) -> None:
    with database.session() as session:
        draft = session.scalar(select(DraftRecord).where(DraftRecord.uid == uid))
        if draft is not None and draft.state == DRAFT_OPEN:
            draft.state = DRAFT_DISCARDED
            draft.updated_at = datetime.now(UTC)


# --- Checks shown while typing -----------------------------------------------------------------


def find_duplicates(database: Database, hkid_text: str) -> list[DuplicateCase]:
    """Cases already held for this HKID (any event, any qualification)."""
    number, problem = hkid.parse(hkid_text)
    if problem is not None or number is None:
        return []
    with database.session() as session:
        applications = session.execute(
            select(ApplicationRecord, EventRecord.code)
            .join(ApplicantRecord, ApplicationRecord.applicant_id == ApplicantRecord.id)
            .outerjoin(EventRecord, ApplicationRecord.event_id == EventRecord.id)
            .where(ApplicantRecord.hkid == number, ApplicationRecord.status != CaseStatus.DRAFT.value)
            .order_by(ApplicationRecord.application_date.desc())
        ).all()
        result = []
        for application, event_code in applications:
            titles = tuple(
                f"{q.qualification.title_zh} {q.qualification.title_en}".strip()
                for q in application.qualifications
            )
            result.append(
                DuplicateCase(
                    application_id=application.id,
                    reference_no=application.reference_no,
                    status=application.status,
                    event_code=event_code or "",
                    application_date=application.application_date,
                    qualification_titles=titles,
                )
            )
        return result


def fee_for(database: Database, event_id: int, clusters: int) -> int | None:
    """The agency's document-review fee for ``clusters`` on one form (the top row covers "N or more")."""
    with database.session() as session:
        agency_id = session.scalar(select(EventRecord.agency_id).where(EventRecord.id == event_id))
        return None if agency_id is None else _fee(session, agency_id, clusters)


def _fee(session: Session, agency_id: int, clusters: int) -> int | None:
    if clusters <= 0:
        return 0
    fees = session.execute(_FEES, {"agency_id": agency_id}).all()
    if not fees:
        return None
    applicable = [fee for count, fee in fees if count <= clusters]
    return applicable[-1] if applicable else None


# --- Lodging -----------------------------------------------------------------------------------


def lodging_user(session: Session, username: str) -> str:
    """``username``, an active user whose role may lodge (``LODGE_ROLES``); refused otherwise."""
    return acting_user(
        session, username, LODGE_ROLES, doing_en="lodge an application", doing_zh="遞交申請"
    ).username


def lodge_application(
    database: Database,
    form: ApplicationForm,
    *,
    draft_uid: str | None,
    operator: str,
    today: date | None = None,
    update_particulars: bool = False,
) -> LodgeResult:
    """Validate and lodge the form in one transaction: applicant, case, periods, checklist, reference,
    and each qualification's eligibility status and route, decided as the live hint decides them.

    The case keeps the particulars as typed. A known HKID's applicant record keeps its stored
    particulars unless ``update_particulars`` (the clerk chose the new ones): then each changed field is
    written to the audit trail, old and new (``docs/particulars.md``). ``operator`` is the user who
    lodges (:func:`lodging_user`).
    """
    today = today or date.today()
    with database.session() as session:
        operator = lodging_user(session, operator)
        return lodge_in_session(
            session,
            checked_form(session, form, today=today),
            draft_uid=draft_uid,
            operator=operator,
            today=today,
            update_particulars=update_particulars,
        )


def lodge_in_session(
    session: Session,
    checked: CheckedForm,
    *,
    draft_uid: str | None,
    operator: str,
    today: date,
    update_particulars: bool = False,
) -> LodgeResult:
    """:func:`lodge_application` of a form already checked (:func:`checked_form`), inside the caller's
    transaction (headless lodging of many forms lodges all or nothing), by an ``operator`` the caller
    checked (:func:`lodging_user`)."""
    station = session.scalar(_LOCAL_STATION)
    if station is None:
        raise AppError(
            "Set this laptop's station code in Settings before lodging.",
            "請先在「設定」輸入此電腦的工作站代號，才可遞交申請。",
            code="station_missing",
        )
    form, clean, errors = checked.form, checked.clean, checked.errors
    if clean is None:
        raise ValidationError(
            "The application has problems: see the highlighted fields.",
            "申請表有待修正之處，請查看標示的欄位。",
            details=[p.describe() for p in errors],
        )
    if errors:  # the fields are right, the catalogue's terms are not: say which one first
        raise ValidationError(
            errors[0].en, errors[0].zh, code=errors[0].code, details=[p.describe() for p in errors]
        )
    assert form.event_id is not None  # EVENT_REQUIRED is an error above
    now = datetime.now(UTC)
    event = session.get(EventRecord, form.event_id)
    found = set(session.scalars(_FOUND, {"ids": list(clean.qualification_ids)}))
    qualification_ids = [chosen for chosen in clean.qualification_ids if chosen in found]
    if event is None or len(qualification_ids) != len(clean.qualification_ids):
        raise ValidationError(
            "The event or a chosen qualification no longer exists.",
            "所選活動或資歷已不存在。",
            code="stale_form",
        )
    industries = {name.casefold(): industry_id for industry_id, name in session.execute(_INDUSTRIES).all()}
    # Fee and number before the applicant, whose row then goes in with the case's (not flushed alone).
    fee = _fee(session, event.agency_id, len(qualification_ids))
    reference = next_reference(session, station, today)
    applicant = _applicant_for(session, clean, operator=operator, now=now, update=update_particulars)
    application = ApplicationRecord(
        reference_no=reference,
        applicant=applicant,
        event_id=event.id,
        station_code=station,
        status=CaseStatus.LODGED.value,
        application_date=clean.received_on,
        pics_acknowledged_at=now,
        fee_hkd=fee,
        fee_paid=clean.fee_paid,
        fee_receipt_no=clean.fee_receipt_no,
        lodged_at=now,
        created_by=operator,
    )
    apply_particulars(application, particulars_of(clean))
    session.add(application)
    applied: dict[int, AppliedQualificationRecord] = {}
    for qualification_id in qualification_ids:
        applied[qualification_id] = AppliedQualificationRecord(
            qualification_id=qualification_id,
            carer_declaration=qualification_id in clean.carer_qualification_ids,
        )
        application.qualifications.append(applied[qualification_id])
    application.evidence = []  # begun empty: filled after the flush below, never loaded (a query each)
    periods = [
        EmploymentPeriodRecord(
            position=position,
            employer=period.employer,
            post=period.post,
            industry_id=None
            if period.industry.casefold() == OTHER_INDUSTRY
            else industries[period.industry.casefold()],
            start_date=period.start,
            end_date=period.end,
            employment_type=period.employment_type,
            hours_per_week=period.hours_per_week,
            in_hong_kong=period.in_hong_kong,
            duties=period.duties,
            kind=period.kind,
            relevance=[],
        )
        for position, period in enumerate(clean.employment)
    ]
    application.employment.extend(periods)
    session.flush()  # one flush for the case, its qualifications and periods: their ids are needed below
    for period, record in zip(clean.employment, periods, strict=True):
        for qualification_id in period.relevant_to:
            record.relevance.append(
                PeriodRelevanceRecord(applied_qualification_id=applied[qualification_id].id)
            )
        seen = period.proof_status != EvidenceStatus.MISSING.value
        application.evidence.append(
            EvidenceItemRecord(
                evidence_type=PROOF_TYPE[period.kind],
                period_id=record.id,
                status=period.proof_status,
                recorded_by=operator if seen else None,
                recorded_at=now if seen else None,
            )
        )
    if clean.hkid_copy_kept:
        application.evidence.append(
            EvidenceItemRecord(
                evidence_type="hkid_copy",
                status=EvidenceStatus.COPY_RECEIVED.value,
                recorded_by=operator,
                recorded_at=now,
            )
        )
    if draft_uid is not None:
        draft = session.scalar(_DRAFT, {"uid": draft_uid})
        if draft is not None:
            draft.state = DRAFT_LODGED
            draft.updated_at = now
    # The verdict the live hint showed; the "lodged" entry below is its record in the trail.
    store_verdicts(session, application)
    audit.record(
        session,
        actor=operator,
        entity="application",
        entity_uid=application.uid,
        action="lodged",
        field="status",
        old=CaseStatus.DRAFT.value,
        new=CaseStatus.LODGED.value,
        reason=f"reference {reference}",
    )
    warnings = checked.warnings
    if warnings:
        # Shown to the clerk, not blocking: the trail keeps that they were seen and lodged over.
        audit.record(
            session,
            actor=operator,
            entity="application",
            entity_uid=application.uid,
            action="warnings_overridden",
            field="form",
            old=None,
            new="; ".join(f"{p.field}:{p.code}" for p in warnings),
            reason=" | ".join(p.en for p in warnings),
        )
    return LodgeResult(application_id=application.id, reference_no=reference, fee_hkd=fee, warnings=warnings)


def _applicant_for(
    session: Session, clean: CleanForm, *, operator: str, now: datetime, update: bool
) -> ApplicantRecord:
    """The one applicant of this HKID: created with the form's particulars, or the stored one, whose
    particulars change only when the clerk chose the new ones (audited, field by field)."""
    applicant = session.scalar(_APPLICANT, {"hkid": clean.hkid})
    typed = particulars_of(clean)
    if applicant is None:
        # Inserted with the case (not flushed alone, then updated): one INSERT, nothing more.
        applicant = ApplicantRecord(hkid=clean.hkid, hkid_verified_by=operator, hkid_verified_at=now)
        apply_particulars(applicant, typed)
        session.add(applicant)
        return applicant
    if update:
        record_particulars_change(session, applicant, typed, actor=operator, reason="chosen at intake")
    applicant.hkid_verified_by = operator
    applicant.hkid_verified_at = now
    return applicant
