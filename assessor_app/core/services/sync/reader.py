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

import io
import re
import tempfile
import zipfile
from collections import deque
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.encryption import decrypt_workbook
from assessor_app.core.services.sync.guard import (
    DEFAULT_LIMITS,
    Limits,
    check_size,
    open_checked,
    read_checked,
    read_member,
    refused,
)
from assessor_app.core.services.sync.writer import EXCEL_EPOCH, column_letter, paused_gc, unescape_x

MAX_ROWS = 300_000
MAX_COLUMNS = 64
MAX_PROBLEMS_LISTED = 200
MAX_SHARED_STRINGS = 2_000_000
MIN_DENSE_CELLS = 1_000_000  # the fast reader takes any sheet of up to this many cells from A1 on
FIRST_PLAIN_DATE = date(1900, 3, 1)  # before it, Excel's serials count a day that never was

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INTEGER = re.compile(r"^[+-]?\d{1,15}(\.0*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

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


class ParsedRow(NamedTuple):
    """One data row: its row number in the sheet and its typed values by column key."""

    number: int
    values: dict[str, object]


@dataclass
class ParsedBatch:
    manifest: dict[str, str]
    sheets: dict[str, list[ParsedRow]]
    reader: str = "exact"  # "fast" (calamine after the pre-scan) or "exact" (defusedxml)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_xml(path: Path, data: bytes, part: str) -> Any:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise refused(
            path,
            f"part {part} declares XML entities or a DTD (refused for safety).",
            f"部分 {part} 含有 XML 實體或 DTD 宣告（為安全起見拒絕）。",
        ) from None
    except SafeET.ParseError:
        raise refused(
            path, f"part {part} is not well-formed XML.", f"部分 {part} 並非格式正確的 XML。"
        ) from None


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1


def _t_text(element: Any) -> str:
    """One ``<t>``: its blanks at either end dropped unless it is marked ``xml:space="preserve"`` (as
    Excel and calamine read it), then its ``_xHHHH_`` escapes decoded."""
    text: str = element.text or ""
    if element.get(_XML_SPACE) != "preserve":
        text = text.strip(" \t\r\n")
    return unescape_x(text)


