"""Qt's own dialogs speak the interface's language: the file dialog (Qt's own, as on Linux; Windows and
macOS show the system's, in the system's language) and the standard buttons, in Chinese and back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from assessor_app.ui import i18n


@pytest.fixture
def chinese(qapp: object) -> Iterator[None]:
    i18n.apply_language(i18n.CHINESE)
    yield
    i18n.apply_language(i18n.ENGLISH)


def texts(widget: QFileDialog | QDialogButtonBox) -> set[str]:
    return {label.text() for label in widget.findChildren(QLabel)} | {
        button.text() for button in widget.findChildren(QPushButton)
    }


def test_the_file_dialog_is_in_chinese(qtbot: QtBot, chinese: None) -> None:
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    assert "尋找於(&L)：" in shown  # Qt's zh_TW file lacks these two: ours carries them
    assert "檔案類型(&T)：" in shown
    assert not {"&Look in:", "Files of &type:"} & shown


def test_standard_buttons_follow_the_language(qtbot: QtBot, chinese: None) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert "取消" in texts(buttons)
    i18n.apply_language(i18n.ENGLISH)
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(english)
    assert "Cancel" in texts(english)


@pytest.mark.parametrize(("count", "expected"), [(1, "1 file attached"), (2, "2 files attached")])
def test_english_counts_read_in_the_singular_or_plural(qapp: object, count: int, expected: str) -> None:
    """English is the code's own text but for its plural forms ("%n file(s)"), from assessor_en.qm."""
    from PySide6.QtCore import QCoreApplication

    i18n.apply_language(i18n.ENGLISH)
    shown = QCoreApplication.translate(
        "IntakeAttachmentsBox", "%n file(s) attached: lodged with the application.", "", count
    )
    assert shown == f"{expected}: lodged with the application."
