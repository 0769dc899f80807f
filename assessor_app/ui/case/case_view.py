"""One case in full: particulars, then three tabs: the evidence (employment timeline, checklist,
attachments, eligibility; ``evidence_tab.py``), the review (state, judgements, recommendation, sign-off,
requests for documents, report; ``review_panel.py``) and the history (the audit trail; ``history_panel.py``).

Each tab's change is followed by :meth:`CaseView.reload`: a fresh :func:`case_summary` (a few small
queries) shown in every part. The HKID is only ever shown masked: the summary holds no other form.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from assessor_app.core.domain.permissions import Action
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.summary import CaseSummary, case_summary
from assessor_app.core.services.evidence import attachments as attachment_service
from assessor_app.core.services.evidence import case_checklist
from assessor_app.core.services.evidence.case_checklist import AttachmentRow
from assessor_app.ui import messages, tasks
from assessor_app.ui.case import particulars_dialog
from assessor_app.ui.case.case_header import CaseHeader
from assessor_app.ui.case.evidence_tab import EvidenceTab
from assessor_app.ui.case.history_panel import HistoryPanel
from assessor_app.ui.case.hkid_reveal import HkidRevealButton
from assessor_app.ui.case.review_panel import ReviewPanel
from assessor_app.ui.context import UiContext

log = logging.getLogger(__name__)


class CaseView(QWidget):
    """The case view of one application; ``back_requested`` asks the Cases page for its list."""

    back_requested = Signal()

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_view")
        self.context = context
        self.application_id: int | None = None
        self.summary: CaseSummary | None = None
        self.attachments: list[AttachmentRow] = []

        self.header = CaseHeader()
        self.header.back_button.clicked.connect(self.back_requested)
        self.header.add_action(particulars_dialog.ParticularsButton(context, lambda: self.application_id))
        self.reveal_button = HkidRevealButton(context, lambda: self.application_id)
        self.reveal_button.revealed.connect(self.header.show_full_hkid)
        self.reveal_button.hide_again.connect(self.header.mask_hkid)
        self.header.add_hkid_action(self.reveal_button)
        # The header's widgets, where the shortcuts and the tests reach them.
        self.back_button = self.header.back_button
        self.title = self.header.title
        self.status_chip = self.header.status_chip
        self.requests_chip = self.header.requests_chip
        self.values = self.header.values

        self.evidence_tab = EvidenceTab(context, lambda: self.application_id, self.reload)
        self.review_panel = ReviewPanel(context)
        self.review_panel.changed.connect(self.reload)
        self.history_panel = HistoryPanel(context)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.evidence_tab, "")
        self.tabs.addTab(self.review_panel, "")
        self.tabs.addTab(self.history_panel, "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.review_panel.banner)
        layout.addWidget(self.tabs, 1)

        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Back)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.back_requested)
        self.retranslate()

    # --- loading ----------------------------------------------------------------------------------

    def load(self, application_id: int) -> bool:
        """Show ``application_id`` at once; the checklist then gains, in the background, any item its
        periods now need (shown when the sync reports back)."""
        evidence = self.evidence_tab
        if application_id != self.application_id:
            evidence.checklist_table.clearSelection()
        self.application_id = application_id
        if not self.reload():
            return False
        if evidence.current_item() is None and evidence.checklist_model.rowCount():
            evidence.checklist_table.selectRow(0)
        database, operator = self.context.database, self.context.user

        def synced(added: list[int]) -> None:
            if added and self.application_id == application_id:
                self.reload()

        def not_synced(exc: BaseException) -> None:
            if not isinstance(exc, AppError):
                tasks.show_error(exc)
                return
            # The case is still worth showing as it is (e.g. locked in an export batch).
            log.info("checklist of application %s not synchronised: %s", application_id, exc.en)

        tasks.run_in_background(
            lambda _control: case_checklist.sync_checklist(database, application_id, operator=operator),
            on_success=synced,
            on_error=not_synced,
            parent=self,
        )
        return True

    def reload(self) -> bool:
        """Read the case again and show it; False (after saying why) if it cannot be read."""
        if self.application_id is None:
            return False
        try:
            evidence_dir = self.evidence_tab.evidence_dir
            summary = case_summary(self.context.database, evidence_dir, self.application_id)
            files = attachment_service.list_attachments(
                self.context.database, evidence_dir, self.application_id
            )
        except AppError as error:
            messages.known_problem(self, error, self.context.language)
            return False
        self.summary = summary
        self.attachments = files
        self._show_summary()
        self.review_panel.load(summary)
        self.evidence_tab.period_buttons.show_permission(self.review_panel.permission(Action.CORRECT_PERIODS))
        self.evidence_tab.show_permission(self.review_panel.permission(Action.RECORD_EVIDENCE))
        self.reveal_button.show_permission(self.review_panel.permission(Action.VIEW_FULL_HKID))
        self._load_history()
        self.header.show_requests(self.review_panel.requests)
        return True

    def _load_history(self) -> None:
        if self.application_id is None:
            return
        titles = {
            row.applied_qualification_id: self.review_panel.title(row) for row in self.review_panel.rows
        }
        self.history_panel.load(self.application_id, titles)

    def show_tab(self, name: str) -> None:
        """``evidence``, ``review`` or ``history``."""
        tabs = {"evidence": self.evidence_tab, "review": self.review_panel, "history": self.history_panel}
        self.tabs.setCurrentWidget(tabs[name])

    def _show_summary(self) -> None:
        summary = self.summary
        if summary is None:
            return
        self.header.show_summary(summary)  # the HKID masked again
        self.reveal_button.mask_again()
        self.evidence_tab.show_case(summary, self.attachments)

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.header.retranslate()
        self.evidence_tab.retranslate()
        self.tabs.setTabText(self.tabs.indexOf(self.evidence_tab), self.tr("Evidence and eligibility"))
        self.tabs.setTabText(self.tabs.indexOf(self.review_panel), self.tr("Review and decision"))
        self.tabs.setTabText(self.tabs.indexOf(self.history_panel), self.tr("History"))
        self._show_summary()
        if self.summary is not None:
            self.header.show_requests(self.review_panel.requests)
            self._load_history()  # qualification titles in the new language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
