"""Start-up durability for the GUI: the data folder's lock, the drive warning, recovery from a backup."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from assessor_app.core.db.backups import newest_good_backup, restore_database, take_backup
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.file_checks import storage_warning
from assessor_app.core.db.scratch import shred_viewer_copies
from assessor_app.core.errors import AppError, DatabaseCorruptError
from assessor_app.core.paths import DataDir
from assessor_app.ui import messages

log = logging.getLogger(__name__)


def warn_about_drive(window: QWidget | None, data_dir: DataDir) -> bool:
    """Show the network / removable drive warning once at start; True when it was shown."""
    warning = storage_warning(data_dir.root)
    if warning is None:
        return False
    messages.warning(window, warning.bilingual(), title=messages.APP_NAME_BILINGUAL)
    return True


def open_or_recover(
    window: QWidget | None, data_dir: DataDir, database_path: Path, language: str
) -> Database | None:
    """Open the database; when it is damaged and a good backup exists, offer to restore it (the damaged
    file is backed up or moved aside first) instead of stopping, and never make a new empty database over
    it. None (after saying why) when it cannot be opened."""
    try:
        return open_database(database_path, backups_dir=data_dir.backups)
    except DatabaseCorruptError as error:
        found = newest_good_backup(data_dir.backups, database_path.stem)
        if found is None or not database_path.exists():
            _refused(window, database_path, error, language)
            return None
        taken = found.taken_at.strftime("%Y-%m-%d %H:%M")
        asked = messages.question(
            window,
            f"{error.zh}\n\n要以 {taken} 的最新完好備份還原嗎？損壞的檔案會先另存於備份資料夾。\n\n"
            f"{error.en}\n\nRestore the newest good backup, taken {taken}? The damaged file is kept in the "
            f"backups folder first.\n\n{found.path}",
            title=messages.APP_NAME_BILINGUAL,
        )
        if not asked:
            _refused(window, database_path, error, language, shown=True)
            return None
        try:
            restore_database(found.path, database_path, data_dir.backups)
            return open_database(database_path, backups_dir=data_dir.backups)
        except AppError as again:
            _refused(window, database_path, again, language)
            return None
    except AppError as error:
        _refused(window, database_path, error, language)
        return None


def _refused(
    window: QWidget | None, path: Path, error: AppError, language: str, *, shown: bool = False
) -> None:
    log.warning("cannot open %s: %s", path, error.en)
    if not shown:
        messages.known_problem(window, error, language, bilingual=True)


def close_session(database: Database, data_dir: DataDir) -> None:
    """What the app does once its window closed and the database is closed: the decrypted copies handed
    to outside viewers shredded (tests/gui/test_data_folder_scan.py found them left in clear), then the
    automatic backup."""
    shred_viewer_copies(database.path)
    back_up_at_close(database, data_dir)


def back_up_at_close(database: Database, data_dir: DataDir) -> None:
    """The rolling automatic backup taken when the window closes (the newest ten are kept); a failure is
    logged, never raised: closing must not lose the session over a backup."""
    try:
        result = take_backup(database.path, data_dir.backups, key=database.data_key, kind="auto")
    except AppError as error:
        log.warning("automatic backup of %s failed: %s", database.path, error.en)
        return
    log.info("automatic backup %s", result.backup)
