"""Export a batch workbook: Core selects, a streamed workbook verified cell by cell, then the ledger.

Order of work (nothing is recorded unless the file is right):

1. select the cases (SQLAlchemy Core rows, not ORM objects) and build every sheet's rows in memory;
2. write them to a temporary file in the target folder (:mod:`.writer`);
3. reopen that file with openpyxl and compare every cell with what was meant to be written; with
   ``full_hkid`` it is then encrypted (:mod:`.encryption`) to a second temporary file and the plain one
   removed, so full numbers never stay on disk in clear and the ledger hashes the encrypted file;
4. in one transaction: an :class:`ExportBatchRecord` with the file's SHA-256, one
   :class:`BatchItemRecord` per case, signed-off cases moved to *exported*, every case locked with
   :func:`lock_into_batch`, all audited; the temporary file is renamed over ``out`` last, inside the
   transaction, so a failure anywhere leaves neither a file nor a ledger row.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    AgencyRecord,
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    BatchItemRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    ExportBatchRecord,
    IndustryRecord,
    QualificationRecord,
    StationRecord,
)
from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.corrections import acting_user, lock_into_batch
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.encryption import encrypt_workbook, generate_password
from assessor_app.core.services.sync.writer import (
    CancelCheck,
    ProgressCallback,
    SheetSpec,
    Value,
    write_xlsx,
)

EXPORTERS = frozenset({Role.ASSESSOR, Role.SUPERVISOR, Role.ADMINISTRATOR})
FULL_HKID_EXPORTERS = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
HONG_KONG = timedelta(hours=8)  # no daylight saving in Hong Kong
BATCH_KIND = "export"
Row = tuple[Value, ...]


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
    password: str | None = None  # only for a full-HKID (encrypted) export; never in describe()

    def describe(self) -> str:
        counts = ", ".join(f"{name} {count}" for name, count in self.row_counts.items())
        return (
            f"已匯出第 {self.batch_id} 批：{self.case_count} 個個案 → {self.path}\n"
            f"Exported batch {self.batch_id}: {self.case_count} cases → {self.path}\n"
            f"  rows: {counts}\n  file SHA-256: {self.file_sha256}\n  data SHA-256: {self.data_sha256}"
            + (
                "\n  已加密：載有完整身份證號碼 / encrypted: carries full HKID numbers"
                if self.password is not None
                else ""
            )
        )


@dataclass(frozen=True)
class BuiltWorkbook:
    """Everything the export writes, before it is written: the sheets and the per-case hashes."""

    sheets: list[SheetSpec]
    application_ids: list[int]
    case_hashes: dict[int, str]
    row_counts: dict[str, int]
    data_sha256: str
    batch_uid: str


def yes_no(value: bool | None) -> str:
    return fmt.YES if value else fmt.NO


def canonical(value: Value) -> str:
    """How a value enters the data hash: dates ISO, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def qualification_key(qr_number: str | None, title_en: str, level: int) -> str:
    return qr_number or f"{title_en} L{level}"


