"""The batch ledger (every workbook exported from or imported into this laptop) and the three ways to
move cases: export a batch for the Secretariat, import the results it returns, merge another laptop's
batch. The work runs in the background (:mod:`assessor_app.ui.tasks`); file dialogs are the thin
wrappers of :mod:`assessor_app.ui.batches.files`; the current user is the one recorded as doing it.

An encrypted (full-HKID) workbook is opened with the password the user types: a wrong one asks again,
cancelling changes nothing. The password is passed on to the core and kept only as long as the preview
that needs it again is open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from assessor_app.core.domain.permissions import Action
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.listing import list_batches
from assessor_app.core.services.review.permissions import Permission, user_may
from assessor_app.core.services.sync.conflicts import list_conflicts
from assessor_app.core.services.sync.export import ExportResult
from assessor_app.core.services.sync.guard import is_encrypted
from assessor_app.core.services.sync.import_results import (
    ImportReport,
    ResultsPreview,
    apply_results,
    preview_results,
)
from assessor_app.core.services.sync.merge import MergeReport, merge_batch
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.conflicts import ConflictsDialog
from assessor_app.ui.batches.dialogs import (
    MergeReportDialog,
    ResultsPreviewDialog,
    may_import_results,
    merge_references,
)
from assessor_app.ui.batches.export_dialog import ExportDialog
from assessor_app.ui.batches.password import ExportPasswordDialog, WorkbookPasswordDialog
from assessor_app.ui.batches.text import language_part
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.batches_table_model import BatchesTableModel
from assessor_app.ui.pages.base import Page, heading_label, hint_label, list_table

CONFLICTS_STYLE = "QPushButton#batches_conflicts { color: #b3261e; font-weight: bold; }"
WRONG_PASSWORD = "wrong_password"  # the core's AppError code for a password that does not open the file
Start = Callable[[Path, str | None], tasks.Task]


class BatchesPage(Page):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_batches")
        self.export_dialog: ExportDialog | None = None
        self.preview_dialog: ResultsPreviewDialog | None = None
        self.merge_dialog: MergeReportDialog | None = None
        self.password_shown_dialog: ExportPasswordDialog | None = None  # open only until closed
        self.password_dialog: WorkbookPasswordDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.open_conflicts = 0
        self.task: tasks.Task | None = None
        self._buttons_held = False  # while a task runs
        self._permissions: dict[QPushButton, Permission] = {}  # read by refresh(), before the page shows

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
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("batches_conflicts")
        self.conflicts_button.clicked.connect(self.show_conflicts)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.merge_button)
        actions.addStretch(1)
        actions.addWidget(self.conflicts_button)

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
        self._show_conflict_count()
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
        self.open_conflicts = len(list_conflicts(self.context.database))
        self._show_conflict_count()
        self._permissions = self._read_permissions()
        self._show_buttons()

    def _read_permissions(self) -> dict[QPushButton, Permission]:
        """Whether the current user's role allows each batch action (read with the page, for whoever works
        now): a button they may not use is disabled and says why before anyone picks a file (the services
        check again when it runs)."""
        database, user = self.context.database, self.context.user
        return {
            button: user_may(database, user, action)
            for button, action in (
                (self.export_button, Action.EXPORT),
                (self.import_button, Action.IMPORT_RESULTS),
                (self.merge_button, Action.MERGE),
            )
        }

    def _show_conflict_count(self) -> None:
        """The conflicts button carries the number still open, in red while there are any."""
        count = self.open_conflicts
        self.conflicts_button.setText(self.tr("Merge conflicts ({count})").format(count=count))
        self.conflicts_button.setStyleSheet(CONFLICTS_STYLE if count else "")
        self.conflicts_button.setToolTip(
            self.tr("%n case(s) from another laptop wait for a supervisor's decision.", "", count)
            if count
            else self.tr("No merge conflict is waiting. Resolved ones can still be looked at.")
        )

    # --- shared -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def _set_busy(self, busy: bool) -> None:
        self._buttons_held = busy
        self._show_buttons()

    def _show_buttons(self) -> None:
        """Disabled while a task runs (``_set_busy``), and each action for a user whose role allows it."""
        busy = self._buttons_held
        self.conflicts_button.setEnabled(not busy)
        for button, permission in self._permissions.items():
            button.setEnabled(not busy and permission.allowed)
            button.setToolTip(permission.reason(self.context.language))

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
        on_wrong_password: Callable[[AppError], None] | None = None,
    ) -> tasks.Task:
        """Run ``work`` in the background with the buttons disabled; an error is shown after
        ``on_failure`` (and the ledger reloaded: nothing was changed, but it shows so). A wrong password
        goes to ``on_wrong_password`` instead, when given, to ask again."""

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if on_wrong_password is not None and isinstance(exc, AppError) and exc.code == WRONG_PASSWORD:
                on_wrong_password(exc)
                return
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

    def _open_workbook(self, path: Path, start: Start) -> tasks.Task | None:
        """``start(path, None)`` for a plain workbook; for an encrypted one, ask for its password first
        (then the task starts when the password is given, and None is returned)."""
        if not is_encrypted(path):
            return start(path, None)
        self._ask_password(path, start)
        return None

    def _ask_password(self, path: Path, start: Start, error: AppError | None = None) -> None:
        problem = error.message(i18n.current_language()) if error is not None else ""
        dialog = WorkbookPasswordDialog(path, problem, self)
        dialog.password_entered.connect(lambda password: start(path, password))
        dialog.finished.connect(lambda _result: self._password_dialog_closed(dialog))
        self.password_dialog = dialog
        dialog.open()

    def _password_dialog_closed(self, dialog: WorkbookPasswordDialog) -> None:
        if self.password_dialog is dialog:
            self.password_dialog = None
        dialog.deleteLater()

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
        """Say what was exported; for an encrypted workbook (every one but an unencrypted export), show
        its password this once."""
        self.refresh()
        if result.password is None:
            messages.info(self, language_part(result.describe(), i18n.current_language()))
            return
        dialog = ExportPasswordDialog(
            result.password, result.path.name, result.describe(), self, full_hkid=result.hkid_form == "full"
        )
        dialog.finished.connect(self._password_shown)
        self.password_shown_dialog = dialog
        dialog.open()

    def _password_shown(self) -> None:
        self.password_shown_dialog = None

    # --- import results -------------------------------------------------------------------------

    def import_results(self) -> tasks.Task | None:
        """Ask for the returned workbook, then read its changes in the background for the preview."""
        if self.busy or not self._user_chosen():
            return None
        path = files.ask_results_file(self)
        if path is None:
            return None
        return self._open_workbook(path, self._preview)

    def _preview(self, path: Path, password: str | None) -> tasks.Task:
        database, actor = self.context.database, self.context.user
        return self._run(
            lambda _control: preview_results(database, path, actor=actor, password=password),
            lambda value: self._previewed(value, password),
            on_wrong_password=lambda error: self._ask_password(path, self._preview, error),
        )

    def _previewed(self, value: object, password: str | None = None) -> None:
        assert isinstance(value, ResultsPreview)
        if not value.changes:
            messages.info(self, self._nothing_to_change(value.path))
            return
        dialog = ResultsPreviewDialog(value, self, allowed=may_import_results(self.context))
        # The password is needed once more to apply: it lives in this connection, as long as the preview.
        dialog.apply_requested.connect(lambda: self.apply_results(dialog, password))
        self.preview_dialog = dialog
        # A preview holds its reading of the workbook (tens of MiB at a full batch): let it go once closed.
        dialog.finished.connect(lambda _result: self._preview_closed(dialog))
        dialog.open()

    def _preview_closed(self, dialog: ResultsPreviewDialog) -> None:
        if self.preview_dialog is dialog:
            self.preview_dialog = None
        dialog.deleteLater()

    def _nothing_to_change(self, path: Path) -> str:
        return self.tr("Nothing to change: every result in {file} is already recorded.").format(
            file=path.name
        )

    def apply_results(self, dialog: ResultsPreviewDialog, password: str | None = None) -> tasks.Task:
        """Apply the previewed workbook, all or nothing; the preview closes whatever the outcome."""
        database, path, actor = self.context.database, dialog.preview.path, self.context.user
        previewed = dialog.preview  # its reading of the file is reused while the file is unchanged

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

        return self._run(
            lambda _control: apply_results(
                database, path, actor=actor, password=password, previewed=previewed
            ),
            done,
            dialog.reject,
        )

    # --- merge ----------------------------------------------------------------------------------

    def merge_batch(self) -> tasks.Task | None:
        """Ask for another laptop's workbook, merge it in the background, then show the report."""
        if self.busy or not self._user_chosen():
            return None
        path = files.ask_merge_file(self)
        if path is None:
            return None
        return self._open_workbook(path, self._merge)

    def _merge(self, path: Path, password: str | None) -> tasks.Task:
        database, actor = self.context.database, self.context.user
        return self._run(
            lambda _control: merge_batch(database, path, actor=actor, password=password),
            self._merged,
            on_wrong_password=lambda error: self._ask_password(path, self._merge, error),
        )

    def _merged(self, value: object) -> None:
        assert isinstance(value, MergeReport)
        self.refresh()
        dialog = MergeReportDialog(value, merge_references(self.context, value), self)
        dialog.conflicts_requested.connect(self._conflicts_from_report)
        self.merge_dialog = dialog
        dialog.open()

    def _conflicts_from_report(self) -> None:
        if self.merge_dialog is not None:
            self.merge_dialog.accept()
        self.show_conflicts()

    # --- conflicts ------------------------------------------------------------------------------

    def show_conflicts(self) -> ConflictsDialog:
        """The merge conflicts, open ones first selected; every decision updates the count here."""
        dialog = ConflictsDialog(self.context, self)
        dialog.resolved.connect(lambda _row: self.refresh())
        dialog.finished.connect(lambda _result: self.refresh())
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog
