"""The case list service over a real SQLite file: search, filters, counts, and HKIDs only ever masked."""

from __future__ import annotations

from dataclasses import astuple
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EventRecord,
)
from assessor_app.core.db.models.catalogue import AgencyRecord, QualificationRecord
from assessor_app.core.db.models.laptop import StationRecord
from assessor_app.core.domain.names import card_name
from assessor_app.core.services.cases.listing import (
    CaseRow,
    count_cases,
    list_batches,
    list_cases,
)
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of

PEOPLE = [
    # reference, HKID, Chinese name, surname, given names, status, day, qualifications
    ("LT01-20231108-0001", "A123456(3)", "陳大文", "Chan", "Tai Man", "lodged", date(2023, 11, 8), 2),
    ("LT01-20231108-0002", "CA182361(1)", "李小梅", "LEE", "Siu Mui", "draft", date(2023, 11, 8), 1),
    ("LT02-20231109-0001", "E364912(5)", "黃志強", "WONG", "Chi Keung", "lodged", date(2023, 11, 9), 0),
]


def add_cases(database: Database) -> dict[str, int]:
    """The three people above, each with one application at one event; returns reference -> id."""
    ids: dict[str, int] = {}
    with database.session() as session:
        agency = session.scalars(select(AgencyRecord).where(AgencyRecord.code == "HKAG")).one()
        qualifications = session.scalars(select(QualificationRecord).order_by(QualificationRecord.id)).all()
        event = EventRecord(
            code="CCT-20231108", name="Promotion day", event_date=date(2023, 11, 8), agency=agency
        )
        session.add(event)
        for reference, hkid, name_zh, surname, given, status, day, count in PEOPLE:
            applicant = ApplicantRecord(
                hkid=hkid, residence_status="A", name_zh=name_zh, surname_en=surname, given_names_en=given
            )
            application = ApplicationRecord(
                reference_no=reference,
                applicant=applicant,
                event=event,
                station_code=reference[:4],
                status=status,
                application_date=day,
            )
            apply_particulars(application, particulars_of(applicant))
            application.qualifications = [
                AppliedQualificationRecord(qualification_id=q.id) for q in qualifications[:count]
            ]
            session.add(application)
            session.flush()
            ids[reference] = application.id
    return ids


def references(rows: list[CaseRow]) -> list[str | None]:
    return [row.reference_no for row in rows]


def test_rows_carry_names_counts_and_event(database: Database) -> None:
    add_cases(database)
    rows = list_cases(database)
    assert references(rows) == ["LT02-20231109-0001", "LT01-20231108-0002", "LT01-20231108-0001"]
    first = rows[-1]
    assert first.applicant_name_zh == "陳大文"
    assert first.applicant_name_en == "CHAN Tai Man"
    assert first.event_code == "CCT-20231108"
    assert first.station_code == "LT01"
    assert first.application_date == date(2023, 11, 8)
    assert [row.qualification_count for row in rows] == [0, 1, 2]


def test_full_hkid_never_leaves_the_service(database: Database) -> None:
    add_cases(database)
    rows = list_cases(database)
    assert [row.hkid_masked for row in rows] == ["E364***(*)", "CA182***(*)", "A123***(*)"]
    for row in rows:
        for value in astuple(row):
            for _, hkid, *_rest in PEOPLE:
                assert hkid not in str(value)
                assert hkid.replace("(", "").replace(")", "") not in str(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0002", ["LT01-20231108-0002"]),
        ("lt02", ["LT02-20231109-0001"]),
        ("陳大", ["LT01-20231108-0001"]),
        ("chan", ["LT01-20231108-0001"]),
        ("chan tai", ["LT01-20231108-0001"]),
        ("Tai Man Chan", ["LT01-20231108-0001"]),
        ("siu mui", ["LT01-20231108-0002"]),
        ("A123456(3)", ["LT01-20231108-0001"]),
        ("a1234563", ["LT01-20231108-0001"]),
        ("a123456 (3)", ["LT01-20231108-0001"]),
        ("CA182", ["LT01-20231108-0002"]),
        ("  E364912  ", ["LT02-20231109-0001"]),
        ("364912", []),  # the middle of an HKID is not searched: type it from the start
        ("nobody", []),
        ("%", []),
        ("_", []),
    ],
)
def test_search(database: Database, text: str, expected: list[str]) -> None:
    add_cases(database)
    assert references(list_cases(database, text=text)) == expected


def test_status_filter_and_limit(database: Database) -> None:
    add_cases(database)
    assert references(list_cases(database, status="draft")) == ["LT01-20231108-0002"]
    assert len(list_cases(database, status="lodged")) == 2
    assert list_cases(database, status="withdrawn") == []
    assert references(list_cases(database, limit=1)) == ["LT02-20231109-0001"]
    assert list_cases(database, limit=0) == []
    assert references(list_cases(database, text="lt01", status="lodged")) == ["LT01-20231108-0001"]


def test_empty_database(database: Database) -> None:
    assert list_cases(database) == []
    assert count_cases(database) == 0
    assert list_batches(database) == []
    assert lodging.local_station(database) is None
    assert lodging.list_events(database, on=date.today()) == []


def test_counts_events_batches_and_station(database: Database) -> None:
    add_cases(database)
    with database.session() as session:
        session.add(StationRecord(code="LT02", is_local=False))
        session.add(StationRecord(code="LT01", is_local=True))
        session.add(
            ExportBatchRecord(
                kind="export",
                file_name="LT01-batch.xlsx",
                file_sha256="ab" * 32,
                created_by="assessor1",
                created_at=datetime(2023, 11, 9, 10, 0, tzinfo=UTC),
                case_count=2,
            )
        )
    assert count_cases(database) == 3
    assert lodging.local_station(database) == "LT01"
    (event,) = lodging.list_events(database, on=date(2023, 11, 8))
    assert (event.code, len(lodging.event_queue(database, event.id))) == ("CCT-20231108", 3)
    assert lodging.list_events(database, on=date(2023, 11, 9)) == []
    (batch,) = list_batches(database)
    assert (batch.kind, batch.file_name, batch.case_count, batch.short_hash) == (
        "export",
        "LT01-batch.xlsx",
        2,
        "abababababab",
    )


def test_application_without_event_or_reference(database: Database) -> None:
    with database.session() as session:
        applicant = ApplicantRecord(
            hkid="A123456(3)", residence_status="A", surname_en="Ho", given_names_en=""
        )
        application = ApplicationRecord(
            applicant=applicant, status="draft", application_date=date(2024, 1, 2)
        )
        apply_particulars(application, particulars_of(applicant))
        session.add(application)
    (row,) = list_cases(database)
    assert row.reference_no is None
    assert row.event_code is None
    assert row.applicant_name_en == "HO"
    assert row.qualification_count == 0


def test_english_name() -> None:
    assert card_name("chan", "Tai Man") == "CHAN Tai Man"
    assert card_name(" Ho ", "") == "HO"
