"""The demo a buyer opens: years of past promotion days in several industries, their cases in every
state, and the open promotion day of :mod:`.promotion_day` on top; what ``assessor-app demo`` builds."""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.bulk_insert import CopyingThread
from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicantRecord, EventRecord
from assessor_app.core.db.models.catalogue import (
    AgencyRecord,
    ExperienceRuleRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.db.models.laptop import StationRecord
from assessor_app.core.domain.enums import CaseStatus, Route
from assessor_app.core.domain.experience import Period as ClaimedSpan
from assessor_app.core.services.demo import DEFAULT_APPLICATIONS, DEFAULT_SEED
from assessor_app.core.services.demo.bulk import (
    Rows,
    add_applicant,
    add_case,
    copying,
    evidence_type_names,
    next_ids,
    sequences,
    write_tables,
    write_trail,
)
from assessor_app.core.services.demo.clusters import Offer, ensure_clusters, require
from assessor_app.core.services.demo.event import AGENCY_CODE, EVENT_CODE, INDUSTRY, SET_UP_AT
from assessor_app.core.services.demo.ledger import add_batches, plan_batches
from assessor_app.core.services.demo.lifecycle import Item, Life, live, lodging_items
from assessor_app.core.services.demo.past_events import (
    CASES_PER_EVENT,
    CLERKS,
    COVERED,
    EXTRA_STATIONS,
    CasePlan,
    EventPlan,
    plan_cases,
    plan_events,
)
from assessor_app.core.services.demo.promotion_day import DemoSummary, generate_demo
from assessor_app.core.services.demo.scans import SAMPLE_CASES, Scanned, add_scans
from assessor_app.core.services.demo.trades import INDUSTRIES
from assessor_app.core.services.demo.writer import ensure_stations, fee_table
from assessor_app.core.services.eligibility import (
    ClaimedPeriod,
    EligibilityInputs,
    decide_on,
    load_catalogue,
    period_label,
)

OPEN_DAY_MAX = 120  # forms at the open promotion day; the rest of a demo is its history
MIN_EVENTS = 3
CASES_PER_COPY = 5_000  # cases whose rows are copied in while the next are drawn


@dataclass(frozen=True)
class ScaleSummary:
    """What :func:`build_demo` added: the open day's forms and the history's."""

    day: DemoSummary
    past_cases: int
    past_events: int
    batches: int
    files: int
    states: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict, compare=False)  # the INSERTs', by table

    @property
    def applications(self) -> int:
        return self.day.applications + self.past_cases

    def describe(self) -> str:
        states = ", ".join(f"{state} {count}" for state, count in sorted(self.states.items()))
        history = (
            f"示範：另有 {self.past_events} 個過往推廣日的 {self.past_cases} 宗個案（各種狀態）、"
            f"{self.batches} 批匯出及成績紀錄、{self.files} 個證明文件檔案。\n"
            f"Demo: {self.past_cases} past cases from {self.past_events} earlier promotion days in several "
            f"industries ({states}), {self.batches} export and results batches, {self.files} stored evidence "
            f"files; {self.applications} applications in all."
        )
        return f"{self.day.describe()}\n{history}"


