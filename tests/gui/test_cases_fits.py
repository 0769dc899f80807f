"""The Cases list on a 1366x768 laptop screen, in English and in Chinese: the default columns fit without a
sideways scroll, reference numbers whole, long headings shortened with their tooltip; a heading's menu
shows or hides a column, remembered in the data folder's settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.ui import i18n, preferences
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.cases_page import CasesPage
from tests.gui.qt_helpers import finish_tasks, press
from tests.gui.test_intake_fits import LAPTOP_CLIENT

DEFAULT_COLUMNS = [
    "reference_no",
    "duplicate",
    "name_zh",
    "name_en",
    "hkid",
    "qualifications",
    "status",
    "event",
    "station",
    "eligibility",
    "assessor",
    "outstanding",
    "updated_at",
]


def laptop_cases_page(window: MainWindow, qtbot: QtBot, language: str = i18n.ENGLISH) -> CasesPage:
    """The main window at a laptop's 1366x698 in ``language``, showing the Cases page, its list loaded."""
    window.set_language(language)
    window.resize(LAPTOP_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("cases")
    finish_tasks(qtbot)
    return window.cases_page


def shown_columns(page: CasesPage) -> list[str]:
    model = page.model
    return [key for key in model.column_keys() if not page.table.isColumnHidden(model.column_index(key))]


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_cases_list_fits_a_1366_by_768_screen(
    ui_context: UiContext, main_window: MainWindow, qtbot: QtBot, language: str
) -> None:
    generate_demo(ui_context.database, applications=30, seed=2023)
    page = laptop_cases_page(main_window, qtbot, language)
    QApplication.processEvents()
    table, model = page.table, page.model
    assert model.rowCount() > 0
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width(), (header.length(), table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0
    assert shown_columns(page) == DEFAULT_COLUMNS
    # The reference number whole, the qualifications with room to read.
    reference = model.column_index("reference_no")
    widest = max(table.fontMetrics().horizontalAdvance(row.reference_no or "") for row in model.rows)
    assert header.sectionSize(reference) >= widest + 8
    assert header.sectionSize(model.column_index("qualifications")) >= 150
    # The outstanding documents' count under its whole heading; a shortened heading is whole in its tooltip.
    outstanding = model.column_index("outstanding")
    heading = str(model.headerData(outstanding, Qt.Orientation.Horizontal))
    assert header.sectionSize(outstanding) >= header.fontMetrics().horizontalAdvance(heading) + 8
    names = model.column_index("name_en")
    assert model.headerData(names, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        model.headerData(names, Qt.Orientation.Horizontal)
    )


def test_a_column_hidden_from_the_heading_menu_stays_hidden(ui_context: UiContext, qtbot: QtBot) -> None:
    page = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(page)
    menu = page.columns.menu()
    names = [action.objectName() for action in menu.actions()]
    assert "cases_column_reference_no" not in names  # always shown
    station = menu.findChild(QAction, "cases_column_station")
    assert station is not None
    assert station.isChecked()
    station.setChecked(False)
    application_date = menu.findChild(QAction, "cases_column_application_date")
    assert application_date is not None
    assert not application_date.isChecked()
    application_date.setChecked(True)
    assert page.table.isColumnHidden(page.model.column_index("station"))
    settings = preferences.open_settings(ui_context.data_dir)
    assert settings.value(preferences.CASES_HIDDEN_COLUMNS) in ("station", ["station"])

    again = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(again)
    assert "station" not in shown_columns(again)
    assert "application_date" in shown_columns(again)
    again.columns.set_shown("station", True)
    third = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(third)
    assert shown_columns(third) == [*DEFAULT_COLUMNS[:-1], "application_date", "updated_at"]


def test_the_column_menu_opens_from_the_keyboard(ui_context: UiContext, qtbot: QtBot) -> None:
    """The heading menu needs a mouse; the "Columns…" button beside the count is a Tab stop that opens it."""
    page = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    button = page.columns.button
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.setFocus()
    press(qtbot, button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.columns.shown_menu is not None and page.columns.shown_menu.isVisible())
    menu = page.columns.shown_menu
    assert menu is not None
    station = menu.findChild(QAction, "cases_column_station")
    assert station is not None
    assert station.isChecked()
    menu.setActiveAction(station)
    press(qtbot, menu, Qt.Key.Key_Return)  # untick it, as Enter does in any menu
    assert page.table.isColumnHidden(page.model.column_index("station"))


def test_hiding_the_qualifications_leaves_no_blank_strip(main_window: MainWindow, qtbot: QtBot) -> None:
    """The qualifications column takes the width left; hidden, the last shown column takes it instead."""
    page = laptop_cases_page(main_window, qtbot)
    header = page.table.horizontalHeader()

    def blank() -> int:
        QApplication.processEvents()
        return page.table.viewport().width() - header.length()

    assert blank() == 0
    page.columns.set_shown("qualifications", False)
    assert blank() == 0
    page.columns.set_shown("qualifications", True)
    assert blank() == 0
    assert not header.stretchLastSection()
