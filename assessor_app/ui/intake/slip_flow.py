"""The slip of the application just lodged: printed (Ctrl+P) or saved as a PDF (Ctrl+Shift+S) through the one
PDF flow (``ui/pdf_output.py``), with a warning when its font lacks a character of the applicant's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from assessor_app.core.db import scratch
from assessor_app.core.services.documents.slip import SlipReport, render_slip
from assessor_app.core.services.documents.slip_data import build_slip_data
from assessor_app.core.services.intake.lodging import LodgeResult
from assessor_app.ui import messages
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake.bottom_bar import IntakeBottomBar
from assessor_app.ui.pdf_output import PdfOutput, suggested_path


class IntakeSlip(QObject):
    """The slip of ``lodged()`` (None: nothing lodged yet, nothing to print); ``last`` is the one made last."""

    def __init__(
        self,
        page: QWidget,
        context: UiContext,
        lodged: Callable[[], LodgeResult | None],
        bar: IntakeBottomBar,
        failed: Callable[[BaseException], None],
    ) -> None:
        super().__init__(page)
        self.page = page
        self.context = context
        self.lodged = lodged
        self.bar = bar
        self.last: SlipReport | None = None
        self.output = PdfOutput(
            page,
            started=lambda: bar.set_status(self.tr("Preparing the slip…")),
            done=self._saved,
            failed=failed,
            no_printer=lambda: bar.set_status(self.tr("No printer here: save the slip as a PDF instead.")),
            printed=self._printed,
            print_folder=lambda: scratch.viewer_folder(context.database.path),
        )

    def _job(self) -> tuple[Callable[[Path], SlipReport], Path] | None:
        """How to render the slip of the application just lodged, and where it is kept by default."""
        result = self.lodged()
        if result is None:
            return None
        database, reference_no = self.context.database, result.reference_no
        suggested = suggested_path(f"{reference_no}.pdf")
        return (lambda path: render_slip(build_slip_data(database, reference_no), path)), suggested

    def save(self, path: Path | None = None) -> None:
        """Render the slip to ``path``, or to a PDF the user chooses."""
        job = self._job()
        if job is not None:
            self.output.save(*job, path=path)

    def print(self) -> None:
        job = self._job()
        if job is not None:
            self.output.print(*job)

    def _saved(self, report: SlipReport) -> None:
        self.last = report
        self.bar.set_status(self.tr("Slip saved: {path}").format(path=report.path))
        self._warn_missing_characters(report)

    def _printed(self, report: SlipReport) -> None:
        self.last = report
        self.bar.set_status(self.tr("The slip was sent to the printer."))
        self._warn_missing_characters(report)

    def _warn_missing_characters(self, report: SlipReport) -> None:
        if report.missing_characters:
            messages.warning(
                self.page,
                self.tr(
                    "The slip's font lacks some characters; they are printed as code points: {chars}. "
                    "Write them on the slip by hand."
                ).format(chars=" ".join(report.missing_characters)),
            )
