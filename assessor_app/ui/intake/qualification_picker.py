"""A fast qualification picker: type Chinese or English, see level and QR number, Enter takes the match."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db.database import Database
from assessor_app.core.services.catalogue.service import QualificationRow, list_qualifications
from assessor_app.ui import i18n
from assessor_app.ui.elided import elide_lines

AnyIndex = QModelIndex | QPersistentModelIndex
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_SHOWN = 50
RESULT_ROWS = 5  # matches in view at once, each one line ending with "…" where long (whole in its tooltip)


def describe_qualification(row: QualificationRow, chinese: bool) -> str:
    """One line: the QF level first, both titles, the stream in the interface's language (two clusters
    can share a Chinese title, told apart by stream), then the QR number (or a dash when not registered).
    A line too long for the list ends with "…": what tells similar titles apart (their level) comes
    first, and the QR number, read off the whole line in the tooltip, last."""
    titles = " ".join(part for part in (row.title_zh, row.title_en) if part)
    stream = row.stream_in(chinese)
    return (
        f"QF L{row.qf_level} · {titles}"
        + (f" · {stream}" if stream else "")
        + f" · QR {row.qr_number or '—'}"
    )


class QualificationListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QualificationRow] = []
        self.chinese = False

    def set_chinese(self, chinese: bool) -> None:
        self.chinese = chinese
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def set_rows(self, rows: Sequence[QualificationRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> QualificationRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe_qualification(row, self.chinese)
        if role == Qt.ItemDataRole.ToolTipRole:
            described = describe_qualification(row, self.chinese)
            return f"{described}\n{row.industry_zh} {row.industry_en} · {row.agency_code}"
        if role == RECORD_ID_ROLE:
            return row.id
        return None


class QualificationPicker(QWidget):
    """The search box keeps the focus: Up and Down move through the matches, Enter picks one."""

    chosen = Signal(object)  # QualificationRow
    done = Signal()  # Enter on an empty search box: move on to the next field
    import_requested = Signal()  # the agency has no qualifications here: open the Catalogue page's import

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._agency_code: str | None = None
        self.search = QLineEdit()
        self.search.setObjectName("qualification_search")
        self.search.setClearButtonEnabled(True)
        self.model = QualificationListModel(self)
        self.results = QListView()
        self.results.setObjectName("qualification_results")
        self.results.setModel(self.model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setUniformItemSizes(True)
        elide_lines(self.results)
        self._fit_rows()
        self.hint = QLabel()
        self.hint.setObjectName("qualification_hint")
        self.hint.setWordWrap(True)
        # A laptop without the agency's list cannot take an application: say so and offer the import.
        self.empty_agency = QLabel()
        self.empty_agency.setObjectName("qualification_empty_agency")
        self.empty_agency.setWordWrap(True)
        self.empty_agency.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.import_button = QPushButton()
        self.import_button.setObjectName("qualification_import_catalogue")
        self.import_button.clicked.connect(self.import_requested)
        self.empty_agency.hide()
        self.import_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.hint)
        layout.addWidget(self.empty_agency)
        layout.addWidget(self.import_button)
        self.search.textChanged.connect(self._search)
        self.search.installEventFilter(self)
        self.results.activated.connect(self._pick_index)
        self.results.clicked.connect(self._pick_index)
        self.retranslate()

    def set_language(self, language: str) -> None:
        """Show the streams in ``language`` and the texts in the installed translation."""
        self.model.set_chinese(language == i18n.CHINESE)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Type Chinese or English, a QR number… (Ctrl+F)"))
        self.empty_agency.setText(
            self.tr(
                "The catalogue on this laptop has no qualifications of this event's agency. "
                "Import the agency's own list on the Catalogue page first."
            )
        )
        self.import_button.setText(self.tr("Import the agency's list…"))
        self._update_hint()

    def set_agency(self, agency_code: str | None) -> None:
        """Offer only the qualifications of the event's agency (its fee table applies)."""
        self._agency_code = agency_code
        self._search()

    def reload(self) -> None:
        self._search()

    def current(self) -> QualificationRow | None:
        index = self.results.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _search(self) -> None:
        rows = list_qualifications(self.database, text=self.search.text())
        if self._agency_code:
            rows = [row for row in rows if row.agency_code == self._agency_code]
        self.model.set_rows(rows[:MAX_SHOWN])
        empty = bool(self._agency_code) and not rows and not self._agency_listed()
        self.empty_agency.setVisible(empty)
        self.import_button.setVisible(empty)
        if rows:
            self.results.setCurrentIndex(self.model.index(0, 0))
        self._fit_rows()
        self._update_hint()

    def _fit_rows(self) -> None:
        """Exactly RESULT_ROWS lines tall (a line's height known once there is one; the font's till then)."""
        results = self.results
        line = results.sizeHintForRow(0) if self.model.rowCount() else results.fontMetrics().height() + 1
        results.setFixedHeight(RESULT_ROWS * line + 2 * results.frameWidth())

    def _agency_listed(self) -> bool:
        return any(row.agency_code == self._agency_code for row in list_qualifications(self.database))

    def _update_hint(self) -> None:
        # Only when nothing matches: the keys are in the caption above (a line less on a laptop screen).
        self.hint.setText(self.tr("No qualification matches."))
        self.hint.setVisible(self.model.rowCount() == 0)

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        current = self.results.currentIndex().row()
        target = min(max(current + step, 0), count - 1)
        self.results.setCurrentIndex(self.model.index(target, 0))

    def _pick_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.results.setCurrentIndex(index)
            self.pick_current()

    def pick_current(self) -> bool:
        row = self.current()
        if row is None:
            return False
        self.chosen.emit(row)
        self.search.clear()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key == Qt.Key.Key_PageDown:
                self._move(5)
                return True
            if key == Qt.Key.Key_PageUp:
                self._move(-5)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.search.text().strip():
                    self.pick_current()
                else:
                    self.done.emit()
                return True
        return super().eventFilter(watched, event)
