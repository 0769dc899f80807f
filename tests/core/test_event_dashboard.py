"""The event dashboard's figures against a direct count in plain Python over the rows read back, on a
generated event with cases in many states, hours, stations, qualifications and routes; and the end-of-day
summary PDF read back in both languages."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    DraftRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.event_dashboard import (
    EventDashboard,
    cases_per_event,
    event_dashboard,
    find_event,
)
from assessor_app.core.services.documents.event_summary import render_event_summary, render_summary
from tests.core.dashboard_helpers import OTHER_EVENT_CODE, spread_event

pytestmark = pytest.mark.also_encrypted
HONG_KONG = ZoneInfo("Asia/Hong_Kong")  # written out again: the test does not borrow the code's constant
CLOSED = {"result_passed", "result_failed", "appeal_lodged", "appeal_upheld", "appeal_dismissed", "withdrawn"}
PROVEN = {"original_seen", "copy_received", "verified"}


@pytest.fixture
def figures(database: Database) -> EventDashboard:
    code = spread_event(database)
    return event_dashboard(database, find_event(database, code=code))


def _cases(database: Database, event_id: int) -> list[ApplicationRecord]:
    with database.session() as session:
        rows = session.scalars(select(ApplicationRecord).where(ApplicationRecord.event_id == event_id)).all()
        session.expunge_all()
    return [row for row in rows if row.status != "draft"]


def test_counts_and_hours_match_a_direct_count(database: Database, figures: EventDashboard) -> None:
    cases = _cases(database, figures.event.id)
    assert figures.cases == len(cases) > 80
    hours: Counter[tuple[date, int]] = Counter()
    for case in cases:
        assert case.lodged_at is not None
        local = case.lodged_at.replace(tzinfo=UTC).astimezone(HONG_KONG)
        hours[(local.date(), local.hour)] += 1
    assert {(row.day, row.hour): row.count for row in figures.by_hour} == dict(hours)
    assert figures.lodged_on_event_day == sum(
        n for (day, _), n in hours.items() if day == figures.event.event_date
    )
    assert 0 < figures.lodged_on_other_days < figures.cases
    assert len(figures.days) == 2
    series = figures.hour_series()
    assert sum(row.count for row in series) == figures.cases
    assert all(row.count == 0 for row in series if (row.day, row.hour) not in hours)
    assert Counter(case.status for case in cases) == {row.status: row.count for row in figures.by_state}
    assert len(figures.by_state) > 8
    stations = {row.station_code: (row.cases, row.fee_hkd) for row in figures.stations}
    expected: dict[str, tuple[int, int]] = {}
    for case in cases:
        n, fee = expected.get(case.station_code, (0, 0))
        expected[case.station_code] = (n + 1, fee + (case.fee_hkd or 0))
    assert stations == expected
    assert len(stations) == 3
    assert figures.fee_total_hkd == sum(case.fee_hkd or 0 for case in cases) > 0
    assert figures.forms_without_fee == sum(case.fee_hkd is None for case in cases) > 0


def test_qualifications_routes_and_fee_shares(database: Database, figures: EventDashboard) -> None:
    ids = {case.id: case for case in _cases(database, figures.event.id)}
    with database.session() as session:
        applied = [
            (row.application_id, row.qualification_id, row.route)
            for row in session.scalars(select(AppliedQualificationRecord))
            if row.application_id in ids
        ]
        levels = dict(
            session.execute(select(QualificationRecord.id, QualificationRecord.qf_level)).tuples().all()
        )
    per_form = Counter(application_id for application_id, _, _ in applied)
    counts = Counter(qualification_id for _, qualification_id, _ in applied)
    shares: dict[int, float] = {}
    for application_id, qualification_id, _ in applied:
        share = (ids[application_id].fee_hkd or 0) / per_form[application_id]
        shares[qualification_id] = shares.get(qualification_id, 0.0) + share
    assert {row.qualification_id: row.applications for row in figures.qualifications} == dict(counts)
    for row in figures.qualifications:
        assert row.fee_share_hkd == pytest.approx(shares[row.qualification_id])
        assert row.qf_level == levels[row.qualification_id]
    assert sum(row.fee_share_hkd for row in figures.qualifications) == pytest.approx(figures.fee_total_hkd)
    assert figures.qualifications_applied == len(applied)
    by_level = Counter(levels[qualification_id] for _, qualification_id, _ in applied)
    assert {row.qf_level: row.applications for row in figures.by_level} == dict(by_level)
    by_route = Counter(route for _, _, route in applied)
    assert {row.route: row.count for row in figures.by_route} == dict(by_route)
    assert None in by_route
    assert len(by_route) == 3


def test_drafts_and_documents_outstanding(database: Database, figures: EventDashboard) -> None:
    ids = {case.id: case for case in _cases(database, figures.event.id)}
    with database.session() as session:
        drafts = session.scalars(select(DraftRecord)).all()
        items = [(row.application_id, row.status) for row in session.scalars(select(EvidenceItemRecord))]
    assert (
        figures.open_drafts == sum(d.event_id == figures.event.id and d.state == "open" for d in drafts) >= 2
    )
    outstanding = [
        application_id
        for application_id, status in items
        if application_id in ids and ids[application_id].status not in CLOSED and status not in PROVEN
    ]
    assert figures.documents_outstanding == len(outstanding) > 0
    assert figures.cases_with_outstanding == len(set(outstanding))


def test_another_event_and_an_unknown_code(database: Database, figures: EventDashboard) -> None:
    other = event_dashboard(database, find_event(database, code=OTHER_EVENT_CODE.lower()))
    assert other.cases == len(_cases(database, other.event.id)) > 0
    assert other.cases + figures.cases == len(_cases(database, other.event.id)) + len(
        _cases(database, figures.event.id)
    )
    assert other.open_drafts == 1
    assert cases_per_event(database) == {figures.event.id: figures.cases, other.event.id: other.cases}
    with pytest.raises(AppError) as raised:
        find_event(database, code="NO-SUCH-EVENT")
    assert raised.value.code == "event_not_found"


def test_an_event_with_no_cases(database: Database, figures: EventDashboard) -> None:
    from assessor_app.core.services.intake.lodging import create_event

    created = create_event(
        database, name="空的活動 Empty", event_date=figures.event.event_date, agency_code="HKUSPACE"
    )
    empty = event_dashboard(database, created)
    assert (empty.cases, empty.fee_total_hkd, empty.by_hour, empty.qualifications) == (0, 0, (), ())


def test_summary_pdf_reads_back_in_both_languages_without_personal_data(
    database: Database, figures: EventDashboard, tmp_path: Path
) -> None:
    out = tmp_path / "summary.pdf"
    rendered = render_summary(figures, out, printed_at=datetime(2023, 11, 8, 10, tzinfo=UTC))
    assert rendered.missing_characters == ()
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    flat = "".join(text.split())
    for expected in (
        "活動總結",
        "End-of-day summary",
        figures.event.code,
        "在此活動遞交的申請",
        "Applications lodged at this event",
        "每小時遞交的申請",
        "Applications per hour",
        "尚欠的證明文件",
        "Documents outstanding",
        "未完成的草稿",
        "按工作站",
        "By station",
        f"HK${figures.fee_total_hkd:,}",
        "已遞交",
    ):
        assert "".join(expected.split()) in flat, expected
    for station in figures.stations:
        assert station.station_code in text
    assert "".join(figures.qualifications[0].title_zh.split()) in flat
    assert f"{figures.cases}" in text
    with database.session() as session:
        people = session.execute(
            select(ApplicationRecord.reference_no, ApplicationRecord.name_zh, ApplicantRecord.hkid).join(
                ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id
            )
        ).all()
    for reference, name_zh, number in people:
        assert not reference or reference not in text
        assert not name_zh or name_zh not in flat
        assert hkid.compact(number) not in flat
        assert hkid.mask(number) not in text


def test_summary_by_code_and_an_unwritable_folder(
    database: Database, figures: EventDashboard, tmp_path: Path
) -> None:
    rendered = render_event_summary(database, figures.event.code, tmp_path / "by-code.pdf")
    assert rendered.page_count >= 1
    assert (tmp_path / "by-code.pdf").stat().st_size > 1000
    with pytest.raises(AppError) as raised:
        render_summary(figures, tmp_path / "missing" / "folder" / "s.pdf")
    assert raised.value.code == "event_summary_unwritable"
    assert not (tmp_path / "missing").exists()
