"""Which copy a merged case holds, where copies came from, and the bookkeeping of merge conflicts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.audit_sync import (
    AuditEventRecord,
    BatchItemRecord,
    ExportBatchRecord,
    MergeConflictRecord,
)
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services import audit
from assessor_app.core.services.sync.merge_checks import Catalogue, Owners, case_problems
from assessor_app.core.services.sync.merge_content import CaseCopy, LocalCase, chunks, read_local_uids
from assessor_app.core.services.sync.merge_diff import describe_differences

BATCH_KIND = "merge"
EXPORT_KIND = "export"
KEEP_MINE, KEEP_THEIRS, HELD_BY_MERGE = "mine", "theirs", "merged"
PERSON_RESOLUTIONS = (KEEP_MINE, KEEP_THEIRS)
COPY_FIELD = "copy_sha256"
COPY_ACTIONS = ("merged", "merge_replaced", "merge_copy", "merge_conflict_closed")
_SOURCE = re.compile(r"^from (?P<file>.*) \(station (?P<station>.*), batch (?P<batch>[^()]*)\)$", re.DOTALL)


# --- Conflicts and provenance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a copy came from: the workbook's file name, exporting station and batch key."""

    file: str
    station: str
    batch_uid: str

    def describe(self) -> str:
        return f"from {self.file} (station {self.station or '-'}, batch {self.batch_uid or '-'})"

    @staticmethod
    def parse(text: str) -> Source:
        match = _SOURCE.match(text)
        if match is None:
            return Source("", "", "")
        station, batch = match.group("station"), match.group("batch")
        return Source(match.group("file"), "" if station == "-" else station, "" if batch == "-" else batch)


def held_copies(session: Session) -> dict[str, tuple[str, Source]]:
    """For every merged case, the content hash and source of the copy whose case rows it holds (the
    latest ``copy_sha256`` entry of the audit trail), by application key. One pass over the trail."""
    found: dict[str, tuple[str, Source]] = {}
    for uid, sha256, reason in session.execute(
        select(AuditEventRecord.entity_uid, AuditEventRecord.new_value, AuditEventRecord.reason)
        .where(
            AuditEventRecord.entity == "application",
            AuditEventRecord.field == COPY_FIELD,
            AuditEventRecord.action.in_(COPY_ACTIONS),
        )
        .order_by(AuditEventRecord.id)
    ).tuples():
        if sha256:
            found[uid] = (sha256, Source.parse(reason))
    return found


def record_conflict(
    session: Session, copy: CaseCopy, source: Source, *, actor: str
) -> tuple[MergeConflictRecord, bool]:
    """The conflict row keeping ``copy`` (created, and audited, unless the same copy is already kept)."""
    row = session.scalar(
        select(MergeConflictRecord).where(
            MergeConflictRecord.application_uid == copy.uid, MergeConflictRecord.theirs_sha256 == copy.sha256
        )
    )
    created = row is None
    if row is None:
        row = MergeConflictRecord(
            application_uid=copy.uid,
            reference_no=copy.reference_no[:32] if copy.reference_no else None,
            source_file=source.file[:260],
            source_station=source.station[:16],
            source_batch_uid=source.batch_uid[:36],
            theirs_sha256=copy.sha256,
            theirs_json=copy.to_json(),
            differences="",
            detected_by=actor,
        )
        session.add(row)
        session.flush()
        note = f"conflict {row.id}: {source.describe()}"
    elif row.resolution == HELD_BY_MERGE:  # the case held this copy, and no longer does: open again
        row.resolution = row.resolved_by = row.resolved_at = None
        row.resolution_reason = ""
        note = f"conflict {row.id} open again: {source.describe()}"
    else:
        return row, False
    audit.record(
        session,
        actor=actor,
        entity="application",
        entity_uid=copy.uid,
        action="merge_conflict",
        field="theirs_sha256",
        new=copy.sha256,
        reason=note,
    )
    return row, created


def refresh_conflicts(session: Session, uids: Iterable[str], *, actor: str, closing_reason: str) -> None:
    """Bring the open conflicts of these cases up to date: a copy the case now holds exactly is closed
    (resolution ``merged``, audited); the others get their differences listed against the case as it is."""
    wanted = sorted(set(uids))
    rows: list[MergeConflictRecord] = []
    for chunk in chunks(wanted):
        rows += session.scalars(
            select(MergeConflictRecord).where(
                MergeConflictRecord.application_uid.in_(chunk), MergeConflictRecord.resolution.is_(None)
            )
        ).all()
    if not rows:
        return
    local = read_local_uids(session, {row.application_uid for row in rows})
    catalogue = Catalogue.load(session)
    owners = Owners()
    copies = {row.id: CaseCopy.from_json(row.theirs_json) for row in rows}
    owners.load(session, copies.values())
    for row in rows:
        copy = copies[row.id]
        mine = local.get(row.application_uid)
        if mine is not None and mine.copy.sha256 == row.theirs_sha256:
            row.resolution = HELD_BY_MERGE
            row.resolved_by = actor
            row.resolved_at = utc_now()
            row.resolution_reason = closing_reason
            audit.record(  # the case now holds this copy: the entry names it, as a merge writing it does
                session,
                actor=actor,
                entity="application",
                entity_uid=row.application_uid,
                action="merge_conflict_closed",
                field=COPY_FIELD,
                new=row.theirs_sha256,
                reason=Source(row.source_file, row.source_station, row.source_batch_uid).describe(),
            )
            continue
        problems = case_problems(catalogue, owners, copy)
        differences = (
            problems
            if problems and mine is None
            else problems + describe_differences(mine.copy if mine else None, copy)
        )
        text = "\n".join(differences)
        if row.differences != text:
            row.differences = text
    session.flush()


def is_untouched_merge(session: Session, case: LocalCase | Any, sha256: str) -> bool:
    """The case (a :class:`LocalCase` or its row of :func:`.merge_content.read_local_hashes`), whose
    content hash is ``sha256``, came in by a merge and nothing happened to it here since: it is locked into
    a merge batch whose ledger item still has that content hash, no correction is open, and no person
    resolved a conflict on it."""
    if case.locked_by_batch_id is None or case.needs_reexport:
        return False
    row = session.execute(
        select(ExportBatchRecord.kind, BatchItemRecord.content_sha256)
        .join(BatchItemRecord, BatchItemRecord.batch_id == ExportBatchRecord.id)
        .where(ExportBatchRecord.id == case.locked_by_batch_id, BatchItemRecord.application_id == case.id)
    ).first()
    if row is None or row[0] != BATCH_KIND or row[1] != sha256:
        return False
    resolved = session.scalar(
        select(MergeConflictRecord.id)
        .where(
            MergeConflictRecord.application_uid == case.uid,
            MergeConflictRecord.resolution.in_(PERSON_RESOLUTIONS),
        )
        .limit(1)
    )
    return resolved is None
