"""Export a batch workbook: Core selects, a streamed workbook verified cell by cell, then the ledger.

Order of work (nothing is recorded unless the file is right):

1. select the cases and build every sheet's rows in memory (:mod:`.case_rows`: SQLAlchemy Core rows,
   not ORM objects, each sheet sorted in place) and the manifest's data SHA-256;
2. write them into memory (:mod:`.writer` into :class:`io.BytesIO`): nothing is on disk yet;
3. read those bytes back with an independent reader (calamine, a Rust reader, row by row, in a worker
   thread: it parses without holding the GIL, while this thread computes each case's content SHA-256
   for the ledger) and compare every cell with what was meant to be written; the bytes are then
   encrypted in memory (:mod:`.encryption`) with a password made for this file, so no workbook carrying
   personal data is written in clear, and the ledger hashes the encrypted file. Only ``unencrypted``
   (supervisors and administrators) skips it, and its workbook is *minimised*: masked HKIDs and the
   applicants columns of :data:`.workbook_personal_data.MINIMISED_COLUMNS` only (``docs/privacy.md``);
4. only then one short transaction, with bulk Core statements (no transaction is open while the
   workbook is written and checked, so other writers are not kept waiting): an
   :class:`ExportBatchRecord` with the file's SHA-256, one :class:`BatchItemRecord` per case (its
   :func:`.case_rows.case_content_hash`), signed-off cases moved to *exported*, every case locked with
   :func:`lock_many_into_batch` (the audit entries of :func:`lock_into_batch`), all audited through
   :func:`audit.record_many`. :func:`.scratch.place_batch_file` writes the file and commits the
   transaction both or neither, a crash or a full disk included: a journal in the data folder's
   temporary folder, the bytes to a part file beside ``out``, the rename onto ``out`` just before the
   commit, and at the next start whatever a crash interrupted is settled from the journal.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, insert, select, update
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord, EventRecord
from assessor_app.core.db.scratch import place_batch_file
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.permissions import PERMISSIONS, Action, role_allows
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services import audit
from assessor_app.core.services.review.corrections import CaseLock, lock_many_into_batch
from assessor_app.core.services.shared import acting_user
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.batch_signature import sign_manifest
from assessor_app.core.services.sync.case_rows import CaseRows, collect_rows
from assessor_app.core.services.sync.encryption import encrypt_bytes, generate_password
from assessor_app.core.services.sync.selection import selection_condition
from assessor_app.core.services.sync.sheet_display import case_facts, displayed, labels
from assessor_app.core.services.sync.workbook_layout import codebook_rows, layout
from assessor_app.core.services.sync.workbook_personal_data import PersonalData, data_sheets_for
from assessor_app.core.services.sync.writer import (
    CancelCheck,
    ProgressCallback,
    SheetSpec,
    Value,
    paused_gc,
    write_xlsx,
)

BATCH_KIND = "export"
UPDATE_CHUNK = 500  # case ids per UPDATE statement
# What an export says it carries (describe()'s last line; the GUI shows the part in its language).
CARRIES: dict[str, str] = {
    PersonalData.FULL: "  已加密：載有完整身份證號碼 / encrypted: carries full HKID numbers",
    PersonalData.MASKED: "  已加密：載有姓名、電話等個人資料，身份證號碼已遮蓋 / encrypted: carries names, "
    "phones and other personal data, HKIDs masked",
    PersonalData.MINIMISED: "  未加密：只有遮蓋的身份證號碼及精簡欄位（沒有出生日期、電話、電郵或地址）/ "
    "not encrypted: masked HKIDs and minimised columns only (no date of birth, phone, e-mail or address)",
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    batch_id: int
    batch_uid: str
    case_count: int
    row_counts: dict[str, int]
    file_sha256: str
    data_sha256: str
    hkid_form: str
    password: str | None = None  # an encrypted export's (all but an unencrypted one); never in describe()
    personal_data: str = PersonalData.MASKED.value  # full, masked or minimised

    def describe(self) -> str:
        counts = ", ".join(f"{name} {count}" for name, count in self.row_counts.items())
        return (
            f"已匯出第 {self.batch_id} 批：{self.case_count} 個個案 → {self.path}\n"
            f"Exported batch {self.batch_id}: {self.case_count} cases → {self.path}\n"
            f"  rows: {counts}\n  file SHA-256: {self.file_sha256}\n  data SHA-256: {self.data_sha256}\n"
            + CARRIES[self.personal_data]
        )


@dataclass(frozen=True)
class BuiltWorkbook:
    """Everything the export writes, before it is written: the sheets, and the rows the ledger hashes."""

    sheets: list[SheetSpec]
    application_ids: list[int]
    row_counts: dict[str, int]
    data_sha256: str
    batch_uid: str
    rows: CaseRows = field(repr=False)  # the data sheets' rows (the sheets hold them laid out)
    personal_data: str = PersonalData.MASKED.value

    @property
    def hkid_form(self) -> str:
        return "full" if self.personal_data == PersonalData.FULL else "masked"

    def case_hashes(self) -> dict[int, str]:
        """Each case's content hash for its ledger item (:meth:`.case_rows.CaseRows.case_hashes`)."""
        return self.rows.case_hashes()


