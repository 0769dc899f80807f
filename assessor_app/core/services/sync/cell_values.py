"""A workbook cell as its column's value (either reader's cells), or the reason it cannot be one."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.domain.normalise import CONTROL_CHARS
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.cell_rules import fits, text_problem
from assessor_app.core.services.sync.cells import (
    EXACT_INTEGERS,
    EXCEL_EPOCH,
    FIRST_PLAIN_DATE,
    LAST_SERIAL,
    LAST_SERIAL_1904,
    Cell,
    ErrorCell,
    Formula,
    excel_date,
    excel_serial,
)

_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INTEGER = re.compile(r"^[+-]?\d{1,15}(\.0*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _describe(cell: Cell) -> str:
    text = repr(cell)
    return text if len(text) <= 40 else text[:37] + "..."


_LAST_DAY = date(9999, 12, 31)


def _date_value(cell: Cell, *, date1904: bool) -> tuple[date | None, tuple[str, str] | None]:
    """A date cell's day (a serial of the workbook's date system, or typed text), or a problem."""
    if isinstance(cell, bool):
        return None, (f"not a date: {_describe(cell)}", f"並非日期：{_describe(cell)}")
    if isinstance(cell, int | float):
        first, last = (0, LAST_SERIAL_1904) if date1904 else (1, LAST_SERIAL)
        if not first <= cell < last:
            return None, (f"not a date: {_describe(cell)}", f"並非日期：{_describe(cell)}")
        day = excel_date(cell, date1904=date1904)
        if day is None:
            return None, (
                "serial 60 is 29 February 1900, a day that never was (Excel's 1900 leap-year error): "
                "type the real date",
                "序號 60 即 1900 年 2 月 29 日，並不存在（Excel 1900 年閏年錯誤）：請輸入正確日期",
            )
        return day, None
    text = str(cell).strip()
    try:
        return date.fromisoformat(text[:10]), None
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match is not None:
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1))), None
        except ValueError:
            pass
    return None, (
        f"not a date (use yyyy-mm-dd): {_describe(cell)}",
        f"並非日期（請用 yyyy-mm-dd）：{_describe(cell)}",
    )


def _span(column: fmt.Column, today: date) -> tuple[date, date]:
    """The first and last day a date column accepts (its plausible dates, else any real date)."""
    if column.dates is None:
        return date.min, _LAST_DAY
    return column.dates.earliest, column.dates.latest(today)


def convert(
    column: fmt.Column, cell: Cell, *, date1904: bool = False, today: date | None = None
) -> tuple[object, tuple[str, str] | None]:
    """A raw cell as the column's Python value, or a problem (en, zh). A date is read in the workbook's
    date system (``date1904``) and must lie in the column's plausible dates as of ``today`` (Hong Kong's
    today when not given)."""
    if isinstance(cell, Formula):
        return None, ("a formula is not allowed; type the value itself", "不可使用公式，請直接輸入數值")
    if isinstance(cell, ErrorCell):
        return None, (f"error cell {cell.code[:20]}", f"錯誤儲存格 {cell.code[:20]}")
    if (isinstance(cell, str) and cell.strip() == "") or cell is None:
        if column.required:
            return None, ("required, but blank", "必須填寫，但留空")
        return None, None
    kind = column.type
    T = fmt.ColumnType
    if kind is T.DATE:
        day, problem = _date_value(cell, date1904=date1904)
        if day is None:
            return None, problem
        earliest, latest = _span(column, hong_kong_today() if today is None else today)
        if not earliest <= day <= latest:
            return None, (
                f"{day.isoformat()} is not a plausible {column.label_en.lower()}: it must lie between "
                f"{earliest.isoformat()} and {latest.isoformat()}",
                f"{day.isoformat()} 並非合理的{column.label_zh}：必須介乎 {earliest.isoformat()} 至 "
                f"{latest.isoformat()}",
            )
        return day, None
    if kind is T.INTEGER:
        if isinstance(cell, bool):
            return None, (f"not a whole number: {_describe(cell)}", f"並非整數：{_describe(cell)}")
        if isinstance(cell, float):
            return None, (f"not a whole number: {_describe(cell)}", f"並非整數：{_describe(cell)}")
        if isinstance(cell, str):
            if not _INTEGER.match(cell.strip()):
                return None, (f"not a whole number: {_describe(cell)}", f"並非整數：{_describe(cell)}")
            cell = int(float(cell.strip()))
        if column.bounds is not None and not column.bounds[0] <= cell <= column.bounds[1]:
            low, high = column.bounds
            return None, (f"{cell} is not between {low} and {high}", f"{cell} 不在 {low} 至 {high} 之間")
        if column.allowed and str(cell) not in column.allowed:
            return None, (
                f"{cell} is not one of {', '.join(column.allowed)}",
                f"{cell} 不在可用值 {'、'.join(column.allowed)} 之內",
            )
        return cell, None
    if isinstance(cell, bool):
        if kind is T.YESNO:
            return (fmt.YES if cell else fmt.NO), None
        return None, (f"not text: {_describe(cell)}", f"並非文字：{_describe(cell)}")
    if isinstance(cell, float):
        return None, (
            f"a number where text is expected: {_describe(cell)}",
            f"此處應為文字而非數字：{_describe(cell)}",
        )
    text = str(cell)
    if kind is T.TEXT or kind is T.HKID or kind is T.PHONE:
        # The form's rules (length, control characters, blanks at the ends), see .cell_rules
        problem = text_problem(column.key, text)
        if problem is not None:
            return None, problem
    if kind is T.HKID:
        # NFKC-folded to the one canonical number, as at intake; a masked or invalid one stays as it is
        # (the merge refuses it by name).
        return hkid_rules.parse(text)[0] or text, None
    if kind is T.UID:
        text = text.strip().lower()
        if not _UID.match(text):
            return None, (f"not a record key: {_describe(cell)}", f"並非記錄編號：{_describe(cell)}")
        return text, None
    if kind is T.YESNO:
        text = text.strip().upper()
        text = {"YES": fmt.YES, "TRUE": fmt.YES, "NO": fmt.NO, "FALSE": fmt.NO}.get(text, text)
    if kind is T.CHOICE:
        text = text.strip()
    if column.allowed and text not in column.allowed:
        return None, (
            f"{_describe(cell)} is not one of {', '.join(column.allowed)}",
            f"{_describe(cell)} 不在可用值 {'、'.join(column.allowed)} 之內",
        )
    return text, None


SLOW = object()  # "not the common case": the cell goes through exact_cell() and convert()


def convert_column(
    column: fmt.Column, cells: list[Any], *, today: date, date1904: bool = False
) -> list[object]:
    """What :func:`convert` gives for each of ``cells`` (one column's), from either reader, for the
    common cells (valid ones, and blanks of an optional column), in one comprehension; ``SLOW`` for any
    other cell, which then goes through :func:`exact_cell` and :func:`convert` themselves."""
    T = fmt.ColumnType
    kind = column.type
    allowed = frozenset(column.allowed)
    blank: object = SLOW if column.required else None
    slow = SLOW
    if kind is T.UID:
        uid = _UID.match
        return [
            cell if type(cell) is str and uid(cell) else blank if cell is None or cell == "" else slow
            for cell in cells
        ]
    if kind is T.DATE:
        if date1904:  # only the exact reader reads such a workbook (rare): every date by convert()
            return [blank if cell is None or cell == "" else slow for cell in cells]
        # From serial 61 on a serial is plainly days since the epoch; earlier ones go by convert()
        earliest, latest = _span(column, today)
        earliest = max(earliest, FIRST_PLAIN_DATE)
        first, last, epoch = excel_serial(earliest), excel_serial(latest), EXCEL_EPOCH
        return [
            (cell if earliest <= cell <= latest else slow)  # calamine's reading of a date-formatted number
            if type(cell) is date
            else epoch + timedelta(days=cell)
            if type(cell) is int and first <= cell <= last
            else blank
            if cell is None or cell == ""
            else slow
            for cell in cells
        ]
    if kind is T.INTEGER:
        exact = EXACT_INTEGERS
        whole = [
            int(cell)
            if type(cell) is float and cell.is_integer() and abs(cell) < exact
            else cell
            if type(cell) is int
            else blank
            if cell is None or cell == ""
            else slow
            for cell in cells
        ]
        if allowed:
            whole = [value if type(value) is not int or str(value) in allowed else slow for value in whole]
        if column.bounds is not None:
            low, high = column.bounds
            whole = [value if type(value) is not int or low <= value <= high else slow for value in whole]
        return whole
    if kind is T.CHOICE or kind is T.YESNO:
        return [
            cell if type(cell) is str and cell in allowed else blank if cell is None or cell == "" else slow
            for cell in cells
        ]
    if allowed or kind is T.HKID:  # every HKID is folded by convert()
        return [slow] * len(cells)
    control = CONTROL_CHARS.search
    # One search of the column's text joined by blanks (not control characters; the pattern matches one
    # character) tells whether any cell holds one: then only those cells are searched each.
    clean = control(" ".join([cell for cell in cells if type(cell) is str])) is None
    limit, form_field = fits(column.key)
    if form_field:  # no blank at either end either
        return [
            cell
            if type(cell) is str
            and cell
            and len(cell) <= limit
            and cell.strip() == cell
            and (clean or not control(cell))
            else blank
            if cell is None or cell == ""
            else slow
            for cell in cells
        ]
    return [
        cell
        if type(cell) is str
        and cell
        and len(cell) <= limit
        and not cell.isspace()
        and (clean or not control(cell))
        else blank
        if cell is None or cell == ""
        else slow
        for cell in cells
    ]
