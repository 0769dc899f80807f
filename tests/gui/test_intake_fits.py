"""The intake page fits a 1366x768 laptop screen in English and in Chinese: the window's smallest size, the
form's width without a sideways scroll, every employment column in view, the table and its buttons at once,
a standard application without scrolling (the side panel hidden, the statement a button away), and the
event's queue, once shown, with every column in view and names whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QStyle
from pytestqt.qtbot import QtBot

from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n, preferences
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import pics_box
from assessor_app.ui.intake.pics import PICS_EN, PICS_ZH, bilingual_pics
from assessor_app.ui.intake.pics_box import PicsDialog
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import CLERK, CTRL, SHIFT, key, prepare_intake, qualification_id

# A 1366x768 screen less a taskbar (40 px) and a maximised window's title bar (30 px).
LAPTOP_CLIENT = QSize(1366, 768 - 40 - 30)


@pytest.fixture(params=[i18n.ENGLISH, i18n.CHINESE])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def laptop_page(
    ui_context: UiContext, main_window: MainWindow, qtbot: QtBot, language: str
) -> IntakeFormPage:
    """The intake page of the main window in ``language``, the window at a laptop's 1366x698, the
    promotion day prepared (``intake_fixtures.prepare_intake``) and chosen."""
    event = prepare_intake(ui_context.database)
    window = main_window
    window.set_language(language)
    window.resize(LAPTOP_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("intake")
    assert window.size() == LAPTOP_CLIENT
    window.intake_page.select_event(event.id)
    return window.intake_page


def settled(qtbot: QtBot) -> None:
    """The live check runs once typing pauses; its problems shown or hidden, the layout settles."""
    qtbot.wait(200)


def test_the_intake_form_fits_a_1366_by_768_screen(
    laptop_page: IntakeFormPage, main_window: MainWindow
) -> None:
    page = laptop_page
    window = main_window
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


def a_standard_application(event_id: int, qualification: int) -> ApplicationForm:
    """Particulars, two jobs, one qualification, the fee paid, the statement acknowledged."""
    return ApplicationForm(
        event_id=event_id,
        received_on=date.today().isoformat(),
        name_zh="陳大文",
        surname_en="CHAN",
        given_names_en="Tai Man",
        hkid="A123456(3)",
        residence_status="A",
        date_of_birth="15/03/1985",
        phone="9123 4567",
        email="taiman@example.com",
        address="香港大嶼山東涌富東邨富東樓 1 號",
        hkid_original_seen=True,
        employment=[
            EmploymentEntry(
                employer="Harbour Elderly Home 海港安老院",
                post="Care worker 護理員",
                industry="Elderly care",
                start="2015-04-01",
                end="2019-12-31",
            ),
            EmploymentEntry(
                employer="Happy Valley Care Home",
                post="Senior care worker",
                industry="Elderly care",
                start="2020-01-01",
                present=True,
            ),
        ],
        qualification_ids=[qualification],
        fee_paid=True,
        fee_receipt_no="R-1234",
        pics_acknowledged=True,
    )


def test_a_standard_application_fits_a_1366_by_768_screen_without_scrolling(
    laptop_page: IntakeFormPage, ui_context: UiContext, main_window: MainWindow, qtbot: QtBot
) -> None:
    page = laptop_page
    qualification = list_qualifications(ui_context.database)[0].id
    page.form.load(a_standard_application(page.current_event().id, qualification))  # type: ignore[union-attr]
    settled(qtbot)
    assert main_window.size() == LAPTOP_CLIENT

    # Every field of the application, the statement's tick and the lodge button at once: no scrolling.
    viewport = page.form_scroll.viewport()
    assert page.form_scroll.verticalScrollBar().maximum() == 0, (page.form.minimumSizeHint(), viewport.size())
    assert page.form_scroll.horizontalScrollBar().maximum() == 0
    assert page.lodge_button.isVisible()
    # The side panel is out of the way on a laptop; the statement is one line with its tick in view.
    assert not page.side_tabs.isVisible()
    assert page.side_panel.button.isVisible()
    assert page.form.checks["pics_acknowledged"].isVisible()
    # The event's long name beside the station and staff ends with "…", whole in its tooltip.
    combo = page.event_combo
    assert combo.toolTip() == combo.currentText()
    assert combo.shown_text() == combo.currentText() or combo.shown_text().endswith("…")


def test_a_standard_application_with_a_warning_and_a_problem_still_fits(
    laptop_page: IntakeFormPage, ui_context: UiContext, qtbot: QtBot
) -> None:
    """The HKID already has a case, the e-mail is wrong and Lodge was pressed: still no scrolling, with the
    carer's declaration of an elderly-care qualification shown; the picker shows five whole-width results."""
    page = laptop_page
    ui_context.user = CLERK  # signed in, as on a promotion day
    page.apply_current_user()
    database = ui_context.database
    event = page.current_event()
    assert event is not None
    form = a_standard_application(event.id, qualification_id(database, "Infection control"))
    lodging.lodge_application(database, form, draft_uid=None, operator=CLERK, today=date.today())
    lodging.save_draft(database, "again", replace(form, email="taiman@"))
    page.restore_draft(lodging.open_drafts(database)[0])
    page.lodge()  # refused: every problem shown
    settled(qtbot)
    assert page.last_result is None
    assert page.form.duplicates.isVisible()
    assert page.form.problem_labels["email"].isVisible()
    assert page.form.carer_list.isVisible()

    assert page.form_scroll.verticalScrollBar().maximum() == 0, (
        page.form.sizeHint(),
        page.form_scroll.size(),
    )
    assert page.form_scroll.horizontalScrollBar().maximum() == 0
    assert page.lodge_button.isVisible()
    assert page.form.checks["pics_acknowledged"].isVisible()
    # The warning is one line, its case a hover and a click away.
    duplicates = page.form.duplicates
    assert duplicates.height() <= 2 * duplicates.open_button.sizeHint().height()
    assert duplicates.describe(duplicates.cases[0]) in duplicates.toolTip()

    # Five results at once, none behind a sideways scroll bar: long ones end with "…", whole in the tooltip.
    picker = page.form.picker
    results = picker.results
    assert picker.model.rowCount() >= 5
    assert results.visualRect(picker.model.index(4, 0)).bottom() <= results.viewport().height()
    assert results.horizontalScrollBar().maximum() == 0
    assert results.visualRect(picker.model.index(0, 0)).width() <= results.viewport().width()
    tooltip = str(picker.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    assert tooltip.startswith(str(picker.model.index(0, 0).data()))
    # What tells similar titles apart, their QF level, survives the "…": it comes first on each line.
    room = results.viewport().width() - 2 * results.style().pixelMetric(
        QStyle.PixelMetric.PM_FocusFrameHMargin
    )
    for row in range(5):
        line = str(picker.model.index(row, 0).data())
        shown = results.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, room)
        level = picker.model.row_at(row).qf_level
        assert shown.startswith(f"QF L{level} · "), shown
    chosen = page.form.chosen_list
    assert chosen.horizontalScrollBar().maximum() == 0
    assert chosen.item(0).toolTip() == chosen.item(0).text()


