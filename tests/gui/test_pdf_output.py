"""The PDF flow's "open" step: once a PDF is saved it can be opened with the system viewer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from assessor_app.ui import i18n, messages
from assessor_app.ui.intake import slip_output
from assessor_app.ui.pdf_output import PdfOutput
from tests.gui.qt_helpers import finish_tasks


def make_output(
    qtbot: QtBot, printed: list[Any] | None = None, spool: Path | None = None
) -> tuple[QWidget, PdfOutput, list[Any]]:
    parent = QWidget()
    qtbot.addWidget(parent)
    done: list[Any] = []

    def failed(exc: BaseException) -> None:
        pytest.fail(f"rendering failed: {exc!r}")

    def print_folder() -> Path:
        assert spool is not None, "nothing is printed here"
        spool.mkdir()
        return spool

    output = PdfOutput(
        parent,
        started=lambda: None,
        done=done.append,
        failed=failed,
        no_printer=lambda: None,
        printed=(printed if printed is not None else done).append,
        print_folder=print_folder,
    )
    return parent, output, done


def write_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


def test_a_saved_pdf_is_offered_and_opened_with_the_system_viewer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    _parent, output, done = make_output(qtbot)
    assert output.open_button.isHidden()  # nothing saved yet

    target = tmp_path / "report.pdf"
    output.save(write_pdf, target, path=target)
    finish_tasks(qtbot)
    assert done == [target]
    assert not output.open_button.isHidden()
    assert output.open_button.text() == "Open the PDF"

    output.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]
    assert opened[0].toLocalFile() == str(target)


def test_the_open_button_speaks_chinese_and_a_missing_viewer_is_said(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorded_messages: list[messages.Message]
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    _parent, output, _done = make_output(qtbot)
    target = tmp_path / "slip.pdf"
    output.save(write_pdf, target, path=target)
    finish_tasks(qtbot)
    i18n.apply_language(i18n.CHINESE)
    qtbot.waitUntil(lambda: output.open_button.text() == "開啟 PDF")
    i18n.apply_language(i18n.ENGLISH)
    qtbot.waitUntil(lambda: output.open_button.text() == "Open the PDF")

    output.open_button.click()
    assert [message.text for message in recorded_messages] == [
        f"No program here opens PDF files. The PDF is saved at {target}."
    ]


def test_a_pdf_sent_to_a_printer_is_not_offered_nor_kept(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written to its own folder (the data folder's tmp/ in the app), handed to the spooler, then
    shredded: a printed slip carries the applicant's particulars in clear."""
    results: list[Any] = []
    spool = tmp_path / "spool"
    _parent, output, done = make_output(qtbot, results, spool)
    printed: list[tuple[Path, str, int]] = []
    spooled: list[bytes] = []

    class Printer:
        def printerName(self) -> str:
            return "Office"

        def copyCount(self) -> int:
            return 1

    monkeypatch.setattr(slip_output, "can_print", lambda: True)
    monkeypatch.setattr(slip_output, "choose_printer", lambda _parent: Printer())
    monkeypatch.setattr(slip_output, "is_print_to_file", lambda _printer: False)

    def send(path: Path, name: str, copies: int) -> None:
        printed.append((path, name, copies))
        spooled.append(path.read_bytes())

    monkeypatch.setattr(slip_output, "send_to_printer", send)
    output.print(write_pdf, tmp_path / "suggested" / "letter.pdf")
    finish_tasks(qtbot)
    assert printed == [(spool / "letter.pdf", "Office", 1)]
    assert spooled == [b"%PDF-1.4\n%%EOF\n"]
    assert results == [spool / "letter.pdf"]
    assert done == []
    assert output.open_button.isHidden()
    if sys.platform != "win32":  # Windows' print handler reads it later: shredded when the app closes
        assert not spool.exists()
    assert not (tmp_path / "suggested").exists()
