"""Set-up and keyboard helpers for the intake form tests: a station, an event, the page shown, the hint
(the fixtures ``intake_event`` and ``intake_page`` are in ``conftest.py``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database
from assessor_app.core.domain.enums import Role
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.intake import lodging
from assessor_app.ui import preferences, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.user_helpers import add_user
from tests.gui.qt_helpers import press, type_keys

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
EVENT_DAY = date(2023, 11, 8)
STATION = "LT01"
OPERATOR = "Clerk Wong"  # the clerk's display name; CLERK is the username every change is recorded under
CLERK = "clerkwong"


def prepare_intake(database: Database) -> lodging.EventRow:
    """This laptop is LT01 with its clerk (CLERK); an elderly-care promotion day (HKAG's fee table) is
    held on EVENT_DAY."""
    lodging.set_local_station(database, STATION)
    add_user(database, CLERK, OPERATOR, Role.INTAKE_CLERK.value)
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
    page = IntakeFormPage(
        context, settings=preferences.open_settings(context.data_dir), today=lambda: EVENT_DAY
    )
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


def checked(qtbot: QtBot, page: IntakeFormPage) -> None:
    """Wait for the page's live check of the last edit: it runs once typing pauses."""
    qtbot.waitUntil(lambda: not page.live_check.pending)


def hint_for(qtbot: QtBot, page: IntakeFormPage, qualification: int) -> QLabel:
    """The eligibility hint's line for ``qualification``, once the last edit has been checked."""
    checked(qtbot, page)
    hints = page.form.eligibility_hints
    found = [label for label in hints.labels if label.objectName() == f"eligibility_{qualification}"]
    assert len(found) == 1, hints.text()
    return found[0]


def retype(qtbot: QtBot, page: IntakeFormPage, where: str, text: str) -> None:
    """Type ``text`` over a field (``date_of_birth``) or an employment cell (``employment.0.start``), then
    Tab away, as the clerk does."""
    form = page.form
    if where.startswith("employment."):
        _, row, column = where.split(".")
        model = form.employment_model
        form.employment_table.setCurrentIndex(model.index(int(row), model.column_index(column)))
        form.employment_table.setFocus()
        key(qtbot, Qt.Key.Key_F2)
        editor = focused()
        assert isinstance(editor, QLineEdit), editor
    else:
        editor = form.all_line_edits[where]
        editor.setFocus()
    editor.selectAll()
    type_here(qtbot, text)
    key(qtbot, Qt.Key.Key_Tab)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_here(qtbot: QtBot, text: str) -> None:
    """Type ASCII one key at a time into whatever has the focus (a table cell opens its editor)."""
    for character in text:
        type_keys(qtbot, focused(), character)


def type_cells(qtbot: QtBot, *texts: str) -> None:
    """Type each text where the focus is and Tab on after it (one cell or field after another)."""
    for text in texts:
        type_here(qtbot, text)
        key(qtbot, Qt.Key.Key_Tab)


def type_industry(qtbot: QtBot, text: str) -> None:
    """Type part of an industry's name in its cell and Tab on. The completer's popup that typing opens is
    a window of its own: the offscreen platform makes it the active window and, once it closes, leaves
    none active (a desktop's stays with the form), so the form's window is activated again."""
    window = focused().window()
    type_cells(qtbot, text)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    QApplication.processEvents()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def key(qtbot: QtBot, which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the focus."""
    press(qtbot, focused(), which, modifier)
