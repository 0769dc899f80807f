"""Bad input gets a clear message under its field, in both languages, and what was typed stays."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry, validate_form
from assessor_app.core.services.intake import lodging
from assessor_app.ui import messages
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import recovery
from assessor_app.ui.intake.employment_model import PROBLEM_ROLE, EmploymentTableModel
from assessor_app.ui.intake.qualification_picker import QualificationListModel
from assessor_app.ui.intake.queue_model import QueueTableModel
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import FIRST_ADMIN
from tests.gui.intake_fixtures import (
    CLERK,
    CTRL,
    EVENT_DAY,
    checked,
    focused,
    key,
    qualification_id,
    type_cells,
    type_here,
    type_industry,
)
from tests.gui.qt_helpers import check_model, type_chinese


@dataclass(frozen=True)
class Case:
    field: str
    enter: Callable[[QtBot, IntakeFormPage], None]
    kept: str
    english: str
    chinese: str


def typed(field: str, text: str, *, leave: bool = True) -> Callable[[QtBot, IntakeFormPage], None]:
    def enter(qtbot: QtBot, page: IntakeFormPage) -> None:
        page.form.line_edits[field].setFocus()
        type_here(qtbot, text)
        if leave:
            key(qtbot, Qt.Key.Key_Tab)

    return enter


def typed_then_erased(field: str) -> Callable[[QtBot, IntakeFormPage], None]:
    def enter(qtbot: QtBot, page: IntakeFormPage) -> None:
        page.form.line_edits[field].setFocus()
        type_here(qtbot, "Ch")
        key(qtbot, Qt.Key.Key_Backspace)
        key(qtbot, Qt.Key.Key_Backspace)
        key(qtbot, Qt.Key.Key_Tab)

    return enter


def pasted(field: str, text: str) -> Callable[[QtBot, IntakeFormPage], None]:
    def enter(qtbot: QtBot, page: IntakeFormPage) -> None:
        QGuiApplication.clipboard().setText(text)
        page.form.line_edits[field].setFocus()
        key(qtbot, Qt.Key.Key_V, CTRL)
        key(qtbot, Qt.Key.Key_Tab)

    return enter


LONG_ALIAS = "Tai Man " * 15 + "x"  # 121 characters, the limit is 120

CASES = [
    Case(
        "hkid",
        typed("hkid", "A123456(4)", leave=False),  # checked while typing, before the field is left
        "A123456(4)",
        "The check digit does not match: please re-read the card.",
        "檢查碼不符，請再核對身份證。",
    ),
    Case(
        "phone",
        typed("phone", "1234 5678"),
        "1234 5678",
        "Not a Hong Kong number: 8 digits, fixed lines start 2 or 3, mobiles 4 to 9.",
        "並非香港電話號碼：8 位數字，固網以 2 或 3 開頭，手機以 4 至 9 開頭。",
    ),
    Case(
        "date_of_birth",
        typed("date_of_birth", "01/01/2030"),
        "01/01/2030",
        "This date is in the future.",
        "此日期在未來。",
    ),
    Case(
        "surname_en",
        typed_then_erased("surname_en"),
        "",
        "This field is required.",
        "此欄必須填寫。",
    ),
    Case(
        "given_names_en",
        pasted("given_names_en", "Tai\x07Man"),
        "Tai\x07Man",
        "Remove the control characters.",
        "請刪除控制字元。",
    ),
    Case("alias", typed("alias", LONG_ALIAS), LONG_ALIAS, "At most 120 characters.", "最多 120 個字元。"),
]


def applications(page: IntakeFormPage) -> int:
    with sqlite3.connect(page.context.database.path) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM applications").fetchone()[0])


@pytest.mark.parametrize("case", CASES, ids=[case.field for case in CASES])
def test_bad_input_is_explained_and_kept(
    case: Case,
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    case.enter(qtbot, page)
    checked(qtbot, page)
    label = page.form.problem_labels[case.field]
    widget = page.form.inputs[case.field]
    assert isinstance(widget, QLineEdit)
    assert label.isVisible()
    assert case.english in label.text().splitlines()
    assert label.property("severity") == "error"
    assert widget.property("problem") == "error"
    assert widget.text() == case.kept

    ui_context.language = "zh_HK"
    page.retranslate()
    assert case.chinese in label.text().splitlines()
    assert widget.text() == case.kept

    # Lodging refuses, puts the cursor in the first bad field, and writes nothing.
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert page.last_result is None
    assert applications(page) == 0
    assert widget.text() == case.kept
    assert "問題" in page.status_line.text() or "problem" in page.status_line.text()


def test_an_end_date_before_the_start_is_marked_on_the_cell(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    form = page.form
    model = form.employment_model
    form.line_edits["surname_en"].setFocus()
    key(qtbot, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    type_cells(qtbot, "Harbour Elderly Home", "")  # no post
    type_industry(qtbot, "elder")  # Elderly care, by part of its name
    type_cells(qtbot, "2020-01-01", "2019-01-01")  # and leave the End cell
    checked(qtbot, page)

    end = model.index(0, model.column_index("end"))
    assert end.data(Qt.ItemDataRole.DisplayRole) == "2019-01-01"
    assert end.data(PROBLEM_ROLE) == "error"
    assert end.data(Qt.ItemDataRole.ToolTipRole) == "The end date is before the start date."
    assert end.data(Qt.ItemDataRole.BackgroundRole) is not None
    listed = form.problem_labels["employment"]
    assert listed.isVisible()
    assert listed.text() == "Row 1, End: The end date is before the start date."

    ui_context.language = "zh_HK"
    page.retranslate()
    assert end.data(Qt.ItemDataRole.ToolTipRole) == "結束日期早於開始日期。"
    assert listed.text().endswith("結束日期早於開始日期。")
    assert model.index(0, model.column_index("start")).data(Qt.ItemDataRole.DisplayRole) == "2020-01-01"


def test_lodging_an_empty_form_shows_every_problem_and_lodges_nothing(
    intake_page: IntakeFormPage,
    qtbot: QtBot,
) -> None:
    page = intake_page
    form = page.form
    form.line_edits["name_zh"].setFocus()
    type_chinese(focused(), "陳大文")
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert page.last_result is None
    assert applications(page) == 0
    assert focused() is form.line_edits["surname_en"]  # the first field with an error
    assert form.line_edits["name_zh"].text() == "陳大文"
    expected = {
        "surname_en": "This field is required.",
        "hkid": "This field is required.",
        "hkid_original_seen": "Check the number against the original HKID card and tick the box.",
        "employment": "Add at least one period of employment.",
        "qualifications": "Choose at least one qualification.",
        "pics_acknowledged": "The applicant must acknowledge the Personal Information Collection Statement.",
    }
    for field, message in expected.items():
        assert form.problem_labels[field].text() == message, field
    assert form.problem_labels["name_zh"].isHidden()
    assert page.status_line.text().startswith("Not lodged:")


def test_the_same_hkid_shows_its_existing_cases_with_a_link(
    intake_page: IntakeFormPage,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
) -> None:
    page = intake_page
    database = page.context.database
    earlier = lodging.lodge_application(
        database,
        valid_form(
            event_id=intake_event.id, qualification_ids=[qualification_id(database, "Infection control")]
        ),
        draft_uid=None,
        operator=CLERK,
        today=EVENT_DAY,
    )
    panel = page.form.duplicates
    assert panel.isHidden()
    page.form.line_edits["hkid"].setFocus()
    type_here(qtbot, "A123456(")
    assert panel.isHidden()  # not a whole number yet
    type_here(qtbot, "3)")
    assert panel.isVisible()
    # The one case named in the line (a keyboard user sees no tooltip), the whole of it a hover away.
    assert panel.title.full_text == (
        f"Has a case: {earlier.reference_no}, Lodged, 2023-11-08. Check it first."
    )
    line = f"{earlier.reference_no} · event {intake_event.code} · 2023-11-08 · Lodged · 感染控制 Infection control"
    assert panel.toolTip().splitlines() == [panel.title.full_text, line]  # one line; the case a hover away
    assert panel.open_button.text() == "Open case"  # one case: the button opens it
    page.form.checks["hkid_copy_kept"].setFocus()
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.open_button  # Tab reaches it where it is, under the HKID
    page.form.line_edits["hkid"].setFocus()
    with qtbot.waitSignal(page.open_case_requested, timeout=2000) as blocker:
        panel.open_button.click()
    assert blocker.args == [earlier.application_id]

    assert focused() is page.form.line_edits["hkid"]
    key(qtbot, Qt.Key.Key_Backspace)
    key(qtbot, Qt.Key.Key_Backspace)  # "A123456(": no longer a whole number, the panel goes
    assert panel.isHidden()


def test_several_existing_cases_are_one_line_and_a_menu(
    intake_page: IntakeFormPage, intake_event: lodging.EventRow, qtbot: QtBot
) -> None:
    page = intake_page
    database = page.context.database
    lodged = [
        lodging.lodge_application(
            database,
            valid_form(event_id=intake_event.id, qualification_ids=[qualification_id(database, title)]),
            draft_uid=None,
            operator=CLERK,
            today=EVENT_DAY,
        )
        for title in ("Infection control", "General home care")
    ]
    panel = page.form.duplicates
    panel.set_cases(lodging.find_duplicates(database, "A123456(3)"))
    assert panel.title.full_text == "This HKID already has 2 cases: check before lodging another."
    assert panel.open_button.text() == "Open a case ▾"
    assert len(panel.toolTip().splitlines()) == 3  # the title, then a line per case
    assert set(panel.case_actions) == {result.application_id for result in lodged}
    with qtbot.waitSignal(page.open_case_requested, timeout=2000) as blocker:
        panel.case_actions[lodged[1].application_id].trigger()
    assert blocker.args == [lodged[1].application_id]


def test_the_intake_models_pass_the_model_tester(
    intake_page: IntakeFormPage,
    qtmodeltester: ModelTester,
) -> None:
    page = intake_page
    model = page.form.employment_model
    model.set_entries(
        [
            EmploymentEntry(employer="Harbour Elderly Home", start="2020-01-01", end="2019-01-01"),
            EmploymentEntry(
                employer="Care Co", start="2018-01-01", present=True, employment_type="part_time"
            ),
        ]
    )
    _, problems = validate_form(page.form.collect(None), today=EVENT_DAY)
    model.set_problems(problems, "en")
    assert isinstance(model, EmploymentTableModel)
    assert isinstance(page.form.picker.model, QualificationListModel)
    assert isinstance(page.queue_model, QueueTableModel)
    check_model(qtmodeltester, model)
    check_model(qtmodeltester, page.form.picker.model)
    check_model(qtmodeltester, page.queue_model)
    drafts = [
        lodging.DraftRow("u1", None, ApplicationForm(surname_en="Ho", hkid="A1"), datetime(2023, 11, 8, 2, 0))
    ]
    check_model(qtmodeltester, recovery.DraftTableModel(drafts, {}))


def test_an_overlap_is_a_warning_that_does_not_block_lodging(
    intake_page: IntakeFormPage,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
) -> None:
    page = intake_page
    database = page.context.database
    form = valid_form(
        event_id=intake_event.id, qualification_ids=[qualification_id(database, "Infection control")]
    )
    form.employment[1].start = "2019-06-01"  # inside the first job
    lodging.save_draft(database, "overlapping", form)
    page.restore_draft(lodging.open_drafts(database)[0])
    model = page.form.employment_model
    start = model.index(1, model.column_index("start"))
    assert start.data(PROBLEM_ROLE) == "warning"
    assert page.form.problem_labels["employment"].property("severity") == "warning"
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    assert page.lodged_warnings.isVisible()
    assert page.lodged_warnings.text() == "Row 2, Start: Overlaps row 1: overlapping time counts once."
    assert applications(page) == 1


def test_only_a_signed_in_user_who_may_lodge_lodges(
    intake_page: IntakeFormPage,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
    recorded_messages: list[messages.Message],
) -> None:
    """The page lodges as the signed-in user: with nobody chosen it says so on the page, and an
    administrator is refused by the service; neither lodges anything, and the form keeps what was typed."""
    page = intake_page
    database = page.context.database
    form = valid_form(
        event_id=intake_event.id, qualification_ids=[qualification_id(database, "Infection control")]
    )
    lodging.save_draft(database, "typed", form)
    page.restore_draft(lodging.open_drafts(database)[0])
    page.context.user = ""
    page.apply_current_user()
    assert page.operator_edit.text() == ""
    assert page.operator_edit.isReadOnly()
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert page.event_panel.operator_problem.isVisible()
    assert "Switch user" in page.event_panel.operator_problem.text()
    assert applications(page) == 0

    page.context.user = FIRST_ADMIN
    page.apply_current_user()
    assert page.operator_edit.text() == "First Administrator"
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(recorded_messages) and page.lodge_button.isEnabled(), timeout=10_000)
    assert "cannot lodge an application" in recorded_messages[-1].text
    assert applications(page) == 0
    assert page.last_result is None
    assert page.form.collect(intake_event.id).hkid == form.hkid


def test_typing_is_checked_once_it_pauses_not_per_keystroke(
    intake_page: IntakeFormPage,
    qtbot: QtBot,
) -> None:
    page = intake_page
    engine = page.context.database.engine
    reads: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if threading.get_ident() == threading.main_thread().ident:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        page.form.line_edits["phone"].setFocus()
        type_here(qtbot, "1234 5678")  # keys without a pause: nothing is read yet
        assert reads == []
        assert page.live_check.pending
        checked(qtbot, page)
        once = len(reads)
        assert once > 0
        page.form.line_edits["email"].setFocus()  # leaving the field shows what the check found
        assert page.form.problem_labels["phone"].text().startswith("Not a Hong Kong number")
        page._revalidate()  # the same form again: nothing is read again
        assert len(reads) == once
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_receipt_number_needs_the_fee_paid_and_its_own_characters(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    form = page.form
    form.receipt_no.setFocus()
    type_here(qtbot, "R#1")
    key(qtbot, Qt.Key.Key_Tab)
    checked(qtbot, page)
    receipt_label = form.problem_labels["fee_receipt_no"]
    assert receipt_label.isVisible()
    assert "A receipt number holds letters, digits, / - . and spaces only." in receipt_label.text()
    # Not ticked as paid: the box says so once lodging is tried, and nothing is written.
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert page.last_result is None
    assert applications(page) == 0
    paid_label = form.problem_labels["fee_paid"]
    assert paid_label.isVisible()
    assert "A receipt number is given: tick that the fee was paid." in paid_label.text()
    ui_context.language = "zh_HK"
    page.retranslate()
    assert "已填寫收據編號：請剔選已繳付費用。" in paid_label.text()
    assert form.receipt_no.text() == "R#1"
