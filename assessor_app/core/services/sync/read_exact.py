"""The exact reader: every part parsed with defusedxml, every cell looked at in Python."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from defusedxml import ElementTree as SafeET

from assessor_app.core.errors import AppError
from assessor_app.core.services.sync.cells import Cell, ErrorCell, Formula, RawSheet, whole_number
from assessor_app.core.services.sync.guard import DEFAULT_LIMITS, Limits, refused
from assessor_app.core.services.sync.read_package import (
    XML_ERRORS,
    local_name,
    open_package,
    read_shared_strings,
    text_of,
    xml_refused,
)
from assessor_app.core.services.sync.writer import column_letter

MAX_ROWS = 300_000
MAX_COLUMNS = 64

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1


# --- The exact reader ---------------------------------------------------------------------------


def _iter_sheet(path: Path, stream: IO[bytes], part: str) -> Iterator[tuple[str, Any]]:
    try:
        yield from SafeET.iterparse(
            stream, events=("end",), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except XML_ERRORS as error:  # before ValueError: defusedxml's refusals are ValueErrors too
        raise xml_refused(path, part, error) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise refused(path, f"part {part} is damaged.", f"部分 {part} 已損壞。") from None


def _read_sheet(path: Path, archive: zipfile.ZipFile, part: str, shared: list[str], sheet: RawSheet) -> None:
    """Cells go to the row their own reference names (as Excel, openpyxl and calamine place them); a
    cell without a reference goes to its row element's row, after the cell before it."""
    current_row = 0
    next_column = 0
    seen_rows: set[int] = set()
    cells: dict[int, dict[int, Cell]] = {}
    unplaced: dict[int, Cell] = {}  # cells of the current row element without their own reference
    placed = False  # the current row element holds a cell with its own reference
    with archive.open(part) as stream:
        for _event, element in _iter_sheet(path, stream, part):
            tag = local_name(element.tag)
            if tag == "c":
                ref = element.get("r")
                cell_row: int | None = None
                if ref:
                    match = _CELL_REF.match(ref)
                    if match is None:
                        raise refused(
                            path,
                            f"sheet {sheet.name} has a bad cell reference {ref[:20]!r}.",
                            f"工作表 {sheet.name} 有錯誤的儲存格位置 {ref[:20]!r}。",
                        )
                    column = _column_index(match.group(1))
                    cell_row = int(match.group(2))
                else:
                    column = next_column
                next_column = column + 1
                cell = _cell_value(path, sheet, element, ref, shared)
                if cell is not None and cell != "":
                    if column >= MAX_COLUMNS:
                        raise refused(
                            path,
                            f"sheet {sheet.name} has data beyond column {column_letter(MAX_COLUMNS - 1)}.",
                            f"工作表 {sheet.name} 在 {column_letter(MAX_COLUMNS - 1)} 欄以外有資料。",
                        )
                    if cell_row is None:
                        unplaced[column] = cell
                    else:
                        if cell_row > MAX_ROWS or cell_row < 1:
                            raise _bad_row(path, sheet, cell_row)
                        cells.setdefault(cell_row, {})[column] = cell
                        placed = True
                element.clear()
            elif tag == "row":
                number = element.get("r")
                try:
                    current_row = int(number) if number else current_row + 1
                except ValueError:
                    raise refused(
                        path, f"sheet {sheet.name} has a bad row number.", f"工作表 {sheet.name} 的行號錯誤。"
                    ) from None
                if unplaced or placed:
                    if current_row > MAX_ROWS or current_row < 1 or current_row in seen_rows:
                        raise _bad_row(path, sheet, current_row)
                    seen_rows.add(current_row)
                    if unplaced:
                        cells.setdefault(current_row, {}).update(unplaced)
                        unplaced = {}
                    placed = False
                next_column = 0
                element.clear()
    for number in sorted(cells):
        row = cells[number]
        values: list[Cell] = [None] * (max(row) + 1)
        for column, cell in row.items():
            values[column] = cell
        sheet.rows[number] = values


def _bad_row(path: Path, sheet: RawSheet, number: int) -> AppError:
    return refused(
        path,
        f"sheet {sheet.name} has a bad or too large row number {number}.",
        f"工作表 {sheet.name} 的行號 {number} 錯誤或過大。",
    )


def _cell_value(path: Path, sheet: RawSheet, element: Any, ref: str | None, shared: list[str]) -> Cell:
    """One cell's value. A malformed cell holding both ``<is>`` and ``<v>`` is read as calamine reads it:
    the one that comes last decides (inline text whatever the type; a ``<v>`` of an inline-string cell
    is no text, so the cell is blank)."""
    kind = element.get("t", "n")
    value_text: str | None = None
    formula: str | None = None
    inline: str | None = None
    last = ""
    for child in element:
        name = local_name(child.tag)
        if name == "v":
            value_text = child.text or ""
            last = name
        elif name == "f":
            formula = child.text or ""
        elif name == "is":
            inline = text_of(child)
            last = name
    if formula is not None or (kind == "str" and value_text is not None):
        return Formula(formula or "")
    if kind == "e":
        return ErrorCell(value_text or "#ERROR")
    if last == "is":
        return inline
    if kind == "inlineStr":
        return None
    if kind == "s":
        if value_text is None:
            return None  # no index at all: an empty cell
        try:
            return shared[int(value_text)]
        except (ValueError, IndexError):
            raise refused(
                path,
                f"sheet {sheet.name} cell {ref} points to a missing shared string.",
                f"工作表 {sheet.name} 儲存格 {ref} 指向不存在的共用字串。",
            ) from None
    if kind == "b":
        return value_text == "1"
    if kind == "d":
        return value_text
    if value_text is None or value_text == "":
        return None
    try:
        number = float(value_text)
    except ValueError:
        raise refused(
            path,
            f"sheet {sheet.name} cell {ref} holds a malformed number.",
            f"工作表 {sheet.name} 儲存格 {ref} 的數字格式錯誤。",
        ) from None
    return whole_number(number)


def read_raw(path: Path, limits: Limits = DEFAULT_LIMITS, *, data: bytes | None = None) -> list[RawSheet]:
    """Every sheet of the workbook with its cell values, in workbook order (the exact reader); with
    ``data`` (a workbook decrypted in memory) those bytes rather than the file at ``path``."""
    package = open_package(Path(path), limits, data)
    try:
        shared = read_shared_strings(package, limits)
        sheets: list[RawSheet] = []
        for entry in package.sheets:
            sheet = RawSheet(entry.name, entry.state, date1904=package.date1904)
            _read_sheet(package.path, package.archive, entry.part, shared, sheet)
            sheets.append(sheet)
        return sheets
    finally:
        package.archive.close()
