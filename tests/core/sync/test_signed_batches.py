"""Signed batches: a merge takes only a batch signed by an enrolled station (or this laptop); edited,
unsigned, unknown-key and removed-station batches are refused with nothing changed; enrolment is audited."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.errors import AppError
from assessor_app.core.security.station_key_files import key_folder
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.station_keys import (
    enrol_station,
    list_station_keys,
    own_key,
    read_key_file,
    remove_station,
    save_public_key,
)
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import data_hash
from assessor_app.core.services.sync.export import ExportResult, build_workbook, export_batch
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.workbook_layout import layout
from assessor_app.core.services.sync.writer import write_xlsx
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import (
    ASSESSOR,
    SUPERVISOR,
    demo_database,
    dump,
    empty_station,
    enrol,
    signed_workbook,
)


def _full(database: Database, path: Path) -> ExportResult:
    return export_batch(database, path, actor=SUPERVISOR, status="exported", full_hkid=True)


def _plain(source: Database, path: Path) -> Path:
    """A plain full-HKID workbook of the exported cases, signed by ``source``."""
    built = build_workbook(source, status="exported", full_hkid=True)
    return signed_workbook(source, built, path)


def _manifest_row(sheet: object, key: str) -> int:
    return next(row for row in range(3, sheet.max_row + 1) if sheet.cell(row, 1).value == key)  # type: ignore[attr-defined]


def _edited_with_hash_recomputed(source: Path, target: Path) -> Path:
    """``source`` with an employer changed and the manifest's data SHA-256 recomputed to match: what
    anyone can do, since the hash has no key."""
    workbook = load_workbook(source)
    sheet = workbook["employment"]
    sheet.cell(3, layout(fmt.EMPLOYMENT).position("employer") + 1).value = "Forged Employer Ltd"
    workbook.save(target)
    parsed = parse_batch(target)
    workbook["manifest"].cell(_manifest_row(workbook["manifest"], "data_sha256"), 3).value = data_hash(
        [
            (s.name, [tuple(r.values[k] for k in s.keys) for r in parsed.sheets[s.name]])
            for s in parsed.data_sheets
        ]
    )
    workbook.save(target)
    return target


def _refused(database: Database, path: Path, code: str, password: str | None = None) -> AppError:
    """Merging ``path`` is refused with ``code`` and leaves the database as it was, row for row and byte
    for byte."""
    rows, data = dump(database), database.path.read_bytes()
    with pytest.raises(AppError) as refused:
        merge_batch(database, path, actor=ASSESSOR, password=password)
    assert refused.value.code == code
    assert dump(database) == rows
    assert database.path.read_bytes() == data
    return refused.value


@pytest.fixture
def other(exported: Exported, tmp_path: Path) -> Iterator[Database]:
    """Station LT09, which has enrolled the exporting station LT01."""
    database = empty_station(tmp_path / "other.sqlite3", trusting=exported.database)
    yield database
    database.close()


def test_an_enrolled_stations_batch_merges_and_the_report_names_the_signer(
    exported: Exported, other: Database
) -> None:
    full = _full(exported.database, exported.folder / "full.xlsx")
    report = merge_batch(other, full.path, actor=ASSESSOR, password=full.password)
    assert report.added
    key = own_key(exported.database)
    assert key is not None
    assert report.signer is not None
    assert (report.signer.station_code, report.signer.fingerprint, report.signer.is_local) == (
        "LT01",
        key.fingerprint,
        False,
    )
    manifest = parse_batch(full.path, password=full.password).manifest
    assert report.signer.signed_at == manifest["created_at"]
    assert f"signed by station LT01 (key {key.fingerprint}) at {manifest['created_at']}" in report.describe()
    assert "由工作站 LT01 簽署" in report.describe()
    with other.session() as session:
        reason = session.scalar(
            select(AuditEventRecord.reason).where(AuditEventRecord.action == "batch_merged")
        )
    assert reason is not None
    assert f"signed by station LT01 (key {key.fingerprint})" in reason


def test_a_laptops_own_batch_counts_as_signed_by_an_enrolled_station(exported: Exported) -> None:
    full = _full(exported.database, exported.folder / "full.xlsx")
    report = merge_batch(exported.database, full.path, actor=SUPERVISOR, password=full.password)
    assert report.signer is not None
    assert report.signer.is_local
    assert "(this laptop)" in report.describe()


def test_edited_cells_with_a_recomputed_hash_are_refused(
    exported: Exported, other: Database, tmp_path: Path
) -> None:
    edited = _edited_with_hash_recomputed(
        _plain(exported.database, tmp_path / "plain.xlsx"), tmp_path / "x.xlsx"
    )
    error = _refused(other, edited, "merge_bad_signature")
    assert "changed after it was signed" in error.en
    assert "簽署" in error.zh


def test_a_changed_station_or_time_in_the_manifest_breaks_the_signature(
    exported: Exported, other: Database, tmp_path: Path
) -> None:
    plain = _plain(exported.database, tmp_path / "plain.xlsx")
    for key, value in (("created_at", "2020-01-01T00:00:00+00:00"), ("station", "LT02"), ("agency", "X")):
        workbook = load_workbook(plain)
        workbook["manifest"].cell(_manifest_row(workbook["manifest"], key), 3).value = value
        target = tmp_path / f"{key}.xlsx"
        workbook.save(target)
        _refused(other, target, "merge_bad_signature")


def test_a_batch_signed_by_a_key_not_enrolled_is_refused(exported: Exported, tmp_path: Path) -> None:
    """A forger's laptop calling itself LT01 signs with its own key: not the LT01 key enrolled here."""
    forger = open_database(tmp_path / "forger" / "cases.sqlite3")
    demo_database(forger)
    other = empty_station(tmp_path / "other.sqlite3", trusting=exported.database)
    stranger = empty_station(tmp_path / "stranger.sqlite3")  # has enrolled nobody
    try:
        forged = export_batch(forger, tmp_path / "forged.xlsx", actor=SUPERVISOR, full_hkid=True)
        error = _refused(other, forged.path, "merge_unknown_station", forged.password)
        forger_key = own_key(forger)
        assert forger_key is not None
        assert forger_key.fingerprint in error.en
        assert "not enrolled" in error.en
        assert forger_key.fingerprint in error.zh
        genuine = _full(exported.database, tmp_path / "genuine.xlsx")
        _refused(stranger, genuine.path, "merge_unknown_station", genuine.password)
    finally:
        for database in (forger, other, stranger):
            database.close()


