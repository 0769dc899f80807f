"""The preview of a catalogue update (every added, changed and withdrawn row) and its problems row by row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.catalogue import RowProblem
from assessor_app.core.services.catalogue.update import (
    ADDED,
    CHANGED,
    WITHDRAWN,
    CataloguePreview,
    FieldChange,
)
from assessor_app.ui.dialog_parts import ApplyPreviewDialog
from assessor_app.ui.models.row_table_model import Column, RowTableModel
from assessor_app.ui.pages.base import hint_label, list_table

WARNING_STYLE = "color: #8a4b00;"


@dataclass(frozen=True)
class PreviewLine:
    """One line of the preview: a whole added or withdrawn qualification, or one changed field."""

    number: int
    kind: str
    row: int | None
    industry: str
    title: str
    level: int
    qr_number: str
    field: str
    old: object
    new: object


def preview_lines(preview: CataloguePreview) -> list[PreviewLine]:
    lines: list[PreviewLine] = []
    for change in (*preview.added, *preview.changed, *preview.withdrawn):
        title = " ".join(part for part in (change.title_zh, change.title_en) if part)
        fields: tuple[FieldChange | None, ...] = change.changes or (None,)
        for field_change in fields:
            lines.append(
                PreviewLine(
                    number=len(lines),
                    kind=change.kind,
                    row=change.row,
                    industry=change.industry,
                    title=title,
                    level=change.qf_level,
                    qr_number=change.qr_number or "",
                    field=field_change.field if field_change else "",
                    old=field_change.old if field_change else None,
                    new=field_change.new if field_change else None,
                )
            )
    return lines


def kind_label(kind: str) -> str:
    return {
        ADDED: QCoreApplication.translate("CatalogueImport", "Added"),
        CHANGED: QCoreApplication.translate("CatalogueImport", "Changed"),
        WITHDRAWN: QCoreApplication.translate("CatalogueImport", "Withdrawn"),
    }.get(kind, kind)


def field_label(field: str) -> str:
    return {
        "": QCoreApplication.translate("CatalogueImport", "(new qualification)"),
        "title_zh": QCoreApplication.translate("CatalogueImport", "Chinese title"),
        "title_en": QCoreApplication.translate("CatalogueImport", "English title"),
        "qr_number": QCoreApplication.translate("CatalogueImport", "QR number"),
        "stream": QCoreApplication.translate("CatalogueImport", "Stream"),
        "stream_zh": QCoreApplication.translate("CatalogueImport", "Stream (Chinese)"),
        "open_to_carers": QCoreApplication.translate("CatalogueImport", "Open to carers"),
        "notes": QCoreApplication.translate("CatalogueImport", "Notes"),
        "notes_zh": QCoreApplication.translate("CatalogueImport", "Notes (Chinese)"),
        "active": QCoreApplication.translate("CatalogueImport", "Offered at intake"),
    }.get(field, field)


def value_label(field: str, value: object) -> str:
    if field == "":
        return ""
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("CatalogueImport", "Yes")
            if value
            else QCoreApplication.translate("CatalogueImport", "No")
        )
    if value is None or value == "":
        return QCoreApplication.translate("CatalogueImport", "(none)")
    return str(value)


class PreviewTableModel(RowTableModel[PreviewLine]):
    def columns(self) -> list[Column[PreviewLine]]:
        return [
            Column("kind", lambda line: kind_label(line.kind)),
            Column("row", lambda line: str(line.row) if line.row else "—", lambda line: line.row or 0),
            Column("industry", lambda line: line.industry),
            Column("title", lambda line: line.title),
            Column("level", lambda line: str(line.level), lambda line: line.level),
            Column("qr_number", lambda line: line.qr_number),
            Column("field", lambda line: field_label(line.field)),
            Column("old", lambda line: value_label(line.field, line.old)),
            Column("new", lambda line: value_label(line.field, line.new)),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("Change"),
            self.tr("File row"),
            self.tr("Industry"),
            self.tr("Qualification"),
            self.tr("Level"),
            self.tr("QR number"),
            self.tr("Field"),
            self.tr("Now"),
            self.tr("After import"),
        ]

    def record_id(self, row: PreviewLine) -> int:
        return row.number


class ProblemsTableModel(RowTableModel[RowProblem]):
    """Each refused cell: the row as the spreadsheet numbers it, the column, the reason in both languages."""

    def columns(self) -> list[Column[RowProblem]]:
        return [
            Column("row", lambda problem: str(problem.row), lambda problem: problem.row),
            Column("column", lambda problem: problem.column),
            Column("reason_en", lambda problem: problem.reason_en),
            Column("reason_zh", lambda problem: problem.reason_zh),
        ]

    def headers(self) -> list[str]:
        return [self.tr("Row"), self.tr("Column"), "Reason (English)", "原因（中文）"]

    def record_id(self, row: RowProblem) -> int:
        return row.row


def _table(name: str, model: RowTableModel[PreviewLine] | RowTableModel[RowProblem]) -> QWidget:
    table = list_table(name)
    table.setModel(model)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class CataloguePreviewDialog(ApplyPreviewDialog):
    """Every change an update file would make; Apply makes all of them in one transaction, or none."""

    def __init__(self, preview: CataloguePreview, parent: QWidget | None = None) -> None:
        super().__init__("catalogue", parent)
        self.apply_button.setDefault(True)
        self.setObjectName("catalogue_preview_dialog")
        self.preview = preview
        self.summary = QLabel()
        self.summary.setObjectName("catalogue_preview_summary")
        self.summary.setWordWrap(True)
        self.withdraw_note = QLabel()
        self.withdraw_note.setObjectName("catalogue_preview_withdrawn")
        self.withdraw_note.setWordWrap(True)
        self.withdraw_note.setStyleSheet(WARNING_STYLE)
        self.withdraw_note.setVisible(bool(preview.withdrawn))
        self.model = PreviewTableModel(self)
        self.model.set_rows(preview_lines(preview))
        self.table = _table("catalogue_preview_table", self.model)
        self.note = hint_label("catalogue_preview_note")
        self.lay_out(self.summary, self.withdraw_note, self.table, self.note, stretch=self.table)
        self.resize(1000, 560)

    def retranslate(self) -> None:
        preview = self.preview
        self.setWindowTitle(self.tr("Import the catalogue: {file}").format(file=preview.file.name))
        self.summary.setText(
            self.tr(
                "{file}: {added} qualification(s) to add, {changed} to change, {withdrawn} to withdraw; "
                "{unchanged} unchanged."
            ).format(
                file=preview.file.name,
                added=len(preview.added),
                changed=len(preview.changed),
                withdrawn=len(preview.withdrawn),
                unchanged=preview.unchanged,
            )
        )
        self.withdraw_note.setText(
            self.tr(
                "The file is taken as the agency's whole list for its industries: the qualifications of "
                "those industries that it does not list are withdrawn. They are no longer offered at intake "
                "and stay on the cases that applied for them."
            )
        )
        self.note.setText(
            self.tr("Apply makes every change above at once, or none of them. Nothing has been changed yet.")
        )
        self.apply_button.setText(self.tr("Apply all changes"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.model.retranslate()


class CatalogueProblemsDialog(QDialog):
    """Why a file was refused, row by row, in both languages; nothing was imported."""

    def __init__(self, message: str, problems: Sequence[RowProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogue_problems_dialog")
        self.message = QLabel(message)
        self.message.setObjectName("catalogue_problems_message")
        self.message.setWordWrap(True)
        self.model = ProblemsTableModel(self)
        self.model.set_rows(problems)
        self.table = _table("catalogue_problems_table", self.model)
        self.close_button = QPushButton()
        self.close_button.setObjectName("catalogue_problems_close")
        buttons = QDialogButtonBox()
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.retranslate()
        self.resize(900, 420)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("The catalogue file was not imported"))
        self.close_button.setText(self.tr("Close"))
        self.model.retranslate()
