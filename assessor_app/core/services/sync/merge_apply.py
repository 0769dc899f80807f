"""Writing a copy's rows into the database: adding a case (and a new applicant) or replacing its content.

A merge never changes an applicant already here: the case's own particulars (as lodged) are written to
the application; only a person new to this laptop is created, from those particulars."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.models import (
    PARTICULAR_FIELDS,
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.hong_kong_time import HONG_KONG, hong_kong_date
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.merge_checks import Catalogue
from assessor_app.core.services.sync.merge_content import CaseCopy, Line, split_keys

SIGN_OFF_TIME = time(12, 0)  # a merged sign-off date is recorded at noon, Hong Kong time


def sign_off_moment(day: date) -> datetime:
    """The moment a merged sign-off date is recorded at: noon, Hong Kong time, stored in UTC."""
    return datetime.combine(day, SIGN_OFF_TIME, tzinfo=HONG_KONG).astimezone(UTC)


def _typed(sheet: fmt.Sheet, line: Line) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, text in zip(sheet.columns, line, strict=True):
        if text == "":
            values[column.key] = None
        elif column.type is fmt.ColumnType.DATE:
            values[column.key] = date.fromisoformat(text)
        elif column.type is fmt.ColumnType.INTEGER:
            values[column.key] = int(text)
        else:
            values[column.key] = text
    return values


def _set_particulars(record: ApplicantRecord | ApplicationRecord, values: dict[str, Any]) -> None:
    for name in PARTICULAR_FIELDS:
        value = values[name]
        setattr(record, name, value if value is not None or name == "date_of_birth" else "")


def new_applicant(session: Session, line: Line) -> ApplicantRecord:
    """A person new to this laptop, from one of their cases' applicants row (HKID and particulars as
    lodged on that form); the HKID verification stamp is not in the workbook."""
    values = _typed(fmt.APPLICANTS, line)
    record = ApplicantRecord(uid=values["applicant_uid"], hkid=values["hkid"])
    _set_particulars(record, values)
    session.add(record)
    return record


def _write_decision(
    session: Session, applied: AppliedQualificationRecord, result: dict[str, Any], *, existing: bool
) -> None:
    decision = (
        session.scalar(
            select(AssessmentDecisionRecord).where(
                AssessmentDecisionRecord.applied_qualification_id == applied.id
            )
        )
        if existing
        else None
    )
    carried = ("recommendation", "reasons", "decided_by", "signed_off_by", "signed_off_on")
    if decision is None and not any(result.get(key) for key in carried):
        return
    if decision is None:
        decision = AssessmentDecisionRecord(applied_qualification_id=applied.id)
        session.add(decision)
    decision.recommendation = result.get("recommendation")
    decision.reasons = result.get("reasons") or ""
    if decision.decided_by != result.get("decided_by") or decision.recommendation is None:
        decision.decided_at = None  # not in the workbook
    decision.decided_by = result.get("decided_by")
    decision.signed_off_by = result.get("signed_off_by")
    day: date | None = result.get("signed_off_on")
    if day is None:
        decision.signed_off_at = None
    elif hong_kong_date(decision.signed_off_at) != day:
        decision.signed_off_at = sign_off_moment(day)


def _set_application(application: ApplicationRecord, catalogue: Catalogue, first: dict[str, Any]) -> None:
    application.reference_no = first["reference_no"]
    application.event_id = catalogue.events[first["event_code"]] if first["event_code"] else None
    application.station_code = first["station_code"] or ""
    application.status = first["status"]
    application.application_date = first["application_date"]
    application.fee_hkd = first["fee_hkd"]


def _set_applied(applied: AppliedQualificationRecord, values: dict[str, Any], result: dict[str, Any]) -> None:
    applied.carer_declaration = values["carer_declaration"] == fmt.YES
    applied.route = values["route"]
    applied.eligibility = values["eligibility"]
    applied.result = result.get("result")
    applied.soa_number = result.get("soa_number")
    applied.soa_date = result.get("soa_date")


def _set_period(period: EmploymentPeriodRecord, catalogue: Catalogue, values: dict[str, Any]) -> None:
    period.position = values["position"] if values["position"] is not None else 0
    period.employer = values["employer"] or ""
    period.post = values["post"] or ""
    period.industry_id = catalogue.industries[values["industry"]] if values["industry"] else None
    period.start_date = values["start_date"]
    period.end_date = values["end_date"]
    period.employment_type = values["employment_type"]
    period.hours_per_week = values["hours_per_week"]
    period.in_hong_kong = values["in_hong_kong"] == fmt.YES
    period.kind = values["kind"]
    period.weight_percent = values["weight_percent"]
    overseas = values["overseas_accepted"]
    period.overseas_accepted = None if overseas is None else overseas == fmt.YES
    period.duties = values["duties"] or ""


def _set_relevance(
    period: EmploymentPeriodRecord, applied: dict[str, AppliedQualificationRecord], values: dict[str, Any]
) -> None:
    """One period_relevance row per qualification key of ``relevant_to`` (the copy's keys are the case's:
    :func:`.merge_content.copies_from_workbook` refused any other)."""
    keys, _ = split_keys(values["relevant_to"] or "", list(applied))
    wanted = [applied[key] for key in keys]
    # Keep the rows that stay (replacing them all would insert the new before deleting the old).
    kept = [row for row in period.relevance if row.applied_qualification in wanted]
    have = [row.applied_qualification for row in kept]
    period.relevance = kept + [
        PeriodRelevanceRecord(applied_qualification=record) for record in wanted if record not in have
    ]


def _set_item(
    item: EvidenceItemRecord, values: dict[str, Any], periods: dict[str, EmploymentPeriodRecord]
) -> None:
    item.evidence_type = values["evidence_type"]
    item.period_id = periods[values["period_uid"]].id if values["period_uid"] else None
    item.status = values["status"]
    item.reason = values["reason"] or ""


def create_case(
    session: Session, catalogue: Catalogue, copy: CaseCopy, *, applicant: ApplicantRecord, actor: str
) -> tuple[ApplicationRecord, Callable[[], None]]:
    """A new case from ``copy``, not flushed: the application, its qualifications and periods, and what
    adds its decisions and evidence items once those have ids (after the next flush). Many new cases
    flushed together are written with a few multi-row INSERTs."""
    A, P, E, R = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET
    first = _typed(A, copy.sheet(A)[0])
    application = ApplicationRecord(uid=copy.uid, created_by=actor, applicant=applicant)
    _set_application(application, catalogue, first)
    _set_particulars(application, _typed(fmt.APPLICANTS, copy.applicant))
    session.add(application)
    results = {line[R.column_index["qualification"]]: _typed(R, line) for line in copy.sheet(R)}
    decided: list[tuple[AppliedQualificationRecord, dict[str, Any]]] = []
    by_key: dict[str, AppliedQualificationRecord] = {}
    for line in copy.sheet(A):
        values = _typed(A, line)
        applied = AppliedQualificationRecord(
            qualification_id=catalogue.qualifications[values["qualification"]]
        )
        result = results.get(values["qualification"], {})
        _set_applied(applied, values, result)
        application.qualifications.append(applied)
        decided.append((applied, result))
        by_key[values["qualification"]] = applied
    periods: dict[str, EmploymentPeriodRecord] = {}
    for line in copy.sheet(P):
        values = _typed(P, line)
        period = EmploymentPeriodRecord(uid=values["period_uid"])
        _set_period(period, catalogue, values)
        _set_relevance(period, by_key, values)
        application.employment.append(period)
        periods[period.uid] = period

    def children() -> None:
        for applied, result in decided:
            _write_decision(session, applied, result, existing=False)
        for line in copy.sheet(E):
            values = _typed(E, line)
            item = EvidenceItemRecord(uid=values["evidence_uid"], application_id=application.id)
            _set_item(item, values, periods)
            session.add(item)

    return application, children


def write_case(
    session: Session,
    catalogue: Catalogue,
    copy: CaseCopy,
    application: ApplicationRecord | None,
    *,
    applicant: ApplicantRecord,
    actor: str,
) -> ApplicationRecord:
    """Create (``application`` None) or overwrite a case from ``copy``: its rows and its own particulars
    (the case is linked to ``applicant``, whose record is not changed). The copy must have passed
    :func:`case_problems`. Attachments, document requests and the five-rule notes of a decision stay as
    they are."""
    if application is None:
        application, children = create_case(session, catalogue, copy, applicant=applicant, actor=actor)
        session.flush()
        children()
        session.flush()
        return application
    A, P, E, R = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET
    application.applicant = applicant
    _set_application(application, catalogue, _typed(A, copy.sheet(A)[0]))
    _set_particulars(application, _typed(fmt.APPLICANTS, copy.applicant))
    session.flush()

    results = {line[R.column_index["qualification"]]: _typed(R, line) for line in copy.sheet(R)}
    applied_here: dict[int, AppliedQualificationRecord] = {
        record.qualification_id: record
        for record in session.scalars(
            select(AppliedQualificationRecord).where(
                AppliedQualificationRecord.application_id == application.id
            )
        )
    }
    pending: list[tuple[AppliedQualificationRecord, dict[str, Any], bool]] = []
    by_key: dict[str, AppliedQualificationRecord] = {}
    for line in copy.sheet(A):
        values = _typed(A, line)
        qualification_id = catalogue.qualifications[values["qualification"]]
        applied = applied_here.pop(qualification_id, None)
        known = applied is not None
        if applied is None:
            applied = AppliedQualificationRecord(
                application_id=application.id, qualification_id=qualification_id
            )
            session.add(applied)
        result = results.get(values["qualification"], {})
        _set_applied(applied, values, result)
        pending.append((applied, result, known))
        by_key[values["qualification"]] = applied
    for leftover in applied_here.values():
        session.delete(leftover)  # its decision goes with it (ON DELETE CASCADE)
    session.flush()
    for applied, result, known in pending:
        _write_decision(session, applied, result, existing=known)

    periods_here: dict[str, EmploymentPeriodRecord] = {
        record.uid: record
        for record in session.scalars(
            select(EmploymentPeriodRecord).where(EmploymentPeriodRecord.application_id == application.id)
        )
    }
    period_ids: dict[str, EmploymentPeriodRecord] = {}
    for line in copy.sheet(P):
        values = _typed(P, line)
        period = periods_here.pop(values["period_uid"], None)
        if period is None:
            period = EmploymentPeriodRecord(uid=values["period_uid"], application_id=application.id)
            session.add(period)
        _set_period(period, catalogue, values)
        _set_relevance(period, by_key, values)
        period_ids[period.uid] = period
    for leftover_period in periods_here.values():
        session.delete(leftover_period)  # evidence pointing at it keeps the item, without the period
    session.flush()

    items_here: dict[str, EvidenceItemRecord] = {
        record.uid: record
        for record in session.scalars(
            select(EvidenceItemRecord).where(EvidenceItemRecord.application_id == application.id)
        )
    }
    for line in copy.sheet(E):
        values = _typed(E, line)
        item = items_here.pop(values["evidence_uid"], None)
        if item is None:
            item = EvidenceItemRecord(uid=values["evidence_uid"], application_id=application.id)
            session.add(item)
        _set_item(item, values, period_ids)
    for leftover_item in items_here.values():
        session.delete(leftover_item)  # its attachments stay with the case (the item link is cleared)
    session.flush()
    return application
