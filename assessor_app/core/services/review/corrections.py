"""Batch locks and recorded corrections, and the checks every case-changing service makes before it writes.

**Locks.** A case whose ``locked_by_batch_id`` is set left this laptop in that export batch: what was sent
(judgements, recommendations, sign-offs, document requests, evidence) must not change quietly.

**Corrections.** A supervisor or administrator opens a correction with a reason
(:func:`open_correction`): it is written to the audit trail and sets ``needs_reexport``. *A locked case
with* ``needs_reexport`` *set has an open correction*: :func:`assert_editable` lets changes through until
the next export puts the case in a new batch (:func:`lock_into_batch` sets ``locked_by_batch_id`` to the
new batch and clears ``needs_reexport``, closing the correction; :func:`lock_many_into_batch` does the same
for many cases at once with bulk statements, writing the same audit entries). No extra column is needed: the flag is the
marker, and the audit trail says who opened the correction, when and why. :func:`cases_for_next_batch`
lists the corrected cases the next export must carry.

**Guards** used by the assessment, document-request and reimbursement services: :func:`acting_user`
(an active user with one of the roles allowed), :func:`load_application`, :func:`assert_editable` and
:func:`check_text` (length limits, no control characters).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    ApplicationRecord,
    AuditEventRecord,
    ExportBatchRecord,
    UserRecord,
)
from assessor_app.core.domain.enums import Role
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit

CORRECTORS = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
REASON_MAX = 2000
CORRECTION_OPENED = "correction_opened"

ROLE_NAMES: dict[str, tuple[str, str]] = {
    Role.INTAKE_CLERK.value: ("登記職員", "intake clerk"),
    Role.ASSESSOR.value: ("評審員", "assessor"),
    Role.SUPERVISOR.value: ("主管", "supervisor"),
    Role.ADMINISTRATOR.value: ("系統管理員", "administrator"),
}

# Characters never accepted in typed text: controls (line breaks and tabs only where a field is
# multi-line) and the invisible bidirectional overrides that can make text read differently than stored.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_SEPARATORS = frozenset("\u2028\u2029\x85")


# --- Small shared helpers ----------------------------------------------------------------------


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands stored UTC times back naive: make them aware again."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def flag(value: bool) -> str:
    """How a boolean is written in the audit trail."""
    return "true" if value else "false"


def check_text(
    value: str,
    *,
    name_en: str,
    name_zh: str,
    max_length: int,
    problems: list[str],
    required: bool = False,
    multiline: bool = True,
) -> str:
    """``value`` cleaned (line endings as ``\\n``, outer blanks stripped); a problem line is appended if it
    breaks a rule: required and blank, longer than ``max_length`` characters, or holding a control
    character (line breaks and tabs are allowed only when ``multiline``) or a bidirectional override.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    allowed = {"\n", "\t"} if multiline else set()
    bad = sorted(
        {
            character
            for character in text
            if character not in allowed
            and (
                unicodedata.category(character) == "Cc"
                or character in _BIDI_CONTROLS
                or character in _LINE_SEPARATORS
            )
        }
    )
    if bad:
        codes = ", ".join(f"U+{ord(character):04X}" for character in bad)
        problems.append(
            f"{name_en}: contains control characters ({codes}); retype it / {name_zh}：含有控制字元（{codes}），請重新輸入"
        )
    if required and not text:
        problems.append(f"{name_en}: required / {name_zh}：必須填寫")
    if len(text) > max_length:
        problems.append(
            f"{name_en}: at most {max_length} characters ({len(text)} given) / "
            f"{name_zh}：最多 {max_length} 個字元（現有 {len(text)} 個）"
        )
    return text


def raise_problems(problems: list[str], en: str, zh: str) -> None:
    """A :class:`ValidationError` listing ``problems``, if there are any."""
    if problems:
        raise ValidationError(en, zh, details=problems)


def acting_user(
    session: Session, username: str, roles: frozenset[Role], *, doing_en: str, doing_zh: str
) -> UserRecord:
    """The active user ``username`` if their role is one of ``roles``; a bilingual refusal otherwise.

    ``doing_en`` / ``doing_zh`` name what they try to do: "sign off an assessment" / "簽批評審".
    """
    user = session.scalar(select(UserRecord).where(UserRecord.username == username))
    if user is None or not user.active:
        raise AppError(
            f"There is no active user '{username}' on this laptop.",
            f"此電腦沒有名為「{username}」的有效用戶。",
            code="unknown_user",
        )
    if user.role not in {role.value for role in roles}:
        ordered = [role.value for role in Role if role in roles]
        allowed_en = ", ".join(ROLE_NAMES[role][1] for role in ordered)
        allowed_zh = "、".join(ROLE_NAMES[role][0] for role in ordered)
        role_zh, role_en = ROLE_NAMES.get(user.role, (user.role, user.role))
        raise AppError(
            f"A user with the role '{role_en}' cannot {doing_en} (allowed: {allowed_en}).",
            f"角色為「{role_zh}」的用戶不能{doing_zh}（可由：{allowed_zh}）。",
            code="role_not_allowed",
        )
    return user


