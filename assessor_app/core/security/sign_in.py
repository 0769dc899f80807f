"""Signing in to a case database (unlock the keyring, open the encrypted file, check the user) and first set-up."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assessor_app.core.db import cipher
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.domain.enums import Role
from assessor_app.core.errors import AppError, DatabaseCorruptError, DatabaseError
from assessor_app.core.security import keyring
from assessor_app.core.security.keyring import (
    DEFAULT_PARAMS,
    DEMO_PASSWORD,
    FAST_PARAMS,
    SignInError,
)
from assessor_app.core.security.station_key_files import seal_clear_keys
from assessor_app.core.services import audit, audit_anchor
from assessor_app.core.services.evidence.store_names import key_store_names
from assessor_app.core.services.review.accounts import check_password
from assessor_app.core.services.review.workflow import UserRow, create_user, list_users


@dataclass
class SignedIn:
    """An open, encrypted case database and who signed in to it. Close ``database`` when done."""

    database: Database
    user: UserRow
    demo: bool

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def username(self) -> str:
        return self.user.username


class DamagedAtSignIn(DatabaseCorruptError):
    """The password unlocked the data key but the database file is damaged: the message of the damage,
    with what a restore from a backup needs (:func:`.recovery.restore_at_sign_in`). Never logged or shown
    beyond its message."""

    def __init__(self, error: DatabaseCorruptError, data_key: bytes, username: str) -> None:
        super().__init__(error.en, error.zh, code=error.code, details=error.details)
        self.data_key = data_key
        self.username = username


def needs_encryption(database_path: Path) -> AppError:
    return AppError(
        f"The case database {database_path} is not encrypted and has no users with passwords yet: one of its "
        "administrators encrypts it with `assessor-app init --admin NAME` (an encrypted backup is taken first).",
        f"個案資料庫 {database_path} 尚未加密，亦未有設定密碼的用戶：請由其系統管理員以 "
        "`assessor-app init --admin 用戶名稱` 加密（會先建立加密備份）。",
        code="needs_encryption",
    )


log = logging.getLogger(__name__)


def keyed_chain(database: Database) -> None:
    """An encrypted database's audit chain is keyed under its data key (docs/audit-trail.md): a chain still
    unkeyed (a database just encrypted, or made before the chain was keyed) is rekeyed once, at sign-in. A
    chain that does not verify is left as it is, for ``audit verify`` to name: a rekey never launders it."""
    if database.data_key is None:
        return
    try:
        with database.session() as session:
            if audit.chain_mode(session) != audit.KEYED:
                audit.rekey_chain(session, database.data_key)
    except AppError as error:
        log.warning("the audit chain of %s was not keyed: %s", database.path, error.en)


def sealed_station_keys(database: Database) -> None:
    """An encrypted database's station keys still in clear (kept before it was encrypted) are sealed under
    its data key at sign-in, the clear files shredded; a failure is logged, never a refused sign-in: the
    clear key is still owner-only, and the next sign-in or export seals it."""
    if database.data_key is None:
        return
    try:
        sealed = seal_clear_keys(database.path, database.data_key)
    except OSError as error:
        log.warning("the station keys beside %s were not sealed: %s", database.path, error)
        return
    if sealed:
        log.info("sealed %d station key(s) beside %s under the data key", sealed, database.path)


def keyed_evidence_names(database: Database, evidence_dir: Path | None) -> None:
    """An encrypted database's evidence files still under their SHA-256 names (a store from before keyed
    names) are renamed at sign-in; a failure is logged, never a refused sign-in: the files are sealed
    either way, and the next sign-in finishes the job. ``evidence_dir`` is the data folder's
    ``evidence`` beside the database unless given."""
    folder = Path(evidence_dir) if evidence_dir is not None else database.path.parent / "evidence"
    try:
        key_store_names(database, folder)
    except (OSError, AppError) as error:
        log.warning("the evidence files in %s were not renamed: %s", folder, error)


def check_files(database_path: Path) -> Path:
    """The keyring's path, when both it and the database are there; else the reason they are not usable."""
    ring = keyring.keyring_path(database_path)
    if not database_path.exists():
        raise DatabaseError(
            f"There is no case database at {database_path}; set one up with `assessor-app init --admin NAME`.",
            f"{database_path} 沒有個案資料庫；請以 `assessor-app init --admin 用戶名稱` 建立。",
            code="no_database",
        )
    if not keyring.exists(ring) and database_path.stat().st_size and cipher.is_clear(database_path):
        raise needs_encryption(database_path)
    return ring


