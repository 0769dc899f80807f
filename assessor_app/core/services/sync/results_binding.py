"""A returned workbook bound to the batch it came from: its batch in this laptop's ledger, its cases that batch's.

The manifest's batch key must be an export of this laptop (an :class:`ExportBatchRecord` of kind
``export``); every case in the workbook must be an item of that batch; and each case's rows must hash
to the item's ``content_sha256`` by the export's own rule (:class:`.case_rows.CaseDigest` over
:func:`.case_rows.canonical_line` of each row: applications, employment, evidence, results, then its
applicants row), its rows in the export's order. Only the Secretariat's columns (``returned`` in
:mod:`.workbook_format`) may differ from what was exported: for the hash they are taken as blank, else
as this laptop now records them (a case exported with results already, or re-imported after they were
recorded). A case whose hash differs is compared cell by cell with this laptop's rows of it
(:func:`.case_rows.select_rows`, HKIDs in the manifest's form: masked stays masked; a minimised
workbook's applicants in its minimised columns) so each changed cell
is named by sheet, row and column. A format 2.0 workbook is bound by the same rule over its 2.0 rows,
which is how a 2.0 export hashed its cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice, product
from operator import itemgetter

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import ValidationError
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import CaseDigest, canonical, canonical_line, select_rows
from assessor_app.core.services.sync.reader import ParsedBatch
from assessor_app.core.services.sync.sheet_rows import ParsedRow
from assessor_app.core.services.sync.workbook_personal_data import PersonalData

CHUNK = 500  # case keys per SELECT ... IN (...)
MAX_CANDIDATES = 256  # ways of filling a case's result columns tried against its ledger hash
CASE_SHEETS = ("applications", "employment", "evidence", "results")  # the hash's order; applicants last
RETURNED = tuple(
    index for index, column in enumerate(fmt.RESULTS_SHEET.columns) if column.returned
)  # result, soa_number, soa_date, remarks
BLANK: Line = ("",) * len(RETURNED)  # a results row's RETURNED values when none is recorded
# Columns that change on this laptop after an export without the workbook changing: not named when a
# case is compared cell by cell (a change to them still fails the case's hash).
MOVING_COLUMNS = frozenset({("applications", "status")})

Line = tuple[str, ...]
StoredResults = Callable[[str, str], Line | None]  # (case key, qualification) -> its RETURNED values here
# Case key -> (its ledger hash, its results rows' RETURNED values as recorded here) with which its rows
# in the workbook were found to hash to it: the same rows bound again with the same two need no hashing.
Matched = dict[str, tuple[str, tuple[Line, ...]]]


@dataclass(frozen=True)
class BoundBatch:
    """The export a returned workbook belongs to, as this laptop's ledger holds it."""

    id: int
    uid: str
    file_name: str
    created_at: datetime
    created_by: str
    case_count: int
    hkid_form: str  # the manifest's: "masked" or "full"
    personal_data: str = PersonalData.MASKED.value  # the manifest's (a 3.1 file's from hkid_form)

    @property
    def exported_at(self) -> str:
        return hong_kong_text(self.created_at)

    def describe(self) -> str:
        return (
            f"Batch {self.id} ({self.file_name}), exported {self.exported_at} by {self.created_by}, "
            f"{self.case_count} cases, HKIDs {self.hkid_form} / 第 {self.id} 批（{self.file_name}），"
            f"{self.exported_at} 由 {self.created_by} 匯出，{self.case_count} 個個案"
        )


@dataclass(frozen=True)
class Binding:
    batch: BoundBatch
    problems: list[str]
    refused_cases: frozenset[str]  # case keys whose rows are not read for results (listed in problems)
    matched: Matched


def _problem(sheet: str, row: int | None, column: str | None, en: str, zh: str) -> str:
    """A problem as the reader lists one: ``sheet, row, column: English / 中文``."""
    where_en = f"sheet {sheet}" + (f", row {row}" if row else "") + (f", column {column}" if column else "")
    where_zh = f"工作表 {sheet}" + (f" 第 {row} 行" if row else "") + (f" {column} 欄" if column else "")
    return f"{where_en}: {en} / {where_zh}：{zh}"


