"""The cases this database already holds for the HKID being typed: one line, each case in its tooltip, opened
from its button (a menu of them when there are several)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QPushButton, QWidget

from assessor_app.core.services.intake.lodging import DuplicateCase
from assessor_app.ui.elided import ElidedLabel
from assessor_app.ui.labels import status_label

PANEL_STYLE = """
QFrame#duplicates_panel { background: #fff4d6; border: 1px solid #e0a800; border-radius: 4px; }
QFrame#duplicates_panel QLabel { background: transparent; border: none; }
"""


class DuplicatesPanel(QFrame):
    """One line, so that the form still fits a laptop screen with it shown; the cases are a hover away."""

    open_case_requested = Signal(int)  # application id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_panel")
        self.setStyleSheet(PANEL_STYLE)
        self.cases: list[DuplicateCase] = []
        self.title = ElidedLabel("duplicates_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.open_button = QPushButton()
        self.open_button.setObjectName("open_duplicate_case")
        self.open_button.clicked.connect(self._open_clicked)
        self.menu = QMenu(self)
        self.menu.setObjectName("duplicate_cases_menu")
        self.case_actions: dict[int, QAction] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.open_button)
        self.hide()

    def set_cases(self, cases: Sequence[DuplicateCase]) -> None:
        self.cases = list(cases)
        self._rebuild()
        self.setVisible(bool(self.cases))

    def retranslate(self) -> None:
        self._rebuild()

    def describe(self, case: DuplicateCase) -> str:
        """One case in a line: reference, event, date, state and what it applies for."""
        return self.tr("{reference} · event {event} · {date} · {status} · {titles}").format(
            reference=case.reference_no or self.tr("(no reference)"),
            event=case.event_code or "—",
            date=case.application_date.isoformat(),
            status=status_label(case.status),
            titles="; ".join(case.qualification_titles) or "—",
        )

    def _rebuild(self) -> None:
        # One case: which, in the line itself (a keyboard user sees no tooltip); the state before the date,
        # which a narrow line cuts first. The HKID it speaks of is the field just above.
        if len(self.cases) == 1:
            case = self.cases[0]
            title = self.tr("Has a case: {reference}, {status}, {date}. Check it first.").format(
                reference=case.reference_no or self.tr("(no reference)"),
                date=case.application_date.isoformat(),
                status=status_label(case.status),
            )
        else:
            title = self.tr(
                "This HKID already has %n case(s): check before lodging another.", "", len(self.cases)
            )
        self.title.set_full_text(title)
        lines = [self.describe(case) for case in self.cases]
        self.setToolTip("\n".join([title, *lines]))
        self.title.setToolTip(self.toolTip())
        self.menu.clear()
        self.case_actions = {}
        for case, line in zip(self.cases, lines, strict=True):
            action = self.menu.addAction(line)
            action.triggered.connect(
                lambda _checked=False, case_id=case.application_id: self.open_case_requested.emit(case_id)
            )
            self.case_actions[case.application_id] = action
        several = len(self.cases) > 1
        self.open_button.setText(self.tr("Open a case ▾") if several else self.tr("Open case"))
        self.open_button.setToolTip(lines[0] if len(lines) == 1 else "")

    def _open_clicked(self) -> None:
        """One case opens at a click; several are listed in a menu under the button."""
        if len(self.cases) == 1:
            self.open_case_requested.emit(self.cases[0].application_id)
        elif self.cases:
            self.menu.popup(self.open_button.mapToGlobal(self.open_button.rect().bottomLeft()))
