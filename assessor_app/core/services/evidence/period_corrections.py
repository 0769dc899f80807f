"""An assessor's corrections to a lodged case's periods of experience, audited, with the verdict recomputed.

:func:`correct_period` changes one period (dates, industry, relevance per qualification, type and hours,
the confirmed part-time weight, the decision on work outside Hong Kong, its kind); :func:`add_period` and
:func:`remove_period` add or take one away. Each checks the values by the intake form's own rules
(:func:`~assessor_app.core.services.intake.form_check.checked_form` on a one-row form, so the dates, hours,
relevance and plausibility warnings cannot drift from the counter's), writes one audit entry per changed
field (old → new, who, why) and, in the same transaction, decides the case again and stores each
qualification's new status and route as lodging does
(:func:`~assessor_app.core.services.eligibility.store_verdicts`), audited too. Only assessors,
supervisors and administrators; a case locked in an export batch only while a correction is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import IndustryRecord
from assessor_app.core.domain.application_form import OTHER_INDUSTRY, ApplicationForm, EmploymentEntry
from assessor_app.core.domain.enums import EmploymentType, EvidenceStatus
from assessor_app.core.domain.experience import PROOF_TYPE
from assessor_app.core.domain.form_fields import FieldProblem, Severity, parse_date
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services import audit
from assessor_app.core.services.eligibility import VerdictChange, store_verdicts
from assessor_app.core.services.intake.form_check import checked_form
from assessor_app.core.services.shared import (
    acting_user,
    assert_editable,
    check_text,
    flag,
    load_application,
    raise_problems,
)

PERIOD_CORRECTED = "period_corrected"
PERIOD_ADDED = "period_added"
PERIOD_REMOVED = "period_removed"
ELIGIBILITY_RECOMPUTED = "eligibility_recomputed"
WARNINGS_OVERRIDDEN = "warnings_overridden"
REASON_MAX = 2000
ONGOING = "present"  # how an ongoing period's end is written in the audit trail


class Keep(Enum):
    """The value of a field a correction leaves as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class PeriodChanges:
    """What a correction sets; every field left at :data:`KEEP` stays as stored.

    ``start`` / ``end``: a date or the text typed (either order the form accepts); ``end`` None: ongoing.
    ``industry``: an industry's English name, or ``"other"`` (another industry, not counted).
    ``relevant_to``: the qualification ids of this case the period is relevant to (empty: industry only).
    ``weight_percent``: 1–100, the assessor's confirmed weight of a part-time period (None: in full).
    ``overseas_accepted``: the decision on work outside Hong Kong (None: not decided).
    """

    start: date | str | Keep = KEEP
    end: date | str | Keep | None = KEEP
    industry: str | Keep = KEEP
    relevant_to: Sequence[int] | Keep = KEEP
    employment_type: str | Keep = KEEP
    hours_per_week: int | str | Keep | None = KEEP
    weight_percent: int | Keep | None = KEEP
    overseas_accepted: bool | Keep | None = KEEP
    kind: str | Keep = KEEP


@dataclass(frozen=True)
class NewPeriod:
    """A period the assessor adds (as the form's row would give it)."""

    employer: str
    start: date | str
    end: date | str | None
    industry: str
    post: str = ""
    relevant_to: Sequence[int] = ()
    employment_type: str = EmploymentType.FULL_TIME.value
    hours_per_week: int | str | None = None
    in_hong_kong: bool = True
    kind: str = "employment"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class CorrectionResult:
    """What a correction changed: the period's fields, the verdicts, and the warnings shown (not blocking)."""

    period_id: int
    changes: tuple[FieldChange, ...]
    verdicts: tuple[VerdictChange, ...]
    warnings: tuple[FieldProblem, ...] = ()


# --- the stored period as the form's row, and back -------------------------------------------------


def _date_text(value: date | str | None) -> str:
    return value.isoformat() if isinstance(value, date) else (value or "")


