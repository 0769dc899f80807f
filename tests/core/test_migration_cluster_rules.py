"""Migration 0007: every database gets the rules of db/seed/cluster-experience-rules.csv, once, keeping its own."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from assessor_app.core.db import migrations
from assessor_app.core.db.database import open_database
from tests.core.eligibility_helpers import SEED
from tests.core.test_migration_experience_rules import migrate, rules

CLUSTER_RULES = [
    ("Printing and publishing", "Managing Printing Operation", 4, 6, 5, 1),
    ("Printing and publishing", "Managing Printing Production", 4, 6, 5, 1),
    ("Printing and publishing", "Printing Design", 4, 6, 2, 1),
]


def cluster_rules(path: Path) -> list[tuple[object, ...]]:
    """The rules that name a qualification, as (industry, title, level, total, relevant, always assessed)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT i.name_en, q.title_en, r.qf_level, r.min_total_years, r.min_relevant_years,"
            " r.always_assessed FROM experience_rules r JOIN qualifications q ON q.id = r.qualification_id"
            " JOIN industries i ON i.id = r.industry_id ORDER BY i.name_en, q.title_en"
        ).fetchall()
    finally:
        connection.close()


def test_the_migration_revises_0006() -> None:
    assert migrations.script_directory().get_revision("0007").down_revision == "0006"


def test_the_rows_are_the_seed_file_s() -> None:
    with (SEED / "cluster-experience-rules.csv").open(encoding="utf-8", newline="") as handle:
        rows = [
            (
                row["industry"],
                row["title_en"],
                int(row["qf_level"]),
                int(row["min_total_years"]),
                int(row["min_relevant_years"]),
                int(row["always_assessed"] == "yes"),
            )
            for row in csv.DictReader(handle)
        ]
    assert sorted(rows) == CLUSTER_RULES


def test_a_database_at_0006_gains_the_cluster_rules_once(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    migrate(old, "0006")
    before = rules(old)
    assert cluster_rules(old) == []

    migrate(old, "0007")
    assert cluster_rules(old) == CLUSTER_RULES
    after = rules(old)
    assert len(after) == len(before) + len(CLUSTER_RULES)
    assert [rule for rule in after if rule[2] is None] == before  # the industry rules are untouched

    # Run again over a database that has them: nothing changes.
    migrate(old, "0006", stamp=True)
    migrate(old, "0007")
    assert rules(old) == after


def test_a_fresh_database_has_them(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh, backups_dir=tmp_path / "backups").close()  # the app's own upgrade, to head
    assert cluster_rules(fresh) == CLUSTER_RULES


def test_a_cluster_s_own_rule_is_kept_and_a_missing_cluster_skipped(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    migrate(old, "0006")
    with sqlite3.connect(old) as connection:
        connection.execute(
            "INSERT INTO experience_rules (industry_id, qf_level, qualification_id, min_total_years,"
            " min_relevant_years, always_assessed)"
            " SELECT industry_id, 4, id, 7, 5, 1 FROM qualifications WHERE title_en = 'Managing Printing Operation'"
        )
        # An agency's import renamed this cluster: the file's row no longer names a qualification here.
        connection.execute(
            "UPDATE qualifications SET title_en = 'Printing Design (revised)' WHERE title_en = 'Printing Design'"
        )
    migrate(old, "0007")
    assert cluster_rules(old) == [
        ("Printing and publishing", "Managing Printing Operation", 4, 7, 5, 1),
        ("Printing and publishing", "Managing Printing Production", 4, 6, 5, 1),
    ]
