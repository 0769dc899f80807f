"""Evidence files (ID-card scans, letters) sealed with AES-256-GCM under a key derived from the data key.

A sealed file is ``MAGIC`` + a fresh 12-byte nonce + the ciphertext and its 16-byte tag. The
additional data binds it to its content hash (the store names a file by the SHA-256 of its clear
content, and one stored file may serve several attachments, so the hash, not an attachment id, is what
identifies it): a file moved under another name, altered or truncated fails its tag and is refused. No
scan starts with ``MAGIC`` (JPEG, PNG, PDF and TIFF have their own), so sealed and legacy clear files
are told apart by their first bytes; a clear file is still read, and checked against its hash.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from assessor_app.core.errors import AppError
from assessor_app.core.private_files import write_private
from assessor_app.core.secure_delete import aside_name, replace_and_shred, settle_aside
from assessor_app.core.security.keys import derive_key

log = logging.getLogger(__name__)

MAGIC = b"RPLEVID\x01"
NONCE_BYTES = 12
PURPOSE = "evidence-files"
SEALING_SUFFIX = ".sealing"


def is_sealed(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a sealed evidence file (not a legacy clear one)."""
    return head.startswith(MAGIC)


def _aad(sha256: str) -> bytes:
    return MAGIC + sha256.lower().encode("ascii")


def seal(plain: bytes, sha256: str, data_key: bytes) -> bytes:
    """The sealed form of a file whose clear content ``plain`` has the SHA-256 ``sha256``."""
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(derive_key(data_key, PURPOSE)).encrypt(nonce, plain, _aad(sha256))


def _tampered(path: Path) -> AppError:
    return AppError(
        f"The evidence file {path.name} has been altered or damaged and is not shown. "
        "Attach the document again from its original.",
        f"證明文件 {path.name} 已被改動或損壞，不予顯示。請從正本重新附加該文件。",
        code="evidence_tampered",
    )


def unseal(data: bytes, sha256: str, data_key: bytes | None, path: Path) -> bytes:
    """The clear content of a stored file's bytes ``data`` (sealed or legacy clear), checked against its
    hash; refused with ``evidence_tampered`` when it does not match, ``evidence_locked`` without a key."""
    if is_sealed(data):
        if data_key is None:
            raise AppError(
                f"The evidence file {path.name} is encrypted: sign in to the encrypted case database to see it.",
                f"證明文件 {path.name} 已加密：請登入已加密的個案資料庫後查看。",
                code="evidence_locked",
            )
        nonce, sealed = data[len(MAGIC) : len(MAGIC) + NONCE_BYTES], data[len(MAGIC) + NONCE_BYTES :]
        try:
            plain = AESGCM(derive_key(data_key, PURPOSE)).decrypt(nonce, sealed, _aad(sha256))
        except (InvalidTag, ValueError) as exc:
            raise _tampered(path) from exc
    else:
        plain = data
    if hashlib.sha256(plain).hexdigest() != sha256.lower():
        raise _tampered(path)
    return plain


def read_evidence(path: Path, sha256: str, data_key: bytes | None) -> bytes:
    """The clear content of the stored file at ``path``, decrypted in memory (see :func:`unseal`)."""
    return unseal(Path(path).read_bytes(), sha256, data_key, Path(path))


def _store_files(evidence_dir: Path) -> list[Path]:
    """The store's files (``evidence/ab/<sha256>.<ext>``), not temporary copies or second names."""
    if not evidence_dir.is_dir():
        return []
    return sorted(
        entry
        for entry in evidence_dir.glob("??/*")
        if entry.is_file() and not entry.name.startswith(".") and len(entry.stem) == 64
    )


def settle_store(evidence_dir: Path) -> None:
    """Finish what an interrupted :func:`encrypt_evidence_store` left: sealed copies not yet swapped in
    are removed (they hold nothing in clear), clear files under their second name are shredded."""
    if not evidence_dir.is_dir():
        return
    for leftover in evidence_dir.glob(f"??/.*{SEALING_SUFFIX}"):
        leftover.unlink(missing_ok=True)
    for aside in evidence_dir.glob("??/.*.to-shred"):
        target = aside.with_name(aside.name[1 : -len(".to-shred")])
        if aside_name(target) == aside:
            settle_aside(target)


def encrypt_evidence_store(evidence_dir: Path, data_key: bytes) -> int:
    """Seal every legacy clear file of the evidence store in place; how many were sealed.

    Crash-safe per file: the sealed copy is written beside it (owner-only, fsynced), renamed over the
    clear file, and the clear file shredded (:func:`.secure_delete.replace_and_shred`); at worst a file
    is left clear, or sealed with its clear twin under a second name that the next run shreds. A clear
    file that no longer matches its hash is left as it is and logged: it is damaged, and sealing would
    vouch for content nobody attached.
    """
    evidence_dir = Path(evidence_dir)
    settle_store(evidence_dir)
    sealed = 0
    for path in _store_files(evidence_dir):
        with path.open("rb") as stream:
            if is_sealed(stream.read(len(MAGIC))):
                continue
        plain = path.read_bytes()
        sha256 = path.stem.lower()
        if hashlib.sha256(plain).hexdigest() != sha256:
            log.warning("left %s clear: its content does not match its name (damaged)", path)
            continue
        partial = path.with_name(f".{path.name}{SEALING_SUFFIX}")
        partial.unlink(missing_ok=True)
        os.close(write_private(partial, seal(plain, sha256, data_key)))
        replace_and_shred(partial, path)
        sealed += 1
    return sealed
