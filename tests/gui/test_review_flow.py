"""Two users take a real lodged case from lodged to signed off in the case view's review tab.

The assessor moves the case, asks for a missing document (the letter's PDF is read back), writes the five
judgements (one note in Chinese, through the input method), recommends a pass and cannot sign off; the
supervisor signs off each qualification and the case. The report's PDF is read back, the history tab
lists every move with both names, and the audit chain is intact. Refusals (role, maker-checker, lock) are
shown through ``ui/messages.py`` and change nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database
from assessor_app.core.domain.application_form import EmploymentEntry
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services import audit
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review import assessment, document_requests
from assessor_app.core.services.review.assessment import JUDGEMENTS, assessment_rows
from assessor_app.core.services.review.workflow import move_case
from assessor_app.ui import i18n, messages, preferences, tasks, users
from assessor_app.ui.case import dialogs, review_dialogs
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.case.review_dialogs import ReceiptDialog, RequestDocumentsDialog
from assessor_app.ui.case.review_models import HistoryTableModel, RequestsTableModel
from assessor_app.ui.case.review_panel import ReviewPanel
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import slip_output
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.cases_page import CasesPage
from assessor_app.ui.pages.reimbursement_panel import ReimbursementTableModel
from assessor_app.ui.users import WhoIsWorkingDialog
from tests.core.intake_helpers import valid_form
from tests.core.test_assessment import export_in_batch
from tests.core.test_document_requests import pypdf_text
from tests.core.test_slip import squash
from tests.core.user_helpers import add_user
from tests.gui.intake_fixtures import CLERK, EVENT_DAY, OPERATOR, prepare_intake, qualification_id
from tests.gui.qt_helpers import check_model, press, type_chinese, type_keys
from tests.gui.test_intake_fits import LAPTOP_CLIENT

ASSESSOR = ("anna", "區安娜 Anna AU", "assessor")
SUPERVISOR = ("sam", "施三 Sam SZE", "supervisor")
TITLES = {
    "General home care": "一般家居照顧",
    "Communication with and care for service users": "與服務使用者的溝通及關顧",
}
FULL_HKID = ("A123456(3)", "A1234563", "A123456")
MASKED_HKID = "A123***(*)"
CHINESE_NOTE = "已致電僱主核實職務"
REASONS = "All five rules met over eight years"
EXTRA_DOCUMENT = "Payslips 2023"


SIGN_OFF_QUESTION = ("Sign off this recommendation?", "簽批此建議？")


def confirming_sign_offs(
    monkeypatch: pytest.MonkeyPatch, recorded: list[messages.Message]
) -> list[messages.Message]:
    """Record messages as the conftest does, answering "yes" to each sign-off's confirmation (kept apart)."""
    asked: list[messages.Message] = []

    def record(message: messages.Message) -> bool:
        if message.kind == "question" and message.text.startswith(SIGN_OFF_QUESTION):
            asked.append(message)
            return True
        recorded.append(message)
        return False

    monkeypatch.setattr(messages, "hook", record)
    return asked


def judgements(number: int) -> dict[str, str]:
    """ASCII texts, typed key by key: different for each qualification so the report can be checked."""
    return {
        "appropriateness": f"Duties match the home care units Q{number}",
        "validity": f"Letters on letterhead signed and dated Q{number}",
        "currency": f"Still working in elderly care Q{number}",
        "sufficiency": f"Eight years with two employers Q{number}",
        "authenticity": f"Originals seen at the counter Q{number}",
    }


# --- a real case ---------------------------------------------------------------------------------


def lodge_elderly_care_case(database: Database) -> tuple[int, str]:
    """Two elderly-care qualifications; the first employer's letter was seen, the second one is missing."""
    event = prepare_intake(database)
    chosen = [qualification_id(database, title) for title in TITLES]
    form = replace(
        valid_form(event_id=event.id, qualification_ids=chosen),
        employment=[
            EmploymentEntry(
                employer="Happy Valley Care Home",
                post="Care worker",
                industry="Elderly care",
                start="2015-04-01",
                end="2019-12-31",
                proof_status="original_seen",
            ),
            EmploymentEntry(
                employer="Sunrise Elderly Centre",
                post="Senior care worker",
                industry="Elderly care",
                start="2020-01-02",
                present=True,
                proof_status="missing",
            ),
        ],
    )
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator=CLERK, today=EVENT_DAY)
    return lodged.application_id, lodged.reference_no


