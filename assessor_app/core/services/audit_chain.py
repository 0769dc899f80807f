"""The audit chain's hashing, shared by appending (:mod:`.audit`) and checking (:mod:`.audit_verify`).

An entry's hash is SHA-256, or HMAC-SHA256 under the chain key once the database is encrypted, of a
compact JSON array: the previous entry's hash, the entry's time, its content, and its claim of logged
changes when it has one. The findings of a check are plain bilingual values.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.audit_sync import AuditChainRecord, AuditEventRecord
from assessor_app.core.security.keys import derive_key

GENESIS = "0" * 64


UNKEYED = "sha256"


KEYED = "hmac-sha256"

# The entry a restore appends (``audit.record_restore``): what ``audit verify`` weighs older heads against.
RESTORED_ENTITY, RESTORED_ACTION = "database", "restored"


def timestamp_text(moment: datetime) -> str:
    # SQLite hands back naive datetimes: hash the UTC wall time in one fixed format either way.
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as json.dumps with those


_quote = encode_basestring  # how that encoder writes a text (ensure_ascii=False)


# What an entry says besides its time and chain, in the order it is hashed: the columns an Entry fills.
CONTENT_COLUMNS = ("actor", "entity", "entity_uid", "action", "field", "old_value", "new_value", "reason")


def entry_hash(
    prev_hash: str,
    occurred_at: datetime,
    content: Sequence[str | None],
    *,
    key: bytes | None = None,
    claims: str | None = None,
) -> str:
    """SHA-256 (HMAC-SHA256 under ``key``) of the previous entry's hash, the entry's time and content,
    and what it claimed if anything: a compact JSON array of them (without claims, as before 0012)."""
    return stamped_hash(prev_hash, timestamp_text(occurred_at), content, key, claims)


@functools.lru_cache(maxsize=4)
def chain_key(data_key: bytes) -> bytes:
    """The key the chain's hashes (and the anchor's MAC) are made with, derived from the data key."""
    return derive_key(data_key, "audit-chain")


def stamped_hash(
    prev_hash: str,
    stamp: str,
    content: Sequence[str | None],
    key: bytes | None = None,
    claims: str | None = None,
) -> str:
    values = [prev_hash, stamp, *content]
    if claims is not None:
        values.append(claims)
    try:
        # What _encode gives texts and nulls, byte for byte, about twice as fast (an import hashes tens
        # of thousands of entries); anything else (_quote refuses it) is left to _encode.
        encoded = "[" + ",".join(["null" if value is None else _quote(value) for value in values]) + "]"
    except TypeError:
        encoded = _encode(values)
    if key is not None:
        mac = _keyed(key).copy()
        mac.update(encoded.encode("utf-8"))
        return mac.hexdigest()
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=4)
def _keyed(key: bytes) -> hmac.HMAC:
    """HMAC-SHA256 under ``key`` with nothing hashed yet, copied for each entry: starting one afresh
    (``hmac.digest``) costs twice as much as copying it (a demo's history hashes two million entries)."""
    return hmac.new(key, digestmod="sha256")


_MODE = select(AuditChainRecord.mode).where(
    AuditChainRecord.id == 1
)  # built once: read by every audited write


def chain_mode(session: Session) -> str:
    """``sha256`` (unkeyed, a clear database) or ``hmac-sha256`` (keyed), as recorded in the database."""
    return session.scalar(_MODE) or UNKEYED


# A stored entry: its record, or a row of its table's columns (what a check reads, faster than records).
StoredEntry = AuditEventRecord | Row[Any]


def content_of(row: StoredEntry) -> tuple[Any, ...]:
    """What a stored entry says, in the order of ``CONTENT_COLUMNS``."""
    return tuple(getattr(row, name) for name in CONTENT_COLUMNS)


@dataclass(frozen=True)
class Finding:
    """One thing ``audit verify`` says, in both languages; ``fails``: the trail cannot be trusted."""

    code: str
    en: str
    zh: str
    fails: bool = True

    def text(self) -> str:
        return f"{self.zh} / {self.en}"


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the trail: ``first_broken_id`` names the first entry whose link or content
    does not match; ``findings`` everything found (the chain, logged changes, the anchor, its mode)."""

    entries: int
    first_broken_id: int | None
    problem: str = ""
    findings: tuple[Finding, ...] = ()
    keyed: bool = False

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None and not any(finding.fails for finding in self.findings)


def own_hash(row: StoredEntry, key: bytes | None) -> str:
    """What a stored entry's hash should be, made with ``key`` (None: unkeyed)."""
    return entry_hash(row.prev_hash, row.occurred_at, content_of(row), key=key, claims=row.claims)
