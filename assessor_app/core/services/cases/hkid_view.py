"""Seeing a case's HKID number in full: only for the roles that check it, and every viewing audited."""

from __future__ import annotations

from assessor_app.core.db.database import Database
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.services import audit
from assessor_app.core.services.shared import acting_user, load_application

VIEWED = "hkid_viewed"  # the audit action of one viewing


def reveal_hkid(database: Database, application_id: int, *, actor: str, purpose: str = "") -> str:
    """The full HKID of the case's applicant (``A123456(3)``), recorded in the audit trail as seen by
    ``actor`` (an assessor, supervisor or administrator; others are refused and nothing is recorded).
    ``purpose`` says why, e.g. "checked against the card"; it goes into the entry's reason."""
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.VIEW_FULL_HKID],
            doing_en="see an HKID number in full",
            doing_zh="查看完整的身份證號碼",
        )
        application = load_application(session, application_id)
        # Under the case, so its history shows who saw the number and when.
        audit.record(
            session,
            actor=user.username,
            entity="application",
            entity_uid=application.uid,
            action=VIEWED,
            field="hkid",
            reason=f"the applicant's HKID seen in full: {purpose.strip()[:200] or 'no purpose given'}",
        )
        return application.applicant.hkid
