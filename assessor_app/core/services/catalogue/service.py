"""The qualification catalogue: list and search it, and apply a validated catalogue update file."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, insert, or_, select, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import AgencyRecord, IndustryRecord, QualificationRecord
from assessor_app.core.domain.catalogue import CatalogueEntry, RowProblem, parse_catalogue
from assessor_app.core.errors import ValidationError


@dataclass(frozen=True)
class IndustryRow:
    id: int
    name_en: str
    name_zh: str
    agency_code: str


@dataclass(frozen=True)
class QualificationRow:
    id: int
    industry_id: int
    industry_en: str
    industry_zh: str
    agency_code: str
    agency_name_en: str
    agency_name_zh: str
    title_zh: str
    title_en: str
    qf_level: int
    qr_number: str | None
    stream: str
    open_to_carers: bool
    notes: str


def list_industries(database: Database) -> list[IndustryRow]:
    """Every industry with its agency's code, sorted by English name."""
    statement = (
        select(
            IndustryRecord.id,
            IndustryRecord.name_en,
            IndustryRecord.name_zh,
            func.coalesce(AgencyRecord.code, ""),
        )
        .outerjoin(AgencyRecord, IndustryRecord.agency_id == AgencyRecord.id)
        .order_by(IndustryRecord.name_en)
    )
    with database.session() as session:
        return [IndustryRow(*row) for row in session.execute(statement).tuples()]


def list_qualifications(
    database: Database, *, text: str = "", industry_id: int | None = None, level: int | None = None
) -> list[QualificationRow]:
    """Active qualifications matching a search text (Chinese or English), an industry and a level."""
    q = QualificationRecord
    statement = (
        select(
            q.id,
            q.industry_id,
            IndustryRecord.name_en,
            IndustryRecord.name_zh,
            func.coalesce(AgencyRecord.code, ""),
            func.coalesce(AgencyRecord.name_en, ""),
            func.coalesce(AgencyRecord.name_zh, ""),
            q.title_zh,
            q.title_en,
            q.qf_level,
            q.qr_number,
            q.stream,
            q.open_to_carers,
            q.notes,
        )
        .join(IndustryRecord, q.industry_id == IndustryRecord.id)
        .outerjoin(AgencyRecord, IndustryRecord.agency_id == AgencyRecord.id)
        .where(q.active.is_(True))
        .order_by(IndustryRecord.name_en, q.qf_level, q.title_en, q.id)
    )
    needle = text.strip()
    if needle:
        statement = statement.where(
            or_(
                q.title_zh.icontains(needle, autoescape=True),
                q.title_en.icontains(needle, autoescape=True),
                q.qr_number.icontains(needle, autoescape=True),
                q.stream.icontains(needle, autoescape=True),
                IndustryRecord.name_en.icontains(needle, autoescape=True),
                IndustryRecord.name_zh.icontains(needle, autoescape=True),
            )
        )
    if industry_id is not None:
        statement = statement.where(q.industry_id == industry_id)
    if level is not None:
        statement = statement.where(q.qf_level == level)
    with database.session() as session:
        return [QualificationRow(*row) for row in session.execute(statement).tuples()]


# --- Importing a catalogue update ------------------------------------------------------------------

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A sheet padded with formatted but empty rows is still read, up to this many rows in all.
MAX_SCANNED_ROWS = 4 * MAX_ROWS
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class CatalogueImportReport:
    added: int
    updated: int
    unchanged: int
    file: Path

    def describe(self) -> str:
        return (
            f"{self.file.name}: 新增 {self.added}，更新 {self.updated}，不變 {self.unchanged} / "
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        )


@dataclass(frozen=True)
class _Sheet:
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


def _is_blank(values: Sequence[str]) -> bool:
    return not any(value.strip() for value in values)


def _build_sheet(path: Path, records: Iterable[tuple[int, list[str]]]) -> _Sheet:
    """Map raw records (row number, cell texts) onto the header, checking size and stray cells."""
    iterator = iter(records)
    first = next(iterator, None)
    if first is None or _is_blank(first[1]):
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
        if _is_blank(cells):
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
        raise _row_problems(path, stray)
    return _Sheet(header, rows)


def _too_many_rows(path: Path) -> ValidationError:
    return _refuse(
        "catalogue_too_many_rows",
        f"{path.name} has more than {MAX_ROWS:,} rows; split it into smaller files.",
        f"{path.name} 超過 {MAX_ROWS:,} 行，請分拆為較小的檔案。",
    )


def _row_problems(path: Path, problems: Sequence[RowProblem]) -> ValidationError:
    return _refuse(
        "catalogue_invalid",
        f"{path.name} was not imported: {len(problems)} problem(s) found. Nothing was changed.",
        f"{path.name} 未有匯入：發現 {len(problems)} 個問題。資料庫未有改動。",
        details=[problem.describe() for problem in problems],
    )


def _formula_problem(row_number: int, column: str) -> RowProblem:
    return RowProblem(
        row_number,
        column,
        "holds a formula; paste values only",
        "含有公式，請只貼上數值",
    )


