"""The Settings page's station keys: this station's fingerprint, enrolling another station's key file after
comparing its fingerprint, removing it, saving this station's key; enrol and remove only for supervisors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from assessor_app.core.db.database import open_database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.intake.station_keys import (
    StationKey,
    list_station_keys,
    own_key,
    read_key_file,
    save_public_key,
)
from assessor_app.ui import messages
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.settings_page import SettingsPage
from assessor_app.ui.settings import stations
from tests.core.sync.helpers import CLERK, OTHER_STATION, SUPERVISOR
from tests.gui.qt_helpers import click, finish_tasks


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot) -> Iterator[SettingsPage]:
    generate_demo(ui_context.database, applications=0, seed=7, station=OTHER_STATION)
    ui_context.user = SUPERVISOR
    widget = SettingsPage(ui_context)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    yield widget
    widget.close()


@pytest.fixture
def key_file(tmp_path: Path) -> tuple[Path, StationKey]:
    """The key file of another demo laptop, station LT01."""
    other = open_database(tmp_path / "other" / "cases.sqlite3")
    try:
        generate_demo(other, applications=0, seed=7)
        path = tmp_path / "lt01-key.json"
        return path, save_public_key(other, path)
    finally:
        other.close()


def _answering(answer: bool, recorded: list[messages.Message]) -> Callable[[messages.Message], bool]:
    def hook(message: messages.Message) -> bool:
        recorded.append(message)
        return answer

    return hook


def _click(qtbot: QtBot, button: object) -> None:
    from PySide6.QtWidgets import QPushButton

    assert isinstance(button, QPushButton)
    assert button.isEnabled()
    click(qtbot, button, button.rect().center())
    finish_tasks(qtbot)


def test_this_stations_fingerprint_is_shown(page: SettingsPage, ui_context: UiContext) -> None:
    key = own_key(ui_context.database)
    assert key is not None
    assert page.stations.own_label.text() == f"This station {OTHER_STATION}, fingerprint {key.fingerprint}"
    assert page.stations.empty_label.isVisible()
    assert not page.stations.table.isVisible()


def test_a_station_is_enrolled_after_its_fingerprint_is_confirmed_then_removed(
    page: SettingsPage,
    ui_context: UiContext,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    key_file: tuple[Path, StationKey],
) -> None:
    path, key = key_file
    box = page.stations
    monkeypatch.setattr(stations, "ask_key_file", lambda _parent: path)
    recorded: list[messages.Message] = []

    monkeypatch.setattr(messages, "hook", _answering(False, recorded))  # "not the same": nothing enrolled
    _click(qtbot, box.enrol_button)
    assert [message.kind for message in recorded] == ["question"]
    assert key.fingerprint in recorded[0].text
    assert "Compare it aloud" in recorded[0].text
    assert [k.station_code for k in list_station_keys(ui_context.database)] == [OTHER_STATION]

    recorded.clear()
    monkeypatch.setattr(messages, "hook", _answering(True, recorded))
    _click(qtbot, box.enrol_button)
    assert [message.kind for message in recorded] == ["question"]
    assert box.table.rowCount() == 1
    texts = [box.table.item(0, column).text() for column in range(3)]  # type: ignore[union-attr]
    assert texts == ["LT01", key.fingerprint, SUPERVISOR]
    assert box.table.isVisible()

    assert box.enrol_button.isEnabled()  # enabled again once the task has ended
    assert not box.remove_button.isEnabled()  # nothing chosen yet
    box.table.selectRow(0)
    recorded.clear()
    _click(qtbot, box.remove_button)
    assert [message.kind for message in recorded] == ["question"]
    assert "Remove station LT01" in recorded[0].text
    assert box.table.rowCount() == 0
    removed = [k for k in list_station_keys(ui_context.database, include_removed=True) if k.removed_at]
    assert [(k.station_code, k.removed_by) for k in removed] == [("LT01", SUPERVISOR)]
    with ui_context.database.session() as session:
        actions = session.scalars(
            select(AuditEventRecord.action).where(
                AuditEventRecord.entity == "station_key", AuditEventRecord.entity_uid == "LT01"
            )
        ).all()
    assert actions == ["station_enrolled", "station_removed"]


def test_a_clerk_sees_why_enrolling_is_not_open(
    page: SettingsPage, ui_context: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui_context.user = CLERK
    page.refresh()
    box = page.stations
    reason = "Only a supervisor or an administrator may enrol or remove a station."
    assert not box.enrol_button.isEnabled()
    assert not box.remove_button.isEnabled()
    assert box.enrol_button.toolTip() == reason
    assert box.permission_note.isVisible()
    assert box.permission_note.text() == reason
    assert box.save_button.isEnabled()  # the public key is no secret
    monkeypatch.setattr(stations, "ask_key_file", lambda _parent: pytest.fail("no file is asked for"))
    assert box.enrol() is None


def test_this_stations_key_is_saved_to_a_file(
    page: SettingsPage,
    ui_context: UiContext,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    out = tmp_path / "mine.json"
    monkeypatch.setattr(stations, "ask_key_path", lambda _parent, _suggested: out)
    _click(qtbot, page.stations.save_button)
    key = own_key(ui_context.database)
    assert key is not None
    assert read_key_file(out).fingerprint == key.fingerprint
    [message] = recorded_messages
    assert message.kind == "info"
    assert key.fingerprint in message.text
