"""Interface language: English is the source text in the code (its plural forms from a small .qm file),
Traditional Chinese comes from a .qm file.

Installing or removing a translator makes Qt send ``QEvent.LanguageChange`` to every widget, and each
page re-sets its texts in ``retranslate()``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QTranslator

from assessor_app.core.paths import resource_path

log = logging.getLogger(__name__)

CHINESE = "zh_HK"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
DEFAULT_LANGUAGE = CHINESE
# Shown in their own language, never translated, so anyone can find their way back.
LANGUAGE_NAMES = {CHINESE: "繁體中文", ENGLISH: "English"}

# Qt's own texts its Traditional Chinese file (qtbase_zh_TW) lacks, so Qt's dialogs showed them in English
# in the Chinese interface: listed here for lupdate, translated in our file, which Qt consults after its own.
QT_TEXTS_OURS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)

_installed: list[QTranslator] = []
_current = ENGLISH


def translation_file(language: str = CHINESE) -> str:
    """Our compiled translation for ``language``: every text in Chinese; in English, where the code's
    texts are the source, only the plural forms (``%n case(s)`` as "1 case", "2 cases")."""
    return str(resource_path("translations", f"assessor_{language}.qm"))


def normalise_language(value: object) -> str | None:
    """A known language code, or None for anything else (a stale or hand-edited setting)."""
    return value if isinstance(value, str) and value in LANGUAGES else None


def current_language() -> str:
    return _current


def other_language() -> str:
    """The language a "switch language" button offers: the one not shown now."""
    return ENGLISH if current_language() == CHINESE else CHINESE


def apply_language(language: str) -> None:
    """Make ``language`` the interface language of the running application."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before choosing a language")
    while _installed:
        translator = _installed.pop()
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    ours = QTranslator(app)
    if ours.load(translation_file(language)):
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
    elif language == CHINESE:
        log.warning("translation file %s is missing; the interface stays in English", translation_file())
    else:
        log.warning("translation file %s is missing; counts read as '1 case(s)'", translation_file(language))
    if language == CHINESE:
        # Qt's own texts (OK, Cancel, context menus) in Traditional Chinese.
        qt_base = QTranslator(app)
        if qt_base.load("qtbase_zh_TW", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            QCoreApplication.installTranslator(qt_base)
            _installed.append(qt_base)
    _current = language
