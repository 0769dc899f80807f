"""One case in full: particulars, then three tabs: the evidence (employment timeline, checklist,
attachments, eligibility), the review (state, judgements, recommendation, sign-off, requests for documents,
report; ``review_panel.py``) and the history (the audit trail; ``history_panel.py``).

Every change (a checklist status, a new document, a file attached or erased) goes through the core
services on the background task queue (SQLite has one writer; the GUI thread never waits for it) and,
once it reports back, is followed by a fresh :func:`case_summary` (a few small queries), so the
eligibility counting only proven periods updates at once. A known problem the core refuses with (a file that is
empty, too big or not what its name says; a rejection without a reason) is shown in the user's
language and nothing changes. The HKID is only ever shown masked: the summary holds no other form.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import EvidenceStatus
from assessor_app.core.domain.permissions import Action
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.summary import CaseSummary, case_summary
from assessor_app.core.services.evidence import attachments as attachment_service
from assessor_app.core.services.evidence import case_checklist, reading
from assessor_app.core.services.evidence.case_checklist import AttachmentRow, ChecklistItem
from assessor_app.ui import messages, tasks
from assessor_app.ui.case import dialogs, file_access, particulars_dialog, period_actions
from assessor_app.ui.case.attachments_panel import AttachmentsPanel, is_image
from assessor_app.ui.case.case_header import CaseHeader
from assessor_app.ui.case.checklist_model import ChecklistTableModel, document_name
from assessor_app.ui.case.eligibility_panel import EligibilityPanel, qualification_title
from assessor_app.ui.case.history_panel import HistoryPanel
from assessor_app.ui.case.hkid_reveal import HkidRevealButton
from assessor_app.ui.case.review_panel import ReviewPanel
from assessor_app.ui.case.timeline_widget import TimelineWidget
from assessor_app.ui.context import UiContext
from assessor_app.ui.labels import month_span
from assessor_app.ui.pages.base import hint_label, list_table

log = logging.getLogger(__name__)

T = TypeVar("T")

HKID_COPY_TYPE = "hkid_copy"
STATUS_BUTTONS = (
    EvidenceStatus.MISSING,
    EvidenceStatus.ORIGINAL_SEEN,
    EvidenceStatus.COPY_RECEIVED,
    EvidenceStatus.VERIFIED,
    EvidenceStatus.REJECTED,
)


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
        self._writing = 0  # background writes not yet reported back

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

        # --- timeline ---
        self.timeline = TimelineWidget()
        self.requirement_caption = QLabel()
        self.requirement_combo = QComboBox()
        self.requirement_combo.setObjectName("case_requirement")
        self.requirement_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.requirement_caption.setBuddy(self.requirement_combo)
        self.requirement_combo.currentIndexChanged.connect(lambda _row: self._show_requirement())
        requirement_row = QHBoxLayout()
        requirement_row.addWidget(self.requirement_caption)
        requirement_row.addWidget(self.requirement_combo)
        requirement_row.addStretch(1)
        # Audited, the verdict recomputed; open as the core's allowed_actions says (read with the review).
        self.period_buttons = period_actions.PeriodButtons(context, lambda: self.summary, self.reload)
        requirement_row.addWidget(self.period_buttons)
        self.timeline_group = QGroupBox()
        self.timeline_group.setObjectName("case_timeline_group")
        timeline_layout = QVBoxLayout(self.timeline_group)
        timeline_layout.addLayout(requirement_row)
        timeline_layout.addWidget(self.timeline)
        self.timeline_group.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        # --- checklist ---
        self.checklist_model = ChecklistTableModel(self)
        self.checklist_table = list_table("case_checklist")
        self.checklist_table.setModel(self.checklist_model)
        checklist_header = self.checklist_table.horizontalHeader()
        checklist_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        checklist_header.setStretchLastSection(False)
        for key in ("document", "period"):
            checklist_header.setSectionResizeMode(
                self.checklist_model.column_index(key), QHeaderView.ResizeMode.Stretch
            )
        for key in ("status", "files"):
            checklist_header.setSectionResizeMode(
                self.checklist_model.column_index(key), QHeaderView.ResizeMode.ResizeToContents
            )
        checklist_header.resizeSection(self.checklist_model.column_index("recorded"), 175)
        checklist_header.resizeSection(self.checklist_model.column_index("reason"), 80)
        self.checklist_table.selectionModel().selectionChanged.connect(self._checklist_selection_changed)
        self.status_caption = QLabel()
        self.status_buttons: dict[str, QPushButton] = {}
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_caption)
        for status in STATUS_BUTTONS:
            button = QPushButton()
            button.setObjectName(f"status_{status.value}")
            button.clicked.connect(lambda _checked=False, value=status.value: self.set_item_status(value))
            self.status_buttons[status.value] = button
            status_row.addWidget(button)
        status_row.addStretch(1)
        self.add_document_button = QPushButton()
        self.add_document_button.setObjectName("case_add_document")
        self.add_document_button.clicked.connect(self.add_document)
        status_row.addWidget(self.add_document_button)
        self.checklist_group = QGroupBox()
        self.checklist_group.setObjectName("case_checklist_group")
        checklist_layout = QVBoxLayout(self.checklist_group)
        checklist_layout.addWidget(self.checklist_table, 1)
        checklist_layout.addLayout(status_row)

        # --- attachments ---
        self.attachments_panel = AttachmentsPanel()
        self.attachments_panel.attach_requested.connect(self.choose_and_attach)
        self.attachments_panel.files_dropped.connect(self.attach_files)
        self.attachments_panel.view_requested.connect(self.view_attachment)
        self.attachments_panel.erase_requested.connect(self.erase_hkid_copy)
        self.attachments_group = QGroupBox()
        self.attachments_group.setObjectName("case_attachments_group")
        attachments_layout = QVBoxLayout(self.attachments_group)
        attachments_layout.addWidget(self.attachments_panel)

        # --- eligibility ---
        self.eligibility = EligibilityPanel()
        self.eligibility_hint = hint_label("case_eligibility_hint")
        self.eligibility_group = QGroupBox()
        self.eligibility_group.setObjectName("case_eligibility_group")
        eligibility_layout = QVBoxLayout(self.eligibility_group)
        eligibility_layout.addWidget(self.eligibility_hint)
        eligibility_layout.addWidget(self.eligibility, 1)

        self.middle_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.middle_splitter.setObjectName("case_middle_splitter")
        self.middle_splitter.setChildrenCollapsible(False)
        self.middle_splitter.addWidget(self.checklist_group)
        self.middle_splitter.addWidget(self.attachments_group)
        self.middle_splitter.setStretchFactor(0, 3)
        self.middle_splitter.setStretchFactor(1, 2)
        self.middle_splitter.setSizes([620, 380])
        self.lower_splitter = QSplitter(Qt.Orientation.Vertical)
        self.lower_splitter.setObjectName("case_lower_splitter")
        self.lower_splitter.setChildrenCollapsible(False)
        self.lower_splitter.addWidget(self.middle_splitter)
        self.lower_splitter.addWidget(self.eligibility_group)
        self.lower_splitter.setStretchFactor(0, 1)
        self.lower_splitter.setStretchFactor(1, 1)
        self.lower_splitter.setSizes([340, 280])

        self.evidence_tab = QWidget()
        self.evidence_tab.setObjectName("case_evidence_tab")
        evidence_layout = QVBoxLayout(self.evidence_tab)
        evidence_layout.addWidget(self.timeline_group)
        evidence_layout.addWidget(self.lower_splitter, 1)
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
        self._update_actions()

    # --- loading ----------------------------------------------------------------------------------

    @property
    def evidence_dir(self) -> Path:
        return self.context.data_dir.evidence

    def load(self, application_id: int) -> bool:
        """Show ``application_id`` at once; the checklist then gains, in the background, any item its
        periods now need (shown when the sync reports back)."""
        if application_id != self.application_id:
            self.checklist_table.clearSelection()
        self.application_id = application_id
        if not self.reload():
            return False
        if self.current_item() is None and self.checklist_model.rowCount():
            self.checklist_table.selectRow(0)
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
            summary = case_summary(self.context.database, self.evidence_dir, self.application_id)
            files = attachment_service.list_attachments(
                self.context.database, self.evidence_dir, self.application_id
            )
        except AppError as error:
            messages.known_problem(self, error, self.context.language)
            return False
        self.summary = summary
        self.attachments = files
        self._show_summary()
        self.review_panel.load(summary)
        self.period_buttons.show_permission(self.review_panel.permission(Action.CORRECT_PERIODS))
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
        language = self.context.language
        self.header.show_summary(summary)  # the HKID masked again
        self.reveal_button.mask_again()
        self.timeline.set_periods(summary.periods, summary.application_date)
        chosen = self.requirement_combo.currentData()
        self.requirement_combo.blockSignals(True)
        self.requirement_combo.clear()
        for result in summary.eligibility:
            q = result.qualification
            self.requirement_combo.addItem(
                self.tr("{title} (QF Level {level})").format(
                    title=qualification_title(result, language), level=q.qf_level
                ),
                q.qualification_id,
            )
        position = self.requirement_combo.findData(chosen)
        self.requirement_combo.setCurrentIndex(position if position >= 0 else 0)
        self.requirement_combo.blockSignals(False)
        self._show_requirement()

        chosen_item = self.current_item()
        self.checklist_model.set_rows(summary.checklist)
        if chosen_item is not None:
            self.select_item(chosen_item.id)
        self.attachments_panel.model.data_key = self.context.database.data_key
        self.attachments_panel.set_rows(self.attachments, self._item_names(summary.checklist))
        self.eligibility.show_results(summary.eligibility, language)
        self._update_actions()

    def _item_names(self, items: Sequence[ChecklistItem]) -> dict[int, str]:
        language = self.context.language
        return {
            item.id: f"{document_name(item, language)} — {item.period_label}"
            if item.period_label
            else document_name(item, language)
            for item in items
        }

    def _show_requirement(self) -> None:
        summary = self.summary
        qualification_id = self.requirement_combo.currentData()
        result = (
            next(
                (r for r in summary.eligibility if r.qualification.qualification_id == qualification_id), None
            )
            if summary is not None
            else None
        )
        experience = result.qualification.result.experience if result is not None else None
        if experience is None:
            self.timeline.set_requirement(0)
            return
        months = experience.required_total_months
        years, rest = divmod(months, 12)
        if rest or not years:
            span = month_span(months)
        elif years == 1:
            span = self.tr("1 year")
        else:
            span = self.tr("{years} years").format(years=years)
        self.timeline.set_requirement(
            months, self.tr("Required: {span} in the industry by the application date").format(span=span)
        )

    # --- selection --------------------------------------------------------------------------------

    def current_item(self) -> ChecklistItem | None:
        rows = self.checklist_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.checklist_model.rowCount():
            return None
        return self.checklist_model.row_at(rows[0].row())

    def select_item(self, item_id: int) -> None:
        row = self.checklist_model.row_of(item_id)
        if row is not None:
            self.checklist_table.selectRow(row)

    def _checklist_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        item = self.current_item()
        self.attachments_panel.hkid_box.setChecked(item is not None and item.evidence_type == HKID_COPY_TYPE)
        self._update_actions()

    def _update_actions(self) -> None:
        item = self.current_item()
        idle = self._writing == 0
        for status, button in self.status_buttons.items():
            button.setEnabled(idle and item is not None and item.status != status)
        self.add_document_button.setEnabled(idle and self.summary is not None)
        if item is None:
            self.attachments_panel.set_target(
                self.tr("Files are attached to the case (no checklist line chosen).")
            )
        else:
            name = self._item_names([item])[item.id]
            self.attachments_panel.set_target(
                self.tr("Files are attached to: {document}").format(document=name)
            )

    # --- checklist actions ------------------------------------------------------------------------

    def _refused(self, error: AppError) -> None:
        messages.known_problem(self, error, self.context.language)

    def write_in_background(self, work: Callable[[], T], then: Callable[[T], object]) -> None:
        """Run ``work`` (a core service call that writes) on the task queue; ``then`` gets its result on
        the GUI thread, a refusal of the core is shown. The checklist actions wait for it meanwhile."""

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AppError):
                self._refused(exc)
            else:
                tasks.show_error(exc)

        def finished() -> None:
            self._writing -= 1
            self._update_actions()

        self._writing += 1
        self._update_actions()
        task = tasks.run_in_background(lambda _control: work(), on_error=failed, parent=self)
        task.succeeded.connect(then)
        task.finished.connect(finished)

    def set_item_status(self, status: str) -> None:
        item = self.current_item()
        if item is None or item.status == status:
            return
        reason = ""
        if status == EvidenceStatus.REJECTED:
            typed = dialogs.ask_reason(
                self,
                self.tr("Reject a document"),
                self.tr("Why is “{document}” rejected? The reason is kept with the case.").format(
                    document=document_name(item, self.context.language)
                ),
            )
            if typed is None:
                return
            reason = typed
        database, operator, item_id = self.context.database, self.context.user, item.id
        self.write_in_background(
            lambda: case_checklist.set_status(database, item_id, status, operator=operator, reason=reason),
            lambda _result: self.reload(),
        )

    def add_document(self) -> None:
        if self.summary is None or self.application_id is None:
            return
        try:
            types = case_checklist.evidence_types(self.context.database)
        except AppError as error:
            self._refused(error)
            return
        choice = dialogs.ask_new_document(self, types, self.summary.periods, self.context.language)
        if choice is None:
            return
        evidence_type, period_id = choice
        database, operator = self.context.database, self.context.user
        application_id = self.application_id

        def added(item_id: int) -> None:
            self.reload()
            self.select_item(item_id)

        self.write_in_background(
            lambda: case_checklist.add_item(
                database, application_id, evidence_type, period_id=period_id, operator=operator
            ),
            added,
        )

    # --- attachments ------------------------------------------------------------------------------

    def choose_and_attach(self) -> None:
        paths = file_access.choose_files(self)
        if paths:
            self.attach_files(paths)

    def attach_files(self, paths: Sequence[Path]) -> None:
        """Attach each file to the chosen checklist line; refused files are named with the reason."""
        if self.application_id is None:
            return
        database, evidence_dir, application_id = self.context.database, self.evidence_dir, self.application_id
        item_id = item.id if (item := self.current_item()) is not None else None
        hkid_copy = self.attachments_panel.hkid_box.isChecked()
        operator = self.context.user
        files = [Path(path) for path in paths]

        def attach_each() -> tuple[list[AttachmentRow], list[tuple[Path, AppError]]]:
            added: list[AttachmentRow] = []
            refused: list[tuple[Path, AppError]] = []
            for path in files:
                try:
                    added.append(
                        attachment_service.attach_file(
                            database,
                            evidence_dir,
                            application_id,
                            path,
                            operator=operator,
                            item_id=item_id,
                            is_hkid_copy=hkid_copy,
                        )
                    )
                except AppError as error:
                    refused.append((path, error))
            return added, refused

        self.write_in_background(attach_each, lambda outcome: self._attached(*outcome))

    def _attached(self, added: list[AttachmentRow], refused: list[tuple[Path, AppError]]) -> None:
        if added:
            self.reload()
            self.attachments_panel.select(added[-1].id)
            # The flag was for these files; the next ones are HKID copies only on the HKID-copy line.
            chosen = self.current_item()
            self.attachments_panel.hkid_box.setChecked(
                chosen is not None and chosen.evidence_type == HKID_COPY_TYPE
            )
        if refused:
            language = self.context.language
            text = "\n\n".join(
                self.tr("{name} was not attached: {reason}").format(
                    name=path.name, reason=error.message(language)
                )
                for path, error in refused
            )
            details = [line for _path, error in refused for line in error.details]
            messages.warning(self, text, details="\n".join(details))

    def _attachment(self, attachment_id: int) -> AttachmentRow | None:
        return next((row for row in self.attachments if row.id == attachment_id), None)

    def view_attachment(self, attachment_id: int) -> None:
        row = self._attachment(attachment_id)
        if row is None or row.stored_path is None:
            return
        data_key = self.context.database.data_key
        try:
            # An encrypted database's scans are decrypted in memory; a clear one's are read from their file.
            content = row.stored_path if data_key is None else reading.attachment_bytes(row, data_key)
            if is_image(row) and dialogs.can_read_image(content):
                file_access.show_image(self, content, row.original_name)
                return
            # An outside viewer needs a file: a sealed one is decrypted into the data folder's own
            # owner-only temporary folder, shredded at the next start (reading.viewer_path).
            path = reading.viewer_path(self.context.database.path, row, data_key)
        except AppError as error:
            messages.warning(self, error.message(self.context.language))
            return
        if not file_access.open_with_system_viewer(path):
            messages.warning(
                self,
                self.tr("No program on this computer opens {name}. The file is kept at:\n{path}").format(
                    name=row.original_name, path=path
                ),
            )

    def erase_hkid_copy(self, attachment_id: int) -> None:
        row = self._attachment(attachment_id)
        if row is None or not row.is_hkid_copy or row.erased_at is not None:
            return
        reason = dialogs.ask_reason(
            self,
            self.tr("Erase the HKID copy"),
            self.tr(
                "The copy “{name}” will be deleted from this computer; the erasure stays in the audit trail. "
                "Why is it erased (e.g. identity verified)?"
            ).format(name=row.original_name),
        )
        if reason is None:
            return
        database, evidence_dir = self.context.database, self.evidence_dir
        operator = self.context.user
        self.write_in_background(
            lambda: attachment_service.erase_hkid_copy(
                database, evidence_dir, attachment_id, operator=operator, reason=reason
            ),
            lambda _result: self.reload(),
        )

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.header.retranslate()
        self.timeline_group.setTitle(self.tr("Employment timeline"))
        self.requirement_caption.setText(self.tr("Requirement shown for:"))
        self.checklist_group.setTitle(self.tr("Evidence checklist"))
        self.status_caption.setText(self.tr("Mark as:"))
        labels = {
            EvidenceStatus.MISSING: self.tr("Missing"),
            EvidenceStatus.ORIGINAL_SEEN: self.tr("Original seen"),
            EvidenceStatus.COPY_RECEIVED: self.tr("Copy received"),
            EvidenceStatus.VERIFIED: self.tr("Verified"),
            EvidenceStatus.REJECTED: self.tr("Rejected…"),
        }
        for status, text in labels.items():
            self.status_buttons[status.value].setText(text)
        self.add_document_button.setText(self.tr("Add document…"))
        self.attachments_group.setTitle(self.tr("Attachments"))
        self.eligibility_group.setTitle(self.tr("Eligibility on the application date"))
        self.tabs.setTabText(self.tabs.indexOf(self.evidence_tab), self.tr("Evidence and eligibility"))
        self.tabs.setTabText(self.tabs.indexOf(self.review_panel), self.tr("Review and decision"))
        self.tabs.setTabText(self.tabs.indexOf(self.history_panel), self.tr("History"))
        self.eligibility_hint.setText(
            self.tr(
                "“With proof seen” counts only the periods whose proof is marked original seen, copy received "
                "or verified."
            )
        )
        self.checklist_model.retranslate()
        self._show_summary()
        if self.summary is not None:
            self.header.show_requests(self.review_panel.requests)
            self._load_history()  # qualification titles in the new language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