def data_hash(sheets: Sequence[tuple[str, Sequence[Sequence[Value]]]]) -> str:
    digest = hashlib.sha256()
    for name, rows in sheets:
        digest.update(name.encode("utf-8") + b"\n")
        for row in rows:
            digest.update(json.dumps([canonical(v) for v in row], ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def _hong_kong_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment.astimezone(UTC) + HONG_KONG).date()


def _selection(event_code: str | None, status: str | None) -> ColumnElement[bool]:
    """Which cases go: by default every signed-off case not yet exported; with ``status``, every case
    in that state; corrected cases (locked, correction open) always, as the next batch must carry them."""
    corrected = and_(
        ApplicationRecord.locked_by_batch_id.is_not(None), ApplicationRecord.needs_reexport.is_(True)
    )
    if status is None:
        chosen: ColumnElement[bool] = and_(
            ApplicationRecord.status == CaseStatus.SIGNED_OFF.value,
            ApplicationRecord.locked_by_batch_id.is_(None),
        )
    else:
        chosen = ApplicationRecord.status == status
    condition: ColumnElement[bool] = and_(
        or_(chosen, corrected), ApplicationRecord.status != CaseStatus.DRAFT.value
    )
    if event_code is not None:
        condition = and_(
            condition,
            ApplicationRecord.event_id.in_(select(EventRecord.id).where(EventRecord.code == event_code)),
        )
    return condition


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


@dataclass(frozen=True)
class CollectedRows:
    """The data sheets' rows for the cases matching a condition (Core rows, sorted by key)."""

    cases: list[Any]  # (id, uid, reference_no, applicant uid, event code, station, status, ...)
    station: str
    data: list[tuple[fmt.Sheet, list[Row]]]


def collect_rows(
    database: Database, condition: ColumnElement[bool], *, full_hkid: bool = False
) -> CollectedRows:
    """Every data sheet's rows for the cases matching ``condition`` (possibly none)."""
    ids = select(ApplicationRecord.id).where(condition).scalar_subquery()
    with database.session() as session:
        connection = session.connection()

        def rows(query: Select[Any]) -> list[Any]:
            return list(connection.execute(query).all())

        cases = rows(
            select(
                ApplicationRecord.id,
                ApplicationRecord.uid,
                ApplicationRecord.reference_no,
                ApplicantRecord.uid,
                EventRecord.code,
                ApplicationRecord.station_code,
                ApplicationRecord.status,
                ApplicationRecord.application_date,
                ApplicationRecord.is_carer_declaration,
                ApplicationRecord.fee_hkd,
                AgencyRecord.code,
                AgencyRecord.name_en,
            )
            .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
            .outerjoin(EventRecord, EventRecord.id == ApplicationRecord.event_id)
            .outerjoin(AgencyRecord, AgencyRecord.id == EventRecord.agency_id)
            .where(condition)
        )
        applicants = rows(
            select(
                ApplicantRecord.uid,
                ApplicantRecord.hkid,
                ApplicantRecord.residence_status,
                ApplicantRecord.name_zh,
                ApplicantRecord.surname_en,
                ApplicantRecord.given_names_en,
                ApplicantRecord.alias,
                ApplicantRecord.date_of_birth,
                ApplicantRecord.phone,
                ApplicantRecord.email,
                ApplicantRecord.preferred_language,
            ).where(
                ApplicantRecord.id.in_(
                    select(ApplicationRecord.applicant_id).where(ApplicationRecord.id.in_(ids))
                )
            )
        )
        applied = rows(
            select(
                ApplicationRecord.id,
                ApplicationRecord.uid,
                QualificationRecord.qr_number,
                QualificationRecord.title_zh,
                QualificationRecord.title_en,
                QualificationRecord.qf_level,
                AppliedQualificationRecord.route,
                AppliedQualificationRecord.eligibility,
                AppliedQualificationRecord.result,
                AppliedQualificationRecord.soa_number,
                AppliedQualificationRecord.soa_date,
                AssessmentDecisionRecord.recommendation,
                AssessmentDecisionRecord.reasons,
                AssessmentDecisionRecord.decided_by,
                AssessmentDecisionRecord.signed_off_by,
                AssessmentDecisionRecord.signed_off_at,
            )
            .join(ApplicationRecord, ApplicationRecord.id == AppliedQualificationRecord.application_id)
            .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
            .outerjoin(
                AssessmentDecisionRecord,
                AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
            )
            .where(AppliedQualificationRecord.application_id.in_(ids))
        )
        periods = rows(
            select(
                ApplicationRecord.id,
                EmploymentPeriodRecord.uid,
                ApplicationRecord.uid,
                EmploymentPeriodRecord.position,
                EmploymentPeriodRecord.employer,
                EmploymentPeriodRecord.post,
                IndustryRecord.name_en,
                EmploymentPeriodRecord.start_date,
                EmploymentPeriodRecord.end_date,
                EmploymentPeriodRecord.employment_type,
                EmploymentPeriodRecord.hours_per_week,
                EmploymentPeriodRecord.in_hong_kong,
                EmploymentPeriodRecord.relevant,
                EmploymentPeriodRecord.duties,
                EmploymentPeriodRecord.id,
            )
            .join(ApplicationRecord, ApplicationRecord.id == EmploymentPeriodRecord.application_id)
            .outerjoin(IndustryRecord, IndustryRecord.id == EmploymentPeriodRecord.industry_id)
            .where(EmploymentPeriodRecord.application_id.in_(ids))
        )
        evidence = rows(
            select(
                ApplicationRecord.id,
                EvidenceItemRecord.uid,
                ApplicationRecord.uid,
                EvidenceItemRecord.evidence_type,
                EvidenceItemRecord.period_id,
                EvidenceItemRecord.status,
                EvidenceItemRecord.reason,
            )
            .join(ApplicationRecord, ApplicationRecord.id == EvidenceItemRecord.application_id)
            .where(EvidenceItemRecord.application_id.in_(ids))
        )
        station = session.scalar(select(StationRecord.code).where(StationRecord.is_local.is_(True))) or ""

    case_by_id = {case[0]: case for case in cases}
    applicant_rows: list[Row] = []
    for a in applicants:
        shown = a[1] if full_hkid else hkid_rules.mask(a[1])
        applicant_rows.append((a[0], shown, a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]))
    applicant_rows.sort(key=lambda r: str(r[0]))

    application_rows: list[Row] = []
    result_rows: list[Row] = []
    for q in applied:
        case = case_by_id[q[0]]
        key = qualification_key(q[2], q[4], q[5])
        status_after = CaseStatus.EXPORTED.value if case[6] == CaseStatus.SIGNED_OFF.value else case[6]
        application_rows.append(
            (
                case[1],
                case[2],
                case[3],
                case[4],
                case[5],
                status_after,
                case[7],
                yes_no(case[8]),
                case[9],
                key,
                q[3],
                q[4],
                q[5],
                q[6],
                q[7],
            )
        )
        result_rows.append(
            (case[1], case[2], key, q[11], q[12], q[13], q[14], _hong_kong_date(q[15]), q[8], q[9], q[10], None)
        )
    application_rows.sort(key=lambda r: (str(r[0]), str(r[9])))
    result_rows.sort(key=lambda r: (str(r[0]), str(r[2])))

    period_uid_by_id = {p[14]: p[1] for p in periods}
    employment_rows: list[Row] = [
        (p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], yes_no(p[11]), yes_no(p[12]), p[13])
        for p in periods
    ]
    employment_rows.sort(key=lambda r: (str(r[1]), r[2] or 0, str(r[0])))
    evidence_rows: list[Row] = [
        (e[1], e[2], e[3], period_uid_by_id.get(e[4]) if e[4] is not None else None, e[5], e[6])
        for e in evidence
    ]
    evidence_rows.sort(key=lambda r: (str(r[1]), str(r[2]), str(r[0])))

    data = [
        (fmt.APPLICANTS, applicant_rows),
        (fmt.APPLICATIONS, application_rows),
        (fmt.EMPLOYMENT, employment_rows),
        (fmt.EVIDENCE, evidence_rows),
        (fmt.RESULTS_SHEET, result_rows),
    ]
    return CollectedRows(cases, station, data)


