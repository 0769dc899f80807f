"""The Batches page's export dialog: the cases chosen with a live count, how the workbook is protected
(encrypted by default; full HKID numbers, or unencrypted and minimised, by role), progress and cancel.
Opened window-modal with ``open()`` (never a blocking ``exec()``), so the page and tests drive it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.permissions import Action, role_allows
from assessor_app.core.services.intake.lodging import list_events
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.core.services.sync.selection import count_selected
from assessor_app.core.services.sync.writer import ExportCancelled
from assessor_app.ui import tasks
from assessor_app.ui.batches import files
from assessor_app.ui.context import UiContext
from assessor_app.ui.labels import status_label
from assessor_app.ui.pages.base import hint_label
from assessor_app.ui.users import current_user

WARNING_STYLE = "color: #b3261e;"
DEFAULT_SELECTION = None  # export_batch's default: signed-off cases not yet exported


def may_export(context: UiContext, action: Action) -> bool:
    """Whether the current user's role allows ``action`` (full HKID numbers, or an unencrypted workbook;
    the core checks again on export)."""
    user = current_user(context)
    return user is not None and role_allows(user.role, action)


class ExportDialog(QDialog):
    """Choose the cases (event, status) and see how many; write the workbook in the background.

    Every workbook is encrypted and ``exported`` carries its one-time password, which this dialog does
    not keep. A supervisor or administrator may export full HKID numbers, or (never both) an unencrypted
    workbook, which then carries masked HKIDs and the minimised columns only."""

    exported = Signal(object)  # ExportResult

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.context = context
        self.task: tasks.Task | None = None
        self.export_result: ExportResult | None = None
        self.progress_seen: list[int] = []
        self.count = 0
        self.full_hkid_allowed = may_export(context, Action.EXPORT_FULL_HKID)
        self.unencrypted_allowed = may_export(context, Action.EXPORT_UNENCRYPTED)

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
        self.full_hkid_check.toggled.connect(self._protection_toggled)
        self.unencrypted_check = QCheckBox()
        self.unencrypted_check.setObjectName("export_unencrypted")
        self.unencrypted_check.setChecked(False)  # off by default: the workbook is encrypted
        self.unencrypted_check.setEnabled(self.unencrypted_allowed)
        self.unencrypted_check.toggled.connect(self._protection_toggled)
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
        layout.addWidget(self.unencrypted_check)
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

    @property
    def unencrypted(self) -> bool:
        return self.unencrypted_allowed and self.unencrypted_check.isChecked()

    def _protection_toggled(self, _checked: bool) -> None:
        # Full numbers are never written in clear: one choice excludes the other (the core refuses both).
        self._set_running(self.running)
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
        self.full_hkid_check.setEnabled(not running and self.full_hkid_allowed and not self.unencrypted)
        self.unencrypted_check.setEnabled(not running and self.unencrypted_allowed and not self.full_hkid)
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
        event_code, status = self.event_code, self.status
        full_hkid, unencrypted = self.full_hkid, self.unencrypted

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
                    unencrypted=unencrypted,
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
        self.unencrypted_check.setText(self.tr("Unencrypted: masked HKIDs and minimised columns only"))
        self._retranslate_full_hkid()
        self.update_count()

    def _retranslate_full_hkid(self) -> None:
        self.unencrypted_check.setToolTip(
            self.tr(
                "No password: the workbook then carries masked HKIDs and no date of birth, phone, e-mail "
                "or address. Not with full HKID numbers."
            )
            if self.unencrypted_allowed
            else self.tr("Only a supervisor or an administrator may export a workbook unencrypted.")
        )
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
        elif self.unencrypted:
            self.full_hkid_note.setStyleSheet(WARNING_STYLE)
            self.full_hkid_note.setText(
                self.tr(
                    "The workbook will not be encrypted: anyone with the file can read it. It carries "
                    "masked HKIDs and names only, no date of birth, phone, e-mail or address."
                )
            )
        else:
            self.full_hkid_note.setStyleSheet("")
            self.full_hkid_note.setText(
                self.tr(
                    "HKIDs are exported masked (A123***(*)). The workbook is encrypted: its password is "
                    "shown once when the export is done."
                )
                if self.full_hkid_allowed
                else self.tr(
                    "HKIDs are exported masked (A123***(*)). The workbook is encrypted: its password is "
                    "shown once when the export is done. Only a supervisor or an administrator may "
                    "export full numbers."
                )
            )
