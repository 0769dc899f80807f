"""Cases as a table read a page at a time (canFetchMore/fetchMore), filtered and sorted by the core in SQL.

The model holds the rows loaded so far; scrolling to the end loads the next page, a header click or a new
filter starts again from the first. The HKID column only ever holds the masked form the service hands over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from assessor_app.core.db.database import Database
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.cases.case_filters import CaseFilter, CaseSort
from assessor_app.core.services.cases.case_pages import PAGE_SIZE, CaseListRow, case_page, position_of
from assessor_app.ui import i18n
from assessor_app.ui.labels import eligibility_labels, status_labels
from assessor_app.ui.models.row_table_model import RECORD_ID_ROLE, header_text

CENTRE = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: its key, the order a header click asks the core for, and the text of a row."""

    key: str
    sort: CaseSort
    display: Callable[[CaseListRow], str]
    alignment: Qt.AlignmentFlag = LEFT


class CasesTableModel(QAbstractTableModel):
    def __init__(self, database: Database, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.database = database
        self.page_size = page_size
        self._rows: list[CaseListRow] = []
        self._more = False  # the last page read was full: there may be more
        self._total: int | None = None  # counted apart (the page counts in the background)
        self._filter = CaseFilter()
        self._sort = CaseSort.APPLICATION_DATE
        self._descending = True
        self._status_labels: dict[str, str] = {}
        self._eligibility_labels: dict[str, str] = {}
        self._columns = self._make_columns()
        self._headers = self._make_headers()

    # --- columns ---------------------------------------------------------------------------------

    def _make_columns(self) -> list[Column]:
        return [
            Column("reference_no", CaseSort.REFERENCE, lambda row: row.reference_no or ""),
            Column("duplicate", CaseSort.DUPLICATE, lambda _row: "", CENTRE),
            Column("name_zh", CaseSort.NAME_ZH, lambda row: row.name_zh),
            Column("name_en", CaseSort.NAME_EN, lambda row: row.name_en),
            Column("hkid", CaseSort.HKID, lambda row: row.hkid_masked),
            Column("qualifications", CaseSort.QUALIFICATIONS, self.qualifications),
            Column("status", CaseSort.STATUS, lambda row: self._status_labels.get(row.status, row.status)),
            Column("event", CaseSort.EVENT, lambda row: row.event_code or ""),
            Column("station", CaseSort.STATION, lambda row: row.station_code),
            Column("eligibility", CaseSort.ELIGIBILITY, self.eligibility),
            Column("assessor", CaseSort.ASSESSOR, lambda row: ", ".join(row.assessors)),
            Column(
                "outstanding", CaseSort.OUTSTANDING, lambda row: str(row.outstanding_documents or ""), CENTRE
            ),
            Column(
                "application_date",
                CaseSort.APPLICATION_DATE,
                lambda row: row.application_date.isoformat(),
                CENTRE,
            ),
            Column("updated_at", CaseSort.UPDATED_AT, lambda row: hong_kong_text(row.updated_at), CENTRE),
        ]

    def _make_headers(self) -> list[str]:
        # Looked up once per language change, not once per cell.
        self._status_labels = status_labels()
        self._eligibility_labels = eligibility_labels()
        return [
            self.tr("Reference"),
            self.tr("Dup."),
            self.tr("Chinese name"),
            self.tr("English name"),
            self.tr("HKID"),
            self.tr("Qualifications"),
            self.tr("Status"),
            self.tr("Event"),
            self.tr("Station"),
            self.tr("Eligibility"),
            self.tr("Assessor"),
            self.tr("Outstanding"),
            self.tr("Application date"),
            self.tr("Last change"),
        ]

    def qualifications(self, row: CaseListRow) -> str:
        chinese = i18n.current_language() == i18n.CHINESE
        return "; ".join(
            f"L{brief.level} {(brief.title_zh if chinese and brief.title_zh else brief.title_en)}"
            for brief in row.qualifications
        )

    def eligibility(self, row: CaseListRow) -> str:
        return " / ".join(
            self._eligibility_labels.get(brief.eligibility, brief.eligibility) if brief.eligibility else "-"
            for brief in row.qualifications
        )

    def column_keys(self) -> list[str]:
        return [column.key for column in self._columns]

    def column_index(self, key: str) -> int:
        return next(i for i, column in enumerate(self._columns) if column.key == key)

    # --- loading ----------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[CaseListRow]:
        """The rows loaded so far (a prefix of the filtered list)."""
        return self._rows

    @property
    def total(self) -> int | None:
        """How many cases the filter lets through (loaded or not), once counted (:meth:`count`)."""
        return self._total

    @property
    def chosen(self) -> CaseFilter:
        return self._filter

    def set_total(self, chosen: CaseFilter, total: int) -> None:
        """The count of ``chosen`` arrived; kept only if it is still the filter shown."""
        if chosen == self._filter:
            self._total = total

    @property
    def sort_order(self) -> tuple[CaseSort, bool]:
        return self._sort, self._descending

    def row_at(self, row: int) -> CaseListRow:
        return self._rows[row]

    def record_id(self, row: CaseListRow) -> int:
        return row.application_id

    def set_filter(self, chosen: CaseFilter) -> None:
        """Show the cases ``chosen`` lets through, from the first page."""
        self._filter = chosen
        self.reload()

    def reload(self) -> None:
        """Read the list again from the first page (the data or the order changed)."""
        self.beginResetModel()
        self._total = None
        self._rows = self._page(0)
        self._more = len(self._rows) == self.page_size
        self.endResetModel()

    def load_until(self, application_id: int) -> int | None:
        """Load the rows up to the case (and the rest of its page) at once; its position, or None when the
        filter hides it."""
        for position, row in enumerate(self._rows):
            if row.application_id == application_id:
                return position
        if not self._more:
            return None
        found = position_of(
            self.database, self._filter, application_id, sort=self._sort, descending=self._descending
        )
        if found is None:
            return None
        start = len(self._rows)
        more = self._read_more((found // self.page_size + 1) * self.page_size - start)  # whole pages
        return next(
            (start + index for index, row in enumerate(more) if row.application_id == application_id), None
        )

    def _page(self, offset: int, limit: int | None = None) -> list[CaseListRow]:
        return case_page(
            self.database,
            self._filter,
            sort=self._sort,
            descending=self._descending,
            offset=offset,
            limit=self.page_size if limit is None else limit,
        )

    def _read_more(self, count: int) -> list[CaseListRow]:
        """Read the next ``count`` rows after those held and append them; the rows read."""
        more = self._page(len(self._rows), count)
        self._more = len(more) == count
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        return more

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not parent.isValid():
            self._read_more(self.page_size)

    def retranslate(self) -> None:
        """Headers and cell texts follow the current language."""
        self._headers = self._make_headers()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    # --- QAbstractItemModel -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.key == "duplicate":
                return (
                    self.tr("Possible duplicate: another case is held for this HKID")
                    if row.possible_duplicate
                    else ""
                )
            if column.key == "qualifications":
                return "\n".join(
                    f"L{brief.level} {brief.title_zh} {brief.title_en}".strip()
                    for brief in row.qualifications
                )
            return column.display(row)
        if role == Qt.ItemDataRole.DecorationRole and column.key == "duplicate" and row.possible_duplicate:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == RECORD_ID_ROLE:
            return row.application_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            role = Qt.ItemDataRole.DisplayRole  # the whole heading, where its column shortens it
        return header_text(self._headers, section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the core reads the list again in that column's order."""
        if not 0 <= column < len(self._columns):
            return
        self._sort = self._columns[column].sort
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
