"""Per-user preferences (language, window geometry, last page, last user, idle-lock minutes, intake side panel, the Cases list's hidden columns) in an INI file inside the data folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from assessor_app.core.paths import DataDir

SETTINGS_FILE = "settings.ini"
LANGUAGE = "ui/language"
GEOMETRY = "main_window/geometry"
LAST_PAGE = "main_window/page"
LAST_USER = "session/last_user"
IDLE_LOCK_MINUTES = "session/idle_lock_minutes"  # the idle lock's minutes without input (default 5)
CASES_HIDDEN_COLUMNS = "cases/hidden_columns"  # column keys; unset: the defaults (ui/pages/case_columns.py)
INTAKE_SIDE_PANEL = "intake/side_panel"  # "shown" or "hidden" once chosen; unset: hidden on a narrow page


def open_settings(data_dir: DataDir) -> QSettings:
    """Everything the app writes lives in one folder, preferences included."""
    return QSettings(str(data_dir.root / SETTINGS_FILE), QSettings.Format.IniFormat)
