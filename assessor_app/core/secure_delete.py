"""Removing files that held personal data in clear: overwritten with zeros and flushed before unlinking.

Overwriting in place is best effort: an SSD remaps writes to fresh cells (wear levelling) and a
copy-on-write or journalling file system (APFS, btrfs, ZFS, some ext4 modes), snapshots and backups
can keep the old blocks. That is why the database and the evidence are encrypted at rest in the first
place; shredding only shortens the life of the clear copy an encryption replaces.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from assessor_app.core.private_files import fsync_folder

CHUNK_BYTES = 1024 * 1024


def overwrite_with_zeros(path: Path) -> None:
    """Overwrite every byte of the file at ``path`` with zeros and fsync it (the file stays)."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        remaining = os.fstat(fd).st_size
        zeros = bytes(min(CHUNK_BYTES, remaining))
        while remaining > 0:
            written = os.write(fd, zeros[: min(len(zeros), remaining)])
            remaining -= written
        os.fsync(fd)
    finally:
        os.close(fd)


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros, fsync, unlink it and fsync its folder; a missing file is no error."""
    path = Path(path)
    if not path.is_file() or path.is_symlink():
        path.unlink(missing_ok=True)
        return
    overwrite_with_zeros(path)
    path.unlink()
    with contextlib.suppress(OSError):
        fsync_folder(path.parent)


def replace_and_shred(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` atomically, then shred the file ``target`` held.

    The old file is first given a second name (a hard link where the file system has them, so
    ``target`` always names a complete file; a rename where it has not), then ``new`` is renamed over
    ``target``, the folder flushed, and the old file shredded under its second name. A crash leaves
    that second name (``aside_name``) for :func:`settle_aside` to finish.
    """
    aside = aside_name(target)
    aside.unlink(missing_ok=True)
    if target.exists():
        try:
            os.link(target, aside)
        except OSError:
            os.replace(target, aside)
    os.replace(new, target)
    fsync_folder(target.parent)
    shred(aside)


def aside_name(target: Path) -> Path:
    """The second name :func:`replace_and_shred` gives the file being replaced."""
    return target.with_name(f".{target.name}.to-shred")


def settle_aside(target: Path) -> None:
    """Finish an interrupted :func:`replace_and_shred` of ``target``.

    A second name that is ``target`` itself (the hard link made before the swap) is dropped without
    overwriting it; one that is another file (the old one, after the swap) is shredded; when ``target``
    is missing (the rename fallback was cut short before the swap) the old file is renamed back.
    """
    aside = aside_name(target)
    if not aside.exists():
        return
    if not target.exists():
        os.replace(aside, target)
        fsync_folder(target.parent)
    elif os.path.samefile(aside, target):
        aside.unlink()
    else:
        shred(aside)
