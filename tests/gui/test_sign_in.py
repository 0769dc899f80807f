"""Signing in to the GUI (first run: test_first_run.py): the sign-in dialog (Enter, wrong password,
throttling shown inline), an old clear database refused with a way forward; real keyring and SQLCipher files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import open_database
from assessor_app.core.paths import DataDir
from assessor_app.core.security import keyring
from assessor_app.core.security.sign_in import set_up
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review import accounts
from assessor_app.ui import messages
from assessor_app.ui.intake import dialogs as intake_dialogs
from assessor_app.ui.sign_in import SignInDialog
from tests.core.intake_helpers import valid_form
from tests.gui.qt_helpers import finish_tasks, press, type_keys
from tests.gui.sign_in_helpers import answer_with, run_app

ADMIN_PASSWORD = "harbour lights 42"
ANNA_PASSWORD = "anna's long password"


@pytest.fixture
def folder(tmp_path: Path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    data_dir.ensure()
    return data_dir


@pytest.fixture
def signed_up(folder: DataDir) -> DataDir:
    """A laptop set up with the administrator ``admin`` and the assessor ``anna``, and a draft left open."""
    signed = set_up(folder.database, "admin", "Ada ADMIN", ADMIN_PASSWORD, backups_dir=folder.backups)
    try:
        accounts.add_user(signed.database, "anna", "區安娜 Anna AU", "assessor", ANNA_PASSWORD, actor="admin")
        lodging.save_draft(signed.database, "left-open", valid_form())
    finally:
        signed.database.close()
    return folder


def test_wrong_password_is_shown_inline_and_enter_signs_in(
    signed_up: DataDir,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        assert not dialog.demo_hint.isVisibleTo(dialog)
        type_keys(qtbot, dialog.username_edit, "anna")
        type_keys(qtbot, dialog.password_edit, "guess")
        press(qtbot, dialog.password_edit, Qt.Key.Key_Return)
        assert not dialog.ok_button.isEnabled()  # one attempt at a time, off the GUI thread
        finish_tasks(qtbot)
        seen.append(dialog.problem.text())
        seen.append(f"password kept: {dialog.password_edit.text()!r}")
        assert dialog.result() != QDialog.DialogCode.Accepted
        type_keys(qtbot, dialog.password_edit, ANNA_PASSWORD)
        press(qtbot, dialog.password_edit, Qt.Key.Key_Return)
        finish_tasks(qtbot)

    drafts: list[str] = []
    answer_with(monkeypatch, fill)

    def offered(_dialog: QDialog) -> bool:
        drafts.append("offered")
        return False

    monkeypatch.setattr(intake_dialogs, "run_dialog", offered)
    assert run_app(signed_up) == (0, ["User: 區安娜 Anna AU (Assessor)", "lock armed: True"])
    assert seen == ["Wrong user name or password.", "password kept: ''"]
    assert drafts == ["offered"]  # drafts are offered only after signing in
    assert keyring.failures(keyring.keyring_path(signed_up.database), "anna") == (0, False)
    assert recorded_messages == []


def test_repeated_failures_show_the_wait_and_quit_leaves(
    signed_up: DataDir, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        type_keys(qtbot, dialog.username_edit, "anna")
        for _ in range(keyring.THROTTLE_AFTER + 1):
            type_keys(qtbot, dialog.password_edit, "guess")
            dialog.submit()
            finish_tasks(qtbot)
        seen.append(dialog.problem.text())
        dialog.reject()  # Quit

    answer_with(monkeypatch, fill)
    assert run_app(signed_up) == (0, [])
    (text,) = seen
    assert text.startswith("Too many wrong passwords for anna: wait ")
    assert text.endswith(" seconds before trying again.")


def test_the_dialog_speaks_both_languages(signed_up: DataDir, qtbot: QtBot) -> None:
    dialog = SignInDialog(signed_up.database, lambda _u, _p: None)
    qtbot.addWidget(dialog)
    assert dialog.ok_button.text() == "Sign in"
    assert dialog.language_button.text() == "繁體中文"
    dialog.language_button.click()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "登入")
    assert dialog.windowTitle() == "登入"
    assert dialog.language_button.text() == "English"
    dialog.language_button.click()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "Sign in")


def test_an_old_clear_database_is_refused_with_the_way_forward(
    folder: DataDir, recorded_messages: list[messages.Message]
) -> None:
    open_database(folder.database).close()
    before = folder.database.read_bytes()
    assert run_app(folder) == (1, [])
    (message,) = recorded_messages
    assert "is not encrypted" in message.text
    assert "尚未加密" in message.text
    assert "assessor-app init --admin" in message.text
    assert folder.database.read_bytes() == before
    assert not keyring.exists(keyring.keyring_path(folder.database))


def test_a_new_demo_is_set_up_and_signed_in_as_demo(
    folder: DataDir, recorded_messages: list[messages.Message]
) -> None:
    code, seen = run_app(folder, demo=True)
    assert code == 0
    assert seen[0].startswith("User: 示範管理員 Demo administrator")
    assert keyring.is_demo(keyring.keyring_path(folder.demo_database))
    assert recorded_messages == []
