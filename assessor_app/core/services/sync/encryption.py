"""Password encryption of batch workbooks (ECMA-376 agile encryption, via msoffcrypto-tool).

A workbook carrying full HKID numbers only ever leaves the laptop encrypted, and is encrypted and
decrypted in memory, never written in clear; the password is generated here, shown once to the user,
and never stored.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from assessor_app.core.errors import AppError

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and to type from a slip of paper.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
GROUPS = 4
GROUP_LENGTH = 5


def generate_password() -> str:
    """A random password of four groups of five unambiguous characters, e.g. ``K7QXA-3MNPD-...``."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))


def encrypt_bytes(plain: bytes, password: str) -> bytes:
    """``plain`` (an .xlsx's bytes) encrypted with ``password``, in memory: the clear workbook is never
    written anywhere."""
    from msoffcrypto.format.ooxml import OOXMLFile

    target = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, target)
    return target.getvalue()


def decrypt_bytes(encrypted: bytes, password: str, name: str) -> bytes:
    """The plain .xlsx inside ``encrypted`` (the bytes of the file called ``name``), in memory; a bilingual
    AppError if it cannot be opened."""
    import msoffcrypto
    from msoffcrypto import exceptions

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(encrypted))
        if not office.is_encrypted():
            raise AppError(
                f"{name} is not an encrypted workbook.", f"{name} 並非加密工作簿。", code="not_encrypted"
            )
        office.load_key(password=password)
        target = io.BytesIO()
        office.decrypt(target)
    except exceptions.InvalidKeyError:
        raise AppError(
            f"The password for {name} is wrong.", f"{name} 的密碼不正確。", code="wrong_password"
        ) from None
    except (exceptions.FileFormatError, exceptions.DecryptionError, OSError, ValueError) as exc:
        raise AppError(
            f"{name} cannot be decrypted ({exc}).", f"無法解密 {name}（{exc}）。", code="decrypt_failed"
        ) from None
    return target.getvalue()


def encrypt_workbook(plain: Path, out: Path, password: str) -> None:
    """Write the file ``plain`` (an .xlsx) to ``out`` encrypted with ``password`` (for tests and tools:
    the app itself encrypts in memory, :func:`encrypt_bytes`)."""
    Path(out).write_bytes(encrypt_bytes(Path(plain).read_bytes(), password))


def decrypt_workbook(encrypted: Path, out: Path, password: str) -> None:
    """Write the plain .xlsx inside the file ``encrypted`` to ``out`` (for tests and tools: the app itself
    decrypts in memory, :func:`decrypt_bytes`)."""
    encrypted = Path(encrypted)
    Path(out).write_bytes(decrypt_bytes(encrypted.read_bytes(), password, encrypted.name))
