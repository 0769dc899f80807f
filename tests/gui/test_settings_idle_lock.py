"""The Settings page's idle-lock minutes: in force at once and remembered for the next start."""

from __future__ import annotations

from assessor_app.ui import preferences
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.settings_page import SettingsPage


def test_the_minutes_change_the_running_timer_and_the_setting(
    main_window: MainWindow, ui_context: UiContext
) -> None:
    page = main_window.pages["settings"]
    assert isinstance(page, SettingsPage)
    assert page.idle_minutes.value() == 5  # the default at events
    assert main_window.idle_watcher.interval_ms == 5 * 60_000

    page.idle_minutes.setValue(12)

    assert main_window.idle_watcher.interval_ms == 12 * 60_000
    assert preferences.open_settings(ui_context.data_dir).value(preferences.IDLE_LOCK_MINUTES) in (12, "12")
    page.idle_minutes.setValue(0)  # below the range: the box keeps it at 1
    assert main_window.idle_watcher.interval_ms == 60_000
