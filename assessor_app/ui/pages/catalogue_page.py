"""The qualification catalogue: search and filter it, read the notes, import an agency's list, get a template."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.services.catalogue.reader import CatalogueFileProblems
from assessor_app.core.services.catalogue.service import (
    IndustryRow,
    QualificationRow,
    list_industries,
    list_qualifications,
)
from assessor_app.core.services.catalogue.template import write_catalogue_template
from assessor_app.core.services.catalogue.update import (
    CatalogueImportReport,
    CataloguePreview,
    import_catalogue_file,
    preview_catalogue_file,
)
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.catalogue import files
from assessor_app.ui.catalogue.import_dialog import CataloguePreviewDialog, CatalogueProblemsDialog
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
        self.task: tasks.Task | None = None
        self.preview_dialog: CataloguePreviewDialog | None = None
        self.problems_dialog: CatalogueProblemsDialog | None = None

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
        self.import_button = QPushButton()
        self.import_button.setObjectName("catalogue_import")
        self.template_button = QPushButton()
        self.template_button.setObjectName("catalogue_template")

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
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.template_button)
        count_row.addWidget(self.import_button)
        layout.addLayout(count_row)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self.refresh)
        self.industry_filter.currentIndexChanged.connect(self.refresh)
        self.level_filter.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.import_button.clicked.connect(self.start_import)
        self.template_button.clicked.connect(self.save_template)
        self.retranslate()

    # --- Page ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Qualification catalogue"))
        self.search.setPlaceholderText(self.tr("Search title (Chinese or English) or QR number"))
        self.level_filter.setItemText(0, self.tr("All levels"))
        for position, level in enumerate(LEVELS, start=1):
            self.level_filter.setItemText(position, self.tr("Level {level}").format(level=level))
        self.details_box.setTitle(self.tr("Details"))
        self.import_button.setText(self.tr("Import the agency's list…"))
        self.import_button.setToolTip(
            self.tr(
                "Add, change and withdraw qualifications from a .csv or .xlsx file; you see every change first"
            )
        )
        self.template_button.setText(self.tr("Download a template…"))
        self.template_button.setToolTip(
            self.tr("Save an empty catalogue file with the columns and one example row")
        )
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
            (self.tr("Stream"), row.stream_in(chinese)),
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
        notes = escape(row.notes_in(chinese) or self.tr("(none)")).replace("\n", "<br>")
        parts = [
            "<table width='100%' cellspacing='0' cellpadding='4'><tr>",
            f"<td width='55%' valign='top'>{''.join(left)}</td>",
            f"<td valign='top'><p><b>{escape(notes_heading)}</b></p><p>{notes}</p></td>",
            "</tr></table>",
        ]
        self.details.setHtml("".join(parts))

    # --- import and template ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def start_import(self) -> tasks.Task | None:
        """Ask for the agency's file, then work out its changes in the background for the preview."""
        if self.busy:
            return None
        path = files.ask_import_file(self)
        if path is None:
            return None
        database = self.context.database
        self.task = tasks.run_in_background(
            lambda _control: preview_catalogue_file(database, path, withdraw_missing=True),
            on_success=self._previewed,
            on_error=self._refused,
            parent=self,
        )
        return self.task

    def _previewed(self, value: object) -> None:
        assert isinstance(value, CataloguePreview)
        if not value.has_changes:
            messages.info(
                self,
                self.tr("Nothing to change: the catalogue already matches {file}.").format(
                    file=value.file.name
                ),
            )
            return
        dialog = CataloguePreviewDialog(value, self)
        dialog.apply_requested.connect(lambda: self.apply_import(dialog))
        self.preview_dialog = dialog
        dialog.open()

    def apply_import(self, dialog: CataloguePreviewDialog) -> tasks.Task:
        """Apply the previewed file in one transaction on the writer; the preview closes either way."""
        database, preview, actor = self.context.database, dialog.preview, self.context.user

        def done(value: object) -> None:
            assert isinstance(value, CatalogueImportReport)
            dialog.accept()
            self.refresh()
            messages.info(
                self,
                self.tr(
                    "Catalogue updated from {file}: {added} added, {changed} changed, {withdrawn} withdrawn."
                ).format(
                    file=value.file.name, added=value.added, changed=value.updated, withdrawn=value.withdrawn
                ),
            )

        def failed(error: BaseException) -> None:
            dialog.reject()
            self._refused(error)

        self.task = tasks.run_in_background(
            lambda _control: import_catalogue_file(
                database,
                preview.file,
                actor=actor,
                withdraw_missing=preview.withdraw_missing,
                expected=preview,
            ),
            on_success=done,
            on_error=failed,
            parent=self,
        )
        return self.task

    def _refused(self, error: BaseException) -> None:
        """A file refused row by row gets the table of its problems; any other problem a message."""
        if isinstance(error, CatalogueFileProblems):
            dialog = CatalogueProblemsDialog(error.message(self.context.language), error.problems, self)
            self.problems_dialog = dialog
            dialog.open()
            return
        tasks.show_error(error)

    def save_template(self) -> tasks.Task | None:
        """Ask where to save the template, then write it in the background (openpyxl is slow to load)."""
        if self.busy:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path = files.ask_template_path(self, Path(folder or ".") / "catalogue-template.xlsx")
        if path is None:
            return None

        def saved(value: object) -> None:
            messages.info(self, self.tr("Template saved: {path}").format(path=str(value)))

        self.task = tasks.run_in_background(
            lambda _control: write_catalogue_template(path), on_success=saved, parent=self
        )
        return self.task
