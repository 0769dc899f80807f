"""The merge's short cuts give what the long way gives: the content hashes taken in one pass over the rows
are the copies' hashes, and a copy this laptop already holds skips only the form's checks, so a changed
copy in a batch merged again is still held to them cell by cell."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.export import build_workbook
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.merge_content import read_local, read_local_hashes
from tests.core.sync.helpers import SUPERVISOR, demo_database, dump, empty_station, signed_workbook


def _both_ways(database: Database) -> tuple[dict[str, str], dict[str, str]]:
    with database.session() as session:
        every = ApplicationRecord.id.is_not(None)
        copies = {uid: case.copy.sha256 for uid, case in read_local(session, every).items()}
        hashes = {uid: sha256 for uid, (_case, sha256) in read_local_hashes(session, every).items()}
    return copies, hashes


def _full_batch(source: Database, path: Path) -> Path:
    built = build_workbook(source, condition=ApplicationRecord.status == "signed_off", full_hkid=True)
    return signed_workbook(source, built, path)


def test_the_one_pass_hashes_are_the_copies_hashes_here_and_after_a_merge(tmp_path: Path) -> None:
    """Every case of a demo day as lodged, and as merged into an empty laptop (where blank yes/no and
    position cells read back filled in), hashed both ways."""
    source = demo_database(open_database(tmp_path / "source.sqlite3"), applications=300, signed_off=300)
    target = empty_station(tmp_path / "target.sqlite3", trusting=source)
    report = merge_batch(target, _full_batch(source, tmp_path / "all.xlsx"), actor=SUPERVISOR)
    assert len(report.added) > 250
    for database in (source, target):
        copies, hashes = _both_ways(database)
        assert len(copies) >= len(report.added)
        assert hashes == copies
    source.close()
    target.close()


def test_a_bad_cell_in_a_changed_copy_is_refused_though_the_other_cases_are_held_here(tmp_path: Path) -> None:
    source = demo_database(open_database(tmp_path / "source.sqlite3"), applications=40, signed_off=40)
    target = empty_station(tmp_path / "target.sqlite3", trusting=source)
    first = merge_batch(target, _full_batch(source, tmp_path / "first.xlsx"), actor=SUPERVISOR)
    assert first.added
    with source.session() as session:
        chosen = session.scalar(select(ApplicationRecord.id).where(ApplicationRecord.uid == first.added[-1]))
    connection = sqlite3.connect(source.path)
    try:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute("UPDATE applications SET surname_en = char(9) || 'CHAN' WHERE id = ?", (chosen,))
        connection.commit()
    finally:
        connection.close()
    before = dump(target)
    with pytest.raises(ValidationError) as refused:
        merge_batch(target, _full_batch(source, tmp_path / "again.xlsx"), actor=SUPERVISOR)
    (line,) = refused.value.details
    assert line.startswith(f"sheet {fmt.APPLICANTS.name}, row "), line
    assert "(surname_en)" in line
    assert "begins or ends" in line
    assert dump(target) == before
    source.close()
    target.close()


def test_the_same_batch_again_is_unchanged_and_writes_nothing(tmp_path: Path) -> None:
    source = demo_database(open_database(tmp_path / "source.sqlite3"), applications=40, signed_off=40)
    target = empty_station(tmp_path / "target.sqlite3", trusting=source)
    path = _full_batch(source, tmp_path / "batch.xlsx")
    first = merge_batch(target, path, actor=SUPERVISOR)
    before = dump(target)
    again = merge_batch(target, path, actor=SUPERVISOR)
    assert sorted(again.unchanged) == sorted(first.added)
    assert (again.added, again.conflicts, again.replaced) == ([], [], [])
    assert dump(target) == before
    source.close()
    target.close()


def test_the_tables_new_cases_go_to_number_their_rows_as_sqlite_does(tmp_path: Path) -> None:
    """merge_apply.NewCases gives each row the id SQLite would give it (the largest so far plus one, so
    the ids are those the ORM's one-row inserts gave): true of a table without AUTOINCREMENT only."""
    target = empty_station(tmp_path / "target.sqlite3")
    target.close()
    tables = (
        "applicants",
        "applications",
        "applied_qualifications",
        "employment_periods",
        "period_relevance",
        "assessment_decisions",
        "evidence_items",
    )
    connection = sqlite3.connect(tmp_path / "target.sqlite3")
    try:
        for table in tables:
            [sql] = connection.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            assert "AUTOINCREMENT" not in sql.upper(), table
            assert "\tid INTEGER NOT NULL," in sql, table
            assert "PRIMARY KEY (id)" in sql, table  # the id is the rowid itself
    finally:
        connection.close()
