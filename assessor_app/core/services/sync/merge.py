"""Merge another station's batch workbook into this database: nothing lost, nothing silently overwritten.

Only a **full-HKID export** is merged (a supervisor's "full HKID numbers (encrypted)" export, opened with
its password): a merged applicant must hold the real HKID. A masked workbook is refused, and so is an
edited one (the manifest's data SHA-256 must match the data) and one not signed by a station whose key is
enrolled here (:mod:`.batch_signature`). The whole merge is one transaction.

Every case in the workbook is a *copy*: its applicants row (the particulars as lodged on that form) and
its rows on the other sheets, HKIDs in full, values in their canonical text form (:class:`CaseCopy`; its
SHA-256 is the case's *content hash*). A format 2.0 workbook is merged with its 2.0 meaning
(:mod:`.workbook_legacy`).
For each copy, by its application key:

- **not here**: the case is added (applicant, application, qualifications applied for with any results,
  the assessor's decisions, employment periods with their industry, evidence items), unless something
  it needs is missing here (a qualification, industry, evidence type or event unknown to this laptop, a
  key or reference number used by another case): then nothing of it is added and it is a *conflict*;
- **here with the same content**: nothing happens (merging a file twice is a no-op);
- **here with other content**: a *conflict* kept whole in ``merge_conflicts`` for a person to resolve
  (:mod:`.conflicts`); the same copy merged again is not recorded twice.

**The rule that makes the order of merges irrelevant.** A case created on this laptop, or changed here
since it was merged (its content hash is not the one its merge ledger item recorded, or a correction is
open on it, or it left in an export batch since, or a person resolved a conflict on it), always stays as
it is. Between copies from other stations, the case holds the copy with the smaller content hash. Every
copy not held exactly is an open conflict; a held copy that is displaced becomes one. So merging A then
B and B then A end with the same cases and the same open conflicts. Every replacement is audited and
listed in the report.

**Applicants: nothing overwritten.** An applicant already here (the same applicant key) keeps their
current particulars: a merge never changes them. A person new to this laptop is created from the
particulars of their newest case in the workbook (latest received-on date, then application key).

An applicant whose full HKID matches a *different* applicant here is a *possible duplicate*: its case is
added all the same, with its own applicant record, and the pair is listed (and written to the audit
trail) for a person to look at, with whether the dates of birth match.

The very same file merged again (its bytes' SHA-256 recorded by a full merge here that took it) is not
read when this laptop holds every copy of it exactly: it is still refused without its password or when
its signer's enrolment was removed since, and is otherwise counted unchanged, as the full merge would
count it (:mod:`.merge_known` argues why).

Every case the merge writes is in the merge's ledger batch (kind ``merge``) with the content hash of the
case as merged, and locked into it (:func:`~assessor_app.core.services.corrections.lock_into_batch`), so
later edits need a recorded correction as for an exported case. Not carried: the five-rule assessment
notes, document requests, attachments, the HKID verification stamp.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord, MergeConflictRecord
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services import audit
from assessor_app.core.services.review.corrections import CaseLock, lock_many_into_batch
from assessor_app.core.services.shared import acting_user
from assessor_app.core.services.sync import guard
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.batch_signature import BatchSigner, verify_signature
from assessor_app.core.services.sync.case_rows import canonical
from assessor_app.core.services.sync.merge_apply import NewCases, write_case
from assessor_app.core.services.sync.merge_checks import Catalogue, Owners, case_problems
from assessor_app.core.services.sync.merge_content import (
    CHUNK,
    CaseCopy,
    Line,
    LocalCase,
    chunks,
    copies_from_workbook,
    local_case,
    read_local,
    read_local_hashes,
    read_local_uids,
    store_content_hashes,
)
from assessor_app.core.services.sync.merge_diff import Change, audit_value, changes
from assessor_app.core.services.sync.merge_known import (
    KnownFile,
    file_digest,
    find_known,
    open_known,
    record_known,
)
from assessor_app.core.services.sync.merge_report import (
    Conflict,
    MergeReport,
    PossibleDuplicate,
    Replacement,
    find_duplicates,
    people_here,
    people_of,
)
from assessor_app.core.services.sync.merge_rules import (
    BATCH_KIND,
    COPY_FIELD,
    Source,
    held_copies,
    is_untouched_merge,
    record_conflict,
    refresh_conflicts,
)
from assessor_app.core.services.sync.merge_workbook import read_workbook
from assessor_app.core.services.sync.writer import paused_gc

__all__ = ["Conflict", "MergeReport", "PossibleDuplicate", "Replacement", "merge_batch"]

# --- The merge -----------------------------------------------------------------------------------------


class _Merger:
    """One merge's unit of work (see the module docstring for the rule)."""

    def __init__(
        self, session: Session, *, actor: str, source: Source, file_sha256: str, report: MergeReport
    ):
        self.session = session
        self.actor = actor
        self.source = source
        self.file_sha256 = file_sha256
        self.report = report
        self.catalogue = Catalogue.load(session)
        self.owners = Owners()
        self.cache: dict[str, LocalCase | None] = {}
        self.applicants: dict[str, ApplicantRecord | None] = {}
        self.touched: set[str] = set()  # application keys of the cases this merge wrote
        self.new_cases = NewCases(session, self.catalogue, actor=actor)
        self.entries: list[audit.Entry] = []  # audit entries not written yet, in the chain's order
        self.foreign_cache: dict[int, bool] = {}
        self.held: dict[str, tuple[str, Source]] | None = None  # loaded when first needed
        self.conflict_ids: dict[int, None] = {}
        self.same: set[str] = set()  # application keys of the copies held here exactly (held_here)
        self.created_applicants: set[str] = set()
        # Cases added exactly as their copy (by application key): their content hash is the copy's.
        self.added_exactly: dict[str, str] = {}
        self.newest: dict[str, Line] = {}  # per applicant key, the applicants row a new person starts from
        self.signed = report.signer.describe()[0] if report.signer else "unsigned"

    # -- reading ------------------------------------------------------------------------------------

    def preload(self, copies: dict[str, CaseCopy]) -> None:
        # A copy held here exactly is only counted unchanged: neither the owners of its keys nor its
        # applicant's record is asked about (another copy carrying one of its keys loads that key itself).
        written = [copy for uid, copy in copies.items() if uid not in self.same]
        self.owners.load(self.session, written)
        received = fmt.APPLICATIONS.column_index["application_date"]
        chosen: dict[str, tuple[str, str]] = {}
        for copy in copies.values():
            applications = copy.sheet(fmt.APPLICATIONS)
            order = (applications[0][received] if applications else "", copy.uid)
            if copy.applicant and order > chosen.get(copy.applicant_uid, ("", "")):
                chosen[copy.applicant_uid] = order
                self.newest[copy.applicant_uid] = copy.applicant
        applicant_uids = sorted({copy.applicant_uid for copy in written})
        for uid in applicant_uids:
            self.applicants[uid] = None
        for chunk in chunks(applicant_uids):
            for record in self.session.scalars(select(ApplicantRecord).where(ApplicantRecord.uid.in_(chunk))):
                self.applicants[record.uid] = record

    def materialize(self) -> None:
        """Write the new cases still pending (before anything reads cases back)."""
        if self.new_cases:
            self.new_cases.write()

    def write_entries(self) -> None:
        """Append the audit entries held back (before any other entry, or anything reading the trail)."""
        audit.record_many(self.session, self.entries)
        self.entries.clear()

    def held_here(self, copies: dict[str, CaseCopy]) -> set[str]:
        """The copies this laptop holds exactly (one read of the content hashes of the cases here, a chunk at
        a time). Their case is cached with the workbook's copy as its content (the same content: no copy
        of it is built from the database); a case here that differs is read whole when its chunk is
        merged; an absent one is cached as absent."""
        same = self.same
        for chunk in chunks(sorted(copies)):
            found = read_local_hashes(self.session, ApplicationRecord.uid.in_(chunk))
            for uid in chunk:
                if uid not in found:
                    self.cache[uid] = None
                    continue
                case, sha256 = found[uid]
                if sha256 == copies[uid].sha256:
                    self.cache[uid] = local_case(case, copies[uid])
                    same.add(uid)
        return same

    def read_cases(self, uids: Sequence[str]) -> None:
        """Read these cases here at once (a chunk of the workbook's, so only a chunk is held at a time),
        but those :meth:`held_here` kept."""
        wanted = [uid for uid in uids if uid not in self.cache]
        if not wanted:
            return
        found = read_local(self.session, ApplicationRecord.uid.in_(wanted))
        for uid in wanted:
            self.cache[uid] = found.get(uid)

    def forget(self, uid: str) -> None:
        """Let the case here go once its copy is merged (read again if it is needed after all)."""
        self.cache.pop(uid, None)

    def local(self, uid: str) -> LocalCase | None:
        if uid not in self.cache:
            self.materialize()
            self.cache[uid] = read_local_uids(self.session, [uid]).get(uid)
        return self.cache[uid]

    def applicant(self, uid: str) -> ApplicantRecord | None:
        if uid not in self.applicants:
            self.applicants[uid] = self.session.scalar(
                select(ApplicantRecord).where(ApplicantRecord.uid == uid)
            )
        return self.applicants[uid]

    def foreign(self, case: Any, sha256: str) -> bool:
        """The case (a :class:`LocalCase`, or its row of :func:`read_local_hashes`), whose content hash is
        ``sha256``, holds another station's copy, untouched here since (the merge rule may replace it)."""
        if case.uid in self.touched:
            return True
        if case.id not in self.foreign_cache:
            self.foreign_cache[case.id] = is_untouched_merge(self.session, case, sha256)
        return self.foreign_cache[case.id]

    def held_copy(self, uid: str) -> tuple[str, Source] | None:
        if self.held is None:
            self.write_entries()
            self.held = held_copies(self.session)
        return self.held.get(uid)

    def held_sha256(self, uid: str) -> str | None:
        found = self.held_copy(uid)
        return found[0] if found else None

    def is_real(self, case: LocalCase) -> bool:
        """The case's content is exactly the copy its last merge entry names (so displacing it keeps that copy)."""
        return self.held_sha256(case.uid) == case.copy.sha256

    def provenance(self, uid: str) -> Source:
        found = self.held_copy(uid)
        return found[1] if found else Source("", "", "")

    # -- writing ------------------------------------------------------------------------------------

    def touch(self, uid: str) -> None:
        self.touched.add(uid)
        self.cache.pop(uid, None)

    def conflict(self, copy: CaseCopy, source: Source | None = None) -> int:
        self.write_entries()  # record_conflict appends its own entry
        row, _ = record_conflict(self.session, copy, source or self.source, actor=self.actor)
        self.conflict_ids[row.id] = None
        return row.id

    def audit_held(
        self, uid: str, action: str, copy_sha256: str, source: Source, *, new_case: bool = False
    ) -> None:
        old = None if new_case else self.held_sha256(uid)
        if self.held is not None:
            self.held[uid] = (copy_sha256, source)
        self.entries.append(
            audit.Entry(
                actor=self.actor,
                entity="application",
                entity_uid=uid,
                action=action,
                field=COPY_FIELD,
                old=old,
                new=copy_sha256,
                reason=source.describe(),
            )
        )

    def audit_changes(self, uid: str, found: list[Change], why: str) -> None:
        self.entries += [
            audit.Entry(
                actor=self.actor,
                entity="application",
                entity_uid=uid,
                action="merge_replaced",
                field=change.field[:60],
                old=audit_value(change.old, is_hkid=change.is_hkid),
                new=audit_value(change.new, is_hkid=change.is_hkid),
                reason=why,
            )
            for change in found
        ]

    def hkid_here(self, applicant_uid: str) -> str | None:
        """The HKID the case's applicant has here: a new person's from the workbook, or the record's."""
        created = self.new_cases.person_hkid(applicant_uid)
        if created is not None:
            return created
        record = self.applicant(applicant_uid)
        return None if record is None else canonical(record.hkid)

    def add(self, copy: CaseCopy) -> None:
        """Add the case, linked to its applicant here (never changed by a merge) or to a new one made
        from the particulars of their newest case in the workbook."""
        record = self.applicant(copy.applicant_uid)
        if record is None:
            self.created_applicants.add(copy.applicant_uid)
        self.new_cases.add(
            copy,
            applicant_id=None if record is None else record.id,
            person=self.newest.get(copy.applicant_uid, copy.applicant),
        )
        if len(self.new_cases) >= CHUNK:
            self.materialize()
        self.owners.claim(copy)
        self.touch(copy.uid)
        self.audit_held(copy.uid, "merged", copy.sha256, self.source, new_case=True)
        self.report.added.append(copy.uid)

    def replace_case(self, case: LocalCase, copy: CaseCopy) -> None:
        displaced = self.conflict(case.copy, self.provenance(case.uid)) if self.is_real(case) else None
        application = self.session.get(ApplicationRecord, case.id)
        assert application is not None
        write_case(
            self.session, self.catalogue, copy, application, applicant=application.applicant, actor=self.actor
        )
        self.owners.release(case.copy)
        self.owners.claim(copy)
        self.audit_changes(
            case.uid,
            changes(case.copy, copy),
            f"the case rows of the copy {copy.sha256[:12]} {self.source.describe()} (merge rule)",
        )
        self.audit_held(case.uid, "merge_replaced", copy.sha256, self.source)
        self.touch(case.uid)
        self.report.replaced.append(Replacement(case.uid, case.copy.reference_no, "case", displaced))

    def unchanged(self, case: Any, sha256: str) -> None:
        """A copy the case here (as for :meth:`foreign`) holds exactly: only counted."""
        self.report.unchanged.append(case.uid)
        held = self.held_sha256(case.uid)
        if held is not None and held != sha256 and self.foreign(case, sha256):
            # A merged case whose particulars an earlier copy changed now matches this copy exactly.
            self.audit_held(case.uid, "merge_copy", sha256, self.source)

    def merge(self, copy: CaseCopy) -> None:
        local = self.local(copy.uid)
        if local is not None and local.copy.sha256 == copy.sha256:
            self.unchanged(local, copy.sha256)
            return
        if case_problems(self.catalogue, self.owners, copy):
            self.conflict(copy)
            return
        if local is None:
            self.add(copy)
            # Only the HKID comes from the applicant record: one here under another number differs.
            exact = self.hkid_here(copy.applicant_uid) == copy.hkid
            if exact:
                self.added_exactly[copy.uid] = copy.sha256
        elif local.copy.applicant_uid != copy.applicant_uid or not self.foreign(local, local.copy.sha256):
            self.conflict(copy)
            return
        else:
            if copy.sha256 < local.copy.sha256:
                self.replace_case(local, copy)
            after = self.local(copy.uid)
            exact = after is not None and after.copy.sha256 == copy.sha256
            if exact and self.held_sha256(copy.uid) != copy.sha256:
                self.audit_held(copy.uid, "merge_copy", copy.sha256, self.source)
        if not exact:
            self.conflict(copy)

    def finish(self, uids_in_file: Iterable[str]) -> None:
        session = self.session
        self.materialize()
        self.write_entries()
        # A case written from its copy row for row has the copy's content hash (the round trip is a test):
        # the ledger below takes it from the cache instead of reading the case back.
        store_content_hashes(session, self.added_exactly)
        if self.touched:
            batch = ExportBatchRecord(
                kind=BATCH_KIND,
                file_name=self.source.file[:260],
                file_sha256=self.file_sha256,
                created_by=self.actor,
                case_count=len(self.touched),
            )
            session.add(batch)
            session.flush()
            cases: list[tuple[CaseLock, str]] = []  # each case as written, with its content hash
            for chunk in chunks(sorted(self.touched)):
                for case, sha256 in read_local_hashes(session, ApplicationRecord.uid.in_(chunk)).values():
                    lock = CaseLock(case.id, case.uid, case.locked_by_batch_id, bool(case.needs_reexport))
                    cases.append((lock, sha256))
            cases.sort(key=lambda item: item[0].application_id)
            session.execute(
                insert(cast(Table, BatchItemRecord.__table__)),
                [
                    {"batch_id": batch.id, "application_id": lock.application_id, "content_sha256": sha256}
                    for lock, sha256 in cases
                ],
            )
            lock_many_into_batch(session, [lock for lock, _ in cases], batch.id, actor=self.actor)
            audit.record(
                session,
                actor=self.actor,
                entity="export_batch",
                entity_uid=batch.uid,
                action="batch_merged",
                field="file_sha256",
                new=self.file_sha256,
                reason=f"{self.source.describe()}: {len(self.report.added)} cases added, "
                f"{len(self.report.replaced)} replaced by the merge rule; {self.signed}",
            )
            self.report.batch_id = batch.id
            session.flush()
        conflicts: list[MergeConflictRecord] = []
        for chunk in chunks(sorted(self.conflict_ids)):
            conflicts += session.scalars(select(MergeConflictRecord).where(MergeConflictRecord.id.in_(chunk)))
        refresh_conflicts(
            session,
            {*uids_in_file, *self.touched, *(row.application_uid for row in conflicts)},
            actor=self.actor,
            closing_reason=f"the case here now holds this copy (merge {self.source.describe()})",
        )
        rows = conflicts
        self.report.conflicts = sorted(
            (
                Conflict(
                    row.application_uid,
                    row.reference_no,
                    tuple(line for line in row.differences.split("\n") if line),
                    row.id,
                    row.resolution,
                )
                for row in rows
            ),
            key=lambda c: (c.application_uid, c.conflict_id),
        )


