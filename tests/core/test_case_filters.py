"""The Cases page's filters, orders, pages, duplicate flag and My work against brute force over generated
data, on a clear and an encrypted database."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Select, insert, select, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    DocumentRequestRecord,
    EventRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import CaseStatus, Route
from assessor_app.core.domain.names import card_name
from assessor_app.core.services.cases.case_filters import CaseFilter, CaseSort, filter_choices
from assessor_app.core.services.cases.case_pages import case_page, count_matching, page_ids
from assessor_app.core.services.cases.listing import list_cases
from assessor_app.core.services.cases.my_work import WorkFor, WorkKind, my_work_counts, work_for
from assessor_app.core.services.demo.promotion_day import generate_demo

CASES = 120
TODAY = date(2024, 3, 1)
pytestmark = pytest.mark.parametrize("database", ["clear", "encrypted"], indirect=True)


@dataclass(frozen=True)
class Held:
    """What brute force filters one case by."""

    id: int
    reference: str | None
    status: str
    name_zh: str
    name_en: str
    hkid: str
    event_id: int | None
    station: str
    application_date: date
    qualifications: tuple[tuple[int, int, str | None], ...]  # industry, level, route
    deciders: frozenset[str]
    locked: bool
    correcting: bool
    overdue: bool
    outstanding: int


@pytest.fixture
def varied(database: Database) -> Database:
    """A demo day, then varied as years of work would: states, stations, dates, a second event, routes,
    recommendations, document requests (some overdue), locks and a correction."""
    generate_demo(database, applications=CASES, seed=11)
    rng = random.Random(5)
    with database.session() as session:
        event = session.scalars(select(EventRecord)).one()
        other = EventRecord(
            code="KT-20240110", name="Kwun Tong", event_date=date(2024, 1, 10), agency_id=event.agency_id
        )
        session.add(other)
        session.flush()
        ids = list(session.scalars(select(ApplicationRecord.id)))
        states = [state.value for state in CaseStatus]
        for case_id in ids:
            session.execute(
                update(ApplicationRecord)
                .where(ApplicationRecord.id == case_id)
                .values(
                    status=rng.choice(states),
                    station_code=rng.choice(["LT01", "LT02", "KT01"]),
                    application_date=date(2023, 1, 1) + timedelta(days=rng.randrange(500)),
                    event_id=rng.choice([event.id, other.id]),
                    locked_by_batch_id=None,
                    needs_reexport=False,
                )
            )
        applied = session.execute(select(AppliedQualificationRecord.id)).scalars().all()
        routes = [Route.ASSESSMENT.value, Route.DOCUMENT_REVIEW.value, None]
        for applied_id in applied:
            session.execute(
                update(AppliedQualificationRecord)
                .where(AppliedQualificationRecord.id == applied_id)
                .values(route=rng.choice(routes))
            )
        session.execute(
            insert(AssessmentDecisionRecord),
            [
                {
                    "applied_qualification_id": applied_id,
                    "decided_by": rng.choice(["ckcheng", "syleung", None]),
                }
                for applied_id in applied
                if rng.random() < 0.5
            ],
        )
        session.execute(
            insert(DocumentRequestRecord),
            [
                {
                    "application_id": case_id,
                    "requested_by": "ckcheng",
                    "due_date": TODAY + timedelta(days=rng.randrange(-20, 20)),
                    "fulfilled_at": None if rng.random() < 0.7 else datetime(2024, 3, 1, tzinfo=UTC),
                }
                for case_id in rng.sample(ids, 40)
            ],
        )
        # An export batch's lock on some cases, one with a correction open.
        batch = ExportBatchRecord(kind="export", file_name="x.xlsx", file_sha256="", created_by="syleung")
        session.add(batch)
        session.flush()
        locked = rng.sample(ids, 15)
        for position, case_id in enumerate(locked):
            session.execute(
                update(ApplicationRecord)
                .where(ApplicationRecord.id == case_id)
                .values(locked_by_batch_id=batch.id, needs_reexport=position < 4)
            )
    return database


def _held(database: Database) -> list[Held]:
    with database.session() as session:
        qualifications: dict[int, list[tuple[int, int, str | None]]] = {}
        deciders: dict[int, set[str]] = {}
        for case_id, industry, level, route, decided_by in session.execute(
            select(
                AppliedQualificationRecord.application_id,
                QualificationRecord.industry_id,
                QualificationRecord.qf_level,
                AppliedQualificationRecord.route,
                AssessmentDecisionRecord.decided_by,
            )
            .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
            .outerjoin(
                AssessmentDecisionRecord,
                AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
            )
        ):
            qualifications.setdefault(case_id, []).append((industry, level, route))
            if decided_by:
                deciders.setdefault(case_id, set()).add(decided_by)
        overdue = {
            request.application_id
            for request in session.scalars(select(DocumentRequestRecord))
            if request.fulfilled_at is None and request.due_date < TODAY
        }
        outstanding: dict[int, int] = {}
        for item in session.scalars(select(EvidenceItemRecord)):
            if item.status in ("missing", "rejected"):
                outstanding[item.application_id] = outstanding.get(item.application_id, 0) + 1
        return [
            Held(
                application.id,
                application.reference_no,
                application.status,
                application.name_zh,
                card_name(application.surname_en, application.given_names_en),
                person.hkid,
                application.event_id,
                application.station_code,
                application.application_date,
                tuple(qualifications.get(application.id, [])),
                frozenset(deciders.get(application.id, set())),
                application.locked_by_batch_id is not None,
                application.locked_by_batch_id is not None and application.needs_reexport,
                application.id in overdue,
                outstanding.get(application.id, 0),
            )
            for application, person in session.execute(
                select(ApplicationRecord, ApplicantRecord).join(
                    ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id
                )
            )
        ]


REVIEW = {
    "acknowledged",
    "documents_requested",
    "under_review",
    "verification_scheduled",
    "assessment_scheduled",
}
ROLE_KINDS = {  # the permission table, written out by hand
    "intake_clerk": set(),
    "assessor": {WorkKind.TO_ASSESS, WorkKind.DOCUMENTS_OVERDUE},
    "supervisor": set(WorkKind),
    "administrator": {WorkKind.RESULTS_TO_RECORD},
}


def _waits(case: Held, role: str, kind: WorkKind) -> bool:
    """docs/cases.md's "needs my action", as a scan."""
    if kind not in ROLE_KINDS[role]:
        return False
    if kind is WorkKind.TO_ASSESS:
        return case.correcting or (not case.locked and case.status in REVIEW)
    if kind is WorkKind.TO_SIGN_OFF:
        return case.correcting or (
            not case.locked and case.status in {"recommended_pass", "recommended_fail"}
        )
    if kind is WorkKind.DOCUMENTS_OVERDUE:
        return case.overdue and case.status != "withdrawn"
    return case.status == "exported"


