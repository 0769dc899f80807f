"""The checks every case-changing service makes before it writes (the user, the case, the text typed); a case's list heading."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, AppliedQualificationRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.enums import Role
from assessor_app.core.errors import AppError, ValidationError

ROLE_NAMES: dict[str, tuple[str, str]] = {
    Role.INTAKE_CLERK.value: ("登記職員", "intake clerk"),
    Role.ASSESSOR.value: ("評審員", "assessor"),
    Role.SUPERVISOR.value: ("主管", "supervisor"),
    Role.ADMINISTRATOR.value: ("系統管理員", "administrator"),
}

# What heads a case in a list (the cases page, an event's queue): its id, reference and state, the
# applicant's names and HKID (which the caller masks before a row leaves the service).
CASE_HEAD_COLUMNS = (  # a case's names are its own, as lodged
    ApplicationRecord.id,
    ApplicationRecord.reference_no,
    ApplicationRecord.status,
    ApplicationRecord.name_zh,
    ApplicationRecord.surname_en,
    ApplicationRecord.given_names_en,
    ApplicantRecord.hkid,
)

# Characters never accepted in typed text: controls (line breaks and tabs only where a field is
# multi-line) and the invisible bidirectional overrides that can make text read differently than stored.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_LINE_SEPARATORS = frozenset("\u2028\u2029\x85")


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


def active_user(session: Session, username: str) -> UserRecord:
    """The active user ``username`` (any role); ``unknown_user`` if there is none on this laptop."""
    user = session.scalar(select(UserRecord).where(UserRecord.username == username))
    if user is None or not user.active:
        raise AppError(
            f"There is no active user '{username}' on this laptop.",
            f"此電腦沒有名為「{username}」的有效用戶。",
            code="unknown_user",
        )
    return user


def acting_user(
    session: Session, username: str, roles: frozenset[Role], *, doing_en: str, doing_zh: str
) -> UserRecord:
    """The active user ``username`` if their role is one of ``roles``; a bilingual refusal otherwise.

    ``doing_en`` / ``doing_zh`` name what they try to do: "sign off an assessment" / "簽批評審".
    """
    user = active_user(session, username)
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


def load_applied_qualification(session: Session, applied_qualification_id: int) -> AppliedQualificationRecord:
    applied = session.get(AppliedQualificationRecord, applied_qualification_id)
    if applied is None:
        raise AppError(
            f"There is no qualification applied for with the id {applied_qualification_id}.",
            f"沒有編號 {applied_qualification_id} 的申請資歷。",
            code="applied_qualification_not_found",
        )
    return applied


def case_name(application: ApplicationRecord) -> tuple[str, str]:
    """How messages name a case: its reference number, or ``case #id`` before it has one."""
    if application.reference_no:
        return application.reference_no, application.reference_no
    return f"case #{application.id}", f"個案 #{application.id}"


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
