"""The batch ledger: every workbook exported from or imported into this laptop."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QStackedWidget, QVBoxLayout, QWidget

from assessor_app.core.services.cases import list_batches
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.batches_table_model import BatchesTableModel
from assessor_app.ui.pages.base import Page, heading_label, hint_label, list_table


class BatchesPage(Page):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_batches")
        self.heading = heading_label("batches_heading")
        self.empty_label = hint_label("batches_empty")
        self.model = BatchesTableModel(self)
        self.table = list_table("batches_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.content = QStackedWidget()
        self.empty_panel = QWidget()
        empty_layout = QVBoxLayout(self.empty_panel)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addStretch(1)
        self.content.addWidget(self.empty_panel)
        self.content.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.content, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Batches"))
        self.empty_label.setText(
            self.tr(
                "No batches yet. Every batch workbook exported from this laptop or imported into it "
                "will be listed here, with its file name, date, number of cases and fingerprint."
            )
        )
        self.model.retranslate()

    def refresh(self) -> None:
        self.model.set_rows(list_batches(self.context.database))
        self.content.setCurrentWidget(self.table if self.model.rowCount() else self.empty_panel)
