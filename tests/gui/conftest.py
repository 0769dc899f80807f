"""GUI fixtures: one offscreen QApplication, a UiContext over a fresh database, recorded message boxes,
no start-up "Who is working?" dialog unless a test answers it, the Catalogue page, and the intake page on
a promotion day."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

# Qt aborts the whole process when there is no display: set the platform before any QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event

import assessor_app.ui as ui_package
from assessor_app.core.db.database import WRITE_STATEMENT, Database
from assessor_app.core.paths import DataDir
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n, messages, tasks, users
from assessor_app.ui.app import application, create_main_window
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.catalogue_page import CataloguePage
from assessor_app.ui.pages.intake_form_page import IntakeFormPage

# The offscreen platform cannot pass a top-level window's size limits on, and says so whenever a layout
# changes them (a page shown on its own, a language switch). It is about the platform, not the app.
OFFSCREEN_SIZE_HINTS = r"^This plugin does not support propagateSizeHints\(\)$"
# Likewise a dialog raised (the row's details) and a completer's popup (the industry) on that platform.
OFFSCREEN_RAISE_AND_GRAB = r"^This plugin does not support (raise\(\)|grabbing the keyboard)$"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(
                pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE_AND_GRAB, extend=True)
            )


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


UI_PACKAGE = Path(ui_package.__file__).resolve().parent


@pytest.fixture
def database(database: Database) -> Iterator[Database]:
    """The shared fresh database, with the one-writer rule armed for every GUI test: a write that the UI's
    code issues on the GUI thread raises RuntimeError (writes belong on the task queue, ``ui/tasks.py``).

    The test's own calls to the core on this thread (preparing cases, as another laptop or the CLI would)
    are not the GUI and stay allowed, so set-up needs no special order or wrapper; a write counts as the
    GUI's when a frame of ``assessor_app/ui`` is on the stack. The app arms the thread-wide
    :meth:`Database.forbid_writes_on_thread` instead (there every write on the GUI thread is the UI's).
    """
    assert threading.current_thread() is threading.main_thread(), "Qt's GUI thread is the main thread"
    gui_thread = threading.get_ident()

    def refuse_ui_write(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if threading.get_ident() != gui_thread or not WRITE_STATEMENT.match(statement):
            return
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            if Path(frame.f_code.co_filename).resolve().is_relative_to(UI_PACKAGE):
                raise RuntimeError(
                    f"database write on the GUI thread (forbidden there) from {frame.f_code.co_filename}:{frame.f_lineno} "
                    f"({frame.f_code.co_name}); run it in the background task queue: "
                    f"{' '.join(statement.split())[:300]}"
                )
            frame = frame.f_back

    event.listen(database.engine, "before_cursor_execute", refuse_ui_write)
    yield database
    event.remove(database.engine, "before_cursor_execute", refuse_ui_write)


@pytest.fixture
def gui_thread_writes_forbidden(database: Database) -> Database:
    """The database of a test that relies on the one-writer guard (armed for every GUI test, above)."""
    return database


@pytest.fixture
def main_window(ui_context: UiContext, qtbot: QtBot) -> Iterator[MainWindow]:
    window = create_main_window(ui_context)
    qtbot.addWidget(window)
    yield window
    window.close()


@pytest.fixture
def catalogue_page(ui_context: UiContext, qtbot: QtBot) -> CataloguePage:
    """The Catalogue page on its own, shown and filled."""
    page = CataloguePage(ui_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


@pytest.fixture
def intake_event(ui_context: UiContext) -> lodging.EventRow:
    """This laptop's station and its clerk, signed in, and the promotion day
    (``intake_fixtures.prepare_intake``)."""
    # Imported here: pytest-qt sets up the Qt API its helpers need after this file is loaded.
    from tests.gui.intake_fixtures import CLERK, prepare_intake

    event = prepare_intake(ui_context.database)
    ui_context.user = CLERK
    return event


@pytest.fixture
def intake_page(
    ui_context: UiContext, intake_event: lodging.EventRow, qtbot: QtBot
) -> Iterator[IntakeFormPage]:
    """The intake page shown on the promotion day, closed (its typing saved) after the test."""
    from tests.gui.intake_fixtures import build_page, close_page

    page = build_page(ui_context, qtbot)
    assert page.current_event() == intake_event
    yield page
    close_page(page)