def test_an_unsigned_batch_is_refused(exported: Exported, other: Database, tmp_path: Path) -> None:
    built = build_workbook(exported.database, status="exported", full_hkid=True)
    unsigned = tmp_path / "unsigned.xlsx"
    write_xlsx(unsigned, built.sheets)  # as a version of the app before signed batches wrote it
    error = _refused(other, unsigned, "merge_unsigned")
    assert "not signed" in error.en
    workbook = load_workbook(_plain(exported.database, tmp_path / "plain.xlsx"))
    workbook["manifest"].cell(_manifest_row(workbook["manifest"], "signature"), 3).value = None
    stripped = tmp_path / "stripped.xlsx"
    workbook.save(stripped)
    _refused(other, stripped, "merge_unsigned")


def test_removing_the_enrolment_refuses_the_stations_next_batch(
    exported: Exported, other: Database, tmp_path: Path
) -> None:
    first = _full(exported.database, tmp_path / "first.xlsx")
    assert merge_batch(other, first.path, actor=ASSESSOR, password=first.password).added
    remove_station(other, "LT01", actor=SUPERVISOR, reason="laptop lost")
    second = _full(exported.database, tmp_path / "second.xlsx")
    error = _refused(other, second.path, "merge_station_removed", second.password)
    assert "laptop lost" in error.en
    assert SUPERVISOR in error.en
    enrol(exported.database, other)  # enrolled again: its batches merge again
    assert merge_batch(other, second.path, actor=ASSESSOR, password=second.password).signer is not None


def test_enrolment_and_removal_need_a_supervisor_and_are_audited(exported: Exported, tmp_path: Path) -> None:
    other = empty_station(tmp_path / "other.sqlite3")
    try:
        key_file = tmp_path / "lt01.json"
        key = save_public_key(exported.database, key_file)
        before = dump(other)
        for user in (ASSESSOR, "wsho"):
            with pytest.raises(AppError) as refused:
                enrol_station(other, key_file, actor=user)
            assert refused.value.code == "role_not_allowed"
        assert dump(other) == before
        enrolled = enrol_station(other, key_file, actor=SUPERVISOR, expected=key.fingerprint)
        assert (enrolled.station_code, enrolled.fingerprint, enrolled.enrolled_by) == (
            "LT01",
            key.fingerprint,
            SUPERVISOR,
        )
        assert [k.station_code for k in list_station_keys(other)] == ["LT09", "LT01"]  # this laptop first
        with pytest.raises(AppError) as refused:
            remove_station(other, "LT01", actor=ASSESSOR)
        assert refused.value.code == "role_not_allowed"
        removed = remove_station(other, "LT01", actor=SUPERVISOR, reason="replaced laptop")
        assert removed.removed_by == SUPERVISOR
        assert removed.removed_at is not None
        assert [k.station_code for k in list_station_keys(other)] == ["LT09"]
        assert [k.removal_reason for k in list_station_keys(other, include_removed=True)][
            1
        ] == "replaced laptop"
        with other.session() as session:
            entries = session.execute(
                select(
                    AuditEventRecord.actor,
                    AuditEventRecord.action,
                    AuditEventRecord.entity_uid,
                    AuditEventRecord.old_value,
                    AuditEventRecord.new_value,
                ).where(AuditEventRecord.entity == "station_key", AuditEventRecord.entity_uid == "LT01")
            ).all()
        assert [tuple(entry) for entry in entries] == [
            (SUPERVISOR, "station_enrolled", "LT01", None, key.fingerprint),
            (SUPERVISOR, "station_removed", "LT01", key.fingerprint, None),
        ]
        assert verify_chain(other).intact
    finally:
        other.close()


