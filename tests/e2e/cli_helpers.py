"""Data folders for the CLI tests: set up by the real ``assessor-app init`` (or as a demo), then signed in to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from assessor_app.core.db import cipher
from assessor_app.core.db.database import Database
from assessor_app.core.security import keyring
from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
from assessor_app.core.security.sign_in import give_demo_passwords, set_up, sign_in
from tests.core.user_helpers import FIRST_ADMIN, TEST_PASSWORD

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def cli_environment(
    *, user: str | None = FIRST_ADMIN, password: str | None = TEST_PASSWORD
) -> dict[str, str]:
    """The environment a script runs the CLI in: signed in as ``user`` with ``password`` (None: unset)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSESSOR_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    if user is not None:
        env["ASSESSOR_APP_USER"] = user
    if password is not None:
        env["ASSESSOR_PASSWORD"] = password
    return env


def init(database_file: Path) -> subprocess.CompletedProcess[str]:
    """``assessor-app --db FILE init --admin firstadmin`` with the password in ASSESSOR_PASSWORD."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessor_app",
            "--data-dir",
            str(database_file.parent),
            "--db",
            str(database_file),
            "init",
            "--admin",
            FIRST_ADMIN,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_environment(user=None),
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def open_signed_in(database_file: Path) -> Database:
    """The database at ``database_file``, set up by ``init`` first if it is not there; its users created
    with ``tests.core.user_helpers.add_user`` get the password TEST_PASSWORD."""
    if not database_file.exists():
        init(database_file)
    return sign_in(database_file, FIRST_ADMIN, TEST_PASSWORD).database


def open_demo(database_file: Path) -> Database:
    """A demo database (administrator demo, password demo) as ``assessor-app demo`` sets it up, signed in."""
    if database_file.exists():
        return sign_in(database_file, DEMO_ADMINISTRATOR, DEMO_PASSWORD).database
    return set_up(database_file, DEMO_ADMINISTRATOR, "Demo", DEMO_PASSWORD, demo=True).database


def demo_passwords(database_file: Path) -> None:
    """Every user of the demo database gets the password ``demo``, as ``assessor-app demo`` does (a
    database that is not a demo one is left alone)."""
    ring = keyring.keyring_path(database_file)
    if not (keyring.exists(ring) and keyring.is_demo(ring)):
        return
    signed = sign_in(database_file, DEMO_ADMINISTRATOR, DEMO_PASSWORD)
    try:
        give_demo_passwords(signed)
    finally:
        signed.database.close()


def raw_connect(database_file: Path, *, read_only: bool = False) -> Any:
    """A plain DB-API connection to the encrypted file (to read or tamper with it as an attacker with
    the key would)."""
    ring = keyring.keyring_path(database_file)
    user, password = (
        (DEMO_ADMINISTRATOR, DEMO_PASSWORD) if keyring.is_demo(ring) else (FIRST_ADMIN, TEST_PASSWORD)
    )
    return cipher.connect(database_file, keyring.unlock(ring, user, password), read_only=read_only)
