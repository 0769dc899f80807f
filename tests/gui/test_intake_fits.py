"""The intake page fits a 1366x768 laptop screen in English and in Chinese: the window's smallest size, the
form's width without a sideways scroll, every employment column in view, the table and its buttons at once,
and the event's queue beside it with every column in view and names whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import CLERK, prepare_intake, qualification_id

# A 1366x768 screen less a taskbar (40 px) and a maximised window's title bar (30 px).
LAPTOP_CLIENT = QSize(1366, 768 - 40 - 30)


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_intake_form_fits_a_1366_by_768_screen(
    ui_context: UiContext, main_window: MainWindow, qtbot: QtBot, language: str
) -> None:
    prepare_intake(ui_context.database)
    window = main_window
    window.set_language(language)
    window.resize(LAPTOP_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("intake")
    page = window.findChild(IntakeFormPage)
    assert isinstance(page, IntakeFormPage)
    page.form.add_employment_row()  # a row, so its cells are laid out
    QApplication.processEvents()
    assert window.size() == LAPTOP_CLIENT

    smallest = window.minimumSizeHint()
    assert smallest.width() <= LAPTOP_CLIENT.width(), smallest
    assert smallest.height() <= LAPTOP_CLIENT.height(), smallest

    # The form is as wide as it needs to be: it scrolls down, never sideways.
    viewport = page.form_scroll.viewport()
    assert page.form.minimumSizeHint().width() <= viewport.width(), (
        page.form.minimumSizeHint(),
        viewport.size(),
    )
    assert page.form_scroll.horizontalScrollBar().maximum() == 0

    # Every column of the employment table in view, each wide enough for its heading.
    table = page.form.employment_table
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width(), (header.length(), table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0
    model = page.form.employment_model
    shown = [column for column in range(model.columnCount()) if not table.isColumnHidden(column)]
    assert [model.columns[column].key for column in shown] == [
        "employer",
        "post",
        "industry",
        "start",
        "end",
        "present",
    ]
    for column in shown:
        title = str(model.headerData(column, header.orientation()))
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title

    # The table with its row buttons and hint can be seen whole, without scrolling between them.
    box = page.form.employment_box
    assert box.minimumSizeHint().height() <= viewport.height(), (box.minimumSizeHint(), viewport.size())


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_queue_shows_every_column_and_whole_names_at_1366_by_768(
    ui_context: UiContext, main_window: MainWindow, qtbot: QtBot, language: str
) -> None:
    event = prepare_intake(ui_context.database)
    form = valid_form(
        event_id=event.id, qualification_ids=[qualification_id(ui_context.database, "Infection control")]
    )
    lodging.lodge_application(
        ui_context.database, form, draft_uid=None, operator=CLERK, today=event.event_date
    )
    window = main_window
    window.set_language(language)
    window.resize(LAPTOP_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("intake")
    page = window.intake_page
    page.select_event(event.id)
    page.refresh_queue()
    QApplication.processEvents()

    table = page.queue.queue_table
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width(), (header.length(), table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0
    model = page.queue_model
    name = str(model.index(0, model.column_index("name")).data())
    assert table.columnWidth(model.column_index("name")) >= table.fontMetrics().horizontalAdvance(name), name
    for column in range(model.columnCount()):
        title = str(model.headerData(column, header.orientation()))
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
