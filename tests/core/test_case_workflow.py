"""Every state × state × role move: allowed ones succeed, the rest are refused and change nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from itertools import product

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import AppliedQualificationRecord, AssessmentDecisionRecord
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.domain.workflow import NEEDS_REASON, RECOMMENDATIONS, TRANSITIONS
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review.workflow import allowed_moves, create_user, list_users, move_case
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_user

USERS = {
    Role.INTAKE_CLERK: "clerk",
    Role.ASSESSOR: "assessor",
    Role.SUPERVISOR: "supervisor",
    Role.ADMINISTRATOR: "admin",
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    """One database for the whole table: four users and one lodged case whose state each test sets."""
    database = open_database(tmp_path_factory.mktemp("workflow") / "cases.sqlite3")
    for role, username in USERS.items():
        add_user(database, username, username.title(), role.value)
    add_user(database, "supervisor2", "Second supervisor", Role.SUPERVISOR.value)
    lodging.set_local_station(database, "LT01")
    event = lodging.create_event(database, name="Day", event_date=date.today(), agency_code="HKUSPACE")
    lodged = lodging.lodge_application(
        database, valid_form(event_id=event.id, qualification_ids=[1]), draft_uid=None, operator="clerk"
    )
    with database.session() as session:  # every qualification assessed, so only the table decides
        for applied in session.scalars(
            select(AppliedQualificationRecord).where(
                AppliedQualificationRecord.application_id == lodged.application_id
            )
        ):
            session.add(
                AssessmentDecisionRecord(
                    applied_qualification_id=applied.id,
                    recommendation="pass",
                    decided_by="assessor",
                    signed_off_by="supervisor2",
                )
            )
    yield database, lodged.application_id
    database.close()


def force_status(database: Database, application_id: int, status: CaseStatus) -> None:
    """Put the case in ``status``; a recommendation is recorded as the assessor's (maker-checker)."""
    with sqlite3.connect(database.path) as connection:
        connection.execute("UPDATE applications SET status = ? WHERE id = ?", (status.value, application_id))
    if status in RECOMMENDATIONS:
        with database.session() as session:
            audit.record(
                session,
                actor="assessor",
                entity="application",
                entity_uid=application_uid(database, application_id),
                action="status",
                field="status",
                new=status.value,
            )


def status_of(database: Database, application_id: int) -> str:
    with sqlite3.connect(database.path) as connection:
        return str(
            connection.execute("SELECT status FROM applications WHERE id = ?", (application_id,)).fetchone()[
                0
            ]
        )


@pytest.mark.parametrize(("source", "target"), list(product(CaseStatus, CaseStatus)), ids=lambda s: s.value)
def test_every_move_for_every_role(
    workspace: tuple[Database, int], source: CaseStatus, target: CaseStatus
) -> None:
    database, application_id = workspace
    allowed_roles = TRANSITIONS.get((source, target), frozenset())
    for role, username in USERS.items():
        force_status(database, application_id, source)
        entries_before = audit.verify_chain(database).entries
        assert audit.verify_chain(database).intact
        if role in allowed_roles:
            move_case(database, application_id, target.value, actor=username, reason="checked")
            assert status_of(database, application_id) == target.value
            assert audit.verify_chain(database).entries == entries_before + 1
        else:
            with pytest.raises(AppError) as refused:
                move_case(database, application_id, target.value, actor=username, reason="checked")
            assert refused.value.code in {"illegal_transition", "role_not_allowed"}
            assert refused.value.en
            assert refused.value.zh
            assert status_of(database, application_id) == source.value
            assert audit.verify_chain(database).entries == entries_before


def test_maker_checker_on_sign_off(workspace: tuple[Database, int]) -> None:
    database, application_id = workspace
    force_status(database, application_id, CaseStatus.VERIFICATION_SCHEDULED)
    move_case(database, application_id, "recommended_pass", actor="supervisor")
    with pytest.raises(AppError) as refused:
        move_case(database, application_id, "signed_off", actor="supervisor")
    assert refused.value.code == "maker_checker"
    assert status_of(database, application_id) == "recommended_pass"
    move_case(database, application_id, "signed_off", actor="supervisor2")
    assert status_of(database, application_id) == "signed_off"
    history = audit.history(database, application_uid(database, application_id))
    assert [(entry.actor, entry.new_value) for entry in history[-2:]] == [
        ("supervisor", "recommended_pass"),
        ("supervisor2", "signed_off"),
    ]


