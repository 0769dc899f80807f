"""The fast reader: a byte-level pre-scan of each part, then calamine on the very bytes it passed."""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, cast

from assessor_app.core.services.sync.cells import (
    FIRST_PLAIN_DATE,
    Cell,
    ErrorCell,
    Formula,
    RawSheet,
    excel_serial,
    whole_number,
)
from assessor_app.core.services.sync.guard import DEFAULT_LIMITS, Limits, read_checked, read_member
from assessor_app.core.services.sync.read_package import Package, SheetEntry, open_package

MIN_DENSE_CELLS = 1_000_000  # the fast reader takes any sheet of up to this many cells from A1 on

# --- The pre-scan (bytes; few passes, each a plain search or a regex with a literal start) ---------
# A squeezed copy of a sheet's cells, for looking only: blanks dropped, ' read as ", every control
# character as NUL, and the cell types e (error) and d (ISO date) as \x01, so attributes always read
# name="value" and one search finds both types.
_CONTROLS = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_SQUEEZE = bytes.maketrans(_CONTROLS + b"'ed", bytes(len(_CONTROLS)) + b'"\x01\x01')
_BLANKS = b" \t\r\n"


def _squeezed(pattern: bytes) -> bytes:
    return pattern.translate(_SQUEEZE, _BLANKS)


_SHEET_DATA, _SHEET_DATA_END = _squeezed(b"<sheetData"), _squeezed(b"</sheetData>")
_ODD_TYPE = b'"\x01"'  # t="e" or t="d" (or text "e" or "d" in quotes: then read exactly, to be safe)
_FORMULA_STRING = b'"str"'
_ODD_REF = re.compile(rb'r="(?:(?![A-Z]{0,2}[0-9]{1,5}")|[C-Z][A-Z]|B[M-Z])')  # beyond BL / row 99,999
_CELL_WITHOUT_REF = re.compile(  # <c> not followed by its reference (rich-text properties start <c too)
    b"<c(?!"
    + b"|".join(re.escape(_squeezed(word)) for word in (b'r="', b"olor", b"harset", b"ondense"))
    + b")"
)
_PREFIXED_ELEMENT = re.compile(rb"</?[A-Za-z_][\w.\-]*:")
_CHARACTER_REFERENCE = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);?")
_NOT_A_NUMBER = re.compile(rb"<v>(?!-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+\-]?[0-9]+)?</v>)")
_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?[ \t\r\n]*(?:<\?xml[^>]*\?>[ \t\r\n]*)?")


# --- The fast reader ----------------------------------------------------------------------------


def _prolog_declares(data: bytes) -> bool:
    """A DOCTYPE (or a comment hiding one) before the root element."""
    prolog = _PROLOG.match(data)
    return data.startswith(b"<!", prolog.end() if prolog is not None else 0)


def _forbidden_reference(data: bytes, start: int, end: int) -> bool:
    """A reference to a character calamine allows and XML forbids (``&#1;``)."""
    if b"#" not in data or b"&#" not in data:
        return False
    for match in _CHARACTER_REFERENCE.finditer(data, start, end):
        digits = match.group(1)
        code = int(digits[1:], 16) if digits.startswith(b"x") else int(digits)
        if not _xml_character(code):
            return True
    return False


def suspicious_cells(data: bytes, start: int = 0, end: int | None = None) -> str | None:
    """Why the cells in ``data[start:end]`` (a sheet's ``<sheetData>``) would not read the same with
    calamine as with the exact reader, or None. A handful of passes over the bytes, none of them Python
    code per byte: formulas (prefixed or not), error, ISO-date and formula-string cells however their
    attributes are written, cell and row references out of range or missing or written twice, control
    characters, numbers calamine would take as text."""
    end = len(data) if end is None else end
    if _forbidden_reference(data, start, end):
        return "a reference to a character XML forbids"
    if b"<v>" in data and _NOT_A_NUMBER.search(data, start, end) is not None:
        return "a value that is not a plain number"
    if data.count(b":", start, end) != data.count(b"xml:space=", start, end) and (
        _PREFIXED_ELEMENT.search(data, start, end) is not None
    ):
        return "a namespace prefix on an element"
    squeezed = data.translate(_SQUEEZE, _BLANKS)
    low, high = squeezed.find(_SHEET_DATA), squeezed.rfind(_SHEET_DATA_END)
    if low < 0 or high < low:
        return "an unusual sheetData element"
    if squeezed.find(b"\0", low, high) >= 0:
        return "a control character"
    if squeezed.find(b"<f", low, high) >= 0:
        return "a formula element"
    if squeezed.find(_ODD_TYPE, low, high) >= 0 or squeezed.find(_FORMULA_STRING, low, high) >= 0:
        return "an error, formula-string or date cell"
    if _ODD_REF.search(squeezed, low, high) is not None:
        return "a row or cell reference out of the usual range"
    if _CELL_WITHOUT_REF.search(squeezed, low, high) is not None:
        return "a cell without its own reference"
    return None