def _check_filters(database: Database, event_code: str | None, status: str | None) -> None:
    if status is not None and status not in {s.value for s in CaseStatus}:
        raise AppError(f"Unknown case state '{status}'.", f"不明個案狀態「{status}」。", code="unknown_state")
    if event_code is not None:
        with database.session() as session:
            if session.scalar(select(EventRecord.id).where(EventRecord.code == event_code)) is None:
                raise AppError(
                    f"There is no event with the code {event_code}.",
                    f"沒有代碼為 {event_code} 的活動。",
                    code="event_not_found",
                )


def build_workbook(
    database: Database,
    *,
    event_code: str | None = None,
    status: str | None = None,
    full_hkid: bool = False,
    minimised: bool = False,
    condition: ColumnElement[bool] | None = None,
) -> BuiltWorkbook:
    """Select the cases (by event and status, or by ``condition``) and build every sheet (no file is
    written); ``minimised``: masked HKIDs and the minimised applicants columns only."""
    chosen = selection_condition(event_code, status) if condition is None else condition
    personal_data = (
        PersonalData.MINIMISED if minimised else PersonalData.FULL if full_hkid else PersonalData.MASKED
    )
    collected = collect_rows(database, chosen, full_hkid=full_hkid and not minimised, minimised=minimised)
    cases, station, data = collected.cases, collected.station, collected.data
    if not cases:
        raise AppError(
            "No case matches: nothing to export.", "沒有符合條件的個案，毋須匯出。", code="nothing_to_export"
        )
    digest = collected.data_sha256()
    agencies = sorted({f"{case.agency_code} {case.agency_name_en}" for case in cases if case.agency_code})
    events = sorted({str(case.event_code) for case in cases if case.event_code})
    application_ids = sorted(case.id for case in cases)
    row_counts = {sheet.name: len(sheet_rows) for sheet, sheet_rows in data}
    batch_uid = fmt_uid()
    with database.session() as session:  # the trail's head now: a witness of it leaves with the batch
        audit_entries, audit_head = audit.chain_head(session)
    manifest_values: dict[str, str] = {
        "format": fmt.FORMAT_NAME,
        "format_version": fmt.FORMAT_VERSION,
        "batch_uid": batch_uid,
        "agency": "; ".join(agencies),
        "event": event_code or "; ".join(events),
        "station": station,
        "created_by": "",  # filled in by export_batch
        "created_at": "",
        "hkid_form": "full" if personal_data is PersonalData.FULL else "masked",
        "personal_data": personal_data.value,
        **{f"rows_{name}": str(count) for name, count in row_counts.items()},
        "data_sha256": digest,
        "audit_entries": str(audit_entries),
        "audit_head": audit_head,
        "signing_key": "",  # signed by export_batch, once created_at is known
        "signature": "",
    }
    sheets = [
        SheetSpec(
            fmt.MANIFEST_SHEET,
            [["鍵\nKey", "項目\nItem", "內容\nValue"], ["key", "label", "value"]],
            [(key, f"{zh} {en}", manifest_values[key]) for key, zh, en, _ in fmt.MANIFEST_ITEMS],
            widths=(18, 30, 70),
            text_columns=frozenset({0, 1, 2}),
            wrapped_columns=frozenset({1, 2}),
            autofilter=False,
        )
    ]
    with database.session() as session:
        coded = labels(session)
    facts = case_facts(cases, data[0])
    for sheet, sheet_rows in data:
        laid_out = layout(sheet)
        columns = laid_out.columns
        sheets.append(
            SheetSpec(
                sheet.name,
                [[column.label for column in columns], list(laid_out.keys)],
                displayed(laid_out, sheet_rows, facts, coded),
                widths=[column.width for column in columns],
                text_columns=frozenset(
                    i
                    for i, column in enumerate(columns)
                    if column.type not in (fmt.ColumnType.DATE, fmt.ColumnType.INTEGER)
                ),
                wrapped_columns=frozenset(
                    i
                    for i, column in enumerate(columns)
                    if column.type is fmt.ColumnType.TEXT and column.width >= 16
                ),
                choices={
                    i: column.allowed
                    for i, column in enumerate(columns)
                    if column.allowed
                    and column.type is not fmt.ColumnType.INTEGER
                    and len(",".join(column.allowed)) < 250
                },
                print_columns=len(columns) - laid_out.key_columns,  # the keys stay on screen, off paper
            )
        )
    sheets.append(
        SheetSpec(
            fmt.CODEBOOK_SHEET,
            [
                [
                    "工作表\nSheet",
                    "鍵\nKey",
                    "中文\nChinese",
                    "英文\nEnglish",
                    "類型\nType",
                    "必填\nRequired",
                    "可用值\nAllowed values",
                    "規則\nRule",
                ],
                list(fmt.CODEBOOK_COLUMNS),
            ],
            codebook_rows(data_sheets_for(personal_data)),
            widths=(14, 20, 20, 24, 10, 8, 40, 80),
            text_columns=frozenset(range(len(fmt.CODEBOOK_COLUMNS))),
            wrapped_columns=frozenset({2, 3, 6, 7}),
        )
    )
    return BuiltWorkbook(
        sheets=sheets,
        application_ids=application_ids,
        row_counts=row_counts,
        data_sha256=digest,
        batch_uid=batch_uid,
        rows=collected,
        personal_data=personal_data.value,
    )


