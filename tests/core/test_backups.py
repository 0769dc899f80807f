"""Backups through SQLite's backup API (verified, owner-only, pruned) and restore, on real files."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assessor_app.core.db import backups, cipher
from assessor_app.core.db.database import open_database
from assessor_app.core.errors import DatabaseCorruptError, DatabaseTooNewError

HEAD_TABLES = "SELECT count(*) FROM qualifications"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()
    return path


def test_a_backup_is_verified_owner_only_and_named_by_time_and_revision(database_file: Path) -> None:
    result = backups.take_backup(database_file, database_file.parent / "backups", kind="manual")
    assert result.backup.parent == database_file.parent / "backups"
    assert result.backup.name.startswith("cases-manual-")
    assert result.backup.name.endswith(f"-r{result.revision}.sqlite3")
    assert backups.verify_backup(result.backup) == result.revision
    if os.name == "posix":
        assert result.backup.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(f"file:{result.backup}?mode=ro", uri=True) as copy:
        assert copy.execute(HEAD_TABLES).fetchone() == (47,)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    assert [p.name for p in result.backup.parent.iterdir()] == [result.backup.name]  # no -wal, no .partial


def test_a_copy_goes_to_the_chosen_folder_too_with_the_audit_anchor(
    database_file: Path, tmp_path: Path
) -> None:
    anchor = backups.anchor_path(database_file)
    anchor.write_bytes(b"12 abcdef\n")
    stick = tmp_path / "usb" / "RPL"
    result = backups.take_backup(database_file, tmp_path / "backups", also_to=stick)
    assert result.anchor_copied
    (copy,) = result.copies
    assert copy.parent == stick
    assert copy.name == result.backup.name
    assert backups.verify_backup(copy) == result.revision
    for written in (result.backup, copy):
        assert backups.anchor_path(written).read_bytes() == b"12 abcdef\n"
        if os.name == "posix":
            assert backups.anchor_path(written).stat().st_mode & 0o777 == 0o600


def test_only_the_newest_automatic_backups_are_kept(database_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    manual = backups.take_backup(database_file, folder, kind="manual").backup
    taken = [backups.take_backup(database_file, folder, kind="auto", keep=3).backup for _ in range(5)]
    left = {backup.path for backup in backups.list_backups(folder, "cases")}
    assert left == {manual, *taken[-3:]}


def test_an_encrypted_database_is_backed_up_encrypted(tmp_path: Path) -> None:
    key = os.urandom(cipher.KEY_BYTES)
    path = tmp_path / "cases.sqlite3"
    connection = cipher.connect(path, key)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
    connection.execute("INSERT INTO alembic_version VALUES ('0011')")
    connection.commit()
    connection.close()
    result = backups.take_backup(path, tmp_path / "backups", key=key)
    assert not result.backup.read_bytes().startswith(b"SQLite format 3\x00")
    assert backups.verify_backup(result.backup, key) == "0011"
    with pytest.raises(DatabaseCorruptError):
        backups.verify_backup(result.backup, None)


WRITER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
connection.execute("PRAGMA journal_mode = WAL")
n = 0
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    n += 1
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO stress (n, half) VALUES (?, 1)", (n,))
    connection.execute("INSERT INTO stress (n, half) VALUES (?, 2)", (n,))
    connection.execute("COMMIT")
    if n == 1:
        print("started", flush=True)
"""


def test_backups_taken_while_another_process_writes_are_whole_and_committed(database_file: Path) -> None:
    with sqlite3.connect(database_file) as connection:
        connection.execute("CREATE TABLE stress (n INTEGER, half INTEGER)")
    taken = []
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database_file), "4"], stdout=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "started"
        for _ in range(6):
            taken.append(backups.take_backup(database_file, database_file.parent / "backups", kind="auto"))
            time.sleep(0.1)
        assert writer.poll() is None, "the writer must still be writing while the backups are taken"
        writer.wait(timeout=30)
    assert writer.returncode == 0
    counts = []
    for result in taken:
        assert backups.verify_backup(result.backup) == result.revision
        with sqlite3.connect(f"file:{result.backup}?mode=ro", uri=True) as copy:
            rows, transactions, halves = copy.execute(
                "SELECT count(*), count(DISTINCT n), min(c) FROM "
                "(SELECT n, count(*) AS c FROM stress GROUP BY n) JOIN stress USING (n)"
            ).fetchone()
            assert rows == 2 * transactions
            assert halves in (None, 2)
            counts.append(transactions)
    assert counts == sorted(counts)
    assert counts[-1] > 0


