"""What each export carries (docs/privacy.md): every workbook encrypted by default, an unencrypted one
(supervisors and administrators) minimised, the manifest's personal_data, and 3.1 workbooks still read."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import msoffcrypto
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.cells import excel_serial
from assessor_app.core.services.sync.encryption import encrypt_workbook
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.core.services.sync.guard import OLE_MAGIC
from assessor_app.core.services.sync.import_results import apply_results, preview_results
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.reader import parse_batch
from assessor_app.core.services.sync.workbook_layout import layout
from assessor_app.core.services.sync.workbook_personal_data import APPLICANTS_MINIMISED, MINIMISED_COLUMNS
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import (
    ASSESSOR,
    CLERK,
    SUPERVISOR,
    as_format_3,
    decrypted,
    dump,
    empty_station,
    fill_results,
    resign,
    sheet_member,
)

ADMINISTRATOR = "itadmin"
PERSONAL = ("date_of_birth", "phone", "email", "address")


def _again(
    exported: Exported, name: str, *, full_hkid: bool = False, unencrypted: bool = False
) -> ExportResult:
    """The fixture's cases exported once more (they are exported now)."""
    return export_batch(
        exported.database,
        exported.folder / name,
        actor=SUPERVISOR,
        status="exported",
        full_hkid=full_hkid,
        unencrypted=unencrypted,
    )


def _opened(path: Path, password: str) -> bytes:
    """The clear workbook inside an encrypted one, as msoffcrypto (an independent reader) opens it."""
    office = msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes()))
    office.load_key(password=password)
    plain = io.BytesIO()
    office.decrypt(plain)
    return plain.getvalue()


def _header_and_manifest(data: bytes) -> tuple[tuple[object, ...], dict[object, object]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    try:
        keys = next(workbook["applicants"].iter_rows(min_row=2, max_row=2, values_only=True))
        manifest = {row[0]: row[2] for row in workbook["manifest"].iter_rows(min_row=3, values_only=True)}
    finally:
        workbook.close()
    return keys, manifest


def test_the_default_export_is_encrypted_and_opens_with_its_password(exported: Exported) -> None:
    result = _again(exported, "default.xlsx")
    assert result.password is not None
    assert result.personal_data == "masked"
    data = result.path.read_bytes()
    assert data.startswith(OLE_MAGIC)
    assert not zipfile.is_zipfile(result.path)
    assert hashlib.sha256(data).hexdigest() == result.file_sha256  # the ledger hashes the encrypted file
    with exported.database.session() as session:
        recorded = session.scalar(
            select(ExportBatchRecord.file_sha256).where(ExportBatchRecord.uid == result.batch_uid)
        )
    assert recorded == result.file_sha256
    assert "encrypted: carries names, phones" in result.describe()
    assert result.password not in result.describe()
    keys, manifest = _header_and_manifest(_opened(result.path, result.password))
    assert keys == layout(fmt.APPLICANTS).keys  # every particular: it is encrypted
    assert (manifest["format_version"], manifest["hkid_form"], manifest["personal_data"]) == (
        fmt.FORMAT_VERSION,
        "masked",
        "masked",
    )
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        _opened(result.path, "WRONG-WRONG-WRONG-WRONG")


def _particulars(exported: Exported) -> list[tuple[object, ...]]:
    with exported.database.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    ApplicationRecord.phone,
                    ApplicationRecord.email,
                    ApplicationRecord.address,
                    ApplicationRecord.date_of_birth,
                ).where(ApplicationRecord.locked_by_batch_id.is_not(None))
            )
        ]


@pytest.mark.parametrize("actor", [SUPERVISOR, ADMINISTRATOR])
def test_an_unencrypted_export_is_minimised_and_carries_no_phone_email_address_or_birth_date(
    exported: Exported, actor: str
) -> None:
    if actor == ADMINISTRATOR:
        from tests.core.user_helpers import add_user

        add_user(exported.database, ADMINISTRATOR, "Pat ADMIN", "administrator")
    result = export_batch(
        exported.database, exported.folder / "clear.xlsx", actor=actor, status="exported", unencrypted=True
    )
    assert result.password is None
    assert result.personal_data == "minimised"
    assert "not encrypted: masked HKIDs and minimised columns only" in result.describe()
    assert zipfile.is_zipfile(result.path)
    keys, manifest = _header_and_manifest(result.path.read_bytes())
    assert set(keys) == set(MINIMISED_COLUMNS)
    assert not set(PERSONAL) & set(keys)
    assert (manifest["hkid_form"], manifest["personal_data"]) == ("masked", "minimised")

    particulars = _particulars(exported)
    for index in range(4):  # the demo day gives some applicants each particular (not all of them)
        assert any(row[index] for row in particulars)
    with zipfile.ZipFile(result.path) as archive:
        members = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    everything = "\n".join(members.values())
    applicants = members[sheet_member(result.path, "applicants")]
    for phone, email, address, born in particulars:
        for text in (phone, str(phone).replace(" ", ""), email, *str(address).splitlines()):
            if str(text).strip():
                assert str(text).strip() not in everything
        if isinstance(born, date):
            assert born.isoformat() not in everything
            assert f"<v>{excel_serial(born)}</v>" not in applicants  # not as a date cell either
    parsed = parse_batch(result.path)
    assert parsed.personal_data == "minimised"
    assert parsed.data_sheets[0] is APPLICANTS_MINIMISED
    assert all("***" in str(row.values["hkid"]) for row in parsed.sheets["applicants"])