def stamp_manifest(database: Database, built: BuiltWorkbook, actor: str, created_at: datetime) -> None:
    """Fill in the manifest's creator and time, then sign it with this station's key
    (:func:`.batch_signature.sign_manifest`)."""
    manifest = built.sheets[0]
    values = {str(key): str(value) for key, _label, value in manifest.rows}
    values["created_by"] = actor
    values["created_at"] = created_at.isoformat(timespec="seconds")
    sign_manifest(database, values)
    manifest.rows = [(key, label, values[str(key)]) for key, label, _value in manifest.rows]


def fmt_uid() -> str:
    import uuid

    return str(uuid.uuid4())


def _mismatch(detail: str) -> AppError:
    return AppError(
        f"The written workbook did not read back as intended ({detail}); nothing was exported.",
        f"寫入的工作簿讀回時與預期不符（{detail}）；未有匯出。",
        code="export_verify_failed",
    )


def _wanted(row: Sequence[Value]) -> list[object]:
    """A row as calamine gives it back: blanks as empty strings (whole numbers compare equal to its floats,
    dates to its dates, and a date never equals a datetime or a string)."""
    return ["" if value is None else value for value in row]


def _rows_match(wanted: list[object], got: list[object]) -> bool:
    """Equal once both are as wide (calamine pads every row to the sheet's width with empty strings)."""
    width = max(len(wanted), len(got))
    return wanted + [""] * (width - len(wanted)) == got + [""] * (width - len(got))