def application_uid(database: Database, application_id: int) -> str:
    with sqlite3.connect(database.path) as connection:
        return str(
            connection.execute("SELECT uid FROM applications WHERE id = ?", (application_id,)).fetchone()[0]
        )


@pytest.mark.parametrize(("source", "target"), sorted(NEEDS_REASON), ids=lambda s: s.value)
def test_moves_that_need_a_reason(
    workspace: tuple[Database, int], source: CaseStatus, target: CaseStatus
) -> None:
    database, application_id = workspace
    force_status(database, application_id, source)
    with pytest.raises(AppError) as refused:
        move_case(database, application_id, target.value, actor="supervisor", reason="  ")
    assert refused.value.code == "reason_required"
    assert status_of(database, application_id) == source.value


def test_unknown_user_state_or_case(workspace: tuple[Database, int]) -> None:
    database, application_id = workspace
    force_status(database, application_id, CaseStatus.LODGED)
    calls: list[tuple[Callable[[], None], str]] = [
        (lambda: move_case(database, application_id, "acknowledged", actor="nobody"), "unknown_user"),
        (lambda: move_case(database, application_id, "nonsense", actor="clerk"), "unknown_state"),
        (lambda: move_case(database, 99_999, "acknowledged", actor="clerk"), "case_not_found"),
    ]
    for call, code in calls:
        with pytest.raises(AppError) as refused:
            call()
        assert refused.value.code == code
    assert status_of(database, application_id) == "lodged"


def test_allowed_moves_for_the_buttons(workspace: tuple[Database, int]) -> None:
    database, application_id = workspace
    force_status(database, application_id, CaseStatus.UNDER_REVIEW)
    assert allowed_moves(database, application_id, "clerk") == [CaseStatus.WITHDRAWN]
    assert allowed_moves(database, application_id, "assessor") == [
        CaseStatus.DOCUMENTS_REQUESTED,
        CaseStatus.VERIFICATION_SCHEDULED,
        CaseStatus.ASSESSMENT_SCHEDULED,
        CaseStatus.WITHDRAWN,
    ]
    assert allowed_moves(database, application_id, "admin") == []


def test_users(database: Database) -> None:
    with pytest.raises(AppError) as not_first:
        create_user(database, "Wong.TM", "黃大明", "assessor", actor="wong.tm")
    assert not_first.value.code == "first_user_administrator"
    create_user(database, "Root", "Administrator", "administrator", actor="root")
    create_user(database, "Wong.TM", "黃大明", "assessor", actor="root")
    assert [(u.username, u.display_name, u.role) for u in list_users(database)] == [
        ("root", "Administrator", Role.ADMINISTRATOR),
        ("wong.tm", "黃大明", Role.ASSESSOR),
    ]
    with pytest.raises(ValidationError) as refused:
        create_user(database, "x", "", "boss", actor="root")
    assert len(refused.value.details) == 3
    with pytest.raises(ValidationError):
        create_user(database, "wong.tm", "Again", "assessor", actor="root")
    # Only an administrator adds users, and each addition names who made it in the audit trail.
    with pytest.raises(AppError) as not_admin:
        create_user(database, "sam", "Sam", "administrator", actor="wong.tm")
    assert not_admin.value.code == "role_not_allowed"
    with database.session() as session:
        added = [
            (e.actor, e.entity_uid, e.action, e.new_value)
            for e in session.scalars(select(AuditEventRecord).where(AuditEventRecord.entity == "user"))
        ]
    assert added == [("root", "root", "create", "administrator"), ("root", "wong.tm", "create", "assessor")]


def test_recommend_and_sign_off_need_every_qualification_done(database: Database) -> None:
    for role, username in USERS.items():
        add_user(database, username, username.title(), role.value)
    lodging.set_local_station(database, "LT01")
    event = lodging.create_event(database, name="Day", event_date=date.today(), agency_code="HKUSPACE")
    lodged = lodging.lodge_application(
        database, valid_form(event_id=event.id, qualification_ids=[1, 2]), draft_uid=None, operator="clerk"
    )
    force_status(database, lodged.application_id, CaseStatus.VERIFICATION_SCHEDULED)
    with pytest.raises(AppError) as refused:
        move_case(database, lodged.application_id, "recommended_pass", actor="assessor")
    assert refused.value.code == "assessment_incomplete"
    assert refused.value.en.startswith("Recommend a result for every qualification first.")
    assert "尚待處理" in refused.value.zh
    assert status_of(database, lodged.application_id) == "verification_scheduled"
