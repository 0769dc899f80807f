"""Fee reimbursement: two years from the SoA date, what is coming due or overdue, and recording claims."""

from __future__ import annotations

import functools
from datetime import date

import pytest

from assessor_app.core.db.database import Database
from assessor_app.core.errors import ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.review.reimbursement import (
    claim_deadline,
    coming_due,
    overdue,
    passed_qualifications,
    record_claim,
)
from tests.core.test_assessment import Case, assert_refused, audit_count, lodge_case

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("soa_date", "deadline"),
    [
        (date(2024, 3, 1), date(2026, 3, 1)),
        (date(2023, 12, 31), date(2025, 12, 31)),
        (date(2024, 2, 29), date(2026, 2, 28)),  # no 29 February in 2026: the last day of February
        (date(2026, 2, 28), date(2028, 2, 28)),  # into a leap year: the same day, not the 29th
        (date(2022, 2, 28), date(2024, 2, 28)),
    ],
)
def test_the_deadline_is_two_years_after_the_soa(soa_date: date, deadline: date) -> None:
    assert claim_deadline(soa_date) == deadline


def set_result(
    database: Database,
    applied_id: int,
    *,
    result: str | None = "passed",
    soa_date: date | None,
    soa_number: str | None = "SOA-0001",
    receipt: str | None = None,
) -> None:
    """What the results import records (another feature): the result, the SoA and any receipt, audited in
    the same transaction as that import does (a change without an entry is one made outside the app)."""
    with database.session() as session:
        session.connection().exec_driver_sql(
            "UPDATE applied_qualifications SET result = ?, soa_date = ?, soa_number = ?, "
            "reimbursement_receipt_no = ? WHERE id = ?",
            (result, soa_date.isoformat() if soa_date else None, soa_number, receipt, applied_id),
        )
        audit.record(
            session,
            actor="secretariat",
            entity="applied_qualification",
            entity_uid=str(applied_id),
            action="result",
        )


@pytest.fixture
def cases(database: Database) -> tuple[Case, Case, Case]:
    return (
        lodge_case(database),
        lodge_case(database, hkid="CA182361(1)"),
        lodge_case(database, hkid="E364912(5)"),
    )


def test_coming_due_and_overdue(database: Database, cases: tuple[Case, Case, Case]) -> None:
    first, second, third = cases
    due_today, due_in_90 = first.applied_ids
    due_in_91, overdue_by_a_day = second.applied_ids
    claimed, failed = third.applied_ids
    set_result(database, due_today, soa_date=date(2024, 3, 1))  # deadline 2026-03-01 = today
    set_result(database, due_in_90, soa_date=date(2024, 5, 30))  # deadline 2026-05-30 = today + 90
    set_result(database, due_in_91, soa_date=date(2024, 5, 31))  # deadline 2026-05-31 = today + 91
    set_result(database, overdue_by_a_day, soa_date=date(2024, 2, 29))  # deadline 2026-02-28
    set_result(database, claimed, soa_date=date(2024, 3, 2), receipt="QFS-778")
    set_result(database, failed, result="failed", soa_date=None, soa_number=None)

    soon = coming_due(database, today=TODAY)
    assert [(row.applied_qualification_id, row.deadline, row.days_left) for row in soon] == [
        (due_today, date(2026, 3, 1), 0),
        (due_in_90, date(2026, 5, 30), 90),
    ]
    assert [row.applied_qualification_id for row in coming_due(database, today=TODAY, within_days=91)] == [
        due_today,
        due_in_90,
        due_in_91,
    ]
    [late] = overdue(database, today=TODAY)
    assert (late.applied_qualification_id, late.deadline, late.days_left, late.overdue) == (
        overdue_by_a_day,
        date(2026, 2, 28),
        -1,
        True,
    )
    assert not soon[0].overdue  # the deadline itself is in time
    row = soon[0]
    assert (row.reference_no, row.applicant_name_zh, row.applicant_name_en, row.hkid_masked) == (
        first.reference_no,
        "陳大文",
        "CHAN, Tai Man",
        "A123***(*)",
    )
    assert (row.title_zh, row.title_en, row.soa_number, row.soa_date) == (
        "空運貨物處理",
        "Air Cargo Handling",
        "SOA-0001",
        date(2024, 3, 1),
    )
    everything = passed_qualifications(database, today=TODAY)
    assert len(everything) == 5
    assert [row.claimed for row in everything if row.applied_qualification_id == claimed] == [True]
    assert "A123456" not in repr(everything)