def verify_workbook(data: bytes, sheets: Sequence[SheetSpec]) -> None:
    """Read the workbook ``data`` with calamine (an independent reader, written in Rust) and compare
    every cell with ``sheets``: sheet names, order and visibility, then each sheet row by row (text
    exactly, ``_xHHHH_`` escapes decoded; numbers; dates as dates; blanks blank; no row missing or
    extra). An AppError names the first difference (the export then writes nothing). Rows are read one
    at a time, so the check holds no second copy of the workbook's values."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError) as exc:
        raise _mismatch(f"unreadable: {exc}") from None
    try:
        names = [meta.name for meta in workbook.sheets_metadata]
        if names != [spec.name for spec in sheets]:
            raise _mismatch(f"sheets {names}")
        for meta, spec in zip(workbook.sheets_metadata, sheets, strict=True):
            if (meta.visible != SheetVisibleEnum.Visible) != spec.hidden:
                raise _mismatch(f"{spec.name} is {'visible' if spec.hidden else 'hidden'}")
            _verify_sheet(workbook.get_sheet_by_name(spec.name), spec)
    except CalamineError as exc:
        raise _mismatch(f"unreadable: {exc}") from None
    finally:
        workbook.close()


def _verify_sheet(sheet: Any, spec: SheetSpec) -> None:
    if tuple(sheet.start or (0, 0)) == (0, 0):
        actual_rows: Iterable[list[object]] = sheet.iter_rows()
    else:  # calamine starts a sheet at its first value: keep the empty rows and columns before it
        actual_rows = sheet.to_python(skip_empty_area=False)
    number = 0
    for got, wanted_row in zip_longest(actual_rows, chain(spec.header_rows, spec.rows)):
        number += 1
        if wanted_row is None:
            if any(value != "" for value in got):
                raise _mismatch(f"{spec.name} row {number} is extra")
            continue
        wanted = _wanted(wanted_row)
        if got is None:
            if any(value != "" for value in wanted):
                raise _mismatch(f"{spec.name} row {number} is missing")
            continue
        if wanted != got and not _rows_match(wanted, got):
            raise _mismatch(f"{spec.name} row {number}: {got!r} instead of {wanted!r}")


def _expected(value: Value) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _trimmed(values: Sequence[object]) -> list[object]:
    out = list(values)
    while out and out[-1] is None:
        out.pop()
    return out


def verify_workbook_openpyxl(data: bytes, sheets: Sequence[SheetSpec]) -> None:
    """The former check, kept as a second opinion for tests and the benchmark: read ``data`` with
    openpyxl (read-only) and compare every cell. openpyxl does not decode ``_xHHHH_`` escapes in inline
    strings, so a workbook holding such text fails here although it is right."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if workbook.sheetnames != [spec.name for spec in sheets]:
            raise _mismatch(f"sheets {workbook.sheetnames}")
        for spec in sheets:
            worksheet = workbook[spec.name]
            expected_rows = [*spec.header_rows, *spec.rows]
            count = 0
            for number, actual in enumerate(worksheet.iter_rows(values_only=True), start=1):
                count += 1
                if number > len(expected_rows):
                    if any(value is not None for value in actual):
                        raise _mismatch(f"{spec.name} row {number} is extra")
                    continue
                wanted = _trimmed([_expected(value) for value in expected_rows[number - 1]])
                got = _trimmed(actual)
                if wanted != got:
                    raise _mismatch(f"{spec.name} row {number}: {got!r} instead of {wanted!r}")
            if count < len(expected_rows):
                raise _mismatch(f"{spec.name} has {count} rows instead of {len(expected_rows)}")
    finally:
        workbook.close()


