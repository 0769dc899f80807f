"""The case database encrypted at rest: SQLCipher files opened, migrated and backed up under the data key."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from assessor_app.core.db import cipher
from assessor_app.core.db.database import open_database
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.errors import DatabaseCorruptError, DatabaseError
from tests.core.user_helpers import add_user


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


def test_a_new_database_is_created_encrypted_and_reopens_with_its_key(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "cases.sqlite3"
    database = open_database(path, key=key)
    assert database.data_key == key
    with database.session() as session:
        assert session.info["data_key"] == key
    add_user(database, "chan.taiman", "陳大文 CHAN Tai-man", "intake_clerk")
    database.close()

    assert not cipher.is_clear(path)
    for leftover in (path, Path(f"{path}-wal")):
        if leftover.exists():
            assert "陳大文".encode() not in leftover.read_bytes()
            assert b"chan.taiman" not in leftover.read_bytes()

    reopened = open_database(path, create=False, key=key)
    try:
        with reopened.session() as session:
            names = session.scalars(select(UserRecord.username)).all()
            assert "chan.taiman" in names
            assert session.execute(text("PRAGMA cipher_version")).scalar()
    finally:
        reopened.close()


def test_a_wrong_key_or_no_key_reads_as_damaged_and_changes_nothing(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path, key=key).close()
    before = path.read_bytes()

    with pytest.raises(DatabaseCorruptError, match="not encrypted under this laptop's key"):
        open_database(path, create=False, key=os.urandom(32))
    with pytest.raises(DatabaseCorruptError, match="without signing in"):
        open_database(path, create=False)
    assert path.read_bytes() == before


def test_a_damaged_page_of_an_encrypted_file_is_refused(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path, key=key).close()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit in a page: SQLCipher's per-page MAC catches it
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorruptError):
        open_database(path, create=False, key=key)


def test_a_clear_database_is_not_opened_with_a_key(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()
    with pytest.raises(DatabaseError) as caught:
        open_database(path, create=False, key=key)
    assert caught.value.code == "database_not_encrypted"
    assert cipher.is_clear(path)


def test_migrating_an_encrypted_database_backs_it_up_encrypted(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "cases.sqlite3"
    connection = cipher.connect(path, key)  # an encrypted file no migration has run on yet
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()

    database = open_database(path, create=False, key=key, backups_dir=tmp_path / "backups")
    try:
        assert database.backup_path is not None
        assert not cipher.is_clear(database.backup_path)
        copy = cipher.connect(database.backup_path, key)
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        copy.close()
        with pytest.raises(sqlite3.DatabaseError):
            sqlite3.connect(database.backup_path).execute("PRAGMA user_version").fetchall()
        with database.session() as session:
            assert session.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        database.close()


def test_a_database_set_up_for_sign_in_has_a_keyed_chain_anchored_beside_it(tmp_path: Path) -> None:
    from assessor_app.core.security.sign_in import set_up, sign_in
    from assessor_app.core.services import audit

    path = tmp_path / "cases.sqlite3"
    signed = set_up(path, "ada", "Ada", "a long enough password")
    try:
        with signed.database.session() as session:
            assert audit.chain_mode(session) == audit.KEYED
        assert audit.verify_chain(signed.database).intact
    finally:
        signed.database.close()
    assert Path(f"{path}.audit-anchor").is_file()  # the engine names its file even over SQLCipher
    again = sign_in(path, "ada", "a long enough password")
    again.database.close()
