"""Retention: how long personal data is kept (settings), and what a purge would remove today.

The PDPO's third principle: data no longer needed goes. Three kinds of it here: a copy of an HKID card,
needed only until the number is verified against it; a closed case, kept for the agency's retention
period after it closed (its last change); a form draft never lodged. A purge (:mod:`.purge`) removes what
:func:`due_for_purge` lists, each removal audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    DraftRecord,
    EvidenceFileRecord,
)
from assessor_app.core.db.models.laptop import SettingRecord
from assessor_app.core.domain.enums import CaseStatus as S
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import ValidationError
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services import audit
from assessor_app.core.services.shared import acting_user

# A case in one of these states is closed: nothing more happens to it but an appeal, which would reopen it.
CLOSED_STATES = frozenset(
    {S.RESULT_PASSED, S.RESULT_FAILED, S.APPEAL_UPHELD, S.APPEAL_DISMISSED, S.WITHDRAWN, S.DRAFT}
)


@dataclass(frozen=True)
class RetentionSettings:
    """Years a closed case is kept after its last change; days an HKID copy is kept after the number
    was verified; days a form draft nobody lodged is kept after it was last typed in."""

    case_years: int = 7
    id_copy_days: int = 0
    draft_days: int = 90


_KEYS = {
    "case_years": "retention_case_years",
    "id_copy_days": "retention_id_copy_days",
    "draft_days": "retention_draft_days",
}
_LIMITS = {"case_years": (1, 100), "id_copy_days": (0, 3650), "draft_days": (1, 3650)}


def read_settings(session: Session) -> RetentionSettings:
    defaults = RetentionSettings()
    values = {}
    for field, key in _KEYS.items():
        stored = session.scalar(select(SettingRecord.value).where(SettingRecord.key == key))
        values[field] = int(stored) if stored is not None and stored.isdigit() else getattr(defaults, field)
    return RetentionSettings(**values)


def retention_settings(database: Database) -> RetentionSettings:
    with database.session() as session:
        return read_settings(session)


def save_settings(database: Database, settings: RetentionSettings, *, actor: str) -> None:
    """Store ``settings`` (an administrator, audited), each within its bounds (a bilingual refusal names
    any outside them)."""
    problems = [
        f"{field}: {low}–{high}"
        for field, (low, high) in _LIMITS.items()
        if not low <= getattr(settings, field) <= high
    ]
    if problems:
        raise ValidationError(
            "The retention settings are out of range.",
            "保留期限設定超出範圍。",
            details=problems,
            code="retention_out_of_range",
        )
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.PURGE],
            doing_en="change how long personal data is kept",
            doing_zh="更改個人資料的保留期限",
        )
        before = read_settings(session)
        for field, key in _KEYS.items():
            value = str(getattr(settings, field))
            record = session.get(SettingRecord, key)
            if record is None:
                session.add(SettingRecord(key=key, value=value))
            else:
                record.value = value
            if getattr(before, field) != getattr(settings, field):
                audit.record(
                    session,
                    actor=user.username,
                    entity="setting",
                    entity_uid=key,
                    action="retention_changed",
                    field=field,
                    old=str(getattr(before, field)),
                    new=value,
                )


@dataclass(frozen=True)
class DueForPurge:
    """What a purge would remove now: HKID copy (attachment) ids, case ids, draft ids."""

    id_copies: tuple[int, ...]
    cases: tuple[int, ...]
    drafts: tuple[int, ...]
    settings: RetentionSettings

    @property
    def empty(self) -> bool:
        return not (self.id_copies or self.cases or self.drafts)


def due(session: Session, now: datetime | None = None) -> DueForPurge:
    settings = read_settings(session)
    now = now or utc_now()
    copies = session.scalars(
        select(EvidenceFileRecord.id)
        .join(ApplicationRecord, ApplicationRecord.id == EvidenceFileRecord.application_id)
        .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
        .where(
            EvidenceFileRecord.is_hkid_copy.is_(True),
            EvidenceFileRecord.erased_at.is_(None),
            ApplicantRecord.hkid_verified_at.is_not(None),
            ApplicantRecord.hkid_verified_at <= now - timedelta(days=settings.id_copy_days),
        )
        .order_by(EvidenceFileRecord.id)
    ).all()
    # A year as 365.25 days: a closed case goes a few hours either side of its anniversary, never early
    # by a leap day's worth.
    cases = session.scalars(
        select(ApplicationRecord.id)
        .where(
            ApplicationRecord.status.in_(sorted(CLOSED_STATES)),
            ApplicationRecord.updated_at <= now - timedelta(days=365.25 * settings.case_years),
        )
        .order_by(ApplicationRecord.id)
    ).all()
    drafts = session.scalars(
        select(DraftRecord.id)
        .where(DraftRecord.updated_at <= now - timedelta(days=settings.draft_days))
        .order_by(DraftRecord.id)
    ).all()
    return DueForPurge(tuple(copies), tuple(cases), tuple(drafts), settings)


def due_for_purge(database: Database, now: datetime | None = None) -> DueForPurge:
    """What :func:`.purge.purge` would remove at ``now`` (the current time by default)."""
    with database.session() as session:
        return due(session, now)
