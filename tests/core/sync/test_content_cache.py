"""The case content cache (migration 0011): a cached content hash is never stale, whoever writes."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.pool import StaticPool

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.base import Base
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.services.sync.case_rows import case_content_hash, select_rows
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.merge_content import CASE_SHEETS, copies_from_workbook, read_local_hashes
from assessor_app.core.services.sync.merge_workbook import read_workbook
from tests.core.sync.helpers import SUPERVISOR, demo_database, empty_station

# Not the case's rows: what these hold never reaches a batch workbook (bookkeeping, the audit trail).
NOT_CASE_TABLES = {
    "audit_events",
    "audit_chain",
    "data_changes",
    "alembic_version",
    "export_batches",
    "batch_items",
    "merge_conflicts",
}
EVERYONE = ApplicationRecord.id.is_not(None)


def _hashes(connection: object) -> dict[int, str]:
    return select_rows(connection, EVERYONE, full_hkid=True).case_hashes()  # type: ignore[arg-type]


def _cached(database: Database) -> dict[int, str | None]:
    with database.session() as session:
        return dict(
            session.execute(select(ApplicationRecord.id, ApplicationRecord.content_sha256)).tuples().all()
        )


def test_a_merged_case_caches_the_hash_its_rows_have(database: Database, tmp_path: Path) -> None:
    demo_database(database, applications=30, signed_off=20)
    full = export_batch(database, tmp_path / "full.xlsx", actor=SUPERVISOR, full_hkid=True)
    station = empty_station(tmp_path / "station.sqlite3", trusting=database)
    report = merge_batch(station, full.path, actor=SUPERVISOR, password=full.password)
    assert len(report.added) == full.case_count > 0
    cached = _cached(station)
    with station.session() as session:
        assert cached == _hashes(session.connection())


def _changed(value: object, column_type: str) -> object | None:
    """Another value of the same kind, or None when the column is not one to change."""
    if isinstance(value, bool) or column_type == "BOOLEAN":
        return None if value is None else 1 - bool(value)
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str) and column_type in {"DATE"}:
        return (
            (date.fromisoformat(value).replace(day=1)).isoformat() if value[8:] != "01" else value[:8] + "02"
        )
    if isinstance(value, str) and column_type.startswith("DATETIME"):
        return None
    if isinstance(value, str):
        return value + "x"
    return None


def test_every_change_of_a_case_s_rows_clears_its_cached_hash(database: Database) -> None:
    """Each column of each table, changed by a plain UPDATE (as any writer would): every case whose
    content hash that changes has no cached hash left."""
    demo_database(database, applications=12, signed_off=8)
    raw = sqlite3.connect(database.path, isolation_level=None)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    tried = 0
    try:
        with engine.connect() as connection:
            before = _hashes(connection)
            for table in Base.metadata.sorted_tables:
                if table.name in NOT_CASE_TABLES:
                    continue
                for column in table.columns:
                    if column.primary_key or column.name == "content_sha256":
                        continue
                    kind = str(column.type).upper()
                    found = raw.execute(
                        f'SELECT rowid, "{column.name}" FROM "{table.name}" WHERE "{column.name}" IS NOT NULL LIMIT 1'
                    ).fetchone()
                    if found is None or _changed(found[1], kind) is None:
                        continue
                    raw.execute("BEGIN")
                    try:
                        raw.execute("UPDATE applications SET content_sha256 = 'cached' || id")
                        try:
                            raw.execute(
                                f'UPDATE "{table.name}" SET "{column.name}" = ? WHERE rowid = ?',
                                (_changed(found[1], kind), found[0]),
                            )
                        except sqlite3.IntegrityError:  # a unique column: another row holds that value
                            continue
                        after = _hashes(connection)
                        cached = dict(raw.execute("SELECT id, content_sha256 FROM applications"))
                        stale = [
                            case_id
                            for case_id, sha256 in before.items()
                            if after.get(case_id) != sha256 and cached.get(case_id) is not None
                        ]
                        assert stale == [], (
                            f"{table.name}.{column.name} changed cases {stale} kept their hash"
                        )
                        tried += 1
                    finally:
                        raw.execute("ROLLBACK")
    finally:
        engine.dispose()
        raw.close()
    assert tried > 60  # the test reached the columns, not only a few


@pytest.mark.parametrize("what", ["insert", "delete"])
def test_adding_or_removing_a_row_of_a_case_clears_its_cached_hash(database: Database, what: str) -> None:
    demo_database(database, applications=6, signed_off=4)
    with database.session() as session:
        case_id = session.scalars(
            select(ApplicationRecord.id).where(ApplicationRecord.employment.any())
        ).first()
        assert case_id is not None
        read_local_hashes(session, EVERYONE)  # fills the cache
    raw = sqlite3.connect(database.path)
    try:
        if what == "insert":
            raw.execute(
                "INSERT INTO evidence_items (uid, application_id, evidence_type, status, reason, recorded_by, "
                "recorded_at) VALUES ('e-new', ?, 'employer_letter', 'pending', '', 'x', ?)",
                (case_id, datetime(2026, 1, 1).isoformat(sep=" ")),
            )
        else:
            raw.execute("DELETE FROM employment_periods WHERE application_id = ?", (case_id,))
        raw.commit()
    finally:
        raw.close()
    cached = _cached(database)
    assert cached[case_id] is None
    assert sum(value is not None for value in cached.values()) == len(cached) - 1


def test_the_cache_s_triggers_are_all_there_at_the_head_revision(database: Database) -> None:
    """A later migration that rebuilds a table (SQLite's batch mode) drops its triggers: it must make
    them again (six on lookup tables and applications, three on each of five tables of case rows)."""
    with database.session() as session:
        found = session.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'content_cache_%'"
        )
        names = [row[0] for row in found]
    assert len(names) == 6 + 5 * 3


def test_a_copy_s_hash_taken_while_reading_is_the_hash_of_its_lines(
    database: Database, tmp_path: Path
) -> None:
    """The merge takes each copy's content hash as the workbook's rows come (merge_content.hash_rows);
    it must be the hash of the copy's own lines in their order, for every case of a real export."""
    demo_database(database, applications=30, signed_off=20)
    full = export_batch(database, tmp_path / "full.xlsx", actor=SUPERVISOR, full_hkid=True)
    parsed = read_workbook(full.path, full.password)
    copies = copies_from_workbook(parsed)
    taken = {uid: copy.__dict__.get("sha256") for uid, copy in copies.items()}
    assert None not in taken.values()
    assert len(taken) == full.case_count
    for uid, copy in copies.items():
        lines = [
            (sheet.name, line)
            for sheet, sheet_lines in zip(CASE_SHEETS, copy.rows, strict=True)
            for line in sheet_lines
        ]
        assert taken[uid] == case_content_hash([*lines, ("applicants", copy.applicant)])
