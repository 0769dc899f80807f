"""The intake page's bottom line: what just happened (the status line), the side panel's button and Lodge."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from assessor_app.ui.intake.form_style import repolish


class IntakeBottomBar(QWidget):
    """Under the form, always in view: the page words its status; ``side_button`` is the side panel's."""

    def __init__(self, side_button: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_bottom_bar")
        self.status_line = QLabel()
        self.status_line.setObjectName("status_line")
        self.status_line.setWordWrap(True)
        self.lodge_button = QPushButton()
        self.lodge_button.setObjectName("lodge_button")
        lodge_font = QFont(self.lodge_button.font())
        lodge_font.setBold(True)
        self.lodge_button.setFont(lodge_font)
        self.lodge_button.setMinimumHeight(34)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_line, 1)
        layout.addWidget(side_button)
        layout.addWidget(self.lodge_button)

    def retranslate(self) -> None:
        self.lodge_button.setText(self.tr("Lodge (Ctrl+S)"))

    def set_status(self, text: str, *, error: bool = False) -> None:
        """Say what just happened, in red when it went wrong."""
        self.status_line.setText(text)
        self.status_line.setProperty("severity", "error" if error else "")
        repolish(self.status_line)
