"""The Cases page at 100,000 cases: opening it, a filter change and a sort change, beside unpaged reads, same run.

    python -m bench --only cases [--applications 100000]

The cases are :mod:`bench.case_data`'s (the search bench's), given what years of work leave: eight events,
six stations, every state, one or two qualifications each (route and stored verdict), recommendations by
three assessors, checklist lines (some missing), document requests (some overdue) and people who applied
twice. Timed, each with the peak Python memory:

- opening the page: the real ``CasesPage`` (offscreen) built and refreshed until its first page is shown
  (the filters' lists and the first page; the count and My work's counts, timed apart, follow from the
  background), beside the unpaged read the page made before (``list_cases``: every case);
- a filter change: the first page for each of ten filters (median and worst), beside the same filters read
  unpaged (every matching id, in order), and the background count of every match;
- a sort change: the first page in each column's order, beside the same orders unpaged.

Targets (the issue): opening under 300 ms, a filter change under 100 ms, the app's memory under 300 MiB.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bench import case_data
from bench.rss import peak_rss_mib

ASSESSORS = ("ckcheng", "mkwan", "pylau")
SUPERVISOR = "syleung"


def _enrich(database: Any, count: int, rng: random.Random) -> None:
    """What years of work leave on the bare cases (see the module docstring)."""
    from sqlalchemy import insert, select, update

    from assessor_app.core.db.models.cases import (
        ApplicationRecord,
        AppliedQualificationRecord,
        AssessmentDecisionRecord,
        DocumentRequestRecord,
        EventRecord,
        EvidenceItemRecord,
    )
    from assessor_app.core.db.models.catalogue import AgencyRecord, EvidenceTypeRecord, QualificationRecord
    from assessor_app.core.db.models.laptop import UserRecord
    from assessor_app.core.domain.eligibility import EligibilityStatus
    from assessor_app.core.domain.enums import CaseStatus, Route

    states = [state.value for state in CaseStatus]
    with database.session() as session:
        agency = session.scalars(select(AgencyRecord.id)).first()
        qualifications = list(session.scalars(select(QualificationRecord.id)))
        evidence_type = session.scalars(select(EvidenceTypeRecord.code)).first()
        session.execute(
            insert(UserRecord),
            [{"username": name, "display_name": name.upper(), "role": "assessor"} for name in ASSESSORS]
            + [{"username": SUPERVISOR, "display_name": "S Y LEUNG", "role": "supervisor"}],
        )
        session.execute(
            insert(EventRecord),
            [
                {
                    "code": f"EV-{year}-{half}",
                    "name": f"Promotion day {year}/{half}",
                    "event_date": date(year, 1 + 6 * half, 10),
                    "agency_id": agency,
                }
                for year in range(2019, 2023)
                for half in (0, 1)
            ],
        )
        event_ids = list(session.scalars(select(EventRecord.id)))
        session.execute(
            update(ApplicationRecord),
            [
                {
                    "id": index + 1,
                    "status": rng.choice(states),
                    "station_code": f"ST{index % 6 + 1:02d}",
                    "event_id": event_ids[index * len(event_ids) // count],
                    # One in twenty is a second application of someone already held (the same HKID).
                    "applicant_id": rng.randrange(1, index + 1)
                    if index and rng.random() < 0.05
                    else index + 1,
                }
                for index in range(count)
            ],
        )
        verdicts = [status.value for status in EligibilityStatus]
        routes = [route.value for route in Route]
        session.execute(
            insert(AppliedQualificationRecord),
            [
                {
                    "application_id": index + 1,
                    "qualification_id": qualification,
                    "route": rng.choice(routes),
                    "eligibility": rng.choice(verdicts),
                }
                for index in range(count)
                for qualification in rng.sample(qualifications, rng.choice((1, 1, 2)))
            ],
        )
        applied = list(session.scalars(select(AppliedQualificationRecord.id)))
        session.execute(
            insert(AssessmentDecisionRecord),
            [
                {"applied_qualification_id": applied_id, "decided_by": rng.choice(ASSESSORS)}
                for applied_id in applied
                if rng.random() < 0.4
            ],
        )
        session.execute(
            insert(EvidenceItemRecord),
            [
                {
                    "application_id": index + 1,
                    "evidence_type": evidence_type,
                    "status": "missing" if rng.random() < 0.3 else "verified",
                }
                for index in range(count)
                for _ in range(2)
            ],
        )
        today = date(2023, 6, 1)
        session.execute(
            insert(DocumentRequestRecord),
            [
                {
                    "application_id": case_id,
                    "requested_by": rng.choice(ASSESSORS),
                    "due_date": today + timedelta(days=rng.randrange(-30, 30)),
                    "fulfilled_at": datetime(2023, 5, 1, tzinfo=UTC) if rng.random() < 0.5 else None,
                }
                for case_id in rng.sample(range(1, count + 1), count // 20)
            ],
        )


def _ms(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def _traced(work: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds and peak Python MiB of one call."""
    tracemalloc.start()
    try:
        took = _ms(work)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return took, peak / 2**20


def _row(label: str, times: list[float], baseline: list[float] | None, peak: float | None) -> None:
    """One line: median and worst, the baseline's (if any), the peak Python memory (if measured)."""
    against = f"{statistics.median(baseline):8.1f} {max(baseline):8.1f} ms" if baseline else " " * 20
    memory = f"{peak:6.1f} MiB" if peak is not None else ""
    print(f"{label:<34} {statistics.median(times):8.1f} {max(times):8.1f} ms   {against}   {memory}")


