"""`assessor-app access-request` on a real database: the encrypted workbook, its password, the refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assessor_app.core.db.database import open_database
from assessor_app.core.services.sync.encryption import decrypt_bytes
from tests.core.test_assessment import lodge_case


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    database = open_database(tmp_path / "cases.sqlite3")
    lodge_case(database)
    database.close()
    return tmp_path


def test_a_supervisor_gets_the_workbook_and_its_password_once(data_dir: Path) -> None:
    out = data_dir / "access.xlsx"
    finished = run(data_dir, "access-request", "A1234563", "--out", str(out), "--user", "supervisor")
    assert finished.returncode == 0, finished.stderr
    password = next(line.split(": ", 1)[1] for line in finished.stdout.splitlines() if "Password:" in line)
    assert b"PK" in decrypt_bytes(out.read_bytes(), password, out.name)[:2]
    assert "A123456" not in finished.stdout  # the number is in the file, not on the screen


def test_a_clerk_is_refused_in_both_languages(data_dir: Path) -> None:
    out = data_dir / "access.xlsx"
    finished = run(data_dir, "access-request", "A1234563", "--out", str(out), "--user", "clerk")
    assert finished.returncode == 1
    assert "cannot answer a data access request" in finished.stderr
    assert "處理查閱資料要求" in finished.stderr
    assert not out.exists()


def test_retention_shown_changed_by_an_administrator_and_purge_dry_run(data_dir: Path) -> None:
    shown = run(data_dir, "retention")
    assert shown.returncode == 0, shown.stderr
    assert "Closed cases kept: 7" in shown.stdout
    refused = run(data_dir, "retention", "--case-years", "3", "--user", "supervisor")
    assert refused.returncode == 1
    assert "更改個人資料的保留期限" in refused.stderr
    changed = run(data_dir, "retention", "--case-years", "5", "--user", "admin")
    assert changed.returncode == 0, changed.stderr
    assert "Closed cases kept: 5" in changed.stdout

    dry = run(data_dir, "purge", "--dry-run", "--user", "admin")
    assert dry.returncode == 0, dry.stderr
    assert "would remove: 0 HKID copies, 0 cases, 0 drafts" in dry.stdout
