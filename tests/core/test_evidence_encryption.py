"""Evidence files sealed with AES-GCM on real files: round trip, tampering, legacy clear files, migration,
viewer copies, and a scan of the whole data folder for the applicants' particulars after encryption."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assessor_app.core import secure_delete
from assessor_app.core.db import encrypt, scratch
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.errors import AppError
from assessor_app.core.security import evidence_files
from assessor_app.core.services.evidence import attachments, reading
from assessor_app.core.services.evidence.case_checklist import AttachmentRow
from tests.core.security_helpers import PEOPLE, clear_finds, lodge_people
from tests.core.test_evidence import pdf_bytes, png_bytes, write


class Crash(Exception):
    """A power cut in the middle of a step."""


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


PDF_BODY = pdf_bytes()[9:]  # reportlab stamps each PDF: one body, so the same letter twice is one file


def letter(person_index: int = 0) -> bytes:
    """An employment letter naming the applicant (the HKID and phone in the PDF's text, uncompressed)."""
    person = PEOPLE[person_index]
    text = f"Employment letter for {person.name_zh} {person.surname_en} HKID {person.hkid} tel {person.phone}"
    data = b"%PDF-1.4\n% " + text.encode() + b"\n" + PDF_BODY  # the text in clear, as a scan's OCR
    assert person.hkid.encode() in data  # the scan below would find it in clear
    return data


def attach(database: Database, evidence: Path, application_id: int, path: Path) -> AttachmentRow:
    return attachments.attach_file(database, evidence, application_id, path, operator="clerk")


def test_a_file_attached_under_the_data_key_is_sealed_and_read_back_in_memory(
    tmp_path: Path, key: bytes
) -> None:
    database = open_database(tmp_path / "data" / "cases.sqlite3", key=key)
    evidence = tmp_path / "data" / "evidence"
    try:
        (application_id, *_rest) = lodge_people(database)
        content = letter()
        row = attach(database, evidence, application_id, write(tmp_path / "letter.pdf", content))
        assert row.stored_path is not None
        stored = row.stored_path.read_bytes()
        assert evidence_files.is_sealed(stored)
        assert content not in stored
        assert PEOPLE[0].hkid.encode() not in stored
        assert reading.attachment_bytes(row, key) == content
        assert stat.S_IMODE(row.stored_path.stat().st_mode) == 0o600
        # The same file again reuses the sealed copy; a second file gets its own nonce.
        again = attach(database, evidence, application_id, write(tmp_path / "again.pdf", content))
        assert again.id == row.id
        assert row.stored_path.read_bytes() == stored
        other = attach(database, evidence, application_id, write(tmp_path / "scan.png", png_bytes()))
        assert other.stored_path is not None
        nonce = slice(len(evidence_files.MAGIC), len(evidence_files.MAGIC) + evidence_files.NONCE_BYTES)
        assert other.stored_path.read_bytes()[nonce] != stored[nonce]
        assert reading.attachment_bytes(other, key) == png_bytes()

        viewer = reading.viewer_path(database.path, row, key)  # for the system's PDF viewer
        assert viewer.read_bytes() == content
        assert viewer.parent.parent == scratch.scratch_folder(database.path)
        assert stat.S_IMODE(viewer.stat().st_mode) == 0o600
        assert stat.S_IMODE(viewer.parent.stat().st_mode) == 0o700
        with pytest.raises(AppError) as locked:
            reading.attachment_bytes(row, None)
        assert locked.value.code == "evidence_locked"
    finally:
        database.close()
    open_database(database.path, create=False, key=key).close()  # the next start
    assert not viewer.exists()
    assert not viewer.parent.exists()


def test_the_viewer_copies_are_shredded_when_the_app_closes(tmp_path: Path, key: bytes) -> None:
    """Not left in clear until the next start (tests/gui/test_data_folder_scan.py found them there)."""
    database = open_database(tmp_path / "data" / "cases.sqlite3", key=key)
    try:
        (application_id, *_rest) = lodge_people(database)
        row = attach(
            database, tmp_path / "data" / "evidence", application_id, write(tmp_path / "a.pdf", letter())
        )
        viewer = reading.viewer_path(database.path, row, key)
    finally:
        database.close()
    scratch.shred_viewer_copies(database.path)
    assert not viewer.parent.exists()
    assert clear_finds(tmp_path / "data") == []


def test_a_tampered_or_swapped_sealed_file_is_refused_in_both_languages(tmp_path: Path, key: bytes) -> None:
    database = open_database(tmp_path / "data" / "cases.sqlite3", key=key)
    evidence = tmp_path / "data" / "evidence"
    try:
        (application_id, *_rest) = lodge_people(database)
        first = attach(database, evidence, application_id, write(tmp_path / "a.png", png_bytes(shade=1)))
        second = attach(database, evidence, application_id, write(tmp_path / "b.png", png_bytes(shade=2)))
        assert first.stored_path is not None
        assert second.stored_path is not None
        first.stored_path.write_bytes(second.stored_path.read_bytes())  # another file under this name
        with pytest.raises(AppError) as swapped:
            reading.attachment_bytes(first, key)
        assert swapped.value.code == "evidence_tampered"
        data = bytearray(second.stored_path.read_bytes())
        data[-20] ^= 0x01
        second.stored_path.write_bytes(bytes(data))
        with pytest.raises(AppError) as altered:
            reading.attachment_bytes(second, key)
        assert altered.value.code == "evidence_tampered"
        assert "altered or damaged" in altered.value.message("en")
        assert "已被改動或損壞" in altered.value.message("zh_HK")
        with pytest.raises(AppError):
            reading.viewer_path(database.path, second, key)  # nothing decrypted for a viewer either
        assert not list(scratch.scratch_folder(database.path).glob(f"{scratch.VIEW_PREFIX}*"))
    finally:
        database.close()


def test_clear_evidence_stays_clear_and_readable_without_a_key(tmp_path: Path) -> None:
    database = open_database(tmp_path / "data" / "cases.sqlite3")
    evidence = tmp_path / "data" / "evidence"
    try:
        (application_id, *_rest) = lodge_people(database)
        row = attach(database, evidence, application_id, write(tmp_path / "scan.png", png_bytes()))
        assert row.stored_path is not None
        assert row.stored_path.read_bytes() == png_bytes()
        assert reading.attachment_bytes(row, None) == png_bytes()
        assert reading.viewer_path(database.path, row, None) == row.stored_path
    finally:
        database.close()


def clear_data_folder(tmp_path: Path) -> tuple[Path, list[AttachmentRow]]:
    """A clear database with three cases and a letter and a scan on the first, as today's laptops hold."""
    folder = tmp_path / "data"
    database = open_database(folder / "cases.sqlite3")
    try:
        (application_id, *_rest) = lodge_people(database)
        rows = [
            attach(database, folder / "evidence", application_id, write(tmp_path / "letter.pdf", letter())),
            attach(database, folder / "evidence", application_id, write(tmp_path / "scan.png", png_bytes())),
        ]
    finally:
        database.close()
    assert clear_finds(folder)
    return folder, rows


def test_encrypting_a_data_folder_leaves_no_particular_in_clear_and_keeps_the_evidence_readable(
    tmp_path: Path, key: bytes
) -> None:
    folder, rows = clear_data_folder(tmp_path)
    path = folder / "cases.sqlite3"
    encrypt.encrypt_database(path, key, backups_dir=folder / "backups")
    database = open_database(path, create=False, key=key)
    try:
        assert reading.attachment_bytes(rows[0], key) == letter()  # a legacy clear file, still read
        assert evidence_files.encrypt_evidence_store(folder / "evidence", key) == 2
        assert evidence_files.encrypt_evidence_store(folder / "evidence", key) == 0  # nothing left to do
        assert reading.attachment_bytes(rows[0], key) == letter()
        assert reading.attachment_bytes(rows[1], key) == png_bytes()
        (application_id, *_rest) = [row.application_id for row in rows]
        attach(database, folder / "evidence", application_id, write(tmp_path / "second.pdf", letter(1)))
        reading.viewer_path(database.path, rows[0], key)  # a viewer copy, shredded at the next start
    finally:
        database.close()
    open_database(path, create=False, key=key).close()
    assert clear_finds(folder) == []


def test_sealing_the_store_interrupted_before_the_shred_is_finished_by_the_next_run(
    tmp_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, rows = clear_data_folder(tmp_path)
    monkeypatch.setattr(secure_delete, "shred", lambda _p: (_ for _ in ()).throw(Crash("power cut")))
    with pytest.raises(Crash):
        evidence_files.encrypt_evidence_store(folder / "evidence", key)
    monkeypatch.undo()
    assert reading.attachment_bytes(rows[0], key) == letter()  # sealed and swapped in before the cut
    assert list((folder / "evidence").rglob(".*.to-shred"))  # its clear twin still there
    evidence_files.encrypt_evidence_store(folder / "evidence", key)
    assert not list((folder / "evidence").rglob(".*.to-shred"))
    assert [reading.attachment_bytes(row, key) for row in rows] == [letter(), png_bytes()]
    assert clear_finds(folder / "evidence") == []


def test_a_crash_while_writing_the_sealed_copy_leaves_the_clear_file(
    tmp_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, rows = clear_data_folder(tmp_path)
    monkeypatch.setattr(evidence_files, "replace_and_shred", lambda *_a: (_ for _ in ()).throw(Crash("cut")))
    with pytest.raises(Crash):
        evidence_files.encrypt_evidence_store(folder / "evidence", key)
    monkeypatch.undo()
    assert reading.attachment_bytes(rows[0], None) == letter()  # still the clear file
    assert evidence_files.encrypt_evidence_store(folder / "evidence", key) == 2
    assert not list((folder / "evidence").rglob(f".*{evidence_files.SEALING_SUFFIX}"))
