"""Signed batches: the manifest's Ed25519 signature over its data hash, batch key, station, agency, time
and (from format 3.3) its version and the exporting laptop's audit chain head.

The export signs with this station's key (:func:`..intake.station_keys.station_signer`) and writes the
signature and the key's fingerprint in the manifest; a merge accepts the batch only when that signature
verifies with a key in force here (this laptop's own, or an enrolled station's) belonging to the station
the manifest names. The data hash binds every data cell, so editing a cell and recomputing the hash
breaks the signature. :func:`signed_message` is the canonical byte string signed (``docs/batch-workbook.md``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from assessor_app.core.db.database import Database
from assessor_app.core.errors import AppError
from assessor_app.core.services.intake.station_keys import find_key, station_signer, verifies
from assessor_app.core.services.sync.workbook_legacy import version_number

SIGNATURE_CONTEXT = "rpl-batch-signature/1"
SIGNED_ITEMS = ("data_sha256", "batch_uid", "station", "agency", "created_at")
# From 3.3 the audit head is signed too (the trail's witness outside the laptop), with the version, so
# that relabelling a 3.3 file as 3.2 to drop the head breaks the signature rather than passing it.
SIGNATURE_CONTEXT_2 = "rpl-batch-signature/2"
SIGNED_ITEMS_2 = (*SIGNED_ITEMS, "format_version", "audit_entries", "audit_head")
AUDIT_HEAD_SINCE = (3, 3)


@dataclass(frozen=True)
class BatchSigner:
    """Who signed a batch that verified, and when (the manifest's ``created_at``, UTC)."""

    station_code: str
    fingerprint: str
    signed_at: str
    is_local: bool

    def describe(self) -> tuple[str, str]:
        """(English, Chinese): "signed by station LT02 (key ABCD-…) at 2026-12-02T10:00:00+00:00"."""
        own_en, own_zh = (" (this laptop)", "（此電腦）") if self.is_local else ("", "")
        return (
            f"signed by station {self.station_code}{own_en} (key {self.fingerprint}) at {self.signed_at}",
            f"由工作站 {self.station_code}{own_zh} 簽署（金鑰 {self.fingerprint}），時間 {self.signed_at}",
        )


def signed_message(manifest: Mapping[str, str]) -> bytes:
    """The bytes signed: UTF-8 of the JSON array of :data:`SIGNATURE_CONTEXT` and the manifest's values of
    :data:`SIGNED_ITEMS` (from format 3.3: :data:`SIGNATURE_CONTEXT_2` and :data:`SIGNED_ITEMS_2`), in
    that order, without spaces and with non-ASCII characters as they are (Python's
    ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``)."""
    number = version_number(manifest.get("format_version", ""))
    context, items = (
        (SIGNATURE_CONTEXT_2, SIGNED_ITEMS_2)
        if number is not None and number >= AUDIT_HEAD_SINCE
        else (SIGNATURE_CONTEXT, SIGNED_ITEMS)
    )
    values = [context, *(manifest.get(key, "") for key in items)]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign_manifest(database: Database, manifest: MutableMapping[str, str]) -> None:
    """Fill in the manifest's ``signing_key`` and ``signature`` with this station's key (made now if it
    has none yet); the manifest's station must be this station."""
    signer = station_signer(database)
    if manifest.get("station") != signer.station_code:
        raise AppError(
            f"The batch names station {manifest.get('station')!r}, not this laptop's {signer.station_code}.",
            f"批次所載工作站 {manifest.get('station')!r} 並非此電腦的 {signer.station_code}。",
            code="station_mismatch",
        )
    manifest["signing_key"] = signer.fingerprint
    manifest["signature"] = base64.b64encode(signer.sign(signed_message(manifest))).decode("ascii")


def _refused(path: Path, en: str, zh: str, code: str) -> AppError:
    return AppError(
        f"{path.name} was refused: {en} Nothing was changed.",
        f"已拒絕 {path.name}：{zh}未有任何更改。",
        code=code,
    )


def verify_signature(database: Database, path: Path, manifest: Mapping[str, str]) -> BatchSigner:
    """The signer of the batch whose manifest is ``manifest``; a bilingual refusal when it is unsigned
    (``merge_unsigned``), signed by a key not enrolled here (``merge_unknown_station``) or one whose
    enrolment was removed (``merge_station_removed``), or when the signature does not verify: the data,
    batch key, station, agency or time changed after signing (``merge_bad_signature``)."""
    station = manifest.get("station", "") or "-"
    key_fingerprint, signature_text = manifest.get("signing_key", ""), manifest.get("signature", "")
    if not key_fingerprint or not signature_text:
        raise _refused(
            path,
            "it is not signed by a station (exported by a version of the app before signed batches, or "
            "its signature was removed). Export it again from that laptop.",
            "檔案未經工作站簽署（由較舊版本匯出，或簽署已被刪除）。請在該電腦再次匯出。",
            "merge_unsigned",
        )
    with database.session() as session:
        key = find_key(session, key_fingerprint)
    if key is None:
        raise _refused(
            path,
            f"it is signed by station {station} with the key {key_fingerprint}, which is not enrolled on "
            "this laptop. A supervisor enrols that station's key file first (Settings, or `assessor-app "
            "station enrol`), after comparing its fingerprint with the one shown on that laptop.",
            f"檔案由工作站 {station} 以金鑰 {key_fingerprint} 簽署，但此金鑰未在此電腦登記。請由主管先核對"
            "該電腦顯示的指紋，再登記其金鑰檔（設定頁，或 `assessor-app station enrol`）。",
            "merge_unknown_station",
        )
    if key.removed_at is not None:
        raise _refused(
            path,
            f"it is signed with the key {key_fingerprint} of station {key.station_code}, whose enrolment "
            f"was removed by {key.removed_by} ({key.removal_reason}).",
            f"檔案以工作站 {key.station_code} 的金鑰 {key_fingerprint} 簽署，但該登記已由 {key.removed_by} "
            f"移除（{key.removal_reason}）。",
            "merge_station_removed",
        )
    try:
        signature = base64.b64decode(signature_text, validate=True)
    except binascii.Error:
        signature = b""
    if key.station_code != manifest.get("station") or not verifies(
        key.public_key, signature, signed_message(manifest)
    ):
        raise _refused(
            path,
            f"its signature does not verify with station {key.station_code}'s key: the workbook was changed "
            "after it was signed (its data, batch key, station, agency, time or audit head).",
            f"簽署未能以工作站 {key.station_code} 的金鑰核實：工作簿於簽署後曾被修改（資料、批次編號、工作站、"
            "評估機構、時間或審計鏈末項）。",
            "merge_bad_signature",
        )
    return BatchSigner(key.station_code, key.fingerprint, manifest.get("created_at", ""), key.is_local)
