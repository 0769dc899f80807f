"""Thin wrappers around the file dialog, the print dialog and the printer, which tests replace.

The slip, the request-for-documents letter and the assessment report are reportlab PDFs made by the core
(``core/services/documents/``: ``slip.py``, ``letters.py``, ``report.py``); ``ui/pdf_output.py`` is the
one flow (render in the background, then save or print) the intake page and the case view use on top of
these wrappers. Printing picks a printer in Qt's print dialog: "print to file" writes the PDF there; a
real printer gets the PDF through the system's print command. With no printer (or no display), printing
falls back to saving the PDF.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from assessor_app.core.errors import AppError
from assessor_app.core.secure_delete import shred

HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc"}


def ask_save_path(parent: QWidget | None, suggested: Path, title: str | None = None) -> Path | None:
    """Where to save the slip (or another document titled ``title``) as a PDF, or None if cancelled."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        title or QCoreApplication.translate("SlipOutput", "Save the slip as PDF"),
        str(suggested),
        QCoreApplication.translate("SlipOutput", "PDF files (*.pdf)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def can_print() -> bool:
    """A printer can be chosen: a real display and at least one printer installed."""
    if QGuiApplication.platformName() in HEADLESS_PLATFORMS:
        return False
    return bool(QPrinterInfo.availablePrinterNames())


def choose_printer(parent: QWidget | None, title: str | None = None) -> QPrinter | None:
    """Qt's print dialog; the configured printer, or None if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title or QCoreApplication.translate("SlipOutput", "Print the acknowledgement slip"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def send_to_printer(pdf: Path, printer_name: str, copies: int = 1) -> None:
    """Hand a PDF to the operating system's print spooler."""
    if sys.platform.startswith("win"):
        # The default printer's PDF handler prints it; Windows has no portable "print to printer X".
        os.startfile(str(pdf), "print")  # type: ignore[attr-defined]
        return
    command = shutil.which("lp") or shutil.which("lpr")
    if command is None:
        raise AppError(
            "No print command (lp) is installed: save the slip as a PDF and print it from another program.",
            "未有安裝列印指令（lp）：請把回條另存為 PDF，再用其他程式列印。",
            code="no_print_command",
        )
    if Path(command).name == "lp":
        arguments = [command, "-n", str(max(copies, 1))]
        if printer_name:
            arguments += ["-d", printer_name]
    else:
        arguments = [command, f"-#{max(copies, 1)}"]
        if printer_name:
            arguments += ["-P", printer_name]
    result = subprocess.run([*arguments, str(pdf)], capture_output=True, text=True, timeout=30, check=False)
    if result.returncode != 0:
        raise AppError(
            f"The printer refused the slip: {result.stderr.strip() or result.returncode}.",
            f"打印機未能列印回條：{result.stderr.strip() or result.returncode}。",
            code="print_failed",
        )


def discard_printed(pdf: Path) -> None:
    """The clear PDF handed to the spooler, shredded once printing took it: ``lp`` has copied it when it
    returns. Windows' print handler opens the file later, so there it stays in its folder under the
    data folder's ``tmp/`` until the app closes (``scratch.shred_viewer_copies``)."""
    if sys.platform.startswith("win"):
        return
    shred(pdf)
    with contextlib.suppress(OSError):
        pdf.parent.rmdir()


def is_print_to_file(printer: QPrinter) -> bool:
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())
