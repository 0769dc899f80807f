"""The bundled CJK font, so Chinese renders on machines without one (offscreen included)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from assessor_app.core.paths import resource_path

log = logging.getLogger(__name__)

FONT_FILE = ("fonts", "wqy-microhei.ttc")
CJK_FAMILY = "WenQuanYi Micro Hei"

_loaded_families: list[str] = []


def load_bundled_font() -> list[str]:
    """Register the bundled font once; returns its family names (empty if the file cannot be read)."""
    if not _loaded_families:
        font_id = QFontDatabase.addApplicationFont(str(resource_path(*FONT_FILE)))
        if font_id < 0:
            log.error("cannot load the bundled font %s; Chinese may show as boxes", resource_path(*FONT_FILE))
            return []
        _loaded_families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(_loaded_families)


def install_application_font(app: QApplication) -> None:
    """Keep the platform's UI font for Latin text and fall back to the bundled font for Chinese."""
    families = load_bundled_font()
    cjk = CJK_FAMILY if CJK_FAMILY in families else (families[0] if families else None)
    if cjk is None:
        return
    font = QFont(app.font())
    primary = [family for family in font.families() or [font.family()] if family != cjk]
    font.setFamilies([*primary, cjk])
    app.setFont(font)
