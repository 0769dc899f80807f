"""SQLCipher connections: the case database encrypted at rest under the data key (raw 256-bit key)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlcipher3 import dbapi2

KEY_BYTES = 32


def key_pragma(key: bytes) -> str:
    """The PRAGMA that gives SQLCipher the raw data key (no passphrase derivation: the key is random)."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"a data key has {KEY_BYTES} bytes, not {len(key)}")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path, key: bytes | None = None, *, read_only: bool = False, timeout: float = 5.0) -> Any:
    """A DB-API connection to the database file at ``path``: through SQLCipher with ``key``, else plain
    SQLite (a clear database, kept only until it is encrypted). ``read_only`` opens it ``mode=ro``."""
    target = f"file:{Path(path).as_posix()}?mode=ro" if read_only else str(path)
    if key is None:
        return sqlite3.connect(target, uri=read_only, timeout=timeout, check_same_thread=False)
    connection = sqlcipher3.connect(target, uri=read_only, timeout=timeout, check_same_thread=False)
    # A wrong key or a damaged page is reported to the caller as an error; SQLCipher's own log
    # would print the same to standard error.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(key_pragma(key))
    return connection


def is_clear(path: Path) -> bool:
    """Whether the file at ``path`` is a clear SQLite file (its header), as opposed to an encrypted one."""
    with Path(path).open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


SQLITE_HEADER = b"SQLite format 3\x00"
# The DB-API module behind an encrypted connection, for SQLAlchemy's dialect (its exceptions).
DBAPI = dbapi2
