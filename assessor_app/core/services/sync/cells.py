"""The cell values both readers give: formulas, error cells, blanks and plain values, by sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FIRST_PLAIN_DATE = date(1900, 3, 1)  # before it, Excel's serials count a day that never was


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
