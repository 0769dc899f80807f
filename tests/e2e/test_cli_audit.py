"""`assessor-app audit verify` on a real database: intact, then tampered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assessor_app.core.services import audit
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
