"""The Batches page: export with a live count, progress and cancel; import results through a preview,
all or nothing; merge another laptop's (full-HKID, encrypted) batch; hostile files refused with the
core's message.

Real databases (the demo promotion day with signed-off cases) and real .xlsx files; the file dialogs
are replaced, message boxes recorded."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.services.cases.listing import list_batches
from assessor_app.core.services.cases.summary import case_summary, find_application_id
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.sync.encryption import decrypt_workbook
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.export_dialog import ExportDialog
from assessor_app.ui.batches.models import ChangesTableModel, change_rows
from assessor_app.ui.batches.text import language_part, mask_hkids, reason_part
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.batches_table_model import BatchesTableModel
from assessor_app.ui.pages.batches_page import BatchesPage
from tests.core.sync.helpers import (
    CLERK,
    OTHER_STATION,
    SUPERVISOR,
    decrypted,
    demo_database,
    dump,
    enrol,
    fill_results,
)
from tests.gui.qt_helpers import check_model

SIGNED_OFF = 12
FULL_HKID = re.compile(r"[A-Z]{1,2}\d{6}")


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot) -> Iterator[BatchesPage]:
    ui_context.user = SUPERVISOR
    widget = BatchesPage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    widget.close()


@pytest.fixture
def demo_page(page: BatchesPage) -> BatchesPage:
    demo_database(page.context.database, signed_off=SIGNED_OFF)
    page.refresh()
    return page


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def _wait(qtbot: QtBot, task: tasks.Task | None) -> None:
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=30_000):
            pass


def _texts(recorded: list[messages.Message], kind: str) -> list[str]:
    return [message.text for message in recorded if message.kind == kind]


def _open_export(page: BatchesPage, monkeypatch: pytest.MonkeyPatch, out: Path) -> ExportDialog:
    monkeypatch.setattr(files, "ask_export_path", lambda _parent, _suggested: out)
    dialog = page.export_batch()
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def _export_directly(database: Database, out: Path) -> ExportResult:
    """A default (encrypted) export, decrypted in place: the returned workbook a test fills in."""
    result = export_batch(database, out, actor=SUPERVISOR)
    decrypted(result)
    return result


def _full_export(database: Database, out: Path) -> ExportResult:
    """A supervisor's full-HKID export, the only kind another laptop can merge (encrypted)."""
    result = export_batch(database, out, actor=SUPERVISOR, full_hkid=True)
    assert result.password is not None
    return result


def _merge_with_password(qtbot: QtBot, page: BatchesPage, password: str) -> None:
    """Start a merge of the chosen (encrypted) file, give its password, wait for the merge."""
    assert page.merge_batch() is None, "an encrypted file asks for its password first"
    dialog = page.password_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.edit, password)  # type: ignore[no-untyped-call]
    _click(qtbot, dialog.ok_button)
    _wait(qtbot, page.task)


# --- export -------------------------------------------------------------------------------------


