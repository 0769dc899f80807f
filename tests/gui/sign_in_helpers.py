"""Driving the GUI's start through its sign-in dialog: answer the dialog, run until signed in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from assessor_app.core.paths import DataDir
from assessor_app.ui import sign_in as sign_in_ui
from assessor_app.ui.app import run_gui
from assessor_app.ui.main_window import MainWindow


def shown_window() -> MainWindow | None:
    """The app's main window once it is shown, else None."""
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return windows[0] if windows else None


def run_gui_until(
    data_dir: DataDir, path: Path, done: Callable[[MainWindow], bool], *, demo: bool, lang: str
) -> int:
    """``run_gui`` on ``path``, polling the shown main window every 50 ms until ``done(window)`` says so;
    then the window is closed. A minute's watchdog ends a run that never gets there (exit status 2)."""

    def poll_once() -> None:
        window = shown_window()
        if window is not None and done(window):
            poll.stop()
            window.close()

    poll = QTimer()
    poll.timeout.connect(poll_once)
    poll.start(50)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: QApplication.exit(2))
    watchdog.start(60_000)
    try:
        return run_gui(data_dir=data_dir, database_path=path, demo=demo, lang=lang)
    finally:
        poll.stop()
        watchdog.stop()


def run_app(data_dir: DataDir, *, demo: bool = False) -> tuple[int, list[str]]:
    """run_gui until the main window is shown signed in; what its status bar said then."""
    seen: list[str] = []

    def signed_in(window: MainWindow) -> bool:
        if window.password_check is None or window.current_user() is None:
            return False
        if demo and window.demo_task is not None and window.demo_task.running:
            return False
        seen.append(window.user_label.text())
        seen.append(f"lock armed: {window.lock_action.isEnabled()}")
        return True

    path = data_dir.demo_database if demo else data_dir.database
    return run_gui_until(data_dir, path, signed_in, demo=demo, lang="en"), seen


def answer_with(monkeypatch: pytest.MonkeyPatch, answer: Callable[[QDialog], None]) -> None:
    def run(dialog: QDialog) -> bool:
        dialog.show()  # Enter reaches the default button of a shown dialog only
        answer(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(sign_in_ui, "run_dialog", run)
