"""The employment timeline: each claimed period as a bar on a date axis, drawn against the requirement.

Bars sit in lanes so that overlapping periods never hide each other (touching periods share a lane) and
the days worked in two jobs at once are shaded. Part-time bars are lighter, periods outside Hong Kong
are hatched, periods whose proof is not yet seen are outlined with a dashed line. The bracket above the
bars is the required span of the selected qualification: its minimum total years, ending on the
application date. The geometry is computed by :func:`layout_timeline`, a pure function tests call.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from assessor_app.core.domain.enums import EmploymentType
from assessor_app.core.services.cases.summary import PeriodRow

ONE_DAY = timedelta(days=1)

MARGIN_X = 12.0
# Compact, so the checklist and its buttons fit under it on a 1366x768 screen.
BRACKET_HEIGHT = 26.0
BAR_HEIGHT = 20.0
LANE_GAP = 4.0
AXIS_HEIGHT = 22.0
LEGEND_ROW_HEIGHT = 20.0
LEGEND_SWATCH = 14.0
LEGEND_SPACING = 16.0
MIN_TICK_LABEL_GAP = 44.0

FULL_TIME = QColor("#2f6db5")
PART_TIME = QColor("#9ec0e8")
UNPROVEN_OUTLINE = QColor("#37474f")
OVERLAP = QColor(245, 124, 0, 70)
REQUIRED = QColor("#6a1b9a")
APPLICATION_DAY = QColor("#c62828")
GRID = QColor("#d5d9de")
HATCH = QColor(20, 30, 40, 170)


@dataclass(frozen=True)
class Bar:
    """Where one period is drawn: its lane and rectangle, and how it looks."""

    period_id: int
    lane: int
    rect: QRectF
    start: date
    end: date  # the last day drawn: the application date for an ongoing period
    ongoing: bool
    part_time: bool
    overseas: bool
    proven: bool
    label: str


@dataclass(frozen=True)
class Span:
    """Days from ``start`` to ``end`` (both included) and the rectangle that marks them."""

    start: date
    end: date
    rect: QRectF


@dataclass(frozen=True)
class TimelineLayout:
    axis_start: date
    axis_end: date  # exclusive: the first day after the axis
    lanes: int
    bars: tuple[Bar, ...]
    overlaps: tuple[Span, ...]
    required: Span | None
    ticks: tuple[tuple[int, float], ...]  # (year, x of its 1 January)
    application_x: float
    lanes_rect: QRectF

    def x_of(self, day: date, width: float) -> float:
        return _x(day, self.axis_start, self.axis_end, width)


def months_before(day: date, months: int) -> date:
    """The first day of the span of ``months`` calendar months that ends on ``day`` (inclusive)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    earlier = date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    return earlier + ONE_DAY


def effective_end(period: PeriodRow, application_date: date) -> date:
    """The last day of a period as drawn: an ongoing period runs to the application date."""
    return application_date if period.end is None else period.end


def assign_lanes(periods: Sequence[PeriodRow], application_date: date) -> list[int]:
    """A lane for each period (in the given order): overlapping periods never share one."""
    order = sorted(
        range(len(periods)),
        key=lambda i: (periods[i].start, effective_end(periods[i], application_date), periods[i].id),
    )
    lane_ends: list[date] = []
    lanes = [0] * len(periods)
    for i in order:
        period = periods[i]
        for lane, last_day in enumerate(lane_ends):
            if last_day < period.start:
                lanes[i] = lane
                lane_ends[lane] = effective_end(period, application_date)
                break
        else:
            lanes[i] = len(lane_ends)
            lane_ends.append(effective_end(period, application_date))
    return lanes


