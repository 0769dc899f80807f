"""Import a returned batch workbook: the Secretariat's results, previewed, then applied all or nothing.

Only the *returned* columns of the ``results`` sheet are read as changes (result, SoA number, SoA date,
remarks); every other sheet is checked for form but never written back. A row whose result is blank is
not yet decided and changes nothing. A result already recorded differently is refused (a supervisor
corrects it through a correction), so re-importing a file, or an older file, never overwrites.
When every qualification of an exported case has a result, the case moves to *result_passed* (at least
one passed) or *result_failed*. Re-importing the same file finds nothing to change and records nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    ApplicationRecord,
    AppliedQualificationRecord,
    BatchItemRecord,
    ExportBatchRecord,
    QualificationRecord,
)
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.errors import ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.corrections import acting_user
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.export import qualification_key
from assessor_app.core.services.sync.reader import ParsedBatch, parse_batch

IMPORTERS = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
RESULT_FIELDS = ("result", "soa_number", "soa_date")
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


@dataclass(frozen=True)
class ResultChange:
    application_id: int
    application_uid: str
    reference_no: str | None
    qualification: str
    field: str
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
    batch_uid: str
    exported_here: bool
    changes: list[ResultChange] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    rows_read: int = 0
    rows_pending: int = 0

    def describe(self) -> str:
        lines = [
            f"{self.path.name}: {self.rows_read} result rows, {self.rows_pending} without a result yet; "
            f"{len(self.changes)} field changes, {len(self.status_changes)} case status changes",
            f"{self.path.name}：讀取 {self.rows_read} 行結果，{self.rows_pending} 行尚未有結果；"
            f"{len(self.changes)} 項欄位更改，{len(self.status_changes)} 個個案狀態更改",
        ]
        if not self.exported_here:
            lines.append(
                "注意：此批次並非由本電腦匯出 Note: this batch was not exported from this laptop "
                f"(batch {self.batch_uid or '?'})"
            )
        for change in self.changes:
            lines.append(
                f"  {change.reference_no or change.application_uid}  {change.qualification}  {change.field}: "
                f"{change.old or '-'} → {change.new or '-'}"
                + (f"  ({change.remarks})" if change.remarks else "")
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
            return f"沒有需要更改的資料 Nothing to change: {self.preview.path.name} is already recorded."
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


def _plan(session: Session, path: Path, parsed: ParsedBatch, file_sha256: str) -> ResultsPreview:
    batch_uid = parsed.manifest.get("batch_uid", "")
    exported_here = (
        session.scalar(
            select(ExportBatchRecord.id).where(
                ExportBatchRecord.uid == batch_uid, ExportBatchRecord.kind == "export"
            )
        )
        is not None
    )
    preview = ResultsPreview(path, file_sha256, batch_uid, exported_here)
    rows = parsed.sheets[fmt.RESULTS_SHEET.name]
    uids = sorted({str(row.values["application_uid"]) for row in rows})
    known: dict[tuple[str, str], tuple[int, int, str | None, str, str | None, str | None, date | None]] = {}
    all_quals: dict[int, list[int]] = {}
    connection = session.connection()
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
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
            )
            .join(ApplicationRecord, ApplicationRecord.id == AppliedQualificationRecord.application_id)
            .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
            .where(ApplicationRecord.uid.in_(chunk))
        ):
            key = (record[0], qualification_key(record[1], record[2], record[3]))
            known[key] = (record[4], record[5], record[6], record[7], record[8], record[9], record[10])
            all_quals.setdefault(record[5], []).append(record[4])

    problems: list[str] = []
    new_results: dict[int, str | None] = {}
    for row in rows:
        values = row.values
        where = f"sheet results, row {row.number} / 工作表 results 第 {row.number} 行"
        key = (str(values["application_uid"]), str(values["qualification"]))
        found = known.get(key)
        if found is None:
            problems.append(
                f"{where}: case {key[0]} with qualification {key[1]} is not on this laptop / 此電腦沒有此個案及資歷"
            )
            continue
        applied_id, application_id, reference_no, status, old_result, old_number, old_date = found
        result, number, soa_date = values["result"], values["soa_number"], values["soa_date"]
        remarks = str(values["remarks"] or "")
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
        if status not in RESULT_STATES:
            problems.append(
                f"{where}: {reference_no or key[0]} is '{status}', not exported; results cannot be recorded / "
                f"個案狀態為「{status}」，尚未匯出，不能記錄結果"
            )
            continue
        wanted = {"result": _text(result), "soa_number": _text(number), "soa_date": _text(soa_date)}
        current = {"result": old_result, "soa_number": old_number, "soa_date": _text(old_date)}
        if old_result is not None and current != wanted:
            problems.append(
                f"{where}: {reference_no or key[0]} {key[1]} already has the result {old_result} "
                f"{old_number or ''} {current['soa_date'] or ''}; a supervisor must correct it / "
                "已記錄不同的結果，須由主管更正"
            )
            continue
        new_results[applied_id] = wanted["result"]
        for name in RESULT_FIELDS:
            if current[name] != wanted[name]:
                preview.changes.append(
                    ResultChange(
                        application_id,
                        key[0],
                        reference_no,
                        key[1],
                        name,
                        current[name],
                        wanted[name],
                        remarks,
                        applied_id,
                    )
                )
    if problems:
        raise ValidationError(
            f"{path.name} was refused: {len(problems)} problem(s); nothing was changed.",
            f"已拒絕 {path.name}：共 {len(problems)} 項問題；未有任何更改。",
            code="results_invalid",
            details=problems[:200],
        )
    changed_cases = sorted({change.application_id for change in preview.changes})
    for application_id in changed_cases:
        application = session.get(ApplicationRecord, application_id)
        assert application is not None
        if application.status != CaseStatus.EXPORTED.value:
            continue
        results = []
        for applied_id in all_quals[application_id]:
            if applied_id in new_results:
                results.append(new_results[applied_id])
            else:
                results.append(
                    session.scalar(
                        select(AppliedQualificationRecord.result).where(
                            AppliedQualificationRecord.id == applied_id
                        )
                    )
                )
        if all(results):
            target = CaseStatus.RESULT_PASSED if "passed" in results else CaseStatus.RESULT_FAILED
            preview.status_changes.append(
                StatusChange(
                    application_id,
                    application.uid,
                    application.reference_no,
                    application.status,
                    target.value,
                )
            )
    return preview


def _file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def preview_results(database: Database, path: Path) -> ResultsPreview:
    """Every change ``apply_results`` would make, without making it (refusals as in ``apply_results``)."""
    path = Path(path)
    parsed = parse_batch(path)
    with database.session() as session:
        preview = _plan(session, path, parsed, _file_hash(path))
        session.rollback()
        return preview


def apply_results(database: Database, path: Path, *, actor: str) -> ImportReport:
    """Apply a returned workbook's results in one transaction, audited; nothing at all on any problem."""
    path = Path(path)
    with database.session() as session:
        user = acting_user(session, actor, IMPORTERS, doing_en="import results", doing_zh="匯入評審結果")
    parsed = parse_batch(path)
    file_sha256 = _file_hash(path)
    with database.session() as session:
        preview = _plan(session, path, parsed, file_sha256)
        if not preview.changes:
            return ImportReport(preview, None)
        for change in preview.changes:
            applied = session.get(AppliedQualificationRecord, change.applied_qualification_id)
            assert applied is not None
            if change.field == "soa_date":
                applied.soa_date = date.fromisoformat(change.new) if change.new else None
            elif change.field == "soa_number":
                applied.soa_number = change.new
            else:
                applied.result = change.new
            audit.record(
                session,
                actor=user.username,
                entity="application",
                entity_uid=change.application_uid,
                action="result_imported",
                field=change.field,
                old=change.old,
                new=change.new,
                reason=f"{path.name} ({change.qualification})"
                + (f": {change.remarks}" if change.remarks else ""),
            )
        for status in preview.status_changes:
            application = session.get(ApplicationRecord, status.application_id)
            assert application is not None
            application.status = status.new
            audit.record(
                session,
                actor=user.username,
                entity="application",
                entity_uid=status.application_uid,
                action="status",
                field="status",
                old=status.old,
                new=status.new,
                reason=f"results imported from {path.name}",
            )
        cases = sorted({change.application_id for change in preview.changes})
        batch = ExportBatchRecord(
            kind=BATCH_KIND,
            file_name=path.name[:260],
            file_sha256=file_sha256,
            created_by=user.username,
            case_count=len(cases),
        )
        session.add(batch)
        session.flush()
        session.add_all(
            BatchItemRecord(batch_id=batch.id, application_id=application_id) for application_id in cases
        )
        audit.record(
            session,
            actor=user.username,
            entity="export_batch",
            entity_uid=batch.uid,
            action="results_imported",
            field="file_sha256",
            new=file_sha256,
            reason=f"{path.name}: {len(preview.changes)} changes in {len(cases)} cases",
        )
        return ImportReport(preview, batch.id)
