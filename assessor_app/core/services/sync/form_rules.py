"""The application form's own rules applied to each case of a workbook to be merged, problems named by cell.

A merged case must be one the counter could have lodged: each case's applicants, applications and
employment rows are put back into an :class:`~assessor_app.core.domain.application_form.ApplicationForm`
and checked by :func:`~assessor_app.core.domain.application_form.validate_form`, the very function
intake calls. Each error it finds on a field the workbook carries (names, particulars, the date
received, an employment period's dates, type, hours, kind, text) is reported as that cell (sheet, row,
column), so an end before its start or a part-time period without its hours is refused before anything
is written, as the form refuses it. Left to the merge's own checks: the HKID (a conflict when it is not
a full valid number), the catalogue (industries, qualifications, carers), and what the form asks of the
clerk rather than of the data (the ticks, the choice of qualifications).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry, validate_form
from assessor_app.core.domain.enums import EvidenceStatus
from assessor_app.core.domain.experience import EMPLOYMENT
from assessor_app.core.domain.form_fields import FieldProblem, Severity
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.reader import ParsedBatch
from assessor_app.core.services.sync.sheet_rows import ParsedRow, cell_line
from assessor_app.core.services.sync.workbook_legacy import is_legacy, period_from_2

# What the form asks of the clerk or the catalogue rather than of the data: checked elsewhere, or not
# carried by a workbook.
_NOT_CELL_RULES = frozenset(
    {
        "hkid_not_verified",
        "pics_required",
        "qualification_required",
        "carer_unknown_qualification",
        "relevant_to_unknown",
        "caring_without_declaration",
        "employment_required",
        "industry_required",
        "proof_status",
    }
)
_PERIOD_COLUMNS = {
    "employer": "employer",
    "post": "post",
    "duties": "duties",
    "industry": "industry",
    "start": "start_date",
    "end": "end_date",
    "employment_type": "employment_type",
    "hours_per_week": "hours_per_week",
    "kind": "kind",
}
_APPLICANT_FIELDS = (
    "name_zh",
    "surname_en",
    "given_names_en",
    "alias",
    "residence_status",
    "phone",
    "email",
    "address",
    "preferred_language",
)


@dataclass
class _Case:
    applications: list[ParsedRow]
    applicant: ParsedRow | None = None
    periods: list[tuple[ParsedRow, dict[str, object]]] | None = None


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _form(case: _Case) -> ApplicationForm:
    """The case's rows as the form the counter would have filled in (the HKID left to the merge)."""
    first = case.applications[0].values
    particulars = case.applicant.values if case.applicant is not None else {}
    qualifications = list(range(1, len(case.applications) + 1))
    carers = [
        number
        for number, row in zip(qualifications, case.applications, strict=True)
        if row.values.get("carer_declaration") == fmt.YES
    ]
    employment = [
        EmploymentEntry(
            employer=_text(values.get("employer")),
            post=_text(values.get("post")),
            industry=_text(values.get("industry")),
            start=_text(values.get("start_date")),
            end=_text(values.get("end_date")),
            present=values.get("end_date") is None,
            employment_type=_text(values.get("employment_type")),
            hours_per_week=_text(values.get("hours_per_week")),
            in_hong_kong=values.get("in_hong_kong") != fmt.NO,
            duties=_text(values.get("duties")),
            proof_status=EvidenceStatus.MISSING.value,
            kind=_text(values.get("kind")) or EMPLOYMENT,
        )
        for _row, values in case.periods or []
    ]
    form = ApplicationForm(
        received_on=_text(first.get("application_date")),
        hkid_original_seen=True,
        date_of_birth=_text(particulars.get("date_of_birth")),
        employment=employment,
        qualification_ids=qualifications,
        carer_qualification_ids=carers,
        pics_acknowledged=True,
    )
    for name in _APPLICANT_FIELDS:
        setattr(form, name, _text(particulars.get(name)))
    return form


def _cell(
    case: _Case, problem: FieldProblem, specs: dict[str, fmt.Sheet]
) -> tuple[fmt.Sheet, int, str] | None:
    """The sheet, row number and column key a form problem is about, or None when the workbook has no
    such cell (a 2.0 workbook has no address, for one)."""
    parts = problem.field.split(".")
    if parts[0] == "received_on":
        found: tuple[str, ParsedRow | None, str] = (
            fmt.APPLICATIONS.name,
            case.applications[0],
            "application_date",
        )
    elif parts[0] == "employment" and len(parts) == 3 and parts[2] in _PERIOD_COLUMNS and case.periods:
        found = (fmt.EMPLOYMENT.name, case.periods[int(parts[1])][0], _PERIOD_COLUMNS[parts[2]])
    elif len(parts) == 1 and parts[0] in (*_APPLICANT_FIELDS, "date_of_birth"):
        found = (fmt.APPLICANTS.name, case.applicant, parts[0])
    else:
        return None
    name, row, key = found
    spec = specs.get(name)
    if row is None or spec is None or key not in spec.column_index:
        return None
    return spec, row.number, key


def _cases(parsed: ParsedBatch) -> dict[str, _Case]:
    """Each case's rows by application key (a 2.0 workbook's read with their 3.0 meaning)."""
    cases: dict[str, _Case] = {}
    for row in parsed.sheets.get(fmt.APPLICATIONS.name, []):
        uid = str(row.values["application_uid"])
        cases.setdefault(uid, _Case([])).applications.append(row)
    legacy = is_legacy(parsed.version)
    applicants = parsed.sheets.get(fmt.APPLICANTS.name, [])
    people = {str(row.values["applicant_uid"]): row for row in applicants}
    for case in cases.values():
        case.applications.sort(key=lambda row: str(row.values["qualification"]))
        if legacy:
            case.applicant = people.get(str(case.applications[0].values["applicant_uid"]))
    if not legacy:
        for row in applicants:
            uid = str(row.values["application_uid"])
            if uid in cases:
                cases[uid].applicant = row
    periods: dict[str, list[tuple[ParsedRow, dict[str, object]]]] = defaultdict(list)
    for row in parsed.sheets.get(fmt.EMPLOYMENT.name, []):
        uid = str(row.values["application_uid"])
        values = period_from_2(row.values, []) if legacy else row.values
        periods[uid].append((row, values))
    for uid, rows in periods.items():
        if uid in cases:
            rows.sort(key=lambda item: (item[1].get("position") or 0, str(item[1]["period_uid"])))
            cases[uid].periods = rows
    return cases


def form_problems(parsed: ParsedBatch, *, today: date, skip: Collection[str] = ()) -> list[str]:
    """Every error the application form would find in the workbook's cases (but those whose application
    keys are in ``skip``), one line per cell (sheet, row, column, reason in both languages), in sheet and
    row order; empty when there is none."""
    specs = {sheet.name: sheet for sheet in parsed.data_sheets}
    order = [sheet.name for sheet in parsed.data_sheets]
    found: dict[tuple[int, int, int, str], str] = {}
    for uid, case in _cases(parsed).items():
        if not case.applications or uid in skip:
            continue
        _clean, problems = validate_form(_form(case), today=today)
        for problem in problems:
            if problem.severity is not Severity.ERROR or problem.code in _NOT_CELL_RULES:
                continue
            cell = _cell(case, problem, specs)
            if cell is None:
                continue
            spec, number, key = cell
            where = parsed.column(spec, key)
            line = cell_line(spec.name, number, where, problem.en, problem.zh)
            place = (order.index(spec.name), number, spec.column_index[key], problem.code)
            found.setdefault(place, line)
    return [found[place] for place in sorted(found)]
