"""Station signing keys: this laptop's Ed25519 key pair, and the stations whose public keys are enrolled.

Each station signs its exports with its own key (:mod:`..sync.batch_signature`); a laptop merges only
batches signed by a key in force in ``station_keys``: its own (made when its station code is set, or at
its first export for a database older than keys) or one a supervisor enrolled from the other station's
key file after comparing the fingerprint aloud. The private key is a file of the data folder's ``keys/``
folder, sealed under the data key beside an encrypted database (:mod:`...security.station_key_files`);
it is never logged or printed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.laptop import StationKeyRecord, StationRecord
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.security.station_key_files import read_private_key, write_private_key
from assessor_app.core.services import audit
from assessor_app.core.services.intake.references import STATION_CODE
from assessor_app.core.services.shared import acting_user

KEY_FILE_FORMAT = "rpl-station-key"
KEY_FILE_VERSION = 1
MAX_KEY_FILE = 4096  # a public key file is ~200 bytes; anything far larger is not one
SYSTEM = "system"  # who makes this laptop's own key (with its station code, or at an export)
AUDIT_ENTITY = "station_key"


@dataclass(frozen=True)
class StationKey:
    """A key of ``station_keys`` as the Settings page and ``assessor-app station list`` show it."""

    station_code: str
    fingerprint: str
    public_key: str  # the raw 32 bytes, base64
    is_local: bool
    enrolled_by: str
    enrolled_at: datetime
    removed_by: str | None = None
    removed_at: datetime | None = None
    removal_reason: str = ""


@dataclass(frozen=True)
class KeyFile:
    """A station's public key file, read and checked (the fingerprint recomputed, never taken from it)."""

    station_code: str
    public_key: bytes
    fingerprint: str


@dataclass(frozen=True)
class Signer:
    """This station's signing key, ready to sign; it never shows the private key."""

    station_code: str
    fingerprint: str
    sign: Callable[[bytes], bytes]


def fingerprint(public_key: bytes) -> str:
    """The key's short fingerprint, to compare aloud on both laptops: the SHA-256 of the raw key, its
    first 80 bits in base32 (letters and the digits 2-7), in four groups of four, e.g. ``K7QD-2MXA-R4TB-Q6ZE``."""
    text = base64.b32encode(hashlib.sha256(public_key).digest()[:10]).decode("ascii")
    return "-".join(text[start : start + 4] for start in range(0, 16, 4))


def verifies(public_key: str, signature: bytes, message: bytes) -> bool:
    """``signature`` is the Ed25519 signature of ``message`` by ``public_key`` (base64, as stored)."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _row(record: StationKeyRecord) -> StationKey:
    return StationKey(
        record.station_code,
        record.fingerprint,
        record.public_key,
        record.is_local,
        record.enrolled_by,
        record.enrolled_at,
        record.removed_by,
        record.removed_at,
        record.removal_reason,
    )


def _in_force(session: Session, code: str) -> StationKeyRecord | None:
    return session.scalar(
        select(StationKeyRecord).where(
            StationKeyRecord.station_code == code, StationKeyRecord.removed_at.is_(None)
        )
    )


def _local_code(session: Session) -> str | None:
    return session.scalar(select(StationRecord.code).where(StationRecord.is_local.is_(True)))


def create_own_key(
    session: Session, database_path: Path, code: str, *, actor: str = SYSTEM
) -> tuple[StationKeyRecord, Ed25519PrivateKey]:
    """A new key pair for this station ``code``, in force from now, in the caller's transaction (the
    private key file is written before the transaction commits; a failed commit leaves only an unused
    file). Audited with the fingerprint."""
    private = Ed25519PrivateKey.generate()
    raw = _raw(private.public_key())
    record = StationKeyRecord(
        station_code=code,
        public_key=base64.b64encode(raw).decode("ascii"),
        fingerprint=fingerprint(raw),
        is_local=True,
        enrolled_by=actor,
        enrolled_at=utc_now(),
        removal_reason="",
    )
    session.add(record)
    session.flush()
    write_private_key(database_path, record.fingerprint, private, session.info.get("data_key"))
    audit.record(
        session,
        actor=actor,
        entity=AUDIT_ENTITY,
        entity_uid=code,
        action="station_key_created",
        field="fingerprint",
        new=record.fingerprint,
        reason="this station's own signing key",
    )
    return record, private


def _own_in_force(session: Session, code: str) -> StationKeyRecord | None:
    """This station's key in force; refused when ``code`` is another station's, enrolled here."""
    record = _in_force(session, code)
    if record is not None and not record.is_local:
        raise AppError(
            f"Station code {code} is enrolled here as another laptop's; choose another code, or remove "
            "that enrolment first.",
            f"工作站代號 {code} 已登記為另一部電腦的代號；請另選代號，或先移除該登記。",
            code="station_taken",
        )
    return record


def ensure_own_key(session: Session, database_path: Path, code: str) -> None:
    """Give this station ``code`` its key pair if it has none in force (set_local_station, the demo)."""
    if _own_in_force(session, code) is None:
        create_own_key(session, database_path, code)


def station_signer(database: Database) -> Signer:
    """This station's signing key, made now if it has none yet (a database older than keys) or if its
    private key file is missing or is not the key in force (that key is then removed, audited, and the
    other stations must enrol the new one: its batches would be refused as unknown)."""
    with database.session() as session:
        code = _local_code(session)
        if code is None:
            raise AppError(
                "This laptop has no station code yet, so it cannot sign a batch: set the station code first.",
                "此電腦尚未設定工作站代號，無法簽署批次：請先設定工作站代號。",
                code="station_not_set",
            )
        record = _own_in_force(session, code)
        private = None
        if record is not None:
            private = read_private_key(database.path, record.fingerprint, database.data_key)
            if (
                private is not None
                and base64.b64encode(_raw(private.public_key())).decode() != record.public_key
            ):
                private = None
            if private is None:
                _retire(session, record, SYSTEM, "its private key file is missing or is not this key")
        if record is None or private is None:
            record, private = create_own_key(session, database.path, code)
        return Signer(code, record.fingerprint, private.sign)


def _retire(session: Session, record: StationKeyRecord, actor: str, reason: str) -> None:
    record.removed_at = utc_now()
    record.removed_by = actor
    record.removal_reason = reason
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity=AUDIT_ENTITY,
        entity_uid=record.station_code,
        action="station_removed",
        field="fingerprint",
        old=record.fingerprint,
        reason=reason,
    )


def own_key(database: Database) -> StationKey | None:
    """This station's key in force, or None (no station code yet, or a database older than keys)."""
    with database.session() as session:
        code = _local_code(session)
        record = _in_force(session, code) if code else None
        return _row(record) if record is not None and record.is_local else None


