"""Restoring a backup: who may, the damaged database offered its newest good backup at sign-in, and the
restore recorded in the restored trail."""

from __future__ import annotations

from pathlib import Path

from assessor_app.core.db.backups import Backup, RestoreResult, newest_good_backup, restore_database
from assessor_app.core.db.database import open_database
from assessor_app.core.db.health import read_only_database
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import DatabaseCorruptError
from assessor_app.core.security import keyring
from assessor_app.core.security.sign_in import DamagedAtSignIn, SignedIn, signed_in_to
from assessor_app.core.services import audit
from assessor_app.core.services.shared import acting_user


def newest_backup(database_path: Path, backups_dir: Path, damaged: DamagedAtSignIn) -> Backup | None:
    """The newest backup of the damaged database that opens with its key and passes its check."""
    return newest_good_backup(backups_dir, Path(database_path).stem, key=damaged.data_key)


def _record(
    database_path: Path, backups_dir: Path, key: bytes | None, username: str, result: RestoreResult
) -> None:
    database = open_database(database_path, backups_dir=backups_dir, create=False, key=key)
    try:
        with database.session() as session:
            audit.record_restore(
                session,
                username,
                result.restored_from,
                result.safety_backup or next(iter(result.moved_aside), None),
            )
    finally:
        database.close()


def restore_backup(
    database_path: Path, source: Path, backups_dir: Path, *, key: bytes | None, username: str
) -> RestoreResult:
    """Restore ``source`` over the database (``restore_database``) and record it in the restored trail.

    An administrator's action while the database opens; when it is damaged (nobody's role can be read
    from it) anyone who unlocked its key may restore, so that an event is not stopped for want of an
    administrator: the restore is in the trail and the damaged file is kept."""
    try:
        current = read_only_database(Path(database_path), key)
        try:
            with current.session() as session:
                acting_user(
                    session,
                    username,
                    PERMISSIONS[Action.RESTORE],
                    doing_en="restore a backup",
                    doing_zh="還原備份",
                )
        finally:
            current.close()
    except DatabaseCorruptError:
        pass
    result = restore_database(source, database_path, backups_dir, key=key)
    _record(Path(database_path), backups_dir, key, username, result)
    return result


def restore_at_sign_in(
    database_path: Path, backup: Backup, damaged: DamagedAtSignIn, *, backups_dir: Path
) -> SignedIn:
    """The damaged database replaced by ``backup`` (the damaged file kept in the backups folder), the
    restore recorded, and the user who unlocked the key signed in to it."""
    database_path = Path(database_path)
    result = restore_database(backup.path, database_path, backups_dir, key=damaged.data_key)
    _record(database_path, backups_dir, damaged.data_key, damaged.username, result)
    database = open_database(database_path, backups_dir=backups_dir, create=False, key=damaged.data_key)
    return signed_in_to(database, keyring.keyring_path(database_path), damaged.username)
