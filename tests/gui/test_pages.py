"""The small pages: the batch ledger and settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from assessor_app import __version__
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages import settings_page
from assessor_app.ui.pages.batches_page import BatchesPage
from assessor_app.ui.pages.settings_page import SettingsPage
from tests.gui.qt_helpers import click


def test_batches_page_empty_then_listed(ui_context: UiContext, qtbot: QtBot) -> None:
    page = BatchesPage(ui_context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.content.currentWidget() is page.empty_panel
    assert page.empty_label.text().startswith("No batches yet.")

    with ui_context.database.session() as session:
        session.add(
            ExportBatchRecord(
                kind="export",
                file_name="LT01-20231108.xlsx",
                file_sha256="0123456789abcdef" * 4,
                created_by="assessor1",
                created_at=datetime(2023, 11, 8, 9, 30, tzinfo=UTC),
                case_count=12,
            )
        )
    page.refresh()
    assert page.content.currentWidget() is page.table
    model = page.model
    assert [model.index(0, column).data() for column in (0, 1, 2, 4, 5)] == [
        "Export",
        "LT01-20231108.xlsx",
        "assessor1",
        "12",
        "0123456789ab",
    ]


def test_settings_page_shows_the_data_folder_and_opens_it(
    ui_context: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(settings_page, "open_folder", record)
    page = SettingsPage(ui_context)
    qtbot.addWidget(page)
    assert page.data_folder.text() == str(ui_context.data_dir.root)
    assert page.database_path.text() == str(ui_context.database.path)
    assert page.data_folder.isReadOnly()
    assert page.database_path.isReadOnly()
    assert __version__ in page.version_label.text()
    assert [page.language.itemText(i) for i in range(page.language.count())] == ["繁體中文", "English"]
    assert page.language.currentData() == "en"
    page.show()
    click(qtbot, page.open_folder_button, page.open_folder_button.rect().center())
    assert [url.toLocalFile() for url in opened] == [str(ui_context.data_dir.root)]