def find_batch(session: Session, parsed: ParsedBatch, path_name: str) -> BoundBatch:
    """The export of this laptop the manifest names; a refusal when there is none."""
    uid = parsed.manifest.get("batch_uid", "").strip()
    record = session.scalar(
        select(ExportBatchRecord).where(ExportBatchRecord.uid == uid, ExportBatchRecord.kind == "export")
    )
    if record is None:
        shown = uid[:40] or "(none)"
        raise ValidationError(
            f"{path_name} was refused: its batch {shown} was not exported from this laptop, so its results "
            "cannot be checked against what was sent; nothing was changed. Import it on the laptop that "
            "exported it.",
            f"已拒絕 {path_name}：其批次 {shown} 並非由本電腦匯出，無法與匯出內容核對；未有任何更改。"
            "請在匯出該批次的電腦上匯入。",
            code="results_unknown_batch",
        )
    hkid_form = "full" if parsed.manifest.get("hkid_form") == "full" else "masked"
    return BoundBatch(
        record.id,
        record.uid,
        record.file_name,
        record.created_at,
        record.created_by,
        record.case_count,
        hkid_form,
        parsed.personal_data,
    )


def bind(
    session: Session,
    parsed: ParsedBatch,
    path_name: str,
    stored: StoredResults,
    matched_before: Mapping[str, tuple[str, tuple[Line, ...]]] | None = None,
) -> Binding:
    """The workbook's batch and every way it breaks the binding (see the module docstring); an unknown
    batch is refused at once. ``matched_before`` is an earlier binding's ``matched`` of this very
    ``parsed`` (a preview's): its cases whose ledger hash and recorded results are unchanged match
    without being hashed again."""
    batch = find_batch(session, parsed, path_name)
    specs = {spec.name: spec for spec in parsed.data_sheets}
    cases = _cases(parsed, specs)
    items: dict[str, tuple[int, str | None, str]] = {}  # case key -> (id, reference, content hash)
    # The batch's items in one select (a batch is at most an export's cases): faster than asking for the
    # workbook's cases in chunks.
    for uid, case_id, reference, digest in session.connection().execute(
        select(
            ApplicationRecord.uid,
            ApplicationRecord.id,
            ApplicationRecord.reference_no,
            BatchItemRecord.content_sha256,
        )
        .join(ApplicationRecord, ApplicationRecord.id == BatchItemRecord.application_id)
        .where(BatchItemRecord.batch_id == batch.id)
    ):
        if uid in cases:
            items[uid] = (case_id, reference, digest)
    uids = sorted(cases)
    problems: list[str] = []
    refused: set[str] = set()
    foreign = [uid for uid in uids if uid not in items]
    if foreign:
        refused.update(foreign)
        problems.extend(_foreign(session, batch, foreign, cases))
    changed: list[str] = []
    matched: Matched = {}
    before = matched_before or {}
    qualification = specs["results"].column_index["qualification"]
    for uid in uids:
        if uid not in items:
            continue
        digest = items[uid][2]
        results = _lines(cases[uid], "results", specs["results"])
        here = tuple(stored(uid, canonical(line[qualification])) or BLANK for line in results)
        if before.get(uid) == (digest, here) or _matches(cases[uid], specs, digest, results, here):
            matched[uid] = (digest, here)
        else:
            changed.append(uid)
    if changed:
        refused.update(changed)
        problems.extend(_name_changes(session, batch, changed, cases, parsed, items))
    return Binding(batch, problems, frozenset(refused), matched)


@dataclass
class _Case:
    rows: dict[str, list[ParsedRow]]  # sheet name -> this case's rows
    applicant: ParsedRow | None = None

    def first_row(self) -> tuple[str, ParsedRow]:
        for name in ("results", "applications", "employment", "evidence"):
            if self.rows.get(name):
                return name, self.rows[name][0]
        assert self.applicant is not None
        return fmt.APPLICANTS.name, self.applicant

    def reference(self) -> str | None:
        for name in ("applications", "results"):
            for row in self.rows.get(name, []):
                if row.values.get("reference_no"):
                    return str(row.values["reference_no"])
        return None


def _cases(parsed: ParsedBatch, specs: dict[str, fmt.Sheet]) -> dict[str, _Case]:
    """Each case's rows on every data sheet, by case key (a 2.0 applicants row is its person's)."""
    cases: dict[str, _Case] = defaultdict(lambda: _Case(defaultdict(list)))
    for name in CASE_SHEETS:
        for row in parsed.sheets[name]:
            cases[str(row.values["application_uid"])].rows[name].append(row)
    applicants = specs[fmt.APPLICANTS.name]
    if "application_uid" in applicants.column_index:
        for row in parsed.sheets[applicants.name]:
            cases[str(row.values["application_uid"])].applicant = row
    else:  # 2.0: one row per person, carried by each of their cases
        people = {str(row.values["applicant_uid"]): row for row in parsed.sheets[applicants.name]}
        for case in cases.values():
            first = next(iter(case.rows.get("applications", [])), None)
            if first is not None:
                case.applicant = people.get(str(first.values["applicant_uid"]))
    return dict(cases)


