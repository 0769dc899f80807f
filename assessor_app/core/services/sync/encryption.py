"""Password encryption of batch workbooks (ECMA-376 agile encryption, via msoffcrypto-tool).

A workbook carrying full HKID numbers only ever leaves the laptop encrypted; the password is generated
here, shown once to the user, and never stored.
"""

from __future__ import annotations

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


def encrypt_workbook(plain: Path, out: Path, password: str) -> None:
    """Write ``plain`` (an .xlsx) to ``out`` encrypted with ``password``."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with Path(plain).open("rb") as source, Path(out).open("wb") as target:
        OOXMLFile(source).encrypt(password, target)


def decrypt_workbook(encrypted: Path, out: Path, password: str) -> None:
    """Write the plain .xlsx inside ``encrypted`` to ``out``; a bilingual AppError if it cannot be opened."""
    import msoffcrypto
    from msoffcrypto import exceptions

    encrypted = Path(encrypted)
    try:
        with encrypted.open("rb") as source:
            office = msoffcrypto.OfficeFile(source)
            if not office.is_encrypted():
                raise AppError(
                    f"{encrypted.name} is not an encrypted workbook.",
                    f"{encrypted.name} 並非加密工作簿。",
                    code="not_encrypted",
                )
            office.load_key(password=password)
            with Path(out).open("wb") as target:
                office.decrypt(target)
    except exceptions.InvalidKeyError:
        Path(out).unlink(missing_ok=True)
        raise AppError(
            f"The password for {encrypted.name} is wrong.",
            f"{encrypted.name} 的密碼不正確。",
            code="wrong_password",
        ) from None
    except (exceptions.FileFormatError, exceptions.DecryptionError, OSError) as exc:
        Path(out).unlink(missing_ok=True)
        raise AppError(
            f"{encrypted.name} cannot be decrypted ({exc}).",
            f"無法解密 {encrypted.name}（{exc}）。",
            code="decrypt_failed",
        ) from None
