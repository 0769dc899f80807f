"""Full-HKID exports from the Batches page: only a supervisor or administrator may tick the box; the
workbook is encrypted and its password is shown once, copied, never logged and not kept afterwards.

Real databases (the demo promotion day) and real encrypted workbooks opened back with the password."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.domain.enums import Role
from assessor_app.core.services.cases.listing import list_batches
from assessor_app.core.services.sync import encryption, guard
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.export_dialog import ExportDialog
from assessor_app.ui.batches.password import ExportPasswordDialog
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.batches_page import BatchesPage
from tests.core.sync.helpers import ASSESSOR, CLERK, SUPERVISOR, demo_database
from tests.core.user_helpers import add_user
from tests.gui.qt_helpers import press

SIGNED_OFF = 6
PASSWORD = re.compile(r"[A-Z0-9]{5}(-[A-Z0-9]{5}){3}")
FULL_HKID = re.compile(r"^[A-Z]{1,2}\d{6}\([0-9A]\)$")
ADMINISTRATOR = "itadmin"


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot) -> Iterator[BatchesPage]:
    demo_database(ui_context.database, applications=12, signed_off=SIGNED_OFF)
    add_user(ui_context.database, ADMINISTRATOR, "Pat ADMIN", Role.ADMINISTRATOR.value)
    ui_context.user = SUPERVISOR
    widget = BatchesPage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.refresh()
    yield widget
    widget.close()


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def _open_export(page: BatchesPage, monkeypatch: pytest.MonkeyPatch, out: Path) -> ExportDialog:
    monkeypatch.setattr(files, "ask_export_path", lambda _parent, _suggested: out)
    dialog = page.export_batch()
    assert dialog is not None
    return dialog


def _export(qtbot: QtBot, dialog: ExportDialog) -> None:
    _click(qtbot, dialog.export_button)
    task = dialog.task
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=30_000):
            pass


@pytest.mark.parametrize(
    ("user", "allowed"), [(SUPERVISOR, True), (ADMINISTRATOR, True), (ASSESSOR, False), (CLERK, False)]
)
def test_the_full_hkid_box_is_off_and_only_a_supervisor_or_administrator_may_tick_it(
    page: BatchesPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user: str, allowed: bool
) -> None:
    page.context.user = user
    dialog = _open_export(page, monkeypatch, tmp_path / "out.xlsx")
    box = dialog.full_hkid_check
    assert box.text() == "Full HKID numbers (encrypted)"
    assert not box.isChecked()
    assert box.isEnabled() is allowed
    assert not dialog.full_hkid
    if allowed:
        assert "encrypted with a password shown once" in box.toolTip()
        assert dialog.full_hkid_note.text() == (
            "HKIDs are exported masked (A123***(*)). The workbook is encrypted: its password is shown "
            "once when the export is done."
        )
        box.setChecked(True)
        assert dialog.full_hkid
        assert "send it to the recipient separately" in dialog.full_hkid_note.text()
    else:
        assert box.toolTip().startswith("Only a supervisor or an administrator may export full HKID numbers.")
        assert "Only a supervisor or an administrator" in dialog.full_hkid_note.text()
    i18n.apply_language(i18n.CHINESE)
    QApplication.processEvents()
    assert box.text() == "完整身份證號碼（加密）"
    assert ("只有主管或系統管理員" in box.toolTip()) is not allowed
    dialog.reject()


def test_a_full_hkid_export_is_encrypted_and_its_password_is_shown_once(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "full.xlsx"
    dialog = _open_export(page, monkeypatch, out)
    dialog.full_hkid_check.setChecked(True)
    _export(qtbot, dialog)

    assert not dialog.isVisible()
    assert guard.is_encrypted(out)
    assert [row.file_name for row in list_batches(page.context.database)] == ["full.xlsx"]
    shown = page.password_shown_dialog
    assert isinstance(shown, ExportPasswordDialog)
    assert shown.isVisible()
    assert recorded_messages == [], "the password dialog replaces the plain 'exported' message"
    password = shown.password_label.text()
    assert PASSWORD.fullmatch(password)
    label = shown.password_label
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert label.font().fixedPitch()
    assert label.font().pointSizeF() >= 2 * shown.intro.font().pointSizeF() - 0.5
    assert "shown only this once" in shown.warning.text()
    assert "separately from the file" in shown.warning.text()
    assert shown.summary.text().startswith(
        f"Exported batch {list_batches(page.context.database)[0].batch_id}:"
    )
    assert password not in shown.summary.text()

    # The password opens the file, and the file carries the full numbers.
    plain = tmp_path / "plain.xlsx"
    encryption.decrypt_workbook(out, plain, password)
    workbook = load_workbook(plain, read_only=True)
    try:
        sheet = workbook["applicants"]
        keys = list(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))
        numbers = [row[keys.index("hkid")] for row in sheet.iter_rows(min_row=3, values_only=True)]
    finally:
        workbook.close()
    assert numbers
    assert all(FULL_HKID.match(str(number)) for number in numbers), numbers[:3]

    # Copy puts it on the clipboard.
    _click(qtbot, shown.copy_button)
    assert QGuiApplication.clipboard().text() == password
    assert shown.copied_label.text() == "Copied."

    # Escape would lose it: the user is asked first (the recorded question is answered "no").
    press(qtbot, shown, Qt.Key.Key_Escape)
    assert shown.isVisible()
    assert [message.kind for message in recorded_messages] == ["question"]
    assert "cannot be shown again" in recorded_messages[0].text

    # Confirmed: the dialog goes, taking the password with it (and off the clipboard).
    with qtbot.waitSignal(shown.finished, timeout=5_000):
        _click(qtbot, shown.done_button)
    assert page.password_shown_dialog is None
    QApplication.processEvents()
    assert QGuiApplication.clipboard().text() == ""
    assert dialog.export_result is not None
    assert dialog.export_result.password is None
    assert dialog.export_result.path == out
    for holder in (page, dialog):
        assert not any(password in repr(value) for value in vars(holder).values())
        for label_widget in holder.findChildren(QLabel):
            assert password not in label_widget.text()
        for line_edit in holder.findChildren(QLineEdit):
            assert password not in line_edit.text()
    assert not any(password in record.getMessage() for record in caplog.records)
    log_folder = page.context.data_dir.logs
    for log_file in log_folder.rglob("*") if log_folder.exists() else []:
        if log_file.is_file():
            assert password not in log_file.read_text(encoding="utf-8", errors="replace")


def test_closing_the_password_dialog_without_noting_it_asks_and_can_go_ahead(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    dialog = _open_export(page, monkeypatch, tmp_path / "full.xlsx")
    dialog.full_hkid_check.setChecked(True)
    _export(qtbot, dialog)
    shown = page.password_shown_dialog
    assert shown is not None

    def answer_yes(message: messages.Message) -> bool:
        recorded_messages.append(message)
        return True

    monkeypatch.setattr(messages, "hook", answer_yes)
    with qtbot.waitSignal(shown.finished, timeout=5_000):
        shown.close()
    assert page.password_shown_dialog is None
    assert [message.kind for message in recorded_messages] == ["question"]


def test_the_password_dialog_speaks_chinese(
    page: BatchesPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    i18n.apply_language(i18n.CHINESE)
    dialog = _open_export(page, monkeypatch, tmp_path / "full.xlsx")
    dialog.full_hkid_check.setChecked(True)
    _export(qtbot, dialog)
    shown = page.password_shown_dialog
    assert shown is not None
    assert shown.windowTitle() == "加密工作簿的密碼"
    assert "只會顯示這一次" in shown.warning.text()
    assert shown.summary.text().startswith("已匯出第")
    shown.accept()
    assert tasks.wait_for_all(5_000)


def test_an_unchecked_box_exports_masked_numbers_encrypted_and_shows_the_password(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    out = tmp_path / "masked.xlsx"
    dialog = _open_export(page, monkeypatch, out)
    _export(qtbot, dialog)
    assert guard.is_encrypted(out)  # it carries names and phones: encrypted although HKIDs are masked
    shown = page.password_shown_dialog
    assert shown is not None
    assert recorded_messages == []
    assert "carries names, phone numbers and other personal data" in shown.intro.text()
    plain = tmp_path / "plain.xlsx"
    encryption.decrypt_workbook(out, plain, shown.password_label.text())
    workbook = load_workbook(plain, read_only=True)
    try:
        sheet = workbook["applicants"]
        keys = list(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))
        numbers = [row[keys.index("hkid")] for row in sheet.iter_rows(min_row=3, values_only=True)]
    finally:
        workbook.close()
    assert numbers
    assert all("***" in str(number) for number in numbers)
    assert "phone" in keys
    shown.accept()
