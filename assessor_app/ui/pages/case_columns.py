"""The Cases list's columns: widths that fit a 1366-wide laptop screen, and a header menu to show or hide them.

Short codes, dates and counts are as wide as a typical value; the qualifications take the rest of the
width, so the default columns fit without a sideways scroll in either language (a heading longer than its
column ends with "…", whole in its tooltip). Right-click a heading, or press the "Columns…" button (a Tab
stop, for the keyboard), to show or hide a column; the choice is kept in the data folder's settings with
the window's.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QPushButton, QTableView

from assessor_app.ui import preferences
from assessor_app.ui.models.cases_table_model import CasesTableModel
from assessor_app.ui.pages.base import fit_columns

# Shown until someone shows them: the application date is what the date filter already narrows by.
DEFAULT_HIDDEN = ("application_date",)
ALWAYS_SHOWN = ("reference_no",)  # a row needs something that says which case it is
# Counts whose heading is their only explanation: shown whole, however narrow the count.
WHOLE_HEADINGS = ("outstanding",)
# Each column's widest likely value (the qualifications stretch instead).
SAMPLES = {
    "reference_no": "LT01-20231108-0007",
    "duplicate": "WW",  # its warning icon
    "name_zh": "歐陽美玲",
    "name_en": "CHEUNG Sze Ting",
    "hkid": "XA923***(*)",
    "status": "Under review",
    "event": "HVCH-20231108",  # a code as long as the demo's longest
    "station": "LT01",
    "eligibility": "Meets / Short",
    "assessor": "ckcheng",
    "outstanding": "99",
    "application_date": "2023-11-08",
    "updated_at": "2023-11-08 14:05",
}


class CaseColumns(QObject):
    """Sizes ``table``'s columns (again when the language changes) and offers the show/hide menu."""

    def __init__(self, table: QTableView, model: CasesTableModel, settings: QSettings) -> None:
        super().__init__(table)
        self.table = table
        self.model = model
        self.settings = settings
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(model.column_index("qualifications"), QHeaderView.ResizeMode.Stretch)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        for key in self.model.column_keys():
            self.table.setColumnHidden(self.model.column_index(key), key in self.hidden())
        self._stretch()
        self.button = QPushButton()
        self.button.setObjectName("cases_columns_button")
        self.button.clicked.connect(self._show_button_menu)
        self.shown_menu: QMenu | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Columns…"))
        self.button.setToolTip(self.tr("Show or hide columns of the list (also: right-click a heading)"))

    def hidden(self) -> set[str]:
        """The columns hidden now: as remembered, or the defaults until anyone chose."""
        remembered = self.settings.value(preferences.CASES_HIDDEN_COLUMNS)
        if remembered is None:
            return set(DEFAULT_HIDDEN)
        keys = [remembered] if isinstance(remembered, str) else list(remembered)
        return {str(key) for key in keys if key and key not in ALWAYS_SHOWN}

    def set_shown(self, key: str, shown: bool) -> None:
        """Show or hide the column ``key`` and remember it."""
        if key in ALWAYS_SHOWN:
            return
        self.table.setColumnHidden(self.model.column_index(key), not shown)
        self._stretch()
        hidden = sorted(
            column
            for column in self.model.column_keys()
            if self.table.isColumnHidden(self.model.column_index(column))
        )
        # An empty list is kept as "" (an INI file cannot hold one), not as "never chosen".
        self.settings.setValue(preferences.CASES_HIDDEN_COLUMNS, hidden or "")

    def _stretch(self) -> None:
        """The qualifications take the width left; hidden, the last shown column does (no blank strip)."""
        qualifications = self.model.column_index("qualifications")
        self.table.horizontalHeader().setStretchLastSection(self.table.isColumnHidden(qualifications))

    def menu(self) -> QMenu:
        """Every column but the reference number, ticked where shown."""
        menu = QMenu(self.table)
        menu.setObjectName("cases_columns_menu")
        for key in self.model.column_keys():
            if key in ALWAYS_SHOWN:
                continue
            column = self.model.column_index(key)
            action = menu.addAction(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            action.setObjectName(f"cases_column_{key}")
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda shown, chosen=key: self.set_shown(chosen, shown))
        return menu

    def _show_button_menu(self) -> None:
        """The menu under the button, open without blocking (kept until the next one replaces it)."""
        if self.shown_menu is not None:
            self.shown_menu.deleteLater()
        self.shown_menu = self.menu()
        self.shown_menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    def _show_menu(self, position: QPoint) -> None:
        menu = self.menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))
        menu.deleteLater()

    def fit(self) -> None:
        """Each column as wide as its sample value, or its heading where that is barely wider (headings
        change with the language); the qualifications take what is left."""
        samples = {self.model.column_index(key): sample for key, sample in SAMPLES.items()}
        whole = {
            column: samples.pop(column)
            for column in list(samples)
            if self.model.column_keys()[column] in WHOLE_HEADINGS
        }
        fit_columns(self.table, samples, whole_headings=False)
        fit_columns(self.table, whole)
