"""The figures of one event (promotion day), any event: what was lodged at it, when, where, for what.

Every figure counts the cases *lodged at this event* (``applications.event_id``, any state but a draft),
whenever they were lodged, never "today": a past event shows what it gathered. The figures are SQL
aggregates over the event's cases (found through ``ix_applications_event_status``): one pass for hours,
stations and fees, one for qualifications and routes, the states from the index alone, so only grouped
rows reach Python and the cost follows the event's size, not the database's (``bench/dashboard.py``).

- ``by_hour``: cases by the Hong Kong hour of ``lodged_at`` (date and hour, so a case lodged on another
  day than the event's is not folded into the event day's hours); ``lodged_on_event_day`` of them on the
  event's date.
- ``qualifications``: qualifications applied for (one case may apply for several), each with its share of
  the fees: a form's fee covers all its clusters, so it is shared equally among them and the shares add
  up to ``fee_total_hkd``. ``by_level`` counts the same rows by QF level; ``by_route`` by route (None: not
  decided yet).
- ``fee_total_hkd``: the fees of the forms (``applications.fee_hkd``, the agency's fee for the number of
  clusters at lodging); fees are not refunded on withdrawal, so every lodged form counts, and
  ``forms_without_fee`` had no fee table to take one from.
- ``open_drafts``: forms typed for this event and neither lodged nor discarded.
- ``documents_outstanding``: checklist items not proven (status outside ``PROVING_STATUSES``: missing or
  rejected) on cases still before a result (``workflow.BEFORE_RESULT``), and ``cases_with_outstanding``.
- ``stations``: cases and fees per station code (the laptop that lodged them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, and_, distinct, func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    AppliedQualificationRecord,
    DraftRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.domain.enums import CaseStatus, Route
from assessor_app.core.domain.workflow import BEFORE_RESULT
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import HONG_KONG
from assessor_app.core.services.evidence.case_checklist import PROVING_STATUSES
from assessor_app.core.services.intake.lodging import DRAFT_OPEN, EventRow, list_events

STATE_ORDER = tuple(CaseStatus)
ROUTE_ORDER: tuple[str | None, ...] = (*(route.value for route in Route), None)
LODGED = ApplicationRecord.status != CaseStatus.DRAFT.value  # a case at an event: any state but a draft
OPEN_STATES = tuple(state.value for state in BEFORE_RESULT if state is not CaseStatus.DRAFT)


@dataclass(frozen=True)
class HourCount:
    """Cases lodged in one Hong Kong hour: ``day`` at ``hour``:00 to ``hour``:59."""

    day: date
    hour: int
    count: int


@dataclass(frozen=True)
class QualificationCount:
    qualification_id: int
    title_zh: str
    title_en: str
    qf_level: int
    applications: int
    fee_share_hkd: float  # this qualification's equal share of each form's fee


@dataclass(frozen=True)
class LevelCount:
    qf_level: int
    applications: int


@dataclass(frozen=True)
class StateCount:
    status: str  # a CaseStatus value
    count: int


@dataclass(frozen=True)
class RouteCount:
    route: str | None  # a Route value; None: not decided yet
    count: int


@dataclass(frozen=True)
class StationCount:
    station_code: str
    cases: int
    fee_hkd: int


@dataclass(frozen=True)
class EventDashboard:
    """The figures of one event; see the module docstring for what each counts."""

    event: EventRow
    cases: int
    lodged_on_event_day: int
    by_hour: tuple[HourCount, ...]
    qualifications: tuple[QualificationCount, ...]
    by_level: tuple[LevelCount, ...]
    by_state: tuple[StateCount, ...]
    by_route: tuple[RouteCount, ...]
    fee_total_hkd: int
    forms_without_fee: int
    open_drafts: int
    documents_outstanding: int
    cases_with_outstanding: int
    stations: tuple[StationCount, ...]

    @property
    def qualifications_applied(self) -> int:
        return sum(row.applications for row in self.qualifications)

    @property
    def lodged_on_other_days(self) -> int:
        return sum(row.count for row in self.by_hour) - self.lodged_on_event_day

    def hour_series(self) -> tuple[HourCount, ...]:
        """``by_hour`` with the quiet hours between a day's first and last filled in as 0: what a chart draws."""
        series: list[HourCount] = []
        for row in self.by_hour:
            previous = series[-1] if series else None
            if previous is not None and previous.day == row.day:
                series += [HourCount(row.day, hour, 0) for hour in range(previous.hour + 1, row.hour)]
            series.append(row)
        return tuple(series)

    @property
    def days(self) -> tuple[date, ...]:
        """The Hong Kong dates cases were lodged on (one, the event's, on a usual promotion day)."""
        return tuple(sorted({row.day for row in self.by_hour}))

    def hour_label(self, row: HourCount) -> str:
        """``09`` when every case was lodged on one day; ``11-08 09`` when they were lodged on several."""
        return f"{row.hour:02d}" if len(self.days) <= 1 else f"{row.day:%m-%d} {row.hour:02d}"


