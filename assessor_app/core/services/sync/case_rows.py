"""A case as its batch workbook rows (five Core bulk selects), its canonical lines and its content hash.

The export writes these rows, and the merge reads this laptop's cases through them (so a case here and
its copy in a workbook can only differ where their data differ). A row's *canonical line* is the JSON
array of its values as text (dates ISO, blanks empty); a case's *content hash* (the ledger's SHA-256 of
a case) is the SHA-256 of its lines, each ``sheet name + canonical line``, joined by line breaks:
applications, employment, evidence, results, then its applicants row (the particulars as lodged, which
an update of the person's current particulars never changes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Select, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import AgencyRecord, IndustryRecord, QualificationRecord
from assessor_app.core.db.models.laptop import StationRecord
from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.hong_kong_time import hong_kong_date
from assessor_app.core.services.eligibility import PERIOD_COLUMNS
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.workbook_personal_data import APPLICANTS_MINIMISED
from assessor_app.core.services.sync.writer import Value

FETCH_CHUNK = 2000  # rows fetched at a time from a Core select
Row = tuple[Value, ...]


# --- Canonical lines and hashes --------------------------------------------------------------------


def yes_no(value: bool | None) -> str:
    return fmt.YES if value else fmt.NO


def canonical(value: object) -> str:
    """How a value is compared and hashed: dates ISO, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def qualification_key(qr_number: str | None, title_en: str, level: int) -> str:
    """How the workbook names a qualification applied for: its QR number, else its title and level."""
    return qr_number or f"{title_en} L{level}"


_TEXT_ONLY = frozenset({str})


def canonical_line(row: Sequence[object]) -> str:
    """A row as the hashes see it: a JSON array of its canonical strings (see :func:`canonical`)."""
    # What json.dumps(..., ensure_ascii=False) gives a list of strings, byte for byte, without building
    # an encoder per row (the merge hashes a line per case row, twice). A row of plain text only (a
    # copy's) is encoded as it is; any other value (a str subclass too: its str() may differ) is made
    # text first.
    if {*map(type, row)} == _TEXT_ONLY:
        return "[" + ", ".join(map(encode_basestring, cast("Sequence[str]", row))) + "]"
    return (
        "["
        + ", ".join(
            [
                encode_basestring(value if type(value) is str else "" if value is None else canonical(value))
                for value in row
            ]
        )
        + "]"
    )