def run(count: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from assessor_app.core.db.database import open_database
    from assessor_app.core.domain.enums import Route
    from assessor_app.core.paths import DataDir
    from assessor_app.core.services.cases.case_filters import CaseFilter, CaseSort
    from assessor_app.core.services.cases.case_pages import PAGE_SIZE, case_page, count_matching, page_ids
    from assessor_app.core.services.cases.listing import list_cases
    from assessor_app.core.services.cases.my_work import WorkFor, my_work_counts
    from assessor_app.ui import preferences, tasks
    from assessor_app.ui.context import UiContext
    from assessor_app.ui.pages.cases_page import CasesPage

    app = QApplication.instance() or QApplication([])
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "cases.sqlite3")
        try:
            started = time.perf_counter()
            case_data.fill_cases(database, count, rng)
            _enrich(database, count, rng)
            print(f"setup: {count:,} cases written in {time.perf_counter() - started:.1f} s")
            today = date(2023, 6, 1)
            filters = [
                CaseFilter(station="ST03"),
                CaseFilter(status="under_review"),
                CaseFilter(event_id=3),
                CaseFilter(date_from=date(2021, 1, 1), date_to=date(2021, 3, 31)),
                CaseFilter(industry_id=1),
                CaseFilter(level=3, route=Route.ASSESSMENT.value),
                CaseFilter(assessor="mkwan"),
                CaseFilter(work=WorkFor(SUPERVISOR, "supervisor", today)),
                CaseFilter(work=WorkFor(ASSESSORS[0], "assessor", today), station="ST01"),
                CaseFilter(text="陳", status="lodged"),
            ]

            def first_page(chosen: CaseFilter, sort: CaseSort = CaseSort.APPLICATION_DATE) -> None:
                case_page(database, chosen, sort=sort, descending=False, limit=PAGE_SIZE)

            def unpaged(chosen: CaseFilter, sort: CaseSort = CaseSort.APPLICATION_DATE) -> None:
                page_ids(database, chosen, sort=sort, descending=False, limit=count)

            first_page(CaseFilter())  # a warm cache, as once the app has started
            context = UiContext(database=database, data_dir=DataDir(Path(folder)), user=SUPERVISOR)
            settings = preferences.open_settings(context.data_dir)  # as the main window holds it

            def open_page() -> CasesPage:
                page = CasesPage(context, settings=settings)
                page.show()
                page.refresh()
                app.processEvents()
                return page

            def settled(page: CasesPage) -> None:
                """The page's background counts done and heard, then the page closed."""
                tasks.wait_for_all()
                app.processEvents()
                page.close()

            # Times untraced (tracemalloc slows Python down several times); the peaks from one traced run.
            opened = []
            pages: list[CasesPage] = []
            for _ in range(5):
                opened.append(_ms(lambda: pages.append(open_page())))
                settled(pages.pop())
            open_peak = _traced(lambda: settled(open_page()))[1]
            shown = PAGE_SIZE
            work = WorkFor(SUPERVISOR, "supervisor", today)
            work_counts = [_ms(partial(my_work_counts, database, work)) for _ in range(3)]
            all_rows = [_ms(lambda: list_cases(database)) for _ in range(3)]
            filtered = [_ms(partial(first_page, chosen)) for chosen in filters]
            filter_peak = max(_traced(partial(first_page, chosen))[1] for chosen in filters)
            filtered_unpaged = [_ms(partial(unpaged, chosen)) for chosen in filters]
            counted = [_ms(partial(count_matching, database, chosen)) for chosen in filters]
            sorted_times = {sort: _ms(partial(first_page, CaseFilter(), sort)) for sort in CaseSort}
            sort_peak = max(_traced(partial(first_page, CaseFilter(), sort))[1] for sort in CaseSort)
            sorted_unpaged = [_ms(partial(unpaged, CaseFilter(), sort)) for sort in CaseSort]
        finally:
            database.close()
    print(f"{'':<34} {'this (median, worst)':>20}   {'baseline (median, worst)':>24}   peak Python")
    _row(f"open the Cases page ({shown} rows)", opened, all_rows, open_peak)
    print("  baseline: list_cases, every case read (the page before)")
    _row("  My work's counts (background)", work_counts, None, None)
    _row(f"filter change ({len(filters)} filters)", filtered, filtered_unpaged, filter_peak)
    _row("  count of every match (background)", counted, None, None)
    _row(
        f"sort change ({len(CaseSort)} orders)",
        list(sorted_times.values()),
        sorted_unpaged,
        sort_peak / 2**20,
    )
    print("  baselines: the same filter or order, every matching id read (unpaged)")
    for chosen, took in zip(filters, filtered, strict=True):
        shown_fields = {key: value for key, value in vars(chosen).items() if value not in (None, "")}
        print(f"    filter {took:7.1f} ms  {shown_fields}")
    for sort, took in sorted_times.items():
        print(f"    sort   {took:7.1f} ms  {sort.value}")
    rss = peak_rss_mib()
    print(
        f"peak RSS of this bench process (with any group run before in it): {rss:.0f} MiB; targets: open < 300 ms, filter change < 100 ms, memory < 300 MiB"
    )