def test_a_passed_qualification_without_an_soa_date_is_not_listed(
    database: Database, cases: tuple[Case, Case, Case]
) -> None:
    set_result(database, cases[0].applied_ids[0], soa_date=None)
    assert coming_due(database, today=TODAY, within_days=3650) == []
    assert overdue(database, today=date(2099, 1, 1)) == []


def test_recording_a_claim(database: Database, cases: tuple[Case, Case, Case]) -> None:
    case = cases[0]
    applied = case.applied_ids[0]
    set_result(database, applied, soa_date=date(2024, 3, 1))
    before = audit_count(database)
    row = record_claim(database, applied, receipt_no="  QFS-2026-00042 ", actor="clerk", today=TODAY)
    assert (row.receipt_no, row.claimed, row.overdue) == ("QFS-2026-00042", True, False)
    assert coming_due(database, today=TODAY) == []
    assert audit_count(database) == before + 1
    [entry] = audit.history(database, case.uid)[-1:]
    assert (entry.actor, entry.entity, entry.action, entry.field, entry.old_value, entry.new_value) == (
        "clerk",
        "reimbursement",
        "claim_recorded",
        f"applied#{applied}.reimbursement_receipt_no",
        None,
        "QFS-2026-00042",
    )

    record_claim(database, applied, receipt_no="QFS-2026-00042", actor="supervisor", today=TODAY)
    assert audit_count(database) == before + 1  # the same number again: nothing to record

    refused = assert_refused(
        database,
        lambda: record_claim(database, applied, receipt_no="QFS-2026-00043", actor="clerk"),
        "reason_required",
        error=ValidationError,
    )
    assert "QFS-2026-00042" in refused.en
    record_claim(
        database, applied, receipt_no="QFS-2026-00043", actor="clerk", reason="Typo on the first entry"
    )
    [entry] = audit.history(database, case.uid)[-1:]
    assert (entry.old_value, entry.new_value, entry.reason) == (
        "QFS-2026-00042",
        "QFS-2026-00043",
        "Typo on the first entry",
    )


def test_claims_only_for_passes_with_an_soa(database: Database, cases: tuple[Case, Case, Case]) -> None:
    first, second, _ = cases
    set_result(database, first.applied_ids[0], result="failed", soa_date=None, soa_number=None)
    set_result(database, first.applied_ids[1], soa_date=None)
    for applied in (first.applied_ids[0], first.applied_ids[1], second.applied_ids[0]):
        refused = assert_refused(
            database,
            functools.partial(record_claim, database, applied, receipt_no="R1", actor="clerk"),
            "not_passed",
        )
        assert "Statement of Attainment" in refused.en
    assert_refused(
        database,
        lambda: record_claim(database, 99_999, receipt_no="R1", actor="clerk"),
        "applied_qualification_not_found",
    )


@pytest.mark.parametrize(
    ("receipt", "fragment"),
    [("", "required"), ("R\n1", "U+000A"), ("R" * 61, "at most 60")],
)
def test_bad_receipt_numbers_are_refused(
    database: Database, cases: tuple[Case, Case, Case], receipt: str, fragment: str
) -> None:
    applied = cases[0].applied_ids[0]
    set_result(database, applied, soa_date=date(2024, 3, 1))
    refused = assert_refused(
        database,
        lambda: record_claim(database, applied, receipt_no=receipt, actor="clerk"),
        "validation",
        error=ValidationError,
    )
    assert any(fragment in line for line in refused.details)


def test_an_unknown_user_cannot_record_a_claim(database: Database, cases: tuple[Case, Case, Case]) -> None:
    applied = cases[0].applied_ids[0]
    set_result(database, applied, soa_date=date(2024, 3, 1))
    assert_refused(
        database, lambda: record_claim(database, applied, receipt_no="R1", actor="ghost"), "unknown_user"
    )
