"""The batch ledger (every workbook exported from or imported into this laptop) and the three ways to
move cases: export a batch for the Secretariat, import the results it returns, merge another laptop's
batch. The work runs in the background (:mod:`assessor_app.ui.tasks`); file dialogs are the thin
wrappers of :mod:`assessor_app.ui.batches.files`; the current user is the one recorded as doing it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from assessor_app.core.services.cases import list_batches
from assessor_app.core.services.sync.export import ExportResult
from assessor_app.core.services.sync.import_results import (
    ImportReport,
    ResultsPreview,
    apply_results,
    preview_results,
)
from assessor_app.core.services.sync.merge import MergeReport, merge_batch
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.dialogs import (
    ExportDialog,
    MergeReportDialog,
    ResultsPreviewDialog,
    merge_references,
)
from assessor_app.ui.batches.text import language_part
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.batches_table_model import BatchesTableModel
from assessor_app.ui.pages.base import Page, heading_label, hint_label, list_table


class BatchesPage(Page):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_batches")
        self.export_dialog: ExportDialog | None = None
        self.preview_dialog: ResultsPreviewDialog | None = None
        self.merge_dialog: MergeReportDialog | None = None
        self.task: tasks.Task | None = None

        self.heading = heading_label("batches_heading")
        self.intro = hint_label("batches_intro")
        self.export_button = QPushButton()
        self.export_button.setObjectName("batches_export")
        self.export_button.clicked.connect(self.export_batch)
        self.import_button = QPushButton()
        self.import_button.setObjectName("batches_import_results")
        self.import_button.clicked.connect(self.import_results)
        self.merge_button = QPushButton()
        self.merge_button.setObjectName("batches_merge")
        self.merge_button.clicked.connect(self.merge_batch)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.merge_button)
        actions.addStretch(1)

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
        layout.addWidget(self.intro)
        layout.addLayout(actions)
        layout.addWidget(self.content, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Batches"))
        self.intro.setText(
            self.tr(
                "Export the chosen cases as one Excel workbook for the Secretariat, import the results it "
                "sends back, or merge the batch of another laptop that worked the same event."
            )
        )
        self.export_button.setText(self.tr("Export batch…"))
        self.import_button.setText(self.tr("Import results…"))
        self.merge_button.setText(self.tr("Merge another laptop's batch…"))
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

    # --- shared -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def _set_busy(self, busy: bool) -> None:
        for button in (self.export_button, self.import_button, self.merge_button):
            button.setEnabled(not busy)

    def _user_chosen(self) -> bool:
        """Everything here is recorded under the current user: without one, say so and do nothing."""
        if self.context.user:
            return True
        messages.warning(
            self,
            self.tr(
                "Choose who is working first (Switch user, Ctrl+U): batches are recorded under their name."
            ),
        )
        return False

    def _run(
        self,
        work: Callable[[tasks.TaskControl], object],
        on_success: Callable[[object], None],
        on_failure: Callable[[], None] | None = None,
    ) -> tasks.Task:
        """Run ``work`` in the background with the buttons disabled; an error is shown after
        ``on_failure`` (and the ledger reloaded: nothing was changed, but it shows so)."""

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if on_failure is not None:
                on_failure()
            self.refresh()
            tasks.show_error(exc)

        def succeeded(value: object) -> None:
            self._set_busy(False)
            on_success(value)

        self._set_busy(True)
        self.task = tasks.run_in_background(work, on_success=succeeded, on_error=failed, parent=self)
        return self.task

    # --- export -------------------------------------------------------------------------------

    def export_batch(self) -> ExportDialog | None:
        """The export dialog (filters, count, progress, cancel), opened window-modal."""
        if not self._user_chosen():
            return None
        dialog = ExportDialog(self.context, self)
        dialog.exported.connect(self._exported)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _exported(self, result: ExportResult) -> None:
        self.refresh()
        messages.info(self, language_part(result.describe(), i18n.current_language()))

    # --- import results -------------------------------------------------------------------------

    def import_results(self) -> tasks.Task | None:
        """Ask for the returned workbook, then read its changes in the background for the preview."""
        if self.busy or not self._user_chosen():
            return None
        path = files.ask_results_file(self)
        if path is None:
            return None
        database = self.context.database
        return self._run(lambda _control: preview_results(database, path), self._previewed)

    def _previewed(self, value: object) -> None:
        assert isinstance(value, ResultsPreview)
        if not value.changes:
            messages.info(self, self._nothing_to_change(value.path))
            return
        dialog = ResultsPreviewDialog(value, self)
        dialog.apply_requested.connect(lambda: self.apply_results(dialog))
        self.preview_dialog = dialog
        dialog.open()

    def _nothing_to_change(self, path: Path) -> str:
        return self.tr("Nothing to change: every result in {file} is already recorded.").format(
            file=path.name
        )

    def apply_results(self, dialog: ResultsPreviewDialog) -> tasks.Task:
        """Apply the previewed workbook, all or nothing; the preview closes whatever the outcome."""
        database, path, actor = self.context.database, dialog.preview.path, self.context.user

        def done(value: object) -> None:
            assert isinstance(value, ImportReport)
            dialog.accept()
            self.refresh()
            if not value.changed:
                messages.info(self, self._nothing_to_change(path))
                return
            preview = value.preview
            messages.info(
                self,
                self.tr(
                    "Results from {file} recorded: {changes} change(s), {statuses} case status change(s) "
                    "(ledger batch {batch})."
                ).format(
                    file=path.name,
                    changes=len(preview.changes),
                    statuses=len(preview.status_changes),
                    batch=value.batch_id,
                ),
            )

        return self._run(lambda _control: apply_results(database, path, actor=actor), done, dialog.reject)

    # --- merge ----------------------------------------------------------------------------------

    def merge_batch(self) -> tasks.Task | None:
        """Ask for another laptop's workbook, merge it in the background, then show the report."""
        if self.busy or not self._user_chosen():
            return None
        path = files.ask_merge_file(self)
        if path is None:
            return None
        database, actor = self.context.database, self.context.user
        return self._run(lambda _control: merge_batch(database, path, actor=actor), self._merged)

    def _merged(self, value: object) -> None:
        assert isinstance(value, MergeReport)
        self.refresh()
        dialog = MergeReportDialog(value, merge_references(self.context, value), self)
        self.merge_dialog = dialog
        dialog.open()
