"""Append-only, hash-chained audit trail: every change to a case, who made it, when, and why.

Each entry's hash covers its own content and the previous entry's hash, so editing, deleting or
reordering any row breaks the chain from that point on; :func:`verify_chain` names the first bad entry.
Once the database is encrypted the hashes are HMAC-SHA256 under a key derived from the data key (the mode
is kept in ``audit_chain``; :func:`rekey_chain` switches), so nobody without the key can recompute them.
Entries are appended inside the caller's transaction, so a change and its audit row commit together.
:func:`record` appends one entry through the ORM; :func:`record_many` appends many with bulk INSERTs and
gives exactly the rows (hashes and order) that calling :func:`record` for each would give;
:func:`record_dated` does the same for entries that each carry their own time.

At the commit of a transaction that appended entries (session hooks below, the one place): its last
entry claims the ``data_changes`` rows the transaction caused (:mod:`.audit_changes`), and after the
commit the chain's head is written to the anchor file beside the database (:mod:`.audit_anchor`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, event, func, select, update
from sqlalchemy.orm import Session, SessionTransaction

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditChainRecord, AuditEventRecord
from assessor_app.core.db.models.cases import ApplicationRecord, EvidenceItemRecord
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit_anchor, audit_changes, audit_redaction, audit_verify
from assessor_app.core.services.audit_chain import (
    CONTENT_COLUMNS,
    GENESIS,
    KEYED,
    RESTORED_ACTION,
    RESTORED_ENTITY,
    ChainReport,
    chain_key,
    chain_mode,
    content_of,
    entry_hash,
    own_hash,
    stamped_hash,
    timestamp_text,
)
from assessor_app.core.services.audit_chain import UNKEYED as UNKEYED
from assessor_app.core.services.audit_chain import Finding as Finding

__all__ = [  # the chain's API, some of it defined in audit_chain
    "GENESIS",
    "KEYED",
    "UNKEYED",
    "AuditEntry",
    "ChainReport",
    "Entry",
    "Finding",
    "case_history",
    "chain_head",
    "chain_key",
    "chain_mode",
    "entry_hash",
    "history",
    "record",
    "record_dated",
    "record_many",
    "record_restore",
    "rekey_chain",
    "verify_chain",
]

_HEAD_KEY = "audit_chain_head"
_CONNECTION_KEY = "audit_chain_connection"
_ANCHOR_KEY = "audit_chain_anchor"
BULK_CHUNK = 5000  # entries per INSERT statement in record_many
# The chain's last entry, read at the start and at the commit of every audited write: built once.
_LAST_HASH = select(AuditEventRecord.entry_hash).order_by(AuditEventRecord.id.desc()).limit(1)
_LAST_ENTRY = select(AuditEventRecord).order_by(AuditEventRecord.id.desc()).limit(1)


def _now() -> datetime:
    """When an entry is recorded (one place, so tests can hold the clock still)."""
    return datetime.now(UTC)


class Entry(NamedTuple):
    """One audit entry to append with :func:`record_many` (the arguments of :func:`record`).

    Its fields stand in the order of ``CONTENT_COLUMNS``, the order they are hashed and stored in.
    """

    actor: str
    entity: str
    entity_uid: str
    action: str
    field: str = ""
    old: str | None = None
    new: str | None = None
    reason: str = ""


@dataclass
class _ChainState:
    """The chain as one transaction sees it: its head, how hashes are made, whether it appended."""

    transaction: SessionTransaction | None
    head: str
    mode: str
    key: bytes | None
    appended: bool = False


def _mode_key(session: Session, mode: str) -> bytes | None:
    """The key for ``mode`` (None when unkeyed); a keyed chain without the data key is refused."""
    if mode != KEYED:
        return None
    data_key = session.info.get("data_key")
    if data_key is None:
        raise AppError(
            "The audit trail is keyed with the data key, which this session does not hold: "
            "open the database with its key.",
            "審計記錄以資料金鑰加密簽署，但此工作階段沒有該金鑰：請以金鑰開啟資料庫。",
            code="audit_key_missing",
        )
    return chain_key(data_key)


def _state(session: Session) -> _ChainState:
    """The chain for this transaction (read once, then carried in the session)."""
    transaction = session.get_transaction()
    cached = session.info.get(_HEAD_KEY)
    if transaction is not None and isinstance(cached, _ChainState) and cached.transaction is transaction:
        return cached
    session.flush()
    session.connection()  # begins the transaction if the session has not yet
    transaction = session.get_transaction()
    last = session.scalar(_LAST_HASH)
    mode = chain_mode(session)
    state = _ChainState(transaction, last or GENESIS, mode, _mode_key(session, mode))
    session.info[_HEAD_KEY] = state
    return state


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
    state = _state(session)
    occurred_at = _now()
    content = Entry(actor, entity, entity_uid, action, field, old, new, reason)
    row = AuditEventRecord(
        occurred_at=occurred_at,
        **dict(zip(CONTENT_COLUMNS, content, strict=True)),
        prev_hash=state.head,
        entry_hash=entry_hash(state.head, occurred_at, content, key=state.key),
    )
    session.add(row)
    state.head, state.appended = row.entry_hash, True
    return row


_BULK_COLUMNS = ("occurred_at", *CONTENT_COLUMNS, "prev_hash", "entry_hash")
# What takes a chunk of rows in their stored forms: the table, its columns named, the rows.
StoredRowsWriter = Callable[[Table, Sequence[str], list[tuple[Any, ...]]], None]


def record_many(session: Session, entries: Iterable[Entry]) -> int:
    """Append ``entries`` to the chain, in order, within the caller's transaction; the number appended.

    The rows are exactly those :func:`record` would add called once per entry at the same moment (same
    ``occurred_at`` as stored, same ``prev_hash``/``entry_hash`` chain, ids in the same order), written
    with executemany INSERTs of plain tuples instead of one ORM object each (the one timestamp is turned
    into its stored form by the column's own type). Entries added before with :func:`record` are flushed
    first and the chain head is carried on, so the two can be mixed freely in one transaction.
    """
    occurred_at = _now()
    return record_dated(session, ((occurred_at, entry) for entry in entries))


def record_dated(
    session: Session, entries: Iterable[tuple[datetime, Entry]], *, write: StoredRowsWriter | None = None
) -> int:
    """:func:`record_many` for entries that each carry the moment they happened (the demo's years of
    history): the same chain, rows and statements, each entry hashed and stored with its own time.
    ``write`` is given each chunk of stored rows instead of an INSERT of them (the demo's copying
    thread, which writes one chunk while the next is hashed); it must write them before the commit."""
    state = _state(session)
    prev_hash = state.head
    session.flush()  # ORM entries still pending must get their ids (their chain places) first
    connection = session.connection()
    table = cast(Table, AuditEventRecord.__table__)
    column = table.c.occurred_at
    processor = column.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    statement = (
        f"INSERT INTO {table.name} ({', '.join(table.c[name].name for name in _BULK_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_BULK_COLUMNS))})"
    )

    def insert(_table: Table, _names: Sequence[str], chunk: list[tuple[Any, ...]]) -> None:
        connection.exec_driver_sql(statement, chunk)

    emit = write or insert
    count = 0
    rows: list[tuple[Any, ...]] = []
    stamped: tuple[datetime, str, Any] | None = None  # the last moment, its hashed and stored forms
    for occurred_at, entry in entries:
        if stamped is None or stamped[0] != occurred_at:
            stored_at = processor(occurred_at) if processor is not None else occurred_at
            stamped = (occurred_at, timestamp_text(occurred_at), stored_at)
        digest = stamped_hash(prev_hash, stamped[1], entry, state.key)
        rows.append((stamped[2], *entry, prev_hash, digest))
        prev_hash = digest
        if len(rows) >= BULK_CHUNK:
            emit(table, _BULK_COLUMNS, rows)
            count += len(rows)
            rows = []
    if rows:
        emit(table, _BULK_COLUMNS, rows)
        count += len(rows)
    state.head = prev_hash
    state.appended = state.appended or count > 0
    return count


def redact_values(
    session: Session, entity_uids: Iterable[str], *, up_to_id: int, actor: str, reason: str
) -> int:
    """Remove the values of the entries about ``entity_uids`` (ids up to ``up_to_id``), in the caller's
    transaction, and append the entry that vouches for them (:mod:`.audit_redaction`); how many entries
    lost their values. What the entries kept (who, when, what was done to which row) stays."""
    uids = sorted(set(entity_uids))
    table = cast(Table, AuditEventRecord.__table__)
    wanted = [table.c.id, table.c.occurred_at]
    wanted += [table.c[name] for name in (*audit_redaction.KEPT_COLUMNS, *audit_redaction.REDACTED_COLUMNS)]
    rows: list[Any] = []
    for start in range(0, len(uids), BULK_CHUNK):
        chunk = uids[start : start + BULK_CHUNK]
        found = session.execute(select(*wanted).where(table.c.entity_uid.in_(chunk), table.c.id <= up_to_id))
        rows += [row for row in found if audit_redaction.holds_values(row)]
    if not rows:
        return 0
    session.flush()
    ids = sorted(row.id for row in rows)
    for start in range(0, len(ids), BULK_CHUNK):
        session.execute(
            update(table)
            .where(table.c.id.in_(ids[start : start + BULK_CHUNK]))
            .values(
                **{name: audit_redaction.redacted(table.c[name]) for name in audit_redaction.REDACTED_COLUMNS}
            )
        )
    record(
        session,
        actor=actor,
        entity=audit_redaction.VOUCHER_ENTITY,
        entity_uid="audit_events",
        action=audit_redaction.VOUCHER_ACTION,
        field=audit_redaction.VOUCHER_FIELD,
        new=audit_redaction.voucher_text(rows),
        reason=reason,
    )
    return len(rows)


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


def _entry(row: AuditEventRecord) -> AuditEntry:
    return AuditEntry(row.id, row.occurred_at, *content_of(row))


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


def verify_chain(database: Database, witnesses: Sequence[audit_anchor.Witness] = ()) -> ChainReport:
    """Check the chain, its claims of logged changes, its anchor and ``witnesses`` (heads recorded
    elsewhere; :func:`.audit_verify.verify_chain`)."""
    return audit_verify.verify_chain(database, witnesses)


def chain_head(session: Session) -> tuple[int, str]:
    """The chain's head as this transaction sees it: (number of entries, hash of the last one).

    What an export manifest or a backup carries so that a later check can tell a cut chain from an
    intact one (as the anchor file beside the database does)."""
    session.flush()
    count = session.scalar(select(func.count()).select_from(AuditEventRecord)) or 0
    last = session.scalar(select(AuditEventRecord.entry_hash).order_by(AuditEventRecord.id.desc()).limit(1))
    return count, last or GENESIS


def record_restore(session: Session, actor: str, source: Path, kept: Path | None) -> None:
    """The entry every restore appends to the restored trail: which backup, by whom, how many entries the
    trail had then (``new``: heads recorded elsewhere beyond that count are from before the restore, and
    ``audit verify`` says so rather than calling them a cut), and where the database as it was is kept."""
    count, _head = chain_head(session)
    record(
        session,
        actor=actor,
        entity=RESTORED_ENTITY,
        entity_uid=source.name,
        action=RESTORED_ACTION,
        new=str(count),
        reason=f"the database as it was is kept in {kept.name}" if kept is not None else "",
    )


def database_file(session: Session) -> Path | None:
    """The file the session's database lives in (None in memory): where its anchor goes beside it."""
    name = session.get_bind().engine.url.database
    return Path(name) if name and name != ":memory:" and not name.startswith("file::memory:") else None


# --- At commit: claim the transaction's logged changes, then anchor the head ---------------------------


@event.listens_for(Session, "after_begin")
def _after_begin(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    if audit_changes.mark_app_changes(connection):
        session.info[_CONNECTION_KEY] = (transaction, connection)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    transaction = session.get_transaction()
    state = session.info.get(_HEAD_KEY)
    if not (isinstance(state, _ChainState) and state.transaction is transaction and state.appended):
        bound = session.info.get(_CONNECTION_KEY)
        if bound is not None and bound[0] is transaction and audit_changes.pending(bound[1]):
            # Changes logged without an entry of the app's stay unclaimed: verify names them.
            audit_changes.forget(bound[1])
        return
    session.flush()
    connection = session.connection()
    last = session.scalars(_LAST_ENTRY).first()
    if last is None:  # a rekeyed empty chain
        count, head = 0, GENESIS
    else:
        if audit_changes.is_marked(connection) and audit_changes.pending(connection):
            last.claims = audit_changes.claim(connection, last.id)
            last.entry_hash = own_hash(last, state.key)
            session.flush()
        count, head = last.id, last.entry_hash
    path = database_file(session)
    if path is not None:
        session.info[_ANCHOR_KEY] = (path, count, head, state.mode, state.key)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    anchored = session.info.pop(_ANCHOR_KEY, None)
    if anchored is not None:
        audit_anchor.write_anchor_quietly(*anchored)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_ANCHOR_KEY, None)


def rekey_chain(session: Session, data_key: bytes) -> int:
    """Make the chain keyed: check it as it is, then recompute every entry under the chain key.

    The encryption migration calls it in the transaction that encrypts the database; the anchor is
    rewritten (with its MAC) after that commit. A chain that does not verify is refused, so a rekey never
    launders tampering. Returns the number of entries rehashed.
    """
    state = _state(session)
    broken = audit_verify.chain_problems(session, state.key)
    if broken:
        raise AppError(
            f"The audit trail does not verify ({broken[0].en}); it was not rekeyed.",
            f"審計記錄核對不符（{broken[0].zh}），未有重新簽署。",
            code="audit_chain_broken",
        )
    key = chain_key(data_key)
    session.flush()
    previous = GENESIS
    updates: list[tuple[str, str, int]] = []
    for row in session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id)):
        row.prev_hash = previous
        previous = own_hash(row, key)
        updates.append((row.prev_hash, previous, row.id))
    for obj in [obj for obj in session.identity_map.values() if isinstance(obj, AuditEventRecord)]:
        session.expunge(obj)  # written below, by id, not through these objects
    if updates:  # (an empty list would run the statement once with no parameters)
        session.connection().exec_driver_sql(
            "UPDATE audit_events SET prev_hash = ?, entry_hash = ? WHERE id = ?", updates
        )
    session.execute(
        update(AuditChainRecord).where(AuditChainRecord.id == 1).values(mode=KEYED, changed_at=_now())
    )
    session.info[_HEAD_KEY] = _ChainState(session.get_transaction(), previous, KEYED, key, appended=True)
    return len(updates)
