"""The Cases page by keyboard alone (Ctrl+F, typing, Down, Enter, Esc, the filters), its lazily read rows,
the possible-duplicate marker and My work's counts, over generated cases."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.services.cases import case_pages
from assessor_app.core.services.cases.case_filters import CaseFilter
from assessor_app.core.services.cases.case_pages import count_matching
from assessor_app.core.services.cases.my_work import WorkKind, my_work_counts, work_for
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.ui import preferences
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.models import cases_table_model
from assessor_app.ui.pages.cases_page import CasesPage
from tests.gui.qt_helpers import check_model, finish_tasks, press, type_chinese, type_keys

PAGE = 25  # the model's page, small here so that a few cases make several pages
CASES = PAGE * 2 + 10  # more than one page: the rest is read as the table scrolls
ASSESSOR = "ckcheng"  # the demo's assessor


def _prepare(database: Database) -> None:
    """A demo day, some of it under review (for the assessor) and at a second station."""
    generate_demo(database, applications=CASES, seed=3)
    with database.session() as session:
        ids = list(session.scalars(select(ApplicationRecord.id).order_by(ApplicationRecord.id)))
        session.execute(
            update(ApplicationRecord).where(ApplicationRecord.id.in_(ids[::5])).values(status="under_review")
        )
        session.execute(
            update(ApplicationRecord)
            .where(ApplicationRecord.id.in_(ids[::3]))
            .values(station_code="KT09", application_date=date(2022, 5, 4))
        )


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot, gui_thread_writes_forbidden: Database) -> CasesPage:
    _prepare(ui_context.database)
    ui_context.user = ASSESSOR
    cases = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(cases)
    cases.model.page_size = PAGE
    cases.show()
    cases.refresh()
    finish_tasks(qtbot)
    return cases


def _counted(qtbot: QtBot, page: CasesPage) -> int:
    """The page's count of every match, once the background count has reported."""
    finish_tasks(qtbot)
    total = page.model.total
    assert total is not None
    return total


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _tab_to(qtbot: QtBot, page: CasesPage, target: QWidget) -> None:
    """Tab from the search box until ``target`` has the focus (the keyboard reaches every filter)."""
    page.search.setFocus()
    for _ in range(40):
        if _focused() is target:
            return
        press(qtbot, _focused() or page, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}")


def _choose(qtbot: QtBot, page: CasesPage, combo: QComboBox, value: object) -> None:
    """Move through a filter's list with the arrow keys until ``value`` is chosen."""
    _tab_to(qtbot, page, combo)
    while combo.currentData() != value:
        assert combo.currentIndex() < combo.count() - 1, f"{value!r} not in {combo.objectName()}"
        press(qtbot, combo, Qt.Key.Key_Down)


