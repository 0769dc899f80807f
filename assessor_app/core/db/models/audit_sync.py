"""Audit and sync records: the hash-chained audit trail, tracked data changes, batches, merges, conflicts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from assessor_app.core.db.models.base import Base, new_uid
from assessor_app.core.db.types import UTCDateTime
from assessor_app.core.hong_kong_time import utc_now


class AuditEventRecord(Base):
    """Append-only, hash-chained record of every change to a case."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    actor: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(60), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "<count>:<sha256>" of the data_changes rows this entry's transaction caused (its hash covers it).
    claims: Mapped[str | None] = mapped_column(String(90))


class AuditChainRecord(Base):
    """How the chain's hashes are made (one row): ``sha256``, or ``hmac-sha256`` under the chain key."""

    __tablename__ = "audit_chain"
    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        CheckConstraint("mode IN ('sha256', 'hmac-sha256')", name="mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class DataChangeRecord(Base):
    """A sensitive column updated, or a case's row deleted, written by a trigger whoever wrote (0012).

    ``claimed_by`` is the audit entry of the app's transaction that made it; NULL: made outside the app.
    """

    __tablename__ = "data_changes"
    __table_args__ = (Index("ix_data_changes_claimed_by", "claimed_by"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    columns: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[str] = mapped_column(
        String(32), server_default=text("(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
    )
    claimed_by: Mapped[int | None] = mapped_column(Integer)


class ExportBatchRecord(Base):
    """A workbook that left or entered this laptop: export, returned results, or another station's batch."""

    __tablename__ = "export_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    case_count: Mapped[int] = mapped_column(Integer, default=0)


class BatchItemRecord(Base):
    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("export_batches.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    content_sha256: Mapped[str] = mapped_column(String(64), default="")


class MergedFileRecord(Base):
    """A workbook file a full merge here read, checked and took (migration 0014): what a merge of the very
    same bytes again may rely on instead of reading them (``sync/merge_known.py``)."""

    __tablename__ = "merged_files"
    __table_args__ = (UniqueConstraint("file_sha256", "checks"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64))  # of the encrypted file's bytes
    checks: Mapped[str] = mapped_column(String(40))  # the app and format version that checked it
    checked_on: Mapped[date] = mapped_column(Date)  # Hong Kong's day of that merge
    manifest_json: Mapped[str] = mapped_column(Text)
    copies: Mapped[str] = mapped_column(Text)  # "application key content hash" per line, in file order
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class MergeConflictRecord(Base):
    """Another station's copy of a case that differs from this laptop's, kept whole for a person to resolve."""

    __tablename__ = "merge_conflicts"
    __table_args__ = (UniqueConstraint("application_uid", "theirs_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_uid: Mapped[str] = mapped_column(String(36), index=True)
    reference_no: Mapped[str | None] = mapped_column(String(32))
    source_file: Mapped[str] = mapped_column(String(260))
    source_station: Mapped[str] = mapped_column(String(16), default="")
    source_batch_uid: Mapped[str] = mapped_column(String(36), default="")
    theirs_sha256: Mapped[str] = mapped_column(String(64))
    theirs_json: Mapped[str] = mapped_column(Text)
    differences: Mapped[str] = mapped_column(Text, default="")
    detected_by: Mapped[str] = mapped_column(String(60))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolved_by: Mapped[str | None] = mapped_column(String(60))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_reason: Mapped[str] = mapped_column(Text, default="")
