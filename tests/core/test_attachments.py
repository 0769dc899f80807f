"""Attachments with real files: checks before copying, the content-addressed store, sharing, HKID erasure."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest
from sqlalchemy import func, select, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, EvidenceFileRecord
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.security import evidence_files
from assessor_app.core.services import audit
from assessor_app.core.services.cases.summary import case_summary
from assessor_app.core.services.evidence import attachments, case_checklist, store_layout
from tests.core.test_evidence import (
    JPEG_BYTES,
    lock,
    lodge,
    pdf_bytes,
    png_bytes,
    qualification_id,
    setup_intake,
    tiff_bytes,
    write,
)

pytestmark = pytest.mark.also_encrypted  # clear and encrypted database (tests/core/conftest.py)


@pytest.fixture
def store(database: Database, tmp_path: Path) -> tuple[Database, Path, int]:
    """A lodged case and its (not yet existing) evidence folder."""
    event_id = setup_intake(database)
    application_id = lodge(database, event_id, [qualification_id(database, industry="Logistics", level=2)])
    return database, tmp_path / "data" / "evidence", application_id


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def file_rows(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(EvidenceFileRecord)) or 0


def file_history(database: Database, application_id: int) -> list[audit.AuditEntry]:
    """The case's audit entries about its files (lodging writes its own entries too)."""
    with database.session() as session:
        application = session.get(ApplicationRecord, application_id)
        assert application is not None
        uid = application.uid
    return [entry for entry in audit.history(database, uid) if entry.entity == "evidence_file"]


def audit_count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEventRecord)) or 0


# --- Supported files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "media_type", "suffix"),
    [
        ("photo.jpeg", JPEG_BYTES, "image/jpeg", ".jpg"),
        ("scan.PNG", png_bytes(), "image/png", ".png"),
        ("letter.pdf", pdf_bytes(), "application/pdf", ".pdf"),
        ("fax.tiff", tiff_bytes(), "image/tiff", ".tif"),
        ("no-extension", png_bytes(shade=9), "image/png", ".png"),
        ("misnamed.pdf", JPEG_BYTES, "image/jpeg", ".jpg"),
    ],
    ids=["jpeg", "png", "pdf", "tiff", "no-extension", "jpeg-named-pdf"],
)
def test_supported_file_is_stored_by_hash_privately(
    store: tuple[Database, Path, int], tmp_path: Path, name: str, content: bytes, media_type: str, suffix: str
) -> None:
    database, evidence_dir, application_id = store
    source = write(tmp_path / name, content)
    row = attachments.attach_file(database, evidence_dir, application_id, source, operator="amy")
    digest = hashlib.sha256(content).hexdigest()
    assert (row.sha256, row.media_type, row.size_bytes, row.original_name) == (
        digest,
        media_type,
        len(content),
        name,
    )
    # Named by the content's SHA-256 beside a clear database, by a keyed hash of it under an encrypted one.
    name = digest if database.data_key is None else evidence_files.stored_name(digest, database.data_key)
    assert (database.data_key is None) == (name == digest)
    expected = evidence_dir / name[:2] / f"{name}{suffix}"
    assert row.stored_path == expected
    assert expected == store_layout.stored_path(evidence_dir, digest, media_type, database.data_key)
    # Clear on a clear database; sealed (and read back through the key) on an encrypted one.
    assert evidence_files.is_sealed(expected.read_bytes()) == (database.data_key is not None)
    assert evidence_files.read_evidence(expected, digest, database.data_key) == content
    assert files_in(evidence_dir) == [expected]
    if os.name == "posix":
        assert stat.S_IMODE(expected.stat().st_mode) == 0o600
        assert stat.S_IMODE(expected.parent.stat().st_mode) == 0o700
    assert (row.added_by, row.is_hkid_copy, row.erased_at, row.shared_with) == ("amy", False, None, ())
    assert row.added_at.tzinfo is not None
    assert source.read_bytes() == content  # the original is left alone
    entries = file_history(database, application_id)
    assert [(e.entity, e.action) for e in entries] == [("evidence_file", "attach")]
    assert digest in (entries[0].new_value or "")


