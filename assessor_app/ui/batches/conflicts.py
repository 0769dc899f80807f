"""Merge conflicts a person resolves: the cases another laptop's batch holds differently from this one.

The merge never overwrites: it keeps this laptop's version and lists the case here. A supervisor or an
administrator decides, with a reason, whether this laptop's version stands or the other laptop's is
taken; the core records who, when and why. Everyone may look; only they may decide."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.permissions import Action, role_allows
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.sync.conflicts import ConflictRow, list_conflicts, resolve_conflict
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.batches.text import reason_part
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.row_table_model import Column, RowTableModel
from assessor_app.ui.pages.base import hint_label, list_table
from assessor_app.ui.users import current_user

Keep = Literal["mine", "theirs"]
WARNING_STYLE = "color: #b3261e;"
DONE_STYLE = "color: #1b5e20;"


def difference_text(difference: str) -> str:
    """One difference in the interface language, HKIDs masked."""
    return reason_part(difference, i18n.current_language())


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def may_resolve(context: UiContext) -> bool:
    user = current_user(context)
    return user is not None and role_allows(user.role, Action.RESOLVE_CONFLICT)


def resolution_label(resolution: str | None) -> str:
    """How a decision reads: kept this laptop's version, took the other's, closed by a later merge (the
    case came to hold that copy), or still open."""
    if resolution == "mine":
        return QCoreApplication.translate("MergeConflict", "this laptop's version kept")
    if resolution == "theirs":
        return QCoreApplication.translate("MergeConflict", "the other laptop's version taken")
    if resolution == "merged":
        return QCoreApplication.translate("MergeConflict", "closed by a later merge")
    if resolution is None:
        return QCoreApplication.translate("MergeConflict", "open")
    return resolution


class ConflictsTableModel(RowTableModel[ConflictRow]):
    def columns(self) -> list[Column[ConflictRow]]:
        return [
            Column("reference", lambda row: row.reference_no or row.application_uid),
            Column("source_file", lambda row: row.source_file),
            Column("source_station", lambda row: row.source_station),
            Column(
                "differences",
                lambda row: "; ".join(difference_text(difference) for difference in row.differences),
            ),
            Column("detected_by", lambda row: row.detected_by),
            Column("detected_at", lambda row: hong_kong_text(row.detected_at), lambda row: row.detected_at),
            Column("resolution", lambda row: capitalised(resolution_label(row.resolution))),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("Reference"),
            self.tr("From file"),
            self.tr("Station"),
            self.tr("Differences"),
            self.tr("Detected by"),
            self.tr("Detected at (Hong Kong time)"),
            self.tr("Decision"),
        ]

    def record_id(self, row: ConflictRow) -> int:
        return row.id


class ConflictsDialog(QDialog):
    """The open conflicts (and, on request, the resolved ones); resolve the selected one with a reason."""

    resolved = Signal(object)  # ConflictRow, as the core returned it

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_dialog")
        self.context = context
        self.allowed = may_resolve(context)
        self.task: tasks.Task | None = None
        self.last_resolved: ConflictRow | None = None

        self.intro = hint_label("conflicts_intro")
        self.show_resolved = QCheckBox()
        self.show_resolved.setObjectName("conflicts_show_resolved")
        self.show_resolved.toggled.connect(lambda _checked: self.reload())
        self.model = ConflictsTableModel(self)
        self.table = list_table("conflicts_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The differences take what the other columns leave, ending in "…" (the details below and the
        # tooltip say them whole), so the decision stays in view on a 1366x768 screen.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.model.column_index("differences"), QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty_label = hint_label("conflicts_empty")

        self.details_box = QGroupBox()
        self.details_box.setObjectName("conflict_details_box")
        self.details = QLabel()
        self.details.setObjectName("conflict_details")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        details_scroll.setWidget(self.details)
        self.reason_label = QLabel()
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("conflict_reason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.reason_edit.textChanged.connect(self._update_buttons)
        self.keep_mine_button = QPushButton()
        self.keep_mine_button.setObjectName("conflict_keep_mine")
        self.keep_mine_button.clicked.connect(lambda: self.resolve("mine"))
        self.take_theirs_button = QPushButton()
        self.take_theirs_button.setObjectName("conflict_take_theirs")
        self.take_theirs_button.clicked.connect(lambda: self.resolve("theirs"))
        self.permission_note = QLabel()
        self.permission_note.setObjectName("conflict_permission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet(WARNING_STYLE)
        self.permission_note.setVisible(not self.allowed)
        self.state_label = QLabel()
        self.state_label.setObjectName("conflict_state")
        self.state_label.setWordWrap(True)
        self.state_label.hide()
        decide = QHBoxLayout()
        decide.addWidget(self.keep_mine_button)
        decide.addWidget(self.take_theirs_button)
        decide.addStretch(1)
        details_layout = QVBoxLayout(self.details_box)
        details_layout.addWidget(details_scroll, 1)
        details_layout.addWidget(self.reason_label)
        details_layout.addWidget(self.reason_edit)
        details_layout.addLayout(decide)
        details_layout.addWidget(self.permission_note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(self.details_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.show_resolved)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.state_label)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.reload()
        self.resize(980, 620)

    # --- the list -------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the conflicts; keep (or make) a selection so the details are never stale."""
        keep = select_id if select_id is not None else self._selected_id()
        rows = list_conflicts(self.context.database, include_resolved=self.show_resolved.isChecked())
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._fit_columns()
        position = next((i for i, row in enumerate(self.model.rows) if row.id == keep), None)
        if position is None:
            position = next((i for i, row in enumerate(self.model.rows) if row.resolution is None), 0)
        if rows:
            self.table.selectRow(position)
        self._show_selected()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()  # all but the differences, which stretch

    def _selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row is not None else None

    def selected(self) -> ConflictRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes or self.model.rowCount() == 0:
            return None
        return self.model.row_at(indexes[0].row())

    def select(self, conflict_id: int) -> bool:
        for position, row in enumerate(self.model.rows):
            if row.id == conflict_id:
                self.table.selectRow(position)
                return True
        return False

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.selected()
        self.details_box.setEnabled(row is not None)
        if row is None:
            self.details_box.setTitle(self.tr("No conflict selected"))
            self.details.setText("")
        else:
            self.details_box.setTitle(
                self.tr("Conflict #{number}: case {reference}").format(
                    number=row.id, reference=row.reference_no or row.application_uid
                )
            )
            self.details.setText(self.describe(row))
        self._update_buttons()

    def describe(self, row: ConflictRow) -> str:
        """What the details pane shows for ``row``: where it came from, each difference, any decision."""
        lines = [
            self.tr("From {file}, station {station}; found by {user} on {when}.").format(
                file=row.source_file,
                station=row.source_station or "?",
                user=row.detected_by,
                when=hong_kong_text(row.detected_at),
            ),
            self.tr("Case key: {uid}").format(uid=row.application_uid),
            "",
            self.tr("Differences:"),
            *(f"• {difference_text(difference)}" for difference in row.differences),
        ]
        if row.resolution is not None:
            lines += [
                "",
                self.tr("Decided by {user} on {when}: {decision}.").format(
                    user=row.resolved_by or "?",
                    when=hong_kong_text(row.resolved_at) if row.resolved_at is not None else "?",
                    decision=resolution_label(row.resolution),
                ),
                self.tr("Reason: {reason}").format(reason=row.resolution_reason),
            ]
        return "\n".join(lines)

    # --- deciding -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    @property
    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _update_buttons(self) -> None:
        row = self.selected()
        open_row = row is not None and row.resolution is None
        self.reason_edit.setEnabled(self.allowed and open_row and not self.running)
        ready = self.allowed and open_row and bool(self.reason) and not self.running
        self.keep_mine_button.setEnabled(ready)
        self.take_theirs_button.setEnabled(ready)

    def resolve(self, keep: Keep) -> tasks.Task | None:
        """Record the decision on the selected conflict in the background; the list reloads after."""
        row = self.selected()
        if row is None or row.resolution is not None or not self.reason or self.running:
            return None
        reference = row.reference_no or row.application_uid
        if keep == "theirs" and not messages.question(
            self,
            self.tr(
                "Replace this laptop's version of {reference} with the other laptop's? The change is "
                "recorded in the case history under your name."
            ).format(reference=reference),
        ):
            return None
        database, actor, reason, conflict_id = self.context.database, self.context.user, self.reason, row.id

        def done(value: object) -> None:
            assert isinstance(value, ConflictRow)
            self.last_resolved = value
            self.reason_edit.clear()
            self.state_label.setStyleSheet(DONE_STYLE)
            self.state_label.setText(
                self.tr("{reference}: {decision}.").format(
                    reference=reference, decision=resolution_label(value.resolution)
                )
            )
            self.state_label.show()
            self.reload()
            self.resolved.emit(value)

        def failed(exc: BaseException) -> None:
            self._update_buttons()
            tasks.show_error(exc)

        self.task = tasks.run_in_background(
            lambda _control: resolve_conflict(database, conflict_id, actor=actor, keep=keep, reason=reason),
            on_success=done,
            on_error=failed,
            parent=self,
        )
        self.task.finished.connect(self._update_buttons)
        self._update_buttons()
        return self.task

    # --- language -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Merge conflicts"))
        self.intro.setText(
            self.tr(
                "A case another laptop's batch holds differently from this laptop is listed here; the merge "
                "kept this laptop's version. A supervisor or an administrator decides which version stands, "
                "with a reason."
            )
        )
        self.show_resolved.setText(self.tr("Show resolved conflicts too"))
        self.empty_label.setText(self.tr("No open merge conflicts."))
        self.reason_label.setText(self.tr("Reason for the decision (required):"))
        self.reason_edit.setPlaceholderText(
            self.tr("e.g. the applicant confirmed the employer's name by phone on 12 March")
        )
        self.keep_mine_button.setText(self.tr("Keep this laptop's version"))
        self.take_theirs_button.setText(self.tr("Take the other laptop's version"))
        only = self.tr("Only a supervisor or an administrator may resolve a conflict.")
        self.permission_note.setText(only)
        for button in (self.keep_mine_button, self.take_theirs_button):
            button.setToolTip("" if self.allowed else only)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(self.tr("Close"))
        self.model.retranslate()
        self._show_selected()
