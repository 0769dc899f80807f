"""Backups of the case database through SQLite's backup API, each verified after writing, and restore."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlcipher3

from assessor_app.core.db import cipher, migrations
from assessor_app.core.db.file_checks import refuse_unusable
from assessor_app.core.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseTooNewError,
    DatabaseUnwritableError,
)
from assessor_app.core.private_files import fsync_folder, private_folder, write_private

log = logging.getLogger(__name__)

AUTOMATIC_KEEP = 10
KINDS = ("auto", "manual", "before-restore")
ANCHOR_SUFFIX = ".audit-anchor"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
# Errors of either driver: a clear file goes through sqlite3, an encrypted one through sqlcipher3.
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
UNREADABLE: tuple[type[Exception], ...] = (DatabaseCorruptError, *DRIVER_ERRORS)

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<kind>auto|manual|before-restore)-(?P<stamp>\d{8}-\d{6}-\d{6})-r(?P<rev>[^.]+)$"
)
_MIGRATION_NAME = re.compile(r"^(?P<stem>.+)-before-migration-(?P<rev>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})$")


@dataclass(frozen=True)
class Backup:
    """One backup file in a backups folder, as its name describes it."""

    path: Path
    taken_at: datetime  # local time, as in the name
    revision: str
    kind: str  # auto, manual, before-restore, before-migration


@dataclass(frozen=True)
class BackupResult:
    """What :func:`take_backup` wrote: the verified backup, its copy in the chosen folder, what was pruned."""

    backup: Path
    revision: str
    copies: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    anchor_copied: bool = False


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore_database` did, for the command to print."""

    database: Path
    restored_from: Path
    revision: str
    safety_backup: Path | None  # the database as it was, backed up first
    moved_aside: list[Path] = field(default_factory=list)  # a damaged database that could not be backed up
    anchor_restored: bool = False


def anchor_path(database_or_backup: Path) -> Path:
    """The audit chain's anchor beside a database (or a backup): ``<file>.audit-anchor``."""
    return database_or_backup.with_name(database_or_backup.name + ANCHOR_SUFFIX)


def _bad_backup(path: Path, why_en: str, why_zh: str) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        f"{path} is not a usable backup of the case database ({why_en}). Nothing was changed.",
        f"{path} 不是可用的個案資料庫備份（{why_zh}）。未有任何改動。",
        code="backup_unusable",
    )


def verify_backup(path: Path, key: bytes | None = None, *, fresh_copy: bool = False) -> str:
    """The schema revision of the database file at ``path`` after a full ``PRAGMA integrity_check``,
    opened read-only; :class:`DatabaseCorruptError` when it is damaged or not this app's database.

    A ``fresh_copy`` (one this app has just written page by page from its own database) gets
    ``PRAGMA quick_check`` instead: every page read back and every b-tree walked, which is what a faulty
    write would break, without cross-checking every index against its table (the source's own state, not
    the copy's); at 10,000 cases it is a quarter of the time, and the window's close waits for it."""
    if not path.is_file():
        raise _bad_backup(path, "there is no such file", "找不到檔案")
    if path.stat().st_size == 0:
        raise _bad_backup(path, "the file is empty", "檔案是空的")
    try:
        connection = cipher.connect(path, key, read_only=True)
        try:
            check = "PRAGMA quick_check" if fresh_copy else "PRAGMA integrity_check"
            rows = connection.execute(check).fetchall()
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            connection.close()
    except DRIVER_ERRORS as exc:
        raise _bad_backup(path, f"SQLite says: {exc}", f"SQLite 回報：{exc}") from exc
    if [tuple(row) for row in rows] != [("ok",)]:
        raise _bad_backup(path, "integrity check failed", "完整性檢查失敗")
    if revision is None:
        raise _bad_backup(path, "it is not a database of this app", "並非本程式的資料庫")
    return str(revision[0])


