"""Opening a workbook for merging: decrypted, a full-HKID export, unedited."""

from __future__ import annotations

from pathlib import Path

from assessor_app.core.errors import AppError
from assessor_app.core.services.sync import guard
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.merge_content import hash_rows
from assessor_app.core.services.sync.reader import ParsedBatch, parse_batch
from assessor_app.core.services.sync.workbook_personal_data import PersonalData


def password_needed(path: Path) -> AppError:
    return AppError(
        f"{path.name} is encrypted (it carries personal data): it needs the password it was exported with.",
        f"{path.name} 已加密（載有個人資料），須輸入匯出時提供的密碼。",
        code="password_needed",
    )


def needs_full_hkid(path: Path, personal_data: str) -> AppError:
    if personal_data == PersonalData.MINIMISED:
        # Decided: never a source of cases. Its applicants lack the HKID, date of birth, phone, e-mail
        # and address a case here must hold; merging it would create cases nobody can contact or check.
        return AppError(
            f"{path.name} is an unencrypted, minimised export (masked HKIDs; no date of birth, phone, "
            "e-mail or address), so its applicants cannot be merged. On the other laptop, a supervisor "
            'exports the batch again with "full HKID numbers (encrypted)"; merge that file with the '
            "password shown there.",
            f"{path.name} 是未加密的精簡匯出檔（身份證號碼已遮蓋，沒有出生日期、電話、電郵或地址），無法合併"
            "其申請人。請由主管在另一部電腦以「完整身份證號碼（加密）」再次匯出批次，然後以該處顯示的密碼"
            "合併該檔案。",
            code="merge_needs_full_hkid",
        )
    return AppError(
        f"{path.name} carries masked HKID numbers, so its applicants cannot be merged. On the other laptop, a "
        'supervisor exports the batch again with "full HKID numbers (encrypted)"; merge that file with the '
        "password shown there.",
        f"{path.name} 的身份證號碼已遮蓋，無法合併其申請人。請由主管在另一部電腦以「完整身份證號碼（加密）」"
        "再次匯出批次，然後以該處顯示的密碼合併該檔案。",
        code="merge_needs_full_hkid",
    )


def _verify_hash(path: Path, parsed: ParsedBatch) -> None:
    """Refuse a workbook whose data is not the data its manifest's SHA-256 was taken of (keeping what
    :func:`.merge_content.hash_rows` made on the way: the copies are made of it)."""
    digest = hash_rows(parsed)
    if digest != parsed.manifest.get("data_sha256"):
        raise AppError(
            f"{path.name} was changed after it was exported (its data does not match the SHA-256 in its manifest); "
            "only unedited exports of another station can be merged.",
            f"{path.name} 於匯出後曾被修改（資料與清單內的 SHA-256 不符）；只可合併其他工作站未經修改的匯出檔。",
            code="merge_tampered",
        )


def read_workbook(path: Path, password: str | None, *, data: bytes | None = None) -> ParsedBatch:
    """The workbook parsed and checked for merging: decrypted with ``password`` when it is encrypted, a
    full-HKID export, unedited. ``data``: the file's bytes, when the caller read them already (they are
    what is read, not the file)."""
    data = guard.read_checked(path) if data is None else data
    if guard.is_encrypted_data(data):
        if password is None:
            raise password_needed(path)
        parsed = parse_batch(path, password=password, data=data)
    else:
        parsed = parse_batch(path, data=data)
    if parsed.manifest.get("hkid_form") != "full" or any(
        "*" in str(row.values["hkid"]) for row in parsed.sheets[fmt.APPLICANTS.name]
    ):
        raise needs_full_hkid(path, parsed.personal_data)
    _verify_hash(path, parsed)
    return parsed
