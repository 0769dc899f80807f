"""The New user dialog on a database signed in to: the password is typed twice and then signs the user in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from assessor_app.core.security.sign_in import SignedIn, set_up, sign_in
from assessor_app.ui.users import NewUserDialog
from tests.gui.qt_helpers import finish_tasks


@pytest.fixture
def signed(tmp_path: Path) -> Iterator[SignedIn]:
    signed = set_up(tmp_path / "cases.sqlite3", "ada", "Ada ADMIN", "the administrator's password")
    yield signed
    signed.database.close()


def test_the_password_twice_then_the_user_signs_in(signed: SignedIn, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewUserDialog(signed.database, "en", actor="ada")
    qtbot.addWidget(dialog)
    assert dialog.with_password
    dialog.username_edit.setText("chloe")
    dialog.display_name_edit.setText("Chloe CHOI")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("intake_clerk"))
    dialog.password_edit.setText("chloe's password")
    dialog.again_edit.setText("chloe's passwrod")
    dialog.save()
    finish_tasks(qtbot)
    assert dialog.problem.text() == "The two passwords differ."
    assert dialog.result() != QDialog.DialogCode.Accepted

    dialog.again_edit.setText("chloe's password")
    dialog.save()
    finish_tasks(qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created is not None
    other = sign_in(tmp_path / "cases.sqlite3", "chloe", "chloe's password")
    try:
        assert other.role == "intake_clerk"
    finally:
        other.database.close()


def test_a_short_password_is_refused_in_the_dialog(signed: SignedIn, qtbot: QtBot) -> None:
    dialog = NewUserDialog(signed.database, "en", actor="ada")
    qtbot.addWidget(dialog)
    dialog.username_edit.setText("chloe")
    dialog.display_name_edit.setText("Chloe CHOI")
    dialog.password_edit.setText("short")
    dialog.again_edit.setText("short")
    dialog.save()
    finish_tasks(qtbot)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "8" in dialog.problem.text()