def event_not_found(what: str) -> AppError:
    return AppError(f"No event {what}.", f"沒有活動 {what}。", code="event_not_found")


def find_event(database: Database, *, event_id: int | None = None, code: str | None = None) -> EventRow:
    """The event of that id or code (codes are matched ignoring case); ``event_not_found`` otherwise."""
    for event in list_events(database):
        if event.id == event_id or (code is not None and event.code.casefold() == code.casefold()):
            return event
    raise event_not_found(code if code is not None else f"#{event_id}")


def _at_event(event_id: int) -> ColumnElement[bool]:
    return and_(ApplicationRecord.event_id == event_id, LODGED)


def cases_per_event(database: Database) -> dict[int, int]:
    """Each event's ``cases`` (event id → cases lodged at it), from the index alone: for a list of events."""
    with database.session() as session:
        rows = session.execute(
            select(ApplicationRecord.event_id, func.count())
            .where(ApplicationRecord.event_id.is_not(None), LODGED)
            .group_by(ApplicationRecord.event_id)
        ).all()
    return {int(event_id): int(count) for event_id, count in rows}


def _hong_kong_offset(day: date) -> str:
    """The SQLite modifier turning a stored UTC moment into Hong Kong time on ``day`` ("+28800 seconds")."""
    offset = HONG_KONG.utcoffset(datetime.combine(day, time(12)))
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return f"{seconds:+d} seconds"


def _applications(
    session: Session, event: EventRow
) -> tuple[tuple[HourCount, ...], tuple[StationCount, ...], int]:
    """By hour, by station and the forms without a fee: one pass over the event's cases."""
    local = func.strftime("%Y-%m-%d %H", ApplicationRecord.lodged_at, _hong_kong_offset(event.event_date))
    rows = session.execute(
        select(
            ApplicationRecord.station_code,
            local,
            func.count(),
            func.coalesce(func.sum(ApplicationRecord.fee_hkd), 0),
            func.count() - func.count(ApplicationRecord.fee_hkd),
        )
        .where(_at_event(event.id))
        .group_by(ApplicationRecord.station_code, local)
    ).all()
    hours: dict[str, int] = {}
    stations: dict[str, tuple[int, int]] = {}
    without_fee = 0
    for station, hour, count, fee, no_fee in rows:
        if hour:  # a case with no lodging time (none is lodged without one) has no hour
            hours[hour] = hours.get(hour, 0) + int(count)
        cases, fees = stations.get(station or "", (0, 0))
        stations[station or ""] = (cases + int(count), fees + int(fee))
        without_fee += int(no_fee)
    return (
        tuple(
            HourCount(date.fromisoformat(text[:10]), int(text[11:13]), hours[text]) for text in sorted(hours)
        ),
        tuple(StationCount(code, *stations[code]) for code in sorted(stations)),
        without_fee,
    )


