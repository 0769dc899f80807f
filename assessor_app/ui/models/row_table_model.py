"""A read-only table model over a Python list of plain rows, sorted in Python (fast at 100,000 rows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RowT = TypeVar("RowT")

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def header_text(headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int) -> str | None:
    """``headerData`` of a table: the column titles across the top, row numbers from 1 down the side."""
    if role != Qt.ItemDataRole.DisplayRole:
        return None
    if orientation == Qt.Orientation.Horizontal:
        return headers[section] if 0 <= section < len(headers) else None
    return str(section + 1)


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """How one column shows a row: its text, an optional sort key and alignment."""

    key: str
    display: Callable[[RowT], str]
    sort_key: Callable[[RowT], Any] | None = None
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """Subclasses give the columns, the headers (translated) and the record id of a row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self._columns: list[Column[RowT]] = self.columns()
        self._headers: list[str] = self.headers()
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- what subclasses provide ---------------------------------------------------------------

    def columns(self) -> list[Column[RowT]]:
        raise NotImplementedError

    def headers(self) -> list[str]:
        raise NotImplementedError

    def record_id(self, row: RowT) -> int:
        raise NotImplementedError

    # --- data ----------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        return self._rows

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def retranslate(self) -> None:
        """Headers and cell texts follow the current language."""
        self._headers = self.headers()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE],
            )

    def column_index(self, key: str) -> int:
        return next(i for i, column in enumerate(self._columns) if column.key == key)

    # --- QAbstractItemModel --------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.display(row)
        if role == RECORD_ID_ROLE:
            return self.record_id(row)
        if role == SORT_ROLE:
            return self._sort_value(column, row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_text(self._headers, section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self.record_id(self._rows[index.row()]) for index in persistent]
        self._sort_rows(column, order)
        positions = {self.record_id(row): i for i, row in enumerate(self._rows)}
        for index, record in zip(persistent, ids, strict=True):
            self.changePersistentIndex(index, self.index(positions[record], index.column()))
        self.layoutChanged.emit()

    def _sort_value(self, column: Column[RowT], row: RowT) -> Any:
        return column.sort_key(row) if column.sort_key is not None else column.display(row).casefold()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        spec = self._columns[column]
        self._rows.sort(
            key=lambda row: self._sort_value(spec, row), reverse=order == Qt.SortOrder.DescendingOrder
        )
