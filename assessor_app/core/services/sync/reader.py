"""Read a batch workbook safely: guard first, then the sheets, then the format's rules.

Two readers give the same cells:

- :func:`read_raw`, the exact reader: every part parsed with defusedxml (no DTD, no entities), every
  cell looked at in Python; formulas and error cells come back as :class:`Formula` / :class:`ErrorCell`.
  It never trusts declared dimensions. About 5 s for a 10,000-application workbook.
- :func:`read_fast`, the fast reader: the file is read once (its size checked first) and calamine, a
  Rust reader, parses those very bytes, sheet by sheet in a worker thread, each only after a byte-level
  *pre-scan* of its part (:func:`suspicious_sheet`; the shared strings too) found nothing calamine would
  read differently or unsafely: a DTD, a formula element (prefixed or not), an error, ISO-date or
  formula-string cell however its attributes are written, a cell without its own ``A1`` reference, a
  row or cell reference beyond column BL or row 99,999, a control character, a value that is not a
  plain number. Any of these, anything calamine refuses, a sheet far sparser than its size, a date it
  cannot turn back into a serial, and it gives up: the exact reader reads the workbook. A lying or
  absurd sheet never reaches calamine, and lying dimensions do not matter to it.

Both readers decode ``_xHHHH_`` escapes in text as Excel does (see :func:`.writer.unescape_x`), drop the
blanks at either end of text not marked ``xml:space="preserve"``, take a cell's row from its own
reference, and give ``None``/``""`` for blanks, ``int`` for whole numbers, ``float``, ``bool`` and ``str``
(calamine's floats and dates are read as the exact reader's values by :func:`exact_cell`).

:func:`parse_batch` checks sheets, headers, keys and types against :mod:`.workbook_format` and returns
typed rows, or raises one :class:`ValidationError` listing every problem with sheet, row, column and
reason. It uses the fast reader when it can, and the exact reader when it cannot *or when the workbook
is refused*, so every refusal is the exact reader's. Formulas and error cells are refused wherever they
are. ``docs/sync-internals.md`` says why each pre-scan check is there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.domain.normalise import CONTROL_CHARS
from assessor_app.core.errors import ValidationError
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
    RawSheet,
    excel_date,
    excel_serial,
)
from assessor_app.core.services.sync.encryption import decrypt_bytes
from assessor_app.core.services.sync.guard import DEFAULT_LIMITS, Limits, read_checked
from assessor_app.core.services.sync.read_exact import read_raw
from assessor_app.core.services.sync.read_fast import NotPlain, exact_cell, read_fast
from assessor_app.core.services.sync.workbook_legacy import data_sheets, personal_data_of
from assessor_app.core.services.sync.writer import column_letter, paused_gc

MAX_PROBLEMS_LISTED = 200

_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INTEGER = re.compile(r"^[+-]?\d{1,15}(\.0*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class ParsedRow(NamedTuple):
    """One data row: its row number in the sheet and its typed values by column key."""

    number: int
    values: dict[str, object]


@dataclass
class ParsedBatch:
    manifest: dict[str, str]
    sheets: dict[str, list[ParsedRow]]
    reader: str = "exact"  # "fast" (calamine after the pre-scan) or "exact" (defusedxml)
    data_sheets: tuple[fmt.Sheet, ...] = fmt.DATA_SHEETS  # the format version's (a 2.0 file: 2.0's)
    # Each data sheet's rows as canonical text (case_rows.canonical of each value, in the sheet's key
    # order), and each case's content hash as its rows come in the file, once the data hash has been
    # checked over them (merge_workbook): the copies of the cases are made of them, not made twice.
    lines: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    case_sha256: dict[str, str] = field(default_factory=dict)
    file_sha256: str = ""  # an encrypted file's: the SHA-256 of the very bytes decrypted and read

    @property
    def version(self) -> str:
        return self.manifest.get("format_version", "")

    @property
    def personal_data(self) -> str:
        """``full``, ``masked`` or ``minimised`` (a 3.1 workbook's taken from its ``hkid_form``)."""
        return personal_data_of(self.manifest)[0]


# --- Checking against the format ---------------------------------------------------------------


def cell_line(sheet: str, row: int | None, column: str | None, en: str, zh: str) -> str:
    """How a refused cell is listed: ``sheet S, row R, column C: why / 工作表 S 第 R 行 C 欄：原因``."""
    where_en = f"sheet {sheet}" + (f", row {row}" if row else "") + (f", column {column}" if column else "")
    where_zh = f"工作表 {sheet}" + (f" 第 {row} 行" if row else "") + (f" {column} 欄" if column else "")
    return f"{where_en}: {en} / {where_zh}：{zh}"


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def add(self, sheet: str, row: int | None, column: str | None, en: str, zh: str) -> None:
        self.count += 1
        if len(self.lines) < MAX_PROBLEMS_LISTED:
            self.lines.append(cell_line(sheet, row, column, en, zh))


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


_SLOW = object()  # "not the common case": the cell goes through exact_cell() and convert()


def _convert_column(
    column: fmt.Column, cells: list[Any], *, today: date, date1904: bool = False
) -> list[object]:
    """What :func:`convert` gives for each of ``cells`` (one column's), from either reader, for the
    common cells (valid ones, and blanks of an optional column), in one comprehension; ``_SLOW`` for any
    other cell, which then goes through :func:`exact_cell` and :func:`convert` themselves."""
    T = fmt.ColumnType
    kind = column.type
    allowed = frozenset(column.allowed)
    blank: object = _SLOW if column.required else None
    slow = _SLOW
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


def _headers(sheet: RawSheet, spec: fmt.Sheet, problems: _Problems) -> dict[int, fmt.Column] | None:
    keys_row = sheet.rows.get(fmt.HEADER_ROWS, [])
    labels_row = sheet.rows.get(1, [])
    for cells in (labels_row, keys_row):
        for index, cell in enumerate(cells):
            if isinstance(cell, Formula | ErrorCell):
                problems.add(
                    spec.name,
                    fmt.HEADER_ROWS,
                    column_letter(index),
                    "a header may not be a formula or error",
                    "標題不可為公式或錯誤值",
                )
                return None
    columns: dict[int, fmt.Column] = {}
    seen: dict[str, int] = {}
    ok = True
    for index, raw in enumerate(keys_row):
        cell = exact_cell(raw)
        if cell is None or cell == "":
            continue
        key = str(cell).strip()
        if key in seen:
            problems.add(
                spec.name,
                fmt.HEADER_ROWS,
                column_letter(index),
                f"column key {key!r} appears twice",
                f"欄位鍵 {key!r} 重複",
            )
            ok = False
            continue
        seen[key] = index
        column = spec.columns[spec.column_index[key]] if key in spec.column_index else None
        if column is None:
            problems.add(
                spec.name,
                fmt.HEADER_ROWS,
                column_letter(index),
                f"unknown column key {key[:40]!r}",
                f"不明欄位鍵 {key[:40]!r}",
            )
            ok = False
            continue
        columns[index] = column
    missing = [key for key in spec.keys if key not in seen]
    if missing:
        problems.add(
            spec.name,
            fmt.HEADER_ROWS,
            None,
            f"missing columns: {', '.join(missing)}",
            f"缺少欄位：{'、'.join(missing)}",
        )
        ok = False
    return columns if ok else None


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and (not cell or cell.isspace()))