def test_rows_are_read_a_page_at_a_time(page: CasesPage, qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = page.model
    assert _counted(qtbot, page) == CASES
    assert model.rowCount() == PAGE
    assert model.canFetchMore()
    assert page.count_label.text() == f"{CASES} cases"
    for _ in range(CASES // PAGE + 1):  # each scroll to the end reads the next page
        page.table.scrollToBottom()
        qtbot.wait(10)
    assert model.rowCount() == CASES
    assert not model.canFetchMore()
    assert len({row.application_id for row in model.rows}) == CASES
    check_model(qtmodeltester, model)


def test_a_far_case_is_loaded_at_once_and_selected_on_return(page: CasesPage, qtbot: QtBot) -> None:
    model = page.model
    reference = [row.reference_no for row in model.rows]
    for _ in range(CASES // PAGE + 1):  # the whole list read once, to know which case is in the last page
        page.table.scrollToBottom()
        qtbot.wait(10)
    far = model.rows[-3]
    model.reload()  # as returning to the list does: the first page only
    assert [row.reference_no for row in model.rows] == reference
    pages_read: list[tuple[int, int]] = []
    read = case_pages.case_page

    def counting(*args: object, **kwargs: object) -> object:
        pages_read.append((int(kwargs["offset"]), int(kwargs["limit"])))  # type: ignore[call-overload]
        return read(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cases_table_model, "case_page", counting)
        position = model.load_until(far.application_id)
    assert position == CASES - 3
    assert model.rows[position].application_id == far.application_id
    assert pages_read == [(PAGE, (CASES // PAGE + 1) * PAGE - PAGE)]  # one read, whole pages, not two
    assert not model.canFetchMore()

    page.open_application(far.application_id)  # and as a user: open it, go back, it is the selected row
    assert page.showing_case()
    page.show_list()
    finish_tasks(qtbot)
    selected = page.table.selectionModel().selectedRows()
    assert [model.row_at(index.row()).application_id for index in selected] == [far.application_id]
    hidden = CaseFilter(station="NOWHERE")
    model.set_filter(hidden)
    assert model.load_until(far.application_id) is None  # the filter hides it


def test_header_click_sorts_in_the_core(page: CasesPage, qtbot: QtBot) -> None:
    model = page.model
    column = model.column_index("reference_no")
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    first = [row.reference_no or "" for row in model.rows]
    assert first == sorted(first)
    page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert model.rows[0].reference_no == max(first + [row.reference_no or "" for row in model.rows])
    assert model.rowCount() == PAGE  # still a page, not every case


def test_search_and_open_by_keyboard_alone(page: CasesPage, qtbot: QtBot) -> None:
    reference = page.model.rows[7].reference_no
    assert reference is not None
    page.table.setFocus()
    press(qtbot, page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _focused() is page.search
    type_keys(qtbot, page.search, reference)
    assert [row.reference_no for row in page.model.rows] == [reference]
    press(qtbot, page.search, Qt.Key.Key_Return)  # the only match opens
    assert page.showing_case()
    assert page.case_view is not None
    assert page.case_view.application_id == page.model.rows[0].application_id
    press(qtbot, _focused() or page.case_view, Qt.Key.Key_Escape)  # back to the list
    assert not page.showing_case()

    press(qtbot, page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _focused() is page.search
    press(qtbot, page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert _counted(qtbot, page) == CASES
    surnames = Counter(row.name_zh[:1] for row in page.model.rows)
    type_chinese(page.search, surnames.most_common(1)[0][0])
    found = _counted(qtbot, page)
    assert 1 < found < CASES
    press(qtbot, page.search, Qt.Key.Key_Down)
    assert _focused() is page.table
    press(qtbot, page.table, Qt.Key.Key_Down)
    selected = page.table.selectionModel().selectedRows()
    assert [index.row() for index in selected] == [1]
    wanted = page.model.row_at(1).application_id
    press(qtbot, page.table, Qt.Key.Key_Return)
    assert page.showing_case()
    assert page.case_view is not None
    assert page.case_view.application_id == wanted


def test_filters_by_keyboard_and_esc_clears_them(page: CasesPage, qtbot: QtBot) -> None:
    database = page.context.database
    _choose(qtbot, page, page.filters.station_filter, "KT09")
    assert _counted(qtbot, page) == count_matching(database, CaseFilter(station="KT09"))
    assert {row.station_code for row in page.model.rows} == {"KT09"}
    _choose(qtbot, page, page.status_filter, "under_review")
    both = CaseFilter(station="KT09", status="under_review")
    assert _counted(qtbot, page) == count_matching(database, both) > 0
    assert {row.status for row in page.model.rows} == {"under_review"}
    assert page.count_label.text() == f"{_counted(qtbot, page)} cases"

    press(qtbot, _focused() or page, Qt.Key.Key_Escape)
    assert page.filters.is_clear()
    assert _counted(qtbot, page) == CASES
    assert _focused() is page.search


def test_needs_my_action_and_the_count_on_the_tab(page: CasesPage, qtbot: QtBot) -> None:
    database = page.context.database
    work = work_for(database, ASSESSOR)
    assert work is not None
    counts = my_work_counts(database, work)
    assert counts.by_kind[WorkKind.TO_ASSESS] == len(range(0, CASES, 5))
    assert page.navigation_title() == f"Cases ({counts.total})"
    assert page.work_kind.itemText(1) == f"To assess ({counts.by_kind[WorkKind.TO_ASSESS]})"
    _tab_to(qtbot, page, page.my_work)
    press(qtbot, page.my_work, Qt.Key.Key_Space)
    assert page.my_work.isChecked()
    assert _counted(qtbot, page) == counts.total
    assert {row.status for row in page.model.rows} == {"under_review"}
    press(qtbot, page.my_work, Qt.Key.Key_Escape)
    assert not page.my_work.isChecked()
    assert _counted(qtbot, page) == CASES


def test_possible_duplicates_are_marked(page: CasesPage) -> None:
    model = page.model
    column = model.column_index("duplicate")
    flagged = [row for row, case in enumerate(model.rows) if case.possible_duplicate]
    assert flagged, "the demo brings people back with a second application"
    index = model.index(flagged[0], column)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Possible duplicate" in index.data(Qt.ItemDataRole.ToolTipRole)
    plain = next(row for row, case in enumerate(model.rows) if not case.possible_duplicate)
    assert model.index(plain, column).data(Qt.ItemDataRole.DecorationRole) is None


def test_main_window_shows_my_work_on_the_cases_entry(
    main_window: MainWindow, ui_context: UiContext, qtbot: QtBot
) -> None:
    _prepare(ui_context.database)
    from assessor_app.core.services.review.workflow import list_users

    assessor = next(user for user in list_users(ui_context.database) if user.username == ASSESSOR)
    main_window.set_user(assessor)
    finish_tasks(qtbot)
    entry = main_window.nav_list.item(1)
    assert entry.text() == f"Cases ({len(range(0, CASES, 5))})"

    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.show_page("cases")
    main_window.nav_list.setFocus()
    assert _focused() is main_window.nav_list
    press(qtbot, main_window.nav_list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _focused() is main_window.cases_page.search