def overlap_spans(periods: Sequence[PeriodRow], application_date: date) -> list[tuple[date, date]]:
    """The days covered by two or more periods, merged into spans."""
    found: list[tuple[date, date]] = []
    for i, first in enumerate(periods):
        for second in periods[i + 1 :]:
            start = max(first.start, second.start)
            end = min(effective_end(first, application_date), effective_end(second, application_date))
            if start <= end:
                found.append((start, end))
    merged: list[tuple[date, date]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _x(day: date, axis_start: date, axis_end: date, width: float) -> float:
    days = max((axis_end - axis_start).days, 1)
    usable = max(width - 2 * MARGIN_X, 1.0)
    return MARGIN_X + usable * (day - axis_start).days / days


def lane_count(periods: Sequence[PeriodRow], application_date: date) -> int:
    return max(assign_lanes(periods, application_date), default=-1) + 1


def lanes_height(lanes: int) -> float:
    return max(lanes, 1) * (BAR_HEIGHT + LANE_GAP) + LANE_GAP


def layout_timeline(
    periods: Sequence[PeriodRow], application_date: date, required_months: int, width: float
) -> TimelineLayout:
    """Every rectangle of the timeline for a widget ``width`` pixels wide (the legend aside)."""
    required_start = months_before(application_date, required_months) if required_months > 0 else None
    first_days = [period.start for period in periods]
    last_days = [effective_end(period, application_date) for period in periods]
    earliest = min([*first_days, application_date, *([required_start] if required_start else [])])
    latest = max([*last_days, application_date])
    axis_start = date(earliest.year, 1, 1)
    axis_end = date(latest.year + 1, 1, 1)

    lanes = assign_lanes(periods, application_date)
    count = max(lanes, default=-1) + 1
    top = BRACKET_HEIGHT
    lanes_rect = QRectF(MARGIN_X, top, max(width - 2 * MARGIN_X, 1.0), lanes_height(count))

    def x(day: date) -> float:
        return _x(day, axis_start, axis_end, width)

    bars = []
    for period, lane in zip(periods, lanes, strict=True):
        last = effective_end(period, application_date)
        y = top + LANE_GAP + lane * (BAR_HEIGHT + LANE_GAP)
        rect = QRectF(QPointF(x(period.start), y), QPointF(x(last + ONE_DAY), y + BAR_HEIGHT))
        bars.append(
            Bar(
                period_id=period.id,
                lane=lane,
                rect=rect,
                start=period.start,
                end=last,
                ongoing=period.end is None,
                part_time=period.employment_type == EmploymentType.PART_TIME.value,
                overseas=not period.in_hong_kong,
                proven=period.proven,
                label=period.employer if not period.post else f"{period.employer} ({period.post})",
            )
        )
    overlaps = tuple(
        Span(
            start,
            end,
            QRectF(QPointF(x(start), lanes_rect.top()), QPointF(x(end + ONE_DAY), lanes_rect.bottom())),
        )
        for start, end in overlap_spans(periods, application_date)
    )
    required = None
    if required_start is not None:
        required = Span(
            required_start,
            application_date,
            QRectF(
                QPointF(x(required_start), 4.0), QPointF(x(application_date + ONE_DAY), BRACKET_HEIGHT - 4.0)
            ),
        )
    ticks = tuple((year, x(date(year, 1, 1))) for year in range(axis_start.year, axis_end.year + 1))
    return TimelineLayout(
        axis_start=axis_start,
        axis_end=axis_end,
        lanes=count,
        bars=tuple(bars),
        overlaps=overlaps,
        required=required,
        ticks=ticks,
        application_x=x(application_date + ONE_DAY),
        lanes_rect=lanes_rect,
    )


class TimelineWidget(QWidget):
    """Paints :func:`layout_timeline`; hovering a bar tells the period's dates, type and proof."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_timeline")
        self.periods: tuple[PeriodRow, ...] = ()
        self.application_date = date.today()
        self.required_months = 0
        self.required_caption = ""
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # --- data -------------------------------------------------------------------------------------

    def set_periods(self, periods: Sequence[PeriodRow], application_date: date) -> None:
        self.periods = tuple(periods)
        self.application_date = application_date
        self._changed()

    def set_requirement(self, months: int, caption: str = "") -> None:
        """The required span (0: none) and what it is for, e.g. the qualification's title."""
        self.required_months = max(months, 0)
        self.required_caption = caption
        self._changed()

    def _changed(self) -> None:
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    # --- geometry ---------------------------------------------------------------------------------

    def layout_bars(self, width: float | None = None) -> TimelineLayout:
        """The geometry at ``width`` (the widget's own width by default)."""
        return layout_timeline(
            self.periods,
            self.application_date,
            self.required_months,
            float(self.width() if width is None else width),
        )

    def bar_rects(self) -> dict[int, QRectF]:
        """Each period's bar at the current size, by period id."""
        return {bar.period_id: bar.rect for bar in self.layout_bars().bars}

    def legend_items(self) -> list[tuple[str, str]]:
        return [
            ("full_time", self.tr("Full-time")),
            ("part_time", self.tr("Part-time")),
            ("overseas", self.tr("Outside Hong Kong")),
            ("unproven", self.tr("Proof not yet seen")),
            ("overlap", self.tr("Overlap (counted once)")),
            ("required", self.tr("Required span")),
            ("application", self.tr("Application date")),
        ]

    def _legend_positions(self, width: float) -> list[tuple[str, str, QPointF]]:
        metrics = QFontMetrics(self.font())
        positions = []
        x, row = MARGIN_X, 0
        for key, text in self.legend_items():
            item_width = LEGEND_SWATCH + 6 + metrics.horizontalAdvance(text)
            if x > MARGIN_X and x + item_width > width - MARGIN_X:
                x, row = MARGIN_X, row + 1
            positions.append((key, text, QPointF(x, row * LEGEND_ROW_HEIGHT)))
            x += item_width + LEGEND_SPACING
        return positions

    def _legend_rows(self, width: float) -> int:
        return (
            max(
                (int(point.y() // LEGEND_ROW_HEIGHT) for _k, _t, point in self._legend_positions(width)),
                default=0,
            )
            + 1
        )

    def heightForWidth(self, width: int) -> int:
        lanes = lane_count(self.periods, self.application_date)
        legend = self._legend_rows(width) * LEGEND_ROW_HEIGHT
        return int(BRACKET_HEIGHT + lanes_height(lanes) + AXIS_HEIGHT + legend + 6)

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        return QSize(720, self.heightForWidth(720))

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.heightForWidth(max(self.width(), 320)))

    def bar_at(self, point: QPointF) -> Bar | None:
        return next((bar for bar in self.layout_bars().bars if bar.rect.contains(point)), None)

    # --- words ------------------------------------------------------------------------------------

    def bar_text(self, bar: Bar) -> str:
        end = self.tr("ongoing") if bar.ongoing else bar.end.isoformat()
        parts = [bar.label, f"{bar.start.isoformat()} – {end}"]
        parts.append(self.tr("Part-time") if bar.part_time else self.tr("Full-time"))
        if bar.overseas:
            parts.append(self.tr("Outside Hong Kong"))
        parts.append(self.tr("Proof seen") if bar.proven else self.tr("Proof not yet seen"))
        return "\n".join(parts)

    def describe(self) -> str:
        layout = layout_timeline(self.periods, self.application_date, self.required_months, 1000.0)
        lines = [self.bar_text(bar).replace("\n", ", ") for bar in layout.bars]
        if layout.required is not None:
            lines.append(
                self.tr("Required span: {start} to {end}").format(
                    start=layout.required.start.isoformat(), end=layout.required.end.isoformat()
                )
            )
        return "\n".join(lines)

    # --- events -----------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(QPointF(event.pos()))
            if bar is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.bar_text(bar), self)
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleDescription(self.describe())
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    # --- painting ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            if not self.periods:
                painter.setPen(self.palette().placeholderText().color())
                painter.drawText(
                    self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No employment periods recorded.")
                )
                return
            layout = self.layout_bars()
            self._paint_grid(painter, layout)
            self._paint_overlaps(painter, layout)
            for bar in layout.bars:
                self._paint_bar(painter, bar)
            self._paint_required(painter, layout)
            self._paint_application_day(painter, layout)
            self._paint_legend(painter, layout.lanes_rect.bottom() + AXIS_HEIGHT + 4)
        finally:
            painter.end()

    def _paint_grid(self, painter: QPainter, layout: TimelineLayout) -> None:
        lanes = layout.lanes_rect
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(lanes.left(), lanes.bottom()), QPointF(lanes.right(), lanes.bottom()))
        text_colour = self.palette().text().color()
        metrics = QFontMetrics(self.font())
        last_label_right = -1e9
        for year, x in layout.ticks:
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, lanes.top()), QPointF(x, lanes.bottom() + 4))
            label = str(year)
            if year == layout.axis_end.year or x < last_label_right + 4:
                continue
            next_x = layout.x_of(date(year + 1, 1, 1), self.width())
            if next_x - x < MIN_TICK_LABEL_GAP and year % 5:
                continue
            painter.setPen(text_colour)
            painter.drawText(QPointF(x + 3, lanes.bottom() + 4 + metrics.ascent()), label)
            last_label_right = x + 3 + metrics.horizontalAdvance(label)

    def _paint_overlaps(self, painter: QPainter, layout: TimelineLayout) -> None:
        for span in layout.overlaps:
            painter.fillRect(span.rect, OVERLAP)

    def _bar_colour(self, bar: Bar) -> QColor:
        return PART_TIME if bar.part_time else FULL_TIME

    def _paint_bar(self, painter: QPainter, bar: Bar) -> None:
        colour = self._bar_colour(bar)
        rect = bar.rect.adjusted(0.5, 0.5, -0.5, -0.5)
        fill = QColor(colour)
        if not bar.proven:
            fill.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        if bar.overseas:
            painter.setBrush(QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(rect, 3, 3)
        if bar.proven:
            painter.setPen(QPen(colour.darker(140), 1))
        else:
            painter.setPen(QPen(UNPROVEN_OUTLINE, 1.6, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 3, 3)
        light_text = bar.proven and not bar.part_time
        metrics = QFontMetrics(self.font())
        text_rect = rect.adjusted(6, 0, -4, 0)
        if text_rect.width() > metrics.horizontalAdvance("…") * 3:
            text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(text_rect.width()))
            painter.setPen(QColor("white") if light_text else self.palette().text().color())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    def _paint_required(self, painter: QPainter, layout: TimelineLayout) -> None:
        span = layout.required
        if span is None:
            return
        rect = span.rect
        y = rect.bottom() - 2
        painter.setPen(QPen(REQUIRED, 2))
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.drawLine(QPointF(rect.left(), y - 6), QPointF(rect.left(), y + 2))
        painter.drawLine(QPointF(rect.right(), y - 6), QPointF(rect.right(), y + 2))
        painter.setPen(QPen(REQUIRED, 1, Qt.PenStyle.DashLine))
        lanes = layout.lanes_rect
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.left(), lanes.bottom()))
        caption = self.required_caption
        if caption:
            metrics = QFontMetrics(self.font())
            room = max(rect.width() - 8, self.width() * 0.6)
            text = metrics.elidedText(caption, Qt.TextElideMode.ElideRight, int(room))
            text_width = metrics.horizontalAdvance(text)
            x = rect.center().x() - text_width / 2
            x = min(max(x, MARGIN_X), self.width() - MARGIN_X - text_width)
            painter.setPen(REQUIRED)
            painter.drawText(QPointF(x, y - 6 - metrics.descent()), text)

    def _paint_application_day(self, painter: QPainter, layout: TimelineLayout) -> None:
        lanes = layout.lanes_rect
        painter.setPen(QPen(APPLICATION_DAY, 2))
        x = layout.application_x
        painter.drawLine(QPointF(x, 2), QPointF(x, lanes.bottom() + 4))

    def _paint_legend(self, painter: QPainter, top: float) -> None:
        metrics = QFontMetrics(self.font())
        text_colour = self.palette().text().color()
        for key, text, point in self._legend_positions(self.width()):
            y = top + point.y()
            swatch = QRectF(
                point.x(), y + (LEGEND_ROW_HEIGHT - LEGEND_SWATCH) / 2, LEGEND_SWATCH, LEGEND_SWATCH
            )
            self._paint_swatch(painter, key, swatch)
            painter.setPen(text_colour)
            baseline = y + (LEGEND_ROW_HEIGHT + metrics.ascent() - metrics.descent()) / 2
            painter.drawText(QPointF(swatch.right() + 6, baseline), text)

    def _paint_swatch(self, painter: QPainter, key: str, rect: QRectF) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if key in {"full_time", "part_time"}:
            colour = FULL_TIME if key == "full_time" else PART_TIME
            painter.setPen(QPen(colour.darker(140), 1))
            painter.setBrush(colour)
            painter.drawRect(rect)
        elif key == "overseas":
            painter.setPen(QPen(FULL_TIME.darker(140), 1))
            painter.setBrush(FULL_TIME)
            painter.drawRect(rect)
            painter.setBrush(QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
            painter.drawRect(rect)
        elif key == "unproven":
            fill = QColor(FULL_TIME)
            fill.setAlpha(70)
            painter.setBrush(fill)
            painter.setPen(QPen(UNPROVEN_OUTLINE, 1.6, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
        elif key == "overlap":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.fillRect(rect, OVERLAP)
        elif key == "required":
            painter.setPen(QPen(REQUIRED, 2))
            y = rect.center().y()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.drawLine(QPointF(rect.left(), y - 5), QPointF(rect.left(), y + 2))
            painter.drawLine(QPointF(rect.right(), y - 5), QPointF(rect.right(), y + 2))
        else:
            painter.setPen(QPen(APPLICATION_DAY, 2))
            x = rect.center().x()
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
