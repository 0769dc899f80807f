"""The case summary on a real lodged case: particulars, masked HKID, claimed vs proven eligibility, text, JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import AppliedQualificationRecord
from assessor_app.core.domain.eligibility import EligibilityStatus
from assessor_app.core.errors import AppError
from assessor_app.core.services import eligibility
from assessor_app.core.services.cases.summary import case_summary, find_application_id, render_text
from assessor_app.core.services.evidence import attachments, case_checklist
from tests.core.test_evidence import (
    EVENT_DAY,
    lodge,
    png_bytes,
    qualification_id,
    setup_intake,
    short_then_ongoing,
    write,
)

FULL_HKID = "A123456(3)"


@pytest.fixture
def case(database: Database) -> tuple[Database, int]:
    """A logistics level 2 case (3 years incl. 1 relevant): 1 year proven at the counter, then an ongoing job."""
    event_id = setup_intake(database)
    logistics = qualification_id(database, industry="Logistics", level=2)
    return database, lodge(database, event_id, [logistics], hkid=FULL_HKID, employment=short_then_ongoing())


def test_summary_holds_the_particulars_with_the_hkid_masked(
    case: tuple[Database, int], tmp_path: Path
) -> None:
    database, application_id = case
    summary = case_summary(database, tmp_path, application_id)
    assert summary.reference_no is not None
    assert find_application_id(database, f"  {summary.reference_no.lower()} ") == application_id
    assert (summary.status, summary.application_date, summary.name_zh, summary.name_en) == (
        "lodged",
        EVENT_DAY,
        "陳大文",
        "CHAN Tai Man",
    )
    assert summary.event_code == "CCT-20231108"
    assert summary.hkid_masked == "A123***(*)"
    assert summary.hkid_verified_by == "clerk"
    assert summary.hkid_verified_at is not None
    assert (summary.phone, summary.email, summary.carer_declaration) == (
        "+85291234567",
        "taiman@example.com",
        False,
    )
    assert [(p.employer, p.start, p.end, p.proven, p.industry_en) for p in summary.periods] == [
        ("Asia Cargo Terminal Ltd", date(2019, 1, 1), date(2019, 12, 31), True, "Logistics"),
        ("Harbour Air Freight Co", date(2020, 1, 2), None, False, "Logistics"),
    ]
    assert [item.evidence_type for item in summary.checklist] == [
        "employer_letter",
        "employer_letter",
        "hkid_copy",
    ]
    everything = json.dumps(summary.to_json(), ensure_ascii=False) + render_text(summary) + repr(summary)
    assert "A123456" not in everything
    assert "456(3)" not in everything
    assert "A123***(*)" in everything


def test_claimed_equals_the_eligibility_service_and_proven_follows_the_statuses(
    case: tuple[Database, int], tmp_path: Path
) -> None:
    database, application_id = case
    summary = case_summary(database, tmp_path, application_id)
    (entry,) = summary.eligibility
    assert entry.qualification == eligibility.check_application(database, application_id)[0]
    assert entry.qualification.result.status is EligibilityStatus.MEETS
    # Only 2019 is proven: 12 months against the 36 the rule needs.
    assert entry.proven.status is EligibilityStatus.SHORT
    assert entry.proven.shortfall_months == 24
    assert entry.proven.route == entry.qualification.result.route

    ongoing_letter = summary.checklist[1]
    case_checklist.set_status(database, ongoing_letter.id, "copy_received", operator="amy")
    proven = case_summary(database, tmp_path, application_id)
    assert [p.proven for p in proven.periods] == [True, True]
    assert proven.eligibility[0].proven.status is EligibilityStatus.MEETS
    assert proven.eligibility[0].proven.explanation == proven.eligibility[0].qualification.result.explanation

    case_checklist.set_status(
        database, summary.checklist[0].id, "rejected", operator="amy", reason="Letter unsigned"
    )
    rejected = case_summary(database, tmp_path, application_id)
    assert [p.proven for p in rejected.periods] == [False, True]
    assert rejected.eligibility[0].qualification.result.status is EligibilityStatus.MEETS  # claims unchanged


def test_json_is_plain_values_with_iso_dates(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    summary = case_summary(database, tmp_path, application_id)
    attachments.attach_file(
        database,
        tmp_path / "evidence",
        application_id,
        write(tmp_path / "scan.png", png_bytes()),
        operator="amy",
        item_id=summary.checklist[0].id,
    )
    data = json.loads(json.dumps(case_summary(database, tmp_path / "evidence", application_id).to_json()))
    assert data["application_date"] == "2023-11-08"
    assert data["applicant"]["hkid_masked"] == "A123***(*)"
    assert data["periods"][1] == {
        "id": data["periods"][1]["id"],
        "employer": "Harbour Air Freight Co",
        "post": "Air freight supervisor",
        "industry_en": "Logistics",
        "industry_zh": data["periods"][1]["industry_zh"],
        "start": "2020-01-02",
        "end": None,
        "employment_type": "full_time",
        "hours_per_week": None,
        "in_hong_kong": True,
        "kind": "employment",
        "relevant_to": [data["eligibility"][0]["qualification_id"]],
        "weight_percent": None,
        "overseas_accepted": None,
        "proven": False,
    }
    assert data["checklist"][0]["attachments"][0]["original_name"] == "scan.png"
    assert data["checklist"][0]["attachments"][0]["shared_with"] == []
    (entry,) = data["eligibility"]
    assert (entry["claimed"]["status"], entry["proven"]["status"], entry["proven"]["shortfall_months"]) == (
        "meets",
        "short",
        24,
    )
    assert {"zh", "en"} == set(entry["claimed"]["explanation"][0])
    assert entry["result_remarks"] is None  # no result imported yet


def test_text_is_bilingual_with_both_results_and_explanations(
    case: tuple[Database, int], tmp_path: Path
) -> None:
    database, application_id = case
    summary = case_summary(database, tmp_path, application_id)
    text = render_text(summary)
    assert summary.reference_no is not None
    assert summary.reference_no in text
    for expected in (
        "陳大文 / CHAN Tai Man",
        "A123***(*)",
        "Asia Cargo Terminal Ltd (Cargo handler)  [已證明 proven]",
        "Harbour Air Freight Co (Air freight supervisor)  [未證明 not proven]",
        "僱主或獲授權人士證明信（工作證明） Employer or authorised-person letter: 已核對正本 Original seen",
        "香港身份證副本 HKID card copy: 已收副本 Copy received",
        "按申報的工作經驗 On the claimed periods: 符合",
        "按已證明的工作經驗 On the proven periods: 經驗不足",
        "24 months short",
    ):
        assert expected in text
    lines = text.splitlines()
    first = summary.eligibility[0].qualification.result.explanation[0]
    at = lines.index(f"      {first.zh}")
    assert lines[at + 1] == f"      {first.en}"  # Chinese line, then English line


def test_unknown_reference_and_application(database: Database, tmp_path: Path) -> None:
    with pytest.raises(AppError) as raised:
        find_application_id(database, "LT01-20991231-0001")
    assert raised.value.code == "case_not_found"
    assert "LT01-20991231-0001" in raised.value.en
    assert "LT01-20991231-0001" in raised.value.zh
    with pytest.raises(AppError) as blank:
        find_application_id(database, "  ")
    assert blank.value.code == "case_not_found"
    with pytest.raises(AppError) as missing:
        case_summary(database, tmp_path, 4242)
    assert missing.value.code == "application_not_found"


def test_carer_case_is_proven_by_declarations(database: Database, tmp_path: Path) -> None:
    event_id = setup_intake(database)
    carer_qualification = qualification_id(database, industry="Elderly care", level=1, carer=True)
    application_id = lodge(database, event_id, [carer_qualification], carer=True)
    summary = case_summary(database, tmp_path, application_id)
    assert summary.carer_declaration
    assert [p.proven for p in summary.periods] == [True, False]  # the form's first declaration was seen
    assert summary.eligibility[0].proven.evidence_route.value == "declaration"


def test_the_secretariats_remarks_are_shown_with_their_qualification(
    case: tuple[Database, int], tmp_path: Path
) -> None:
    database, application_id = case
    assert "Secretariat" not in render_text(case_summary(database, tmp_path, application_id))
    with database.session() as session:
        session.execute(
            update(AppliedQualificationRecord)
            .where(AppliedQualificationRecord.application_id == application_id)
            .values(result_remarks="證書已寄出 SoA posted\nsecond line")
        )
    summary = case_summary(database, tmp_path, application_id)
    (entry,) = summary.eligibility
    assert entry.result_remarks == "證書已寄出 SoA posted\nsecond line"
    data = json.loads(json.dumps(summary.to_json(), ensure_ascii=False))
    assert data["eligibility"][0]["result_remarks"] == "證書已寄出 SoA posted\nsecond line"
    lines = render_text(summary).splitlines()
    at = lines.index("    資歷架構秘書處備註 QF Secretariat's remarks: 證書已寄出 SoA posted")
    assert lines[at + 1] == "      second line"
