"""Start-up durability in the GUI: a second copy is refused, a damaged database offers the newest good
backup (never a new empty database), an automatic backup is taken at close."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from assessor_app.core.db import backups
from assessor_app.core.db.database import open_database
from assessor_app.core.paths import DataDir
from assessor_app.ui import messages, recovery
from assessor_app.ui.app import run_gui

HOLDER = """
import sys
from pathlib import Path
from assessor_app.core.db.instance_guard import InstanceLock
lock = InstanceLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    folder = DataDir(tmp_path / "data")
    folder.ensure()
    open_database(folder.database).close()
    return folder


def damage(path: Path) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path.read_bytes()


def test_a_second_gui_on_the_same_data_folder_is_refused_in_both_languages(
    data_dir: DataDir, recorded_messages: list[messages.Message]
) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        assert run_gui(data_dir=data_dir, database_path=data_dir.database, demo=False, lang="en") == 1
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    (message,) = recorded_messages
    assert "Another copy of the RPL Assessor Workstation" in message.text
    assert "另一個評審工作站程式" in message.text


def test_a_damaged_database_offers_the_newest_good_backup(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = backups.take_backup(data_dir.database, data_dir.backups, kind="auto").backup
    damaged = damage(data_dir.database)
    asked: list[messages.Message] = []

    def answer_yes(message: messages.Message) -> bool:
        asked.append(message)
        return True

    monkeypatch.setattr(messages, "hook", answer_yes)
    database = recovery.open_or_recover(None, data_dir, data_dir.database, "en")
    assert database is not None
    database.close()
    (question,) = asked
    assert question.kind == "question"
    assert str(good) in question.text
    assert "最新完好備份" in question.text
    assert backups.verify_backup(data_dir.database) == good.name.split("-r")[-1].removesuffix(".sqlite3")
    kept = [p for p in data_dir.backups.iterdir() if p.name.startswith("cases-damaged-")]
    assert [p.read_bytes() for p in kept if p.suffix == ".sqlite3"] == [damaged]


def test_declining_the_backup_leaves_the_damaged_file_as_it_is(
    data_dir: DataDir, recorded_messages: list[messages.Message]
) -> None:
    backups.take_backup(data_dir.database, data_dir.backups, kind="auto")
    damage(data_dir.database)
    before = hashlib.sha256(data_dir.database.read_bytes()).hexdigest()
    assert recovery.open_or_recover(None, data_dir, data_dir.database, "en") is None
    assert [message.kind for message in recorded_messages] == ["question"]
    assert hashlib.sha256(data_dir.database.read_bytes()).hexdigest() == before


def test_without_a_backup_a_damaged_database_is_refused_not_replaced(
    data_dir: DataDir, recorded_messages: list[messages.Message]
) -> None:
    damaged = damage(data_dir.database)
    assert recovery.open_or_recover(None, data_dir, data_dir.database, "en") is None
    (message,) = recorded_messages
    assert message.kind == "warning"
    assert data_dir.database.read_bytes() == damaged


def test_an_automatic_backup_is_taken_at_close(data_dir: DataDir) -> None:
    database = open_database(data_dir.database)
    database.close()
    recovery.back_up_at_close(database, data_dir)
    (taken,) = backups.list_backups(data_dir.backups, "cases")
    assert taken.kind == "auto"
    assert backups.verify_backup(taken.path) == taken.revision
