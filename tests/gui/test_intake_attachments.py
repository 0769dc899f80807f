"""Files attached at intake, before lodging: a real PNG and PDF go into the case's evidence store with the
draft, come back with it, land on the case when it is lodged and are counted on the one-page slip; a file
the store refuses is named with its reason and loses nothing; a file taken off is shredded."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from assessor_app.core.domain.application_form import ApplicationForm, FormAttachment
from assessor_app.core.services.documents.slip import render_slip
from assessor_app.core.services.documents.slip_data import build_slip_data
from assessor_app.core.services.evidence.attachments import (
    MAX_ATTACHMENT_BYTES,
    list_attachments,
    store_unrecorded,
)
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n, messages
from assessor_app.ui.case import file_access
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import recovery
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import CTRL, SHIFT, key, qualification_id
from tests.gui.qt_helpers import finish_tasks


def a_photo(folder: Path) -> Path:
    """A real PNG, as a phone's photo of a document would be (small)."""
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0d0e0"))
    path = folder / "employer letter photo.png"
    assert image.save(str(path))
    return path


def a_pdf(folder: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = folder / "工作證明 employer letter.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def chosen_by_picker(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    """The file picker answers with ``paths`` (the dialog itself is Qt's)."""
    monkeypatch.setattr(file_access, "choose_files", lambda _parent: list(paths))


def listed(page: IntakeFormPage) -> list[str]:
    box = page.form.attachments_box
    return [box.file_list.item(row).text() for row in range(box.file_list.count())]


def test_files_attached_at_intake_are_on_the_lodged_case_and_its_slip(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    page = intake_page
    database, evidence_dir = ui_context.database, ui_context.data_dir.evidence
    event = page.current_event()
    assert event is not None
    infection = qualification_id(database, "Infection control")
    lodging.save_draft(database, "typed", valid_form(event_id=event.id, qualification_ids=[infection]))
    page.restore_draft(lodging.open_drafts(database)[0])
    photo, pdf = a_photo(tmp_path), a_pdf(tmp_path)

    # Ctrl+Shift+D asks for files; both are stored (off the GUI thread: the GUI tests refuse a write on
    # it) and listed on the form.
    chosen_by_picker(monkeypatch, [photo, pdf])
    page.form.first_field.setFocus()
    key(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    finish_tasks(qtbot)
    assert listed(page) == [
        f"{photo.name} ({photo.stat().st_size} B)",
        f"{pdf.name} ({pdf.stat().st_size} B)",
    ]
    files = page.form.attachments_box.files
    assert [(f.original_name, f.media_type) for f in files] == [
        (photo.name, "image/png"),
        (pdf.name, "application/pdf"),
    ]
    for file in files:  # in the case store, by content, before any case exists
        assert (
            stored_path(evidence_dir, file.sha256, file.media_type, database.data_key).read_bytes()
            == (photo if file.media_type == "image/png" else pdf).read_bytes()
        )
    assert page.form.attachments_box.hint.full_text.startswith("2 files attached")
    assert recorded_messages == []

    # The draft keeps them: saved, and restored exactly.
    page.save_now()
    finish_tasks(qtbot)
    (draft,) = lodging.open_drafts(database)
    assert draft.form.attachments == files
    page.new_application()
    assert listed(page) == []
    page.restore_draft(lodging.open_drafts(database)[0])
    assert page.form.attachments_box.files == files

    # A text file named .png and a file over the limit are refused, each with the store's reason; the
    # two files attached stay, and nothing of the refused ones is in the store.
    fake = tmp_path / "scan.png"
    fake.write_text("not an image at all", encoding="utf-8")
    huge = tmp_path / "huge scan.pdf"
    with huge.open("wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.truncate(MAX_ATTACHMENT_BYTES + 1)
    before = sorted(evidence_dir.rglob("*"))
    page.attacher.attach([fake, huge])
    finish_tasks(qtbot)
    (message,) = recorded_messages
    assert message.kind == "warning"
    assert "scan.png was not attached: The file scan.png cannot be attached: it is a plain text file." in (
        message.text
    )
    assert "huge scan.pdf was not attached: The file huge scan.pdf is 20.0 MB" in message.text
    assert "the limit is 20.0 MB" in message.text
    assert page.status_line.property("severity") == "error"
    assert page.form.attachments_box.files == files
    assert sorted(evidence_dir.rglob("*")) == before

    # Lodged: both are the case's attachments (read through the case's own service), the slip counts them
    # and stays one A4 page.
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    finish_tasks(qtbot)
    result = page.last_result
    assert result is not None
    rows = list_attachments(database, evidence_dir, result.application_id)
    assert [(row.original_name, row.media_type, row.size_bytes, row.added_by) for row in rows] == [
        (photo.name, "image/png", photo.stat().st_size, "clerkwong"),
        (pdf.name, "application/pdf", pdf.stat().st_size, "clerkwong"),
    ]
    assert all(row.stored_path is not None and row.stored_path.exists() for row in rows)
    data = build_slip_data(database, result.reference_no)
    assert data.files_attached == 2
    out = tmp_path / "slip.pdf"
    assert render_slip(data, out).page_count == 1
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "已附加檔案 Files attached: 2" in " ".join(text.split())
    assert lodging.open_drafts(database) == []


def test_a_file_taken_off_before_lodging_is_shredded_and_not_lodged(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    page = intake_page
    database, evidence_dir = ui_context.database, ui_context.data_dir.evidence
    event = page.current_event()
    assert event is not None
    infection = qualification_id(database, "Infection control")
    lodging.save_draft(database, "typed", valid_form(event_id=event.id, qualification_ids=[infection]))
    page.restore_draft(lodging.open_drafts(database)[0])
    photo, pdf = a_photo(tmp_path), a_pdf(tmp_path)
    page.attacher.attach([photo, pdf])
    finish_tasks(qtbot)
    png, kept = page.form.attachments_box.files
    stored = stored_path(evidence_dir, png.sha256, png.media_type, database.data_key)
    assert stored.exists()

    # Delete on the listed photo takes it off; its stored copy goes (nothing else holds it).
    box = page.form.attachments_box
    box.file_list.setCurrentRow(0)
    box.file_list.setFocus()
    key(qtbot, Qt.Key.Key_Delete)
    finish_tasks(qtbot)
    assert box.files == [kept]
    assert not stored.exists()
    page.save_now()
    finish_tasks(qtbot)
    assert lodging.open_drafts(database)[0].form.attachments == [kept]

    page.lodge()
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    finish_tasks(qtbot)
    assert page.last_result is not None
    rows = list_attachments(database, evidence_dir, page.last_result.application_id)
    assert [row.sha256 for row in rows] == [kept.sha256]


def test_a_listed_file_lost_from_the_store_stops_the_lodging(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    page = intake_page
    database = ui_context.database
    event = page.current_event()
    assert event is not None
    infection = qualification_id(database, "Infection control")
    form = valid_form(event_id=event.id, qualification_ids=[infection])
    form.attachments = [FormAttachment("ab" * 32, "lost.pdf", "application/pdf", 1000)]
    lodging.save_draft(database, "typed", form)
    page.restore_draft(lodging.open_drafts(database)[0])
    page.lodge()
    finish_tasks(qtbot)
    assert page.last_result is None
    assert "The attached file lost.pdf is no longer in the evidence folder" in recorded_messages[-1].text
    assert lodging.open_drafts(database)[0].form.attachments == form.attachments


def test_the_documents_box_in_chinese(intake_page: IntakeFormPage, ui_context: UiContext) -> None:
    page = intake_page
    ui_context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    page.retranslate()
    box = page.form.attachments_box
    assert box.title() == "已附加文件（掃描檔、相片、PDF）"
    assert box.attach_button.text() == "附加檔案…（Ctrl+Shift+D）"
    assert box.remove_button.text() == "移除檔案"
    assert box.hint.full_text == "未附加：隨申請存檔"


def test_discarding_a_draft_in_the_recovery_dialog_shreds_its_files(
    ui_context: UiContext,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database, evidence_dir = ui_context.database, ui_context.data_dir.evidence
    photo = store_unrecorded(database, evidence_dir, a_photo(tmp_path))
    stored = stored_path(evidence_dir, photo.sha256, photo.media_type, database.data_key)
    form = ApplicationForm(event_id=intake_event.id, surname_en="Ho", attachments=[photo])
    lodging.save_draft(database, "unwanted", form)
    monkeypatch.setattr(messages, "hook", lambda _message: True)  # yes, discard it
    dialog = recovery.RecoveryDialog(ui_context, lodging.open_drafts(database))
    qtbot.addWidget(dialog)
    assert stored.exists()
    dialog.discard()
    finish_tasks(qtbot)
    assert lodging.open_drafts(database) == []
    assert not stored.exists()
