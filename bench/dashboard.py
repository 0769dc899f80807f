"""The event dashboard at 100,000 cases: one event's figures and its end-of-day summary PDF.

    python -m bench --only dashboard [--applications 100000]

The cases are written straight into a migrated database with bulk Core inserts, spread over 40 events
(one of them a big day holding a tenth of all cases), each with one or two qualifications applied for and
two checklist items in any state. Reading an event's figures is what the Intake page's overview does after
each lodge (on the task queue) and what the summary PDF prints; its cost follows the event's size, not the
database's.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.report import keep

EVENTS = 40
BIG_SHARE = 10  # one case in ten is at the big event


def _fill(database: object, count: int, rng: random.Random) -> list[int]:
    from sqlalchemy import insert, select

    from assessor_app.core.db.database import Database
    from assessor_app.core.db.models.cases import (
        ApplicantRecord,
        ApplicationRecord,
        AppliedQualificationRecord,
        EventRecord,
        EvidenceItemRecord,
    )
    from assessor_app.core.db.models.catalogue import AgencyRecord, QualificationRecord
    from assessor_app.core.domain.enums import CaseStatus, EvidenceStatus

    assert isinstance(database, Database)
    states = [state.value for state in CaseStatus if state is not CaseStatus.DRAFT]
    evidence = [status.value for status in EvidenceStatus]
    with database.session() as session:
        agency = session.scalars(select(AgencyRecord.id).where(AgencyRecord.code == "HKUSPACE")).one()
        qualifications = list(session.scalars(select(QualificationRecord.id)))
        start = date(2020, 1, 6)
        session.execute(
            insert(EventRecord),
            [
                {
                    "code": f"EV-{n:03d}",
                    "name": f"推廣日 Promotion day {n}",
                    "event_date": start + timedelta(days=30 * n),
                    "agency_id": agency,
                }
                for n in range(EVENTS)
            ],
        )
        events = list(session.scalars(select(EventRecord.id).order_by(EventRecord.id)))
        session.execute(
            insert(ApplicantRecord),
            [{"residence_status": "A", "surname_en": "CHAN", "hkid": f"A{n:06d}(0)"} for n in range(count)],
        )
        rows = []
        for index in range(count):
            event = 0 if index % BIG_SHARE == 0 else 1 + index % (EVENTS - 1)
            day = start + timedelta(days=30 * event)
            lodged = datetime(day.year, day.month, day.day, 1, tzinfo=UTC) + timedelta(
                minutes=rng.randrange(540)
            )
            rows.append(
                {
                    "applicant_id": index + 1,
                    "event_id": events[event],
                    "station_code": f"LT{index % 4 + 1:02d}",
                    "status": rng.choice(states),
                    "application_date": day,
                    "residence_status": "A",
                    "surname_en": "CHAN",
                    "fee_hkd": rng.choice((290, 490)),
                    "lodged_at": lodged,
                }
            )
        session.execute(insert(ApplicationRecord), rows)
        session.execute(
            insert(AppliedQualificationRecord),
            [
                {"application_id": index + 1, "qualification_id": qualification}
                for index in range(count)
                for qualification in rng.sample(qualifications, rng.choice((1, 2)))
            ],
        )
        session.execute(
            insert(EvidenceItemRecord),
            [
                {
                    "application_id": index + 1,
                    "evidence_type": "employer_letter",
                    "status": rng.choice(evidence),
                }
                for index in range(count)
                for _ in range(2)
            ],
        )
    return events


def _timed(work: object, times: int = 20) -> list[float]:
    assert callable(work)
    found = []
    for _ in range(times):
        started = time.perf_counter()
        work()
        found.append((time.perf_counter() - started) * 1000)
    return found


def run(count: int) -> None:
    from assessor_app.core.db.database import open_database
    from assessor_app.core.services.cases.event_dashboard import event_dashboard, find_event
    from assessor_app.core.services.documents.event_summary import render_summary

    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "dashboard.sqlite3")
        try:
            started = time.perf_counter()
            _fill(database, count, rng)
            print(f"{count:,} cases over {EVENTS} events written in {time.perf_counter() - started:.1f} s")
            for code in ("EV-000", "EV-017"):
                event = find_event(database, code=code)
                figures = event_dashboard(database, event)
                times = _timed(lambda event=event: event_dashboard(database, event))
                print(
                    f"event_dashboard {code} ({figures.cases:,} cases): median {statistics.median(times):.1f} ms, "
                    f"worst {max(times):.1f} ms of {len(times)}"
                )
                keep(
                    f"event_dashboard {code} ({figures.cases:,} cases): median",
                    statistics.median(times) / 1000,
                )
                keep(f"event_dashboard {code} ({figures.cases:,} cases): worst", max(times) / 1000)
            figures = event_dashboard(database, find_event(database, code="EV-000"))
            started = time.perf_counter()
            render_summary(figures, Path(folder) / "summary.pdf")
            took = time.perf_counter() - started
            print(f"end-of-day summary PDF of EV-000: {took * 1000:.0f} ms")
            keep("end-of-day summary PDF of EV-000", took)
        finally:
            database.close()
