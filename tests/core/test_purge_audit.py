"""A purge leaves nothing of the person in the audit trail, and the trail still verifies; an edit of what the
purge left (a value put back, who did it, a redaction nobody vouched for) is still found."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services import audit, audit_verify
from assessor_app.core.services.audit_chain import chain_key
from assessor_app.core.services.audit_redaction import REDACTED
from assessor_app.core.services.privacy.purge import purge
from tests.core.test_assessment import Case, force_status, lodge_case
from tests.core.test_purge import OTHER_HKID

OLD_NAME, NEW_NAME = "陳舊名", "陳新名"


def _correct_name(database: Database, case: Case, old: str, new: str) -> None:
    """A correction of the name as the case view records it: the old and the new name, and why."""
    with database.session() as session:
        audit.record(
            session,
            actor="clerk",
            entity="application",
            entity_uid=case.uid,
            action="particulars_corrected",
            field="name_zh",
            old=old,
            new=new,
            reason=f"{old} was mistyped; the HKID card says {new}",
        )


def _age(database: Database, application_id: int, days: float) -> None:
    """As if the case's last change were ``days`` ago (through the app's connection: it may be encrypted)."""
    moment = (utc_now() - timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with database.session() as session:
        session.execute(
            text("UPDATE applications SET updated_at = :moment WHERE id = :id"),
            {"moment": moment, "id": application_id},
        )


def _values(database: Database) -> str:
    """Everything the audit trail says, as one text."""
    with database.session() as session:
        rows = session.execute(select(*AuditEventRecord.__table__.c)).all()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


@pytest.fixture
def purged(database: Database, tmp_path: Path) -> tuple[Database, Case, Case]:
    old = lodge_case(database)
    kept = lodge_case(database, hkid=OTHER_HKID)
    _correct_name(database, old, OLD_NAME, NEW_NAME)
    _correct_name(database, kept, "何舊名", "何新名")
    for case, days in ((old, 365.25 * 7 + 1), (kept, 10)):
        force_status(database, case.application_id, CaseStatus.RESULT_PASSED)
        _age(database, case.application_id, days)
    assert OLD_NAME in _values(database)
    report = purge(database, tmp_path / "evidence", actor="admin")
    assert report.references == [old.reference_no]
    assert report.entries_redacted >= 2  # lodging's entries and the correction at least
    assert "older audit entries" in report.describe()
    return database, old, kept


@pytest.mark.parametrize("database", ["clear", "encrypted"], indirect=True)
def test_nothing_of_the_person_is_left_in_the_trail_and_it_verifies(
    purged: tuple[Database, Case, Case],
) -> None:
    database, old, _kept = purged
    trail = _values(database)
    assert OLD_NAME not in trail
    assert NEW_NAME not in trail
    assert "A123456" not in trail
    assert "何舊名" in trail  # the other person's case is kept, and so is its history
    history = audit.history(database, old.uid)
    correction = next(entry for entry in history if entry.action == "particulars_corrected")
    assert (correction.actor, correction.field, correction.old_value) == ("clerk", "name_zh", REDACTED)
    report = audit.verify_chain(database)
    assert report.intact, report.findings
    [finding] = [finding for finding in report.findings if finding.code == "values_redacted"]
    assert not finding.fails
    assert finding.zh


def _redacted_id(database: Database, case: Case) -> int:
    history = audit.history(database, case.uid)
    return next(entry.id for entry in history if entry.action == "particulars_corrected")


def _tamper(database: Database, statement: str, entry_id: int) -> None:
    with database.session() as session:
        session.execute(text(statement), {"id": entry_id})


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (
            f"UPDATE audit_events SET old_value = '{OLD_NAME}' WHERE id = :id",
            "this entry",
        ),  # a value put back
        # What the redacted entries kept is vouched for by one digest: the first of them is named.
        ("UPDATE audit_events SET actor = 'supervisor' WHERE id = :id", "the purge's first"),
        ("UPDATE audit_events SET field = 'hkid' WHERE id = :id", "the purge's first"),
    ],
)
def test_an_edit_of_a_redacted_entry_is_found(
    purged: tuple[Database, Case, Case], statement: str, named: str
) -> None:
    database, old, _kept = purged
    entry_id = _redacted_id(database, old)
    first = min(entry.id for entry in audit.history(database, old.uid))
    _tamper(database, statement, entry_id)
    report = audit.verify_chain(database)
    assert not report.intact
    assert report.first_broken_id == (entry_id if named == "this entry" else first)
    assert "purge" in report.problem


def test_a_redaction_nobody_vouched_for_is_an_edit(purged: tuple[Database, Case, Case]) -> None:
    database, _old, kept = purged
    entry_id = _redacted_id(database, kept)
    _tamper(
        database,
        f"UPDATE audit_events SET old_value = '{REDACTED}', new_value = NULL, reason = '' WHERE id = :id",
        entry_id,
    )
    report = audit.verify_chain(database)
    assert not report.intact
    assert report.first_broken_id == entry_id


def test_a_chain_rekeyed_after_a_purge_still_verifies(purged: tuple[Database, Case, Case]) -> None:
    """As the encryption of a clear database (``init --admin``) rekeys it."""
    database, _old, _kept = purged
    data_key = os.urandom(32)
    with database.session() as session:
        audit.rekey_chain(session, data_key)
    with database.session() as session:
        assert audit_verify.chain_problems(session, chain_key(data_key)) == []
