"""The applications captured at the chosen event, as a table (the HKID only ever masked)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from assessor_app.core.hong_kong_time import to_hong_kong_time
from assessor_app.core.services.intake.lodging import QueueRow
from assessor_app.ui.models.row_table_model import Column, RowTableModel

CENTRE = Qt.AlignmentFlag.AlignCenter


def lodged_time(row: QueueRow) -> str:
    return f"{to_hong_kong_time(row.lodged_at):%H:%M}" if row.lodged_at else ""


class QueueTableModel(RowTableModel[QueueRow]):
    def columns(self) -> list[Column[QueueRow]]:
        return [
            Column("reference_no", lambda row: row.reference_no or ""),
            Column("name", lambda row: row.name),
            Column("hkid", lambda row: row.hkid_masked),
            Column(
                "qualifications",
                lambda row: str(row.qualification_count),
                lambda row: row.qualification_count,
                CENTRE,
            ),
            Column(
                "time",
                lodged_time,
                lambda row: to_hong_kong_time(row.lodged_at).isoformat() if row.lodged_at else "",
                CENTRE,
            ),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("Reference"),
            self.tr("Name"),
            self.tr("HKID"),
            self.tr("Quals"),
            self.tr("Time"),
        ]

    def record_id(self, row: QueueRow) -> int:
        return row.application_id
