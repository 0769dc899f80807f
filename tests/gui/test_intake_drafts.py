"""Never lose a keystroke: drafts saved while typing, restored exactly, and surviving a killed process."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import open_database
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.errors import DatabaseLockedError
from assessor_app.core.services.intake import lodging
from assessor_app.ui import messages, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import autosave, dialogs, recovery
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.gui.intake_fixtures import (
    EVENT_DAY,
    build_page,
    close_page,
    focused,
    key,
    qualification_id,
    type_here,
)
from tests.gui.qt_helpers import finish_tasks, type_chinese

ROOT = Path(__file__).resolve().parents[2]
TYPIST = Path(__file__).with_name("draft_typist.py")


def typed_form(page: IntakeFormPage) -> ApplicationForm:
    event = page.current_event()
    return page.form.collect(event.id if event else None)


def a_form_as_typed(event_id: int, qualification_ids: list[int]) -> ApplicationForm:
    """Everything a clerk can type, with the odd spacing and case people really type."""
    return ApplicationForm(
        event_id=event_id,
        received_on="07/11/2023",
        name_zh="陳大文",
        surname_en="chan ",
        given_names_en="Tai Man",
        alias="Peter",
        hkid="a123456 (3)",
        residence_status="R",
        date_of_birth="15/03/1985",
        phone="9123 4567",
        email="taiman@example.com",
        address="香港大嶼山東涌富東邨\n富東樓 1 號",
        preferred_language="en",
        hkid_original_seen=True,
        hkid_copy_kept=False,
        employment=[
            EmploymentEntry(
                employer="Harbour Elderly Home",
                post="Care worker 護理員",
                industry="Elderly care",
                start="2015-04-01",
                end="31/12/2019",
                employment_type="part_time",
                hours_per_week="30",
                in_hong_kong=False,
                duties="Personal care",
                proof_status="copy_received",
                relevant_to=qualification_ids[1:],
            ),
            EmploymentEntry(employer="Half-typed row", start="2020-0", kind="caring", industry="other"),
            EmploymentEntry(),
        ],
        qualification_ids=qualification_ids,
        carer_qualification_ids=qualification_ids[:1],
        pics_acknowledged=False,
    )


def test_typing_saves_a_draft_within_a_second(intake_page: IntakeFormPage, qtbot: QtBot) -> None:
    page = intake_page
    assert lodging.open_drafts(page.context.database) == []
    page.form.line_edits["surname_en"].setFocus()
    type_here(qtbot, "chan")
    qtbot.waitUntil(lambda: len(lodging.open_drafts(page.context.database)) == 1, timeout=1500)
    (draft,) = lodging.open_drafts(page.context.database)
    assert draft.uid == page.draft_uid
    assert draft.form.surname_en == "chan"
    assert draft.event_id == page.current_event().id  # type: ignore[union-attr]


def test_someone_typing_without_a_pause_is_still_saved_every_second(
    intake_page: IntakeFormPage,
    qtbot: QtBot,
) -> None:
    page = intake_page
    page.form.line_edits["given_names_en"].setFocus()
    saved: list[str] = []
    page.draft_saved.connect(lambda _uid, form: saved.append(form.given_names_en))
    for character in "Tai Man Peter Chan":  # a key every 150 ms: never 700 ms of quiet
        type_here(qtbot, character)
        qtbot.wait(150)
    assert saved, "nothing was saved while typing"
    assert len(saved) >= 2
    assert all("Tai Man Peter Chan".startswith(text) for text in saved)


def test_hiding_the_page_saves_at_once(intake_page: IntakeFormPage, qtbot: QtBot) -> None:
    page = intake_page
    page.form.line_edits["surname_en"].setFocus()
    type_here(qtbot, "wong")
    page.hide()  # no wait for the quiet time
    assert tasks.wait_for_all(10_000)
    (draft,) = lodging.open_drafts(page.context.database)
    assert draft.form.surname_en == "wong"


def test_a_failed_save_is_reported_and_retried(
    intake_page: IntakeFormPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = intake_page
    real_save = lodging.save_draft
    calls: list[str] = []

    def flaky(database: object, uid: str, form: ApplicationForm) -> None:
        calls.append(form.surname_en)
        if len(calls) == 1:
            raise DatabaseLockedError("The case database is in use.", "個案資料庫正被使用。")
        real_save(database, uid, form)  # type: ignore[arg-type]

    monkeypatch.setattr(autosave, "save_draft", flaky)
    page.form.line_edits["surname_en"].setFocus()
    type_here(qtbot, "lee")
    qtbot.waitUntil(lambda: "NOT saved" in page.status_line.text(), timeout=3000)
    assert page.status_line.text() == "Draft NOT saved: The case database is in use. It will be tried again."
    assert page.form.line_edits["surname_en"].text() == "lee"
    type_here(qtbot, "s")
    qtbot.waitUntil(lambda: page.status_line.text().startswith("Draft saved"), timeout=3000)
    (draft,) = lodging.open_drafts(page.context.database)
    assert draft.form.surname_en == "lees"
    assert calls == ["lee", "lees"]


def test_recovery_restores_every_field_exactly(
    ui_context: UiContext,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = ui_context.database
    ids = [qualification_id(database, "General home care"), qualification_id(database, "Infection control")]
    typed = a_form_as_typed(intake_event.id, ids)
    lodging.save_draft(database, "draft-after-a-crash", typed)

    page = build_page(ui_context, qtbot)
    try:
        shown: list[recovery.RecoveryDialog] = []

        def restore_first(dialog: object) -> bool:
            assert isinstance(dialog, recovery.RecoveryDialog)
            shown.append(dialog)
            dialog.restore()
            return True

        monkeypatch.setattr(dialogs, "run_dialog", restore_first)
        chosen = recovery.offer_open_drafts(page, ui_context)
        assert chosen is not None
        model = shown[0].model
        assert [model.index(0, column).data() for column in range(3)] == [
            "陳大文 CHAN Tai Man",
            "A123***(*)",
            intake_event.code,
        ]
        page.restore_draft(chosen)
        assert page.draft_uid == "draft-after-a-crash"
        assert typed_form(page) == typed
        assert page.form.address.toPlainText() == "香港大嶼山東涌富東邨\n富東樓 1 號"
        assert page.form.chosen_list.count() == 2
        assert page.form.fee_label.text() == "Fee: HK$490"

        # Carrying on typing updates the same draft.
        page.form.line_edits["alias"].setFocus()
        page.form.line_edits["alias"].end(False)
        type_here(qtbot, "!")
        qtbot.waitUntil(
            lambda: [d.form.alias for d in lodging.open_drafts(database)] == ["Peter!"], timeout=2000
        )
    finally:
        close_page(page)


def test_next_applicant_keeps_the_unfinished_form_and_resume_brings_it_back(
    intake_page: IntakeFormPage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = intake_page
    page.form.line_edits["name_zh"].setFocus()
    type_chinese(focused(), "李小明")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "lee")
    first_uid = page.draft_uid
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.form.line_edits["name_zh"].text() == ""
    assert page.draft_uid is None
    assert tasks.wait_for_all(10_000)
    QApplication.processEvents()
    assert [d.form.surname_en for d in lodging.open_drafts(page.context.database)] == ["lee"]
    assert page.counts_label.text() == "Lodged at this event: 0 · Drafts open (all events): 1"
    assert page.resume_button.isEnabled()

    monkeypatch.setattr(dialogs, "run_dialog", lambda dialog: dialog.restore() or True)
    page.resume_button.click()
    assert page.draft_uid == first_uid
    assert page.form.line_edits["name_zh"].text() == "李小明"
    assert page.form.line_edits["surname_en"].text() == "lee"


def test_a_draft_can_be_discarded_from_the_recovery_list(
    ui_context: UiContext,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = ui_context.database
    lodging.save_draft(database, "unwanted", ApplicationForm(event_id=intake_event.id, surname_en="Ho"))
    asked: list[messages.Message] = []

    def answer_yes(message: messages.Message) -> bool:
        asked.append(message)
        return True

    monkeypatch.setattr(messages, "hook", answer_yes)
    dialog = recovery.RecoveryDialog(ui_context, lodging.open_drafts(database))
    qtbot.addWidget(dialog)
    dialog.discard()
    finish_tasks(qtbot)
    assert [m.text for m in asked] == ["Discard the unfinished application of HO?"]
    assert lodging.open_drafts(database) == []
    assert dialog.result() == dialog.DialogCode.Rejected


# --- The kill test ----------------------------------------------------------------------------------


def _reader(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))


def test_a_killed_process_loses_nothing_that_was_reported_saved(
    ui_context: UiContext,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = ui_context.database
    text = "Tai Man Peter Chan Siu Ming Wong Ka Fai Lee Chi Keung Ho Wing Sze Cheung Mei Ling"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(TYPIST), str(database.path), EVENT_DAY.isoformat(), text],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=ROOT,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    reader = threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True)
    reader.start()
    reported: list[dict[str, str]] = []
    try:
        while len(reported) < 2 or not reported[-1]["given_names_en"]:
            line = lines.get(timeout=60)
            assert line != "DONE", "the typist finished before two saves were reported"
            if line.startswith("{"):
                reported.append(json.loads(line))
    finally:
        process.kill()  # SIGKILL: no clean-up, no last save
        process.wait(timeout=30)
        reader.join(timeout=30)
        process.stdout.close()
    assert process.returncode == -9 if sys.platform != "win32" else process.returncode != 0
    last = reported[-1]["given_names_en"]
    assert 0 < len(last) < len(text), "killed mid-typing"

    # The next start: the database opened afresh, as the application does.
    reopened = open_database(database.path)
    context = UiContext(database=reopened, data_dir=ui_context.data_dir, language="en")
    try:
        drafts = lodging.open_drafts(reopened)
        assert len(drafts) == 1
        (draft,) = drafts
        assert draft.uid == reported[-1]["uid"]
        assert draft.form.given_names_en.startswith(last)
        assert text.startswith(draft.form.given_names_en)
        assert draft.form.name_zh == "陳大文"
        assert draft.event_id == intake_event.id

        # It is offered back, into the fields.
        page = build_page(context, qtbot)
        try:
            monkeypatch.setattr(dialogs, "run_dialog", lambda dialog: dialog.restore() or True)
            chosen = recovery.offer_open_drafts(page, context)
            assert chosen is not None
            page.restore_draft(chosen)
            assert page.form.line_edits["given_names_en"].text() == draft.form.given_names_en
            assert page.form.line_edits["name_zh"].text() == "陳大文"
            assert typed_form(page) == draft.form
        finally:
            close_page(page)
    finally:
        reopened.close()
