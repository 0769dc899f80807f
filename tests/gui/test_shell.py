"""The application shell: pages, shortcuts, language switching, remembered geometry, start-up failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assessor_app import __version__
from assessor_app.core.paths import DataDir
from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
from assessor_app.core.security.sign_in import sign_in
from assessor_app.core.services.cases.listing import count_cases
from assessor_app.ui import errors, i18n, messages, preferences
from assessor_app.ui.app import choose_language, create_main_window, run_gui
from assessor_app.ui.context import UiContext
from assessor_app.ui.exception_dialog import ExceptionDialog
from assessor_app.ui.main_window import PAGE_KEYS, MainWindow
from assessor_app.ui.pages.cases_page import CasesPage
from assessor_app.ui.pages.catalogue_page import CataloguePage
from assessor_app.ui.pages.settings_page import SettingsPage
from tests.gui.qt_helpers import click, press
from tests.gui.sign_in_helpers import run_gui_until

NAV_EN = ["Intake", "Cases", "Batches", "Catalogue", "Settings"]
NAV_ZH = ["接見登記", "個案", "批次", "資歷目錄", "設定"]


def nav_texts(window: MainWindow) -> list[str]:
    return [window.nav_list.item(row).text() for row in range(window.nav_list.count())]


def current_page_name(window: MainWindow) -> str:
    page = window.stack.currentWidget()
    assert page is not None
    return page.objectName()


def catalogue_page(window: MainWindow) -> CataloguePage:
    page = window.pages["catalogue"]
    assert isinstance(page, CataloguePage)
    return page


def show_active(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_every_page_through_the_nav_list(main_window: MainWindow, qtbot: QtBot) -> None:
    show_active(main_window, qtbot)
    assert nav_texts(main_window) == NAV_EN
    for row, key in enumerate(PAGE_KEYS):
        item = main_window.nav_list.item(row)
        centre = main_window.nav_list.visualItemRect(item).center()
        click(qtbot, main_window.nav_list.viewport(), centre)
        assert current_page_name(main_window) == f"page_{key}"
        assert main_window.current_page_key() == key


def test_every_page_through_ctrl_number(main_window: MainWindow, qtbot: QtBot) -> None:
    show_active(main_window, qtbot)
    for number in (5, 4, 3, 2, 1, 4):
        press(qtbot, main_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert current_page_name(main_window) == f"page_{PAGE_KEYS[number - 1]}"


def test_language_switch_and_back(main_window: MainWindow, ui_context: UiContext, qtbot: QtBot) -> None:
    show_active(main_window, qtbot)
    main_window.show_page("catalogue")
    catalogue = catalogue_page(main_window)
    assert main_window.windowTitle() == "RPL Assessor Workstation — cases.sqlite3"
    assert catalogue.heading.text() == "Qualification catalogue"
    assert catalogue.count_label.text() == "47 qualifications"

    with qtbot.waitSignal(main_window.language_changed) as changed:
        # Ctrl+L is Lock since log-in came; the language moved to Ctrl+Shift+L.
        press(
            qtbot,
            main_window,
            Qt.Key.Key_L,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert changed.args == ["zh_HK"]
    assert ui_context.language == "zh_HK"
    assert main_window.windowTitle() == "過往資歷認可評審工作站 — cases.sqlite3"
    qtbot.waitUntil(lambda: catalogue.heading.text() == "資歷目錄")
    assert nav_texts(main_window) == NAV_ZH
    assert catalogue.count_label.text() == "47 項資歷"
    assert catalogue.model.headerData(0, Qt.Orientation.Horizontal) == "資歷名冊登記號碼"
    cases = main_window.pages["cases"]
    assert isinstance(cases, CasesPage)
    assert cases.search.placeholderText().startswith("搜尋申請編號、姓名、身份證號碼或僱主")
    assert main_window.database_label.text().startswith("資料庫：")

    with qtbot.waitSignal(main_window.language_changed) as changed:
        press(
            qtbot,
            main_window,
            Qt.Key.Key_L,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert changed.args == ["en"]
    qtbot.waitUntil(lambda: catalogue.heading.text() == "Qualification catalogue")
    assert main_window.windowTitle() == "RPL Assessor Workstation — cases.sqlite3"
    assert nav_texts(main_window) == NAV_EN
    assert catalogue.model.headerData(0, Qt.Orientation.Horizontal) == "QR number"


def test_language_from_the_settings_page_is_remembered(
    main_window: MainWindow, ui_context: UiContext, qtbot: QtBot
) -> None:
    main_window.show_page("settings")
    settings_page = main_window.pages["settings"]
    assert isinstance(settings_page, SettingsPage)
    combo = settings_page.language
    combo.setCurrentIndex(combo.findData("zh_HK"))
    with qtbot.waitSignal(main_window.language_changed):
        combo.activated.emit(combo.currentIndex())
    assert i18n.current_language() == "zh_HK"
    assert combo.currentText() == "繁體中文"
    assert preferences.open_settings(ui_context.data_dir).value(preferences.LANGUAGE) == "zh_HK"
    assert choose_language(None, "zh_HK") == "zh_HK"
    assert choose_language("en", "zh_HK") == "en"
    assert choose_language(None, "klingon") == "zh_HK"
    assert choose_language(None, None) == "zh_HK"


def test_geometry_and_page_remembered_across_windows(ui_context: UiContext, qtbot: QtBot) -> None:
    first = create_main_window(ui_context)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(790, 610)  # within the offscreen screen (800 x 800)
    first.show_page("batches")
    first.close()

    second = create_main_window(ui_context)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (790, 610)
    assert second.current_page_key() == "batches"
    second.close()


def test_status_bar_shows_database_and_station(ui_context: UiContext, qtbot: QtBot) -> None:
    from assessor_app.core.db.models.laptop import StationRecord

    with ui_context.database.session() as session:
        session.add(StationRecord(code="LT07", is_local=True))
    window = create_main_window(ui_context)
    qtbot.addWidget(window)
    assert window.database_label.text() == f"Database: {ui_context.database.path}"
    assert window.station_label.text() == "Station: LT07"


def test_about_box_names_the_version(
    main_window: MainWindow, qtbot: QtBot, recorded_messages: list[messages.Message]
) -> None:
    show_active(main_window, qtbot)
    press(qtbot, main_window, Qt.Key.Key_F1)
    (about,) = recorded_messages
    assert about.kind == "info"
    assert __version__ in about.text


def test_corrupt_database_is_refused_and_left_alone(
    tmp_path: Path, recorded_messages: list[messages.Message]
) -> None:
    broken = tmp_path / "broken.sqlite3"
    content = b"this is not an SQLite database\n" * 64
    broken.write_bytes(content)
    data_dir = DataDir(tmp_path / "data")
    data_dir.ensure()

    assert run_gui(data_dir=data_dir, database_path=broken, demo=False, lang="en") == 1

    assert broken.read_bytes() == content
    (message,) = recorded_messages
    assert message.kind == "warning"
    assert "not a usable case database" in message.text
    assert "不是可用的個案資料庫" in message.text
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_demo_start_fills_the_demo_database_in_the_background(
    tmp_path: Path, recorded_messages: list[messages.Message]
) -> None:
    data_dir = DataDir(tmp_path / "data")
    data_dir.ensure()
    seen: dict[str, object] = {}

    def filled(window: MainWindow) -> bool:
        if window.demo_task is None or window.demo_task.running:
            return False
        seen["title"] = window.windowTitle()
        window.show_page("cases")
        cases = window.pages["cases"]
        assert isinstance(cases, CasesPage)
        seen["cases"] = cases.model.rowCount()
        return True

    assert run_gui_until(data_dir, data_dir.demo_database, filled, demo=True, lang="zh_HK") == 0

    assert recorded_messages == []
    assert seen["title"] == "過往資歷認可評審工作站 — DEMO 示範 — demo.sqlite3"
    assert seen["cases"] == 60
    signed = sign_in(data_dir.demo_database, DEMO_ADMINISTRATOR, DEMO_PASSWORD)  # encrypted, signed in
    try:
        assert count_cases(signed.database) == 60
    finally:
        signed.database.close()
    assert preferences.open_settings(data_dir).value(preferences.LANGUAGE) == "zh_HK"


def test_bug_report_is_logged_and_shown_once(
    recorded_messages: list[messages.Message], caplog: pytest.LogCaptureFixture
) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        errors.report_exception(type(exc), exc, exc.__traceback__)
    (message,) = recorded_messages
    assert message.kind == "bug"
    assert "RuntimeError: boom" in message.details
    assert f"RPL Assessor Workstation {__version__}" in message.details
    assert "RuntimeError: boom" in caplog.text


def test_exception_dialog_copies_its_report(qtbot: QtBot) -> None:
    dialog = ExceptionDialog("Traceback: something\nValueError: x")
    qtbot.addWidget(dialog)
    dialog.copy_report()
    assert QApplication.clipboard().text() == "Traceback: something\nValueError: x"
    assert dialog.report.isReadOnly()


def test_window_can_be_shown_before_the_database(qtbot: QtBot, data_dir: DataDir) -> None:
    window = MainWindow(preferences.open_settings(data_dir))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "RPL Assessor Workstation"
    assert window.current_page() is None
    assert current_page_name(window) == "opening_label"
    window.toggle_language()
    assert window.windowTitle() == "過往資歷認可評審工作站"


def test_bundled_font_backs_chinese_everywhere() -> None:
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QRawFont

    from assessor_app.ui.fonts import CJK_FAMILY

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert CJK_FAMILY in QFontDatabase.families()
    assert app.font().families()[-1] == CJK_FAMILY
    raw = QRawFont.fromFont(QFont(CJK_FAMILY, 12))
    assert all(raw.supportsCharacter(ord(character)) for character in "過往資歷認可評審工作站陳大文")
    assert QFontMetrics(app.font()).horizontalAdvance("資歷") > 0