@pytest.fixture
def people(ui_context: UiContext) -> None:
    for username, name, role in (ASSESSOR, SUPERVISOR):
        add_user(ui_context.database, username, name, role)


@pytest.fixture
def case(ui_context: UiContext, people: None) -> tuple[int, str]:
    return lodge_elderly_care_case(ui_context.database)


@pytest.fixture
def window(main_window: MainWindow, qtbot: QtBot) -> MainWindow:
    main_window.resize(1400, 1000)
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    return main_window


# --- helpers --------------------------------------------------------------------------------------


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click, then wait for what the click queued (the review panel writes on the task queue)."""
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    settle(qtbot)


def settle(qtbot: QtBot) -> None:
    """Wait until no background task is left and its callbacks have run on the GUI thread."""
    qtbot.waitUntil(lambda: tasks.wait_for_all(0) and not any(panel.busy for panel in review_panels()))


def review_panels() -> list[ReviewPanel]:
    return [widget for widget in QApplication.allWidgets() if isinstance(widget, ReviewPanel)]


def switch_user(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, username: str) -> None:
    """Ctrl+U, then pick ``username`` in "Who is working?"."""
    asked: list[str] = []

    def pick(dialog: QDialog) -> bool:
        assert isinstance(dialog, WhoIsWorkingDialog)
        asked.append(dialog.windowTitle())
        assert dialog.select(username)
        dialog.choose()
        return True

    monkeypatch.setattr(users, "run_dialog", pick)
    press(qtbot, window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Who is working?"]
    assert window.context is not None
    assert window.context.user == username


def open_review(window: MainWindow, qtbot: QtBot, application_id: int) -> tuple[CaseView, ReviewPanel]:
    window.open_case(application_id)
    view = window.cases_page.case_view
    assert view is not None
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())  # type: ignore[no-untyped-call]
    assert view.tabs.currentWidget() is view.review_panel
    return view, view.review_panel


def status_of(database: Database, application_id: int) -> str:
    with sqlite3.connect(database.path) as connection:
        return str(
            connection.execute("SELECT status FROM applications WHERE id = ?", (application_id,)).fetchone()[
                0
            ]
        )


def move(qtbot: QtBot, panel: ReviewPanel, target: CaseStatus) -> None:
    click(qtbot, panel.move_buttons[target.value])
    assert panel.summary is not None
    assert panel.summary.status == target.value


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    type_keys(qtbot, widget, text)


def fill_judgements(qtbot: QtBot, panel: ReviewPanel, number: int, *, chinese_note: bool) -> None:
    for name, text in judgements(number).items():
        type_into(qtbot, panel.judgement_edits[name], text)
    if chinese_note:
        panel.notes_edit.setFocus()
        type_chinese(panel.notes_edit, CHINESE_NOTE)


def save_pdf(
    qtbot: QtBot, panel: ReviewPanel, monkeypatch: pytest.MonkeyPatch, button: QAbstractButton, out: Path
) -> list[str]:
    """Click a "Save … as PDF…" button with the file dialog answered ``out``; the dialog titles asked."""
    titles: list[str] = []

    def answer(_parent: QWidget | None, suggested: Path, title: str | None = None) -> Path:
        titles.append(f"{title}|{suggested.name}")
        return out

    monkeypatch.setattr(slip_output, "ask_save_path", answer)
    with qtbot.waitSignal(panel.pdf_saved, timeout=30_000) as saved:
        click(qtbot, button)
    assert saved.args == [out]
    assert out.read_bytes().startswith(b"%PDF")
    return titles


def missing_from(pdf: Path, expected: list[str]) -> list[str]:
    flat = squash(pypdf_text(pdf))
    return [text for text in expected if squash(text) not in flat]


# --- the whole review -----------------------------------------------------------------------------


def test_two_users_take_a_lodged_case_to_signed_off(
    window: MainWindow,
    ui_context: UiContext,
    case: tuple[int, str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
    tmp_path: Path,
) -> None:
    database = ui_context.database
    application_id, reference = case

    # --- the assessor: lodged → acknowledged → under review, and a request for a missing document ---
    switch_user(window, qtbot, monkeypatch, "anna")
    assert window.user_label.text() == "User: 區安娜 Anna AU (Assessor)"
    view, panel = open_review(window, qtbot, application_id)
    assert panel.state_chip.text() == "Lodged"
    assert list(panel.move_buttons) == ["acknowledged", "withdrawn"]
    assert panel.move_buttons["withdrawn"].text() == "→ Withdrawn…"
    move(qtbot, panel, CaseStatus.ACKNOWLEDGED)
    assert list(panel.move_buttons) == ["documents_requested", "under_review", "withdrawn"]
    move(qtbot, panel, CaseStatus.UNDER_REVIEW)
    assert view.status_chip.text() == "Under review"

    asked: list[str] = []

    def fill_request(dialog: QDialog) -> bool:
        assert isinstance(dialog, RequestDocumentsDialog)
        missing = [dialog.item_list.item(row).text() for row in range(dialog.item_list.count())]
        asked.extend(missing)
        type_into(qtbot, dialog.other_edit, EXTRA_DOCUMENT)
        assert dialog.due_date() == hong_kong_today() + timedelta(days=14)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(review_dialogs, "run_dialog", fill_request)
    click(qtbot, panel.request_button)
    assert len(asked) == 1
    assert asked[0].startswith("Employer or authorised-person letter — Sunrise Elderly Centre")
    assert panel.requests_model.rowCount() == 1
    request = panel.selected_request()
    assert request is not None
    assert [item.name_en for item in request.items] == [
        "Employer or authorised-person letter",
        EXTRA_DOCUMENT,
    ]
    assert panel.outstanding_label.text() == "1 outstanding, none overdue."
    assert view.requests_chip.text() == "1 request for documents outstanding"
    assert panel.requests_model.index(0, panel.requests_model.column_index("state")).data() == "14 days left"

    letter = tmp_path / "letter.pdf"
    titles = save_pdf(qtbot, panel, monkeypatch, panel.letter_save_button, letter)
    assert titles == [f"Save the letter as PDF|{reference}-R{request.id}.pdf"]
    assert panel.output_label.text() == f"Saved: {letter}"
    assert (
        missing_from(
            letter,
            [
                "陳大文",
                "CHAN",
                "Tai Man",
                MASKED_HKID,
                reference,
                "僱主或獲授權人士證明信",
                "Employer or authorised-person letter",
                "Sunrise Elderly Centre",
                EXTRA_DOCUMENT,
                request.due_date.isoformat(),
                "區安娜 Anna AU",
            ],
        )
        == []
    )
    assert not any(number in pypdf_text(letter) for number in FULL_HKID)

    move(qtbot, panel, CaseStatus.VERIFICATION_SCHEDULED)

    # --- the assessor's judgements and recommendations ---
    rows = assessment_rows(database, application_id)
    assert [panel.qualification_combo.itemText(i) for i in range(panel.qualification_combo.count())] == [
        f"{title} (QF Level 2)" for title in TITLES
    ]
    assert not panel.recommend_button.isEnabled()
    fill_judgements(qtbot, panel, 1, chinese_note=True)
    assert panel.counters["notes"].text() == f"{len(CHINESE_NOTE)} / 4000"
    assert panel.unsaved_label.text() == "Unsaved changes"
    click(qtbot, panel.save_button)
    first = assessment.assessment_row(database, rows[0].applied_qualification_id)
    assert first.judgements == judgements(1)
    assert first.notes == CHINESE_NOTE
    assert first.stage == "in_progress"
    assert panel.stage_label.text() == "In progress"
    assert not panel.save_button.isEnabled()
    click(qtbot, panel.pass_radio)
    type_into(qtbot, panel.reasons_edit, REASONS)
    click(qtbot, panel.recommend_button)
    assert assessment.assessment_row(database, rows[0].applied_qualification_id).stage == "recommended"
    assert panel.recommended_label.text().startswith("Recommendation: Pass — by 區安娜 Anna AU (anna), ")

    panel.select_qualification(rows[1].applied_qualification_id)
    assert all(editor.toPlainText() == "" for editor in panel.judgement_edits.values())
    assert panel.recommended_label.text() == "No recommendation yet."
    fill_judgements(qtbot, panel, 2, chinese_note=False)
    click(qtbot, panel.pass_radio)
    type_into(qtbot, panel.reasons_edit, REASONS)
    click(qtbot, panel.recommend_button)  # saves the judgements typed, then recommends
    second = assessment.assessment_row(database, rows[1].applied_qualification_id)
    assert (second.judgements, second.recommendation, second.decided_by) == (judgements(2), "pass", "anna")

    move(qtbot, panel, CaseStatus.RECOMMENDED_PASS)
    assert "signed_off" not in panel.move_buttons

    # --- the assessor cannot sign off: the button says why, and the core refuses if asked anyway ---
    assert not panel.sign_off_button.isEnabled()
    assert "A supervisor signs off" in panel.sign_off_button.toolTip()
    entries = audit.verify_chain(database).entries
    sign_offs_asked = confirming_sign_offs(monkeypatch, recorded_messages)
    panel.sign_off_current()
    settle(qtbot)
    (refusal,) = recorded_messages
    assert refusal.kind == "warning"
    assert refusal.text == (
        "A user with the role 'assessor' cannot sign off an assessment (allowed: supervisor)."
    )
    assert status_of(database, application_id) == "recommended_pass"
    assert assessment.assessment_row(database, rows[0].applied_qualification_id).stage == "recommended"
    assert audit.verify_chain(database).entries == entries
    recorded_messages.clear()

    # --- the supervisor signs off each qualification, then the case ---
    switch_user(window, qtbot, monkeypatch, "sam")
    assert window.user_label.text() == "User: 施三 Sam SZE (Supervisor)"
    assert panel.hint.text() == "Recommended: a supervisor who did not write the assessment signs it off."
    assert list(panel.move_buttons) == ["signed_off", "under_review", "withdrawn"]
    click(qtbot, panel.move_buttons["signed_off"])  # not yet: the qualifications are not signed off
    (early,) = recorded_messages
    assert early.text.startswith("Sign off every qualification first.")
    assert status_of(database, application_id) == "recommended_pass"
    recorded_messages.clear()
    for row in rows:
        panel.select_qualification(row.applied_qualification_id)
        click(qtbot, panel.sign_off_button)
        assert panel.stage_label.text() == "Signed off"
        assert panel.signed_label.text().startswith("Signed off by 施三 Sam SZE (sam), ")
    move(qtbot, panel, CaseStatus.SIGNED_OFF)
    assert status_of(database, application_id) == "signed_off"
    assert recorded_messages == []
    # Each sign-off was confirmed after seeing what is signed: the case, the qualification, the
    # recommendation, who made it and why (the assessor's refused attempt was asked too).
    assert len(sign_offs_asked) == len(rows) + 1
    for question, row in zip(sign_offs_asked[1:], rows, strict=True):
        assert row.title_en in question.text
        assert "Recommendation: Pass, by " in question.text
        assert REASONS in question.text
        assert reference in question.text

    # --- the report ---
    report = tmp_path / "report.pdf"
    titles = save_pdf(qtbot, panel, monkeypatch, panel.report_save_button, report)
    assert titles == [f"Save the assessment report as PDF|{reference}-assessment-report.pdf"]
    expected = [
        reference,
        "陳大文",
        "CHAN",
        "Tai Man",
        MASKED_HKID,
        *TITLES,
        *TITLES.values(),
        *judgements(1).values(),
        *judgements(2).values(),
        CHINESE_NOTE,
        REASONS,
        "Recommended by",
        "Signed off by",
        "區安娜 Anna AU",
        "施三 Sam SZE",
    ]
    assert missing_from(report, expected) == []
    assert not any(number in pypdf_text(report) for number in FULL_HKID)

    # --- the history ---
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())  # type: ignore[no-untyped-call]
    model = view.history_panel.model
    column = {key: model.column_index(key) for key in ("who", "what", "change")}
    moves = [
        (model.index(row, column["who"]).data(), model.index(row, column["change"]).data())
        for row in range(model.rowCount())
        if model.index(row, column["what"]).data() in {"Case state", "Case state (lodged)"}
    ]
    assert moves == [
        (f"{OPERATOR} ({CLERK})", "Draft → Lodged"),
        ("區安娜 Anna AU (anna)", "Lodged → Acknowledged"),
        ("區安娜 Anna AU (anna)", "Acknowledged → Under review"),
        ("區安娜 Anna AU (anna)", "Under review → Verification scheduled"),
        ("區安娜 Anna AU (anna)", "Verification scheduled → Recommended pass"),
        ("施三 Sam SZE (sam)", "Recommended pass → Signed off"),
    ]
    whats = [model.index(row, column["what"]).data() for row in range(model.rowCount())]
    assert "General home care: Validity" in whats
    assert "General home care: Signed off by" in whats
    assert f"Request for documents R{request.id}" in whats
    notes_row = whats.index("General home care: Notes")
    assert model.index(notes_row, column["change"]).data() == CHINESE_NOTE
    assert audit.verify_chain(database).intact


# --- refusals the buttons cannot foresee ----------------------------------------------------------


def test_maker_checker_is_refused_in_the_users_language(
    window: MainWindow,
    ui_context: UiContext,
    case: tuple[int, str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    """A supervisor who wrote the recommendation sees "Sign off" enabled; the core refuses, in Chinese."""
    database = ui_context.database
    application_id, _reference = case
    for target in ("acknowledged", "under_review", "verification_scheduled"):
        move_case(database, application_id, target, actor="sam")
    for row in assessment_rows(database, application_id):
        assessment.save_judgement(database, row.applied_qualification_id, actor="sam", **judgements(1))
        assessment.recommend(
            database, row.applied_qualification_id, actor="sam", recommendation="pass", reasons=REASONS
        )
    move_case(database, application_id, "recommended_pass", actor="sam")
    switch_user(window, qtbot, monkeypatch, "sam")
    _view, panel = open_review(window, qtbot, application_id)
    window.set_language(i18n.CHINESE)
    before = audit.verify_chain(database).entries
    confirming_sign_offs(monkeypatch, recorded_messages)

    click(qtbot, panel.sign_off_button)
    click(qtbot, panel.move_buttons["signed_off"])  # the UI's own check first: nothing is signed off
    maker_checker, not_yet = recorded_messages
    assert maker_checker.text == "你曾參與撰寫此評審，不能同時簽批，須由另一位主管簽批。"
    assert not_yet.text.startswith("請先簽批每項資歷。")
    assert status_of(database, application_id) == "recommended_pass"
    assert audit.verify_chain(database).entries == before


def test_a_locked_case_shows_its_batch_and_opens_a_correction(
    window: MainWindow,
    ui_context: UiContext,
    case: tuple[int, str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    database = ui_context.database
    application_id, _reference = case
    move_case(database, application_id, "acknowledged", actor="anna")
    batch_id = export_in_batch(database, application_id)

    switch_user(window, qtbot, monkeypatch, "anna")
    view, panel = open_review(window, qtbot, application_id)
    banner = panel.banner
    assert not banner.isHidden()
    assert banner.text.text().startswith(f"Exported in batch {batch_id} (batch-001.xlsx) — locked.")
    assert not banner.correction_button.isEnabled()  # an assessor cannot open a correction
    assert all(editor.isReadOnly() for editor in panel.judgement_edits.values())
    assert not panel.request_button.isEnabled()
    # The evidence actions too, saying why, before anyone presses one (they were enabled, then refused).
    evidence = view.evidence_tab
    locked_reason = "This case is locked: nothing in its review can change without a correction."
    for button in [*evidence.status_buttons.values(), evidence.add_document_button]:
        assert not button.isEnabled()
        assert button.toolTip() == locked_reason
    assert not evidence.attachments_panel.attach_button.isEnabled()
    assert not evidence.attachments_panel.acceptDrops()
    panel.judgement_edits["validity"].setPlainText("typed into a locked case")
    panel.save_judgements()  # a stale screen: the core still refuses
    settle(qtbot)
    (locked,) = recorded_messages
    assert "is locked" in locked.text
    assert assessment_rows(database, application_id)[0].validity == ""
    recorded_messages.clear()

    switch_user(window, qtbot, monkeypatch, "sam")
    assert banner.correction_button.isEnabled()
    prompts: list[str] = []

    def reason(_parent: QWidget | None, title: str, _prompt: str) -> str:
        prompts.append(title)
        return "Wrong qualification ticked"

    monkeypatch.setattr(dialogs, "ask_reason", reason)
    click(qtbot, banner.correction_button)
    assert prompts == ["Open a correction"]
    assert banner.text.text().startswith(f"Exported in batch {batch_id} (batch-001.xlsx) — correction open")
    assert banner.correction_button.isHidden()
    assert not panel.judgement_edits["validity"].isReadOnly()
    assert evidence.add_document_button.isEnabled()  # a correction opens the evidence again
    assert evidence.attachments_panel.attach_button.isEnabled()
    history = view.history_panel.model
    what = history.column_index("what")
    assert history.index(history.rowCount() - 1, what).data() == "Correction opened"
    assert history.index(history.rowCount() - 1, history.column_index("reason")).data() == (
        "Wrong qualification ticked"
    )
    assert recorded_messages == []


def test_moves_that_need_a_reason_ask_for_it(
    window: MainWindow,
    ui_context: UiContext,
    case: tuple[int, str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    application_id, _reference = case
    switch_user(window, qtbot, monkeypatch, "anna")
    _view, panel = open_review(window, qtbot, application_id)
    monkeypatch.setattr(dialogs, "ask_reason", lambda _parent, _title, _prompt: None)
    click(qtbot, panel.move_buttons["withdrawn"])
    assert status_of(ui_context.database, application_id) == "lodged"  # cancelled: nothing moves
    monkeypatch.setattr(dialogs, "ask_reason", lambda _parent, _title, _prompt: "Applicant emigrated")
    click(qtbot, panel.move_buttons["withdrawn"])
    assert status_of(ui_context.database, application_id) == "withdrawn"
    assert audit.case_history(ui_context.database, application_id)[-1].reason == "Applicant emigrated"
    assert panel.hint.text().startswith("Judgements and recommendations are recorded while")


# --- fee reimbursement ----------------------------------------------------------------------------


def test_fee_reimbursement_coming_due_is_listed_and_claimed(
    ui_context: UiContext,
    case: tuple[int, str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = ui_context.database
    application_id, reference = case
    soa = hong_kong_today() - timedelta(days=700)  # the deadline two years on is 30 days away
    with sqlite3.connect(database.path) as connection:
        connection.execute(
            "UPDATE applied_qualifications SET result = 'passed', soa_number = 'SoA-1', soa_date = ? "
            "WHERE application_id = ?",
            (soa.isoformat(), application_id),
        )
    ui_context.user = "anna"
    page = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.refresh()
    panel = page.reimbursement
    assert panel.model.rowCount() == 2
    assert panel.summary.text() == (
        "Claims within two years of the Statement of Attainment: 2 due in the next 90 days, 0 overdue."
    )
    left = panel.model.index(0, panel.model.column_index("left")).data()
    assert left.endswith("days left")
    assert panel.model.index(0, 0).data() == reference
    assert not panel.claim_button.isEnabled()
    panel.table.selectRow(0)

    def receipt(dialog: QDialog) -> bool:
        assert isinstance(dialog, ReceiptDialog)
        type_keys(qtbot, dialog.receipt_edit, "R-2025-0001")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(review_dialogs, "run_dialog", receipt)
    click(qtbot, panel.claim_button)
    assert panel.model.rowCount() == 1
    assert audit.case_history(database, application_id)[-1].new_value == "R-2025-0001"
    page.close()
    QApplication.processEvents()


def test_the_review_tab_without_a_user_explains_itself(
    ui_context: UiContext, case: tuple[int, str], qtbot: QtBot
) -> None:
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.load(case[0])
    panel = view.review_panel
    assert panel.move_buttons == {}
    assert panel.hint.text() == "Choose who is working (Ctrl+U) to record a review."
    assert not panel.request_button.isEnabled()
    assert all(editor.isReadOnly() for editor in panel.judgement_edits.values())
    assert panel.report_save_button.isEnabled()  # reading and printing need no role
    assert panel.summary is not None
    assert panel.summary.application_date == EVENT_DAY
    assert tuple(name for name in panel.judgement_edits if name != "notes") == JUDGEMENTS


def test_overdue_requests_are_flagged(ui_context: UiContext, case: tuple[int, str], qtbot: QtBot) -> None:
    database = ui_context.database
    application_id, _reference = case
    asked_on = hong_kong_today() - timedelta(days=30)
    document_requests.create_request(
        database,
        application_id,
        actor="anna",
        items=["Payslips 2022"],
        due_date=asked_on + timedelta(days=10),
        today=asked_on,
    )
    on_time = document_requests.create_request(
        database, application_id, actor="anna", items=["Tax return 2023"], due_date=hong_kong_today()
    )
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.load(application_id)
    panel = view.review_panel
    assert view.requests_chip.text() == "1 request for documents overdue"
    assert panel.outstanding_label.text() == "2 outstanding, 1 overdue."
    model = panel.requests_model
    state = model.column_index("state")
    assert [model.index(row, state).data() for row in range(model.rowCount())] == [
        "Overdue by 20 days",
        "Due today",
    ]
    assert model.index(0, state).data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    assert model.index(1, state).data(Qt.ItemDataRole.ForegroundRole) is None
    document_requests.mark_fulfilled(database, on_time.id, actor="anna")
    assert view.reload()
    assert model.index(1, state).data().startswith("Received ")


def test_the_review_models_pass_the_model_tester(
    ui_context: UiContext, case: tuple[int, str], qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    database = ui_context.database
    application_id, _reference = case
    check_model(qtmodeltester, HistoryTableModel())
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.load(application_id)
    requests, history = view.review_panel.requests_model, view.history_panel.model
    assert isinstance(requests, RequestsTableModel)
    assert isinstance(history, HistoryTableModel)
    assert requests.rowCount() == 0
    assert history.rowCount() > 0  # the lodging is on the trail
    check_model(qtmodeltester, requests)
    check_model(qtmodeltester, history)
    # An overdue request, one due today, then that one received: every state the table colours.
    asked_on = hong_kong_today() - timedelta(days=30)
    document_requests.create_request(
        database,
        application_id,
        actor="anna",
        items=["Payslips 2022"],
        due_date=asked_on + timedelta(days=10),
        today=asked_on,
    )
    on_time = document_requests.create_request(
        database, application_id, actor="anna", items=["Tax return 2023"], due_date=hong_kong_today()
    )
    document_requests.mark_fulfilled(database, on_time.id, actor="anna")
    assert view.reload()
    assert requests.rowCount() == 2
    check_model(qtmodeltester, requests)
    check_model(qtmodeltester, history)


def test_the_reimbursement_model_passes_the_model_tester(
    ui_context: UiContext, case: tuple[int, str], qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    application_id, _reference = case
    page = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(page)
    page.refresh()
    model = page.reimbursement.model
    assert isinstance(model, ReimbursementTableModel)
    assert model.rowCount() == 0
    check_model(qtmodeltester, model)
    # Both passes claimable: one coming due in 30 days, one already past its two years.
    today = hong_kong_today()
    with sqlite3.connect(ui_context.database.path) as connection:
        connection.execute(
            "UPDATE applied_qualifications SET result = 'passed', soa_number = 'SoA-1', soa_date = ? "
            "WHERE application_id = ?",
            ((today - timedelta(days=700)).isoformat(), application_id),
        )
        connection.execute(
            "UPDATE applied_qualifications SET soa_date = ? WHERE id = "
            "(SELECT min(id) FROM applied_qualifications WHERE application_id = ?)",
            ((today - timedelta(days=800)).isoformat(), application_id),
        )
    page.refresh()
    assert [row.overdue for row in model.rows] == [True, False]
    check_model(qtmodeltester, model)


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_review_tab_is_not_squeezed_at_1366_by_768(
    main_window: MainWindow, qtbot: QtBot, case: tuple[int, str], language: str
) -> None:
    application_id, _reference = case
    main_window.set_language(language)
    main_window.resize(LAPTOP_CLIENT)
    main_window.show()
    qtbot.waitExposed(main_window)
    _view, panel = open_review(main_window, qtbot, application_id)
    QApplication.processEvents()
    decision = panel.decision
    assert decision.height() >= decision.minimumSizeHint().height(), (
        decision.size(),
        decision.minimumSizeHint(),
    )
    # The Recommend button sits under the reasons box, not over it.
    assert panel.recommend_button.geometry().top() >= panel.reasons_edit.geometry().bottom()
