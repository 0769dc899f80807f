"""The case view's "Show in full": a reviewer sees the full HKID for a minute, recorded; a clerk cannot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from assessor_app.core.services import audit
from assessor_app.core.services.cases.hkid_view import VIEWED
from assessor_app.ui import preferences
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.cases_page import CasesPage
from tests.core.user_helpers import add_user
from tests.gui.qt_helpers import finish_tasks
from tests.gui.test_case_view import MASKED_HKID, lodge_case, open_by_double_click


def _open(ui_context: UiContext, qtbot: QtBot, username: str, role: str) -> Iterator[CaseView]:
    add_user(ui_context.database, username, username.title(), role)
    ui_context.user = username
    _application_id, reference, _qualification = lodge_case(ui_context.database)
    page = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    page.refresh()
    yield open_by_double_click(page, qtbot, reference)
    page.close()


@pytest.fixture
def assessor_view(ui_context: UiContext, qtbot: QtBot) -> Iterator[CaseView]:
    yield from _open(ui_context, qtbot, "anna", "assessor")


@pytest.fixture
def clerk_view(ui_context: UiContext, qtbot: QtBot) -> Iterator[CaseView]:
    yield from _open(ui_context, qtbot, "chloe", "intake_clerk")


def _hkid_text(view: CaseView) -> str:
    return view.header.values["hkid"].text()


def test_a_reviewer_sees_the_number_for_a_while_and_the_viewing_is_recorded(
    assessor_view: CaseView, qtbot: QtBot, ui_context: UiContext
) -> None:
    view = assessor_view
    button = view.reveal_button
    assert MASKED_HKID in _hkid_text(view)
    assert button.isVisible()
    assert button.isEnabled()
    assert "recorded" in button.toolTip()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    finish_tasks(qtbot)
    qtbot.waitUntil(lambda: "A123456(3)" in _hkid_text(view))
    assert not button.isEnabled()  # shown already
    assert view.application_id is not None
    [entry] = [e for e in audit.case_history(ui_context.database, view.application_id) if e.action == VIEWED]
    assert entry.actor == "anna"

    button.timer.timeout.emit()  # the minute is up
    assert MASKED_HKID in _hkid_text(view)
    assert "A123456" not in _hkid_text(view)
    assert button.isEnabled()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    finish_tasks(qtbot)
    qtbot.waitUntil(lambda: "A123456(3)" in _hkid_text(view))
    assert view.reload()  # reading the case again masks it
    assert MASKED_HKID in _hkid_text(view)


def test_a_clerk_is_told_why_not(clerk_view: CaseView) -> None:
    button = clerk_view.reveal_button
    assert not button.isEnabled()
    assert (
        button.toolTip()
        == "Only an assessor, a supervisor or an administrator can see an HKID number in full."
    )
    assert MASKED_HKID in _hkid_text(clerk_view)
