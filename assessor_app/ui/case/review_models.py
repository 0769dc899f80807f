"""Tables of the review: the case's requests for documents, and its history from the audit trail.

The history names each entry in the reader's language (the trail stores codes such as
``applied#12.validity``): the qualification's title, the judgement, the case state; times in Hong Kong time.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.audit import AuditEntry
from assessor_app.core.services.review.document_requests import RequestItem, RequestRow
from assessor_app.ui.labels import recommendation_label, status_label
from assessor_app.ui.models.row_table_model import AnyIndex, Column, RowTableModel

OVERDUE_COLOUR = QColor("#b3261e")
RECEIVED_COLOUR = QColor("#1b6e20")
CENTRE = Qt.AlignmentFlag.AlignCenter
FIELD = re.compile(r"^(applied|request)#(\d+)\.(\w+)$")
STATUS_FIELDS = {"status"}
PEOPLE_FIELDS = {"decided_by", "signed_off_by"}
TIME_FIELDS = {"decided_at", "signed_off_at", "fulfilled_at"}


def request_item_name(item: RequestItem, language: str) -> str:
    name = (item.name_zh or item.name_en) if language.startswith("zh") else (item.name_en or item.name_zh)
    return f"{name} ({item.period})" if item.period else name


def request_state(row: RequestRow) -> str:
    """Received, overdue by n days, or how long is left."""
    if row.fulfilled_at is not None:
        return QCoreApplication.translate("RequestsTableModel", "Received {date}").format(
            date=hong_kong_text(row.fulfilled_at, "%Y-%m-%d")
        )
    return days_left_text(-row.days_overdue if row.overdue else row.days_left)


def days_left_text(days: int) -> str:
    """ "3 days left", "Due today", "Overdue by 1 day" (negative ``days``: past the due date)."""
    if days == 0:
        return QCoreApplication.translate("DaysLeft", "Due today")
    if days == -1:
        return QCoreApplication.translate("DaysLeft", "Overdue by 1 day")
    if days < 0:
        return QCoreApplication.translate("DaysLeft", "Overdue by {days} days").format(days=-days)
    if days == 1:
        return QCoreApplication.translate("DaysLeft", "1 day left")
    return QCoreApplication.translate("DaysLeft", "{days} days left").format(days=days)


class RequestsTableModel(RowTableModel[RequestRow]):
    """A case's requests for documents, oldest first; the overdue ones in red."""

    def __init__(self, parent: Any = None) -> None:
        self.language = "en"
        super().__init__(parent)

    def columns(self) -> list[Column[RequestRow]]:
        return [
            Column("reference", lambda row: f"R{row.id}", lambda row: row.id, CENTRE),
            Column(
                "requested",
                lambda row: hong_kong_text(row.requested_at, "%Y-%m-%d"),
                lambda row: row.requested_at,
                CENTRE,
            ),
            Column(
                "documents", lambda row: "; ".join(request_item_name(i, self.language) for i in row.items)
            ),
            Column("due", lambda row: row.due_date.isoformat(), lambda row: row.due_date, CENTRE),
            Column("state", request_state, lambda row: (row.fulfilled, -row.days_overdue, row.days_left)),
        ]

    def headers(self) -> list[str]:
        return [self.tr("Ref."), self.tr("Requested"), self.tr("Documents"), self.tr("Due"), self.tr("State")]

    def record_id(self, row: RequestRow) -> int:
        return row.id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < len(self.rows):
            row = self.row_at(index.row())
            if row.overdue:
                return OVERDUE_COLOUR
            if row.fulfilled:
                return RECEIVED_COLOUR
            return None
        return super().data(index, role)


# --- history -------------------------------------------------------------------------------------


def _column_name(column: str) -> str:
    names = {
        "appropriateness": QCoreApplication.translate("ReviewHistory", "Appropriateness"),
        "validity": QCoreApplication.translate("ReviewHistory", "Validity"),
        "currency": QCoreApplication.translate("ReviewHistory", "Currency"),
        "sufficiency": QCoreApplication.translate("ReviewHistory", "Sufficiency"),
        "authenticity": QCoreApplication.translate("ReviewHistory", "Authenticity"),
        "notes": QCoreApplication.translate("ReviewHistory", "Notes"),
        "recommendation": QCoreApplication.translate("ReviewHistory", "Recommendation"),
        "reasons": QCoreApplication.translate("ReviewHistory", "Reasons"),
        "decided_by": QCoreApplication.translate("ReviewHistory", "Recommended by"),
        "decided_at": QCoreApplication.translate("ReviewHistory", "Recommended at"),
        "signed_off_by": QCoreApplication.translate("ReviewHistory", "Signed off by"),
        "signed_off_at": QCoreApplication.translate("ReviewHistory", "Signed off at"),
        "reimbursement_receipt_no": QCoreApplication.translate(
            "ReviewHistory", "Fee reimbursement receipt no."
        ),
    }
    return names.get(column, column)