def _copy(source: Path, target: Path, key: bytes | None) -> None:
    """A consistent copy of ``source`` into the new owner-only file ``target``: the backup API copies the
    last committed state in one step (a writer elsewhere waits or is seen whole, never half), WAL included.
    The copy is switched to a rollback journal so it is one self-contained file."""
    os.close(write_private(target, b""))
    try:
        source_connection = cipher.connect(source, key, read_only=True)
        try:
            target_connection = cipher.connect(target, key)
            try:
                source_connection.backup(target_connection)
                target_connection.execute("PRAGMA journal_mode = DELETE")
                target_connection.commit()
            finally:
                target_connection.close()
        finally:
            source_connection.close()
        with target.open("rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        for leftover in (target, Path(f"{target}-journal"), Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        raise


def _written_verified(
    source: Path, folder: Path, stem: str, kind: str, suffix: str, key: bytes | None, stamp: str
) -> tuple[Path, str]:
    """Copy into ``folder`` under a temporary name, verify, then rename to the name carrying the revision:
    a backup cut short never looks like a backup."""
    partial = folder / f".{stem}-{kind}-{stamp}.partial"
    _copy(source, partial, key)
    try:
        revision = verify_backup(partial, key, fresh_copy=True)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    final = folder / f"{stem}-{kind}-{stamp}-r{revision}{suffix}"
    os.replace(partial, final)
    fsync_folder(folder)
    return final, revision


def _anchor_before_copy(database_path: Path) -> bytes | None:
    """The database's audit anchor, read before it is copied: the backup then holds at least the anchored
    entries, never fewer."""
    anchor_file = anchor_path(database_path)
    return anchor_file.read_bytes() if anchor_file.is_file() else None


def _write_anchor(anchor: bytes | None, backup: Path) -> bool:
    if anchor is None:
        return False
    os.close(write_private(anchor_path(backup), anchor))
    return True


def take_backup(
    database_path: Path,
    backups_dir: Path,
    *,
    key: bytes | None = None,
    kind: str = "manual",
    also_to: Path | None = None,
    keep: int = AUTOMATIC_KEEP,
) -> BackupResult:
    """Back up the database at ``database_path`` into ``backups_dir`` (and into ``also_to``, say a USB
    stick), verify each copy, copy the audit anchor beside it, and keep only the newest ``keep`` automatic
    backups. Safe while another process writes: the database is only read."""
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    database_path = Path(database_path)
    if not database_path.is_file() or database_path.stat().st_size == 0:
        raise DatabaseError(
            f"There is no case database at {database_path} to back up.",
            f"{database_path} 沒有可備份的個案資料庫。",
        )
    anchor = _anchor_before_copy(database_path)
    stem, suffix = database_path.stem, database_path.suffix
    stamp = datetime.now().strftime(STAMP_FORMAT)
    try:
        private_folder(backups_dir)
        backup, revision = _written_verified(database_path, backups_dir, stem, kind, suffix, key, stamp)
    except OSError as exc:
        raise DatabaseUnwritableError(
            f"Cannot write a backup into {backups_dir}: {exc.strerror}. Nothing was changed.",
            f"無法在 {backups_dir} 寫入備份：{exc.strerror}。未有任何改動。",
        ) from exc
    anchor_copied = _write_anchor(anchor, backup)
    copies: list[Path] = []
    if also_to is not None:
        copies.append(_copy_to_folder(backup, Path(also_to), (stem, kind, suffix, stamp), key, anchor))
    removed = prune(backups_dir, stem, keep=keep) if kind == "auto" else []
    log.info(
        "backed up %s to %s (revision %s)%s",
        database_path,
        backup,
        revision,
        f", copy {copies[0]}" if copies else "",
    )
    return BackupResult(backup, revision, copies, removed, anchor_copied)


def migration_backup(database_path: Path, backups_dir: Path, revision: str | None, key: bytes | None) -> Path:
    """The database as it is before a migration from ``revision``, copied and checked as every backup is
    (:func:`_copy`, :func:`verify_backup`), its audit anchor beside it, named
    ``<stem>-before-migration-<revision>-<stamp>`` (never pruned: the user's to remove)."""
    database_path = Path(database_path)
    anchor = _anchor_before_copy(database_path)
    stamp = datetime.now().strftime(STAMP_FORMAT)
    name = f"{database_path.stem}-before-migration-{revision or 'empty'}-{stamp}{database_path.suffix}"
    final = private_folder(backups_dir) / name
    partial = backups_dir / f".{name}.partial"
    _copy(database_path, partial, key)
    try:
        if revision is not None:  # a file with no schema yet has nothing of the app's to check
            verify_backup(partial, key, fresh_copy=True)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, final)
    fsync_folder(backups_dir)
    _write_anchor(anchor, final)
    return final