def test_restore_replaces_the_database_after_backing_it_up(database_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    good = backups.take_backup(database_file, folder).backup
    writer = sqlite3.connect(database_file)  # a later change, still in the WAL when the restore starts
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE agencies SET name_en = 'Changed after the backup'")
    writer.commit()
    writer.close()
    result = backups.restore_database(good, database_file, folder)
    assert result.safety_backup is not None
    assert result.safety_backup.name.startswith("cases-before-restore-")
    with sqlite3.connect(database_file) as restored:
        assert "Changed after the backup" not in {
            r[0] for r in restored.execute("SELECT name_en FROM agencies")
        }
    with sqlite3.connect(result.safety_backup) as safety:
        assert "Changed after the backup" in {r[0] for r in safety.execute("SELECT name_en FROM agencies")}
    reopened = open_database(database_file)  # the app opens it: no stale WAL replayed over it
    reopened.close()
    assert backups.verify_backup(database_file) == result.revision


def test_restore_brings_the_backups_anchor_back(database_file: Path, tmp_path: Path) -> None:
    backups.anchor_path(database_file).write_bytes(b"old anchor")
    good = backups.take_backup(database_file, tmp_path / "backups").backup
    backups.anchor_path(database_file).write_bytes(b"newer anchor")
    result = backups.restore_database(good, database_file, tmp_path / "backups")
    assert result.anchor_restored
    assert backups.anchor_path(database_file).read_bytes() == b"old anchor"


@pytest.mark.parametrize("damage", ["truncated", "scribbled", "empty", "foreign", "other program"])
def test_restore_refuses_a_bad_file_and_changes_nothing(
    database_file: Path, tmp_path: Path, damage: str
) -> None:
    bad = tmp_path / "bad.sqlite3"
    if damage == "other program":
        with sqlite3.connect(bad) as other:
            other.execute("CREATE TABLE photos (id INTEGER)")
    elif damage == "foreign":
        bad.write_bytes(b"PK\x03\x04 not a database" * 100)
    elif damage == "empty":
        bad.touch()
    else:
        good = backups.take_backup(database_file, tmp_path / "backups").backup
        data = bytearray(good.read_bytes())
        if damage == "truncated":
            data = data[: len(data) // 2]
        else:
            page = int.from_bytes(data[16:18], "big")
            data[page * 2 : page * 6] = b"\xa5" * (page * 4)
        bad.write_bytes(bytes(data))
    before = digest(database_file)
    listing = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(DatabaseCorruptError) as raised:
        backups.restore_database(bad, database_file, tmp_path / "backups")
    assert "Nothing was changed" in raised.value.en
    assert "未有任何改動" in raised.value.zh
    assert digest(database_file) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == listing


@pytest.mark.parametrize("fresh_copy", [True, False], ids=["quick check of a fresh copy", "full check"])
def test_both_checks_refuse_damaged_pages(database_file: Path, tmp_path: Path, fresh_copy: bool) -> None:
    good = backups.take_backup(database_file, tmp_path / "backups").backup
    assert backups.verify_backup(good, fresh_copy=fresh_copy)
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 6] = b"\xa5" * (page * 4)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorruptError, match="not a usable backup"):
        backups.verify_backup(bad, fresh_copy=fresh_copy)


def test_restore_refuses_a_newer_versions_backup(database_file: Path, tmp_path: Path) -> None:
    good = backups.take_backup(database_file, tmp_path / "backups").backup
    with sqlite3.connect(good) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = digest(database_file)
    with pytest.raises(DatabaseTooNewError):
        backups.restore_database(good, database_file, tmp_path / "backups")
    assert digest(database_file) == before


def test_a_damaged_database_is_moved_aside_when_restoring_over_it(
    database_file: Path, tmp_path: Path
) -> None:
    good = backups.take_backup(database_file, tmp_path / "backups").backup
    database_file.write_bytes(b"garbage, not a database at all" * 200)
    damaged = database_file.read_bytes()
    result = backups.restore_database(good, database_file, tmp_path / "backups")
    assert result.safety_backup is None
    moved = result.moved_aside[0]  # the WAL beside it, if any, goes with it
    assert moved.parent == tmp_path / "backups"
    assert moved.read_bytes() == damaged
    assert backups.verify_backup(database_file) == result.revision


def test_the_newest_good_backup_skips_damaged_ones(database_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    older = backups.take_backup(database_file, folder, kind="auto").backup
    newer = backups.take_backup(database_file, folder, kind="auto").backup
    newer.write_bytes(newer.read_bytes()[:4096])
    found = backups.newest_good_backup(folder, "cases")
    assert found is not None
    assert found.path == older
