"""Working days over Hong Kong's general holidays: the table's shape and deadlines counted by hand."""

from __future__ import annotations

from collections import Counter
from datetime import date

from assessor_app.core.domain.hk_holidays import (
    GENERAL_HOLIDAYS,
    LAST_YEAR,
    holidays_known,
    is_working_day,
    working_days_after,
)


def test_every_year_lists_the_seventeen_general_holidays_besides_sundays() -> None:
    per_year = Counter(day.year for day in GENERAL_HOLIDAYS)
    assert per_year == dict.fromkeys(range(2023, LAST_YEAR + 1), 17)
    assert not [day for day in GENERAL_HOLIDAYS if day.weekday() == 6]  # a Sunday's holiday moves on


def test_fourteen_working_days_over_christmas_and_new_year() -> None:
    # Thu 2025-12-18: 19, 22, 23, 24 (25 and 26 Christmas), 29, 30, 31 (1 January), 2, 5, 6, 7, 8, 9, 12.
    assert working_days_after(date(2025, 12, 18), 14) == date(2026, 1, 12)


def test_fourteen_working_days_over_the_lunar_new_year_and_easter() -> None:
    # Fri 2026-02-13: 16, (17-19 Lunar New Year), 20, 23-27, 2-6 March, 9, 10 = 14.
    assert working_days_after(date(2026, 2, 13), 14) == date(2026, 3, 10)
    # Wed 2026-04-01: 2, (3 Good Friday, 6 and 7 Easter Monday and the day following Ching Ming), 8, 9, 10,
    # 13-17, 20-24 = 14 on the 24th.
    assert working_days_after(date(2026, 4, 1), 14) == date(2026, 4, 24)


def test_weekends_are_never_working_days_and_past_the_table_only_they_are_skipped() -> None:
    assert not is_working_day(date(2026, 12, 5))  # a Saturday
    assert not is_working_day(date(2026, 10, 19))  # the day following Chung Yeung
    assert is_working_day(date(2026, 10, 20))
    assert holidays_known(date(LAST_YEAR, 12, 31))
    assert not holidays_known(date(LAST_YEAR + 1, 1, 1))
    # Christmas Day past the table is counted as a working day (Thursday 2099-12-24: Friday the 25th).
    assert working_days_after(date(2099, 12, 24), 1) == date(2099, 12, 25)