def export_batch(
    database: Database,
    out: Path,
    *,
    actor: str,
    event_code: str | None = None,
    status: str | None = None,
    full_hkid: bool = False,
    unencrypted: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    verify: Callable[[bytes, Sequence[SheetSpec]], None] = verify_workbook,
) -> ExportResult:
    """Write the batch workbook to ``out``, password-encrypted (the password is in the result, once),
    and record the batch (see the module docstring). ``unencrypted`` (supervisors and administrators,
    never with ``full_hkid``) writes a minimised workbook in clear instead."""
    out = Path(out)
    if unencrypted and full_hkid:
        raise AppError(
            "Full HKID numbers are never exported unencrypted: export them encrypted, or export "
            "unencrypted with masked numbers.",
            "完整身份證號碼不可在未加密的情況下匯出：請以加密方式匯出，或以遮蓋號碼作未加密匯出。",
            code="unencrypted_full_hkid",
        )
    if out.suffix.lower() != ".xlsx":
        raise AppError(
            f"The batch workbook must be an .xlsx file, not {out.name}.",
            f"批次工作簿須為 .xlsx 檔案，而非 {out.name}。",
            code="not_xlsx",
        )
    if not out.parent.is_dir():
        raise AppError(f"There is no folder {out.parent}.", f"沒有資料夾 {out.parent}。", code="no_folder")
    with database.session() as session:
        user = acting_user(
            session, actor, PERMISSIONS[Action.EXPORT], doing_en="export a batch", doing_zh="匯出批次"
        )
        actor = user.username
        if full_hkid and not role_allows(user.role, Action.EXPORT_FULL_HKID):
            raise AppError(
                "Only a supervisor or an administrator may export full HKID numbers.",
                "只有主管或系統管理員可匯出完整身份證號碼。",
                code="full_hkid_role",
            )
        if unencrypted and not role_allows(user.role, Action.EXPORT_UNENCRYPTED):
            raise AppError(
                "Only a supervisor or an administrator may export a workbook unencrypted; export it "
                "encrypted (the default) and send its password separately.",
                "只有主管或系統管理員可匯出未加密的工作簿；請以加密方式匯出（預設），並另行傳送密碼。",
                code="unencrypted_role",
            )
    _check_filters(database, event_code, status)
    with paused_gc():
        return _export(
            database, out, actor, event_code, status, full_hkid, unencrypted, progress, cancel, verify
        )


def _export(
    database: Database,
    out: Path,
    actor: str,
    event_code: str | None,
    status: str | None,
    full_hkid: bool,
    unencrypted: bool,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
    verify: Callable[[bytes, Sequence[SheetSpec]], None],
) -> ExportResult:
    built = build_workbook(
        database, event_code=event_code, status=status, full_hkid=full_hkid, minimised=unencrypted
    )
    created_at = utc_now()
    stamp_manifest(database, built, actor, created_at)

    memory = io.BytesIO()
    write_xlsx(memory, built.sheets, progress=progress, cancel=cancel)
    workbook = memory.getvalue()
    del memory
    # Before any transaction, so other writers are not kept waiting: calamine checks the bytes in a
    # worker thread (it parses without the GIL) while this thread hashes each case for the ledger.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify") as pool:
        checked = pool.submit(verify, workbook, built.sheets)
        case_hashes = built.case_hashes()
        checked.result()
    password: str | None = None
    if not unencrypted:  # every workbook carrying personal data (names, phones) is encrypted
        password = generate_password()
        workbook = encrypt_bytes(workbook, password)
    file_sha256 = hashlib.sha256(workbook).hexdigest()
    try:
        batch_id = place_batch_file(
            database,
            out,
            workbook,
            batch_uid=built.batch_uid,
            ledger=lambda session: _ledger(
                session, built, case_hashes, out, file_sha256, created_at, actor, event_code, status
            ),
        )
    except OSError as exc:  # a full disk, a pulled stick: nothing was placed and nothing recorded
        raise AppError(
            f"The batch workbook could not be written to {out} ({exc.strerror or exc}); nothing was "
            "exported and no case was locked.",
            f"無法將批次工作簿寫入 {out}（{exc.strerror or exc}）；未有匯出，亦未鎖定任何個案。",
            code="export_write_failed",
        ) from exc
    return ExportResult(
        path=out,
        batch_id=batch_id,
        batch_uid=built.batch_uid,
        case_count=len(built.application_ids),
        row_counts=built.row_counts,
        file_sha256=file_sha256,
        data_sha256=built.data_sha256,
        hkid_form=built.hkid_form,
        password=password,
        personal_data=built.personal_data,
    )


