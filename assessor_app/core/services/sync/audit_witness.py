"""An exported batch as a witness of this laptop's audit trail: the head its signed manifest recorded."""

from __future__ import annotations

from pathlib import Path

from assessor_app.core.db.database import Database
from assessor_app.core.errors import AppError
from assessor_app.core.services.audit_anchor import Witness
from assessor_app.core.services.sync.batch_signature import verify_signature
from assessor_app.core.services.sync.reader import parse_batch


def batch_witness(database: Database, path: Path, *, password: str | None = None) -> Witness:
    """The audit head in the manifest of ``path``, a batch this laptop exported (format 3.3 on), once its
    signature verifies with this station's own key: a head nobody at the laptop can have rewritten."""
    path = Path(path)
    manifest = parse_batch(path, password=password, rows_of=()).manifest
    entries, head = manifest.get("audit_entries", ""), manifest.get("audit_head", "")
    if not entries.isdigit() or len(head) != 64:
        raise AppError(
            f"{path.name} carries no audit head (a batch exported before format 3.3): it cannot witness "
            "the audit trail.",
            f"{path.name} 沒有審計鏈末項（於格式 3.3 前匯出的批次）：不能用作審計記錄的佐證。",
            code="witness_no_head",
        )
    signer = verify_signature(database, path, manifest)
    if not signer.is_local:
        raise AppError(
            f"{path.name} was exported by station {signer.station_code}, not by this laptop: its audit head "
            "is of that laptop's trail.",
            f"{path.name} 由工作站 {signer.station_code} 匯出，並非此電腦：其審計鏈末項屬於該電腦的記錄。",
            code="witness_other_station",
        )
    return Witness(
        f"the batch {path.name}", f"批次 {path.name}", int(entries), head, manifest.get("created_at", "")
    )
