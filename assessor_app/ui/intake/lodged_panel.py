"""After lodging: the reference number, large, the fee and any warnings, and the slip's buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assessor_app.core.services.intake.lodging import LodgeResult

REFERENCE_POINT_SIZE = 28
LODGED_STYLE = """
QFrame#lodged_panel { background: #e8f5e9; border: 1px solid #2e7d32; border-radius: 6px; }
QFrame#lodged_panel QLabel { background: transparent; border: none; }
QLabel#reference_label { color: #1b5e20; }
QLabel#lodged_warnings { color: #8a5a00; }
"""


class LodgedPanel(QFrame):
    """ "Application lodged. Reference number:" with print, save and next-applicant buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lodged_panel")
        self.setStyleSheet(LODGED_STYLE)
        self.result: LodgeResult | None = None
        self.warnings: list[str] = []
        self.caption = QLabel()
        self.caption.setObjectName("lodged_caption")
        self.reference_label = QLabel()
        self.reference_label.setObjectName("reference_label")
        reference_font = QFont(self.reference_label.font())
        reference_font.setPointSize(REFERENCE_POINT_SIZE)
        reference_font.setBold(True)
        self.reference_label.setFont(reference_font)
        self.reference_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.details = QLabel()
        self.details.setObjectName("lodged_details")
        self.details.setWordWrap(True)
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("lodged_warnings")
        self.warnings_label.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_slip_button")
        self.save_slip_button = QPushButton()
        self.save_slip_button.setObjectName("save_slip_button")
        self.next_button = QPushButton()
        self.next_button.setObjectName("next_applicant_button")
        self.open_slip_button: QPushButton | None = None
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.print_button)
        self.buttons.addWidget(self.save_slip_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.reference_label)
        layout.addWidget(self.details)
        layout.addWidget(self.warnings_label)
        layout.addLayout(self.buttons)
        self.hide()

    def add_open_button(self, button: QPushButton) -> None:
        """The page's "open the PDF" button, beside save (it hides again for the next applicant's slip)."""
        self.open_slip_button = button
        self.buttons.insertWidget(self.buttons.indexOf(self.save_slip_button) + 1, button)

    def show_result(self, result: LodgeResult | None, warnings: list[str]) -> None:
        """The application just lodged, with its warnings in words (hidden when there is none)."""
        if self.open_slip_button is not None and result is not self.result:
            self.open_slip_button.hide()  # it would open the previous applicant's slip
        self.result = result
        self.warnings = warnings
        self.setVisible(result is not None)
        if result is None:
            return
        self.reference_label.setText(result.reference_no)
        fee = self.tr("Fee: HK${fee:,}").format(fee=result.fee_hkd) if result.fee_hkd is not None else ""
        self.details.setText(
            " · ".join(part for part in (fee, self.tr("Hand the applicant the slip.")) if part)
        )
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Application lodged. Reference number:"))
        self.print_button.setText(self.tr("Print slip (Ctrl+P)"))
        self.save_slip_button.setText(self.tr("Save slip as PDF… (Ctrl+Shift+S)"))
        self.next_button.setText(self.tr("Next applicant (Ctrl+N)"))