@pytest.mark.parametrize("actor", [ASSESSOR, CLERK])
def test_only_a_supervisor_or_administrator_may_export_unencrypted(exported: Exported, actor: str) -> None:
    before = dump(exported.database)
    out = exported.folder / "clear.xlsx"
    with pytest.raises(AppError) as refused:
        export_batch(exported.database, out, actor=actor, status="exported", unencrypted=True)
    # A clerk may not export at all; an assessor may, but only encrypted.
    assert refused.value.code == ("unencrypted_role" if actor == ASSESSOR else "role_not_allowed")
    if actor == ASSESSOR:
        assert "supervisor or an administrator" in refused.value.en
        assert "主管或系統管理員" in refused.value.zh
    assert not out.exists()
    assert not [path for path in exported.folder.iterdir() if path.name.startswith(".~")]
    assert dump(exported.database) == before  # no batch, no ledger item, no audit entry


def test_full_hkid_numbers_are_never_exported_unencrypted(exported: Exported) -> None:
    before = dump(exported.database)
    out = exported.folder / "full-clear.xlsx"
    with pytest.raises(AppError) as refused:
        export_batch(
            exported.database, out, actor=SUPERVISOR, status="exported", full_hkid=True, unencrypted=True
        )
    assert refused.value.code == "unencrypted_full_hkid"
    assert "never exported unencrypted" in refused.value.en
    assert "完整身份證號碼" in refused.value.zh
    assert not out.exists()
    assert dump(exported.database) == before


def test_a_minimised_batchs_returned_results_import(exported: Exported) -> None:
    result = _again(exported, "clear.xlsx", unencrypted=True)
    returned = fill_results(result.path, exported.folder / "returned.xlsx")
    preview = preview_results(exported.database, returned, actor=SUPERVISOR)
    assert preview.batch.personal_data == "minimised"
    assert len(preview.changes) == 3 * result.row_counts["results"]
    assert apply_results(exported.database, returned, actor=SUPERVISOR).changed
    assert not apply_results(exported.database, returned, actor=SUPERVISOR).changed


def test_a_minimised_batch_is_not_merged_as_a_source_of_cases(exported: Exported, tmp_path: Path) -> None:
    result = _again(exported, "clear.xlsx", unencrypted=True)
    other = empty_station(tmp_path / "other.sqlite3", trusting=exported.database)
    before = dump(other)
    with pytest.raises(AppError) as refused:
        merge_batch(other, result.path, actor=SUPERVISOR)
    assert refused.value.code == "merge_needs_full_hkid"
    assert "unencrypted, minimised export" in refused.value.en
    assert "精簡" in refused.value.zh
    assert dump(other) == before


def _as_format_3_1(source: Path, target: Path, signer: Database) -> Path:
    """``source`` (a clear workbook this app wrote) as 3.1 wrote and signed it: 3.x's layout, no
    personal_data item, no audit head (3.3), signed over 3.1's items."""
    workbook = load_workbook(as_format_3(source, target))
    manifest = workbook["manifest"]
    rows = {manifest.cell(row, 1).value: row for row in range(3, manifest.max_row + 1)}
    manifest.cell(rows["format_version"], 3).value = "3.1"
    for item in sorted((rows["personal_data"], rows["audit_entries"], rows["audit_head"]), reverse=True):
        manifest.delete_rows(item)
    workbook.save(target)
    return resign(signer, target)


