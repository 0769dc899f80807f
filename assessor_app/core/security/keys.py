"""Keys derived from the data key, one per purpose, so no two uses share a key."""

from __future__ import annotations

DATA_KEY_BYTES = 32


def derive_key(data_key: bytes, purpose: str) -> bytes:
    """A 256-bit key for ``purpose`` (e.g. ``"audit-chain"``, ``"evidence-files"``), by HKDF-SHA256."""
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError(f"a data key has {DATA_KEY_BYTES} bytes, not {len(data_key)}")
    # Imported here: the keyring (read before the sign-in dialog shows) needs this module's constant only.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"rpl-assessor/{purpose}".encode()
    ).derive(data_key)
