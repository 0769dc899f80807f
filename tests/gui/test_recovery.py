"""Start-up durability in the GUI: a second copy is refused, a damaged database offers the newest good
backup once the password has unlocked its key (never a new empty database), an automatic backup is taken at
close."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from assessor_app.core.db import backups
from assessor_app.core.db.database import open_database
from assessor_app.core.paths import DataDir
from assessor_app.core.security.sign_in import set_up, sign_in
from assessor_app.core.services import audit
from assessor_app.core.services.intake import lodging
from assessor_app.ui import messages, recovery
from assessor_app.ui.app import run_gui
from assessor_app.ui.intake import dialogs as intake_dialogs
from tests.core.intake_helpers import valid_form
from tests.gui.qt_helpers import finish_tasks, press, type_keys
from tests.gui.sign_in_helpers import answer_with, run_app

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


ADMIN_PASSWORD = "harbour lights 42"


@pytest.fixture
def signed_up(tmp_path: Path) -> DataDir:
    """An encrypted laptop set up with the administrator ``admin``, some history, and a good backup."""
    folder = DataDir(tmp_path / "signed")
    folder.ensure()
    signed = set_up(folder.database, "admin", "Ada ADMIN", ADMIN_PASSWORD, backups_dir=folder.backups)
    try:
        lodging.save_draft(signed.database, "kept", valid_form())
        backups.take_backup(folder.database, folder.backups, key=signed.database.data_key, kind="auto")
    finally:
        signed.database.close()
    return folder


def sign_in_as_admin(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill(dialog: QDialog) -> None:
        type_keys(qtbot, dialog.username_edit, "admin")  # type: ignore[attr-defined]
        type_keys(qtbot, dialog.password_edit, ADMIN_PASSWORD)  # type: ignore[attr-defined]
        press(qtbot, dialog.password_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
        finish_tasks(qtbot)

    answer_with(monkeypatch, fill)


def test_a_damaged_database_offers_the_newest_good_backup_after_sign_in(
    signed_up: DataDir, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    (good,) = backups.list_backups(signed_up.backups, signed_up.database.stem)
    damaged = damage(signed_up.database)
    asked: list[messages.Message] = []

    def answer_yes(message: messages.Message) -> bool:
        asked.append(message)
        return True

    monkeypatch.setattr(messages, "hook", answer_yes)
    monkeypatch.setattr(intake_dialogs, "run_dialog", lambda _dialog: False)  # the kept draft's offer
    sign_in_as_admin(qtbot, monkeypatch)
    assert run_app(signed_up) == (0, ["User: Ada ADMIN (Administrator)", "lock armed: True"])
    (question,) = asked
    assert question.kind == "question"
    assert str(good.path) in question.text
    assert "最新完好備份" in question.text
    assert "recorded in the audit trail" in question.text
    kept = [p for p in signed_up.backups.iterdir() if p.name.startswith("cases-damaged-")]
    assert [p.read_bytes() for p in kept if p.suffix == ".sqlite3"] == [damaged]
    signed = sign_in(signed_up.database, "admin", ADMIN_PASSWORD, backups_dir=signed_up.backups)
    try:
        history = audit.history(signed.database, good.path.name)
        assert [(entry.actor, entry.action) for entry in history] == [("admin", "restored")]
        assert audit.verify_chain(signed.database).intact
    finally:
        signed.database.close()


def test_declining_the_backup_leaves_the_damaged_file_as_it_is(
    signed_up: DataDir,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    damage(signed_up.database)
    before = hashlib.sha256(signed_up.database.read_bytes()).hexdigest()
    sign_in_as_admin(qtbot, monkeypatch)
    assert run_app(signed_up) == (1, [])
    assert [message.kind for message in recorded_messages] == ["question", "warning"]
    assert "damaged" in recorded_messages[1].text
    assert hashlib.sha256(signed_up.database.read_bytes()).hexdigest() == before


def test_without_a_backup_a_damaged_database_is_refused_not_replaced(
    signed_up: DataDir,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    for backup in signed_up.backups.iterdir():
        backup.unlink()
    damaged = damage(signed_up.database)
    sign_in_as_admin(qtbot, monkeypatch)
    assert run_app(signed_up) == (1, [])
    (message,) = recorded_messages
    assert message.kind == "warning"
    assert signed_up.database.read_bytes() == damaged


def test_an_automatic_backup_is_taken_at_close(data_dir: DataDir) -> None:
    database = open_database(data_dir.database)
    database.close()
    recovery.back_up_at_close(database, data_dir)
    (taken,) = backups.list_backups(data_dir.backups, "cases")
    assert taken.kind == "auto"
    assert backups.verify_backup(taken.path) == taken.revision
