"""Merge conflicts on the Batches page: the count on the button, the list (reference, source file and
station, differences, who found them and when), and a supervisor's decision either way with a required
reason; others may look but not decide. The merge report leads to the list.

Real databases and real encrypted full-HKID workbooks: a station's copy of cases whose employment was
since changed here (conflicts a person can settle either way), and another laptop that lodged different
cases under the same reference numbers (conflicts whose other copy cannot be taken here)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.services.sync.conflicts import ConflictRow, list_conflicts, resolve_conflict
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.batches import files
from assessor_app.ui.batches.conflicts import ConflictsDialog, ConflictsTableModel
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.batches_page import BatchesPage
from tests.core.sync.helpers import ASSESSOR, OTHER_STATION, SUPERVISOR, demo_database, enrol
from tests.gui.qt_helpers import check_model, type_chinese, type_keys

SIGNED_OFF = 12
CHANGED = 3
FULL_HKID = re.compile(r"[A-Z]{1,2}\d{6}")
CHANGED_EMPLOYER = "Changed Ltd 改名有限公司"


def _employers(page: BatchesPage) -> dict[int, str]:
    connection = sqlite3.connect(page.context.database.path)
    try:
        return dict(connection.execute("SELECT id, employer FROM employment_periods").fetchall())
    finally:
        connection.close()


def _change_employers_here(page: BatchesPage, count: int) -> list[int]:
    """Change the first employment period of ``count`` exported cases on this laptop (as a correction
    would), so the station's copy of each now differs."""
    connection = sqlite3.connect(page.context.database.path)
    try:
        ids = [
            row[0]
            for row in connection.execute(
                "SELECT min(p.id) FROM employment_periods p JOIN applications a ON a.id = p.application_id "
                "WHERE a.locked_by_batch_id IS NOT NULL GROUP BY a.id ORDER BY a.id LIMIT ?",
                (count,),
            )
        ]
        connection.executemany(
            "UPDATE employment_periods SET employer = ? WHERE id = ?", [(CHANGED_EMPLOYER, i) for i in ids]
        )
        connection.commit()
    finally:
        connection.close()
    return ids


def _other_laptop(folder: Path, here: Database) -> ExportResult:
    """Another laptop's full-HKID batch: a different demo day under the same keys, so cases clash; that
    laptop (station LT09) enrolled ``here``."""
    other = open_database(folder / "other.sqlite3")
    try:
        demo_database(other, signed_off=SIGNED_OFF, seed=8, station=OTHER_STATION)
        enrol(other, here)
        result = export_batch(other, folder / "other-laptop.xlsx", actor=SUPERVISOR, full_hkid=True)
    finally:
        other.close()
    assert result.password is not None
    return result


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot) -> Iterator[BatchesPage]:
    demo_database(ui_context.database, signed_off=SIGNED_OFF)
    ui_context.user = SUPERVISOR
    widget = BatchesPage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    yield widget
    widget.close()


@pytest.fixture
def conflicted(page: BatchesPage, tmp_path: Path) -> BatchesPage:
    """A station's full-HKID copy of the exported cases merged back after ``CHANGED`` of them changed here:
    one conflict each, every one resolvable either way."""
    database = page.context.database
    copy = export_batch(database, tmp_path / "station-copy.xlsx", actor=SUPERVISOR, full_hkid=True)
    assert copy.password is not None
    _change_employers_here(page, CHANGED)
    report = merge_batch(database, copy.path, actor=SUPERVISOR, password=copy.password)
    assert len(report.conflicts) == CHANGED
    page.refresh()
    return page


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def _wait(qtbot: QtBot, task: tasks.Task | None) -> None:
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=30_000):
            pass


def _answering_yes(recorded: list[messages.Message]) -> Callable[[messages.Message], bool]:
    """A message hook that records every message and answers questions "yes"."""

    def hook(message: messages.Message) -> bool:
        recorded.append(message)
        return True

    return hook


def _cells(dialog: ConflictsDialog, row: int) -> list[str]:
    model = dialog.model
    return [str(model.index(row, column).data()) for column in range(model.columnCount())]


def _resolved(page: BatchesPage, conflict_id: int) -> ConflictRow:
    rows = list_conflicts(page.context.database, include_resolved=True)
    return next(row for row in rows if row.id == conflict_id)


def test_without_conflicts_the_button_says_none(page: BatchesPage) -> None:
    assert page.conflicts_button.text() == "Merge conflicts (0)"
    dialog = page.show_conflicts()
    assert dialog.isVisible()
    assert dialog.model.rowCount() == 0
    assert dialog.empty_label.isVisible()
    assert not dialog.keep_mine_button.isEnabled()
    assert not dialog.take_theirs_button.isEnabled()
    dialog.reject()