def _check_formulas(sheet: _Sheet, path: Path) -> None:
    """Refuse text that a spreadsheet would run as a formula, in CSV files as in workbooks."""
    problems = [
        _formula_problem(offset + 2, column)
        for offset, row in enumerate(sheet.rows)
        for column, value in row.items()
        if value.lstrip().startswith("=")
    ]
    if problems:
        raise _row_problems(path, problems)


def _read_csv(path: Path, data: bytes) -> _Sheet:
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


def _read_xlsx(path: Path, data: bytes) -> _Sheet:
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
        raise _row_problems(path, formulas)
    return _build_sheet(path, records)


def _read_catalogue_file(path: Path) -> _Sheet:
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


_STORED_FIELDS = ("title_zh", "title_en", "qr_number", "stream", "open_to_carers", "notes")


def _stored_values(entry: CatalogueEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in _STORED_FIELDS}


def import_catalogue_file(database: Database, path: Path) -> CatalogueImportReport:
    """Validate a whole catalogue file, then add and update qualifications in one transaction.

    Nothing is written unless every row is valid. Rows match existing qualifications by QR number,
    else by industry, English title (any case) and level; qualifications are never deleted.
    """
    path = Path(path)
    sheet = _read_catalogue_file(path)
    q = QualificationRecord.metadata.tables[QualificationRecord.__tablename__]
    with database.session() as session:
        industry_ids = dict(session.execute(select(IndustryRecord.name_en, IndustryRecord.id)).tuples().all())
        entries, problems = parse_catalogue(sheet.header, sheet.rows, industry_ids)
        if problems:
            raise _row_problems(path, problems)

        existing = session.execute(
            select(q.c.id, q.c.industry_id, q.c.qf_level, *(q.c[name] for name in _STORED_FIELDS))
        ).mappings()
        by_id: dict[int, dict[str, object]] = {}
        by_qr: dict[str, int] = {}
        by_key: dict[tuple[int, str, int], int] = {}
        for record in existing:
            values = dict(record)
            record_id = int(record["id"])
            by_id[record_id] = values
            if record["qr_number"]:
                by_qr[str(record["qr_number"])] = record_id
            by_key[
                (int(record["industry_id"]), str(record["title_en"]).casefold(), int(record["qf_level"]))
            ] = record_id

        row_numbers = _row_numbers(sheet, entries)
        plan: list[tuple[int | None, CatalogueEntry]] = []
        claimed: dict[int, int] = {}
        for entry, row_number in zip(entries, row_numbers, strict=True):
            industry_id = industry_ids[entry.industry]
            by_name = by_key.get((industry_id, entry.title_en.casefold(), entry.qf_level))
            by_number = by_qr.get(entry.qr_number) if entry.qr_number else None
            if by_number is not None and (
                (by_name is not None and by_name != by_number)
                or by_id[by_number]["industry_id"] != industry_id
                or by_id[by_number]["qf_level"] != entry.qf_level
            ):
                problems.append(_qr_taken(row_number, entry, by_id[by_number]))
                continue
            target = by_number if by_number is not None else by_name
            if target is not None:
                if target in claimed:
                    problems.append(
                        RowProblem(
                            row_number,
                            "title_en",
                            f"updates the same qualification as row {claimed[target]}",
                            f"與第 {claimed[target]} 行更新同一項資歷",
                        )
                    )
                    continue
                claimed[target] = row_number
            plan.append((target, entry))
        if problems:
            raise _row_problems(path, problems)

        added = updated = unchanged = 0
        for target, entry in plan:
            values = _stored_values(entry)
            if target is None:
                session.execute(
                    insert(q).values(
                        industry_id=industry_ids[entry.industry],
                        qf_level=entry.qf_level,
                        active=True,
                        **values,
                    )
                )
                added += 1
            elif all(by_id[target][name] == value for name, value in values.items()):
                unchanged += 1
            else:
                session.execute(update(q).where(q.c.id == target).values(**values))
                updated += 1
    return CatalogueImportReport(added=added, updated=updated, unchanged=unchanged, file=path)


def _qr_taken(row_number: int, entry: CatalogueEntry, holder: Mapping[str, object]) -> RowProblem:
    return RowProblem(
        row_number,
        "qr_number",
        f"{entry.qr_number} is already used by another qualification in the database: "
        f"'{holder['title_en']}' (level {holder['qf_level']})",
        f"{entry.qr_number} 已由資料庫中另一項資歷使用：「{holder['title_zh'] or holder['title_en']}」"
        f"（第 {holder['qf_level']} 級）",
    )


def _row_numbers(sheet: _Sheet, entries: Sequence[CatalogueEntry]) -> list[int]:
    """The file row of each parsed entry (parse_catalogue keeps file order and skips blank rows)."""
    numbers = [offset + 2 for offset, row in enumerate(sheet.rows) if not _is_blank(list(row.values()))]
    if len(numbers) != len(entries):
        raise AssertionError("every non-blank row must give an entry once the file is valid")
    return numbers
