"""The dialog that shows an unexpected error's report for copying (used by messages.bug)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ExceptionDialog(QDialog):
    """Says that something went wrong and offers the report for copying."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exception_dialog")
        self.setWindowTitle(self.tr("Unexpected error"))
        self.resize(640, 420)
        explanation = QLabel(
            self.tr(
                "Something went wrong inside the application. Your saved work is safe in the case "
                "database. Please copy this report and send it to your support contact."
            )
        )
        explanation.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setObjectName("exception_report")
        self.report.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy report"))
        copy.setObjectName("copy_report")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.report)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
