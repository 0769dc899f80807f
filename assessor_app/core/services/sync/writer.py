"""A streaming SpreadsheetML (.xlsx) writer: plain XML into a zip, no formulas ever.

openpyxl's write-only mode missed the export target on this machine (see ``bench/sync.py``), so the
batch workbook is written here directly: every string is an *inline string* cell (``t="inlineStr"``),
never a formula and never a shared-formula, so text beginning with ``=``, ``+``, ``-`` or ``@`` stays text.
Dates are serial numbers with a ``yyyy-mm-dd`` format, integers are numbers, everything else is text.

**``_xHHHH_`` escapes.** SpreadsheetML text may carry ``_xHHHH_`` escapes (``_x000D_`` is a carriage
return) which Excel, LibreOffice and calamine decode on reading. Text a user typed that happens to contain
such a pattern (``_x0041_``) is therefore written with the pattern's ``_`` escaped as ``_x005F_``
(:func:`escape_x`), the OOXML rule, so it reads back as typed. Those few strings go to the
shared-strings part rather than inline, because openpyxl undoes ``_x005F_`` only there.

The export reopens what this module wrote with an independent reader and compares every cell before
the file is renamed into place.
"""

from __future__ import annotations

import gc
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

from assessor_app.core.errors import AppError
from assessor_app.core.services.sync.cells import excel_serial

Value = str | int | date | None
ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

MAX_ROWS = 1_048_576
STYLE_GENERAL, STYLE_DATE, STYLE_TEXT, STYLE_HEADER, STYLE_WRAPPED = 0, 1, 2, 3, 4
FLUSH_ROWS = 1000
MAX_COLUMNS_WRITTEN = 64  # letters prepared per sheet (a row may be wider than its header)

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The same characters once encoded as UTF-8 (surrogates cannot be encoded at all).
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", "\t": "&#9;"})
# An ``_xHHHH_`` escape as Excel reads it (lowercase x, four hex digits of either case).
X_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
# What is escaped: any ``_x``, hex digits, ``_`` (LibreOffice also reads ``_x00_`` as a character).
_X_START = re.compile("_(?=x[0-9A-Fa-f]+_)")

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
_T_KEEP = '<t xml:space="preserve">'


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Bulk work on hundreds of thousands of rows without the cyclic garbage collector walking through
    them again and again (measured at up to a fifth of their time in a process holding many objects).
    Memory is still freed as usual (by reference counting); only cycles wait. Nested and concurrent
    pauses are counted: the collector runs again, if it ran before, when the last one ends."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


class ExportCancelled(AppError):
    code = "export_cancelled"

    def __init__(self) -> None:
        super().__init__("The export was cancelled; nothing was written.", "已取消匯出，未有寫入任何資料。")


@dataclass
class SheetSpec:
    """One worksheet: header rows (all text, frozen), data rows, and how columns look."""

    name: str
    header_rows: Sequence[Sequence[str]]
    rows: Sequence[Sequence[Value]]
    widths: Sequence[int] = ()
    text_columns: frozenset[int] = frozenset()  # formatted as text (@) so typed numbers stay text
    wrapped_columns: frozenset[int] = frozenset()  # text columns whose long values wrap (on paper too)
    choices: dict[int, Sequence[str]] = field(default_factory=dict)  # column -> list validation
    autofilter: bool = True
    hidden: bool = False
    # Printed: the columns from A that go on paper (None: all); every sheet prints landscape, as wide as
    # one page, with its header rows repeated on each page.
    print_columns: int | None = None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def escape_x(text: str) -> str:
    """``text`` with every ``_`` that starts an ``_xHHHH_`` pattern (or any ``_x``, hex digits, ``_``,
    which LibreOffice may decode too) written as ``_x005F_`` (the OOXML escape of ``_``), so a reader
    that decodes ``_xHHHH_`` gives ``text`` back."""
    return _X_START.sub("_x005F_", text) if "_x" in text else text


def unescape_x(text: str) -> str:
    """Decode ``_xHHHH_`` escapes as Excel does (left to right; surrogate code points stay as typed)."""
    if "_x" not in text:
        return text
    return X_ESCAPE.sub(_decode_one, text)


def _decode_one(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)


