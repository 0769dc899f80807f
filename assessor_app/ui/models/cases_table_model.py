"""Cases as a table; the HKID column only ever holds the masked form the service hands over."""

from __future__ import annotations

from PySide6.QtCore import Qt

from assessor_app.core.services.cases.listing import CaseRow
from assessor_app.ui.labels import status_labels
from assessor_app.ui.models.row_table_model import Column, RowTableModel

CENTRE = Qt.AlignmentFlag.AlignCenter


class CasesTableModel(RowTableModel[CaseRow]):
    def status(self, row: CaseRow) -> str:
        return self._status_labels.get(row.status, row.status)

    def columns(self) -> list[Column[CaseRow]]:
        return [
            Column(
                "reference_no", lambda row: row.reference_no or "", lambda row: row.reference_no or "\uffff"
            ),
            Column("status", self.status),
            Column("name_zh", lambda row: row.applicant_name_zh),
            Column("name_en", lambda row: row.applicant_name_en),
            Column("hkid", lambda row: row.hkid_masked),
            Column("event", lambda row: row.event_code or ""),
            Column("station", lambda row: row.station_code),
            Column(
                "application_date",
                lambda row: row.application_date.isoformat(),
                lambda row: row.application_date,
                CENTRE,
            ),
            Column(
                "qualifications",
                lambda row: str(row.qualification_count),
                lambda row: row.qualification_count,
                CENTRE,
            ),
        ]

    def headers(self) -> list[str]:
        # Looked up once per language change, not once per cell.
        self._status_labels = status_labels()
        return [
            self.tr("Reference"),
            self.tr("Status"),
            self.tr("Chinese name"),
            self.tr("English name"),
            self.tr("HKID"),
            self.tr("Event"),
            self.tr("Station"),
            self.tr("Application date"),
            self.tr("Qualifications"),
        ]

    def record_id(self, row: CaseRow) -> int:
        return row.application_id
