"""The case's requests to the applicant for documents: the table, what is outstanding, and its buttons."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from assessor_app.core.services.review.document_requests import RequestRow
from assessor_app.ui.case.review_models import RequestsTableModel
from assessor_app.ui.pages.base import list_table


class RequestsBox(QGroupBox):
    """Requests for documents (overdue ones in red), "Request documents…", "Documents arrived" and the
    letter of the request chosen."""

    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_requests_group")
        self.requests_model = RequestsTableModel(self)
        self.requests_table = list_table("review_requests")
        self.requests_table.setModel(self.requests_model)
        header = self.requests_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.requests_model.column_index("documents"), QHeaderView.ResizeMode.Stretch
        )
        self.requests_table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.outstanding_label = QLabel()
        self.outstanding_label.setObjectName("review_outstanding")
        # One short line, not wrapped: a wrapped label makes Qt count the box's preferred height as its
        # smallest, and on a 1366x768 screen the decision box above was then squeezed under its buttons.
        self.request_button = QPushButton()
        self.request_button.setObjectName("review_request_documents")
        self.letter_save_button = QPushButton()
        self.letter_save_button.setObjectName("review_save_letter")
        self.letter_print_button = QPushButton()
        self.letter_print_button.setObjectName("review_print_letter")
        self.received_button = QPushButton()
        self.received_button.setObjectName("review_mark_received")
        buttons = QHBoxLayout()
        buttons.addWidget(self.request_button)
        buttons.addStretch(1)
        buttons.addWidget(self.received_button)
        buttons.addWidget(self.letter_save_button)
        buttons.addWidget(self.letter_print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outstanding_label)
        layout.addWidget(self.requests_table, 1)
        layout.addLayout(buttons)

    def show_requests(self, requests: list[RequestRow], language: str) -> None:
        """List ``requests`` (the one chosen stays chosen) and say how many are open and late."""
        chosen = self.selected()
        self.requests_model.language = language
        self.requests_model.set_rows(requests)
        if chosen is not None:
            self.select(chosen.id)
        open_requests = [row for row in requests if not row.fulfilled]
        late = [row for row in open_requests if row.overdue]
        if not requests:
            text = self.tr("No documents have been requested.")
        elif late:
            text = self.tr("{open} outstanding, {late} overdue.").format(
                open=len(open_requests), late=len(late)
            )
        elif open_requests:
            text = self.tr("{open} outstanding, none overdue.").format(open=len(open_requests))
        else:
            text = self.tr("Every request has been answered.")
        self.outstanding_label.setText(text)
        self.outstanding_label.setStyleSheet("color: #b3261e; font-weight: bold;" if late else "")

    def selected(self) -> RequestRow | None:
        rows = self.requests_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.requests_model.rowCount():
            return None
        return self.requests_model.row_at(rows[0].row())

    def select(self, request_id: int) -> None:
        for position, row in enumerate(self.requests_model.rows):
            if row.id == request_id:
                self.requests_table.selectRow(position)
                return

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.selection_changed.emit()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Requests for documents"))
        self.request_button.setText(self.tr("Request documents…"))
        self.received_button.setText(self.tr("Documents arrived"))
        self.letter_save_button.setText(self.tr("Save letter as PDF…"))
        self.letter_print_button.setText(self.tr("Print letter…"))
        self.requests_model.retranslate()