def _text_of(element: Any) -> str:
    """Text of an ``<is>`` or ``<si>``: its ``<t>`` and rich-text runs, without phonetic guides."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(_t_text(child))
        elif name == "r":
            for run in child:
                if _local(run.tag) == "t":
                    parts.append(_t_text(run))
    return "".join(parts)


# --- The package: workbook, relationships and sheet parts, read the same way by both readers ------


@dataclass(frozen=True)
class _SheetEntry:
    name: str
    state: str
    part: str


@dataclass
class _Package:
    path: Path
    archive: zipfile.ZipFile
    names: set[str]
    sheets: list[_SheetEntry]
    shared_part: str
    plain: bool  # the fast reader may read it: one workbook part, unambiguous relationships, 1900 dates


def _open_package(path: Path, limits: Limits, data: bytes | None = None) -> _Package:
    archive = open_checked(path, limits, data=data)
    try:
        names = set(archive.namelist())
        workbook = _parse_xml(path, read_member(path, archive, "xl/workbook.xml", limits), "xl/workbook.xml")
        plain = True
        rels_part = "xl/_rels/workbook.xml.rels"
        targets: dict[str, str] = {}
        if rels_part in names:
            rels = _parse_xml(path, read_member(path, archive, rels_part, limits), rels_part)
            for rel in rels:
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                rel_id = rel.get("Id", "")
                plain = plain and rel_id not in targets
                targets[rel_id] = target
        if "_rels/.rels" in names:
            # calamine finds the workbook through the package's relationships: it must be this one
            root_rels = _parse_xml(path, read_member(path, archive, "_rels/.rels", limits), "_rels/.rels")
            documents = [
                rel.get("Target", "") for rel in root_rels if rel.get("Type", "").endswith(_OFFICE_DOCUMENT)
            ]
            plain = plain and [target.lstrip("/") for target in documents] == ["xl/workbook.xml"]
        else:
            plain = False
        sheets: list[_SheetEntry] = []
        for element in workbook.iter():
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904", "0").lower() in {"1", "true"}:
                plain = False
            if name != "sheet":
                continue
            rid = element.get(f"{{{_REL_NS}}}id") or element.get(f"{{{_STRICT_REL_NS}}}id") or ""
            entry = _SheetEntry(
                element.get("name", ""), element.get("state", "visible"), targets.get(rid, "")
            )
            if entry.part not in names:
                raise refused(path, f"sheet {entry.name} has no content.", f"工作表 {entry.name} 沒有內容。")
            sheets.append(entry)
        shared_part = next(
            (t for t in targets.values() if t.endswith("sharedStrings.xml")), "xl/sharedStrings.xml"
        )
        return _Package(path, archive, names, sheets, shared_part, plain)
    except BaseException:
        archive.close()
        raise


def _read_shared_strings(package: _Package, limits: Limits) -> list[str]:
    shared: list[str] = []
    if package.shared_part in package.names:
        part = package.shared_part
        root = _parse_xml(package.path, read_member(package.path, package.archive, part, limits), part)
        for item in root:
            if _local(item.tag) == "si":
                shared.append(_text_of(item))
                if len(shared) > MAX_SHARED_STRINGS:
                    raise refused(package.path, "it holds too many strings.", "檔案含有過多字串。")
    return shared


# --- The exact reader ---------------------------------------------------------------------------


def _iter_sheet(path: Path, stream: IO[bytes], part: str) -> Iterator[tuple[str, Any]]:
    try:
        yield from SafeET.iterparse(
            stream, events=("end",), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise refused(
            path,
            f"part {part} declares XML entities or a DTD (refused for safety).",
            f"部分 {part} 含有 XML 實體或 DTD 宣告（為安全起見拒絕）。",
        ) from None
    except SafeET.ParseError:
        raise refused(
            path, f"part {part} is not well-formed XML.", f"部分 {part} 並非格式正確的 XML。"
        ) from None
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
            tag = _local(element.tag)
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
        name = _local(child.tag)
        if name == "v":
            value_text = child.text or ""
            last = name
        elif name == "f":
            formula = child.text or ""
        elif name == "is":
            inline = _text_of(child)
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
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def read_raw(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[RawSheet]:
    """Every sheet of the workbook with its cell values, in workbook order (the exact reader)."""
    package = _open_package(Path(path), limits)
    try:
        shared = _read_shared_strings(package, limits)
        sheets: list[RawSheet] = []
        for entry in package.sheets:
            sheet = RawSheet(entry.name, entry.state)
            _read_sheet(package.path, package.archive, entry.part, shared, sheet)
            sheets.append(sheet)
        return sheets
    finally:
        package.archive.close()


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


class _NotPlain(Exception):
    """Something the fast reader leaves to the exact one."""


def read_fast(
    path: Path, limits: Limits = DEFAULT_LIMITS, *, on_sheet: Callable[[RawSheet], None] | None = None
) -> list[RawSheet] | None:
    """The same sheets as :func:`read_raw`, read with calamine after the pre-scan; None when anything
    in the workbook is left to the exact reader (refusals of the guard, of the workbook part and of its
    relationships are raised here exactly as :func:`read_raw` raises them). ``on_sheet`` is called with
    each sheet as soon as calamine has read it, while later sheets are still being read; it may raise
    ``_NotPlain`` to stop early."""
    file_bytes = read_checked(Path(path), limits)  # calamine reads the very bytes the pre-scan saw
    package = _open_package(Path(path), limits, file_bytes)
    try:
        if not package.plain:
            return None
        if package.shared_part in package.names and suspicious_shared_strings(
            read_member(package.path, package.archive, package.shared_part, limits)
        ):
            return None
        try:
            return _read_with_calamine(package, file_bytes, limits, on_sheet)
        except _NotPlain:
            return None
    finally:
        package.archive.close()


def _read_with_calamine(
    package: _Package, file_bytes: bytes, limits: Limits, on_sheet: Callable[[RawSheet], None] | None
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
    pending: deque[tuple[_SheetEntry, Future[list[list[Any]]]]] = deque()

    def take() -> None:
        entry, future = pending.popleft()
        sheet = _raw_from_calamine(entry, future.result())
        sheets.append(sheet)
        if on_sheet is not None:
            on_sheet(sheet)

    def read(entry: _SheetEntry) -> bytes:
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
                        raise _NotPlain
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
        raise _NotPlain from None


def _calamine_rows(workbook: Any, name: str, most: int) -> list[list[Any]]:
    """The sheet's rows from A1, unless it spans more than ``most`` cells (a sparse sheet whose rows
    would be mostly empty: the exact reader keeps only the cells there are)."""
    sheet = workbook.get_sheet_by_name(name)
    start = sheet.start or (0, 0)
    if (start[0] + sheet.height) * (start[1] + sheet.width) > most:
        raise _NotPlain
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    return rows


def _raw_from_calamine(entry: _SheetEntry, rows: list[list[Any]]) -> RawSheet:
    """calamine's rows, blank ones left out (cells stay calamine's values: see :func:`exact_cell`)."""
    sheet = RawSheet(entry.name, entry.state)
    for number, row in enumerate(rows, start=1):
        if row.count("") != len(row):
            sheet.rows[number] = row
    return sheet


def exact_cell(cell: Any) -> Cell:
    """A cell as the exact reader gives it, from either reader: whole numbers as int, a date-formatted
    number (a date to calamine) as its serial number. A date-time, a time, a duration or a date before
    March 1900 (whose serial Excel counts differently) raises _NotPlain: such a workbook is read again by
    the exact reader."""
    kind = type(cell)
    if kind is str or cell is None or kind is int or kind is bool:
        return cast(Cell, cell)
    if kind is float:
        return int(cell) if cell.is_integer() and abs(cell) < 2**53 else cast(float, cell)
    if kind is date and cell >= FIRST_PLAIN_DATE:
        return int((cell - EXCEL_EPOCH).days)
    if isinstance(cell, Formula | ErrorCell):
        return cell
    raise _NotPlain


# --- Checking against the format ---------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def add(self, sheet: str, row: int | None, column: str | None, en: str, zh: str) -> None:
        self.count += 1
        if len(self.lines) < MAX_PROBLEMS_LISTED:
            where_en = (
                f"sheet {sheet}" + (f", row {row}" if row else "") + (f", column {column}" if column else "")
            )
            where_zh = (
                f"工作表 {sheet}" + (f" 第 {row} 行" if row else "") + (f" {column} 欄" if column else "")
            )
            self.lines.append(f"{where_en}: {en} / {where_zh}：{zh}")


def _describe(cell: Cell) -> str:
    text = repr(cell)
    return text if len(text) <= 40 else text[:37] + "..."


def excel_date(serial: float) -> date:
    return EXCEL_EPOCH + timedelta(days=int(serial))


def convert(column: fmt.Column, cell: Cell) -> tuple[object, tuple[str, str] | None]:
    """A raw cell as the column's Python value, or a problem (en, zh)."""
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
        if isinstance(cell, bool):
            return None, (f"not a date: {_describe(cell)}", f"並非日期：{_describe(cell)}")
        if isinstance(cell, int | float):
            if not 1 <= cell < 2958466:
                return None, (f"not a date: {_describe(cell)}", f"並非日期：{_describe(cell)}")
            return excel_date(cell), None
        text = cell.strip()
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
    if kind is T.INTEGER:
        if isinstance(cell, bool):
            return None, (f"not a whole number: {_describe(cell)}", f"並非整數：{_describe(cell)}")
        if isinstance(cell, float):
            return None, (f"not a whole number: {_describe(cell)}", f"並非整數：{_describe(cell)}")
        if isinstance(cell, str):
            if not _INTEGER.match(cell.strip()):
                return None, (f"not a whole number: {_describe(cell)}", f"並非整數：{_describe(cell)}")
            cell = int(float(cell.strip()))
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


