"""Signing in to an encrypted database and managing its users, on real files: audited, administrators only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db import clean_close
from assessor_app.core.db.database import open_database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.errors import AppError
from assessor_app.core.security import keyring
from assessor_app.core.security.sign_in import SignedIn, set_up, sign_in
from assessor_app.core.services import audit_anchor
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.review import accounts

PASSWORD = "admin password"


@pytest.fixture
def admin(tmp_path: Path) -> Iterator[SignedIn]:
    signed = set_up(tmp_path / "cases.sqlite3", "Root", "系統管理員 Root", PASSWORD, demo=False)
    yield signed
    signed.database.close()


def _audit(signed: SignedIn) -> list[tuple[str, str, str, str, str | None, str | None]]:
    with signed.database.session() as session:
        return [
            (e.actor, e.entity_uid, e.action, e.field, e.old_value, e.new_value)
            for e in session.scalars(select(AuditEventRecord).where(AuditEventRecord.entity == "user"))
        ]


def test_set_up_makes_an_encrypted_database_its_keyring_and_administrator(admin: SignedIn) -> None:
    path = admin.database.path
    assert (admin.username, admin.role, admin.demo) == ("root", "administrator", False)
    assert keyring.usernames(keyring.keyring_path(path)) == ["root"]
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert _audit(admin) == [("root", "root", "create", "role", None, "administrator")]
    admin.database.close()
    again = sign_in(path, "root", PASSWORD)
    try:
        assert again.user.display_name == "系統管理員 Root"
    finally:
        again.database.close()
    with pytest.raises(AppError) as twice:
        set_up(path, "other", "Other", PASSWORD)
    assert twice.value.code == "database_exists"


def test_set_up_refuses_a_clear_database_and_a_short_password(tmp_path: Path) -> None:
    clear = tmp_path / "clear.sqlite3"
    open_database(clear).close()
    before = clear.read_bytes()
    with pytest.raises(AppError) as refused:
        set_up(clear, "root", "Root", PASSWORD)
    assert refused.value.code == "needs_encryption"
    with pytest.raises(AppError) as signing_in:
        sign_in(clear, "root", PASSWORD)
    assert signing_in.value.code == "needs_encryption"
    assert clear.read_bytes() == before
    assert not keyring.exists(keyring.keyring_path(clear))
    with pytest.raises(AppError) as short:
        set_up(tmp_path / "new.sqlite3", "root", "Root", "short")
    assert short.value.code == "password_too_short"
    assert sorted(tmp_path.iterdir()) == [clear, clean_close.record_path(clear)]  # the clear file's own close


def test_users_added_disabled_reset_and_re_roled_by_the_administrator(admin: SignedIn) -> None:
    path = admin.database.path
    accounts.add_user(admin.database, "anna", "Anna AU", "assessor", "anna password", actor="root")
    signed = sign_in(path, "anna", "anna password")
    assert signed.role == "assessor"
    signed.database.close()
    accounts.change_role(admin.database, "anna", "supervisor", actor="root")
    # Only an administrator manages users; the refusal changes nothing.
    with pytest.raises(AppError) as not_admin:
        accounts.add_user(admin.database, "sam", "Sam", "administrator", "sam password", actor="anna")
    assert not_admin.value.code == "role_not_allowed"
    assert keyring.usernames(keyring.keyring_path(path)) == ["anna", "root"]
    for _ in range(10):
        with pytest.raises(keyring.SignInError):
            sign_in(path, "anna", "guess", backups_dir=None)
    with pytest.raises(keyring.SignInError) as locked:
        sign_in(path, "anna", "anna password")
    assert locked.value.code in {"account_locked", "sign_in_throttled"}
    accounts.reset_password(admin.database, "anna", "new anna password", actor="root")
    signed = sign_in(path, "anna", "new anna password")
    assert signed.role == "supervisor"
    signed.database.close()
    accounts.disable_user(admin.database, "anna", actor="root")
    with pytest.raises(keyring.SignInError) as disabled:
        sign_in(path, "anna", "new anna password")
    assert disabled.value.code == "wrong_password"
    with pytest.raises(AppError) as last:
        accounts.disable_user(admin.database, "root", actor="root")
    assert last.value.code == "last_administrator"
    assert _audit(admin) == [
        ("root", "root", "create", "role", None, "administrator"),
        ("root", "anna", "create", "role", None, "assessor"),
        ("root", "anna", "change_role", "role", "assessor", "supervisor"),
        ("root", "anna", "reset_password", "password", None, None),
        ("root", "anna", "disable", "active", "true", "false"),
    ]
    assert verify_chain(admin.database).intact


def test_a_failed_database_change_leaves_the_keyring_as_it_was(admin: SignedIn) -> None:
    ring = keyring.keyring_path(admin.database.path)
    before = ring.read_bytes()
    with pytest.raises(AppError) as bad:
        accounts.add_user(admin.database, "Bad Name!", "Bad", "assessor", "long enough", actor="root")
    assert bad.value.code == "validation"
    with pytest.raises(AppError) as duplicate:
        accounts.add_user(admin.database, "root", "Again", "assessor", "long enough", actor="root")
    assert duplicate.value.code == "user_exists"
    assert ring.read_bytes() == before


def test_sign_in_removes_the_temporary_anchors_a_crash_left(admin: SignedIn) -> None:
    """A process killed between writing the audit anchor's temporary file and renaming it leaves
    ``<database>.audit-anchor.<pid>.tmp`` (tests/core/test_kill_saves.py found them piling up); the
    next sign-in, holding the data folder's lock, removes them and keeps the anchor itself."""
    path = admin.database.path
    admin.database.close()
    anchor = audit_anchor.anchor_path(path)
    leftover = anchor.with_name(f"{anchor.name}.4242.tmp")
    leftover.write_text("{}")
    before = anchor.read_bytes()
    signed = sign_in(path, "root", PASSWORD)
    signed.database.close()
    assert not leftover.exists()
    assert anchor.read_bytes() == before


def test_a_disabled_user_is_enabled_again_with_a_new_password_by_an_administrator(admin: SignedIn) -> None:
    path = admin.database.path
    accounts.add_user(admin.database, "anna", "Anna", "supervisor", "anna's password", actor="root")
    accounts.disable_user(admin.database, "anna", actor="root")
    ring = keyring.keyring_path(path)
    with pytest.raises(AppError) as short:
        accounts.enable_user(admin.database, "anna", "short", actor="root")
    assert short.value.code == "password_too_short"
    accounts.add_user(admin.database, "bob", "Bob", "supervisor", "bob's password", actor="root")
    before = ring.read_bytes()
    with pytest.raises(AppError) as not_admin:
        accounts.enable_user(admin.database, "anna", "a new password", actor="bob")
    assert not_admin.value.code == "role_not_allowed"
    assert ring.read_bytes() == before
    with pytest.raises(AppError) as active:
        accounts.enable_user(admin.database, "bob", "a new password", actor="root")
    assert active.value.code == "user_active"

    row = accounts.enable_user(admin.database, " Anna ", "a new password", actor="root")
    assert (row.username, row.role, row.active) == ("anna", "supervisor", True)
    with pytest.raises(keyring.SignInError):
        sign_in(path, "anna", "anna's password")  # the old password stays dead
    signed = sign_in(path, "anna", "a new password")
    assert signed.role == "supervisor"
    signed.database.close()
    assert _audit(admin)[-2:] == [
        ("root", "bob", "create", "role", None, "supervisor"),
        ("root", "anna", "enable", "active", "false", "true"),
    ]
    assert verify_chain(admin.database).intact
