"""The hash-chained audit trail: appended with the change, any tampering is detected and located."""

from __future__ import annotations

import sqlite3

import pytest

from assessor_app.core.db.database import Database
from assessor_app.core.services import audit


@pytest.fixture
def chained(database: Database) -> Database:
    with database.session() as session:
        for number in range(5):
            audit.record(
                session,
                actor="clerk1",
                entity="application",
                entity_uid="case-1" if number % 2 == 0 else "case-2",
                action="status",
                field="status",
                old=f"s{number}",
                new=f"s{number + 1}",
                reason="陳大文 requested" if number == 3 else "",
            )
    return database


def test_an_untouched_chain_verifies(chained: Database) -> None:
    report = audit.verify_chain(chained)
    assert report.intact
    assert report.entries == 5


def test_history_of_one_case(chained: Database) -> None:
    entries = audit.history(chained, "case-1")
    assert [(e.old_value, e.new_value) for e in entries] == [("s0", "s1"), ("s2", "s3"), ("s4", "s5")]


def test_a_rolled_back_change_leaves_no_entry(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        audit.record(session, actor="a", entity="application", entity_uid="x", action="edit")
        raise RuntimeError("crash mid-save")
    assert audit.verify_chain(database).entries == 0


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_events SET new_value = 'forged' WHERE id = 3",
        "UPDATE audit_events SET actor = 'someone else' WHERE id = 3",
        "DELETE FROM audit_events WHERE id = 3",
        "UPDATE audit_events SET id = 100 WHERE id = 3; UPDATE audit_events SET id = 3 WHERE id = 4; "
        "UPDATE audit_events SET id = 4 WHERE id = 100",
    ],
    ids=["changed value", "changed actor", "deleted row", "reordered rows"],
)
def test_tampering_is_found_at_the_first_bad_entry(chained: Database, tamper: str) -> None:
    with sqlite3.connect(chained.path) as connection:
        connection.executescript(tamper)
    report = audit.verify_chain(chained)
    assert not report.intact
    assert report.first_broken_id in {3, 4}
    assert report.problem
