"""Writing a copy's rows into the database: adding cases (and new applicants) or replacing a case's content.

A merge never changes an applicant already here: the case's own particulars (as lodged) are written to
the application; only a person new to this laptop is created, from those particulars. New cases are
written in bulk (:class:`NewCases`: Core multi-row INSERTs, no ORM object per row); a case replaced
by the merge rule is rewritten through the ORM (:func:`write_case`), keeping what the workbook does not
carry. Both take each column's value from the same functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.bulk_insert import insert_values
from assessor_app.core.db.models.base import Base
from assessor_app.core.db.models.cases import (
    PARTICULAR_FIELDS,
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.hong_kong_time import HONG_KONG, hong_kong_date
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import canonical
from assessor_app.core.services.sync.merge_checks import Catalogue
from assessor_app.core.services.sync.merge_content import CaseCopy, Line, split_keys

SIGN_OFF_TIME = time(12, 0)  # a merged sign-off date is recorded at noon, Hong Kong time


def sign_off_moment(day: date) -> datetime:
    """The moment a merged sign-off date is recorded at: noon, Hong Kong time, stored in UTC."""
    return datetime.combine(day, SIGN_OFF_TIME, tzinfo=HONG_KONG).astimezone(UTC)


_CONVERTERS: dict[fmt.ColumnType, Callable[[str], Any]] = {
    fmt.ColumnType.DATE: date.fromisoformat,
    fmt.ColumnType.INTEGER: int,
}
# Per sheet name, made once: its column keys, and the typed ones with their converters.
_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, Callable[[str], Any]], ...]]] = {}


def _typed(sheet: fmt.Sheet, line: Line) -> dict[str, Any]:
    """A canonical line as typed values by column key (a blank is None)."""
    columns = _COLUMNS.get(sheet.name)
    if columns is None:
        columns = _COLUMNS[sheet.name] = (
            sheet.keys,
            tuple(
                (column.key, _CONVERTERS[column.type])
                for column in sheet.columns
                if column.type in _CONVERTERS
            ),
        )
    keys, typed = columns
    values: dict[str, Any] = dict(zip(keys, [text or None for text in line], strict=True))
    for key, convert in typed:
        text = values[key]
        if text is not None:
            values[key] = convert(text)
    return values


def _particulars(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: values[name] if values[name] is not None or name == "date_of_birth" else ""
        for name in PARTICULAR_FIELDS
    }


def _assign(record: object, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(record, name, value)


def new_applicant(session: Session, line: Line) -> ApplicantRecord:
    """A person new to this laptop, from one of their cases' applicants row (HKID and particulars as
    lodged on that form); the HKID verification stamp is not in the workbook."""
    record = ApplicantRecord()
    _assign(record, _applicant_values(line))
    session.add(record)
    return record


def _applicant_values(line: Line) -> dict[str, Any]:
    values = _typed(fmt.APPLICANTS, line)
    return {"uid": values["applicant_uid"], "hkid": values["hkid"], **_particulars(values)}


_CARRIED = ("recommendation", "reasons", "decided_by", "signed_off_by", "signed_off_on")


def _decision_values(result: dict[str, Any]) -> dict[str, Any]:
    """What the workbook carries of a decision (the time of a sign-off is kept apart: see its callers)."""
    return {
        "recommendation": result.get("recommendation"),
        "reasons": result.get("reasons") or "",
        "decided_by": result.get("decided_by"),
        "signed_off_by": result.get("signed_off_by"),
    }


def _write_decision(session: Session, applied: AppliedQualificationRecord, result: dict[str, Any]) -> None:
    """The decision of a qualification applied for already here (a new one: :class:`NewCases`)."""
    decision = session.scalar(
        select(AssessmentDecisionRecord).where(
            AssessmentDecisionRecord.applied_qualification_id == applied.id
        )
    )
    if decision is None and not any(result.get(key) for key in _CARRIED):
        return
    if decision is None:
        decision = AssessmentDecisionRecord(applied_qualification_id=applied.id)
        session.add(decision)
    values = _decision_values(result)
    if decision.decided_by != values["decided_by"] or values["recommendation"] is None:
        decision.decided_at = None  # not in the workbook
    _assign(decision, values)
    day: date | None = result.get("signed_off_on")
    if day is None:
        decision.signed_off_at = None
    elif hong_kong_date(decision.signed_off_at) != day:
        decision.signed_off_at = sign_off_moment(day)


def _application_values(catalogue: Catalogue, first: dict[str, Any]) -> dict[str, Any]:
    return {
        "reference_no": first["reference_no"],
        "event_id": catalogue.events[first["event_code"]] if first["event_code"] else None,
        "station_code": first["station_code"] or "",
        "status": first["status"],
        "application_date": first["application_date"],
        "fee_hkd": first["fee_hkd"],
    }


def _applied_values(values: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    return {
        "carer_declaration": values["carer_declaration"] == fmt.YES,
        "route": values["route"],
        "eligibility": values["eligibility"],
        "result": result.get("result"),
        "soa_number": result.get("soa_number"),
        "soa_date": result.get("soa_date"),
    }


def _period_values(catalogue: Catalogue, values: dict[str, Any]) -> dict[str, Any]:
    overseas = values["overseas_accepted"]
    return {
        "position": values["position"] if values["position"] is not None else 0,
        "employer": values["employer"] or "",
        "post": values["post"] or "",
        "industry_id": catalogue.industries[values["industry"]] if values["industry"] else None,
        "start_date": values["start_date"],
        "end_date": values["end_date"],
        "employment_type": values["employment_type"],
        "hours_per_week": values["hours_per_week"],
        "in_hong_kong": values["in_hong_kong"] == fmt.YES,
        "kind": values["kind"],
        "weight_percent": values["weight_percent"],
        "overseas_accepted": None if overseas is None else overseas == fmt.YES,
        "duties": values["duties"] or "",
    }


def _relevant_keys(values: dict[str, Any], applied: Sequence[str]) -> list[str]:
    """The qualification keys of ``relevant_to``, in the case's order (the copy's keys are the case's:
    :func:`.merge_content.copies_from_workbook` refused any other)."""
    keys, _ = split_keys(values["relevant_to"] or "", applied)
    return keys


def _item_values(values: dict[str, Any], period_ids: Mapping[str, int]) -> dict[str, Any]:
    return {
        "evidence_type": values["evidence_type"],
        "period_id": period_ids[values["period_uid"]] if values["period_uid"] else None,
        "status": values["status"],
        "reason": values["reason"] or "",
    }


def _results(copy: CaseCopy) -> dict[str, dict[str, Any]]:
    R = fmt.RESULTS_SHEET
    return {line[R.column_index["qualification"]]: _typed(R, line) for line in copy.sheet(R)}


def _table(record: type[Base]) -> Table:
    return cast(Table, record.__table__)


class NewCases:
    """Cases new to this laptop (and the people new with them), written in bulk: per table one
    executemany INSERT (with RETURNING where the ids are needed) for all the cases added since the last
    :meth:`write`, each table's rows case by case in the order the cases were added (so the ids are
    those one ORM unit of work per case would give). The copies must have passed
    :func:`.merge_checks.case_problems`. Nothing reads these cases back before :meth:`write`."""

    def __init__(self, session: Session, catalogue: Catalogue, *, actor: str) -> None:
        self.session = session
        self.catalogue = catalogue
        self.actor = actor
        self.cases: list[tuple[CaseCopy, int | None]] = []  # each with its applicant's id, None: a new person
        self.people: dict[str, Line] = {}  # applicant key → applicants row of a person not yet written
        self.person_ids: dict[str, int] = {}  # the people written
        self.hkids: dict[str, str] = {}  # the HKID of each person created here

    def __len__(self) -> int:
        return len(self.cases)

    def add(self, copy: CaseCopy, *, applicant_id: int | None, person: Line) -> None:
        """Add ``copy``, linked to the applicant ``applicant_id`` here or (None) to the person of
        applicant key ``copy.applicant_uid``, created once from ``person`` (their applicants row)."""
        uid = copy.applicant_uid
        if applicant_id is None and uid not in self.person_ids and uid not in self.people:
            self.people[uid] = person
            self.hkids[uid] = canonical(_typed(fmt.APPLICANTS, person)["hkid"])
        self.cases.append((copy, applicant_id))

    def person_hkid(self, applicant_uid: str) -> str | None:
        """The HKID of a person this writer created (or will), None for anyone else."""
        return self.hkids.get(applicant_uid)

    def _insert(self, record: type[Base], rows: list[dict[str, Any]], *, ids: bool = False) -> list[int]:
        """Insert ``rows`` in order in one executemany; with ``ids``, their ids in that order.

        The ids are the ones SQLite would give the rows inserted in this order: the largest id so far plus
        one, then each next one (these tables have no AUTOINCREMENT, so a deleted row's id is reused as
        SQLite reuses it; a test holds them to that). Giving them spares a RETURNING, which SQLAlchemy
        sends as many multi-row statements whose rows come back in no set order."""
        if not rows:
            return []
        table = _table(record)
        numbers: list[int] = []
        if ids:
            first = (self.session.scalar(select(func.max(table.c.id))) or 0) + 1
            numbers = list(range(first, first + len(rows)))
            for row, number in zip(rows, numbers, strict=True):
                row["id"] = number
        insert_values(self.session.connection(), table, rows)
        return numbers

    def write(self) -> dict[str, int]:
        """Write every case added since the last call; their application ids by application key."""
        A, P, E = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE
        session, catalogue = self.session, self.catalogue
        session.flush()  # ORM changes still pending go in first, as before these rows
        people = [_applicant_values(line) for line in self.people.values()]
        self.person_ids.update(zip(self.people, self._insert(ApplicantRecord, people, ids=True), strict=True))
        self.people.clear()
        cases = [
            (copy, [_typed(A, line) for line in copy.sheet(A)], _results(copy), applicant_id)
            for copy, applicant_id in self.cases
        ]
        self.cases.clear()
        applications = [
            {
                "uid": copy.uid,
                "created_by": self.actor,
                "applicant_id": applicant_id
                if applicant_id is not None
                else self.person_ids[copy.applicant_uid],
                **_application_values(catalogue, lines[0]),
                **_particulars(_typed(fmt.APPLICANTS, copy.applicant)),
            }
            for copy, lines, _, applicant_id in cases
        ]
        case_ids = self._insert(ApplicationRecord, applications, ids=True)
        applied = [
            {
                "application_id": case_id,
                "qualification_id": catalogue.qualifications[values["qualification"]],
                **_applied_values(values, results.get(values["qualification"], {})),
            }
            for case_id, (_, lines, results, _) in zip(case_ids, cases, strict=True)
            for values in lines
        ]
        applied_ids = iter(self._insert(AppliedQualificationRecord, applied, ids=True))
        periods: list[dict[str, Any]] = []
        relevant: list[list[str]] = []  # per period, the keys of the qualifications it is relevant to
        for case_id, (copy, lines, _, _) in zip(case_ids, cases, strict=True):
            keys = [values["qualification"] for values in lines]
            for line in copy.sheet(P):
                values = _typed(P, line)
                periods.append(
                    {
                        "uid": values["period_uid"],
                        "application_id": case_id,
                        **_period_values(catalogue, values),
                    }
                )
                relevant.append(_relevant_keys(values, keys))
        period_ids = iter(self._insert(EmploymentPeriodRecord, periods, ids=True))
        relevant_keys = iter(relevant)
        relevance: list[dict[str, Any]] = []
        decisions: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        for case_id, (copy, lines, results, _) in zip(case_ids, cases, strict=True):
            by_key = {values["qualification"]: next(applied_ids) for values in lines}
            own_periods = {line[P.column_index["period_uid"]]: next(period_ids) for line in copy.sheet(P)}
            for period_id in own_periods.values():
                relevance += [
                    {"period_id": period_id, "applied_qualification_id": by_key[key]}
                    for key in next(relevant_keys)
                ]
            for key, applied_id in by_key.items():
                result = results.get(key, {})
                if any(result.get(name) for name in _CARRIED):
                    day: date | None = result.get("signed_off_on")
                    decisions.append(
                        {
                            "applied_qualification_id": applied_id,
                            **_decision_values(result),
                            "decided_at": None,  # not in the workbook
                            "signed_off_at": None if day is None else sign_off_moment(day),
                        }
                    )
            for line in copy.sheet(E):
                values = _typed(E, line)
                items.append(
                    {
                        "uid": values["evidence_uid"],
                        "application_id": case_id,
                        **_item_values(values, own_periods),
                    }
                )
        self._insert(PeriodRelevanceRecord, relevance)
        self._insert(AssessmentDecisionRecord, decisions)
        self._insert(EvidenceItemRecord, items)
        return {copy.uid: case_id for case_id, (copy, _, _, _) in zip(case_ids, cases, strict=True)}


def write_case(
    session: Session,
    catalogue: Catalogue,
    copy: CaseCopy,
    application: ApplicationRecord | None,
    *,
    applicant: ApplicantRecord,
    actor: str,
) -> ApplicationRecord:
    """Create (``application`` None) or overwrite a case from ``copy``: its rows and its own particulars
    (the case is linked to ``applicant``, whose record is not changed). The copy must have passed
    :func:`case_problems`. Attachments, document requests and the five-rule notes of a decision stay as
    they are."""
    if application is None:
        session.flush()  # the applicant's id
        added = NewCases(session, catalogue, actor=actor)
        added.add(copy, applicant_id=applicant.id, person=copy.applicant)
        created = session.get(ApplicationRecord, added.write()[copy.uid])
        assert created is not None
        return created
    A, P, E = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE
    lines = [_typed(A, line) for line in copy.sheet(A)]
    application.applicant = applicant
    _assign(application, _application_values(catalogue, lines[0]))
    _assign(application, _particulars(_typed(fmt.APPLICANTS, copy.applicant)))
    session.flush()

    results = _results(copy)
    applied_here: dict[int, AppliedQualificationRecord] = {
        record.qualification_id: record
        for record in session.scalars(
            select(AppliedQualificationRecord).where(
                AppliedQualificationRecord.application_id == application.id
            )
        )
    }
    pending: list[tuple[AppliedQualificationRecord, dict[str, Any]]] = []
    by_key: dict[str, AppliedQualificationRecord] = {}
    for values in lines:
        qualification_id = catalogue.qualifications[values["qualification"]]
        applied = applied_here.pop(qualification_id, None)
        if applied is None:
            applied = AppliedQualificationRecord(
                application_id=application.id, qualification_id=qualification_id
            )
            session.add(applied)
        result = results.get(values["qualification"], {})
        _assign(applied, _applied_values(values, result))
        pending.append((applied, result))
        by_key[values["qualification"]] = applied
    for leftover in applied_here.values():
        session.delete(leftover)  # its decision goes with it (ON DELETE CASCADE)
    session.flush()
    for applied, result in pending:
        _write_decision(session, applied, result)

    periods_here: dict[str, EmploymentPeriodRecord] = {
        record.uid: record
        for record in session.scalars(
            select(EmploymentPeriodRecord).where(EmploymentPeriodRecord.application_id == application.id)
        )
    }
    period_records: dict[str, EmploymentPeriodRecord] = {}
    for line in copy.sheet(P):
        values = _typed(P, line)
        period = periods_here.pop(values["period_uid"], None)
        if period is None:
            period = EmploymentPeriodRecord(uid=values["period_uid"], application_id=application.id)
            session.add(period)
        _assign(period, _period_values(catalogue, values))
        wanted = [by_key[key] for key in _relevant_keys(values, list(by_key))]
        # Keep the rows that stay (replacing them all would insert the new before deleting the old).
        kept = [row for row in period.relevance if row.applied_qualification in wanted]
        have = [row.applied_qualification for row in kept]
        period.relevance = kept + [
            PeriodRelevanceRecord(applied_qualification=record) for record in wanted if record not in have
        ]
        period_records[period.uid] = period
    for leftover_period in periods_here.values():
        session.delete(leftover_period)  # evidence pointing at it keeps the item, without the period
    session.flush()

    period_ids = {uid: period.id for uid, period in period_records.items()}
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
        _assign(item, _item_values(values, period_ids))
    for leftover_item in items_here.values():
        session.delete(leftover_item)  # its attachments stay with the case (the item link is cleared)
    session.flush()
    return application
