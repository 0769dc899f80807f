"""The health of a case database, read without writing: integrity, schema, encryption, backups, drive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool

from assessor_app.core.db import backups, cipher, migrations
from assessor_app.core.db.database import Database
from assessor_app.core.db.file_checks import encryption_status, storage_warning
from assessor_app.core.db.instance_guard import is_held_elsewhere

BACKUP_MAX_AGE = timedelta(days=7)
Status = Literal["ok", "warning", "problem"]


@dataclass(frozen=True)
class Finding:
    """One line of the report, in both languages."""

    topic: str  # integrity, schema, encryption, backups, drive, instance, audit
    status: Status
    en: str
    zh: str


@dataclass
class HealthReport:
    """Everything :func:`check_database` found; ``revision`` is None when the schema could not be read."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    revision: str | None = None
    integrity_ok: bool = False

    def add(self, topic: str, status: Status, en: str, zh: str) -> None:
        self.findings.append(Finding(topic, status, en, zh))

    @property
    def worst(self) -> Status:
        statuses = {finding.status for finding in self.findings}
        return "problem" if "problem" in statuses else "warning" if "warning" in statuses else "ok"

    @property
    def schema_current(self) -> bool:
        return self.integrity_ok and self.revision == migrations.head_revision()


def read_only_database(path: Path, key: bytes | None = None) -> Database:
    """A :class:`Database` over read-only connections (``mode=ro``), for checks that must never write:
    no migration, no clearing of the temporary folder, no lock on the data folder. Close it when done."""
    engine = create_engine(
        "sqlite://", creator=lambda: cipher.connect(path, key, read_only=True), poolclass=NullPool
    )
    return Database(
        path=path,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False, info={"data_key": key}),
        data_key=key,
    )


def check_database(
    path: Path, data_root: Path, backups_dir: Path, *, key: bytes | None = None, now: datetime | None = None
) -> HealthReport:
    """Check the database at ``path`` in the data folder ``data_root`` without changing anything."""
    report = HealthReport(path)
    _check_file(report, key)
    _check_backups(report, backups_dir, path.stem, now or datetime.now())
    warning = storage_warning(data_root)
    if warning is None:
        report.add("drive", "ok", "The data folder is on a local disk.", "資料夾位於本機磁碟。")
    else:
        report.add("drive", "warning", warning.en, warning.zh)
    if is_held_elsewhere(data_root):
        report.add(
            "instance",
            "ok",
            "Another copy of the app has this data folder open (checked read-only alongside it).",
            "另一個程式正開啟此資料夾（本檢查以唯讀方式同時進行）。",
        )
    return report


def _check_file(report: HealthReport, key: bytes | None) -> None:
    path = report.path
    status = encryption_status(path)
    if status == "empty":
        report.add("integrity", "problem", f"{path} is missing or empty.", f"{path} 不存在或是空的。")
        return
    report.add(
        "encryption",
        "ok",
        "Encrypted at rest (SQLCipher)." if status == "encrypted" else "Not encrypted (a clear SQLite file).",
        "已加密儲存（SQLCipher）。" if status == "encrypted" else "未加密（明文 SQLite 檔案）。",
    )
    try:
        connection = cipher.connect(path, key, read_only=True)
        try:
            rows = [tuple(row) for row in connection.execute("PRAGMA quick_check").fetchall()]
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            version = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            connection.close()
    except backups.DRIVER_ERRORS as exc:
        report.add(
            "integrity", "problem", f"SQLite cannot read {path}: {exc}.", f"SQLite 無法讀取 {path}：{exc}。"
        )
        return
    if rows != [("ok",)]:
        report.add(
            "integrity",
            "problem",
            f"{path} is damaged (quick_check failed).",
            f"{path} 已損壞（快速完整性檢查失敗）。",
        )
        return
    report.integrity_ok = True
    report.add("integrity", "ok", "Integrity (quick_check): ok.", "完整性（快速檢查）：正常。")
    if version is None:
        report.add(
            "schema", "problem", f"{path} is not a database of this app.", f"{path} 並非本程式的資料庫。"
        )
        return
    report.revision = revision = str(version[0])
    head = migrations.head_revision()
    if revision == head:
        report.add(
            "schema", "ok", f"Schema revision {revision} (current).", f"資料結構版本 {revision}（最新）。"
        )
    elif revision in migrations.known_revisions():
        report.add(
            "schema",
            "ok",
            f"Schema revision {revision}; the app upgrades it to {head} when it next opens it (after a backup).",
            f"資料結構版本 {revision}；程式下次開啟時會先備份再升級至 {head}。",
        )
    else:
        report.add(
            "schema",
            "problem",
            f"Schema revision {revision} comes from a newer version of the app.",
            f"資料結構版本 {revision} 來自較新版本的程式。",
        )


def _check_backups(report: HealthReport, backups_dir: Path, stem: str, now: datetime) -> None:
    found = backups.list_backups(backups_dir, stem)
    if not found:
        report.add(
            "backups",
            "warning",
            f"There is no backup in {backups_dir}: run `assessor-app backup`.",
            f"{backups_dir} 沒有備份：請執行 assessor-app backup。",
        )
        return
    newest = found[0]
    age = now - newest.taken_at
    days = age.days
    status: Status = "warning" if age > BACKUP_MAX_AGE else "ok"
    report.add(
        "backups",
        status,
        f"Newest backup: {newest.path.name}, {days} day(s) old"
        + (" (older than 7 days)." if status != "ok" else "."),
        f"最新備份：{newest.path.name}，已有 {days} 日" + ("（超過 7 日）。" if status != "ok" else "。"),
    )