def test_open_conflicts_are_counted_on_the_button_and_listed(conflicted: BatchesPage) -> None:
    page = conflicted
    rows = list_conflicts(page.context.database)
    count = len(rows)
    assert count > 0
    assert page.conflicts_button.text() == f"Merge conflicts ({count})"
    assert "wait for a supervisor" in page.conflicts_button.toolTip()

    dialog = page.show_conflicts()
    assert dialog.isVisible()
    assert page.conflicts_dialog is dialog
    assert dialog.model.rowCount() == count
    first = dialog.model.row_at(0)
    cells = _cells(dialog, 0)
    assert cells[0] == (first.reference_no or first.application_uid)
    assert cells[1] == first.source_file == "station-copy.xlsx"
    assert cells[2] == first.source_station
    assert cells[3]
    assert cells[4] == SUPERVISOR
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", cells[5])
    assert cells[6] == "Open"
    assert dialog.selected() == first, "the first open conflict is selected"
    details = dialog.details.text()
    assert details.startswith("From station-copy.xlsx, station ")
    assert f"found by {SUPERVISOR}" in details
    bullets = [line for line in details.splitlines() if line.startswith("• ")]
    assert len(bullets) == len(first.differences)
    assert all(" / " not in line for line in bullets), "one language at a time"
    assert any(f'here "{CHANGED_EMPLOYER}"' in line for line in bullets), bullets
    assert dialog.details_box.title() == f"Conflict #{first.id}: case {cells[0]}"
    everything = [*(" ".join(_cells(dialog, r)) for r in range(count)), details]
    assert not any(FULL_HKID.search(text) for text in everything), "HKIDs are only ever shown masked"
    # Nothing to decide with until a reason is given.
    assert not dialog.keep_mine_button.isEnabled()
    assert not dialog.take_theirs_button.isEnabled()
    assert dialog.reason_edit.isEnabled()
    assert not dialog.permission_note.isVisible()


