"""Bringing a laptop's old clear case database under sign-in: its administrator's password, then encryption.

Before sign-in existed a laptop's database was a clear SQLite file with users but no passwords. ``assessor-app
init --admin NAME`` on such a laptop (:func:`adopt_clear_database`) names one of its administrators (or, on
a database with no users yet, creates them), gives them a password in a new keyring, encrypts the database
under the new data key (:func:`.encrypt.encrypt_database`: an encrypted backup first, the clear file shredded)
and seals the evidence files. The other users sign in once the administrator resets their passwords
(``assessor-app users reset NAME``), which also gives them a keyring entry.

An interruption leaves either the clear database and no keyring (run it again), or the encrypted database
and its keyring (done; the evidence files are sealed at the next sign-in's start by the same function).
"""

from __future__ import annotations

from pathlib import Path

from assessor_app.core.db import cipher
from assessor_app.core.db.database import open_database
from assessor_app.core.db.encrypt import encrypt_database
from assessor_app.core.domain.enums import Role
from assessor_app.core.errors import AppError
from assessor_app.core.security import keyring
from assessor_app.core.security.evidence_files import encrypt_evidence_store
from assessor_app.core.security.sign_in import SignedIn, sign_in
from assessor_app.core.services import audit
from assessor_app.core.services.review.accounts import check_password
from assessor_app.core.services.review.workflow import create_user, list_users


def adopt_clear_database(
    database_path: Path,
    admin_username: str,
    display_name: str,
    password: str,
    *,
    backups_dir: Path,
    evidence_dir: Path,
) -> SignedIn:
    """Encrypt the clear database at ``database_path`` and let ``admin_username`` (an active administrator
    of it, or the first user of a database without users) sign in with ``password``; signed in. Refused,
    with nothing changed: a database that is already encrypted or has a keyring, a user who is not one of
    its administrators, a weak password."""
    database_path = Path(database_path)
    ring = keyring.keyring_path(database_path)
    if keyring.exists(ring) or not database_path.is_file() or not cipher.is_clear(database_path):
        raise AppError(
            f"{database_path} is not a clear case database without sign-in; nothing was changed.",
            f"{database_path} 並非未設定登入的未加密個案資料庫；未作任何改動。",
            code="not_adoptable",
        )
    check_password(password)
    name = admin_username.strip().lower()
    database = open_database(database_path, backups_dir=backups_dir, create=False)
    try:
        users = list_users(database)
        if not users:
            create_user(database, name, display_name or name, Role.ADMINISTRATOR.value, actor=name)
        else:
            administrators = sorted(u.username for u in users if u.role == Role.ADMINISTRATOR.value)
            if name not in administrators:
                listed = ", ".join(administrators) or "-"
                raise AppError(
                    f"{name} is not an active administrator of {database_path} (administrators: {listed}); "
                    "nothing was changed.",
                    f"{name} 並非 {database_path} 的有效系統管理員（系統管理員：{listed}）；未作任何改動。",
                    code="not_an_administrator",
                )
    finally:
        database.close()
    data_key = keyring.create_keyring(ring, name, password)
    try:
        encrypt_database(database_path, data_key, backups_dir=backups_dir)
    except BaseException:
        if cipher.is_clear(database_path):  # still the clear file: as if nothing had been done
            ring.unlink(missing_ok=True)
        raise
    encrypt_evidence_store(evidence_dir, data_key)
    signed = sign_in(database_path, name, password, backups_dir=backups_dir, evidence_dir=evidence_dir)
    with signed.database.session() as session:
        audit.record(
            session,
            actor=name,
            entity="database",
            entity_uid=database_path.name,
            action="database_encrypted",
            reason="the clear database was encrypted and sign-in set up; other users sign in once their "
            "passwords are reset",
        )
    return signed
