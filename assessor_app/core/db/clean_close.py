"""The database file's state when this app last closed it, so an untouched file is not re-read at every open.

``PRAGMA quick_check`` reads every page: at 100,000 cases (a 1.2 GB encrypted file, every page decrypted) it
was most of the wait between the password and the main window. SQLite does not damage a file it writes;
damage comes from outside it: a crash or power cut mid-write, a disk fault, a copy or restore, another
program. So at a clean close the file's identity (device, inode, size, modification time, and the same for
its ``-wal`` file) is recorded beside it, and the next open skips the page-by-page check only when the file
is exactly as this app left it. A crash leaves no new record (the file has changed since the last one), and a
restore, copy or edit changes the identity, so those files are still checked in full before use; a damaged
page an untouched file develops later is still refused when it is read (SQLCipher authenticates every page)
and `assessor-app check` always runs the full check.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".closed-cleanly"
WAL_HEADER_BYTES = 32


def record_path(path: Path) -> Path:
    return Path(f"{path}{SUFFIX}")


def _identity(path: Path) -> list[list[int] | None]:
    """What changes when anything but this app's clean close touches the file or its write-ahead log."""
    identity: list[list[int] | None] = []
    for part in (path, Path(f"{path}-wal")):
        try:
            stat = part.stat()
        except FileNotFoundError:
            identity.append(None)
            continue
        if part != path and stat.st_size <= WAL_HEADER_BYTES:
            # A log without frames changes nothing (a read-only reader, such as the backup at close, leaves
            # an empty one behind): the same as none.
            identity.append(None)
            continue
        identity.append([stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns])
    return identity


def unchanged_since_clean_close(path: Path) -> bool:
    """True only if a clean close recorded the file exactly as it is now."""
    try:
        recorded = json.loads(record_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == _identity(path))


def forget(path: Path) -> None:
    """Drop the record: the file is in use, or was found damaged (the next open checks it in full)."""
    try:
        record_path(path).unlink(missing_ok=True)
    except OSError as exc:  # a read-only folder: the identity check still catches a changed file
        log.warning("could not remove %s: %s", record_path(path), exc)


def record(path: Path) -> None:
    """Note the file as this app left it, after its last connection closed. Best effort: no record, a full check."""
    target = record_path(path)
    temporary = target.with_name(f"{target.name}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(_identity(path), handle)
        os.replace(temporary, target)
    except OSError as exc:  # a full disk or read-only folder: the next open checks the file in full
        log.warning("could not record the clean close of %s: %s", path, exc)
        temporary.unlink(missing_ok=True)
