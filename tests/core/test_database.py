"""The case database: migrated schema, seeded catalogue, and refusal of files it must not touch."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select

from assessor_app.core.db import database as database_module
from assessor_app.core.db import migrations
from assessor_app.core.db.backups import list_backups, verify_backup
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.base import Base
from assessor_app.core.db.models.catalogue import (
    AgencyFeeRecord,
    AgencyRecord,
    ExamFreeWindowRecord,
    ExperienceRuleRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.errors import DatabaseCorruptError, DatabaseLockedError, DatabaseTooNewError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(db_file: Path, table: str) -> int:
    with sqlite3.connect(db_file) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_fresh_database_is_migrated_to_head_and_matches_the_records(database: Database) -> None:
    with database.engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.head_revision()
        context = MigrationContext.configure(connection, opts={"include_name": migrations.is_modelled})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_fresh_database_settings(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    if os.name == "posix":
        assert database.path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("table", "rows"),
    [
        ("agencies", 5),
        ("industries", 14),
        ("qualifications", 47),
        ("experience_rules", 31),
        ("exam_free_windows", 9),
        ("units_of_competency", 18),
        ("evidence_types", 9),
        ("agency_fees", 8),
        ("applications", 0),
    ],
)
def test_seeded_row_counts(database: Database, table: str, rows: int) -> None:
    assert count(database.path, table) == rows


def test_seeded_rows_are_exact(database: Database) -> None:
    with database.session() as session:
        qualification = session.scalars(
            select(QualificationRecord).where(QualificationRecord.qr_number == "15/003202/L2")
        ).one()
        assert qualification.title_zh == "與服務使用者的溝通及關顧"
        assert qualification.title_en == "Communication with and care for service users"
        assert qualification.qf_level == 2
        assert qualification.stream == "Residential care"
        assert qualification.industry.name_en == "Elderly care"
        assert qualification.open_to_carers is False

        carers = session.scalars(
            select(QualificationRecord.title_zh).where(QualificationRecord.open_to_carers.is_(True))
        ).all()
        assert sorted(carers) == sorted(
            [
                "保持環境整潔、舒適及安全",
                "執行職安健",
                "一般家居照顧",
                "一般外出照顧",
                "輔助生活活動",
                "感染控制",
                "預防心、社、靈危機",
                "與服務使用者的溝通",
            ]
        )

        logistics_l4 = session.execute(
            select(ExperienceRuleRecord)
            .join(IndustryRecord)
            .where(IndustryRecord.name_en == "Logistics", ExperienceRuleRecord.qf_level == 4)
        ).scalar_one()
        assert (logistics_l4.min_total_years, logistics_l4.min_relevant_years) == (6, 3)
        assert logistics_l4.always_assessed is True

        elderly_window = session.execute(
            select(ExamFreeWindowRecord)
            .join(IndustryRecord)
            .where(
                IndustryRecord.name_en == "Elderly care",
                ExamFreeWindowRecord.stream == "Community care and support",
            )
        ).scalar_one()
        assert elderly_window.window_start == date(2023, 9, 1)
        assert elderly_window.window_end == date(2028, 8, 31)
        assert (elderly_window.level_min, elderly_window.level_max) == (1, 3)

        fees = session.execute(
            select(AgencyFeeRecord.clusters, AgencyFeeRecord.fee_hkd)
            .join(AgencyRecord)
            .where(AgencyRecord.code == "HKUSPACE")
            .order_by(AgencyFeeRecord.clusters)
        ).all()
        assert [tuple(row) for row in fees] == [(1, 290), (2, 490), (3, 690), (4, 890)]


def test_reopening_keeps_data_and_takes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()
    reopened = open_database(path)
    reopened.close()
    assert reopened.backup_path is None
    assert not (tmp_path / "backups").exists()
    assert count(path, "qualifications") == 47


def test_missing_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "cases.sqlite3"
    open_database(path).close()
    assert path.exists()


def test_zero_length_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    path.touch()
    with pytest.raises(DatabaseCorruptError) as raised:
        open_database(path)
    assert "empty" in raised.value.en
    assert "空" in raised.value.zh
    assert path.stat().st_size == 0


def test_foreign_file_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 50)
    before = digest(path)
    with pytest.raises(DatabaseCorruptError):
        open_database(path)
    assert digest(path) == before


def test_damaged_database_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as connection:  # fold the WAL into the main file first
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, min(len(data), page_size * 6)):
        data[offset] = 0xA5  # scribble over the schema's b-tree pages
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DatabaseCorruptError) as raised:
        open_database(path)
    assert "untouched" in raised.value.en
    assert digest(path) == before


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    before = digest(path)
    with pytest.raises(DatabaseCorruptError):
        open_database(path)
    assert digest(path) == before


def test_newer_schema_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(path)
    with pytest.raises(DatabaseTooNewError) as raised:
        open_database(path)
    assert "newer version" in raised.value.en
    assert "9999_from_the_future" in raised.value.en
    assert digest(path) == before


def database_at(path: Path, revision: str) -> None:
    """A database file as an older release left it: the migrations up to ``revision`` only."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = migrations.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_older_schema_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    database_at(path, "0001")  # the first release: schema only, before the seed migration

    migrated = open_database(path, backups_dir=tmp_path / "backups")
    migrated.close()
    assert migrated.backup_path is not None
    assert migrated.backup_path.parent == tmp_path / "backups"
    assert "before-migration-0001" in migrated.backup_path.name
    with sqlite3.connect(migrated.backup_path) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert count(path, "qualifications") == 47
    if os.name == "posix":
        assert migrated.backup_path.stat().st_mode & 0o777 == 0o600
    # Written as every backup is: one self-contained file (no WAL beside it), listed, and passing the check
    # a restore makes.
    assert [entry.name for entry in (tmp_path / "backups").iterdir()] == [migrated.backup_path.name]
    [listed] = list_backups(tmp_path / "backups", "cases")
    assert (listed.path, listed.kind, listed.revision) == (migrated.backup_path, "before-migration", "0001")
    assert verify_backup(migrated.backup_path) == "0001"


