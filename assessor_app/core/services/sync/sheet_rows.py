"""A data sheet's cells checked against its columns: its header, its typed rows, each problem named by cell."""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.cell_values import SLOW, convert, convert_column
from assessor_app.core.services.sync.cells import Cell, ErrorCell, Formula, RawSheet
from assessor_app.core.services.sync.read_fast import exact_cell
from assessor_app.core.services.sync.writer import column_letter

MAX_PROBLEMS_LISTED = 200


class ParsedRow(NamedTuple):
    """One data row: its row number in the sheet and its typed values by column key."""

    number: int
    values: dict[str, object]


def cell_line(sheet: str, row: int | None, column: str | None, en: str, zh: str) -> str:
    """How a refused cell is listed: ``sheet S, row R, column C: why / 工作表 S 第 R 行 C 欄：原因``."""
    where_en = f"sheet {sheet}" + (f", row {row}" if row else "") + (f", column {column}" if column else "")
    where_zh = f"工作表 {sheet}" + (f" 第 {row} 行" if row else "") + (f" {column} 欄" if column else "")
    return f"{where_en}: {en} / {where_zh}：{zh}"


class Problems:
    """The problems found so far: all counted, the first :data:`MAX_PROBLEMS_LISTED` listed."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def add(self, sheet: str, row: int | None, column: str | None, en: str, zh: str) -> None:
        self.count += 1
        if len(self.lines) < MAX_PROBLEMS_LISTED:
            self.lines.append(cell_line(sheet, row, column, en, zh))


def _headers(
    sheet: RawSheet, spec: fmt.Sheet, problems: Problems, shown: frozenset[str], passed: set[int]
) -> dict[int, fmt.Column] | None:
    """The sheet's data columns by index; the indices of its ``shown`` columns (never read) are added to
    ``passed``."""
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
        if key in shown and key not in spec.column_index:
            passed.add(index)
            continue
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


def data_rows(
    sheet: RawSheet,
    spec: fmt.Sheet,
    problems: Problems,
    *,
    keep: bool = True,
    shown: frozenset[str] = frozenset(),
) -> list[ParsedRow]:
    """The sheet's data rows, typed; each wrong cell a problem (sheet, row, column, reason). With
    ``keep`` False the rows are checked just the same (duplicate keys too) but not returned. Columns
    keyed in ``shown`` (a 4.0 sheet's shown columns, :func:`.workbook_layout.shown_keys`) are passed over.

    Column by column: each column's cells are converted in one comprehension, and only the uncommon
    cells go through :func:`convert`; problems are then listed row by row."""
    passed: set[int] = set()
    columns = _headers(sheet, spec, problems, shown, passed)
    if columns is None:
        return []
    width = max((*columns, *passed)) + 1
    gaps = [index for index in range(width) if index not in columns and index not in passed]
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
        values = convert_column(column, column_cells, today=today, date1904=date1904)
        if values.count(SLOW):
            for position, value in enumerate(values):
                if value is not SLOW:
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
