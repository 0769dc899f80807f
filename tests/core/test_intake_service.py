"""Intake on a real database: events, station, drafts, duplicates, fees and one-transaction lodging."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from assessor_app.core.db import cipher
from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.intake import lodging
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_staff

pytestmark = pytest.mark.also_encrypted  # clear and encrypted database (tests/core/conftest.py)

EVENT_DAY = date(2023, 11, 8)


@pytest.fixture
def ready(database: Database) -> tuple[Database, int, list[int]]:
    """A database with this laptop's station and clerks, an event and two qualification ids."""
    add_staff(database, "clerk1", "clerk")
    lodging.set_local_station(database, "lt01")
    event = lodging.create_event(
        database,
        name="國泰貨運站推廣日 Cargo terminal promotion day",
        host_organisation="Cathay Cargo Terminal",
        venue="Chek Lap Kok",
        event_date=EVENT_DAY,
        agency_code="HKUSPACE",
    )
    with database.session() as session:
        ids = list(session.scalars(select(QualificationRecord.id).order_by(QualificationRecord.id).limit(2)))
    return database, event.id, ids


def table_dump(database: Database) -> list[tuple[object, ...]]:
    connection = cipher.connect(database.path, database.data_key)  # the file as it is, clear or encrypted
    with connection:
        rows: list[tuple[object, ...]] = []
        for table in (
            "applicants",
            "applications",
            "applied_qualifications",
            "employment_periods",
            "evidence_items",
        ):
            rows += [(table, *row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY id")]
    connection.close()
    return rows


def test_event_code_is_derived_and_unique(database: Database) -> None:
    first = lodging.create_event(
        database,
        name="Day",
        host_organisation="Cathay Cargo Terminal",
        event_date=EVENT_DAY,
        agency_code="HKUSPACE",
    )
    second = lodging.create_event(
        database,
        name="Day",
        host_organisation="Cathay Cargo Terminal",
        event_date=EVENT_DAY,
        agency_code="HKUSPACE",
    )
    assert (first.code, second.code) == ("CCT-20231108", "CCT-20231108-2")
    assert [e.code for e in lodging.list_events(database, on=EVENT_DAY)] == ["CCT-20231108-2", "CCT-20231108"]
    assert first.agency_name_zh == "香港大學專業進修學院"


def test_event_needs_a_name_and_a_known_agency(database: Database) -> None:
    with pytest.raises(ValidationError) as raised:
        lodging.create_event(database, name=" ", event_date=EVENT_DAY, agency_code="NOPE")
    assert len(raised.value.details) == 2


def test_station_is_set_once(database: Database) -> None:
    assert lodging.local_station(database) is None
    with pytest.raises(ValidationError):
        lodging.set_local_station(database, "l")
    assert lodging.set_local_station(database, "lt01") == "LT01"
    assert lodging.set_local_station(database, "LT01") == "LT01"
    with pytest.raises(AppError) as raised:
        lodging.set_local_station(database, "LT02")
    assert raised.value.code == "station_already_set"
    assert lodging.local_station(database) == "LT01"


def test_fee_follows_the_agency_table(ready: tuple[Database, int, list[int]]) -> None:
    database, event_id, _ = ready
    assert [lodging.fee_for(database, event_id, n) for n in range(6)] == [0, 290, 490, 690, 890, 890]


def test_lodging_writes_every_row_in_one_go(ready: tuple[Database, int, list[int]]) -> None:
    database, event_id, ids = ready
    form = valid_form(event_id=event_id, qualification_ids=ids)
    lodging.save_draft(database, "draft-1", form)
    result = lodging.lodge_application(
        database, form, draft_uid="draft-1", operator="clerk1", today=EVENT_DAY
    )
    assert result.reference_no == "LT01-20231108-0001"
    assert result.fee_hkd == 490
    with database.session() as session:
        application = session.get(ApplicationRecord, result.application_id)
        assert application is not None
        assert application.status == "lodged"
        assert application.event_id == event_id
        assert application.station_code == "LT01"
        assert application.pics_acknowledged_at is not None
        assert sorted(q.qualification_id for q in application.qualifications) == sorted(ids)
        applicant = application.applicant
        assert (applicant.hkid, applicant.surname_en, applicant.name_zh) == ("A123456(3)", "CHAN", "陳大文")
        assert applicant.hkid_verified_by == "clerk1"
        assert applicant.phone == "+85291234567"
        periods = session.scalars(
            select(EmploymentPeriodRecord).order_by(EmploymentPeriodRecord.position)
        ).all()
        assert [(p.employer, p.start_date, p.end_date) for p in periods] == [
            ("Asia Cargo Terminal Ltd", date(2015, 4, 1), date(2019, 12, 31)),
            ("Harbour Air Freight Co", date(2020, 1, 2), None),
        ]
        items = session.scalars(select(EvidenceItemRecord).order_by(EvidenceItemRecord.id)).all()
        assert [(i.evidence_type, i.status, i.period_id is not None) for i in items] == [
            ("employer_letter", "original_seen", True),
            ("employer_letter", "missing", True),
            ("hkid_copy", "copy_received", False),
        ]
    assert lodging.open_drafts(database) == []
    with database.session() as session:
        uid = session.get(ApplicationRecord, result.application_id).uid  # type: ignore[union-attr]
    (entry,) = audit.history(database, uid)
    assert (entry.actor, entry.action, entry.new_value) == ("clerk1", "lodged", "lodged")
    assert audit.verify_chain(database).intact


def test_invalid_form_lodges_nothing(ready: tuple[Database, int, list[int]]) -> None:
    database, event_id, ids = ready
    before = table_dump(database)
    form = replace(valid_form(event_id=event_id, qualification_ids=ids), hkid="A123456(4)")
    with pytest.raises(ValidationError) as raised:
        lodging.lodge_application(database, form, draft_uid=None, operator="clerk1", today=EVENT_DAY)
    assert any(line.startswith("hkid:") for line in raised.value.details)
    assert table_dump(database) == before


def test_lodging_needs_a_station(database: Database) -> None:
    add_staff(database, "clerk")
    event = lodging.create_event(database, name="Day", event_date=EVENT_DAY, agency_code="HKUSPACE")
    with pytest.raises(AppError) as raised:
        lodging.lodge_application(
            database,
            valid_form(event_id=event.id, qualification_ids=[1]),
            draft_uid=None,
            operator="clerk",
            today=EVENT_DAY,
        )
    assert raised.value.code == "station_missing"


def test_carer_declaration_only_for_carer_qualifications(ready: tuple[Database, int, list[int]]) -> None:
    database, event_id, _ = ready
    with database.session() as session:
        carer = session.scalars(
            select(QualificationRecord.id).where(QualificationRecord.open_to_carers)
        ).first()
        other = session.scalars(
            select(QualificationRecord.id).where(~QualificationRecord.open_to_carers)
        ).first()
    assert carer is not None
    assert other is not None
    form = replace(
        valid_form(event_id=event_id, qualification_ids=[carer, other]),
        carer_qualification_ids=[carer, other],
    )
    form.employment = [replace(row, kind="caring") for row in form.employment]
    with pytest.raises(ValidationError) as raised:
        lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=EVENT_DAY)
    assert raised.value.code == "carer_not_allowed"
    assert raised.value.details == [
        "qualifications.1.carer_declaration: A carer's declaration is accepted only for the eight elderly-care "
        "qualifications open to carers. / 照顧者聲明只適用於開放予照顧者申請的八項安老服務資歷。"
    ]
    # Mixing works: the declaration for the carer qualification only, employer proof for the other.
    form.carer_qualification_ids = [carer]
    form.employment.append(replace(form.employment[0], kind="employment", employer="Harbour Care Home"))
    mixed = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=EVENT_DAY)
    with database.session() as session:
        types = session.scalars(
            select(EvidenceItemRecord.evidence_type).where(
                EvidenceItemRecord.application_id == mixed.application_id
            )
        ).all()
        declared = session.scalars(
            select(AppliedQualificationRecord.qualification_id).where(
                AppliedQualificationRecord.application_id == mixed.application_id,
                AppliedQualificationRecord.carer_declaration,
            )
        ).all()
    assert sorted(types) == ["carer_declaration", "carer_declaration", "employer_letter", "hkid_copy"]
    assert declared == [carer]
    form.qualification_ids = [carer]
    form.employment = [replace(row, relevant_to=[carer]) for row in form.employment[:2]]
    result = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=EVENT_DAY)
    with database.session() as session:
        items = session.scalars(
            select(EvidenceItemRecord.evidence_type).where(
                EvidenceItemRecord.application_id == result.application_id
            )
        ).all()
    assert "carer_declaration" in items


