"""The case view's corrections: a period (the verdict changes at once) and the person's particulars."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.domain.application_form import EmploymentEntry
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.particulars import case_particulars
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.case.particulars_dialog import ParticularsButton
from assessor_app.ui.case.period_dialog import PeriodCorrectionDialog
from assessor_app.ui.context import UiContext
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_user
from tests.gui.intake_fixtures import CLERK, EVENT_DAY, prepare_intake
from tests.gui.qt_helpers import finish_tasks


def label_text(dialog: QWidget, name: str) -> str:
    label = dialog.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def logistics_level_3(database: Database) -> int:
    with database.session() as session:
        found = session.scalars(
            select(QualificationRecord.id)
            .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
            .where(IndustryRecord.name_en == "Logistics", QualificationRecord.qf_level == 3)
        ).first()
        if found is not None:
            return found
        record = QualificationRecord(  # the seed has no Logistics L3 cluster: a labelled test-only one
            industry_id=session.scalars(
                select(IndustryRecord.id).where(IndustryRecord.name_en == "Logistics")
            ).one(),
            title_en="TEST ONLY: synthetic qualification Logistics L3",
            title_zh="測試用虛構資歷",
            qf_level=3,
            qr_number=None,
            stream="",
        )
        session.add(record)
        session.flush()
        return record.id


def lodge_short_of_relevant(database: Database) -> tuple[int, int]:
    """Logistics L3 needs 5 years including 2 relevant: 6 years in the industry, only the last one relevant."""
    event = prepare_intake(database)
    qid = logistics_level_3(database)
    end = EVENT_DAY.isoformat()
    rows = [
        EmploymentEntry(
            employer="Tally Co", post="Tally clerk", industry="Logistics", start=f"{EVENT_DAY.year - 6}-01-01",
            end=f"{EVENT_DAY.year - 2}-12-31", proof_status="original_seen", relevant_to=[],
        ),
        EmploymentEntry(
            employer="Relevant Co", post="Cargo handler", industry="Logistics", start=f"{EVENT_DAY.year - 1}-01-01",
            end=end, proof_status="original_seen", relevant_to=[qid],
        ),
    ]  # fmt: skip
    form = replace(valid_form(event_id=event.id, qualification_ids=[qid]), employment=rows)
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator=CLERK, today=EVENT_DAY)
    return lodged.application_id, qid


def test_correcting_relevance_in_the_dialog_makes_the_case_meet(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    case_id, qid = lodge_short_of_relevant(database)
    add_user(database, "anna", "Anna Lee", "assessor")
    ui_context.user = "anna"
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.load(case_id)
    finish_tasks(qtbot)
    assert view.evidence_tab.eligibility.proven_status(qid) == "short"
    assert "relevant" in view.evidence_tab.eligibility.blocks[qid].worksheet.text()
    assert "short by" in view.evidence_tab.eligibility.blocks[qid].worksheet.text()

    dialog = view.evidence_tab.period_buttons.correct()
    assert isinstance(dialog, PeriodCorrectionDialog)
    assert dialog.period_combo.currentText().startswith("Tally Co")
    assert dialog.now["relevant_to"].text() == "now: in the industry only"
    assert not dialog.ok_button.isEnabled()  # a reason first
    qtbot.mouseClick(dialog.relevant[qid], Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "Employer letter: tally work is cargo handling")  # type: ignore[no-untyped-call]
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=5000) as finished:
        # Enter saves (the OK button is the default).
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert finished.args == [1]  # accepted, once the core saved it
    finish_tasks(qtbot)

    assert view.evidence_tab.eligibility.proven_status(qid) == "meets"
    assert "short by" not in view.evidence_tab.eligibility.blocks[qid].worksheet.text()
    with database.engine.connect() as connection:
        fields = connection.scalars(
            select(AuditEventRecord.field).where(AuditEventRecord.action == "period_corrected")
        ).all()
    assert [field.split(".", 1)[1] for field in fields] == ["relevant_to"]


def test_a_refused_correction_stays_in_the_dialog(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    case_id, qid = lodge_short_of_relevant(database)
    add_user(database, "anna", "Anna Lee", "assessor")
    ui_context.user = "anna"
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.load(case_id)
    finish_tasks(qtbot)
    dialog = view.evidence_tab.period_buttons.correct()
    assert dialog is not None
    dialog.start.setText("31/02/2020")
    dialog.reason.setText("typo")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=5000)
    assert dialog.isVisible()
    assert "Not a date" in dialog.problem.text()
    assert view.evidence_tab.eligibility.proven_status(qid) == "short"
    dialog.reject()


def test_update_particulars_shows_lodged_stored_and_new_and_the_case_keeps_its_own(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    case_id, _qid = lodge_short_of_relevant(database)
    add_user(database, "anna", "Anna Lee", "assessor")
    ui_context.user = "anna"
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.load(case_id)
    finish_tasks(qtbot)
    button = view.header.findChild(ParticularsButton, "case_update_particulars")
    assert button is not None
    dialog = button.open_dialog()
    assert dialog is not None
    assert label_text(dialog, "particulars_lodged_phone") == "+85291234567"
    assert label_text(dialog, "particulars_current_phone") == "+85291234567"
    assert not dialog.ok_button.isEnabled()
    dialog.new["phone"].setText("6123 4567")
    qtbot.keyClicks(dialog.reason, "Applicant phoned with a new number")  # type: ignore[no-untyped-call]
    with qtbot.waitSignal(dialog.finished, timeout=5000) as finished:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert finished.args == [1]
    found = case_particulars(database, case_id)
    assert (found.as_lodged["phone"], found.current["phone"]) == ("+85291234567", "+85261234567")
    view.reload()
    assert "+85291234567" in view.values["contact"].text()  # the case's own, as lodged
    with database.engine.connect() as connection:
        changed = connection.execute(
            select(AuditEventRecord.field, AuditEventRecord.old_value, AuditEventRecord.new_value).where(
                AuditEventRecord.action == "particulars_updated"
            )
        ).all()
    assert [tuple(row) for row in changed] == [("phone", "+85291234567", "+85261234567")]


def test_a_refused_particulars_update_stays_open(
    qtbot: QtBot, ui_context: UiContext, database: Database
) -> None:
    case_id, _qid = lodge_short_of_relevant(database)
    ui_context.user = CLERK
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.load(case_id)
    finish_tasks(qtbot)
    button = view.header.findChild(ParticularsButton, "case_update_particulars")
    assert button is not None
    dialog = button.open_dialog()
    assert dialog is not None
    dialog.new["phone"].setText("123")
    dialog.reason.setText("new number")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=5000)
    assert dialog.isVisible()
    dialog.reject()
