"""Applications per hour as a bar chart, painted with QPainter: QtCharts is not in PySide6-Essentials.

PySide6-Essentials (what the app installs) has no QtCharts module; the PySide6-Addons package that has it
is a second large download and bundle for one chart, and a bar chart is a few dozen lines of QPainter.
Both axes are labelled in the interface's language (the bundled CJK font draws either), the hours are
Hong Kong time, and each bar shows its count above it when there is room.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from assessor_app.core.services.cases.event_dashboard import HourCount

BAR_COLOUR = QColor("#0B5563")  # the PDFs' accent colour, so the chart on screen matches the summary
GRID_COLOUR = QColor("#B8C4C6")
TICKS = 5


def nice_step(top: int, ticks: int = TICKS) -> int:
    """A whole step between grid lines so that ``ticks`` of them reach ``top`` (at least 1)."""
    return max(1, -(-top // ticks))


class HourChart(QWidget):
    """Bars of ``counts`` labelled by ``labels`` (``09`` or ``11-08 09``), axes titled in both languages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hour_chart")
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.labels: list[str] = []
        self.counts: list[int] = []
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)

    def sizeHint(self) -> QSize:
        return QSize(360, 210)

    def set_hours(self, series: Sequence[HourCount], labels: Sequence[str]) -> None:
        self.counts = [row.count for row in series]
        self.labels = list(labels)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        metrics = painter.fontMetrics()
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        line = metrics.height()
        top = max(self.counts, default=0)
        step = nice_step(top)
        maximum = step * TICKS
        left = metrics.horizontalAdvance(str(maximum)) + line + 10  # tick labels and the rotated title
        plot = QRectF(left, line * 0.8, self.width() - left - 8, self.height() - line * 3.2 - line * 0.8)
        if plot.width() < 20 or plot.height() < 20:
            return
        painter.setPen(text_colour)
        # The axis titles: hours along the bottom, the count up the left side.
        painter.drawText(
            QRectF(plot.left(), self.height() - line * 1.2, plot.width(), line),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Hour (Hong Kong time)"),
        )
        painter.save()
        painter.translate(line * 0.2, plot.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-plot.height() / 2, 0, plot.height(), line),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Applications"),
        )
        painter.restore()
        for tick in range(TICKS + 1):
            y = plot.bottom() - plot.height() * tick / TICKS
            painter.setPen(GRID_COLOUR)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y - line / 2, left - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(step * tick),
            )
        if not self.counts:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("No applications lodged yet"))
            return
        slot = plot.width() / len(self.counts)
        widest = max(metrics.horizontalAdvance(label) for label in self.labels) + 6
        every = max(1, int(-(-widest // slot)))  # label every n-th bar so labels never overlap
        for index, count in enumerate(self.counts):
            height = plot.height() * count / maximum
            bar = QRectF(plot.left() + slot * index + slot * 0.15, plot.bottom() - height, slot * 0.7, height)
            painter.fillRect(bar, BAR_COLOUR)
            if count and metrics.horizontalAdvance(str(count)) < slot:
                painter.drawText(
                    QRectF(bar.left() - slot * 0.15, bar.top() - line, slot, line),
                    Qt.AlignmentFlag.AlignCenter,
                    str(count),
                )
            if index % every == 0:
                painter.drawText(
                    QRectF(
                        plot.left() + slot * index + slot / 2 - widest / 2, plot.bottom() + 2, widest, line
                    ),
                    Qt.AlignmentFlag.AlignCenter,
                    self.labels[index],
                )
        painter.setPen(text_colour)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