def _brute_force(held: list[Held], chosen: CaseFilter) -> set[int]:
    found = set()
    for case in held:
        if chosen.event_id is not None and case.event_id != chosen.event_id:
            continue
        if chosen.station and case.station != chosen.station:
            continue
        if chosen.date_from and case.application_date < chosen.date_from:
            continue
        if chosen.date_to and case.application_date > chosen.date_to:
            continue
        if chosen.status and case.status != chosen.status:
            continue
        if (chosen.industry_id, chosen.level, chosen.route) != (None, None, None) and not any(
            (chosen.industry_id is None or industry == chosen.industry_id)
            and (chosen.level is None or level == chosen.level)
            and (chosen.route is None or route == chosen.route)
            for industry, level, route in case.qualifications
        ):
            continue
        if chosen.assessor and chosen.assessor not in case.deciders:
            continue
        if chosen.work is not None:
            kinds = [chosen.work_kind] if chosen.work_kind else list(WorkKind)
            if not any(_waits(case, chosen.work.role, kind) for kind in kinds):
                continue
        found.add(case.id)
    return found


def _found(database: Database, chosen: CaseFilter) -> set[int]:
    ids = page_ids(database, chosen, limit=10_000)
    assert len(ids) == len(set(ids)) == count_matching(database, chosen)
    return set(ids)


