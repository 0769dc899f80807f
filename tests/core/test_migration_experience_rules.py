"""Migration 0006: a database seeded before the found experience rules gets them, once, keeping its own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from assessor_app.core.db import migrations
from assessor_app.core.db.database import open_database

FOUND_INDUSTRIES = ("Printing and publishing", "Hairdressing", "Arboriculture and horticulture")
FOUND_RULES = [
    ("Arboriculture and horticulture", 2, None, 3, 1, 0),
    ("Hairdressing", 4, None, 6, 5, 1),
    ("Printing and publishing", 1, None, 1, 1, 0),
    ("Printing and publishing", 2, None, 3, 2, 0),
    ("Printing and publishing", 3, None, 5, 3, 0),
    ("Printing and publishing", 4, None, 6, 4, 1),
]


def migrate(path: Path, revision: str, *, stamp: bool = False) -> None:
    """Run the migrations up to ``revision`` on the file (or only record ``revision`` as its version)."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = migrations.alembic_config()
        config.attributes["connection"] = connection
        (command.stamp if stamp else command.upgrade)(config, revision)
    engine.dispose()


def rules(path: Path, *industries: str) -> list[tuple[object, ...]]:
    """Every rule row (of those industries, if named) as (industry, level, qualification, total, relevant,
    always assessed), in a stable order."""
    where = f"WHERE i.name_en IN ({', '.join('?' for _ in industries)})" if industries else ""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT i.name_en, r.qf_level, r.qualification_id, r.min_total_years, r.min_relevant_years,"
            f" r.always_assessed FROM experience_rules r JOIN industries i ON i.id = r.industry_id {where}"
            " ORDER BY i.name_en, r.qf_level, r.qualification_id",
            industries,
        ).fetchall()
    finally:
        connection.close()


def seeded_before(path: Path) -> None:
    """A database at 0005 as seeded before the found rules: none for the three industries."""
    migrate(path, "0005")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "DELETE FROM experience_rules WHERE industry_id IN (SELECT id FROM industries WHERE name_en IN (?, ?, ?))",
            FOUND_INDUSTRIES,
        )
    assert rules(path, *FOUND_INDUSTRIES) == []


def test_the_migration_revises_0005() -> None:
    assert migrations.script_directory().get_revision("0006").down_revision == "0005"


def test_a_database_seeded_before_gains_the_found_rules_once(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    migrate(fresh, "0006")
    expected = rules(fresh)
    assert rules(fresh, *FOUND_INDUSTRIES) == FOUND_RULES  # 0002 seeded them; 0006 added no second copy

    old = tmp_path / "old.sqlite3"
    seeded_before(old)
    migrate(old, "0006")
    assert rules(old) == expected

    # Run again over a database that has them: nothing changes.
    migrate(old, "0005", stamp=True)
    migrate(old, "0006")
    assert rules(old) == expected


def test_a_rule_already_present_is_kept_and_the_others_added(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    seeded_before(old)
    with sqlite3.connect(old) as connection:
        connection.execute(
            "INSERT INTO experience_rules (industry_id, qf_level, qualification_id, min_total_years,"
            " min_relevant_years, always_assessed)"
            " SELECT id, 4, NULL, 7, 5, 1 FROM industries WHERE name_en = 'Hairdressing'"
        )
    migrate(old, "0006")
    own = ("Hairdressing", 4, None, 7, 5, 1)
    assert rules(old, *FOUND_INDUSTRIES) == [
        own if rule[0] == "Hairdressing" else rule for rule in FOUND_RULES
    ]


def test_arboriculture_level_3_stays_without_a_rule(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    seeded_before(old)
    open_database(old, backups_dir=tmp_path / "backups").close()  # the app's own upgrade, to head
    assert [rule[1] for rule in rules(old, "Arboriculture and horticulture")] == [2]
