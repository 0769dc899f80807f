"""The shape of a batch workbook's column dictionary: column types, plausible date spans, columns, sheets.

:mod:`.workbook_format` declares the format's sheets with these (and re-exports them, so its readers keep
writing ``fmt.Column``); nothing here knows any particular sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class ColumnType(StrEnum):
    TEXT = "text"
    UID = "uid"
    HKID = "hkid"
    PHONE = "phone"
    DATE = "date"
    DATETIME = "datetime"
    INTEGER = "integer"
    YESNO = "yes_no"
    CHOICE = "choice"


@dataclass(frozen=True)
class DateSpan:
    """The dates a date column plausibly holds: from ``earliest`` to ``days_ahead`` days after today (Hong
    Kong). Anything outside is a typing slip or a forged cell, refused with the cell named."""

    earliest: date
    days_ahead: int = 0

    def latest(self, today: date) -> date:
        return today + timedelta(days=self.days_ahead)

    def describe(self) -> str:
        ahead = f"{self.days_ahead} days after today" if self.days_ahead else "today"
        return f"From {self.earliest.isoformat()} to {ahead} (Hong Kong)."


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    label_en: str
    type: ColumnType
    rule: str
    allowed: tuple[str, ...] = ()
    required: bool = False
    width: int = 14
    returned: bool = False  # filled in by the Secretariat in a returned workbook
    bounds: tuple[int, int] | None = None  # an integer column's smallest and largest value
    dates: DateSpan | None = None  # a date column's plausible dates

    @property
    def label(self) -> str:
        return f"{self.label_zh}\n{self.label_en}"


@dataclass(frozen=True)
class Sheet:
    name: str
    title_zh: str
    title_en: str
    key_columns: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str = ""
    column_index: dict[str, int] = field(init=False, compare=False, repr=False)
    # The column keys in order, computed once: the reader and the merge ask for them per row.
    keys: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_index", {column.key: i for i, column in enumerate(self.columns)})
        object.__setattr__(self, "keys", tuple(column.key for column in self.columns))


def column(
    key: str,
    zh: str,
    en: str,
    kind: ColumnType,
    rule: str,
    *,
    allowed: tuple[str, ...] = (),
    required: bool = False,
    width: int = 14,
    returned: bool = False,
    bounds: tuple[int, int] | None = None,
    dates: DateSpan | None = None,
) -> Column:
    if dates is not None:  # the docs and the codebook say which dates the column takes
        rule = f"{rule} {dates.describe()}"
    return Column(key, zh, en, kind, rule, allowed, required, width, returned, bounds, dates)
