"""What every bilingual A4 document of the workstation shares: colours, styles, the page, the atomic write.

The acknowledgement slip, the request-for-documents letter and the assessment report are all built from
:class:`BilingualLayout` (paragraph styles in the bundled CJK font, every piece of text passed through
:class:`~assessor_app.core.services.documents.fonts.MixedText` so no character disappears), laid out on one A4
page template by :func:`build_a4_pdf` and saved with :func:`write_atomically` (temporary file in the same
folder, fsync, ``os.replace``: the target is either the old file or the whole new one); :func:`save_pdf`
does both for one :class:`DocumentKind`.

reportlab is imported inside the functions: importing this module costs nothing at start-up.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import to_hong_kong_time, utc_now
from assessor_app.core.private_files import replace_private
from assessor_app.core.services.documents.fonts import PRIMARY_FONT

log = logging.getLogger(__name__)

INK = "#1A1A1A"
MUTED = "#555555"
ACCENT = "#0B5563"
ACCENT_LIGHT = "#E6F0F1"
WARN_LIGHT = "#FBEAEA"
WARN = "#8A1C1C"
RULE = "#B8C4C6"

NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
CREATOR = "RPL Assessor Workstation 過往資歷認可評審工作站"

# Labels every layout's footer uses: (Chinese, English).
FOOTER_LABELS: dict[str, tuple[str, str]] = {
    "printed": ("列印時間", "Printed"),
    "page": ("頁", "Page"),
}


@dataclass(frozen=True)
class DocumentKind:
    """One kind of printed document: its printed title, its PDF subject, how a failed save names it."""

    title: str  # "Assessment report 評審報告": in the footer and the PDF's title, before the reference
    subject: str  # the PDF's subject
    name_en: str  # "assessment report": in a save error ("the …") and in the log
    name_zh: str  # "評審報告"
    unwritable_code: str  # the AppError code when the file cannot be written

    def footer(self, reference: str) -> str:
        """The footer's left side: the title and the document's reference."""
        return f"{self.title} · {reference}"


@dataclass(frozen=True)
class RenderedPdf:
    """A document rendered in memory; ``missing_characters`` were printed as ``[U+XXXX]``."""

    content: bytes
    page_count: int
    missing_characters: tuple[str, ...]


_paragraph_type: type[Any] | None = None


def paragraph(markup: str, style: Any) -> Any:
    """A reportlab Paragraph whose CJK lines are never squeezed.

    With CJK wrapping, reportlab lets a closing punctuation mark that may not start a line (。，）…) hang
    past the right edge, then records the overhang as negative free space and draws the line with negative
    word spacing: the characters overlap. Here such a line keeps its natural spacing and the mark hangs.
    """
    global _paragraph_type
    if _paragraph_type is None:
        from reportlab.platypus import Paragraph

        class HangingParagraph(Paragraph):  # type: ignore[misc]
            def breakLinesCJK(self, maxWidths: Any) -> Any:
                result = super().breakLinesCJK(maxWidths)
                lines = getattr(result, "lines", None) or []
                for index, line in enumerate(lines):
                    if isinstance(line, tuple):  # (free space, words): the single-font case
                        if line[0] < 0:
                            lines[index] = (0, *line[1:])
                    elif getattr(line, "extraSpace", 0) < 0:
                        line.extraSpace = 0
                return result

        _paragraph_type = HangingParagraph
    return _paragraph_type(markup, style)


def write_atomically(content: bytes, out: Path, *, document_en: str, document_zh: str, code: str) -> None:
    """Write ``content`` to ``out`` through a temporary file in the same folder: all or nothing.

    A failure is an :class:`AppError` with ``code``, naming the document ("the acknowledgement slip" /
    "申請確認回條"); the temporary file is removed and ``out`` is left as it was.
    """
    try:
        replace_private(out, content)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AppError(
            f"Cannot save {document_en} to {out}: {reason}. Nothing was written; choose another "
            "folder or free some disk space and try again.",
            f"無法把{document_zh}儲存至 {out}：{reason}。檔案未有寫入；請選擇其他資料夾或騰出磁碟空間後再試。",
            code=code,
        ) from exc


class BilingualLayout:
    """Paragraph styles and building blocks shared by the bilingual documents.

    ``labels`` maps keys to ``(Chinese, English)``; it must hold :data:`FOOTER_LABELS`' keys and, for
    :meth:`banner`, ``"title"``. Every text
    goes through ``self.text`` (one :class:`MixedText` per document), whose ``missing`` list then names each
    character the document could not draw.
    """

    def __init__(
        self, labels: Mapping[str, tuple[str, str]], *, printed_at: datetime | None, footer_left: str
    ) -> None:
        from reportlab.lib.units import mm

        from assessor_app.core.services.documents.fonts import MixedText, register_fonts

        register_fonts()
        self.labels = labels
        self.printed_at = to_hong_kong_time(printed_at or utc_now())  # printed now unless told otherwise
        self.footer_left = footer_left
        self.text = MixedText()
        self.mm = float(mm)

        self.body = self.style("body", 9.5)
        self.small = self.style("small", 8, textColor=MUTED)
        self.cell = self.style("cell", 9)
        self.value = self.style("value", 10.5)
        self.cell_head = self.style("cell_head", 8.5, textColor=ACCENT)
        self.heading = self.style("heading", 11, spaceBefore=5, spaceAfter=2, textColor=ACCENT)
        self.banner_left = self.style("banner_left", 15, leading=19, textColor="#FFFFFF")
        self.banner_sub = self.style("banner_sub", 9, textColor="#FFFFFF")
        self.banner_right = self.style("banner_right", 15, leading=19, textColor="#FFFFFF", alignment=2)
        self.banner_sub_right = self.style("banner_sub_right", 9, textColor="#FFFFFF", alignment=2)

    @staticmethod
    def style(name: str, size: float, *, leading: float | None = None, **extra: Any) -> Any:
        """A paragraph style in the primary CJK font (CJK line breaking)."""
        from reportlab.lib.styles import ParagraphStyle

        extra.setdefault("textColor", INK)
        return ParagraphStyle(
            name,
            fontName=PRIMARY_FONT,
            fontSize=size,
            leading=leading or size * 1.35,
            wordWrap="CJK",
            **extra,
        )

    def label(self, key: str) -> str:
        """A printed label, Chinese first: ``參考編號 Reference No.``."""
        zh, en = self.labels[key]
        return f"{zh} {en}"

    def p(self, text: str, style: Any) -> Any:
        """A paragraph of plain ``text`` (escaped, fonts switched as needed, newlines kept)."""
        return paragraph(self.text.markup(text), style)

    def two_lines(self, first: str, second: str, style: Any, *, second_size: float | None = None) -> Any:
        """One paragraph: ``first``, a line break, then ``second`` (smaller, muted)."""
        size = second_size or style.fontSize * 0.85
        markup = self.text.markup(first)
        if second:
            markup += "<br/>" + self.text.markup(second, size=size, color=MUTED)
        return paragraph(markup, style)

    def bilingual(self, zh: str, en: str, style: Any, *, second_size: float | None = None) -> Any:
        """Chinese above English (English alone when there is no Chinese)."""
        if not zh:
            return self.p(en or "—", style)
        return self.two_lines(zh, en, style, second_size=second_size)

    def inline(self, key: str, style: Any) -> Any:
        """A label on one line: Chinese, then English a little smaller."""
        zh, en = self.labels[key]
        return paragraph(f"{self.text.markup(zh)} {self.text.markup(en, size=style.fontSize * 0.9)}", style)

    def stacked(self, key: str, style: Any) -> Any:
        """A label on two lines, Chinese above English (for narrow table headers)."""
        zh, en = self.labels[key]
        return self.two_lines(zh, en, style, second_size=style.fontSize * 0.9)

    def label_value(self, key: str, value: str) -> list[Any]:
        return [self.inline(key, self.cell_head), self.p(value or "—", self.value)]

    def section(self, key: str) -> Any:
        """A section heading from the labels."""
        return self.p(self.label(key), self.heading)

    def grid_style(self, *, header_background: str = ACCENT_LIGHT, extra: list[Any] | None = None) -> Any:
        """A ruled table with a shaded header row."""
        from reportlab.platypus import TableStyle

        return TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),  # no unused Helvetica default
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), header_background),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                *(extra or []),
            ]
        )

    def label_grid(
        self, rows: list[list[Any]], widths: list[float], *, extra: list[Any] | None = None
    ) -> Any:
        """A ruled table whose even columns are shaded labels (label, value, label, value)."""
        from reportlab.platypus import Table, TableStyle

        shaded = [
            ("BACKGROUND", (column, 0), (column, -1), ACCENT_LIGHT) for column in range(0, len(widths), 2)
        ]
        table = Table(rows, colWidths=widths)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),  # no unused Helvetica default
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    *shaded,
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    *(extra or []),
                ]
            )
        )
        return table

    def banner(self, width: float, *, agency_zh: str, agency_en: str) -> Any:
        """The coloured band across the top: agency on the left, the document's title label on the right."""
        from reportlab.platypus import Table, TableStyle

        title_zh, title_en = self.labels["title"]
        left = [self.p(agency_zh or agency_en, self.banner_left)]
        if agency_zh and agency_en:
            left.append(self.p(agency_en, self.banner_sub))
        right = [
            self.p(title_zh, self.banner_right),
            paragraph(self.text.markup(title_en), self.banner_sub_right),
        ]
        table = Table([[left, right]], colWidths=[width * 0.62, width * 0.38])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),  # no unused Helvetica default
                    ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return table

    def footer(self, canvas: Any, doc: Any) -> None:
        """Every page: a rule, ``footer_left`` on the left, printed time and page number on the right."""
        from reportlab.lib.pagesizes import A4

        page_width = float(A4[0])
        left = float(doc.leftMargin)
        right = page_width - float(doc.rightMargin)
        y = 9 * self.mm
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, y + 10, right, y + 10)
        canvas.setFillColor(MUTED)
        self.text.draw(canvas, left, y, self.footer_left, 8)
        page_zh, page_en = self.labels["page"]
        printed = (
            f"{self.label('printed')}: {self.printed_at:%Y-%m-%d %H:%M}   "
            f"第 {doc.page} {page_zh} {page_en} {doc.page}"
        )
        self.text.draw(canvas, right, y, printed, 8, align="right")
        canvas.restoreState()


