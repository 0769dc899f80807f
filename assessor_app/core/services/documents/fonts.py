"""The bundled CJK fonts for reportlab PDFs, and text split into runs each font can draw.

reportlab draws a character its font lacks as nothing, silently. Every piece of text on a PDF therefore
goes through :func:`split_by_font`: each character is drawn by the first bundled font that has it
(WenQuanYi Micro Hei, then WenQuanYi Zen Hei for the HKSCS characters Micro Hei lacks), and a character
neither font has is printed as a visible ``[U+XXXX]`` and reported, so a person's name never loses one.

reportlab is imported inside the functions: importing this module costs nothing at start-up.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from assessor_app.core.errors import AppError
from assessor_app.core.paths import resource_path

log = logging.getLogger(__name__)

PRIMARY_FONT = "WQYMicroHei"
FALLBACK_FONT = "WQYZenHei"
FONT_FILES: dict[str, tuple[str, ...]] = {
    PRIMARY_FONT: ("fonts", "wqy-microhei.ttc"),
    FALLBACK_FONT: ("fonts", "wqy-zenhei.ttc"),
}
# Drawn as space or line break by the layout, never looked up in a font.
_LAYOUT_CHARACTERS = frozenset("\n\r\t")
MISSING_COLOUR = "#B00020"


@dataclass(frozen=True)
class FontRun:
    """A stretch of text drawn in one font; ``missing`` marks a ``[U+XXXX]`` stand-in."""

    text: str
    font: str
    missing: bool = False


_lock = threading.Lock()
_charmaps: dict[str, frozenset[int]] = {}
_font_order: list[str] = []


def replacement(character: str) -> str:
    """The visible stand-in for a character no bundled font can draw: ``[U+282E2]``."""
    return f"[U+{ord(character):04X}]"


def _load(name: str, path: Path) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(name, str(path), subfontIndex=0)
    pdfmetrics.registerFont(font)
    char_to_glyph: dict[int, int] = font.face.charToGlyph
    return frozenset(code for code, glyph in char_to_glyph.items() if glyph)


def register_fonts() -> tuple[str, ...]:
    """Register the bundled fonts with reportlab once; returns their names, primary first.

    A missing or unreadable primary font is an :class:`AppError` (the install is damaged); a missing
    fallback is logged and its characters are then reported as missing rather than drawn.
    """
    with _lock:
        if not _font_order:
            for name, parts in FONT_FILES.items():
                path = resource_path(*parts)
                try:
                    charmap = _load(name, path)
                except Exception as exc:  # reportlab raises TTFError, OSError or struct errors
                    if name == PRIMARY_FONT:
                        raise AppError(
                            f"The bundled font {path} cannot be read ({exc}). Reinstall the RPL Assessor Workstation.",
                            f"無法讀取隨附字型 {path}（{exc}）。請重新安裝評審工作站。",
                            code="font_missing",
                        ) from exc
                    log.warning(
                        "fallback font %s unavailable (%s); its characters will be reported", path, exc
                    )
                    continue
                _charmaps[name] = charmap
                _font_order.append(name)
        return tuple(_font_order)


def font_runs(text: str) -> list[FontRun]:
    """``text`` as runs of one font each, with ``[U+XXXX]`` runs (``missing=True``) for undrawable characters."""
    fonts = register_fonts()
    runs: list[FontRun] = []
    pending: list[str] = []
    pending_font = PRIMARY_FONT

    def flush() -> None:
        if pending:
            runs.append(FontRun("".join(pending), pending_font))
            pending.clear()

    for character in text:
        if character in _LAYOUT_CHARACTERS:
            pending.append(character)
            continue
        code = ord(character)
        font = next((name for name in fonts if code in _charmaps[name]), None)
        if font is None:
            flush()
            runs.append(FontRun(replacement(character), PRIMARY_FONT, missing=True))
            pending_font = PRIMARY_FONT
            continue
        if font != pending_font:
            flush()
            pending_font = font
        pending.append(character)
    flush()
    return runs


def split_by_font(text: str, missing: list[str] | None = None) -> list[tuple[str, str]]:
    """``text`` as ``(text, font name)`` runs, each drawn by the first bundled font that has its characters.

    A character neither font has becomes a visible ``[U+XXXX]`` in the primary font and is appended to
    ``missing`` (when given, once per distinct character), so the caller can warn.
    """
    runs = font_runs(text)
    if missing is not None:
        _collect_missing(runs, missing)
    return [(run.text, run.font) for run in runs]


def _collect_missing(runs: list[FontRun], missing: list[str]) -> None:
    for run in runs:
        if run.missing:
            character = chr(int(run.text[3:-1], 16))  # "[U+282E2]" -> the character itself
            if character not in missing:
                missing.append(character)


def missing_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` that no bundled font can draw, in order of appearance."""
    found: list[str] = []
    split_by_font(text, found)
    return found


class MixedText:
    """Builds reportlab Paragraph markup and canvas text from mixed-font runs, collecting missing characters.

    One instance per document: ``missing`` then lists every character the document could not draw.
    """

    def __init__(self) -> None:
        self.missing: list[str] = []

    def _note(self, runs: list[FontRun]) -> None:
        _collect_missing(runs, self.missing)

    def markup(self, text: str, *, size: float | None = None, color: str | None = None) -> str:
        """Paragraph markup for plain ``text``: escaped, fallback runs in ``<font name=...>``, newlines as breaks.

        The paragraph's own style must use :data:`PRIMARY_FONT`.
        """
        runs = font_runs(text)
        self._note(runs)
        parts: list[str] = []
        for run in runs:
            body = escape(run.text).replace("\r\n", "<br/>").replace("\n", "<br/>").replace("\r", "<br/>")
            if run.missing:
                parts.append(f'<font name="{PRIMARY_FONT}" color="{MISSING_COLOUR}">{body}</font>')
            elif run.font != PRIMARY_FONT:
                parts.append(f'<font name="{run.font}">{body}</font>')
            else:
                parts.append(body)
        inner = "".join(parts)
        attributes = []
        if size is not None:
            attributes.append(f'size="{size:g}"')
        if color is not None:
            attributes.append(f'color="{color}"')
        if attributes:
            return f"<font {' '.join(attributes)}>{inner}</font>"
        return inner

    def paragraph(self, text: str, style: Any) -> Any:
        """A platypus Paragraph of plain ``text`` in ``style`` (whose font must be :data:`PRIMARY_FONT`)."""
        from reportlab.platypus import Paragraph

        return Paragraph(self.markup(text), style)

    def width(self, text: str, size: float) -> float:
        """The drawn width of ``text`` at ``size`` points, across fonts."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        runs = font_runs(text)
        return float(sum(stringWidth(run.text, run.font, size) for run in runs))

    def draw(self, canvas: Any, x: float, y: float, text: str, size: float, *, align: str = "left") -> float:
        """Draw one line of ``text`` on a reportlab canvas with ``align`` left/right/centre at ``x``; returns its width."""
        runs = font_runs(text.replace("\n", " "))
        self._note(runs)
        total = self.width(text.replace("\n", " "), size)
        if align == "right":
            x -= total
        elif align == "centre":
            x -= total / 2
        for run in runs:
            canvas.saveState()
            if run.missing:
                canvas.setFillColor(MISSING_COLOUR)
            canvas.setFont(run.font, size)
            canvas.drawString(x, y, run.text)
            canvas.restoreState()
            x += float(canvas.stringWidth(run.text, run.font, size))
        return total
