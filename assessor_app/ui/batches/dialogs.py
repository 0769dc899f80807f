"""The Batches page's dialogs: export with a live count, progress and cancel; the preview of returned
results (apply all or nothing); the report of a merge. They are opened window-modal with ``open()``
(never a blocking ``exec()``), so the page and tests drive them directly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.permissions import Action, role_allows
from assessor_app.core.hong_kong_time import to_hong_kong_time
from assessor_app.core.services.intake.lodging import list_events
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.core.services.sync.import_results import ResultsPreview
from assessor_app.core.services.sync.merge import MergeReport
from assessor_app.core.services.sync.selection import count_selected, reference_numbers
from assessor_app.core.services.sync.writer import ExportCancelled
from assessor_app.ui import i18n, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.conflicts import resolution_label
from assessor_app.ui.batches.models import ChangesTableModel, change_rows
from assessor_app.ui.batches.text import reason_part
from assessor_app.ui.context import UiContext
from assessor_app.ui.dialog_parts import ApplyPreviewDialog
from assessor_app.ui.labels import status_label
from assessor_app.ui.pages.base import hint_label, list_table
from assessor_app.ui.users import current_user

WARNING_STYLE = "color: #b3261e;"
DEFAULT_SELECTION = None  # export_batch's default: signed-off cases not yet exported


def may_import_results(context: UiContext) -> bool:
    """Whether the current user's role may apply returned results (the core checks again on apply)."""
    user = current_user(context)
    return user is not None and role_allows(user.role, Action.IMPORT_RESULTS)


def may_export_full_hkid(context: UiContext) -> bool:
    """Whether the current user's role allows full HKID numbers (the core checks again on export)."""
    user = current_user(context)
    return user is not None and role_allows(user.role, Action.EXPORT_FULL_HKID)


