"""Catalogue rows (qualifications, rules, windows) parsed and validated from plain text columns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from assessor_app.core.domain.normalise import CONTROL_CHARS, normalise_code

CATALOGUE_COLUMNS = (
    "industry",
    "agency",
    "title_zh",
    "title_en",
    "qf_level",
    "qr_number",
    "stream",
    "open_to_carers",
    "notes",
    "stream_zh",
    "notes_zh",
)
REQUIRED_COLUMNS = ("industry", "title_en", "qf_level")
# The Chinese of the stream and the notes came after the other columns: a file without them still imports.
CHINESE_TEXT_COLUMNS = ("stream_zh", "notes_zh")

# ASCII digits only: \d would also accept other scripts' digits (full-width ones are NFKC-folded first).
QR_NUMBER = re.compile(r"^([0-9]{2})/([0-9]{6})/L([1-4])$")
MAX_TEXT = {
    "title_zh": 200,
    "title_en": 200,
    "stream": 120,
    "stream_zh": 120,
    "notes": 2000,
    "notes_zh": 2000,
    "agency": 200,
    "industry": 120,
}
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否", ""}


@dataclass(frozen=True)
class CatalogueEntry:
    """One qualification (cluster) as it appears in a catalogue file."""

    industry: str
    agency: str
    title_zh: str
    title_en: str
    qf_level: int
    qr_number: str | None
    stream: str
    open_to_carers: bool
    notes: str
    stream_zh: str = ""
    notes_zh: str = ""

    @property
    def natural_key(self) -> tuple[str, str, int]:
        return (self.industry.casefold(), self.title_en.casefold(), self.qf_level)


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row of an input file (row numbers count the header as row 1)."""

    row: int
    column: str
    reason_en: str
    reason_zh: str

    def describe(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason_en} / 第 {self.row} 行，{self.column}：{self.reason_zh}"


def parse_yes_no(value: str) -> bool | None:
    folded = value.strip().casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


def check_header(columns: Iterable[str]) -> list[RowProblem]:
    present = [column.strip() for column in columns]
    problems = [
        RowProblem(1, column, "required column is missing", "缺少必要欄位")
        for column in REQUIRED_COLUMNS
        if column not in present
    ]
    problems += [
        RowProblem(1, column, "unknown column", "不明欄位")
        for column in present
        if column and column not in CATALOGUE_COLUMNS
    ]
    seen: set[str] = set()
    for column in present:
        if column and column in seen:
            problems.append(RowProblem(1, column, "column appears twice", "欄位重複"))
        seen.add(column)
    return problems


def parse_catalogue_row(
    row_number: int, row: Mapping[str, str | None], known_industries: Iterable[str]
) -> tuple[CatalogueEntry | None, list[RowProblem]]:
    """Validate one row; returns the entry, or None and every problem found in the row."""
    problems: list[RowProblem] = []

    def text(column: str) -> str:
        value = (row.get(column) or "").strip()
        if CONTROL_CHARS.search(value):
            problems.append(RowProblem(row_number, column, "contains control characters", "含控制字元"))
        limit = MAX_TEXT.get(column)
        if limit is not None and len(value) > limit:
            problems.append(
                RowProblem(row_number, column, f"longer than {limit} characters", f"超過 {limit} 個字元")
            )
        return value

    industry_names = {name.casefold(): name for name in known_industries}
    industry = text("industry")
    if not industry:
        problems.append(RowProblem(row_number, "industry", "is empty", "不可留空"))
    elif industry.casefold() not in industry_names:
        problems.append(
            RowProblem(row_number, "industry", f"unknown industry '{industry}'", f"不明行業「{industry}」")
        )
    else:
        industry = industry_names[industry.casefold()]

    title_en = text("title_en")
    if not title_en:
        problems.append(RowProblem(row_number, "title_en", "is empty", "不可留空"))

    level_text = normalise_code(text("qf_level"), upper=False)
    level = 0
    if not re.fullmatch(r"[1-4]", level_text):
        problems.append(
            RowProblem(
                row_number,
                "qf_level",
                f"'{level_text}' is not a level 1 to 4",
                f"「{level_text}」不是 1 至 4 級",
            )
        )
    else:
        level = int(level_text)

    qr_text = normalise_code(text("qr_number"))
    qr_number: str | None = None
    if qr_text:
        match = QR_NUMBER.match(qr_text)
        if match is None:
            problems.append(
                RowProblem(
                    row_number,
                    "qr_number",
                    f"'{qr_text}' does not match NN/NNNNNN/Ln",
                    f"「{qr_text}」不符合 NN/NNNNNN/Ln 格式",
                )
            )
        elif level and int(match.group(3)) != level:
            problems.append(
                RowProblem(
                    row_number,
                    "qr_number",
                    f"ends in level {match.group(3)} but the qualification is level {level}",
                    f"編號顯示第 {match.group(3)} 級，但資歷為第 {level} 級",
                )
            )
        else:
            qr_number = qr_text

    carers_text = text("open_to_carers")
    open_to_carers = parse_yes_no(carers_text)
    if open_to_carers is None:
        problems.append(
            RowProblem(
                row_number,
                "open_to_carers",
                f"'{carers_text}' is not yes or no",
                f"「{carers_text}」不是是或否",
            )
        )

    entry = CatalogueEntry(
        industry=industry,
        agency=text("agency"),
        title_zh=text("title_zh"),
        title_en=title_en,
        qf_level=level,
        qr_number=qr_number,
        stream=text("stream"),
        open_to_carers=bool(open_to_carers),
        notes=text("notes"),
        stream_zh=text("stream_zh"),
        notes_zh=text("notes_zh"),
    )
    return (None if problems else entry), problems


def parse_catalogue(
    header: Iterable[str], rows: Iterable[Mapping[str, str | None]], known_industries: Iterable[str]
) -> tuple[list[CatalogueEntry], list[RowProblem]]:
    """Validate a whole file: every row is checked, and duplicates within the file are reported."""
    industries = list(known_industries)
    problems = check_header(header)
    if problems:
        return [], problems
    entries: list[CatalogueEntry] = []
    seen_keys: dict[tuple[str, str, int], int] = {}
    seen_qr: dict[str, int] = {}
    for offset, row in enumerate(rows):
        row_number = offset + 2
        if not any((value or "").strip() for value in row.values()):
            continue  # a blank row (spreadsheets often end with some) is not a qualification
        entry, row_problems = parse_catalogue_row(row_number, row, industries)
        problems += row_problems
        if entry is None:
            continue
        if entry.natural_key in seen_keys:
            problems.append(
                RowProblem(
                    row_number,
                    "title_en",
                    f"same qualification as row {seen_keys[entry.natural_key]}",
                    f"與第 {seen_keys[entry.natural_key]} 行的資歷重複",
                )
            )
            continue
        if entry.qr_number and entry.qr_number in seen_qr:
            problems.append(
                RowProblem(
                    row_number,
                    "qr_number",
                    f"QR number already used in row {seen_qr[entry.qr_number]}",
                    f"資歷名冊編號已在第 {seen_qr[entry.qr_number]} 行使用",
                )
            )
            continue
        seen_keys[entry.natural_key] = row_number
        if entry.qr_number:
            seen_qr[entry.qr_number] = row_number
        entries.append(entry)
    return entries, problems


def parse_levels(text: str) -> tuple[int, int]:
    """'1-3' -> (1, 3); '4' -> (4, 4)."""
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def parse_optional_date(text: str | None) -> date | None:
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None
