"""The evidence checklist of a case as a table: document, period, status, who and when, reason, files."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from assessor_app.core.domain.enums import EvidenceStatus
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.evidence.case_checklist import ChecklistItem
from assessor_app.ui import i18n
from assessor_app.ui.models.row_table_model import AnyIndex, Column, RowTableModel

CENTRE = Qt.AlignmentFlag.AlignCenter
STATUS_ORDER = [status.value for status in EvidenceStatus]
STATUS_COLOURS = {
    EvidenceStatus.MISSING: QColor("#8a5a00"),
    EvidenceStatus.ORIGINAL_SEEN: QColor("#1b6e20"),
    EvidenceStatus.COPY_RECEIVED: QColor("#1b6e20"),
    EvidenceStatus.VERIFIED: QColor("#0d47a1"),
    EvidenceStatus.REJECTED: QColor("#b3261e"),
}


def evidence_status_labels() -> dict[str, str]:
    """Each checklist status with its label in the current language."""
    return {
        EvidenceStatus.MISSING: QCoreApplication.translate("EvidenceStatus", "Missing"),
        EvidenceStatus.ORIGINAL_SEEN: QCoreApplication.translate("EvidenceStatus", "Original seen"),
        EvidenceStatus.COPY_RECEIVED: QCoreApplication.translate("EvidenceStatus", "Copy received"),
        EvidenceStatus.VERIFIED: QCoreApplication.translate("EvidenceStatus", "Verified"),
        EvidenceStatus.REJECTED: QCoreApplication.translate("EvidenceStatus", "Rejected"),
    }


def document_name(item: ChecklistItem, language: str) -> str:
    if language.startswith("zh"):
        return item.type_zh or item.type_en or item.evidence_type
    return item.type_en or item.type_zh or item.evidence_type


def period_dates(item: ChecklistItem) -> str:
    if item.period_start is None:
        return ""
    end = item.period_end.isoformat() if item.period_end is not None else "…"
    return f"{item.period_start.isoformat()} – {end}"


class ChecklistTableModel(RowTableModel[ChecklistItem]):
    """One row per checklist item; the status column is coloured, the period's dates are its tooltip."""

    def status(self, item: ChecklistItem) -> str:
        return self._status_labels.get(item.status, item.status)

    def recorded(self, item: ChecklistItem, *, with_time: bool = False) -> str:
        """``who · 2023-11-08`` (the time too in the tooltip)."""
        when = hong_kong_text(item.recorded_at)
        if not with_time:
            when = when[:10]
        return " · ".join(part for part in (item.recorded_by or "", when) if part)

    def columns(self) -> list[Column[ChecklistItem]]:
        return [
            Column("document", lambda item: document_name(item, i18n.current_language())),
            Column(
                "period",
                lambda item: item.period_label,
                lambda item: (item.period_start is None, item.period_start),
            ),
            Column(
                "status",
                self.status,
                lambda item: (
                    STATUS_ORDER.index(item.status) if item.status in STATUS_ORDER else len(STATUS_ORDER)
                ),
            ),
            Column(
                "recorded",
                self.recorded,
                lambda item: item.recorded_at.timestamp() if item.recorded_at else 0.0,
            ),
            Column("reason", lambda item: item.reason),
            Column(
                "files", lambda item: str(len(item.attachments)), lambda item: len(item.attachments), CENTRE
            ),
        ]

    def headers(self) -> list[str]:
        self._status_labels = evidence_status_labels()
        return [
            self.tr("Document"),
            self.tr("Period proved"),
            self.tr("Status"),
            self.tr("Recorded by"),
            self.tr("Reason"),
            self.tr("Files"),
        ]

    def record_id(self, row: ChecklistItem) -> int:
        return row.id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        item = self.rows[index.row()]
        key = self._columns[index.column()].key if index.column() < len(self._columns) else ""
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return STATUS_COLOURS.get(EvidenceStatus(item.status)) if item.status in STATUS_ORDER else None
        if role == Qt.ItemDataRole.ToolTipRole and key == "recorded":
            return self.recorded(item, with_time=True)
        if role == Qt.ItemDataRole.ToolTipRole and key == "period":
            dates = period_dates(item)
            return f"{item.period_label}\n{dates}" if dates else item.period_label
        return super().data(index, role)

    def row_of(self, item_id: int) -> int | None:
        return next((position for position, item in enumerate(self.rows) if item.id == item_id), None)
