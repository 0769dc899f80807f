"""Checks on the database file and its folder before anything writes: owner, read-only, encryption, drive."""

from __future__ import annotations

import logging
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from assessor_app.core.errors import DatabaseUnwritableError

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"

# Network file systems as /proc/self/mountinfo names them; any FUSE mount (sshfs, rclone, gvfs) is also
# treated as remote, except the overlay some container runtimes use for their root file system.
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "afs", "ceph", "glusterfs", "9p"}
)
LOCAL_FUSE_TYPES = frozenset({"fuse.fuse-overlayfs"})
# Memory cards' and USB sticks' file systems, counted as removable where desktops mount such media.
REMOVABLE_FS_TYPES = frozenset({"vfat", "exfat", "msdos", "ntfs", "ntfs3", "fuseblk", "iso9660", "udf"})
REMOVABLE_MOUNT_ROOTS = ("/media", "/run/media")


def refuse_unusable(path: Path) -> None:
    """Raise a bilingual :class:`DatabaseUnwritableError` when the database at ``path`` (or the folder that
    would hold it) may not be written: another user's file, a read-only file or a read-only folder.

    The mode bits are read, not only ``os.access``: root may write anything, and a file its owner made
    read-only (0400) is a decision to respect, never to undo with chmod.
    """
    folder = path.parent
    if path.exists():
        _refuse_other_owner(path)
        if not _owner_may_write(path):
            raise DatabaseUnwritableError(
                f"The case database {path} is read-only. It was not changed; make it writable "
                "(or open a copy) to work on it.",
                f"個案資料庫 {path} 是唯讀檔案，未有改動；請將其設為可寫入（或開啟副本）後再使用。",
                code="database_read_only",
            )
    existing = folder if folder.exists() else _nearest_existing(folder)
    if existing is not None and not _owner_may_write(existing):
        raise DatabaseUnwritableError(
            f"The folder {existing} is read-only, so the case database {path} cannot be written there "
            "(SQLite keeps its journal beside the file). Nothing was changed.",
            f"資料夾 {existing} 是唯讀的，無法在其中寫入個案資料庫 {path}（SQLite 須在檔案旁寫入日誌）。未有任何改動。",
            code="database_folder_read_only",
        )


def refuse_unwritable_folder(folder: Path) -> None:
    """Raise when ``folder`` exists and may not be written (used before the lock file is made in it)."""
    if folder.exists() and not _owner_may_write(folder):
        raise DatabaseUnwritableError(
            f"The data folder {folder} is read-only. Nothing was changed.",
            f"資料夾 {folder} 是唯讀的，未有任何改動。",
            code="database_folder_read_only",
        )


def _refuse_other_owner(path: Path) -> None:
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the folder's ACL decides, and an unreadable file fails the open check
        return
    owner = path.stat().st_uid
    if owner != getuid():
        raise DatabaseUnwritableError(
            f"The case database {path} belongs to another user (uid {owner}). It was not opened or changed; "
            "sign in as that user, or ask an administrator to give you your own copy.",
            f"個案資料庫 {path} 屬於另一位用戶（uid {owner}），未有開啟或改動；請以該用戶登入，或請管理員提供你自己的副本。",
            code="database_not_owned",
        )


def _owner_may_write(path: Path) -> bool:
    if os.name == "posix" and not path.stat().st_mode & stat.S_IWUSR:
        return False
    return os.access(path, os.W_OK)