def _filters(held: list[Held], rng: random.Random) -> list[CaseFilter]:
    events = sorted({case.event_id for case in held if case.event_id})
    industries = sorted({q[0] for case in held for q in case.qualifications})
    levels = sorted({q[1] for case in held for q in case.qualifications})
    filters = [CaseFilter()]
    filters += [CaseFilter(event_id=event) for event in events]
    filters += [CaseFilter(station=station) for station in ("LT01", "KT01", "XX99")]
    filters += [CaseFilter(status=state.value) for state in CaseStatus]
    filters += [CaseFilter(industry_id=industry) for industry in industries]
    filters += [CaseFilter(level=level) for level in levels]
    filters += [CaseFilter(route=route.value) for route in Route]
    filters += [CaseFilter(assessor=name) for name in ("ckcheng", "syleung", "nobody")]
    filters += [
        CaseFilter(date_from=date(2023, 6, 1)),
        CaseFilter(date_to=date(2023, 6, 1)),
        CaseFilter(date_from=date(2023, 3, 1), date_to=date(2023, 9, 30)),
    ]
    for role in ROLE_KINDS:
        work = WorkFor("someone", role, TODAY)
        filters.append(CaseFilter(work=work))
        filters += [CaseFilter(work=work, work_kind=kind) for kind in WorkKind]
    for _ in range(30):  # several at once
        filters.append(
            CaseFilter(
                event_id=rng.choice([None, *events]),
                station=rng.choice([None, "LT01", "LT02"]),
                date_from=rng.choice([None, date(2023, 4, 1)]),
                status=rng.choice([None, "under_review", "lodged"]),
                industry_id=rng.choice([None, *industries]),
                level=rng.choice([None, *levels]),
                route=rng.choice([None, Route.ASSESSMENT.value]),
                assessor=rng.choice([None, "ckcheng"]),
                work=rng.choice([None, WorkFor("x", "supervisor", TODAY)]),
            )
        )
    return filters


def test_each_filter_finds_what_a_scan_finds(varied: Database) -> None:
    held = _held(varied)
    rng = random.Random(9)
    nonempty = 0
    for chosen in _filters(held, rng):
        expected = _brute_force(held, chosen)
        assert _found(varied, chosen) == expected, chosen
        nonempty += bool(expected)
    assert nonempty > 40  # the data exercises the filters, not only empty results


def test_filters_combine_with_the_search_text(varied: Database) -> None:
    held = _held(varied)
    for text in ("陳", "chan", held[3].name_zh, held[5].reference or "x"):
        searched = {row.application_id for row in list_cases(varied, text=text)}
        assert searched
        for chosen in (CaseFilter(text=text), CaseFilter(text=text, station="LT01", status="lodged")):
            assert _found(varied, chosen) == searched & _brute_force(held, replace(chosen, text=""))


def _sort_key(case: Held, sort: CaseSort) -> object:
    keys: dict[CaseSort, object] = {
        CaseSort.REFERENCE: case.reference or "",
        CaseSort.NAME_ZH: case.name_zh,
        CaseSort.STATION: case.station,
        CaseSort.APPLICATION_DATE: case.application_date,
        CaseSort.STATUS: list(CaseStatus).index(CaseStatus(case.status)),
        CaseSort.OUTSTANDING: case.outstanding,
    }
    return keys[sort]


SORTED_IN_PYTHON = (
    CaseSort.REFERENCE,
    CaseSort.NAME_ZH,
    CaseSort.STATION,
    CaseSort.APPLICATION_DATE,
    CaseSort.STATUS,
    CaseSort.OUTSTANDING,
)


