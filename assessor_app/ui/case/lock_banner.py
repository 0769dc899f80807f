"""The banner over a case that left in an export batch: locked, or a correction open on it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from assessor_app.core.services.review.corrections import LockState
from assessor_app.core.services.review.permissions import Permission

LOCKED_STYLE = "QFrame#lock_banner { background: #fdecea; border: 1px solid #b3261e; border-radius: 4px; }"
CORRECTION_STYLE = (
    "QFrame#lock_banner { background: #fff4e5; border: 1px solid #b26a00; border-radius: 4px; }"
)


class LockBanner(QFrame):
    """ "Exported in batch N — locked", with "Open correction…" (disabled, saying why, for those who may not)."""

    correction_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_banner")
        self.state: LockState | None = None
        self.correction = Permission(False)
        self.language = "en"
        self.text = QLabel()
        self.text.setObjectName("lock_banner_text")
        self.text.setWordWrap(True)
        self.correction_button = QPushButton()
        self.correction_button.setObjectName("lock_open_correction")
        self.correction_button.clicked.connect(self.correction_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.correction_button)
        self.hide()

    def show_state(self, state: LockState | None, *, correction: Permission, language: str) -> None:
        """The case's lock, and whether the user may open a correction (the reason shown where not)."""
        self.state = state
        self.correction = correction
        self.language = language
        self.retranslate()

    def retranslate(self) -> None:
        state = self.state
        if state is None or state.batch_id is None:
            self.hide()
            return
        batch = str(state.batch_id)
        if state.batch_file_name:
            batch = f"{batch} ({state.batch_file_name})"
        if state.correction_open:
            self.setStyleSheet(CORRECTION_STYLE)
            self.text.setText(
                self.tr(
                    "Exported in batch {batch} — correction open: changes are recorded and the case goes out "
                    "again in the next batch."
                ).format(batch=batch)
            )
            self.correction_button.hide()
        else:
            self.setStyleSheet(LOCKED_STYLE)
            self.text.setText(
                self.tr(
                    "Exported in batch {batch} — locked. It can only change through a recorded correction."
                ).format(batch=batch)
            )
            self.correction_button.setText(self.tr("Open correction…"))
            self.correction_button.setEnabled(self.correction.allowed)
            self.correction_button.setToolTip(self.correction.reason(self.language))
            self.correction_button.show()
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
