"""Typed wrappers over pytest-qt's untyped helpers, and Chinese typing through the input method."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from assessor_app.ui import tasks


def type_keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """ASCII only: QTest key simulation aborts the process on other characters (see type_chinese)."""
    if not text.isascii():
        raise ValueError("use type_chinese() for non-ASCII text")
    qtbot.keyClicks(widget, text)  # type: ignore[no-untyped-call]


def type_chinese(widget: QWidget, text: str) -> None:
    """Commit text through the input method, as a Chinese IME does."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def press(
    qtbot: QtBot, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(widget, key, modifier)  # type: ignore[no-untyped-call]


def click(qtbot: QtBot, widget: QWidget, position: QPoint) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=position)  # type: ignore[no-untyped-call]


def check_model(tester: ModelTester, model: QAbstractItemModel) -> None:
    tester.check(model)  # type: ignore[no-untyped-call]


def finish_tasks(qtbot: QtBot) -> None:
    """Let the background tasks finish and their results arrive on the GUI thread (callbacks run)."""
    qtbot.waitUntil(lambda: tasks.unfinished() == 0, timeout=30_000)
