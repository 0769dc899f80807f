"""Crash recovery: offer the unfinished drafts back, exactly as they were typed.

Call :func:`offer_open_drafts` at start-up (after a crash or a power cut there are open drafts) and
hand the chosen draft to ``IntakeFormPage.restore_draft``. The intake page's "Resume draft" button
uses the same dialog.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain import hkid
from assessor_app.core.hong_kong_time import to_hong_kong_time
from assessor_app.core.services.evidence.intake_files import discard_with_files
from assessor_app.core.services.intake.lodging import DraftRow, list_events, open_drafts
from assessor_app.ui import messages, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.dialog_parts import ask
from assessor_app.ui.intake import dialogs

AnyIndex = QModelIndex | QPersistentModelIndex


def masked_typed_hkid(text: str) -> str:
    """The HKID as typed, masked like every list shows it (a half-typed number shows as ***)."""
    return hkid.mask(text) if text.strip() else ""


class DraftTableModel(QAbstractTableModel):
    """Open drafts: name as typed, masked HKID, event and the time of the last save."""

    def __init__(self, drafts: Sequence[DraftRow], event_codes: dict[int, str], parent: Any = None) -> None:
        super().__init__(parent)
        self._drafts = list(drafts)
        self._event_codes = event_codes

    def draft_at(self, row: int) -> DraftRow:
        return self._drafts[row]

    def row_of(self, uid: str) -> int | None:
        return next((row for row, draft in enumerate(self._drafts) if draft.uid == uid), None)

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._drafts[row]
        self.endRemoveRows()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._drafts)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 4

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._drafts):
            return None
        draft = self._drafts[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return draft.uid
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return draft.form.display_name() or self.tr("(no name typed yet)")
        if column == 1:
            return masked_typed_hkid(draft.form.hkid)
        if column == 2:
            return self._event_codes.get(draft.event_id, "") if draft.event_id is not None else ""
        return f"{to_hong_kong_time(draft.updated_at):%Y-%m-%d %H:%M:%S}"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        headers = [self.tr("Name as typed"), self.tr("HKID"), self.tr("Event"), self.tr("Last saved")]
        return headers[section] if 0 <= section < len(headers) else None


class RecoveryDialog(QDialog):
    """Restore one draft, discard one, or decide later (they stay open and are offered again)."""

    def __init__(self, context: UiContext, drafts: Sequence[DraftRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.context = context
        self.chosen: DraftRow | None = None
        self.setWindowTitle(self.tr("Unfinished applications"))
        self.resize(720, 360)
        events = {event.id: event.code for event in list_events(context.database)}
        self.model = DraftTableModel(drafts, events, self)
        explanation = QLabel(
            self.tr(
                "These applications were being typed when the program last stopped. Nothing typed was "
                "lost: restore one to carry on, or discard one that is not needed."
            )
        )
        explanation.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("recovery_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self.restore)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("recovery_restore")
        self.restore_button.setDefault(True)
        self.discard_button = QPushButton(self.tr("Discard…"))
        self.discard_button.setObjectName("recovery_discard")
        self.later_button = QPushButton(self.tr("Later"))
        self.later_button.setObjectName("recovery_later")
        self.restore_button.clicked.connect(self.restore)
        self.discard_button.clicked.connect(self.discard)
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if self.model.rowCount():
            self.table.selectRow(0)
        self.table.setFocus()

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def restore(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        self.chosen = self.model.draft_at(row)
        self.accept()

    def discard(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        draft = self.model.draft_at(row)
        name = draft.form.display_name() or self.tr("(no name typed yet)")
        if not messages.question(
            self, self.tr("Discard the unfinished application of {name}?").format(name=name)
        ):
            return
        database, uid, evidence_dir = self.context.database, draft.uid, self.context.data_dir.evidence
        self.discard_button.setEnabled(False)  # one discard at a time
        task = tasks.run_in_background(
            lambda _control: discard_with_files(database, evidence_dir, draft),
            on_success=lambda _result: self._discarded(uid),
            parent=self,
        )
        task.finished.connect(lambda: self.discard_button.setEnabled(True))

    def _discarded(self, uid: str) -> None:
        row = self.model.row_of(uid)
        if row is None:
            return
        self.model.remove(row)
        if self.model.rowCount() == 0:
            self.reject()
        else:
            self.table.selectRow(min(row, self.model.rowCount() - 1))


def offer_open_drafts(
    parent: QWidget | None, context: UiContext, *, exclude: Collection[str] = ()
) -> DraftRow | None:
    """Offer the open drafts (if any); the one chosen for restoring, or None (later, or nothing open)."""
    drafts = [draft for draft in open_drafts(context.database) if draft.uid not in exclude]
    if not drafts:
        return None
    dialog = RecoveryDialog(context, drafts, parent)
    return ask(dialog, dialogs.run_dialog, lambda: dialog.chosen)