def _order(name: str, line: Sequence[object], spec: fmt.Sheet) -> tuple[object, ...]:
    """A case's rows in the export's order: by qualification; periods by position then key; evidence by
    type then key (on the values as read: only the ones compared are made canonical)."""
    index = spec.column_index
    if name == "employment":
        position = canonical(line[index["position"]])
        return (int(position) if position else 0, canonical(line[index["period_uid"]]))
    if name == "evidence":
        return (canonical(line[index["evidence_type"]]), canonical(line[index["evidence_uid"]]))
    return (canonical(line[index["qualification"]]),)


def _lines(case: _Case, name: str, spec: fmt.Sheet) -> list[tuple[object, ...]]:
    """The case's rows of one sheet, each its values as read in the sheet's column order (made canonical
    once, by :func:`.case_rows.canonical_line`), in the export's order."""
    # The reader gives every row a value for each of its sheet's keys (spec.keys has several).
    values_of = itemgetter(*spec.keys)
    lines = [values_of(row.values) for row in case.rows.get(name, [])]
    if len(lines) > 1:
        lines.sort(key=lambda line: _order(name, line, spec))
    return lines


def _fillings(
    results: list[tuple[object, ...]], here: tuple[Line, ...]
) -> Iterator[list[tuple[object, ...]]]:
    """The case's results rows with their result columns as exported might have held them: all blank,
    then as recorded ``here``, then each mix of the two (at most :data:`MAX_CANDIDATES` in all)."""

    def filled(values: Sequence[Line]) -> list[tuple[object, ...]]:
        out = []
        for line, returned in zip(results, values, strict=True):
            cells = list(line)
            for index, value in zip(RETURNED, returned, strict=True):
                cells[index] = value
            out.append(tuple(cells))
        return out

    seen: set[tuple[Line, ...]] = set()
    options = [[BLANK] if row == BLANK else [BLANK, row] for row in here]
    for values in islice(chain([(BLANK,) * len(results), here], product(*options)), MAX_CANDIDATES + 2):
        if values not in seen:
            seen.add(values)
            yield filled(values)


def _matches(
    case: _Case,
    specs: dict[str, fmt.Sheet],
    digest: str,
    results: list[tuple[object, ...]],
    here: tuple[Line, ...],
) -> bool:
    """Whether the case's rows (its ``results`` rows as :func:`_lines` gives them, their result columns
    as recorded ``here``) hash to its ledger item's ``digest`` (see the module docstring)."""
    if not digest:
        return False
    fixed = [
        (name, canonical_line(line)) for name in CASE_SHEETS[:-1] for line in _lines(case, name, specs[name])
    ]
    applicants = specs[fmt.APPLICANTS.name]
    tail = (
        canonical_line(itemgetter(*applicants.keys)(case.applicant.values))
        if case.applicant is not None
        else None
    )
    for filled in _fillings(results, here):
        hashed = CaseDigest()
        for name, text in fixed:
            hashed.add(name, text)
        for line in filled:
            hashed.add("results", canonical_line(line))
        if tail is not None:
            hashed.add(applicants.name, tail)
        if hashed.hexdigest() == digest:
            return True
    return False


def _foreign(session: Session, batch: BoundBatch, uids: list[str], cases: dict[str, _Case]) -> list[str]:
    """A problem for each case that is not an item of ``batch``, naming its row, its reference number
    and, when this laptop exported it, its batch."""
    known: dict[str, tuple[str | None, int | None]] = {}
    for start in range(0, len(uids), CHUNK):
        for uid, reference, batch_id in session.execute(
            select(ApplicationRecord.uid, ApplicationRecord.reference_no, func.max(BatchItemRecord.batch_id))
            .outerjoin(
                BatchItemRecord,
                and_(
                    BatchItemRecord.application_id == ApplicationRecord.id,
                    BatchItemRecord.batch_id.in_(
                        select(ExportBatchRecord.id).where(ExportBatchRecord.kind == "export")
                    ),
                ),
            )
            .where(ApplicationRecord.uid.in_(uids[start : start + CHUNK]))
            .group_by(ApplicationRecord.uid, ApplicationRecord.reference_no)
        ):
            known[uid] = (reference, batch_id)
    problems = []
    for uid in uids:
        sheet, row = cases[uid].first_row()
        reference, other = known.get(uid, (None, None))
        shown = reference or cases[uid].reference() or uid
        if uid not in known:
            en, zh = f"case {shown} is not on this laptop", f"此電腦沒有個案 {shown}"
        elif other is not None:
            en = f"case {shown} belongs to batch {other}, not to batch {batch.id}"
            zh = f"個案 {shown} 屬於第 {other} 批，並非第 {batch.id} 批"
        else:
            en = f"case {shown} is not in batch {batch.id}"
            zh = f"個案 {shown} 不在第 {batch.id} 批"
        problems.append(
            _problem(sheet, row.number, None, f"{en}; its results are refused", f"{zh}；不接受其結果")
        )
    return problems


