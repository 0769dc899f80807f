"""The data folder's own temporary folder, and a batch file placed beside its ledger entry crash-safely.

``<database folder>/tmp`` (owner-only, 0700; its files 0600) holds the journals of exports under way,
which must never outlive them. Nothing with personal data goes to the system's temporary folder: what
is only needed for a moment (a decrypted workbook, a workbook being checked) stays in memory.

**Placing a batch file** (:func:`place_batch_file`): a workbook written outside the data folder (a USB
stick, say) and its ledger row in the database cannot change in one step, so the order is:

1. a *journal* in the temporary folder (this database, the batch's uid, the final name, the part name,
   the file's SHA-256), fsynced, and held locked while the export runs;
2. the bytes (only ever an encrypted workbook or a masked one) to the part file ``.~export-<uid>.part``
   beside the final name, fsynced;
3. in the ledger transaction, after its statements: the part renamed over the final name, the folder
   fsynced, then the commit;
4. the journal removed.

A failure inside the process (the disk full, the commit refused) removes the part or the placed file
before the error goes on, and then the journal. Because the rename comes before the commit, a failed
rename is just a failed transaction: no ledger row ever names a file that was not placed. A crash
leaves the journal, and :func:`recover` (called by :func:`.database.open_database`, which every entry
point goes through) settles it at the next start: if the batch is in the ledger, its file was renamed
into place before the commit, so only the journal goes; if not, the part and the final file (only when
its SHA-256 is the journal's, so nobody else's file is touched) are removed. A journal whose folder
cannot be reached (the stick is not plugged in) is kept for the next start, and one held locked by a
live process (an export running in another window) is left to it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from assessor_app.core.private_files import fsync_folder, private_folder, write_private
from assessor_app.core.secure_delete import shred

if TYPE_CHECKING:
    from assessor_app.core.db.database import Database

log = logging.getLogger(__name__)

FOLDER_NAME = "tmp"
JOURNAL_SUFFIX = ".place.json"
LEGACY_DECRYPT_PREFIX = "assessor-decrypt-"  # clear copies earlier versions put in the system temp folder
VIEW_PREFIX = "assessor-view-"  # decrypted evidence handed to an outside viewer (services/evidence/reading)

T = TypeVar("T")


def scratch_folder(database_path: Path) -> Path:
    """The temporary folder of the database at ``database_path`` (made owner-only if missing)."""
    return private_folder(Path(database_path).parent / FOLDER_NAME)


def _lock(fd: int) -> bool:
    """Take the exclusive lock on an open file without waiting; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _held_elsewhere(path: Path) -> bool:
    """True when a live process holds the journal's lock (its export is still running)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return path.exists()  # unreadable: leave it alone
    try:
        return not _lock(fd)
    finally:
        os.close(fd)  # closing lets go of the probe's own lock


def place_batch_file(
    database: Database, out: Path, data: bytes, *, batch_uid: str, ledger: Callable[[Session], T]
) -> T:
    """Write ``data`` to ``out`` and commit ``ledger``'s statements (what it returns is returned), both
    or neither, crash included (see the module docstring). ``data`` must never be a clear full-HKID
    workbook: the part file beside ``out`` holds it for a moment."""
    out = Path(out)
    part = out.with_name(f".~export-{batch_uid}.part")
    record = {
        "database": str(Path(database.path).resolve()),
        "batch_uid": batch_uid,
        "out": str(out.resolve()),
        "part": str(part.resolve()),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    journal = scratch_folder(database.path) / f"{batch_uid}{JOURNAL_SUFFIX}"
    fd = write_private(journal, json.dumps(record).encode())
    settled = False  # the journal goes once the file and the ledger agree (Windows: only once closed)
    try:
        _lock(fd)
        placed = False
        try:
            os.close(write_private(part, data))
            with database.session() as session:
                result = ledger(session)
                session.flush()
                os.replace(part, out)
                placed = True
                fsync_folder(out.parent)
        except BaseException:
            settled = _undo(part, out if placed else None)
            raise
        settled = True
    finally:
        os.close(fd)
        if settled:
            journal.unlink(missing_ok=True)
    return result


def _undo(part: Path, placed: Path | None) -> bool:
    """After a failure: the part and the placed file removed; False if one cannot be (the stick was
    pulled), so the journal stays and :func:`recover` tries again at the next start."""
    try:
        part.unlink(missing_ok=True)
        if placed is not None:
            placed.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s after a failed export (left for the next start): %s", part, exc)
        return False
    return True


def _recorded(engine: Engine, batch_uid: str) -> bool:
    with engine.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM export_batches WHERE uid = :uid"), {"uid": batch_uid})
        return found.first() is not None


def _settle(engine: Engine, record: dict[str, str]) -> bool:
    """Finish what a crash interrupted (see the module docstring); False when it cannot be done yet."""
    out, part = Path(record["out"]), Path(record["part"])
    if not out.parent.is_dir():
        return False
    part.unlink(missing_ok=True)
    if (
        not _recorded(engine, record["batch_uid"])
        and out.is_file()
        and hashlib.sha256(out.read_bytes()).hexdigest() == record["sha256"]
    ):
        out.unlink()
        log.info("removed %s: its export was interrupted before it was recorded", out)
    return True


def _read_journal(path: Path) -> dict[str, str] | None:
    """The journal's record; None when a crash cut its writing short (nothing else was written yet:
    the journal is complete and fsynced before the part file is made)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def recover(database_path: Path, engine: Engine) -> None:
    """At start: settle the journals of this database's interrupted exports (and remove the clear copies
    earlier versions could leave in the system's temporary folder). Only journals are touched: the
    folder may be a ``tmp`` of the user's own beside a database opened from elsewhere."""
    database_path = Path(database_path).resolve()
    folder = database_path.parent / FOLDER_NAME
    for journal in sorted(folder.glob(f"*{JOURNAL_SUFFIX}")) if folder.is_dir() else []:
        if not journal.is_file() or _held_elsewhere(journal):
            continue
        try:
            record = _read_journal(journal)
            if record is not None and (
                record.get("database") != str(database_path) or not _settle(engine, record)
            ):
                continue
            journal.unlink()
        except (OSError, KeyError, TypeError) as exc:
            log.warning("could not settle %s: %s", journal, exc)
    _shred_viewer_copies(folder)
    _remove_legacy_decrypted()


