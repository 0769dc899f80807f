"""The side of the intake page: the applications lodged at the chosen event, how many, and the drafts.

The count is of the cases lodged *at this event*, whenever: a past event's queue is not "0 today".
Every column is as wide as its contents, so a name is never cut short: a narrow panel scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db.database import Database
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.lodging import EventRow
from assessor_app.ui.intake.queue_model import QueueTableModel


class QueuePanel(QGroupBox):
    """The event's queue (HKIDs masked), "Lodged at this event · Drafts open (all events)", and "Resume draft…"."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queue_box")
        self.database = database
        self.open_drafts = 0
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        self.counts_label.setWordWrap(True)
        self.queue_model = QueueTableModel(self)
        self.queue_table = QTableView()
        self.queue_table.setObjectName("queue_table")
        self.queue_table.setModel(self.queue_model)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        rows = self.queue_table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.queue_table.fontMetrics().height() + 8)
        header = self.queue_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Names whole; the reference takes what is left, shortened in the middle where the panel is narrow
        # (LT01-…-0047 keeps the station and the number; the tooltip has it whole), so on a 1366x768
        # laptop every column is in view without scrolling sideways.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(
            self.queue_model.column_index("reference_no"), QHeaderView.ResizeMode.Stretch
        )
        self.queue_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.queue_table.setWordWrap(False)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resume_draft_button")
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.queue_table, 1)
        layout.addWidget(self.resume_button)
        self.setMinimumWidth(340)

    def refresh(self, event: EventRow | None) -> None:
        """Read the event's queue and the open drafts again."""
        self.queue_model.set_rows(lodging.event_queue(self.database, event.id) if event is not None else [])
        self.count_drafts()

    def count_drafts(self) -> None:
        self.open_drafts = len(lodging.open_drafts(self.database))
        self.show_counts()

    def show_counts(self) -> None:
        lodged = sum(1 for row in self.queue_model.rows if row.status != CaseStatus.DRAFT)
        self.counts_label.setText(
            self.tr("Lodged at this event: {lodged} · Drafts open (all events): {drafts}").format(
                lodged=lodged, drafts=self.open_drafts
            )
        )
        self.resume_button.setEnabled(self.open_drafts > 0)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Applications at this event"))
        self.resume_button.setText(self.tr("Resume draft…"))
        self.queue_model.retranslate()
        self.show_counts()
