"""The top of the case view: back button, reference and status chips, and the applicant's particulars.

Its texts keep the ``CaseView`` translation context (they were the case view's before it was split).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.cases.summary import CaseSummary
from assessor_app.core.services.review.document_requests import RequestRow
from assessor_app.ui.labels import status_label
from assessor_app.ui.pages.base import heading_label

HEADER_FIELDS = ("names", "hkid", "event", "application_date", "contact", "fee")
CHIP_STYLE = (
    "QLabel#{name} {{ background: {background}; color: {colour}; border-radius: 4px; padding: 2px 8px; }}"
)


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class CaseHeader(QWidget):
    """What the case is and who applied; the HKID masked (the summary holds no other form) unless a reviewer
    asks for it in full (:mod:`.hkid_reveal`, audited), for a minute."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_button = QPushButton()
        self.back_button.setObjectName("case_back")
        self.back_to_intake = False  # opened from the intake form's existing-case warning: back goes there
        self.title = heading_label("case_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.status_chip = QLabel()
        self.status_chip.setObjectName("case_status")
        self.status_chip.setStyleSheet(
            CHIP_STYLE.format(name="case_status", background="#e3f2fd", colour="#0d47a1")
        )
        self.requests_chip = QLabel()
        self.requests_chip.setObjectName("case_requests")
        self.requests_chip.hide()
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(8)
        top.addWidget(self.title)
        top.addWidget(self.status_chip)
        top.addWidget(self.requests_chip)
        top.addStretch(1)
        self._top = top

        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        bold = QFont(self.font())
        bold.setBold(True)
        for position, key in enumerate(HEADER_FIELDS):
            caption = QLabel()
            caption.setObjectName(f"case_caption_{key}")
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            value = _value_label(f"case_{key}")
            if key == "names":
                value.setFont(bold)
            self.captions[key] = caption
            self.values[key] = value
            row, column = divmod(position, 2)
            grid.addWidget(caption, row, column * 2, Qt.AlignmentFlag.AlignTop)
            if key == "hkid":  # the number, then its "Show in full" button
                self._hkid_row = QHBoxLayout()
                self._hkid_row.addWidget(value, 1)
                grid.addLayout(self._hkid_row, row, column * 2 + 1)
            else:
                grid.addWidget(value, row, column * 2 + 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self._summary: CaseSummary | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)

    def add_hkid_action(self, button: QWidget) -> None:
        """A button after the HKID (the case view's "Show in full")."""
        self._hkid_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

    def add_action(self, button: QWidget) -> None:
        """A button at the right of the top row (the case view's "Update particulars…")."""
        self._top.addWidget(button)

    def set_back_to_intake(self, back_to_intake: bool) -> None:
        """Whether "Back" returns to the intake form (a case its existing-case warning opened) or to the list."""
        self.back_to_intake = back_to_intake
        self._name_back_button()

    def _name_back_button(self) -> None:
        if self.back_to_intake:
            self.back_button.setText(QCoreApplication.translate("CaseView", "← Back to the form"))
            self.back_button.setToolTip(
                QCoreApplication.translate(
                    "CaseView", "Back to the application being taken on the Intake page (Esc)"
                )
            )
        else:
            self.back_button.setText(QCoreApplication.translate("CaseView", "← Back to the list"))
            self.back_button.setToolTip(
                QCoreApplication.translate("CaseView", "Back to the list of cases (Esc)")
            )

    def retranslate(self) -> None:
        self._name_back_button()
        captions = {
            "names": QCoreApplication.translate("CaseView", "Name"),
            "hkid": QCoreApplication.translate("CaseView", "HKID"),
            "event": QCoreApplication.translate("CaseView", "Event"),
            "application_date": QCoreApplication.translate("CaseView", "Application date"),
            "contact": QCoreApplication.translate("CaseView", "Contact"),
            "fee": QCoreApplication.translate("CaseView", "Fee"),
        }
        for key, caption in captions.items():
            self.captions[key].setText(caption)
        # The case keeps the particulars it was lodged with; the person's current record may differ.
        as_lodged = QCoreApplication.translate("CaseView", "As lodged with this case")
        for key in ("names", "contact"):
            self.values[key].setToolTip(as_lodged)

    def show_summary(self, summary: CaseSummary) -> None:
        self._summary = summary
        self.title.setText(
            summary.reference_no or QCoreApplication.translate("CaseView", "Draft (no reference number yet)")
        )
        self.status_chip.setText(status_label(summary.status))
        self.values["names"].setText("  ".join(name for name in (summary.name_zh, summary.name_en) if name))
        self._show_hkid(summary.hkid_masked)
        self.values["event"].setText(
            " ".join(part for part in (summary.event_code, summary.event_name) if part)
        )
        self.values["application_date"].setText(summary.application_date.isoformat())
        self.values["contact"].setText(" · ".join(part for part in (summary.phone, summary.email) if part))
        fee = (
            QCoreApplication.translate("CaseView", "HK${fee:,}").format(fee=summary.fee_hkd)
            if summary.fee_hkd is not None
            else "—"
        )
        if summary.carer_declaration:
            fee = QCoreApplication.translate("CaseView", "{fee} · carer's declaration").format(fee=fee)
        self.values["fee"].setText(fee)

    def _show_hkid(self, number: str) -> None:
        summary = self._summary
        if summary is None:
            return
        if summary.hkid_verified_by or summary.hkid_verified_at:
            hkid = QCoreApplication.translate("CaseView", "{hkid} — original seen by {who}, {when}").format(
                hkid=number,
                who=summary.hkid_verified_by or "?",
                when=hong_kong_text(summary.hkid_verified_at),
            )
        else:
            hkid = QCoreApplication.translate("CaseView", "{hkid} — original not yet verified").format(
                hkid=number
            )
        self.values["hkid"].setText(hkid)

    def show_full_hkid(self, number: str) -> None:
        """The number in full (after the audited request), until :meth:`mask_hkid`."""
        self._show_hkid(number)

    def mask_hkid(self) -> None:
        self._show_hkid(self._summary.hkid_masked if self._summary is not None else "")

    def show_requests(self, requests: Sequence[RequestRow]) -> None:
        """Outstanding requests for documents at a glance, in red once one is overdue."""
        waiting = [row for row in requests if not row.fulfilled]
        late = [row for row in waiting if row.overdue]
        if late:
            self.requests_chip.setText(
                QCoreApplication.translate("CaseView", "1 request for documents overdue")
                if len(late) == 1
                else QCoreApplication.translate("CaseView", "{count} requests for documents overdue").format(
                    count=len(late)
                )
            )
            self.requests_chip.setStyleSheet(
                CHIP_STYLE.format(name="case_requests", background="#fdecea", colour="#b3261e")
            )
        elif waiting:
            self.requests_chip.setText(
                QCoreApplication.translate("CaseView", "1 request for documents outstanding")
                if len(waiting) == 1
                else QCoreApplication.translate(
                    "CaseView", "{count} requests for documents outstanding"
                ).format(count=len(waiting))
            )
            self.requests_chip.setStyleSheet(
                CHIP_STYLE.format(name="case_requests", background="#fff4e5", colour="#8a5a00")
            )
        self.requests_chip.setVisible(bool(waiting))
