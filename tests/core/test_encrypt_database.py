"""Encrypting an existing clear database: end to end on real files, refused twice, and interrupted anywhere."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from assessor_app.core import secure_delete
from assessor_app.core.db import cipher, encrypt
from assessor_app.core.db.database import open_database
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import DatabaseError, DatabaseLockedError
from tests.core.security_helpers import clear_finds, lodge_people


class Crash(Exception):
    """Raised in place of a step, as a power cut would stop it."""


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def clear_folder(tmp_path: Path) -> Path:
    """A data folder with a clear database holding three lodged cases and a clear migration backup."""
    folder = tmp_path / "data"
    database = open_database(folder / "cases.sqlite3")
    try:
        lodge_people(database)
    finally:
        database.close()
    (folder / "backups").mkdir()
    shutil.copyfile(folder / "cases.sqlite3", folder / "backups" / "cases-before-migration-0007-x.sqlite3")
    assert clear_finds(folder)  # the scan finds the particulars while they are in clear
    return folder


def application_count(path: Path, key: bytes) -> int:
    """Open the database at ``path`` the way its header says (clear, or under ``key``); its cases.

    Whoever reads the header first (the sign-in does) settles an interrupted encryption first."""
    encrypt.settle(path)
    database = open_database(path, create=False, key=None if cipher.is_clear(path) else key)
    try:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(ApplicationRecord)) or 0
    finally:
        database.close()


def test_a_clear_database_is_encrypted_with_an_encrypted_backup_and_no_clear_trace(
    clear_folder: Path, key: bytes
) -> None:
    path = clear_folder / "cases.sqlite3"
    backup = encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")

    assert not cipher.is_clear(path)
    assert backup.parent == clear_folder / "backups"
    assert not cipher.is_clear(backup)
    assert encrypt.clear_backups(clear_folder / "backups") == []
    assert clear_finds(clear_folder) == []
    assert sorted(p.name for p in clear_folder.iterdir() if p.name != "keys") == [
        "backups",
        "cases.sqlite3",
        "cases.sqlite3.audit-anchor",
    ]
    database = open_database(path, create=False, key=key)
    try:
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(ApplicationRecord)) == 3
            assert session.execute(text("PRAGMA quick_check")).scalar() == "ok"
    finally:
        database.close()
    for copy in (backup, *(clear_folder / "backups").iterdir()):
        assert application_count(copy, key) == 3  # every backup is a usable, encrypted restore point
    assert clear_finds(clear_folder) == []  # nor after it was used (its WAL, -shm)


def test_an_encrypted_database_is_refused(clear_folder: Path, key: bytes) -> None:
    path = clear_folder / "cases.sqlite3"
    encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")
    assert caught.value.code == "database_already_encrypted"
    assert path.read_bytes() == before


def test_an_open_database_is_refused_as_in_use(clear_folder: Path, key: bytes) -> None:
    path = clear_folder / "cases.sqlite3"
    database = open_database(path)
    try:
        with database.engine.connect() as connection:
            connection.execute(text("BEGIN IMMEDIATE"))  # another program in the middle of a write
            with pytest.raises(DatabaseLockedError):
                encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")
            connection.rollback()
    finally:
        database.close()
    assert cipher.is_clear(path)
    assert application_count(path, key) == 3


STEPS = ["checkpoint", "export", "flush", "verify", "back_up", "swap"]


@pytest.mark.parametrize("step", STEPS)
def test_a_failing_step_leaves_the_clear_database_usable(
    clear_folder: Path, key: bytes, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object) -> None:
        raise Crash(step)

    monkeypatch.setattr(encrypt, step, crash)
    path = clear_folder / "cases.sqlite3"
    with pytest.raises(Crash):
        encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")
    assert cipher.is_clear(path)
    assert application_count(path, key) == 3
    assert not encrypt.partial_name(path).exists()
    monkeypatch.undo()  # and encrypting again then works
    encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")
    assert application_count(path, key) == 3
    assert clear_finds(clear_folder) == []


@pytest.mark.parametrize("fails", ["link", "second rename", "shred"])
def test_the_swap_interrupted_inside_leaves_one_database_usable(
    clear_folder: Path, key: bytes, fails: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside the swap: a file system without hard links (the rename fallback), a crash before the
    encrypted copy is renamed in, and one before the clear file is shredded."""
    path = clear_folder / "cases.sqlite3"
    real_replace = os.replace
    if fails == "link":
        monkeypatch.setattr(os, "link", lambda *_a: (_ for _ in ()).throw(OSError("no hard links")))
    if fails == "second rename":

        def replace(source: object, target: object) -> None:
            if Path(str(source)) == encrypt.partial_name(path):
                raise Crash("power cut")
            real_replace(source, target)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "link", lambda *_a: (_ for _ in ()).throw(OSError("no hard links")))
    if fails == "shred":
        monkeypatch.setattr(secure_delete, "shred", lambda _p: (_ for _ in ()).throw(Crash("power cut")))
    with contextlib.suppress(Crash):
        encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")
    monkeypatch.undo()
    assert application_count(path, key) == 3  # whichever it is, it opens (and the leftovers are settled)
    assert not secure_delete.aside_name(path).exists()
    assert not encrypt.partial_name(path).exists()
    if not cipher.is_clear(path):
        assert clear_finds(clear_folder) == []