def display_names(session: Session, usernames: set[str | None]) -> dict[str, str]:
    """Display names of users by username (the username itself when the user is not on this laptop)."""
    wanted = {name for name in usernames if name}
    found = (
        dict(
            session.execute(
                select(UserRecord.username, UserRecord.display_name).where(UserRecord.username.in_(wanted))
            )
            .tuples()
            .all()
        )
        if wanted
        else {}
    )
    return {name: found.get(name, name) for name in wanted}


def application_not_found(application_id: int) -> AppError:
    return AppError(
        f"There is no application {application_id}.",
        f"沒有編號 {application_id} 的申請。",
        code="application_not_found",
    )


def load_application(session: Session, application_id: int) -> ApplicationRecord:
    application = session.get(ApplicationRecord, application_id)
    if application is None:
        raise application_not_found(application_id)
    return application


def case_name(application: ApplicationRecord) -> tuple[str, str]:
    """How messages name a case: its reference number, or ``case #id`` before it has one."""
    if application.reference_no:
        return application.reference_no, application.reference_no
    return f"case #{application.id}", f"個案 #{application.id}"


# --- Locks ---------------------------------------------------------------------------------------


def correction_open(application: ApplicationRecord) -> bool:
    """A locked case marked for re-export: a correction is open and the case may change."""
    return application.locked_by_batch_id is not None and bool(application.needs_reexport)


def assert_editable(session: Session, application: ApplicationRecord) -> None:
    """Refuse (``AppError(code="case_locked")``) a change to a case locked by an export batch, unless a
    correction is open. Every service that changes what a batch carries calls this before writing."""
    batch_id = application.locked_by_batch_id
    if batch_id is None or correction_open(application):
        return
    batch = session.get(ExportBatchRecord, batch_id)
    file_name = f" ({batch.file_name})" if batch is not None and batch.file_name else ""
    case_en, case_zh = case_name(application)
    raise AppError(
        f"{case_en} left this laptop in export batch {batch_id}{file_name} and is locked. To change it, a "
        "supervisor opens a correction (with the reason); the case then goes out again in the next batch.",
        f"{case_zh} 已於第 {batch_id} 批{file_name}匯出並已鎖定。如需更改，須由主管開立更正並註明原因；"
        "個案其後會隨下一批再次匯出。",
        code="case_locked",
    )


def is_locked(database: Database, application_id: int) -> bool:
    """The case is in an export batch (``locked_by_batch_id`` set), whether or not a correction is open."""
    with database.session() as session:
        return load_application(session, application_id).locked_by_batch_id is not None


def is_editable(database: Database, application_id: int) -> bool:
    """The case may change now: never exported, or a correction is open (for the UI's edit buttons)."""
    with database.session() as session:
        application = load_application(session, application_id)
        return application.locked_by_batch_id is None or correction_open(application)


@dataclass(frozen=True)
class LockState:
    """Whether a case left in an export batch (which one) and whether a correction is open on it."""

    batch_id: int | None
    batch_file_name: str
    correction_open: bool

    @property
    def locked(self) -> bool:
        return self.batch_id is not None

    @property
    def editable(self) -> bool:
        return self.batch_id is None or self.correction_open


def lock_state(database: Database, application_id: int) -> LockState:
    """The case's lock as the case view's banner shows it."""
    with database.session() as session:
        application = load_application(session, application_id)
        batch_id = application.locked_by_batch_id
        batch = session.get(ExportBatchRecord, batch_id) if batch_id is not None else None
        return LockState(
            batch_id=batch_id,
            batch_file_name=batch.file_name if batch is not None else "",
            correction_open=correction_open(application),
        )


# --- Corrections ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionRow:
    """A corrected case waiting for the next batch, with who opened the correction, when and why."""

    application_id: int
    reference_no: str | None
    status: str
    locked_by_batch_id: int
    batch_file_name: str
    opened_by: str
    opened_at: datetime | None
    reason: str


def _correction_rows(session: Session, applications: list[ApplicationRecord]) -> list[CorrectionRow]:
    rows: list[CorrectionRow] = []
    for application in applications:
        assert application.locked_by_batch_id is not None
        batch = session.get(ExportBatchRecord, application.locked_by_batch_id)
        opened = session.scalar(
            select(AuditEventRecord)
            .where(
                AuditEventRecord.entity == "application",
                AuditEventRecord.entity_uid == application.uid,
                AuditEventRecord.action == CORRECTION_OPENED,
            )
            .order_by(AuditEventRecord.id.desc())
            .limit(1)
        )
        rows.append(
            CorrectionRow(
                application_id=application.id,
                reference_no=application.reference_no,
                status=application.status,
                locked_by_batch_id=application.locked_by_batch_id,
                batch_file_name=batch.file_name if batch is not None else "",
                opened_by=opened.actor if opened is not None else "",
                opened_at=as_utc(opened.occurred_at) if opened is not None else None,
                reason=opened.reason if opened is not None else "",
            )
        )
    return rows


