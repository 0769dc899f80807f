"""Full-HKID exports: an encrypted workbook, the password given once, nothing left in clear."""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicantRecord
from assessor_app.core.domain import hkid
from assessor_app.core.errors import AppError
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.sync import encryption, reader
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.core.services.sync.guard import OLE_MAGIC, Limits
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.reader import parse_batch
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import SUPERVISOR, dump, fill_results


def _numbers(exported: Exported) -> list[str]:
    with exported.database.session() as session:
        return list(session.scalars(select(ApplicantRecord.hkid)).all())


def _full_export(exported: Exported, folder: Path) -> ExportResult:
    folder.mkdir(exist_ok=True)
    return export_batch(
        exported.database, folder / "full.xlsx", actor=SUPERVISOR, status="exported", full_hkid=True
    )


def _clear_text(data: bytes) -> list[bytes]:
    """The bytes themselves and, when they are a zip, every member's bytes."""
    found = [data]
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found.extend(archive.read(name) for name in archive.namelist())
    return found


def test_password_is_four_groups_of_five_unambiguous_characters() -> None:
    passwords = {encryption.generate_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{5}(-[ACDEFGHJKMNPQRTUVWXY34679]{5}){3}", password)


def test_full_hkid_export_is_encrypted_and_leaves_nothing_in_clear(
    exported: Exported, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    result = _full_export(exported, folder)
    assert result.hkid_form == "full"
    assert result.password
    assert result.password not in result.describe()
    assert result.path.read_bytes().startswith(OLE_MAGIC)
    assert sorted(p.name for p in folder.iterdir()) == ["full.xlsx"]
    with exported.database.session() as session:
        batch = session.scalars(
            select(ExportBatchRecord).where(ExportBatchRecord.uid == result.batch_uid)
        ).one()
        assert batch.file_sha256 == result.file_sha256

    assert hashlib.sha256(result.path.read_bytes()).hexdigest() == result.file_sha256
    numbers = _numbers(exported)
    assert numbers
    for path in folder.rglob("*"):
        for blob in _clear_text(path.read_bytes()):
            for number in numbers:
                for form in {number, hkid.compact(number)}:
                    assert form.encode("utf-8") not in blob
                    assert form.encode("utf-16-le") not in blob


def test_decrypt_with_the_password_gives_the_full_numbers(exported: Exported, tmp_path: Path) -> None:
    result = _full_export(exported, tmp_path / "out")
    assert result.password is not None
    plain = tmp_path / "plain.xlsx"
    encryption.decrypt_workbook(result.path, plain, result.password)
    workbook = load_workbook(plain, read_only=True)
    try:
        manifest = {row[0]: row[2] for row in workbook["manifest"].iter_rows(min_row=3, values_only=True)}
        sheet = workbook["applicants"]
        keys = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
        column = list(keys).index("hkid")
        shown = {row[column] for row in sheet.iter_rows(min_row=3, values_only=True)}
    finally:
        workbook.close()
    assert manifest["hkid_form"] == "full"
    assert len(shown) == result.row_counts["applicants"] > 0
    assert shown <= set(_numbers(exported))
    assert not any("*" in str(number) for number in shown)


def test_a_wrong_password_is_a_clear_error(exported: Exported, tmp_path: Path) -> None:
    result = _full_export(exported, tmp_path / "out")
    plain = tmp_path / "plain.xlsx"
    with pytest.raises(AppError) as wrong:
        encryption.decrypt_workbook(result.path, plain, "WRONG-WRONG-WRONG-WRONG")
    assert wrong.value.code == "wrong_password"
    assert "password" in str(wrong.value)
    assert not plain.exists()


def test_import_and_merge_refuse_the_encrypted_file_without_its_password(
    exported: Exported, tmp_path: Path
) -> None:
    result = _full_export(exported, tmp_path / "out")
    before = dump(exported.database)
    with pytest.raises(AppError) as previewed:
        preview_results(exported.database, result.path, actor=SUPERVISOR)
    with pytest.raises(AppError) as merged:
        merge_batch(exported.database, result.path, actor=SUPERVISOR)
    assert previewed.value.code == "workbook_refused"
    assert merged.value.code == "password_needed"
    for refusal in (previewed.value, merged.value):
        assert "encrypted" in str(refusal)
        assert "加密" in refusal.zh
    assert dump(exported.database) == before


def _returned_full(exported: Exported, tmp_path: Path) -> tuple[Path, str]:
    """A returned full-HKID workbook: results filled in, encrypted again with a new password."""
    result = _full_export(exported, tmp_path / "out")
    assert result.password is not None
    plain = tmp_path / "plain.xlsx"
    encryption.decrypt_workbook(result.path, plain, result.password)
    filled = fill_results(plain, tmp_path / "filled.xlsx")
    plain.unlink()
    password = encryption.generate_password()
    returned = tmp_path / "returned-full.xlsx"
    encryption.encrypt_workbook(filled, returned, password)
    filled.unlink()
    return returned, password


def test_results_import_opens_an_encrypted_workbook_with_its_password(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    returned, password = _returned_full(exported, tmp_path)
    temporary = tmp_path / "system-temp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    rows = exported.result.row_counts["results"]
    preview = preview_results(exported.database, returned, password=password, actor=SUPERVISOR)
    assert len(preview.changes) == 3 * rows
    assert preview.file_sha256 == hashlib.sha256(returned.read_bytes()).hexdigest()  # the file as received
    report = apply_results(exported.database, returned, actor=SUPERVISOR, password=password)
    assert report.changed
    assert not apply_results(exported.database, returned, actor=SUPERVISOR, password=password).changed
    assert verify_chain(exported.database).intact
    assert list(temporary.iterdir()) == []  # decrypted in memory: no clear copy was written there
    assert list((tmp_path / "tmp").iterdir()) == []  # nor in the data folder's temporary folder


def test_a_wrong_password_or_a_plain_file_with_a_password_is_refused_and_nothing_changes(
    exported: Exported, tmp_path: Path
) -> None:
    returned, _password = _returned_full(exported, tmp_path)
    plain = fill_results(exported.result.path, tmp_path / "plain-returned.xlsx")
    before = dump(exported.database)
    with pytest.raises(AppError) as wrong:
        apply_results(exported.database, returned, actor=SUPERVISOR, password="WRONG-WRONG-WRONG-WRONG")
    assert wrong.value.code == "wrong_password"
    with pytest.raises(AppError) as not_encrypted:
        preview_results(exported.database, plain, password="ANY-PASSWORD", actor=SUPERVISOR)
    assert not_encrypted.value.code == "not_encrypted"
    assert dump(exported.database) == before


def test_the_size_limit_applies_to_the_encrypted_file_before_it_is_decrypted(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    returned, password = _returned_full(exported, tmp_path)
    decrypted: list[str] = []
    real = encryption.decrypt_bytes

    def spy(encrypted: bytes, given: str, name: str) -> bytes:
        decrypted.append(name)
        return real(encrypted, given, name)

    monkeypatch.setattr(reader, "decrypt_bytes", spy)
    with pytest.raises(AppError) as too_big:
        parse_batch(returned, Limits(max_file_bytes=returned.stat().st_size - 1), password=password)
    assert too_big.value.code == "workbook_refused"
    assert "limit" in too_big.value.en
    assert decrypted == []  # refused before any decryption
    parsed = parse_batch(returned, password=password)
    assert decrypted == [returned.name]
    assert parsed.manifest["hkid_form"] == "full"


def test_a_failed_encryption_leaves_no_file(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessor_app.core.services.sync import export as export_module

    def broken(plain: bytes, password: str) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "encrypt_bytes", broken)
    folder = tmp_path / "out"
    before = dump(exported.database)
    with pytest.raises(OSError, match="disk full"):
        _full_export(exported, folder)
    assert list(folder.iterdir()) == []
    assert dump(exported.database) == before
