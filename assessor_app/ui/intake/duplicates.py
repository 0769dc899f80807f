"""The cases this database already holds for the HKID being typed, each with a link to open it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assessor_app.core.services.intake.lodging import DuplicateCase
from assessor_app.ui.labels import status_label

PANEL_STYLE = """
QFrame#duplicates_panel { background: #fff4d6; border: 1px solid #e0a800; border-radius: 4px; }
QFrame#duplicates_panel QLabel { background: transparent; border: none; }
"""


class DuplicatesPanel(QFrame):
    open_case_requested = Signal(int)  # application id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_panel")
        self.setStyleSheet(PANEL_STYLE)
        self.cases: list[DuplicateCase] = []
        self.title = QLabel()
        self.title.setObjectName("duplicates_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        self.buttons: dict[int, QPushButton] = {}
        self.hide()

    def set_cases(self, cases: Sequence[DuplicateCase]) -> None:
        self.cases = list(cases)
        self._rebuild()
        self.setVisible(bool(self.cases))

    def retranslate(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        self.title.setText(
            self.tr("This HKID already has %n case(s): check before lodging another.", "", len(self.cases))
        )
        for case in self.cases:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            titles = "; ".join(case.qualification_titles) or "—"
            text = QLabel(
                self.tr("{reference} · event {event} · {date} · {status} · {titles}").format(
                    reference=case.reference_no or self.tr("(no reference)"),
                    event=case.event_code or "—",
                    date=case.application_date.isoformat(),
                    status=status_label(case.status),
                    titles=titles,
                )
            )
            text.setObjectName(f"duplicate_case_{case.application_id}")
            text.setWordWrap(True)
            button = QPushButton(self.tr("Open case"))
            button.setObjectName(f"open_case_{case.application_id}")
            button.clicked.connect(
                lambda _checked=False, case_id=case.application_id: self.open_case_requested.emit(case_id)
            )
            line.addWidget(text, 1)
            line.addWidget(button)
            self.rows.addWidget(row)
            self.buttons[case.application_id] = button
