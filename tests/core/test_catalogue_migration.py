"""Migration 0005: a data folder seeded before the catalogue merge gets the new industries and rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from assessor_app.core.db import migrations
from assessor_app.core.db.database import open_database

OLD_PRINTING_NOTE = "written test plus practical"  # what 0002 seeded before the merge
OLD_AUTOMOTIVE_NOTE = "EMSD voluntary registration category M"


def catalogue(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT i.name_en, i.name_zh, q.title_zh, q.title_en, q.qf_level, q.qr_number, q.stream,"
            " q.open_to_carers, q.notes, q.active FROM qualifications q JOIN industries i ON i.id = q.industry_id"
            " ORDER BY i.name_en, q.title_en, q.qf_level"
        ).fetchall()
    finally:
        connection.close()


def test_an_older_catalogue_is_brought_up_to_the_seed_keeping_an_agencys_note(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    expected = catalogue(fresh)

    # As a laptop seeded before the merge: no Hairdressing, no residential infection control, old notes,
    # and one note an agency changed through an import.
    old = tmp_path / "old.sqlite3"
    previous = migrations.script_directory().get_revision("0005").down_revision
    assert isinstance(previous, str)
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as connection:
        # A database migrated up to the revision before 0005 (and no further: later migrations, such as
        # 0008's new table, run once, when the app opens it below).
        config = migrations.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, previous)
        connection.exec_driver_sql(
            "DELETE FROM qualifications WHERE industry_id = (SELECT id FROM industries WHERE name_en = 'Hairdressing')"
        )
        connection.exec_driver_sql(
            "DELETE FROM experience_rules WHERE industry_id = (SELECT id FROM industries WHERE name_en = 'Hairdressing')"
        )
        connection.exec_driver_sql("DELETE FROM industries WHERE name_en = 'Hairdressing'")
        connection.exec_driver_sql(
            "DELETE FROM qualifications WHERE title_en = 'Infection control (residential care)'"
        )
        connection.exec_driver_sql(
            "UPDATE qualifications SET notes = ? WHERE title_en = 'Printing Design'", (OLD_PRINTING_NOTE,)
        )
        connection.exec_driver_sql(
            "UPDATE qualifications SET notes = 'agency note' WHERE title_en = 'Vehicle Servicing (Mechanical Services)'"
        )
    engine.dispose()

    migrated = open_database(old, backups_dir=tmp_path / "backups")
    migrated.close()

    rows = catalogue(old)
    agency_kept = [row for row in rows if row[3] == "Vehicle Servicing (Mechanical Services)"]
    assert [row[8] for row in agency_kept] == ["agency note"]
    assert [row for row in rows if row not in expected] == agency_kept
    assert len(rows) == len(expected)
    assert OLD_AUTOMOTIVE_NOTE not in {row[8] for row in rows}
