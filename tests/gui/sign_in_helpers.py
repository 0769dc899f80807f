"""Driving the GUI's start through its sign-in dialog: answer the dialog, run until signed in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from assessor_app.core.paths import DataDir
from assessor_app.ui import sign_in as sign_in_ui
from assessor_app.ui.app import run_gui
from assessor_app.ui.main_window import MainWindow


def run_app(data_dir: DataDir, *, demo: bool = False) -> tuple[int, list[str]]:
    """run_gui until the main window is shown signed in; what its status bar said then."""
    seen: list[str] = []

    def close_when_signed_in() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].password_check is not None and windows[0].current_user() is not None:
            if demo and windows[0].demo_task is not None and windows[0].demo_task.running:
                return
            seen.append(windows[0].user_label.text())
            seen.append(f"lock armed: {windows[0].lock_action.isEnabled()}")
            poll.stop()
            windows[0].close()

    poll = QTimer()
    poll.timeout.connect(close_when_signed_in)
    poll.start(50)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: QApplication.exit(2))
    watchdog.start(60_000)
    path = data_dir.demo_database if demo else data_dir.database
    try:
        code = run_gui(data_dir=data_dir, database_path=path, demo=demo, lang="en")
    finally:
        poll.stop()
        watchdog.stop()
    return code, seen


def answer_with(monkeypatch: pytest.MonkeyPatch, answer: Callable[[QDialog], None]) -> None:
    def run(dialog: QDialog) -> bool:
        dialog.show()  # Enter reaches the default button of a shown dialog only
        answer(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(sign_in_ui, "run_dialog", run)