def build_workbook(
    database: Database,
    *,
    event_code: str | None = None,
    status: str | None = None,
    full_hkid: bool = False,
    condition: ColumnElement[bool] | None = None,
) -> BuiltWorkbook:
    """Select the cases (by event and status, or by ``condition``) and build every sheet (no file is written)."""
    chosen = _selection(event_code, status) if condition is None else condition
    collected = collect_rows(database, chosen, full_hkid=full_hkid)
    cases, station, data = collected.cases, collected.station, collected.data
    if not cases:
        raise AppError(
            "No case matches: nothing to export.", "沒有符合條件的個案，毋須匯出。", code="nothing_to_export"
        )
    case_rows: dict[int, list[str]] = defaultdict(list)
    application_of_applicant: dict[str, list[int]] = defaultdict(list)
    case_by_id = {}
    for case in cases:
        case_by_id[case[0]] = case
        application_of_applicant[case[3]].append(case[0])
    applicant_rows = data[0][1]
    digest = data_hash([(sheet.name, sheet_rows) for sheet, sheet_rows in data])

    # Per-case content hashes for the ledger (what this batch carried for each case).
    id_by_uid = {case[1]: case[0] for case in cases}
    for sheet, sheet_rows in data:
        if sheet is fmt.APPLICANTS:
            continue
        column = sheet.column_index["application_uid"]
        for row in sheet_rows:
            case_rows[id_by_uid[str(row[column])]].append(
                sheet.name + json.dumps([canonical(v) for v in row], ensure_ascii=False)
            )
    for row in applicant_rows:
        for application_id in application_of_applicant[str(row[0])]:
            case_rows[application_id].append(
                "applicants" + json.dumps([canonical(v) for v in row], ensure_ascii=False)
            )
    case_hashes = {
        application_id: hashlib.sha256("\n".join(case_rows[application_id]).encode("utf-8")).hexdigest()
        for application_id in case_by_id
    }

    agencies = sorted({f"{case[10]} {case[11]}" for case in cases if case[10]})
    events = sorted({str(case[4]) for case in cases if case[4]})
    row_counts = {sheet.name: len(sheet_rows) for sheet, sheet_rows in data}
    batch_uid = fmt_uid()
    manifest_values: dict[str, str] = {
        "format": fmt.FORMAT_NAME,
        "format_version": fmt.FORMAT_VERSION,
        "batch_uid": batch_uid,
        "agency": "; ".join(agencies),
        "event": event_code or "; ".join(events),
        "station": station,
        "created_by": "",  # filled in by export_batch
        "created_at": "",
        "hkid_form": "full" if full_hkid else "masked",
        **{f"rows_{name}": str(count) for name, count in row_counts.items()},
        "data_sha256": digest,
    }
    sheets = [
        SheetSpec(
            fmt.MANIFEST_SHEET,
            [["鍵\nKey", "項目\nItem", "內容\nValue"], ["key", "label", "value"]],
            [(key, f"{zh} {en}", manifest_values[key]) for key, zh, en, _ in fmt.MANIFEST_ITEMS],
            widths=(18, 30, 70),
            text_columns=frozenset({0, 1, 2}),
            autofilter=False,
        )
    ]
    for sheet, sheet_rows in data:
        sheets.append(
            SheetSpec(
                sheet.name,
                [[column.label for column in sheet.columns], list(sheet.keys)],
                sheet_rows,
                widths=[column.width for column in sheet.columns],
                text_columns=frozenset(
                    i
                    for i, column in enumerate(sheet.columns)
                    if column.type not in (fmt.ColumnType.DATE, fmt.ColumnType.INTEGER)
                ),
                choices={
                    i: column.allowed
                    for i, column in enumerate(sheet.columns)
                    if column.allowed
                    and column.type is not fmt.ColumnType.INTEGER
                    and len(",".join(column.allowed)) < 250
                },
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
            fmt.codebook_rows(),
            widths=(14, 20, 20, 24, 10, 8, 40, 80),
            text_columns=frozenset(range(len(fmt.CODEBOOK_COLUMNS))),
        )
    )
    return BuiltWorkbook(
        sheets=sheets,
        application_ids=sorted(case_by_id),
        case_hashes=case_hashes,
        row_counts=row_counts,
        data_sha256=digest,
        batch_uid=batch_uid,
    )