def open_day_share(applications: int) -> int:
    """How many of a demo's forms go to the open promotion day (a third, at most :data:`OPEN_DAY_MAX`)."""
    return min(OPEN_DAY_MAX, applications // 3)


def build_demo(
    database: Database,
    *,
    applications: int = DEFAULT_APPLICATIONS,
    seed: int = DEFAULT_SEED,
    allow_real: bool = False,
    station: str | None = None,
    evidence_dir: Path | None = None,
) -> ScaleSummary:
    """Fill ``database`` with ``applications`` forms: a third (at most 120) at the open promotion day
    (:func:`.promotion_day.generate_demo`, which refuses a database that is not a demo one), the rest
    over earlier promotion days since 2021, written in bulk in one transaction. With ``evidence_dir``
    a sample of past cases gets stored files (:mod:`.scans`). Deterministic for a ``seed``.

    The history is written once: on a demo database that has it, only the open day's forms are added.
    """
    if applications < 0:
        raise ValueError("applications must not be negative")
    day_count = open_day_share(applications)
    generate_demo(database, applications=0, seed=seed, allow_real=allow_real, station=station)
    with cyclic_gc_paused():
        past = _write_history(database, applications - day_count, seed, station, evidence_dir)
    day = generate_demo(database, applications=day_count, seed=seed, allow_real=allow_real, station=station)
    return ScaleSummary(day, *past)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off while the history is drawn and written, on again after (if it was).

    The history is millions of small rows and audit entries held at once, none of them in a reference
    cycle (each table's go when it is written); the collector would walk them all again and again as they
    pile up: 17 s of a 100,000-case demo's 86 s here. Process-wide, so in the app the GUI thread too runs
    without it meanwhile (reference counting still frees what it drops); it collects once switched on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _offers(
    session: Session,
) -> tuple[dict[str, list[Offer]], dict[str, dict[int, tuple[int, int]]], dict[str, int]]:
    """Each industry's qualifications (logistics: the illustrative clusters), rules and id."""
    offers: dict[str, list[Offer]] = {}
    rules: dict[str, dict[int, tuple[int, int]]] = {}
    ids: dict[str, int] = {}
    for industry in INDUSTRIES:
        record = require(
            session.scalar(select(IndustryRecord).where(IndustryRecord.name_en == industry.name_en)),
            f"the {industry.name_en} industry",
            f"行業 {industry.name_en}",
        )
        ids[industry.name_en] = record.id
        if industry.name_en == INDUSTRY:
            offers[INDUSTRY] = ensure_clusters(session, record)
        else:
            offers[industry.name_en] = [
                Offer(q, q.qf_level, "entry" if q.qf_level <= 2 else "senior", 10)
                for q in session.scalars(
                    select(QualificationRecord)
                    .where(QualificationRecord.industry_id == record.id, QualificationRecord.active.is_(True))
                    .order_by(QualificationRecord.id)
                )
            ]
        rules[industry.name_en] = {
            rule.qf_level: (rule.min_total_years, rule.min_relevant_years)
            for rule in session.scalars(
                select(ExperienceRuleRecord).where(
                    ExperienceRuleRecord.industry_id == record.id,
                    ExperienceRuleRecord.qualification_id.is_(None),
                )
            )
        }
    return offers, rules, ids


def _stations(
    session: Session, database: Database, station: str | None
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The laptops the past forms were taken on (this one, its twin and two more) and their clerks."""
    codes = ensure_stations(session, database.path, station)
    local = next(iter(codes.values()))
    known = set(session.scalars(select(StationRecord.code)))
    extra = tuple(code for code in EXTRA_STATIONS if code not in codes.values())
    for code in extra:
        if code not in known:
            session.add(
                StationRecord(
                    code=code,
                    description="示範：過往推廣日的電腦 Demo: a laptop of earlier promotion days",
                    is_local=False,
                    created_at=SET_UP_AT,
                )
            )
    stations = (local, *(c for c in codes.values() if c != local), *extra)
    return stations, {code: CLERKS[min(index, len(CLERKS) - 1)] for index, code in enumerate(stations)}


def _inputs(plan: CasePlan, industry: str) -> EligibilityInputs:
    ids = tuple(offer.qualification.id for offer in plan.offers)
    return EligibilityInputs(
        application_date=plan.at.date(),
        qualification_ids=ids,
        carer_qualification_ids=frozenset(),
        periods=tuple(
            ClaimedPeriod(
                ClaimedSpan(
                    start=p.start,
                    end=p.end,
                    industry=industry,
                    relevant=p.relevant,  # as it counts toward each of the plan's qualifications
                    employment_type=p.employment_type.value,
                    hours_per_week=p.hours_per_week,
                    in_hong_kong=p.in_hong_kong,
                    label=period_label(p.employer, p.post),
                ),
                frozenset(ids) if p.relevant else frozenset(),
            )
            for p in plan.periods
        ),
    )


def _live(
    rng: random.Random, plan: CasePlan, target: CaseStatus, verdicts: list[tuple[str, str]]
) -> tuple[list[Item], Life]:
    """The checklist lodging left and the life of the case toward ``target``."""
    items = lodging_items(rng, [p.letter for p in plan.periods], plan.clerk, plan.at)
    return items, live(rng, target, lodged_at=plan.at, clerk=plan.clerk, items=items, verdicts=verdicts)


def _cover(
    rng: random.Random,
    plans: list[CasePlan],
    verdicts: list[list[tuple[str, str]]],
    lives: list[tuple[list[Item], Life]],
) -> None:
    """Give each state of :data:`.past_events.COVERED` no case reached to a case of the oldest events
    (whose cases had time to get anywhere) of a state others share, in that order while cases last; the
    verification state to a case on the document-review route, the assessment one to another."""
    counts = Counter(life.status for _, life in lives)
    for state in COVERED:
        if counts[state]:
            continue
        for index, plan in enumerate(plans):  # oldest events first
            reviewed = all(route == Route.DOCUMENT_REVIEW.value for _, route in verdicts[index])
            if state is CaseStatus.VERIFICATION_SCHEDULED and not reviewed:
                continue
            if state is CaseStatus.ASSESSMENT_SCHEDULED and reviewed:
                continue
            was = lives[index][1].status
            if counts[was] > 1:
                lives[index] = _live(rng, plan, state, verdicts[index])
                counts[was] -= 1
                counts[lives[index][1].status] += 1
                break


class _Setting(NamedTuple):
    """What every past case is written against: the events (planned, and their ids), fees, industries."""

    events: list[EventPlan]
    event_ids: list[int]
    fees: dict[int, int]
    industry_ids: dict[str, int]


def _write_cases(
    thread: CopyingThread,
    rows: Rows,
    setting: _Setting,
    plans: list[CasePlan],
    verdicts: list[list[tuple[str, str]]],
    lives: list[tuple[list[Item], Life]],
    locks: dict[int, int],
    wanted_scans: int,
) -> list[Scanned]:
    """Each case's rows (and its person's, the first time), handed to ``thread`` every
    :data:`CASES_PER_COPY` cases; the cases chosen to get stored evidence files."""
    applicant_ids: dict[int, int] = {}
    scanned: list[Scanned] = []
    scan_every = max(1, len(plans) // max(1, wanted_scans))
    for index, plan in enumerate(plans):
        items, life = lives[index]
        if plan.applicant not in applicant_ids:
            applicant_ids[plan.applicant] = add_applicant(rows, plan)
        first_item = rows.next_ids["evidence_items"]
        industry = setting.events[plan.event].industry.name_en
        application_id = rows.next_ids["applications"]
        add_case(
            rows, plan, life, items, setting.event_ids[plan.event], applicant_ids[plan.applicant],
            verdicts[index], setting.fees, setting.industry_ids[industry], locks.get(application_id),
        )  # fmt: skip
        if len(scanned) < wanted_scans and index % scan_every == 0:
            scanned.append(
                Scanned(
                    application_id,
                    rows.case_uids[application_id],
                    first_item,
                    first_item + 1 if len(items) > 1 else None,
                    plan.person,
                    plan.periods[0].employer,
                    plan.at,
                    plan.clerk,
                )
            )
        if (index + 1) % CASES_PER_COPY == 0:
            write_tables(thread, rows)
    return scanned


def _write_history(
    database: Database, count: int, seed: int, station: str | None, evidence_dir: Path | None
) -> tuple[int, int, int, int, dict[str, int], dict[str, float]]:
    """The past events and ``count`` cases, in one transaction: (cases, events, batches, files, states)."""
    rng = random.Random(f"rpl-demo-history/{seed}")
    if count == 0:
        return 0, 0, 0, 0, {}, {}
    with database.session() as session:
        stations, clerks = _stations(session, database, station)
        events = plan_events(rng, max(MIN_EVENTS, -(-count // CASES_PER_EVENT)), stations)
        if session.scalar(select(EventRecord.id).where(EventRecord.code != EVENT_CODE).limit(1)):
            return 0, 0, 0, 0, {}, {}  # the history is there (or the demo's user made events): once only
        agency = require(
            session.scalar(select(AgencyRecord).where(AgencyRecord.code == AGENCY_CODE)),
            f"the agency {AGENCY_CODE}",
            f"評估機構 {AGENCY_CODE}",
        )
        fees = fee_table(session, agency)
        offers, rules, industry_ids = _offers(session)
        event_ids = []
        for event in events:
            record = EventRecord(
                code=event.code,
                name=event.name,
                host_organisation=event.host,
                venue=event.venue,
                event_date=event.day,
                agency=agency,
                created_at=SET_UP_AT.replace(year=event.day.year, month=event.day.month, day=event.day.day),
            )
            session.add(record)
            session.flush()
            event_ids.append(record.id)
        taken = set(session.scalars(select(ApplicantRecord.hkid)))
        plans = plan_cases(rng, events, count, offers, rules, taken, clerks)
        connection = session.connection()
        catalogue = load_catalogue(
            connection, {o.qualification.id for group in offers.values() for o in group}
        )
        rows = Rows(rng, next_ids(connection), evidence_type_names(connection))
        verdicts = [
            [
                (entry.result.status.value, entry.result.route.value)
                for entry in decide_on(catalogue, _inputs(plan, events[plan.event].industry.name_en))
            ]
            for plan in plans
        ]
        lives = [_live(rng, plan, plan.target, verdicts[index]) for index, plan in enumerate(plans)]
        _cover(rng, plans, verdicts, lives)
        first = rows.next_ids["applications"]  # add_case takes the ids in turn
        batches, locks = plan_batches(rows, ((first + index, life) for index, (_, life) in enumerate(lives)))
        states = Counter(life.status.value for _, life in lives)
        with copying(session) as thread:
            wanted_scans = min(SAMPLE_CASES, count) if evidence_dir is not None else 0
            setting = _Setting(events, event_ids, fees, industry_ids)
            scanned = _write_cases(thread, rows, setting, plans, verdicts, lives, locks, wanted_scans)
            add_batches(rows, batches, rows.case_uids, rows.titles)
            files = 0 if evidence_dir is None else add_scans(rows, evidence_dir, database.data_key, scanned)
            rows.tables["reference_sequences"] += sequences(events, plans)
            planned = len(plans)
            # Only the rows still to write are kept while they are written.
            del plans, lives, verdicts, scanned, locks
            write_tables(thread, rows)
            write_trail(session, thread, rows)
        timings = dict(thread.seconds)
    return planned, len(events), len(batches), files, dict(states), timings
