"""The hash-chained audit trail: appended with the change, any tampering is detected and located."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database, open_database
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


# --- Bulk appends -------------------------------------------------------------------------------------

MOMENT = datetime(2026, 11, 8, 9, 30, 15, 123456, tzinfo=UTC)
ENTRIES = [
    audit.Entry(
        actor="clerk1",
        entity="application",
        entity_uid=f"case-{number % 3}",
        action="status",
        field="status",
        old=None if number == 0 else f"s{number}",
        new=f"s{number + 1}",
        reason="陳大文 requested" if number == 4 else "",
    )
    for number in range(12)
]


def _rows(database: Database) -> list[tuple[object, ...]]:
    with sqlite3.connect(database.path) as connection:
        return connection.execute("SELECT * FROM audit_events ORDER BY id").fetchall()


def _one_by_one(session: Session, entries: list[audit.Entry]) -> None:
    for entry in entries:
        audit.record(
            session,
            actor=entry.actor,
            entity=entry.entity,
            entity_uid=entry.entity_uid,
            action=entry.action,
            field=entry.field,
            old=entry.old,
            new=entry.new,
            reason=entry.reason,
        )


def test_record_many_writes_exactly_the_rows_record_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "_now", lambda: MOMENT)  # both at the same moment
    one, many = open_database(tmp_path / "one.sqlite3"), open_database(tmp_path / "many.sqlite3")
    try:
        for database in (one, many):  # an existing chain to carry on from
            with database.session() as session:
                _one_by_one(session, ENTRIES[:2])
        with one.session() as session:
            _one_by_one(session, ENTRIES)
        with many.session() as session:
            assert audit.record_many(session, ENTRIES) == len(ENTRIES)
        assert _rows(one) == _rows(many)  # same ids, times as stored, hashes, chain
        assert audit.verify_chain(many).intact
        assert audit.verify_chain(many).entries == len(ENTRIES) + 2
    finally:
        one.close()
        many.close()


def test_record_and_record_many_mix_in_one_transaction_in_chunks(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "BULK_CHUNK", 5)
    with database.session() as session:
        _one_by_one(session, ENTRIES[:3])  # still pending in the session when record_many starts
        audit.record_many(session, ENTRIES[3:10])
        _one_by_one(session, ENTRIES[10:])
        audit.record_many(session, [])
    with database.session() as session:
        audit.record_many(session, iter(ENTRIES))  # a new transaction reads the head again
    report = audit.verify_chain(database)
    assert report.intact
    assert report.entries == 2 * len(ENTRIES)
    history = audit.history(database, "case-1")
    assert [entry.new_value for entry in history] == [e.new for e in ENTRIES if e.entity_uid == "case-1"] * 2


def test_a_rolled_back_bulk_append_leaves_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        audit.record_many(session, ENTRIES)
        raise RuntimeError("crash mid-export")
    assert audit.verify_chain(database).entries == 0
    with database.session() as session:
        audit.record_many(session, ENTRIES[:1])
    assert audit.verify_chain(database).intact


def test_tampering_with_a_bulk_written_entry_is_found(database: Database) -> None:
    with database.session() as session:
        audit.record_many(session, ENTRIES)
    with sqlite3.connect(database.path) as connection:
        connection.execute("UPDATE audit_events SET reason = 'forged' WHERE id = 6")
    report = audit.verify_chain(database)
    assert (report.intact, report.first_broken_id) == (False, 6)
