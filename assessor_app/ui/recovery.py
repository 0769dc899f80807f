"""Start-up durability for the GUI: the data folder's lock, the drive warning, recovery from a backup.

Imported before the sign-in dialog shows: the database layer (SQLAlchemy) is imported only by the
functions that need it, after signing in, so the first window a user can type into is not held up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from assessor_app.core.db.file_checks import storage_warning
from assessor_app.core.errors import AppError
from assessor_app.core.paths import DataDir
from assessor_app.ui import messages

if TYPE_CHECKING:
    from assessor_app.core.db.database import Database
    from assessor_app.core.security.sign_in import DamagedAtSignIn, SignedIn

log = logging.getLogger(__name__)


def warn_about_drive(window: QWidget | None, data_dir: DataDir) -> bool:
    """Show the network / removable drive warning once at start; True when it was shown."""
    warning = storage_warning(data_dir.root)
    if warning is None:
        return False
    messages.warning(window, warning.bilingual(), title=messages.APP_NAME_BILINGUAL)
    return True


def offer_restore(
    window: QWidget | None, database_path: Path, backups_dir: Path, damaged: DamagedAtSignIn
) -> SignedIn:
    """The right password opened the key but the database is damaged: offer its newest good backup (the
    damaged file is kept in the backups folder first), never a new empty database. The restored database,
    signed in to; the damage itself (an :class:`AppError`, for the caller to show) when there is no good
    backup or the user declines."""
    from assessor_app.core.security.recovery import newest_backup, restore_at_sign_in

    found = newest_backup(database_path, backups_dir, damaged)
    if found is None:
        raise damaged
    taken = found.taken_at.strftime("%Y-%m-%d %H:%M")
    asked = messages.question(
        window,
        f"{damaged.zh}\n\n要以 {taken} 的最新完好備份還原嗎？損壞的檔案會先另存於備份資料夾，還原會記錄於審計記錄。\n\n"
        f"{damaged.en}\n\nRestore the newest good backup, taken {taken}? The damaged file is kept in the "
        f"backups folder first, and the restore is recorded in the audit trail.\n\n{found.path}",
        title=messages.APP_NAME_BILINGUAL,
    )
    if not asked:
        raise damaged
    log.warning("restoring %s from %s at sign-in", database_path, found.path)
    window_cursor = window.cursor() if window is not None else None
    if window is not None:
        window.setCursor(Qt.CursorShape.BusyCursor)
    try:
        # On the GUI thread, as the sign-in's own set-up: nothing else runs before the window is attached.
        return restore_at_sign_in(database_path, found, damaged, backups_dir=backups_dir)
    finally:
        if window is not None and window_cursor is not None:
            window.setCursor(window_cursor)


def close_session(database: Database, data_dir: DataDir) -> None:
    """What the app does once its window closed and the database is closed: the decrypted copies handed
    to outside viewers shredded (tests/gui/test_data_folder_scan.py found them left in clear), then the
    automatic backup."""
    from assessor_app.core.db.scratch import shred_viewer_copies

    shred_viewer_copies(database.path)
    back_up_at_close(database, data_dir)


def back_up_at_close(database: Database, data_dir: DataDir) -> None:
    """The rolling automatic backup taken when the window closes (the newest ten are kept); a failure is
    logged, never raised: closing must not lose the session over a backup."""
    from assessor_app.core.db.backups import take_backup

    try:
        result = take_backup(database.path, data_dir.backups, key=database.data_key, kind="auto")
    except AppError as error:
        log.warning("automatic backup of %s failed: %s", database.path, error.en)
        return
    log.info("automatic backup %s", result.backup)