def test_locked_database_gives_a_plain_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError) as raised:
            database = open_database(path)
            with database.session() as session:
                session.execute(select(AgencyRecord)).all()
        assert "in use" in raised.value.en
    finally:
        holder.rollback()
        holder.close()


def test_writes_can_be_forbidden_on_one_thread(database: Database) -> None:
    def rename(name: str) -> None:
        with database.session() as session:
            agency = session.execute(select(AgencyRecord).order_by(AgencyRecord.id)).scalars().first()
            assert agency is not None
            agency.name_en = name

    def agency_names() -> list[str]:
        with database.session() as session:
            return list(session.execute(select(AgencyRecord.name_en).order_by(AgencyRecord.id)).scalars())

    before = agency_names()
    database.forbid_writes_on_thread(threading.get_ident())
    try:
        with pytest.raises(RuntimeError, match=r"forbidden.*UPDATE agencies"):
            rename("Refused here")
        assert agency_names() == before  # reads still pass, and nothing was written

        elsewhere: list[BaseException] = []

        def write_elsewhere() -> None:
            try:
                rename("Written elsewhere")
            except BaseException as exc:  # handed back to the test thread
                elsewhere.append(exc)

        worker = threading.Thread(target=write_elsewhere)
        worker.start()
        worker.join()
        assert elsewhere == []
        assert agency_names()[0] == "Written elsewhere"
    finally:
        database.allow_writes_on_thread(threading.get_ident())
    rename("Allowed again")
    assert agency_names()[0] == "Allowed again"


