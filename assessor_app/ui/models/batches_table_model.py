"""The batch ledger as a table: what went out or came in, when, by whom, and its short hash."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.cases.listing import BatchRow
from assessor_app.ui.models.row_table_model import Column, RowTableModel

CENTRE = Qt.AlignmentFlag.AlignCenter


def batch_kind_label(kind: str) -> str:
    labels = {
        "export": QCoreApplication.translate("BatchKind", "Export"),
        "results": QCoreApplication.translate("BatchKind", "Returned results"),
        "merge": QCoreApplication.translate("BatchKind", "Merged from another laptop"),
    }
    return labels.get(kind, kind)


class BatchesTableModel(RowTableModel[BatchRow]):
    def columns(self) -> list[Column[BatchRow]]:
        return [
            Column("kind", lambda row: batch_kind_label(row.kind)),
            Column("file_name", lambda row: row.file_name),
            Column("created_by", lambda row: row.created_by),
            Column(
                "created_at",
                lambda row: hong_kong_text(row.created_at),
                lambda row: row.created_at,
                CENTRE,
            ),
            Column("case_count", lambda row: str(row.case_count), lambda row: row.case_count, CENTRE),
            Column("hash", lambda row: row.short_hash),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("Kind"),
            self.tr("File"),
            self.tr("Created by"),
            self.tr("Created at (Hong Kong time)"),
            self.tr("Cases"),
            self.tr("SHA-256 (start)"),
        ]

    def record_id(self, row: BatchRow) -> int:
        return row.batch_id
