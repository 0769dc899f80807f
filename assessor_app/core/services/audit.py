"""Append-only, hash-chained audit trail: every change to a case, who made it, when, and why.

Each entry's hash covers its own content and the previous entry's hash, so editing, deleting or
reordering any row breaks the chain from that point on; :func:`verify_chain` names the first bad entry.
Entries are appended inside the caller's transaction, so a change and its audit row commit together.
:func:`record` appends one entry through the ORM; :func:`record_many` appends many with bulk INSERTs and
gives exactly the rows (hashes and order) that calling :func:`record` for each would give.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import ApplicationRecord, AuditEventRecord, EvidenceItemRecord
from assessor_app.core.errors import AppError

GENESIS = "0" * 64
_HEAD_KEY = "audit_chain_head"
BULK_CHUNK = 5000  # entries per INSERT statement in record_many


def _now() -> datetime:
    """When an entry is recorded (one place, so tests can hold the clock still)."""
    return datetime.now(UTC)


class Entry(NamedTuple):
    """One audit entry to append with :func:`record_many` (the arguments of :func:`record`).

    Its fields stand in the order of ``_CONTENT_COLUMNS``, the order they are hashed and stored in.
    """

    actor: str
    entity: str
    entity_uid: str
    action: str
    field: str = ""
    old: str | None = None
    new: str | None = None
    reason: str = ""


def _timestamp(moment: datetime) -> str:
    # SQLite hands back naive datetimes: hash the UTC wall time in one fixed format either way.
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as json.dumps with those
_quote = encode_basestring  # how that encoder writes a text (ensure_ascii=False)

# What an entry says besides its time and chain, in the order it is hashed: the columns an Entry fills.
_CONTENT_COLUMNS = ("actor", "entity", "entity_uid", "action", "field", "old_value", "new_value", "reason")


def entry_hash(prev_hash: str, occurred_at: datetime, content: Sequence[str | None]) -> str:
    """SHA-256 of the entry's content and the previous entry's hash: a compact JSON array of them."""
    return _stamped_hash(prev_hash, _timestamp(occurred_at), content)


def _stamped_hash(prev_hash: str, stamp: str, content: Sequence[str | None]) -> str:
    values = [prev_hash, stamp, *content]
    try:
        # What _encode gives texts and nulls, byte for byte, about twice as fast (an import hashes tens
        # of thousands of entries); anything else (_quote refuses it) is left to _encode.
        encoded = "[" + ",".join(["null" if value is None else _quote(value) for value in values]) + "]"
    except TypeError:
        encoded = _encode(values)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _chain_head(session: Session) -> str:
    """The hash of the last entry, as this transaction sees it (read once, then carried in the session)."""
    transaction = session.get_transaction()
    cached = session.info.get(_HEAD_KEY)
    if cached is not None and cached[0] is transaction:
        return str(cached[1])
    session.flush()
    last = session.scalar(select(AuditEventRecord.entry_hash).order_by(AuditEventRecord.id.desc()).limit(1))
    return last or GENESIS


def record(
    session: Session,
    *,
    actor: str,
    entity: str,
    entity_uid: str,
    action: str,
    field: str = "",
    old: str | None = None,
    new: str | None = None,
    reason: str = "",
) -> AuditEventRecord:
    """Append one entry to the chain within the caller's transaction.

    The chain head is read once per transaction and then carried in the session, so a bulk change (an
    export writes two entries per case) costs no extra query per entry. Entries are inserted in the
    order they were added, which is the chain order.
    """
    prev_hash = _chain_head(session)
    occurred_at = _now()
    content = Entry(actor, entity, entity_uid, action, field, old, new, reason)
    event = AuditEventRecord(
        occurred_at=occurred_at,
        **dict(zip(_CONTENT_COLUMNS, content, strict=True)),
        prev_hash=prev_hash,
        entry_hash=entry_hash(prev_hash, occurred_at, content),
    )
    session.add(event)
    session.info[_HEAD_KEY] = (session.get_transaction(), event.entry_hash)
    return event


_BULK_COLUMNS = ("occurred_at", *_CONTENT_COLUMNS, "prev_hash", "entry_hash")


def record_many(session: Session, entries: Iterable[Entry]) -> int:
    """Append ``entries`` to the chain, in order, within the caller's transaction; the number appended.

    The rows are exactly those :func:`record` would add called once per entry at the same moment (same
    ``occurred_at`` as stored, same ``prev_hash``/``entry_hash`` chain, ids in the same order), written
    with executemany INSERTs of plain tuples instead of one ORM object each (the one timestamp is turned
    into its stored form by the column's own type). Entries added before with :func:`record` are flushed
    first and the chain head is carried on, so the two can be mixed freely in one transaction.
    """
    prev_hash = _chain_head(session)
    session.flush()  # ORM entries still pending must get their ids (their chain places) first
    occurred_at = _now()
    stamp = _timestamp(occurred_at)
    connection = session.connection()
    table = cast(Table, AuditEventRecord.__table__)
    column = table.c.occurred_at
    processor = column.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    stored_at = processor(occurred_at) if processor is not None else occurred_at
    statement = (
        f"INSERT INTO {table.name} ({', '.join(table.c[name].name for name in _BULK_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_BULK_COLUMNS))})"
    )
    count = 0
    rows: list[tuple[Any, ...]] = []
    for entry in entries:
        digest = _stamped_hash(prev_hash, stamp, entry)
        rows.append((stored_at, *entry, prev_hash, digest))
        prev_hash = digest
        if len(rows) >= BULK_CHUNK:
            connection.exec_driver_sql(statement, rows)
            count += len(rows)
            rows = []
    if rows:
        connection.exec_driver_sql(statement, rows)
        count += len(rows)
    session.info[_HEAD_KEY] = (session.get_transaction(), prev_hash)
    return count


def _content(row: AuditEventRecord) -> tuple[Any, ...]:
    """What a stored entry says, in the order of ``_CONTENT_COLUMNS``."""
    return tuple(getattr(row, name) for name in _CONTENT_COLUMNS)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    occurred_at: datetime
    actor: str
    entity: str
    entity_uid: str
    action: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the chain: ``first_broken_id`` is None when every entry is intact."""

    entries: int
    first_broken_id: int | None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def _entry(row: AuditEventRecord) -> AuditEntry:
    return AuditEntry(row.id, row.occurred_at, *_content(row))


def history(database: Database, entity_uid: str) -> list[AuditEntry]:
    """Every entry about one case (or file, or item), oldest first."""
    with database.session() as session:
        rows = session.scalars(
            select(AuditEventRecord)
            .where(AuditEventRecord.entity_uid == entity_uid)
            .order_by(AuditEventRecord.id)
        ).all()
        return [_entry(row) for row in rows]


def case_history(database: Database, application_id: int) -> list[AuditEntry]:
    """Everything recorded about one case, oldest first: the case itself and its checklist items.

    Checklist changes are recorded under the item's own uid, so they are gathered here by the case.
    """
    with database.session() as session:
        uid = session.scalar(select(ApplicationRecord.uid).where(ApplicationRecord.id == application_id))
        if uid is None:
            raise AppError(
                f"There is no application {application_id}.",
                f"沒有編號 {application_id} 的申請。",
                code="application_not_found",
            )
        item_uids = session.scalars(
            select(EvidenceItemRecord.uid).where(EvidenceItemRecord.application_id == application_id)
        ).all()
        rows = session.scalars(
            select(AuditEventRecord)
            .where(AuditEventRecord.entity_uid.in_([uid, *item_uids]))
            .order_by(AuditEventRecord.id)
        ).all()
        return [_entry(row) for row in rows]


def verify_chain(database: Database) -> ChainReport:
    """Recompute every hash in order; the first entry whose link or content does not match is named."""
    previous = GENESIS
    count = 0
    with database.session() as session:
        for row in session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id)):
            count += 1
            if row.prev_hash != previous:
                return ChainReport(
                    count, row.id, "does not follow the entry before it (deleted or reordered)"
                )
            expected = entry_hash(row.prev_hash, row.occurred_at, _content(row))
            if row.entry_hash != expected:
                return ChainReport(count, row.id, "its content was changed")
            previous = row.entry_hash
    return ChainReport(count, None)