def test_0004_keeps_what_older_cases_said(tmp_path: Path) -> None:
    """A case lodged before 0004: one carer flag, one relevant flag per period, particulars on the
    applicant only. After the upgrade the same facts stand per qualification, per period, per case."""
    path = tmp_path / "cases.sqlite3"
    database_at(path, "0003")
    with sqlite3.connect(path) as db:
        agency = db.execute("SELECT id FROM agencies LIMIT 1").fetchone()[0]
        industry, qualifications = db.execute(
            "SELECT industry_id, group_concat(id) FROM qualifications GROUP BY industry_id "
            "HAVING count(*) >= 2 LIMIT 1"
        ).fetchone()
        first, second = (int(part) for part in qualifications.split(",")[:2])
        now = "2026-01-01 00:00:00.000000+00:00"
        db.execute(
            "INSERT INTO applicants (id, uid, hkid, residence_status, name_zh, surname_en, given_names_en, "
            "alias, chinese_commercial_code, date_of_birth, phone, email, address, preferred_language, "
            "created_at, updated_at) VALUES (1, 'u1', 'A123456(3)', 'A', '陳大文', 'CHAN', 'Tai Man', '', '', "
            "'1980-01-01', '+85291234567', '', 'Kowloon', 'zh_HK', ?, ?)",
            (now, now),
        )
        db.execute(
            "INSERT INTO events (id, uid, code, name, host_organisation, venue, event_date, agency_id, "
            "created_at) VALUES (1, 'e1', 'EV', 'Day', '', '', '2026-01-01', ?, ?)",
            (agency, now),
        )
        db.execute(
            "INSERT INTO applications (id, uid, reference_no, applicant_id, event_id, station_code, status, "
            "application_date, is_carer_declaration, created_by, created_at, updated_at, needs_reexport) "
            "VALUES (1, 'a1', 'LT01-20260101-0001', 1, 1, 'LT01', 'lodged', '2026-01-01', 1, 'x', ?, ?, 0)",
            (now, now),
        )
        for qualification in (first, second):
            db.execute(
                "INSERT INTO applied_qualifications (application_id, qualification_id) VALUES (1, ?)",
                (qualification,),
            )
        periods = [(1, "carer", 1), (2, "part_time", 0)]
        for period_id, employment_type, relevant in periods:
            db.execute(
                "INSERT INTO employment_periods (id, uid, application_id, position, employer, post, "
                "industry_id, start_date, end_date, employment_type, hours_per_week, in_hong_kong, duties, "
                "relevant) VALUES (?, ?, 1, ?, 'Home', '', ?, '2015-01-01', '2020-01-01', ?, NULL, 1, '', ?)",
                (period_id, f"p{period_id}", period_id, industry, employment_type, relevant),
            )
        db.commit()

    open_database(path, backups_dir=tmp_path / "backups").close()

    with sqlite3.connect(path) as db:
        assert db.execute("SELECT carer_declaration FROM applied_qualifications").fetchall() == [(1,), (1,)]
        assert db.execute(
            "SELECT period_id, count(*) FROM period_relevance GROUP BY period_id"
        ).fetchall() == [(1, 2)]
        assert db.execute(
            "SELECT id, kind, employment_type FROM employment_periods ORDER BY id"
        ).fetchall() == [
            (1, "caring", "full_time"),
            (2, "employment", "part_time"),
        ]
        assert db.execute(
            "SELECT name_zh, surname_en, date_of_birth, phone, address FROM applications"
        ).fetchone() == ("陳大文", "CHAN", "1980-01-01", "+85291234567", "Kowloon")


def test_the_revisions_read_from_the_scripts_are_alembics() -> None:
    scripts = migrations.script_directory()
    assert migrations.revision_graph() == {
        script.revision: script.down_revision for script in scripts.walk_revisions()
    }
    assert migrations.head_revision() == scripts.get_current_head()


def test_opening_a_database_at_the_head_revision_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()  # created and migrated: Alembic ran here
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from assessor_app.core.db.database import open_database\n"
        f"database = open_database(Path({str(path)!r}), create=False)\n"
        "database.close()\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
