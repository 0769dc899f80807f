"""Writing the demo: staff, laptops and the event once, then each planned form with its evidence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import AgencyFeeRecord, AgencyRecord
from assessor_app.core.db.models.laptop import StationRecord, UserRecord
from assessor_app.core.domain.enums import CaseStatus, EvidenceStatus, Route
from assessor_app.core.domain.normalise import normalise_code
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.demo.event import (
    CLERK,
    EVENT_CODE,
    EVENT_DAY,
    EVENT_NAME,
    HOST_ORGANISATION,
    LOCAL_STATION,
    OTHER_CLERK,
    OTHER_STATION,
    SET_UP_AT,
    USERS,
    VENUE,
)
from assessor_app.core.services.demo.event_day import Plan
from assessor_app.core.services.eligibility import store_verdicts
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of
from assessor_app.core.services.intake.references import STATION_CODE
from assessor_app.core.services.intake.station_keys import ensure_own_key


def ensure_users(session: Session) -> None:
    existing = set(session.scalars(select(UserRecord.username)))
    for user in USERS:
        if user.username not in existing:
            session.add(
                UserRecord(
                    username=user.username,
                    display_name=user.display_name,
                    role=user.role,
                    created_at=SET_UP_AT,
                )
            )


def ensure_stations(session: Session, database_path: Path, station: str | None = None) -> dict[str, str]:
    """This demo laptop (``station``, LT01 by default) and the other laptop at the promotion day, and this
    laptop's signing key; the code each planned form's laptop (LOCAL_STATION, OTHER_STATION) has here."""
    stations = {s.code: s for s in session.scalars(select(StationRecord))}
    current = next((s.code for s in stations.values() if s.is_local), None)
    local = LOCAL_STATION if station is None else normalise_code(station)
    if station is not None and not STATION_CODE.match(local):
        raise ValidationError(
            "A station code is 2 to 8 capital letters or digits, e.g. LT01.",
            "工作站代號為 2 至 8 個英文大寫字母或數字，例如 LT01。",
            code="station_code",
        )
    if station is not None and current not in (None, local):
        raise AppError(
            f"This demo laptop is already station {current}; its code cannot change.",
            f"此示範電腦已設定為工作站 {current}，代號不能更改。",
            code="station_already_set",
        )
    other = LOCAL_STATION if local == OTHER_STATION else OTHER_STATION
    if local not in stations:
        session.add(
            StationRecord(
                code=local,
                description="示範：推廣日登記枱電腦 Demo: intake desk laptop at the promotion day",
                is_local=current is None,
                created_at=SET_UP_AT,
            )
        )
    if other not in stations:
        session.add(
            StationRecord(
                code=other,
                description="示範：推廣日第二部電腦 Demo: second laptop at the promotion day",
                is_local=False,
                created_at=SET_UP_AT,
            )
        )
    session.flush()
    ensure_own_key(session, database_path, current or local)
    return {LOCAL_STATION: local, OTHER_STATION: other}


def ensure_event(session: Session, agency: AgencyRecord) -> EventRecord:
    event = session.scalar(select(EventRecord).where(EventRecord.code == EVENT_CODE))
    if event is None:
        event = EventRecord(
            code=EVENT_CODE,
            name=EVENT_NAME,
            host_organisation=HOST_ORGANISATION,
            venue=VENUE,
            event_date=EVENT_DAY,
            agency=agency,
            created_at=SET_UP_AT,
        )
        session.add(event)
    return event


def fee_table(session: Session, agency: AgencyRecord) -> dict[int, int]:
    """The agency's document-review fee by number of clusters on a form (what the demo charges)."""
    return {
        row.clusters: row.fee_hkd
        for row in session.scalars(
            select(AgencyFeeRecord).where(
                AgencyFeeRecord.agency_id == agency.id,
                AgencyFeeRecord.route == Route.DOCUMENT_REVIEW.value,
            )
        )
    }


def fee_for(table: dict[int, int], clusters: int) -> int | None:
    """The fee for ``clusters`` on one form: the largest row not above it covers "N or more"."""
    eligible = [n for n in table if n <= clusters]
    return table[max(eligible)] if eligible else None


