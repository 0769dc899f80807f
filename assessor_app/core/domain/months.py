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


def months_between(start: date, end: date) -> Fraction:
    """Months from ``start`` to ``end`` (both included), by the convention in the module docstring."""
    total = Fraction(0)
    cursor = start
    while cursor <= end:
        month_end = date(cursor.year, cursor.month, calendar.monthrange(cursor.year, cursor.month)[1])
        segment_end = min(month_end, end)
        total += Fraction((segment_end - cursor).days + 1, month_weight(cursor.year, cursor.month))
        if segment_end == date.max:
            break
        cursor = segment_end + _ONE_DAY
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
