"""The first-run wizard driven by the keyboard alone on a new laptop: agency contacts, station, a second
user, then Set up writes a real encrypted database whose administrator signs in; nothing before Set up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.db import cipher
from assessor_app.core.paths import DataDir
from assessor_app.core.security import keyring
from assessor_app.core.security.sign_in import sign_in
from assessor_app.core.services.catalogue.agency_contacts import agency_contacts
from assessor_app.core.services.intake.lodging import local_station
from assessor_app.core.services.review.workflow import list_users
from assessor_app.ui import messages
from assessor_app.ui.first_run import FirstRunWizard
from tests.gui.qt_helpers import finish_tasks, press, type_chinese, type_keys
from tests.gui.sign_in_helpers import answer_with, run_app

ADMIN_PASSWORD = "harbour lights 42"
CLERK_PASSWORD = "counter at nine"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def typed(qtbot: QtBot, text: str, *, then: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Type into whatever has the focus, then press ``then`` there (Tab: the next field)."""
    type_keys(qtbot, focused(), text)
    press(qtbot, focused(), then)


@pytest.fixture
def folder(tmp_path: Path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    data_dir.ensure()
    return data_dir


def test_the_wizard_sets_a_laptop_up_by_keyboard_and_its_administrator_signs_in(
    folder: DataDir, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, recorded_messages: list[messages.Message]
) -> None:
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstRunWizard)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.admin_page.username_edit)
        typed(qtbot, "Ada")
        type_chinese(focused(), "艾達")
        typed(qtbot, " Ada ADMIN")
        typed(qtbot, ADMIN_PASSWORD)
        typed(qtbot, "harbour lights 24", then=Qt.Key.Key_Return)  # Enter: Next, refused on this page
        seen.append(dialog.admin_page.problem.text())
        assert dialog.currentPage() is dialog.admin_page
        assert focused() is dialog.admin_page.again_edit
        typed(qtbot, ADMIN_PASSWORD, then=Qt.Key.Key_Return)
        assert dialog.currentPage() is dialog.agency_page
        assert not folder.database.exists()  # nothing is written before Set up
        assert focused() is dialog.agency_page.agency
        press(qtbot, focused(), Qt.Key.Key_Tab)  # the address
        typed(qtbot, "1 Harbour Road, Wan Chai")
        typed(qtbot, "2345 678", then=Qt.Key.Key_Return)  # a phone of 7 digits is refused
        seen.append(dialog.agency_page.problem.text())
        assert focused() is dialog.agency_page.phone
        press(qtbot, focused(), Qt.Key.Key_End)
        typed(qtbot, "9", then=Qt.Key.Key_Return)
        assert dialog.currentPage() is dialog.station_page
        assert focused() is dialog.station_page.station
        typed(qtbot, "lt07", then=Qt.Key.Key_Return)  # the seeded catalogue kept
        assert dialog.currentPage() is dialog.users_page
        assert focused() is dialog.users_page.username_edit
        typed(qtbot, "mlwong")
        typed(qtbot, "May WONG")
        press(qtbot, focused(), Qt.Key.Key_Home)  # the role: Intake clerk, the first
        press(qtbot, focused(), Qt.Key.Key_Tab)
        typed(qtbot, CLERK_PASSWORD)
        typed(qtbot, CLERK_PASSWORD, then=Qt.Key.Key_Return)  # Next: not before the typed user is added
        assert dialog.currentPage() is dialog.users_page
        seen.append(dialog.users_page.problem.text())
        assert focused() is dialog.users_page.add_button
        press(qtbot, focused(), Qt.Key.Key_Return)  # Add
        seen.append(dialog.users_page.user_list.item(0).text())
        assert focused() is dialog.users_page.username_edit
        # Enter after adding a user moves on: it does not add (or open) another one.
        press(qtbot, focused(), Qt.Key.Key_Return)
        assert dialog.currentPage() is dialog.summary_page
        assert dialog.users_page.user_list.count() == 1
        seen.append(dialog.summary_page.summary.text())
        press(qtbot, dialog, Qt.Key.Key_Return)  # Set up
        finish_tasks(qtbot)

    answer_with(monkeypatch, fill)
    assert run_app(folder) == (0, ["User: 艾達 Ada ADMIN (Administrator)", "lock armed: True"])
    assert seen == [
        "The two passwords are not the same.",
        "Phone: digits, +, spaces, dashes and brackets only, 8 to 15 digits ('2345 678')",
        "Add the user typed to the list (or clear the user name) before going on.",
        "May WONG — mlwong (Intake clerk)",
        "Administrator: 艾達 Ada ADMIN (ada)\nAgency contacts: Clothing Industry Training Authority (CITA)\nStation: LT07\n"
        "Catalogue: the one shipped with the app\nUser: May WONG (mlwong), Intake clerk",
    ]
    assert keyring.usernames(keyring.keyring_path(folder.database)) == ["ada", "mlwong"]
    assert not cipher.is_clear(folder.database)
    signed = sign_in(folder.database, "mlwong", CLERK_PASSWORD)
    try:
        assert sorted((user.username, user.role) for user in list_users(signed.database)) == [
            ("ada", "administrator"),
            ("mlwong", "intake_clerk"),
        ]
        contacts = agency_contacts(signed.database, "CITA")
        assert (contacts.address, contacts.phone) == ("1 Harbour Road, Wan Chai", "2345 6789")
        assert local_station(signed.database) == "LT07"
    finally:
        signed.database.close()
    assert recorded_messages == []


def test_quitting_the_wizard_leaves_no_database(
    folder: DataDir, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def quit_at_agency(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstRunWizard)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.admin_page.username_edit)
        typed(qtbot, "ada")
        typed(qtbot, "")
        typed(qtbot, ADMIN_PASSWORD)
        typed(qtbot, ADMIN_PASSWORD, then=Qt.Key.Key_Return)
        assert dialog.currentPage() is dialog.agency_page
        press(qtbot, focused(), Qt.Key.Key_Escape)

    answer_with(monkeypatch, quit_at_agency)
    assert run_app(folder) == (0, [])
    assert not folder.database.exists()
    assert not keyring.exists(keyring.keyring_path(folder.database))
