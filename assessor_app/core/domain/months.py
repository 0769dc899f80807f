"""Experience measured in calendar months: the day-weighted month count, shortfalls, and how months read.

The convention (``docs/eligibility.md``): each day counts as ``1 / (days in its month)`` of a month, except
that February is always taken as 28 days, so every whole calendar month counts exactly 1 and a leap day
is a bonus. Shortfalls round up to whole months.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta
from fractions import Fraction

_ONE_DAY = timedelta(days=1)


def month_weight(year: int, month: int) -> int:
    """The number of days that make one month: the month's length, but always 28 for February."""
    return 28 if month == 2 else calendar.monthrange(year, month)[1]


# The least common multiple of the month weights (28, 30, 31): every day is a whole number of ticks.
TICKS = 13_020


def months_between(start: date, end: date) -> Fraction:
    """Months from ``start`` to ``end`` (both included), by the convention in the module docstring."""
    return Fraction(month_ticks(start, end), TICKS)


def month_ticks(start: date, end: date) -> int:
    """:func:`months_between` in whole ticks (``TICKS`` to a month): sums of them stay integers, where a
    bulk decision summing fractions for every period of every case would reduce each sum.

    In closed form: the first and last months' days, each worth ``TICKS`` over its month's weight, each
    whole month between them ``TICKS``, and a bonus day of a 28-day month for each leap day of a whole
    February between them.
    """
    if end < start:
        return 0
    if (start.year, start.month) == (end.year, end.month):
        return ((end - start).days + 1) * (TICKS // month_weight(start.year, start.month))
    first_days = calendar.monthrange(start.year, start.month)[1]
    total = (first_days - start.day + 1) * (TICKS // month_weight(start.year, start.month))
    total += end.day * (TICKS // month_weight(end.year, end.month))
    # The whole months between, numbered year * 12 + month - 1: February of year y is 12 * y + 1.
    low, high = start.year * 12 + start.month, end.year * 12 + end.month - 2
    if high >= low:
        first_year, last_year = -(-(low - 1) // 12), (high - 1) // 12
        leap_februaries = calendar.leapdays(first_year, last_year + 1) if last_year >= first_year else 0
        total += (high - low + 1) * TICKS + leap_februaries * (TICKS // 28)
    return total


def shortfall(required_months: int, counted: Fraction) -> int:
    """Months missing, rounded up (0 if the requirement is met)."""
    return 0 if counted >= required_months else required_months - math.floor(counted)


def format_months_en(months: int, days: int | None = None) -> str:
    """``62 months (5 years 2 months; 1888 days)``: whole months, with years and days as asides."""
    years, rest = divmod(months, 12)
    details = []
    if years:
        details.append(" ".join([plural(years, "year"), *([plural(rest, "month")] if rest else [])]))
    if days is not None:
        details.append(plural(days, "day"))
    label = plural(months, "month")
    return f"{label} ({'; '.join(details)})" if details else label


def format_months_zh(months: int, days: int | None = None) -> str:
    years, rest = divmod(months, 12)
    details = []
    if years:
        details.append(f"{years} 年" + (f" {rest} 個月" if rest else ""))
    if days is not None:
        details.append(f"{days} 日")
    label = f"{months} 個月"
    return f"{label}（{'；'.join(details)}）" if details else label


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def years_en(years: int) -> str:
    return plural(years, "year")
