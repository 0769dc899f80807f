"""SQLCipher connections: the case database encrypted at rest under the data key (raw 256-bit key)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3

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
    connection.execute(key_pragma(key))
    return connection
