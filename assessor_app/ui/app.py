"""Starting the desktop application: Qt, font, language and window first, then signing in (which opens the
encrypted case database, ``ui/sign_in.py``), then the pages, with the idle lock armed."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from assessor_app import __version__
from assessor_app.core.db.instance_guard import InstanceLock
from assessor_app.core.errors import AppError
from assessor_app.core.paths import APP_AUTHOR, APP_NAME, DataDir
from assessor_app.ui import errors, i18n, messages, preferences, tasks
from assessor_app.ui.fonts import install_application_font
from assessor_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from assessor_app.ui.context import UiContext


def application() -> QApplication:
    """The one QApplication (reused when it exists, as under pytest-qt), named so QSettings works."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    install_application_font(app)
    return app


def choose_language(requested: str | None, remembered: object) -> str:
    """The ``--lang`` argument, else the language used last, else Traditional Chinese."""
    return i18n.normalise_language(requested) or i18n.normalise_language(remembered) or i18n.DEFAULT_LANGUAGE


def create_main_window(context: UiContext) -> MainWindow:
    """A main window over an open database, in the context's language (used by tests and run_gui)."""
    application()
    i18n.apply_language(context.language)
    window = MainWindow(preferences.open_settings(context.data_dir))
    window.attach(context)
    return window


def run_gui(*, data_dir: DataDir, database_path: Path, demo: bool, lang: str | None) -> int:
    """Run the application until the window closes; 1 if the database cannot be opened."""
    app = application()
    settings = preferences.open_settings(data_dir)
    language = choose_language(lang, settings.value(preferences.LANGUAGE))
    i18n.apply_language(language)
    settings.setValue(preferences.LANGUAGE, language)
    previous_hook = sys.excepthook
    sys.excepthook = errors.excepthook
    window = MainWindow(settings)
    lock = InstanceLock(data_dir.root)
    try:
        window.show()
        app.processEvents()
        try:
            lock.acquire()  # one copy per data folder, held until the window closes
        except AppError as error:
            messages.known_problem(window, error, language, bilingual=True)
            window.close()
            return 1
        from assessor_app.ui import recovery  # the database layer loads once the window shows
        from assessor_app.ui.sign_in import session_check, sign_in_at_start

        recovery.warn_about_drive(window, data_dir)
        remembered = settings.value(preferences.LAST_USER, "")
        try:
            # Key derivation and opening run on the task queue behind the dialog (a busy cursor meanwhile);
            # a new demo database is set up here, on the GUI thread, as opening was: nothing else runs yet.
            signed = sign_in_at_start(
                window,
                database_path,
                backups_dir=data_dir.backups,
                evidence_dir=data_dir.evidence,
                demo=demo,
                remembered=remembered if isinstance(remembered, str) else "",
            )
        except AppError as error:
            log.warning("cannot sign in to %s: %s", database_path, error.en)
            messages.known_problem(window, error, language, bilingual=True)
            window.close()
            return 1
        if signed is None:  # Quit in the sign-in dialog
            window.close()
            return 0
        language = i18n.current_language()  # the dialog's language button may have changed it
        settings.setValue(preferences.LANGUAGE, language)
        database = signed.database
        from assessor_app.core.services.cases.listing import count_cases
        from assessor_app.core.services.evidence.attachments import remove_leftover_copies

        remove_leftover_copies(data_dir.evidence)  # copies cut short by a crash are never referenced
        if sys.flags.dev_mode:
            # From here on every write belongs on the task queue. Armed in development (python -X dev or
            # PYTHONDEVMODE=1) and by the GUI tests, not in the shipped app: there a stray write would only
            # freeze the window for a moment, while the guard's RuntimeError would lose the user's change.
            database.forbid_writes_on_thread(threading.get_ident())
        from assessor_app.ui.context import UiContext

        try:
            context = UiContext(
                database=database, data_dir=data_dir, language=language, demo=demo, user=signed.username
            )
            window.attach(context)
            window.set_user(signed.user)
            window.enable_lock(session_check(database))
            if demo and count_cases(database) == 0:
                window.fill_demo_database()
            else:
                window.offer_unfinished_drafts()
            return app.exec()
        finally:
            tasks.wait_for_all()
            lock.note_closing()  # a copy started meanwhile is told this one is only finishing its backup
            database.close()
            recovery.close_session(database, data_dir)
    finally:
        lock.release()
        window.deleteLater()
        settings.sync()
        sys.excepthook = previous_hook
