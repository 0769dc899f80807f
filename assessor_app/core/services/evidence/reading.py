"""Reading a stored evidence file back: decrypted in memory, or for an outside viewer into the data folder's
own temporary folder (owner-only, removed at the next start), never the system's."""

from __future__ import annotations

import os
import re
from pathlib import Path

from assessor_app.core.db import scratch
from assessor_app.core.errors import AppError
from assessor_app.core.private_files import write_private
from assessor_app.core.security import evidence_files
from assessor_app.core.services.evidence.case_checklist import AttachmentRow
from assessor_app.core.services.evidence.store_layout import SUPPORTED


def attachment_bytes(row: AttachmentRow, data_key: bytes | None) -> bytes:
    """The clear content of an attachment, decrypted in memory when sealed; refused with
    ``attachment_erased``, ``attachment_lost``, ``evidence_tampered`` or ``evidence_locked``."""
    if row.stored_path is None:
        raise AppError(
            f"{row.original_name} was erased.", f"{row.original_name} 已經刪除。", code="attachment_erased"
        )
    try:
        return evidence_files.read_evidence(row.stored_path, row.sha256, data_key)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AppError(
            f"The stored copy of {row.original_name} cannot be read ({reason}). Attach it again.",
            f"無法讀取 {row.original_name} 的存檔（{reason}）。請重新附加。",
            code="attachment_lost",
        ) from exc


def is_sealed_file(path: Path) -> bool:
    with Path(path).open("rb") as stream:
        return evidence_files.is_sealed(stream.read(len(evidence_files.MAGIC)))


def viewer_path(database_path: Path, row: AttachmentRow, data_key: bytes | None) -> Path:
    """A file an outside program (the system's PDF viewer) can open for ``row``.

    A clear stored file (clear database, or a legacy file not sealed yet) is handed over as it is, after
    its hash is checked. A sealed one is decrypted into ``<data folder>/tmp/assessor-view-<random>/``
    (folder 0700, file 0600): the viewer runs in another process and needs a path, and the system's
    temporary folder is shared and outlives the app. They are shredded when the app closes
    (:func:`.scratch.shred_viewer_copies`) and at the next start (:func:`.scratch.recover`).
    """
    plain = attachment_bytes(row, data_key)
    assert row.stored_path is not None
    if not is_sealed_file(row.stored_path):
        return row.stored_path
    folder = scratch.viewer_folder(database_path)
    stem = re.sub(r"[^\w\- ]+", "_", Path(row.original_name).stem)[:80].strip() or "evidence"
    target = folder / f"{stem}{SUPPORTED.get(row.media_type, '')}"
    os.close(write_private(target, plain))
    return target