def _nearest_existing(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return None


def encryption_status(path: Path) -> str:
    """``"clear"`` for a plain SQLite file (it starts with SQLite's header), ``"encrypted"`` otherwise
    (SQLCipher's first page is ciphertext), ``"empty"`` for a zero-length or missing file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "empty"
    if not header:
        return "empty"
    return "clear" if header == SQLITE_HEADER else "encrypted"


@dataclass(frozen=True)
class StorageWarning:
    """The data folder sits on a network or removable drive: SQLite's locking and a pulled-out stick can
    lose or damage the database there."""

    kind: str  # "network" or "removable"
    detail: str  # the file system type or drive type, for the log

    @property
    def en(self) -> str:
        where = "a network drive" if self.kind == "network" else "a removable drive"
        return (
            f"The data folder is on {where} ({self.detail}). Keep it on the laptop's own disk: a dropped "
            "connection or an unplugged drive can damage the case database. Use backups for copies."
        )

    @property
    def zh(self) -> str:
        where = "網絡磁碟" if self.kind == "network" else "可移除磁碟"
        return (
            f"資料夾位於{where}（{self.detail}）。請將其放在電腦本身的磁碟：連線中斷或拔出磁碟可損壞個案資料庫。"
            "如需副本請使用備份。"
        )

    def bilingual(self) -> str:
        return f"{self.zh}\n{self.en}"


def _unescape_mount_field(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes (``\\040``)."""
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1 : index + 4].isdigit():
            out.append(chr(int(field[index + 1 : index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def mount_of(path: str, mountinfo: str) -> tuple[str, str] | None:
    """The (mount point, file system type) of the mount holding the absolute ``path``, from the text of
    ``/proc/self/mountinfo``; the longest mount point that contains it wins (the last one on a tie: a later
    mount covers an earlier one)."""
    best: tuple[str, str] | None = None
    for line in mountinfo.splitlines():
        left, separator, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not separator or len(fields) < 5 or not tail:
            continue
        point = _unescape_mount_field(fields[4])
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, tail[0])
    return best


def classify_linux_mount(mount_point: str, fs_type: str) -> StorageWarning | None:
    """A warning for a network file system, any FUSE mount, or a memory-card file system under /media."""
    if fs_type in NETWORK_FS_TYPES or (fs_type.startswith("fuse.") and fs_type not in LOCAL_FUSE_TYPES):
        return StorageWarning("network", fs_type)
    on_media = any(
        mount_point == root or mount_point.startswith(root + "/") for root in REMOVABLE_MOUNT_ROOTS
    )
    if fs_type in REMOVABLE_FS_TYPES and on_media:
        return StorageWarning("removable", f"{fs_type} on {mount_point}")
    return None


def storage_warning(folder: Path) -> StorageWarning | None:
    """Whether ``folder`` is on a network or removable drive (Linux, Windows, macOS); logged when it is.
    None when it is a local disk or cannot be told."""
    resolved = folder.expanduser().resolve()
    warning: StorageWarning | None = None
    try:
        if sys.platform.startswith("linux"):
            found = mount_of(str(resolved), Path("/proc/self/mountinfo").read_text(encoding="utf-8"))
            warning = classify_linux_mount(*found) if found else None
        elif sys.platform == "win32":
            warning = _windows_drive_warning(resolved)
        elif sys.platform == "darwin":
            parts = resolved.parts
            # /Volumes holds every mounted volume but the start-up disk (which resolves to /).
            if len(parts) > 2 and parts[1] == "Volumes":
                warning = StorageWarning("removable", f"/Volumes/{parts[2]}")
    except OSError as exc:
        log.info("cannot tell what drive %s is on: %s", resolved, exc)
        return None
    if warning is not None:
        log.warning("data folder %s: %s", resolved, warning.en)
    return warning


def _windows_drive_warning(resolved: Path) -> StorageWarning | None:  # pragma: no cover - Windows only
    import ctypes

    anchor = resolved.anchor
    if anchor.startswith("\\\\") and not anchor.startswith("\\\\?\\"):
        return StorageWarning("network", anchor)
    drive_type = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(anchor))  # type: ignore[attr-defined]
    if drive_type == 4:  # DRIVE_REMOTE
        return StorageWarning("network", f"network drive {anchor}")
    if drive_type in (2, 5):  # DRIVE_REMOVABLE, DRIVE_CDROM
        return StorageWarning("removable", f"removable drive {anchor}")
    return None
