"""Reading a catalogue update file (.csv or .xlsx) into plain text rows, refusing anything else."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from assessor_app.core.domain.catalogue import RowProblem
from assessor_app.core.errors import ValidationError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A sheet padded with formatted but empty rows is still read, up to this many rows in all.
MAX_SCANNED_ROWS = 4 * MAX_ROWS
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Sheet:
    """A file read into plain text: the header and every row after it, blank rows included."""

    header: list[str]
    rows: list[dict[str, str]]


def _refuse(code: str, en: str, zh: str, details: list[str] | None = None) -> ValidationError:
    return ValidationError(en, zh, code=code, details=details)


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def is_blank(values: Sequence[str]) -> bool:
    return not any(value.strip() for value in values)


def _build_sheet(path: Path, records: Iterable[tuple[int, list[str]]]) -> Sheet:
    """Map raw records (row number, cell texts) onto the header, checking size and stray cells."""
    iterator = iter(records)
    first = next(iterator, None)
    if first is None or is_blank(first[1]):
        raise _refuse(
            "catalogue_empty",
            f"{path.name} is empty or its first row is not a header (industry, title_en, qf_level, ...).",
            f"{path.name} 是空檔案，或第一行不是標題列（industry、title_en、qf_level 等）。",
        )
    header = [cell.strip() for cell in first[1]]
    while header and not header[-1]:
        header.pop()
    rows: list[dict[str, str]] = []
    pending_blank: list[dict[str, str]] = []
    stray: list[RowProblem] = []
    for row_number, cells in iterator:
        if is_blank(cells):
            pending_blank.append(dict.fromkeys(header, ""))
            continue
        rows.extend(pending_blank)
        pending_blank.clear()
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows(path)
        for index, value in enumerate(cells):
            if value.strip() and (index >= len(header) or not header[index]):
                stray.append(
                    RowProblem(
                        row_number,
                        f"column {_column_letter(index)}",
                        "value in a column without a header",
                        "此欄沒有標題，但有資料",
                    )
                )
        padded = cells + [""] * (len(header) - len(cells))
        rows.append({name: padded[index] for index, name in enumerate(header) if name})
    if not rows:
        raise _refuse(
            "catalogue_empty",
            f"{path.name} has a header but no qualification rows.",
            f"{path.name} 只有標題列，沒有任何資歷。",
        )
    if stray:
        raise problems_error(path, stray)
    return Sheet(header, rows)


def _too_many_rows(path: Path) -> ValidationError:
    return _refuse(
        "catalogue_too_many_rows",
        f"{path.name} has more than {MAX_ROWS:,} rows; split it into smaller files.",
        f"{path.name} 超過 {MAX_ROWS:,} 行，請分拆為較小的檔案。",
    )


class CatalogueFileProblems(ValidationError):
    """A catalogue file refused row by row: ``problems`` keeps each row, column and reason for a table."""

    def __init__(self, path: Path, problems: Sequence[RowProblem]) -> None:
        super().__init__(
            f"{path.name} was not imported: {len(problems)} problem(s) found. Nothing was changed.",
            f"{path.name} 未有匯入：發現 {len(problems)} 個問題。資料庫未有改動。",
            code="catalogue_invalid",
            details=[problem.describe() for problem in problems],
        )
        self.problems = list(problems)


def problems_error(path: Path, problems: Sequence[RowProblem]) -> CatalogueFileProblems:
    return CatalogueFileProblems(path, problems)


def _formula_problem(row_number: int, column: str) -> RowProblem:
    return RowProblem(
        row_number,
        column,
        "holds a formula; paste values only",
        "含有公式，請只貼上數值",
    )


def _check_formulas(sheet: Sheet, path: Path) -> None:
    """Refuse text that a spreadsheet would run as a formula, in CSV files as in workbooks."""
    problems = [
        _formula_problem(offset + 2, column)
        for offset, row in enumerate(sheet.rows)
        for column, value in row.items()
        if value.lstrip().startswith("=")
    ]
    if problems:
        raise problems_error(path, problems)


def _read_csv(path: Path, data: bytes) -> Sheet:
    if data.startswith(ZIP_MAGIC):
        raise _refuse(
            "catalogue_unreadable",
            f"{path.name} is not a CSV file (it looks like an Excel workbook; save it as .xlsx).",
            f"{path.name} 不是 CSV 檔案（看來是 Excel 活頁簿，請以 .xlsx 儲存）。",
        )
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            "catalogue_unreadable",
            f"{path.name} is not a UTF-8 text file (byte {exc.start}); save it as 'CSV UTF-8'.",
            f"{path.name} 不是 UTF-8 文字檔（第 {exc.start} 位元組）；請另存為「CSV UTF-8」。",
        ) from exc
    if "\x00" in content:
        raise _refuse(
            "catalogue_unreadable",
            f"{path.name} is not a CSV file (it holds binary data).",
            f"{path.name} 不是 CSV 檔案（內含二進位資料）。",
        )
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        # Row numbers count records, as a spreadsheet numbers the rows of an opened CSV file.
        records = [(number, cells) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise _refuse(
            "catalogue_unreadable",
            f"{path.name} is not a well-formed CSV file (line {reader.line_num}: {exc}).",
            f"{path.name} 不是格式正確的 CSV 檔案（第 {reader.line_num} 行：{exc}）。",
        ) from exc
    if len(records) > MAX_SCANNED_ROWS:
        raise _too_many_rows(path)
    return _build_sheet(path, records)


def _cell_text(value: object) -> str:
    """A cell's value as the text a CSV file would hold: 2.0 -> "2", TRUE -> "yes"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return str(value)


