"""The Settings page's agency box: an administrator edits the contacts (checked as the core checks them);
anyone else sees why not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from assessor_app.core.services.catalogue.agency_contacts import agency_contacts
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.settings_page import SettingsPage
from tests.core.test_assessment import lodge_case
from tests.gui.qt_helpers import click, finish_tasks, press, type_chinese, type_keys


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot) -> Iterator[SettingsPage]:
    lodge_case(ui_context.database)  # users of every role, a HKU SPACE event and one case
    ui_context.user = "admin"
    widget = SettingsPage(ui_context)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    yield widget
    widget.close()


def _retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    press(qtbot, edit, Qt.Key.Key_Delete)
    if text.isascii():
        type_keys(qtbot, edit, text)
    else:
        type_chinese(edit, text)


def test_an_administrator_edits_the_contacts_of_the_events_agency(
    page: SettingsPage, qtbot: QtBot, ui_context: UiContext
) -> None:
    box = page.agency
    assert box.agency.currentData() == "HKUSPACE"
    assert box.phone.text() == "+852 2975 8800"
    _retype(qtbot, box.phone, "3762 0000")
    _retype(qtbot, box.hours, "星期一至五 9:00-18:00")
    click(qtbot, box.save_button, box.save_button.rect().center())
    finish_tasks(qtbot)
    saved = agency_contacts(ui_context.database, "HKUSPACE")
    assert (saved.phone, saved.hours) == ("3762 0000", "星期一至五 9:00-18:00")
    assert saved.address == "香港金鐘道89號力寶中心"
    assert box.problems.isHidden()


def test_invalid_values_are_named_in_the_interface_language_and_not_saved(
    page: SettingsPage, qtbot: QtBot, ui_context: UiContext
) -> None:
    ui_context.language = "zh_HK"
    box = page.agency
    _retype(qtbot, box.phone, "call us")
    _retype(qtbot, box.email, "rpl.example.org")
    click(qtbot, box.save_button, box.save_button.rect().center())
    finish_tasks(qtbot)
    assert not box.problems.isHidden()
    assert "電話" in box.problems.text()
    assert "電郵地址格式不正確" in box.problems.text()
    assert "digits" not in box.problems.text()
    assert agency_contacts(ui_context.database, "HKUSPACE").phone == "+852 2975 8800"


def test_a_supervisor_sees_the_contacts_but_may_not_change_them(
    page: SettingsPage, ui_context: UiContext
) -> None:
    ui_context.user = "supervisor"
    page.refresh()
    box = page.agency
    assert box.phone.text() == "+852 2975 8800"
    assert not box.phone.isEnabled()
    assert not box.save_button.isEnabled()
    assert not box.permission_note.isHidden()
    assert box.save() is None