def _copy_to_folder(
    backup: Path, folder: Path, name: tuple[str, str, str, str], key: bytes | None, anchor: bytes | None
) -> Path:
    """The verified backup, copied again through the backup API into a chosen folder (never chmod-ed:
    it is the user's, and a USB stick's FAT has no modes; the file itself is made owner-only)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        copy, _revision = _written_verified(backup, folder, *name[:3], key, name[3])
    except OSError as exc:
        raise DatabaseUnwritableError(
            f"The backup {backup} was written, but copying it to {folder} failed: {exc.strerror}.",
            f"備份 {backup} 已寫入，但複製到 {folder} 失敗：{exc.strerror}。",
        ) from exc
    _write_anchor(anchor, copy)
    return copy


def list_backups(backups_dir: Path, stem: str) -> list[Backup]:
    """The backups of the database named ``stem`` in ``backups_dir``, newest first (migration backups
    included); other files are ignored."""
    found: list[Backup] = []
    if not backups_dir.is_dir():
        return found
    for path in backups_dir.iterdir():
        if not path.is_file() or path.name.endswith(ANCHOR_SUFFIX):
            continue
        name = path.name[: -len(path.suffix)] if path.suffix else path.name
        match = _NAME.match(name)
        kind = match["kind"] if match else "before-migration"
        match = match or _MIGRATION_NAME.match(name)
        if match is None or match["stem"] != stem:
            continue
        found.append(Backup(path, datetime.strptime(match["stamp"], STAMP_FORMAT), match["rev"], kind))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def prune(backups_dir: Path, stem: str, *, keep: int = AUTOMATIC_KEEP) -> list[Path]:
    """Remove all but the newest ``keep`` automatic backups (and their anchors); manual, pre-restore and
    pre-migration backups are the user's to remove."""
    automatic = [backup for backup in list_backups(backups_dir, stem) if backup.kind == "auto"]
    removed = []
    for backup in automatic[keep:]:
        backup.path.unlink(missing_ok=True)
        anchor_path(backup.path).unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def newest_good_backup(backups_dir: Path, stem: str, key: bytes | None = None) -> Backup | None:
    """The newest backup that passes :func:`verify_backup` and that this version can open."""
    known = migrations.known_revisions()
    for backup in list_backups(backups_dir, stem):
        try:
            if verify_backup(backup.path, key) in known:
                return backup
        except DatabaseCorruptError:
            log.warning("backup %s fails its check; skipped", backup.path)
    return None


def restore_database(
    source: Path, database_path: Path, backups_dir: Path, *, key: bytes | None = None
) -> RestoreResult:
    """Replace the database at ``database_path`` by the backup ``source``: verified first (refused and
    nothing changed when damaged, foreign or too new), the current database backed up (or, damaged beyond
    that, moved aside), then swapped in with one rename. The caller holds the data folder's lock."""
    source, database_path = Path(source).resolve(), Path(database_path).resolve()
    if source == database_path:
        raise DatabaseError("A database cannot be restored from itself.", "不能以資料庫本身還原。")
    revision = verify_backup(source, key)
    if revision not in migrations.known_revisions():
        raise DatabaseTooNewError(
            f"{source} was written by a newer version of the RPL Assessor Workstation (schema {revision}). "
            "Install the newer version to restore it; nothing was changed.",
            f"{source} 由較新版本的評審工作站建立（資料結構 {revision}）。請安裝新版本後再還原；未有任何改動。",
        )
    refuse_unusable(database_path)
    database_path.parent.mkdir(parents=True, exist_ok=True)
    safety, moved = _set_aside_current(database_path, backups_dir, key)
    incoming = database_path.with_name(f".{database_path.name}.restoring")
    incoming.unlink(missing_ok=True)
    _copy(source, incoming, key)
    try:
        verify_backup(incoming, key)
        # A WAL left beside the file would be replayed onto the restored pages: it goes first (its content
        # is in the safety backup and was checkpointed into the old file).
        for sidecar in (
            Path(f"{database_path}-wal"),
            Path(f"{database_path}-shm"),
            Path(f"{database_path}-journal"),
        ):
            sidecar.unlink(missing_ok=True)
        os.replace(incoming, database_path)
        fsync_folder(database_path.parent)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    anchor = anchor_path(source)
    anchor_restored = anchor.is_file()
    if anchor_restored:
        staged = anchor_path(incoming)
        staged.unlink(missing_ok=True)
        os.close(write_private(staged, anchor.read_bytes()))
        os.replace(staged, anchor_path(database_path))
    log.info(
        "restored %s from %s (revision %s); before: %s", database_path, source, revision, safety or moved
    )
    return RestoreResult(database_path, source, revision, safety, moved, anchor_restored)


def _set_aside_current(
    database_path: Path, backups_dir: Path, key: bytes | None
) -> tuple[Path | None, list[Path]]:
    """Back up the database about to be replaced and fold its WAL in; when it is too damaged to back up,
    move the file (and its WAL) into the backups folder untouched instead."""
    if not database_path.exists():
        return None, []
    if database_path.stat().st_size > 0:
        try:
            safety = take_backup(database_path, backups_dir, key=key, kind="before-restore").backup
            connection = cipher.connect(database_path, key)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
            return safety, []
        except UNREADABLE as exc:
            log.warning(
                "the database %s cannot be backed up before the restore (%s); moving it aside",
                database_path,
                exc,
            )
    private_folder(backups_dir)
    stamp = datetime.now().strftime(STAMP_FORMAT)
    moved = []
    for part in (database_path, Path(f"{database_path}-wal")):
        if part.exists():
            target = (
                backups_dir / f"{database_path.stem}-damaged-{stamp}{part.name[len(database_path.stem) :]}"
            )
            os.replace(part, target)
            moved.append(target)
    Path(f"{database_path}-shm").unlink(missing_ok=True)
    fsync_folder(backups_dir)
    return None, moved
