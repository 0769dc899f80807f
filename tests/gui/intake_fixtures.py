"""Fixtures and keyboard helpers for the intake form tests: a station, an event and the page shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.intake import lodging
from assessor_app.ui import tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.gui.qt_helpers import press, type_keys

EVENT_DAY = date(2023, 11, 8)
STATION = "LT01"
OPERATOR = "Clerk Wong"


def prepare_intake(database: Database) -> lodging.EventRow:
    """This laptop is LT01; an elderly-care promotion day (HKAG's fee table) is held on EVENT_DAY."""
    lodging.set_local_station(database, STATION)
    lodging.set_setting(database, lodging.OPERATOR_SETTING, OPERATOR)
    return lodging.create_event(
        database,
        name="安老院舍推廣日 Care home promotion day",
        host_organisation="Happy Valley Care Home",
        venue="Happy Valley",
        event_date=EVENT_DAY,
        agency_code="HKAG",
    )


def qualification_id(database: Database, title_en: str) -> int:
    return next(row.id for row in list_qualifications(database) if row.title_en == title_en)


def build_page(context: UiContext, qtbot: QtBot) -> IntakeFormPage:
    page = IntakeFormPage(context, today=lambda: EVENT_DAY)
    qtbot.addWidget(page)
    page.resize(1400, 1000)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


def close_page(page: IntakeFormPage) -> None:
    """Close (which saves any unsaved typing) and let the background saves finish."""
    page.close()
    assert tasks.wait_for_all(30_000)
    QApplication.processEvents()


@pytest.fixture
def intake_event(ui_context: UiContext) -> lodging.EventRow:
    return prepare_intake(ui_context.database)


@pytest.fixture
def intake_page(
    ui_context: UiContext, intake_event: lodging.EventRow, qtbot: QtBot
) -> Iterator[IntakeFormPage]:
    page = build_page(ui_context, qtbot)
    assert page.current_event() == intake_event
    yield page
    close_page(page)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_here(qtbot: QtBot, text: str) -> None:
    """Type ASCII one key at a time into whatever has the focus (a table cell opens its editor)."""
    for character in text:
        type_keys(qtbot, focused(), character)


def key(qtbot: QtBot, which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the focus."""
    press(qtbot, focused(), which, modifier)
