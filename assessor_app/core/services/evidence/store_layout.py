"""Where the evidence store keeps a file: under its (keyed) content name, in a sub-folder of its first two digits."""

from __future__ import annotations

from pathlib import Path

from assessor_app.core.security.evidence_files import stored_name

# The media types the store accepts, with the file extension each is stored under.
SUPPORTED = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf", "image/tiff": ".tif"}


def stored_path(evidence_dir: Path, sha256: str, media_type: str, data_key: bytes | None) -> Path:
    """``evidence/ab/abcdef....jpg``: the name is the content's SHA-256 beside a clear database and a
    keyed hash of it under an encrypted one (:func:`.evidence_files.stored_name`); its first two hex
    digits name the sub-folder."""
    name = stored_name(sha256, data_key)
    return evidence_dir / name[:2] / f"{name}{SUPPORTED[media_type]}"
