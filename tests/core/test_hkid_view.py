"""Seeing an HKID in full: the roles that check it may, each viewing is in the case's history; others not."""

from __future__ import annotations

import pytest

from assessor_app.core.db.database import Database
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.permissions import Action
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.cases.hkid_view import VIEWED, reveal_hkid
from assessor_app.core.services.review.permissions import allowed_actions
from tests.core.test_assessment import export_in_batch, force_status, lodge_case


def _viewings(database: Database, application_id: int) -> list[audit.AuditEntry]:
    return [entry for entry in audit.case_history(database, application_id) if entry.action == VIEWED]


@pytest.mark.parametrize("username", ["assessor", "supervisor", "admin"])
def test_a_reviewer_sees_the_number_and_the_viewing_is_recorded(database: Database, username: str) -> None:
    case = lodge_case(database)
    assert reveal_hkid(database, case.application_id, actor=username, purpose="checked against the card") == (
        "A123456(3)"
    )
    [entry] = _viewings(database, case.application_id)
    assert entry.actor == username
    assert entry.field == "hkid"
    assert "checked against the card" in entry.reason
    assert "A123456" not in entry.reason  # the trail records the viewing, never the number
    assert allowed_actions(database, case.application_id, username).allowed(Action.VIEW_FULL_HKID)
    assert audit.verify_chain(database).intact


def test_a_clerk_is_refused_and_nothing_is_recorded(database: Database) -> None:
    case = lodge_case(database)
    with pytest.raises(AppError) as refused:
        reveal_hkid(database, case.application_id, actor="clerk")
    assert refused.value.code == "role_not_allowed"
    assert "完整的身份證號碼" in refused.value.zh
    assert _viewings(database, case.application_id) == []
    permission = allowed_actions(database, case.application_id, "clerk")[Action.VIEW_FULL_HKID]
    assert not permission.allowed
    assert (
        permission.en == "Only an assessor, a supervisor or an administrator can see an HKID number in full."
    )


def test_a_locked_case_s_number_can_still_be_seen(database: Database) -> None:
    case = lodge_case(database)
    force_status(database, case.application_id, CaseStatus.EXPORTED)
    export_in_batch(database, case.application_id)
    assert allowed_actions(database, case.application_id, "assessor").allowed(Action.VIEW_FULL_HKID)
    assert reveal_hkid(database, case.application_id, actor="assessor") == "A123456(3)"
