"""`assessor-app access-request` on a real database: the encrypted workbook, its password, the refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assessor_app.core.services.sync.encryption import decrypt_bytes
from tests.core.test_assessment import lodge_case
from tests.e2e.cli_helpers import cli_environment, open_signed_in


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command signed in as the user named by ``--user`` (each test user's password is TEST_PASSWORD)."""
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_environment(user=None),
        timeout=120,
        check=False,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    database = open_signed_in(tmp_path / "cases.sqlite3")
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
    shown = run(data_dir, "retention", "--user", "clerk")
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


def test_init_encrypts_a_clear_database_from_before_sign_in(tmp_path: Path) -> None:
    from assessor_app.core.db import cipher
    from assessor_app.core.db.database import open_database
    from tests.core.user_helpers import add_user

    database = open_database(tmp_path / "cases.sqlite3")
    add_user(database, "ada", "Ada ADMIN", "administrator")
    database.close()
    env = cli_environment(user=None, password="a long enough password")
    done = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(tmp_path), "init", "--admin", "ada"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "now encrypted" in done.stdout
    assert not cipher.is_clear(tmp_path / "cases.sqlite3")
    listed = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(tmp_path), "--user", "ada", "users", "list"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert "ada" in listed.stdout