def _escape(text: str) -> str:
    """XML character escapes (the ``_xHHHH_`` escape is applied separately)."""
    if "&" in text or "<" in text or ">" in text or "\r" in text or "\t" in text:
        return text.translate(_ESCAPES)
    return text


def check_xml_text(text: str, where: str) -> None:
    match = _ILLEGAL_XML.search(text)
    if match is not None:
        code = f"U+{ord(match.group()):04X}"
        raise AppError(
            f"{where} holds a character a workbook cannot store ({code}); correct it and export again.",
            f"{where} 含有工作簿無法儲存的字元（{code}），請更正後再匯出。",
            code="unstorable_character",
        )


class _SharedStrings:
    """The shared-strings table: only the strings that needed an ``_xHHHH_`` escape."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = "".join(f"<si>{_t(escape_x(text))}</si>" for text in self.index)
        count = len(self.index)
        return f'{_XML_DECL}<sst xmlns="{_NS_MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def _encode_checked(spec: SheetSpec, buffer: list[str], first_row: int) -> bytes:
    """The rows in ``buffer`` as UTF-8, after checking no character a workbook cannot store is there."""
    chunk = "".join(buffer)
    try:
        data = chunk.encode("utf-8")
    except UnicodeEncodeError:
        data = b""  # a lone surrogate: found below, row by row
    if (
        not data
        or len(data.translate(None, _CONTROL_BYTES)) != len(data)
        or _NONCHARACTERS[0] in data
        or _NONCHARACTERS[1] in data
    ) and chunk:
        for offset, text in enumerate(buffer):
            check_xml_text(text, f"Sheet {spec.name}, row {first_row + offset}")
    return data


def _t(text: str) -> str:
    """A ``<t>`` element: marked ``xml:space="preserve"`` when blanks at either end must be kept."""
    return f"{_T_KEEP if text[:1].isspace() or text[-1:].isspace() else '<t>'}{_escape(text)}</t>"


def _string_cell(ref: str, text: str, style: int, shared: _SharedStrings, where: str) -> str:
    if "_x" in text and _X_START.search(text) is not None:
        check_xml_text(text, where)
        return f'<c r="{ref}" s="{style}" t="s"><v>{shared.add(text)}</v></c>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is>{_t(text)}</is></c>'


def _text_style(spec: SheetSpec, column: int) -> int:
    return STYLE_WRAPPED if column in spec.wrapped_columns else STYLE_TEXT


def _write_sheet(
    out: IO[bytes],
    spec: SheetSpec,
    shared: _SharedStrings,
    *,
    progress: Callable[[int], None],
) -> None:
    width = max((len(row) for row in spec.header_rows), default=0)
    letters = [column_letter(i) for i in range(max(width, MAX_COLUMNS_WRITTEN))]
    header_count = len(spec.header_rows)
    last_row = header_count + len(spec.rows)
    if last_row > MAX_ROWS:
        raise AppError(
            f"Sheet {spec.name} would have {last_row} rows, more than a workbook can hold; export fewer cases.",
            f"工作表 {spec.name} 會有 {last_row} 行，超出工作簿上限；請分批匯出。",
            code="too_many_rows",
        )
    parts = [
        _XML_DECL,
        f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">',
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
        f'<dimension ref="A1:{column_letter(width - 1) if width else "A"}{max(last_row, 1)}"/>',
        '<sheetViews><sheetView workbookViewId="0">',
    ]
    if header_count:
        parts.append(
            f'<pane ySplit="{header_count}" topLeftCell="A{header_count + 1}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="A{header_count + 1}" sqref="A{header_count + 1}"/>'
        )
    parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if spec.widths:
        parts.append("<cols>")
        for i, column_width in enumerate(spec.widths):
            style = f' style="{_text_style(spec, i)}"' if i in spec.text_columns else ""
            parts.append(f'<col min="{i + 1}" max="{i + 1}" width="{column_width}" customWidth="1"{style}/>')
        parts.append("</cols>")
    parts.append("<sheetData>")
    out.write("".join(parts).encode("utf-8"))

    header_rows: list[str] = []
    for number, header in enumerate(spec.header_rows, start=1):
        cells = "".join(
            _string_cell(
                f"{column_letter(i)}{number}", text, STYLE_HEADER, shared, f"Sheet {spec.name}, row {number}"
            )
            for i, text in enumerate(header)
            if text
        )
        height = _header_height(header, spec.widths)
        size = f' ht="{height}" customHeight="1"' if height > DEFAULT_ROW_HEIGHT else ""
        header_rows.append(f'<row r="{number}"{size}>{cells}</row>')
    out.write(_encode_checked(spec, header_rows, 1))

    text_styles = [
        _text_style(spec, i) if i in spec.text_columns else STYLE_GENERAL for i in range(len(letters))
    ]
    # Rows are given the height their wrapped text needs (LibreOffice prints them at the height the file
    # says): only text longer than half its column's characters or holding a line break is measured.
    wrap_at = _wrap_widths(spec, len(letters))
    buffer: list[str] = []
    number = header_count
    for row in spec.rows:
        number += 1
        n = str(number)
        cells_out: list[str] = [f'<row r="{n}">']
        append = cells_out.append
        lines = 1
        for i, value in enumerate(row):
            if isinstance(value, str):
                if not value:
                    continue
                limit = wrap_at[i]
                if limit and (len(value) * 2 > limit or "\n" in value):
                    if "\n" in value:
                        lines = max(lines, _lines(value, limit))
                    else:  # _lines of one line, inline: the writer measures tens of thousands of cells
                        width = (len(value.encode("utf-8", "surrogatepass")) + len(value)) // 2
                        if width > limit * lines:
                            lines = -(-width // limit)
                if "_x" in value and _X_START.search(value) is not None:
                    check_xml_text(value, f"Sheet {spec.name}, row {number}")  # it goes to the shared table
                    append(
                        f'<c r="{letters[i]}{n}" s="{text_styles[i]}" t="s"><v>{shared.add(value)}</v></c>'
                    )
                    continue
                # blanks at either end are kept only when marked so (as Excel writes it)
                text_open = _T_KEEP if value[0].isspace() or value[-1].isspace() else "<t>"
                if "&" in value or "<" in value or ">" in value or "\r" in value or "\t" in value:
                    value = value.translate(_ESCAPES)
                append(
                    f'<c r="{letters[i]}{n}" s="{text_styles[i]}" t="inlineStr"><is>{text_open}{value}</t></is></c>'
                )
            elif value is None:
                continue
            elif isinstance(value, bool):
                raise TypeError("booleans are written as Y/N text")
            elif isinstance(value, int):
                append(f'<c r="{letters[i]}{n}"><v>{value}</v></c>')
            elif isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                append(f'<c r="{letters[i]}{n}" s="{STYLE_DATE}"><v>{excel_serial(day)}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__}")
        append("</row>")
        if lines > 1:
            cells_out[0] = f'<row r="{n}" ht="{lines * DEFAULT_ROW_HEIGHT}" customHeight="1">'
        buffer.append("".join(cells_out))
        if len(buffer) >= FLUSH_ROWS:
            out.write(_encode_checked(spec, buffer, number - len(buffer) + 1))
            buffer.clear()
            progress(FLUSH_ROWS)
    if buffer:
        count = len(buffer)
        out.write(_encode_checked(spec, buffer, number - count + 1))
        buffer.clear()
        progress(count)

    tail = ["</sheetData>"]
    if spec.autofilter and header_count and width:
        tail.append(
            f'<autoFilter ref="A{header_count}:{column_letter(width - 1)}{max(last_row, header_count)}"/>'
        )
    if spec.choices:
        tail.append(f'<dataValidations count="{len(spec.choices)}">')
        for i, allowed in sorted(spec.choices.items()):
            listed = ",".join(allowed)
            letter = column_letter(i)
            tail.append(
                '<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                f'sqref="{letter}{header_count + 1}:{letter}{MAX_ROWS}">'
                f"<formula1>&quot;{_escape(listed)}&quot;</formula1></dataValidation>"
            )
        tail.append("</dataValidations>")
    tail.append(_PRINT_SETUP)
    tail.append("</worksheet>")
    out.write("".join(tail).encode("utf-8"))


DEFAULT_ROW_HEIGHT = 15  # points, one line of 11-point text
# Printed on A4 landscape, one page wide (as many pages down as it takes), with the grid, and a footer
# naming the sheet and the page (``&A`` the sheet, ``&P`` and ``&N`` the page and the page count).
_PRINT_SETUP = (
    '<printOptions gridLines="1"/>'
    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    "<headerFooter><oddFooter>&amp;L&amp;A&amp;R第 &amp;P / &amp;N 頁 Page &amp;P of &amp;N</oddFooter></headerFooter>"
)


def _text_width(line: str) -> int:
    """About how many character widths ``line`` takes: one for ASCII, two for a Chinese character (three
    bytes in UTF-8). Counted from the encoded length, in C: the writer measures many cells."""
    return (len(line.encode("utf-8", "surrogatepass")) + len(line)) // 2


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (its line breaks kept)."""
    if "\n" not in text:
        return -(-max(_text_width(text), 1) // width)
    return sum(-(-max(_text_width(line), 1) // width) for line in text.split("\n"))


def _wrap_widths(spec: SheetSpec, count: int) -> list[int]:
    """Each column's width in characters where its text wraps (a little less than the column), else 0."""
    return [
        max((spec.widths[i] if i < len(spec.widths) else 8) - 1, 1) if i in spec.wrapped_columns else 0
        for i in range(count)
    ]


def _header_height(header: Sequence[str], widths: Sequence[int]) -> int:
    """The height (points) a header row needs so its wrapped labels show whole, on screen and printed:
    each label's lines, each wrapped at its column's width, one 15-point line each."""
    lines = 1
    for i, text in enumerate(header):
        lines = max(lines, _lines(text, max((widths[i] if i < len(widths) else 8) - 1, 1)))
    return lines * DEFAULT_ROW_HEIGHT


_STYLES = f"""{_XML_DECL}<styleSheet xmlns="{_NS_MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1"><alignment vertical="top"/></xf></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _workbook_xml(sheets: Sequence[SheetSpec]) -> str:
    entries = []
    names = []
    for i, spec in enumerate(sheets, start=1):
        state = ' state="hidden"' if spec.hidden else ""
        entries.append(f'<sheet name="{_escape(spec.name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
        width = max((len(row) for row in spec.header_rows), default=0)
        header_count = len(spec.header_rows)
        if spec.autofilter and header_count and width:
            last = max(header_count + len(spec.rows), header_count)
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
                f"'{_escape(spec.name)}'!$A${header_count}:${column_letter(width - 1)}${last}</definedName>"
            )
        if spec.print_columns and width:
            last = max(header_count + len(spec.rows), 1)
            names.append(
                f'<definedName name="_xlnm.Print_Area" localSheetId="{i - 1}">'
                f"'{_escape(spec.name)}'!$A$1:${column_letter(spec.print_columns - 1)}${last}</definedName>"
            )
        if header_count:
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{i - 1}">'
                f"'{_escape(spec.name)}'!$1:${header_count}</definedName>"
            )
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (
        f'{_XML_DECL}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{"".join(entries)}</sheets>{defined}</workbook>'
    )


def _workbook_rels(count: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    rels += f'<Relationship Id="rId{count + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
    rels += f'<Relationship Id="rId{count + 2}" Type="{_NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    return f'{_XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        f"{sheets}</Types>"
    )


_ROOT_RELS = (
    f'{_XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def write_xlsx(
    path: Path | IO[bytes],
    sheets: Sequence[SheetSpec],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> None:
    """Write ``sheets`` to ``path`` (created or truncated) or into a binary file object (the export
    writes into :class:`io.BytesIO`, so no workbook is on disk before it is checked and, with full HKID
    numbers, encrypted). ``progress(done, total)`` is called every 1,000 rows; ``cancel()`` returning
    True stops with :class:`ExportCancelled` (the caller removes a partial file)."""
    for spec in sheets:
        check_xml_text(spec.name, f"sheet name {spec.name!r}")
    total = sum(len(spec.rows) for spec in sheets)
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if cancel is not None and cancel():
            raise ExportCancelled()
        if progress is not None:
            progress(done, total)

    shared = _SharedStrings()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook_xml(sheets))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        archive.writestr("xl/styles.xml", _STYLES)
        for i, spec in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                _write_sheet(out, spec, shared, progress=step)
        archive.writestr(SHARED_STRINGS_PART, shared.xml())


def iter_strings(rows: Iterable[Sequence[Value]]) -> Iterable[str]:
    """Every string value in ``rows`` (for checking storable characters)."""
    for row in rows:
        for value in row:
            if isinstance(value, str):
                yield value