def _entry_of(period: EmploymentPeriodRecord, industry_en: str, relevant: list[int]) -> EmploymentEntry:
    return EmploymentEntry(
        employer=period.employer,
        post=period.post,
        industry=industry_en or OTHER_INDUSTRY,
        start=period.start_date.isoformat(),
        end=_date_text(period.end_date),
        present=period.end_date is None,
        employment_type=period.employment_type,
        hours_per_week="" if period.hours_per_week is None else str(period.hours_per_week),
        in_hong_kong=period.in_hong_kong,
        relevant_to=relevant,
        kind=period.kind,
    )


def _apply(entry: EmploymentEntry, changes: PeriodChanges) -> EmploymentEntry:
    if not isinstance(changes.start, Keep):
        entry.start = _date_text(changes.start)
    if not isinstance(changes.end, Keep):
        entry.end = _date_text(changes.end)
        entry.present = changes.end is None
    if not isinstance(changes.industry, Keep):
        entry.industry = changes.industry
    if not isinstance(changes.relevant_to, Keep):
        entry.relevant_to = list(dict.fromkeys(changes.relevant_to))
    if not isinstance(changes.employment_type, Keep):
        entry.employment_type = changes.employment_type
    if not isinstance(changes.hours_per_week, Keep):
        entry.hours_per_week = "" if changes.hours_per_week is None else str(changes.hours_per_week).strip()
    if not isinstance(changes.kind, Keep):
        entry.kind = changes.kind
    return entry


def _check_entry(
    session: Session, application: ApplicationRecord, entry: EmploymentEntry, *, today: date
) -> list[FieldProblem]:
    """The intake form's problems for this one row (its errors raise), the catalogue's industries
    included (the form's one check, :func:`~assessor_app.core.services.intake.form_check.checked_form`; the
    rest of the one-row form is not the row's); the warnings (a start before the 15th birthday, before
    1950...) are returned."""
    applied = list(application.qualifications)
    form = ApplicationForm(
        date_of_birth=_date_text(application.date_of_birth),
        employment=[entry],
        qualification_ids=[a.qualification_id for a in applied],
        carer_qualification_ids=[a.qualification_id for a in applied if a.carer_declaration],
    )
    prefix = "employment.0."
    mine = [
        FieldProblem(p.field.removeprefix(prefix), p.code, p.en, p.zh, p.severity)
        for p in checked_form(session, form, today=today).problems
        if p.field.startswith(prefix)
    ]
    errors = [p for p in mine if p.severity is Severity.ERROR]
    if errors:
        raise ValidationError(
            errors[0].en, errors[0].zh, code=errors[0].code, details=[p.describe() for p in errors]
        )
    return [p for p in mine if p.severity is Severity.WARNING]


def _industry_id(session: Session, name: str) -> int | None:
    if name.strip().casefold() == OTHER_INDUSTRY:
        return None
    found = session.scalar(select(IndustryRecord.id).where(IndustryRecord.name_en == name.strip()))
    if found is None:  # the form's check is case-insensitive; the stored name is the catalogue's
        by_name = dict(session.execute(select(IndustryRecord.name_en, IndustryRecord.id)).tuples().all())
        found = {key.casefold(): value for key, value in by_name.items()}.get(name.strip().casefold())
    return found


