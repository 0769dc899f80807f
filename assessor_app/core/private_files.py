"""Owner-only folders and files for personal data and keys, and durable renames: written once here."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def private_folder(folder: Path) -> Path:
    """``folder``, made if missing (parents too) and owner-only (0700) on POSIX.

    An existing folder only loses its group and other bits: one its owner made read-only (0500) stays so
    (never made writable again behind the owner's back)."""
    existed = folder.is_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        # mkdir's mode is masked by the umask, and an existing folder keeps its own
        mode = folder.stat().st_mode & 0o700 if existed else 0o700
        if folder.stat().st_mode & 0o777 != mode:
            folder.chmod(mode)
    return folder


def write_private(path: Path, data: bytes) -> int:
    """A new owner-only (0600) file at ``path`` holding ``data``, fsynced; its descriptor, still open.

    Exclusive: an existing file is never overwritten (``FileExistsError``); on a failure the new file is
    removed."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    return fd


def replace_private(path: Path, data: bytes) -> None:
    """``data`` at ``path``, owner-only from its first byte and all or nothing: an exclusive temporary
    file beside it (:func:`write_private`), renamed over ``path``, the folder flushed. On a failure the
    temporary file is removed and ``path`` is as it was."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        os.close(write_private(temporary, data))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
