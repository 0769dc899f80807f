"""`assessor-app audit verify` on a real database: intact, then tampered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assessor_app.core.services import audit
from assessor_app.core.services.demo.promotion_day import generate_demo
from tests.core.test_assessment import lodge_case
from tests.e2e.cli_helpers import cli_environment, open_signed_in, raw_connect


def run_verify(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), "audit", "verify"],
        capture_output=True,
        env=cli_environment(),
        text=True,
        timeout=60,
        check=False,
    )


def test_verify_reports_intact_then_the_first_broken_entry(tmp_path: Path) -> None:
    database = open_signed_in(tmp_path / "cases.sqlite3")
    with database.session() as session:
        for number in range(3):
            audit.record(
                session, actor="clerk", entity="application", entity_uid="u1", action="edit", new=str(number)
            )
    database.close()

    intact = run_verify(tmp_path)
    assert intact.returncode == 0, intact.stderr
    assert "intact: 4 entries" in intact.stdout  # the administrator's creation at init, then three

    with raw_connect(tmp_path / "cases.sqlite3") as connection:
        connection.execute("UPDATE audit_events SET new_value = 'forged' WHERE id = 3")
    broken = run_verify(tmp_path)
    assert broken.returncode == 1
    assert "broken at entry 3" in broken.stderr
    assert "第 3 項" in broken.stderr


def test_verify_refuses_a_missing_database(tmp_path: Path) -> None:
    finished = run_verify(tmp_path)
    assert finished.returncode == 1
    assert not (tmp_path / "cases.sqlite3").exists()


def _three_entries(tmp_path: Path) -> Path:
    """An encrypted database set up by ``init`` (its administrator's creation), then three entries."""
    database = open_signed_in(tmp_path / "cases.sqlite3")
    with database.session() as session:
        for number in range(3):
            audit.record(
                session, actor="clerk", entity="application", entity_uid="u1", action="edit", new=str(number)
            )
    database.close()
    return tmp_path / "cases.sqlite3"


def test_verify_names_cuts_of_the_keyed_chain_in_both_languages(tmp_path: Path) -> None:
    path = _three_entries(tmp_path)
    intact = run_verify(tmp_path)
    assert intact.returncode == 0, intact.stderr
    assert "unkeyed" not in intact.stdout  # an encrypted database's chain is keyed from its first entry

    with raw_connect(path) as connection:
        connection.execute("DELETE FROM audit_events WHERE id = 4")
    cut = run_verify(tmp_path)
    assert cut.returncode == 1
    assert "The last 1 entries were deleted" in cut.stderr
    assert "最後 1 項審計記錄已被刪除" in cut.stderr

    with raw_connect(path) as connection:
        connection.execute("DELETE FROM audit_events")
    emptied = run_verify(tmp_path)
    assert emptied.returncode == 1
    assert "All entries were deleted" in emptied.stderr
    assert "所有審計記錄已被刪除" in emptied.stderr


def test_verify_names_a_change_made_outside_the_app(tmp_path: Path) -> None:
    database = open_signed_in(tmp_path / "cases.sqlite3")
    generate_demo(database, applications=3, seed=5)
    database.close()
    assert run_verify(tmp_path).returncode == 0
    with raw_connect(tmp_path / "cases.sqlite3") as connection:
        connection.execute("UPDATE applicants SET hkid = 'A1234563' WHERE id = 1")
    changed = run_verify(tmp_path)
    assert changed.returncode == 1
    assert "changed outside the app: applicants 1 hkid at " in changed.stderr
    assert "在本程式以外被改動：applicants 1 hkid" in changed.stderr


def test_verify_says_a_missing_anchor_clearly(tmp_path: Path) -> None:
    path = _three_entries(tmp_path)
    Path(f"{path}.audit-anchor").unlink()
    missing = run_verify(tmp_path)
    assert missing.returncode == 1
    assert "is missing, though the trail has 4 entries" in missing.stderr


def run_as(data_dir: Path, user: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A command signed in as ``user`` (each test user's password is TEST_PASSWORD)."""
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), "--user", user, *args],
        capture_output=True,
        env=cli_environment(user=None),
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_verify_against_an_exported_batch_names_a_trail_cut_with_its_anchor(tmp_path: Path) -> None:
    database = open_signed_in(tmp_path / "cases.sqlite3")
    lodge_case(database)
    database.close()
    sent = tmp_path / "sent.xlsx"
    exported = run_as(
        tmp_path, "supervisor", "export", "--status", "lodged", "--unencrypted", "--out", str(sent)
    )
    assert exported.returncode == 0, exported.stderr

    intact = run_as(tmp_path, "supervisor", "audit", "verify", "--against", str(sent))
    assert intact.returncode == 0, intact.stderr
    assert "also checked against 1 heads recorded elsewhere" in intact.stdout

    with raw_connect(tmp_path / "cases.sqlite3") as connection:
        connection.execute("DELETE FROM audit_events WHERE id > 3")
    Path(f"{tmp_path / 'cases.sqlite3'}.audit-anchor").unlink()
    alone = run_as(tmp_path, "supervisor", "audit", "verify")
    cut = run_as(tmp_path, "supervisor", "audit", "verify", "--against", str(sent))
    assert alone.returncode == 1  # the anchor's absence is named, but not what was cut
    assert "the batch sent.xlsx records" not in alone.stderr
    assert cut.returncode == 1
    assert "entries were deleted (the batch sent.xlsx records" in cut.stderr
    assert "批次 sent.xlsx記錄有" in cut.stderr


def test_restore_is_for_an_administrator_and_is_recorded(tmp_path: Path) -> None:
    database = open_signed_in(tmp_path / "cases.sqlite3")
    lodge_case(database)
    database.close()
    backed = run_as(tmp_path, "clerk", "backup")
    assert backed.returncode == 0, backed.stderr
    backup = next(path for path in (tmp_path / "backups").iterdir() if path.suffix == ".sqlite3")
    refused = run_as(tmp_path, "clerk", "restore", str(backup))
    assert refused.returncode == 1
    assert "cannot restore a backup" in refused.stderr
    restored = run_as(tmp_path, "firstadmin", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    database = open_signed_in(tmp_path / "cases.sqlite3")
    try:
        (entry,) = audit.history(database, backup.name)
    finally:
        database.close()
    assert (entry.actor, entry.action) == ("firstadmin", "restored")