def test_the_carer_declaration_shows_only_for_a_qualification_open_to_carers(
    intake_page: IntakeFormPage, ui_context: UiContext
) -> None:
    page = intake_page
    database = ui_context.database
    event = page.current_event()
    assert event is not None
    page.form.load(a_standard_application(event.id, qualification_id(database, "Oral, foot and skin care")))
    assert page.form.carer_list.isHidden()  # not open to carers: no line of the form, no stop for Tab
    page.form.load(a_standard_application(event.id, qualification_id(database, "General home care")))
    assert page.form.carer_list.isVisible()


@pytest.mark.parametrize("language", [i18n.ENGLISH])
def test_the_side_panel_is_a_key_away_and_the_choice_is_kept(
    laptop_page: IntakeFormPage, ui_context: UiContext, main_window: MainWindow, qtbot: QtBot
) -> None:
    page = laptop_page
    window = main_window
    assert not page.side_tabs.isVisible()  # a narrow page: hidden until asked for
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.form.first_field.setFocus()
    key(qtbot, Qt.Key.Key_O, CTRL | SHIFT)
    assert page.side_tabs.isVisible()
    assert page.side_panel.button.isChecked()

    # A new page (the app started again) keeps the clerk's choice, even on a narrow screen.
    again = IntakeFormPage(ui_context, settings=window.settings)
    qtbot.addWidget(again)
    again.resize(LAPTOP_CLIENT)
    again.show()
    qtbot.waitExposed(again)
    assert again.side_tabs.isVisible()
    again.side_panel.button.click()
    assert not again.side_tabs.isVisible()
    window.settings.sync()  # the main window's settings hold the choice, and its file keeps it
    assert preferences.open_settings(ui_context.data_dir).value(preferences.INTAKE_SIDE_PANEL) == "hidden"


