"""Migration 0018: the catalogue's stream and notes in Chinese, filled for every seeded qualification."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from assessor_app.core.db import migrations
from assessor_app.core.paths import db_path
from tests.core.test_migration_experience_rules import migrate

CHINESE = "SELECT i.name_en, q.title_en, q.qf_level, q.stream, q.stream_zh, q.notes, q.notes_zh"
FROM = " FROM qualifications q JOIN industries i ON i.id = q.industry_id ORDER BY i.name_en, q.title_en, q.qf_level"


def texts(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(CHINESE + FROM).fetchall()
    finally:
        connection.close()


def test_the_migration_revises_0017() -> None:
    assert migrations.script_directory().get_revision("0018").down_revision == "0017"


def test_the_seed_file_has_the_chinese_of_every_stream_and_note() -> None:
    with db_path("seed", "catalogue.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 47
    for row in rows:
        assert bool(row["stream_zh"]) == bool(row["stream"]), row["title_en"]
        assert bool(row["notes_zh"]) == bool(row["notes"]), row["title_en"]


def test_every_seeded_qualification_gets_its_chinese(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    migrate(fresh, "head")
    rows = texts(fresh)
    assert len(rows) == 47
    assert [row[:3] for row in rows if row[3] and not row[4]] == []  # a stream without its Chinese
    assert [row[:3] for row in rows if row[5] and not row[6]] == []  # notes without their Chinese
    streams = {row[3]: row[4] for row in rows}
    assert streams["Residential care"] == "院舍照顧"
    assert streams["Community care and support"] == "社區照顧及支援"
    assert streams["Printing industry"] == "印刷業"


def test_a_migrated_database_equals_a_fresh_one(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    migrate(fresh, "head")
    old = tmp_path / "old.sqlite3"
    migrate(old, "0017")
    migrate(old, "head")
    assert texts(old) == texts(fresh)


def test_a_stream_or_note_an_agency_changed_gets_no_translation_of_another_text(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    migrate(fresh, "head")
    old = tmp_path / "old.sqlite3"
    migrate(old, "0017")
    with sqlite3.connect(old) as connection:
        connection.execute(
            "UPDATE qualifications SET notes = 'Our own note' WHERE title_en = 'Infection control'"
        )
        connection.execute(
            "UPDATE qualifications SET stream = 'Home care' WHERE title_en = 'General home care'"
        )
        connection.execute(
            "INSERT INTO qualifications (industry_id, title_zh, title_en, qf_level, stream, open_to_carers,"
            " notes, active) SELECT id, '藥物管理', 'Medication management', 3, 'Residential care', 0,"
            " 'Agency row', 1 FROM industries WHERE name_en = 'Elderly care'"
        )
    migrate(old, "head")
    migrated = {row[:3]: row for row in texts(old)}
    infection = migrated[("Elderly care", "Infection control", 2)]
    assert (infection[5], infection[6]) == ("Our own note", "")
    assert infection[4] == "社區照顧及支援"  # its stream is still the seeded one
    home = migrated[("Elderly care", "General home care", 2)]
    assert (home[3], home[4]) == ("Home care", "")
    assert home[6]  # its notes are still the seeded ones
    added = migrated[("Elderly care", "Medication management", 3)]
    assert (added[4], added[6]) == ("", "")
    untouched = {
        key: row
        for key, row in migrated.items()
        if key[1] not in ("Infection control", "General home care", "Medication management")
    }
    assert untouched == {row[:3]: row for row in texts(fresh) if row[:3] in untouched}
    assert len(untouched) == 45


def test_the_exam_free_windows_get_their_chinese_stream(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    migrate(fresh, "head")
    old = tmp_path / "old.sqlite3"
    migrate(old, "0017")
    migrate(old, "head")
    query = (
        "SELECT i.name_en, w.stream, w.stream_zh FROM exam_free_windows w JOIN industries i ON i.id = w.industry_id"
        " ORDER BY w.id"
    )
    with sqlite3.connect(fresh) as connection:
        rows = connection.execute(query).fetchall()
    with sqlite3.connect(old) as connection:
        assert connection.execute(query).fetchall() == rows
    assert [row for row in rows if bool(row[1]) != bool(row[2])] == []
    assert ("Elderly care", "Community care and support", "社區照顧及支援") in rows


def test_downgrade_drops_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    migrate(path, "head")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = migrations.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0017")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(qualifications)")}
    assert not columns & {"stream_zh", "notes_zh"}
    assert "notes" in columns
    with sqlite3.connect(path) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(exam_free_windows)")}
    assert "stream_zh" not in columns
