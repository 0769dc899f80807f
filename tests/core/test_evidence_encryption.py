"""Evidence files sealed with AES-GCM on real files: round trip, tampering, legacy clear files, migration,
viewer copies, and a scan of the whole data folder for the applicants' particulars after encryption."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assessor_app.core import private_files
from assessor_app.core.db import encrypt, scratch
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.errors import AppError
from assessor_app.core.security import evidence_files, sign_in
from assessor_app.core.services.evidence import attachments, reading, store_names
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


def listed(database: Database, folder: Path, rows: list[AttachmentRow]) -> list[AttachmentRow]:
    """The attachments of ``rows`` as the (now encrypted) database lists them: under their keyed names."""
    return attachments.list_attachments(database, folder / "evidence", rows[0].application_id)


def test_encrypting_a_data_folder_leaves_no_particular_in_clear_and_keeps_the_evidence_readable(
    tmp_path: Path, key: bytes
) -> None:
    folder, rows = clear_data_folder(tmp_path)
    path = folder / "cases.sqlite3"
    encrypt.encrypt_database(path, key, backups_dir=folder / "backups")
    database = open_database(path, create=False, key=key)
    try:
        assert evidence_files.encrypt_evidence_store(folder / "evidence", key) == 2
        assert evidence_files.encrypt_evidence_store(folder / "evidence", key) == 0  # nothing left to do
        assert not any(
            row.stored_path is not None and row.stored_path.exists() for row in rows
        )  # clear names
        sealed = listed(database, folder, rows)
        assert [reading.attachment_bytes(row, key) for row in sealed] == [letter(), png_bytes()]
        assert all(row.sha256 not in str(row.stored_path) for row in sealed)  # the name says nothing
        (application_id, *_rest) = [row.application_id for row in rows]
        attach(database, folder / "evidence", application_id, write(tmp_path / "second.pdf", letter(1)))
        reading.viewer_path(database.path, sealed[0], key)  # a viewer copy, shredded at the next start
    finally:
        database.close()
    open_database(path, create=False, key=key).close()
    assert clear_finds(folder) == []
    stems = {file.stem for file in (folder / "evidence").rglob("*") if file.is_file()}
    assert not stems & {row.sha256 for row in rows}


def test_sealing_the_store_interrupted_before_the_shred_is_finished_by_the_next_run(
    tmp_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, rows = clear_data_folder(tmp_path)
    monkeypatch.setattr(evidence_files, "shred", lambda _p: (_ for _ in ()).throw(Crash("power cut")))
    with pytest.raises(Crash):
        evidence_files.encrypt_evidence_store(folder / "evidence", key)
    monkeypatch.undo()
    assert rows[0].stored_path is not None
    assert rows[0].stored_path.exists()  # its clear twin still there
    encrypt.encrypt_database(folder / "cases.sqlite3", key, backups_dir=folder / "backups")
    evidence_files.encrypt_evidence_store(folder / "evidence", key)
    assert not rows[0].stored_path.exists()
    database = open_database(folder / "cases.sqlite3", create=False, key=key)
    try:
        assert [reading.attachment_bytes(row, key) for row in listed(database, folder, rows)] == [
            letter(),
            png_bytes(),
        ]
    finally:
        database.close()
    assert clear_finds(folder / "evidence") == []


def test_a_crash_while_writing_the_sealed_copy_leaves_the_clear_file(
    tmp_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, rows = clear_data_folder(tmp_path)
    written = private_files.write_private

    def cut_after_writing(path: Path, data: bytes) -> int:
        os.close(written(path, data))
        raise Crash("cut")

    monkeypatch.setattr(evidence_files, "write_private", cut_after_writing)
    with pytest.raises(Crash):
        evidence_files.encrypt_evidence_store(folder / "evidence", key)
    monkeypatch.undo()
    assert reading.attachment_bytes(rows[0], None) == letter()  # still the clear file
    assert list((folder / "evidence").rglob(f".*{evidence_files.SEALING_SUFFIX}"))  # the partial copy
    assert evidence_files.encrypt_evidence_store(folder / "evidence", key) == 2
    assert not list((folder / "evidence").rglob(f".*{evidence_files.SEALING_SUFFIX}"))


def old_layout(row: AttachmentRow) -> Path:
    """Move a sealed file back to the name a store had before keyed names (its content's SHA-256)."""
    assert row.stored_path is not None
    old = row.stored_path.parent.parent / row.sha256[:2] / f"{row.sha256}{row.stored_path.suffix}"
    old.parent.mkdir(exist_ok=True)
    os.replace(row.stored_path, old)
    return old


def test_a_store_from_before_keyed_names_is_renamed_at_sign_in_and_another_keys_files_are_left(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    signed = sign_in.set_up(folder / "cases.sqlite3", "root", "Root", "a long password 1")
    database = signed.database
    try:
        (application_id, *_rest) = lodge_people(database)
        letter_row = attach(
            database, folder / "evidence", application_id, write(tmp_path / "l.pdf", letter())
        )
        scan = attach(database, folder / "evidence", application_id, write(tmp_path / "s.png", png_bytes()))
        old_letter = old_layout(letter_row)
        old_scan = old_layout(scan)
        # The scan's old name now holds a file sealed under another database's key (a demo database in
        # the same data folder): it does not open under this key, so it is not this database's to move.
        old_scan.write_bytes(evidence_files.seal(png_bytes(), scan.sha256, os.urandom(32)))
        clear_twin = old_letter.with_name(f"{'0' * 64}.pdf")  # not a file this database records
        clear_twin.write_bytes(b"%PDF-1.4 not recorded")
    finally:
        database.close()
    again = sign_in.sign_in(folder / "cases.sqlite3", "root", "a long password 1")
    try:
        assert not old_letter.exists()
        assert letter_row.stored_path is not None
        assert letter_row.stored_path.exists()
        assert reading.attachment_bytes(letter_row, again.database.data_key) == letter()
        assert old_scan.exists()  # left as it was
        assert clear_twin.exists()
        assert store_names.key_store_names(again.database, folder / "evidence") == 0  # done once
    finally:
        again.database.close()


def test_a_clear_file_left_in_an_encrypted_store_is_sealed_under_its_keyed_name_at_sign_in(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    signed = sign_in.set_up(folder / "cases.sqlite3", "root", "Root", "a long password 1")
    try:
        (application_id, *_rest) = lodge_people(signed.database)
        row = attach(
            signed.database, folder / "evidence", application_id, write(tmp_path / "l.pdf", letter())
        )
        old = old_layout(row)
        old.write_bytes(letter())  # as a crash of an older version's sealing left it: clear
        assert store_names.key_store_names(signed.database, folder / "evidence") == 1
        assert not old.exists()
        assert reading.attachment_bytes(row, signed.database.data_key) == letter()
    finally:
        signed.database.close()
    assert clear_finds(folder / "evidence") == []