def save_public_key(database: Database, out: Path) -> StationKey:
    """Write this station's public key file to ``out`` (made now if the station has none yet)."""
    signer = station_signer(database)
    key = own_key(database)
    assert key is not None
    assert key.fingerprint == signer.fingerprint
    content = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "station": key.station_code,
        "public_key": key.public_key,
        "fingerprint": key.fingerprint,  # informative: the enrolling laptop computes its own
    }
    try:
        Path(out).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise AppError(
            f"The key file could not be written to {out}: {exc.strerror}.",
            f"無法將金鑰檔寫入 {out}：{exc.strerror}。",
            code="key_file_unwritable",
        ) from None
    return key


def _bad_key_file(path: Path, why_en: str, why_zh: str) -> AppError:
    return AppError(
        f"{path.name} is not a station key file of this app ({why_en}); nothing was enrolled.",
        f"{path.name} 並非本程式的工作站金鑰檔（{why_zh}）；未有登記。",
        code="bad_key_file",
    )


def read_key_file(path: Path) -> KeyFile:
    """The station code and public key in ``path`` (written by ``assessor-app station key``), checked."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise AppError(
            f"{path.name} could not be read: {exc.strerror}.",
            f"無法讀取 {path.name}：{exc.strerror}。",
            code="key_file_unreadable",
        ) from None
    if len(data) > MAX_KEY_FILE:
        raise _bad_key_file(path, "too large", "檔案過大")
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad_key_file(path, "not JSON", "並非 JSON") from None
    if (
        not isinstance(content, dict)
        or content.get("format") != KEY_FILE_FORMAT
        or content.get("version") != KEY_FILE_VERSION
    ):
        raise _bad_key_file(path, "unknown format", "格式不明")
    code, public = content.get("station"), content.get("public_key")
    if not isinstance(code, str) or not STATION_CODE.match(code):
        raise _bad_key_file(path, "no valid station code", "工作站代號無效")
    try:
        raw = base64.b64decode(public, validate=True) if isinstance(public, str) else b""
    except binascii.Error:
        raw = b""
    if len(raw) != 32:
        raise _bad_key_file(path, "no valid public key", "公開金鑰無效")
    return KeyFile(code, raw, fingerprint(raw))


def _supervisor(session: Session, actor: str, doing_en: str, doing_zh: str) -> str:
    return acting_user(
        session, actor, PERMISSIONS[Action.ENROL_STATIONS], doing_en=doing_en, doing_zh=doing_zh
    ).username


def enrol_station(database: Database, path: Path, *, actor: str, expected: str | None = None) -> StationKey:
    """Enrol the station key in ``path`` (a supervisor or an administrator), audited. ``expected``: the
    fingerprint the user confirmed (the file changed since → refused). Refused: this laptop's own code,
    a station with another key in force (remove it first), a key in force for another station."""
    key = read_key_file(path)
    if expected is not None and expected != key.fingerprint:
        raise AppError(
            f"{Path(path).name} changed since its fingerprint was shown; nothing was enrolled.",
            f"{Path(path).name} 於顯示指紋後已更改；未有登記。",
            code="key_file_changed",
        )
    with database.session() as session:
        actor = _supervisor(session, actor, "enrol another station's key", "登記其他工作站的金鑰")
        if key.station_code == _local_code(session):
            raise AppError(
                f"{key.station_code} is this laptop's own station code: its key is this laptop's own.",
                f"{key.station_code} 是此電腦本身的工作站代號：其金鑰即此電腦的金鑰。",
                code="station_is_this_laptop",
            )
        current = _in_force(session, key.station_code)
        if current is not None:
            same = current.fingerprint == key.fingerprint
            raise AppError(
                f"Station {key.station_code} is already enrolled"
                + ("." if same else f" with another key ({current.fingerprint}); remove it first."),
                f"工作站 {key.station_code} 已登記"
                + ("。" if same else f"，但金鑰不同（{current.fingerprint}）；請先移除。"),
                code="station_already_enrolled",
            )
        other = session.scalar(
            select(StationKeyRecord.station_code).where(
                StationKeyRecord.fingerprint == key.fingerprint, StationKeyRecord.removed_at.is_(None)
            )
        )
        if other is not None:
            raise AppError(
                f"This key is already enrolled for station {other}; one key signs for one station only.",
                f"此金鑰已登記為工作站 {other} 的金鑰；一個金鑰只可代表一個工作站。",
                code="key_enrolled_elsewhere",
            )
        record = StationKeyRecord(
            station_code=key.station_code,
            public_key=base64.b64encode(key.public_key).decode("ascii"),
            fingerprint=key.fingerprint,
            is_local=False,
            enrolled_by=actor,
            enrolled_at=utc_now(),
            removal_reason="",
        )
        session.add(record)
        session.flush()
        audit.record(
            session,
            actor=actor,
            entity=AUDIT_ENTITY,
            entity_uid=key.station_code,
            action="station_enrolled",
            field="fingerprint",
            new=key.fingerprint,
            reason=f"public key {record.public_key} from {Path(path).name}",
        )
        return _row(record)


def remove_station(database: Database, code: str, *, actor: str, reason: str = "") -> StationKey:
    """Remove station ``code``'s enrolled key (a supervisor or an administrator), audited: its batches
    are refused from now on. This laptop's own key cannot be removed."""
    code = code.strip().upper()
    with database.session() as session:
        actor = _supervisor(session, actor, "remove an enrolled station", "移除已登記的工作站")
        record = _in_force(session, code)
        if record is None:
            raise AppError(
                f"No station {code} is enrolled.", f"沒有已登記的工作站 {code}。", code="station_not_enrolled"
            )
        if record.is_local:
            raise AppError(
                f"{code} is this laptop: its own key cannot be removed.",
                f"{code} 是此電腦：不能移除其本身的金鑰。",
                code="station_is_this_laptop",
            )
        _retire(session, record, actor, reason.strip() or "removed by a supervisor")
        return _row(record)


def list_station_keys(database: Database, *, include_removed: bool = False) -> list[StationKey]:
    """The keys in force (this laptop's first, then by station code); with ``include_removed`` the
    removed ones too, after them."""
    query = select(StationKeyRecord)
    if not include_removed:
        query = query.where(StationKeyRecord.removed_at.is_(None))
    with database.session() as session:
        records = session.scalars(query).all()
        return sorted(
            (_row(record) for record in records),
            key=lambda key: (key.removed_at is not None, not key.is_local, key.station_code, key.enrolled_at),
        )


def find_key(session: Session, key_fingerprint: str) -> StationKey | None:
    """The key with this fingerprint: the one in force (this laptop's or an enrolled station's), else the
    latest removed one, else None."""
    record = session.scalar(
        select(StationKeyRecord)
        .where(StationKeyRecord.fingerprint == key_fingerprint)
        .order_by(StationKeyRecord.removed_at.is_not(None), StationKeyRecord.removed_at.desc())
        .limit(1)
    )
    return _row(record) if record is not None else None
