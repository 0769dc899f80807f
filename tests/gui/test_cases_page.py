"""The cases page: masked HKIDs only, search by reference, name (English or Chinese) or HKID."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, EventRecord
from assessor_app.core.db.models.catalogue import AgencyRecord
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of
from assessor_app.ui import preferences
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.cases_table_model import CasesTableModel
from assessor_app.ui.pages.cases_page import CasesPage
from tests.gui.qt_helpers import check_model, finish_tasks, type_chinese, type_keys

PEOPLE = [
    ("LT01-20231108-0001", "A123456(3)", "陳大文", "CHAN", "Tai Man", "lodged"),
    ("LT01-20231108-0002", "CA182361(1)", "李小梅", "LEE", "Siu Mui", "draft"),
    ("LT01-20231108-0003", "E364912(5)", "黃志強", "WONG", "Chi Keung", "lodged"),
]
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole + 2)


def add_cases(database: Database) -> None:
    with database.session() as session:
        agency = session.scalars(select(AgencyRecord)).first()
        assert agency is not None
        event = EventRecord(
            code="CCT-20231108", name="Promotion day", event_date=date(2023, 11, 8), agency=agency
        )
        for reference, hkid, name_zh, surname, given, status in PEOPLE:
            applicant = ApplicantRecord(
                hkid=hkid, residence_status="A", name_zh=name_zh, surname_en=surname, given_names_en=given
            )
            application = ApplicationRecord(
                reference_no=reference,
                applicant=applicant,
                event=event,
                station_code="LT01",
                status=status,
                application_date=date(2023, 11, 8),
            )
            apply_particulars(application, particulars_of(applicant))
            session.add(application)


def make_page(ui_context: UiContext, qtbot: QtBot) -> CasesPage:
    add_cases(ui_context.database)
    page = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    finish_tasks(qtbot)
    return page


def all_cell_texts(page: CasesPage) -> list[str]:
    model = page.model
    return [
        str(model.index(row, column).data(role))
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        for role in ROLES
    ]


def references(page: CasesPage) -> list[str | None]:
    return [row.reference_no for row in page.model.rows]


def test_list_shows_masked_hkids_only(ui_context: UiContext, qtbot: QtBot) -> None:
    page = make_page(ui_context, qtbot)
    assert page.model.rowCount() == 3
    assert page.count_label.text() == "3 cases"
    cells = all_cell_texts(page)
    hkid_column = page.model.column_index("hkid")
    assert {page.model.index(row, hkid_column).data() for row in range(3)} == {
        "A123***(*)",
        "CA182***(*)",
        "E364***(*)",
    }
    for _, hkid, *_ in PEOPLE:
        digits = hkid[-9:-3]
        assert not [cell for cell in cells if hkid in cell or digits in cell]
    assert "Lodged" in cells
    assert "CHAN Tai Man" in cells


def test_search_by_reference_name_and_hkid(ui_context: UiContext, qtbot: QtBot) -> None:
    page = make_page(ui_context, qtbot)
    type_keys(qtbot, page.search, "0002")
    assert references(page) == ["LT01-20231108-0002"]
    finish_tasks(qtbot)
    assert page.count_label.text() == "1 case"

    page.search.clear()
    type_keys(qtbot, page.search, "wong chi")
    assert references(page) == ["LT01-20231108-0003"]

    page.search.clear()
    type_keys(qtbot, page.search, "A123456(3)")
    assert references(page) == ["LT01-20231108-0001"]
    assert "A123456(3)" not in all_cell_texts(page)

    page.search.clear()
    type_chinese(page.search, "李小")
    assert references(page) == ["LT01-20231108-0002"]

    page.search.clear()
    type_keys(qtbot, page.search, "nobody here")
    assert page.model.rowCount() == 0
    finish_tasks(qtbot)
    assert page.count_label.text() == "0 cases"


def test_status_filter(ui_context: UiContext, qtbot: QtBot) -> None:
    page = make_page(ui_context, qtbot)
    assert page.status_filter.itemText(0) == "All statuses"
    page.status_filter.setCurrentIndex(page.status_filter.findData("draft"))
    assert page.status_filter.currentText() == "Draft"
    assert references(page) == ["LT01-20231108-0002"]


def test_model_passes_the_model_tester(
    ui_context: UiContext, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    page = make_page(ui_context, qtbot)
    assert isinstance(page.model, CasesTableModel)
    check_model(qtmodeltester, page.model)
