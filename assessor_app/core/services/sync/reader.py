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
typed rows (each data sheet checked by :mod:`.sheet_rows`, each cell by :mod:`.cell_values`), or raises
one :class:`ValidationError` listing every problem with sheet, row, column and reason. It uses the fast reader when it can, and the exact reader when it cannot *or when the workbook
is refused*, so every refusal is the exact reader's. Formulas and error cells are refused wherever they
are. ``docs/sync-internals.md`` says why each pre-scan check is there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from assessor_app.core.errors import ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.cells import ErrorCell, Formula, RawSheet
from assessor_app.core.services.sync.encryption import decrypt_bytes
from assessor_app.core.services.sync.guard import DEFAULT_LIMITS, Limits, read_checked
from assessor_app.core.services.sync.read_exact import read_raw
from assessor_app.core.services.sync.read_fast import NotPlain, exact_cell, read_fast
from assessor_app.core.services.sync.sheet_rows import ParsedRow, Problems, data_rows
from assessor_app.core.services.sync.workbook_layout import shown_keys, written_position
from assessor_app.core.services.sync.workbook_legacy import data_sheets, personal_data_of, version_number
from assessor_app.core.services.sync.writer import column_letter, paused_gc


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
    file_sha256: str = ""  # the SHA-256 of the very bytes read (an encrypted file's: before decrypting)

    @property
    def version(self) -> str:
        return self.manifest.get("format_version", "")

    def column(self, sheet: fmt.Sheet, key: str) -> str:
        """How a refusal names the column of ``key`` on ``sheet`` in this workbook: ``M (relevant_to)``."""
        return f"{column_letter(written_position(self.version, sheet, key))} ({key})"

    @property
    def personal_data(self) -> str:
        """``full``, ``masked`` or ``minimised`` (a 3.1 workbook's taken from its ``hkid_form``)."""
        return personal_data_of(self.manifest)[0]


def parse_batch(
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    password: str | None = None,
    rows_of: Collection[str] | None = None,
    data: bytes | None = None,
) -> ParsedBatch:
    """The workbook at ``path`` checked against the format, as typed rows per sheet.

    Every sheet is checked whatever ``rows_of`` says; when given, only the rows of those data sheets are
    returned (``sheets`` holds no other), which spares building rows nobody reads.

    The file is read once (its size checked against ``limits`` first), and both readers read those
    bytes; ``file_sha256`` is theirs. A caller that read the file already (to hash it first) passes its
    bytes as ``data`` (from :func:`.guard.read_checked`), so it is not read again.

    With ``password`` the file must be an encrypted workbook (a full-HKID export), decrypted in memory
    and read from there (no clear copy is ever written, so none can outlive a crash).
    """
    path = Path(path)
    keep = frozenset(fmt.SHEETS_BY_NAME if rows_of is None else rows_of)
    file_bytes = read_checked(path, limits) if data is None else data
    with paused_gc():
        workbook = file_bytes if password is None else decrypt_bytes(file_bytes, password, path.name)
        parsed = _parse(path, limits, keep, workbook)
    parsed.file_sha256 = hashlib.sha256(file_bytes).hexdigest()
    return parsed


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
    problems = Problems()
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
    number: tuple[int, int] | None = None  # the format version's, once the manifest is read
    if fmt.MANIFEST_SHEET in by_name:
        manifest = manifest_items(by_name[fmt.MANIFEST_SHEET], problems)
        personal_data, problem = personal_data_of(manifest)
        specs = data_sheets(manifest.get("format_version", ""), personal_data) or fmt.DATA_SHEETS
        number = version_number(manifest.get("format_version", ""))
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
                f"format version {manifest.get('format_version')!r} is not supported (this app reads 2.x, "
                f"3.x and 4.x; it writes {fmt.FORMAT_VERSION})",
                f"不支援格式版本 {manifest.get('format_version')!r}（本程式讀取 2.x、3.x 及 4.x；"
                f"寫入 {fmt.FORMAT_VERSION}）",
            )

    sheets: dict[str, list[ParsedRow]] = {}
    for spec in specs:
        kept = keep is None or spec.name in keep
        if early is not None and spec.name in early:
            rows = early[spec.name]
        elif spec.name in by_name:
            rows = data_rows(
                by_name[spec.name], spec, problems, keep=kept, shown=shown_keys(number, spec.name)
            )
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


def manifest_items(sheet: RawSheet, problems: Problems | None = None) -> dict[str, str]:
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


def _parse(path: Path, limits: Limits, keep: frozenset[str], data: bytes) -> ParsedBatch:
    """The fast reader when it can read the workbook; the exact one when it cannot, and also when the
    workbook is refused, so the refusal lists exactly what the exact reader finds. Both read ``data``
    (the file's bytes, or the decrypted workbook), not the file at ``path``.

    With the fast reader each data sheet is checked as soon as it is read, while calamine reads the
    next ones; the first problem stops it (the exact reader then reads the whole workbook)."""
    early: dict[str, list[ParsedRow]] = {}
    specs: dict[str, fmt.Sheet] | None = None  # the manifest's version's, once the manifest is read
    number: tuple[int, int] | None = None

    def check(sheet: RawSheet) -> None:
        nonlocal specs, number
        if sheet.name == fmt.MANIFEST_SHEET and specs is None:
            manifest = manifest_items(sheet)
            version, personal_data = manifest.get("format_version", ""), personal_data_of(manifest)[0]
            number = version_number(version)
            specs = {spec.name: spec for spec in data_sheets(version, personal_data) or fmt.DATA_SHEETS}
            return
        spec = specs.get(sheet.name) if specs is not None else None  # before the manifest: checked later
        if spec is None or spec.name in early:
            return
        problems = Problems()
        early[spec.name] = data_rows(
            sheet, spec, problems, keep=spec.name in keep, shown=shown_keys(number, spec.name)
        )
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
