"""The export dialog's "unencrypted" box: off by default, open to supervisors and administrators only,
never together with full HKID numbers; ticked, it writes a clear, minimised workbook and shows no password.

Real databases (the demo promotion day) and real workbooks read back with openpyxl."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.domain.enums import Role
from assessor_app.core.services.cases.listing import list_batches
from assessor_app.core.services.sync import guard
from assessor_app.core.services.sync.workbook_layout import layout
from assessor_app.core.services.sync.workbook_personal_data import APPLICANTS_MINIMISED
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.export_dialog import ExportDialog
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.batches_page import BatchesPage
from tests.core.sync.helpers import ASSESSOR, CLERK, SUPERVISOR, demo_database
from tests.core.user_helpers import add_user

SIGNED_OFF = 6
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


def _open_export(page: BatchesPage, monkeypatch: pytest.MonkeyPatch, out: Path) -> ExportDialog:
    monkeypatch.setattr(files, "ask_export_path", lambda _parent, _suggested: out)
    dialog = page.export_batch()
    assert dialog is not None
    return dialog


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    ("user", "allowed"), [(SUPERVISOR, True), (ADMINISTRATOR, True), (ASSESSOR, False), (CLERK, False)]
)
def test_the_unencrypted_box_is_off_and_only_a_supervisor_or_administrator_may_tick_it(
    page: BatchesPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user: str, allowed: bool
) -> None:
    page.context.user = user
    dialog = _open_export(page, monkeypatch, tmp_path / "out.xlsx")
    box = dialog.unencrypted_check
    assert box.text() == "Unencrypted: masked HKIDs and minimised columns only"
    assert not box.isChecked()
    assert box.isEnabled() is allowed
    assert not dialog.unencrypted
    if allowed:
        assert "no date of birth, phone, e-mail or address" in box.toolTip()
        box.setChecked(True)
        assert dialog.unencrypted
        assert "will not be encrypted" in dialog.full_hkid_note.text()
        # Full numbers are never written in clear: the other box closes while this one is ticked.
        assert not dialog.full_hkid_check.isEnabled()
        box.setChecked(False)
        dialog.full_hkid_check.setChecked(True)
        assert not box.isEnabled()
    else:
        assert box.toolTip() == "Only a supervisor or an administrator may export a workbook unencrypted."
    i18n.apply_language(i18n.CHINESE)
    QApplication.processEvents()
    assert box.text() == "未加密：只有遮蓋的身份證號碼及精簡欄位"
    dialog.reject()


def test_a_ticked_box_writes_a_clear_minimised_workbook_and_shows_no_password(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    out = tmp_path / "minimised.xlsx"
    dialog = _open_export(page, monkeypatch, out)
    dialog.unencrypted_check.setChecked(True)
    _click(qtbot, dialog.export_button)
    task = dialog.task
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=30_000):
            pass
    assert not guard.is_encrypted(out)
    assert page.password_shown_dialog is None
    assert [message.kind for message in recorded_messages] == ["info"]
    assert "not encrypted: masked HKIDs and minimised columns only" in recorded_messages[0].text
    assert [row.file_name for row in list_batches(page.context.database)] == ["minimised.xlsx"]
    workbook = load_workbook(out, read_only=True)
    try:
        sheet = workbook["applicants"]
        keys = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
        manifest = {row[0]: row[2] for row in workbook["manifest"].iter_rows(min_row=3, values_only=True)}
    finally:
        workbook.close()
    assert keys == layout(APPLICANTS_MINIMISED).keys  # the minimised columns, as 4.0 lays them out
    assert manifest["personal_data"] == "minimised"
    assert tasks.wait_for_all(5_000)