def _convert_column(column: fmt.Column, cells: list[Any]) -> list[object]:
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
        epoch, first = EXCEL_EPOCH, FIRST_PLAIN_DATE
        return [
            (cell if cell >= first else slow)  # calamine's reading of a date-formatted number
            if type(cell) is date
            else epoch + timedelta(days=cell)
            if type(cell) is int and 1 <= cell < 2958466
            else blank
            if cell is None or cell == ""
            else slow
            for cell in cells
        ]
    if kind is T.INTEGER:
        whole = [
            int(cell)
            if type(cell) is float and cell.is_integer() and abs(cell) < 2**53
            else cell
            if type(cell) is int
            else blank
            if cell is None or cell == ""
            else slow
            for cell in cells
        ]
        if allowed:
            whole = [value if type(value) is not int or str(value) in allowed else slow for value in whole]
        return whole
    if kind is T.CHOICE or kind is T.YESNO:
        return [
            cell if type(cell) is str and cell in allowed else blank if cell is None or cell == "" else slow
            for cell in cells
        ]
    if allowed:
        return [slow] * len(cells)
    return [
        cell
        if type(cell) is str and cell and not cell.isspace()
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
    for order, (index, column) in enumerate(plan):
        column_cells = list(map(itemgetter(index), rows))
        values = _convert_column(column, column_cells)
        if values.count(_SLOW):
            for position, value in enumerate(values):
                if value is not _SLOW:
                    continue
                value, problem = convert(column, exact_cell(column_cells[position]))
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
    parsed: list[ParsedRow] = []
    keys_seen: dict[object, int] = {}
    for position, row_values in enumerate(zip(*converted, strict=True)):
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
    against ``limits`` first, then it is decrypted into an owner-only temporary folder, read, and the
    clear copy removed at once.
    """
    path = Path(path)
    keep = frozenset(fmt.SHEETS_BY_NAME if rows_of is None else rows_of)
    if password is not None:
        check_size(path, limits)
        with tempfile.TemporaryDirectory(prefix="assessor-decrypt-") as folder, paused_gc():
            plain = Path(folder) / path.name
            decrypt_workbook(path, plain, password)
            return _parse(plain, limits, keep)
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
    if fmt.MANIFEST_SHEET in by_name:
        for number, cells in sorted(by_name[fmt.MANIFEST_SHEET].rows.items()):
            if number <= fmt.HEADER_ROWS:
                continue
            if any(isinstance(cell, Formula | ErrorCell) for cell in cells):
                problems.add(fmt.MANIFEST_SHEET, number, None, "a formula or error cell", "含有公式或錯誤值")
                continue
            key = str(exact_cell(cells[0]) or "").strip() if cells else ""
            value = exact_cell(cells[2]) if len(cells) > 2 else None
            if key in fmt.MANIFEST_KEYS:
                manifest[key] = "" if value is None else str(value)
        if manifest.get("format") != fmt.FORMAT_NAME:
            problems.add(
                fmt.MANIFEST_SHEET,
                None,
                None,
                "this is not a batch workbook of this app",
                "此檔案並非本程式的批次工作簿",
            )
        elif manifest.get("format_version", "").split(".")[0] != fmt.FORMAT_VERSION.split(".")[0]:
            problems.add(
                fmt.MANIFEST_SHEET,
                None,
                None,
                f"format version {manifest.get('format_version')!r} is not supported (this app reads {fmt.FORMAT_VERSION})",
                f"不支援格式版本 {manifest.get('format_version')!r}（本程式讀取 {fmt.FORMAT_VERSION}）",
            )

    sheets: dict[str, list[ParsedRow]] = {}
    for spec in fmt.DATA_SHEETS:
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
    return ParsedBatch(manifest, sheets, reader)


def _parse(path: Path, limits: Limits, keep: frozenset[str]) -> ParsedBatch:
    """The fast reader when it can read the workbook; the exact one when it cannot, and also when the
    workbook is refused, so the refusal lists exactly what the exact reader finds.

    With the fast reader each data sheet is checked as soon as it is read, while calamine reads the
    next ones; the first problem stops it (the exact reader then reads the whole workbook)."""
    early: dict[str, list[ParsedRow]] = {}

    def check(sheet: RawSheet) -> None:
        spec = fmt.SHEETS_BY_NAME.get(sheet.name)
        if spec is None or spec.name in early:
            return
        problems = _Problems()
        early[spec.name] = _data_rows(sheet, spec, problems, keep=spec.name in keep)
        sheet.rows = {}  # checked: its cells are no longer needed
        if problems.count:
            raise _NotPlain

    fast = read_fast(path, limits, on_sheet=check)
    if fast is not None:
        try:
            return parse_sheets(fast, path, reader="fast", early=early, keep=keep)
        except (_NotPlain, ValidationError):
            pass
        del fast
    early.clear()
    return parse_sheets(read_raw(path, limits), path, keep=keep)
