"""Guards against the PySide6 6.12 bug where every void Qt call drops a reference to None."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 50_000
MARGIN = 100


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(CALLS):
        label.setText("x" if number % 2 else "y")
    after = sys.getrefcount(None)
    # With the leak, the count falls by one per call (50,000); without it, it barely moves.
    assert after > before - MARGIN, f"None lost {before - after} references over {CALLS} void Qt calls"
