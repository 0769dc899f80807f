"""A whole application typed with the keyboard alone, lodged, checked row by row and on the slip."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from assessor_app.core.services.documents.slip import render_slip
from assessor_app.core.services.documents.slip_data import build_slip_data
from assessor_app.core.services.intake import lodging
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import dialogs, slip_output
from assessor_app.ui.intake.form import ApplicationFormWidget
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.gui.intake_fixtures import (
    CLERK,
    CTRL,
    EVENT_DAY,
    SHIFT,
    build_page,
    checked,
    close_page,
    focused,
    key,
    qualification_id,
    type_here,
)
from tests.gui.qt_helpers import finish_tasks, type_chinese

NAME_ZH = "陳大文"
ADDRESS_ZH = "香港大嶼山東涌富東邨富東樓 1 號"


def rows(database_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database_path) as connection:
        return list(connection.execute(sql))


def test_a_whole_application_by_keyboard(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = intake_page
    form = page.form
    edits = form.line_edits
    database = ui_context.database

    key(qtbot, Qt.Key.Key_N, CTRL)
    assert focused() is edits["name_zh"]
    type_chinese(focused(), NAME_ZH)
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is edits["surname_en"]
    type_here(qtbot, "chan")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is edits["given_names_en"]
    type_here(qtbot, "Tai Man")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is edits["alias"]
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is edits["hkid"]
    type_here(qtbot, "a1234563")
    key(qtbot, Qt.Key.Key_Tab)
    assert edits["hkid"].text() == "A123456(3)"  # normalised when the field is left
    assert focused() is form.combos["residence_status"]
    type_here(qtbot, "a")
    assert form.combos["residence_status"].currentData() == "A"
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is form.checks["hkid_original_seen"]
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.checks["hkid_copy_kept"]
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is edits["date_of_birth"]
    type_here(qtbot, "15/03/1985")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is edits["phone"]
    type_here(qtbot, "9123 4567")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is edits["email"]
    type_here(qtbot, "taiman@example.com")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.address
    type_chinese(focused(), ADDRESS_ZH)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.combos["preferred_language"]
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.employment_table

    # Employment: Ctrl+Shift+A adds a row; typing in a cell opens its editor, Tab moves on; the industry
    # is typed in part; Ctrl+E opens the row's less-used columns.
    table = form.employment_table
    key(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert table.currentIndex().row() == 0
    type_here(qtbot, "Asia Cargo Terminal Ltd")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Care worker")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "elder")  # industry: Elderly care, by part of its name
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "2015-04-01")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "2019-12-31")
    key(qtbot, Qt.Key.Key_E, CTRL)  # the row's details: duties and proof
    dialog = form.employment_box.row_dialog
    assert dialog is not None
    assert dialog.isVisible()
    # No qualification chosen yet: no relevance to tick, the kind first.
    kind = dialog.combos["kind"]
    qtbot.waitUntil(lambda: focused() is kind)
    key(qtbot, Qt.Key.Key_Tab)  # Kind: employment is right
    key(qtbot, Qt.Key.Key_Tab)  # Type: full-time is right
    key(qtbot, Qt.Key.Key_Tab)  # no hours
    key(qtbot, Qt.Key.Key_Tab)  # in Hong Kong: ticked already
    assert focused() is dialog.duties
    type_here(qtbot, "Personal care of residents")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "O")  # Original seen
    key(qtbot, Qt.Key.Key_Return)
    assert dialogs_open(form) == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)

    key(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert focused() is table
    assert table.currentIndex().row() == 1
    type_here(qtbot, "Harbour Elderly Home")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Senior care worker")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)  # industry: the previous row's
    type_here(qtbot, "2020-01-02")
    key(qtbot, Qt.Key.Key_Tab)  # End stays empty
    key(qtbot, Qt.Key.Key_Tab)  # to Present
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_E, CTRL)
    dialog = form.employment_box.row_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: focused() is dialog.combos["kind"])
    key(qtbot, Qt.Key.Key_Tab)  # to Type
    type_here(qtbot, "P")  # Part-time
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "30")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    present = form.employment_model.column_index("present")
    assert table.currentIndex() == form.employment_model.index(1, present)
    key(qtbot, Qt.Key.Key_Tab)  # back on Present, the last cell: out of the table
    assert focused() is form.add_row_button

    # Qualifications: Ctrl+F, type, Enter; once in English, once in Chinese.
    key(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is form.picker.search
    type_here(qtbot, "infection")
    key(qtbot, Qt.Key.Key_Return)
    type_chinese(focused(), "一般家居")
    key(qtbot, Qt.Key.Key_Return)
    infection = qualification_id(database, "Infection control")
    home_care = qualification_id(database, "General home care")
    assert [form.chosen_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)] == [
        infection,
        home_care,
    ]
    assert form.fee_label.text() == "Fee: HK$490"
    checked(qtbot, page)  # the hint follows once typing pauses
    # 2015-04-01 to 2019-12-31 and 2020-01-02 onwards (part-time, counted in full), on 2023-11-08.
    meets = (
        "Meets the rule: 8 y 7 m in the industry (needs 3 y), 8 y 7 m relevant (needs 2 y) · "
        "Document review (exam-free window until 2028-08-31)"
    )
    assert form.eligibility_hints.text().splitlines() == [
        f"Infection control (QF L2): {meets}",
        f"General home care (QF L2): {meets}",
    ]
    assert [label.property("status") for label in form.eligibility_hints.labels] == ["meets", "meets"]
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.chosen_list
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.checks["fee_paid"]  # the fee paid at the counter, and its receipt
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.receipt_no
    type_here(qtbot, "r-2023/0457")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.carer_list  # one carer's declaration tick per qualification: none here
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.attachments_box.attach_button  # no file brought: no list, nothing to remove
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.checks["pics_acknowledged"]
    key(qtbot, Qt.Key.Key_Space)
    assert form.checks["pics_acknowledged"].isChecked()

    assert [p for p in page.problems() if p.severity == "error"] == []
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    result = page.last_result
    assert result is not None
    reference = f"LT01-{EVENT_DAY:%Y%m%d}-0001"
    assert result.reference_no == reference
    assert page.reference_label.text() == reference
    assert page.reference_label.font().pointSize() == 28
    assert page.lodged_panel.isVisible()
    assert page.queue_model.rowCount() == 1
    assert page.queue_model.row_at(0).hkid_masked == "A123***(*)"

    # The database, row by row.
    path = database.path
    assert rows(
        path,
        "SELECT hkid, hkid_verified_by, hkid_verified_at IS NOT NULL, residence_status, name_zh, surname_en, "
        "given_names_en, alias, date_of_birth, phone, email, address, preferred_language FROM applicants",
    ) == [
        (
            "A123456(3)",
            CLERK,
            1,
            "A",
            NAME_ZH,
            "CHAN",
            "Tai Man",
            "",
            "1985-03-15",
            "+85291234567",
            "taiman@example.com",
            ADDRESS_ZH,
            "zh_HK",
        )
    ]
    assert rows(
        path,
        "SELECT a.reference_no, a.status, a.station_code, a.application_date, a.fee_hkd, a.created_by, "
        "a.pics_acknowledged_at IS NOT NULL, e.code, a.fee_paid, a.fee_receipt_no FROM applications a "
        "JOIN events e ON e.id = a.event_id",
    ) == [
        (
            reference,
            "lodged",
            "LT01",
            "2023-11-08",
            490,
            CLERK,
            1,
            page.current_event().code,  # type: ignore[union-attr]
            1,
            "R-2023/0457",
        )
    ]
    assert sorted(
        rows(path, "SELECT qualification_id, carer_declaration FROM applied_qualifications")
    ) == sorted([(infection, 0), (home_care, 0)])
    # Both rows are in the qualifications' industry, so relevant to both (the default).
    assert len(rows(path, "SELECT * FROM period_relevance")) == 4
    assert rows(
        path,
        "SELECT p.position, p.employer, p.post, i.name_en, p.start_date, p.end_date, p.employment_type, "
        "p.hours_per_week, p.in_hong_kong, p.duties FROM employment_periods p "
        "JOIN industries i ON i.id = p.industry_id ORDER BY p.position",
    ) == [
        (
            0,
            "Asia Cargo Terminal Ltd",
            "Care worker",
            "Elderly care",
            "2015-04-01",
            "2019-12-31",
            "full_time",
            None,
            1,
            "Personal care of residents",
        ),
        (
            1,
            "Harbour Elderly Home",
            "Senior care worker",
            "Elderly care",
            "2020-01-02",
            None,
            "part_time",
            30,
            1,
            "",
        ),
    ]
    assert rows(
        path,
        "SELECT evidence_type, status, period_id IS NOT NULL, recorded_by FROM evidence_items ORDER BY id",
    ) == [
        ("employer_letter", "original_seen", 1, CLERK),
        ("employer_letter", "missing", 1, None),
        ("hkid_copy", "copy_received", 0, CLERK),
    ]
    assert lodging.open_drafts(database) == []

    # The slip: rendered by the core, read back.
    slip_path = tmp_path / "slip.pdf"
    render_slip(build_slip_data(database, reference), slip_path)
    text = "\n".join(page_.extract_text() for page_ in PdfReader(slip_path).pages)
    compact = text.replace(" ", "")
    for expected in (reference, NAME_ZH, "CHAN", "A123***(*)", "HK$490"):
        assert expected.replace(" ", "") in compact, expected
    assert "A123456" not in compact

    # "Print slip" with no printer here falls back to saving the PDF where the user says.
    saved = tmp_path / "printed.pdf"
    monkeypatch.setattr(slip_output, "ask_save_path", lambda _parent, _suggested: saved)
    page.print_slip()
    qtbot.waitUntil(lambda: page.last_slip is not None, timeout=10_000)
    assert saved.exists()
    assert reference in PdfReader(saved).pages[0].extract_text().replace(" ", "")

    # Next applicant: an empty form, the cursor in the first field.
    key(qtbot, Qt.Key.Key_N, CTRL)
    assert not page.lodged_panel.isVisible()
    assert all(edit.text() == "" for edit in edits.values())
    assert form.employment_model.rowCount() == 0
    assert focused() is edits["name_zh"]
    assert page.counts_label.text() == "Lodged at this event: 1 · Drafts open (all events): 0"


def test_the_event_station_and_staff_name_are_set_up_on_the_page(
    ui_context: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = ui_context.database
    page = build_page(ui_context, qtbot)
    try:
        assert page.station_edit.text() == ""
        assert page.set_station_button.isVisible()
        assert page.current_event() is None
        assert page.event_details.text() == "No event chosen: applications need one."
        assert page.form.fee_label.text() == "Fee: choose the event first"

        problems_seen: list[str] = []

        def fill_in(dialog: object) -> bool:
            if isinstance(dialog, dialogs.StationDialog):
                dialog.code_edit.setText("l")
                dialog.save()  # refused: the dialog stays open and says why
                finish_tasks(qtbot)
                problems_seen.append(dialog.problem.text())
                dialog.code_edit.setText("lt02")
                dialog.save()
                finish_tasks(qtbot)
            elif isinstance(dialog, dialogs.NewEventDialog):
                dialog.name_edit.setText("Cargo terminal promotion day")
                dialog.host_edit.setText("Cathay Cargo Terminal")
                dialog.venue_edit.setText("Chek Lap Kok")
                dialog.date_edit.setText("08/11/2023")
                dialog.agency_combo.setCurrentIndex(dialog.agency_combo.findData("HKUSPACE"))
                dialog.save()
                finish_tasks(qtbot)
            assert isinstance(dialog, QDialog)
            return dialog.result() == QDialog.DialogCode.Accepted

        monkeypatch.setattr(dialogs, "run_dialog", fill_in)
        page.set_station_button.click()
        assert problems_seen == ["A station code is 2 to 8 capital letters or digits, e.g. LT01."]
        assert page.station_edit.text() == "LT02"
        assert page.set_station_button.isHidden()
        assert lodging.local_station(database) == "LT02"

        page.new_event_button.click()
        event = page.current_event()
        assert event is not None
        assert (event.code, event.event_date, event.agency_code) == ("CCT-20231108", EVENT_DAY, "HKUSPACE")
        assert page.event_details.text() == "Cathay Cargo Terminal · Chek Lap Kok · HKU SPACE"
        picker = page.form.picker
        assert picker.model.rowCount() > 0
        assert {picker.model.row_at(i).agency_code for i in range(picker.model.rowCount())} == {"HKUSPACE"}

        qtbot.waitUntil(lambda: lodging.get_setting(database, "intake_event_id") == str(event.id))
    finally:
        close_page(page)


def dialogs_open(form: ApplicationFormWidget) -> int:
    """How many row details are open, read afresh (the test narrowed the attribute to an open dialog)."""
    return 0 if form.employment_box.row_dialog is None else 1
