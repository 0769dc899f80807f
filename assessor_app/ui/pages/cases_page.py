"""Cases: every application on this laptop, searchable by reference, name or HKID (shown masked).

Enter or a double-click on a row opens the case view in place of the list; "Back to the list" (or Esc)
returns to the list with the same case selected. Below the list, the fee reimbursements coming due.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.services.cases.listing import list_cases
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.context import UiContext
from assessor_app.ui.labels import status_labels
from assessor_app.ui.models.cases_table_model import CasesTableModel
from assessor_app.ui.pages.base import Page, heading_label, list_table
from assessor_app.ui.pages.reimbursement_panel import ReimbursementPanel


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
        self.list_view = QWidget()
        self.list_view.setObjectName("cases_list")
        list_layout = QVBoxLayout(self.list_view)
        list_layout.addWidget(self.heading)
        list_layout.addLayout(filters)
        list_layout.addWidget(self.count_label)
        list_layout.addWidget(self.table, 1)
        self.reimbursement = ReimbursementPanel(context)
        list_layout.addWidget(self.reimbursement)
        self.case_view: CaseView | None = None
        self.stack = QStackedWidget()
        self.stack.setObjectName("cases_stack")
        self.stack.addWidget(self.list_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.search.textChanged.connect(self._refresh_list)
        self.status_filter.currentIndexChanged.connect(self._refresh_list)
        # Enter, and a double-click (or a single click where the platform activates on one).
        self.table.activated.connect(self._row_activated)
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
        self._refresh_list()
        self.reimbursement.refresh()

    def _refresh_list(self) -> None:
        rows = list_cases(
            self.context.database, text=self.search.text(), status=self.status_filter.currentData()
        )
        self.model.set_rows(rows)
        self._update_count()
        if self.showing_case() and self.case_view is not None and not self.case_view.reload():
            self.show_list()

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
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()
        if self._select(application_id):
            self.table.setFocus()

    # --- the case view ----------------------------------------------------------------------------

    def showing_case(self) -> bool:
        return self.case_view is not None and self.stack.currentWidget() is self.case_view

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_application(self.model.record_id(self.model.row_at(index.row())))

    def open_application(self, application_id: int) -> None:
        """Show one case in full in place of the list."""
        if self.case_view is None:
            self.case_view = CaseView(self.context)
            self.case_view.back_requested.connect(self.show_list)
            self.stack.addWidget(self.case_view)
        if not self.case_view.load(application_id):
            return
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.evidence_tab.checklist_table.setFocus()

    def show_list(self) -> None:
        """Back to the list, with the case that was open selected."""
        opened = self.case_view.application_id if self.case_view is not None else None
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()
        if opened is not None:
            self._select(opened)
        self.table.setFocus()

    def _select(self, application_id: int) -> bool:
        for position, row in enumerate(self.model.rows):
            if self.model.record_id(row) == application_id:
                self.table.selectRow(position)
                self.table.scrollTo(self.model.index(position, 0))
                return True
        return False
