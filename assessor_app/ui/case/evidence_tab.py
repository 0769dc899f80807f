"""The case view's evidence tab: the employment timeline, the checklist, the attachments, the eligibility.

The timeline (with each qualification's verdict in brief beside its requirement) sits above the checklist;
beside the checklist, the attachments and the eligibility worksheet share one column as tabs, so all of it
is in view at once on a 1366x768 laptop screen.

Every change (a checklist status, a new document, a file attached or erased) goes through the core
services on the background task queue (SQLite has one writer; the GUI thread never waits for it) and,
once it reports back, the case view reads a fresh case summary (a few small queries), so the
eligibility counting only proven periods updates at once. A known problem the core refuses with (a file that is
empty, too big or not what its name says; a rejection without a reason) is shown in the user's
language and nothing changes. Its texts keep the ``CaseView`` translation context (they were the case view's
before it was split).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
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
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.summary import CaseSummary
from assessor_app.core.services.evidence import attachments as attachment_service
from assessor_app.core.services.evidence import case_checklist, reading
from assessor_app.core.services.evidence.case_checklist import AttachmentRow, ChecklistItem
from assessor_app.core.services.review.permissions import ALLOWED, Permission
from assessor_app.ui import messages, tasks
from assessor_app.ui.case import dialogs, file_access, period_actions
from assessor_app.ui.case.attachments_panel import AttachmentsPanel, is_image
from assessor_app.ui.case.checklist_model import ChecklistTableModel, document_name
from assessor_app.ui.case.eligibility_panel import EligibilityPanel, qualification_title
from assessor_app.ui.case.timeline_widget import TimelineWidget
from assessor_app.ui.context import UiContext
from assessor_app.ui.elided import ElidedLabel
from assessor_app.ui.labels import month_span
from assessor_app.ui.pages.base import hint_label, list_table, scroll_area

T = TypeVar("T")

HKID_COPY_TYPE = "hkid_copy"
STATUS_BUTTONS = (
    EvidenceStatus.MISSING,
    EvidenceStatus.ORIGINAL_SEEN,
    EvidenceStatus.COPY_RECEIVED,
    EvidenceStatus.VERIFIED,
    EvidenceStatus.REJECTED,
)


class EvidenceTab(QWidget):
    """The evidence and eligibility of the case ``application_id()``; each change is followed by ``reload()``
    (the case view reads the case again and hands it back through :meth:`show_case`)."""

    def __init__(
        self,
        context: UiContext,
        application_id: Callable[[], int | None],
        reload: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_evidence_tab")
        self.context = context
        self._application_id = application_id
        self._reload = reload
        self.summary: CaseSummary | None = None
        self.permission: Permission = ALLOWED  # RECORD_EVIDENCE, set with each case (show_permission)
        self.attachments: list[AttachmentRow] = []
        self._writing = 0  # background writes not yet reported back

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
        # The verdicts in brief beside the requirement; the eligibility worksheet is a tab away.
        self.eligibility_summary = ElidedLabel("case_eligibility_summary")
        requirement_row.addWidget(self.eligibility_summary, 1)
        # Audited, the verdict recomputed; open as the core's allowed_actions says (read with the review).
        self.period_buttons = period_actions.PeriodButtons(context, lambda: self.summary, reload)
        requirement_row.addWidget(self.period_buttons)
        self.timeline_group = QGroupBox()
        self.timeline_group.setObjectName("case_timeline_group")
        timeline_layout = QVBoxLayout(self.timeline_group)
        timeline_layout.setContentsMargins(6, 2, 6, 4)
        timeline_layout.setSpacing(2)
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
        checklist_layout.setContentsMargins(6, 2, 6, 4)
        checklist_layout.setSpacing(4)
        checklist_layout.addWidget(self.checklist_table, 1)
        checklist_layout.addLayout(status_row)

        # --- attachments ---
        self.attachments_panel = AttachmentsPanel()
        self.attachments_panel.attach_requested.connect(self.choose_and_attach)
        self.attachments_panel.files_dropped.connect(self.attach_files)
        self.attachments_panel.view_requested.connect(self.view_attachment)
        self.attachments_panel.erase_requested.connect(self.erase_hkid_copy)
        self.attachments_group = QWidget()
        self.attachments_group.setObjectName("case_attachments_group")
        attachments_layout = QVBoxLayout(self.attachments_group)
        attachments_layout.setContentsMargins(4, 4, 4, 4)
        attachments_layout.addWidget(self.attachments_panel)

        # --- eligibility ---
        self.eligibility = EligibilityPanel()
        self.eligibility_hint = hint_label("case_eligibility_hint")
        self.eligibility_group = QWidget()
        self.eligibility_group.setObjectName("case_eligibility_group")
        eligibility_layout = QVBoxLayout(self.eligibility_group)
        eligibility_layout.setContentsMargins(6, 6, 6, 6)
        eligibility_layout.addWidget(self.eligibility_hint)
        eligibility_layout.addWidget(self.eligibility, 1)

        # Beside the checklist, the attachments and the eligibility share the height as tabs: stacked
        # below the checklist, the eligibility pushed the "Mark as" buttons off a 1366x768 screen.
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("case_side_tabs")
        self.side_tabs.addTab(self.attachments_group, "")
        self.side_tabs.addTab(self.eligibility_group, "")

        self.middle_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.middle_splitter.setObjectName("case_middle_splitter")
        self.middle_splitter.setChildrenCollapsible(False)
        self.middle_splitter.addWidget(self.checklist_group)
        self.middle_splitter.addWidget(self.side_tabs)
        self.middle_splitter.setStretchFactor(0, 3)
        self.middle_splitter.setStretchFactor(1, 2)
        self.middle_splitter.setSizes([620, 380])

        # Scrolls only in a window smaller than a 1366x768 laptop's (tests/gui/test_case_view_fits.py).
        self.scroll_area, evidence_layout = scroll_area("case_evidence_scroll")
        evidence_layout.addWidget(self.timeline_group)
        evidence_layout.addWidget(self.middle_splitter, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addWidget(self.scroll_area)
        self._update_actions()

    @property
    def evidence_dir(self) -> Path:
        return self.context.data_dir.evidence

    def show_case(self, summary: CaseSummary, attachments: list[AttachmentRow]) -> None:
        """Show ``summary`` and the case's ``attachments``, keeping the chosen requirement and checklist line."""
        self.summary = summary
        self.attachments = attachments
        language = self.context.language
        self.timeline.set_periods(summary.periods, summary.application_date)
        chosen = self.requirement_combo.currentData()
        self.requirement_combo.blockSignals(True)
        self.requirement_combo.clear()
        for result in summary.eligibility:
            q = result.qualification
            self.requirement_combo.addItem(
                QCoreApplication.translate("CaseView", "{title} (QF Level {level})").format(
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
        self.eligibility_summary.set_full_text(self.eligibility.summary_line())
        self._title_side_tabs()
        self._update_actions()

    def _title_side_tabs(self) -> None:
        self.side_tabs.setTabText(
            self.side_tabs.indexOf(self.attachments_group),
            QCoreApplication.translate("CaseView", "Attachments ({count})").format(
                count=len(self.attachments)
            ),
        )

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
            span = QCoreApplication.translate("CaseView", "1 year")
        else:
            span = QCoreApplication.translate("CaseView", "{years} years").format(years=years)
        self.timeline.set_requirement(
            months,
            QCoreApplication.translate(
                "CaseView", "Required: {span} in the industry by the application date"
            ).format(span=span),
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

    def show_permission(self, permission: Permission) -> None:
        """Enable the evidence actions as ``permission`` (RECORD_EVIDENCE, read with the case) says: on a
        locked case they are disabled, and say why, before anyone presses them."""
        self.permission = permission
        self._update_actions()

    def _update_actions(self) -> None:
        item = self.current_item()
        idle = self._writing == 0
        allowed = self.permission.allowed
        why_not = self.permission.reason(self.context.language)
        for status, button in self.status_buttons.items():
            button.setEnabled(allowed and idle and item is not None and item.status != status)
            button.setToolTip(why_not)
        self.add_document_button.setEnabled(allowed and idle and self.summary is not None)
        self.add_document_button.setToolTip(why_not)
        self.attachments_panel.show_permission(allowed, why_not)
        if item is None:
            self.attachments_panel.set_target(
                QCoreApplication.translate(
                    "CaseView", "Files are attached to the case (no checklist line chosen)."
                )
            )
        else:
            name = self._item_names([item])[item.id]
            self.attachments_panel.set_target(
                QCoreApplication.translate("CaseView", "Files are attached to: {document}").format(
                    document=name
                )
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
                QCoreApplication.translate("CaseView", "Reject a document"),
                QCoreApplication.translate(
                    "CaseView", "Why is “{document}” rejected? The reason is kept with the case."
                ).format(document=document_name(item, self.context.language)),
            )
            if typed is None:
                return
            reason = typed
        database, operator, item_id = self.context.database, self.context.user, item.id
        self.write_in_background(
            lambda: case_checklist.set_status(database, item_id, status, operator=operator, reason=reason),
            lambda _result: self._reload(),
        )

    def add_document(self) -> None:
        if self.summary is None or self._application_id() is None:
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
        application_id = self._application_id()
        if application_id is None:
            return

        def added(item_id: int) -> None:
            self._reload()
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
        application_id = self._application_id()
        if application_id is None:
            return
        database, evidence_dir = self.context.database, self.evidence_dir
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
            self._reload()
            self.attachments_panel.select(added[-1].id)
            # The flag was for these files; the next ones are HKID copies only on the HKID-copy line.
            chosen = self.current_item()
            self.attachments_panel.hkid_box.setChecked(
                chosen is not None and chosen.evidence_type == HKID_COPY_TYPE
            )
        if refused:
            language = self.context.language
            text = "\n\n".join(
                QCoreApplication.translate("CaseView", "{name} was not attached: {reason}").format(
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
                QCoreApplication.translate(
                    "CaseView", "No program on this computer opens {name}. The file is kept at:\n{path}"
                ).format(name=row.original_name, path=path),
            )

    def erase_hkid_copy(self, attachment_id: int) -> None:
        row = self._attachment(attachment_id)
        if row is None or not row.is_hkid_copy or row.erased_at is not None:
            return
        reason = dialogs.ask_reason(
            self,
            QCoreApplication.translate("CaseView", "Erase the HKID copy"),
            QCoreApplication.translate(
                "CaseView",
                "The copy “{name}” will be deleted from this computer; the erasure stays in the audit trail. "
                "Why is it erased (e.g. identity verified)?",
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
            lambda _result: self._reload(),
        )

    def retranslate(self) -> None:
        self.timeline_group.setTitle(QCoreApplication.translate("CaseView", "Employment timeline"))
        self.requirement_caption.setText(QCoreApplication.translate("CaseView", "Requirement shown for:"))
        self.checklist_group.setTitle(QCoreApplication.translate("CaseView", "Evidence checklist"))
        self.status_caption.setText(QCoreApplication.translate("CaseView", "Mark as:"))
        labels = {
            EvidenceStatus.MISSING: QCoreApplication.translate("CaseView", "Missing"),
            EvidenceStatus.ORIGINAL_SEEN: QCoreApplication.translate("CaseView", "Original seen"),
            EvidenceStatus.COPY_RECEIVED: QCoreApplication.translate("CaseView", "Copy received"),
            EvidenceStatus.VERIFIED: QCoreApplication.translate("CaseView", "Verified"),
            EvidenceStatus.REJECTED: QCoreApplication.translate("CaseView", "Rejected…"),
        }
        for status, text in labels.items():
            self.status_buttons[status.value].setText(text)
        self.add_document_button.setText(QCoreApplication.translate("CaseView", "Add document…"))
        self._title_side_tabs()
        self.side_tabs.setTabText(
            self.side_tabs.indexOf(self.eligibility_group),
            QCoreApplication.translate("CaseView", "Eligibility on the application date"),
        )
        self.eligibility_hint.setText(
            QCoreApplication.translate(
                "CaseView",
                "“With proof seen” counts only the periods whose proof is marked original seen, copy received "
                "or verified.",
            )
        )
        self.checklist_model.retranslate()