def test_sorting_and_paging(varied: Database) -> None:
    held = _held(varied)
    for sort in SORTED_IN_PYTHON:
        for descending in (False, True):
            expected = [
                case.id
                for case in sorted(
                    held, key=lambda case: (_sort_key(case, sort), case.id), reverse=descending
                )
            ]
            paged: list[int] = []
            for offset in range(0, CASES + 30, 25):
                page = case_page(
                    varied, CaseFilter(), sort=sort, descending=descending, offset=offset, limit=25
                )
                paged += [row.application_id for row in page]
            assert paged == expected, (sort, descending)


def test_every_sort_reads_every_case_once(varied: Database) -> None:
    for sort in CaseSort:
        ids = page_ids(varied, CaseFilter(), sort=sort, limit=1000)
        assert sorted(ids) == sorted(case.id for case in _held(varied))


def test_rows_carry_the_masked_hkid_the_counts_and_the_duplicate_flag(varied: Database) -> None:
    held = {case.id: case for case in _held(varied)}
    by_number: dict[str, list[Held]] = {}
    for case in held.values():
        by_number.setdefault(hkid.compact(case.hkid), []).append(case)
    rows = case_page(varied, CaseFilter(), limit=1000)
    assert len(rows) == CASES
    flagged = 0
    for row in rows:
        case = held[row.application_id]
        assert row.hkid_masked == hkid.mask(case.hkid)
        assert case.hkid not in repr(row)
        assert row.outstanding_documents == case.outstanding
        assert len(row.qualifications) == len(case.qualifications)
        others = [other for other in by_number[hkid.compact(case.hkid)] if other.id != case.id]
        assert row.possible_duplicate == any(other.status != "draft" for other in others)
        flagged += row.possible_duplicate
    assert 0 < flagged < CASES


def test_my_work_counts_match_the_scan(varied: Database) -> None:
    held = _held(varied)
    with varied.session() as session:
        users = session.execute(select(UserRecord.username, UserRecord.role)).all()
    assert {role for _, role in users} == set(ROLE_KINDS)
    for username, role in users:
        work = work_for(varied, username, today=TODAY)
        assert work == WorkFor(username, role, TODAY)
        counts = my_work_counts(varied, work)
        for kind in WorkKind:
            assert counts.by_kind[kind] == sum(_waits(case, role, kind) for case in held), (role, kind)
        assert counts.total == sum(any(_waits(case, role, kind) for kind in WorkKind) for case in held)
        assert counts.total == count_matching(varied, CaseFilter(work=work))
    assert work_for(varied, "") is None
    assert work_for(varied, "nobody") is None


def test_filter_choices_list_what_is_held(varied: Database) -> None:
    choices = filter_choices(varied)
    held = _held(varied)
    assert len({choice.value for choice in choices.events}) == 2
    assert set(choices.stations) == {case.station for case in held}
    assert {choice.value for choice in choices.assessors} == {"ckcheng", "syleung"}
    assert set(choices.levels) >= {q[1] for case in held for q in case.qualifications}


def _plan(database: Database, query: Select[tuple[int]]) -> str:
    compiled = query.compile(database.engine)
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(compiled.params.values()))
        return "\n".join(row[-1] for row in rows)


def test_pages_read_through_the_0016_indexes(varied: Database) -> None:
    """Newest first, by state and by station, a page is read in an index's order: no sort of every case."""
    newest = (ApplicationRecord.application_date.desc(), ApplicationRecord.id.desc())
    for condition, index in (
        (None, "ix_applications_application_date"),
        (ApplicationRecord.status == "lodged", "ix_applications_status_date"),
        (ApplicationRecord.station_code == "LT01", "ix_applications_station_date"),
    ):
        query = select(ApplicationRecord.id).order_by(*newest).limit(100)
        if condition is not None:
            query = query.where(condition)
        plan = _plan(varied, query)
        assert index in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    requests = select(DocumentRequestRecord.id).where(DocumentRequestRecord.application_id == 1)
    assert "ix_document_requests_application_id" in _plan(varied, requests)
    decided = select(AssessmentDecisionRecord.id).where(AssessmentDecisionRecord.decided_by == "ckcheng")
    assert "ix_assessment_decisions_decided_by" in _plan(varied, decided)
