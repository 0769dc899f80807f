"""Merge another station's batch workbook into this database: add what is new, never overwrite.

For each case (application key) in the workbook:

- not on this laptop: it is added (applicant, application, qualifications applied for with any
  results, employment periods, evidence items), unless something it needs is missing here (a
  qualification or evidence type not in this catalogue, an event code not known here, a key or
  reference number already used by another case): then it is a *conflict* and nothing of it is added;
- on this laptop with the same content: nothing happens (merging a file twice is a no-op);
- on this laptop with different content: a *conflict* listing each difference, for a person to resolve;
  this laptop's data is never overwritten.

Content is compared through the same rows the export writes (HKIDs in the workbook's form), minus the
assessor's decision columns of the results sheet, which a merge does not carry (the judgement stays on
the laptop that made it). An applicant in the workbook whose HKID (in the workbook's form) and date of
birth match a *different* applicant here is listed as a possible duplicate.

Only unedited exports are merged: the manifest's data SHA-256 must match the data. The whole merge is
one transaction; a ledger row (kind ``merge``) lists the cases added, and nothing is recorded when
nothing was added.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    BatchItemRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    EvidenceTypeRecord,
    ExportBatchRecord,
    QualificationRecord,
)
from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.domain.enums import Role
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.corrections import acting_user
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.export import canonical, collect_rows, data_hash
from assessor_app.core.services.sync.reader import ParsedBatch, ParsedRow, parse_batch
from assessor_app.core.services.sync.writer import Value

MERGERS = frozenset({Role.ASSESSOR, Role.SUPERVISOR, Role.ADMINISTRATOR})
NOT_MERGED = {
    "results": frozenset({"recommendation", "reasons", "signed_off_by", "signed_off_on", "remarks"})
}
BATCH_KIND = "merge"
CASE_SHEETS = (fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET)


@dataclass(frozen=True)
class Conflict:
    application_uid: str
    reference_no: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PossibleDuplicate:
    applicant_uid: str
    other_applicant_uid: str
    hkid: str


@dataclass
class MergeReport:
    path: Path
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)
    batch_id: int | None = None

    def describe(self) -> str:
        lines = [
            f"{self.path.name}: 新增 {len(self.added)} 個個案，{len(self.unchanged)} 個已相同，"
            f"{len(self.conflicts)} 個有衝突，{len(self.duplicates)} 個可能重複的申請人",
            f"{self.path.name}: {len(self.added)} cases added, {len(self.unchanged)} already identical, "
            f"{len(self.conflicts)} conflicts, {len(self.duplicates)} possible duplicate applicants",
        ]
        for conflict in self.conflicts:
            lines.append(f"  衝突 CONFLICT {conflict.reference_no or conflict.application_uid}:")
            lines.extend(f"    - {reason}" for reason in conflict.reasons)
        for duplicate in self.duplicates:
            lines.append(
                f"  可能重複 POSSIBLE DUPLICATE: applicant {duplicate.applicant_uid} and {duplicate.other_applicant_uid} "
                f"share HKID {duplicate.hkid} and date of birth"
            )
        return "\n".join(lines)


def _row_tuple(sheet: fmt.Sheet, row: ParsedRow) -> tuple[Value, ...]:
    return tuple(row.values[key] for key in sheet.keys)  # type: ignore[misc]


def _comparable(sheet: fmt.Sheet, row: tuple[Value, ...]) -> str:
    skip = NOT_MERGED.get(sheet.name, frozenset())
    return json.dumps(
        [canonical(value) for key, value in zip(sheet.keys, row, strict=True) if key not in skip],
        ensure_ascii=False,
    )


def _verify_hash(path: Path, parsed: ParsedBatch) -> None:
    digest = data_hash(
        [
            (sheet.name, [_row_tuple(sheet, row) for row in parsed.sheets[sheet.name]])
            for sheet in fmt.DATA_SHEETS
        ]
    )
    if digest != parsed.manifest.get("data_sha256"):
        raise AppError(
            f"{path.name} was changed after it was exported (its data does not match the SHA-256 in its manifest); "
            "only unedited exports of another station can be merged.",
            f"{path.name} 於匯出後曾被修改（資料與清單內的 SHA-256 不符）；只可合併其他工作站未經修改的匯出檔。",
            code="merge_tampered",
        )


def _group(parsed: ParsedBatch) -> dict[str, dict[str, list[tuple[Value, ...]]]]:
    """Rows per case: application key -> sheet name -> rows (the applicant row under 'applicants')."""
    cases: dict[str, dict[str, list[tuple[Value, ...]]]] = defaultdict(lambda: defaultdict(list))
    applicants = {
        row.values["applicant_uid"]: _row_tuple(fmt.APPLICANTS, row) for row in parsed.sheets["applicants"]
    }
    for sheet in CASE_SHEETS:
        for row in parsed.sheets[sheet.name]:
            cases[str(row.values["application_uid"])][sheet.name].append(_row_tuple(sheet, row))
    for rows in cases.values():
        applications = rows.get("applications")
        if applications:
            applicant_uid = applications[0][fmt.APPLICATIONS.column_index["applicant_uid"]]
            if applicant_uid in applicants:
                rows["applicants"].append(applicants[applicant_uid])
    return cases


def _signature(rows: dict[str, list[tuple[Value, ...]]]) -> dict[str, list[str]]:
    sheets = {sheet.name: sheet for sheet in fmt.DATA_SHEETS}
    return {name: sorted(_comparable(sheets[name], row) for row in rows.get(name, [])) for name in sheets}


def _differences(file_rows: dict[str, list[str]], local_rows: dict[str, list[str]]) -> list[str]:
    reasons = []
    for name in file_rows:
        theirs, ours = file_rows[name], local_rows.get(name, [])
        if theirs != ours:
            only_theirs = [row for row in theirs if row not in ours]
            only_ours = [row for row in ours if row not in theirs]
            reasons.append(
                f"sheet {name}: this laptop has {only_ours[:3]} but the workbook has {only_theirs[:3]} / "
                f"工作表 {name} 的內容與此電腦不同"
            )
    return reasons


def _local_cases(database: Database, uids: list[str]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for start in range(0, len(uids), 500):
        collected = collect_rows(database, ApplicationRecord.uid.in_(uids[start : start + 500]))
        grouped: dict[str, dict[str, list[tuple[Value, ...]]]] = defaultdict(lambda: defaultdict(list))
        applicant_of: dict[str, str] = {}
        for sheet, rows in collected.data:
            if sheet is fmt.APPLICANTS:
                continue
            column = sheet.column_index["application_uid"]
            for row in rows:
                grouped[str(row[column])][sheet.name].append(row)
        for case in collected.cases:
            applicant_of[case[1]] = case[3]
        applicants = {row[0]: row for row in collected.data[0][1]}
        for uid, case_rows in grouped.items():
            case_rows["applicants"].append(applicants[applicant_of[uid]])
            found[uid] = _signature(case_rows)
        for case in collected.cases:
            found.setdefault(case[1], _signature({"applicants": [applicants[case[3]]]}))
    return found


def _value(sheet: fmt.Sheet, row: tuple[Value, ...], key: str) -> Value:
    return row[sheet.column_index[key]]


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def _add_case(session: Session, uid: str, rows: dict[str, list[tuple[Value, ...]]], actor: str) -> list[str]:
    """Add one case; the problems that stop it (then nothing of it is added)."""
    problems: list[str] = []
    A, P, E, R, AP = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET, fmt.APPLICANTS
    applications = rows.get("applications", [])
    if not applications:
        return ["the workbook has no applications row for it / 工作簿沒有此個案的申請資料"]
    first = applications[0]
    if not rows.get("applicants"):
        return ["its applicant is missing from the applicants sheet / 申請人工作表缺少其申請人"]
    applicant_row = rows["applicants"][0]
    reference_no = _value(A, first, "reference_no")
    if reference_no and session.scalar(
        select(ApplicationRecord.id).where(ApplicationRecord.reference_no == reference_no)
    ):
        problems.append(
            f"reference number {reference_no} is used by another case here / 參考編號已被此電腦另一個案使用"
        )
    event_id = None
    event_code = _value(A, first, "event_code")
    if event_code:
        event_id = session.scalar(select(EventRecord.id).where(EventRecord.code == event_code))
        if event_id is None:
            problems.append(f"event {event_code} is not known on this laptop / 此電腦沒有活動 {event_code}")
    qualifications: dict[str, int] = {}
    for row in applications:
        key = str(_value(A, row, "qualification"))
        qualification_id = session.scalar(
            select(QualificationRecord.id).where(
                or_(
                    QualificationRecord.qr_number == key,
                    (QualificationRecord.title_en == _value(A, row, "title_en"))
                    & (QualificationRecord.qf_level == _value(A, row, "qf_level"))
                    & QualificationRecord.qr_number.is_(None),
                )
            )
        )
        if qualification_id is None:
            problems.append(
                f"qualification {key} is not in this laptop's catalogue / 此電腦的資歷目錄沒有 {key}"
            )
        else:
            qualifications[key] = qualification_id
    period_uids = [str(_value(P, row, "period_uid")) for row in rows.get("employment", [])]
    evidence_uids = [str(_value(E, row, "evidence_uid")) for row in rows.get("evidence", [])]
    if period_uids and session.scalar(
        select(EmploymentPeriodRecord.id).where(EmploymentPeriodRecord.uid.in_(period_uids))
    ):
        problems.append(
            "an employment period key is already used by another case here / 工作經驗編號已被使用"
        )
    if evidence_uids and session.scalar(
        select(EvidenceItemRecord.id).where(EvidenceItemRecord.uid.in_(evidence_uids))
    ):
        problems.append("an evidence key is already used by another case here / 證明文件編號已被使用")
    types = set(session.scalars(select(EvidenceTypeRecord.code)))
    for row in rows.get("evidence", []):
        if _value(E, row, "evidence_type") not in types:
            problems.append(
                f"evidence type {_value(E, row, 'evidence_type')} is not known here / 此電腦沒有此文件類別"
            )
    applicant_uid = str(_value(AP, applicant_row, "applicant_uid"))
    applicant = session.scalar(select(ApplicantRecord).where(ApplicantRecord.uid == applicant_uid))
    if problems:
        return problems

    if applicant is None:
        applicant = ApplicantRecord(
            uid=applicant_uid,
            hkid=str(_value(AP, applicant_row, "hkid")),
            residence_status=str(_value(AP, applicant_row, "residence_status")),
            name_zh=_text(_value(AP, applicant_row, "name_zh")),
            surname_en=_text(_value(AP, applicant_row, "surname_en")),
            given_names_en=_text(_value(AP, applicant_row, "given_names_en")),
            alias=_text(_value(AP, applicant_row, "alias")),
            date_of_birth=_value(AP, applicant_row, "date_of_birth"),
            phone=_text(_value(AP, applicant_row, "phone")),
            email=_text(_value(AP, applicant_row, "email")),
            preferred_language=str(_value(AP, applicant_row, "preferred_language")),
        )
        session.add(applicant)
        session.flush()
    fee = _value(A, first, "fee_hkd")
    application_date = _value(A, first, "application_date")
    assert isinstance(application_date, date)
    application = ApplicationRecord(
        uid=uid,
        reference_no=reference_no or None,
        applicant_id=applicant.id,
        event_id=event_id,
        station_code=_text(_value(A, first, "station_code")),
        status=str(_value(A, first, "status")),
        application_date=application_date,
        is_carer_declaration=_value(A, first, "carer_declaration") == fmt.YES,
        fee_hkd=fee if isinstance(fee, int) else None,
        created_by=actor,
    )
    session.add(application)
    session.flush()
    results = {str(_value(R, row, "qualification")): row for row in rows.get("results", [])}
    for row in applications:
        key = str(_value(A, row, "qualification"))
        result = results.get(key)
        soa_date = _value(R, result, "soa_date") if result else None
        route, eligibility = _value(A, row, "route"), _value(A, row, "eligibility")
        session.add(
            AppliedQualificationRecord(
                application_id=application.id,
                qualification_id=qualifications[key],
                route=str(route) if route else None,
                eligibility=str(eligibility) if eligibility else None,
                result=str(_value(R, result, "result")) if result and _value(R, result, "result") else None,
                soa_number=str(_value(R, result, "soa_number"))
                if result and _value(R, result, "soa_number")
                else None,
                soa_date=soa_date if isinstance(soa_date, date) else None,
            )
        )
    period_ids: dict[str, int] = {}
    for row in rows.get("employment", []):
        hours, position = _value(P, row, "hours_per_week"), _value(P, row, "position")
        start, end = _value(P, row, "start_date"), _value(P, row, "end_date")
        assert isinstance(start, date)
        period = EmploymentPeriodRecord(
            uid=str(_value(P, row, "period_uid")),
            application_id=application.id,
            position=position if isinstance(position, int) else 0,
            employer=_text(_value(P, row, "employer")),
            post=_text(_value(P, row, "post")),
            start_date=start,
            end_date=end if isinstance(end, date) else None,
            employment_type=str(_value(P, row, "employment_type")),
            hours_per_week=hours if isinstance(hours, int) else None,
            in_hong_kong=_value(P, row, "in_hong_kong") == fmt.YES,
            relevant=_value(P, row, "relevant") == fmt.YES,
            duties=_text(_value(P, row, "duties")),
        )
        session.add(period)
        session.flush()
        period_ids[period.uid] = period.id
    for row in rows.get("evidence", []):
        period_uid = _value(E, row, "period_uid")
        session.add(
            EvidenceItemRecord(
                uid=str(_value(E, row, "evidence_uid")),
                application_id=application.id,
                evidence_type=str(_value(E, row, "evidence_type")),
                period_id=period_ids.get(str(period_uid)) if period_uid else None,
                status=str(_value(E, row, "status")),
                reason=_text(_value(E, row, "reason")),
            )
        )
    session.flush()
    return []


def merge_batch(database: Database, path: Path, *, actor: str) -> MergeReport:
    """Merge another station's export (see the module docstring); one transaction."""
    path = Path(path)
    with database.session() as session:
        user = acting_user(
            session, actor, MERGERS, doing_en="merge another station's batch", doing_zh="合併其他工作站的批次"
        )
        actor = user.username
    parsed = parse_batch(path)
    _verify_hash(path, parsed)
    file_cases = _group(parsed)
    uids = sorted(file_cases)
    local = _local_cases(database, uids)
    report = MergeReport(path)
    file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    with database.session() as session:
        added_ids: list[int] = []
        for uid in uids:
            rows = file_cases[uid]
            reference = (
                _value(fmt.APPLICATIONS, rows["applications"][0], "reference_no")
                if rows.get("applications")
                else None
            )
            if uid in local:
                differences = _differences(_signature(rows), local[uid])
                if differences:
                    report.conflicts.append(Conflict(uid, _text(reference) or None, tuple(differences)))
                else:
                    report.unchanged.append(uid)
                continue
            applicant_uid = rows["applicants"][0][0] if rows.get("applicants") else None
            existing_applicant = session.scalar(
                select(ApplicantRecord).where(ApplicantRecord.uid == applicant_uid)
            )
            if existing_applicant is not None:
                mine = _local_applicant_signature(database, session, existing_applicant, parsed)
                theirs = _comparable(fmt.APPLICANTS, rows["applicants"][0])
                if mine != theirs:
                    report.conflicts.append(
                        Conflict(
                            uid,
                            _text(reference) or None,
                            (f"applicant {applicant_uid} differs here: {mine} / {theirs} / 申請人資料不同",),
                        )
                    )
                    continue
            savepoint = session.begin_nested()
            problems = _add_case(session, uid, rows, actor)
            if problems:
                savepoint.rollback()
                report.conflicts.append(Conflict(uid, _text(reference) or None, tuple(problems)))
                continue
            savepoint.commit()
            application_id = session.scalar(select(ApplicationRecord.id).where(ApplicationRecord.uid == uid))
            assert application_id is not None
            added_ids.append(application_id)
            report.added.append(uid)
            audit.record(
                session,
                actor=actor,
                entity="application",
                entity_uid=uid,
                action="merged",
                reason=f"from {path.name} (station {parsed.manifest.get('station', '?')}, batch {parsed.manifest.get('batch_uid', '?')})",
            )
        if added_ids:
            batch = ExportBatchRecord(
                kind=BATCH_KIND,
                file_name=path.name[:260],
                file_sha256=file_hash,
                created_by=actor,
                case_count=len(added_ids),
            )
            session.add(batch)
            session.flush()
            session.add_all(BatchItemRecord(batch_id=batch.id, application_id=i) for i in added_ids)
            audit.record(
                session,
                actor=actor,
                entity="export_batch",
                entity_uid=batch.uid,
                action="batch_merged",
                field="file_sha256",
                new=file_hash,
                reason=f"{path.name}: {len(added_ids)} cases added, {len(report.conflicts)} conflicts",
            )
            report.batch_id = batch.id
        report.duplicates = _duplicates(session, parsed)
    return report