def test_the_conflicts_model_passes_the_model_tester(
    page: BatchesPage, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    model = ConflictsTableModel()
    check_model(qtmodeltester, model)
    database = page.context.database
    copy = export_batch(database, tmp_path / "station-copy.xlsx", actor=SUPERVISOR, full_hkid=True)
    assert copy.password is not None
    _change_employers_here(page, CHANGED)
    merge_batch(database, copy.path, actor=SUPERVISOR, password=copy.password)
    resolve_conflict(
        database, list_conflicts(database)[0].id, keep="mine", actor=SUPERVISOR, reason="Checked"
    )
    model.set_rows(list_conflicts(database, include_resolved=True))
    assert len(model.rows) == CHANGED
    assert len({row.resolution for row in model.rows}) == 2  # open ones and a decided one
    check_model(qtmodeltester, model)


def test_a_supervisor_keeps_this_laptops_version_with_a_reason(
    conflicted: BatchesPage, qtbot: QtBot, recorded_messages: list[messages.Message]
) -> None:
    page = conflicted
    count = len(list_conflicts(page.context.database))
    dialog = page.show_conflicts()
    chosen = dialog.model.row_at(min(1, count - 1))
    assert dialog.select(chosen.id)
    type_keys(qtbot, dialog.reason_edit, "   ")
    assert not dialog.keep_mine_button.isEnabled(), "a blank reason is no reason"
    dialog.reason_edit.clear()
    reason = "申請人致電確認此電腦的僱主資料正確"
    type_chinese(dialog.reason_edit, reason)
    assert dialog.keep_mine_button.isEnabled()
    assert dialog.take_theirs_button.isEnabled()

    _click(qtbot, dialog.keep_mine_button)
    _wait(qtbot, dialog.task)

    decided = _resolved(page, chosen.id)
    assert decided.resolution == "mine"
    assert decided.resolved_by == SUPERVISOR
    assert decided.resolution_reason == reason
    assert decided.resolved_at is not None
    assert dialog.last_resolved == decided
    assert dialog.model.rowCount() == count - 1
    assert chosen.id not in {row.id for row in dialog.model.rows}
    assert dialog.reason_edit.toPlainText() == ""
    reference = chosen.reference_no or chosen.application_uid
    assert dialog.state_label.text() == f"{reference}: this laptop's version kept."
    assert page.conflicts_button.text() == f"Merge conflicts ({count - 1})"
    assert [message.kind for message in recorded_messages] == []

    # The resolved one is still there to look at, with the decision and its reason.
    dialog.show_resolved.setChecked(True)
    assert dialog.model.rowCount() == count
    assert dialog.select(chosen.id)
    position = next(i for i, row in enumerate(dialog.model.rows) if row.id == chosen.id)
    assert _cells(dialog, position)[6] == "This laptop's version kept"
    assert f"Decided by {SUPERVISOR}" in dialog.details.text()
    assert f"Reason: {reason}" in dialog.details.text()
    assert not dialog.keep_mine_button.isEnabled()
    assert not dialog.reason_edit.isEnabled()


def test_taking_the_other_laptops_version_is_confirmed_first(
    conflicted: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    page = conflicted
    count = len(list_conflicts(page.context.database))
    dialog = page.show_conflicts()
    chosen = dialog.selected()
    assert chosen is not None
    reason = "The Secretariat holds the other laptop's version"
    type_keys(qtbot, dialog.reason_edit, reason)

    # Answered "no": nothing happens.
    _click(qtbot, dialog.take_theirs_button)
    assert dialog.task is None
    assert [message.kind for message in recorded_messages] == ["question"]
    reference = chosen.reference_no or chosen.application_uid
    assert reference in recorded_messages[0].text
    assert _resolved(page, chosen.id).resolution is None

    employers = _employers(page)
    changed = [period for period, employer in employers.items() if employer == CHANGED_EMPLOYER]
    assert len(changed) == CHANGED
    monkeypatch.setattr(messages, "hook", _answering_yes(recorded_messages))
    _click(qtbot, dialog.take_theirs_button)
    _wait(qtbot, dialog.task)
    after = [period for period, employer in _employers(page).items() if employer == CHANGED_EMPLOYER]
    assert len(after) == CHANGED - 1, "the case took the station's copy: its employer is the original again"
    decided = _resolved(page, chosen.id)
    assert decided.resolution == "theirs"
    assert decided.resolution_reason == reason
    assert decided.resolved_by == SUPERVISOR
    assert dialog.model.rowCount() == count - 1
    assert page.conflicts_button.text() == f"Merge conflicts ({count - 1})"
    assert [message.kind for message in recorded_messages] == ["question", "question"]


def test_an_assessor_may_look_but_not_decide(conflicted: BatchesPage) -> None:
    page = conflicted
    page.context.user = ASSESSOR
    dialog = page.show_conflicts()
    assert dialog.model.rowCount() > 0
    assert dialog.selected() is not None
    assert dialog.permission_note.isVisible()
    assert dialog.permission_note.text() == "Only a supervisor or an administrator may resolve a conflict."
    assert not dialog.reason_edit.isEnabled()
    for button in (dialog.keep_mine_button, dialog.take_theirs_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Only a supervisor or an administrator may resolve a conflict."
    assert dialog.resolve("mine") is None


def test_the_merge_report_leads_to_the_conflicts(
    page: BatchesPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exported = _other_laptop(tmp_path, page.context.database)
    password = exported.password
    assert password is not None
    monkeypatch.setattr(files, "ask_merge_file", lambda _parent: exported.path)
    assert page.merge_batch() is None
    password_dialog = page.password_dialog
    assert password_dialog is not None
    type_keys(qtbot, password_dialog.edit, password)
    _click(qtbot, password_dialog.ok_button)
    _wait(qtbot, page.task)
    report = page.merge_dialog
    assert report is not None
    conflicts = len(report.report.conflicts)
    assert conflicts > 0
    assert report.conflicts_note.isVisible()
    differ = "case differs" if conflicts == 1 else "cases differ"
    assert report.conflicts_note.text().startswith(f"{conflicts} {differ} from this laptop's version")
    assert report.conflicts_button.isVisible()
    assert page.conflicts_button.text() == f"Merge conflicts ({conflicts})"

    _click(qtbot, report.conflicts_button)
    assert not report.isVisible()
    dialog = page.conflicts_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.model.rowCount() == conflicts


def test_taking_a_copy_this_laptop_cannot_hold_is_refused_with_the_cores_message(
    page: BatchesPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    """The other laptop's case uses a reference number another case holds here: its copy cannot be
    taken; the refusal is shown and the conflict stays open."""
    exported = _other_laptop(tmp_path, page.context.database)
    merge_batch(page.context.database, exported.path, actor=SUPERVISOR, password=exported.password)
    page.refresh()
    dialog = page.show_conflicts()
    chosen = dialog.selected()
    assert chosen is not None
    assert any("is used by another case here" in d for d in chosen.differences)
    monkeypatch.setattr(messages, "hook", _answering_yes(recorded_messages))
    type_keys(qtbot, dialog.reason_edit, "Try the other copy")
    _click(qtbot, dialog.take_theirs_button)
    _wait(qtbot, dialog.task)
    assert [message.kind for message in recorded_messages] == ["question", "warning"]
    assert recorded_messages[1].text == "Their copy cannot be applied on this laptop; nothing was changed."
    assert recorded_messages[1].details
    assert _resolved(page, chosen.id).resolution is None
    assert dialog.keep_mine_button.isEnabled(), "the reason stays, to decide the other way"
    assert dialog.reason_edit.toPlainText() == "Try the other copy"


def test_the_conflicts_dialog_speaks_chinese(conflicted: BatchesPage) -> None:
    dialog = conflicted.show_conflicts()
    i18n.apply_language(i18n.CHINESE)
    QApplication.processEvents()
    assert dialog.windowTitle() == "合併衝突"
    assert dialog.keep_mine_button.text() == "保留此電腦的版本"
    assert dialog.take_theirs_button.text() == "採用另一部電腦的版本"
    assert dialog.model.headerData(0, Qt.Orientation.Horizontal) == "申請編號"
    assert conflicted.conflicts_button.text().startswith("合併衝突（")
    assert "差異：" in dialog.details.text()
