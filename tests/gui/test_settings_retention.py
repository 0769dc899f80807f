"""The Settings page's retention box: an administrator changes the periods and purges after seeing what would
go; anyone else sees why not."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services.privacy.retention import retention_settings
from assessor_app.ui import messages
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.settings_page import SettingsPage
from tests.core.test_assessment import force_status, lodge_case
from tests.gui.qt_helpers import click, finish_tasks


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot) -> Iterator[SettingsPage]:
    lodge_case(ui_context.database)  # users of every role and one case
    ui_context.user = "admin"
    widget = SettingsPage(ui_context)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    yield widget
    widget.close()


def _answering(answer: bool, recorded: list[messages.Message]) -> Callable[[messages.Message], bool]:
    def hook(message: messages.Message) -> bool:
        recorded.append(message)
        return answer

    return hook


def _click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled()
    click(qtbot, button, button.rect().center())
    finish_tasks(qtbot)


def test_an_administrator_changes_the_periods(
    page: SettingsPage, qtbot: QtBot, ui_context: UiContext
) -> None:
    box = page.retention
    assert box.case_years.value() == 7
    box.case_years.setValue(10)
    box.draft_days.setValue(30)
    _click(qtbot, box.save_button)
    settings = retention_settings(ui_context.database)
    assert (settings.case_years, settings.draft_days) == (10, 30)


def test_a_purge_says_what_it_would_remove_and_does_it_once_confirmed(
    page: SettingsPage, qtbot: QtBot, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = ui_context.database
    with sqlite3.connect(database.path) as connection:
        case_id = connection.execute("SELECT id FROM applications").fetchone()[0]
    force_status(database, case_id, CaseStatus.RESULT_FAILED)
    recorded: list[messages.Message] = []
    monkeypatch.setattr(messages, "hook", _answering(True, recorded))
    _click(qtbot, page.retention.purge_button)
    assert [m.text for m in recorded] == ["Nothing is past its retention period."]

    old = (utc_now() - timedelta(days=365.25 * 8)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database.path) as connection:
        connection.execute("UPDATE applications SET updated_at = ?", (old,))
    recorded.clear()
    monkeypatch.setattr(messages, "hook", _answering(False, recorded))  # "no": nothing removed
    _click(qtbot, page.retention.purge_button)
    assert "Remove 0 HKID copies, 1 cases and 0 form drafts for good?" in recorded[0].text
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("SELECT count(*) FROM applications").fetchone()[0] == 1

    recorded.clear()
    monkeypatch.setattr(messages, "hook", _answering(True, recorded))
    _click(qtbot, page.retention.purge_button)
    finish_tasks(qtbot)
    assert recorded[-1].text.startswith("Removed 0 HKID copies, 1 cases and 0 form drafts; ")
    assert "older audit entries about them lost their values" in recorded[-1].text
    assert page.retention.purge_button.isEnabled()
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("SELECT count(*) FROM applications").fetchone()[0] == 0


@pytest.mark.parametrize("user", ["supervisor", "clerk"])
def test_anyone_else_sees_why_not(page: SettingsPage, ui_context: UiContext, user: str) -> None:
    ui_context.user = user
    page.refresh()
    box = page.retention
    assert not box.save_button.isEnabled()
    assert not box.purge_button.isEnabled()
    assert not box.case_years.isEnabled()
    assert box.permission_note.isVisible()
    assert box.permission_note.text() == "Only an administrator may change the periods or purge."
