"""`assessor-app users` as an administrator runs it on a real (non-demo) database; unknown names at sign-in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.core.user_helpers import FIRST_ADMIN, TEST_PASSWORD
from tests.e2e.cli_helpers import PROJECT_ROOT, cli_environment, init


def users(
    database: Path, *args: str, user: str = FIRST_ADMIN, password: str = TEST_PASSWORD, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "assessor_app",
        "--data-dir",
        str(database.parent),
        "--db",
        str(database),
    ]
    return subprocess.run(
        [*command, "users", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_environment(user=user, password=password),
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_disable_then_enable_with_a_new_password(tmp_path: Path) -> None:
    database = tmp_path / "cases.sqlite3"
    init(database)
    added = users(database, "add", "anna", "--role", "assessor", "--password-stdin", stdin="anna's first\n")
    assert added.returncode == 0, added.stderr
    assert users(database, "disable", "anna").returncode == 0
    assert "anna  assessor  anna  [停用 disabled]" in users(database, "list", "--all").stdout
    refused = users(database, "list", user="anna", password="anna's first")
    assert refused.returncode == 3

    by_herself = users(database, "enable", "anna", "--password-stdin", user="anna", stdin="x" * 9 + "\n")
    assert by_herself.returncode == 3  # she cannot sign in at all
    enabled = users(database, "enable", "anna", "--password-stdin", stdin="anna's second\n")
    assert enabled.returncode == 0, enabled.stderr
    assert "Enabled: anna (assessor)" in enabled.stdout
    assert "anna  assessor  anna  [有效 active]" in users(database, "list").stdout
    assert users(database, "list", user="anna", password="anna's first").returncode == 3
    as_anna = users(
        database,
        "enable",
        "firstadmin",
        "--password-stdin",
        user="anna",
        password="anna's second",
        stdin="long enough\n",
    )
    assert as_anna.returncode == 1
    assert "administrator" in as_anna.stderr
    assert "系統管理員" in as_anna.stderr
    again = users(database, "enable", "anna", "--password-stdin", stdin="anna's third\n")
    assert again.returncode == 1
    assert "anna is not disabled." in again.stderr


def test_an_unknown_name_reads_like_a_wrong_password(tmp_path: Path) -> None:
    """On a real database the answer to a name that does not exist is the wrong password's: same status,
    same message, no list of the users."""
    database = tmp_path / "cases.sqlite3"
    init(database)
    wrong = users(database, "list", password="not the password")
    unknown = users(database, "list", user="ghost", password="not the password")
    assert wrong.returncode == unknown.returncode == 3
    assert "Wrong user name or password." in wrong.stderr
    assert wrong.stderr.replace(FIRST_ADMIN, "") == unknown.stderr.replace("ghost", "")
    assert FIRST_ADMIN not in unknown.stderr