def merge_batch(database: Database, path: Path, *, actor: str, password: str | None = None) -> MergeReport:
    """Merge another station's full-HKID export (see the module docstring); one transaction.

    ``password`` opens an encrypted workbook. Refused, with the database unchanged: an encrypted file
    without a password (``password_needed``), a wrong password (``wrong_password``), a masked workbook
    (``merge_needs_full_hkid``), an edited one (``merge_tampered``), one not signed by a station key in
    force here (``merge_unsigned``, ``merge_unknown_station``, ``merge_station_removed``,
    ``merge_bad_signature``: :func:`.batch_signature.verify_signature`), any file the reader refuses.
    """
    path = Path(path)
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.MERGE],
            doing_en="merge another station's batch",
            doing_zh="合併其他工作站的批次",
        )
        actor = user.username
    # The copies, checks and writes of every case allocate millions of objects beside the workbook's rows:
    # the cyclic collector would walk them all again and again (reference counting still frees memory).
    with paused_gc():
        return _merge(database, path, actor=actor, password=password)


def _merge(database: Database, path: Path, *, actor: str, password: str | None) -> MergeReport:
    """:func:`merge_batch` once ``actor`` may merge."""
    # The file is read once: these bytes are hashed, looked up, and (unless the record will do) read.
    data = guard.read_checked(path)
    recorded_as = file_digest(data)  # None for a clear file: never recorded
    if recorded_as is not None:
        with database.session() as session:
            known = find_known(session, recorded_as, hong_kong_today())
        # The refusals of a full read of these bytes (password, signature), then the record, while this
        # laptop holds every copy exactly.
        if known is not None:
            open_known(path, data, password)
            signer = verify_signature(database, path, known.manifest)
            report = _merge_known(database, path, known, actor=actor, signer=signer, file_sha256=recorded_as)
            if report is not None:
                return report
    parsed = read_workbook(path, password, data=data)  # the cheap data-hash check first, then the signature
    del data
    signer = verify_signature(database, path, parsed.manifest)
    manifest, file_sha256 = parsed.manifest, parsed.file_sha256
    source = Source(path.name, parsed.manifest.get("station", ""), parsed.manifest.get("batch_uid", ""))
    report = MergeReport(path, signer=signer)
    try:
        with database.session() as session:
            merger = _Merger(session, actor=actor, source=source, file_sha256=file_sha256, report=report)
            # A refused workbook raises here, before anything is written (the session is rolled back).
            copies = copies_from_workbook(parsed, held_here=merger.held_here)
            del parsed  # the copies hold the rows now: let the reader's go before the merge
            merger.preload(copies)
            for chunk in chunks(sorted(copies)):
                merger.read_cases(chunk)
                for uid in chunk:
                    merger.merge(copies[uid])
                    merger.forget(uid)
            merger.finish(copies)
            report.duplicates = find_duplicates(
                session, people_of(copies.values()), actor=actor, created=merger.created_applicants
            )
            # A full merge that took the file and wrote its ledger batch: the same bytes again need not
            # be read (a merge that changed nothing leaves the database as it was).
            if recorded_as is not None and report.batch_id is not None:
                uids = ((uid, copy.sha256) for uid, copy in copies.items())
                record_known(session, recorded_as, manifest, uids, hong_kong_today())
    except IntegrityError as error:  # the last line: the checks above should have refused it by cell
        raise AppError(
            f"{path.name} was refused: the database refused one of its values ({error.orig}); nothing was "
            "changed.",
            f"已拒絕 {path.name}：資料庫拒絕其中一個數值（{error.orig}）；未有任何更改。",
            code="merge_constraint",
        ) from None
    return report


