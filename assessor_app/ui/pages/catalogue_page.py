"""The qualification catalogue: search by title or QR number, filter by industry and level, read the notes."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.services.catalogue.service import (
    IndustryRow,
    QualificationRow,
    list_industries,
    list_qualifications,
)
from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.catalogue_table_model import CatalogueTableModel
from assessor_app.ui.models.row_table_model import RECORD_ID_ROLE
from assessor_app.ui.pages.base import Page, heading_label, list_table

LEVELS = (1, 2, 3, 4)


class CataloguePage(Page):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_catalogue")
        self._industries: list[IndustryRow] | None = None

        self.heading = heading_label("catalogue_heading")
        self.search = QLineEdit()
        self.search.setObjectName("catalogue_search")
        self.search.setClearButtonEnabled(True)
        self.industry_filter = QComboBox()
        self.industry_filter.setObjectName("catalogue_industry")
        self.industry_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.level_filter = QComboBox()
        self.level_filter.setObjectName("catalogue_level")
        self.level_filter.addItem("", None)
        for level in LEVELS:
            self.level_filter.addItem("", level)
        self.count_label = QLabel()
        self.count_label.setObjectName("catalogue_count")

        self.model = CatalogueTableModel(context.language, self)
        self.table = list_table("catalogue_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for key in ("qr_number", "level", "carers"):
            header.setSectionResizeMode(self.model.column_index(key), QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column_index("title"), QHeaderView.ResizeMode.Stretch)
        for key, width in (("other_title", 200), ("industry", 140), ("stream", 160)):
            header.setSectionResizeMode(self.model.column_index(key), QHeaderView.ResizeMode.Interactive)
            header.resizeSection(self.model.column_index(key), width)

        self.details_box = QGroupBox()
        self.details = QTextBrowser()
        self.details.setObjectName("catalogue_details")
        self.details.setOpenLinks(False)
        details_layout = QVBoxLayout(self.details_box)
        details_layout.addWidget(self.details)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.industry_filter, 2)
        filters.addWidget(self.level_filter, 1)
        # Details below the table, so the table keeps the full width for the titles.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.details_box.setMinimumHeight(215)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self.refresh)
        self.industry_filter.currentIndexChanged.connect(self.refresh)
        self.level_filter.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.retranslate()

    # --- Page ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Qualification catalogue"))
        self.search.setPlaceholderText(self.tr("Search title (Chinese or English) or QR number"))
        self.level_filter.setItemText(0, self.tr("All levels"))
        for position, level in enumerate(LEVELS, start=1):
            self.level_filter.setItemText(position, self.tr("Level {level}").format(level=level))
        self.details_box.setTitle(self.tr("Details"))
        self.model.set_language(self.context.language)
        self._fill_industries()
        self._update_count()
        self._show_details()

    def refresh(self) -> None:
        if self._industries is None:
            self._industries = list_industries(self.context.database)
            self._fill_industries()
        selected = self.selected_id()
        rows = list_qualifications(
            self.context.database,
            text=self.search.text(),
            industry_id=self.industry_filter.currentData(),
            level=self.level_filter.currentData(),
        )
        self.model.set_rows(rows)
        self._update_count()
        if selected is not None:
            self.select_id(selected)
        self._show_details()

    # --- selection -------------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RECORD_ID_ROLE) if rows else None

    def select_id(self, record_id: int) -> None:
        for position, row in enumerate(self.model.rows):
            if row.id == record_id:
                self.table.selectRow(position)
                return

    def _selected_row(self) -> QualificationRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details()

    # --- helpers ---------------------------------------------------------------------------------

    def _fill_industries(self) -> None:
        """(Re)write the industry list in the current language, keeping the chosen industry."""
        chosen = self.industry_filter.currentData()
        chinese = self.context.language == i18n.CHINESE
        self.industry_filter.blockSignals(True)
        try:
            self.industry_filter.clear()
            self.industry_filter.addItem(self.tr("All industries"), None)
            for industry in self._industries or []:
                name = (
                    (industry.name_zh or industry.name_en)
                    if chinese
                    else (industry.name_en or industry.name_zh)
                )
                label = f"{name} ({industry.agency_code})" if industry.agency_code else name
                self.industry_filter.addItem(label, industry.id)
            position = self.industry_filter.findData(chosen) if chosen is not None else 0
            self.industry_filter.setCurrentIndex(max(position, 0))
        finally:
            self.industry_filter.blockSignals(False)

    def _update_count(self) -> None:
        count = self.model.rowCount()
        if count == 1:
            self.count_label.setText(self.tr("1 qualification"))
        else:
            self.count_label.setText(self.tr("{count} qualifications").format(count=count))

    def _show_details(self) -> None:
        row = self._selected_row()
        if row is None:
            self.details.setPlainText(self.tr("Select a qualification to see its details."))
            return
        chinese = self.context.language == i18n.CHINESE
        agency = (
            (row.agency_name_zh or row.agency_name_en)
            if chinese
            else (row.agency_name_en or row.agency_name_zh)
        )
        fields = [
            (self.tr("QR number"), row.qr_number or self.tr("(not recorded)")),
            (self.tr("QF level"), str(row.qf_level)),
            (self.tr("Industry"), self.model.industry(row)),
            (self.tr("Assessment agency"), f"{agency} ({row.agency_code})" if row.agency_code else agency),
            (self.tr("Stream"), row.stream),
            (self.tr("Open to carers"), self.tr("Yes") if row.open_to_carers else self.tr("No")),
        ]
        # Two columns: what the qualification is on the left, the notes on the right.
        left = [f"<p style='font-size:large'><b>{escape(self.model.title(row))}</b></p>"]
        other = self.model.other_title(row)
        if other:
            left.append(f"<p>{escape(other)}</p>")
        left.append("<table cellspacing='2'>")
        left += [
            f"<tr><td><b>{escape(name)}</b>&nbsp;&nbsp;</td><td>{escape(value)}</td></tr>"
            for name, value in fields
        ]
        left.append("</table>")
        notes_heading = self.tr("Notes")
        notes = escape(row.notes or self.tr("(none)")).replace("\n", "<br>")
        parts = [
            "<table width='100%' cellspacing='0' cellpadding='4'><tr>",
            f"<td width='55%' valign='top'>{''.join(left)}</td>",
            f"<td valign='top'><p><b>{escape(notes_heading)}</b></p><p>{notes}</p></td>",
            "</tr></table>",
        ]
        self.details.setHtml("".join(parts))
