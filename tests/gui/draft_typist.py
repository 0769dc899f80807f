"""Helper process for the kill test: types into the intake form of a real database until it is killed.

Usage: ``python draft_typist.py DATABASE EVENT_DAY TEXT``. It prints ``READY`` once the page is up,
then one JSON line per autosave that reached the database (``{"uid": ..., "given_names_en": ...}``),
while typing TEXT into the English given names one key at a time (pausing halfway until two saves were
reported). It never exits on its own.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from assessor_app.core.db.database import open_database
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.paths import DataDir
from assessor_app.ui import preferences
from assessor_app.ui.app import application
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.intake_form_page import IntakeFormPage

KEY_INTERVAL_S = 0.08
NAME_ZH = "陳大文"


def pump(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)


def main(database_path: str, event_day: str, text: str) -> None:
    application()
    database = open_database(Path(database_path), create=False)
    context = UiContext(database=database, data_dir=DataDir(Path(database_path).parent), language="en")
    day = date.fromisoformat(event_day)
    page = IntakeFormPage(context, settings=preferences.open_settings(context.data_dir), today=lambda: day)
    page.resize(1200, 900)
    page.show()
    page.activateWindow()
    pump(0.2)

    def saved(uid: str, form: object) -> None:
        assert isinstance(form, ApplicationForm)
        print(json.dumps({"uid": uid, "given_names_en": form.given_names_en}), flush=True)

    saves = 0

    def count(_uid: str, _form: object) -> None:
        nonlocal saves
        saves += 1

    page.draft_saved.connect(saved)
    page.draft_saved.connect(count)
    name_field = page.form.line_edits["name_zh"]
    name_field.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(NAME_ZH)
    QCoreApplication.sendEvent(name_field, event)
    field = page.form.line_edits["given_names_en"]
    field.setFocus()
    print("READY", flush=True)
    halfway = len(text) // 2
    for position, character in enumerate(text):
        QTest.keyClicks(field, character)
        pump(KEY_INTERVAL_S)
        # On a busy machine saves lag behind the keys: wait halfway until two saves are reported, so
        # the parent always kills the process mid-typing, never after the last key.
        while position == halfway and saves < 2:
            pump(KEY_INTERVAL_S)
    print("DONE", flush=True)
    while True:
        pump(1.0)


if __name__ == "__main__":
    main(*sys.argv[1:4])
