"""The demo generator: a realistic, deterministic promotion day that never touches a real database."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import (
    AgencyFeeRecord,
    AgencyRecord,
    QualificationRecord,
    QualificationUnitRecord,
    UnitOfCompetencyRecord,
)
from assessor_app.core.db.models.laptop import SettingRecord, StationRecord, UserRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import HONG_KONG
from assessor_app.core.security.sign_in import sign_in
from assessor_app.core.services.demo.clusters import ILLUSTRATIVE_NOTE
from assessor_app.core.services.demo.event import EVENT_CODE
from assessor_app.core.services.demo.promotion_day import (
    DemoSummary,
    generate_demo,
    is_demo_database,
)
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of

REFERENCE = re.compile(r"^LT0[12]-20231108-\d{4}$")
COUNTED = (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
    EventRecord,
    QualificationRecord,
    QualificationUnitRecord,
    SettingRecord,
    StationRecord,
    UserRecord,
)


@pytest.fixture
def demo_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "demo.sqlite3")
    yield db
    db.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One 60-application demo, shared by the read-only checks."""
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    summary = generate_demo(db, applications=60, seed=2023)
    yield db, summary
    db.close()


def as_hong_kong(stored: datetime) -> datetime:
    """SQLite keeps no offset: stored timestamps are UTC."""
    return (stored if stored.tzinfo else stored.replace(tzinfo=UTC)).astimezone(HONG_KONG)


def row_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            record.__tablename__: session.scalar(select(func.count()).select_from(record)) or 0
            for record in COUNTED
        }