def test_attaching_to_an_item_shows_on_the_checklist(
    store: tuple[Database, Path, int], tmp_path: Path
) -> None:
    database, evidence_dir, application_id = store
    letter = case_checklist.checklist(database, evidence_dir, application_id)[1]
    row = attachments.attach_file(
        database,
        evidence_dir,
        application_id,
        write(tmp_path / "l.pdf", pdf_bytes()),
        operator="amy",
        item_id=letter.id,
    )
    refreshed = next(
        i for i in case_checklist.checklist(database, evidence_dir, application_id) if i.id == letter.id
    )
    assert refreshed.attachments == (row,)
    assert attachments.list_attachments(database, evidence_dir, application_id) == [row]
    with pytest.raises(ValidationError) as raised:
        attachments.attach_file(
            database,
            evidence_dir,
            application_id,
            write(tmp_path / "x.png", png_bytes()),
            operator="amy",
            item_id=99999,
        )
    assert raised.value.code == "evidence_item_not_in_case"


def test_same_file_twice_on_one_case_is_one_row(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    database, evidence_dir, application_id = store
    first = attachments.attach_file(
        database, evidence_dir, application_id, write(tmp_path / "a.png", png_bytes()), operator="amy"
    )
    letter = case_checklist.checklist(database, evidence_dir, application_id)[0]
    again = attachments.attach_file(
        database,
        evidence_dir,
        application_id,
        write(tmp_path / "copy of a.png", png_bytes()),
        operator="ben",
        item_id=letter.id,
    )
    assert again.id == first.id
    assert again.original_name == "a.png"
    assert again.evidence_item_id == letter.id  # an unfiled attachment gets filed under the item
    assert file_rows(database) == 1
    assert len(files_in(evidence_dir)) == 1  # no temporary copy left either
    assert [e.action for e in file_history(database, application_id)] == ["attach", "link"]


def test_same_file_on_two_applicants_is_flagged_both_ways(database: Database, tmp_path: Path) -> None:
    event_id = setup_intake(database)
    logistics = qualification_id(database, industry="Logistics", level=2)
    first_case = lodge(database, event_id, [logistics], hkid="A123456(3)")
    second_case = lodge(database, event_id, [logistics], hkid="CA182361(1)")
    same_person_again = lodge(database, event_id, [logistics], hkid="A123456(3)")
    evidence_dir = tmp_path / "evidence"
    letter = write(tmp_path / "letter.pdf", pdf_bytes("Same letter for two people"))
    mine = attachments.attach_file(database, evidence_dir, first_case, letter, operator="amy")
    assert mine.shared_with == ()
    own_second = attachments.attach_file(database, evidence_dir, same_person_again, letter, operator="amy")
    assert own_second.shared_with == ()  # one applicant's two cases do not flag each other
    theirs = attachments.attach_file(database, evidence_dir, second_case, letter, operator="amy")
    references: dict[int, str] = {}
    for application_id in (first_case, second_case, same_person_again):
        reference = case_summary(database, evidence_dir, application_id).reference_no
        assert reference is not None
        references[application_id] = reference
    assert theirs.shared_with == tuple(sorted([references[first_case], references[same_person_again]]))
    assert attachments.list_attachments(database, evidence_dir, first_case)[0].shared_with == (
        references[second_case],
    )
    assert len(files_in(evidence_dir)) == 1  # stored once


# --- Refusals: nothing copied, nothing recorded --------------------------------------------------


def refused(database: Database, evidence_dir: Path, application_id: int, source: Path) -> AppError:
    with pytest.raises(AppError) as raised:
        attachments.attach_file(database, evidence_dir, application_id, source, operator="amy")
    assert files_in(evidence_dir) == []
    assert file_rows(database) == 0
    assert raised.value.en
    assert raised.value.zh
    return raised.value


def test_missing_file_is_refused(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    error = refused(*store, tmp_path / "gone.pdf")
    assert error.code == "attachment_missing"
    assert "gone.pdf" in error.en


def test_folder_is_refused(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    (tmp_path / "folder.pdf").mkdir()
    assert refused(*store, tmp_path / "folder.pdf").code == "attachment_unreadable"


def test_unreadable_file_is_refused(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    source = write(tmp_path / "locked.png", png_bytes())
    source.chmod(0)
    try:
        if os.access(source, os.R_OK):
            pytest.skip("this user (root) can read a file with no permissions")
        error = refused(*store, source)
    finally:
        source.chmod(0o600)
    assert error.code == "attachment_unreadable"
    assert "locked.png" in error.en


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux /proc")
def test_file_failing_to_read_is_refused_even_for_root(store: tuple[Database, Path, int]) -> None:
    error = refused(*store, Path("/proc/self/mem"))  # reading it at offset 0 fails with EIO
    assert error.code == "attachment_unreadable"
    assert "mem" in error.en


def test_empty_file_is_refused(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    error = refused(*store, write(tmp_path / "empty.jpg", b""))
    assert error.code == "attachment_empty"
    assert "空" in error.zh


def test_oversized_file_is_refused_naming_size_and_limit(
    store: tuple[Database, Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1000)
    content = pdf_bytes()
    assert len(content) > 1000
    error = refused(*store, write(tmp_path / "big.pdf", content))
    assert error.code == "attachment_too_large"
    assert f"{len(content):,} bytes" in error.en
    assert "1,000 bytes" in error.en
    assert "1,000 位元組" in error.zh


def test_file_just_over_the_real_limit_is_refused(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    source = tmp_path / "huge.pdf"
    with source.open("wb") as stream:  # sparse: no 20 MB written
        stream.write(b"%PDF-1.4\n")
        stream.truncate(attachments.MAX_ATTACHMENT_BYTES + 1)
    error = refused(*store, source)
    assert error.code == "attachment_too_large"
    assert "20.0 MB" in error.en


def docx_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "made.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path.read_bytes()


def plain_zip_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "made.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("scan.pdf", "not really")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("kind", "named"),
    [
        ("docx", "Word document"),
        ("zip", "zip archive"),
        ("text", "plain text"),
        ("gif", "GIF image"),
        ("binary", "not recognised"),
    ],
)
def test_unsupported_content_is_refused_whatever_the_name(
    store: tuple[Database, Path, int], tmp_path: Path, kind: str, named: str
) -> None:
    makers: dict[str, Callable[[], bytes]] = {
        "docx": lambda: docx_bytes(tmp_path),
        "zip": lambda: plain_zip_bytes(tmp_path),
        "text": lambda: "僱主證明信 Employment letter\n".encode(),
        "gif": lambda: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "binary": lambda: bytes(range(256)) * 4,
    }
    content = makers[kind]()
    database, evidence_dir, application_id = store
    error = refused(database, evidence_dir, application_id, write(tmp_path / f"{kind}-letter.pdf", content))
    assert error.code == "attachment_unsupported"
    assert named in error.en
    assert "JPEG, PNG, TIFF or PDF" in error.en


def test_disk_full_mid_copy_leaves_nothing_behind(
    store: tuple[Database, Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, evidence_dir, application_id = store
    monkeypatch.setattr(attachments, "CHUNK_BYTES", 64)
    written: list[int] = []
    real_write = attachments._write_chunk

    def fill_up(stream: BinaryIO, chunk: bytes) -> None:
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(stream, chunk)
        written.append(len(chunk))

    monkeypatch.setattr(attachments, "_write_chunk", fill_up)
    evidence_dir.mkdir(parents=True)
    entries_before = audit_count(database)
    error = refused(database, evidence_dir, application_id, write(tmp_path / "letter.pdf", pdf_bytes()))
    assert written == [64]  # it failed mid-way, after the first chunk
    assert error.code == "attachment_unwritable"
    assert "disk is full" in error.en
    assert "磁碟已滿" in error.zh
    assert list(evidence_dir.iterdir()) == []
    assert audit_count(database) == entries_before


def test_locked_case_refuses_attachments(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    database, evidence_dir, application_id = store
    lock(database, application_id)
    assert (
        refused(database, evidence_dir, application_id, write(tmp_path / "a.png", png_bytes())).code
        == "case_locked"
    )


# --- HKID copies ----------------------------------------------------------------------------------


def hkid_copy_item(database: Database, evidence_dir: Path, application_id: int) -> int:
    return next(
        i.id
        for i in case_checklist.checklist(database, evidence_dir, application_id)
        if i.evidence_type == "hkid_copy"
    )


def test_hkid_copy_erasure_waits_for_verification_then_removes_the_file(
    store: tuple[Database, Path, int], tmp_path: Path
) -> None:
    database, evidence_dir, application_id = store
    item = hkid_copy_item(database, evidence_dir, application_id)
    copy = attachments.attach_file(
        database,
        evidence_dir,
        application_id,
        write(tmp_path / "hkid.jpg", JPEG_BYTES),
        operator="amy",
        item_id=item,
    )
    assert copy.is_hkid_copy  # filed under the HKID-copy item, so marked as one
    assert copy.stored_path is not None
    with database.session() as session:
        session.execute(update(ApplicantRecord).values(hkid_verified_at=None, hkid_verified_by=None))
    with pytest.raises(AppError) as not_yet:
        attachments.erase_hkid_copy(database, evidence_dir, copy.id, operator="amy", reason="Verified")
    assert not_yet.value.code == "hkid_not_verified"
    assert copy.stored_path.exists()
    with pytest.raises(ValidationError) as no_reason:
        attachments.erase_hkid_copy(database, evidence_dir, copy.id, operator="amy", reason=" ")
    assert no_reason.value.code == "reason_required"

    with database.session() as session:
        session.execute(
            update(ApplicantRecord).values(hkid_verified_by="amy", hkid_verified_at=copy.added_at)
        )
    lock(database, application_id)  # erasing a copy no longer needed is allowed even after export
    attachments.erase_hkid_copy(
        database, evidence_dir, copy.id, operator="amy", reason="Checked against the original card"
    )
    assert not copy.stored_path.exists()
    assert files_in(evidence_dir) == []
    erased = attachments.list_attachments(database, evidence_dir, application_id)[0]
    assert erased.erased_at is not None
    assert erased.stored_path is None
    last = file_history(database, application_id)[-1]
    assert (last.action, last.actor, last.reason, last.new_value) == (
        "erase_hkid_copy",
        "amy",
        "Checked against the original card",
        None,
    )
    assert copy.sha256 in (last.old_value or "")
    assert audit.verify_chain(database).intact
    with pytest.raises(AppError) as twice:
        attachments.erase_hkid_copy(database, evidence_dir, copy.id, operator="amy", reason="again")
    assert twice.value.code == "attachment_already_erased"


def test_only_hkid_copies_are_erased(store: tuple[Database, Path, int], tmp_path: Path) -> None:
    database, evidence_dir, application_id = store
    letter = attachments.attach_file(
        database, evidence_dir, application_id, write(tmp_path / "l.pdf", pdf_bytes()), operator="amy"
    )
    with pytest.raises(AppError) as raised:
        attachments.erase_hkid_copy(database, evidence_dir, letter.id, operator="amy", reason="tidy up")
    assert raised.value.code == "not_hkid_copy"
    assert letter.stored_path is not None
    assert letter.stored_path.exists()
    with pytest.raises(AppError) as unknown:
        attachments.erase_hkid_copy(database, evidence_dir, 4242, operator="amy", reason="x")
    assert unknown.value.code == "attachment_not_found"


def test_erasure_keeps_a_file_another_row_still_uses(database: Database, tmp_path: Path) -> None:
    event_id = setup_intake(database)
    logistics = qualification_id(database, industry="Logistics", level=2)
    first_case = lodge(database, event_id, [logistics])
    second_case = lodge(database, event_id, [logistics])
    evidence_dir = tmp_path / "evidence"
    scan = write(tmp_path / "hkid.png", png_bytes(shade=77))
    first = attachments.attach_file(
        database, evidence_dir, first_case, scan, operator="amy", is_hkid_copy=True
    )
    second = attachments.attach_file(
        database, evidence_dir, second_case, scan, operator="amy", is_hkid_copy=True
    )
    assert first.stored_path == second.stored_path
    assert first.stored_path is not None
    attachments.erase_hkid_copy(database, evidence_dir, first.id, operator="amy", reason="Verified")
    assert first.stored_path.exists()  # the second case still holds it
    attachments.erase_hkid_copy(database, evidence_dir, second.id, operator="amy", reason="Verified")
    assert not first.stored_path.exists()
    # Attaching it again after erasure is a new attachment, stored again.
    again = attachments.attach_file(
        database, evidence_dir, first_case, scan, operator="amy", is_hkid_copy=True
    )
    assert again.id not in (first.id, second.id)
    assert again.stored_path is not None
    assert again.stored_path.exists()


def test_leftover_temporary_copies_are_removed(tmp_path: Path) -> None:
    evidence_dir = tmp_path / "evidence"
    evidence_dir.mkdir()
    (evidence_dir / f"{attachments.TEMP_PREFIX}abc.tmp").write_bytes(b"half a scan")
    kept = evidence_dir / "ab"
    kept.mkdir()
    (kept / "abcdef.png").write_bytes(b"stored")
    assert attachments.remove_leftover_copies(evidence_dir) == 1
    assert [path.name for path in evidence_dir.rglob("*") if path.is_file()] == ["abcdef.png"]
    assert attachments.remove_leftover_copies(tmp_path / "missing") == 0
