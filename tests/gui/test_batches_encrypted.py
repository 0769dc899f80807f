"""Encrypted (full-HKID) workbooks on the Batches page: importing results and merging ask for the
password, a wrong one asks again with the reason, cancelling changes nothing, and a merge of a masked
workbook is refused with the core's message.

Real databases and real encrypted workbooks written by the export and opened back by the core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.services.cases.listing import list_batches
from assessor_app.core.services.cases.summary import case_summary, find_application_id
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.sync import encryption, guard
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.ui import messages, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.password import WorkbookPasswordDialog
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.batches_page import BatchesPage
from tests.core.sync.helpers import OTHER_STATION, SUPERVISOR, demo_database, dump, enrol, fill_results
from tests.gui.qt_helpers import type_keys

SIGNED_OFF = 6
WRONG = "WRONG-WRONG-WRONG-WRONG"


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot) -> Iterator[BatchesPage]:
    ui_context.user = SUPERVISOR
    widget = BatchesPage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    widget.close()


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def _wait(qtbot: QtBot, task: tasks.Task | None) -> None:
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=30_000):
            pass


def _full_export(database: Database, out: Path) -> tuple[ExportResult, str]:
    result = export_batch(database, out, actor=SUPERVISOR, full_hkid=True)
    assert result.password is not None
    assert guard.is_encrypted(result.path)
    return result, result.password


def _encrypted_results(exported: Path, password: str, folder: Path) -> Path:
    """What the Secretariat sends back for a full-HKID batch: results filled in, encrypted again."""
    plain = folder / "decrypted.xlsx"
    encryption.decrypt_workbook(exported, plain, password)
    filled = fill_results(plain, folder / "filled.xlsx")
    returned = folder / "returned.xlsx"
    encryption.encrypt_workbook(filled, returned, password)
    plain.unlink()
    filled.unlink()
    return returned


def _password_dialog(page: BatchesPage) -> WorkbookPasswordDialog:
    dialog = page.password_dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def _enter(qtbot: QtBot, page: BatchesPage, password: str) -> WorkbookPasswordDialog:
    """Type ``password`` into the open password dialog and press OK; wait for the work it starts."""
    dialog = _password_dialog(page)
    assert not dialog.ok_button.isEnabled()
    type_keys(qtbot, dialog.edit, password)
    assert dialog.ok_button.isEnabled()
    _click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert dialog.edit.text() == "", "the typed password does not stay in the closed dialog"
    _wait(qtbot, page.task)
    return dialog


def _warnings(recorded: list[messages.Message]) -> list[str]:
    return [message.text for message in recorded if message.kind == "warning"]


def test_importing_encrypted_results_asks_for_the_password_until_it_is_right(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = page.context.database
    demo_database(database, applications=12, signed_off=SIGNED_OFF)
    exported, password = _full_export(database, tmp_path / "batch.xlsx")
    returned = _encrypted_results(exported.path, password, tmp_path)
    assert guard.is_encrypted(returned)
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: returned)
    before = dump(database)

    assert page.import_results() is None, "nothing starts before the password is given"
    first = _password_dialog(page)
    assert first.edit.echoMode() == QLineEdit.EchoMode.Password
    assert first.intro.text().startswith("returned.xlsx is encrypted")
    assert not first.problem.isVisible()

    _enter(qtbot, page, WRONG)
    second = _password_dialog(page)
    assert second is not first
    assert second.problem.isVisible()
    assert second.problem.text() == "The password for returned.xlsx is wrong. Check it and type it again."
    assert page.preview_dialog is None
    assert _warnings(recorded_messages) == []
    assert dump(database) == before

    _enter(qtbot, page, password)
    assert page.password_dialog is None
    preview = page.preview_dialog
    assert preview is not None
    assert preview.isVisible()
    assert preview.preview.changes
    assert dump(database) == before, "the preview changes nothing"

    reference = preview.preview.changes[0].reference_no
    assert reference is not None
    _click(qtbot, preview.apply_button)
    _wait(qtbot, page.task)
    assert not preview.isVisible()
    application_id = find_application_id(database, reference)
    assert case_summary(database, page.context.data_dir.evidence, application_id).status == "result_passed"
    assert [row.kind for row in list_batches(database)] == ["results", "export"]
    infos = [message.text for message in recorded_messages if message.kind == "info"]
    assert len(infos) == 1
    assert infos[0].startswith("Results from returned.xlsx recorded:")
    assert _warnings(recorded_messages) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == [
        "batch.xlsx",
        "returned.xlsx",
    ]


def test_cancelling_the_password_changes_nothing(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = page.context.database
    demo_database(database, applications=12, signed_off=SIGNED_OFF)
    exported, password = _full_export(database, tmp_path / "batch.xlsx")
    returned = _encrypted_results(exported.path, password, tmp_path)
    monkeypatch.setattr(files, "ask_results_file", lambda _parent: returned)
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: exported.path)
    before = dump(database)
    page.refresh()
    ledger = page.model.rowCount()

    for start in (page.import_results, page.merge_batch):
        assert start() is None
        dialog = _password_dialog(page)
        type_keys(qtbot, dialog.edit, password)
        _click(qtbot, dialog.cancel_button)
        assert not dialog.isVisible()
        assert dialog.edit.text() == ""
        assert page.password_dialog is None
        assert page.task is None
        assert not page.busy

    assert recorded_messages == []
    assert page.preview_dialog is None
    assert page.merge_dialog is None
    assert page.model.rowCount() == ledger
    assert dump(database) == before


def test_merging_an_encrypted_batch_asks_for_the_password(
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
        demo_database(other, applications=12, signed_off=SIGNED_OFF, station=OTHER_STATION)
        enrol(other, database)
        exported, password = _full_export(other, tmp_path / "other-laptop.xlsx")
    finally:
        other.close()
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: exported.path)
    before = dump(database)

    assert page.merge_batch() is None
    _enter(qtbot, page, WRONG)
    retry = _password_dialog(page)
    assert "wrong" in retry.problem.text()
    assert dump(database) == before
    assert page.merge_dialog is None

    _enter(qtbot, page, password)
    report = page.merge_dialog
    assert report is not None
    assert report.isVisible()
    assert len(report.report.added) == SIGNED_OFF
    assert [(row.kind, row.case_count) for row in list_batches(database)] == [("merge", SIGNED_OFF)]
    assert recorded_messages == []


def test_a_masked_workbook_is_refused_by_the_merge_with_the_cores_message(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = page.context.database
    generate_demo(database, applications=0, seed=7)
    other = open_database(tmp_path / "other.sqlite3")
    try:
        demo_database(other, applications=12, signed_off=SIGNED_OFF)
        masked = export_batch(other, tmp_path / "masked.xlsx", actor=SUPERVISOR, unencrypted=True)
    finally:
        other.close()
    assert not guard.is_encrypted(masked.path)  # the one kind a merge opens without a password
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: masked.path)
    before = dump(database)

    _wait(qtbot, page.merge_batch())
    assert page.password_dialog is None
    warnings = _warnings(recorded_messages)
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "masked.xlsx is an unencrypted, minimised export (masked HKIDs; no date of birth, phone, e-mail or "
        "address), so its applicants cannot be merged."
    )
    assert "full HKID numbers (encrypted)" in warnings[0], "the message says how to get a file that merges"
    assert page.merge_dialog is None
    assert dump(database) == before
    assert page.merge_button.isEnabled()
