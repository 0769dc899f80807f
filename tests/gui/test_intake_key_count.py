"""A standard application (particulars, two jobs, one qualification, lodged) by keyboard alone, counting
every navigation key (Tab, Shift+Tab, arrows, Enter, Space on a tick, Escape, shortcuts): everything but
the typed text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from assessor_app.ui.intake import slip_output
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.gui.intake_fixtures import CTRL, SHIFT, focused, key, type_here
from tests.gui.qt_helpers import type_chinese

MOST_NAVIGATION_KEYS = 35  # issue 15: a standard application in at most 35


class Navigation:
    """Presses keys on the focused widget and counts them."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def __call__(self, which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        key(self.qtbot, which, modifier)


def test_a_standard_application_takes_at_most_35_navigation_keys(
    intake_page: IntakeFormPage, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, form = intake_page, intake_page.form
    edits = form.line_edits
    nav = Navigation(qtbot)
    tab, enter, space = Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Space

    nav(Qt.Key.Key_N, CTRL)
    type_chinese(focused(), "陳大文")
    nav(enter)
    type_here(qtbot, "chan")
    nav(tab)
    type_here(qtbot, "Tai Man")
    nav(tab)
    nav(tab)  # no alias
    type_here(qtbot, "a1234563")
    nav(tab)
    type_here(qtbot, "a")
    nav(tab)
    nav(space)  # original seen
    nav(tab)
    nav(space)  # copy kept
    nav(tab)
    type_here(qtbot, "15/03/1985")
    nav(tab)
    type_here(qtbot, "9123 4567")
    nav(tab)
    type_here(qtbot, "taiman@example.com")
    nav(tab)
    type_chinese(focused(), "香港大嶼山東涌富東邨富東樓 1 號")
    nav(tab)
    nav(tab)  # preferred language as it is
    assert focused() is form.employment_table

    # Employment: the industry is the event's (its agency's one industry) unless typed; the less-used
    # columns (kind, type, hours, in Hong Kong, duties, proof) keep their defaults in the row's details.
    nav(Qt.Key.Key_A, CTRL | SHIFT)
    type_here(qtbot, "Asia Cargo Terminal Ltd")
    nav(tab)
    type_here(qtbot, "Care worker")
    nav(tab)
    nav(tab)  # industry: elderly care already
    type_here(qtbot, "2015-04-01")
    nav(tab)
    type_here(qtbot, "2019-12-31")
    nav(Qt.Key.Key_A, CTRL | SHIFT)
    type_here(qtbot, "Harbour Elderly Home")
    nav(tab)
    type_here(qtbot, "Senior care worker")
    nav(tab)
    nav(tab)
    type_here(qtbot, "2020-01-02")
    nav(tab)
    nav(tab)  # no end: to Present
    nav(space)
    nav(tab)  # out of the table
    assert focused() is form.add_row_button

    nav(Qt.Key.Key_F, CTRL)
    type_here(qtbot, "infection")
    nav(enter)
    nav(enter)  # an empty search: on to the statement's tick
    assert focused() is form.checks["pics_acknowledged"]
    nav(space)
    nav(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    assert page.last_result is not None
    periods = form.collect(None).employment
    assert [(p.employer, p.industry, p.start, p.end, p.present) for p in periods] == [
        ("Asia Cargo Terminal Ltd", "Elderly care", "2015-04-01", "2019-12-31", False),
        ("Harbour Elderly Home", "Elderly care", "2020-01-02", "", True),
    ]
    assert edits["name_zh"].text() == "陳大文"
    slip = tmp_path / "slip.pdf"
    monkeypatch.setattr(slip_output, "ask_save_path", lambda _parent, _suggested: slip)
    nav(Qt.Key.Key_P, CTRL)  # the slip (no printer here: saved as a PDF where the clerk says)
    qtbot.waitUntil(lambda: page.last_slip is not None, timeout=10_000)
    assert slip.exists()
    assert nav.count <= MOST_NAVIGATION_KEYS, nav.count
