"""The only module that shows message boxes, so tests can record them instead of blocking.

Tests set :data:`hook` to a function receiving each :class:`Message`; its return value answers
questions (True for yes). With no hook, a real modal box is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from assessor_app.core.errors import AppError
from assessor_app.ui.exception_dialog import ExceptionDialog

Kind = Literal["info", "warning", "question", "bug"]


@dataclass(frozen=True)
class Message:
    kind: Kind
    title: str
    text: str
    details: str = ""


hook: Callable[[Message], bool] | None = None

APP_NAME_BILINGUAL = "過往資歷認可評審工作站 RPL Assessor Workstation"


def _title(title: str | None) -> str:
    return title or QCoreApplication.translate("messages", "RPL Assessor Workstation")


def _box(parent: QWidget | None, message: Message, icon: QMessageBox.Icon) -> QMessageBox:
    box = QMessageBox(icon, message.title, message.text, QMessageBox.StandardButton.NoButton, parent)
    if message.details:
        box.setDetailedText(message.details)
    return box


def info(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    message = Message("info", _title(title), text)
    if hook is not None:
        hook(message)
        return
    box = _box(parent, message, QMessageBox.Icon.Information)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def warning(parent: QWidget | None, text: str, *, title: str | None = None, details: str = "") -> None:
    message = Message("warning", _title(title), text, details)
    if hook is not None:
        hook(message)
        return
    box = _box(parent, message, QMessageBox.Icon.Warning)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def known_problem(parent: QWidget | None, error: AppError, language: str, *, bilingual: bool = False) -> None:
    """A known problem (locked or damaged database, bad file) in plain words, with its details."""
    text = error.bilingual() if bilingual else error.message(language)
    title = APP_NAME_BILINGUAL if bilingual else None
    warning(parent, text, title=title, details="\n".join(error.details))


def question(parent: QWidget | None, text: str, *, title: str | None = None) -> bool:
    message = Message("question", _title(title), text)
    if hook is not None:
        return hook(message)
    box = _box(parent, message, QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def bug(parent: QWidget | None, report: str) -> None:
    """An unexpected error: the exception dialog with a report the user can copy."""
    message = Message(
        "bug",
        _title(None),
        QCoreApplication.translate("messages", "Something went wrong inside the application."),
        report,
    )
    if hook is not None:
        hook(message)
        return
    ExceptionDialog(report, parent).exec()
