"""This station's private signing key beside an encrypted database: sealed under the data key, never in clear
on disk; a key kept in clear before the database was encrypted is sealed at sign-in, the same key kept."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.security.adopt import adopt_clear_database
from assessor_app.core.security.sign_in import set_up, sign_in
from assessor_app.core.security.station_key_files import key_folder, read_private_key
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.station_keys import own_key, station_signer, verifies
from tests.core.user_helpers import add_user

PASSWORD = "a long enough password"


@pytest.fixture
def encrypted(tmp_path: Path) -> Iterator[Database]:
    signed = set_up(tmp_path / "data" / "cases.sqlite3", "ada", "Ada ADMIN", PASSWORD, demo=True)
    yield signed.database
    signed.database.close()


def _raw_private(path: Path) -> bytes:
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(private, Ed25519PrivateKey)
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def test_an_encrypted_database_s_key_is_sealed_and_still_signs(encrypted: Database) -> None:
    lodging.set_local_station(encrypted, "LT07")
    key = own_key(encrypted)
    assert key is not None
    [stored] = list(key_folder(encrypted.path).iterdir())
    assert stored.name == f"station-{key.fingerprint}.key"
    if os.name == "posix":
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    data = stored.read_bytes()
    assert b"PRIVATE KEY" not in data
    assert len(data) == 8 + 12 + 32 + 16  # magic, nonce, the 32-byte key sealed, its tag
    signer = station_signer(encrypted)
    assert signer.fingerprint == key.fingerprint  # the sealed key read back is the key in force
    assert verifies(key.public_key, signer.sign(b"batch"), b"batch")
    assert read_private_key(encrypted.path, key.fingerprint, os.urandom(32)) is None  # another data key


def test_an_altered_sealed_key_is_replaced_at_the_next_signing(encrypted: Database) -> None:
    lodging.set_local_station(encrypted, "LT07")
    old = own_key(encrypted)
    assert old is not None
    [stored] = list(key_folder(encrypted.path).iterdir())
    data = bytearray(stored.read_bytes())
    data[-1] ^= 1
    stored.write_bytes(bytes(data))
    signer = station_signer(encrypted)
    assert signer.fingerprint != old.fingerprint
    assert sorted(path.suffix for path in key_folder(encrypted.path).iterdir()) == [".key", ".key"]


def test_a_clear_key_is_sealed_when_its_database_is_encrypted_and_the_key_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "cases.sqlite3"
    database = open_database(path, backups_dir=folder / "backups")
    try:
        add_user(database, "ada", "Ada ADMIN", "administrator")
        lodging.set_local_station(database, "LT07")
        before = own_key(database)
    finally:
        database.close()
    assert before is not None
    [clear] = list(key_folder(path).iterdir())
    assert clear.suffix == ".pem"
    raw = _raw_private(clear)

    signed = adopt_clear_database(
        path, "ada", "Ada ADMIN", PASSWORD, backups_dir=folder / "backups", evidence_dir=folder / "evidence"
    )
    signed.database.close()
    [sealed] = list(key_folder(path).iterdir())
    assert sealed.name == f"station-{before.fingerprint}.key"
    assert raw not in sealed.read_bytes()

    again = sign_in(path, "ada", PASSWORD, backups_dir=folder / "backups").database
    try:
        assert station_signer(again).fingerprint == before.fingerprint  # not retired: the other laptops
        assert own_key(again) == before  # that enrolled it still accept its batches
    finally:
        again.close()


def test_a_clear_key_left_beside_an_encrypted_database_is_sealed_at_sign_in(encrypted: Database) -> None:
    """As a crash between sealing and shredding, or a key file copied back from an old backup, leaves it."""
    lodging.set_local_station(encrypted, "LT07")
    key = own_key(encrypted)
    assert key is not None
    path = encrypted.path
    sealed = key_folder(path) / f"station-{key.fingerprint}.key"
    private = read_private_key(path, key.fingerprint, encrypted.data_key)
    assert private is not None
    clear = key_folder(path) / f"station-{key.fingerprint}.pem"
    clear.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    encrypted.close()
    sign_in(path, "ada", PASSWORD).database.close()
    assert [entry.name for entry in key_folder(path).iterdir()] == [sealed.name]
