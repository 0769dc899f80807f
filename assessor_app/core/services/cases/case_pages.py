"""The Cases page's rows, a page at a time: filtered and sorted in SQL, only the masked HKID leaves.

A page is read in two steps: the ids of the page (the filter, the order and ``LIMIT``/``OFFSET``; only the
sort's own expression is computed for the cases it passes over), then the rows of those ids only, with
their qualifications, assessors, outstanding documents and duplicate flag.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EventRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.names import card_name
from assessor_app.core.services.cases.case_filters import (
    CaseFilter,
    CaseSort,
    case_conditions,
    outstanding_documents,
    possible_duplicate,
    sort_columns,
)
from assessor_app.core.services.shared import CASE_HEAD_COLUMNS

PAGE_SIZE = 100  # a screenful or three: scrolling further reads the next


@dataclass(frozen=True)
class AppliedBrief:
    """One qualification of a case as the list shows it: its titles, level, route and stored verdict."""

    title_zh: str
    title_en: str
    level: int
    route: str | None
    eligibility: str | None


@dataclass(frozen=True)
class CaseListRow:
    """One case as the Cases page lists it; ``hkid_masked`` is the only form of the HKID it carries."""

    application_id: int
    reference_no: str | None
    status: str
    name_zh: str
    name_en: str
    hkid_masked: str
    event_code: str | None
    station_code: str
    application_date: date
    updated_at: datetime
    qualifications: tuple[AppliedBrief, ...]
    assessors: tuple[str, ...]  # display names of who made the recommendations
    outstanding_documents: int
    possible_duplicate: bool


def _filtered(
    query: Select[tuple[int]], chosen: CaseFilter, sort: CaseSort | None = None, *, page: bool = False
) -> Select[tuple[int]]:
    """``query`` over ``applications`` narrowed by ``chosen``; the applicant and the event are joined only
    for the orders that read them (a count, or a page by date, reads ``applications`` and its indexes)."""
    if sort in (CaseSort.HKID, CaseSort.DUPLICATE):  # the person's HKID
        query = query.join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
    elif sort is CaseSort.EVENT:
        query = query.outerjoin(EventRecord, EventRecord.id == ApplicationRecord.event_id)
    return query.where(*case_conditions(chosen, correlated=page))


def count_matching(database: Database, chosen: CaseFilter) -> int:
    """How many cases ``chosen`` lets through."""
    query = _filtered(select(func.count()).select_from(ApplicationRecord), chosen)
    with database.engine.connect() as connection:
        return connection.execute(query).scalar_one()


def page_ids(
    database: Database,
    chosen: CaseFilter,
    *,
    sort: CaseSort = CaseSort.APPLICATION_DATE,
    descending: bool = True,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[int]:
    """The ids of one page of the filtered list in ``sort`` order (ties by id, the same way)."""
    query = _ordered(chosen, sort, descending, page=True)
    with database.engine.connect() as connection:
        return list(connection.execute(query.offset(max(offset, 0)).limit(max(limit, 0))).scalars())


def position_of(
    database: Database,
    chosen: CaseFilter,
    application_id: int,
    *,
    sort: CaseSort = CaseSort.APPLICATION_DATE,
    descending: bool = True,
) -> int | None:
    """Where the case stands in the filtered, sorted list (0 first), None when the filter hides it: one
    read of the ids in order, so the list can load up to a far case at once rather than page by page."""
    with database.engine.connect() as connection:
        ids = connection.execute(_ordered(chosen, sort, descending, page=False)).scalars()
        return next((position for position, found in enumerate(ids) if found == application_id), None)


def _ordered(chosen: CaseFilter, sort: CaseSort, descending: bool, *, page: bool) -> Select[tuple[int]]:
    order = [*sort_columns(sort), ApplicationRecord.id]
    return _filtered(select(ApplicationRecord.id), chosen, sort, page=page).order_by(
        *(column.desc() if descending else column.asc() for column in order)
    )


def rows_of(database: Database, ids: list[int]) -> list[CaseListRow]:
    """The rows of ``ids``, in that order."""
    if not ids:
        return []
    heads = (
        select(
            *CASE_HEAD_COLUMNS,
            EventRecord.code,
            ApplicationRecord.station_code,
            ApplicationRecord.application_date,
            ApplicationRecord.updated_at,
            outstanding_documents(),
            possible_duplicate(),
        )
        .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
        .outerjoin(EventRecord, EventRecord.id == ApplicationRecord.event_id)
        .where(ApplicationRecord.id.in_(ids))
    )
    applied = (
        select(
            AppliedQualificationRecord.application_id,
            QualificationRecord.title_zh,
            QualificationRecord.title_en,
            QualificationRecord.qf_level,
            AppliedQualificationRecord.route,
            AppliedQualificationRecord.eligibility,
            AssessmentDecisionRecord.decided_by,
            UserRecord.display_name,
        )
        .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
        .outerjoin(
            AssessmentDecisionRecord,
            AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
        )
        .outerjoin(UserRecord, UserRecord.username == AssessmentDecisionRecord.decided_by)
        .where(AppliedQualificationRecord.application_id.in_(ids))
        .order_by(AppliedQualificationRecord.application_id, AppliedQualificationRecord.id)
    )
    briefs: dict[int, list[AppliedBrief]] = defaultdict(list)
    assessors: dict[int, list[str]] = defaultdict(list)
    with database.engine.connect() as connection:
        found = {row[0]: row for row in connection.execute(heads)}
        for case_id, title_zh, title_en, level, route, eligibility, decided_by, name in connection.execute(
            applied
        ):
            briefs[case_id].append(AppliedBrief(title_zh, title_en, level, route, eligibility))
            shown = name or decided_by
            if shown and shown not in assessors[case_id]:
                assessors[case_id].append(shown)
    return [
        CaseListRow(
            application_id=row[0],
            reference_no=row[1],
            status=row[2],
            name_zh=row[3],
            name_en=card_name(row[4], row[5]),
            hkid_masked=hkid.mask(row[6]),
            event_code=row[7],
            station_code=row[8],
            application_date=row[9],
            updated_at=row[10],
            outstanding_documents=row[11],
            possible_duplicate=bool(row[12]),
            qualifications=tuple(briefs[row[0]]),
            assessors=tuple(assessors[row[0]]),
        )
        for row in (found[case_id] for case_id in ids if case_id in found)
    ]


def case_page(
    database: Database,
    chosen: CaseFilter,
    *,
    sort: CaseSort = CaseSort.APPLICATION_DATE,
    descending: bool = True,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[CaseListRow]:
    """One page of the filtered, sorted list (newest application first unless told otherwise)."""
    ids = page_ids(database, chosen, sort=sort, descending=descending, offset=offset, limit=limit)
    return rows_of(database, ids)