def build_a4_pdf(
    layout: BilingualLayout,
    make_story: Callable[[float], list[Any]],
    *,
    title: str,
    author: str,
    subject: str,
    top_margin_mm: float = 12,
) -> RenderedPdf:
    """Lay out ``make_story(frame width)`` on A4 pages with ``layout``'s footer; the PDF in memory."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=top_margin_mm * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        subject=subject,
        creator=CREATOR,
        initialFontName=PRIMARY_FONT,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="page", **NO_PADDING)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=layout.footer)])
    doc.build(make_story(float(doc.width)))
    return RenderedPdf(
        content=buffer.getvalue(),
        page_count=int(doc.page),
        missing_characters=tuple(layout.text.missing),
    )


def save_pdf(
    layout: BilingualLayout,
    make_story: Callable[[float], list[Any]],
    out: Path,
    kind: DocumentKind,
    *,
    reference: str,
    author: str,
) -> RenderedPdf:
    """Lay out the document (:func:`build_a4_pdf`) and write it to ``out`` (:func:`write_atomically`).

    A character no bundled font has was printed as a visible ``[U+XXXX]``: that is logged.
    """
    rendered = build_a4_pdf(
        layout, make_story, title=f"{kind.title} {reference}", author=author, subject=kind.subject
    )
    write_atomically(
        rendered.content,
        out,
        document_en=f"the {kind.name_en}",
        document_zh=kind.name_zh,
        code=kind.unwritable_code,
    )
    if rendered.missing_characters:
        log.warning(
            "%s %s: %d character(s) no bundled font has were printed as code points",
            kind.name_en,
            reference,
            len(rendered.missing_characters),
        )
    log.info("%s %s written to %s (%d pages)", kind.name_en, reference, out, rendered.page_count)
    return rendered