def _merge_known(
    database: Database, path: Path, known: KnownFile, *, actor: str, signer: BatchSigner, file_sha256: str
) -> MergeReport | None:
    """Merge again a file a full merge here took (``known``, the same bytes: :mod:`.merge_known`) when
    this laptop holds each of its copies exactly (the content hash of the case here is the copy's): a
    full merge would then only count each unchanged, as this does, with the same audit entries and
    report. None when any copy is not held here (having changed nothing but the case content cache, as
    the full merge's own reading does): the file is then read in full."""
    source = Source(path.name, known.manifest.get("station", ""), known.manifest.get("batch_uid", ""))
    report = MergeReport(path, signer=signer)
    with database.session() as session:
        here: dict[str, tuple[Any, str]] = {}
        for chunk in chunks(sorted(uid for uid, _ in known.copies)):
            here.update(read_local_hashes(session, ApplicationRecord.uid.in_(chunk)))
        if any(uid not in here or here[uid][1] != sha256 for uid, sha256 in known.copies):
            return None
        merger = _Merger(session, actor=actor, source=source, file_sha256=file_sha256, report=report)
        for uid in sorted(here):
            merger.unchanged(*here[uid])
        merger.finish(here)
        people = people_here(session, [uid for uid, _ in known.copies])
        report.duplicates = find_duplicates(session, people, actor=actor, created=merger.created_applicants)
    return report
