"""The employment part of the intake form: a compact history table, its row details, adding rows."""

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

from assessor_app.ui.intake.delegates import ChoiceDelegate, LiveTextDelegate
from assessor_app.ui.intake.employment_model import EmploymentTableModel
from assessor_app.ui.intake.employment_row_dialog import DETAIL_KEYS, EmploymentRowDialog
from assessor_app.ui.intake.form_style import problem_label
from assessor_app.ui.intake.industry_delegate import IndustryDelegate

COLUMN_WIDTHS = {
    "post": 150,
    "industry": 150,
    "start": 92,
    "end": 92,
}
TICK_COLUMN_WIDTH = 64  # Present
# The column a lodging problem of a detail (a hidden column) puts the cursor on: the row's employer.
FIRST_COLUMN = 0


class EmploymentTableView(QTableView):
    """Tab moves from cell to cell and, past the last cell, on to the next field; Shift+Tab likewise back."""

    def _at_edge(self, forward: bool) -> bool:
        model = self.model()
        rows = model.rowCount()
        if rows == 0:
            return True
        current = self.currentIndex()
        if not current.isValid():
            return False
        shown = [column for column in range(model.columnCount()) if not self.isColumnHidden(column)]
        if forward:
            return current.row() == rows - 1 and current.column() == shown[-1]
        return current.row() == 0 and current.column() == shown[0]

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
        self.table.setMinimumHeight(90)  # the heading and two rows: a standard application's two jobs
        self.table.setMaximumHeight(110)  # the heading and three rows, then it scrolls (a laptop screen)
        self.table.setItemDelegate(LiveTextDelegate(self.table))
        for position, column_spec in enumerate(self.model.columns):
            self.table.setColumnHidden(position, column_spec.key in DETAIL_KEYS)
            if column_spec.key == "industry" and column_spec.choices is not None:
                self.table.setItemDelegateForColumn(
                    position, IndustryDelegate(column_spec.choices, self.table)
                )
            elif column_spec.choices is not None:
                self.table.setItemDelegateForColumn(position, ChoiceDelegate(column_spec.choices, self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The employer takes what the others leave, so every column is in view at 1366x768 (a stretched
        # last column kept its width and went past the table's edge there).
        header.setSectionResizeMode(self.model.column_index("employer"), QHeaderView.ResizeMode.Stretch)
        for key, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(self.model.column_index(key), width)
        self.table.setColumnWidth(self.model.column_index("present"), TICK_COLUMN_WIDTH)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_row_button = QPushButton()
        self.add_row_button.setObjectName("add_employment_row")
        self.details_button = QPushButton()
        self.details_button.setObjectName("employment_row_details")
        self.copy_employer_button = QPushButton()
        self.copy_employer_button.setObjectName("copy_previous_employer")
        self.remove_row_button = QPushButton()
        self.remove_row_button.setObjectName("remove_employment_row")
        self.row_dialog: EmploymentRowDialog | None = None
        self.hint = QLabel()
        self.hint.setObjectName("employment_hint")
        self.hint.setWordWrap(True)
        self.problem_label = problem_label("employment")
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_row_button)
        row_buttons.addWidget(self.details_button)
        row_buttons.addWidget(self.copy_employer_button)
        row_buttons.addWidget(self.remove_row_button)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row_buttons)
        # Under the buttons, not beside them: squeezed beside them in a half-width column it wrapped into
        # a tall ribbon that made the form scroll.
        layout.addWidget(self.hint)
        layout.addWidget(self.problem_label)

    def add_row(self) -> None:
        """A new empty row at the end, its first cell current and the table focused."""
        row = self.model.add_row()
        index = self.model.index(row, 0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.scrollTo(index)

    def open_details(self) -> EmploymentRowDialog | None:
        """The current row's less-used columns in a dialog (window-modal; the table gets the focus back)."""
        current = self.table.currentIndex()
        row = current.row() if current.isValid() else self.model.rowCount() - 1
        if row < 0:
            return None
        column = current.column() if current.isValid() else FIRST_COLUMN
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # a cell being typed in is committed first
        dialog = EmploymentRowDialog(self.model, row, self)
        dialog.finished.connect(lambda _result: self._details_closed(row, column))
        self.row_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.first_field().setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        return dialog

    def _details_closed(self, row: int, column: int) -> None:
        """Back to the cell the details were opened from (Tab goes on from there)."""
        if self.row_dialog is not None:
            self.row_dialog.deleteLater()
        self.row_dialog = None
        self.window().activateWindow()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.model.index(row, column))

    def go_to_cell(self, row: int, key: str) -> None:
        """The cursor on row ``row``'s ``key`` cell, or on its employer when ``key`` is one of its details."""
        column = FIRST_COLUMN if key in DETAIL_KEYS else self.model.column_index(key)
        index = self.model.index(row, column)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def copy_employer(self, employer: str, industry: str) -> None:
        """The first row's employer and industry from another applicant (a row is added if there is none)."""
        if self.model.rowCount() == 0:
            self.add_row()
        for key, value in (("employer", employer), ("industry", industry)):
            if value:
                self.model.setData(self.model.index(0, self.model.column_index(key)), value)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.model.index(0, self.model.column_index("post")))

    def reset_view(self) -> None:
        """The next applicant starts at the table's top left corner."""
        self.table.horizontalScrollBar().setValue(0)
        self.table.verticalScrollBar().setValue(0)
        self.table.setCurrentIndex(self.model.index(-1, -1))

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