def viewer_folder(database_path: Path) -> Path:
    """A new owner-only folder ``tmp/assessor-view-<random>/`` for a clear file handed to another
    program (a decrypted scan for the PDF viewer, a slip for the print spooler); shredded when the app
    closes and at the next start."""
    return private_folder(scratch_folder(database_path) / f"{VIEW_PREFIX}{secrets.token_hex(8)}")


def shred_viewer_copies(database_path: Path) -> None:
    """When the app closes: the decrypted evidence this session handed to outside viewers, which must
    not stay in clear in the data folder until the next start (a copy a viewer still holds open where
    that prevents removing it, on Windows, is left to :func:`recover`)."""
    _shred_viewer_copies(Path(database_path).resolve().parent / FOLDER_NAME)


def _shred_viewer_copies(folder: Path) -> None:
    """Decrypted evidence handed to an outside viewer (at the next start, its viewer is closed by now)."""
    for entry in folder.glob(f"{VIEW_PREFIX}*") if folder.is_dir() else []:
        with suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                for copy in entry.iterdir():
                    shred(copy)
                entry.rmdir()


def _remove_legacy_decrypted() -> None:
    """Decrypted workbooks that earlier versions put in the system's temporary folder and a crash left."""
    for entry in Path(tempfile.gettempdir()).glob(f"{LEGACY_DECRYPT_PREFIX}*"):
        with suppress(OSError):
            if (
                entry.is_dir()
                and not entry.is_symlink()
                and (os.name != "posix" or entry.stat().st_uid == os.getuid())
            ):
                shutil.rmtree(entry)