def _name_changes(
    session: Session,
    batch: BoundBatch,
    uids: list[str],
    cases: dict[str, _Case],
    parsed: ParsedBatch,
    items: dict[str, tuple[int, str | None, str]],
) -> list[str]:
    """Each cell of these cases (whose hashes differ from the ledger's) that differs from this laptop's
    row of it, outside the result columns; one line for a case where no single cell is found."""
    specs = {spec.name: spec for spec in parsed.data_sheets}
    local: dict[str, dict[tuple[str, tuple[str, ...]], dict[str, str]]] = defaultdict(dict)
    full = batch.hkid_form == "full"
    minimised = batch.personal_data == PersonalData.MINIMISED
    connection = session.connection()
    for start in range(0, len(uids), CHUNK):
        found = select_rows(
            connection,
            ApplicationRecord.uid.in_(uids[start : start + CHUNK]),
            full_hkid=full,
            minimised=minimised,
        )
        for local_sheet, local_rows in found.data:
            spec = specs[local_sheet.name]  # the workbook's version's: its rows are found by its own key
            for local_row in local_rows:
                values = {k: canonical(v) for k, v in zip(local_sheet.keys, local_row, strict=True)}
                row_key = tuple(values.get(column, "") for column in spec.key_columns)
                local[values["application_uid"]][(local_sheet.name, row_key)] = values
    problems: list[str] = []
    for uid in uids:
        case, here = cases[uid], local[uid]
        reference = items[uid][1] or uid
        named = 0
        rows = [(name, row) for name in CASE_SHEETS for row in case.rows.get(name, [])]
        if case.applicant is not None:
            rows.insert(0, (fmt.APPLICANTS.name, case.applicant))
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for name, row in rows:
            spec = specs[name]
            key = tuple(canonical(row.values.get(column)) for column in spec.key_columns)
            seen.add((name, key))
            mine = here.get((name, key))
            if mine is None:
                named += 1
                problems.append(
                    _problem(
                        name,
                        row.number,
                        None,
                        f"this row of case {reference} is not on this laptop (batch {batch.id} did not export it)",
                        f"此電腦沒有個案 {reference} 的此行（第 {batch.id} 批沒有匯出）",
                    )
                )
                continue
            for column in spec.columns:
                if (name == "results" and column.returned) or (name, column.key) in MOVING_COLUMNS:
                    continue
                if column.key not in mine:
                    continue
                theirs = canonical(row.values.get(column.key))
                if theirs != mine[column.key]:
                    named += 1
                    problems.append(
                        _problem(
                            name,
                            row.number,
                            parsed.column(spec, column.key),
                            f"{column.label_en} of case {reference} was changed; only the result columns may "
                            "be filled in",
                            f"個案 {reference} 的{column.label_zh}已被更改；只可填寫結果欄",
                        )
                    )
        for name, key in sorted(set(here) - seen):
            if name == fmt.APPLICANTS.name and case.applicant is not None:
                continue
            named += 1
            shown = "/".join(key)
            problems.append(
                _problem(
                    name,
                    None,
                    None,
                    f"the row {shown} of case {reference} is missing",
                    f"個案 {reference} 缺少 {shown} 此行",
                )
            )
        if not named:
            first_sheet, first_row = case.first_row()
            problems.append(
                _problem(
                    first_sheet,
                    first_row.number,
                    None,
                    f"case {reference} differs from what batch {batch.id} exported (its ledger hash); only the "
                    "result columns may be filled in",
                    f"個案 {reference} 與第 {batch.id} 批匯出的內容不符；只可填寫結果欄",
                )
            )
    return problems