def _local_applicant_signature(
    database: Database, session: Session, applicant: ApplicantRecord, parsed: ParsedBatch
) -> str:
    full = parsed.manifest.get("hkid_form") == "full"
    row: tuple[Value, ...] = (
        applicant.uid,
        applicant.hkid
        if full
        else hkid_rules.mask(applicant.hkid)
        if "*" not in applicant.hkid
        else applicant.hkid,
        applicant.residence_status,
        applicant.name_zh,
        applicant.surname_en,
        applicant.given_names_en,
        applicant.alias,
        applicant.date_of_birth,
        applicant.phone,
        applicant.email,
        applicant.preferred_language,
    )
    return _comparable(fmt.APPLICANTS, row)


def _duplicates(session: Session, parsed: ParsedBatch) -> list[PossibleDuplicate]:
    """Applicants of the workbook sharing HKID (in the workbook's form) and date of birth with another
    applicant here."""
    full = parsed.manifest.get("hkid_form") == "full"
    wanted: dict[tuple[str, object], set[str]] = defaultdict(set)
    for row in parsed.sheets["applicants"]:
        wanted[(str(row.values["hkid"]), row.values["date_of_birth"])].add(str(row.values["applicant_uid"]))
    found: list[PossibleDuplicate] = []
    births = {key[1] for key in wanted}
    candidates = session.execute(
        select(ApplicantRecord.uid, ApplicantRecord.hkid, ApplicantRecord.date_of_birth).where(
            ApplicantRecord.date_of_birth.in_([b for b in births if b is not None])
        )
    ).all()
    for uid, number, born in candidates:
        shown = number if full or "*" in number else hkid_rules.mask(number)
        for mine in sorted(wanted.get((shown, born), set())):
            if mine != uid:
                found.append(PossibleDuplicate(mine, uid, shown))
    return sorted(set(found), key=lambda d: (d.applicant_uid, d.other_applicant_uid))
