"""Heads of the audit trail recorded outside the database: in every export's signed manifest and beside
every backup. ``audit verify`` names a cut or rewritten trail against them even when the anchor file
beside the database went with it, and a restore is told apart from a cut."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db import backups
from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.errors import AppError
from assessor_app.core.security.recovery import restore_backup
from assessor_app.core.services import audit, audit_anchor
from assessor_app.core.services.sync.audit_witness import batch_witness
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.workbook_format import FORMAT_VERSION
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import CLERK, SUPERVISOR, as_format_3, decrypted, empty_station
from tests.core.user_helpers import add_user

ADMINISTRATOR = "itadmin"


def _manifest(path: Path) -> dict[str, str]:
    sheet = load_workbook(path, read_only=True)["manifest"]
    return {str(row[0]): str(row[2] or "") for row in sheet.iter_rows(min_row=3, values_only=True)}


def _head(database: Database) -> tuple[int, str]:
    with database.session() as session:
        return audit.chain_head(session)


def _append(database: Database, count: int) -> None:
    with database.session() as session:
        for number in range(count):
            audit.record(
                session, actor=CLERK, entity="application", entity_uid="x", action="edit", new=str(number)
            )


def _sql(database: Database, script: str) -> None:
    database.engine.dispose()
    with sqlite3.connect(database.path) as connection:
        connection.executescript(script)


def _failing(database: Database, witnesses: list[audit_anchor.Witness]) -> list[tuple[str, str]]:
    report = audit.verify_chain(database, witnesses)
    return [(finding.code, finding.en) for finding in report.findings if finding.fails]


def _backup_witnesses(database: Database, folder: Path) -> list[audit_anchor.Witness]:
    return backup_witnesses_of(database, folder)[0]


def backup_witnesses_of(database: Database, folder: Path) -> tuple[list[audit_anchor.Witness], list[str]]:
    return audit_anchor.backup_witnesses(folder, database.path.stem, database.data_key)


def test_an_export_manifest_carries_the_trail_head_and_signs_it(exported: Exported, tmp_path: Path) -> None:
    before = _head(exported.database)
    result = export_batch(
        exported.database, tmp_path / "again.xlsx", actor=SUPERVISOR, status="exported", unencrypted=True
    )
    manifest = _manifest(result.path)
    assert (int(manifest["audit_entries"]), manifest["audit_head"]) == before
    assert manifest["format_version"] == FORMAT_VERSION
    witness = batch_witness(exported.database, result.path)
    assert (witness.count, witness.head) == before

    workbook = load_workbook(result.path)
    sheet = workbook["manifest"]
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "audit_entries":
            sheet.cell(row, 3).value = str(before[0] - 3)  # a head that would hide the last entries
    forged = tmp_path / "forged.xlsx"
    workbook.save(forged)
    with pytest.raises(AppError) as refused:
        batch_witness(exported.database, forged)
    assert refused.value.code == "merge_bad_signature"
    assert "audit head" in refused.value.en


def test_a_relabelled_3_2_batch_no_longer_verifies(exported: Exported, tmp_path: Path) -> None:
    """Calling a 3.3 file 3.2 to drop its signed audit head breaks the signature, it does not pass it."""
    full = export_batch(
        exported.database, tmp_path / "full.xlsx", actor=SUPERVISOR, status="exported", full_hkid=True
    )
    plain = as_format_3(decrypted(full, tmp_path / "full-plain.xlsx"), tmp_path / "full-3.xlsx")
    workbook = load_workbook(plain)
    sheet = workbook["manifest"]
    rows = {sheet.cell(row, 1).value: row for row in range(3, sheet.max_row + 1)}
    sheet.cell(rows["format_version"], 3).value = "3.2"
    for item in sorted((rows["audit_entries"], rows["audit_head"]), reverse=True):
        sheet.delete_rows(item)
    workbook.save(plain)
    other = empty_station(tmp_path / "other.sqlite3", trusting=exported.database)
    with pytest.raises(AppError) as refused:
        merge_batch(other, plain, actor=SUPERVISOR)
    assert refused.value.code == "merge_bad_signature"


def test_a_batch_witnesses_a_cut_and_a_rewrite_after_the_anchor_is_gone(
    exported: Exported, tmp_path: Path
) -> None:
    database = exported.database
    result = export_batch(
        database, tmp_path / "sent.xlsx", actor=SUPERVISOR, status="exported", unencrypted=True
    )
    witness = batch_witness(database, result.path)
    assert _failing(database, [witness]) == []

    count = witness.count
    _sql(database, f"DELETE FROM audit_events WHERE id > {count - 4}")
    audit_anchor.anchor_path(database.path).unlink()
    codes = _failing(database, [witness])
    assert (
        "tail_deleted",
        f"The last 4 entries were deleted (the batch sent.xlsx records {count}, the trail "
        f"ends at {count - 4})",
    ) in codes

    _sql(database, "DELETE FROM audit_events")
    assert [code for code, _ in _failing(database, [witness])] == ["all_deleted"]


def test_the_batch_head_names_a_rewritten_entry(exported: Exported, tmp_path: Path) -> None:
    database = exported.database
    result = export_batch(
        database, tmp_path / "sent.xlsx", actor=SUPERVISOR, status="exported", unencrypted=True
    )
    witness = batch_witness(database, result.path)
    _sql(database, f"UPDATE audit_events SET entry_hash = '{'a' * 64}' WHERE id = {witness.count}")
    assert "rewritten" in [code for code, _ in _failing(database, [witness])]


def test_another_stations_batch_is_no_witness_of_this_trail(exported: Exported, tmp_path: Path) -> None:
    other = empty_station(tmp_path / "other.sqlite3", trusting=exported.database)
    result = export_batch(
        exported.database, tmp_path / "theirs.xlsx", actor=SUPERVISOR, status="exported", unencrypted=True
    )
    with pytest.raises(AppError) as refused:
        batch_witness(other, result.path)
    assert refused.value.code in {"merge_unknown_station", "witness_other_station"}


def test_backups_witness_a_trail_cut_with_its_anchor(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    _append(database, 6)
    backups.take_backup(database.path, folder, key=database.data_key)
    _append(database, 2)
    backups.take_backup(database.path, folder, key=database.data_key)
    assert _failing(database, _backup_witnesses(database, folder)) == []

    _sql(database, "DELETE FROM audit_events WHERE id > 3")
    audit_anchor.anchor_path(database.path).unlink()
    failing = _failing(database, _backup_witnesses(database, folder))
    (tail,) = [text for code, text in failing if code == "tail_deleted"]
    assert "The last 5 entries were deleted (the backup " in tail  # the newest backup speaks for both
    assert "records 8, the trail ends at 3" in tail


def test_an_altered_backup_anchor_is_no_witness(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    _append(database, 3)
    taken = backups.take_backup(database.path, folder, key=database.data_key).backup
    backups.anchor_path(taken).write_text("{not json")
    witnesses, unusable = backup_witnesses_of(database, folder)
    assert (witnesses, unusable) == ([], [taken.name])


def test_a_restore_is_recorded_and_older_heads_are_not_called_a_cut(
    database: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    add_user(database, ADMINISTRATOR, "IT", "administrator")
    _append(database, 4)
    older = backups.take_backup(database.path, folder, key=database.data_key).backup
    restored_count = _head(database)[0]
    _append(database, 5)
    backups.take_backup(database.path, folder, key=database.data_key)

    restore_backup(database.path, older, folder, key=database.data_key, username=ADMINISTRATOR)
    database.engine.dispose()
    with database.session() as session:
        last = session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id.desc()).limit(1)).one()
    assert (last.actor, last.action, last.entity_uid, last.new_value) == (
        ADMINISTRATOR,
        "restored",
        older.name,
        str(restored_count),
    )
    report = audit.verify_chain(database, _backup_witnesses(database, folder))
    assert report.intact, report.findings
    notes = [finding for finding in report.findings if finding.code == "witness_before_restore"]
    assert len(notes) == 1
    assert older.name in notes[0].en
    assert not notes[0].fails


def test_only_an_administrator_restores_a_database_that_opens(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    add_user(database, CLERK, "Clerk", "intake_clerk")
    older = backups.take_backup(database.path, folder, key=database.data_key).backup
    _append(database, 2)
    before = _head(database)
    with pytest.raises(AppError) as refused:
        restore_backup(database.path, older, folder, key=database.data_key, username=CLERK)
    assert refused.value.code == "role_not_allowed"
    assert _head(database) == before
