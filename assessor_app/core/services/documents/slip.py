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
from assessor_app.core.services.documents.qr_mark import qr_flowable
from assessor_app.core.services.documents.slip_data import SlipData, SlipDocument, SlipPeriod, written_date

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
    "paid": ("已繳付", "Paid"),
    "not_paid": ("未繳付", "Not yet paid"),
    "receipt": ("收據編號", "Receipt No."),
    "documents": ("證明文件", "Documents"),
    "received": ("已收文件", "Documents received"),
    "outstanding": ("尚欠文件", "Documents still required"),
    "due": ("交回限期", "Bring them by"),
    "files": ("已附加檔案", "Files attached"),
    "proves": ("證明的工作經驗", "Employment it proves"),
    "general": ("不限於某段工作", "Not for one job"),
    "none": ("沒有", "None"),
    "present": ("至今", "present"),
    "next_steps": ("下一步", "Next steps"),
    "contact": ("查詢", "Enquiries"),
    "phone": ("電話", "Phone"),
    "email": ("電郵", "Email"),
    "address": ("地址", "Address"),
    "hours": ("辦公時間", "Opening hours"),
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


def payment_text(data: SlipData) -> str:
    """The fee, whether it was paid at the counter and the receipt number: ``HK$490 · 已繳付 Paid ·
    收據編號 Receipt No. R-1``."""
    parts = [format_fee(data.fee_hkd), label("paid" if data.fee_paid else "not_paid")]
    if data.fee_receipt_no:
        parts.append(f"{label('receipt')} {data.fee_receipt_no}")
    return " · ".join(parts)


def _period_text(period: SlipPeriod | None) -> str:
    if period is None:
        return label("general")
    end = period.end_date.isoformat() if period.end_date else label("present")
    employer = f"{period.employer} · {period.post}" if period.post else period.employer
    return f"{employer}\n{period.start_date.isoformat()} – {end}"


def by_period(data: SlipData) -> list[tuple[SlipPeriod | None, list[SlipDocument], list[SlipDocument]]]:
    """The documents grouped by the job they prove, in the order first listed: (job, received, missing)."""
    groups: dict[SlipPeriod | None, tuple[list[SlipDocument], list[SlipDocument]]] = {}
    for documents, column in ((data.documents_received, 0), (data.documents_missing, 1)):
        for document in documents:
            groups.setdefault(document.period, ([], []))[column].append(document)
    return [(period, received, missing) for period, (received, missing) in groups.items()]


def _lodged_text(data: SlipData) -> str:
    if data.lodged_at is not None:
        return f"{data.lodged_at:%Y-%m-%d %H:%M}"
    return data.application_date.isoformat()


