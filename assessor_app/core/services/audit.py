"""Append-only, hash-chained audit trail: every change to a case, who made it, when, and why.

Each entry's hash covers its own content and the previous entry's hash, so editing, deleting or
reordering any row breaks the chain from that point on; :func:`verify_chain` names the first bad entry.
Entries are appended inside the caller's transaction, so a change and its audit row commit together.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import ApplicationRecord, AuditEventRecord, EvidenceItemRecord
from assessor_app.core.errors import AppError

GENESIS = "0" * 64
_HEAD_KEY = "audit_chain_head"


def _timestamp(moment: datetime) -> str:
    # SQLite hands back naive datetimes: hash the UTC wall time in one fixed format either way.
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def entry_hash(
    *,
    prev_hash: str,
    occurred_at: datetime,
    actor: str,
    entity: str,
    entity_uid: str,
    action: str,
    field: str,
    old_value: str | None,
    new_value: str | None,
    reason: str,
) -> str:
    content = json.dumps(
        [
            prev_hash,
            _timestamp(occurred_at),
            actor,
            entity,
            entity_uid,
            action,
            field,
            old_value,
            new_value,
            reason,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


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
    transaction = session.get_transaction()
    cached = session.info.get(_HEAD_KEY)
    if cached is not None and cached[0] is transaction:
        prev_hash = cached[1]
    else:
        session.flush()
        last = session.scalar(
            select(AuditEventRecord.entry_hash).order_by(AuditEventRecord.id.desc()).limit(1)
        )
        prev_hash = last or GENESIS
    occurred_at = datetime.now(UTC)
    event = AuditEventRecord(
        occurred_at=occurred_at,
        actor=actor,
        entity=entity,
        entity_uid=entity_uid,
        action=action,
        field=field,
        old_value=old,
        new_value=new,
        reason=reason,
        prev_hash=prev_hash,
        entry_hash=entry_hash(
            prev_hash=prev_hash,
            occurred_at=occurred_at,
            actor=actor,
            entity=entity,
            entity_uid=entity_uid,
            action=action,
            field=field,
            old_value=old,
            new_value=new,
            reason=reason,
        ),
    )
    session.add(event)
    session.info[_HEAD_KEY] = (transaction, event.entry_hash)
    return event


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
    return AuditEntry(
        id=row.id,
        occurred_at=row.occurred_at,
        actor=row.actor,
        entity=row.entity,
        entity_uid=row.entity_uid,
        action=row.action,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        reason=row.reason,
    )


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
            expected = entry_hash(
                prev_hash=row.prev_hash,
                occurred_at=row.occurred_at,
                actor=row.actor,
                entity=row.entity,
                entity_uid=row.entity_uid,
                action=row.action,
                field=row.field,
                old_value=row.old_value,
                new_value=row.new_value,
                reason=row.reason,
            )
            if row.entry_hash != expected:
                return ChainReport(count, row.id, "its content was changed")
            previous = row.entry_hash
    return ChainReport(count, None)
