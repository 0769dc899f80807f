"""A generated event for the dashboard tests: the demo's promotion day spread over states, hours, stations,
routes, fees and evidence, a second event beside it, and drafts in every state."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    AppliedQualificationRecord,
    DraftRecord,
    EventRecord,
    EvidenceItemRecord,
)
from assessor_app.core.domain.enums import CaseStatus, EvidenceStatus, Route
from assessor_app.core.services.demo.promotion_day import generate_demo

OTHER_EVENT_CODE = "OTHER-20240102"
STATIONS = ("LT01", "LT02", "LT07")


def spread_event(database: Database, *, applications: int = 110, seed: int = 11) -> str:
    """The demo's event with its cases moved about at random; returns the event's code."""
    summary = generate_demo(database, applications=applications, seed=seed)
    rng = random.Random(seed)
    states = [state.value for state in CaseStatus if state is not CaseStatus.DRAFT]
    with database.session() as session:
        event = session.scalars(select(EventRecord).where(EventRecord.code == summary.event_code)).one()
        other = EventRecord(
            code=OTHER_EVENT_CODE,
            name="另一活動 Another day",
            event_date=date(2024, 1, 2),
            agency_id=event.agency_id,
        )
        session.add(other)
        session.flush()
        cases = session.scalars(select(ApplicationRecord).where(ApplicationRecord.event_id == event.id)).all()
        day_start = datetime(2023, 11, 8, 1, 0, tzinfo=UTC)  # 09:00 in Hong Kong
        for index, case in enumerate(cases):
            case.status = rng.choice(states)
            case.station_code = rng.choice(STATIONS)
            if index % 17 == 0:
                case.event_id = other.id  # not this event's: must not be counted
            if index % 13 == 0:
                case.fee_hkd = None
            if index % 11 == 0:  # lodged late at the office, next day in Hong Kong
                case.lodged_at = datetime(2023, 11, 9, 2, 30, tzinfo=UTC)
            else:
                case.lodged_at = day_start + timedelta(minutes=rng.randrange(0, 9 * 60))
            if index % 23 == 0:  # 23:30 UTC is 07:30 the next morning in Hong Kong
                case.lodged_at = datetime(2023, 11, 8, 23, 30, tzinfo=UTC)
        routes = [Route.DOCUMENT_REVIEW.value, Route.ASSESSMENT.value, None]
        for applied in session.scalars(select(AppliedQualificationRecord)):
            applied.route = rng.choice(routes)
        statuses = [status.value for status in EvidenceStatus]
        for item in session.scalars(select(EvidenceItemRecord)):
            item.status = rng.choice(statuses)
        for state, event_id in (
            ("open", event.id),
            ("open", event.id),
            ("open", other.id),
            ("open", None),
            ("lodged", event.id),
            ("discarded", event.id),
        ):
            session.add(DraftRecord(event_id=event_id, payload_json="{}", state=state))
    return summary.event_code