def applicant_keys(db: Database) -> list[tuple[str, str, str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(
                ApplicantRecord.name_zh,
                ApplicantRecord.surname_en,
                ApplicantRecord.given_names_en,
                ApplicantRecord.hkid,
            ).order_by(ApplicantRecord.id)
        ).all()
    return [(a, b, c, d) for a, b, c, d in rows]


def add_real_case(db: Database) -> None:
    with db.session() as session:
        applicant = ApplicantRecord(
            hkid="A123456(3)", residence_status="A", surname_en="CHAN", given_names_en="Tai Man"
        )
        application = ApplicationRecord(
            applicant=applicant, status="draft", application_date=date(2024, 1, 2)
        )
        apply_particulars(application, particulars_of(applicant))
        session.add(application)


def fee_table(session: Session) -> dict[int, int]:
    agency = session.scalars(select(AgencyRecord).where(AgencyRecord.code == "HKUSPACE")).one()
    rows = session.scalars(
        select(AgencyFeeRecord).where(
            AgencyFeeRecord.agency_id == agency.id, AgencyFeeRecord.route == "document_review"
        )
    )
    return {row.clusters: row.fee_hkd for row in rows}


def test_counts_match_the_summary(generated: tuple[Database, DemoSummary]) -> None:
    db, summary = generated
    with db.session() as session:
        applications = session.scalars(select(ApplicationRecord)).all()
        hkids = session.scalars(select(ApplicantRecord.hkid)).all()
        event = session.scalars(select(EventRecord)).one()
    assert summary.applications == len(applications) == len(hkids) == 60
    assert summary.applicants == len(set(hkids))
    assert summary.lodged == sum(a.status == CaseStatus.LODGED for a in applications)
    assert summary.drafts == sum(a.status == CaseStatus.DRAFT for a in applications)
    assert summary.lodged + summary.drafts == 60
    assert 1 <= summary.drafts <= 6
    assert summary.other_station == sum(a.station_code == "LT02" for a in applications) > 0
    assert summary.event_code == event.code == EVENT_CODE
    assert summary.event_total == 60
    text = summary.describe()
    assert "60" in text
    assert EVENT_CODE in text
    assert "示範" in text
    assert "Demo" in text


def test_the_event_stations_and_users(generated: tuple[Database, DemoSummary]) -> None:
    db, _ = generated
    assert is_demo_database(db)
    with db.session() as session:
        event = session.scalars(select(EventRecord)).one()
        agency = session.get(AgencyRecord, event.agency_id)
        stations = {s.code: s.is_local for s in session.scalars(select(StationRecord))}
        roles = {u.role for u in session.scalars(select(UserRecord))}
        event_ids = set(session.scalars(select(ApplicationRecord.event_id)))
    assert event.event_date == date(2023, 11, 8)
    assert "國泰貨運站" in event.name
    assert "Chek Lap Kok" in event.venue
    assert event.host_organisation
    assert agency is not None
    assert agency.code == "HKUSPACE"
    assert stations == {"LT01": True, "LT02": False}
    assert roles == {r.value for r in Role}
    assert event_ids == {event.id}


def test_every_hkid_is_valid_and_only_deliberate_repeats_share_one(
    generated: tuple[Database, DemoSummary],
) -> None:
    db, summary = generated
    with db.session() as session:
        applicants = session.scalars(select(ApplicantRecord)).all()
        for applicant in applicants:  # load each one's forms while the session is open
            for application in applicant.applications:
                assert application.qualifications
    assert all(hkid.is_valid(a.hkid) and hkid.normalise(a.hkid) == a.hkid for a in applicants)
    assert {len(hkid.compact(a.hkid)) - 7 for a in applicants} == {1, 2}  # one- and two-letter prefixes
    counts = Counter(a.hkid for a in applicants)
    repeats = {number: n for number, n in counts.items() if n > 1}
    assert 2 <= len(repeats) <= 3
    assert set(repeats.values()) == {2}
    assert summary.repeat_applications == len(repeats)
    for number in repeats:
        same = [a for a in applicants if a.hkid == number]
        assert len({(a.name_zh, a.surname_en, a.given_names_en, a.date_of_birth) for a in same}) == 1
        first, second = (a.applications[0] for a in same)
        assert first.status == second.status == CaseStatus.LODGED
        assert first.lodged_at is not None
        assert second.lodged_at is not None
        assert first.lodged_at < second.lodged_at
        first_quals = {q.qualification_id for q in first.qualifications}
        assert not first_quals & {q.qualification_id for q in second.qualifications}


def test_people_look_like_hong_kong_applicants(generated: tuple[Database, DemoSummary]) -> None:
    db, _ = generated
    with db.session() as session:
        applicants = session.scalars(select(ApplicantRecord)).all()
    for a in applicants:
        assert a.name_zh
        assert not a.name_zh.isascii()
        assert a.surname_en.isupper()
        assert re.fullmatch(r"[A-Z][a-z]+( [A-Z][a-z]+)?", a.given_names_en)
        assert a.date_of_birth is not None
        assert date(1960, 1, 1) <= a.date_of_birth <= date(2003, 12, 31)
        assert re.fullmatch(r"\+852[569]\d{7}", a.phone)
        number = phonenumbers.parse(a.phone)
        assert phonenumbers.is_valid_number(number)
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
        assert a.residence_status in {"A", "R", "U", "OWP"}
        assert a.address
        assert a.preferred_language in {"zh_HK", "en"}
        if a.email:
            assert re.fullmatch(r"[a-z]+\.[a-z]+\d+@example\.(com|net|org)", a.email)
    statuses = Counter(a.residence_status for a in applicants)
    assert statuses["A"] > len(applicants) / 2
    assert Counter(a.preferred_language for a in applicants).most_common(1)[0][0] == "zh_HK"
    assert any(a.alias for a in applicants)
    assert any(a.email for a in applicants)


def test_lodged_cases_are_complete(generated: tuple[Database, DemoSummary]) -> None:
    db, _ = generated
    with db.session() as session:
        fees = fee_table(session)
        applications = session.scalars(select(ApplicationRecord)).all()
        seen_references: set[str] = set()
        for app in applications:
            assert app.qualifications
            assert app.employment
            assert 1 <= len(app.qualifications) <= 2
            assert app.application_date == date(2023, 11, 8)
            letters = [e for e in app.evidence if e.evidence_type == "employer_letter"]
            assert len(letters) == len(app.employment)
            assert {e.period_id for e in letters} == {p.id for p in app.employment}
            assert [e.evidence_type for e in app.evidence].count("hkid_copy") == 1
            if app.status == CaseStatus.DRAFT:
                assert app.reference_no is None
                assert app.lodged_at is None
                continue
            assert app.status == CaseStatus.LODGED
            assert app.reference_no is not None
            assert REFERENCE.match(app.reference_no)
            assert app.reference_no.startswith(app.station_code)
            assert app.reference_no not in seen_references
            seen_references.add(app.reference_no)
            assert app.fee_hkd == fees[min(len(app.qualifications), max(fees))]
            assert app.lodged_at is not None
            assert app.pics_acknowledged_at is not None
            lodged = as_hong_kong(app.lodged_at)
            assert lodged.date() == date(2023, 11, 8)
            assert time(9, 30) <= lodged.time() <= time(17, 0)
            assert as_hong_kong(app.pics_acknowledged_at) <= lodged
            assert app.applicant.hkid_verified_by
            assert app.applicant.hkid_verified_at is not None
            for item in app.evidence:
                assert item.recorded_by
    assert {ref[:4] for ref in seen_references} == {"LT01", "LT02"}


def test_employment_periods_are_plausible(generated: tuple[Database, DemoSummary]) -> None:
    db, _ = generated
    with db.session() as session:
        periods = session.scalars(select(EmploymentPeriodRecord)).all()
        applications = session.scalars(select(ApplicationRecord)).all()
        statuses = Counter(
            session.scalars(
                select(EvidenceItemRecord.status).where(EvidenceItemRecord.evidence_type == "employer_letter")
            )
        )
        overlapping = 0
        for app in applications:
            assert 1 <= len(app.employment) <= 4  # up to three jobs here, and perhaps one abroad
            spans = sorted((p.start_date, p.end_date or date(2023, 11, 8)) for p in app.employment)
            overlapping += any(later[0] <= earlier[1] for earlier, later in itertools.pairwise(spans))
    for period in periods:
        assert period.end_date is None or period.end_date >= period.start_date
        assert period.start_date <= date(2023, 11, 8)
        assert period.employer
        assert period.post
        assert period.duties
        assert (period.employment_type == "part_time") == (period.hours_per_week is not None)
    assert any(p.end_date is None for p in periods)
    assert any(p.end_date is not None for p in periods)
    assert any(p.employment_type == "part_time" for p in periods)
    assert any(not p.in_hong_kong for p in periods)
    assert overlapping > 0
    assert {"original_seen", "copy_received", "missing"} <= set(statuses)


def test_illustrative_clusters_are_labelled_and_built_from_real_units(
    generated: tuple[Database, DemoSummary],
) -> None:
    db, _ = generated
    with db.session() as session:
        clusters = session.scalars(
            select(QualificationRecord).where(QualificationRecord.title_en.like("%(illustrative)"))
        ).all()
        applied = set(session.scalars(select(AppliedQualificationRecord.qualification_id)))
        surveying = session.scalars(
            select(QualificationRecord).where(QualificationRecord.stream == "Surveying")
        ).one()
        for cluster in clusters:
            units = session.scalars(
                select(UnitOfCompetencyRecord)
                .join(QualificationUnitRecord, QualificationUnitRecord.unit_id == UnitOfCompetencyRecord.id)
                .where(QualificationUnitRecord.qualification_id == cluster.id)
            ).all()
            assert units
            assert all(u.qf_level == cluster.qf_level for u in units)
            assert cluster.industry.name_en == "Logistics"
    assert 4 <= len(clusters) <= 6
    assert {c.qf_level for c in clusters} == {1, 2, 3, 4}
    for cluster in clusters:
        assert cluster.title_en.endswith(" (illustrative)")
        assert cluster.title_zh.endswith("（示例）")
        assert cluster.notes == ILLUSTRATIVE_NOTE
        assert cluster.stream_zh in ("空運", "碼頭、倉庫及物流中心")
        assert cluster.qr_number is None
    assert applied <= {c.id for c in clusters} | {surveying.id}
    assert surveying.id in applied


def test_the_same_seed_gives_the_same_applicants(tmp_path: Path) -> None:
    keys = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        db = open_database(tmp_path / f"{name}.sqlite3")
        try:
            generate_demo(db, applications=30, seed=seed)
            keys.append(applicant_keys(db))
        finally:
            db.close()
    assert keys[0] == keys[1]
    assert keys[0] != keys[2]
    assert {k[3] for k in keys[0]} != {k[3] for k in keys[2]}


def test_a_database_with_real_cases_is_refused_and_left_unchanged(demo_db: Database) -> None:
    add_real_case(demo_db)
    before = row_counts(demo_db)
    with pytest.raises(AppError) as caught:
        generate_demo(demo_db, applications=10)
    assert caught.value.code == "demo_refused"
    assert caught.value.en
    assert not caught.value.zh.isascii()
    assert row_counts(demo_db) == before
    assert not is_demo_database(demo_db)


def test_allow_real_writes_into_a_real_database_without_marking_it_demo(demo_db: Database) -> None:
    add_real_case(demo_db)
    summary = generate_demo(demo_db, applications=10, allow_real=True)
    assert summary.applications == 10
    assert row_counts(demo_db)["applications"] == 11
    assert not is_demo_database(demo_db)


def test_an_empty_database_marked_as_another_kind_is_refused(demo_db: Database) -> None:
    with demo_db.session() as session:
        session.add(SettingRecord(key="database_kind", value="live"))
    with pytest.raises(AppError) as caught:
        generate_demo(demo_db, applications=5)
    assert caught.value.code == "demo_refused"
    assert row_counts(demo_db)["applications"] == 0


def test_running_again_adds_a_batch_to_the_same_event(demo_db: Database) -> None:
    first = generate_demo(demo_db, applications=40)
    second = generate_demo(demo_db, applications=40)
    assert second.applications == 40
    assert second.event_total == 80
    with demo_db.session() as session:
        applicants = session.scalars(select(ApplicantRecord)).all()
        references = [r for r in session.scalars(select(ApplicationRecord.reference_no)) if r is not None]
        clusters = session.scalar(
            select(func.count())
            .select_from(QualificationRecord)
            .where(QualificationRecord.title_en.like("%(illustrative)"))
        )
        events = session.scalar(select(func.count()).select_from(EventRecord))
    assert len(applicants) == 80
    assert len(references) == len(set(references)) == first.lodged + second.lodged
    assert all(REFERENCE.match(r) for r in references)
    assert events == 1
    assert clusters == 6
    repeats = [n for n in Counter(a.hkid for a in applicants).values() if n > 1]
    assert len(repeats) == first.repeat_applications + second.repeat_applications


def test_zero_applications_only_sets_up_the_day(demo_db: Database) -> None:
    summary = generate_demo(demo_db, applications=0)
    assert summary.applications == summary.lodged == summary.drafts == 0
    assert is_demo_database(demo_db)
    assert row_counts(demo_db)["events"] == 1


def test_the_cli_fills_the_demo_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(tmp_path), "demo", "--applications", "25"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert EVENT_CODE in result.stdout
    assert "25" in result.stdout
    assert (tmp_path / "demo.sqlite3").exists()
    assert not (tmp_path / "cases.sqlite3").exists()
    # Encrypted, with a demo keyring: the demo's staff sign in with the password demo, in their roles.
    assert not (tmp_path / "demo.sqlite3").read_bytes().startswith(b"SQLite format 3")
    signed = sign_in(tmp_path / "demo.sqlite3", "syleung", "demo")
    db = signed.database
    try:
        assert (signed.role, signed.demo) == ("supervisor", True)
        assert row_counts(db)["applications"] == 25
        assert is_demo_database(db)
    finally:
        db.close()