def _text(value: Any) -> str:
    """How a period's value is written in the audit trail."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return flag(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _snapshot(session: Session, period: EmploymentPeriodRecord) -> dict[str, str]:
    industry = session.get(IndustryRecord, period.industry_id) if period.industry_id is not None else None
    qualification_of = {a.id: a.qualification_id for a in period.application.qualifications}
    relevant = sorted(qualification_of[r.applied_qualification_id] for r in period.relevance)
    return {
        "start": _text(period.start_date),
        "end": ONGOING if period.end_date is None else _text(period.end_date),
        "industry": industry.name_en if industry is not None else OTHER_INDUSTRY,
        "relevant_to": ",".join(str(q) for q in relevant),
        "employment_type": period.employment_type,
        "hours_per_week": _text(period.hours_per_week),
        "weight_percent": _text(period.weight_percent),
        "overseas_accepted": _text(period.overseas_accepted),
        "kind": period.kind,
    }


def _snapshot_line(period: EmploymentPeriodRecord, snapshot: dict[str, str]) -> str:
    """A whole period on one audit line, as added or removed: ``employer=...; start=...; ...``."""
    return "; ".join(f"{key}={value}" for key, value in {"employer": period.employer, **snapshot}.items())


# --- the guards and the recomputation ---------------------------------------------------------------


def _reason(reason: str) -> str:
    problems: list[str] = []
    text = check_text(reason, name_en="reason", name_zh="原因", max_length=REASON_MAX, problems=problems)
    if not text and not problems:
        raise ValidationError(
            "Give the reason for the correction.", "請說明更正的原因。", code="reason_required"
        )
    raise_problems(problems, "The reason cannot be recorded as typed.", "原因無法按輸入內容記錄。")
    return text


def _guard(
    session: Session, application_id: int, actor: str, *, doing_en: str, doing_zh: str
) -> ApplicationRecord:
    acting_user(session, actor, PERMISSIONS[Action.CORRECT_PERIODS], doing_en=doing_en, doing_zh=doing_zh)
    application = load_application(session, application_id)
    assert_editable(session, application)
    return application


def _load_period(session: Session, application: ApplicationRecord, period_id: int) -> EmploymentPeriodRecord:
    period = session.get(EmploymentPeriodRecord, period_id)
    if period is None or period.application_id != application.id:
        raise AppError(
            f"The case has no period {period_id}.",
            f"此個案沒有第 {period_id} 段經驗。",
            code="period_not_found",
        )
    return period


def _weight(value: int | None) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100):
        raise ValidationError(
            "The weight of a part-time period is a whole percentage from 1 to 100 (or none: counted in full).",
            "兼職期間的比重須為 1 至 100 的整數百分比（或留空：全數計算）。",
            code="weight_range",
        )
    return value


def recompute(
    session: Session, application: ApplicationRecord, *, actor: str, reason: str
) -> list[VerdictChange]:
    """Decide the case again on its stored periods and store each qualification's status and route
    (:func:`~assessor_app.core.services.eligibility.store_verdicts`), one audit entry per changed value."""
    changes = store_verdicts(session, application)
    for change in changes:
        for column, old, new in (
            ("eligibility", change.old_status, change.new_status),
            ("route", change.old_route, change.new_route),
        ):
            if old != new:
                audit.record(
                    session,
                    actor=actor,
                    entity="application",
                    entity_uid=application.uid,
                    action=ELIGIBILITY_RECOMPUTED,
                    field=f"applied#{change.applied_qualification_id}.{column}",
                    old=old,
                    new=new,
                    reason=reason,
                )
    return changes


def _record_warnings(
    session: Session,
    application: ApplicationRecord,
    period_id: int,
    warnings: list[FieldProblem],
    *,
    actor: str,
) -> None:
    if warnings:  # shown to the assessor, not blocking: the trail keeps that they were seen and overridden
        audit.record(
            session,
            actor=actor,
            entity="application",
            entity_uid=application.uid,
            action=WARNINGS_OVERRIDDEN,
            field=f"period#{period_id}",
            new="; ".join(f"{p.field}:{p.code}" for p in warnings),
            reason=" | ".join(p.en for p in warnings),
        )


def _set_relevance(period: EmploymentPeriodRecord, relevant_to: Sequence[int]) -> None:
    applied_of = {a.qualification_id: a.id for a in period.application.qualifications}
    wanted = {applied_of[q] for q in relevant_to}
    period.relevance[:] = [r for r in period.relevance if r.applied_qualification_id in wanted]
    have = {r.applied_qualification_id for r in period.relevance}
    for applied_id in sorted(wanted - have):
        period.relevance.append(PeriodRelevanceRecord(applied_qualification_id=applied_id))


def _store(session: Session, period: EmploymentPeriodRecord, entry: EmploymentEntry) -> None:
    """Write a checked row's values into the period (the form's cleaning: hours only when part-time)."""
    start = parse_date(entry.start)
    assert start is not None  # checked by _check_entry
    period.start_date = start
    period.end_date = None if entry.present else parse_date(entry.end)
    period.industry_id = _industry_id(session, entry.industry)
    period.employment_type = entry.employment_type
    part_time = entry.employment_type == EmploymentType.PART_TIME.value
    period.hours_per_week = int(entry.hours_per_week) if part_time else None
    period.kind = entry.kind
    _set_relevance(period, entry.relevant_to)


# --- the services -----------------------------------------------------------------------------------


def correct_period(
    database: Database,
    application_id: int,
    period_id: int,
    changes: PeriodChanges,
    *,
    actor: str,
    reason: str,
    today: date | None = None,
) -> CorrectionResult:
    """Correct one period of a lodged case; each changed field audited, the verdict recomputed at once.

    Refused (nothing written): no reason (``reason_required``), a user who is not an assessor, supervisor
    or administrator (``role_not_allowed``), a locked case without an open correction (``case_locked``), a
    value the intake form refuses (its code: ``date_format``, ``end_before_start``, ``hours``,
    ``industry_unknown``, ``relevant_to_unknown``, ``caring_without_declaration``...) or a weight outside
    1–100 (``weight_range``). Plausibility warnings do not block; they are returned and audited.
    """
    why = _reason(reason)
    day = today or hong_kong_today()
    with database.session() as session:
        application = _guard(
            session, application_id, actor, doing_en="correct a period of experience", doing_zh="更正經驗期間"
        )
        period = _load_period(session, application, period_id)
        before = _snapshot(session, period)
        industry = session.get(IndustryRecord, period.industry_id) if period.industry_id is not None else None
        current = [int(q) for q in before["relevant_to"].split(",") if q]
        entry = _apply(_entry_of(period, industry.name_en if industry else "", current), changes)
        warnings = _check_entry(session, application, entry, today=day)
        weight = (
            period.weight_percent
            if isinstance(changes.weight_percent, Keep)
            else _weight(changes.weight_percent)
        )
        _store(session, period, entry)
        period.weight_percent = weight
        if not isinstance(changes.overseas_accepted, Keep):
            period.overseas_accepted = changes.overseas_accepted
        session.flush()
        after = _snapshot(session, period)
        changed = tuple(
            FieldChange(name, before[name], after[name]) for name in before if before[name] != after[name]
        )
        for change in changed:
            audit.record(
                session,
                actor=actor,
                entity="application",
                entity_uid=application.uid,
                action=PERIOD_CORRECTED,
                field=f"period#{period.id}.{change.field}",
                old=change.old,
                new=change.new,
                reason=why,
            )
        _record_warnings(session, application, period.id, warnings, actor=actor)
        verdicts = recompute(session, application, actor=actor, reason=why) if changed else []
        return CorrectionResult(period.id, changed, tuple(verdicts), tuple(warnings))


def undo_changes(result: CorrectionResult) -> PeriodChanges:
    """The changes that put back what ``result`` changed (the audit trail's old values)."""
    values: dict[str, Any] = {}
    for change in result.changes:
        old = change.old
        if change.field == "end":
            values["end"] = None if old == ONGOING else old
        elif change.field == "relevant_to":
            values["relevant_to"] = [int(q) for q in old.split(",") if q]
        elif change.field in ("hours_per_week", "weight_percent"):
            values[change.field] = int(old) if old else None
        elif change.field == "overseas_accepted":
            values[change.field] = None if not old else old == flag(True)
        else:
            values[change.field] = old
    known = {f.name for f in fields(PeriodChanges)}
    return PeriodChanges(**{key: value for key, value in values.items() if key in known})


def add_period(
    database: Database,
    application_id: int,
    new: NewPeriod,
    *,
    actor: str,
    reason: str,
    today: date | None = None,
) -> CorrectionResult:
    """Add a period the applicant left off the form (with its proof line on the checklist), audited;
    the verdict recomputed at once. Refused as :func:`correct_period` is, and for a blank employer."""
    why = _reason(reason)
    day = today or hong_kong_today()
    with database.session() as session:
        application = _guard(
            session, application_id, actor, doing_en="add a period of experience", doing_zh="新增經驗期間"
        )
        entry = EmploymentEntry(
            employer=new.employer,
            post=new.post,
            industry=new.industry,
            start=_date_text(new.start),
            end=_date_text(new.end),
            present=new.end is None,
            employment_type=new.employment_type,
            hours_per_week="" if new.hours_per_week is None else str(new.hours_per_week),
            in_hong_kong=new.in_hong_kong,
            relevant_to=list(dict.fromkeys(new.relevant_to)),
            kind=new.kind,
        )
        warnings = _check_entry(session, application, entry, today=day)
        position = max((p.position for p in application.employment), default=-1) + 1
        period = EmploymentPeriodRecord(
            position=position,
            employer=entry.employer.strip(),
            post=entry.post.strip(),
            in_hong_kong=new.in_hong_kong,
        )
        application.employment.append(period)
        _store(session, period, entry)
        session.flush()
        application.evidence.append(
            EvidenceItemRecord(
                evidence_type=PROOF_TYPE[period.kind],
                period_id=period.id,
                status=EvidenceStatus.MISSING.value,
            )
        )
        snapshot = _snapshot(session, period)
        audit.record(
            session,
            actor=actor,
            entity="application",
            entity_uid=application.uid,
            action=PERIOD_ADDED,
            field=f"period#{period.id}",
            new=_snapshot_line(period, snapshot),
            reason=why,
        )
        _record_warnings(session, application, period.id, warnings, actor=actor)
        verdicts = recompute(session, application, actor=actor, reason=why)
        changes = tuple(FieldChange(key, "", value) for key, value in snapshot.items())
        return CorrectionResult(period.id, changes, tuple(verdicts), tuple(warnings))


def remove_period(
    database: Database, application_id: int, period_id: int, *, actor: str, reason: str
) -> CorrectionResult:
    """Remove a period (with its relevance and its checklist lines; their files stay in the store),
    audited with what it was; the verdict recomputed at once."""
    why = _reason(reason)
    with database.session() as session:
        application = _guard(
            session, application_id, actor, doing_en="remove a period of experience", doing_zh="刪除經驗期間"
        )
        period = _load_period(session, application, period_id)
        snapshot = _snapshot(session, period)
        items = session.scalars(
            select(EvidenceItemRecord).where(EvidenceItemRecord.period_id == period.id)
        ).all()
        for item in items:
            item.period_id = None  # the line stays (its files and history), no longer tied to the period
        audit.record(
            session,
            actor=actor,
            entity="application",
            entity_uid=application.uid,
            action=PERIOD_REMOVED,
            field=f"period#{period.id}",
            old=_snapshot_line(period, snapshot),
            reason=why,
        )
        application.employment.remove(period)
        session.delete(period)
        verdicts = recompute(session, application, actor=actor, reason=why)
        changes = tuple(FieldChange(key, value, "") for key, value in snapshot.items())
        return CorrectionResult(period_id, changes, tuple(verdicts))


def industry_choices(database: Database) -> list[tuple[str, str]]:
    """The catalogue's industries (English, Chinese name) for the correction dialog, by English name."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(IndustryRecord.name_en, IndustryRecord.name_zh).order_by(IndustryRecord.name_en)
        )
        return [(row.name_en, row.name_zh or row.name_en) for row in rows]