def _hk(at: datetime, minutes: int = 0) -> datetime:
    """A Hong Kong time, shifted, stored in UTC like every other timestamp (SQLite keeps no offset)."""
    return (at - timedelta(minutes=minutes)).astimezone(UTC)


def write_batch(
    session: Session,
    plans: list[Plan],
    event: EventRecord,
    references: list[str | None],
    fees: dict[int, int],
    industry_id: int,
    codes: dict[str, str],
) -> None:
    """Write the planned forms; ``codes``: each plan's laptop's station code here (:func:`ensure_stations`)."""
    applications: list[ApplicationRecord] = []
    for plan, reference in zip(plans, references, strict=True):
        person = plan.person
        clerk = OTHER_CLERK if plan.station == OTHER_STATION else CLERK
        lodged = not plan.draft
        started = _hk(plan.at, 18)
        applicant = ApplicantRecord(
            hkid=person.hkid,
            hkid_verified_by=clerk if lodged else None,
            hkid_verified_at=_hk(plan.at, 7) if lodged else None,
            residence_status=person.residence.value,
            name_zh=person.name_zh,
            surname_en=person.surname_en,
            given_names_en=person.given_names_en,
            alias=person.alias,
            date_of_birth=person.date_of_birth,
            phone=person.phone,
            email=person.email,
            address=person.address,
            preferred_language=person.language.value,
            created_at=started,
            updated_at=_hk(plan.at),
        )
        application = ApplicationRecord(
            reference_no=reference,
            applicant=applicant,
            event=event,
            station_code=codes[plan.station],
            status=(CaseStatus.DRAFT if plan.draft else CaseStatus.LODGED).value,
            application_date=EVENT_DAY,
            pics_acknowledged_at=_hk(plan.at, 12) if lodged else None,
            fee_hkd=fee_for(fees, len(plan.offers)) if lodged else None,
            lodged_at=_hk(plan.at) if lodged else None,
            created_by=clerk,
            created_at=started,
            updated_at=_hk(plan.at),
        )
        apply_particulars(application, particulars_of(applicant))
        application.qualifications = [
            AppliedQualificationRecord(qualification=o.qualification) for o in plan.offers
        ]
        # A demo career's period is relevant to every qualification of the plan, or to none.
        application.employment = [
            EmploymentPeriodRecord(
                position=position,
                employer=period.employer,
                post=period.post,
                industry_id=industry_id,
                start_date=period.start,
                end_date=period.end,
                employment_type=period.employment_type.value,
                hours_per_week=period.hours_per_week,
                in_hong_kong=period.in_hong_kong,
                duties=period.duties,
                relevance=[
                    PeriodRelevanceRecord(applied_qualification=applied)
                    for applied in application.qualifications
                ]
                if period.relevant
                else [],
            )
            for position, period in enumerate(plan.periods)
        ]
        application.evidence = [
            EvidenceItemRecord(
                evidence_type="hkid_copy",
                status=(EvidenceStatus.ORIGINAL_SEEN if lodged else EvidenceStatus.MISSING).value,
                reason="已與身份證正本核對 Checked against the original card" if lodged else "",
                recorded_by=clerk if lodged else None,
                recorded_at=_hk(plan.at, 7) if lodged else None,
            )
        ]
        applications.append(application)
    session.add_all(applications)
    session.flush()  # period ids, for the employer letters that prove each period

    for plan, application in zip(plans, applications, strict=True):
        clerk = OTHER_CLERK if plan.station == OTHER_STATION else CLERK
        for period, record in zip(plan.periods, application.employment, strict=True):
            status = EvidenceStatus.MISSING if plan.draft else period.letter
            reason = "申請人稍後補交 To follow from the applicant" if status is EvidenceStatus.MISSING else ""
            application.evidence.append(
                EvidenceItemRecord(
                    evidence_type="employer_letter",
                    period_id=record.id,
                    status=status.value,
                    reason=reason,
                    recorded_by=None if plan.draft else clerk,
                    recorded_at=None if plan.draft else _hk(plan.at, 3),
                )
            )
        store_verdicts(session, application)  # as lodging does: the workbook reads the stored verdict
