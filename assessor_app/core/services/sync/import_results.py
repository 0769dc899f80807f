"""Import a returned batch workbook: the Secretariat's results, previewed, then applied all or nothing.

The workbook is bound to the batch it came from (:mod:`.results_binding`): its batch must be an export
of this laptop, its cases items of that batch, and each case's rows what was exported but for the result
columns; anything else is listed (sheet, row, column) and the whole file refused. Only the *returned*
columns of the ``results`` sheet are read as changes (result, SoA number, SoA date, remarks); the other
sheets are checked (for form, and against the batch) but never written back. A row whose result is blank is
not yet decided and changes nothing. A result already recorded differently is refused (a supervisor
corrects it through a correction), so re-importing a file, or an older file, never overwrites a result.
The Secretariat's remarks are stored with the result (``result_remarks``) and audited; remarks differing
from those stored are a change on their own (a blank remarks cell never erases stored remarks).
When every qualification of an exported case has a result, the case moves to *result_passed* (at least
one passed) or *result_failed*. Re-importing the same file finds nothing to change and records nothing.

Reads are SQLAlchemy Core selects; :func:`apply_results` writes with bulk statements in one transaction
(executemany UPDATEs, bulk INSERTs, :func:`audit.record_many`), so nothing is recorded unless all is.
Each ledger item of a results import carries the SHA-256 of the case's rows in the returned workbook
(:func:`.case_rows.case_content_hash` over its ``results`` rows, by qualification).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord, AppliedQualificationRecord
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.normalise import normalise_code
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.shared import acting_user, active_user
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import case_content_hash, qualification_key
from assessor_app.core.services.sync.guard import read_checked
from assessor_app.core.services.sync.reader import ParsedBatch, parse_batch
from assessor_app.core.services.sync.results_binding import BoundBatch, Line, Matched, bind
from assessor_app.core.services.sync.sheet_rows import ParsedRow
from assessor_app.core.services.sync.writer import paused_gc

RESULT_FIELDS = ("result", "soa_number", "soa_date")
REMARKS_FIELD = "remarks"  # the workbook's column; stored as AppliedQualificationRecord.result_remarks
RESULT_STATES = frozenset(
    {
        CaseStatus.EXPORTED.value,
        CaseStatus.RESULT_PASSED.value,
        CaseStatus.RESULT_FAILED.value,
        CaseStatus.APPEAL_LODGED.value,
        CaseStatus.APPEAL_UPHELD.value,
        CaseStatus.APPEAL_DISMISSED.value,
    }
)
BATCH_KIND = "results"
SELECT_CHUNK = 5000  # case keys per SELECT
UPDATE_CHUNK = 500  # case ids per UPDATE ... IN (...)


@dataclass(frozen=True)
class ResultChange:
    application_id: int
    application_uid: str
    reference_no: str | None
    qualification: str
    field: str  # result, soa_number, soa_date or remarks
    old: str | None
    new: str | None
    remarks: str
    applied_qualification_id: int


@dataclass(frozen=True)
class StatusChange:
    application_id: int
    application_uid: str
    reference_no: str | None
    old: str
    new: str


@dataclass
class ResultsPreview:
    path: Path
    file_sha256: str
    batch: BoundBatch  # the export of this laptop the workbook belongs to
    changes: list[ResultChange] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    rows_read: int = 0
    rows_pending: int = 0
    case_hashes: dict[int, str] = field(default_factory=dict, repr=False)  # when applied: case -> SHA-256
    # The workbook as read for this preview and the cases it found bound, for apply_results to reuse
    # while the file is unchanged.
    parsed: ParsedBatch | None = field(default=None, repr=False, compare=False)
    matched: Matched = field(default_factory=dict, repr=False, compare=False)

    def describe(self) -> str:
        lines = [
            self.batch.describe(),
            f"{self.path.name}: {self.rows_read} result rows, {self.rows_pending} without a result yet; "
            f"{len(self.changes)} field changes, {len(self.status_changes)} case status changes",
            f"{self.path.name}：讀取 {self.rows_read} 行結果，{self.rows_pending} 行尚未有結果；"
            f"{len(self.changes)} 項欄位更改，{len(self.status_changes)} 個個案狀態更改",
        ]
        for change in self.changes:
            lines.append(
                f"  {change.reference_no or change.application_uid}  {change.qualification}  {change.field}: "
                f"{change.old or '-'} → {change.new or '-'}"
                + (f"  ({change.remarks})" if change.remarks and change.field != REMARKS_FIELD else "")
            )
        for status in self.status_changes:
            lines.append(
                f"  {status.reference_no or status.application_uid}  status: {status.old} → {status.new}"
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportReport:
    preview: ResultsPreview
    batch_id: int | None

    @property
    def changed(self) -> bool:
        return self.batch_id is not None

    def describe(self) -> str:
        if self.batch_id is None:
            return (
                f"沒有需要更改的資料 Nothing to change: {self.preview.path.name} is already recorded.\n"
                + self.preview.batch.describe()
            )
        return (
            f"已套用 Applied: {len(self.preview.changes)} field changes, "
            f"{len(self.preview.status_changes)} case status changes (ledger batch {self.batch_id}).\n"
            + self.preview.describe()
        )


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class _Stored:
    """One qualification applied for, as recorded here (read with one Core select per chunk of cases)."""

    applied_id: int
    application_id: int
    reference_no: str | None
    status: str
    result: str | None
    soa_number: str | None
    soa_date: date | None
    remarks: str | None


def _stored(session: Session, uids: list[str]) -> tuple[dict[tuple[str, str], _Stored], dict[int, list[int]]]:
    """Every qualification applied for of the cases ``uids``, by (case key, qualification key), and the
    qualifications of each case."""
    known: dict[tuple[str, str], _Stored] = {}
    all_quals: dict[int, list[int]] = defaultdict(list)
    connection = session.connection()
    for start in range(0, len(uids), SELECT_CHUNK):
        for record in connection.execute(
            select(
                ApplicationRecord.uid,
                QualificationRecord.qr_number,
                QualificationRecord.title_en,
                QualificationRecord.qf_level,
                AppliedQualificationRecord.id,
                ApplicationRecord.id,
                ApplicationRecord.reference_no,
                ApplicationRecord.status,
                AppliedQualificationRecord.result,
                AppliedQualificationRecord.soa_number,
                AppliedQualificationRecord.soa_date,
                AppliedQualificationRecord.result_remarks,
            )
            .join(ApplicationRecord, ApplicationRecord.id == AppliedQualificationRecord.application_id)
            .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
            .where(ApplicationRecord.uid.in_(uids[start : start + SELECT_CHUNK]))
        ).all():
            key = (record[0], qualification_key(record[1], record[2], record[3]))
            known[key] = _Stored(*record[4:])
            all_quals[record[5]].append(record[4])
    return known, all_quals


_RESULT_KEYS = fmt.RESULTS_SHEET.keys


def _row_values(row: ParsedRow) -> tuple[object, ...]:
    values = row.values
    return tuple([values[key] for key in _RESULT_KEYS])


def _plan(
    session: Session,
    path: Path,
    parsed: ParsedBatch,
    file_sha256: str,
    *,
    hashes: bool = False,
    matched_before: Matched | None = None,
) -> ResultsPreview:
    """The changes the file would make (refused with every problem listed, the binding's first); with
    ``hashes``, also each changed case's content SHA-256 for its ledger item. ``matched_before``: the
    cases a preview of this ``parsed`` found bound (see :func:`.results_binding.bind`)."""
    rows = parsed.sheets[fmt.RESULTS_SHEET.name]
    known, all_quals = _stored(session, sorted({str(row.values["application_uid"]) for row in rows}))

    def stored(uid: str, qualification: str) -> Line | None:
        found = known.get((uid, qualification))
        if found is None:
            return None
        return tuple(
            _text(value) or "" for value in (found.result, found.soa_number, found.soa_date, found.remarks)
        )

    binding = bind(session, parsed, path.name, stored, matched_before)
    preview = ResultsPreview(path, file_sha256, binding.batch, matched=binding.matched)
    problems: list[str] = list(binding.problems)
    new_results: dict[int, str | None] = {}
    rows_of_case: dict[int, list[ParsedRow]] = defaultdict(list)
    for row in rows:
        values = row.values
        if values["application_uid"] in binding.refused_cases:
            continue
        if isinstance(values["soa_number"], str):  # typed by the Secretariat: full-width digits fold to ASCII
            values["soa_number"] = normalise_code(values["soa_number"], upper=False)
        where = f"sheet results, row {row.number} / 工作表 results 第 {row.number} 行"
        key = (str(values["application_uid"]), str(values["qualification"]))
        found = known.get(key)
        if found is None:
            problems.append(
                f"{where}: case {key[0]} with qualification {key[1]} is not on this laptop / 此電腦沒有此個案及資歷"
            )
            continue
        rows_of_case[found.application_id].append(row)
        result, number, soa_date = values["result"], values["soa_number"], values["soa_date"]
        remarks = str(values[REMARKS_FIELD] or "")
        if result is None:
            preview.rows_pending += 1
            if number or soa_date:
                problems.append(
                    f"{where}: an SoA number or date without a result / 有資歷證明書資料但沒有結果"
                )
            continue
        preview.rows_read += 1
        if result == "passed" and (not number or soa_date is None):
            problems.append(f"{where}: a pass needs the SoA number and date / 通過須填寫資歷證明書編號及日期")
            continue
        if result == "failed" and (number or soa_date):
            problems.append(f"{where}: a fail has no SoA / 不通過不應有資歷證明書")
            continue
        if found.status not in RESULT_STATES:
            problems.append(
                f"{where}: {found.reference_no or key[0]} is '{found.status}', not exported; results cannot be "
                f"recorded / 個案狀態為「{found.status}」，尚未匯出，不能記錄結果"
            )
            continue
        wanted = (_text(result), _text(number), _text(soa_date))  # as RESULT_FIELDS
        current = (found.result, found.soa_number, _text(found.soa_date))
        if found.result is not None and current != wanted:
            problems.append(
                f"{where}: {found.reference_no or key[0]} {key[1]} already has the result {found.result} "
                f"{found.soa_number or ''} {current[2] or ''}; a supervisor must correct it / "
                "已記錄不同的結果，須由主管更正"
            )
            continue
        new_results[found.applied_id] = wanted[0]
        changed = [
            (name, old, new)
            for name, old, new in zip(RESULT_FIELDS, current, wanted, strict=True)
            if old != new
        ]
        if remarks and remarks != (found.remarks or ""):
            changed.append((REMARKS_FIELD, found.remarks, remarks))
        preview.changes.extend(
            ResultChange(
                found.application_id,
                key[0],
                found.reference_no,
                key[1],
                name,
                old,
                new,
                remarks,
                found.applied_id,
            )
            for name, old, new in changed
        )
    if problems:
        batch = binding.batch
        raise ValidationError(
            f"{path.name} (batch {batch.id}, exported {batch.exported_at} by {batch.created_by}) was refused: "
            f"{len(problems)} problem(s); nothing was changed.",
            f"已拒絕 {path.name}（第 {batch.id} 批，{batch.exported_at} 由 {batch.created_by} 匯出）："
            f"共 {len(problems)} 項問題；未有任何更改。",
            code="results_invalid",
            details=problems[:200],
        )
    stored_by_id = {stored.applied_id: stored for stored in known.values()}
    changed_cases = sorted({change.application_id for change in preview.changes})
    for application_id in changed_cases:
        first = stored_by_id[all_quals[application_id][0]]
        if hashes:
            preview.case_hashes[application_id] = case_content_hash(
                (fmt.RESULTS_SHEET.name, _row_values(row))
                for row in sorted(rows_of_case[application_id], key=lambda r: str(r.values["qualification"]))
            )
        if first.status != CaseStatus.EXPORTED.value:
            continue
        results = [
            new_results[applied_id] if applied_id in new_results else stored_by_id[applied_id].result
            for applied_id in all_quals[application_id]
        ]
        if all(results):
            target = CaseStatus.RESULT_PASSED if "passed" in results else CaseStatus.RESULT_FAILED
            uid = str(rows_of_case[application_id][0].values["application_uid"])
            preview.status_changes.append(
                StatusChange(application_id, uid, first.reference_no, first.status, target.value)
            )
    return preview


def preview_results(
    database: Database, path: Path, *, actor: str, password: str | None = None
) -> ResultsPreview:
    """Every change ``apply_results`` would make, without making it (refusals as in ``apply_results``).
    Any active user ``actor`` may look (an assessor checks what came back before a supervisor applies
    it); a disabled or unknown one is refused. ``password`` opens an encrypted (full-HKID) workbook. The
    preview keeps its reading of the file for ``apply_results(..., previewed=)``."""
    path = Path(path)
    with database.session() as session:
        active_user(session, actor)
    with paused_gc():
        parsed = parse_batch(path, password=password)
        with database.session() as session:
            preview = _plan(session, path, parsed, parsed.file_sha256)
            session.rollback()
    preview.parsed = parsed
    return preview


def apply_results(
    database: Database,
    path: Path,
    *,
    actor: str,
    password: str | None = None,
    previewed: ResultsPreview | None = None,
) -> ImportReport:
    """Apply a returned workbook's results in one transaction, audited; nothing at all on any problem.
    ``password`` opens an encrypted (full-HKID) workbook. ``previewed``, this file's preview, lends its
    reading of the workbook (once: the preview lets it go) and the cases it found bound when the file's
    SHA-256 is still the one previewed (the changes are worked out afresh either way: this laptop's
    records may have changed since)."""
    path = Path(path)
    username = _importer(database, actor)
    with paused_gc():
        return _apply(database, path, username, password, previewed)


def _importer(database: Database, actor: str) -> str:
    with database.session() as session:
        return acting_user(
            session,
            actor,
            PERMISSIONS[Action.IMPORT_RESULTS],
            doing_en="import results",
            doing_zh="匯入評審結果",
        ).username


def _apply(
    database: Database, path: Path, actor: str, password: str | None, previewed: ResultsPreview | None
) -> ImportReport:
    data = read_checked(path)  # read once: hashed, and read unless the preview's reading is lent
    file_sha256 = hashlib.sha256(data).hexdigest()
    parsed: ParsedBatch | None = None
    matched_before: Matched | None = None
    if previewed is not None and previewed.path == path and previewed.file_sha256 == file_sha256:
        parsed, matched_before = previewed.parsed, previewed.matched
        previewed.parsed = None  # lent once: the page keeps its last preview, the rows need not stay
    if parsed is None:
        parsed, matched_before = parse_batch(path, password=password, data=data), None
    del data
    with database.session() as session:
        preview = _plan(session, path, parsed, file_sha256, hashes=True, matched_before=matched_before)
        del parsed
        if not preview.changes:
            return ImportReport(preview, None)
        _write_changes(session, preview)
        cases = sorted({change.application_id for change in preview.changes})
        batch = ExportBatchRecord(
            kind=BATCH_KIND,
            file_name=path.name[:260],
            file_sha256=file_sha256,
            created_by=actor,
            case_count=len(cases),
        )
        session.add(batch)
        session.flush()
        session.connection().execute(
            insert(cast(Table, BatchItemRecord.__table__)),
            [
                {
                    "batch_id": batch.id,
                    "application_id": application_id,
                    "content_sha256": preview.case_hashes[application_id],
                }
                for application_id in cases
            ],
        )
        audit.record_many(session, _audit_entries(preview, path, actor))
        audit.record(
            session,
            actor=actor,
            entity="export_batch",
            entity_uid=batch.uid,
            action="results_imported",
            field="file_sha256",
            new=file_sha256,
            reason=f"{path.name}, returned from batch {preview.batch.id} ({preview.batch.uid}): "
            f"{len(preview.changes)} changes in {len(cases)} cases",
        )
        return ImportReport(preview, batch.id)


def _write_changes(session: Session, preview: ResultsPreview) -> None:
    """The qualifications' new values (one executemany UPDATE) and the cases' new states."""
    final: dict[int, dict[str, Any]] = {}
    for change in preview.changes:
        values = final.setdefault(change.applied_qualification_id, {})
        if change.field == "soa_date":
            values["soa_date"] = date.fromisoformat(change.new) if change.new else None
        elif change.field == REMARKS_FIELD:
            values["result_remarks"] = change.new
        else:
            values[change.field] = change.new
    table = cast(Table, AppliedQualificationRecord.__table__)
    connection = session.connection()
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for applied_id, values in final.items():
        by_columns[tuple(sorted(values))].append(
            {"b_id": applied_id, **{f"b_{k}": v for k, v in values.items()}}
        )
    for names, params in by_columns.items():
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}") for name in names}),
            params,
        )
    targets: dict[str, list[int]] = defaultdict(list)
    for status in preview.status_changes:
        targets[status.new].append(status.application_id)
    for new_status, ids in targets.items():
        for start in range(0, len(ids), UPDATE_CHUNK):
            session.execute(
                update(ApplicationRecord)
                .where(ApplicationRecord.id.in_(ids[start : start + UPDATE_CHUNK]))
                .values(status=new_status)
            )


def _audit_entries(preview: ResultsPreview, path: Path, actor: str) -> list[audit.Entry]:
    entries = [
        audit.Entry(
            actor=actor,
            entity="application",
            entity_uid=change.application_uid,
            action="result_imported",
            field=change.field,
            old=change.old,
            new=change.new,
            reason=f"{path.name} ({change.qualification})"
            + (f": {change.remarks}" if change.remarks and change.field != REMARKS_FIELD else ""),
        )
        for change in preview.changes
    ]
    entries.extend(
        audit.Entry(
            actor=actor,
            entity="application",
            entity_uid=status.application_uid,
            action="status",
            field="status",
            old=status.old,
            new=status.new,
            reason=f"results imported from {path.name}",
        )
        for status in preview.status_changes
    )
    return entries
