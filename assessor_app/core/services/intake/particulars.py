"""One person, one record, nothing overwritten: an applicant's particulars and their audited changes.

Each application keeps the particulars as lodged (its own columns, written once at lodging). The
applicant record holds the person's current particulars; it changes only through
:func:`update_particulars` (or the clerk's explicit choice at intake), which writes every changed field
to the audit trail with its old and new value. Exported and locked cases never change here. The policy
is written in ``docs/particulars.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    PARTICULAR_FIELDS,
    ApplicantRecord,
    ApplicationRecord,
    Particulars,
)
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import ApplicationForm, CleanForm, check_particulars
from assessor_app.core.domain.enums import Role
from assessor_app.core.domain.form_fields import Severity
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.shared import acting_user

PARTICULARS_UPDATED = "particulars_updated"
# The fields a person may correct: the rest (residence status aside) is on the HKID card itself.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "name_zh": ("中文姓名", "Chinese name"),
    "surname_en": ("英文姓氏", "English surname"),
    "given_names_en": ("英文名字", "English given names"),
    "alias": ("別名", "Alias"),
    "chinese_commercial_code": ("中文電碼", "Chinese commercial code"),
    "residence_status": ("居留身份", "Residence status"),
    "date_of_birth": ("出生日期", "Date of birth"),
    "phone": ("電話", "Phone"),
    "email": ("電郵", "Email"),
    "address": ("地址", "Address"),
    "preferred_language": ("通訊語言", "Preferred language"),
}


@dataclass(frozen=True)
class ParticularChange:
    """One field whose stored value differs from the new one."""

    field: str
    name_zh: str
    name_en: str
    old: str
    new: str


@dataclass(frozen=True)
class KnownApplicant:
    """The applicant already on this laptop for an HKID, with their current particulars."""

    applicant_id: int
    hkid_masked: str
    particulars: dict[str, Any]
    case_count: int


def particulars_of(values: CleanForm | Particulars) -> dict[str, Any]:
    """The particulars of a validated form, an applicant or an application, by field name."""
    return {name: getattr(values, name, "") for name in PARTICULAR_FIELDS}


def apply_particulars(record: Particulars, values: dict[str, Any]) -> None:
    for name in PARTICULAR_FIELDS:
        setattr(record, name, values.get(name, ""))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def differences(stored: dict[str, Any], new: dict[str, Any]) -> list[ParticularChange]:
    """The fields that differ, old beside new, in the form's order."""
    return [
        ParticularChange(name, *FIELD_NAMES[name], _shown(stored.get(name)), _shown(new.get(name)))
        for name in PARTICULAR_FIELDS
        if _shown(stored.get(name)) != _shown(new.get(name))
    ]


def record_particulars_change(
    session: Session, applicant: ApplicantRecord, new: dict[str, Any], *, actor: str, reason: str
) -> list[ParticularChange]:
    """Set the applicant's particulars to ``new``, one audit entry per changed field (old → new)."""
    changes = differences(particulars_of(applicant), new)
    for change in changes:
        audit.record(
            session,
            actor=actor,
            entity="applicant",
            entity_uid=applicant.uid,
            action=PARTICULARS_UPDATED,
            field=change.field,
            old=change.old,
            new=change.new,
            reason=reason,
        )
    if changes:
        apply_particulars(applicant, new)
    return changes


def known_applicant(database: Database, hkid_text: str) -> KnownApplicant | None:
    """The applicant already held for this HKID (any typing of it), or None."""
    number, problem = hkid.parse(hkid_text)
    if problem is not None or number is None:
        return None
    with database.session() as session:
        applicant = session.scalar(select(ApplicantRecord).where(ApplicantRecord.hkid == number))
        if applicant is None:
            return None
        cases = session.scalars(
            select(ApplicationRecord.id).where(ApplicationRecord.applicant_id == applicant.id)
        ).all()
        return KnownApplicant(applicant.id, hkid.mask(applicant.hkid), particulars_of(applicant), len(cases))


def validated_particulars(form: ApplicationForm, *, today: date) -> dict[str, Any]:
    """The particulars typed on ``form``, checked by the same rules as the intake form."""
    values, problems = check_particulars(form, today=today)
    errors = [p for p in problems if p.severity is Severity.ERROR and p.field in FIELD_NAMES]
    if errors:
        raise ValidationError(
            "The particulars have problems.", "個人資料有待修正之處。", details=[p.describe() for p in errors]
        )
    return {name: values.get(name, "") for name in PARTICULAR_FIELDS}


def update_particulars(
    database: Database,
    applicant_id: int,
    form: ApplicationForm,
    *,
    actor: str,
    reason: str,
    today: date | None = None,
) -> list[ParticularChange]:
    """The explicit, audited update of a person's current particulars (the cases keep theirs).

    ``form`` carries the new particulars in the intake form's fields; a reason is required.
    """
    new = validated_particulars(form, today=today or date.today())
    if not reason.strip():
        raise ValidationError("Give a reason for the change.", "請說明更改原因。", code="reason_required")
    with database.session() as session:
        acting_user(
            session,
            actor,
            frozenset(Role),
            doing_en="update an applicant's particulars",
            doing_zh="更新申請人的個人資料",
        )
        applicant = session.get(ApplicantRecord, applicant_id)
        if applicant is None:
            raise AppError(
                f"There is no applicant #{applicant_id}.",
                f"沒有第 {applicant_id} 號申請人。",
                code="applicant_not_found",
            )
        return record_particulars_change(session, applicant, new, actor=actor, reason=reason.strip())


@dataclass(frozen=True)
class CaseParticulars:
    """A case's particulars as lodged beside its applicant's current ones (for "update particulars")."""

    applicant_id: int
    as_lodged: dict[str, Any]
    current: dict[str, Any]


def case_particulars(database: Database, application_id: int) -> CaseParticulars:
    """The case's own particulars (kept as lodged) and the person's current record, field by field."""
    with database.session() as session:
        application = session.get(ApplicationRecord, application_id)
        if application is None:
            raise AppError(
                f"There is no application {application_id}.",
                f"沒有編號 {application_id} 的申請。",
                code="application_not_found",
            )
        return CaseParticulars(
            application.applicant_id, particulars_of(application), particulars_of(application.applicant)
        )
