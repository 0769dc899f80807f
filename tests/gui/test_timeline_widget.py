"""The employment timeline: lanes for overlapping periods, ongoing jobs, the required span, and paint."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from assessor_app.core.services.cases.summary import PeriodRow
from assessor_app.ui.case.timeline_widget import (
    TimelineWidget,
    assign_lanes,
    layout_timeline,
    months_before,
    overlap_spans,
)

APPLICATION_DAY = date(2023, 11, 8)
WIDTH = 1000.0


def period(
    period_id: int,
    start: date,
    end: date | None,
    *,
    part_time: bool = False,
    overseas: bool = False,
    proven: bool = True,
) -> PeriodRow:
    return PeriodRow(
        id=period_id,
        employer=f"Employer {period_id}",
        post="Clerk",
        industry_en="Logistics",
        industry_zh="物流業",
        start=start,
        end=end,
        employment_type="part_time" if part_time else "full_time",
        hours_per_week=20 if part_time else None,
        in_hong_kong=not overseas,
        relevant_to=(1,),
        proven=proven,
    )


FIRST = period(1, date(2015, 4, 1), date(2019, 12, 31))
TOUCHING = period(2, date(2020, 1, 1), None)  # starts the day after FIRST ends; still working
OVERLAPPING = period(3, date(2019, 6, 1), date(2020, 6, 30), part_time=True, proven=False)


def test_overlapping_periods_get_their_own_lane_and_touching_ones_share() -> None:
    assert assign_lanes([FIRST, TOUCHING, OVERLAPPING], APPLICATION_DAY) == [0, 0, 1]
    layout = layout_timeline([FIRST, TOUCHING, OVERLAPPING], APPLICATION_DAY, 0, WIDTH)
    bars = {bar.period_id: bar for bar in layout.bars}
    assert layout.lanes == 2
    assert bars[1].rect.top() == bars[2].rect.top() < bars[3].rect.top()
    # Touching: one bar ends exactly where the next begins, and they do not overlap.
    assert bars[1].rect.right() == pytest.approx(bars[2].rect.left())
    assert not bars[1].rect.intersects(bars[2].rect)
    # The overlap is shaded once, from the first shared day to the last.
    assert [(span.start, span.end) for span in layout.overlaps] == [(date(2019, 6, 1), date(2020, 6, 30))]
    shade = layout.overlaps[0].rect
    assert shade.left() == pytest.approx(bars[3].rect.left())
    assert shade.right() == pytest.approx(bars[3].rect.right())
    assert shade.top() <= bars[1].rect.top()
    assert shade.bottom() >= bars[3].rect.bottom()
    assert bars[3].part_time
    assert not bars[3].proven
    assert not bars[1].part_time
    assert bars[1].proven


def test_a_single_shared_day_is_an_overlap() -> None:
    same_day = period(4, date(2019, 12, 31), date(2020, 3, 31))
    assert assign_lanes([FIRST, same_day], APPLICATION_DAY) == [0, 1]
    assert overlap_spans([FIRST, same_day], APPLICATION_DAY) == [(date(2019, 12, 31), date(2019, 12, 31))]
    assert overlap_spans([FIRST, TOUCHING], APPLICATION_DAY) == []


def test_lanes_are_reused_once_free() -> None:
    periods = [
        period(1, date(2010, 1, 1), date(2012, 12, 31)),
        period(2, date(2011, 1, 1), date(2011, 6, 30)),
        period(3, date(2011, 7, 1), date(2013, 6, 30)),
        period(4, date(2014, 1, 1), date(2015, 1, 1)),
    ]
    assert assign_lanes(periods, APPLICATION_DAY) == [0, 1, 1, 0]


def test_an_ongoing_period_ends_on_the_application_date() -> None:
    layout = layout_timeline([FIRST, TOUCHING], APPLICATION_DAY, 0, WIDTH)
    ongoing = next(bar for bar in layout.bars if bar.period_id == 2)
    assert ongoing.ongoing
    assert ongoing.end == APPLICATION_DAY
    assert ongoing.rect.right() == pytest.approx(layout.application_x)
    assert layout.axis_start == date(2015, 1, 1)
    assert layout.axis_end == date(2024, 1, 1)


def test_the_required_span_ends_on_the_application_date_and_lasts_the_required_years() -> None:
    layout = layout_timeline([TOUCHING], APPLICATION_DAY, 60, WIDTH)
    required = layout.required
    assert required is not None
    assert (required.start, required.end) == (date(2018, 11, 9), APPLICATION_DAY)
    assert required.rect.right() == pytest.approx(layout.application_x)
    days = (APPLICATION_DAY - date(2018, 11, 9)).days + 1
    pixels_per_day = layout.x_of(date(2020, 1, 1), WIDTH) - layout.x_of(date(2019, 12, 31), WIDTH)
    assert required.rect.width() == pytest.approx(days * pixels_per_day)
    # The axis reaches back to the start of the span even before the first period.
    assert layout.axis_start == date(2018, 1, 1)
    assert layout_timeline([TOUCHING], APPLICATION_DAY, 0, WIDTH).required is None


@pytest.mark.parametrize(
    ("day", "months", "first"),
    [
        (date(2023, 11, 8), 36, date(2020, 11, 9)),
        (date(2024, 2, 29), 12, date(2023, 3, 1)),
        (date(2023, 3, 31), 1, date(2023, 3, 1)),
        (date(2023, 12, 31), 12, date(2023, 1, 1)),
    ],
)
def test_months_before(day: date, months: int, first: date) -> None:
    assert months_before(day, months) == first


def test_the_widget_paints_bars_and_describes_them(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    overseas = period(5, date(2012, 1, 1), date(2014, 12, 31), overseas=True)
    widget.set_periods([FIRST, TOUCHING, OVERLAPPING, overseas], APPLICATION_DAY)
    widget.set_requirement(60, "Required: 5 years")
    widget.resize(900, widget.heightForWidth(900))
    widget.show()
    qtbot.waitExposed(widget)

    rects = widget.bar_rects()
    assert set(rects) == {1, 2, 3, 5}
    assert all(rect.width() > 0 and widget.rect().toRectF().contains(rect) for rect in rects.values())
    assert widget.heightForWidth(900) > max(rect.bottom() for rect in rects.values())

    image = widget.grab().toImage()
    background = widget.palette().base().color().rgb()
    painted = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixel(x, y) != background
    )
    assert painted > 500
    # Inside a proven full-time bar the paint is the bar's colour, not the background.
    centre = rects[1].center().toPoint()
    assert QColor(image.pixel(centre.x(), centre.y() + 8)).blue() > 150

    description = widget.describe()
    assert "Employer 1 (Clerk)" in description
    assert "ongoing" in description
    assert "Outside Hong Kong" in description
    assert "Required span: 2018-11-09 to 2023-11-08" in description
    bar = widget.bar_at(rects[3].center())
    assert bar is not None
    assert bar.period_id == 3
    assert "Part-time" in widget.bar_text(bar)
    assert "Proof not yet seen" in widget.bar_text(bar)


def test_no_periods_paints_a_note(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_periods([], APPLICATION_DAY)
    widget.resize(600, widget.heightForWidth(600))
    assert widget.bar_rects() == {}
    assert not widget.grab().toImage().isNull()


def test_a_period_after_the_application_date_still_shows() -> None:
    later = period(6, APPLICATION_DAY + timedelta(days=10), date(2024, 3, 31))
    layout = layout_timeline([FIRST, later], APPLICATION_DAY, 12, WIDTH)
    assert layout.axis_end == date(2025, 1, 1)
    bar = next(bar for bar in layout.bars if bar.period_id == 6)
    assert bar.rect.left() > layout.application_x
