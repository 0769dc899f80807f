"""The event overview on the Intake page: the figures shown match a count in raw SQL, in English and Chinese;
the hour chart paints bars; another event can be picked; the summary PDF is saved off the GUI thread; a lodge
on the page shows at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from assessor_app.core.services.cases.event_dashboard import find_event
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.dashboard.counts_model import DashboardCountsModel
from assessor_app.ui.dashboard.hour_chart import BAR_COLOUR
from assessor_app.ui.dashboard.panel import EventDashboardPanel
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.dashboard_helpers import OTHER_EVENT_CODE, spread_event
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import qualification_id
from tests.gui.qt_helpers import check_model, finish_tasks


def _sql(context: UiContext, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(context.database.path) as connection:
        return list(connection.execute(sql, args))


def _expected(context: UiContext, code: str) -> dict[str, str]:
    """The figures as a person would count them, straight from the tables."""
    ((event_id,),) = _sql(context, "SELECT id FROM events WHERE code = ?", code)
    at_event = "FROM applications WHERE event_id = ? AND status != 'draft'"
    ((cases, fees),) = _sql(context, f"SELECT count(*), coalesce(sum(fee_hkd), 0) {at_event}", event_id)
    ((qualifications,),) = _sql(
        context,
        "SELECT count(*) FROM applied_qualifications q JOIN applications a ON a.id = q.application_id "
        "WHERE a.event_id = ? AND a.status != 'draft'",
        event_id,
    )
    ((drafts,),) = _sql(
        context, "SELECT count(*) FROM drafts WHERE event_id = ? AND state = 'open'", event_id
    )
    return {
        "cases": f"{cases:,}",
        "qualifications": f"{qualifications:,}",
        "fees": f"HK${fees:,}",
        "drafts": str(drafts),
    }


def _bar_pixels(image: QImage) -> int:
    bar = BAR_COLOUR.rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).rgb() == bar
    )


@pytest.fixture
def panel(ui_context: UiContext, qtbot: QtBot) -> EventDashboardPanel:
    code = spread_event(ui_context.database, applications=70)
    shown = EventDashboardPanel(ui_context)
    qtbot.addWidget(shown)
    shown.resize(420, 900)
    shown.show()
    qtbot.waitExposed(shown)
    shown.follow(find_event(ui_context.database, code=code).id)
    shown.refresh()
    finish_tasks(qtbot)  # the figures are read on the task queue
    return shown


@pytest.mark.parametrize("language", ["en", "zh_HK"])
def test_the_figures_shown_match_a_direct_count_and_the_chart_paints(
    language: str, panel: EventDashboardPanel, ui_context: UiContext, qtmodeltester: ModelTester
) -> None:
    ui_context.language = language
    i18n.apply_language(language)
    panel.retranslate()
    assert panel.dashboard is not None
    expected = _expected(ui_context, panel.dashboard.event.code)
    for key, text in expected.items():
        assert panel.values[key].text().splitlines()[0] == text, key
    caption = panel.captions["cases"].text()
    assert caption == ("在此活動遞交" if language == "zh_HK" else "Lodged at this event")
    states = [row for row in panel.counts_model.rows if row.group == "state"]
    assert sum(row.count for row in states) == int(expected["cases"].replace(",", ""))
    item = panel.counts_model.index(panel.counts_model.rows.index(states[0]), 0).data()
    assert item.startswith("狀態：" if language == "zh_HK" else "State: ")
    model = panel.counts_table.model()
    assert isinstance(model, DashboardCountsModel)
    check_model(qtmodeltester, model)
    assert sum(panel.chart.counts) == int(expected["cases"].replace(",", ""))
    assert panel.chart.labels[0] == f"11-08 {panel.dashboard.by_hour[0].hour:02d}"  # lodged on two days
    image = panel.chart.grab().toImage()
    assert not image.isNull()
    assert _bar_pixels(image) > 200  # bars were painted, not a blank widget


def test_another_event_is_picked_and_an_empty_one_paints_no_bars(
    panel: EventDashboardPanel, ui_context: UiContext, qtbot: QtBot
) -> None:
    other = find_event(ui_context.database, code=OTHER_EVENT_CODE)
    panel.event_combo.setCurrentIndex(panel.event_combo.findData(other.id))
    assert not panel.save_button.isEnabled()  # until the other event's figures are in
    finish_tasks(qtbot)
    assert panel.save_button.isEnabled()
    assert panel.dashboard is not None
    assert panel.dashboard.event.code == OTHER_EVENT_CODE
    assert panel.values["cases"].text() == _expected(ui_context, OTHER_EVENT_CODE)["cases"]
    empty = lodging.create_event(
        ui_context.database, name="Empty day", event_date=other.event_date, agency_code="HKUSPACE"
    )
    panel.refresh()
    panel.event_combo.setCurrentIndex(panel.event_combo.findData(empty.id))
    finish_tasks(qtbot)
    assert panel.values["cases"].text() == "0"
    assert panel.chart.counts == []
    assert _bar_pixels(panel.chart.grab().toImage()) == 0


def test_the_summary_pdf_is_saved_in_the_background(
    panel: EventDashboardPanel, qtbot: QtBot, tmp_path: Path
) -> None:
    out = tmp_path / "summary.pdf"
    with qtbot.waitSignal(panel.summary_saved, timeout=20_000) as saved:
        panel.save_summary(out)
    finish_tasks(qtbot)
    assert saved.args == [out]
    assert panel.dashboard is not None
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert panel.dashboard.event.code in text
    assert "活動總結" in text
    assert panel.output.open_button.isVisible()
    assert str(out) in panel.status.text()


def test_a_lodge_on_the_page_shows_in_the_overview_at_once(
    intake_page: IntakeFormPage, intake_event: lodging.EventRow, qtbot: QtBot
) -> None:
    page = intake_page
    database = page.context.database
    if not page.side_tabs.isVisibleTo(page):
        page.side_panel.toggle()  # hidden on a narrow page until asked for (Ctrl+Shift+O)
    page.side_tabs.setCurrentWidget(page.dashboard)
    finish_tasks(qtbot)
    assert page.dashboard.dashboard is not None
    assert page.dashboard.dashboard.event.id == intake_event.id
    assert page.dashboard.values["cases"].text() == "0"
    infection = qualification_id(database, "Infection control")
    lodging.save_draft(database, "typed", valid_form(event_id=intake_event.id, qualification_ids=[infection]))
    page.restore_draft(lodging.open_drafts(database)[0])
    page.lodge()
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    finish_tasks(qtbot)
    assert page.dashboard.values["cases"].text() == "1"
    assert page.dashboard.values["drafts"].text() == "0"
    assert page.counts_label.text() == "Lodged at this event: 1 · Drafts open (all events): 0"
    assert sum(page.dashboard.chart.counts) == 1


def test_the_queue_shows_whole_names(intake_page: IntakeFormPage, intake_event: lodging.EventRow) -> None:
    page = intake_page
    database = page.context.database
    infection = qualification_id(database, "Infection control")
    form = valid_form(event_id=intake_event.id, qualification_ids=[infection])
    lodging.lodge_application(
        database, form, draft_uid=None, operator="clerkwong", today=intake_event.event_date
    )
    page.splitter.setSizes([2000, 1])  # the side panel as narrow as it goes
    page.refresh_queue()
    table = page.queue.queue_table
    name = page.queue_model.index(0, page.queue_model.column_index("name")).data()
    assert name.startswith("陳大文")
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance(name)
