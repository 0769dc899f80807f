"""Users of this laptop and moving cases through their states, enforced and audited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.domain.workflow import RECOMMENDATIONS, check_allowed, check_conditions, next_states
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.shared import acting_user, active_user

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,59}$")


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool


def user_row(user: UserRecord) -> UserRow:
    return UserRow(user.id, user.username, user.display_name, Role(user.role), user.active)


def create_user(database: Database, username: str, display_name: str, role: str, *, actor: str) -> UserRow:
    """Add a user of this laptop, by ``actor``, an active administrator; audited.

    The one exception is the first user of a laptop with no users at all: an administrator, who acts for
    themselves (``actor`` is their own username). Passwords are the keyring's
    (:mod:`assessor_app.core.services.review.accounts` adds a user with one).
    """
    with database.session() as session:
        return insert_user(session, username, display_name, role, actor=actor)


def insert_user(session: Session, username: str, display_name: str, role: str, *, actor: str) -> UserRow:
    """:func:`create_user` within the caller's transaction (which also writes the user's keyring entry)."""
    username = username.strip().lower()
    problems = []
    if not USERNAME.match(username):
        problems.append(
            "username: 2-60 lower-case letters, digits, . _ - / 用戶名稱：2 至 60 個小寫字母、數字或 . _ -"
        )
    if not display_name.strip() or len(display_name) > 120:
        problems.append("display name: 1-120 characters / 顯示名稱：1 至 120 個字元")
    if role not in {r.value for r in Role}:
        problems.append(f"role: unknown '{role}' / 角色：不明「{role}」")
    if problems:
        raise ValidationError("The user cannot be saved.", "未能儲存用戶。", details=problems)
    first = session.scalar(select(UserRecord.id).limit(1)) is None
    if first:
        if role != Role.ADMINISTRATOR.value or actor.strip().lower() != username:
            raise AppError(
                "The first user of this laptop is its administrator, who adds everyone else.",
                "此電腦的第一位用戶必須是系統管理員，其他用戶由其新增。",
                code="first_user_administrator",
            )
        actor_name = username
    else:
        actor_name = administrator(session, actor, doing_en="add users", doing_zh="新增用戶").username
    if session.scalar(select(UserRecord.id).where(UserRecord.username == username)) is not None:
        raise ValidationError(
            f"User {username} already exists.", f"用戶 {username} 已存在。", code="user_exists"
        )
    user = UserRecord(username=username, display_name=display_name.strip(), role=role)
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor_name,
        entity="user",
        entity_uid=username,
        action="create",
        field="role",
        new=role,
        reason="first administrator, at set-up" if first else "",
    )
    return user_row(user)


def administrator(session: Session, actor: str, *, doing_en: str, doing_zh: str) -> UserRecord:
    """The active administrator ``actor`` (user management is theirs alone: ``PERMISSIONS``)."""
    return acting_user(session, actor, PERMISSIONS[Action.ADD_USER], doing_en=doing_en, doing_zh=doing_zh)


def list_users(database: Database, *, active_only: bool = True) -> list[UserRow]:
    with database.session() as session:
        query = select(UserRecord).order_by(UserRecord.display_name)
        if active_only:
            query = query.where(UserRecord.active.is_(True))
        return [user_row(user) for user in session.scalars(query)]


def _application(session: Session, application_id: int) -> ApplicationRecord:
    application = session.get(ApplicationRecord, application_id)
    if application is None:
        raise AppError(
            f"There is no case {application_id}.", f"沒有個案 {application_id}。", code="case_not_found"
        )
    return application


def _recommended_by(session: Session, application_uid: str) -> str | None:
    """Who made the latest recommendation on this case (from the audit trail)."""
    return session.scalar(
        select(AuditEventRecord.actor)
        .where(
            AuditEventRecord.entity_uid == application_uid,
            AuditEventRecord.field == "status",
            AuditEventRecord.new_value.in_([state.value for state in RECOMMENDATIONS]),
        )
        .order_by(AuditEventRecord.id.desc())
        .limit(1)
    )


def _check_assessment_complete(session: Session, application: ApplicationRecord, target: CaseStatus) -> None:
    """A case is recommended only when every qualification has a recommendation, and signed off only
    when every qualification's record is signed off."""
    if target not in RECOMMENDATIONS and target is not CaseStatus.SIGNED_OFF:
        return
    rows = session.execute(
        select(QualificationRecord.title_zh, QualificationRecord.title_en, AssessmentDecisionRecord)
        .select_from(AppliedQualificationRecord)
        .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
        .outerjoin(
            AssessmentDecisionRecord,
            AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
        )
        .where(AppliedQualificationRecord.application_id == application.id)
        .order_by(AppliedQualificationRecord.id)
    ).all()
    if target is CaseStatus.SIGNED_OFF:
        waiting = [
            (zh, en) for zh, en, decision in rows if decision is None or decision.signed_off_by is None
        ]
        if waiting:
            raise AppError(
                "Sign off every qualification first. Still to sign off: "
                + "; ".join(en for _, en in waiting),
                "請先簽批每項資歷。尚待簽批：" + "；".join(zh or en for zh, en in waiting),
                code="assessment_incomplete",
            )
        return
    waiting = [(zh, en) for zh, en, decision in rows if decision is None or decision.recommendation is None]
    if waiting:
        raise AppError(
            "Recommend a result for every qualification first. Still to do: "
            + "; ".join(en for _, en in waiting),
            "請先為每項資歷提出建議結果。尚待處理：" + "；".join(zh or en for zh, en in waiting),
            code="assessment_incomplete",
        )


def allowed_moves(database: Database, application_id: int, username: str) -> list[CaseStatus]:
    """The states this user may move the case to now (for the UI's buttons)."""
    with database.session() as session:
        user = active_user(session, username)
        application = _application(session, application_id)
        return next_states(CaseStatus(application.status), Role(user.role))


def move_case(database: Database, application_id: int, target: str, *, actor: str, reason: str = "") -> None:
    """Move a case to ``target`` if the table, the actor's role and maker-checker allow it.

    A refusal raises an AppError naming why, and nothing changes. An allowed move is written with its
    audit entry in one transaction.
    """
    try:
        target_state = CaseStatus(target)
    except ValueError:
        raise AppError(
            f"Unknown case state '{target}'.", f"不明個案狀態「{target}」。", code="unknown_state"
        ) from None
    with database.session() as session:
        user = active_user(session, actor)
        application = _application(session, application_id)
        current = CaseStatus(application.status)
        # Order of refusals: the table and the role, then the assessment being complete, then
        # maker-checker and the reason: the most actionable message comes first.
        refusal = check_allowed(current, target_state, Role(user.role))
        if refusal is None:
            _check_assessment_complete(session, application, target_state)
            refusal = check_conditions(
                current,
                target_state,
                actor=user.username,
                recommended_by=_recommended_by(session, application.uid),
                reason=reason,
            )
        if refusal is not None:
            raise AppError(refusal.en, refusal.zh, code=refusal.code)
        application.status = target_state.value
        audit.record(
            session,
            actor=user.username,
            entity="application",
            entity_uid=application.uid,
            action="status",
            field="status",
            old=current.value,
            new=target_state.value,
            reason=reason.strip(),
        )
