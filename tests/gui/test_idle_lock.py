"""The idle lock: the timer and Ctrl+L lock, nothing personal stays visible, only the right password unlocks
(checked against a real keyring file, with its throttling), typing and open dialogs survive, switch user."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from assessor_app.core.db.database import Database
from assessor_app.core.security import keyring
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review.workflow import UserRow, create_user
from assessor_app.ui.case.particulars_dialog import ParticularsButton, ParticularsDialog
from assessor_app.ui.context import UiContext
from assessor_app.ui.lock import ActivityWatcher, idle_minutes
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.sign_in import session_check
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import CLERK, prepare_intake
from tests.gui.qt_helpers import finish_tasks, press, type_chinese, type_keys

PASSWORD = "correct horse battery"
OTHER_PASSWORD = "staple paper clip"
# The lodged applicant (tests.core.intake_helpers.valid_form) and the one being typed when it locks.
LODGED = ("陳大文", "A123456(3)", "A123456", "CHAN", "9123 4567", "taiman@example.com")
TYPED_NAME = "李小龍"
TYPED_HKID = "G1234560"
CTRL = Qt.KeyboardModifier.ControlModifier


@dataclass
class Session:
    window: MainWindow
    anna: UserRow
    ben: UserRow
    ring: Path


@pytest.fixture
def session(ui_context: UiContext, main_window: MainWindow, qtbot: QtBot) -> Session:
    """Anna signed in (a real keyring beside the database), a lodged case open, the window shown."""
    database: Database = ui_context.database
    anna = create_user(database, "anna", "區安娜 Anna AU", "administrator", actor="anna")
    ben = create_user(database, "ben", "Ben HO", "supervisor", actor="anna")
    event = prepare_intake(database)  # anna adds the clerk who lodged
    lodging.lodge_application(
        database, valid_form(event_id=event.id, qualification_ids=[1]), draft_uid=None, operator=CLERK
    )
    ring = keyring.keyring_path(database.path)
    data_key = keyring.create_keyring(ring, "anna", PASSWORD, params=keyring.FAST_PARAMS)
    keyring.add_user(ring, data_key, "ben", OTHER_PASSWORD, params=keyring.FAST_PARAMS)
    window = main_window
    window.set_user(anna)
    window.enable_lock(session_check(database), idle_ms=60_000)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return Session(window, anna, ben, ring)


def release(window: MainWindow) -> None:
    """End a test still locked: pytest-qt closes its windows before fixtures are torn down, and a locked
    window refuses to close. As if the right password had been checked."""
    assert window.unlock_dialog is not None
    window.unlock_dialog.unlocked.emit(window.current_user())
    assert not window.locked


def unlock(qtbot: QtBot, window: MainWindow, password: str, *, enter: bool = False) -> None:
    dialog = window.unlock_dialog
    assert dialog is not None
    type_keys(qtbot, dialog.password_edit, password)
    if enter:
        press(qtbot, dialog.password_edit, Qt.Key.Key_Return)
    else:
        dialog.unlock_button.click()
    finish_tasks(qtbot)


def visible_texts() -> list[str]:
    """Every text a person could read on the screen: titles, labels, fields, buttons, visible table cells."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, (QLabel | QAbstractButton, QLineEdit)):
                texts.append(widget.text())
            elif isinstance(widget, QTextEdit | QPlainTextEdit):
                texts.append(widget.toPlainText())
            elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model = widget.model()
                columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
                for row in range(model.rowCount()):
                    for column in range(columns):
                        texts.append(str(model.data(model.index(row, column)) or ""))
    return texts


def personal(texts: list[str]) -> list[str]:
    needles = (*LODGED, TYPED_NAME, TYPED_HKID, "Tai Man")
    return [text for text in texts if any(needle.lower() in text.lower() for needle in needles)]


