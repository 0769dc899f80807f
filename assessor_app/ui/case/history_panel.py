"""The history tab of the case view: every entry of the audit trail about the case, oldest first."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.review.workflow import list_users
from assessor_app.ui import messages
from assessor_app.ui.case.review_models import HistoryTableModel
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.base import hint_label, list_table


class HistoryPanel(QWidget):
    """Who changed what and when (Hong Kong time), old value → new value, and the reason given."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_panel")
        self.context = context
        self.hint = hint_label("history_hint")
        self.model = HistoryTableModel(self)
        self.table = list_table("case_history")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.model.column_index("when"), QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column_index("change"), QHeaderView.ResizeMode.Stretch)
        header.resizeSection(self.model.column_index("who"), 200)
        header.resizeSection(self.model.column_index("what"), 260)
        header.resizeSection(self.model.column_index("reason"), 180)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def load(self, application_id: int, titles: dict[int, str]) -> None:
        """Read the case's trail; ``titles`` names the qualifications applied for, by applied id."""
        try:
            entries = audit.case_history(self.context.database, application_id)
            names = {
                user.username: user.display_name
                for user in list_users(self.context.database, active_only=False)
            }
        except AppError as error:
            messages.known_problem(self, error, self.context.language)
            return
        self.model.set_history(entries, names, titles)
        self.table.scrollToBottom()

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Every change to this case, oldest first. The trail cannot be edited: each entry is chained "
                "to the one before, and “assessor-app audit verify” checks the whole chain."
            )
        )
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
