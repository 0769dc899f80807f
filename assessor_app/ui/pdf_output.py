"""Saving, printing and opening the PDFs the core renders (slip, letter, report): one flow for every page.

The core's renderer runs on the worker thread (``ui/tasks.py``); the file dialog, the print dialog and the
printer are ``ui/intake/slip_output.py``'s wrappers, which tests replace. "Print" falls back to saving
when there is no printer, and a "print to file" printer gets the PDF written where it was asked for.
Once a PDF is saved, :attr:`PdfOutput.open_button` offers to open it in the system's PDF viewer.

A PDF carries the applicant's particulars in clear, so none is kept in the data folder, which holds
nothing in clear (docs/security.md): saving suggests the user's documents folder, and a PDF sent to a
printer is written to an owner-only folder under the data folder's ``tmp/`` and shredded once the
spooler took it (when the app closes at the latest).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton, QWidget

from assessor_app.ui import messages, tasks
from assessor_app.ui.intake import slip_output

Render = Callable[[Path], Any]  # writes the PDF at the path given; its result goes to ``done``


def suggested_path(file_name: str) -> Path:
    """Where saving a PDF named ``file_name`` is first offered: the user's documents folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home()) / file_name


class OpenPdfButton(QPushButton):
    """ "Open the PDF": hidden until a PDF is saved, then opens the last one saved with the system viewer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("open_pdf_button")
        self.path: Path | None = None
        self.clicked.connect(self.open_pdf)
        self.hide()
        self.retranslate()

    def offer(self, path: Path) -> None:
        self.path = path
        self.setToolTip(str(path))
        self.show()

    def open_pdf(self) -> None:
        if self.path is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))):
            messages.warning(
                self,
                self.tr("No program here opens PDF files. The PDF is saved at {path}.").format(
                    path=self.path
                ),
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(self.tr("Open the PDF"))


class PdfOutput:
    """Save or print PDFs for one widget; its callbacks hear when rendering starts, ends or fails.

    The owner places :attr:`open_button` next to its save and print buttons."""

    def __init__(
        self,
        parent: QWidget,
        *,
        started: Callable[[], None],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        no_printer: Callable[[], None],
        printed: Callable[[Any], None],
        print_folder: Callable[[], Path],
    ) -> None:
        """``done`` hears of a saved PDF, ``printed`` of one sent to a printer; ``print_folder`` gives a
        new private folder for the PDF the spooler reads (``scratch.viewer_folder``)."""
        self.parent = parent
        self._started = started
        self._done = done
        self._printed = printed
        self._print_folder = print_folder
        self._failed = failed
        self._no_printer = no_printer
        self.open_button = OpenPdfButton(parent)

    def save(
        self, render: Render, suggested: Path, title: str | None = None, path: Path | None = None
    ) -> None:
        """Render to ``path``, or to where the user chooses (``suggested`` offered) when it is None."""
        if path is None:
            # The slip's dialog keeps its own default title: the wrapper is called as tests expect it.
            if title is None:
                path = slip_output.ask_save_path(self.parent, suggested)
            else:
                path = slip_output.ask_save_path(self.parent, suggested, title)
            if path is None:
                return
        self._render(render, path, then_print=None)

    def print(
        self,
        render: Render,
        suggested: Path,
        *,
        save_title: str | None = None,
        print_title: str | None = None,
    ) -> None:
        """Print through the chosen printer (``suggested`` names the PDF, which is not kept); save instead
        without one."""
        if not slip_output.can_print():
            self._no_printer()
            self.save(render, suggested, save_title)
            return
        if print_title is None:
            printer = slip_output.choose_printer(self.parent)
        else:
            printer = slip_output.choose_printer(self.parent, print_title)
        if printer is None:
            return
        if slip_output.is_print_to_file(printer):
            self._render(render, Path(printer.outputFileName()), then_print=None)
            return
        self._render(render, suggested, then_print=(printer.printerName(), printer.copyCount()))

    def _render(self, render: Render, path: Path, *, then_print: tuple[str, int] | None) -> None:
        """Write the PDF at ``path``, or, with ``then_print``, under its name in a new private folder
        for the spooler; the folder is made on the worker thread, as every write is."""

        def work(_control: tasks.TaskControl) -> Any:
            if then_print is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                return render(path)
            spooled = self._print_folder() / path.name
            try:
                result = render(spooled)
                slip_output.send_to_printer(spooled, *then_print)
            finally:
                slip_output.discard_printed(spooled)
            return result

        def rendered(result: Any) -> None:
            if then_print is not None:  # sent to a printer: no file is kept to offer
                self._printed(result)
                return
            self.open_button.offer(path)
            self._done(result)

        self._started()
        self.open_button.hide()  # until this PDF is there: never offer the previous one instead
        tasks.run_in_background(work, on_success=rendered, on_error=self._failed)
