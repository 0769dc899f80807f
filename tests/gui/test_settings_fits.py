"""The settings page on a 1366x768 laptop screen, in English and in Chinese: its boxes scroll under the
heading at their full heights, never squeezed (a squeezed box clipped its buttons and spin boxes)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.ui import i18n
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.settings_page import SettingsPage
from tests.gui.test_intake_fits import LAPTOP_CLIENT


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_settings_boxes_keep_their_heights_at_1366_by_768(
    main_window: MainWindow, qtbot: QtBot, language: str
) -> None:
    window = main_window
    window.set_language(language)
    window.resize(LAPTOP_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("settings")
    page = window.pages["settings"]
    assert isinstance(page, SettingsPage)
    QApplication.processEvents()

    boxes: list[QWidget] = [page.user_box, page.language_box, page.data_box, page.agency, page.stations]
    boxes.append(page.retention)
    for box in boxes:
        assert box.height() >= box.minimumSizeHint().height(), (box.objectName(), box.size())
    # Taller than the page: the boxes scroll rather than shrink.
    assert page.scroll_area.verticalScrollBar().maximum() > 0