def test_the_whole_statement_is_a_button_away(
    ui_context: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = IntakeFormPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(page)
    shown: list[str] = []

    def record(dialog: QDialog) -> bool:
        assert isinstance(dialog, PicsDialog)
        shown.append(dialog.text.toPlainText())
        return False

    monkeypatch.setattr(pics_box, "run_dialog", record)
    page.form.pics_box.read_button.click()
    assert shown == [bilingual_pics()]
    assert PICS_ZH in shown[0]
    assert PICS_EN in shown[0]


def test_the_queue_shows_every_column_and_whole_names_at_1366_by_768(
    laptop_page: IntakeFormPage, ui_context: UiContext
) -> None:
    page = laptop_page
    event = page.current_event()
    assert event is not None
    form = valid_form(
        event_id=event.id, qualification_ids=[qualification_id(ui_context.database, "Infection control")]
    )
    lodging.lodge_application(
        ui_context.database, form, draft_uid=None, operator=CLERK, today=event.event_date
    )
    page.select_event(event.id)
    page.refresh_queue()
    page.side_panel.toggle()  # hidden on a laptop until asked for (Ctrl+Shift+O)
    QApplication.processEvents()
    assert page.side_tabs.isVisible()
    # Beside the panel the form's columns are stacked: it scrolls down, never sideways.
    assert page.form_columns.stacked
    assert page.form_scroll.horizontalScrollBar().maximum() == 0

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

    page.side_panel.toggle()  # hidden again: the columns side by side once more
    QApplication.processEvents()
    assert not page.form_columns.stacked
    assert page.form_scroll.horizontalScrollBar().maximum() == 0


def test_a_bilingual_staff_name_shows_from_its_start_and_whole(
    laptop_page: IntakeFormPage, main_window: MainWindow, ui_context: UiContext
) -> None:
    """The read-only staff box showed the end of a long name ("玲 WONG Mei Ling"): now its start, whole
    where a typical bilingual name fits, the whole name in its tooltip; the window still fits."""
    from sqlalchemy import update

    from assessor_app.core.db.models.laptop import UserRecord

    name = "黃美玲 WONG Mei Ling"
    with ui_context.database.session() as session:
        session.execute(update(UserRecord).where(UserRecord.username == CLERK).values(display_name=name))
    ui_context.user = CLERK
    panel = laptop_page.event_panel
    panel.apply_current_user()
    QApplication.processEvents()
    edit = panel.operator_edit
    assert edit.text() == name
    assert edit.cursorPosition() == 0
    assert edit.toolTip() == name
    assert edit.width() >= edit.fontMetrics().horizontalAdvance(name) + 8, edit.width()
    assert main_window.minimumSizeHint().width() <= LAPTOP_CLIENT.width()
    assert laptop_page.form_scroll.horizontalScrollBar().maximum() == 0


def test_a_returning_applicant_with_a_new_email_and_a_case_still_fits(
    laptop_page: IntakeFormPage, ui_context: UiContext, qtbot: QtBot
) -> None:
    """The HKID has a case and its stored particulars lack the e-mail now typed: both banners show (the
    difference is the clerk's choice) and the standard application still needs no scrolling."""
    page = laptop_page
    ui_context.user = CLERK
    page.apply_current_user()
    database = ui_context.database
    event = page.current_event()
    assert event is not None
    form = a_standard_application(event.id, qualification_id(database, "Infection control"))
    lodging.lodge_application(
        database, replace(form, email=""), draft_uid=None, operator=CLERK, today=date.today()
    )
    lodging.save_draft(database, "again", form)
    page.restore_draft(lodging.open_drafts(database)[0])
    settled(qtbot)
    known = page.form.known_applicant
    assert known.isVisible()
    assert [change.field for change in known.changes] == ["email"]
    assert page.form.duplicates.isVisible()
    assert page.form_scroll.verticalScrollBar().maximum() == 0, (
        page.form.sizeHint(),
        page.form_scroll.size(),
    )
    # The choice is on the panel's first line beside a short title (the whole sentence in its tooltip).
    assert known.keep_button.isVisible()
    assert known.use_button.isVisible()
    assert abs(known.keep_button.geometry().center().y() - known.title.geometry().center().y()) <= 4
    assert known.title.text() == known.title.full_text  # whole, not "Known HKI…"
    assert known.title.toolTip() not in ("", known.title.full_text)  # the whole sentence
