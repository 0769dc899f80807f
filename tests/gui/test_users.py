"""Who is working: the first user of an empty database, the last user preselected, Switch user, start-up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database
from assessor_app.core.services.review.workflow import list_users
from assessor_app.ui import preferences, users
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from assessor_app.ui.pages.settings_page import SettingsPage
from assessor_app.ui.users import NewUserDialog, WhoIsWorkingDialog
from tests.core.user_helpers import add_user
from tests.gui.qt_helpers import finish_tasks, press, type_chinese, type_keys


def show_active(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_the_first_user_of_an_empty_database_is_created_and_chosen(
    main_window: MainWindow,
    ui_context: UiContext,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    gui_thread_writes_forbidden: Database,
) -> None:
    show_active(main_window, qtbot)
    assert main_window.user_label.text() == "No user chosen (Ctrl+U)"
    seen: list[str] = []

    def answer(dialog: QDialog) -> bool:
        if isinstance(dialog, WhoIsWorkingDialog):
            seen.append(
                f"who: {dialog.user_list.count()} users, empty hint {not dialog.empty_label.isHidden()}"
            )
            assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
            dialog.show()  # Enter reaches the default button of a shown dialog only
            qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
            chosen = dialog.selected()
            seen.append(
                f"who: {dialog.user_list.count()} users, chosen {chosen.username if chosen else None}"
            )
            # Enter after creating the user chooses them: it does not open another "New user" dialog.
            focus = dialog.focusWidget()
            assert focus is dialog.user_list
            press(qtbot, focus, Qt.Key.Key_Return)
            return dialog.result() == QDialog.DialogCode.Accepted
        assert isinstance(dialog, NewUserDialog)
        seen.append("new user dialog")
        type_keys(qtbot, dialog.username_edit, "Bad Name!")
        dialog.save()  # refused: shown in the dialog, which stays open
        finish_tasks(qtbot)
        seen.append(f"new: {dialog.problem.text().splitlines()[0]}")
        dialog.username_edit.clear()
        type_keys(qtbot, dialog.username_edit, "taiman")
        type_chinese(dialog.display_name_edit, "陳大文")
        type_keys(qtbot, dialog.display_name_edit, " Tai Man CHAN")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("administrator"))
        dialog.save()
        finish_tasks(qtbot)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(users, "run_dialog", answer)
    press(qtbot, main_window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)

    assert seen == [
        "who: 0 users, empty hint True",
        "new user dialog",
        "new: The user cannot be saved.",
        "who: 1 users, chosen taiman",
    ]
    (user,) = list_users(ui_context.database)
    assert (user.username, user.display_name, user.role) == ("taiman", "陳大文 Tai Man CHAN", "administrator")
    assert ui_context.user == "taiman"
    assert main_window.user_label.text() == "User: 陳大文 Tai Man CHAN (Administrator)"
    assert preferences.open_settings(ui_context.data_dir).value(preferences.LAST_USER) == "taiman"
    intake_page = main_window.pages["intake"]
    assert isinstance(intake_page, IntakeFormPage)
    assert intake_page.operator() == "陳大文 Tai Man CHAN"


def test_the_last_user_is_preselected_and_not_now_keeps_the_current_one(
    main_window: MainWindow, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = ui_context.database
    add_user(database, "anna", "區安娜 Anna AU", "assessor")
    add_user(database, "sam", "施三 Sam SZE", "supervisor")
    main_window.settings.setValue(preferences.LAST_USER, "sam")
    preselected: list[str] = []

    def accept_preselected(dialog: QDialog) -> bool:
        assert isinstance(dialog, WhoIsWorkingDialog)
        chosen = dialog.selected()
        assert chosen is not None
        preselected.append(chosen.username)
        texts = [dialog.user_list.item(row).text() for row in range(dialog.user_list.count())]
        assert texts == [
            "First Administrator (Administrator) — firstadmin",  # who added them
            "區安娜 Anna AU (Assessor) — anna",
            "施三 Sam SZE (Supervisor) — sam",
        ]
        dialog.choose()
        return True

    monkeypatch.setattr(users, "run_dialog", accept_preselected)
    main_window.choose_user()
    assert preselected == ["sam"]
    assert ui_context.user == "sam"

    monkeypatch.setattr(users, "run_dialog", lambda _dialog: False)  # "Not now"
    main_window.choose_user()
    assert ui_context.user == "sam"


def test_switch_user_from_the_settings_page(
    main_window: MainWindow, ui_context: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = ui_context.database
    add_user(database, "anna", "區安娜 Anna AU", "assessor")
    add_user(database, "sam", "施三 Sam SZE", "supervisor")
    main_window.show_page("settings")
    settings_page = main_window.pages["settings"]
    assert isinstance(settings_page, SettingsPage)
    assert settings_page.user_name.text() == "Nobody chosen yet"
    assert settings_page.switch_user_button.text() == "Switch user… (Ctrl+U)"

    def pick(username: str) -> None:
        def choose(dialog: QDialog) -> bool:
            assert isinstance(dialog, WhoIsWorkingDialog)
            assert dialog.select(username)
            dialog.choose()
            return True

        monkeypatch.setattr(users, "run_dialog", choose)

    pick("anna")
    with qtbot.waitSignal(main_window.user_changed) as changed:
        qtbot.mouseClick(settings_page.switch_user_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert changed.args == ["anna"]
    assert settings_page.user_name.text() == "區安娜 Anna AU (Assessor)"
    pick("sam")
    qtbot.mouseClick(settings_page.switch_user_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert settings_page.user_name.text() == "施三 Sam SZE (Supervisor)"
    assert main_window.user_label.text() == "User: 施三 Sam SZE (Supervisor)"
    intake_page = main_window.pages["intake"]
    assert isinstance(intake_page, IntakeFormPage)
    assert intake_page.operator() == "施三 Sam SZE"
    assert intake_page.operator_edit.isReadOnly()  # who lodges is who is signed in, never typed