def test_export_through_the_page_writes_the_workbook_and_the_ledger_row(
    demo_page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    assert demo_page.model.rowCount() == 0
    assert demo_page.content.currentWidget() is demo_page.empty_panel
    out = tmp_path / "batch-out.xlsx"
    dialog = _open_export(demo_page, monkeypatch, out)
    assert dialog.count == SIGNED_OFF
    assert dialog.count_label.text() == f"{SIGNED_OFF} cases will be exported."
    dialog.select_status("lodged")
    lodged = dialog.count
    assert lodged > 0
    assert dialog.count_label.text() == f"{lodged} cases will be exported."
    dialog.select_status("result_passed")
    assert dialog.count == 0
    assert not dialog.export_button.isEnabled()
    assert dialog.count_label.text() == "No case matches: nothing to export."
    dialog.select_status(None)
    event_code = dialog.event_combo.itemData(1)
    dialog.select_event(event_code)
    assert 0 < dialog.count <= SIGNED_OFF
    dialog.select_event(None)
    assert dialog.count == SIGNED_OFF
    assert dialog.export_button.isEnabled()

    _click(qtbot, dialog.export_button)
    _wait(qtbot, dialog.task)

    assert out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~export-")]
    assert 100 in dialog.progress_seen
    assert dialog.progress_seen == sorted(dialog.progress_seen)
    assert dialog.export_result is not None
    assert not dialog.isVisible()
    ledger = list_batches(demo_page.context.database)
    assert [(row.kind, row.file_name, row.case_count) for row in ledger] == [("export", out.name, SIGNED_OFF)]
    assert demo_page.model.rowCount() == 1
    assert demo_page.content.currentWidget() is demo_page.table
    assert _texts(recorded_messages, "info") == [], "the password dialog says what was exported"
    shown = demo_page.password_shown_dialog
    assert shown is not None
    assert shown.isVisible()
    assert shown.summary.text().startswith(f"Exported batch {ledger[0].batch_id}: {SIGNED_OFF} cases")
    assert "已匯出" not in shown.summary.text()
    assert "personal data, so it is encrypted" in shown.intro.text()
    plain = tmp_path / "plain.xlsx"
    decrypt_workbook(out, plain, shown.password_label.text())
    shown.accept()

    workbook = load_workbook(plain, read_only=True)
    try:
        applications = workbook["applications"]
        keys = list(next(applications.iter_rows(min_row=2, max_row=2, values_only=True)))
        uid_column = keys.index("application_uid")
        cases = {row[uid_column] for row in applications.iter_rows(min_row=3, values_only=True)}
        assert len(cases) == SIGNED_OFF
    finally:
        workbook.close()
    # Everything signed off went out: the next export has nothing to take.
    again = _open_export(demo_page, monkeypatch, tmp_path / "again.xlsx")
    assert again.count == 0


def test_cancelling_an_export_leaves_no_file_and_no_ledger_row(
    demo_page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    out = tmp_path / "cancelled.xlsx"
    dialog = _open_export(demo_page, monkeypatch, out)
    before = dump(demo_page.context.database)
    # Hold the single worker thread so the export is still queued when Cancel is pressed: the cancel
    # check then returns True at the export's first look.
    release = threading.Event()
    blocker = tasks.run_in_background(lambda _control: release.wait(30))
    try:
        _click(qtbot, dialog.export_button)
        assert dialog.running
        assert not dialog.export_button.isEnabled()
        assert dialog.cancel_button.text() == "Cancel export"
        _click(qtbot, dialog.cancel_button)
        assert dialog.isVisible(), "the dialog waits for the export to stop"
    finally:
        release.set()
    _wait(qtbot, blocker)
    _wait(qtbot, dialog.task)

    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".xlsx" or p.name.startswith(".~export-")]
    assert list_batches(demo_page.context.database) == []
    assert dump(demo_page.context.database) == before
    assert dialog.isVisible()
    assert dialog.state_label.text().startswith("Export cancelled")
    assert dialog.export_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"
    assert recorded_messages == []
    _click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()


def test_the_cancel_check_returning_true_stops_the_writer(
    demo_page: BatchesPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """However the cancel flag gets set, the export stops inside the writer and records nothing."""
    monkeypatch.setattr(tasks.TaskControl, "cancelled", property(lambda _self: True))
    monkeypatch.setattr(tasks.TaskControl, "check", lambda _self: None)
    out = tmp_path / "stopped.xlsx"
    dialog = _open_export(demo_page, monkeypatch, out)
    _click(qtbot, dialog.export_button)
    _wait(qtbot, dialog.task)
    assert not out.exists()
    assert list_batches(demo_page.context.database) == []
    assert dialog.state_label.text().startswith("Export cancelled")


def test_an_export_refused_by_the_core_is_shown_and_the_dialog_stays(
    demo_page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    demo_page.context.user = "wsho"  # an intake clerk may not export
    dialog = _open_export(demo_page, monkeypatch, tmp_path / "clerk.xlsx")
    _click(qtbot, dialog.export_button)
    _wait(qtbot, dialog.task)
    warnings = _texts(recorded_messages, "warning")
    assert len(warnings) == 1
    assert "cannot export a batch" in warnings[0]
    assert dialog.isVisible()
    assert not (tmp_path / "clerk.xlsx").exists()
    assert list_batches(demo_page.context.database) == []


def test_nobody_chosen_is_asked_to_choose_a_user_first(
    demo_page: BatchesPage, recorded_messages: list[messages.Message], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_page.context.user = ""
    asked: list[str] = []
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: asked.append("results"))
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: asked.append("merge"))
    assert demo_page.export_batch() is None
    assert demo_page.import_results() is None
    assert demo_page.merge_batch() is None
    assert asked == []
    warnings = _texts(recorded_messages, "warning")
    assert len(warnings) == 3
    assert all(text.startswith("Choose who is working first") for text in warnings)


# --- import results -----------------------------------------------------------------------------


def test_import_results_previews_every_change_applies_them_and_a_second_import_changes_nothing(
    demo_page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = demo_page.context.database
    exported = _export_directly(database, tmp_path / "batch.xlsx")
    returned = fill_results(exported.path, tmp_path / "returned.xlsx")
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: returned)

    _wait(qtbot, demo_page.import_results())
    dialog = demo_page.preview_dialog
    assert dialog is not None
    assert dialog.isVisible()
    preview = dialog.preview
    assert preview.changes
    model = dialog.model
    assert model.rowCount() == len(preview.changes) + len(preview.status_changes)
    first = preview.changes[0]
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row[0] == (first.reference_no or first.application_uid)
    assert row[1] == first.qualification
    fields = {model.index(r, 2).data() for r in range(model.rowCount())}
    assert fields == {"Result", "SoA number", "SoA date", "Case status"}
    assert {
        model.index(r, 4).data() for r in range(model.rowCount()) if model.index(r, 2).data() == "Result"
    } == {"Passed"}
    assert dialog.summary.text().startswith(f"returned.xlsx: {preview.rows_read} result row(s) read")
    # the preview says which of this laptop's batches the file belongs to
    assert dialog.batch_label.text() == (
        f"Returned workbook of batch {exported.batch_id} (batch.xlsx), exported {preview.batch.exported_at} "
        f"by {SUPERVISOR}: {exported.case_count} case{'' if exported.case_count == 1 else 's'}."
    )
    assert dialog.apply_button.isEnabled()
    assert not dialog.permission_note.isVisible()
    # The preview changed nothing.
    reference = first.reference_no
    assert reference is not None
    application_id = find_application_id(database, reference)
    evidence = demo_page.context.data_dir.evidence
    assert case_summary(database, evidence, application_id).status == "exported"

    _click(qtbot, dialog.apply_button)
    _wait(qtbot, demo_page.task)
    assert not dialog.isVisible()
    assert case_summary(database, evidence, application_id).status == "result_passed"
    infos = _texts(recorded_messages, "info")
    assert infos == [
        f"Results from returned.xlsx recorded: {len(preview.changes)} change(s), "
        f"{len(preview.status_changes)} case status change(s) (ledger batch {list_batches(database)[0].batch_id})."
    ]
    assert [row.kind for row in list_batches(database)] == ["results", "export"]
    assert demo_page.model.rowCount() == 2
    assert demo_page.preview_dialog is None  # a closed preview lets go of its reading of the file

    before = dump(database)
    _wait(qtbot, demo_page.import_results())
    assert demo_page.preview_dialog is None
    assert _texts(recorded_messages, "info")[-1] == (
        "Nothing to change: every result in returned.xlsx is already recorded."
    )
    assert dump(database) == before


def test_the_ledger_and_changes_models_pass_the_model_tester(
    demo_page: BatchesPage, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    database = demo_page.context.database
    ledger = demo_page.model
    assert isinstance(ledger, BatchesTableModel)
    assert ledger.rowCount() == 0
    check_model(qtmodeltester, ledger)
    changes = ChangesTableModel()
    check_model(qtmodeltester, changes)
    exported = _export_directly(database, tmp_path / "batch.xlsx")
    returned = fill_results(exported.path, tmp_path / "returned.xlsx")
    changes.set_rows(change_rows(preview_results(database, returned, actor=SUPERVISOR)))
    assert changes.rowCount() > 0
    check_model(qtmodeltester, changes)
    apply_results(database, returned, actor=SUPERVISOR)
    demo_page.refresh()
    assert [row.kind for row in ledger.rows] == ["results", "export"]
    check_model(qtmodeltester, ledger)


def test_cancelling_the_preview_changes_nothing(
    demo_page: BatchesPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = demo_page.context.database
    exported = _export_directly(database, tmp_path / "batch.xlsx")
    returned = fill_results(exported.path, tmp_path / "returned.xlsx")
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: returned)
    before = dump(database)
    _wait(qtbot, demo_page.import_results())
    dialog = demo_page.preview_dialog
    assert dialog is not None
    _click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert dump(database) == before


def test_a_hostile_file_is_refused_with_the_cores_message_and_nothing_changes(
    demo_page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = demo_page.context.database
    hostile = tmp_path / "results.xlsx"
    hostile.write_text("this is not a workbook, just text\n", encoding="utf-8")
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: hostile)
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: hostile)
    before = dump(database)

    _wait(qtbot, demo_page.import_results())
    _wait(qtbot, demo_page.merge_batch())

    warnings = _texts(recorded_messages, "warning")
    assert warnings == ["results.xlsx cannot be read as a batch workbook: it is not an .xlsx workbook."] * 2
    assert demo_page.preview_dialog is None
    assert demo_page.merge_dialog is None
    assert dump(database) == before
    assert demo_page.export_button.isEnabled()
    assert demo_page.import_button.isEnabled()


def test_an_assessor_may_preview_but_apply_is_disabled_with_the_reason_and_nothing_changes(
    demo_page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    database = demo_page.context.database
    exported = _export_directly(database, tmp_path / "batch.xlsx")
    returned = fill_results(exported.path, tmp_path / "returned.xlsx")
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: returned)
    demo_page.context.user = "ckcheng"  # an assessor: results are for a supervisor
    before = dump(database)
    _wait(qtbot, demo_page.import_results())
    dialog = demo_page.preview_dialog
    assert dialog is not None
    assert dialog.batch_label.text().startswith(f"Returned workbook of batch {exported.batch_id} ")
    assert not dialog.apply_button.isEnabled()
    reason = "Only a supervisor or an administrator may apply returned results."
    assert dialog.apply_button.toolTip() == reason
    assert dialog.permission_note.isVisible()
    assert dialog.permission_note.text() == reason
    _click(qtbot, dialog.apply_button)
    assert demo_page.task is None or not demo_page.task.running
    assert dialog.isVisible()
    assert dump(database) == before


def test_a_returned_workbook_with_a_changed_name_is_refused_naming_the_cell(
    demo_page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = demo_page.context.database
    exported = _export_directly(database, tmp_path / "batch.xlsx")
    returned = fill_results(exported.path, tmp_path / "returned.xlsx")
    workbook = load_workbook(returned)
    sheet = workbook["applicants"]
    column = [cell.value for cell in sheet[2]].index("surname_en") + 1
    sheet.cell(3, column).value = "CHANGED"
    workbook.save(returned)
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: returned)
    before = dump(database)
    _wait(qtbot, demo_page.import_results())
    assert demo_page.preview_dialog is None
    warnings = [message for message in recorded_messages if message.kind == "warning"]
    assert len(warnings) == 1
    assert warnings[0].text.startswith(f"returned.xlsx (batch {exported.batch_id}, exported ")
    letter = chr(ord("A") + column - 1)
    assert f"sheet applicants, row 3, column {letter} (surname_en)" in warnings[0].details
    assert dump(database) == before


# --- merge ----------------------------------------------------------------------------------------


def test_merging_another_laptops_batch_lists_the_added_cases(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = page.context.database
    generate_demo(database, applications=0, seed=7)  # same catalogue, events and users; no cases
    other = open_database(tmp_path / "other.sqlite3")
    try:
        demo_database(other, signed_off=SIGNED_OFF, station=OTHER_STATION)
        enrol(other, database)
        exported = _full_export(other, tmp_path / "other-laptop.xlsx")
    finally:
        other.close()
    assert exported.password is not None
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: exported.path)

    _merge_with_password(qtbot, page, exported.password)
    dialog = page.merge_dialog
    assert dialog is not None
    assert dialog.isVisible()
    report = dialog.report
    assert len(report.added) == SIGNED_OFF
    lines = dialog.lines()
    assert lines[0] == f"Added ({SIGNED_OFF})"
    added_lines = lines[1 : 1 + SIGNED_OFF]
    assert all(line.startswith("  ") and "-2023" in line for line in added_lines), added_lines
    assert "Conflicts to resolve (0)" in lines
    assert dialog.summary.text().startswith(
        f"other-laptop.xlsx: {SIGNED_OFF} case(s) added, 0 already identical"
    )
    assert f" Signed by station {OTHER_STATION} (key " in dialog.summary.text()
    assert [(row.kind, row.case_count) for row in list_batches(database)] == [("merge", SIGNED_OFF)]
    assert page.model.rowCount() == 1
    assert recorded_messages == []
    assert not any(FULL_HKID.search(line) for line in lines)
    assert not dialog.conflicts_note.isVisible()
    assert not dialog.conflicts_button.isVisible()

    # Merging the same file again is a no-op, listed as such.
    dialog.accept()
    before = dump(database)
    _merge_with_password(qtbot, page, exported.password)
    again = page.merge_dialog
    assert again is not None
    assert again is not dialog
    assert f"Already identical, nothing done ({SIGNED_OFF})" in again.lines()
    assert dump(database) == before


def test_merge_conflicts_show_their_reasons_in_the_current_language(
    demo_page: BatchesPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = open_database(tmp_path / "other.sqlite3")
    try:
        demo_database(other, signed_off=SIGNED_OFF, seed=8, station=OTHER_STATION)
        enrol(other, demo_page.context.database)
        exported = _full_export(other, tmp_path / "other-laptop.xlsx")
    finally:
        other.close()
    assert exported.password is not None
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: exported.path)
    _merge_with_password(qtbot, demo_page, exported.password)
    dialog = demo_page.merge_dialog
    assert dialog is not None
    assert dialog.report.conflicts
    lines = dialog.lines()
    assert f"Conflicts to resolve ({len(dialog.report.conflicts)})" in lines
    first = dialog.report.conflicts[0]
    assert f"  Conflict #{first.conflict_id}: {first.reference_no} ({first.application_uid})" in lines
    assert dialog.conflicts_note.isVisible()
    assert dialog.conflicts_button.isVisible()
    reasons = [line.strip() for line in lines if line.startswith("    ")]
    assert reasons
    assert all("/" not in reason and "參考編號" not in reason for reason in reasons)
    i18n.apply_language(i18n.CHINESE)
    QApplication.processEvents()
    assert dialog.windowTitle().startswith("合併報告")
    chinese = [line.strip() for line in dialog.lines() if line.startswith("    ")]
    assert all("參考編號" in reason for reason in chinese)


# --- showing core texts -----------------------------------------------------------------------------


def test_core_texts_are_shown_in_one_language_with_hkids_masked() -> None:
    text = "已匯出第 3 批：2 個個案\nExported batch 3: 2 cases\n  rows: applicants 2"
    assert language_part(text, "en") == "Exported batch 3: 2 cases\n  rows: applicants 2"
    assert language_part(text, "zh_HK") == "已匯出第 3 批：2 個個案\n  rows: applicants 2"
    assert language_part("one line only", "zh_HK") == "one line only"
    assert mask_hkids("applicant A123456(3) and AB9876543 differ; A123***(*) stays") == (
        "applicant A123***(*) and AB987***(*) differ; A123***(*) stays"
    )
    assert reason_part("event X is not known here / 此電腦沒有活動 X", "en") == "event X is not known here"
    assert reason_part("event X is not known here / 此電腦沒有活動 X", "zh_HK") == "此電腦沒有活動 X"
    assert reason_part("HKID Z1234567 differs", "en") == "HKID Z123***(*) differs"


def test_a_clerk_sees_the_batch_actions_disabled_with_the_reason(demo_page: BatchesPage) -> None:
    demo_page.context.user = CLERK
    demo_page.refresh()
    for button, reason in (
        (demo_page.export_button, "Only an assessor, a supervisor or an administrator can export a batch."),
        (
            demo_page.import_button,
            "Only a supervisor or an administrator can record the results of a returned workbook.",
        ),
        (
            demo_page.merge_button,
            "Only an assessor, a supervisor or an administrator can merge another laptop's batch.",
        ),
    ):
        assert not button.isEnabled()
        assert button.toolTip() == reason
    demo_page.context.user = SUPERVISOR
    demo_page.refresh()
    assert all(button.isEnabled() for button in (demo_page.export_button, demo_page.import_button))
    assert demo_page.export_button.toolTip() == ""
