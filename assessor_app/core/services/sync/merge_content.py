"""A case as a copy: the workbook's cases and this laptop's in canonical rows, with their content hashes."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.services.shared import as_utc
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.export import qualification_key
from assessor_app.core.services.sync.reader import ParsedBatch, ParsedRow

CASE_SHEETS = (fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET)
HONG_KONG = timedelta(hours=8)  # no daylight saving in Hong Kong
SIGN_OFF_TIME = time(12, 0)  # a merged sign-off date is recorded at noon, Hong Kong time
COPY_FORMAT = "rpl-case-copy"
_CHUNK = 500

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
