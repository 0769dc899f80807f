"""GUI fixtures: one offscreen QApplication, a UiContext over a fresh database, recorded message boxes,
and no start-up "Who is working?" dialog unless a test answers it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt aborts the whole process when there is no display: set the platform before any QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database
from assessor_app.core.paths import DataDir
from assessor_app.ui import i18n, messages, tasks, users
from assessor_app.ui.app import application, create_main_window
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow

# The offscreen platform cannot pass a top-level window's size limits on, and says so whenever a layout
# changes them (a page shown on its own, a language switch). It is about the platform, not the app.
OFFSCREEN_SIZE_HINTS = r"^This plugin does not support propagateSizeHints\(\)$"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, extend=True))


@pytest.fixture(scope="session", autouse=True)
def _application(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> QApplication:
    """pytest-qt's QApplication, named and given the bundled font as the app does."""
    # Anything that asks for QSettings' default location still stays out of the user's home folder.
    settings_home = tmp_path_factory.mktemp("qsettings")
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(settings_home))
    return application()


@pytest.fixture(autouse=True)
def recorded_messages(monkeypatch: pytest.MonkeyPatch) -> list[messages.Message]:
    """Every message box a test triggers, recorded instead of shown; questions are answered "no"."""
    recorded: list[messages.Message] = []

    def record(message: messages.Message) -> bool:
        recorded.append(message)
        return False

    monkeypatch.setattr(messages, "hook", record)
    return recorded


@pytest.fixture(autouse=True)
def _nobody_chosen_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Who is working?" is answered "not now" unless a test replaces ``users.run_dialog`` itself."""
    monkeypatch.setattr(users, "run_dialog", lambda _dialog: False)


@pytest.fixture(autouse=True)
def _english_and_idle() -> Iterator[None]:
    """Each test starts in English and leaves no translator or background task behind."""
    i18n.apply_language(i18n.ENGLISH)
    yield
    assert tasks.wait_for_all(30_000), "a background task did not finish"
    i18n.apply_language(i18n.ENGLISH)


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    folder = DataDir(tmp_path)
    folder.ensure()
    return folder


@pytest.fixture
def ui_context(database: Database, data_dir: DataDir) -> UiContext:
    return UiContext(database=database, data_dir=data_dir, language=i18n.ENGLISH)


@pytest.fixture
def gui_thread_writes_forbidden(database: Database) -> Iterator[Database]:
    """Opt-in: a database write issued on the GUI thread raises RuntimeError (writes belong on the task
    queue). Request it after the fixtures that prepare data on the test's (GUI) thread."""
    assert threading.current_thread() is threading.main_thread(), "Qt's GUI thread is the main thread"
    gui_thread = threading.get_ident()
    database.forbid_writes_on_thread(gui_thread)
    yield database
    database.allow_writes_on_thread(gui_thread)


@pytest.fixture
def main_window(ui_context: UiContext, qtbot: QtBot) -> Iterator[MainWindow]:
    window = create_main_window(ui_context)
    qtbot.addWidget(window)
    yield window
    window.close()