def open_the_case_and_its_particulars(window: MainWindow, qtbot: QtBot) -> ParticularsDialog:
    window.show_page("cases")
    cases = window.cases_page
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1)
    cases.open_application(cases.model.record_id(cases.model.row_at(0)))
    assert cases.case_view is not None
    button = cases.case_view.findChild(ParticularsButton)
    assert button is not None
    dialog = button.open_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_the_idle_timer_locks_and_input_postpones_it(session: Session, qtbot: QtBot) -> None:
    window = session.window
    window.enable_lock(window.password_check, idle_ms=1_000)  # type: ignore[arg-type]
    # Typing keeps it open well past the idle time (4 x 400 ms against 1 s). A key that changes nothing
    # (Shift): a page switch would build the page and, on a loaded machine, eat the margin.
    for _ in range(4):
        qtbot.wait(400)
        press(qtbot, window.nav_list, Qt.Key.Key_Shift)
        assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=3_000)
    assert window.lock_label.isVisible()
    assert window.unlock_dialog is not None
    assert window.unlock_dialog.isVisible()
    assert not window.idle_watcher.active  # a locked screen does not lock again
    release(window)


def test_nothing_personal_is_visible_while_locked(session: Session, qtbot: QtBot) -> None:
    window = session.window
    window.show_page("intake")
    form = window.intake_page.form
    type_chinese(form.line_edits["name_zh"], TYPED_NAME)
    type_keys(qtbot, form.line_edits["hkid"], TYPED_HKID)
    assert personal(visible_texts())
    particulars = open_the_case_and_its_particulars(window, qtbot)
    assert personal(visible_texts()), "the test must see the applicant before the lock"

    particulars.activateWindow()
    qtbot.waitUntil(particulars.isActiveWindow)
    particulars.reason.setFocus()
    press(qtbot, particulars.reason, Qt.Key.Key_L, CTRL)  # from the case dialog, which has the keyboard

    assert window.locked
    assert personal(visible_texts()) == []
    for widget in (
        window.content,
        window.stack,
        window.nav_list,
        window.cases_page,
        window.intake_page,
        form,
    ):
        assert not widget.isVisible()
    # The case dialog is kept (hiding a QDialog would end it) but emptied and untitled.
    assert [child for child in particulars.findChildren(QWidget) if child.isVisible()] == []
    assert particulars.windowTitle().strip() == ""
    assert "陳" not in window.windowTitle()
    assert window.unlock_dialog is not None
    assert window.unlock_dialog.isVisible()
    release(window)


def test_only_the_right_password_unlocks_and_the_typing_survives(session: Session, qtbot: QtBot) -> None:
    window = session.window
    particulars = open_the_case_and_its_particulars(window, qtbot)
    particulars.reason.setText("typo on the form")  # unsaved input in the case dialog
    window.show_page("intake")
    form = window.intake_page.form
    type_chinese(form.line_edits["name_zh"], TYPED_NAME)
    type_keys(qtbot, form.line_edits["hkid"], TYPED_HKID)
    window.lock()

    unlock(qtbot, window, "not the password")
    assert window.locked
    dialog = window.unlock_dialog
    assert dialog is not None
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "Wrong user name or password."
    assert dialog.password_edit.text() == ""
    assert keyring.failures(session.ring, "anna") == (1, False)
    assert personal(visible_texts()) == []

    unlock(qtbot, window, PASSWORD, enter=True)  # Enter submits

    assert not window.locked
    assert keyring.failures(session.ring, "anna") == (0, False)
    assert window.intake_page.isVisible()
    assert form.line_edits["name_zh"].text() == TYPED_NAME
    assert form.line_edits["hkid"].text() == TYPED_HKID
    assert particulars.isVisible()  # the case dialog left open is back, as it was
    assert particulars.reason.text() == "typo on the form"
    assert window.current_user() == session.anna
    assert window.idle_watcher.active


