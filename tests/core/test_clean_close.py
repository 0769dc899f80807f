"""Opening a file exactly as this app closed it skips the page-by-page check; anything else is checked in full."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from assessor_app.core.db import clean_close
from assessor_app.core.db.backups import take_backup
from assessor_app.core.db.database import open_database
from assessor_app.core.errors import DatabaseCorruptError, DatabaseError

ROWS = 400


def closed_database_with_filler(tmp_path: Path, key: bytes | None = None) -> Path:
    """A closed, cleanly recorded database with one table of many pages outside the schema's pages."""
    path = tmp_path / "cases.sqlite3"
    database = open_database(path, key=key)
    with database.session() as session:
        session.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)"))
        session.execute(
            text("INSERT INTO filler (body) VALUES (:body)"),
            [{"body": f"{n:04d}" * 250} for n in range(ROWS)],
        )
    database.close()
    return path


def scribble_keeping_identity(path: Path) -> None:
    """Damage the filler table's last pages the way a disk fault would: size and times unchanged."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(len(data) - page_size * 3, len(data)):
        data[offset] = 0xA5
    with open(path, "r+b") as handle:  # in place: same inode
        handle.write(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_clean_close_records_the_file_as_left(tmp_path: Path) -> None:
    path = closed_database_with_filler(tmp_path)
    assert not Path(f"{path}-wal").exists()  # the last connection folded its log in before the record
    assert clean_close.unchanged_since_clean_close(path)
    assert oct(clean_close.record_path(path).stat().st_mode & 0o777) == "0o600"


def test_the_backup_taken_after_the_close_leaves_the_record_valid(tmp_path: Path) -> None:
    path = closed_database_with_filler(tmp_path)
    take_backup(path, tmp_path / "backups", key=None, kind="auto")  # what the window does after its close
    assert clean_close.unchanged_since_clean_close(path)


@pytest.mark.parametrize(
    "change",
    [
        "written by another program",
        "copied back over itself (a restore)",
        "record missing (a crash before the close)",
        "record unreadable",
    ],
)
def test_a_file_changed_since_the_clean_close_is_checked_in_full(tmp_path: Path, change: str) -> None:
    path = closed_database_with_filler(tmp_path)
    if change == "written by another program":
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE filler SET body = 'x' WHERE id = 1")
        connection.close()
    elif change == "copied back over itself (a restore)":
        copy = tmp_path / "copy.sqlite3"
        shutil.copy2(path, copy)  # same size and times, another inode
        os.replace(copy, path)
    elif change == "record missing (a crash before the close)":
        clean_close.record_path(path).unlink()
    else:
        clean_close.record_path(path).write_text("{not json", encoding="utf-8")
    assert not clean_close.unchanged_since_clean_close(path)
    scribble_keeping_identity(path)
    with pytest.raises(
        DatabaseCorruptError
    ) as raised:  # found at the open, where reading every page finds it
        open_database(path)
    assert "not a usable case database" in raised.value.en
    assert "不是可用的個案資料庫" in raised.value.zh


@pytest.mark.parametrize("encrypted", [False, True], ids=["clear", "encrypted"])
def test_damage_the_skipped_check_missed_is_refused_when_read_and_checked_at_the_next_open(
    tmp_path: Path, encrypted: bool
) -> None:
    key = bytes(range(32)) if encrypted else None
    path = closed_database_with_filler(tmp_path, key)
    scribble_keeping_identity(path)
    # A disk fault leaves no trace in the file's identity.
    assert clean_close.unchanged_since_clean_close(path)

    database = open_database(path, key=key)  # the untouched-looking file opens without reading every page
    try:
        # SQLite says "malformed"; SQLCipher, whose page fails its MAC, an error of its own.
        with pytest.raises(DatabaseError) as raised, database.session() as session:
            session.execute(text("SELECT sum(length(body)) FROM filler")).scalar_one()
        if not encrypted:
            assert isinstance(raised.value, DatabaseCorruptError)
            assert "damaged page" in raised.value.en
            assert "損壞" in raised.value.zh
    finally:
        database.close()  # the app's own close after the error records nothing

    assert not clean_close.record_path(path).exists()
    with pytest.raises(DatabaseCorruptError, match="not a usable case database"):
        open_database(path, key=key)
