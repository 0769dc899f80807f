"""The request-for-documents letter (補交文件通知): what is still needed, by when, and how to send it.

:func:`build_letter_data` reads one request of :mod:`~assessor_app.core.services.review.document_requests`
into plain values (the HKID only masked); :func:`render_request_letter` lays them out on a bilingual A4
PDF and writes it atomically. The items are those copied into the request when it was made, so a
reprinted letter says what was asked for then. reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EventRecord,
)
from assessor_app.core.db.models.catalogue import AgencyRecord, IndustryRecord, QualificationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.names import english_name
from assessor_app.core.hong_kong_time import to_hong_kong_time
from assessor_app.core.services.documents.layout import (
    ACCENT,
    ACCENT_LIGHT,
    FOOTER_LABELS,
    MUTED,
    RULE,
    BilingualLayout,
    DocumentKind,
    paragraph,
    save_pdf,
)
from assessor_app.core.services.review.document_requests import RequestItem, load_request, request_items
from assessor_app.core.services.shared import display_names, load_application

LETTER_LABELS: dict[str, tuple[str, str]] = {
    "title": ("補交文件通知", "Request for Documents"),
    "date": ("日期", "Date"),
    "reference": ("參考編號", "Our reference"),
    "applicant": ("申請人", "Applicant"),
    "hkid": ("香港身份證號碼", "HKID No."),
    "name_en": ("英文姓名", "Name in English"),
    "qualifications": ("申請的資歷", "Qualifications applied for"),
    "due": ("交回限期", "Please send by"),
    "documents": ("尚欠文件", "Documents we still need"),
    "document": ("文件", "Document"),
    "for_period": ("相關工作經驗", "For the employment"),
    "how": ("交回方法", "How to send them"),
    "contact": ("查詢", "Enquiries"),
    "phone": ("電話", "Phone"),
    "email": ("電郵", "Email"),
    "address": ("地址", "Address"),
    "contact_staff": ("請致電或親臨評估機構查詢。", "Please call or visit the agency."),
    "signed": ("評審員", "Assessor"),
    **FOOTER_LABELS,
}
LETTER = DocumentKind(
    title="Request for documents 補交文件通知",
    subject="RPL request for documents 過往資歷認可補交文件通知",
    name_en="request-for-documents letter",
    name_zh="補交文件通知",
    unwritable_code="letter_unwritable",
)


@dataclass(frozen=True)
class LetterData:
    """Everything printed on one letter, as plain values; the HKID is present only masked."""

    request_id: int
    letter_reference: str
    reference_no: str
    letter_date: date
    agency_name_zh: str
    agency_name_en: str
    agency_phone: str
    agency_email: str
    agency_address: str
    applicant_name_zh: str
    applicant_name_en: str
    addressee_en: str  # ``Tai Man CHAN``: given names first, as a letter is addressed
    hkid_masked: str
    qualifications: tuple[tuple[str, str], ...]
    items: tuple[RequestItem, ...]
    due_date: date
    requested_by_name: str


def _agency(session: Session, application: ApplicationRecord) -> AgencyRecord | None:
    if application.event_id is not None:
        event = session.get(EventRecord, application.event_id)
        if event is not None:
            return session.get(AgencyRecord, event.agency_id)
    agency_id = session.scalar(
        select(IndustryRecord.agency_id)
        .join(QualificationRecord, QualificationRecord.industry_id == IndustryRecord.id)
        .join(
            AppliedQualificationRecord, AppliedQualificationRecord.qualification_id == QualificationRecord.id
        )
        .where(
            AppliedQualificationRecord.application_id == application.id, IndustryRecord.agency_id.is_not(None)
        )
        .order_by(AppliedQualificationRecord.id)
        .limit(1)
    )
    return session.get(AgencyRecord, agency_id) if agency_id is not None else None


def build_letter_data(database: Database, request_id: int) -> LetterData:
    """The letter of request ``request_id``, read into plain values."""
    with database.session() as session:
        request = load_request(session, request_id)
        application = load_application(session, request.application_id)
        applicant = session.get(ApplicantRecord, application.applicant_id)
        assert applicant is not None
        agency = _agency(session, application)
        titles = session.execute(
            select(QualificationRecord.title_zh, QualificationRecord.title_en)
            .join(
                AppliedQualificationRecord,
                AppliedQualificationRecord.qualification_id == QualificationRecord.id,
            )
            .where(AppliedQualificationRecord.application_id == application.id)
            .order_by(AppliedQualificationRecord.id)
        ).tuples()
        names = display_names(session, {request.requested_by})
        requested_at = request.requested_at
        assert requested_at is not None
        reference = application.reference_no or f"#{application.id}"
        return LetterData(
            request_id=request.id,
            letter_reference=f"{reference}/R{request.id}",
            reference_no=reference,
            letter_date=to_hong_kong_time(requested_at).date(),
            agency_name_zh=agency.name_zh if agency else "",
            agency_name_en=agency.name_en if agency else "",
            agency_phone=agency.phone if agency else "",
            agency_email=agency.email if agency else "",
            agency_address=agency.address if agency else "",
            applicant_name_zh=application.name_zh,
            applicant_name_en=english_name(application.surname_en, application.given_names_en),
            addressee_en=" ".join(
                part
                for part in (application.given_names_en.strip(), application.surname_en.strip().upper())
                if part
            ),
            hkid_masked=hkid.mask(applicant.hkid),
            qualifications=tuple((zh, en) for zh, en in titles),
            items=request_items(request.items_json),
            due_date=request.due_date,
            requested_by_name=names.get(request.requested_by, request.requested_by),
        )


def _steps(data: LetterData) -> list[tuple[str, str]]:
    """How to send the documents, each step (Chinese, English)."""
    where_zh = f"本機構辦事處（{data.agency_address}）" if data.agency_address else "本機構辦事處"
    where_en = f"our office at {data.agency_address}" if data.agency_address else "our office"
    reference = data.reference_no
    steps = [
        (
            f"親身交回：請帶同每份文件的正本及副本一份到{where_zh}。我們會核對正本後即時交還，並保留副本。",
            f"In person: bring the original and one copy of each document to {where_en}. We check the "
            "original, hand it back at once and keep the copy.",
        ),
        (
            f"郵寄：請只寄副本（切勿寄出正本），並在每份文件上註明參考編號 {reference}。其後我們或會請你出示正本。",
            f"By post: send copies only (never the originals), with the reference number {reference} written "
            "on each. We may ask to see the originals later.",
        ),
    ]
    if data.agency_email:
        steps.append(
            (
                f"電郵：可把清晰的掃描本電郵至 {data.agency_email}，標題請註明參考編號 {reference}。",
                f"By email: send clear scans to {data.agency_email} with the reference number {reference} in "
                "the subject.",
            )
        )
    steps.append(
        (
            f"如未能於 {data.due_date.isoformat()} 或之前交回，評估機構或會只按已收到的文件評審你的申請。",
            f"If we do not receive them by {data.due_date.isoformat()}, your application may be assessed on "
            "the documents we already hold.",
        )
    )
    return steps


class _LetterLayout(BilingualLayout):
    def __init__(self, data: LetterData, printed_at: datetime | None) -> None:
        super().__init__(
            LETTER_LABELS, printed_at=printed_at, footer_left=LETTER.footer(data.letter_reference)
        )
        self.data = data
        self.step = self.style("step", 9.5, leading=12.5, leftIndent=13, firstLineIndent=-13, spaceAfter=3)
        self.due = self.style("due", 12, leading=16)

    def letterhead(self, width: float) -> list[Any]:
        from reportlab.platypus import Spacer

        d = self.data
        flowables: list[Any] = [self.banner(width, agency_zh=d.agency_name_zh, agency_en=d.agency_name_en)]
        details = [
            self.text.markup(f"{self.label(key)}: ", color=MUTED) + self.text.markup(value)
            for key, value in (
                ("address", d.agency_address),
                ("phone", d.agency_phone),
                ("email", d.agency_email),
            )
            if value
        ]
        if details:
            flowables += [
                Spacer(1, 1.5 * self.mm),
                paragraph(f' <font color="{RULE}">|</font> '.join(details), self.small),
            ]
        flowables.append(Spacer(1, 3 * self.mm))
        return flowables

    def particulars(self, width: float) -> Any:
        d = self.data
        rows = [
            [
                *self.label_value("date", d.letter_date.isoformat()),
                *self.label_value("reference", d.letter_reference),
            ],
            [*self.label_value("applicant", d.applicant_name_zh), *self.label_value("hkid", d.hkid_masked)],
            [
                *self.label_value("name_en", d.applicant_name_en),
                *self.label_value("due", d.due_date.isoformat()),
            ],
        ]
        label_width = 0.2 * width
        return self.label_grid(rows, [label_width, 0.34 * width, label_width, 0.26 * width])

    def opening(self) -> list[Any]:
        from reportlab.platypus import Spacer

        d = self.data
        name_zh = d.applicant_name_zh or d.applicant_name_en
        titles_zh = "、".join(f"「{zh or en}」" for zh, en in d.qualifications)
        titles_en = "; ".join(en or zh for zh, en in d.qualifications)
        zh = (
            f"{name_zh}：\n閣下申請過往資歷認可（參考編號 {d.reference_no}；{titles_zh}）。為繼續評審，"
            f"請於 {d.due_date.isoformat()} 或之前交回下列文件。"
        )
        en = (
            f"Dear {d.addressee_en or name_zh},\nTo continue assessing your application for Recognition of "
            f"Prior Learning (reference {d.reference_no}: {titles_en}), we need the documents listed below. "
            f"Please send them to us on or before {d.due_date.isoformat()}."
        )
        return [
            Spacer(1, 3 * self.mm),
            paragraph(self.text.markup(zh), self.body),
            Spacer(1, 1.5 * self.mm),
            paragraph(self.text.markup(en, color=MUTED), self.body),
        ]

    def documents(self, width: float) -> list[Any]:
        from reportlab.platypus import Table

        header = [
            self.p("#", self.cell_head),
            self.inline("document", self.cell_head),
            self.inline("for_period", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        for number, item in enumerate(self.data.items, start=1):
            if item.item_id is None:
                name = self.p(item.name_zh, self.cell)
            else:
                name = self.bilingual(item.name_zh, item.name_en, self.cell, second_size=8.5)
            rows.append([self.p(str(number), self.cell), name, self.p(item.period or "—", self.cell)])
        table = Table(rows, colWidths=[0.06 * width, 0.52 * width, 0.42 * width], repeatRows=1)
        table.setStyle(self.grid_style())
        return [self.section("documents"), table]

    def due_box(self, width: float) -> Any:
        from reportlab.platypus import Table, TableStyle

        from assessor_app.core.services.documents.fonts import PRIMARY_FONT

        due_zh, due_en = LETTER_LABELS["due"]
        table = Table(
            [
                [
                    self.p(f"{due_zh} {due_en}", self.cell_head),
                    self.p(self.data.due_date.isoformat(), self.due),
                ]
            ],
            colWidths=[0.4 * width, 0.6 * width],
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),
                    ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                    ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return table

    def how(self) -> list[Any]:
        flowables: list[Any] = [self.section("how")]
        for number, (zh, en) in enumerate(_steps(self.data), start=1):
            markup = (
                f"{number}.&nbsp;&nbsp;"
                + self.text.markup(zh)
                + "<br/>"
                + self.text.markup(en, size=8.5, color=MUTED)
            )
            flowables.append(paragraph(markup, self.step))
        return flowables

    def contact(self) -> list[Any]:
        from reportlab.platypus import Spacer

        d = self.data
        parts = [
            self.text.markup(f"{self.label(key)}: ", color=MUTED) + self.text.markup(value)
            for key, value in (("phone", d.agency_phone), ("email", d.agency_email))
            if value
        ]
        if not parts:
            parts.append(self.text.markup(self.label("contact_staff")))
        signed_zh, signed_en = LETTER_LABELS["signed"]
        agency = " ".join(part for part in (d.agency_name_zh, d.agency_name_en) if part)
        signature = f"{d.requested_by_name}\n{signed_zh} {signed_en}" + (f"\n{agency}" if agency else "")
        return [
            self.section("contact"),
            paragraph(f' <font color="{RULE}">|</font> '.join(parts), self.body),
            Spacer(1, 8 * self.mm),
            self.p(signature, self.body),
        ]

    def story(self, width: float) -> list[Any]:
        from reportlab.platypus import KeepTogether, Spacer

        return [
            *self.letterhead(width),
            self.particulars(width),
            *self.opening(),
            Spacer(1, 2 * self.mm),
            *self.documents(width),
            Spacer(1, 3 * self.mm),
            self.due_box(width),
            KeepTogether([*self.how(), *self.contact()]),
        ]


def render_request_letter(
    database: Database, request_id: int, out: Path, *, printed_at: datetime | None = None
) -> Path:
    """Print the letter of request ``request_id`` to ``out`` (A4 PDF, written atomically); returns ``out``.

    ``AppError(code="letter_unwritable")`` when the file cannot be written (nothing is left behind). A
    character no bundled font has is printed as a visible ``[U+XXXX]`` and logged.
    """
    out = Path(out)
    data = build_letter_data(database, request_id)
    layout = _LetterLayout(data, printed_at)
    author = data.agency_name_en or data.agency_name_zh
    save_pdf(layout, layout.story, out, LETTER, reference=data.letter_reference, author=author)
    return out