def _blank_row(cells: list[Cell]) -> bool:
    first = cells[0] if cells else None
    if first is not None and first != "" and not (type(first) is str and first.isspace()):
        return False
    return all(_blank(cell) for cell in cells)


def _data_rows(
    sheet: RawSheet, spec: fmt.Sheet, problems: _Problems, *, keep: bool = True
) -> list[ParsedRow]:
    """The sheet's data rows, typed; each wrong cell a problem (sheet, row, column, reason). With
    ``keep`` False the rows are checked just the same (duplicate keys too) but not returned.

    Column by column: each column's cells are converted in one comprehension, and only the uncommon
    cells go through :func:`convert`; problems are then listed row by row."""
    columns = _headers(sheet, spec, problems)
    if columns is None:
        return []
    width = max(columns) + 1
    gaps = [index for index in range(width) if index not in columns]
    numbers: list[int] = []
    rows: list[list[Cell]] = []
    found: list[tuple[int, int, int, str, str]] = []  # (row position, order, column, en, zh)
    for number in sorted(sheet.rows):
        if number <= fmt.HEADER_ROWS:
            continue
        cells = sheet.rows[number]
        if _blank_row(cells):
            continue
        if gaps or len(cells) > width:
            for index in (*gaps, *range(width, len(cells))):
                if index < len(cells) and cells[index] is not None and cells[index] != "":
                    found.append(
                        (
                            len(rows),
                            -1,
                            index,
                            "a value outside the workbook's columns",
                            "在工作簿欄位以外有資料",
                        )
                    )
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        numbers.append(number)
        rows.append(cells)

    plan = sorted(columns.items())
    converted: list[list[object]] = []
    today, date1904 = hong_kong_today(), sheet.date1904
    for order, (index, column) in enumerate(plan):
        column_cells = list(map(itemgetter(index), rows))
        values = _convert_column(column, column_cells, today=today, date1904=date1904)
        if values.count(_SLOW):
            for position, value in enumerate(values):
                if value is not _SLOW:
                    continue
                value, problem = convert(
                    column, exact_cell(column_cells[position]), date1904=date1904, today=today
                )
                values[position] = value
                if problem is not None:
                    found.append((position, order, index, *problem))
        converted.append(values)

    found.sort(key=lambda item: (item[0], item[1]))
    bad = set()
    for position, order, index, en, zh in found:
        where = column_letter(index) if order < 0 else f"{column_letter(index)} ({plan[order][1].key})"
        problems.add(spec.name, numbers[position], where, en, zh)
        bad.add(position)

    keys = [column.key for _index, column in plan]
    key_positions = [keys.index(key) for key in spec.key_columns]
    key_of = itemgetter(*key_positions)
    value_rows = list(zip(*converted, strict=True))
    if not bad and len(set(map(key_of, value_rows))) == len(value_rows):
        # The common case, every row good and every key once (what the loop below finds), at C speed.
        if not keep:
            return []
        return list(map(ParsedRow, numbers, map(dict, map(zip, repeat(keys), value_rows))))
    parsed: list[ParsedRow] = []
    keys_seen: dict[object, int] = {}
    for position, row_values in enumerate(value_rows):
        if position in bad:
            continue
        number = numbers[position]
        row_key = key_of(row_values)
        if row_key in keys_seen:
            problems.add(
                spec.name,
                number,
                None,
                f"the same key as row {keys_seen[row_key]}",
                f"與第 {keys_seen[row_key]} 行的鍵相同",
            )
            continue
        keys_seen[row_key] = number
        if keep:
            parsed.append(ParsedRow(number, dict(zip(keys, row_values, strict=True))))
    return parsed


