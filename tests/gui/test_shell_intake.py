"""The intake page inside the shell: drafts offered at start-up, a duplicate opens its case."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from assessor_app.core.services.intake import lodging
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import dialogs
from assessor_app.ui.intake.recovery import RecoveryDialog
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import CLERK, EVENT_DAY, prepare_intake


def test_the_intake_page_is_the_form(main_window: MainWindow) -> None:
    assert isinstance(main_window.pages["intake"], IntakeFormPage)


def test_unfinished_drafts_are_offered_at_start_and_restored(
    ui_context: UiContext, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = prepare_intake(ui_context.database)
    typed = valid_form(event_id=event.id)
    typed.name_zh = "陳大㗎"
    typed.phone = "9123 45"  # half typed when the power went
    lodging.save_draft(ui_context.database, "crashed-draft", typed)
    offered: list[int] = []

    def restore_first(dialog: RecoveryDialog) -> bool:
        offered.append(dialog.model.rowCount())
        dialog.restore()
        return True

    monkeypatch.setattr(dialogs, "run_dialog", restore_first)
    main_window.offer_unfinished_drafts()
    assert offered == [1]
    assert main_window.current_page_key() == "intake"
    restored = main_window.intake_page.form.collect(event.id)
    assert restored.name_zh == "陳大㗎"
    assert restored.phone == "9123 45"
    assert restored.employment == typed.employment


def test_no_dialog_without_drafts(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_dialog: object) -> bool:
        raise AssertionError("no draft: no dialog")

    monkeypatch.setattr(dialogs, "run_dialog", fail)
    main_window.offer_unfinished_drafts()


def test_duplicate_link_opens_the_case(ui_context: UiContext, main_window: MainWindow, qtbot: QtBot) -> None:
    event = prepare_intake(ui_context.database)
    lodged = lodging.lodge_application(
        ui_context.database,
        valid_form(event_id=event.id, qualification_ids=[1]),
        draft_uid=None,
        operator=CLERK,
        today=EVENT_DAY,
    )
    main_window.show_page("catalogue")
    main_window.intake_page.open_case_requested.emit(lodged.application_id)
    assert main_window.current_page_key() == "cases"
    table = main_window.cases_page.table
    selected = table.selectionModel().selectedRows()
    assert len(selected) == 1
    assert main_window.cases_page.model.index(selected[0].row(), 0).data() == lodged.reference_no
