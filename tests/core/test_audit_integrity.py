"""The audit trail cannot be cut: each kind of tampering a real SQLite file allows is detected and named."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import ApplicantRecord
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit, audit_anchor
from assessor_app.core.services.demo.promotion_day import generate_demo

DATA_KEY = bytes(range(32))


def _append(database: Database, count: int, start: int = 0) -> None:
    with database.session() as session:
        for number in range(start, start + count):
            audit.record(
                session,
                actor="clerk1",
                entity="application",
                entity_uid="case-1",
                action="edit",
                new=str(number),
            )


@pytest.fixture
def chained(database: Database) -> Database:
    _append(database, 5)
    return database


def _codes(database: Database) -> list[str]:
    return [finding.code for finding in audit.verify_chain(database).findings if finding.fails]


def _sql(database: Database, script: str) -> None:
    with sqlite3.connect(database.path) as connection:
        connection.executescript(script)


def _keyed(database: Database) -> Database:
    """The database as the encryption work leaves it: sessions hold the data key, the chain rekeyed."""
    database.session_factory.configure(info={"data_key": DATA_KEY})
    with database.session() as session:
        audit.rekey_chain(session, DATA_KEY)
    return database


def _recompute_unkeyed(database: Database) -> None:
    """What someone with the file and the source code does after editing an entry: rehash the chain."""
    with sqlite3.connect(database.path) as connection:
        rows = connection.execute(
            "SELECT id, occurred_at, actor, entity, entity_uid, action, field, old_value, new_value, reason, "
            "claims FROM audit_events ORDER BY id"
        ).fetchall()
        previous = audit.GENESIS
        for row in rows:
            values = [previous, row[1].replace(" ", "T"), *row[2:10]]
            if row[10] is not None:
                values.append(row[10])
            text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            connection.execute(
                "UPDATE audit_events SET prev_hash = ?, entry_hash = ? WHERE id = ?",
                (previous, digest, row[0]),
            )
            previous = digest


# --- The chain ------------------------------------------------------------------------------------------


def test_an_untouched_chain_verifies_and_is_anchored(chained: Database) -> None:
    report = audit.verify_chain(chained)
    assert report.intact, report.findings
    assert [finding.code for finding in report.findings] == ["unkeyed"]  # said, not a failure
    anchor_file = audit_anchor.anchor_path(chained.path)
    if os.name == "posix":
        assert anchor_file.stat().st_mode & 0o777 == 0o600
    anchor = audit_anchor.read_anchor(chained.path)
    assert anchor is not None
    with chained.session() as session:
        assert (anchor.count, anchor.head) == audit.chain_head(session) == (5, anchor.head)
    assert not list(chained.path.parent.glob("*.tmp"))


def test_an_edited_entry(chained: Database) -> None:
    _sql(chained, "UPDATE audit_events SET new_value = 'forged' WHERE id = 3")
    report = audit.verify_chain(chained)
    assert (report.first_broken_id, report.problem) == (3, "its content was changed")
    assert _codes(chained) == ["entry_broken"]


def test_a_deleted_entry(chained: Database) -> None:
    _sql(chained, "DELETE FROM audit_events WHERE id = 3")
    assert audit.verify_chain(chained).first_broken_id == 4
    assert _codes(chained) == ["entry_broken"]


def test_reordered_entries(chained: Database) -> None:
    _sql(
        chained,
        "UPDATE audit_events SET id = 100 WHERE id = 3; UPDATE audit_events SET id = 3 WHERE id = 4; "
        "UPDATE audit_events SET id = 4 WHERE id = 100",
    )
    assert audit.verify_chain(chained).first_broken_id == 3
    assert "entry_broken" in _codes(chained)


def test_the_last_entries_deleted(chained: Database) -> None:
    _sql(chained, "DELETE FROM audit_events WHERE id > 3")
    report = audit.verify_chain(chained)
    assert report.first_broken_id is None  # what is left still links up
    assert _codes(chained) == ["tail_deleted"]
    assert any("The last 2 entries were deleted" in finding.en for finding in report.findings)


def test_all_entries_deleted(chained: Database) -> None:
    _sql(chained, "DELETE FROM audit_events")
    report = audit.verify_chain(chained)
    assert report.entries == 0
    assert _codes(chained) == ["all_deleted"]
    assert not report.intact


def test_an_edit_with_the_unkeyed_chain_recomputed(chained: Database) -> None:
    _sql(chained, "UPDATE audit_events SET new_value = 'forged' WHERE id = 2")
    _recompute_unkeyed(chained)
    report = audit.verify_chain(chained)
    assert report.first_broken_id is None  # the chain alone no longer shows it
    assert _codes(chained) == ["rewritten"]
    assert any("entry #5 differs from the anchor" in finding.en for finding in report.findings)


def test_an_edit_with_the_keyed_chain_recomputed_without_the_key(chained: Database) -> None:
    _keyed(chained)
    assert audit.verify_chain(chained).intact
    _sql(chained, "UPDATE audit_events SET new_value = 'forged' WHERE id = 2")
    _recompute_unkeyed(chained)
    report = audit.verify_chain(chained)
    assert (report.first_broken_id, report.problem) == (1, "its content was changed")
    assert "entry_broken" in _codes(chained)


def test_a_missing_anchor(chained: Database) -> None:
    audit_anchor.anchor_path(chained.path).unlink()
    assert _codes(chained) == ["anchor_missing"]


def test_an_anchor_left_behind_by_a_crash_is_a_warning(
    chained: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(audit_anchor, "write_anchor", crash)
    _append(chained, 2, start=5)  # committed; the anchor still says 5
    report = audit.verify_chain(chained)
    assert report.intact
    assert "anchor_behind" in [finding.code for finding in report.findings]


# --- Keyed ----------------------------------------------------------------------------------------------


def test_rekeying_keeps_the_trail_verifiable_and_macs_the_anchor(chained: Database) -> None:
    with chained.session() as session:
        unkeyed_head = audit.chain_head(session)
    _keyed(chained)
    report = audit.verify_chain(chained)
    assert report.intact, report.findings
    assert report.keyed
    assert report.findings == ()
    anchor = audit_anchor.read_anchor(chained.path)
    assert anchor is not None
    assert anchor.mac is not None
    assert anchor.mode == audit.KEYED
    with chained.session() as session:
        count, head = audit.chain_head(session)
    assert count == unkeyed_head[0]
    assert head != unkeyed_head[1]
    _append(chained, 1, start=9)  # the app goes on appending keyed entries
    assert audit.verify_chain(chained).intact


def test_a_keyed_anchor_altered(chained: Database) -> None:
    _keyed(chained)
    path = audit_anchor.anchor_path(chained.path)
    value = json.loads(path.read_text())
    value["written_at"] = "2020-01-01T00:00:00+00:00"
    path.write_text(json.dumps(value))
    assert _codes(chained) == ["anchor_altered"]


def test_a_keyed_chain_switched_back_to_unkeyed(chained: Database) -> None:
    _keyed(chained)
    _sql(
        chained,
        "UPDATE audit_events SET new_value = 'forged' WHERE id = 2; UPDATE audit_chain SET mode = 'sha256'",
    )
    _recompute_unkeyed(chained)
    codes = _codes(chained)
    assert "unkeyed_encrypted" in codes
    assert "mode_changed" in codes


def test_a_keyed_chain_without_the_key_cannot_be_checked(chained: Database) -> None:
    _keyed(chained)
    chained.session_factory.configure(info={"data_key": None})
    assert _codes(chained) == ["key_missing"]


def test_a_broken_chain_is_not_rekeyed(chained: Database) -> None:
    _sql(chained, "UPDATE audit_events SET new_value = 'forged' WHERE id = 2")
    with pytest.raises(AppError), chained.session() as session:
        audit.rekey_chain(session, DATA_KEY)
    with chained.session() as session:
        assert audit.chain_mode(session) == audit.UNKEYED


# --- Changes outside the app ------------------------------------------------------------------------------


@pytest.fixture
def cases(database: Database) -> Database:
    generate_demo(database, applications=6, seed=3)
    report = audit.verify_chain(database)
    assert report.intact, report.findings
    return database


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE applicants SET name_zh = '假名' WHERE id = 1", "applicants 1 name_zh"),
        ("UPDATE applicants SET hkid = 'A1234563' WHERE id = 1", "applicants 1 hkid"),
        ("UPDATE applications SET surname_en = 'FORGED', phone = '91234567' WHERE id = 1", "applications 1 "),
        ("UPDATE applications SET fee_hkd = 1 WHERE id = 1", "applications 1 fee_hkd"),
        (
            "UPDATE applied_qualifications SET result = 'passed' WHERE id = 1",
            "applied_qualifications 1 result",
        ),
        (
            "UPDATE applied_qualifications SET soa_number = 'X1' WHERE id = 1",
            "applied_qualifications 1 soa_n",
        ),
        ("UPDATE agency_fees SET fee_hkd = 0 WHERE id = 1", "agency_fees 1 fee_hkd"),
        ("DELETE FROM applications WHERE id = 2", "applications 2 deleted"),
    ],
    ids=["name", "hkid", "case name and phone", "fee", "result", "soa", "fee table", "deleted case"],
)
def test_a_direct_change_is_named(cases: Database, statement: str, named: str) -> None:
    _sql(cases, f"PRAGMA foreign_keys = ON; {statement}")
    report = audit.verify_chain(cases)
    outside = [finding for finding in report.findings if finding.code == "changed_outside"]
    assert outside
    assert not report.intact
    assert any(f"changed outside the app: {named}" in finding.en for finding in outside), outside
    assert all(" at 20" in finding.en for finding in outside)
    assert "在本程式以外被改動" in outside[0].zh


def test_an_unchanged_value_set_again_is_not_a_change(cases: Database) -> None:
    _sql(cases, "UPDATE applicants SET name_zh = name_zh, hkid = hkid")
    assert audit.verify_chain(cases).intact


def _audited_rename(database: Database, *, audit_first: bool) -> None:
    with database.session() as session:
        applicant = session.scalars(select(ApplicantRecord).order_by(ApplicantRecord.id)).first()
        assert applicant is not None
        if audit_first:  # the entry is added before the change is flushed: the commit still claims it
            audit.record(session, actor="clerk1", entity="applicant", entity_uid=applicant.uid, action="edit")
        applicant.name_zh = "新名字"
        if not audit_first:
            session.flush()
            audit.record(session, actor="clerk1", entity="applicant", entity_uid=applicant.uid, action="edit")


@pytest.mark.parametrize("audit_first", [True, False], ids=["entry first", "change first"])
def test_the_app_s_audited_change_is_claimed(cases: Database, audit_first: bool) -> None:
    _audited_rename(cases, audit_first=audit_first)
    report = audit.verify_chain(cases)
    assert report.intact, report.findings
    with cases.session() as session:
        last = session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id.desc())).first()
        assert last is not None
        assert last.claims is not None
        assert last.claims.startswith("1:")


def test_an_outside_change_is_not_claimed_by_the_app_s_next_entry(cases: Database) -> None:
    _sql(cases, "UPDATE applicants SET phone = '99999999' WHERE id = 2")
    _audited_rename(cases, audit_first=False)
    codes = _codes(cases)
    assert codes == ["changed_outside"]


def test_an_app_change_without_an_entry_is_reported(cases: Database) -> None:
    with cases.session() as session:
        applicant = session.get(ApplicantRecord, 1)
        assert applicant is not None
        applicant.phone = "98765432"
    assert _codes(cases) == ["changed_outside"]
    _audited_rename(cases, audit_first=True)  # the next audited transaction does not claim it either
    assert _codes(cases) == ["changed_outside"]


def test_a_deleted_claimed_change_record(cases: Database) -> None:
    _audited_rename(cases, audit_first=False)
    _sql(cases, "DELETE FROM data_changes")
    assert set(_codes(cases)) == {"changes_log_altered", "changes_log_deleted"}


def test_an_edited_claimed_change_record(cases: Database) -> None:
    _audited_rename(cases, audit_first=False)
    _sql(cases, "UPDATE data_changes SET columns = 'phone'")
    assert _codes(cases) == ["changes_log_altered"]


def test_an_outside_change_whose_record_was_deleted_leaves_a_gap(cases: Database) -> None:
    _sql(cases, "UPDATE applicants SET hkid = 'A1234563' WHERE id = 1; DELETE FROM data_changes")
    assert _codes(cases) == ["changes_log_deleted"]


def test_an_outside_change_claimed_by_hand(cases: Database) -> None:
    _audited_rename(cases, audit_first=False)
    _sql(
        cases,
        "UPDATE applicants SET hkid = 'A1234563' WHERE id = 1; UPDATE data_changes SET claimed_by = ("
        "SELECT max(id) FROM audit_events)",
    )
    assert _codes(cases) == ["changes_log_altered"]


def test_dropped_triggers(cases: Database) -> None:
    _sql(cases, "DROP TRIGGER data_changes_applicants_update")
    assert _codes(cases) == ["triggers_missing"]


def test_the_particulars_update_flow_is_claimed(cases: Database) -> None:
    from assessor_app.core.services.intake.particulars import update_particulars
    from tests.core.intake_helpers import valid_form

    with cases.session() as session:
        person = session.get(ApplicantRecord, 1)
        assert person is not None
        form = valid_form()
        form.hkid = person.hkid
    changes = update_particulars(cases, 1, form, actor="syleung", reason="moved")
    assert any(change.field in {"name_zh", "phone", "surname_en"} for change in changes)
    report = audit.verify_chain(cases)
    assert report.intact, report.findings
    with cases.session() as session:
        claimed = session.scalars(
            select(AuditEventRecord.claims).where(AuditEventRecord.claims.is_not(None))
        ).all()
    assert len(claimed) == 1


def test_temporary_anchors_a_crash_left_are_removed_and_the_anchor_kept(chained: Database) -> None:
    anchor_file = audit_anchor.anchor_path(chained.path)
    leftovers = [
        anchor_file.with_name(f".{anchor_file.name}.0123456789abcdef.tmp"),  # as replace_private names them
        anchor_file.with_name(f"{anchor_file.name}.4242.tmp"),  # as versions before it did
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"{}")
    audit_anchor.remove_leftovers(chained.path)
    assert not any(leftover.exists() for leftover in leftovers)
    assert audit_anchor.read_anchor(chained.path) is not None
