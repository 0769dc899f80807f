"""A case as a copy: the workbook's cases and this laptop's in canonical rows, with their content hashes."""

from __future__ import annotations

import json
import operator
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, select, update
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import ValidationError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import (
    CaseDigest,
    canonical,
    canonical_line,
    case_content_hash,
    encoded_data_hash,
    select_rows,
)
from assessor_app.core.services.sync.form_rules import form_problems
from assessor_app.core.services.sync.reader import ParsedBatch
from assessor_app.core.services.sync.sheet_rows import ParsedRow, cell_line
from assessor_app.core.services.sync.workbook_legacy import applicant_from_2, is_legacy, period_from_2

CASE_SHEETS = (fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET)
COPY_FORMAT = "rpl-case-copy"
CHUNK = 500  # keys per SELECT ... IN (...)
_SHEET_AT = {id(sheet): index for index, sheet in enumerate(CASE_SHEETS)}

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


@dataclass(frozen=True)
class CaseCopy:
    """One case as a batch workbook carries it: its applicants row (the particulars as lodged) and its rows
    on the other data sheets (in :data:`CASE_SHEETS` order, each sorted), every value in canonical text,
    HKIDs in full."""

    uid: str
    applicant: Line  # the case's applicants row; empty when the workbook lacks it
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
        # By identity first: tuple.index compares the sheets field by field (the merge asks 300,000 times).
        index = _SHEET_AT.get(id(sheet))
        return self.rows[CASE_SHEETS.index(sheet) if index is None else index]

    @cached_property
    def sha256(self) -> str:
        """The content hash of the whole case (the ledger's, the conflict's and the merge rule's): the
        case's lines, then its applicants row, as the export's ledger hashes a case (:mod:`.case_rows`).
        Only the hash is kept, not the lines (JSON text of every row: tens of MiB for a batch)."""
        lines = [
            (sheet.name, line)
            for sheet, sheet_lines in zip(CASE_SHEETS, self.rows, strict=True)
            for line in sheet_lines
        ]
        return case_content_hash([*lines, (fmt.APPLICANTS.name, self.applicant)])

    @property
    def applicant_uid(self) -> str:
        applications = self.sheet(fmt.APPLICATIONS)
        if applications:
            return applications[0][fmt.APPLICATIONS.column_index["applicant_uid"]]
        return self.applicant[fmt.APPLICANTS.column_index["applicant_uid"]] if self.applicant else ""

    @property
    def reference_no(self) -> str | None:
        applications = self.sheet(fmt.APPLICATIONS)
        if not applications:
            return None
        return applications[0][fmt.APPLICATIONS.column_index["reference_no"]] or None

    @property
    def hkid(self) -> str:
        return self.applicant[fmt.APPLICANTS.column_index["hkid"]] if self.applicant else ""

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

        def rows(sheet: fmt.Sheet) -> list[dict[str, object]]:
            stored = sheets.get(sheet.name) or {"keys": [], "rows": []}
            keys: list[str] = stored["keys"]
            return [dict(zip(keys, (str(value) for value in row), strict=True)) for row in stored["rows"]]

        uid = str(data["application_uid"])
        applications = rows(fmt.APPLICATIONS)
        applicants = rows(fmt.APPLICANTS)
        periods = rows(fmt.EMPLOYMENT)
        # A copy kept before format 3.0: read with the 2.0 workbook's meaning, as a 2.0 file is merged.
        if applicants and "application_uid" not in applicants[0]:
            reference = applications[0].get("reference_no") if applications else None
            applicants = [applicant_from_2(applicants[0], uid, reference)]
        if periods and "relevant_to" not in periods[0]:
            keys = [str(row["qualification"]) for row in applications]
            periods = [period_from_2(row, keys) for row in periods]
        applicant = _line(fmt.APPLICANTS, applicants[0]) if applicants and any(applicants[0].values()) else ()
        lines = {fmt.APPLICATIONS.name: applications, fmt.EMPLOYMENT.name: periods}
        return CaseCopy.build(
            uid,
            applicant,
            [[_line(sheet, row) for row in lines.get(sheet.name) or rows(sheet)] for sheet in CASE_SHEETS],
        )


def split_keys(text: str, known: Sequence[str]) -> tuple[list[str], list[str]]:
    """A ``relevant_to`` cell as the qualification keys it names (each once, in ``known``'s order), and
    the parts that name none of ``known``. A key holding the separator itself is still found whole."""
    found: set[str] = set()
    unknown: list[str] = []
    longest_first = sorted(known, key=len, reverse=True)
    position, separator = 0, fmt.KEY_SEPARATOR
    text = text.strip()
    while position < len(text):
        for key in longest_first:
            end = position + len(key)
            if text.startswith(key, position) and (end == len(text) or text.startswith(separator, end)):
                found.add(key)
                position = end + len(separator)
                break
        else:
            end = text.find(separator, position)
            end = len(text) if end < 0 else end
            part = text[position:end].strip()
            if part:
                unknown.append(part)
            position = end + len(separator)
    return [key for key in known if key in found], unknown


