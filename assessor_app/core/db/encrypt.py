"""Encrypting an existing clear case database under the data key: export, verify, back up, swap, shred.

:func:`encrypt_database` runs these steps, each a function of its own (the tests make each one fail):

1. :func:`checkpoint`: every committed page moved from the WAL into the file (refused if another
   program holds the database), the WAL overwritten with zeros while it is no longer needed;
2. :func:`export`: SQLCipher's ``sqlcipher_export`` into ``.<name>.encrypting`` beside the file, with
   the ``user_version``;
3. :func:`flush`: that copy fsynced;
4. :func:`verify`: its integrity check, schema and row count of every table equal to the clear file's;
5. :func:`back_up`: a copy of the *encrypted* file kept in the backups folder (never a clear one);
6. :func:`swap`: the encrypted copy renamed over the clear file, then the clear file shredded
   (:mod:`assessor_app.core.secure_delete`);
7. :func:`encrypt_clear_backups`: earlier migration backups that are still clear (told by their header)
   encrypted in place the same way, so they stay usable restore points; one that fails its check is no
   restore point and is shredded.

Until step 6 the clear file is untouched and the partial copy is removed on failure; the swap is one
rename, so after any interruption either the clear or the encrypted database opens. What a crash leaves
(the partial copy, the clear file's second name during the swap, clear backups) is settled by
:func:`settle` and :func:`encrypt_clear_backups`, which :func:`.database.open_database` calls.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from assessor_app.core.db import cipher, clean_close
from assessor_app.core.errors import DatabaseCorruptError, DatabaseError, DatabaseLockedError
from assessor_app.core.private_files import fsync_folder, private_folder, write_private
from assessor_app.core.secure_delete import (
    aside_name,
    overwrite_with_zeros,
    replace_and_shred,
    settle_aside,
    shred,
)

log = logging.getLogger(__name__)

PARTIAL_SUFFIX = ".encrypting"


def partial_name(path: Path) -> Path:
    """Where the encrypted copy of ``path`` is written before it replaces the clear file."""
    return path.with_name(f".{path.name}{PARTIAL_SUFFIX}")


def _companions(path: Path) -> list[Path]:
    return [Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]


def encrypt_database(path: Path, key: bytes, *, backups_dir: Path) -> Path:
    """Encrypt the clear case database at ``path`` under ``key`` (the data key); the encrypted backup's path.

    Every connection to the file must be closed first (an open one is refused as "in use"). A database
    already encrypted is refused with ``database_already_encrypted``. See the module docstring for the
    steps and what an interruption leaves.
    """
    path = Path(path)
    cipher.key_pragma(key)  # refuses a key of the wrong length before anything is touched
    settle(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseError(
            f"There is no case database to encrypt at {path}.",
            f"{path} 沒有可加密的個案資料庫。",
            code="database_missing",
        )
    if not cipher.is_clear(path):
        raise DatabaseError(
            f"{path} is already encrypted; nothing was changed.",
            f"{path} 已經加密，未有任何改動。",
            code="database_already_encrypted",
        )
    partial = partial_name(path)
    checkpoint(path)
    try:
        export(path, partial, key)
        flush(partial)
        verify(path, partial, key)
        backup = back_up(partial, backups_dir, path)
    except BaseException:
        for leftover in (partial, *_companions(partial)):
            leftover.unlink(missing_ok=True)
        raise
    swap(partial, path)
    clean_close.forget(
        path
    )  # the clear file's record: the encrypted one is checked in full at its first open
    log.info("encrypted %s (encrypted backup %s)", path, backup)
    encrypt_clear_backups(backups_dir, key)
    return backup


def checkpoint(path: Path) -> None:
    """Move every committed page from the WAL into the file, then overwrite the WAL with zeros.

    The zeros go in while this connection keeps the WAL from being deleted and after every frame was
    copied back (nothing reads it again: closing finds nothing left to copy), so its clear pages are
    overwritten rather than merely freed by SQLite's truncation.
    """
    wal = Path(f"{path}-wal")
    try:
        connection = sqlite3.connect(path, timeout=5.0)
        try:
            if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise _unusable(path)
            busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
            if busy or (frames > 0 and frames != copied):
                raise _in_use(path)
            if wal.is_file() and frames > 0:
                overwrite_with_zeros(wal)
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:
        raise (_in_use(path) if "locked" in str(exc) or "busy" in str(exc) else _unusable(path)) from exc
    except sqlite3.DatabaseError as exc:
        raise _unusable(path) from exc
    for leftover in _companions(path):  # no connection is left: these hold nothing the file lacks
        shred(leftover)


def export(path: Path, partial: Path, key: bytes) -> None:
    """Write the encrypted copy of the clear file ``path`` to ``partial`` (a new owner-only file)."""
    partial.unlink(missing_ok=True)
    os.close(write_private(partial, b""))
    connection: Any = sqlcipher3.connect(str(path))  # no key: SQLCipher reads the clear file as SQLite
    try:
        connection.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(partial), f"x'{key.hex()}'"))
        connection.execute("SELECT sqlcipher_export('encrypted')")
        user_version = int(connection.execute("PRAGMA main.user_version").fetchone()[0])
        connection.execute(f"PRAGMA encrypted.user_version = {user_version}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def flush(partial: Path) -> None:
    """fsync the encrypted copy and its folder, so the swap never publishes pages still in the cache."""
    fd = os.open(partial, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_folder(partial.parent)


def _snapshot(connection: Any) -> tuple[list[tuple[str, str]], dict[str, int], int]:
    schema = connection.execute(
        "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY name"
    ).fetchall()
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    counts = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
    return [tuple(row) for row in schema], counts, connection.execute("PRAGMA user_version").fetchone()[0]


def verify(path: Path, partial: Path, key: bytes) -> None:
    """Refuse an encrypted copy that fails its integrity check or differs from the clear file in schema,
    ``user_version`` or the row count of any table."""
    clear = sqlite3.connect(path)  # not read-only: closing it removes the WAL and -shm it opens
    try:
        expected = _snapshot(clear)
    finally:
        clear.close()
    copy = cipher.connect(partial, key, read_only=True)
    try:
        intact = copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        found = _snapshot(copy) if intact else None
    finally:
        copy.close()
    if found != expected:
        raise DatabaseError(
            f"The encrypted copy of {path} did not match it; the clear database was kept as it was.",
            f"{path} 的加密副本與原檔不符；未加密的資料庫保持原狀。",
            code="encryption_verify_failed",
        )


def back_up(partial: Path, backups_dir: Path, path: Path) -> Path:
    """Keep a copy of the verified encrypted file in ``backups_dir``; its path.

    A plain copy is consistent here: nothing has the encrypted copy open."""
    private_folder(backups_dir)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{path.stem}-before-encryption-{stamp}{path.suffix}"
    os.close(write_private(target, partial.read_bytes()))
    fsync_folder(backups_dir)
    return target


def swap(partial: Path, path: Path) -> None:
    """Rename the encrypted copy over the clear file, then shred the clear file.

    The clear file's -wal and -shm go first (nothing is left in them after :func:`checkpoint`), so the
    encrypted file never meets a companion of the clear one."""
    for leftover in _companions(path):
        shred(leftover)
    replace_and_shred(partial, path)


def settle(path: Path) -> None:
    """Finish what an interrupted encryption of ``path`` left: the clear file's second name (renamed
    back if the swap did not happen, else shredded) and a partial encrypted copy (removed; it holds
    nothing in clear). Cheap when there is nothing to do: :func:`.database.open_database` calls it."""
    path = Path(path)
    settle_aside(path)
    partial = partial_name(path)
    for leftover in (partial, *_companions(partial)):
        leftover.unlink(missing_ok=True)


def _is_clear_database(candidate: Path) -> bool:
    try:
        return candidate.is_file() and candidate.stat().st_size > 0 and cipher.is_clear(candidate)
    except OSError:
        return False


def clear_backups(backups_dir: Path) -> list[Path]:
    """The files in ``backups_dir`` that are clear SQLite databases (by their header)."""
    if not backups_dir.is_dir():
        return []
    return sorted(
        entry
        for entry in backups_dir.iterdir()
        if not entry.name.startswith(".") and _is_clear_database(entry)
    )


def encrypt_clear_backups(backups_dir: Path, key: bytes) -> list[Path]:
    """Encrypt in place every clear database in ``backups_dir`` (kept as restore points); one that does
    not pass its check is shredded instead. The files encrypted."""
    backups_dir = Path(backups_dir)
    if backups_dir.is_dir():
        for aside in backups_dir.glob(".*.to-shred"):
            target = backups_dir / aside.name[1 : -len(".to-shred")]
            if aside_name(target) == aside:
                settle_aside(target)
    encrypted = []
    for backup in clear_backups(backups_dir):
        settle(backup)
        partial = partial_name(backup)
        try:
            checkpoint(backup)
            export(backup, partial, key)
            flush(partial)
            verify(backup, partial, key)
        except (DatabaseError, sqlite3.Error, sqlcipher3.Error) as exc:
            for leftover in (partial, *_companions(partial)):
                leftover.unlink(missing_ok=True)
            if isinstance(exc, DatabaseLockedError):
                raise
            log.warning("shredded %s: a clear backup that does not pass its check (%s)", backup, exc)
            shred(backup)
            continue
        swap(partial, backup)
        encrypted.append(backup)
    return encrypted


def _in_use(path: Path) -> DatabaseLockedError:
    return DatabaseLockedError(
        f"The case database {path} is in use by another program; close it before encrypting. Nothing was changed.",
        f"個案資料庫 {path} 正被其他程式使用；請先關閉才加密。未有任何改動。",
    )


def _unusable(path: Path) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        f"{path} is damaged and cannot be encrypted; nothing was changed. Restore it from a backup first.",
        f"{path} 已損壞，無法加密；未有任何改動。請先從備份還原。",
    )
