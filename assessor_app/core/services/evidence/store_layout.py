"""Where the evidence store keeps a file: named by its SHA-256, in a sub-folder of its first two digits."""

from __future__ import annotations

from pathlib import Path

# The media types the store accepts, with the file extension each is stored under.
SUPPORTED = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf", "image/tiff": ".tif"}


def stored_path(evidence_dir: Path, sha256: str, media_type: str) -> Path:
    """``evidence/ab/abcdef....jpg``: the first two hex digits name the sub-folder."""
    return evidence_dir / sha256[:2] / f"{sha256}{SUPPORTED[media_type]}"
