"""The qualification catalogue as a table: QR number, level, titles in both languages, industry, stream."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from assessor_app.core.services.catalogue.service import QualificationRow
from assessor_app.ui import i18n
from assessor_app.ui.models.row_table_model import Column, RowTableModel

CENTRE = Qt.AlignmentFlag.AlignCenter


class CatalogueTableModel(RowTableModel[QualificationRow]):
    def __init__(self, language: str = i18n.ENGLISH, parent: Any = None) -> None:
        self.language = language
        super().__init__(parent)

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()

    def title(self, row: QualificationRow) -> str:
        """The title in the current language, or the other one when it is missing."""
        first, second = (row.title_zh, row.title_en) if self._chinese else (row.title_en, row.title_zh)
        return first or second

    def other_title(self, row: QualificationRow) -> str:
        first, second = (row.title_zh, row.title_en) if self._chinese else (row.title_en, row.title_zh)
        return second if first else ""

    def industry(self, row: QualificationRow) -> str:
        return (row.industry_zh or row.industry_en) if self._chinese else (row.industry_en or row.industry_zh)

    @property
    def _chinese(self) -> bool:
        return self.language == i18n.CHINESE

    def columns(self) -> list[Column[QualificationRow]]:
        return [
            Column("qr_number", lambda row: row.qr_number or "", lambda row: row.qr_number or "\uffff"),
            Column("level", lambda row: str(row.qf_level), lambda row: row.qf_level, CENTRE),
            Column("title", self.title),
            Column("other_title", self.other_title),
            Column("industry", self.industry),
            Column("stream", lambda row: row.stream_in(self._chinese)),
            Column("carers", self._carers, lambda row: row.open_to_carers, CENTRE),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("QR number"),
            self.tr("Level"),
            self.tr("Title"),
            self.tr("Title (Chinese)") if not self._chinese else self.tr("Title (English)"),
            self.tr("Industry"),
            self.tr("Stream"),
            self.tr("Open to carers"),
        ]

    def record_id(self, row: QualificationRow) -> int:
        return row.id

    def _carers(self, row: QualificationRow) -> str:
        return self.tr("Yes") if row.open_to_carers else self.tr("No")
