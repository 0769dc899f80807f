"""User management by an administrator: add, disable, enable, reset a password, change a role; audited, with the keyring.

Each change is one database transaction (the user row and its audit entry) plus one rewrite of the keyring
file. The keyring is written last inside the transaction, just before the commit: if writing it fails the
transaction rolls back and nothing changed; if the commit then fails, the keyring file is put back as it
was (the snapshot taken first). The one window left, a crash between the keyring's rename and the commit,
can only leave a password that opens a database without its audit entry for an *added* or *reset* user,
or a disabled user still active in the database but unable to sign in: never a user who can sign in
after being disabled. Writing the keyring after the commit instead would leave, after the same crash, a
disabled user whose password still opens the data, which is the failure that matters.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.enums import Role
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.security import keyring
from assessor_app.core.services import audit
from assessor_app.core.services.review.workflow import UserRow, administrator, insert_user, user_row

T = TypeVar("T")
MIN_PASSWORD_LENGTH = 8


def check_password(password: str, *, demo: bool = False) -> None:
    """Refuse a password too short to resist guessing (a demo database's public ``demo`` excepted)."""
    if demo:
        return
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"A password has at least {MIN_PASSWORD_LENGTH} characters.",
            f"密碼最少須有 {MIN_PASSWORD_LENGTH} 個字元。",
            code="password_too_short",
        )


def _keyring_of(database: Database) -> tuple[Path, bytes]:
    path = keyring.keyring_path(database.path)
    if database.data_key is None or not keyring.exists(path):
        raise AppError(
            "Users with passwords are managed on an encrypted database opened by signing in.",
            "須先登入已加密的資料庫，才可管理設有密碼的用戶。",
            code="needs_sign_in",
        )
    return path, database.data_key


def _changed(
    database: Database, in_database: Callable[[Session], T], in_keyring: Callable[[Path, bytes], None]
) -> T:
    """``in_database`` in one transaction, then ``in_keyring`` just before its commit (module docstring)."""
    path, data_key = _keyring_of(database)
    # Held from the snapshot to the commit: a failure counted by another process meanwhile would be
    # undone by putting the snapshot back.
    with keyring.locked(path):
        snapshot = path.read_bytes()
        keyring_written = False
        try:
            with database.session() as session:
                result = in_database(session)
                session.flush()
                in_keyring(path, data_key)
                keyring_written = True
        except BaseException:
            if keyring_written:
                keyring.restore(path, snapshot)
            raise
    return result


def _user(session: Session, username: str) -> UserRecord:
    user = session.scalar(select(UserRecord).where(UserRecord.username == username.strip().lower()))
    if user is None:
        raise AppError(
            f"There is no user '{username}' on this laptop.",
            f"此電腦沒有名為「{username}」的用戶。",
            code="unknown_user",
        )
    return user


def _keep_an_administrator(session: Session, user: UserRecord) -> None:
    """Refuse to leave the laptop without an active administrator: nobody could manage users again."""
    if user.role != Role.ADMINISTRATOR.value or not user.active:
        return
    others = session.scalar(
        select(func.count())
        .select_from(UserRecord)
        .where(
            UserRecord.role == Role.ADMINISTRATOR.value,
            UserRecord.active.is_(True),
            UserRecord.id != user.id,
        )
    )
    if not others:
        raise AppError(
            f"{user.username} is the only active administrator; add another one first.",
            f"{user.username} 是唯一的有效系統管理員；請先新增另一位。",
            code="last_administrator",
        )


def add_user(
    database: Database, username: str, display_name: str, role: str, password: str, *, actor: str
) -> UserRow:
    """A new user with a role and a password that unlocks the database; by an administrator, audited."""
    path, _key = _keyring_of(database)
    check_password(password, demo=keyring.is_demo(path))
    created: list[UserRow] = []

    def in_database(session: Session) -> UserRow:
        created.append(insert_user(session, username, display_name, role, actor=actor))
        return created[0]

    return _changed(
        database,
        in_database,
        lambda ring, key: keyring.add_user(ring, key, created[0].username, password),
    )


def disable_user(database: Database, username: str, *, actor: str) -> UserRow:
    """The user stays in the case history but can no longer sign in: their keyring entry is removed."""
    name = username.strip().lower()

    def in_database(session: Session) -> UserRow:
        admin = administrator(session, actor, doing_en="disable users", doing_zh="停用用戶")
        user = _user(session, name)
        if not user.active:
            raise AppError(
                f"{user.username} is already disabled.", f"{user.username} 已停用。", code="user_disabled"
            )
        _keep_an_administrator(session, user)
        return _set_active(session, admin, user, active=False)

    return _changed(database, in_database, lambda ring, _key: keyring.remove_user(ring, name))


def enable_user(database: Database, username: str, password: str, *, actor: str) -> UserRow:
    """A disabled user signs in again, with a new password (their old entry was removed when they were
    disabled, so the old password stays dead); by an administrator, audited. Their role is as before."""
    path, _key = _keyring_of(database)
    check_password(password, demo=keyring.is_demo(path))
    name = username.strip().lower()

    def in_database(session: Session) -> UserRow:
        admin = administrator(session, actor, doing_en="enable users", doing_zh="重新啟用用戶")
        user = _user(session, name)
        if user.active:
            raise AppError(
                f"{user.username} is not disabled.", f"{user.username} 並未停用。", code="user_active"
            )
        return _set_active(session, admin, user, active=True)

    return _changed(database, in_database, lambda ring, key: keyring.set_password(ring, key, name, password))


def _set_active(session: Session, admin: UserRecord, user: UserRecord, *, active: bool) -> UserRow:
    """Enable or disable ``user``, audited as ``admin``'s act (the keyring's change follows the commit)."""
    user.active = active
    audit.record(
        session,
        actor=admin.username,
        entity="user",
        entity_uid=user.username,
        action="enable" if active else "disable",
        field="active",
        old=str(not active).lower(),
        new=str(active).lower(),
    )
    return user_row(user)


def reset_password(database: Database, username: str, password: str, *, actor: str) -> UserRow:
    """Give an active user a new password (lifting a lock-out); by an administrator, audited."""
    path, _key = _keyring_of(database)
    check_password(password, demo=keyring.is_demo(path))
    name = username.strip().lower()

    def in_database(session: Session) -> UserRow:
        admin = administrator(session, actor, doing_en="reset passwords", doing_zh="重設密碼")
        user = _user(session, name)
        if not user.active:
            raise AppError(
                f"{user.username} is disabled; a disabled user gets no password.",
                f"{user.username} 已停用，不能設定密碼。",
                code="user_disabled",
            )
        audit.record(
            session,
            actor=admin.username,
            entity="user",
            entity_uid=user.username,
            action="reset_password",
            field="password",
        )
        return user_row(user)

    return _changed(database, in_database, lambda ring, key: keyring.set_password(ring, key, name, password))


def change_role(database: Database, username: str, role: str, *, actor: str) -> UserRow:
    """Give a user another role; by an administrator, audited. The keyring does not change."""
    if role not in {r.value for r in Role}:
        raise ValidationError(f"Unknown role '{role}'.", f"不明角色「{role}」。", code="unknown_role")
    with database.session() as session:
        admin = administrator(session, actor, doing_en="change roles", doing_zh="更改角色")
        user = _user(session, username)
        if user.role == role:
            return user_row(user)
        _keep_an_administrator(session, user)
        old = user.role
        user.role = role
        audit.record(
            session,
            actor=admin.username,
            entity="user",
            entity_uid=user.username,
            action="change_role",
            field="role",
            old=old,
            new=role,
        )
        return user_row(user)
