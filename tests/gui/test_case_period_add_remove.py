"""The case view's "Add a period…" and "Remove a period…": by keyboard, the verdict changes and comes back,
the audit trail keeps both; the period buttons are open only where the core's allowed_actions says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import EmploymentPeriodRecord
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.case.period_actions import RemovePeriodDialog
from assessor_app.ui.case.period_dialog import PeriodCorrectionDialog
from assessor_app.ui.context import UiContext
from tests.core.test_assessment import export_in_batch
from tests.core.user_helpers import add_user
from tests.gui.intake_fixtures import EVENT_DAY
from tests.gui.qt_helpers import finish_tasks, press, type_keys
from tests.gui.test_case_corrections import lodge_short_of_relevant

PERIOD_BUTTONS = ("case_correct_period", "case_add_period", "case_remove_period")


def open_case(qtbot: QtBot, ui_context: UiContext, database: Database, username: str, role: str) -> CaseView:
    add_user(database, username, username.title(), role)
    ui_context.user = username
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    return view


def claimed_status(view: CaseView, qid: int) -> str:
    return str(view.evidence_tab.eligibility.blocks[qid].claimed.property("status"))


def tab_to(qtbot: QtBot, dialog: QWidget, expected: QWidget) -> None:
    """Tab once; the focus lands on ``expected`` (the fields are reached in the order they are shown)."""
    focused = QApplication.focusWidget()
    assert focused is not None
    press(qtbot, focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is expected, (QApplication.focusWidget(), expected)


def shown_and_focused(qtbot: QtBot, dialog: QWidget, first: QWidget) -> None:
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=2000)


def audit_actions(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(
            connection.scalars(
                select(AuditEventRecord.action)
                .where(AuditEventRecord.action.in_(("period_added", "period_removed")))
                .order_by(AuditEventRecord.id)
            )
        )


def test_adding_a_relevant_period_by_keyboard_meets_and_removing_it_is_short_again(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    case_id, qid = lodge_short_of_relevant(database)
    view = open_case(qtbot, ui_context, database, "anna", "assessor")
    assert view.load(case_id)
    finish_tasks(qtbot)
    assert claimed_status(view, qid) == "short"
    assert "short by" in view.evidence_tab.eligibility.blocks[qid].worksheet.text()

    add_button = view.findChild(QWidget, "case_add_period")
    assert add_button is not None
    assert add_button.isEnabled()
    dialog = view.evidence_tab.period_buttons.add()
    assert isinstance(dialog, PeriodCorrectionDialog)
    assert dialog.adding
    assert dialog.windowTitle() == "Add a period of experience"
    assert not dialog.ok_button.isEnabled()  # an employer and a reason first
    shown_and_focused(qtbot, dialog, dialog.employer)
    type_keys(qtbot, dialog.employer, "Harbour Cargo")
    tab_to(qtbot, dialog, dialog.post)
    type_keys(qtbot, dialog.post, "Cargo handler")
    tab_to(qtbot, dialog, dialog.start)
    type_keys(qtbot, dialog.start, f"{EVENT_DAY.year - 4}-01-01")
    tab_to(qtbot, dialog, dialog.end)
    type_keys(qtbot, dialog.end, f"{EVENT_DAY.year - 2}-12-31")
    tab_to(qtbot, dialog, dialog.ongoing)
    tab_to(qtbot, dialog, dialog.industry)
    assert dialog.industry.currentData() == "Logistics"  # the industry applied for, already chosen
    tab_to(qtbot, dialog, dialog.relevant[qid])
    press(qtbot, dialog.relevant[qid], Qt.Key.Key_Space)
    assert dialog.relevant[qid].isChecked()
    for field in (dialog.employment_type, dialog.hours, dialog.kind, dialog.outside_hong_kong, dialog.reason):
        tab_to(qtbot, dialog, field)
    type_keys(qtbot, dialog.reason, "Employer letter shows cargo handling left off the form")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=5000) as finished:
        press(qtbot, dialog.reason, Qt.Key.Key_Return)  # Enter saves
    assert finished.args == [1]
    finish_tasks(qtbot)
    assert claimed_status(view, qid) == "meets"
    assert view.evidence_tab.eligibility.proven_status(qid) == "short"  # its proof is not seen yet
    assert any(period.employer == "Harbour Cargo" for period in view.summary.periods)  # type: ignore[union-attr]

    remove = view.evidence_tab.period_buttons.remove()
    assert isinstance(remove, RemovePeriodDialog)
    assert not remove.ok_button.isEnabled()  # a reason first
    shown_and_focused(qtbot, remove, remove.period_combo)
    press(qtbot, remove.period_combo, Qt.Key.Key_End)
    assert remove.period_combo.currentText().startswith("Harbour Cargo (Cargo handler)")
    assert "This removes “Harbour Cargo (Cargo handler)" in remove.what_goes.text()
    assert "checklist lines and their files stay" in remove.what_goes.text()
    tab_to(qtbot, remove, remove.reason)
    type_keys(qtbot, remove.reason, "Entered for the wrong applicant")
    with qtbot.waitSignal(remove.finished, timeout=5000) as finished:
        press(qtbot, remove.reason, Qt.Key.Key_Return)
    assert finished.args == [1]
    finish_tasks(qtbot)
    assert claimed_status(view, qid) == "short"
    assert "short by" in view.evidence_tab.eligibility.blocks[qid].worksheet.text()
    assert audit_actions(database) == ["period_added", "period_removed"]
    with database.engine.connect() as connection:
        employers = connection.scalars(select(EmploymentPeriodRecord.employer)).all()
    assert "Harbour Cargo" not in employers


def test_escape_cancels_and_writes_nothing(qtbot: QtBot, ui_context: UiContext, database: Database) -> None:
    case_id, _qid = lodge_short_of_relevant(database)
    view = open_case(qtbot, ui_context, database, "anna", "assessor")
    assert view.load(case_id)
    finish_tasks(qtbot)
    for opened in (view.evidence_tab.period_buttons.add(), view.evidence_tab.period_buttons.remove()):
        assert opened is not None
        field = opened.employer if isinstance(opened, PeriodCorrectionDialog) else opened.period_combo
        shown_and_focused(qtbot, opened, field)
        opened.reason.setText("changed my mind")
        with qtbot.waitSignal(opened.finished, timeout=2000) as finished:
            press(qtbot, field, Qt.Key.Key_Escape)
        assert finished.args == [0]
    finish_tasks(qtbot)
    assert audit_actions(database) == []


def test_a_refused_removal_stays_in_the_dialog(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    """A stale screen: the case was locked in an export batch after it was read; the core refuses."""
    case_id, _qid = lodge_short_of_relevant(database)
    view = open_case(qtbot, ui_context, database, "anna", "assessor")
    assert view.load(case_id)
    finish_tasks(qtbot)
    remove = view.evidence_tab.period_buttons.remove()
    assert remove is not None
    export_in_batch(database, case_id)
    remove.reason.setText("entered twice")
    qtbot.mouseClick(remove.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: remove.problem.isVisible(), timeout=5000)
    assert remove.isVisible()
    assert "locked" in remove.problem.text()
    remove.reject()


def test_a_clerk_sees_the_period_buttons_closed_and_why(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    case_id, _qid = lodge_short_of_relevant(database)
    view = open_case(qtbot, ui_context, database, "chloe", "intake_clerk")
    assert view.load(case_id)
    finish_tasks(qtbot)
    for name in PERIOD_BUTTONS:
        button = view.findChild(QWidget, name)
        assert button is not None
        assert not button.isEnabled(), name
        assert button.toolTip() == (
            "Only an assessor, a supervisor or an administrator can correct, add or remove periods of "
            "experience."
        )


def test_an_assessor_sees_them_open_until_the_case_is_locked(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    case_id, _qid = lodge_short_of_relevant(database)
    view = open_case(qtbot, ui_context, database, "anna", "assessor")
    assert view.load(case_id)
    finish_tasks(qtbot)
    for name in PERIOD_BUTTONS:
        button = view.findChild(QWidget, name)
        assert button is not None
        assert button.isEnabled(), name
        assert "Only" not in button.toolTip()
    export_in_batch(database, case_id)
    assert view.reload()
    for name in PERIOD_BUTTONS:
        button = view.findChild(QWidget, name)
        assert button is not None
        assert not button.isEnabled(), name
        assert button.toolTip().startswith("This case is locked")
