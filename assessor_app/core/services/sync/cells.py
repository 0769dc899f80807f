"""The cell values both readers give (formulas, error cells, blanks and plain values, by sheet) and
Excel's numbers for them: date serials and whole numbers, defined once for the writer and both readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 for serials from 61 on (Excel's 1900 system)
FIRST_PLAIN_DATE = date(1900, 3, 1)  # serial 61: from here on a serial is plainly days since the epoch
# Excel's 1900 system counts 29 February 1900, a day that never was (Lotus 1-2-3's bug, kept): serial 60
# is that day, and serials 1 to 59 (1900-01-01 to 1900-02-28) are one more than days since the epoch.
PHANTOM_LEAP_DAY = 60
_EARLY_EPOCH = date(1899, 12, 31)  # serial 0 for serials 1 to 59
EPOCH_1904 = date(1904, 1, 1)  # serial 0 in the 1904 date system (workbookPr date1904), no phantom day
LAST_SERIAL = 2958466  # 10000-01-01: the first serial past Excel's last day (1900 system)
LAST_SERIAL_1904 = LAST_SERIAL - 1462  # the same day in the 1904 system
EXACT_INTEGERS = 2**53  # beyond it a float no longer holds every whole number exactly


def excel_serial(day: date) -> int:
    """The serial number Excel stores for ``day`` (1900 system)."""
    return (day - (EXCEL_EPOCH if day >= FIRST_PLAIN_DATE else _EARLY_EPOCH)).days


def excel_date(serial: float, *, date1904: bool = False) -> date | None:
    """The day of a date serial (its fraction, a time of day, dropped); None for serial 60 of the 1900
    system, the phantom 29 February 1900. The caller checks the serial is in range."""
    whole = int(serial)
    if date1904:
        return EPOCH_1904 + timedelta(days=whole)
    if whole == PHANTOM_LEAP_DAY:
        return None
    return (EXCEL_EPOCH if whole > PHANTOM_LEAP_DAY else _EARLY_EPOCH) + timedelta(days=whole)


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
    date1904: bool = False  # the workbook counts its date serials from 1904 (workbookPr date1904)
