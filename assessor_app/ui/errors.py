"""Unexpected errors (bugs): logged with the traceback and shown once in a dialog with a copyable report."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication, QWidget

from assessor_app import __version__
from assessor_app.ui import messages

log = logging.getLogger(__name__)

_showing = False


def format_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """What a support person needs: versions, then the traceback."""
    lines = [
        f"RPL Assessor Workstation {__version__}",
        f"Python {platform.python_version()}, Qt {qVersion()}, {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def report_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, parent: QWidget | None = None
) -> None:
    """Log the error and show the dialog, once at a time (an error while it is open is only logged)."""
    global _showing
    report = format_report(exc_type, exc, tb)
    log.error("unexpected error\n%s", report)
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        messages.bug(parent or QApplication.activeWindow(), report)
    finally:
        _showing = False


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report_exception(exc_type, exc, tb)