def test_enrolment_refuses_this_laptop_a_second_key_and_a_file_that_is_not_a_key(
    exported: Exported, other: Database, tmp_path: Path
) -> None:
    own = tmp_path / "own.json"
    save_public_key(other, own)
    twice = tmp_path / "lt01.json"
    save_public_key(exported.database, twice)
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"format": "rpl-station-key", "version": 1, "station": "LT05", "public_key": "AAAA"}')
    before = dump(other)
    for path, code in (
        (own, "station_is_this_laptop"),
        (twice, "station_already_enrolled"),
        (bogus, "bad_key_file"),
        (tmp_path / "missing.json", "key_file_unreadable"),
    ):
        with pytest.raises(AppError) as refused:
            enrol_station(other, path, actor=SUPERVISOR)
        assert refused.value.code == code
    with pytest.raises(AppError) as refused:
        enrol_station(other, twice, actor=SUPERVISOR, expected="AAAA-BBBB-CCCC-DDDD")
    assert refused.value.code == "key_file_changed"
    with pytest.raises(AppError) as refused:
        remove_station(other, "LT09", actor=SUPERVISOR)
    assert refused.value.code == "station_is_this_laptop"
    assert dump(other) == before


def test_the_key_file_shows_the_fingerprint_both_laptops_compare(exported: Exported, tmp_path: Path) -> None:
    key = save_public_key(exported.database, tmp_path / "lt01.json")
    read = read_key_file(tmp_path / "lt01.json")
    assert (read.station_code, read.fingerprint) == ("LT01", key.fingerprint)
    groups = key.fingerprint.split("-")
    assert len(groups) == 4
    assert all(len(group) == 4 for group in groups)
    assert "PRIVATE" not in (tmp_path / "lt01.json").read_text()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_private_key_is_owner_only_and_a_station_code_brings_a_key(tmp_path: Path) -> None:
    database = open_database(tmp_path / "cases.sqlite3")
    try:
        assert own_key(database) is None
        lodging.set_local_station(database, "LT07")
        key = own_key(database)
        assert key is not None
        assert key.station_code == "LT07"
        folder = key_folder(database.path)
        [private] = list(folder.iterdir())
        assert key.fingerprint in private.name
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert b"PRIVATE KEY" in private.read_bytes()
    finally:
        database.close()


def test_a_lost_private_key_is_replaced_at_the_next_export_and_audited(
    exported: Exported, other: Database, tmp_path: Path
) -> None:
    old = own_key(exported.database)
    assert old is not None
    for path in key_folder(exported.database.path).iterdir():
        path.unlink()
    full = _full(exported.database, tmp_path / "full.xlsx")
    new = own_key(exported.database)
    assert new is not None
    assert new.fingerprint != old.fingerprint
    with exported.database.session() as session:
        actions = session.scalars(
            select(AuditEventRecord.action).where(AuditEventRecord.entity == "station_key")
        ).all()
    assert actions[-2:] == ["station_removed", "station_key_created"]
    _refused(other, full.path, "merge_unknown_station", full.password)  # the other laptops enrol it anew


def test_a_station_code_enrolled_as_another_laptops_cannot_become_this_laptops(
    exported: Exported, tmp_path: Path
) -> None:
    database = open_database(tmp_path / "fresh.sqlite3")
    try:
        with database.session() as session:
            session.add(UserRecord(username=SUPERVISOR, display_name="Supervisor", role="supervisor"))
        enrol(exported.database, database)  # LT01 enrolled before this laptop named itself
        before = dump(database)
        with pytest.raises(AppError) as refused:
            lodging.set_local_station(database, "LT01")
        assert refused.value.code == "station_taken"
        assert dump(database) == before
    finally:
        database.close()


def test_a_database_older_than_keys_gets_its_key_at_its_first_export(
    exported: Exported, tmp_path: Path
) -> None:
    """As migration 0008 leaves a database that had a station code: no key until it exports."""
    database = exported.database
    connection = sqlite3.connect(database.path)
    try:
        connection.execute("DELETE FROM station_keys")
        connection.commit()
    finally:
        connection.close()
    for path in key_folder(database.path).iterdir():
        path.unlink()
    assert own_key(database) is None
    full = _full(database, tmp_path / "full.xlsx")
    key = own_key(database)
    assert key is not None
    assert parse_batch(full.path, password=full.password).manifest["signing_key"] == key.fingerprint
    assert [path.name for path in key_folder(database.path).iterdir()] == [f"station-{key.fingerprint}.pem"]
