"""The permission table and allowed_actions: what the review tab may offer, on a real case database.

Where allowed_actions says yes, the service that writes accepts; where it says no, the service refuses, and
the reason is given in both languages.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessor_app.core.db.database import Database
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.domain.permissions import (
    PERMISSIONS,
    SIGN_OFF_STATES,
    Action,
    role_allows,
    state_allows,
)
from assessor_app.core.domain.workflow import TRANSITIONS
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.evidence import period_corrections
from assessor_app.core.services.review import document_requests
from assessor_app.core.services.review.corrections import open_correction
from assessor_app.core.services.review.permissions import CASE_ACTIONS, allowed_actions
from tests.core.test_assessment import USERS, Case, export_in_batch, force_status, judge, lodge_case

REVIEW_STATES = (
    CaseStatus.LODGED,
    CaseStatus.UNDER_REVIEW,
    CaseStatus.RECOMMENDED_PASS,
    CaseStatus.WITHDRAWN,
)


@pytest.fixture
def case(database: Database) -> Case:
    return lodge_case(database)


def test_the_table_takes_state_moves_from_the_transitions() -> None:
    assert PERMISSIONS[Action.SIGN_OFF] == TRANSITIONS[(CaseStatus.RECOMMENDED_PASS, CaseStatus.SIGNED_OFF)]
    assert PERMISSIONS[Action.EXPORT] == TRANSITIONS[(CaseStatus.SIGNED_OFF, CaseStatus.EXPORTED)]
    assert {CaseStatus.RECOMMENDED_PASS, CaseStatus.RECOMMENDED_FAIL} == SIGN_OFF_STATES
    assert role_allows("supervisor", Action.SIGN_OFF)
    assert not role_allows(Role.ASSESSOR, Action.SIGN_OFF)
    assert not role_allows(None, Action.ASSESS)
    assert state_allows(Action.ASSESS, CaseStatus.EXPORTED, correction_open=True)
    assert not state_allows(Action.REQUEST_DOCUMENTS, CaseStatus.WITHDRAWN, correction_open=True)


def test_the_table_names_who_merges_and_who_imports_results() -> None:
    # The merge and the results import ask the table (no list of roles of their own).
    assert PERMISSIONS[Action.MERGE] == {Role.ASSESSOR, Role.SUPERVISOR, Role.ADMINISTRATOR}
    assert PERMISSIONS[Action.IMPORT_RESULTS] == {Role.SUPERVISOR, Role.ADMINISTRATOR}
    assert not role_allows(Role.INTAKE_CLERK, Action.MERGE)
    assert not role_allows(Role.ASSESSOR, Action.IMPORT_RESULTS)


def test_nobody_chosen_may_do_nothing(database: Database, case: Case) -> None:
    actions = allowed_actions(database, case.application_id, "")
    for action in CASE_ACTIONS:
        assert not actions.allowed(action)
        assert actions[action].reason("en") == "Nobody is chosen as working on this laptop."
        assert actions[action].reason("zh_HK") == "尚未選擇工作人員。"
    unknown = allowed_actions(database, case.application_id, "nobody")
    assert unknown[Action.ASSESS].en == "There is no active user 'nobody' on this laptop."


def test_an_assessor_under_review(database: Database, case: Case) -> None:
    force_status(database, case.application_id, CaseStatus.UNDER_REVIEW)
    actions = allowed_actions(database, case.application_id, "assessor")
    assert actions.allowed(Action.ASSESS)
    assert actions.allowed(Action.REQUEST_DOCUMENTS)
    assert actions.allowed(Action.RECEIVE_DOCUMENTS)
    sign_off = actions[Action.SIGN_OFF]
    assert not sign_off.allowed
    assert sign_off.en == "A supervisor signs off a recommendation, never one they wrote any of themselves."
    assert sign_off.zh == "建議須由主管簽批，而簽批人不能曾參與撰寫。"
    assert sign_off.code == "role"
    correction = actions[Action.OPEN_CORRECTION]
    assert correction.en == "Only a supervisor or an administrator can open a correction."
    assert correction.zh == "只有主管或系統管理員可以開立更正。"


def test_a_supervisor_on_a_recommended_case(database: Database, case: Case) -> None:
    force_status(database, case.application_id, CaseStatus.RECOMMENDED_FAIL)
    actions = allowed_actions(database, case.application_id, "supervisor")
    assert actions.allowed(Action.SIGN_OFF)
    assessing = actions[Action.ASSESS]
    assert not assessing.allowed
    assert assessing.en.startswith(
        "Judgements and recommendations are recorded while the case is under review"
    )
    assert assessing.zh
    assert assessing.code == "state"
    assert not actions.allowed(Action.OPEN_CORRECTION)  # never exported
    assert actions[Action.OPEN_CORRECTION].en.startswith("The case has not been exported")


def test_a_clerk_may_record_documents_received_only(database: Database, case: Case) -> None:
    actions = allowed_actions(database, case.application_id, "clerk")
    assert [action for action in CASE_ACTIONS if actions.allowed(action)] == [
        Action.RECEIVE_DOCUMENTS,
        Action.RECORD_EVIDENCE,
    ]
    assert actions[Action.ASSESS].en == (
        "Only an assessor or a supervisor can record judgements and recommendations."
    )
    assert actions[Action.REQUEST_DOCUMENTS].zh == "只有評審員或主管可以要求申請人補交文件。"


def test_a_locked_case_until_a_correction_is_opened(database: Database, case: Case) -> None:
    force_status(database, case.application_id, CaseStatus.EXPORTED)
    export_in_batch(database, case.application_id)
    locked = allowed_actions(database, case.application_id, "supervisor")
    for action in (Action.ASSESS, Action.SIGN_OFF, Action.REQUEST_DOCUMENTS, Action.RECEIVE_DOCUMENTS):
        assert (
            locked[action].en == "This case is locked: nothing in its review can change without a correction."
        )
        assert locked[action].zh
    assert locked.allowed(Action.OPEN_CORRECTION)
    assert not allowed_actions(database, case.application_id, "assessor").allowed(Action.OPEN_CORRECTION)

    open_correction(database, case.application_id, actor="supervisor", reason="Wrong qualification")
    correcting = allowed_actions(database, case.application_id, "supervisor")
    # A correction opens the assessment record whatever the state; documents are asked for as ever.
    assert correcting.allowed(Action.ASSESS)
    assert correcting.allowed(Action.SIGN_OFF)
    assert correcting.allowed(Action.REQUEST_DOCUMENTS)
    assert correcting[Action.OPEN_CORRECTION].en.startswith("A correction is already open")


@pytest.mark.parametrize("status", REVIEW_STATES)
def test_the_services_agree_with_allowed_actions(database: Database, case: Case, status: CaseStatus) -> None:
    """For every role: judgements are accepted exactly where ASSESS is allowed, requests where asked."""
    force_status(database, case.application_id, status)
    for number, username in enumerate(USERS):
        actions = allowed_actions(database, case.application_id, username)
        try:
            judge(database, case.applied_ids[0], actor=username, notes=f"Judged {number}")
        except AppError:
            assert not actions.allowed(Action.ASSESS), username
        else:
            assert actions.allowed(Action.ASSESS), username
        try:
            document_requests.create_request(
                database,
                case.application_id,
                actor=username,
                items=[f"Payslips {number}"],
                due_date=hong_kong_today() + timedelta(days=7),
            )
        except AppError:
            assert not actions.allowed(Action.REQUEST_DOCUMENTS), username
        else:
            assert actions.allowed(Action.REQUEST_DOCUMENTS), username


def test_who_corrects_periods_and_when(database: Database, case: Case) -> None:
    """Assessors, supervisors and administrators correct periods in any state; a clerk never; a locked case
    only once a correction is open."""
    for username in ("assessor", "supervisor", "admin"):
        assert allowed_actions(database, case.application_id, username).allowed(Action.CORRECT_PERIODS)
    clerk = allowed_actions(database, case.application_id, "clerk")[Action.CORRECT_PERIODS]
    assert not clerk.allowed
    assert clerk.code == "role"
    assert clerk.en == (
        "Only an assessor, a supervisor or an administrator can correct, add or remove periods of experience."
    )
    assert clerk.zh == "只有評審員或主管或系統管理員可以更正、新增或刪除經驗期間。"

    force_status(database, case.application_id, CaseStatus.EXPORTED)
    export_in_batch(database, case.application_id)
    locked = allowed_actions(database, case.application_id, "assessor")[Action.CORRECT_PERIODS]
    assert (locked.allowed, locked.code) == (False, "locked")
    open_correction(database, case.application_id, actor="supervisor", reason="Period left off")
    assert allowed_actions(database, case.application_id, "assessor").allowed(Action.CORRECT_PERIODS)


@pytest.mark.parametrize("locked", [False, True])
def test_the_period_services_agree_with_allowed_actions(database: Database, case: Case, locked: bool) -> None:
    """For every role: a period is removed exactly where CORRECT_PERIODS is allowed."""
    if locked:
        force_status(database, case.application_id, CaseStatus.EXPORTED)
        export_in_batch(database, case.application_id)
    for username in USERS:
        actions = allowed_actions(database, case.application_id, username)
        new = period_corrections.NewPeriod(
            employer=f"Added by {username}", start="2010-01-01", end="2010-12-31", industry="Logistics"
        )
        try:
            added = period_corrections.add_period(
                database, case.application_id, new, actor=username, reason="Left off the form"
            )
        except AppError:
            assert not actions.allowed(Action.CORRECT_PERIODS), username
        else:
            assert actions.allowed(Action.CORRECT_PERIODS), username
            period_corrections.remove_period(
                database, case.application_id, added.period_id, actor=username, reason="Added twice"
            )