class _SlipLayout(BilingualLayout):
    """Builds the platypus story for one slip, with every piece of text going through the font runs."""

    def __init__(self, data: SlipData, printed_at: datetime | None) -> None:
        super().__init__(LABELS, printed_at=printed_at, footer_left=SLIP.footer(data.reference_no))
        self.data = data
        # Tighter than the other documents: a case of four jobs and three qualifications fits one page.
        self.heading = self.style("slip_heading", 10.5, spaceBefore=3.5, spaceAfter=1.5, textColor=ACCENT)
        self.reference = self.style("reference", 20, leading=24)
        self.field_label = self.style("field_label", 8, leading=9.5, textColor=ACCENT)
        self.contact_line = self.style("contact_line", 8, leading=10)
        self.document_cell = self.style("document_cell", 8.5, leading=10.5)
        self.step = self.style("step", 9, leading=11, leftIndent=13, firstLineIndent=-13, spaceAfter=1.5)

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
            return [Spacer(1, 3 * self.mm)]
        return [
            Spacer(1, 1 * self.mm),
            paragraph(f' <font color="{RULE}">|</font> '.join(parts), self.body),
            Spacer(1, 1 * self.mm),
        ]

    def reference_box(self, width: float) -> tuple[Any, str]:
        from reportlab.platypus import Table, TableStyle

        d = self.data
        qr_size = 21 * self.mm
        payload = self.data.qr_payload
        qr = qr_flowable(payload, qr_size)
        keep_zh, keep_en = LABELS["keep"]
        left = [
            self.p(label("reference"), self.cell_head),
            self.p(d.reference_no, self.reference),
            self.p(f"{label('lodged')}: {_lodged_text(d)}", self.body),
            self.two_lines(keep_zh, keep_en, self.small, second_size=8),
        ]
        # Where to bring the documents and whom to ask sits beside the reference, where the applicant looks.
        left_width = 0.47 * width
        table = Table(
            [[left, self.contact(), qr]],
            colWidths=[left_width, width - left_width - qr_size - 8, qr_size + 8],
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),  # no unused Helvetica default
                    ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                    ("BACKGROUND", (0, 0), (0, 0), ACCENT_LIGHT),
                    ("BACKGROUND", (1, 0), (-1, 0), "#FFFFFF"),
                    ("LINEBEFORE", (1, 0), (1, 0), 0.5, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (0, 0), 10),
                    ("LEFTPADDING", (1, 0), (1, 0), 6),
                    ("LEFTPADDING", (2, 0), (2, 0), 4),
                    ("RIGHTPADDING", (2, 0), (2, 0), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table, payload

    def applicant(self, width: float) -> list[Any]:
        """The applicant on one row: Chinese name, English name, masked HKID, each after its label."""
        from reportlab.platypus import Table, TableStyle

        d = self.data
        row: list[Any] = []
        for key, value in (
            ("name_zh", d.applicant_name_zh),
            ("name_en", d.applicant_name_en),
            ("hkid", d.hkid_masked),
        ):
            row += [self.stacked(key, self.field_label), self.p(value or "—", self.value)]
        table = Table([row], colWidths=[w * width for w in (0.13, 0.18, 0.13, 0.29, 0.13, 0.14)])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),  # no unused Helvetica default
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    *[("BACKGROUND", (column, 0), (column, 0), ACCENT_LIGHT) for column in (0, 2, 4)],
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
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
        rows.append(["", self.p(fee_label, self.cell_head), self.p(payment_text(d), self.body), ""])
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

    def _document_lines(self, documents: list[SlipDocument], *, missing: bool) -> Any:
        """One cell's documents, each Chinese above English; a received one says how it was seen, a
        missing one only when it was refused (the column says it is still required)."""
        if not documents:
            return self.p("—", self.document_cell)
        lines = []
        for document in documents:
            name_zh = document.name_zh or document.name_en
            name_en = document.name_en if document.name_zh else ""
            line = self.text.markup(name_zh)
            if name_en:
                line += "<br/>" + self.text.markup(name_en, size=7.5, color=MUTED)
            if not missing or document.status != "missing":
                status = f"{document.status_zh} {document.status_en}"
                line += "<br/>" + self.text.markup(status, size=7.5, color=WARN if missing else ACCENT)
            lines.append(line)
        return paragraph("<br/>".join(lines), self.document_cell)

    def documents(self, width: float) -> list[Any]:
        """One row per job: the documents received for it and those still required, side by side (a
        busy case of four jobs stays on one page; each job is printed once)."""
        from reportlab.platypus import Table

        d = self.data
        header = [
            self.inline("proves", self.cell_head),
            self.inline("received", self.cell_head),
            self.inline("outstanding", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        for period, received, missing in by_period(d):
            rows.append(
                [
                    self.p(_period_text(period), self.document_cell),
                    self._document_lines(received, missing=False),
                    self._document_lines(missing, missing=True),
                ]
            )
        extra: list[Any] = []
        if len(rows) == 1:
            rows.append([self.p(label("none"), self.cell), "", ""])
            extra.append(("SPAN", (0, 1), (-1, 1)))
        if d.documents_missing:
            extra += [
                ("BOX", (2, 0), (2, -1), 1.2, WARN),
                ("BACKGROUND", (2, 0), (2, 0), WARN_LIGHT),
            ]
        table = Table(rows, colWidths=[0.36 * width, 0.32 * width, 0.32 * width], repeatRows=1)
        table.setStyle(self.grid_style(extra=extra))
        heading = label("documents")
        notes = []
        if d.files_attached:
            notes.append(f"{label('files')}: {d.files_attached}")
        if d.documents_missing:
            due = written_date(d.documents_due)
            notes.append(f"{label('due')}: {due.zh} {due.en}")
        if notes:
            heading += f"（{'; '.join(notes)}）"
        return [self.p(heading, self.heading), table]

    def next_steps(self) -> list[Any]:
        flowables: list[Any] = [self.p(label("next_steps"), self.heading)]
        for number, step in enumerate(self.data.next_steps, start=1):
            markup = (
                f"{number}.&nbsp;&nbsp;"
                + self.text.markup(step.zh)
                + "<br/>"
                + self.text.markup(step.en, size=7.5, color=MUTED)
            )
            flowables.append(paragraph(markup, self.step))
        return flowables

    def contact(self) -> list[Any]:
        """The agency's name, address, phone, e-mail and opening hours, one per line (those set)."""
        d = self.data
        flowables: list[Any] = [self.p(label("contact"), self.cell_head)]
        agency = " ".join(part for part in (d.agency_name_zh, d.agency_name_en) if part)
        if agency:
            flowables.append(self.p(agency, self.contact_line))
        details = [
            (key, value)
            for key in ("address", "phone", "email", "hours")
            if (value := getattr(d, f"agency_{key}"))
        ]
        for key, value in details:
            markup = self.text.markup(f"{label(key)}: ", color=MUTED) + self.text.markup(value)
            flowables.append(paragraph(markup, self.contact_line))
        if not details:
            flowables.append(self.p(label("contact_staff"), self.contact_line))
        return flowables

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
        story += self.documents(width)
        story.append(KeepTogether(self.next_steps()))
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