def open_correction(database: Database, application_id: int, *, actor: str, reason: str) -> CorrectionRow:
    """Open a recorded correction on an exported case: audited with the reason, marked for the next batch.

    Refused (nothing written) when the reason is missing or malformed (``validation``), the user is not a
    supervisor or administrator (``role_not_allowed``), the case was never exported (``not_locked``: edit
    it directly) or a correction is already open (``correction_open``).
    """
    problems: list[str] = []
    reason = check_text(
        reason,
        name_en="reason",
        name_zh="原因",
        max_length=REASON_MAX,
        problems=problems,
        required=True,
    )
    raise_problems(problems, "Give the reason for the correction.", "請註明更正的原因。")
    with database.session() as session:
        user = acting_user(
            session, actor, CORRECTORS, doing_en="open a correction", doing_zh="開立已匯出個案的更正"
        )
        application = load_application(session, application_id)
        case_en, case_zh = case_name(application)
        if application.locked_by_batch_id is None:
            raise AppError(
                f"{case_en} has not been exported: it can be changed directly, without a correction.",
                f"{case_zh} 尚未匯出，可直接更改，毋須開立更正。",
                code="not_locked",
            )
        if correction_open(application):
            raise AppError(
                f"A correction is already open on {case_en}: make the changes, and the case goes out in the next batch.",
                f"{case_zh} 已有未完成的更正：請直接更改，個案會隨下一批匯出。",
                code="correction_open",
            )
        application.needs_reexport = True
        audit.record(
            session,
            actor=user.username,
            entity="application",
            entity_uid=application.uid,
            action=CORRECTION_OPENED,
            field="needs_reexport",
            old=flag(False),
            new=flag(True),
            reason=reason,
        )
        return _correction_rows(session, [application])[0]


def cases_for_next_batch(database: Database) -> list[CorrectionRow]:
    """Every corrected case (locked, with a correction open) the next export must carry, oldest batch first."""
    with database.session() as session:
        applications = list(
            session.scalars(
                select(ApplicationRecord)
                .where(
                    ApplicationRecord.locked_by_batch_id.is_not(None),
                    ApplicationRecord.needs_reexport.is_(True),
                )
                .order_by(ApplicationRecord.locked_by_batch_id, ApplicationRecord.reference_no)
            )
        )
        return _correction_rows(session, applications)


@dataclass(frozen=True)
class CaseLock:
    """What locking a case needs to know: its key and its lock before the export."""

    application_id: int
    uid: str
    locked_by_batch_id: int | None
    needs_reexport: bool


LOCK_CHUNK = 500  # case ids per UPDATE statement


def lock_entries(case: CaseLock, batch_id: int, *, actor: str) -> list[audit.Entry]:
    """The audit entries that locking ``case`` into ``batch_id`` writes (one per changed field)."""
    entries: list[audit.Entry] = []
    old_batch = case.locked_by_batch_id
    if old_batch != batch_id:
        entries.append(
            audit.Entry(
                actor=actor,
                entity="application",
                entity_uid=case.uid,
                action="batch_lock",
                field="locked_by_batch_id",
                old=None if old_batch is None else str(old_batch),
                new=str(batch_id),
            )
        )
    if case.needs_reexport:
        entries.append(
            audit.Entry(
                actor=actor,
                entity="application",
                entity_uid=case.uid,
                action="correction_closed",
                field="needs_reexport",
                old=flag(True),
                new=flag(False),
                reason=f"exported again in batch {batch_id}",
            )
        )
    return entries


def lock_into_batch(session: Session, application: ApplicationRecord, batch_id: int, *, actor: str) -> None:
    """For the export: the case left in ``batch_id``; lock it to that batch and close any open correction.

    Writes one audit entry per changed field, in the caller's transaction (the export's).
    """
    case = CaseLock(
        application.id, application.uid, application.locked_by_batch_id, bool(application.needs_reexport)
    )
    application.locked_by_batch_id = batch_id
    application.needs_reexport = False
    for entry in lock_entries(case, batch_id, actor=actor):
        audit.record(
            session,
            actor=entry.actor,
            entity=entry.entity,
            entity_uid=entry.entity_uid,
            action=entry.action,
            field=entry.field,
            old=entry.old,
            new=entry.new,
            reason=entry.reason,
        )


def lock_many_into_batch(session: Session, cases: Sequence[CaseLock], batch_id: int, *, actor: str) -> int:
    """:func:`lock_into_batch` for many cases at once: bulk UPDATEs and :func:`audit.record_many`.

    ``cases`` describe each case as it is before the lock (read in the same transaction). The columns
    change as :func:`lock_into_batch` changes them and the audit entries are the same ones, case by case
    in the order given. Returns the number of audit entries written.
    """
    ids = [case.application_id for case in cases]
    for start in range(0, len(ids), LOCK_CHUNK):
        session.execute(
            update(ApplicationRecord)
            .where(ApplicationRecord.id.in_(ids[start : start + LOCK_CHUNK]))
            .values(locked_by_batch_id=batch_id, needs_reexport=False)
        )
    return audit.record_many(
        session, (entry for case in cases for entry in lock_entries(case, batch_id, actor=actor))
    )
