"""The cell values both readers give (formulas, error cells, blanks and plain values, by sheet) and
Excel's numbers for them: date serials and whole numbers, defined once for the writer and both readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 (Excel's 1900 system, its phantom 29 February included)
FIRST_PLAIN_DATE = date(1900, 3, 1)  # before it, Excel's serials count a day that never was
LAST_SERIAL = 2958466  # 10000-01-01: the first serial past Excel's last day
EXACT_INTEGERS = 2**53  # beyond it a float no longer holds every whole number exactly


def excel_serial(day: date) -> int:
    """The serial number Excel stores for ``day``."""
    return (day - EXCEL_EPOCH).days


def excel_date(serial: float) -> date:
    """The day of a date serial (its fraction, a time of day, dropped)."""
    return EXCEL_EPOCH + timedelta(days=int(serial))


def whole_number(number: float) -> int | float:
    """A number as both readers give it: an int when it is a whole number held exactly, else the float."""
    return int(number) if number.is_integer() and abs(number) < EXACT_INTEGERS else number


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass(frozen=True)
class ErrorCell:
    code: str


Cell = str | float | int | bool | Formula | ErrorCell | None


@dataclass
class RawSheet:
    """One sheet's cells: row number -> the row's cells by column index (``None`` or ``""`` blank).

    From the fast reader the cells are calamine's own values (floats for numbers, dates for
    date-formatted numbers); :func:`exact_cell` gives any cell as the exact reader gives it."""

    name: str
    state: str
    rows: dict[int, list[Cell]] = field(default_factory=dict)