def describe_entry(entry: AuditEntry, titles: dict[int, str]) -> str:
    """What changed, in the reader's language: "General home care: Validity", "Case state", ..."""
    match = FIELD.match(entry.field)
    if match is not None and match.group(1) == "applied":
        title = titles.get(int(match.group(2)), f"#{match.group(2)}")
        if entry.action == "sign_off_cleared":
            return QCoreApplication.translate("ReviewHistory", "{qualification}: sign-off cleared").format(
                qualification=title
            )
        return f"{title}: {_column_name(match.group(3))}"
    if match is not None and match.group(1) == "request":
        reference = f"R{match.group(2)}"
        if entry.action == "fulfilled":
            return QCoreApplication.translate("ReviewHistory", "Documents received ({request})").format(
                request=reference
            )
        return QCoreApplication.translate("ReviewHistory", "Request for documents {request}").format(
            request=reference
        )
    actions = {
        ("application", "status"): QCoreApplication.translate("ReviewHistory", "Case state"),
        ("application", "lodged"): QCoreApplication.translate("ReviewHistory", "Case state (lodged)"),
        ("application", "correction_opened"): QCoreApplication.translate(
            "ReviewHistory", "Correction opened"
        ),
        ("application", "correction_closed"): QCoreApplication.translate(
            "ReviewHistory", "Correction closed"
        ),
        ("application", "batch_lock"): QCoreApplication.translate(
            "ReviewHistory", "Exported in batch (locked)"
        ),
        ("application", "hkid_viewed"): QCoreApplication.translate("ReviewHistory", "HKID seen in full"),
        ("evidence_file", "attach"): QCoreApplication.translate("ReviewHistory", "File attached"),
        ("evidence_file", "link"): QCoreApplication.translate(
            "ReviewHistory", "File linked to a checklist line"
        ),
        ("evidence_file", "erase_hkid_copy"): QCoreApplication.translate("ReviewHistory", "HKID copy erased"),
    }
    known = actions.get((entry.entity, entry.action))
    if known is not None:
        return known
    return " · ".join(part for part in (entry.entity, entry.action, entry.field) if part)


def value_text(entry: AuditEntry, value: str | None, names: dict[str, str]) -> str:
    """A stored value as people read it: a state's name, a person's name, a time in Hong Kong."""
    if value is None or value == "":
        return ""
    match = FIELD.match(entry.field)
    column = match.group(3) if match is not None else entry.field
    if entry.entity == "application" and column in STATUS_FIELDS:
        return status_label(value)
    if column == "recommendation":
        return recommendation_label(value)
    if column in PEOPLE_FIELDS:
        return names.get(value, value)
    if column in TIME_FIELDS:
        try:
            return hong_kong_text(datetime.fromisoformat(value))
        except ValueError:
            return value
    if value in {"true", "false"}:
        return (
            QCoreApplication.translate("ReviewHistory", "yes")
            if value == "true"
            else QCoreApplication.translate("ReviewHistory", "no")
        )
    return value


def change_text(entry: AuditEntry, names: dict[str, str]) -> str:
    old = value_text(entry, entry.old_value, names)
    new = value_text(entry, entry.new_value, names)
    if old and new:
        return f"{old} → {new}"
    if old:
        return QCoreApplication.translate("ReviewHistory", "{old} → (cleared)").format(old=old)
    return new


class HistoryTableModel(RowTableModel[AuditEntry]):
    """Every entry of the audit trail about one case, oldest first."""

    def __init__(self, parent: Any = None) -> None:
        self.names: dict[str, str] = {}
        self.titles: dict[int, str] = {}
        super().__init__(parent)

    def set_history(self, entries: list[AuditEntry], names: dict[str, str], titles: dict[int, str]) -> None:
        self.names = names
        self.titles = titles
        self.set_rows(entries)

    def who(self, entry: AuditEntry) -> str:
        name = self.names.get(entry.actor)
        return f"{name} ({entry.actor})" if name and name != entry.actor else entry.actor

    def columns(self) -> list[Column[AuditEntry]]:
        return [
            Column(
                "when",
                lambda entry: hong_kong_text(entry.occurred_at, "%Y-%m-%d %H:%M:%S"),
                lambda entry: entry.id,
            ),
            Column("who", self.who),
            Column("what", lambda entry: describe_entry(entry, self.titles)),
            Column("change", lambda entry: change_text(entry, self.names)),
            Column("reason", lambda entry: entry.reason),
        ]

    def headers(self) -> list[str]:
        return [
            self.tr("When (Hong Kong)"),
            self.tr("Who"),
            self.tr("What"),
            self.tr("Old → new"),
            self.tr("Reason"),
        ]

    def record_id(self, row: AuditEntry) -> int:
        return row.id
