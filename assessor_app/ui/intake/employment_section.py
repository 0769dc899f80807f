"""The employment part of the intake form: the history table, Tab through its cells, adding and removing rows."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui.intake.delegates import ChoiceDelegate, LiveTextDelegate, RelevanceDelegate
from assessor_app.ui.intake.employment_model import EmploymentTableModel
from assessor_app.ui.intake.form_style import problem_label

COLUMN_WIDTHS = {
    "employer": 170,
    "post": 120,
    "industry": 110,
    "relevant_to": 110,
    "start": 88,
    "end": 88,
    "kind": 90,
    "duties": 150,
}
TICK_COLUMN_WIDTH = 56  # Present, In HK
HOURS_COLUMN_WIDTH = 80


class EmploymentTableView(QTableView):
    """Tab moves from cell to cell and, past the last cell, on to the next field; Shift+Tab likewise back."""

    def _at_edge(self, forward: bool) -> bool:
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        if rows == 0:
            return True
        current = self.currentIndex()
        if not current.isValid():
            return False
        if forward:
            return current.row() == rows - 1 and current.column() == columns - 1
        return current.row() == 0 and current.column() == 0

    def leave(self, forward: bool) -> None:
        widget: QWidget | None = self
        for _ in range(500):
            if widget is None:
                return
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
            if widget is None or widget is self:
                return
            if (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisible()
                and widget.isEnabled()
                and not self.isAncestorOf(widget)
            ):
                widget.setFocus(
                    Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                )
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self.currentIndex()
        model = self.model()
        if (
            key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
            and current.isValid()
            and isinstance(model, EmploymentTableModel)
            and model.columns[current.column()].kind == "relevance"
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.edit(current)  # the checkable list of qualifications opens
            return
        if (
            key == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._at_edge(True)
        ):
            self.leave(True)
            return
        if key == Qt.Key.Key_Backtab and self._at_edge(False):
            self.leave(False)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem and self._at_edge(True):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.leave(True)
            return
        if hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem and self._at_edge(False):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.leave(False)
            return
        super().closeEditor(editor, hint)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if not self.currentIndex().isValid() and self.model().rowCount():
            self.setCurrentIndex(self.model().index(0, 0))
        super().focusInEvent(event)


class EmploymentSection(QGroupBox):
    """The table of periods with its row buttons, hint and problem label; the form words the texts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employment_box")
        self.model = EmploymentTableModel(self)
        self.table = EmploymentTableView()
        self.table.setObjectName("employment_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(160)
        self.table.setItemDelegate(LiveTextDelegate(self.table))
        for position, column_spec in enumerate(self.model.columns):
            if column_spec.choices is not None:
                self.table.setItemDelegateForColumn(position, ChoiceDelegate(column_spec.choices, self.table))
            elif column_spec.kind == "relevance":
                self.table.setItemDelegateForColumn(
                    position, RelevanceDelegate(self.model.qualifications, self.table)
                )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for key, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(self.model.column_index(key), width)
        for key in ("present", "in_hong_kong"):
            self.table.setColumnWidth(self.model.column_index(key), TICK_COLUMN_WIDTH)
        self.table.setColumnWidth(self.model.column_index("hours_per_week"), HOURS_COLUMN_WIDTH)
        self.add_row_button = QPushButton()
        self.add_row_button.setObjectName("add_employment_row")
        self.remove_row_button = QPushButton()
        self.remove_row_button.setObjectName("remove_employment_row")
        self.hint = QLabel()
        self.hint.setObjectName("employment_hint")
        self.hint.setWordWrap(True)
        self.problem_label = problem_label("employment")
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_row_button)
        row_buttons.addWidget(self.remove_row_button)
        row_buttons.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row_buttons)
        layout.addWidget(self.problem_label)

    def add_row(self) -> None:
        """A new empty row at the end, its first cell current and the table focused."""
        row = self.model.add_row()
        index = self.model.index(row, 0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.scrollTo(index)

    def remove_current_row(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.model.remove_row(current.row())


def touched_after_removal(touched: set[str], first: int, last: int) -> set[str]:
    """The touched keys once rows ``first``..``last`` are gone: their cells dropped, later rows moved up."""
    removed = last - first + 1
    kept: set[str] = set()
    for key in touched:
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "employment":
            row = int(parts[1])
            if first <= row <= last:
                continue
            if row > last:
                key = f"employment.{row - removed}.{parts[2]}"
        kept.add(key)
    return kept
