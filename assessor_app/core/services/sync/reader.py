"""Read a batch workbook safely: guard first, then defusedxml, then the format's rules.

:func:`read_raw` turns the file into plain cell values (no openpyxl: it trusts declared dimensions and
is slow); :func:`parse_batch` checks sheets, headers, keys and types against :mod:`.workbook_format` and
returns typed rows, or raises one :class:`ValidationError` listing every problem with sheet, row,
column and reason. Formulas and error cells are refused wherever they are.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from assessor_app.core.errors import ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.encryption import decrypt_workbook
from assessor_app.core.services.sync.guard import DEFAULT_LIMITS, Limits, open_checked, read_member, refused
from assessor_app.core.services.sync.writer import EXCEL_EPOCH, column_letter

MAX_ROWS = 300_000
MAX_COLUMNS = 64
MAX_PROBLEMS_LISTED = 200
MAX_SHARED_STRINGS = 2_000_000

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INTEGER = re.compile(r"^[+-]?\d{1,15}(\.0*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass(frozen=True)
class ErrorCell:
    code: str


Cell = str | float | int | bool | Formula | ErrorCell | None


@dataclass
class RawSheet:
    name: str
    state: str
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedRow:
    number: int
    values: dict[str, object]


@dataclass
class ParsedBatch:
    manifest: dict[str, str]
    sheets: dict[str, list[ParsedRow]]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_xml(path: Path, data: bytes, part: str) -> object:
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


def _text_of(element: object) -> str:
    """Text of an ``<is>`` or ``<si>``: its ``<t>`` and rich-text runs, without phonetic guides."""
    parts: list[str] = []
    for child in element:  # type: ignore[attr-defined]
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            for run in child:
                if _local(run.tag) == "t":
                    parts.append(run.text or "")
    return "".join(parts)


def _iter_sheet(path: Path, stream: IO[bytes], part: str) -> Iterator[tuple[str, object]]:
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
    current_row = 0
    next_column = 0
    row_cells: dict[int, Cell] = {}
    with archive.open(part) as stream:
        for _event, element in _iter_sheet(path, stream, part):
            tag = _local(element.tag)  # type: ignore[attr-defined]
            if tag == "c":
                ref = element.get("r")  # type: ignore[attr-defined]
                if ref:
                    match = _CELL_REF.match(ref)
                    if match is None:
                        raise refused(
                            path,
                            f"sheet {sheet.name} has a bad cell reference {ref[:20]!r}.",
                            f"工作表 {sheet.name} 有錯誤的儲存格位置 {ref[:20]!r}。",
                        )
                    column = _column_index(match.group(1))
                else:
                    column = next_column
                next_column = column + 1
                kind = element.get("t", "n")  # type: ignore[attr-defined]
                value_text: str | None = None
                formula: str | None = None
                inline: str | None = None
                for child in element:  # type: ignore[attr-defined]
                    name = _local(child.tag)
                    if name == "v":
                        value_text = child.text or ""
                    elif name == "f":
                        formula = child.text or ""
                    elif name == "is":
                        inline = _text_of(child)
                cell: Cell
                if formula is not None or (kind == "str" and value_text is not None):
                    cell = Formula(formula or "")
                elif kind == "e":
                    cell = ErrorCell(value_text or "#ERROR")
                elif kind == "inlineStr":
                    cell = inline if inline is not None else value_text
                elif kind == "s":
                    try:
                        cell = shared[int(value_text or "")]
                    except (ValueError, IndexError):
                        raise refused(
                            path,
                            f"sheet {sheet.name} cell {ref} points to a missing shared string.",
                            f"工作表 {sheet.name} 儲存格 {ref} 指向不存在的共用字串。",
                        ) from None
                elif kind == "b":
                    cell = value_text == "1"
                elif kind == "d":
                    cell = value_text
                elif value_text is None or value_text == "":
                    cell = None
                else:
                    try:
                        number = float(value_text)
                    except ValueError:
                        raise refused(
                            path,
                            f"sheet {sheet.name} cell {ref} holds a malformed number.",
                            f"工作表 {sheet.name} 儲存格 {ref} 的數字格式錯誤。",
                        ) from None
                    cell = int(number) if number.is_integer() and abs(number) < 2**53 else number
                if cell is not None and cell != "":
                    if column >= MAX_COLUMNS:
                        raise refused(
                            path,
                            f"sheet {sheet.name} has data beyond column {column_letter(MAX_COLUMNS - 1)}.",
                            f"工作表 {sheet.name} 在 {column_letter(MAX_COLUMNS - 1)} 欄以外有資料。",
                        )
                    row_cells[column] = cell
                element.clear()  # type: ignore[attr-defined]
            elif tag == "row":
                number = element.get("r")  # type: ignore[attr-defined]
                try:
                    current_row = int(number) if number else current_row + 1
                except ValueError:
                    raise refused(
                        path, f"sheet {sheet.name} has a bad row number.", f"工作表 {sheet.name} 的行號錯誤。"
                    ) from None
                if row_cells:
                    if current_row > MAX_ROWS or current_row < 1 or current_row in sheet.rows:
                        raise refused(
                            path,
                            f"sheet {sheet.name} has a bad or too large row number {current_row}.",
                            f"工作表 {sheet.name} 的行號 {current_row} 錯誤或過大。",
                        )
                    sheet.rows[current_row] = row_cells
                    row_cells = {}
                next_column = 0
                element.clear()  # type: ignore[attr-defined]


def read_raw(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[RawSheet]:
    """Every sheet of the workbook with its cell values, in workbook order."""
    path = Path(path)
    archive = open_checked(path, limits)
    try:
        names = set(archive.namelist())
        workbook = _parse_xml(path, read_member(path, archive, "xl/workbook.xml", limits), "xl/workbook.xml")
        rels_part = "xl/_rels/workbook.xml.rels"
        targets: dict[str, str] = {}
        if rels_part in names:
            rels = _parse_xml(path, read_member(path, archive, rels_part, limits), rels_part)
            for rel in rels:  # type: ignore[attr-defined]
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[rel.get("Id", "")] = target
        shared: list[str] = []
        shared_part = next(
            (t for t in targets.values() if t.endswith("sharedStrings.xml")), "xl/sharedStrings.xml"
        )
        if shared_part in names:
            root = _parse_xml(path, read_member(path, archive, shared_part, limits), shared_part)
            for item in root:  # type: ignore[attr-defined]
                if _local(item.tag) == "si":
                    shared.append(_text_of(item))
                    if len(shared) > MAX_SHARED_STRINGS:
                        raise refused(path, "it holds too many strings.", "檔案含有過多字串。")
        sheets: list[RawSheet] = []
        for element in workbook.iter():  # type: ignore[attr-defined]
            if _local(element.tag) != "sheet":
                continue
            rid = element.get(f"{{{_REL_NS}}}id") or element.get(f"{{{_STRICT_REL_NS}}}id") or ""
            sheet = RawSheet(element.get("name", ""), element.get("state", "visible"))
            part = targets.get(rid, "")
            if part not in names:
                raise refused(path, f"sheet {sheet.name} has no content.", f"工作表 {sheet.name} 沒有內容。")
            _read_sheet(path, archive, part, shared, sheet)
            sheets.append(sheet)
        return sheets
    finally:
        archive.close()


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


def _headers(sheet: RawSheet, spec: fmt.Sheet, problems: _Problems) -> dict[int, fmt.Column] | None:
    keys_row = sheet.rows.get(fmt.HEADER_ROWS, {})
    labels_row = sheet.rows.get(1, {})
    for cells in (labels_row, keys_row):
        for index, cell in cells.items():
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
    for index in sorted(keys_row):
        key = str(keys_row[index]).strip()
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


def _data_rows(sheet: RawSheet, spec: fmt.Sheet, problems: _Problems) -> list[ParsedRow]:
    columns = _headers(sheet, spec, problems)
    if columns is None:
        return []
    parsed: list[ParsedRow] = []
    keys_seen: dict[tuple[object, ...], int] = {}
    for number in sorted(sheet.rows):
        if number <= fmt.HEADER_ROWS:
            continue
        cells = sheet.rows[number]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells.values()):
            continue
        values: dict[str, object] = {}
        bad = False
        for index, _cell in cells.items():
            if index not in columns:
                problems.add(
                    spec.name,
                    number,
                    column_letter(index),
                    "a value outside the workbook's columns",
                    "在工作簿欄位以外有資料",
                )
                bad = True
        for index, column in columns.items():
            value, problem = convert(column, cells.get(index))
            if problem is not None:
                problems.add(spec.name, number, f"{column_letter(index)} ({column.key})", *problem)
                bad = True
            values[column.key] = value
        if bad:
            continue
        key = tuple(values[k] for k in spec.key_columns)
        if key in keys_seen:
            problems.add(
                spec.name,
                number,
                None,
                f"the same key as row {keys_seen[key]}",
                f"與第 {keys_seen[key]} 行的鍵相同",
            )
            continue
        keys_seen[key] = number
        parsed.append(ParsedRow(number, values))
    return parsed


def parse_batch(path: Path, limits: Limits = DEFAULT_LIMITS, *, password: str | None = None) -> ParsedBatch:
    """The workbook at ``path`` checked against the format, as typed rows per sheet.

    With ``password`` the file must be an encrypted workbook (a full-HKID export): it is decrypted into
    an owner-only temporary folder, read, and the clear copy removed at once.
    """
    path = Path(path)
    if password is not None:
        with tempfile.TemporaryDirectory(prefix="assessor-decrypt-") as folder:
            plain = Path(folder) / path.name
            decrypt_workbook(path, plain, password)
            return _parse(plain, limits)
    return _parse(path, limits)


def _parse(path: Path, limits: Limits) -> ParsedBatch:
    raw = read_raw(path, limits)
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
            if any(isinstance(cell, Formula | ErrorCell) for cell in cells.values()):
                problems.add(fmt.MANIFEST_SHEET, number, None, "a formula or error cell", "含有公式或錯誤值")
                continue
            key = str(cells.get(0) or "").strip()
            value = cells.get(2)
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
        if spec.name in by_name:
            sheets[spec.name] = _data_rows(by_name[spec.name], spec, problems)
    if problems.count:
        more = problems.count - len(problems.lines)
        details = problems.lines + ([f"... and {more} more / 另有 {more} 項"] if more > 0 else [])
        raise ValidationError(
            f"{path.name} was refused: {problems.count} problem(s); nothing was changed.",
            f"已拒絕 {path.name}：共 {problems.count} 項問題；未有任何更改。",
            code="workbook_invalid",
            details=details,
        )
    return ParsedBatch(manifest, sheets)
