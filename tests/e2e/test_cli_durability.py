"""`assessor-app backup`, `restore` and `check`, and the data folder's lock, run as a user runs them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from assessor_app.core.db import backups
from assessor_app.core.db.instance_guard import InstanceLock
from assessor_app.core.security import keyring
from assessor_app.core.services import audit
from tests.core.user_helpers import FIRST_ADMIN, TEST_PASSWORD
from tests.e2e.cli_helpers import cli_environment, open_signed_in, raw_connect


def run(data_dir: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=cli_environment(),  # signed in as the administrator ``init`` set up
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def key_of(database_file: Path) -> bytes:
    return keyring.unlock(keyring.keyring_path(database_file), FIRST_ADMIN, TEST_PASSWORD)


def made(data_dir: Path) -> Path:
    """An encrypted case database set up by ``init``, with one audit entry."""
    database = open_signed_in(data_dir / "cases.sqlite3")
    with database.session() as session:
        audit.record(session, actor="clerk", entity="application", entity_uid="u1", action="edit", new="1")
    database.close()
    return data_dir / "cases.sqlite3"


def test_backup_prints_where_it_wrote_and_check_is_clean(tmp_path: Path) -> None:
    made(tmp_path)
    before = run(tmp_path, "check")
    assert before.returncode == 2, before.stdout  # no backup yet: a warning
    assert "no backup" in before.stdout

    stick = tmp_path / "stick"
    done = run(tmp_path, "backup", "--to", str(stick))
    assert done.returncode == 0, done.stderr
    (backup,) = backups.list_backups(tmp_path / "backups", "cases")
    (copy,) = (path for path in stick.iterdir() if path.suffix == ".sqlite3")  # the anchor beside it
    assert str(backup.path) in done.stdout
    assert str(copy) in done.stdout
    assert backups.verify_backup(copy, key_of(tmp_path / "cases.sqlite3")) == backup.revision

    after = run(tmp_path, "check")
    assert after.returncode == 0, after.stdout
    for expected in (
        "quick_check): ok",
        f"Schema revision {backup.revision}",
        "Encrypted at rest (SQLCipher).",
        "0 day(s) old",
        "local disk",
        "Audit trail intact: 2 entries",
    ):
        assert expected in after.stdout


def test_check_warns_of_an_old_backup_and_fails_on_a_broken_audit_trail(tmp_path: Path) -> None:
    database_file = made(tmp_path)
    (tmp_path / "backups").mkdir(exist_ok=True)
    old = datetime.now() - timedelta(days=9)
    stamp = old.strftime(backups.STAMP_FORMAT)
    old_backup = backups.take_backup(database_file, tmp_path / "backups", key=key_of(database_file)).backup
    old_backup.rename(tmp_path / "backups" / f"cases-manual-{stamp}-r{old_backup.name.split('-r')[-1]}")
    aged = run(tmp_path, "check")
    assert aged.returncode == 2
    assert "9 day(s) old (older than 7 days)" in aged.stdout

    with raw_connect(database_file) as connection:
        connection.execute("UPDATE audit_events SET new_value = 'forged'")
    broken = run(tmp_path, "check")
    assert broken.returncode == 1
    assert "Audit trail broken at entry 1" in broken.stdout


def test_check_names_a_damaged_database_and_changes_nothing(tmp_path: Path) -> None:
    database_file = made(tmp_path)
    data = database_file.read_bytes()
    database_file.write_bytes(data[: len(data) // 2])
    before = digest(database_file)
    checked = run(tmp_path, "check")
    assert checked.returncode == 1
    assert "PROBLEM" in checked.stdout
    assert digest(database_file) == before


def test_restore_backs_up_then_replaces_and_refuses_a_damaged_file(tmp_path: Path) -> None:
    database_file = made(tmp_path)
    good = backups.take_backup(database_file, tmp_path / "backups", key=key_of(database_file)).backup
    with raw_connect(database_file) as connection:
        connection.execute("UPDATE agencies SET name_en = 'after the backup'")

    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(good.read_bytes()[:8192])
    before = digest(database_file)
    refused = run(tmp_path, "restore", str(damaged))
    assert refused.returncode == 1
    assert "not a usable backup" in refused.stderr
    assert "不是可用的個案資料庫備份" in refused.stderr
    assert digest(database_file) == before

    restored = run(tmp_path, "restore", str(good))
    assert restored.returncode == 0, restored.stderr
    assert "backed up first" in restored.stdout
    assert f"Restored {database_file}" in restored.stdout
    with raw_connect(database_file) as connection:
        names = {row[0] for row in connection.execute("SELECT name_en FROM agencies")}
    assert "after the backup" not in names
    kinds = {backup.kind for backup in backups.list_backups(tmp_path / "backups", "cases")}
    assert kinds == {"manual", "before-restore"}


def test_a_command_says_another_copy_is_running_while_the_folder_is_held(tmp_path: Path) -> None:
    database_file = made(tmp_path)
    before = digest(database_file)
    with InstanceLock(tmp_path):
        busy = run(tmp_path, "catalogue", "list")  # waits LOCK_WAIT_SECONDS, then gives up
        assert busy.returncode == 1
        assert "Another copy" in busy.stderr
        assert "另一個評審工作站程式" in busy.stderr
        refused = run(tmp_path, "restore", str(database_file))
        assert refused.returncode == 1
        checked = run(tmp_path, "check")  # reads only: runs beside the other copy
        assert "Another copy of the app has this data folder open" in checked.stdout
        backed_up = run(tmp_path, "backup")  # the backup API only reads: allowed too
        assert backed_up.returncode == 0, backed_up.stderr
    assert digest(database_file) == before
    assert run(tmp_path, "catalogue", "list").returncode == 0


def test_a_read_only_database_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    database_file = made(tmp_path)
    database_file.chmod(0o400)
    before = digest(database_file)
    refused = run(tmp_path, "case", "show", "LT01-20230101-0001")
    assert refused.returncode == 1
    assert "read-only" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert database_file.stat().st_mode & 0o777 == 0o400
    assert digest(database_file) == before
    checked = run(tmp_path, "check")  # check reads a read-only file
    assert "quick_check): ok" in checked.stdout