def _unreadable_workbook(path: Path, reason: object) -> ValidationError:
    return _refuse(
        "catalogue_unreadable",
        f"{path.name} is not a readable Excel workbook ({reason}).",
        f"{path.name} 不是可讀取的 Excel 活頁簿（{reason}）。",
    )


def _read_xlsx(path: Path, data: bytes) -> Sheet:
    if not data.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise _unreadable_workbook(path, "not an .xlsx file")
    import openpyxl  # slow to import; only an import needs it

    formulas: list[RowProblem] = []
    records: list[tuple[int, list[str]]] = []
    header: list[str] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it drops (extensions, styles); none hold our data.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            worksheet = workbook.worksheets[0]
            for row_number, row in enumerate(worksheet.iter_rows(), start=1):
                if row_number > MAX_SCANNED_ROWS:
                    raise _too_many_rows(path)
                cells: list[str] = []
                for index, cell in enumerate(row):
                    value = getattr(cell, "value", None)
                    text = _cell_text(value)
                    if getattr(cell, "data_type", None) == "f" or text.lstrip().startswith("="):
                        column = header[index] if index < len(header) and header[index] else None
                        formulas.append(
                            _formula_problem(row_number, column or f"column {_column_letter(index)}")
                        )
                    cells.append(text)
                if row_number == 1:
                    header = [cell.strip() for cell in cells]
                records.append((row_number, cells))
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception as exc:  # any damage inside the zip: openpyxl raises many kinds
        raise _unreadable_workbook(path, exc) from exc
    if formulas:
        raise problems_error(path, formulas)
    return _build_sheet(path, records)


def read_catalogue_file(path: Path) -> Sheet:
    """Read a .csv or .xlsx catalogue file into text, refusing anything that is not one."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in {".csv", ".xlsx"}:
        raise _refuse(
            "catalogue_file_type",
            f"{path.name} is not a catalogue file: use a .csv (UTF-8) or .xlsx file.",
            f"{path.name} 不是目錄檔案：請使用 .csv（UTF-8）或 .xlsx 檔案。",
        )
    try:
        if not path.is_file():
            raise _refuse(
                "catalogue_file_missing",
                f"There is no file at {path}.",
                f"{path} 沒有檔案。",
            )
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _file_too_large(path)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _refuse(
            "catalogue_file_unreadable",
            f"Cannot read {path}: {exc.strerror}.",
            f"無法讀取 {path}：{exc.strerror}。",
        ) from exc
    if len(data) > MAX_FILE_BYTES:
        raise _file_too_large(path)
    sheet = _read_csv(path, data) if suffix == ".csv" else _read_xlsx(path, data)
    _check_formulas(sheet, path)
    return sheet


def _file_too_large(path: Path) -> ValidationError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return _refuse(
        "catalogue_file_too_large",
        f"{path.name} is larger than {limit} MiB; a catalogue file is far smaller. Check the file.",
        f"{path.name} 大於 {limit} MiB，目錄檔案不應這麼大，請檢查檔案。",
    )