class ExportDialog(QDialog):
    """Choose the cases (event, status) and see how many; write the workbook in the background.

    A supervisor or administrator may export full HKID numbers: the workbook is then encrypted and
    ``exported`` carries its one-time password, which this dialog does not keep."""

    exported = Signal(object)  # ExportResult

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.context = context
        self.task: tasks.Task | None = None
        self.export_result: ExportResult | None = None
        self.progress_seen: list[int] = []
        self.count = 0
        self.full_hkid_allowed = may_export_full_hkid(context)

        self.intro = hint_label("export_intro")
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("export_event")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("export_status")
        self.count_label = QLabel()
        self.count_label.setObjectName("export_count")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.full_hkid_check = QCheckBox()
        self.full_hkid_check.setObjectName("export_full_hkid")
        self.full_hkid_check.setChecked(False)
        self.full_hkid_check.setEnabled(self.full_hkid_allowed)
        self.full_hkid_check.toggled.connect(self._full_hkid_toggled)
        self.full_hkid_note = hint_label("export_full_hkid_note")
        self.full_hkid_note.setContentsMargins(22, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setObjectName("export_progress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.state_label = QLabel()
        self.state_label.setObjectName("export_state")
        self.state_label.setWordWrap(True)
        self.state_label.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = QPushButton()
        self.export_button.setObjectName("export_start")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("export_cancel")
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.reject)

        self.event_label = QLabel()
        self.status_label = QLabel()
        self.form = QFormLayout()
        self.form.addRow(self.event_label, self.event_combo)
        self.form.addRow(self.status_label, self.status_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.full_hkid_check)
        layout.addWidget(self.full_hkid_note)
        layout.addWidget(self.count_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.state_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._fill_filters()
        self.event_combo.currentIndexChanged.connect(self.update_count)
        self.status_combo.currentIndexChanged.connect(self.update_count)
        self.retranslate()
        self.resize(600, 340)

    # --- filters and the live count ---------------------------------------------------------------

    def _fill_filters(self) -> None:
        self.event_combo.addItem("", None)
        for event in list_events(self.context.database):
            self.event_combo.addItem(
                f"{event.code} · {event.name} ({event.event_date.isoformat()})", event.code
            )
        self.status_combo.addItem("", DEFAULT_SELECTION)
        for status in CaseStatus:
            if status is not CaseStatus.DRAFT:
                self.status_combo.addItem("", status.value)

    @property
    def event_code(self) -> str | None:
        value = self.event_combo.currentData()
        return str(value) if value else None

    @property
    def status(self) -> str | None:
        value = self.status_combo.currentData()
        return str(value) if value else None

    def select_event(self, code: str | None) -> None:
        self.event_combo.setCurrentIndex(max(self.event_combo.findData(code), 0))

    def select_status(self, status: str | None) -> None:
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    @property
    def full_hkid(self) -> bool:
        return self.full_hkid_allowed and self.full_hkid_check.isChecked()

    def _full_hkid_toggled(self, _checked: bool) -> None:
        self._retranslate_full_hkid()

    def update_count(self) -> None:
        self.count = count_selected(self.context.database, self.event_code, self.status)
        if self.count == 1:
            self.count_label.setText(self.tr("1 case will be exported."))
        elif self.count:
            self.count_label.setText(self.tr("{count} cases will be exported.").format(count=self.count))
        else:
            self.count_label.setText(self.tr("No case matches: nothing to export."))
        self._set_running(self.running)

    # --- running ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def _set_running(self, running: bool) -> None:
        self.event_combo.setEnabled(not running)
        self.status_combo.setEnabled(not running)
        self.full_hkid_check.setEnabled(not running and self.full_hkid_allowed)
        self.export_button.setEnabled(not running and self.count > 0)
        self.cancel_button.setText(self.tr("Cancel export") if running else self.tr("Close"))

    def suggested_path(self) -> Path:
        name = f"batch-{self.event_code or 'all'}-{date.today().isoformat()}.xlsx"
        return Path.home() / name

    def start_export(self) -> None:
        if self.running or not self.count:
            return
        path = files.ask_export_path(self, self.suggested_path())
        if path is None:
            return
        database, actor = self.context.database, self.context.user
        event_code, status, full_hkid = self.event_code, self.status, self.full_hkid

        def work(control: tasks.TaskControl) -> ExportResult:
            control.check()
            try:
                return export_batch(
                    database,
                    path,
                    actor=actor,
                    event_code=event_code,
                    status=status,
                    full_hkid=full_hkid,
                    progress=lambda done, total: control.report(done, total),
                    cancel=lambda: control.cancelled,
                )
            except ExportCancelled:
                raise tasks.TaskCancelled from None

        self.progress_seen = []
        self.progress.setValue(0)
        self.progress.show()
        self.state_label.setStyleSheet("")
        self.state_label.setText(self.tr("Writing {file}…").format(file=path.name))
        self.state_label.show()
        self.task = tasks.run_in_background(
            work,
            on_success=self._succeeded,
            on_error=self._failed,
            on_progress=self._progressed,
            parent=self,
        )
        self.task.cancelled.connect(self._cancelled)
        self._set_running(True)

    def _progressed(self, done: int, total: int, _text: str) -> None:
        percent = 100 if total <= 0 or done >= total else done * 100 // total
        self.progress_seen.append(percent)
        self.progress.setValue(percent)
        if percent >= 100:
            self.state_label.setText(self.tr("Checking the written workbook cell by cell…"))

    def _succeeded(self, result: ExportResult) -> None:
        # The password goes on to whoever shows it once; this dialog keeps the result without it.
        self.export_result = replace(result, password=None)
        self._set_running(False)
        self.exported.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.state_label.hide()
        self._set_running(False)
        self.update_count()
        tasks.show_error(exc)

    def _cancelled(self) -> None:
        self.progress.hide()
        self._set_running(False)
        self.state_label.setStyleSheet(WARNING_STYLE)
        self.state_label.setText(self.tr("Export cancelled: no file was written and no batch was recorded."))
        self.state_label.show()

    def reject(self) -> None:
        """Cancel asks a running export to stop (the dialog stays until it has); otherwise it closes."""
        if self.task is not None and self.running:
            self.state_label.setText(self.tr("Cancelling…"))
            self.task.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)

    # --- language -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export a batch workbook"))
        self.intro.setText(
            self.tr(
                "Choose the cases for the Secretariat. By default the batch takes every signed-off case "
                "not yet exported; corrected cases always go with the next batch. Exported cases are locked."
            )
        )
        self.event_label.setText(self.tr("Event:"))
        self.status_label.setText(self.tr("Cases in state:"))
        self.event_combo.setItemText(0, self.tr("All events"))
        self.status_combo.setItemText(0, self.tr("Signed off, not yet exported"))
        for index in range(1, self.status_combo.count()):
            self.status_combo.setItemText(index, status_label(str(self.status_combo.itemData(index))))
        self.export_button.setText(self.tr("Export…"))
        self.full_hkid_check.setText(self.tr("Full HKID numbers (encrypted)"))
        self._retranslate_full_hkid()
        self.update_count()

    def _retranslate_full_hkid(self) -> None:
        if self.full_hkid_allowed:
            self.full_hkid_check.setToolTip(
                self.tr(
                    "The workbook carries the full HKID numbers and is encrypted with a password shown "
                    "once, after the export."
                )
            )
        else:
            self.full_hkid_check.setToolTip(
                self.tr(
                    "Only a supervisor or an administrator may export full HKID numbers. "
                    "Without them HKIDs leave this laptop masked, e.g. A123***(*)."
                )
            )
        if self.full_hkid:
            self.full_hkid_note.setStyleSheet(WARNING_STYLE)
            self.full_hkid_note.setText(
                self.tr(
                    "The workbook will be encrypted. Its password is shown once when the export is done: "
                    "send it to the recipient separately from the file."
                )
            )
        else:
            self.full_hkid_note.setStyleSheet("")
            self.full_hkid_note.setText(
                self.tr("HKIDs are exported masked (A123***(*)).")
                if self.full_hkid_allowed
                else self.tr(
                    "HKIDs are exported masked (A123***(*)). Only a supervisor or an administrator may "
                    "export full numbers."
                )
            )


class ResultsPreviewDialog(ApplyPreviewDialog):
    """Every change a returned workbook would make, under the batch it belongs to; Apply records all of
    them, or none, and is open only to the roles that may import results (a disabled one says why)."""

    def __init__(
        self, preview: ResultsPreview, parent: QWidget | None = None, *, allowed: bool = True
    ) -> None:
        super().__init__("results", parent)
        self.setObjectName("results_preview_dialog")
        self.preview = preview
        self.allowed = allowed
        self.batch_label = QLabel()
        self.batch_label.setObjectName("results_batch")
        self.batch_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("results_summary")
        self.summary.setWordWrap(True)
        self.permission_note = QLabel()
        self.permission_note.setObjectName("results_permission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet(WARNING_STYLE)
        self.permission_note.setVisible(not allowed)
        self.apply_button.setEnabled(allowed)
        self.model = ChangesTableModel(self)
        self.model.set_rows(change_rows(preview))
        self.table = list_table("results_changes")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.note = hint_label("results_note")
        self.lay_out(
            self.batch_label, self.summary, self.table, self.note, self.permission_note, stretch=self.table
        )
        self.resize(900, 520)

    def retranslate(self) -> None:
        preview, batch = self.preview, self.preview.batch
        cases = len({change.application_uid for change in preview.changes})
        self.setWindowTitle(self.tr("Import results: {file}").format(file=preview.path.name))
        self.batch_label.setText(
            self.tr(
                "Returned workbook of batch {batch} ({file}), exported {when} by {user}: {count} case(s)."
            ).format(
                batch=batch.id,
                file=batch.file_name,
                when=batch.exported_at,
                user=batch.created_by,
                count=batch.case_count,
            )
        )
        self.summary.setText(
            self.tr(
                "{file}: {read} result row(s) read, {pending} without a result yet. "
                "{changes} change(s) to {cases} case(s), {statuses} case status change(s):"
            ).format(
                file=preview.path.name,
                read=preview.rows_read,
                pending=preview.rows_pending,
                changes=len(preview.changes),
                cases=cases,
                statuses=len(preview.status_changes),
            )
        )
        self.note.setText(
            self.tr(
                "Apply records every change above in one step, or none if anything is wrong. "
                "A result already recorded is never overwritten."
            )
        )
        only = self.tr("Only a supervisor or an administrator may apply returned results.")
        self.permission_note.setText(only)
        self.apply_button.setToolTip("" if self.allowed else only)
        self.apply_button.setText(self.tr("Apply all changes"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.model.retranslate()


class MergeReportDialog(QDialog):
    """What merging another laptop's batch did: added, unchanged, conflicts with reasons, merged cases the
    merge rule updated, possible duplicates. When conflicts are open, a note and a button lead to the
    list where a supervisor resolves them."""

    conflicts_requested = Signal()

    def __init__(
        self, report: MergeReport, references: dict[str, str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("merge_report_dialog")
        self.report = report
        self.references = references
        self.open_conflicts = [conflict for conflict in report.conflicts if conflict.resolution is None]
        self.summary = QLabel()
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("merge_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.conflicts_note = QLabel()
        self.conflicts_note.setObjectName("merge_conflicts_note")
        self.conflicts_note.setWordWrap(True)
        self.conflicts_note.setStyleSheet(WARNING_STYLE)
        self.conflicts_note.setVisible(bool(self.open_conflicts))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("merge_open_conflicts")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.buttons.addButton(self.conflicts_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.conflicts_button.setVisible(bool(self.open_conflicts))  # after addButton, which shows it
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.conflicts_note)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(860, 520)

    def _case(self, uid: str, reference: str | None = None) -> str:
        shown = reference or self.references.get(uid)
        return f"{shown} ({uid})" if shown else uid

    def lines(self) -> list[str]:
        """Every line of the tree, indented by depth (what the dialog shows, as text)."""
        found: list[str] = []

        def walk(item: QTreeWidgetItem | None, depth: int) -> None:
            if item is None:
                return
            found.append("  " * depth + item.text(0))
            for index in range(item.childCount()):
                walk(item.child(index), depth + 1)

        for index in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(index), 0)
        return found

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        report, signer = self.report, self.report.signer
        self.setWindowTitle(self.tr("Merge report: {file}").format(file=report.path.name))
        signed = self.tr(" Signed by station {station} (key {fingerprint}) at {when} (Hong Kong time).")
        self.summary.setText(
            self.tr(
                "{file}: {added} case(s) added, {unchanged} already identical, {conflicts} conflict(s) "
                "for a person to resolve, {replaced} merged case(s) updated by the merge rule, "
                "{duplicates} possible duplicate applicant(s). Nothing created or changed on this laptop "
                "was overwritten."
            ).format(
                file=report.path.name,
                added=len(report.added),
                unchanged=len(report.unchanged),
                conflicts=len(report.conflicts),
                replaced=len(report.replaced),
                duplicates=len(report.duplicates),
            )
            + (
                signed.format(
                    station=signer.station_code,
                    fingerprint=signer.fingerprint,
                    when=to_hong_kong_time(datetime.fromisoformat(signer.signed_at)).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                )
                if signer
                else ""
            )
        )
        self.tree.clear()

        def group(title: str, count: int) -> QTreeWidgetItem:
            item = QTreeWidgetItem([title.format(count=count)])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.tree.addTopLevelItem(item)
            return item

        added = group(self.tr("Added ({count})"), len(report.added))
        for uid in report.added:
            added.addChild(QTreeWidgetItem([self._case(uid)]))
        unchanged = group(self.tr("Already identical, nothing done ({count})"), len(report.unchanged))
        for uid in report.unchanged:
            unchanged.addChild(QTreeWidgetItem([self._case(uid)]))
        conflicts = group(self.tr("Conflicts to resolve ({count})"), len(report.conflicts))
        for conflict in report.conflicts:
            case = self._case(conflict.application_uid, conflict.reference_no)
            text = self.tr("Conflict #{number}: {case}").format(number=conflict.conflict_id, case=case)
            if conflict.resolution is not None:
                text = self.tr("{conflict} (already decided: {decision})").format(
                    conflict=text, decision=resolution_label(conflict.resolution)
                )
            item = QTreeWidgetItem([text])
            for reason in conflict.reasons:
                item.addChild(QTreeWidgetItem([reason_part(reason, i18n.current_language())]))
            conflicts.addChild(item)
        replaced = group(self.tr("Merged cases updated by the merge rule ({count})"), len(report.replaced))
        for replacement in report.replaced:
            case = self._case(replacement.application_uid, replacement.reference_no)
            what = (
                self.tr("{case}: the applicant's particulars")
                if replacement.what == "applicant"
                else self.tr("{case}: the case's content")
            ).format(case=case)
            if replacement.displaced_conflict_id is not None:
                what = self.tr("{replacement}; the copy it held is kept as conflict #{number}").format(
                    replacement=what, number=replacement.displaced_conflict_id
                )
            replaced.addChild(QTreeWidgetItem([what]))
        duplicates = group(self.tr("Possible duplicate applicants ({count})"), len(report.duplicates))
        for duplicate in report.duplicates:
            shared = (
                self.tr(
                    "Applicant {applicant} and applicant {other} share the HKID {hkid} and the date of birth."
                )
                if duplicate.same_date_of_birth
                else self.tr(
                    "Applicant {applicant} and applicant {other} share the HKID {hkid}; their dates of birth "
                    "differ."
                )
            )
            duplicates.addChild(
                QTreeWidgetItem(
                    [
                        shared.format(
                            applicant=duplicate.applicant_uid,
                            other=duplicate.other_applicant_uid,
                            hkid=hkid.mask(duplicate.hkid),
                        )
                    ]
                )
            )
        self.tree.expandAll()
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None:
                top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        self.conflicts_note.setText(
            self.tr(
                "{count} case(s) differ from this laptop's version and wait for a supervisor's decision: "
                "Resolve conflicts lists them (also later, from Merge conflicts on the Batches page)."
            ).format(count=len(self.open_conflicts))
        )
        self.conflicts_button.setText(self.tr("Resolve conflicts…"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(self.tr("Close"))


def merge_references(context: UiContext, report: MergeReport) -> dict[str, str | None]:
    """Reference numbers of the cases a merge report names, as this laptop now holds them."""
    return reference_numbers(context.database, [*report.added, *report.unchanged])
