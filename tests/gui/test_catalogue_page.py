"""The catalogue page: the seeded 47 qualifications, search in English and Chinese, filters, the model."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.catalogue_table_model import CatalogueTableModel
from assessor_app.ui.models.row_table_model import RECORD_ID_ROLE, SORT_ROLE
from assessor_app.ui.pages.catalogue_page import CataloguePage
from tests.gui.qt_helpers import check_model, type_chinese, type_keys

SEEDED = 47


def titles(page: CataloguePage) -> list[str]:
    return [row.title_en for row in page.model.rows]


def test_fresh_database_lists_the_seeded_catalogue(catalogue_page: CataloguePage) -> None:
    page = catalogue_page
    assert page.model.rowCount() == SEEDED
    assert page.count_label.text() == "47 qualifications"
    assert page.industry_filter.count() == 1 + 14
    assert page.industry_filter.itemText(0) == "All industries"
    assert [page.level_filter.itemText(i) for i in range(5)] == [
        "All levels",
        "Level 1",
        "Level 2",
        "Level 3",
        "Level 4",
    ]


def test_english_search(catalogue_page: CataloguePage, qtbot: QtBot) -> None:
    page = catalogue_page
    type_keys(qtbot, page.search, "infection")
    assert page.search.text() == "infection"
    assert titles(page) == ["Infection control", "Infection control (residential care)"]
    assert page.count_label.text() == "2 qualifications"
    page.search.clear()
    type_keys(qtbot, page.search, "toileting")
    assert titles(page) == ["Toileting and continence care"]
    assert page.count_label.text() == "1 qualification"
    page.search.clear()
    assert page.model.rowCount() == SEEDED


def test_chinese_search_through_the_input_method(catalogue_page: CataloguePage) -> None:
    page = catalogue_page
    page.search.setFocus()
    type_chinese(page.search, "感染")
    assert page.search.text() == "感染"
    assert titles(page) == ["Infection control", "Infection control (residential care)"]
    page.search.clear()
    type_chinese(page.search, "車輛維修")
    assert page.model.rowCount() == 4


def test_search_by_qr_number(catalogue_page: CataloguePage, qtbot: QtBot) -> None:
    page = catalogue_page
    numbered = [row for row in page.model.rows if row.qr_number]
    if not numbered:
        return
    type_keys(qtbot, page.search, numbered[0].qr_number or "")
    assert [row.id for row in page.model.rows] == [numbered[0].id]


def test_industry_and_level_filters(
    catalogue_page: CataloguePage, ui_context: UiContext, qtbot: QtBot
) -> None:
    page = catalogue_page
    elderly = next(
        i for i in range(page.industry_filter.count()) if "Elderly care" in page.industry_filter.itemText(i)
    )
    page.industry_filter.setCurrentIndex(elderly)
    elderly_id = page.industry_filter.currentData()
    expected = list_qualifications(ui_context.database, industry_id=elderly_id)
    assert [row.id for row in page.model.rows] == [row.id for row in expected]
    assert {row.industry_en for row in page.model.rows} == {"Elderly care"}

    page.level_filter.setCurrentIndex(page.level_filter.findData(1))
    assert page.model.rowCount() >= 1
    assert {(row.industry_en, row.qf_level) for row in page.model.rows} == {("Elderly care", 1)}

    page.industry_filter.setCurrentIndex(0)
    assert {row.qf_level for row in page.model.rows} == {1}
    assert page.model.rowCount() == len(list_qualifications(ui_context.database, level=1))

    type_keys(qtbot, page.search, "nothing matches this")
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "0 qualifications"


def test_details_panel_shows_the_notes(catalogue_page: CataloguePage) -> None:
    page = catalogue_page
    assert "Select a qualification" in page.details.toPlainText()
    position = next(i for i, row in enumerate(page.model.rows) if row.notes)
    page.table.selectRow(position)
    row = page.model.rows[position]
    text = page.details.toPlainText()
    assert row.title_en in text
    assert row.notes.splitlines()[0] in text
    assert page.selected_id() == row.id
    # The selection survives a refresh that still holds the row.
    page.refresh()
    assert page.selected_id() == row.id


def test_titles_follow_the_language(
    catalogue_page: CataloguePage, ui_context: UiContext, qtbot: QtBot
) -> None:
    page = catalogue_page
    model = page.model
    infection = next(i for i, row in enumerate(model.rows) if row.title_en == "Infection control")
    printing = next(i for i, row in enumerate(model.rows) if row.title_en == "Printing Design")
    title, other = model.column_index("title"), model.column_index("other_title")
    assert model.index(infection, title).data() == "Infection control"
    assert model.index(infection, other).data() == "感染控制"

    ui_context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    qtbot.waitUntil(lambda: page.heading.text() == "資歷目錄")
    assert model.index(infection, title).data() == "感染控制"
    assert model.index(infection, other).data() == "Infection control"
    # No Chinese title on record: the English one stands in, and the other column stays empty.
    assert model.index(printing, title).data() == "Printing Design"
    assert model.index(printing, other).data() == ""
    assert page.industry_filter.itemText(0) == "所有行業"
    assert any("安老服務業" in page.industry_filter.itemText(i) for i in range(page.industry_filter.count()))


def test_sorting_in_the_model(catalogue_page: CataloguePage, qtbot: QtBot) -> None:
    page = catalogue_page
    model = page.model
    level = model.column_index("level")
    page.table.sortByColumn(level, Qt.SortOrder.DescendingOrder)
    levels = [model.index(r, level).data(SORT_ROLE) for r in range(model.rowCount())]
    assert levels == sorted(levels, reverse=True)
    for r in range(model.rowCount()):
        assert model.index(r, 0).data(RECORD_ID_ROLE) == model.rows[r].id
    # A new query keeps the chosen order.
    type_keys(qtbot, page.search, "care")
    levels = [row.qf_level for row in model.rows]
    assert levels == sorted(levels, reverse=True)


def test_model_passes_the_model_tester(ui_context: UiContext, qtmodeltester: ModelTester) -> None:
    model = CatalogueTableModel(i18n.ENGLISH)
    model.set_rows(list_qualifications(ui_context.database))
    check_model(qtmodeltester, model)
    model.sort(model.column_index("title"), Qt.SortOrder.AscendingOrder)
    check_model(qtmodeltester, model)
    model.set_language(i18n.CHINESE)
    check_model(qtmodeltester, model)
    model.set_rows([])
    check_model(qtmodeltester, model)


def test_stream_and_notes_follow_the_language(
    catalogue_page: CataloguePage, ui_context: UiContext, qtbot: QtBot
) -> None:
    page = catalogue_page
    model = page.model
    stream = model.column_index("stream")
    health = next(i for i, row in enumerate(model.rows) if row.title_en == "General health check")
    assert model.index(health, stream).data() == "Residential care"
    page.table.selectRow(health)
    assert "Cluster 2 of 7" in page.details.toPlainText()

    ui_context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    qtbot.waitUntil(lambda: page.heading.text() == "資歷目錄")
    assert model.index(health, stream).data() == "院舍照顧"
    details = page.details.toPlainText()
    assert "院舍照顧" in details
    assert "院舍護理員綜合能力說明書 7 個組合中的第 2 個" in details
    assert "Cluster 2 of 7" not in details
    assert "Residential care" not in details


def test_a_row_without_chinese_stream_shows_the_english_in_chinese(
    catalogue_page: CataloguePage, ui_context: UiContext, qtbot: QtBot
) -> None:
    with ui_context.database.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE qualifications SET stream_zh = '', notes_zh = '' WHERE title_en = 'General health check'"
        )
    ui_context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    page = catalogue_page
    page.refresh()
    model = page.model
    health = next(i for i, row in enumerate(model.rows) if row.title_en == "General health check")
    assert model.index(health, model.column_index("stream")).data() == "Residential care"
    page.table.selectRow(health)
    assert "Cluster 2 of 7" in page.details.toPlainText()
