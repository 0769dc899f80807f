"""The demo a buyer opens: years of past promotion days in several industries, their cases in every
state, and the open promotion day of :mod:`.promotion_day` on top; what ``assessor-app demo`` builds."""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicantRecord, EventRecord
from assessor_app.core.db.models.catalogue import (
    AgencyRecord,
    ExperienceRuleRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.db.models.laptop import StationRecord
from assessor_app.core.services.demo import DEFAULT_APPLICATIONS, DEFAULT_SEED
from assessor_app.core.services.demo.bulk import (
    Rows,
    copying,
    evidence_type_names,
    next_ids,
    sequences,
    write_tables,
)
from assessor_app.core.services.demo.clusters import Offer, ensure_clusters, require
from assessor_app.core.services.demo.event import AGENCY_CODE, EVENT_CODE, INDUSTRY, SET_UP_AT
from assessor_app.core.services.demo.history import Setting, write_past_cases
from assessor_app.core.services.demo.past_events import (
    CASES_PER_EVENT,
    CLERKS,
    EXTRA_STATIONS,
    plan_cases,
    plan_events,
)
from assessor_app.core.services.demo.promotion_day import DemoSummary, generate_demo
from assessor_app.core.services.demo.scans import SAMPLE_CASES
from assessor_app.core.services.demo.trades import INDUSTRIES
from assessor_app.core.services.demo.writer import ensure_stations, fee_table
from assessor_app.core.services.eligibility import (
    load_catalogue,
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
        wanted_scans = min(SAMPLE_CASES, count) if evidence_dir is not None else 0
        setting = Setting(
            events, event_ids, fees, industry_ids, catalogue, evidence_dir, database.data_key, wanted_scans
        )
        with copying(session) as thread:
            written = write_past_cases(session, thread, rng, rows, setting, plans)
            write_tables(thread, {"reference_sequences": sequences(events, plans)})
        timings = dict(thread.seconds)
    return len(plans), len(events), written.batches, written.files, dict(written.states), timings