def sign_in(
    database_path: Path,
    username: str,
    password: str,
    *,
    backups_dir: Path | None = None,
    evidence_dir: Path | None = None,
) -> SignedIn:
    """Unlock the data key with ``username``'s password and open the database under it.

    Refusals: :class:`SignInError` (``wrong_password``, ``sign_in_throttled``, ``account_locked``,
    ``user_disabled``), ``needs_encryption`` for a clear database without a keyring, ``no_keyring``,
    ``no_database``, :class:`DamagedAtSignIn` for a damaged file (the right password given), and
    whatever else :func:`open_database` refuses.
    """
    database_path = Path(database_path)
    ring = check_files(database_path)
    name = username.strip().lower()
    data_key = keyring.unlock(ring, name, password)
    try:
        database = open_database(database_path, backups_dir=backups_dir, create=False, key=data_key)
    except DatabaseCorruptError as error:
        raise DamagedAtSignIn(error, data_key, name) from error
    return signed_in_to(database, ring, name, evidence_dir=evidence_dir)


def signed_in_to(database: Database, ring: Path, name: str, *, evidence_dir: Path | None = None) -> SignedIn:
    """The sign-in's last steps on the database opened with the key ``name`` unlocked: the chain keyed,
    the user active here. Closes the database when refused."""
    try:
        audit_anchor.remove_leftovers(database.path)
        keyed_chain(database)
        sealed_station_keys(database)
        keyed_evidence_names(database, evidence_dir)
        user = next((row for row in list_users(database, active_only=False) if row.username == name), None)
        if user is None or not user.active:
            # The password opened the key but the user is gone or disabled here (a crash between the
            # two writes of a disable): refused all the same.
            raise SignInError(
                f"The account {name} is disabled on this laptop.",
                f"帳戶 {name} 在此電腦已停用。",
                code="user_disabled",
            )
        demo = keyring.is_demo(ring)
    except BaseException:
        database.close()
        raise
    return SignedIn(database=database, user=user, demo=demo)


def set_up(
    database_path: Path,
    admin_username: str,
    display_name: str,
    password: str,
    *,
    backups_dir: Path | None = None,
    demo: bool = False,
) -> SignedIn:
    """First run: a new encrypted database, its keyring and its administrator, signed in.

    Refuses when a database or a keyring is already there (``database_exists`` / ``keyring_exists``;
    ``needs_encryption`` for a clear database). A demo keyring (``demo``) uses the fast argon2
    parameters, since its passwords are public. On any failure nothing is left behind.
    """
    database_path = Path(database_path)
    ring = keyring.keyring_path(database_path)
    if database_path.exists():
        if not keyring.exists(ring) and database_path.stat().st_size and cipher.is_clear(database_path):
            raise needs_encryption(database_path)
        raise DatabaseError(
            f"There is already a case database at {database_path}; it was left untouched.",
            f"{database_path} 已有個案資料庫，未作改動。",
            code="database_exists",
        )
    check_password(password, demo=demo)
    name = admin_username.strip().lower()
    database_path.parent.mkdir(parents=True, exist_ok=True)
    data_key = keyring.create_keyring(
        ring, name, password, params=FAST_PARAMS if demo else DEFAULT_PARAMS, demo=demo
    )
    database: Database | None = None
    try:
        database = open_database(database_path, backups_dir=backups_dir, create=True, key=data_key)
        user = create_user(database, name, display_name, Role.ADMINISTRATOR.value, actor=name)
    except BaseException:
        if database is not None:
            database.close()
        remove_new_database(database_path)
        raise
    return SignedIn(database=database, user=user, demo=demo)


def remove_new_database(database_path: Path) -> None:
    """Undo a set-up that failed part-way: the new database, its journals and its keyring (closed first)."""
    ring = keyring.keyring_path(database_path)
    lock = ring.with_name(ring.name + keyring.LOCK_SUFFIX)
    for leftover in (ring, lock, database_path, Path(f"{database_path}-wal"), Path(f"{database_path}-shm")):
        leftover.unlink(missing_ok=True)


def give_demo_passwords(signed: SignedIn) -> list[str]:
    """On a demo database only: every active user without a keyring entry gets the password ``demo``
    (the demo's staff keep their roles); the names given one."""
    ring = keyring.keyring_path(signed.database.path)
    if not signed.demo or signed.database.data_key is None:
        return []
    have = set(keyring.usernames(ring))
    added = [user.username for user in list_users(signed.database) if user.username not in have]
    for username in added:
        keyring.add_user(ring, signed.database.data_key, username, DEMO_PASSWORD, params=FAST_PARAMS)
    return added