def parse_batch(
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    password: str | None = None,
    rows_of: Collection[str] | None = None,
) -> ParsedBatch:
    """The workbook at ``path`` checked against the format, as typed rows per sheet.

    Every sheet is checked whatever ``rows_of`` says; when given, only the rows of those data sheets are
    returned (``sheets`` holds no other), which spares building rows nobody reads.

    With ``password`` the file must be an encrypted workbook (a full-HKID export): its size is checked
    against ``limits`` first, then it is decrypted in memory and read from there (no clear copy is ever
    written, so none can outlive a crash).
    """
    path = Path(path)
    keep = frozenset(fmt.SHEETS_BY_NAME if rows_of is None else rows_of)
    if password is not None:
        encrypted = read_checked(path, limits)
        with paused_gc():
            parsed = _parse(path, limits, keep, decrypt_bytes(encrypted, password, path.name))
        parsed.file_sha256 = hashlib.sha256(encrypted).hexdigest()
        return parsed
    with paused_gc():
        return _parse(path, limits, keep)


def parse_sheets(
    raw: list[RawSheet],
    path: Path,
    *,
    reader: str = "exact",
    early: dict[str, list[ParsedRow]] | None = None,
    keep: Collection[str] | None = None,
) -> ParsedBatch:
    """Check sheets read by either reader against the format (one ValidationError listing every problem).

    ``early`` holds data sheets already checked without a problem as they were read (the first sheet of
    each name), so they are not checked twice."""
    problems = _Problems()
    by_name: dict[str, RawSheet] = {}
    for sheet in raw:
        if sheet.name not in fmt.ALL_SHEET_NAMES:
            hidden = " (hidden)" if sheet.state != "visible" else ""
            hidden_zh = "（已隱藏）" if sheet.state != "visible" else ""
            problems.add(
                sheet.name[:40],
                None,
                None,
                f"unknown sheet{hidden}; the batch workbook has no such sheet",
                f"不明工作表{hidden_zh}；批次工作簿沒有此工作表",
            )
            continue
        if sheet.name in by_name:
            problems.add(sheet.name, None, None, "the sheet appears twice", "工作表重複")
            continue
        if sheet.state != "visible" and sheet.name != fmt.CODEBOOK_SHEET:
            problems.add(
                sheet.name,
                None,
                None,
                "the sheet is hidden; data sheets must be visible",
                "工作表已隱藏；資料工作表必須可見",
            )
        by_name[sheet.name] = sheet
    for name in (fmt.MANIFEST_SHEET, *(spec.name for spec in fmt.DATA_SHEETS)):
        if name not in by_name:
            problems.add(name, None, None, "the sheet is missing", "缺少此工作表")

    manifest: dict[str, str] = {}
    specs = fmt.DATA_SHEETS
    if fmt.MANIFEST_SHEET in by_name:
        manifest = manifest_items(by_name[fmt.MANIFEST_SHEET], problems)
        personal_data, problem = personal_data_of(manifest)
        specs = data_sheets(manifest.get("format_version", ""), personal_data) or fmt.DATA_SHEETS
        if problem is not None and manifest.get("format") == fmt.FORMAT_NAME:
            problems.add(fmt.MANIFEST_SHEET, None, None, *problem)
        if manifest.get("format") != fmt.FORMAT_NAME:
            problems.add(
                fmt.MANIFEST_SHEET,
                None,
                None,
                "this is not a batch workbook of this app",
                "此檔案並非本程式的批次工作簿",
            )
        elif data_sheets(manifest.get("format_version", "")) is None:
            problems.add(
                fmt.MANIFEST_SHEET,
                None,
                None,
                f"format version {manifest.get('format_version')!r} is not supported (this app reads 2.x "
                f"and 3.x; it writes {fmt.FORMAT_VERSION})",
                f"不支援格式版本 {manifest.get('format_version')!r}（本程式讀取 2.x 及 3.x；"
                f"寫入 {fmt.FORMAT_VERSION}）",
            )

    sheets: dict[str, list[ParsedRow]] = {}
    for spec in specs:
        kept = keep is None or spec.name in keep
        if early is not None and spec.name in early:
            rows = early[spec.name]
        elif spec.name in by_name:
            rows = _data_rows(by_name[spec.name], spec, problems, keep=kept)
        else:
            continue
        if kept:
            sheets[spec.name] = rows
    if problems.count:
        more = problems.count - len(problems.lines)
        details = problems.lines + ([f"... and {more} more / 另有 {more} 項"] if more > 0 else [])
        raise ValidationError(
            f"{path.name} was refused: {problems.count} problem(s); nothing was changed.",
            f"已拒絕 {path.name}：共 {problems.count} 項問題；未有任何更改。",
            code="workbook_invalid",
            details=details,
        )
    return ParsedBatch(manifest, sheets, reader, specs)


