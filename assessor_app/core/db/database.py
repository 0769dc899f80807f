"""The one place that opens the case database: checks, backs up, migrates and configures it.

Every caller (GUI, CLI, tests, benchmarks) goes through :func:`open_database`, so file checks,
owner-only permissions, migrations, the clearing of what a crash left in the temporary folder
(:mod:`.scratch`) and, later, encryption at rest are applied in one place.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from assessor_app.core.db import backups, cipher, clean_close, encrypt, file_checks, migrations, scratch
from assessor_app.core.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseTooNewError,
    DatabaseUnwritableError,
)

log = logging.getLogger(__name__)

SQLITE_HEADER = cipher.SQLITE_HEADER
BUSY_TIMEOUT_MS = 5000

# Statements that take SQLite's write lock; what :meth:`Database.forbid_writes_on_thread` refuses.
WRITE_STATEMENT = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|BEGIN\s+(IMMEDIATE|EXCLUSIVE))\b", re.IGNORECASE
)


@dataclass
class Database:
    """An open case database: an engine plus a session factory. Close it when done."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None
    # The key the file is encrypted under (SQLCipher), None for a clear file; sessions carry it as
    # ``session.info["data_key"]`` for the keys derived from it (core/security/keys.derive_key).
    data_key: bytes | None = None
    _write_forbidden: set[int] = field(default_factory=set, init=False, repr=False)
    # A damaged page was read: the close must not record the file as sound (:mod:`.clean_close`).
    _damage_seen: bool = field(default=False, init=False, repr=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error, names environment problems."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            translated = translate_operational_error(exc, self.path)
            if type(translated) is DatabaseError:
                # Not a lock, a full disk or a read-only file: SQLCipher reports a page failing its MAC as a
                # plain "SQL logic error". Whatever it was, the next open reads every page before use.
                self._suspect_damage()
            raise translated from exc
        except SQLAlchemyDatabaseError as exc:
            session.rollback()
            if not _is_damage(exc):
                raise
            self._suspect_damage()
            raise _corrupt(self.path, "a damaged page was read", "讀取到損壞的資料頁") from exc
        except MemoryError as exc:
            session.rollback()
            if self.data_key is None:
                raise
            # SQLCipher reports some pages that fail their MAC as "out of memory".
            self._suspect_damage()
            raise _corrupt(
                self.path,
                "a page could not be read: damaged, or not under this key",
                "有資料頁無法讀取：已損壞或密鑰不符",
            ) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _suspect_damage(self) -> None:
        """No clean-close record for this file, now or at the close: the next open reads every page."""
        self._damage_seen = True
        clean_close.forget(self.path)

    def close(self) -> None:
        """Close every pooled connection, then note the file as this app left it (:mod:`.clean_close`)."""
        self.engine.dispose()
        if not self._damage_seen:
            clean_close.record(self.path)

    def forbid_writes_on_thread(self, thread_ident: int) -> None:
        """Make every write statement issued from that thread raise RuntimeError instead of running.

        The GUI arms it for its own thread: there, a write waiting up to the busy timeout for SQLite's one
        writer (the background queue) freezes the window, so writes belong on the queue. Unarmed, no
        listener is installed and statements cost nothing extra.
        """
        if not self._write_forbidden:
            event.listen(self.engine, "before_cursor_execute", self._refuse_forbidden_write)
        self._write_forbidden.add(thread_ident)

    def allow_writes_on_thread(self, thread_ident: int) -> None:
        """Undo :meth:`forbid_writes_on_thread` for that thread (the listener goes once no thread is left)."""
        self._write_forbidden.discard(thread_ident)
        if not self._write_forbidden and event.contains(
            self.engine, "before_cursor_execute", self._refuse_forbidden_write
        ):
            event.remove(self.engine, "before_cursor_execute", self._refuse_forbidden_write)

    def _refuse_forbidden_write(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if threading.get_ident() in self._write_forbidden and WRITE_STATEMENT.match(statement):
            raise RuntimeError(
                f"database write on a thread where writes are forbidden "
                f"({threading.current_thread().name}); run it in the background task queue: "
                f"{' '.join(statement.split())[:300]}"
            )


def translate_operational_error(exc: Exception, path: Path) -> DatabaseError:
    """Turn SQLite's environment errors (locked, full disk, read-only) into plain messages."""
    detail = str(getattr(exc, "orig", exc)).lower()
    if "locked" in detail or "busy" in detail:
        return DatabaseLockedError(
            f"The case database {path} is in use by another program. Close the other copy and try again.",
            f"個案資料庫 {path} 正被其他程式使用。請關閉另一個程式後再試。",
        )
    if "disk is full" in detail or "database or disk is full" in detail:
        return DatabaseUnwritableError(
            f"The disk holding {path} is full. Nothing was saved; free some space and try again.",
            f"存放 {path} 的磁碟已滿，資料未有儲存。請騰出空間後再試。",
        )
    if "readonly" in detail or "read-only" in detail or "unable to open" in detail:
        return DatabaseUnwritableError(
            f"The case database {path} cannot be written (read-only file or folder).",
            f"無法寫入個案資料庫 {path}（檔案或資料夾唯讀）。",
        )
    return DatabaseError(
        f"The case database {path} reported an error: {detail}",
        f"個案資料庫 {path} 出現錯誤：{detail}",
    )


def _is_damage(exc: Exception) -> bool:
    detail = str(getattr(exc, "orig", exc)).lower()
    return "malformed" in detail or "file is not a database" in detail


def _corrupt(path: Path, why_en: str, why_zh: str) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        f"{path} is not a usable case database ({why_en}). The file was left untouched; "
        "restore it from a backup or open another file.",
        f"{path} 不是可用的個案資料庫（{why_zh}）。檔案保持原狀；請從備份還原或開啟其他檔案。",
    )


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _restrict_permissions(path: Path) -> None:
    """Take group and other bits away; never give any back (a read-only file was refused before)."""
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            mode = candidate.stat().st_mode & 0o777
            if mode & 0o077:
                candidate.chmod(mode & 0o700)


def _inspect_existing(path: Path, key: bytes | None) -> None:
    """Refuse a file that is empty, not SQLite, or damaged, before anything writes to it.

    With ``key`` the file must be encrypted under it: SQLCipher authenticates every page, so a damaged
    page and a wrong key both read as "damaged"; a clear file is refused with ``database_not_encrypted``
    (encrypting it is a separate, backed-up step).
    """
    size = path.stat().st_size
    if size == 0:
        raise _corrupt(path, "the file is empty", "檔案是空的")
    clear = cipher.is_clear(path)
    if key is None and not clear:
        raise _corrupt(
            path,
            "not an SQLite database, or an encrypted one opened without signing in",
            "並非 SQLite 資料庫，或未登入便開啟已加密的資料庫",
        )
    if key is not None and clear:
        raise DatabaseError(
            f"{path} is not encrypted yet; it must be encrypted before it is opened with a key.",
            f"{path} 尚未加密；須先加密才可用密鑰開啟。",
            code="database_not_encrypted",
        )
    try:
        probe = cipher.connect(path, key, read_only=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            # Reading every page is skipped only for a file exactly as this app last closed it.
            rows = [("ok",)] if clean_close.unchanged_since_clean_close(path) else _quick_check(probe)
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            probe.close()
    except (sqlite3.OperationalError, cipher.DBAPI.OperationalError) as exc:
        translated = translate_operational_error(exc, path)
        if key is None or type(translated) is not DatabaseError:
            raise translated from exc
        # SQLCipher reports a page that fails its MAC as a plain "SQL logic error".
        raise _damaged_or_wrong_key(path) from exc
    except (sqlite3.DatabaseError, cipher.DBAPI.DatabaseError) as exc:
        if key is not None:
            raise _damaged_or_wrong_key(path) from exc
        raise _corrupt(path, f"SQLite says: {exc}", f"SQLite 回報：{exc}") from exc
    except MemoryError as exc:
        if key is None:
            raise
        # SQLCipher reports some pages that fail their MAC as "out of memory" (tests/core/test_clean_close.py).
        raise _damaged_or_wrong_key(path) from exc
    if rows != [("ok",)]:
        raise _corrupt(path, "integrity check failed", "完整性檢查失敗")
    if tables and "alembic_version" not in tables:
        raise _corrupt(path, "it holds tables of another program", "內含其他程式的資料表")


def _damaged_or_wrong_key(path: Path) -> DatabaseCorruptError:
    # SQLCipher authenticates every page: a damaged page and a wrong key read alike.
    return _corrupt(
        path, "damaged, or not encrypted under this laptop's key", "檔案已損壞，或並非以本機密鑰加密"
    )


def _quick_check(connection: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute("PRAGMA quick_check").fetchall()]


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # Deleted rows (an erased HKID copy's record, a purged case) are overwritten, not left in free pages.
    cursor.execute("PRAGMA secure_delete = ON")
    # Temporary tables and sorts that spill (a merge's staging rows hold names) stay in memory, never in
    # a temporary file beside the encrypted database.
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed draft survives a power cut, which is the point of saving every keystroke.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the file at ``path``: plain SQLite, or SQLCipher under ``key``."""
    if key is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
    else:
        # The pysqlite dialect over SQLCipher's DB-API module (so its errors are wrapped as usual). The URL
        # names the file, as for a clear one, so whoever asks the engine where its database lives (the
        # audit anchor goes beside it) is told; the connections come from ``creator``.
        engine = create_engine(
            f"sqlite:///{path}",
            module=cipher.DBAPI,
            creator=lambda: cipher.connect(path, key, timeout=BUSY_TIMEOUT_MS / 1000),
            poolclass=QueuePool,
        )
    event.listen(engine, "connect", _configure_connection)
    return engine


def open_database(
    path: Path, *, backups_dir: Path | None = None, create: bool = True, key: bytes | None = None
) -> Database:
    """Open (creating if missing and allowed) and migrate the case database at ``path``.

    A missing file is created owner-only; an empty, foreign or damaged file is refused and left as it
    is; a file written by a newer version of the app is refused; an older schema is backed up to
    ``backups_dir`` (default: a ``backups`` folder beside the file) and then migrated. Exports a crash
    interrupted are then settled and the temporary folder beside the file cleared (:func:`.scratch.recover`).
    With ``key`` (the data key, unlocked at sign-in) the file is SQLCipher-encrypted under it, and a new
    file is created encrypted.
    """
    path = Path(path)
    backups_dir = backups_dir or path.parent / "backups"
    encrypt.settle(path)  # an encryption a crash interrupted: before "missing" could mean "new"
    is_new = not path.exists()
    file_checks.refuse_unusable(path)  # another user's file, a read-only file or folder: left as it is
    if is_new:
        if not create:
            raise DatabaseError(f"There is no case database at {path}.", f"{path} 沒有個案資料庫。")
        try:
            _create_private_file(path)
        except OSError as exc:
            raise DatabaseUnwritableError(
                f"Cannot create the case database at {path}: {exc.strerror}.",
                f"無法在 {path} 建立個案資料庫：{exc.strerror}。",
            ) from exc
    else:
        _inspect_existing(path, key)

    engine = make_engine(path, key)
    backup_path = None
    try:
        with engine.connect() as connection:
            revision = migrations.current_revision(connection)
            head = migrations.head_revision()
            if revision is not None and revision not in migrations.known_revisions():
                raise DatabaseTooNewError(
                    f"{path} was written by a newer version of the RPL Assessor Workstation "
                    f"(schema {revision}). Install the newer version to open it; the file was not changed.",
                    f"{path} 由較新版本的評審工作站建立（資料結構 {revision}）。"
                    "請安裝新版本開啟；檔案未有改動。",
                )
            if revision != head:
                if not is_new:
                    backup_path = backups.migration_backup(path, backups_dir, revision, key)
                    log.info("backed up %s to %s before migrating from %s", path, backup_path, revision)
                migrations.upgrade_to_head(connection)
                if is_new and key is not None:
                    # A new encrypted database's audit chain is keyed under its data key from the first
                    # entry (docs/audit-trail.md); an older one is rekeyed at sign-in.
                    connection.exec_driver_sql("UPDATE audit_chain SET mode = 'hmac-sha256' WHERE id = 1")
                connection.commit()
        _restrict_permissions(path)
        scratch.recover(path, engine)  # what a crash left in the data folder's temporary folder
        if key is not None:  # clear backups an interrupted encryption left (usually none: a header read)
            encrypt.encrypt_clear_backups(backups_dir, key)
    except BaseException as exc:
        engine.dispose()
        if is_new:  # never leave a half-created database behind
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, OperationalError):
            raise translate_operational_error(exc, path) from exc
        raise
    return Database(
        path=path,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False, info={"data_key": key}),
        backup_path=backup_path,
        data_key=key,
    )