def test_the_draft_is_saved_when_it_locks(session: Session, qtbot: QtBot, ui_context: UiContext) -> None:
    window = session.window
    window.show_page("intake")
    type_chinese(window.intake_page.form.line_edits["name_zh"], TYPED_NAME)
    window.lock()
    finish_tasks(qtbot)
    drafts = lodging.open_drafts(ui_context.database)
    assert [draft.form.name_zh for draft in drafts] == [TYPED_NAME]
    release(window)


def test_repeated_wrong_passwords_are_throttled_with_the_wait_shown(session: Session, qtbot: QtBot) -> None:
    window = session.window
    window.lock()
    for _ in range(keyring.THROTTLE_AFTER):
        unlock(qtbot, window, "wrong again")
    unlock(qtbot, window, PASSWORD)  # even the right password waits now
    assert window.locked
    assert window.unlock_dialog is not None
    text = window.unlock_dialog.problem.text()
    assert text.startswith("Too many wrong passwords for anna: wait ")
    assert "seconds" in text
    release(window)


def test_a_dialog_in_its_own_exec_loop_is_emptied_not_ended(session: Session, qtbot: QtBot) -> None:
    window = session.window
    dialog = QDialog(window)
    dialog.setWindowTitle("陳大文 A123456(3)")
    field = QLineEdit("A123456(3)", dialog)
    seen: dict[str, object] = {}

    def while_open() -> None:
        window.lock()
        seen["locked texts"] = personal(visible_texts())
        seen["field visible"] = field.isVisible()
        unlock(qtbot, window, PASSWORD)
        seen["field back"] = field.isVisible()
        seen["title back"] = dialog.windowTitle()
        dialog.accept()

    QTimer.singleShot(0, while_open)
    assert dialog.exec() == QDialog.DialogCode.Accepted  # the lock did not end the dialog's loop
    assert seen == {
        "locked texts": [],
        "field visible": False,
        "field back": True,
        "title back": "陳大文 A123456(3)",
    }


def test_switch_user_on_the_lock_screen_signs_in_another_user(session: Session, qtbot: QtBot) -> None:
    window = session.window
    particulars = open_the_case_and_its_particulars(window, qtbot)
    window.lock()
    dialog = window.unlock_dialog
    assert dialog is not None
    dialog.switch_button.click()
    assert dialog.username_edit.isVisible()
    type_keys(qtbot, dialog.username_edit, "ben")
    unlock(qtbot, window, PASSWORD)  # Anna's password is not Ben's
    assert window.locked
    dialog.username_edit.setText("ben")
    unlock(qtbot, window, OTHER_PASSWORD)
    assert not window.locked
    assert window.current_user() == session.ben
    assert window.user_label.text() == "User: Ben HO (Supervisor)"
    assert not isValid(particulars) or not particulars.isVisible()  # Anna's dialog went with her


def test_ctrl_u_after_sign_in_asks_for_a_password(session: Session, qtbot: QtBot) -> None:
    window = session.window
    press(qtbot, window, Qt.Key.Key_U, CTRL)
    assert window.locked
    assert window.unlock_dialog is not None
    assert window.unlock_dialog.someone_else
    release(window)


def test_escape_and_closing_do_not_leave_the_lock_screen(session: Session, qtbot: QtBot) -> None:
    window = session.window
    window.lock()
    dialog = window.unlock_dialog
    assert dialog is not None
    press(qtbot, dialog.password_edit, Qt.Key.Key_Escape)
    dialog.close()
    window.close()
    assert window.locked
    assert dialog.isVisible()
    assert window.isVisible()
    release(window)


def test_no_lock_before_anyone_signed_in(main_window: MainWindow) -> None:
    main_window.lock()
    assert not main_window.locked
    assert not main_window.lock_action.isEnabled()


def test_the_idle_setting_is_read_as_minutes() -> None:
    assert idle_minutes(None) == 5
    assert idle_minutes("2") == 2
    assert idle_minutes("0") == 5
    assert idle_minutes("lots") == 5
    watcher = ActivityWatcher(1000)
    watcher.set_interval_ms(250)
    assert watcher.interval_ms == 250
