"""The Cases page's filters and sort orders as SQL: one :class:`CaseFilter`, its conditions, the choices.

Every filter is a condition on ``applications`` (joined to its applicant and outer-joined to its event), so
they combine with each other and with the search text (:func:`.search.search_condition`). The industry,
level and route filters ask for one qualification of the case that meets all three given; the assessor
filter for a qualification whose recommendation that user made. "Needs my action" is :mod:`.my_work`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, select
from sqlalchemy.orm import QueryableAttribute, aliased

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EventRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.eligibility import EligibilityStatus
from assessor_app.core.domain.enums import OUTSTANDING_EVIDENCE, CaseStatus
from assessor_app.core.services.cases.my_work import WorkFor, WorkKind, work_condition
from assessor_app.core.services.cases.search import search_condition


@dataclass(frozen=True)
class CaseFilter:
    """What the list is narrowed to; a field left at None (or "") does not narrow it.

    ``date_from`` and ``date_to`` bound the application date, both included. ``work`` narrows the list to
    the cases waiting for that user (``work_kind``: of one kind only)."""

    text: str = ""
    event_id: int | None = None
    station: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    industry_id: int | None = None
    level: int | None = None
    route: str | None = None
    assessor: str | None = None
    work: WorkFor | None = None
    work_kind: WorkKind | None = None


class CaseSort(StrEnum):
    """The orders the list can be read in (each with the application's id last, so pages never overlap)."""

    REFERENCE = "reference"
    NAME_ZH = "name_zh"
    NAME_EN = "name_en"
    HKID = "hkid"
    QUALIFICATIONS = "qualifications"
    STATUS = "status"
    EVENT = "event"
    STATION = "station"
    ELIGIBILITY = "eligibility"
    ASSESSOR = "assessor"
    OUTSTANDING = "outstanding"
    APPLICATION_DATE = "application_date"
    UPDATED_AT = "updated_at"
    DUPLICATE = "duplicate"


# The stored verdicts from best to worst; a case sorts by its worst (no verdict: last).
ELIGIBILITY_ORDER = (
    EligibilityStatus.MEETS,
    EligibilityStatus.NEEDS_DECISION,
    EligibilityStatus.SHORT,
    EligibilityStatus.NOT_ELIGIBLE,
    EligibilityStatus.NO_RULE,
)
SortColumn = ColumnElement[Any] | QueryableAttribute[Any]
MASKED_DIGITS = 6  # what hkid.mask hides of a number: its last three digits and the bracketed check digit


# Made once: an alias is costly to make, and the same ones let SQLAlchemy reuse the compiled statement.
_OTHER_PERSON = aliased(ApplicantRecord, name="other_person")
_OTHER_CASE = aliased(ApplicationRecord, name="other_case")


def possible_duplicate() -> ColumnElement[bool]:
    """Another case, not a draft, is held for the same HKID: the intake page's warning
    (``intake.lodging.find_duplicates``), whether the other case is the same person's record or, as a merge
    can bring, another applicant record with the number (``sync.merge_report.find_duplicates``)."""
    return exists().where(
        _OTHER_PERSON.hkid == ApplicantRecord.hkid,
        _OTHER_CASE.applicant_id == _OTHER_PERSON.id,
        _OTHER_CASE.id != ApplicationRecord.id,
        _OTHER_CASE.status != CaseStatus.DRAFT.value,
    )


def outstanding_documents() -> ColumnElement[int]:
    """How many checklist lines of the case are still missing or were rejected (the slip's "outstanding")."""
    return (
        select(func.count(EvidenceItemRecord.id))
        .where(
            EvidenceItemRecord.application_id == ApplicationRecord.id,
            EvidenceItemRecord.status.in_([status.value for status in OUTSTANDING_EVIDENCE]),
        )
        .correlate(ApplicationRecord)
        .scalar_subquery()
    )


def _qualifications_of_case() -> ColumnElement[bool]:
    return AppliedQualificationRecord.application_id == ApplicationRecord.id


def _held_by_case(cases: Select[tuple[int]], correlated: bool) -> ColumnElement[bool]:
    """The case is among the application ids ``cases`` selects: asked of each case in turn
    (``correlated``: a page read in an index's order stops once it is full) or as one set (a count)."""
    if correlated:
        return cases.where(_qualifications_of_case()).correlate(ApplicationRecord).exists()
    return ApplicationRecord.id.in_(cases)


def case_conditions(chosen: CaseFilter, *, correlated: bool = False) -> list[ColumnElement[bool]]:
    """The conditions of ``chosen`` on ``applications`` (see :func:`_held_by_case` for ``correlated``)."""
    conditions: list[ColumnElement[bool]] = []
    searched = search_condition(chosen.text)
    if searched is not None:
        conditions.append(searched)
    if chosen.event_id is not None:
        conditions.append(ApplicationRecord.event_id == chosen.event_id)
    if chosen.station:
        conditions.append(ApplicationRecord.station_code == chosen.station)
    if chosen.date_from is not None:
        conditions.append(ApplicationRecord.application_date >= chosen.date_from)
    if chosen.date_to is not None:
        conditions.append(ApplicationRecord.application_date <= chosen.date_to)
    if chosen.status:
        conditions.append(ApplicationRecord.status == chosen.status)
    if chosen.industry_id is not None or chosen.level is not None or chosen.route:
        applied = select(AppliedQualificationRecord.application_id).join(
            QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id
        )
        if chosen.industry_id is not None:
            applied = applied.where(QualificationRecord.industry_id == chosen.industry_id)
        if chosen.level is not None:
            applied = applied.where(QualificationRecord.qf_level == chosen.level)
        if chosen.route:
            applied = applied.where(AppliedQualificationRecord.route == chosen.route)
        conditions.append(_held_by_case(applied, correlated))
    if chosen.assessor:
        decided = (
            select(AppliedQualificationRecord.application_id)
            .join(
                AssessmentDecisionRecord,
                AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
            )
            .where(AssessmentDecisionRecord.decided_by == chosen.assessor)
        )
        conditions.append(_held_by_case(decided, correlated))
    if chosen.work is not None:
        conditions.append(work_condition(chosen.work, chosen.work_kind))
    return conditions


def _per_case(value: ColumnElement[Any]) -> ColumnElement[Any]:
    """One value over the case's qualifications (a correlated subquery, computed only when sorted by)."""
    return (
        select(value)
        .select_from(AppliedQualificationRecord)
        .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
        .outerjoin(
            AssessmentDecisionRecord,
            AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
        )
        .where(_qualifications_of_case())
        .correlate(ApplicationRecord)
        .scalar_subquery()
    )


def sort_columns(sort: CaseSort) -> list[SortColumn]:
    """What ``sort`` orders by, before the application's id."""
    if sort is CaseSort.REFERENCE:
        return [ApplicationRecord.reference_no]
    if sort is CaseSort.NAME_ZH:
        return [ApplicationRecord.name_zh]
    if sort is CaseSort.NAME_EN:
        return [ApplicationRecord.surname_en, ApplicationRecord.given_names_en]
    if sort is CaseSort.HKID:
        # The part the masked form shows, so that the order tells nothing of the hidden digits.
        return [func.substr(ApplicantRecord.hkid, 1, func.length(ApplicantRecord.hkid) - MASKED_DIGITS)]
    if sort is CaseSort.QUALIFICATIONS:
        return [_per_case(func.min(QualificationRecord.title_en))]
    if sort is CaseSort.STATUS:  # the life of a case, not the alphabet
        return [
            case(
                {status.value: position for position, status in enumerate(CaseStatus)},
                value=ApplicationRecord.status,
            )
        ]
    if sort is CaseSort.EVENT:
        return [EventRecord.code]
    if sort is CaseSort.STATION:
        return [ApplicationRecord.station_code]
    if sort is CaseSort.ELIGIBILITY:
        rank = case(
            {status.value: position for position, status in enumerate(ELIGIBILITY_ORDER)},
            value=AppliedQualificationRecord.eligibility,
            else_=len(ELIGIBILITY_ORDER),
        )
        return [_per_case(func.max(rank))]
    if sort is CaseSort.ASSESSOR:
        return [_per_case(func.min(AssessmentDecisionRecord.decided_by))]
    if sort is CaseSort.OUTSTANDING:
        return [outstanding_documents()]
    if sort is CaseSort.UPDATED_AT:
        return [ApplicationRecord.updated_at]
    if sort is CaseSort.DUPLICATE:
        return [possible_duplicate()]
    return [ApplicationRecord.application_date]


@dataclass(frozen=True)
class Choice:
    """One entry of a filter's list: the value the filter takes and its label in both languages."""

    value: object
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class FilterChoices:
    """What each filter offers, from the data held (events newest first)."""

    events: tuple[Choice, ...]
    stations: tuple[str, ...]
    industries: tuple[Choice, ...]
    levels: tuple[int, ...]
    assessors: tuple[Choice, ...]


def filter_choices(database: Database) -> FilterChoices:
    """The filters' lists: every event, station, industry, level and assessor (who made a recommendation)."""
    with database.engine.connect() as connection:
        events = connection.execute(
            select(EventRecord.id, EventRecord.code, EventRecord.name).order_by(
                EventRecord.event_date.desc(), EventRecord.code
            )
        ).all()
        stations = connection.execute(
            select(ApplicationRecord.station_code).distinct().order_by(ApplicationRecord.station_code)
        ).scalars()
        industries = connection.execute(
            select(IndustryRecord.id, IndustryRecord.name_zh, IndustryRecord.name_en).order_by(
                IndustryRecord.id
            )
        ).all()
        levels = connection.execute(
            select(QualificationRecord.qf_level).distinct().order_by(QualificationRecord.qf_level)
        ).scalars()
        assessors = connection.execute(
            select(AssessmentDecisionRecord.decided_by, UserRecord.display_name)
            .distinct()
            .outerjoin(UserRecord, UserRecord.username == AssessmentDecisionRecord.decided_by)
            .where(AssessmentDecisionRecord.decided_by.is_not(None))
            .order_by(AssessmentDecisionRecord.decided_by)
        ).all()
        return FilterChoices(
            events=tuple(Choice(row[0], f"{row[1]} {row[2]}", f"{row[1]} {row[2]}") for row in events),
            stations=tuple(station for station in stations if station),
            industries=tuple(Choice(row[0], row[1] or row[2], row[2]) for row in industries),
            levels=tuple(levels),
            assessors=tuple(Choice(row[0], row[1] or row[0], row[1] or row[0]) for row in assessors),
        )
