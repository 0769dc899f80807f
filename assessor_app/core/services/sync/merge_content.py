"""A case as a copy: the workbook's cases and this laptop's in canonical rows, with their content hashes."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import ApplicantRecord, ApplicationRecord
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import CaseDigest, canonical, canonical_line, select_rows
from assessor_app.core.services.sync.reader import ParsedBatch, ParsedRow

CASE_SHEETS = (fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET)
COPY_FORMAT = "rpl-case-copy"
CHUNK = 500  # keys per SELECT ... IN (...)

Line = tuple[str, ...]


# --- The copy of a case ------------------------------------------------------------------------------


def _line(sheet: fmt.Sheet, values: dict[str, object]) -> Line:
    return tuple(canonical(values.get(key)) for key in sheet.keys)


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``values`` in slices of :data:`CHUNK` (for ``IN (...)`` lists)."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


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


def _content_hash(lines: Iterable[tuple[str, str]]) -> str:
    digest = CaseDigest()
    for name, line in lines:
        digest.add(name, line)
    return digest.hexdigest()


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
    def case_lines(self) -> tuple[tuple[str, str], ...]:
        """(sheet name, canonical line) of each case row, in the hashes' order."""
        return tuple(
            (sheet.name, canonical_line(line))
            for sheet, lines in zip(CASE_SHEETS, self.rows, strict=True)
            for line in lines
        )

    @cached_property
    def case_sha256(self) -> str:
        """The hash of the case without its applicant row (what the case rule compares)."""
        return _content_hash(self.case_lines)

    @cached_property
    def applicant_sha256(self) -> str:
        return _content_hash([(fmt.APPLICANTS.name, canonical_line(self.applicant))])

    @cached_property
    def sha256(self) -> str:
        """The content hash of the whole case (the ledger's and the conflict's): the case's lines, then
        the applicant's, as the export's ledger hashes a case (:mod:`.case_rows`)."""
        return _content_hash([*self.case_lines, (fmt.APPLICANTS.name, canonical_line(self.applicant))])

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


def read_local(session: Session, condition: ColumnElement[bool]) -> dict[str, LocalCase]:
    """The cases matching ``condition`` as copies, by application key, read in ``session`` (so what the
    caller wrote and has not committed yet is seen): the export's own rows (:mod:`.case_rows`), HKIDs
    in full."""
    session.flush()
    found = select_rows(session.connection(), condition, full_hkid=True)
    grouped: dict[str, list[list[Line]]] = {case.uid: [[] for _ in CASE_SHEETS] for case in found.cases}
    applicants: dict[object, Line] = {}
    for sheet, sheet_rows in found.data:
        if sheet is fmt.APPLICANTS:
            for row in sheet_rows:
                applicants[row[0]] = applicant_line_of(row)
            continue
        index = CASE_SHEETS.index(sheet)
        column = sheet.column_index["application_uid"]
        for row in sheet_rows:
            grouped[str(row[column])][index].append(tuple(map(canonical, row)))
    return {
        case.uid: LocalCase(
            id=case.id,
            uid=case.uid,
            applicant_id=case.applicant_id,
            locked_by_batch_id=case.locked_by_batch_id,
            needs_reexport=bool(case.needs_reexport),
            copy=CaseCopy.build(case.uid, applicants[case.applicant_uid], grouped[case.uid]),
        )
        for case in found.cases
    }


def read_local_uids(session: Session, uids: Iterable[str]) -> dict[str, LocalCase]:
    wanted = sorted(set(uids))
    found: dict[str, LocalCase] = {}
    for chunk in chunks(wanted):
        found.update(read_local(session, ApplicationRecord.uid.in_(chunk)))
    return found


def case_copies(database: Database, uids: Iterable[str]) -> dict[str, CaseCopy]:
    """This laptop's cases with these application keys, as copies (for tests and comparisons)."""
    with database.session() as session:
        return {uid: local.copy for uid, local in read_local_uids(session, uids).items()}


def applicant_line_of(values: Sequence[object]) -> Line:
    """An applicant row (in the applicants sheet's column order) in canonical text."""
    return tuple(canonical(value) for value in values)


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