def fmt_uid() -> str:
    import uuid

    return str(uuid.uuid4())


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


def verify_workbook(path: Path, sheets: Sequence[SheetSpec]) -> None:
    """Reopen ``path`` with openpyxl and compare every cell with ``sheets``; an AppError names the first
    difference (the export then writes nothing)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
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


def _mismatch(detail: str) -> AppError:
    return AppError(
        f"The written workbook did not read back as intended ({detail}); nothing was exported.",
        f"寫入的工作簿讀回時與預期不符（{detail}）；未有匯出。",
        code="export_verify_failed",
    )


def export_batch(
    database: Database,
    out: Path,
    *,
    actor: str,
    event_code: str | None = None,
    status: str | None = None,
    full_hkid: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    verify: Callable[[Path, Sequence[SheetSpec]], None] = verify_workbook,
) -> ExportResult:
    """Write the batch workbook to ``out`` and record the batch (see the module docstring)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise AppError(
            f"The batch workbook must be an .xlsx file, not {out.name}.",
            f"批次工作簿須為 .xlsx 檔案，而非 {out.name}。",
            code="not_xlsx",
        )
    if not out.parent.is_dir():
        raise AppError(f"There is no folder {out.parent}.", f"沒有資料夾 {out.parent}。", code="no_folder")
    with database.session() as session:
        user = acting_user(session, actor, EXPORTERS, doing_en="export a batch", doing_zh="匯出批次")
        actor = user.username
        if full_hkid and user.role not in {role.value for role in FULL_HKID_EXPORTERS}:
            raise AppError(
                "Only a supervisor or an administrator may export full HKID numbers.",
                "只有主管或系統管理員可匯出完整身份證號碼。",
                code="full_hkid_role",
            )
    _check_filters(database, event_code, status)
    built = build_workbook(database, event_code=event_code, status=status, full_hkid=full_hkid)
    created_at = datetime.now(UTC)
    manifest = built.sheets[0]
    manifest.rows = [
        (
            key,
            label,
            actor
            if key == "created_by"
            else created_at.isoformat(timespec="seconds")
            if key == "created_at"
            else value,
        )
        for key, label, value in manifest.rows
    ]

    handle, temp_name = tempfile.mkstemp(dir=out.parent, prefix=".~export-", suffix=".tmp.xlsx")
    os.close(handle)
    temp = Path(temp_name)
    plain: Path | None = None
    password: str | None = None
    try:
        write_xlsx(temp, built.sheets, progress=progress, cancel=cancel)
        verify(temp, built.sheets)
        if full_hkid:
            # Never leave the full numbers in clear: encrypt to a second temp file, drop the plain one.
            plain = temp
            handle, encrypted_name = tempfile.mkstemp(dir=out.parent, prefix=".~export-", suffix=".enc.xlsx")
            os.close(handle)
            temp = Path(encrypted_name)
            password = generate_password()
            encrypt_workbook(plain, temp, password)
            plain.unlink()
        file_sha256 = hashlib.sha256(temp.read_bytes()).hexdigest()
        with database.session() as session:
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
            session.add_all(
                BatchItemRecord(
                    batch_id=batch.id,
                    application_id=application_id,
                    content_sha256=built.case_hashes[application_id],
                )
                for application_id in built.application_ids
            )
            applications = session.scalars(
                select(ApplicationRecord)
                .where(
                    ApplicationRecord.id.in_(
                        select(ApplicationRecord.id).where(_selection(event_code, status))
                    )
                )
                .order_by(ApplicationRecord.id)
            ).all()
            if [application.id for application in applications] != built.application_ids:
                raise AppError(
                    "The cases changed while the workbook was being written; export again.",
                    "寫入工作簿期間個案有所更改，請再次匯出。",
                    code="export_raced",
                )
            for application in applications:
                if application.status == CaseStatus.SIGNED_OFF.value:
                    application.status = CaseStatus.EXPORTED.value
                    audit.record(
                        session,
                        actor=actor,
                        entity="application",
                        entity_uid=application.uid,
                        action="status",
                        field="status",
                        old=CaseStatus.SIGNED_OFF.value,
                        new=CaseStatus.EXPORTED.value,
                        reason=f"exported in batch {batch.id}",
                    )
                lock_into_batch(session, application, batch.id, actor=actor)
            batch_id = batch.id
            session.flush()
            os.replace(temp, out)
    finally:
        if plain is not None:
            plain.unlink(missing_ok=True)
        temp.unlink(missing_ok=True)
    return ExportResult(
        path=out,
        batch_id=batch_id,
        batch_uid=built.batch_uid,
        case_count=len(built.application_ids),
        row_counts=built.row_counts,
        file_sha256=file_sha256,
        data_sha256=built.data_sha256,
        hkid_form="full" if full_hkid else "masked",
        password=password,
    )
