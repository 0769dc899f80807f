"""Checks made on a workbook file *before* any XML is parsed: size, container, zip bombs, member count.

Each refusal is one bilingual :class:`AppError` (code ``workbook_refused``) naming the file and why.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assessor_app.core.errors import AppError

MAX_FILE_BYTES = 64 * 2**20  # a 50,000-case export is about 15 MiB
MAX_MEMBERS = 100
MAX_TOTAL_UNCOMPRESSED = 512 * 2**20
MAX_MEMBER_UNCOMPRESSED = 384 * 2**20
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1 * 2**20
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = MAX_FILE_BYTES
    max_members: int = MAX_MEMBERS
    max_total_uncompressed: int = MAX_TOTAL_UNCOMPRESSED
    max_member_uncompressed: int = MAX_MEMBER_UNCOMPRESSED
    max_ratio: int = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR


DEFAULT_LIMITS = Limits()


def refused(path: Path, en: str, zh: str) -> AppError:
    return AppError(
        f"{path.name} cannot be read as a batch workbook: {en}",
        f"無法讀取批次工作簿 {path.name}：{zh}",
        code="workbook_refused",
    )


def check_size(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """The file's size in bytes, once it exists and is neither empty nor over ``limits.max_file_bytes``.

    Used on every workbook before it is opened, and on an encrypted one before it is decrypted."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise refused(path, "the file does not exist.", "檔案不存在。") from None
    except OSError as exc:
        raise refused(
            path, f"it cannot be opened ({exc.strerror}).", f"無法開啟檔案（{exc.strerror}）。"
        ) from None
    if size > limits.max_file_bytes:
        raise refused(
            path,
            f"it is {size / 2**20:.1f} MiB, over the {limits.max_file_bytes / 2**20:.0f} MiB limit.",
            f"檔案大小 {size / 2**20:.1f} MiB，超出 {limits.max_file_bytes / 2**20:.0f} MiB 上限。",
        )
    if size == 0:
        raise refused(path, "the file is empty.", "檔案是空的。")
    return size


def read_checked(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The whole file, once its size passed (at most ``limits.max_file_bytes``): for a reader that must
    see exactly the bytes that were checked, whatever happens to the file meanwhile."""
    path = Path(path)
    check_size(path, limits)
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise refused(
            path, f"it cannot be opened ({exc.strerror}).", f"無法開啟檔案（{exc.strerror}）。"
        ) from None
    if len(data) > limits.max_file_bytes:
        raise refused(path, "it grew while it was being read.", "檔案在讀取期間變大。")
    return data


def open_checked(
    path: Path, limits: Limits = DEFAULT_LIMITS, *, data: bytes | None = None
) -> zipfile.ZipFile:
    """The workbook as an open zip archive, once every check passed; the caller closes it. With ``data``
    (from :func:`read_checked`) the archive is those bytes rather than the file."""
    path = Path(path)
    if data is None:
        check_size(path, limits)
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            raise refused(
                path, f"it cannot be opened ({exc.strerror}).", f"無法開啟檔案（{exc.strerror}）。"
            ) from None
    else:
        head = data[:8]
        if not head:
            raise refused(path, "the file is empty.", "檔案是空的。")
    if head.startswith(OLE_MAGIC):
        raise refused(
            path,
            "it is password-protected (encrypted) or an old .xls file; save it unprotected as .xlsx first.",
            "檔案設有密碼（已加密）或屬舊式 .xls 格式；請先另存為未加密的 .xlsx。",
        )
    if not head.startswith(ZIP_MAGIC):
        raise refused(path, "it is not an .xlsx workbook.", "檔案並非 .xlsx 工作簿。")
    try:
        archive = zipfile.ZipFile(path if data is None else io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refused(path, "the .xlsx container is damaged.", "檔案的 .xlsx 結構已損壞。") from None
    try:
        _check_members(path, archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_members(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise refused(
            path,
            f"it holds {len(members)} parts, more than the {limits.max_members} a workbook needs.",
            f"檔案含 {len(members)} 個部分，超出上限 {limits.max_members}。",
        )
    names = {member.filename for member in members}
    if len(names) != len(members):
        raise refused(path, "it holds two parts with the same name.", "檔案含有同名的部分。")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise refused(path, "parts of it are encrypted.", "檔案部分內容已加密。")
        total += member.file_size
        if member.file_size > limits.max_member_uncompressed or total > limits.max_total_uncompressed:
            raise refused(
                path,
                "it expands to more data than a batch workbook can hold (possible zip bomb).",
                "檔案解壓後的資料量超出上限（可能是壓縮炸彈）。",
            )
        if member.file_size > limits.ratio_floor and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise refused(
                path,
                f"part {member.filename} is compressed more than {limits.max_ratio} times (possible zip bomb).",
                f"部分 {member.filename} 的壓縮比超過 {limits.max_ratio} 倍（可能是壓縮炸彈）。",
            )
    missing = [name for name in REQUIRED_MEMBERS if name not in names]
    if missing:
        raise refused(
            path,
            f"it is not an .xlsx workbook (no {', '.join(missing)}).",
            f"檔案並非 .xlsx 工作簿（缺少 {'、'.join(missing)}）。",
        )


def read_member(path: Path, archive: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A member's bytes, reading at most the checked limit whatever the header claims."""
    try:
        with archive.open(name) as handle:
            data = handle.read(limits.max_member_uncompressed + 1)
    except KeyError:
        raise refused(path, f"part {name} is missing.", f"缺少部分 {name}。") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise refused(path, f"part {name} is damaged.", f"部分 {name} 已損壞。") from None
    if len(data) > limits.max_member_uncompressed:
        raise refused(path, f"part {name} is too large.", f"部分 {name} 過大。")
    return data


def is_encrypted(path: Path) -> bool:
    """True when ``path`` is an OLE container: a password-encrypted workbook (or an old .xls)."""
    try:
        with Path(path).open("rb") as handle:
            return is_encrypted_data(handle.read(8))
    except OSError:
        return False


def is_encrypted_data(data: bytes) -> bool:
    """:func:`is_encrypted` of a file's bytes already read."""
    return data.startswith(OLE_MAGIC)