def test_same_hkid_is_found_as_a_duplicate_and_shares_the_applicant(
    ready: tuple[Database, int, list[int]],
) -> None:
    database, event_id, ids = ready
    assert lodging.find_duplicates(database, "A123456(3)") == []
    first = lodging.lodge_application(
        database,
        valid_form(event_id=event_id, qualification_ids=ids[:1]),
        draft_uid=None,
        operator="clerk",
        today=EVENT_DAY,
    )
    duplicates = lodging.find_duplicates(database, "a 123456 3")
    assert [(d.reference_no, d.event_code) for d in duplicates] == [(first.reference_no, "CCT-20231108")]
    assert duplicates[0].qualification_titles
    second = lodging.lodge_application(
        database,
        valid_form(event_id=event_id, qualification_ids=ids[1:]),
        draft_uid=None,
        operator="clerk",
        today=EVENT_DAY,
    )
    assert second.reference_no == "LT01-20231108-0002"
    with database.session() as session:
        assert len(session.scalars(select(ApplicantRecord)).all()) == 1
    assert len(lodging.find_duplicates(database, "A123456(3)")) == 2
    assert lodging.find_duplicates(database, "not an hkid") == []


def test_drafts_are_saved_as_typed_and_offered_back(ready: tuple[Database, int, list[int]]) -> None:
    database, event_id, _ = ready
    form = valid_form(event_id=event_id)
    form.hkid = "A12"
    lodging.save_draft(database, "d1", form)
    form.name_zh = "陳大文㗎"
    lodging.save_draft(database, "d1", form)
    lodging.save_draft(database, "d2", valid_form())
    drafts = {draft.uid: draft for draft in lodging.open_drafts(database)}
    assert set(drafts) == {"d1", "d2"}
    assert drafts["d1"].form == form
    lodging.discard_draft(database, "d2")
    assert [draft.uid for draft in lodging.open_drafts(database)] == ["d1"]


def test_event_queue_lists_masked_hkids(ready: tuple[Database, int, list[int]]) -> None:
    database, event_id, ids = ready
    lodging.lodge_application(
        database,
        valid_form(event_id=event_id, qualification_ids=ids),
        draft_uid=None,
        operator="clerk",
        today=EVENT_DAY,
    )
    queue = lodging.event_queue(database, event_id)
    assert len(queue) == 1
    assert queue[0].hkid_masked == "A123***(*)"
    assert queue[0].qualification_count == 2
    assert queue[0].name == "陳大文 CHAN Tai Man"