def _ledger(
    session: Session,
    built: BuiltWorkbook,
    case_hashes: dict[int, str],
    out: Path,
    file_sha256: str,
    created_at: datetime,
    actor: str,
    event_code: str | None,
    status: str | None,
) -> int:
    """The batch, its items, the signed-off cases moved to exported, locks and audit (bulk statements)."""
    signed_off: list[int] = []  # cases moved from signed_off to exported by this batch
    batch = ExportBatchRecord(
        uid=built.batch_uid,
        kind=BATCH_KIND,
        file_name=out.name,
        file_sha256=file_sha256,
        created_by=actor,
        created_at=created_at,
        case_count=len(built.application_ids),
    )
    session.add(batch)
    session.flush()
    batch_id = batch.id
    audit.record(
        session,
        actor=actor,
        entity="export_batch",
        entity_uid=batch.uid,
        action="batch_exported",
        field="file_sha256",
        new=file_sha256,
        reason=f"{out.name}: {len(built.application_ids)} cases, data SHA-256 {built.data_sha256}",
    )
    connection = session.connection()
    cases: list[CaseLock] = []
    for row in connection.execute(
        select(
            ApplicationRecord.id,
            ApplicationRecord.uid,
            ApplicationRecord.status,
            ApplicationRecord.locked_by_batch_id,
            ApplicationRecord.needs_reexport,
        )
        .where(selection_condition(event_code, status))
        .order_by(ApplicationRecord.id)
    ):
        cases.append(CaseLock(row[0], row[1], row[3], bool(row[4])))
        if row[2] == CaseStatus.SIGNED_OFF.value:
            signed_off.append(row[0])
    if [case.application_id for case in cases] != built.application_ids:
        raise AppError(
            "The cases changed while the workbook was being written; export again.",
            "寫入工作簿期間個案有所更改，請再次匯出。",
            code="export_raced",
        )
    session.connection().execute(
        insert(cast(Table, BatchItemRecord.__table__)),
        [
            {
                "batch_id": batch_id,
                "application_id": application_id,
                "content_sha256": case_hashes[application_id],
            }
            for application_id in built.application_ids
        ],
    )
    for start in range(0, len(signed_off), UPDATE_CHUNK):
        session.execute(
            update(ApplicationRecord)
            .where(ApplicationRecord.id.in_(signed_off[start : start + UPDATE_CHUNK]))
            .values(status=CaseStatus.EXPORTED.value)
        )
    moved = set(signed_off)
    audit.record_many(
        session,
        (
            audit.Entry(
                actor=actor,
                entity="application",
                entity_uid=case.uid,
                action="status",
                field="status",
                old=CaseStatus.SIGNED_OFF.value,
                new=CaseStatus.EXPORTED.value,
                reason=f"exported in batch {batch_id}",
            )
            for case in cases
            if case.application_id in moved
        ),
    )
    lock_many_into_batch(session, cases, batch_id, actor=actor)
    session.flush()
    return batch_id
