"""The intake form's qualification picker and chosen list show the stream in the interface's language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.intake_form_page import IntakeFormPage


def shown(page: IntakeFormPage) -> list[str]:
    model = page.form.picker.model
    return [model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


def test_the_picker_shows_the_stream_of_the_interface_language(
    intake_page: IntakeFormPage, ui_context: UiContext, qtbot: QtBot
) -> None:
    page = intake_page
    page.form.picker.search.setText("Infection control")
    english = shown(page)
    assert len(english) == 2
    assert " · Community care and support · QR " in english[0]
    assert " · Residential care · QR " in english[1]

    ui_context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    qtbot.waitUntil(lambda: page.heading.text() != "Intake: promotion day")
    chinese = shown(page)
    assert " · 社區照顧及支援 · QR " in chinese[0]
    assert " · 院舍照顧 · QR " in chinese[1]
    # Two clusters share the Chinese title 感染控制: the stream tells them apart.
    assert all(line.split(" · ")[1].startswith("感染控制 Infection control") for line in chinese)

    assert page.form.picker.pick_current()
    chosen = page.form.qualifications_box.chosen_list
    assert chosen.count() == 1
    assert " · 社區照顧及支援 · QR " in chosen.item(0).text()
