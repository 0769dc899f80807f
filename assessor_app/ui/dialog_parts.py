"""What the small modal dialogs share: how they run, their red problem line and their save on the task queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.ui import tasks

PROBLEM_STYLE = "color: #b3261e;"
T = TypeVar("T")


def run_modal(dialog: QDialog) -> bool:
    """Run ``dialog`` modally; True when accepted. Each dialog module binds it to its own ``run_dialog``,
    the name its tests replace."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask(dialog: QDialog, run: Callable[[QDialog], bool], answer: Callable[[], T]) -> T | None:
    """Run ``dialog`` with ``run`` (the calling module's replaceable ``run_dialog``); ``answer()`` when it
    was accepted, else None. The dialog is deleted afterwards either way."""
    try:
        return answer() if run(dialog) else None
    finally:
        dialog.deleteLater()


def problem_label(name: str) -> QLabel:
    """The hidden red line under a dialog's fields that says why a save was refused."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


def password_edit(name: str) -> QLineEdit:
    """A field that shows dots for what is typed (sign-in, unlock, a new user's password)."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def show_problem(label: QLabel, error: AppError, language: str) -> None:
    label.setText("\n".join([error.message(language), *error.details]))
    label.show()


def save_in_background(
    dialog: QDialog,
    work: Callable[[], Any],
    *,
    saved: Callable[[Any], None],
    problem: QLabel,
    language: str,
    busy: QWidget | None = None,
) -> tasks.Task:
    """Run the dialog's write on the task queue (never on the GUI thread); ``saved`` gets its result.

    A refusal (:class:`AppError`) is shown on ``problem`` and the dialog stays open; anything else is a
    bug report. ``busy`` (the OK button) is disabled meanwhile, so one save runs at a time.
    """

    def refused(exc: BaseException) -> None:
        if isinstance(exc, AppError):
            show_problem(problem, exc, language)
        else:
            tasks.show_error(exc)

    if busy is not None:
        busy.setEnabled(False)
    task = tasks.run_in_background(lambda _control: work(), on_success=saved, on_error=refused, parent=dialog)
    if busy is not None:
        task.finished.connect(lambda: busy.setEnabled(True))
    return task


def lay_out_form(dialog: Any, form: QFormLayout) -> QDialogButtonBox:
    """The small form dialog's layout: the fields, the red problem line (``dialog.problem``), then OK
    (``dialog.save``) and Cancel; returns the buttons."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(dialog.problem)
    layout.addWidget(buttons)
    return buttons


def create_then_accept(dialog: Any, work: Callable[[], Any]) -> tasks.Task:
    """:func:`save_in_background` for a dialog that creates one thing: ``dialog.created`` gets it and the
    dialog is accepted; a refusal shows on ``dialog.problem`` while its OK button waits."""

    def created(value: Any) -> None:
        dialog.created = value
        dialog.accept()

    return save_in_background(
        dialog,
        work,
        saved=created,
        problem=dialog.problem,
        language=dialog.language,
        busy=dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
    )


class ApplyPreviewDialog(QDialog):
    """A preview of changes with "Apply all changes" and "Cancel": Apply disables both and emits
    ``apply_requested`` (the page runs the write on the task queue). Subclasses set every text in
    ``retranslate``, which runs again when the language changes."""

    apply_requested = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName(f"{prefix}_apply")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName(f"{prefix}_cancel")
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)

    def lay_out(self, *widgets: QWidget, stretch: QWidget | None = None) -> None:
        """The widgets top to bottom (``stretch`` takes the spare height), then the buttons."""
        layout = QVBoxLayout(self)
        for widget in widgets:
            layout.addWidget(widget, 1 if widget is stretch else 0)
        layout.addWidget(self.buttons)
        self.retranslate()

    def apply(self) -> None:
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.apply_requested.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - every subclass sets its texts
        raise NotImplementedError