def _xml_character(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def suspicious_shared_strings(data: bytes) -> str | None:
    """Why the shared-strings part must go to the exact reader, or None: a DTD, or a character XML
    forbids (calamine would take it). Its text reads the same otherwise (blanks at either end of a ``<t>``
    not marked to be kept are dropped by both readers)."""
    if _prolog_declares(data):
        return "a DTD or comment before the strings"
    if len(data.translate(None, _CONTROLS)) != len(data) or _forbidden_reference(data, 0, len(data)):
        return "a character XML forbids"
    return None


def suspicious_sheet(data: bytes) -> str | None:
    """Why a sheet part must go to the exact reader, or None (see the module docstring)."""
    if _prolog_declares(data):
        return "a DTD or comment before the sheet"
    start = data.find(b"<sheetData")
    if start < 0 or data.find(b"<sheetData", start + 1) >= 0:
        return None if b"sheetData" not in data else "an unusual sheetData element"
    end = data.find(b"</sheetData>", start)
    if end < 0:  # <sheetData/>: no cells
        return None if data.startswith(b"<sheetData/>", start) else "an unusual sheetData element"
    return suspicious_cells(data, start, end + len(b"</sheetData>"))


class NotPlain(Exception):
    """Something the fast reader leaves to the exact one."""


def read_fast(
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    on_sheet: Callable[[RawSheet], None] | None = None,
    data: bytes | None = None,
) -> list[RawSheet] | None:
    """The same sheets as :func:`read_raw`, read with calamine after the pre-scan; None when anything
    in the workbook is left to the exact reader (refusals of the guard, of the workbook part and of its
    relationships are raised here exactly as :func:`read_raw` raises them). ``on_sheet`` is called with
    each sheet as soon as calamine has read it, while later sheets are still being read; it may raise
    ``NotPlain`` to stop early. With ``data`` (a workbook decrypted in memory) those bytes are read."""
    # calamine reads the very bytes the pre-scan saw
    file_bytes = read_checked(Path(path), limits) if data is None else data
    package = open_package(Path(path), limits, file_bytes)
    try:
        if not package.plain:
            return None
        if package.shared_part in package.names and suspicious_shared_strings(
            read_member(package.path, package.archive, package.shared_part, limits)
        ):
            return None
        try:
            return _read_with_calamine(package, file_bytes, limits, on_sheet)
        except NotPlain:
            return None
    finally:
        package.archive.close()


def _read_with_calamine(
    package: Package, file_bytes: bytes, limits: Limits, on_sheet: Callable[[RawSheet], None] | None
) -> list[RawSheet]:
    """The pre-scan of each sheet in this thread, calamine's reading of the sheets it passed in a worker
    thread (calamine lets go of the GIL while it parses), and each sheet handed on as it arrives."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(file_bytes))
    except BaseException as exc:
        _calamine_failed(exc)
        raise
    sheets: list[RawSheet] = []
    pending: deque[tuple[SheetEntry, Future[list[list[Any]]]]] = deque()

    def take() -> None:
        entry, future = pending.popleft()
        sheet = _raw_from_calamine(entry, future.result())
        sheets.append(sheet)
        if on_sheet is not None:
            on_sheet(sheet)

    def read(entry: SheetEntry) -> bytes:
        return read_member(package.path, package.archive, entry.part, limits)

    try:
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="calamine") as pool,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="unzip") as unzip,
        ):
            # the next part is inflated (zlib lets go of the GIL) while this one is pre-scanned
            parts: list[Future[bytes] | None] = [unzip.submit(read, entry) for entry in package.sheets[:1]]
            try:
                for number, entry in enumerate(package.sheets):
                    if number + 1 < len(package.sheets):
                        parts.append(unzip.submit(read, package.sheets[number + 1]))
                    part = parts[number]
                    assert part is not None
                    data = part.result()
                    parts[number] = None  # taken: its bytes can go
                    # calamine only ever sees a sheet the pre-scan passed
                    if suspicious_sheet(data) is not None:
                        raise NotPlain
                    most = max(MIN_DENSE_CELLS, len(data) // 4)  # a real cell takes far more than 4 bytes
                    del data
                    pending.append((entry, pool.submit(_calamine_rows, workbook, entry.name, most)))
                    while pending and pending[0][1].done():
                        take()
                while pending:
                    take()
                return sheets
            finally:
                for _entry, future in pending:
                    future.cancel()
                for waiting in parts:
                    if waiting is not None:
                        waiting.cancel()
    except BaseException as exc:
        _calamine_failed(exc)
        raise
    finally:
        workbook.close()


def _calamine_failed(exc: BaseException) -> None:
    """Turn what calamine refuses (its errors, a Rust panic) into 'leave it to the exact reader'."""
    from python_calamine import CalamineError

    if isinstance(exc, CalamineError) or type(exc).__name__ == "PanicException":
        raise NotPlain from None


def _calamine_rows(workbook: Any, name: str, most: int) -> list[list[Any]]:
    """The sheet's rows from A1, unless it spans more than ``most`` cells (a sparse sheet whose rows
    would be mostly empty: the exact reader keeps only the cells there are)."""
    sheet = workbook.get_sheet_by_name(name)
    start = sheet.start or (0, 0)
    if (start[0] + sheet.height) * (start[1] + sheet.width) > most:
        raise NotPlain
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    return rows


def _raw_from_calamine(entry: SheetEntry, rows: list[list[Any]]) -> RawSheet:
    """calamine's rows, blank ones left out (cells stay calamine's values: see :func:`exact_cell`)."""
    sheet = RawSheet(entry.name, entry.state)
    for number, row in enumerate(rows, start=1):
        if row.count("") != len(row):
            sheet.rows[number] = row
    return sheet


def exact_cell(cell: Any) -> Cell:
    """A cell as the exact reader gives it, from either reader: whole numbers as int, a date-formatted
    number (a date to calamine) as its serial number. A date-time, a time, a duration or a date before
    March 1900 (whose serial Excel counts differently) raises NotPlain: such a workbook is read again by
    the exact reader."""
    kind = type(cell)
    if kind is str or cell is None or kind is int or kind is bool:
        return cast(Cell, cell)
    if kind is float:
        return whole_number(cast(float, cell))
    if kind is date and cell >= FIRST_PLAIN_DATE:
        return excel_serial(cell)
    if isinstance(cell, Formula | ErrorCell):
        return cell
    raise NotPlain
