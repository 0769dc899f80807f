"""Merge another station's batch workbook into this database: nothing lost, nothing silently overwritten.

Only a **full-HKID export** is merged (a supervisor's "full HKID numbers (encrypted)" export, opened with
its password): a merged applicant must hold the real HKID. A masked workbook is refused, and so is an
edited one (the manifest's data SHA-256 must match the data). The whole merge is one transaction.

Every case in the workbook is a *copy*: its applicant row and its rows on the other sheets, HKIDs in
full, values in their canonical text form (:class:`CaseCopy`; its SHA-256 is the case's *content hash*).
For each copy, by its application key:

- **not here**: the case is added (applicant, application, qualifications applied for with any results,
  the assessor's decisions, employment periods with their industry, evidence items), unless something
  it needs is missing here (a qualification, industry, evidence type or event unknown to this laptop, a
  key or reference number used by another case): then nothing of it is added and it is a *conflict*;
- **here with the same content**: nothing happens (merging a file twice is a no-op);
- **here with other content**: a *conflict* kept whole in ``merge_conflicts`` for a person to resolve
  (:mod:`.conflicts`); the same copy merged again is not recorded twice.

**The rule that makes the order of merges irrelevant.** A case created on this laptop, or changed here
since it was merged (its content hash is not the one its merge ledger item recorded, or a correction is
open on it, or it left in an export batch since, or a person resolved a conflict on it), always stays as
it is. Between copies from other stations, the case holds the copy with the smaller *case* hash (all but
the applicant row); the applicant's particulars are those with the smaller applicant-row hash among the
copies of all its cases, as long as every case of that applicant is such an untouched merged case. Every
copy not held exactly is an open conflict; a held copy that is displaced becomes one. So merging A then
B and B then A end with the same cases and the same open conflicts. Every replacement is audited and
listed in the report.

An applicant whose full HKID matches a *different* applicant here is a *possible duplicate*: its case is
added all the same, with its own applicant record, and the pair is listed (and written to the audit
trail) for a person to look at, with whether the dates of birth match.

Every case the merge writes is in the merge's ledger batch (kind ``merge``) with the content hash of the
case as merged, and locked into it (:func:`~assessor_app.core.services.corrections.lock_into_batch`), so
later edits need a recorded correction as for an exported case. Not carried: the five-rule assessment
notes, document requests, attachments, the HKID verification stamp, the applicant's address.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    AuditEventRecord,
    BatchItemRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    EvidenceTypeRecord,
    ExportBatchRecord,
    IndustryRecord,
    MergeConflictRecord,
    QualificationRecord,
    utcnow,
)
from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.corrections import acting_user, as_utc, lock_into_batch
from assessor_app.core.services.sync import guard
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.export import data_hash, qualification_key
from assessor_app.core.services.sync.reader import ParsedBatch, ParsedRow, parse_batch

MERGERS = frozenset({Role.ASSESSOR, Role.SUPERVISOR, Role.ADMINISTRATOR})
BATCH_KIND = "merge"
EXPORT_KIND = "export"
CASE_SHEETS = (fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET)
HONG_KONG = timedelta(hours=8)  # no daylight saving in Hong Kong
SIGN_OFF_TIME = time(12, 0)  # a merged sign-off date is recorded at noon, Hong Kong time
KEEP_MINE, KEEP_THEIRS, HELD_BY_MERGE = "mine", "theirs", "merged"
PERSON_RESOLUTIONS = (KEEP_MINE, KEEP_THEIRS)
COPY_FORMAT = "rpl-case-copy"
COPY_FIELD = "copy_sha256"
COPY_ACTIONS = ("merged", "merge_replaced", "merge_copy", "merge_conflict_closed")
_CHUNK = 500
_SHOWN_MAX = 60
_SOURCE = re.compile(r"^from (?P<file>.*) \(station (?P<station>.*), batch (?P<batch>[^()]*)\)$", re.DOTALL)

Line = tuple[str, ...]


# --- The copy of a case ------------------------------------------------------------------------------


def canonical_text(value: object) -> str:
    """How a value is compared and hashed: dates ISO, blanks empty (as the export's data hash)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _line(sheet: fmt.Sheet, values: dict[str, object]) -> Line:
    return tuple(canonical_text(values.get(key)) for key in sheet.keys)


def _json_line(name: str, line: Line) -> str:
    return name + json.dumps(list(line), ensure_ascii=False)


def _sort_key(sheet: fmt.Sheet, line: Line) -> tuple[str | int, ...]:
    """Rows of a case in the export's order: qualifications by key, periods by position then key,
    evidence by type then key."""
    index = sheet.column_index
    if sheet is fmt.EMPLOYMENT:
        position = line[index["position"]]
        return (int(position) if position else 0, line[index["period_uid"]])
    if sheet is fmt.EVIDENCE:
        return (line[index["evidence_type"]], line[index["evidence_uid"]])
    return (line[index["qualification"]],)


def _in_order(sheet: fmt.Sheet, lines: Iterable[Line]) -> tuple[Line, ...]:
    return tuple(sorted(lines, key=lambda line: (_sort_key(sheet, line), line)))


def _sha256(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CaseCopy:
    """One case as a batch workbook carries it: the applicant row and the case's rows on the other data
    sheets (in :data:`CASE_SHEETS` order, each sorted), every value in canonical text, HKIDs in full."""

    uid: str
    applicant: Line  # empty when the workbook lacks the applicant row
    rows: tuple[tuple[Line, ...], ...]

    @staticmethod
    def build(uid: str, applicant: Line, rows: Sequence[Iterable[Line]]) -> CaseCopy:
        """A copy with each sheet's rows in the export's order (so its hash is the export ledger's)."""
        return CaseCopy(
            uid,
            applicant,
            tuple(_in_order(sheet, lines) for sheet, lines in zip(CASE_SHEETS, rows, strict=True)),
        )

    def sheet(self, sheet: fmt.Sheet) -> tuple[Line, ...]:
        return self.rows[CASE_SHEETS.index(sheet)]

    @cached_property
    def case_lines(self) -> tuple[str, ...]:
        return tuple(
            _json_line(sheet.name, line)
            for sheet, lines in zip(CASE_SHEETS, self.rows, strict=True)
            for line in lines
        )

    @cached_property
    def case_sha256(self) -> str:
        """The hash of the case without its applicant row (what the case rule compares)."""
        return _sha256(self.case_lines)

    @cached_property
    def applicant_sha256(self) -> str:
        return _sha256([_json_line(fmt.APPLICANTS.name, self.applicant)])

    @cached_property
    def sha256(self) -> str:
        """The content hash of the whole case (the ledger's and the conflict's): the case's lines, then
        the applicant's, as the export's ledger hashes a case."""
        return _sha256([*self.case_lines, _json_line(fmt.APPLICANTS.name, self.applicant)])

    @property
    def applicant_uid(self) -> str:
        applications = self.sheet(fmt.APPLICATIONS)
        if applications:
            return applications[0][fmt.APPLICATIONS.column_index["applicant_uid"]]
        return self.applicant[0] if self.applicant else ""

    @property
    def reference_no(self) -> str | None:
        applications = self.sheet(fmt.APPLICATIONS)
        if not applications:
            return None
        return applications[0][fmt.APPLICATIONS.column_index["reference_no"]] or None

    @property
    def hkid(self) -> str:
        return self.applicant[fmt.APPLICANTS.column_index["hkid"]] if self.applicant else ""

    def with_applicant(self, applicant: Line) -> CaseCopy:
        return CaseCopy(self.uid, applicant, self.rows)

    def to_json(self) -> str:
        sheets = {fmt.APPLICANTS.name: {"keys": list(fmt.APPLICANTS.keys), "rows": [list(self.applicant)]}}
        for sheet, lines in zip(CASE_SHEETS, self.rows, strict=True):
            sheets[sheet.name] = {"keys": list(sheet.keys), "rows": [list(line) for line in lines]}
        return json.dumps(
            {"format": COPY_FORMAT, "version": 1, "application_uid": self.uid, "sheets": sheets},
            ensure_ascii=False,
            sort_keys=True,
        )

    @staticmethod
    def from_json(text: str) -> CaseCopy:
        data = json.loads(text)
        sheets: dict[str, Any] = data["sheets"]

        def lines(sheet: fmt.Sheet) -> list[Line]:
            stored = sheets.get(sheet.name) or {"keys": [], "rows": []}
            keys: list[str] = stored["keys"]
            return [
                _line(sheet, dict(zip(keys, (str(value) for value in row), strict=True)))
                for row in stored["rows"]
            ]

        applicant = lines(fmt.APPLICANTS)
        return CaseCopy.build(
            str(data["application_uid"]),
            applicant[0] if applicant and any(applicant[0]) else (),
            [lines(sheet) for sheet in CASE_SHEETS],
        )


def copies_from_workbook(parsed: ParsedBatch) -> dict[str, CaseCopy]:
    """Every case of a parsed workbook as a copy, by application key."""
    applicants = {
        str(row.values["applicant_uid"]): _line(fmt.APPLICANTS, row.values)
        for row in parsed.sheets["applicants"]
    }
    grouped: dict[str, list[list[Line]]] = defaultdict(lambda: [[] for _ in CASE_SHEETS])
    for index, sheet in enumerate(CASE_SHEETS):
        rows: list[ParsedRow] = parsed.sheets[sheet.name]
        for row in rows:
            grouped[str(row.values["application_uid"])][index].append(_line(sheet, row.values))
    copies: dict[str, CaseCopy] = {}
    for uid, lines in grouped.items():
        applications = lines[0]
        applicant_uid = (
            applications[0][fmt.APPLICATIONS.column_index["applicant_uid"]] if applications else ""
        )
        copies[uid] = CaseCopy.build(uid, applicants.get(applicant_uid, ()), lines)
    return copies


# --- This laptop's cases as copies -------------------------------------------------------------------


@dataclass(frozen=True)
class LocalCase:
    """A case on this laptop with its copy (what an export of it with full HKIDs would carry)."""

    id: int
    uid: str
    applicant_id: int
    locked_by_batch_id: int | None
    needs_reexport: bool
    copy: CaseCopy


def _hong_kong_date(moment: datetime | None) -> date | None:
    aware = as_utc(moment)
    return None if aware is None else (aware.astimezone(UTC) + HONG_KONG).date()


def sign_off_moment(day: date) -> datetime:
    """The moment a merged sign-off date is recorded at: noon, Hong Kong time, stored in UTC."""
    return datetime.combine(day, SIGN_OFF_TIME, tzinfo=UTC) - HONG_KONG


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def read_local(session: Session, condition: ColumnElement[bool]) -> dict[str, LocalCase]:
    """The cases matching ``condition`` as copies, by application key, read in ``session`` (so what the
    caller wrote and has not committed yet is seen). Mirrors the export's rows (full HKIDs)."""

    def rows(query: Select[Any]) -> list[Any]:
        return list(session.execute(query).all())

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
            ApplicationRecord.applicant_id,
            ApplicationRecord.locked_by_batch_id,
            ApplicationRecord.needs_reexport,
        )
        .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
        .outerjoin(EventRecord, EventRecord.id == ApplicationRecord.event_id)
        .where(condition)
    )
    if not cases:
        return {}
    ids = [case[0] for case in cases]
    applicant_ids = sorted({case[10] for case in cases})
    applicants: dict[int, Line] = {}
    applied: list[Any] = []
    periods: list[Any] = []
    evidence: list[Any] = []
    for chunk in _chunks(applicant_ids):
        for a in rows(
            select(
                ApplicantRecord.id,
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
            ).where(ApplicantRecord.id.in_(chunk))
        ):
            applicants[a[0]] = applicant_line_of(a[1:])
    for chunk in _chunks(ids):
        applied += rows(
            select(
                AppliedQualificationRecord.application_id,
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
            .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
            .outerjoin(
                AssessmentDecisionRecord,
                AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
            )
            .where(AppliedQualificationRecord.application_id.in_(chunk))
        )
        periods += rows(
            select(
                EmploymentPeriodRecord.application_id,
                EmploymentPeriodRecord.id,
                EmploymentPeriodRecord.uid,
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
            )
            .outerjoin(IndustryRecord, IndustryRecord.id == EmploymentPeriodRecord.industry_id)
            .where(EmploymentPeriodRecord.application_id.in_(chunk))
        )
        evidence += rows(
            select(
                EvidenceItemRecord.application_id,
                EvidenceItemRecord.uid,
                EvidenceItemRecord.evidence_type,
                EvidenceItemRecord.period_id,
                EvidenceItemRecord.status,
                EvidenceItemRecord.reason,
            ).where(EvidenceItemRecord.application_id.in_(chunk))
        )

    by_case: dict[int, list[list[Line]]] = {case[0]: [[] for _ in CASE_SHEETS] for case in cases}
    case_by_id = {case[0]: case for case in cases}
    for q in applied:
        case = case_by_id[q[0]]
        key = qualification_key(q[1], q[3], q[4])
        status = CaseStatus.EXPORTED.value if case[6] == CaseStatus.SIGNED_OFF.value else case[6]
        by_case[q[0]][0].append(
            _line(
                fmt.APPLICATIONS,
                {
                    "application_uid": case[1],
                    "reference_no": case[2],
                    "applicant_uid": case[3],
                    "event_code": case[4],
                    "station_code": case[5],
                    "status": status,
                    "application_date": case[7],
                    "carer_declaration": fmt.YES if case[8] else fmt.NO,
                    "fee_hkd": case[9],
                    "qualification": key,
                    "title_zh": q[2],
                    "title_en": q[3],
                    "qf_level": q[4],
                    "route": q[5],
                    "eligibility": q[6],
                },
            )
        )
        by_case[q[0]][3].append(
            _line(
                fmt.RESULTS_SHEET,
                {
                    "application_uid": case[1],
                    "reference_no": case[2],
                    "qualification": key,
                    "recommendation": q[10],
                    "reasons": q[11],
                    "decided_by": q[12],
                    "signed_off_by": q[13],
                    "signed_off_on": _hong_kong_date(q[14]),
                    "result": q[7],
                    "soa_number": q[8],
                    "soa_date": q[9],
                    "remarks": None,
                },
            )
        )
    period_uid = {p[1]: p[2] for p in periods}
    for p in periods:
        by_case[p[0]][1].append(
            _line(
                fmt.EMPLOYMENT,
                {
                    "period_uid": p[2],
                    "application_uid": case_by_id[p[0]][1],
                    "position": p[3],
                    "employer": p[4],
                    "post": p[5],
                    "industry": p[6],
                    "start_date": p[7],
                    "end_date": p[8],
                    "employment_type": p[9],
                    "hours_per_week": p[10],
                    "in_hong_kong": fmt.YES if p[11] else fmt.NO,
                    "relevant": fmt.YES if p[12] else fmt.NO,
                    "duties": p[13],
                },
            )
        )
    for e in evidence:
        by_case[e[0]][2].append(
            _line(
                fmt.EVIDENCE,
                {
                    "evidence_uid": e[1],
                    "application_uid": case_by_id[e[0]][1],
                    "evidence_type": e[2],
                    "period_uid": period_uid.get(e[3]) if e[3] is not None else None,
                    "status": e[4],
                    "reason": e[5],
                },
            )
        )
    return {
        case[1]: LocalCase(
            id=case[0],
            uid=case[1],
            applicant_id=case[10],
            locked_by_batch_id=case[11],
            needs_reexport=bool(case[12]),
            copy=CaseCopy.build(case[1], applicants[case[10]], by_case[case[0]]),
        )
        for case in cases
    }


def read_local_uids(session: Session, uids: Iterable[str]) -> dict[str, LocalCase]:
    wanted = sorted(set(uids))
    found: dict[str, LocalCase] = {}
    for chunk in _chunks(wanted):
        found.update(read_local(session, ApplicationRecord.uid.in_(chunk)))
    return found


def case_copies(database: Database, uids: Iterable[str]) -> dict[str, CaseCopy]:
    """This laptop's cases with these application keys, as copies (for tests and comparisons)."""
    with database.session() as session:
        return {uid: local.copy for uid, local in read_local_uids(session, uids).items()}


def applicant_line_of(values: Sequence[object]) -> Line:
    """An applicant row (in the applicants sheet's column order) in canonical text."""
    return tuple(canonical_text(value) for value in values)


def applicant_line(record: ApplicantRecord) -> Line:
    """An applicant record as its row in a full-HKID workbook (canonical text)."""
    return applicant_line_of(
        (
            record.uid,
            record.hkid,
            record.residence_status,
            record.name_zh,
            record.surname_en,
            record.given_names_en,
            record.alias,
            record.date_of_birth,
            record.phone,
            record.email,
            record.preferred_language,
        )
    )


# --- Checks against this laptop ------------------------------------------------------------------------


@dataclass
class Catalogue:
    """What a copy needs to exist here: qualifications (by workbook key), industries, evidence types, events."""

    qualifications: dict[str, int]
    industries: dict[str, int]
    evidence_types: set[str]
    events: dict[str, int]

    @staticmethod
    def load(session: Session) -> Catalogue:
        return Catalogue(
            qualifications={
                qualification_key(qr, title_en, level): qualification_id
                for qualification_id, qr, title_en, level in session.execute(
                    select(
                        QualificationRecord.id,
                        QualificationRecord.qr_number,
                        QualificationRecord.title_en,
                        QualificationRecord.qf_level,
                    )
                ).all()
            },
            industries=dict(
                session.execute(select(IndustryRecord.name_en, IndustryRecord.id)).tuples().all()
            ),
            evidence_types=set(session.scalars(select(EvidenceTypeRecord.code))),
            events=dict(session.execute(select(EventRecord.code, EventRecord.id)).tuples().all()),
        )


class Owners:
    """Which case here holds a reference number, period key or evidence key (loaded in bulk, kept current)."""

    def __init__(self) -> None:
        self.references: dict[str, str | None] = {}
        self.periods: dict[str, str | None] = {}
        self.evidence: dict[str, str | None] = {}

    def load(self, session: Session, copies: Iterable[CaseCopy]) -> None:
        wanted: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        for copy in copies:
            keys = _keys(copy)
            for index, known in enumerate((self.references, self.periods, self.evidence)):
                wanted[index].update(key for key in keys[index] if key not in known)
        columns = (
            (ApplicationRecord.reference_no, self.references, None),
            (EmploymentPeriodRecord.uid, self.periods, EmploymentPeriodRecord.application_id),
            (EvidenceItemRecord.uid, self.evidence, EvidenceItemRecord.application_id),
        )
        for (column, known, link), keys_wanted in zip(columns, wanted, strict=True):
            ordered = sorted(keys_wanted)
            for key in ordered:
                known[key] = None
            for chunk in _chunks(ordered):
                query = select(column, ApplicationRecord.uid).where(column.in_(chunk))
                if link is not None:
                    query = query.join(ApplicationRecord, ApplicationRecord.id == link)
                for key, owner in session.execute(query).all():
                    known[str(key)] = str(owner)

    def claim(self, copy: CaseCopy) -> None:
        for keys, known in zip(_keys(copy), (self.references, self.periods, self.evidence), strict=True):
            for key in keys:
                known[key] = copy.uid

    def release(self, copy: CaseCopy) -> None:
        for keys, known in zip(_keys(copy), (self.references, self.periods, self.evidence), strict=True):
            for key in keys:
                if known.get(key) == copy.uid:
                    known[key] = None


def _keys(copy: CaseCopy) -> tuple[set[str], set[str], set[str]]:
    period = fmt.EMPLOYMENT.column_index["period_uid"]
    item = fmt.EVIDENCE.column_index["evidence_uid"]
    return (
        {copy.reference_no} if copy.reference_no else set(),
        {line[period] for line in copy.sheet(fmt.EMPLOYMENT)},
        {line[item] for line in copy.sheet(fmt.EVIDENCE)},
    )


def case_problems(catalogue: Catalogue, owners: Owners, copy: CaseCopy) -> list[str]:
    """Why ``copy`` cannot be written here as it is (empty when it can), each ``English / 中文``."""
    A, P, E, R = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET
    applications = copy.sheet(A)
    if not applications:
        return ["the workbook has no applications row for it / 工作簿沒有此個案的申請資料"]
    if not copy.applicant:
        return ["its applicant is missing from the applicants sheet / 申請人工作表缺少其申請人"]
    problems: list[str] = []
    if hkid_rules.parse(copy.hkid)[0] is None:
        problems.append(
            f"the applicant's HKID {hkid_rules.mask(copy.hkid) if '*' not in copy.hkid else copy.hkid} is not a "
            "full, valid HKID number / 申請人的身份證號碼並非完整有效的號碼"
        )
    reference = copy.reference_no
    if reference and owners.references.get(reference) not in (None, copy.uid):
        problems.append(
            f"reference number {reference} is used by another case here / 參考編號 {reference} 已被此電腦另一個案使用"
        )
    event_code = applications[0][A.column_index["event_code"]]
    if event_code and event_code not in catalogue.events:
        problems.append(f"event {event_code} is not known on this laptop / 此電腦沒有活動 {event_code}")
    applied = set()
    for line in applications:
        key = line[A.column_index["qualification"]]
        applied.add(key)
        if key not in catalogue.qualifications:
            problems.append(
                f"qualification {key} is not in this laptop's catalogue / 此電腦的資歷目錄沒有 {key}"
            )
    for name in sorted({line[P.column_index["industry"]] for line in copy.sheet(P)} - {""}):
        if name not in catalogue.industries:
            problems.append(
                f"industry {name} is not in this laptop's catalogue / 此電腦的行業目錄沒有 {name}"
            )
    for code in sorted({line[E.column_index["evidence_type"]] for line in copy.sheet(E)}):
        if code not in catalogue.evidence_types:
            problems.append(f"evidence type {code} is not known here / 此電腦沒有文件類別 {code}")
    periods = {line[P.column_index["period_uid"]] for line in copy.sheet(P)}
    if any(owners.periods.get(uid) not in (None, copy.uid) for uid in periods):
        problems.append(
            "an employment period key is already used by another case here / 工作經驗編號已被另一個案使用"
        )
    items = {line[E.column_index["evidence_uid"]] for line in copy.sheet(E)}
    if any(owners.evidence.get(uid) not in (None, copy.uid) for uid in items):
        problems.append("an evidence key is already used by another case here / 證明文件編號已被另一個案使用")
    if any(line[E.column_index["period_uid"]] not in periods | {""} for line in copy.sheet(E)):
        problems.append(
            "an evidence item names a period the case does not have / 證明文件所屬的工作經驗不在此個案"
        )
    if any(line[R.column_index["qualification"]] not in applied for line in copy.sheet(R)):
        problems.append("a results row names a qualification not applied for / 評審及結果列有未申請的資歷")
    return problems


# --- Differences ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field that differs between two copies; ``old`` / ``new`` None when the row is absent."""

    field: str
    en: str
    zh: str
    old: str | None
    new: str | None
    is_hkid: bool = False


def _row_key(sheet: fmt.Sheet, line: Line) -> str:
    return "/".join(line[sheet.column_index[key]] for key in sheet.key_columns if key != "application_uid")


def _short(key: str) -> str:
    return key[:8] if re.fullmatch(r"[0-9a-f-]{36}", key) else key


def changes(old: CaseCopy, new: CaseCopy) -> list[Change]:
    """Every field that differs from ``old`` to ``new``: the applicant's, then sheet by sheet, row by key."""
    found: list[Change] = []
    sheets: list[tuple[fmt.Sheet, tuple[Line, ...], tuple[Line, ...]]] = [
        (fmt.APPLICANTS, (old.applicant,) if old.applicant else (), (new.applicant,) if new.applicant else ())
    ]
    sheets += [(sheet, old.sheet(sheet), new.sheet(sheet)) for sheet in CASE_SHEETS]
    for sheet, old_lines, new_lines in sheets:
        if sheet is fmt.APPLICANTS:  # one applicant per case: compared column by column, whatever its key
            olds = {"": old_lines[0]} if old_lines else {}
            news = {"": new_lines[0]} if new_lines else {}
        else:
            olds = {_row_key(sheet, line): line for line in old_lines}
            news = {_row_key(sheet, line): line for line in new_lines}
        for key in sorted(olds.keys() | news.keys()):
            before, after = olds.get(key), news.get(key)
            name = f"{sheet.name}[{key}]" if key else sheet.name
            where_en = f"{sheet.title_en} {_short(key)}" if key else sheet.title_en
            where_zh = f"{sheet.title_zh} {_short(key)}" if key else sheet.title_zh
            if before is None or after is None:
                found.append(
                    Change(
                        name,
                        where_en,
                        where_zh,
                        None if before is None else json.dumps(list(before), ensure_ascii=False),
                        None if after is None else json.dumps(list(after), ensure_ascii=False),
                    )
                )
                continue
            for column, a, b in zip(sheet.columns, before, after, strict=True):
                if a != b:
                    found.append(
                        Change(
                            f"{name}.{column.key}",
                            f"{where_en}, {column.label_en}",
                            f"{where_zh}，{column.label_zh}",
                            a,
                            b,
                            is_hkid=column.type is fmt.ColumnType.HKID,
                        )
                    )
    return found


def shown(value: str | None, *, is_hkid: bool = False) -> str:
    """A value as listed in a difference or the audit trail: HKIDs masked, one line, not too long."""
    if value is None:
        return ""
    if is_hkid and value and "*" not in value:
        value = hkid_rules.mask(value) if hkid_rules.is_valid(value) else "***"
    value = " ".join(value.split()).replace(" / ", " ∕ ")
    return value if len(value) <= _SHOWN_MAX else value[: _SHOWN_MAX - 1] + "…"


def audit_value(value: str | None, *, is_hkid: bool = False) -> str | None:
    """A value as the audit trail keeps it: whole, but an HKID masked (the applicant record holds it)."""
    if value is None or not is_hkid or not value or "*" in value:
        return value
    return hkid_rules.mask(value) if hkid_rules.is_valid(value) else "***"


def describe_differences(mine: CaseCopy | None, theirs: CaseCopy) -> list[str]:
    """The differences between this laptop's case and another station's copy, each ``English / 中文``."""
    if mine is None:
        return ["the case is not on this laptop / 此電腦沒有此個案"]
    lines: list[str] = []
    for change in changes(mine, theirs):
        if change.old is None:
            lines.append(f"{change.en}: only in their copy / {change.zh}：只見於對方的副本")
        elif change.new is None:
            lines.append(f"{change.en}: only on this laptop / {change.zh}：只見於此電腦")
        else:
            here = shown(change.old, is_hkid=change.is_hkid)
            there = shown(change.new, is_hkid=change.is_hkid)
            lines.append(
                f'{change.en}: here "{here}", theirs "{there}" / {change.zh}：此電腦「{here}」，對方「{there}」'
            )
    return lines


# --- Writing a copy ------------------------------------------------------------------------------------


def _typed(sheet: fmt.Sheet, line: Line) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, text in zip(sheet.columns, line, strict=True):
        if text == "":
            values[column.key] = None
        elif column.type is fmt.ColumnType.DATE:
            values[column.key] = date.fromisoformat(text)
        elif column.type is fmt.ColumnType.INTEGER:
            values[column.key] = int(text)
        else:
            values[column.key] = text
    return values


def write_applicant(session: Session, record: ApplicantRecord | None, line: Line) -> ApplicantRecord:
    """Create (``record`` None) or update an applicant from an applicant row; fields the workbook does not
    carry (address, HKID verification) are left as they are."""
    values = _typed(fmt.APPLICANTS, line)
    if record is None:
        record = ApplicantRecord(uid=values["applicant_uid"])
        session.add(record)
    record.hkid = values["hkid"]
    record.residence_status = values["residence_status"]
    record.name_zh = values["name_zh"] or ""
    record.surname_en = values["surname_en"] or ""
    record.given_names_en = values["given_names_en"] or ""
    record.alias = values["alias"] or ""
    record.date_of_birth = values["date_of_birth"]
    record.phone = values["phone"] or ""
    record.email = values["email"] or ""
    record.preferred_language = values["preferred_language"]
    return record


def _write_decision(
    session: Session, applied: AppliedQualificationRecord, result: dict[str, Any], *, existing: bool
) -> None:
    decision = (
        session.scalar(
            select(AssessmentDecisionRecord).where(
                AssessmentDecisionRecord.applied_qualification_id == applied.id
            )
        )
        if existing
        else None
    )
    carried = ("recommendation", "reasons", "decided_by", "signed_off_by", "signed_off_on")
    if decision is None and not any(result.get(key) for key in carried):
        return
    if decision is None:
        decision = AssessmentDecisionRecord(applied_qualification_id=applied.id)
        session.add(decision)
    decision.recommendation = result.get("recommendation")
    decision.reasons = result.get("reasons") or ""
    if decision.decided_by != result.get("decided_by") or decision.recommendation is None:
        decision.decided_at = None  # not in the workbook
    decision.decided_by = result.get("decided_by")
    decision.signed_off_by = result.get("signed_off_by")
    day: date | None = result.get("signed_off_on")
    if day is None:
        decision.signed_off_at = None
    elif _hong_kong_date(decision.signed_off_at) != day:
        decision.signed_off_at = sign_off_moment(day)


def _set_application(application: ApplicationRecord, catalogue: Catalogue, first: dict[str, Any]) -> None:
    application.reference_no = first["reference_no"]
    application.event_id = catalogue.events[first["event_code"]] if first["event_code"] else None
    application.station_code = first["station_code"] or ""
    application.status = first["status"]
    application.application_date = first["application_date"]
    application.is_carer_declaration = first["carer_declaration"] == fmt.YES
    application.fee_hkd = first["fee_hkd"]


def _set_applied(applied: AppliedQualificationRecord, values: dict[str, Any], result: dict[str, Any]) -> None:
    applied.route = values["route"]
    applied.eligibility = values["eligibility"]
    applied.result = result.get("result")
    applied.soa_number = result.get("soa_number")
    applied.soa_date = result.get("soa_date")


def _set_period(period: EmploymentPeriodRecord, catalogue: Catalogue, values: dict[str, Any]) -> None:
    period.position = values["position"] if values["position"] is not None else 0
    period.employer = values["employer"] or ""
    period.post = values["post"] or ""
    period.industry_id = catalogue.industries[values["industry"]] if values["industry"] else None
    period.start_date = values["start_date"]
    period.end_date = values["end_date"]
    period.employment_type = values["employment_type"]
    period.hours_per_week = values["hours_per_week"]
    period.in_hong_kong = values["in_hong_kong"] == fmt.YES
    period.relevant = values["relevant"] == fmt.YES
    period.duties = values["duties"] or ""


def _set_item(
    item: EvidenceItemRecord, values: dict[str, Any], periods: dict[str, EmploymentPeriodRecord]
) -> None:
    item.evidence_type = values["evidence_type"]
    item.period_id = periods[values["period_uid"]].id if values["period_uid"] else None
    item.status = values["status"]
    item.reason = values["reason"] or ""


def _create_case(
    session: Session, catalogue: Catalogue, copy: CaseCopy, *, applicant: ApplicantRecord, actor: str
) -> tuple[ApplicationRecord, Callable[[], None]]:
    """A new case from ``copy``, not flushed: the application, its qualifications and periods, and what
    adds its decisions and evidence items once those have ids (after the next flush). Many new cases
    flushed together are written with a few multi-row INSERTs."""
    A, P, E, R = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET
    first = _typed(A, copy.sheet(A)[0])
    application = ApplicationRecord(uid=copy.uid, created_by=actor, applicant=applicant)
    _set_application(application, catalogue, first)
    session.add(application)
    results = {line[R.column_index["qualification"]]: _typed(R, line) for line in copy.sheet(R)}
    decided: list[tuple[AppliedQualificationRecord, dict[str, Any]]] = []
    for line in copy.sheet(A):
        values = _typed(A, line)
        applied = AppliedQualificationRecord(
            qualification_id=catalogue.qualifications[values["qualification"]]
        )
        result = results.get(values["qualification"], {})
        _set_applied(applied, values, result)
        application.qualifications.append(applied)
        decided.append((applied, result))
    periods: dict[str, EmploymentPeriodRecord] = {}
    for line in copy.sheet(P):
        values = _typed(P, line)
        period = EmploymentPeriodRecord(uid=values["period_uid"])
        _set_period(period, catalogue, values)
        application.employment.append(period)
        periods[period.uid] = period

    def children() -> None:
        for applied, result in decided:
            _write_decision(session, applied, result, existing=False)
        for line in copy.sheet(E):
            values = _typed(E, line)
            item = EvidenceItemRecord(uid=values["evidence_uid"], application_id=application.id)
            _set_item(item, values, periods)
            session.add(item)

    return application, children


def write_case(
    session: Session,
    catalogue: Catalogue,
    copy: CaseCopy,
    application: ApplicationRecord | None,
    *,
    applicant: ApplicantRecord,
    actor: str,
) -> ApplicationRecord:
    """Create (``application`` None) or overwrite a case from the case rows of ``copy`` (not its applicant
    row: the case is linked to ``applicant``). The copy must have passed :func:`case_problems`.
    Attachments, document requests and the five-rule notes of a decision stay as they are."""
    if application is None:
        application, children = _create_case(session, catalogue, copy, applicant=applicant, actor=actor)
        session.flush()
        children()
        session.flush()
        return application
    A, P, E, R = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET
    application.applicant = applicant
    _set_application(application, catalogue, _typed(A, copy.sheet(A)[0]))
    session.flush()

    results = {line[R.column_index["qualification"]]: _typed(R, line) for line in copy.sheet(R)}
    applied_here: dict[int, AppliedQualificationRecord] = {
        record.qualification_id: record
        for record in session.scalars(
            select(AppliedQualificationRecord).where(
                AppliedQualificationRecord.application_id == application.id
            )
        )
    }
    pending: list[tuple[AppliedQualificationRecord, dict[str, Any], bool]] = []
    for line in copy.sheet(A):
        values = _typed(A, line)
        qualification_id = catalogue.qualifications[values["qualification"]]
        applied = applied_here.pop(qualification_id, None)
        known = applied is not None
        if applied is None:
            applied = AppliedQualificationRecord(
                application_id=application.id, qualification_id=qualification_id
            )
            session.add(applied)
        result = results.get(values["qualification"], {})
        _set_applied(applied, values, result)
        pending.append((applied, result, known))
    for leftover in applied_here.values():
        session.delete(leftover)  # its decision goes with it (ON DELETE CASCADE)
    session.flush()
    for applied, result, known in pending:
        _write_decision(session, applied, result, existing=known)

    periods_here: dict[str, EmploymentPeriodRecord] = {
        record.uid: record
        for record in session.scalars(
            select(EmploymentPeriodRecord).where(EmploymentPeriodRecord.application_id == application.id)
        )
    }
    period_ids: dict[str, EmploymentPeriodRecord] = {}
    for line in copy.sheet(P):
        values = _typed(P, line)
        period = periods_here.pop(values["period_uid"], None)
        if period is None:
            period = EmploymentPeriodRecord(uid=values["period_uid"], application_id=application.id)
            session.add(period)
        _set_period(period, catalogue, values)
        period_ids[period.uid] = period
    for leftover_period in periods_here.values():
        session.delete(leftover_period)  # evidence pointing at it keeps the item, without the period
    session.flush()

    items_here: dict[str, EvidenceItemRecord] = {
        record.uid: record
        for record in session.scalars(
            select(EvidenceItemRecord).where(EvidenceItemRecord.application_id == application.id)
        )
    }
    for line in copy.sheet(E):
        values = _typed(E, line)
        item = items_here.pop(values["evidence_uid"], None)
        if item is None:
            item = EvidenceItemRecord(uid=values["evidence_uid"], application_id=application.id)
            session.add(item)
        _set_item(item, values, period_ids)
    for leftover_item in items_here.values():
        session.delete(leftover_item)  # its attachments stay with the case (the item link is cleared)
    session.flush()
    return application


# --- Conflicts and provenance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a copy came from: the workbook's file name, exporting station and batch key."""

    file: str
    station: str
    batch_uid: str

    def describe(self) -> str:
        return f"from {self.file} (station {self.station or '-'}, batch {self.batch_uid or '-'})"

    @staticmethod
    def parse(text: str) -> Source:
        match = _SOURCE.match(text)
        if match is None:
            return Source("", "", "")
        station, batch = match.group("station"), match.group("batch")
        return Source(match.group("file"), "" if station == "-" else station, "" if batch == "-" else batch)


def held_copies(session: Session) -> dict[str, tuple[str, Source]]:
    """For every merged case, the content hash and source of the copy whose case rows it holds (the
    latest ``copy_sha256`` entry of the audit trail), by application key. One pass over the trail."""
    found: dict[str, tuple[str, Source]] = {}
    for uid, sha256, reason in session.execute(
        select(AuditEventRecord.entity_uid, AuditEventRecord.new_value, AuditEventRecord.reason)
        .where(
            AuditEventRecord.entity == "application",
            AuditEventRecord.field == COPY_FIELD,
            AuditEventRecord.action.in_(COPY_ACTIONS),
        )
        .order_by(AuditEventRecord.id)
    ).tuples():
        if sha256:
            found[uid] = (sha256, Source.parse(reason))
    return found


def record_conflict(
    session: Session, copy: CaseCopy, source: Source, *, actor: str
) -> tuple[MergeConflictRecord, bool]:
    """The conflict row keeping ``copy`` (created, and audited, unless the same copy is already kept)."""
    row = session.scalar(
        select(MergeConflictRecord).where(
            MergeConflictRecord.application_uid == copy.uid, MergeConflictRecord.theirs_sha256 == copy.sha256
        )
    )
    if row is not None:
        if row.resolution == HELD_BY_MERGE:  # the case held this copy, and no longer does: open again
            row.resolution = row.resolved_by = row.resolved_at = None
            row.resolution_reason = ""
            audit.record(
                session,
                actor=actor,
                entity="application",
                entity_uid=copy.uid,
                action="merge_conflict",
                field="theirs_sha256",
                new=copy.sha256,
                reason=f"conflict {row.id} open again: {source.describe()}",
            )
        return row, False
    row = MergeConflictRecord(
        application_uid=copy.uid,
        reference_no=copy.reference_no[:32] if copy.reference_no else None,
        source_file=source.file[:260],
        source_station=source.station[:16],
        source_batch_uid=source.batch_uid[:36],
        theirs_sha256=copy.sha256,
        theirs_json=copy.to_json(),
        differences="",
        detected_by=actor,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity="application",
        entity_uid=copy.uid,
        action="merge_conflict",
        field="theirs_sha256",
        new=copy.sha256,
        reason=f"conflict {row.id}: {source.describe()}",
    )
    return row, True


def refresh_conflicts(session: Session, uids: Iterable[str], *, actor: str, closing_reason: str) -> None:
    """Bring the open conflicts of these cases up to date: a copy the case now holds exactly is closed
    (resolution ``merged``, audited); the others get their differences listed against the case as it is."""
    wanted = sorted(set(uids))
    rows: list[MergeConflictRecord] = []
    for chunk in _chunks(wanted):
        rows += session.scalars(
            select(MergeConflictRecord).where(
                MergeConflictRecord.application_uid.in_(chunk), MergeConflictRecord.resolution.is_(None)
            )
        ).all()
    if not rows:
        return
    local = read_local_uids(session, {row.application_uid for row in rows})
    catalogue = Catalogue.load(session)
    owners = Owners()
    copies = {row.id: CaseCopy.from_json(row.theirs_json) for row in rows}
    owners.load(session, copies.values())
    for row in rows:
        copy = copies[row.id]
        mine = local.get(row.application_uid)
        if mine is not None and mine.copy.sha256 == row.theirs_sha256:
            row.resolution = HELD_BY_MERGE
            row.resolved_by = actor
            row.resolved_at = utcnow()
            row.resolution_reason = closing_reason
            audit.record(  # the case now holds this copy: the entry names it, as a merge writing it does
                session,
                actor=actor,
                entity="application",
                entity_uid=row.application_uid,
                action="merge_conflict_closed",
                field=COPY_FIELD,
                new=row.theirs_sha256,
                reason=Source(row.source_file, row.source_station, row.source_batch_uid).describe(),
            )
            continue
        problems = case_problems(catalogue, owners, copy)
        differences = (
            problems
            if problems and mine is None
            else problems + describe_differences(mine.copy if mine else None, copy)
        )
        text = "\n".join(differences)
        if row.differences != text:
            row.differences = text
    session.flush()


# --- The merge -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    application_uid: str
    reference_no: str | None
    reasons: tuple[str, ...]
    conflict_id: int
    resolution: str | None = None  # set when the same copy had already been resolved


@dataclass(frozen=True)
class PossibleDuplicate:
    applicant_uid: str
    other_applicant_uid: str
    hkid: str  # in full: show it masked
    same_date_of_birth: bool = False


@dataclass(frozen=True)
class Replacement:
    """A merged case whose content the order rule replaced (``what``: ``case`` or ``applicant``)."""

    application_uid: str
    reference_no: str | None
    what: str
    displaced_conflict_id: int | None  # the copy it held before, kept as that open conflict


@dataclass
class MergeReport:
    path: Path
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    batch_id: int | None = None

    def describe(self) -> str:
        lines = [
            f"{self.path.name}: 新增 {len(self.added)} 個個案，{len(self.unchanged)} 個已相同，"
            f"{len(self.conflicts)} 個有衝突，{len(self.replaced)} 項按合併規則取代，"
            f"{len(self.duplicates)} 個可能重複的申請人",
            f"{self.path.name}: {len(self.added)} cases added, {len(self.unchanged)} already identical, "
            f"{len(self.conflicts)} conflicts, {len(self.replaced)} replaced by the merge rule, "
            f"{len(self.duplicates)} possible duplicate applicants",
        ]
        for conflict in self.conflicts:
            state = f" (已處理 resolved: {conflict.resolution})" if conflict.resolution else ""
            lines.append(
                f"  衝突 CONFLICT #{conflict.conflict_id} {conflict.reference_no or conflict.application_uid}{state}:"
            )
            lines.extend(f"    - {reason}" for reason in conflict.reasons)
        for replacement in self.replaced:
            what_zh, what_en = (
                ("申請人資料", "the applicant's particulars")
                if replacement.what == "applicant"
                else ("個案內容", "the case's content")
            )
            kept = (
                f"; 原有副本保留為衝突 #{replacement.displaced_conflict_id} / the copy it held is kept as "
                f"conflict #{replacement.displaced_conflict_id}"
                if replacement.displaced_conflict_id is not None
                else ""
            )
            lines.append(
                f"  取代 REPLACED {replacement.reference_no or replacement.application_uid}: "
                f"{what_zh} / {what_en}{kept}"
            )
        for duplicate in self.duplicates:
            birth_zh, birth_en = (
                ("出生日期相同", "same date of birth")
                if duplicate.same_date_of_birth
                else ("出生日期不同", "different date of birth")
            )
            lines.append(
                f"  可能重複 POSSIBLE DUPLICATE: applicant {duplicate.applicant_uid} and "
                f"{duplicate.other_applicant_uid} share HKID {shown(duplicate.hkid, is_hkid=True)} "
                f"({birth_zh} / {birth_en})"
            )
        return "\n".join(lines)


def password_needed(path: Path) -> AppError:
    return AppError(
        f"{path.name} is encrypted (it carries full HKID numbers): it needs the password it was exported with.",
        f"{path.name} 已加密（載有完整身份證號碼），須輸入匯出時提供的密碼。",
        code="password_needed",
    )


def needs_full_hkid(path: Path) -> AppError:
    return AppError(
        f"{path.name} carries masked HKID numbers, so its applicants cannot be merged. On the other laptop, a "
        'supervisor exports the batch again with "full HKID numbers (encrypted)"; merge that file with the '
        "password shown there.",
        f"{path.name} 的身份證號碼已遮蓋，無法合併其申請人。請由主管在另一部電腦以「完整身份證號碼（加密）」"
        "再次匯出批次，然後以該處顯示的密碼合併該檔案。",
        code="merge_needs_full_hkid",
    )


def _verify_hash(path: Path, parsed: ParsedBatch) -> None:
    digest = data_hash(
        [
            (sheet.name, [tuple(row.values[key] for key in sheet.keys) for row in parsed.sheets[sheet.name]])  # type: ignore[misc]
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


def read_workbook(path: Path, password: str | None) -> ParsedBatch:
    """The workbook parsed and checked for merging: decrypted with ``password`` when it is encrypted, a
    full-HKID export, unedited."""
    if guard.is_encrypted(path):
        if password is None:
            raise password_needed(path)
        parsed = parse_batch(path, password=password)
    else:
        parsed = parse_batch(path)
    if parsed.manifest.get("hkid_form") != "full" or any(
        "*" in str(row.values["hkid"]) for row in parsed.sheets[fmt.APPLICANTS.name]
    ):
        raise needs_full_hkid(path)
    _verify_hash(path, parsed)
    return parsed


class _Merger:
    """One merge's unit of work (see the module docstring for the rule)."""

    def __init__(
        self, session: Session, *, actor: str, source: Source, file_sha256: str, report: MergeReport
    ):
        self.session = session
        self.actor = actor
        self.source = source
        self.file_sha256 = file_sha256
        self.report = report
        self.catalogue = Catalogue.load(session)
        self.owners = Owners()
        self.cache: dict[str, LocalCase | None] = {}
        self.applicants: dict[str, ApplicantRecord | None] = {}
        self.touched: set[str] = set()  # application keys of the cases this merge wrote
        self.pending: list[Callable[[], None]] = []
        self.foreign_cache: dict[int, bool] = {}
        self.held: dict[str, tuple[str, Source]] | None = None  # loaded when first needed
        self.conflict_ids: dict[int, None] = {}
        self.created_applicants: set[str] = set()

    # -- reading ------------------------------------------------------------------------------------

    def preload(self, copies: dict[str, CaseCopy]) -> None:
        found = read_local_uids(self.session, copies)
        for uid in copies:
            self.cache[uid] = found.get(uid)
        self.owners.load(self.session, copies.values())
        applicant_uids = sorted({copy.applicant_uid for copy in copies.values()})
        for uid in applicant_uids:
            self.applicants[uid] = None
        for chunk in _chunks(applicant_uids):
            for record in self.session.scalars(select(ApplicantRecord).where(ApplicantRecord.uid.in_(chunk))):
                self.applicants[record.uid] = record

    def materialize(self) -> None:
        """Write the new cases still pending (before anything reads cases back)."""
        if self.pending:
            self.session.flush()
            for children in self.pending:
                children()
            self.pending.clear()
            self.session.flush()
            for uid in self.created_applicants:  # let the written records go (looked up again if needed)
                self.applicants.pop(uid, None)

    def local(self, uid: str) -> LocalCase | None:
        if uid not in self.cache:
            self.materialize()
            self.cache[uid] = read_local_uids(self.session, [uid]).get(uid)
        return self.cache[uid]

    def applicant(self, uid: str) -> ApplicantRecord | None:
        if uid not in self.applicants:
            self.applicants[uid] = self.session.scalar(
                select(ApplicantRecord).where(ApplicantRecord.uid == uid)
            )
        return self.applicants[uid]

    def cases_of(self, applicant: ApplicantRecord) -> list[LocalCase]:
        self.materialize()
        found = read_local(self.session, ApplicationRecord.applicant_id == applicant.id)
        self.cache.update(found)
        return [found[uid] for uid in sorted(found)]

    def foreign(self, case: LocalCase) -> bool:
        """The case holds another station's copy, untouched here since (the merge rule may replace it)."""
        if case.uid in self.touched:
            return True
        if case.id not in self.foreign_cache:
            self.foreign_cache[case.id] = is_untouched_merge(self.session, case)
        return self.foreign_cache[case.id]

    def held_copy(self, uid: str) -> tuple[str, Source] | None:
        if self.held is None:
            self.held = held_copies(self.session)
        return self.held.get(uid)

    def held_sha256(self, uid: str) -> str | None:
        found = self.held_copy(uid)
        return found[0] if found else None

    def is_real(self, case: LocalCase) -> bool:
        """The case's content is exactly a copy merged earlier (not a mix of a copy and other particulars)."""
        return self.held_sha256(case.uid) == case.copy.sha256

    def provenance(self, uid: str) -> Source:
        found = self.held_copy(uid)
        return found[1] if found else Source("", "", "")

    # -- writing ------------------------------------------------------------------------------------

    def touch(self, uid: str) -> None:
        self.touched.add(uid)
        self.cache.pop(uid, None)

    def conflict(self, copy: CaseCopy, source: Source | None = None) -> int:
        row, _ = record_conflict(self.session, copy, source or self.source, actor=self.actor)
        self.conflict_ids[row.id] = None
        return row.id

    def audit_held(
        self, uid: str, action: str, copy_sha256: str, source: Source, *, new_case: bool = False
    ) -> None:
        old = None if new_case else self.held_sha256(uid)
        if self.held is not None:
            self.held[uid] = (copy_sha256, source)
        audit.record(
            self.session,
            actor=self.actor,
            entity="application",
            entity_uid=uid,
            action=action,
            field=COPY_FIELD,
            old=old,
            new=copy_sha256,
            reason=source.describe(),
        )

    def audit_changes(self, uid: str, found: list[Change], why: str) -> None:
        for change in found:
            audit.record(
                self.session,
                actor=self.actor,
                entity="application",
                entity_uid=uid,
                action="merge_replaced",
                field=change.field[:60],
                old=audit_value(change.old, is_hkid=change.is_hkid),
                new=audit_value(change.new, is_hkid=change.is_hkid),
                reason=why,
            )

    def offer_applicant(self, copy: CaseCopy) -> ApplicantRecord:
        """The applicant the case links to, created from the copy if new; its particulars replaced by the
        copy's when every case of it is an untouched merged one and the copy's row hashes smaller."""
        record = self.applicant(copy.applicant_uid)
        if record is None:
            record = write_applicant(self.session, None, copy.applicant)
            self.applicants[record.uid] = record
            self.created_applicants.add(record.uid)
            return record
        line = applicant_line(record)
        if line == copy.applicant:
            return record
        current_sha256 = copy.with_applicant(line).applicant_sha256
        cases = self.cases_of(record)
        if not cases or copy.applicant_sha256 >= current_sha256 or not all(self.foreign(c) for c in cases):
            return record
        displaced: dict[str, int] = {}
        for case in cases:
            if self.is_real(case):
                displaced[case.uid] = self.conflict(case.copy, self.provenance(case.uid))
        write_applicant(self.session, record, copy.applicant)
        why = f"the applicant's particulars of the copy {copy.sha256[:12]} {self.source.describe()} (merge rule)"
        for case in cases:
            self.audit_changes(case.uid, changes(case.copy, case.copy.with_applicant(copy.applicant)), why)
            self.touch(case.uid)
            self.report.replaced.append(
                Replacement(case.uid, case.copy.reference_no, "applicant", displaced.get(case.uid))
            )
        return record

    def add(self, copy: CaseCopy) -> None:
        applicant = self.offer_applicant(copy)
        _, children = _create_case(self.session, self.catalogue, copy, applicant=applicant, actor=self.actor)
        self.pending.append(children)
        if len(self.pending) >= _CHUNK:
            self.materialize()
        self.owners.claim(copy)
        self.touch(copy.uid)
        self.audit_held(copy.uid, "merged", copy.sha256, self.source, new_case=True)
        self.report.added.append(copy.uid)

    def replace_case(self, case: LocalCase, copy: CaseCopy) -> None:
        displaced = self.conflict(case.copy, self.provenance(case.uid)) if self.is_real(case) else None
        application = self.session.get(ApplicationRecord, case.id)
        assert application is not None
        target = copy.with_applicant(case.copy.applicant)
        write_case(
            self.session, self.catalogue, copy, application, applicant=application.applicant, actor=self.actor
        )
        self.owners.release(case.copy)
        self.owners.claim(copy)
        self.audit_changes(
            case.uid,
            changes(case.copy, target),
            f"the case rows of the copy {copy.sha256[:12]} {self.source.describe()} (merge rule)",
        )
        self.audit_held(case.uid, "merge_replaced", copy.sha256, self.source)
        self.touch(case.uid)
        self.report.replaced.append(Replacement(case.uid, case.copy.reference_no, "case", displaced))

    def merge(self, copy: CaseCopy) -> None:
        local = self.local(copy.uid)
        if local is not None and local.copy.sha256 == copy.sha256:
            self.report.unchanged.append(copy.uid)
            held = self.held_sha256(copy.uid)
            if held is not None and held != copy.sha256 and self.foreign(local):
                # A merged case whose particulars an earlier copy changed now matches this copy exactly.
                self.audit_held(copy.uid, "merge_copy", copy.sha256, self.source)
            return
        if case_problems(self.catalogue, self.owners, copy):
            self.conflict(copy)
            return
        if local is None:
            self.add(copy)
            applicant = self.applicant(copy.applicant_uid)
            exact = applicant is not None and applicant_line(applicant) == copy.applicant
        elif local.copy.applicant_uid != copy.applicant_uid or not self.foreign(local):
            self.conflict(copy)
            return
        else:
            if copy.case_sha256 < local.copy.case_sha256:
                self.replace_case(local, copy)
            self.offer_applicant(copy)
            after = self.local(copy.uid)
            exact = after is not None and after.copy.sha256 == copy.sha256
            if exact and self.held_sha256(copy.uid) != copy.sha256:
                self.audit_held(copy.uid, "merge_copy", copy.sha256, self.source)
        if not exact:
            self.conflict(copy)

    def finish(self, uids_in_file: Iterable[str]) -> None:
        session = self.session
        self.materialize()
        if self.touched:
            batch = ExportBatchRecord(
                kind=BATCH_KIND,
                file_name=self.source.file[:260],
                file_sha256=self.file_sha256,
                created_by=self.actor,
                case_count=len(self.touched),
            )
            session.add(batch)
            session.flush()
            current = read_local_uids(session, self.touched)
            for case in sorted(current.values(), key=lambda case: case.id):
                session.add(
                    BatchItemRecord(
                        batch_id=batch.id, application_id=case.id, content_sha256=case.copy.sha256
                    )
                )
                application = session.get(ApplicationRecord, case.id)
                assert application is not None
                lock_into_batch(session, application, batch.id, actor=self.actor)
            audit.record(
                session,
                actor=self.actor,
                entity="export_batch",
                entity_uid=batch.uid,
                action="batch_merged",
                field="file_sha256",
                new=self.file_sha256,
                reason=f"{self.source.describe()}: {len(self.report.added)} cases added, "
                f"{len(self.report.replaced)} replaced by the merge rule",
            )
            self.report.batch_id = batch.id
            session.flush()
        conflicts: list[MergeConflictRecord] = []
        for chunk in _chunks(sorted(self.conflict_ids)):
            conflicts += session.scalars(select(MergeConflictRecord).where(MergeConflictRecord.id.in_(chunk)))
        refresh_conflicts(
            session,
            {*uids_in_file, *self.touched, *(row.application_uid for row in conflicts)},
            actor=self.actor,
            closing_reason=f"the case here now holds this copy (merge {self.source.describe()})",
        )
        rows = conflicts
        self.report.conflicts = sorted(
            (
                Conflict(
                    row.application_uid,
                    row.reference_no,
                    tuple(line for line in row.differences.split("\n") if line),
                    row.id,
                    row.resolution,
                )
                for row in rows
            ),
            key=lambda c: (c.application_uid, c.conflict_id),
        )


def is_untouched_merge(session: Session, case: LocalCase) -> bool:
    """The case came in by a merge and nothing happened to it here since: it is locked into a merge batch
    whose ledger item still has its content hash, no correction is open, and no person resolved a conflict
    on it."""
    if case.locked_by_batch_id is None or case.needs_reexport:
        return False
    row = session.execute(
        select(ExportBatchRecord.kind, BatchItemRecord.content_sha256)
        .join(BatchItemRecord, BatchItemRecord.batch_id == ExportBatchRecord.id)
        .where(ExportBatchRecord.id == case.locked_by_batch_id, BatchItemRecord.application_id == case.id)
    ).first()
    if row is None or row[0] != BATCH_KIND or row[1] != case.copy.sha256:
        return False
    resolved = session.scalar(
        select(MergeConflictRecord.id)
        .where(
            MergeConflictRecord.application_uid == case.uid,
            MergeConflictRecord.resolution.in_(PERSON_RESOLUTIONS),
        )
        .limit(1)
    )
    return resolved is None


def _duplicates(
    session: Session, copies: Iterable[CaseCopy], *, actor: str, created: set[str]
) -> list[PossibleDuplicate]:
    """Applicants of the workbook whose full HKID is held here by a different applicant."""
    A = fmt.APPLICANTS
    mine: dict[str, tuple[str, str]] = {}
    for copy in copies:
        if copy.applicant:
            mine[copy.applicant[0]] = (copy.hkid, copy.applicant[A.column_index["date_of_birth"]])
    numbers = sorted({number for number, _ in mine.values()})
    here: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for chunk in _chunks(numbers):
        for uid, number, born in session.execute(
            select(ApplicantRecord.uid, ApplicantRecord.hkid, ApplicantRecord.date_of_birth).where(
                ApplicantRecord.hkid.in_(chunk)
            )
        ).all():
            here[hkid_rules.compact(number)].append((uid, canonical_text(born)))
    found: set[PossibleDuplicate] = set()
    for uid, (number, born) in mine.items():
        for other, other_born in here.get(hkid_rules.compact(number), []):
            if other != uid:
                found.add(PossibleDuplicate(uid, other, number, bool(born) and born == other_born))
    duplicates = sorted(found, key=lambda d: (d.applicant_uid, d.other_applicant_uid))
    for duplicate in duplicates:
        if duplicate.applicant_uid in created:
            birth = "the same" if duplicate.same_date_of_birth else "a different"
            audit.record(
                session,
                actor=actor,
                entity="applicant",
                entity_uid=duplicate.applicant_uid,
                action="possible_duplicate",
                field="hkid",
                new=duplicate.other_applicant_uid,
                reason=f"merged with its own record; applicant {duplicate.other_applicant_uid} here has the "
                f"same HKID and {birth} date of birth: a person should check",
            )
    return duplicates


def merge_batch(database: Database, path: Path, *, actor: str, password: str | None = None) -> MergeReport:
    """Merge another station's full-HKID export (see the module docstring); one transaction.

    ``password`` opens an encrypted workbook. Refused, with the database unchanged: an encrypted file
    without a password (``password_needed``), a wrong password (``wrong_password``), a masked workbook
    (``merge_needs_full_hkid``), an edited one (``merge_tampered``), any file the reader refuses.
    """
    path = Path(path)
    with database.session() as session:
        user = acting_user(
            session, actor, MERGERS, doing_en="merge another station's batch", doing_zh="合併其他工作站的批次"
        )
        actor = user.username
    parsed = read_workbook(path, password)
    copies = copies_from_workbook(parsed)
    source = Source(path.name, parsed.manifest.get("station", ""), parsed.manifest.get("batch_uid", ""))
    report = MergeReport(path)
    file_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    with database.session() as session:
        merger = _Merger(session, actor=actor, source=source, file_sha256=file_sha256, report=report)
        merger.preload(copies)
        for uid in sorted(copies):
            merger.merge(copies[uid])
        merger.finish(copies)
        report.duplicates = _duplicates(
            session, copies.values(), actor=actor, created=merger.created_applicants
        )
    return report