def test_a_3_1_workbook_is_still_imported_and_merged(exported: Exported, tmp_path: Path) -> None:
    full = _again(exported, "full.xlsx", full_hkid=True)  # before the results move the cases on
    returned = _as_format_3_1(
        fill_results(exported.result.path, tmp_path / "filled.xlsx"), tmp_path / "r.xlsx", exported.database
    )
    parsed = parse_batch(returned)
    assert (parsed.version, parsed.personal_data) == ("3.1", "masked")
    assert "personal_data" not in parsed.manifest
    assert apply_results(exported.database, returned, actor=SUPERVISOR).changed

    old = _as_format_3_1(
        decrypted(full, tmp_path / "full-plain.xlsx"), tmp_path / "full-3.1-plain.xlsx", exported.database
    )
    encrypt_workbook(old, tmp_path / "full-3.1.xlsx", "OLD-FILE-PASSWORD")
    old.unlink()
    assert parse_batch(tmp_path / "full-3.1.xlsx", password="OLD-FILE-PASSWORD").personal_data == "full"
    other = empty_station(tmp_path / "other.sqlite3", trusting=exported.database)
    report = merge_batch(other, tmp_path / "full-3.1.xlsx", actor=SUPERVISOR, password="OLD-FILE-PASSWORD")
    assert len(report.added) == full.case_count


@pytest.mark.parametrize(
    ("version", "personal_data", "problem"),
    [
        ("3.2", None, "does not say what personal data"),
        ("3.2", "everything", "is not one of full, masked, minimised"),
        ("3.2", "full", "does not agree with hkid_form"),
    ],
)
def test_a_manifest_that_misstates_its_personal_data_is_refused(
    exported: Exported, tmp_path: Path, version: str, personal_data: str | None, problem: str
) -> None:
    workbook = load_workbook(exported.result.path)
    manifest = workbook["manifest"]
    rows = {manifest.cell(row, 1).value: row for row in range(3, manifest.max_row + 1)}
    manifest.cell(rows["format_version"], 3).value = version
    if personal_data is None:
        manifest.delete_rows(rows["personal_data"])
    else:
        manifest.cell(rows["personal_data"], 3).value = personal_data
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    with pytest.raises(ValidationError) as refused:
        parse_batch(edited)
    assert any(problem in line for line in refused.value.details), refused.value.details


# A LibreOffice Basic macro opening a workbook with a password and saving it in clear: soffice has no
# command-line option for a password, and python3-uno is not always installed beside it.
_DECRYPT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub Decrypt(src As String, pw As String, dst As String)
  On Error GoTo Refused
  Dim args(1) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot; : args(0).Value = True
  args(1).Name = &quot;Password&quot; : args(1).Value = pw
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, args())
  If IsNull(doc) Then GoTo Refused
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot; : out(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  doc.storeToURL(ConvertToURL(dst), out())
  doc.close(True)
Refused:
  StarDesktop.terminate()
End Sub
</script:module>
"""


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice_opens(profile: Path, source: Path, password: str, target: Path) -> None:
    soffice = str(_soffice())
    environment = {**os.environ, "HOME": str(profile.parent)}
    options = [f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if not (profile / "user" / "basic" / "Standard").is_dir():
        subprocess.run(
            [soffice, *options, "--terminate_after_init"], timeout=180, check=False, env=environment
        )
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(_DECRYPT_MACRO, encoding="utf-8")
    call = f'macro:///Standard.Module1.Decrypt("{source}","{password}","{target}")'
    subprocess.run([soffice, *options, call], capture_output=True, timeout=180, check=False, env=environment)


@pytest.mark.slow
@pytest.mark.skipif(
    _soffice() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
@pytest.mark.parametrize("full_hkid", [False, True])
def test_libreoffice_opens_an_encrypted_export_with_its_password_and_only_with_it(
    exported: Exported, tmp_path: Path, full_hkid: bool
) -> None:
    result = _again(exported, "encrypted.xlsx", full_hkid=full_hkid)
    assert result.password is not None
    profile = tmp_path / "lo-profile"
    wrong = tmp_path / "wrong.xlsx"
    _libreoffice_opens(profile, result.path, "WRONG-WRONG-WRONG-WRONG", wrong)
    assert not wrong.exists()
    opened = tmp_path / "opened.xlsx"
    _libreoffice_opens(profile, result.path, result.password, opened)
    assert opened.exists(), "LibreOffice did not open the workbook with its password"
    keys, manifest = _header_and_manifest(opened.read_bytes())
    assert keys == layout(fmt.APPLICANTS).keys
    assert manifest["personal_data"] == ("full" if full_hkid else "masked")
    parsed = parse_batch(opened)  # what LibreOffice saved is still the batch, cell for cell
    assert len(parsed.sheets["applicants"]) == result.row_counts["applicants"]
