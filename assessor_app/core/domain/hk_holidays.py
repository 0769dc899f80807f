"""Hong Kong's general holidays 2023–2028 and working days counted over them (the slip's documents deadline).

Source: the General Holidays Ordinance (Cap. 149) and the lists of general holidays the HKSAR Government
gazettes each year (https://www.gov.hk/en/about/abouthk/holiday/). 2023–2027 are the gazetted lists;
2028 was not gazetted when this table was written and is worked out by the Ordinance's rules from the
lunar calendar (the day following a holiday falling on a Sunday, the fourth day of the Lunar New Year
when one of the first three is a Sunday). Every Sunday is also a general holiday; Sundays and Saturdays
are never working days here, so only the listed dates matter. Add the next year's list when it is
gazetted (a table of data, not a rule): past :data:`LAST_YEAR`, only weekends are skipped and
:func:`holidays_known` says so, so a deadline there may fall a holiday or two early.
"""

from __future__ import annotations

from datetime import date, timedelta

_LISTS = {
    2023: "01-02 01-23 01-24 01-25 04-05 04-07 04-08 04-10 05-01 05-26 06-22 07-01 09-30 10-02 10-23 12-25 12-26",
    2024: "01-01 02-10 02-12 02-13 03-29 03-30 04-01 04-04 05-01 05-15 06-10 07-01 09-18 10-01 10-11 12-25 12-26",
    2025: "01-01 01-29 01-30 01-31 04-04 04-18 04-19 04-21 05-01 05-05 05-31 07-01 10-01 10-07 10-29 12-25 12-26",
    2026: "01-01 02-17 02-18 02-19 04-03 04-04 04-06 04-07 05-01 05-25 06-19 07-01 09-26 10-01 10-19 12-25 12-26",
    2027: "01-01 02-06 02-08 02-09 03-26 03-27 03-29 04-05 05-01 05-13 06-09 07-01 09-16 10-01 10-08 12-25 12-27",
    # Worked out, not yet gazetted: check against the gazette when it is published.
    2028: "01-01 01-26 01-27 01-28 04-04 04-14 04-15 04-17 05-01 05-02 05-29 07-01 10-02 10-04 10-26 12-25 12-26",
}
GENERAL_HOLIDAYS: frozenset[date] = frozenset(
    date(year, int(day[:2]), int(day[3:])) for year, days in _LISTS.items() for day in days.split()
)
FIRST_YEAR, LAST_YEAR = min(_LISTS), max(_LISTS)


def holidays_known(day: date) -> bool:
    """The table covers ``day``'s year (outside it only weekends are skipped)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a general holiday."""
    return day.weekday() < 5 and day not in GENERAL_HOLIDAYS


def working_days_after(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted): ``count`` working
    days from a Thursday 2025-12-18 is 2026-01-12, over Christmas and New Year."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
