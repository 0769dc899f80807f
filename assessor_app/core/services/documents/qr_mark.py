"""A QR code drawn as one filled path: the code encoded once, each run of dark modules one rectangle.

reportlab's ``QrCodeWidget`` encodes the payload twice (once for its bounds, once to draw: the mask search
is the slow part) and draws every run as its own shape through the graphics renderer, each with a
graphics-state save and restore; on the slip that was about a third of the page's time.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

QUIET_ZONE = 4  # modules of light border each side: the standard's quiet zone


def qr_modules(payload: str) -> list[list[bool]]:
    """The module grid (row by row, True dark) of ``payload`` at error correction level M."""
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    return [[bool(dark) for dark in row] for row in code.modules]


def qr_flowable(payload: str, size: float) -> Any:
    """A ``size`` × ``size`` point flowable drawing the QR code of ``payload`` with its quiet zone."""
    from reportlab.platypus import Flowable

    modules = qr_modules(payload)

    class QrMark(Flowable):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return size, size

        def draw(self) -> None:
            box = size / (len(modules) + 2 * QUIET_ZONE)
            path = self.canv.beginPath()
            for row, cells in enumerate(modules):
                y = size - (row + QUIET_ZONE + 1) * box
                column = 0
                for dark, run in groupby(cells):
                    count = sum(1 for _ in run)
                    if dark:
                        path.rect((column + QUIET_ZONE) * box, y, count * box, box)
                    column += count
            self.canv.setFillColorRGB(0, 0, 0)
            self.canv.drawPath(path, stroke=0, fill=1)

    return QrMark()
