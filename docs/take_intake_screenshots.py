"""Screenshots of the intake form for docs/screenshots/: a half-filled application, in both languages.

The form shows one inline error (a phone number that is not a Hong Kong number) and the duplicates
panel (the same HKID was lodged earlier). Run under a virtual X server (``make screenshots``)::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/take_intake_screenshots.py
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import screenshot_support as shots
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from assessor_app.core.db.database import open_database
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review.workflow import create_user
from assessor_app.ui import tasks
from assessor_app.ui.app import application
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.intake_form_page import IntakeFormPage

DAY = date(2023, 11, 8)
CLERK = "clerkwong"  # who lodges: a clerk of this laptop


def type_chinese(widget: QWidget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def type_ascii(widget: QWidget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def prepare(database_path: Path) -> None:
    database = open_database(database_path)
    try:
        lodging.set_local_station(database, "LT01")
        create_user(database, "admin", "Administrator", "administrator", actor="admin")
        create_user(database, CLERK, "Clerk Wong 黃文員", "intake_clerk", actor="admin")
        event = lodging.create_event(
            database,
            name="安老院舍推廣日 Care home promotion day",
            host_organisation="Happy Valley Care Home 跑馬地護老院",
            venue="Happy Valley",
            event_date=DAY,
            agency_code="HKAG",
        )
        rows = {row.title_en: row.id for row in list_qualifications(database)}
        earlier = ApplicationForm(
            event_id=event.id,
            name_zh="陳大文",
            surname_en="Chan",
            given_names_en="Tai Man",
            hkid="A123456(3)",
            residence_status="A",
            date_of_birth="15/03/1985",
            phone="9123 4567",
            address="香港大嶼山東涌富東邨富東樓 1 號",
            hkid_original_seen=True,
            employment=[
                EmploymentEntry(
                    employer="Harbour Elderly Home",
                    industry="Elderly care",
                    start="2015-04-01",
                    present=True,
                    relevant_to=[rows["General home care"]],
                )
            ],
            qualification_ids=[rows["General home care"]],
            pics_acknowledged=True,
        )
        lodging.lodge_application(database, earlier, draft_uid=None, operator=CLERK, today=DAY)
    finally:
        database.close()


def fill_half(page: IntakeFormPage) -> None:
    form = page.form
    edits = form.line_edits
    type_chinese(edits["name_zh"], "陳大文")
    type_ascii(edits["surname_en"], "CHAN")
    type_ascii(edits["given_names_en"], "Tai Man")
    type_ascii(edits["hkid"], "A123456(3)")
    form.combos["residence_status"].setCurrentIndex(1)
    form.checks["hkid_original_seen"].setChecked(True)
    type_ascii(edits["date_of_birth"], "15/03/1985")
    type_ascii(edits["phone"], "1234 5678")
    type_chinese(form.address, "香港大嶼山東涌富東邨富東樓 1 號")
    form.add_employment_row()
    model = form.employment_model
    for key, value in (
        ("employer", "Harbour Elderly Home 海港護老院"),
        ("post", "Care worker 護理員"),
        ("industry", "Elderly care"),
        ("start", "2015-04-01"),
        ("end", "2019-12-31"),
        ("duties", "Personal care of residents"),
        ("proof_status", "original_seen"),
    ):
        model.setData(model.index(0, model.column_index(key)), value)
    form.picker.search.setFocus()
    QTest.keyClicks(form.picker.search, "infection")
    QTest.keyClick(form.picker.search, Qt.Key.Key_Return)
    type_ascii(edits["email"], "")


def main() -> int:
    application()
    with (
        tempfile.TemporaryDirectory(prefix="assessor-intake-shots-") as folder,
        shots.data_folder(folder) as data_dir,
    ):
        prepare(data_dir.database)
        database = open_database(data_dir.database)
        try:
            for language, suffix in shots.LANGUAGES.items():
                context = UiContext(database=database, data_dir=data_dir, language=language, user=CLERK)
                window = shots.main_window(context, user=CLERK)
                window.show_page("intake")
                page = window.intake_page
                assert isinstance(page, IntakeFormPage)
                page.select_event(lodging.list_events(database)[0].id)
                page.activateWindow()  # focus moves (and so fields count as left) only in the active window
                fill_half(page)
                shots.shoot(window, f"intake-form-{suffix}.png", wait=1200)  # the draft is saved, and says so
                shots.close(window)
                for draft in lodging.open_drafts(database):
                    lodging.discard_draft(database, draft.uid)
        finally:
            tasks.wait_for_all()
            database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
