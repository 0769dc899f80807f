"""Relevance per employment row and qualification, the received-on date and the carer's declaration at
intake: set with the keyboard, seen in the live hint before lodging, lodged as chosen."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.eligibility import check_application
from assessor_app.core.services.intake import lodging
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake.delegates import RelevanceEditor
from assessor_app.ui.intake.form import ApplicationFormWidget
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import (
    CTRL,
    SHIFT,
    focused,
    hint_for,
    key,
    qualification_id,
    retype,
    type_cells,
    type_here,
)


def test_a_job_in_the_industry_but_not_relevant_shows_the_relevant_shortfall_before_lodging(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    form = page.form
    model = form.employment_model
    home_care = qualification_id(ui_context.database, "General home care")  # L2: 3 years incl. 2 relevant

    key(qtbot, Qt.Key.Key_F, CTRL)
    type_here(qtbot, "general home")
    key(qtbot, Qt.Key.Key_Return)
    form.line_edits["surname_en"].setFocus()
    key(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert focused() is form.employment_table
    # A new row: the first chosen qualification's industry, relevant to it.
    assert model.entries()[0].industry == "Elderly care"
    assert model.entries()[0].relevant_to == [home_care]
    type_cells(qtbot, "Happy Elderly Home", "Cleaner")  # then Industry: Elderly care is right
    relevance = model.index(0, model.column_index("relevant_to"))
    assert relevance.data() == "All"
    key(qtbot, Qt.Key.Key_E, CTRL)  # the row's details open on its relevance
    dialog = form.employment_box.row_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.relevance)
    editor = focused()
    assert isinstance(editor, RelevanceEditor)
    assert editor.ticked() == [home_care]
    key(qtbot, Qt.Key.Key_Space)  # untick: in the industry only
    key(qtbot, Qt.Key.Key_Return)  # keep
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.employment_table)
    assert model.entries()[0].relevant_to == []
    assert relevance.data() == "Industry only"
    # Back on the industry cell the details were opened from: Tab goes on to Start.
    assert form.employment_table.currentIndex() == model.index(0, model.column_index("industry"))
    key(qtbot, Qt.Key.Key_Tab)
    type_cells(qtbot, "2019-03-01", "2023-10-31")

    # 56 months in the industry, none relevant: the relevant half is short by all its 24 months.
    label = hint_for(qtbot, page, home_care)
    assert label.property("status") == "short"
    assert label.text() == (
        "General home care (QF L2): Short: 24 months of relevant experience: 4 y 8 m in the industry "
        "(needs 3 y), 0 m relevant (needs 2 y) · Document review (exam-free window until 2028-08-31)"
    )
    assert page.last_result is None

    # Ticked again with the keyboard (A: all), the rule is met.
    form.employment_table.setFocus()
    key(qtbot, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog_relevance(form))
    key(qtbot, Qt.Key.Key_A)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.employment_table)
    assert model.entries()[0].relevant_to == [home_care]
    assert hint_for(qtbot, page, home_care).property("status") == "meets"


def test_removing_a_qualification_drops_it_from_every_row_and_adding_one_follows_the_default(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
) -> None:
    page = intake_page
    database = ui_context.database
    home_care = qualification_id(database, "General home care")
    infection = qualification_id(database, "Infection control")
    form = valid_form(event_id=page.current_event().id, qualification_ids=[home_care])  # type: ignore[union-attr]
    for row in form.employment:
        row.relevant_to = [home_care]
        row.industry = "Elderly care"
    form.employment[1].industry = "other"
    form.employment[1].relevant_to = []
    page.form.load(form)
    model = page.form.employment_model
    page.form.add_qualification(next(r for r in list_qualifications(database) if r.id == infection))
    assert [e.relevant_to for e in model.entries()] == [[home_care, infection], []]
    entries = model.entries()
    entries[0].relevant_to.append(999)  # a copy: the model's row is not changed
    assert model.entries()[0].relevant_to == [home_care, infection]
    page.form.chosen_list.setCurrentRow(0)
    page.form.remove_selected_qualification()
    assert [e.relevant_to for e in model.entries()] == [[infection], []]
    other = model.index(1, model.column_index("industry"))
    assert other.data() == "Other industry (not counted)"


def _applications(page: IntakeFormPage) -> list[tuple[object, ...]]:
    with sqlite3.connect(page.context.database.path) as connection:
        return list(
            connection.execute(
                "SELECT a.application_date, a.id, q.carer_declaration FROM applications a "
                "JOIN applied_qualifications q ON q.application_id = a.id ORDER BY a.id, q.id"
            )
        )


def test_the_received_on_date_decides_the_route(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    database = ui_context.database
    home_care = qualification_id(database, "General home care")
    form = valid_form(event_id=page.current_event().id, qualification_ids=[home_care])  # type: ignore[union-attr]
    for row in form.employment:
        row.relevant_to = [home_care]
        row.industry = "Elderly care"
    page.form.load(form)
    assert page.form.received_on.text() == ""  # a draft without the date: received today
    retype(qtbot, page, "received_on", "2023-08-31")  # the day before the community-care window opened
    assert "· Assessment" in hint_for(qtbot, page, home_care).text()
    problem = page.form.problem_labels["received_on"]
    assert problem.isVisible()
    assert problem.property("severity") == "warning"
    assert problem.text() == "Received more than 60 days ago: check the date or the postmark."

    retype(qtbot, page, "received_on", "01/09/2023")
    assert (
        hint_for(qtbot, page, home_care)
        .text()
        .endswith("Document review (exam-free window until 2028-08-31)")
    )
    assert problem.property("severity") == "warning"  # 68 days ago: still worth a look

    edit = page.form.received_on
    edit.setFocus()
    edit.selectAll()
    type_here(qtbot, "2023-08-31")
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    ((received, application_id, _carer),) = _applications(page)
    assert received == "2023-08-31"
    (lodged,) = check_application(database, int(str(application_id)))
    assert lodged.result.route.value == "assessment"


def test_the_carer_declaration_is_ticked_per_qualification(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    database = ui_context.database
    home_care = qualification_id(database, "General home care")
    infection = qualification_id(database, "Infection control")
    form = valid_form(event_id=page.current_event().id, qualification_ids=[home_care, infection])  # type: ignore[union-attr]
    form.employment = [
        EmploymentEntry(
            employer="My mother",
            industry="Elderly care",
            start="2018-01-01",
            present=True,
            kind="caring",
            relevant_to=[home_care],
            proof_status="missing",
        )
    ]
    page.form.load(form)
    page.form.touch_all()
    page._revalidate()
    caring = [p.code for p in page.problems() if p.field == "employment.0.kind"]
    assert caring == ["caring_without_declaration"]
    carer = page.form.carer_list
    assert carer.count() == 2
    assert carer.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    carer.setFocus()
    carer.setCurrentRow(0)
    key(qtbot, Qt.Key.Key_Space)
    assert page.form.collect(None).carer_qualification_ids == [home_care]
    assert not [p for p in page.problems() if p.field == "employment.0.kind"]
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    assert [row[2] for row in _applications(page)] == [1, 0]


def test_a_draft_keeps_the_new_fields(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
) -> None:
    page = intake_page
    database = ui_context.database
    home_care = qualification_id(database, "General home care")
    infection = qualification_id(database, "Infection control")
    form = valid_form(event_id=page.current_event().id, qualification_ids=[home_care, infection])  # type: ignore[union-attr]
    form.received_on = "02/11/2023"
    form.carer_qualification_ids = [infection]
    form.employment[0].relevant_to = [infection]
    form.employment[0].kind = "caring"
    form.employment[1].relevant_to = []
    form.employment[1].industry = "other"
    lodging.save_draft(database, "new-fields", form)
    (draft,) = lodging.open_drafts(database)
    page.restore_draft(draft)
    restored = page.form.collect(draft.event_id)
    assert restored == draft.form
    assert restored.received_on == "02/11/2023"
    assert ApplicationForm.from_dict(restored.to_dict()) == restored


def dialog_relevance(form: ApplicationFormWidget) -> QWidget | None:
    dialog = form.employment_box.row_dialog
    return dialog.relevance if dialog is not None else None
