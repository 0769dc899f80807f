"""The bilingual acknowledgement slip (申請確認回條) handed to an applicant when a case is lodged.

:func:`.slip_data.build_slip_data` reads one lodged case into plain values (the HKID only ever masked);
:func:`render_slip` lays them out on an A4 PDF with the bundled CJK fonts and writes it atomically.
Any lodged case can be reprinted. reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assessor_app.core.services.documents.fonts import PRIMARY_FONT
from assessor_app.core.services.documents.layout import (
    ACCENT,
    ACCENT_LIGHT,
    FOOTER_LABELS,
    MUTED,
    RULE,
    WARN,
    WARN_LIGHT,
    BilingualLayout,
    DocumentKind,
    paragraph,
    save_pdf,
)
from assessor_app.core.services.documents.slip_data import SlipData, SlipDocument, SlipPeriod

# Every label printed on the slip: (Chinese, English), printed Chinese first.
LABELS: dict[str, tuple[str, str]] = {
    "title": ("申請確認回條", "Acknowledgement Slip"),
    "event": ("推廣日", "Promotion day"),
    "venue": ("地點", "Venue"),
    "date": ("日期", "Date"),
    "reference": ("參考編號", "Reference No."),
    "lodged": ("遞交日期及時間", "Lodged on"),
    "keep": (
        "請保留本回條，查詢時請提供參考編號。",
        "Keep this slip and quote the reference number in every enquiry.",
    ),
    "applicant": ("申請人", "Applicant"),
    "name_zh": ("中文姓名", "Name in Chinese"),
    "name_en": ("英文姓名", "Name in English"),
    "hkid": ("香港身份證號碼", "HKID No."),
    "qualifications": ("申請的資歷", "Qualifications applied for"),
    "qualification": ("資歷名稱", "Qualification"),
    "level": ("資歷級別", "QF Level"),
    "qr_number": ("資歷名冊登記號碼", "QR Registration No."),
    "fee": ("申請費用", "Application fee"),
    "fee_unknown": ("待定", "To be confirmed"),
    "received": ("已收文件", "Documents received"),
    "outstanding": ("尚欠文件", "Documents still required"),
    "document": ("文件", "Document"),
    "status": ("狀態", "Status"),
    "proves": ("證明的工作經驗", "Employment it proves"),
    "none": ("沒有", "None"),
    "present": ("至今", "present"),
    "next_steps": ("下一步", "Next steps"),
    "contact": ("查詢", "Enquiries"),
    "phone": ("電話", "Phone"),
    "email": ("電郵", "Email"),
    "address": ("地址", "Address"),
    "contact_staff": ("請向評估機構職員查詢。", "Please ask the agency's staff."),
    "printed": FOOTER_LABELS["printed"],
    "page": FOOTER_LABELS["page"],
}
FOOTER_TITLE = "Acknowledgement slip 申請確認回條"
SLIP = DocumentKind(
    title=FOOTER_TITLE,
    subject="RPL acknowledgement slip 過往資歷認可申請確認回條",
    name_en="acknowledgement slip",
    name_zh="申請確認回條",
    unwritable_code="slip_unwritable",
)


def label(key: str) -> str:
    """A printed label, Chinese first: ``參考編號 Reference No.``."""
    zh, en = LABELS[key]
    return f"{zh} {en}"


@dataclass(frozen=True)
class SlipReport:
    """What :func:`render_slip` wrote; ``missing_characters`` lists text printed as ``[U+XXXX]``."""

    path: Path
    missing_characters: tuple[str, ...]
    qr_payload: str
    page_count: int
    size_bytes: int


def format_fee(fee_hkd: int | None) -> str:
    return f"HK${fee_hkd:,}" if fee_hkd is not None else label("fee_unknown")


def _period_text(period: SlipPeriod | None) -> str:
    if period is None:
        return "—"
    end = period.end_date.isoformat() if period.end_date else label("present")
    employer = f"{period.employer} · {period.post}" if period.post else period.employer
    return f"{employer}\n{period.start_date.isoformat()} – {end}"


def _lodged_text(data: SlipData) -> str:
    if data.lodged_at is not None:
        return f"{data.lodged_at:%Y-%m-%d %H:%M}"
    return data.application_date.isoformat()


class _SlipLayout(BilingualLayout):
    """Builds the platypus story for one slip, with every piece of text going through the font runs."""

    def __init__(self, data: SlipData, printed_at: datetime | None) -> None:
        super().__init__(LABELS, printed_at=printed_at, footer_left=SLIP.footer(data.reference_no))
        self.data = data
        self.reference = self.style("reference", 22, leading=27)
        self.step = self.style("step", 9, leading=11.8, leftIndent=13, firstLineIndent=-13, spaceAfter=2)

    # sections

    def event_line(self) -> list[Any]:
        from reportlab.platypus import Spacer

        d = self.data
        parts: list[str] = []
        if d.event_name:
            name = (
                f"{d.event_name}（{d.event_host}）"
                if d.event_host and d.event_host not in d.event_name
                else d.event_name
            )
            parts.append(self.text.markup(f"{label('event')}: ", color=MUTED) + self.text.markup(name))
        if d.event_venue:
            parts.append(
                self.text.markup(f"{label('venue')}: ", color=MUTED) + self.text.markup(d.event_venue)
            )
        if d.event_date:
            parts.append(
                self.text.markup(f"{label('date')}: ", color=MUTED)
                + self.text.markup(d.event_date.isoformat())
            )
        if not parts:
            return [Spacer(1, 4 * self.mm)]
        return [
            Spacer(1, 1.5 * self.mm),
            paragraph(f' <font color="{RULE}">|</font> '.join(parts), self.body),
            Spacer(1, 1.5 * self.mm),
        ]

    def qr_drawing(self, size: float) -> tuple[Any, str]:
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        widget = QrCodeWidget(self.data.qr_payload, barLevel="M", barBorder=4)  # the standard quiet zone
        x1, y1, x2, y2 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
        drawing.initialFontName = PRIMARY_FONT  # no unused standard font in the PDF's resources
        drawing.add(widget)
        return drawing, str(widget.value)

    def reference_box(self, width: float) -> tuple[Any, str]:
        from reportlab.platypus import Table, TableStyle

        d = self.data
        qr_size = 26 * self.mm
        qr, payload = self.qr_drawing(qr_size)
        keep_zh, keep_en = LABELS["keep"]
        left = [
            self.p(label("reference"), self.cell_head),
            self.p(d.reference_no, self.reference),
            self.p(f"{label('lodged')}: {_lodged_text(d)}", self.body),
            self.two_lines(keep_zh, keep_en, self.small, second_size=8),
        ]
        table = Table([[left, qr]], colWidths=[width - qr_size - 8, qr_size + 8])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),  # no unused Helvetica default
                    ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                    ("BACKGROUND", (0, 0), (0, 0), ACCENT_LIGHT),
                    ("BACKGROUND", (1, 0), (1, 0), "#FFFFFF"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (0, 0), 10),
                    ("LEFTPADDING", (1, 0), (1, 0), 4),
                    ("RIGHTPADDING", (1, 0), (1, 0), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return table, payload

    def applicant(self, width: float) -> list[Any]:
        from reportlab.platypus import Table, TableStyle

        d = self.data
        rows = [
            [*self.label_value("name_zh", d.applicant_name_zh), *self.label_value("hkid", d.hkid_masked)],
            [*self.label_value("name_en", d.applicant_name_en), "", ""],
        ]
        label_width = 0.24 * width
        table = Table(rows, colWidths=[label_width, 0.30 * width, label_width, 0.22 * width])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),  # no unused Helvetica default
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (0, -1), ACCENT_LIGHT),
                    ("BACKGROUND", (2, 0), (2, 0), ACCENT_LIGHT),
                    ("SPAN", (1, 1), (3, 1)),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return [self.p(label("applicant"), self.heading), table]

    def qualifications(self, width: float) -> list[Any]:
        from reportlab.platypus import Table

        d = self.data
        header = [
            self.p("#", self.cell_head),
            self.inline("qualification", self.cell_head),
            self.inline("level", self.cell_head),
            self.inline("qr_number", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        for number, qualification in enumerate(d.qualifications, start=1):
            title_zh = qualification.title_zh or qualification.title_en
            title_en = qualification.title_en if qualification.title_zh else ""
            rows.append(
                [
                    self.p(str(number), self.cell),
                    self.two_lines(title_zh, title_en, self.cell, second_size=8.5),
                    self.p(str(qualification.qf_level), self.cell),
                    self.p(qualification.qr_number or "—", self.cell),
                ]
            )
        count = len(d.qualifications)
        fee_label = f"{label('fee')}（{count} 項資歷 {count} qualification{'s' if count != 1 else ''}）"
        rows.append(["", self.p(fee_label, self.cell_head), self.p(format_fee(d.fee_hkd), self.body), ""])
        fee_row = len(rows) - 1
        table = Table(
            rows,
            colWidths=[0.05 * width, 0.49 * width, 0.16 * width, 0.30 * width],
            repeatRows=1,
        )
        table.setStyle(
            self.grid_style(
                extra=[
                    ("SPAN", (2, fee_row), (3, fee_row)),
                    ("BACKGROUND", (0, fee_row), (-1, fee_row), ACCENT_LIGHT),
                    ("VALIGN", (0, fee_row), (-1, fee_row), "MIDDLE"),
                ]
            )
        )
        return [self.p(label("qualifications"), self.heading), table]

    def documents(self, width: float, key: str, documents: tuple[SlipDocument, ...]) -> list[Any]:
        from reportlab.platypus import Table

        outstanding = key == "outstanding"
        header = [
            self.inline("document", self.cell_head),
            self.inline("status", self.cell_head),
            self.inline("proves", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        for document in documents:
            name_zh = document.name_zh or document.name_en
            name_en = document.name_en if document.name_zh else ""
            rows.append(
                [
                    self.two_lines(name_zh, name_en, self.cell, second_size=8.5),
                    self.two_lines(document.status_zh, document.status_en, self.cell, second_size=8.5),
                    self.p(_period_text(document.period), self.cell),
                ]
            )
        extra: list[Any] = []
        if not documents:
            rows.append([self.p(label("none"), self.cell), "", ""])
            extra.append(("SPAN", (0, 1), (-1, 1)))
        if outstanding and documents:
            extra.append(("BOX", (0, 0), (-1, -1), 1.2, WARN))
        table = Table(rows, colWidths=[0.4 * width, 0.22 * width, 0.38 * width], repeatRows=1)
        table.setStyle(
            self.grid_style(header_background=WARN_LIGHT if outstanding else ACCENT_LIGHT, extra=extra)
        )
        return [self.p(label(key), self.heading), table]

    def next_steps(self) -> list[Any]:
        flowables: list[Any] = [self.p(label("next_steps"), self.heading)]
        for number, step in enumerate(self.data.next_steps, start=1):
            markup = (
                f"{number}.&nbsp;&nbsp;"
                + self.text.markup(step.zh)
                + "<br/>"
                + self.text.markup(step.en, size=8, color=MUTED)
            )
            flowables.append(paragraph(markup, self.step))
        return flowables

    def contact(self) -> list[Any]:
        d = self.data
        separator = f' <font color="{RULE}">|</font> '
        parts: list[str] = []
        agency = " ".join(part for part in (d.agency_name_zh, d.agency_name_en) if part)
        if agency:
            parts.append(self.text.markup(agency))
        details = [
            (key, value) for key in ("phone", "email", "address") if (value := getattr(d, f"agency_{key}"))
        ]
        for key, value in details:
            parts.append(self.text.markup(f"{label(key)}: ", color=MUTED) + self.text.markup(value))
        if not details:
            parts.append(self.text.markup(label("contact_staff")))
        return [self.p(label("contact"), self.heading), paragraph(separator.join(parts), self.body)]

    def story(self, width: float) -> tuple[list[Any], str]:
        from reportlab.platypus import KeepTogether

        reference, payload = self.reference_box(width)
        story: list[Any] = [
            self.banner(width, agency_zh=self.data.agency_name_zh, agency_en=self.data.agency_name_en),
            *self.event_line(),
            reference,
        ]
        story += self.applicant(width)
        story += self.qualifications(width)
        story += self.documents(width, "received", self.data.documents_received)
        story += self.documents(width, "outstanding", self.data.documents_missing)
        story.append(KeepTogether([*self.next_steps(), *self.contact()]))
        return story, payload


def render_slip(data: SlipData, out: Path, *, printed_at: datetime | None = None) -> SlipReport:
    """Write the slip to ``out`` as an A4 PDF, atomically; ``AppError(code="slip_unwritable")`` if it cannot."""
    out = Path(out)
    layout = _SlipLayout(data, printed_at)
    payloads: list[str] = []

    def story(width: float) -> list[Any]:
        flowables, payload = layout.story(width)
        payloads.append(payload)
        return flowables

    author = data.agency_name_en or data.agency_name_zh
    rendered = save_pdf(layout, story, out, SLIP, reference=data.reference_no, author=author)
    return SlipReport(
        path=out,
        missing_characters=rendered.missing_characters,
        qr_payload=payloads[0],
        page_count=rendered.page_count,
        size_bytes=len(rendered.content),
    )
