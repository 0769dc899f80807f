"""This station's private signing key on disk: sealed under the data key, clear only beside a clear database.

The key lives in the data folder's ``keys/`` folder (0700), one owner-only file (0600) per key, named by
its fingerprint, written to an exclusive temporary file and renamed into place. Beside an encrypted case
database it is ``station-<fingerprint>.key``: ``MAGIC`` + a fresh 12-byte nonce + the raw 32-byte Ed25519
private key sealed with AES-256-GCM under a key derived from the data key, its additional data binding it
to its fingerprint, so whoever copies the folder without a user's password holds nothing that signs. A
clear database (a test, or a laptop not yet brought under sign-in) keeps ``station-<fingerprint>.pem``;
:func:`seal_clear_keys` seals those at sign-in and shreds the clear file, and a sealed read that finds only
the clear file does the same.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from assessor_app.core.private_files import private_folder, replace_private
from assessor_app.core.secure_delete import shred
from assessor_app.core.security.keys import derive_key

KEYS_FOLDER = "keys"
MAGIC = b"RPLSKEY\x01"
NONCE_BYTES = 12
PURPOSE = "station-signing-key"
PREFIX = "station-"
SEALED_SUFFIX = ".key"
CLEAR_SUFFIX = ".pem"


def key_folder(database_path: Path) -> Path:
    """Where this database's private keys live: ``keys/`` beside it, in the data folder."""
    return Path(database_path).parent / KEYS_FOLDER


def key_path(database_path: Path, key_fingerprint: str, *, sealed: bool) -> Path:
    """The file of the key ``key_fingerprint``: sealed (``.key``) or clear PEM (``.pem``)."""
    suffix = SEALED_SUFFIX if sealed else CLEAR_SUFFIX
    return key_folder(database_path) / f"{PREFIX}{key_fingerprint}{suffix}"


def _aad(key_fingerprint: str) -> bytes:
    return MAGIC + key_fingerprint.encode("ascii")


def _raw(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def write_private_key(
    database_path: Path, key_fingerprint: str, private: Ed25519PrivateKey, data_key: bytes | None
) -> Path:
    """Store ``private`` for the database at ``database_path``: sealed under ``data_key`` when there is one,
    else as clear PEM (a clear database); the file written."""
    if data_key is None:
        path = key_path(database_path, key_fingerprint, sealed=False)
        replace_private(
            private_folder(path.parent) / path.name,
            private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )
        return path
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(derive_key(data_key, PURPOSE)).encrypt(nonce, _raw(private), _aad(key_fingerprint))
    path = key_path(database_path, key_fingerprint, sealed=True)
    replace_private(private_folder(path.parent) / path.name, MAGIC + nonce + sealed)
    return path


def _read_clear(path: Path) -> Ed25519PrivateKey | None:
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return None
    return private if isinstance(private, Ed25519PrivateKey) else None


def _read_sealed(path: Path, key_fingerprint: str, data_key: bytes) -> Ed25519PrivateKey | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    nonce, sealed = data[len(MAGIC) : len(MAGIC) + NONCE_BYTES], data[len(MAGIC) + NONCE_BYTES :]
    try:
        raw = AESGCM(derive_key(data_key, PURPOSE)).decrypt(nonce, sealed, _aad(key_fingerprint))
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (InvalidTag, ValueError):
        return None


def read_private_key(
    database_path: Path, key_fingerprint: str, data_key: bytes | None
) -> Ed25519PrivateKey | None:
    """The private key ``key_fingerprint``; None when missing, altered or not an Ed25519 key. With a data
    key, a key still in clear (the database encrypted since) is sealed now and its clear file shredded."""
    clear = key_path(database_path, key_fingerprint, sealed=False)
    if data_key is None:
        return _read_clear(clear)
    sealed = key_path(database_path, key_fingerprint, sealed=True)
    if sealed.exists():
        return _read_sealed(sealed, key_fingerprint, data_key)
    private = _read_clear(clear)
    if private is not None:
        write_private_key(database_path, key_fingerprint, private, data_key)
        shred(clear)
    return private


def seal_clear_keys(database_path: Path, data_key: bytes) -> int:
    """Seal every clear private key beside the database at ``database_path`` under ``data_key`` and shred
    the clear file; how many were sealed. A clear file that is not a key is shredded all the same (it is
    no use, and may hold part of one). Crash-safe: the sealed file is in place before the clear one goes."""
    folder = key_folder(database_path)
    if not folder.is_dir():
        return 0
    sealed = 0
    for clear in sorted(folder.glob(f"{PREFIX}*{CLEAR_SUFFIX}")):
        key_fingerprint = clear.name[len(PREFIX) : -len(CLEAR_SUFFIX)]
        private = _read_clear(clear)
        if private is not None:
            write_private_key(database_path, key_fingerprint, private, data_key)
            sealed += 1
        shred(clear)
    return sealed