def _applied(
    session: Session, event_id: int
) -> tuple[tuple[QualificationCount, ...], tuple[RouteCount, ...]]:
    """By qualification (with its share of the fees) and by route: one pass over what was applied for."""
    # Each form's fee is shared among its clusters: n, the form's number of qualifications, by a window.
    applied = (
        select(
            AppliedQualificationRecord.qualification_id,
            AppliedQualificationRecord.route,
            ApplicationRecord.fee_hkd,
            func.count().over(partition_by=AppliedQualificationRecord.application_id).label("n"),
        )
        .join(ApplicationRecord, ApplicationRecord.id == AppliedQualificationRecord.application_id)
        .where(_at_event(event_id))
        .subquery()
    )
    rows = session.execute(
        select(
            applied.c.qualification_id,
            applied.c.route,
            func.count(),
            func.coalesce(func.sum(applied.c.fee_hkd * 1.0 / applied.c.n), 0.0),
        ).group_by(applied.c.qualification_id, applied.c.route)
    ).all()
    counts: dict[int, tuple[int, float]] = {}
    routes: dict[str | None, int] = {}
    for qualification_id, route, count, share in rows:
        applications, fees = counts.get(qualification_id, (0, 0.0))
        counts[qualification_id] = (applications + int(count), fees + float(share))
        routes[route] = routes.get(route, 0) + int(count)
    titles = session.execute(
        select(
            QualificationRecord.id,
            QualificationRecord.title_zh,
            QualificationRecord.title_en,
            QualificationRecord.qf_level,
        ).where(QualificationRecord.id.in_(sorted(counts)))
    ).all()
    qualifications = sorted(
        (QualificationCount(key, zh, en, int(level), *counts[key]) for key, zh, en, level in titles),
        key=lambda row: (-row.applications, row.qf_level, row.title_en),
    )
    known = [RouteCount(route, routes.pop(route)) for route in ROUTE_ORDER if route in routes]
    others = [RouteCount(route, count) for route, count in sorted(routes.items(), key=str)]
    return tuple(qualifications), tuple(known + others)


def _by_state(session: Session, event_id: int) -> tuple[StateCount, ...]:
    rows = dict(
        session.execute(
            select(ApplicationRecord.status, func.count())
            .where(_at_event(event_id))
            .group_by(ApplicationRecord.status)
        )
        .tuples()
        .all()
    )
    known = [
        StateCount(state.value, int(rows.pop(state.value))) for state in STATE_ORDER if state.value in rows
    ]
    return tuple(known + [StateCount(status, int(count)) for status, count in sorted(rows.items())])


def _outstanding(session: Session, event_id: int) -> tuple[int, int]:
    items, cases = session.execute(
        select(func.count(), func.count(distinct(EvidenceItemRecord.application_id)))
        .join(ApplicationRecord, ApplicationRecord.id == EvidenceItemRecord.application_id)
        .where(
            ApplicationRecord.event_id == event_id,
            ApplicationRecord.status.in_(OPEN_STATES),
            EvidenceItemRecord.status.not_in(sorted(PROVING_STATUSES)),
        )
    ).one()
    return int(items), int(cases)


def event_dashboard(database: Database, event: EventRow) -> EventDashboard:
    """The figures of ``event`` (from :func:`find_event` or ``lodging.list_events``), read now."""
    with database.session() as session:
        by_hour, stations, without_fee = _applications(session, event)
        qualifications, by_route = _applied(session, event.id)
        levels: dict[int, int] = {}
        for row in qualifications:
            levels[row.qf_level] = levels.get(row.qf_level, 0) + row.applications
        drafts = session.scalar(
            select(func.count()).where(DraftRecord.event_id == event.id, DraftRecord.state == DRAFT_OPEN)
        )
        outstanding, outstanding_cases = _outstanding(session, event.id)
        return EventDashboard(
            event=event,
            cases=sum(row.cases for row in stations),
            lodged_on_event_day=sum(row.count for row in by_hour if row.day == event.event_date),
            by_hour=by_hour,
            qualifications=qualifications,
            by_level=tuple(LevelCount(level, count) for level, count in sorted(levels.items())),
            by_state=_by_state(session, event.id),
            by_route=by_route,
            fee_total_hkd=sum(row.fee_hkd for row in stations),
            forms_without_fee=without_fee,
            open_drafts=int(drafts or 0),
            documents_outstanding=outstanding,
            cases_with_outstanding=outstanding_cases,
            stations=stations,
        )
