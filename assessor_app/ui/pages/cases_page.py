"""Cases: every application on this laptop, searchable by reference, name or HKID (shown masked)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.services.cases import list_cases
from assessor_app.ui.context import UiContext
from assessor_app.ui.labels import status_labels
from assessor_app.ui.models.cases_table_model import CasesTableModel
from assessor_app.ui.pages.base import Page, heading_label, list_table


class CasesPage(Page):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_cases")

        self.heading = heading_label("cases_heading")
        self.search = QLineEdit()
        self.search.setObjectName("cases_search")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("cases_status")
        self.status_filter.addItem("", None)
        for status in CaseStatus:
            self.status_filter.addItem("", status.value)
        self.count_label = QLabel()
        self.count_label.setObjectName("cases_count")

        self.model = CasesTableModel(self)
        self.table = list_table("cases_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column_index("name_en"), QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self.refresh)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Cases"))
        self.search.setPlaceholderText(self.tr("Search reference number, name or HKID"))
        self.status_filter.setItemText(0, self.tr("All statuses"))
        labels = status_labels()
        for position in range(1, self.status_filter.count()):
            status = self.status_filter.itemData(position)
            self.status_filter.setItemText(position, labels.get(status, status))
        self.model.retranslate()
        self._update_count()

    def refresh(self) -> None:
        rows = list_cases(
            self.context.database, text=self.search.text(), status=self.status_filter.currentData()
        )
        self.model.set_rows(rows)
        self._update_count()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        if count == 1:
            self.count_label.setText(self.tr("1 case"))
        else:
            self.count_label.setText(self.tr("{count} cases").format(count=count))

    def show_application(self, application_id: int) -> None:
        """Clear the filters and select one case (e.g. the duplicate the intake page pointed at)."""
        self.search.blockSignals(True)
        self.status_filter.blockSignals(True)
        self.search.clear()
        self.status_filter.setCurrentIndex(0)
        self.search.blockSignals(False)
        self.status_filter.blockSignals(False)
        self.refresh()
        for position, row in enumerate(self.model.rows):
            if self.model.record_id(row) == application_id:
                self.table.selectRow(position)
                self.table.scrollTo(self.model.index(position, 0))
                self.table.setFocus()
                return
