"""Every file of a data folder after a demo, a GUI session with attachments, a backup and an export:
none of the session's applicants' HKIDs, names or phones in clear (issue 13's "Done when").

The data folder is made by the real ``assessor-app demo`` (an encrypted demo database); then the GUI is
run as ``run_gui`` runs it (the data folder's lock, sign-in as the demo's supervisor, who may lodge,
attach and export, the window over the signed-in database, the backup taken at close): three applicants with distinctive particulars (``security_helpers.PEOPLE``)
are lodged on the Intake page, a scan named after one of them and a PDF letter carrying their name,
HKID and phone are attached in the case view and the PDF opened in the "system viewer", each slip is
printed (a stand-in spooler) and saved where the dialog offers (outside the data folder), the default
(encrypted) export is written into the data folder, and the window closed. Then every file under the
data folder (database, write-ahead log, keyring, anchor, logs, settings, tmp/, backups/, evidence/,
the export) is searched for each particular, in UTF-8 and (the Chinese names) UTF-16-LE.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from assessor_app.cli import configure_logging
from assessor_app.core.db.instance_guard import InstanceLock
from assessor_app.core.domain.enums import Role
from assessor_app.core.paths import DataDir
from assessor_app.core.security.keyring import DEMO_PASSWORD
from assessor_app.core.security.sign_in import sign_in
from assessor_app.core.services.cases.summary import find_application_id
from assessor_app.core.services.demo import event as demo_event
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n, messages, recovery, tasks
from assessor_app.ui.app import create_main_window
from assessor_app.ui.batches import files
from assessor_app.ui.case import file_access
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import slip_output
from tests.core.intake_helpers import valid_form
from tests.core.security_helpers import PEOPLE, Person, clear_finds
from tests.core.test_evidence import qualification_id
from tests.e2e.cli_helpers import PROJECT_ROOT, cli_environment
from tests.gui.qt_helpers import finish_tasks

pytestmark = pytest.mark.slow


def _demo(data: DataDir) -> None:
    """``assessor-app --data-dir DATA demo``, as the README says."""
    result = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data.root), "demo", "--applications", "12"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_environment(user=None, password=None),
        cwd=PROJECT_ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _letter(path: Path, person: Person) -> Path:
    """An employer's letter naming the applicant (a PDF with the text in it, uncompressed)."""
    document = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)
    document.drawString(72, 770, f"To whom it may concern: {person.surname_en}, HKID {person.hkid}")
    document.drawString(72, 750, f"Phone {person.phone}")
    document.save()
    assert person.surname_en.encode() in path.read_bytes()  # the scan would find it in clear
    return path


def _scan(path: Path) -> Path:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#607d8b"))
    assert image.save(str(path))
    return path


