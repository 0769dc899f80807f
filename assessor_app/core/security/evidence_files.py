"""Evidence files (ID-card scans, letters) sealed with AES-256-GCM under a key derived from the data key.

A sealed file is ``MAGIC`` + a fresh 12-byte nonce + the ciphertext and its 16-byte tag. The
additional data binds it to its content hash (one stored file may serve several attachments, so the
hash, not an attachment id, is what identifies it): a file moved under another name, altered or
truncated fails its tag and is refused. No scan starts with ``MAGIC`` (JPEG, PNG, PDF and TIFF have
their own), so sealed and legacy clear files are told apart by their first bytes; a clear file is still
read, and checked against its hash.

A sealed file is named by a keyed hash of its content hash (:func:`stored_name`), not the SHA-256
itself: someone holding a given scan (a published form, a circulated ID card) cannot tell from the
folder whether this laptop holds it. A store from before (sealed or clear files under their SHA-256) is
renamed by :func:`key_names` at sign-in.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from assessor_app.core.errors import AppError
from assessor_app.core.private_files import fsync_folder, private_folder, write_private
from assessor_app.core.secure_delete import aside_name, settle_aside, shred
from assessor_app.core.security.keys import derive_key

log = logging.getLogger(__name__)

MAGIC = b"RPLEVID\x01"
NONCE_BYTES = 12
PURPOSE = "evidence-files"
NAMES_PURPOSE = "evidence-names"
SEALING_SUFFIX = ".sealing"


def is_sealed(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a sealed evidence file (not a legacy clear one)."""
    return head.startswith(MAGIC)


def stored_name(sha256: str, data_key: bytes | None) -> str:
    """The name (without extension) a file whose content has ``sha256`` is stored under: the SHA-256
    itself beside a clear database, an HMAC-SHA256 of it under a key derived from ``data_key``
    otherwise (the same 64 hex digits long, so the layout does not change)."""
    if data_key is None:
        return sha256.lower()
    key = derive_key(data_key, NAMES_PURPOSE)
    return hmac.new(key, sha256.lower().encode("ascii"), hashlib.sha256).hexdigest()


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


def _drop_if_empty(folder: Path) -> None:
    """Remove a sub-folder its last file left: its name is two digits of a clear SHA-256."""
    with contextlib.suppress(OSError):
        folder.rmdir()


def _keyed_path(path: Path, sha256: str, data_key: bytes) -> Path:
    """Where the store file ``path`` (named by ``sha256``) goes under its keyed name: the sub-folder of
    the new name's first two digits (made owner-only), as the store lays out every file."""
    name = stored_name(sha256, data_key)
    folder = path.parent.parent / name[:2]
    private_folder(folder)
    return folder / f"{name}{path.suffix}"


def _seal_under_keyed_name(path: Path, plain: bytes, sha256: str, data_key: bytes) -> None:
    """Write the sealed form of the clear file ``path`` under its keyed name, then shred ``path``.

    Crash-safe: the sealed copy is written beside it (owner-only, fsynced) and renamed into place
    before the clear file is shredded; at worst both are left, and the next run seals again and
    shreds. A partial copy is removed by :func:`settle_store`.
    """
    target = _keyed_path(path, sha256, data_key)
    partial = target.with_name(f".{target.name}{SEALING_SUFFIX}")
    partial.unlink(missing_ok=True)
    os.close(write_private(partial, seal(plain, sha256, data_key)))
    os.replace(partial, target)
    fsync_folder(target.parent)
    shred(path)
    _drop_if_empty(path.parent)


def _clear_content(path: Path) -> bytes | None:
    """The content of the clear store file ``path`` when it matches its SHA-256 name; None when it is
    sealed, or damaged (logged: sealing it would vouch for content nobody attached)."""
    with path.open("rb") as stream:
        if is_sealed(stream.read(len(MAGIC))):
            return None
    plain = path.read_bytes()
    if hashlib.sha256(plain).hexdigest() != path.stem.lower():
        log.warning("left %s clear: its content does not match its name (damaged)", path)
        return None
    return plain


def encrypt_evidence_store(evidence_dir: Path, data_key: bytes) -> int:
    """Seal every legacy clear file of the evidence store under its keyed name; how many were sealed.

    Per file as :func:`_seal_under_keyed_name` says; a clear file that no longer matches its hash is
    left as it is (see :func:`_clear_content`).
    """
    evidence_dir = Path(evidence_dir)
    settle_store(evidence_dir)
    sealed = 0
    for path in _store_files(evidence_dir):
        plain = _clear_content(path)
        if plain is not None:
            _seal_under_keyed_name(path, plain, path.stem.lower(), data_key)
            sealed += 1
    return sealed


def _opens(path: Path, sha256: str, data_key: bytes) -> bool:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    try:
        return is_sealed(data) and bool(unseal(data, sha256, data_key, path))
    except AppError:
        return False


def key_names(evidence_dir: Path, data_key: bytes, recorded: Callable[[Iterable[str]], set[str]]) -> int:
    """Give the files of a store made before keyed names their keyed name; how many were renamed.

    Only a file named by the SHA-256 of an evidence file this database records (``recorded`` answers
    which of the names given it are) is touched: a sealed one that opens under ``data_key`` is renamed,
    a clear one sealed (another database's files, sealed under its own key, are left for it). A file
    whose keyed twin is already there (a crash between the two steps) is shredded once the twin opens.
    """
    evidence_dir = Path(evidence_dir)
    settle_store(evidence_dir)
    files = _store_files(evidence_dir)
    known = recorded({path.stem.lower() for path in files})
    renamed = 0
    for path in files:
        sha256 = path.stem.lower()
        if sha256 not in known:
            continue
        data = path.read_bytes()
        if not is_sealed(data):
            plain = _clear_content(path)
            if plain is not None:
                _seal_under_keyed_name(path, plain, sha256, data_key)
                renamed += 1
            continue
        try:
            unseal(data, sha256, data_key, path)
        except AppError:
            continue  # sealed under another key, or damaged: not this database's to move
        target = _keyed_path(path, sha256, data_key)
        if _opens(target, sha256, data_key):
            path.unlink()
        else:
            os.replace(path, target)
        fsync_folder(target.parent)
        _drop_if_empty(path.parent)
        renamed += 1
    return renamed