def copies_from_workbook(
    parsed: ParsedBatch,
    *,
    today: date | None = None,
    held_here: Callable[[dict[str, CaseCopy]], Collection[str]] | None = None,
) -> dict[str, CaseCopy]:
    """Every case of a parsed workbook as a copy, by application key (a 2.0 workbook's rows read with
    their 2.0 meaning, see :mod:`.workbook_legacy`). The workbook is refused, every problem listed by
    sheet, row and column, when a case breaks a rule of the application form (:mod:`.form_rules`, as of
    ``today``, Hong Kong's by default) or a ``relevant_to`` names a qualification its case did not
    apply for.

    ``held_here`` is given the copies and names those whose content hash is that of the case this laptop
    holds under the same key: their form rules are not checked again. Such a copy carries, value for
    value, the text of a case that passed these very rules here (intake lodges a case through
    ``validate_form``, a merge through this check, a later change of particulars or of a period through
    intake's same checks), and the only errors that look at the date (nothing after today, an applicant at
    least 15) only get easier as days pass;
    the form reads each cell as that text (a blank is ``None``, as the hash's empty string is). So no cell
    of it can break a rule, and merging it writes nothing. The ``relevant_to`` check still runs for every
    copy: its canonical form drops a part that names no qualification, so the hash does not cover it."""
    legacy = is_legacy(parsed.version)
    keys: dict[str, list[str]] = defaultdict(list)  # each case's qualification keys, in the sheet's order
    references: dict[str, object] = {}
    applicant_of: dict[str, str] = {}
    for row in parsed.sheets[fmt.APPLICATIONS.name]:
        uid = str(row.values["application_uid"])
        keys[uid].append(str(row.values["qualification"]))
        references[uid] = row.values["reference_no"]
        applicant_of[uid] = str(row.values["applicant_uid"])
    for uid in keys:
        keys[uid].sort()
    applicants: dict[str, Line] = {}
    if legacy:  # 2.0: one row per person, their particulars at export, carried by each of their cases
        people = {str(row.values["applicant_uid"]): row.values for row in parsed.sheets[fmt.APPLICANTS.name]}
        for uid, person in applicant_of.items():
            if person in people:
                applicants[uid] = _line(
                    fmt.APPLICANTS, applicant_from_2(people[person], uid, references[uid])
                )
    else:
        for row, line in _with_lines(parsed, fmt.APPLICANTS):
            applicants[str(row.values["application_uid"])] = line
    problems: list[str] = []  # relevant_to's, after the form's
    relevant_at = parsed.column(fmt.EMPLOYMENT, "relevant_to")
    grouped: dict[str, list[list[Line]]] = defaultdict(lambda: [[] for _ in CASE_SHEETS])
    altered: set[str] = set()  # cases with a row whose canonical form is not the file's text
    for index, sheet in enumerate(CASE_SHEETS):
        for row, line in _with_lines(parsed, sheet):
            uid = str(row.values["application_uid"])
            values = row.values
            if sheet is fmt.EMPLOYMENT:
                values = (
                    period_from_2(values, keys[uid])
                    if legacy
                    else _relevant(row, keys[uid], problems, relevant_at)
                )
            if values is not row.values:
                canonical_form = _line(sheet, values)
                if canonical_form != line:
                    line = canonical_form
                    altered.add(uid)
            grouped[uid][index].append(line)
    copies: dict[str, CaseCopy] = {}
    for uid, lines in grouped.items():
        copy = copies[uid] = CaseCopy.build(uid, applicants.get(uid, ()), lines)
        hashed = parsed.case_sha256.get(uid)
        # The hash taken of the file's rows is the copy's when they are its lines in its order.
        if hashed is not None and uid not in altered and all(map(_same, copy.rows, lines)):
            copy.__dict__["sha256"] = hashed  # the cached_property's slot
    skip = held_here(copies) if held_here is not None else ()
    problems[:0] = form_problems(parsed, today=hong_kong_today() if today is None else today, skip=skip)
    if problems:
        raise ValidationError(
            f"The workbook was refused: {len(problems)} problem(s); nothing was changed.",
            f"已拒絕工作簿：共 {len(problems)} 項問題；未有任何更改。",
            code="workbook_invalid",
            details=problems,
        )
    return copies


def _same(ordered: tuple[Line, ...], as_read: list[Line]) -> bool:
    return len(ordered) == len(as_read) and all(map(operator.is_, ordered, as_read))


