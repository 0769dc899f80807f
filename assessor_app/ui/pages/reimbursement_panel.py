"""The Cases page's short list of fee reimbursements to claim: passes whose two-year deadline is near or gone.

Overdue claims first (in red), then those due within :data:`WITHIN_DAYS` days; "Record claim…" keeps the
Secretariat's receipt number, after which the pass leaves the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from assessor_app.core.errors import AppError
from assessor_app.core.services.review.reimbursement import ReimbursementRow, coming_due, overdue
from assessor_app.ui import messages
from assessor_app.ui.case import review_dialogs
from assessor_app.ui.case.review_models import days_left_text
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.row_table_model import AnyIndex, Column, RowTableModel
from assessor_app.ui.pages.base import hint_label, list_table

WITHIN_DAYS = 90
CENTRE = Qt.AlignmentFlag.AlignCenter
OVERDUE_COLOUR = QColor("#b3261e")
VISIBLE_ROWS = 4


class ReimbursementTableModel(RowTableModel[ReimbursementRow]):
    def __init__(self, parent: Any = None) -> None:
        self.language = "en"
        super().__init__(parent)

    def _zh(self) -> bool:
        return self.language.startswith("zh")

    def columns(self) -> list[Column[ReimbursementRow]]:
        return [
            Column("reference", lambda row: row.reference_no or ""),
            Column(
                "applicant",
                lambda row: (
                    (row.applicant_name_zh or row.applicant_name_en)
                    if self._zh()
                    else (row.applicant_name_en or row.applicant_name_zh)
                ),
            ),
            Column("phone", lambda row: row.phone),
            Column("qualification", lambda row: row.title_zh if self._zh() else row.title_en),
            Column("soa_date", lambda row: row.soa_date.isoformat(), lambda row: row.soa_date, CENTRE),
            Column("deadline", lambda row: row.deadline.isoformat(), lambda row: row.deadline, CENTRE),
            Column("left", lambda row: days_left_text(row.days_left), lambda row: row.days_left, CENTRE),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("Reference"),
            self.tr("Applicant"),
            self.tr("Phone"),
            self.tr("Qualification"),
            self.tr("SoA date"),
            self.tr("Claim by"),
            self.tr("Time left"),
        ]

    def record_id(self, row: ReimbursementRow) -> int:
        return row.applied_qualification_id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < len(self.rows):
            return OVERDUE_COLOUR if self.row_at(index.row()).overdue else None
        return super().data(index, role)


class ReimbursementPanel(QGroupBox):
    """Fee reimbursements coming due (and overdue), with "Record claim…"."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reimbursement_panel")
        self.context = context
        self.summary = hint_label("reimbursement_summary")
        self.model = ReimbursementTableModel(self)
        self.table = list_table("reimbursement_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column_index("qualification"), QHeaderView.ResizeMode.Stretch)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header.sizeHint().height() + rows * VISIBLE_ROWS + 4)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.claim_button = QPushButton()
        self.claim_button.setObjectName("reimbursement_record_claim")
        self.claim_button.clicked.connect(self.record_claim)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.claim_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Fee reimbursement coming due"))
        self.claim_button.setText(self.tr("Record claim…"))
        self.model.retranslate()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        try:
            rows = overdue(self.context.database) + coming_due(self.context.database, within_days=WITHIN_DAYS)
        except AppError as error:
            messages.known_problem(self, error, self.context.language)
            return
        chosen = self.selected()
        self.model.language = self.context.language
        self.model.set_rows(rows)
        if chosen is not None:
            for position, row in enumerate(self.model.rows):
                if row.applied_qualification_id == chosen.applied_qualification_id:
                    self.table.selectRow(position)
        self.table.setVisible(bool(rows))
        self._show_summary()

    def _show_summary(self) -> None:
        late = sum(1 for row in self.model.rows if row.overdue)
        due = self.model.rowCount() - late
        if not self.model.rowCount():
            text = self.tr(
                "No passed qualification has a reimbursement claim due in the next {days} days."
            ).format(days=WITHIN_DAYS)
        else:
            text = self.tr(
                "Claims within two years of the Statement of Attainment: {due} due in the next {days} days, "
                "{late} overdue."
            ).format(due=due, late=late, days=WITHIN_DAYS)
        self.summary.setText(text)
        self._selection_changed()

    def selected(self) -> ReimbursementRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.model.rowCount():
            return None
        return self.model.row_at(rows[0].row())

    def _selection_changed(self, *_args: QItemSelection) -> None:
        has_user = bool(self.context.user)
        self.claim_button.setEnabled(has_user and self.selected() is not None)
        self.claim_button.setToolTip("" if has_user else self.tr("Choose who is working first (Ctrl+U)."))
        self.claim_button.setVisible(self.model.rowCount() > 0)

    def record_claim(self) -> None:
        row = self.selected()
        if row is None:
            return
        if review_dialogs.ask_receipt_number(self, self.context, row) is not None:
            self.refresh()
