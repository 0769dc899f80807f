"""The changes a returned workbook would make, as a table: reference, qualification, field, old → new."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from assessor_app.core.services.sync.import_results import ResultsPreview
from assessor_app.ui.batches.text import mask_hkids
from assessor_app.ui.labels import status_label
from assessor_app.ui.models.row_table_model import Column, RowTableModel

STATUS_FIELD = "status"


@dataclass(frozen=True)
class ChangeRow:
    number: int
    reference: str
    qualification: str
    field: str  # result, soa_number, soa_date, remarks or status
    old: str | None
    new: str | None
    remarks: str


def change_rows(preview: ResultsPreview) -> list[ChangeRow]:
    """Every field change, then every case status change, in the core's order."""
    rows = [
        ChangeRow(
            number,
            change.reference_no or change.application_uid,
            change.qualification,
            change.field,
            change.old,
            change.new,
            change.remarks,
        )
        for number, change in enumerate(preview.changes)
    ]
    start = len(rows)
    rows.extend(
        ChangeRow(
            start + number,
            status.reference_no or status.application_uid,
            "",
            STATUS_FIELD,
            status.old,
            status.new,
            "",
        )
        for number, status in enumerate(preview.status_changes)
    )
    return rows


def field_label(name: str) -> str:
    labels = {
        "result": QCoreApplication.translate("ResultChange", "Result"),
        "soa_number": QCoreApplication.translate("ResultChange", "SoA number"),
        "soa_date": QCoreApplication.translate("ResultChange", "SoA date"),
        "remarks": QCoreApplication.translate("ResultChange", "Secretariat's remarks"),
        STATUS_FIELD: QCoreApplication.translate("ResultChange", "Case status"),
    }
    return labels.get(name, name)


def value_label(field: str, value: str | None) -> str:
    if value is None or value == "":
        return "—"
    if field == STATUS_FIELD:
        return status_label(value)
    if field == "result":
        results = {
            "passed": QCoreApplication.translate("ResultChange", "Passed"),
            "failed": QCoreApplication.translate("ResultChange", "Failed"),
        }
        return results.get(value, value)
    return value


class ChangesTableModel(RowTableModel[ChangeRow]):
    def columns(self) -> list[Column[ChangeRow]]:
        return [
            Column("reference", lambda row: row.reference),
            Column("qualification", lambda row: row.qualification),
            Column("field", lambda row: field_label(row.field)),
            Column("old", lambda row: value_label(row.field, row.old)),
            Column("new", lambda row: value_label(row.field, row.new)),
            Column("remarks", lambda row: mask_hkids(row.remarks)),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("Reference"),
            self.tr("Qualification"),
            self.tr("Field"),
            self.tr("Now"),
            self.tr("After import"),
            self.tr("Remarks"),
        ]

    def record_id(self, row: ChangeRow) -> int:
        return row.number