def hash_rows(parsed: ParsedBatch) -> str:
    """The data SHA-256 of a parsed workbook (:func:`.case_rows.data_hash`), each row made canonical
    text and JSON once on the way: the text is kept (``parsed.lines``) and, for a 3.x workbook, each
    case's content hash as its rows come in the file (``parsed.case_sha256``, the copy's when its rows
    are in the export's order: :func:`copies_from_workbook` checks)."""
    per_case = parsed.data_sheets == fmt.DATA_SHEETS
    cases: dict[str, CaseDigest] = {}
    applicant_text: dict[str, str] = {}

    def texts(sheet: fmt.Sheet) -> Iterator[str]:
        # Column by column (text, most cells, as it is): one comprehension per column, not per row.
        values = [row.values for row in parsed.sheets[sheet.name]]
        columns = [
            [
                value if type(value) is str else canonical(value)
                for value in map(operator.itemgetter(key), values)
            ]
            for key in sheet.keys
        ]
        lines = parsed.lines[sheet.name] = list(zip(*columns, strict=True))
        uid_column = sheet.column_index.get("application_uid") if per_case else None
        for line in lines:
            text = canonical_line(line)
            if uid_column is not None:
                if sheet is fmt.APPLICANTS:
                    applicant_text[line[uid_column]] = text
                else:
                    case = cases.get(line[uid_column])
                    if case is None:
                        case = cases[line[uid_column]] = CaseDigest()
                    case.add(sheet.name, text)
            yield text

    digest = encoded_data_hash((sheet.name, texts(sheet)) for sheet in parsed.data_sheets)
    empty = canonical_line(())
    for uid, case in cases.items():
        case.add(fmt.APPLICANTS.name, applicant_text.get(uid, empty))
        parsed.case_sha256[uid] = case.hexdigest()
    return digest


def _with_lines(parsed: ParsedBatch, sheet: fmt.Sheet) -> Iterator[tuple[ParsedRow, Line]]:
    """The sheet's rows, each with its canonical line: the one the data hash was checked over when the
    sheet has them (a 3.x sheet read for a merge), else made here."""
    rows: list[ParsedRow] = parsed.sheets[sheet.name]
    lines = parsed.lines.get(sheet.name)
    if lines is not None and len(lines) == len(rows) and parsed.data_sheets == fmt.DATA_SHEETS:
        return zip(rows, lines, strict=True)
    return ((row, _line(sheet, row.values)) for row in rows)


def _relevant(row: ParsedRow, keys: list[str], problems: list[str], column: str) -> dict[str, object]:
    """An employment row with its ``relevant_to`` (in ``column``, as a refusal names it) in canonical
    form (the case's keys, in order)."""
    text = row.values.get("relevant_to")
    if not text:
        return row.values
    found, unknown = split_keys(str(text), keys)
    for part in unknown:
        problems.append(
            cell_line(
                fmt.EMPLOYMENT.name,
                row.number,
                column,
                f"{part!r} is not a qualification this application applied for (its applications rows: "
                f"{', '.join(keys) or 'none'})",
                f"{part!r} 並非此申請所申請的資歷",
            )
        )
    return {**row.values, "relevant_to": fmt.KEY_SEPARATOR.join(found) or None}


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
                applicants[row[0]] = tuple(map(canonical, row))
            continue
        index = CASE_SHEETS.index(sheet)
        column = sheet.column_index["application_uid"]
        for row in sheet_rows:
            grouped[str(row[column])][index].append(tuple(map(canonical, row)))
    return {
        case.uid: local_case(case, CaseCopy.build(case.uid, applicants[case.uid], grouped[case.uid]))
        for case in found.cases
    }


def local_case(case: Any, copy: CaseCopy) -> LocalCase:
    """A case here from its row of :mod:`.case_rows`' case columns, with ``copy`` as its content."""
    return LocalCase(
        id=case.id,
        uid=case.uid,
        applicant_id=case.applicant_id,
        locked_by_batch_id=case.locked_by_batch_id,
        needs_reexport=bool(case.needs_reexport),
        copy=copy,
    )


def read_local_hashes(session: Session, condition: ColumnElement[bool]) -> dict[str, tuple[Any, str]]:
    """The cases matching ``condition`` as their row (id, uid, applicant_id, locked_by_batch_id,
    needs_reexport) and their content hash, by application key, read in ``session``: the hash their
    :func:`read_local` copy has. A hash the case content cache holds is taken as it is (its triggers
    clear it whenever the case's rows change, migration 0011); the others are computed as the export's
    ledger computes them (:meth:`.case_rows.CaseRows.case_hashes`, one pass over the rows, no copy
    built) and stored in the cache."""
    session.flush()
    A = ApplicationRecord
    found = session.execute(
        select(A.id, A.uid, A.applicant_id, A.locked_by_batch_id, A.needs_reexport, A.content_sha256).where(
            condition
        )
    ).all()
    missing = [case.id for case in found if case.content_sha256 is None]
    computed: dict[int, str] = {}
    for chunk in chunks(missing):
        computed.update(select_rows(session.connection(), A.id.in_(chunk), full_hkid=True).case_hashes())
    store_content_hashes(session, {case.uid: computed[case.id] for case in found if case.id in computed})
    return {case.uid: (case, case.content_sha256 or computed[case.id]) for case in found}


def store_content_hashes(session: Session, hashes: dict[str, str]) -> None:
    """Put these content hashes (by application key) in the case content cache (see
    :func:`read_local_hashes`)."""
    if hashes:
        table = cast(Table, ApplicationRecord.__table__)
        session.execute(
            update(table)
            .where(table.c.uid == bindparam("case_uid"))
            .values(
                # Derived data, not a change of the case: its last-change time stays.
                content_sha256=bindparam("sha256"),
                updated_at=table.c.updated_at,
            ),
            [{"case_uid": uid, "sha256": sha256} for uid, sha256 in hashes.items()],
        )


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