def data_hash(sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> str:
    """The manifest's data SHA-256: each sheet's name, then each of its rows' canonical line."""
    return encoded_data_hash((name, map(canonical_line, rows)) for name, rows in sheets)


def encoded_data_hash(sheets: Iterable[tuple[str, Iterable[str]]]) -> str:
    """:func:`data_hash` of rows already made canonical lines."""
    digest = hashlib.sha256()
    for name, lines in sheets:
        digest.update(name.encode("utf-8") + b"\n")
        for line in lines:
            digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


class CaseDigest:
    """A case's content hash fed one line at a time (``name + line``, joined by line breaks)."""

    __slots__ = ("digest", "started")

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.started = False

    def add(self, name: str, line: str) -> None:
        if self.started:
            self.digest.update(f"\n{name}{line}".encode())
        else:
            self.digest.update(f"{name}{line}".encode())
            self.started = True

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def case_content_hash(lines: Iterable[tuple[str, Sequence[object]]]) -> str:
    """The content hash of (sheet name, row) pairs in the order given (a whole case: applications,
    employment, evidence, results, then the applicant row)."""
    digest = CaseDigest()
    for name, row in lines:
        digest.add(name, canonical_line(row))
    return digest.hexdigest()


# --- The rows ----------------------------------------------------------------------------------------

# The columns of CaseRows.cases, in this order.
_CASE_COLUMNS = (
    ApplicationRecord.id,
    ApplicationRecord.uid,
    ApplicationRecord.reference_no,
    ApplicantRecord.uid.label("applicant_uid"),
    EventRecord.code.label("event_code"),
    ApplicationRecord.station_code,
    ApplicationRecord.status,
    ApplicationRecord.application_date,
    ApplicationRecord.fee_hkd,
    AgencyRecord.code.label("agency_code"),
    AgencyRecord.name_en.label("agency_name_en"),
    ApplicationRecord.applicant_id,
    ApplicationRecord.locked_by_batch_id,
    ApplicationRecord.needs_reexport,
    ApplicationRecord.fee_paid,  # shown on the applications sheet since 4.0, never hashed
    ApplicationRecord.fee_receipt_no,
)


# Where each column of the applicants sheet comes from: the application's particulars as lodged.
_APPLICANT_SOURCES: dict[str, Any] = {
    "application_uid": ApplicationRecord.uid,
    "reference_no": ApplicationRecord.reference_no,
    "applicant_uid": ApplicantRecord.uid,
    "hkid": ApplicantRecord.hkid,
    "residence_status": ApplicationRecord.residence_status,
    "name_zh": ApplicationRecord.name_zh,
    "surname_en": ApplicationRecord.surname_en,
    "given_names_en": ApplicationRecord.given_names_en,
    "alias": ApplicationRecord.alias,
    "chinese_commercial_code": ApplicationRecord.chinese_commercial_code,
    "date_of_birth": ApplicationRecord.date_of_birth,
    "phone": ApplicationRecord.phone,
    "email": ApplicationRecord.email,
    "address": ApplicationRecord.address,
    "preferred_language": ApplicationRecord.preferred_language,
}


@dataclass(frozen=True)
class CaseRows:
    """The data sheets' rows of the cases matching a condition, each sheet sorted by key."""

    cases: list[Any]  # Core rows of _CASE_COLUMNS: id, uid, reference_no, applicant_uid, event_code, ...
    station: str
    data: list[tuple[fmt.Sheet, list[Row]]]  # applicants, applications, employment, evidence, results

    def data_sha256(self) -> str:
        """The manifest's data SHA-256 of these rows (:func:`data_hash`)."""
        return data_hash([(sheet.name, sheet_rows) for sheet, sheet_rows in self.data])

    def case_hashes(self) -> dict[int, str]:
        """Each case's content hash, by case id, in one pass over the rows (each row's canonical line
        fed to its case's digest; the applicants row last)."""
        id_by_uid = {case[1]: case[0] for case in self.cases}
        case_digests = {case[0]: CaseDigest() for case in self.cases}
        applicant_lines: dict[object, str] = {}
        for sheet, sheet_rows in self.data:
            column = sheet.column_index["application_uid"]
            if sheet.name == fmt.APPLICANTS.name:  # the full or the minimised one
                for row in sheet_rows:
                    applicant_lines[row[column]] = canonical_line(row)
                continue
            name = sheet.name
            for row in sheet_rows:
                case_digests[id_by_uid[row[column]]].add(name, canonical_line(row))
        for case in self.cases:
            applicant_line = applicant_lines.get(case[1])
            if applicant_line is not None:
                case_digests[case[0]].add(fmt.APPLICANTS.name, applicant_line)
        return {case_id: digest.hexdigest() for case_id, digest in case_digests.items()}


def collect_rows(
    database: Database, condition: ColumnElement[bool], *, full_hkid: bool = False, minimised: bool = False
) -> CaseRows:
    """:func:`select_rows` in a session of its own."""
    with database.session() as session:
        return select_rows(session.connection(), condition, full_hkid=full_hkid, minimised=minimised)


def select_rows(
    connection: Connection,
    condition: ColumnElement[bool],
    *,
    full_hkid: bool = False,
    minimised: bool = False,
) -> CaseRows:
    """Every data sheet's rows for the cases matching ``condition`` (possibly none), sorted by key, HKIDs
    masked unless ``full_hkid``; with ``minimised`` the applicants rows hold only
    :data:`.workbook_personal_data.MINIMISED_COLUMNS` (HKIDs then always masked). Read on ``connection`` (so a caller's flushed, uncommitted writes are
    seen). Result rows are consumed as they are fetched (no list of SQLAlchemy rows is kept beside the
    sheet rows) and each sheet is sorted in place."""
    ids = select(ApplicationRecord.id).where(condition).scalar_subquery()

    def rows(query: Select[Any]) -> Iterator[Any]:
        return iter(connection.execute(query).yield_per(FETCH_CHUNK))

    cases = list(
        rows(
            select(*_CASE_COLUMNS)
            .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
            .outerjoin(EventRecord, EventRecord.id == ApplicationRecord.event_id)
            .outerjoin(AgencyRecord, AgencyRecord.id == EventRecord.agency_id)
            .where(condition)
        )
    )
    mask = (lambda number: number) if full_hkid and not minimised else hkid_rules.mask
    # One row per case: the particulars as lodged (the application's own), never the person's current
    # ones; a minimised export selects only its columns, so what it leaves out is never even read.
    applicants = APPLICANTS_MINIMISED if minimised else fmt.APPLICANTS
    hkid_at = applicants.column_index["hkid"]
    applicant_rows: list[Row] = [
        (*a[:hkid_at], mask(a[hkid_at]), *a[hkid_at + 1 :])
        for a in rows(
            select(*(_APPLICANT_SOURCES[key] for key in applicants.keys))
            .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
            .where(ApplicationRecord.id.in_(ids))
        )
    ]
    applicant_rows.sort(key=lambda r: str(r[0]))

    case_by_id = {case[0]: case for case in cases}
    exported = CaseStatus.EXPORTED.value
    signed_off = CaseStatus.SIGNED_OFF.value
    application_rows: list[Row] = []
    result_rows: list[Row] = []
    for q in rows(
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
            AppliedQualificationRecord.result_remarks,
            AppliedQualificationRecord.carer_declaration,
        )
        .join(ApplicationRecord, ApplicationRecord.id == AppliedQualificationRecord.application_id)
        .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
        .outerjoin(
            AssessmentDecisionRecord,
            AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
        )
        .where(AppliedQualificationRecord.application_id.in_(ids))
    ):
        case = case_by_id[q[0]]
        key = qualification_key(q[2], q[4], q[5])
        application_rows.append(
            (
                case[1],
                case[2],
                case[3],
                case[4],
                case[5],
                exported if case[6] == signed_off else case[6],
                case[7],
                yes_no(q[17]),
                case[8],
                key,
                q[3],
                q[4],
                q[5],
                q[6],
                q[7],
            )
        )
        result_rows.append(
            (
                case[1],
                case[2],
                key,
                q[11],
                q[12],
                q[13],
                q[14],
                hong_kong_date(q[15]),
                q[8],
                q[9],
                q[10],
                q[16],
            )
        )
    application_rows.sort(key=lambda r: (str(r[0]), str(r[9])))
    result_rows.sort(key=lambda r: (str(r[0]), str(r[2])))

    # relevant_to: the qualification keys of the case a period is relevant to, in the applications
    # sheet's order (sorted by key), so a case's rows never change order between two exports.
    relevant_to: dict[int, list[str]] = {}
    for period_id, qr, title_en, level in rows(
        select(
            PeriodRelevanceRecord.period_id,
            QualificationRecord.qr_number,
            QualificationRecord.title_en,
            QualificationRecord.qf_level,
        )
        .join(
            AppliedQualificationRecord,
            AppliedQualificationRecord.id == PeriodRelevanceRecord.applied_qualification_id,
        )
        .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
        .join(EmploymentPeriodRecord, EmploymentPeriodRecord.id == PeriodRelevanceRecord.period_id)
        .where(EmploymentPeriodRecord.application_id.in_(ids))
    ):
        relevant_to.setdefault(period_id, []).append(qualification_key(qr, title_en, level))

    period_uid_by_id: dict[int, str] = {}
    employment_rows: list[Row] = []
    for p in rows(
        select(
            EmploymentPeriodRecord.id,
            EmploymentPeriodRecord.uid,
            ApplicationRecord.uid,
            EmploymentPeriodRecord.position,
            *PERIOD_COLUMNS,  # the calculator's columns, in its order
            EmploymentPeriodRecord.duties,
        )
        .join(ApplicationRecord, ApplicationRecord.id == EmploymentPeriodRecord.application_id)
        .outerjoin(IndustryRecord, IndustryRecord.id == EmploymentPeriodRecord.industry_id)
        .where(EmploymentPeriodRecord.application_id.in_(ids))
    ):
        period_uid_by_id[p[0]] = p[1]
        keys = relevant_to.get(p[0])
        employment_rows.append(
            (
                *p[1:11],
                yes_no(p[11]),
                p[12],
                fmt.KEY_SEPARATOR.join(sorted(keys)) if keys else None,
                p[13],
                None if p[14] is None else yes_no(p[14]),
                p[15],
            )
        )
    employment_rows.sort(key=lambda r: (str(r[1]), r[2] or 0, str(r[0])))

    evidence_rows: list[Row] = [
        (e[0], e[1], e[2], period_uid_by_id.get(e[3]) if e[3] is not None else None, e[4], e[5])
        for e in rows(
            select(
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
    ]
    del period_uid_by_id
    evidence_rows.sort(key=lambda r: (str(r[1]), str(r[2]), str(r[0])))
    station = connection.scalar(select(StationRecord.code).where(StationRecord.is_local.is_(True))) or ""
    data = [
        (applicants, applicant_rows),
        (fmt.APPLICATIONS, application_rows),
        (fmt.EMPLOYMENT, employment_rows),
        (fmt.EVIDENCE, evidence_rows),
        (fmt.RESULTS_SHEET, result_rows),
    ]
    return CaseRows(cases, station, data)