def _printer(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A printer, whose spooler takes a copy of each PDF (as ``lp`` does); the names of the PDFs."""
    spooled: list[str] = []

    class Printer:
        def printerName(self) -> str:
            return "Registration desk"

        def copyCount(self) -> int:
            return 1

    def spool(path: Path, _name: str, _copies: int) -> None:
        assert path.read_bytes().startswith(b"%PDF")
        spooled.append(path.name)

    monkeypatch.setattr(slip_output, "can_print", lambda: True)
    monkeypatch.setattr(slip_output, "choose_printer", lambda _parent: Printer())
    monkeypatch.setattr(slip_output, "is_print_to_file", lambda _printer: False)
    monkeypatch.setattr(slip_output, "send_to_printer", spool)
    return spooled


def test_no_applicant_particular_in_clear_anywhere_in_the_data_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorded_messages: list[messages.Message]
) -> None:
    data = DataDir(tmp_path / "data")
    _demo(data)
    assert clear_finds(data.root) == []  # the demo's own people are made up; these are not in it yet
    papers = tmp_path / "papers"  # the applicant's papers, on the clerk's desk (not scanned)
    papers.mkdir()
    out = data.root / "exports" / "batch.xlsx"
    out.parent.mkdir()

    root_log, level = logging.getLogger(), logging.getLogger().level
    configure_logging(data)  # the session logs to logs/ as the app's does
    log_file = root_log.handlers[-1]
    lock = InstanceLock(data.root)
    lock.acquire()
    supervisor = next(user.username for user in demo_event.USERS if user.role is Role.SUPERVISOR)
    signed = sign_in(data.demo_database, supervisor, DEMO_PASSWORD, backups_dir=data.backups)
    database = signed.database
    context = UiContext(
        database=database, data_dir=data, language=i18n.ENGLISH, demo=True, user=signed.username
    )
    window = create_main_window(context)
    qtbot.addWidget(window)
    window.set_user(signed.user)
    window.show()
    try:
        # Intake: each applicant's form put in the fields, saved as a draft, lodged with Ctrl+S.
        today = lodging.create_event(  # today's promotion day, as the event panel creates it
            database,
            name="機場物流推廣日 Airport logistics promotion day",
            host_organisation="Airport Freight Forwarding Centre",
            event_date=date.today(),
            agency_code="HKUSPACE",
        )
        window.show_page("intake")
        page = window.intake_page
        page.refresh()
        page.select_event(today.id)
        event = page.current_event()
        assert event == today
        chosen = [qualification_id(database, industry="Logistics", level=2)]
        spooled = _printer(monkeypatch)
        saved = tmp_path / "saved"  # where the clerk saves a slip (the dialog offers outside the data folder)

        def save_where_offered(_parent: object, suggested: Path, _title: str | None = None) -> Path:
            assert not suggested.is_relative_to(data.root), suggested
            return saved / suggested.name

        monkeypatch.setattr(slip_output, "ask_save_path", save_where_offered)
        for person in PEOPLE:
            page.new_application()
            form = replace(
                valid_form(event_id=event.id, qualification_ids=chosen),
                hkid=f"{person.hkid[:-1]}({person.hkid[-1]})",
                name_zh=person.name_zh,
                surname_en=person.surname_en.lower(),
                phone=person.phone,
                email=f"{person.surname_en.lower()}@example.com",
                received_on=event.event_date.isoformat(),
            )
            page.form.load(form)
            page.form.edited.emit("hkid")  # as typing does: a draft, the duplicate check
            qtbot.waitUntil(lambda: page.draft_uid is not None, timeout=10_000)
            page.save_now()
            finish_tasks(qtbot)
            qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
            qtbot.waitUntil(lambda: page.last_result is not None, timeout=30_000)
            assert lodging.find_duplicates(database, person.hkid), page.status_line.text()
            page.print_slip()  # the slip handed to the applicant
            page.save_slip_as_pdf()  # and one kept, where the clerk chose
            finish_tasks(qtbot)
            assert page.last_slip is not None
        assert len(spooled) == len(PEOPLE)
        assert len(list(saved.glob("*.pdf"))) == len(PEOPLE)

        # The case view: a scan named after the first applicant and their employer's letter attached.
        first = PEOPLE[0]
        reference = lodging.find_duplicates(database, first.hkid)[0].reference_no
        assert reference is not None
        application_id = find_application_id(database, reference)
        window.open_case(application_id)
        view = window.cases_page.case_view
        assert view is not None
        scan = _scan(papers / f"{first.name_zh}-{first.hkid}.png")
        letter = _letter(papers / f"{first.surname_en}-letter.pdf", first)
        monkeypatch.setattr(file_access, "choose_files", lambda _parent: [scan, letter])
        qtbot.mouseClick(view.evidence_tab.attachments_panel.attach_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
        finish_tasks(qtbot)
        rows = view.evidence_tab.attachments_panel.model.rows
        assert [row.original_name for row in rows] == [scan.name, letter.name]
        opened: list[Path] = []

        def system_viewer(path: Path) -> bool:
            opened.append(path)
            return True

        monkeypatch.setattr(file_access, "open_with_system_viewer", system_viewer)
        view.evidence_tab.attachments_panel.select(rows[1].id)
        qtbot.mouseClick(view.evidence_tab.attachments_panel.view_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
        finish_tasks(qtbot)
        assert len(opened) == 1

        # The default export (encrypted), into the data folder.
        window.show_page("batches")
        batches = window.pages["batches"]
        monkeypatch.setattr(files, "ask_export_path", lambda _parent, _suggested: out)
        dialog = batches.export_batch()  # type: ignore[attr-defined]
        assert dialog is not None
        dialog.select_status("lodged")
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
        finish_tasks(qtbot)
        assert out.is_file()
        shown = batches.password_shown_dialog  # type: ignore[attr-defined]
        assert shown is not None
        shown.accept()
    finally:
        window.close()  # as run_gui ends: the window, the queue, the database, the backup at close
        assert tasks.wait_for_all(30_000)
        database.close()
        recovery.close_session(database, data)
        lock.release()
        root_log.removeHandler(log_file)
        log_file.close()
        root_log.setLevel(level)
    assert [m for m in recorded_messages if m.kind != "info"] == [], recorded_messages

    written = sorted(str(p.relative_to(data.root)) for p in data.root.rglob("*") if p.is_file())
    assert any(name.startswith("backups/") for name in written), written
    assert any(name.startswith("evidence/") for name in written), written
    assert "automatic backup" in (data.logs / "assessor-app.log").read_text(
        encoding="utf-8"
    )  # the session logged
    assert clear_finds(data.root) == [], written
    assert clear_finds(out.parent) == []