def test_a_crash_leaving_the_clear_file_under_its_second_name_is_settled_at_the_next_open(
    clear_folder: Path, key: bytes
) -> None:
    """A crash between the rename fallback's two renames: only the second name holds the database."""
    path = clear_folder / "cases.sqlite3"
    os.replace(path, secure_delete.aside_name(path))
    open_database(path, create=False).close()  # renamed back, not replaced by a new empty database
    assert application_count(path, key) == 3
    assert cipher.is_clear(path)
    assert not secure_delete.aside_name(path).exists()


def test_clear_backups_left_by_a_crash_are_encrypted_at_the_next_open_with_the_key(
    clear_folder: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = clear_folder / "cases.sqlite3"
    monkeypatch.setattr(encrypt, "encrypt_clear_backups", lambda *_a: (_ for _ in ()).throw(Crash("cut")))
    with pytest.raises(Crash):
        encrypt.encrypt_database(path, key, backups_dir=clear_folder / "backups")
    monkeypatch.undo()
    assert len(encrypt.clear_backups(clear_folder / "backups")) == 1
    assert application_count(path, key) == 3
    assert encrypt.clear_backups(clear_folder / "backups") == []
    assert clear_finds(clear_folder) == []


def test_a_damaged_clear_backup_is_shredded_not_kept(clear_folder: Path, key: bytes) -> None:
    damaged = clear_folder / "backups" / "cases-before-migration-0003-y.sqlite3"
    data = bytearray((clear_folder / "cases.sqlite3").read_bytes())
    data[4096 * 3 : 4096 * 4] = bytes(4096)  # a page of the tables' tree zeroed
    damaged.write_bytes(bytes(data))
    encrypt.encrypt_database(clear_folder / "cases.sqlite3", key, backups_dir=clear_folder / "backups")
    assert encrypt.clear_backups(clear_folder / "backups") == []
    assert clear_finds(clear_folder) == []


def test_deleted_text_is_overwritten_in_the_file(tmp_path: Path) -> None:
    """secure_delete: a deleted row's text does not stay in a free page or cell of the file."""
    path = tmp_path / "cases.sqlite3"
    database = open_database(path)
    marker = "刪除後不應留下 DELETED-PARTICULAR-7731"
    try:
        with database.session() as session:
            assert session.execute(text("PRAGMA secure_delete")).scalar() == 1
            session.execute(text("CREATE TABLE scratch_note (body TEXT)"))
            session.execute(text("INSERT INTO scratch_note VALUES (:b)"), {"b": marker * 200})
        with database.engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        assert marker.encode() in path.read_bytes()  # the test can fail: the text is in the file now
        with database.session() as session:
            session.execute(text("DELETE FROM scratch_note"))
        with database.engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        database.close()
    assert marker.encode() not in path.read_bytes()