def manifest_items(sheet: RawSheet, problems: _Problems | None = None) -> dict[str, str]:
    """The manifest sheet's items (key → value text); a formula or error cell is a problem."""
    manifest: dict[str, str] = {}
    for number, cells in sorted(sheet.rows.items()):
        if number <= fmt.HEADER_ROWS:
            continue
        if any(isinstance(cell, Formula | ErrorCell) for cell in cells):
            if problems is not None:
                problems.add(fmt.MANIFEST_SHEET, number, None, "a formula or error cell", "含有公式或錯誤值")
            continue
        key = str(exact_cell(cells[0]) or "").strip() if cells else ""
        value = exact_cell(cells[2]) if len(cells) > 2 else None
        if key in fmt.MANIFEST_KEYS:
            manifest[key] = "" if value is None else str(value)
    return manifest


def _parse(path: Path, limits: Limits, keep: frozenset[str], data: bytes | None = None) -> ParsedBatch:
    """The fast reader when it can read the workbook; the exact one when it cannot, and also when the
    workbook is refused, so the refusal lists exactly what the exact reader finds. With ``data`` (a
    decrypted workbook) both read those bytes rather than the file at ``path``.

    With the fast reader each data sheet is checked as soon as it is read, while calamine reads the
    next ones; the first problem stops it (the exact reader then reads the whole workbook)."""
    early: dict[str, list[ParsedRow]] = {}
    specs: dict[str, fmt.Sheet] | None = None  # the manifest's version's, once the manifest is read

    def check(sheet: RawSheet) -> None:
        nonlocal specs
        if sheet.name == fmt.MANIFEST_SHEET and specs is None:
            manifest = manifest_items(sheet)
            version, personal_data = manifest.get("format_version", ""), personal_data_of(manifest)[0]
            specs = {spec.name: spec for spec in data_sheets(version, personal_data) or fmt.DATA_SHEETS}
            return
        spec = specs.get(sheet.name) if specs is not None else None  # before the manifest: checked later
        if spec is None or spec.name in early:
            return
        problems = _Problems()
        early[spec.name] = _data_rows(sheet, spec, problems, keep=spec.name in keep)
        sheet.rows = {}  # checked: its cells are no longer needed
        if problems.count:
            raise NotPlain

    fast = read_fast(path, limits, on_sheet=check, data=data)
    if fast is not None:
        try:
            return parse_sheets(fast, path, reader="fast", early=early, keep=keep)
        except (NotPlain, ValidationError):
            pass
        del fast
    early.clear()
    return parse_sheets(read_raw(path, limits, data=data), path, keep=keep)
