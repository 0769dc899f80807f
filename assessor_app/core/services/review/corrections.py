"""Batch locks and recorded corrections, and the checks every case-changing service makes before it writes.

**Locks.** A case whose ``locked_by_batch_id`` is set left this laptop in that export batch: what was sent
(judgements, recommendations, sign-offs, document requests, evidence) must not change quietly.

**Corrections.** A supervisor or administrator opens a correction with a reason
(:func:`open_correction`; :func:`start_correction` is its write, also used when a merge changes an exported
case): it is written to the audit trail and sets ``needs_reexport``. *A locked case
with* ``needs_reexport`` *set has an open correction*: :func:`assert_editable` lets changes through until
the next export puts the case in a new batch (:func:`lock_into_batch` sets ``locked_by_batch_id`` to the
new batch and clears ``needs_reexport``, closing the correction; :func:`lock_many_into_batch` does the same
for many cases at once with bulk statements, writing the same audit entries). No extra column is needed: the flag is the
marker, and the audit trail says who opened the correction, when and why. :func:`cases_for_next_batch`
lists the corrected cases the next export must carry.

**Guards** used by the assessment, document-request and reimbursement services: :func:`acting_user`
(an active user with one of the roles allowed), :func:`load_application`, :func:`assert_editable` and
:func:`check_text` (length limits, no control characters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.shared import (
    acting_user,
    case_name,
    check_text,
    correction_open,
    flag,
    load_application,
    raise_problems,
)

REASON_MAX = 2000
CORRECTION_OPENED = "correction_opened"


# --- Locks ---------------------------------------------------------------------------------------


def is_locked(database: Database, application_id: int) -> bool:
    """The case is in an export batch (``locked_by_batch_id`` set), whether or not a correction is open."""
    with database.session() as session:
        return load_application(session, application_id).locked_by_batch_id is not None


def is_editable(database: Database, application_id: int) -> bool:
    """The case may change now: never exported, or a correction is open (for the UI's edit buttons)."""
    with database.session() as session:
        application = load_application(session, application_id)
        return application.locked_by_batch_id is None or correction_open(application)


@dataclass(frozen=True)
class LockState:
    """Whether a case left in an export batch (which one) and whether a correction is open on it."""

    batch_id: int | None
    batch_file_name: str
    correction_open: bool

    @property
    def locked(self) -> bool:
        return self.batch_id is not None

    @property
    def editable(self) -> bool:
        return self.batch_id is None or self.correction_open


def lock_state(database: Database, application_id: int) -> LockState:
    """The case's lock as the case view's banner shows it."""
    with database.session() as session:
        application = load_application(session, application_id)
        batch_id = application.locked_by_batch_id
        batch = session.get(ExportBatchRecord, batch_id) if batch_id is not None else None
        return LockState(
            batch_id=batch_id,
            batch_file_name=batch.file_name if batch is not None else "",
            correction_open=correction_open(application),
        )


# --- Corrections ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionRow:
    """A corrected case waiting for the next batch, with who opened the correction, when and why."""

    application_id: int
    reference_no: str | None
    status: str
    locked_by_batch_id: int
    batch_file_name: str
    opened_by: str
    opened_at: datetime | None
    reason: str


def _correction_rows(session: Session, applications: list[ApplicationRecord]) -> list[CorrectionRow]:
    rows: list[CorrectionRow] = []
    for application in applications:
        assert application.locked_by_batch_id is not None
        batch = session.get(ExportBatchRecord, application.locked_by_batch_id)
        opened = session.scalar(
            select(AuditEventRecord)
            .where(
                AuditEventRecord.entity == "application",
                AuditEventRecord.entity_uid == application.uid,
                AuditEventRecord.action == CORRECTION_OPENED,
            )
            .order_by(AuditEventRecord.id.desc())
            .limit(1)
        )
        rows.append(
            CorrectionRow(
                application_id=application.id,
                reference_no=application.reference_no,
                status=application.status,
                locked_by_batch_id=application.locked_by_batch_id,
                batch_file_name=batch.file_name if batch is not None else "",
                opened_by=opened.actor if opened is not None else "",
                opened_at=opened.occurred_at if opened is not None else None,
                reason=opened.reason if opened is not None else "",
            )
        )
    return rows


def open_correction(database: Database, application_id: int, *, actor: str, reason: str) -> CorrectionRow:
    """Open a recorded correction on an exported case: audited with the reason, marked for the next batch.

    Refused (nothing written) when the reason is missing or malformed (``validation``), the user is not a
    supervisor or administrator (``role_not_allowed``), the case was never exported (``not_locked``: edit
    it directly) or a correction is already open (``correction_open``).
    """
    problems: list[str] = []
    reason = check_text(
        reason,
        name_en="reason",
        name_zh="原因",
        max_length=REASON_MAX,
        problems=problems,
        required=True,
    )
    raise_problems(problems, "Give the reason for the correction.", "請註明更正的原因。")
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.OPEN_CORRECTION],
            doing_en="open a correction",
            doing_zh="開立已匯出個案的更正",
        )
        application = load_application(session, application_id)
        case_en, case_zh = case_name(application)
        if application.locked_by_batch_id is None:
            raise AppError(
                f"{case_en} has not been exported: it can be changed directly, without a correction.",
                f"{case_zh} 尚未匯出，可直接更改，毋須開立更正。",
                code="not_locked",
            )
        if correction_open(application):
            raise AppError(
                f"A correction is already open on {case_en}: make the changes, and the case goes out in the next batch.",
                f"{case_zh} 已有未完成的更正：請直接更改，個案會隨下一批匯出。",
                code="correction_open",
            )
        start_correction(session, application, actor=user.username, reason=reason)
        return _correction_rows(session, [application])[0]


def start_correction(session: Session, application: ApplicationRecord, *, actor: str, reason: str) -> None:
    """Open a correction on the exported ``application`` (it goes out in the next batch), audited.

    The caller has made its checks: :func:`open_correction` for a user's request, the conflicts service
    for a case a merge changed after it left this laptop."""
    application.needs_reexport = True
    audit.record(
        session,
        actor=actor,
        entity="application",
        entity_uid=application.uid,
        action=CORRECTION_OPENED,
        field="needs_reexport",
        old=flag(False),
        new=flag(True),
        reason=reason,
    )


def cases_for_next_batch(database: Database) -> list[CorrectionRow]:
    """Every corrected case (locked, with a correction open) the next export must carry, oldest batch first."""
    with database.session() as session:
        applications = list(
            session.scalars(
                select(ApplicationRecord)
                .where(
                    ApplicationRecord.locked_by_batch_id.is_not(None),
                    ApplicationRecord.needs_reexport.is_(True),
                )
                .order_by(ApplicationRecord.locked_by_batch_id, ApplicationRecord.reference_no)
            )
        )
        return _correction_rows(session, applications)


@dataclass(frozen=True)
class CaseLock:
    """What locking a case needs to know: its key and its lock before the export."""

    application_id: int
    uid: str
    locked_by_batch_id: int | None
    needs_reexport: bool


LOCK_CHUNK = 500  # case ids per UPDATE statement


def lock_entries(case: CaseLock, batch_id: int, *, actor: str) -> list[audit.Entry]:
    """The audit entries that locking ``case`` into ``batch_id`` writes (one per changed field)."""
    entries: list[audit.Entry] = []
    old_batch = case.locked_by_batch_id
    if old_batch != batch_id:
        entries.append(
            audit.Entry(
                actor=actor,
                entity="application",
                entity_uid=case.uid,
                action="batch_lock",
                field="locked_by_batch_id",
                old=None if old_batch is None else str(old_batch),
                new=str(batch_id),
            )
        )
    if case.needs_reexport:
        entries.append(
            audit.Entry(
                actor=actor,
                entity="application",
                entity_uid=case.uid,
                action="correction_closed",
                field="needs_reexport",
                old=flag(True),
                new=flag(False),
                reason=f"exported again in batch {batch_id}",
            )
        )
    return entries


def lock_into_batch(session: Session, application: ApplicationRecord, batch_id: int, *, actor: str) -> None:
    """For the export: the case left in ``batch_id``; lock it to that batch and close any open correction.

    Writes one audit entry per changed field, in the caller's transaction (the export's).
    """
    case = CaseLock(
        application.id, application.uid, application.locked_by_batch_id, bool(application.needs_reexport)
    )
    application.locked_by_batch_id = batch_id
    application.needs_reexport = False
    for entry in lock_entries(case, batch_id, actor=actor):
        audit.record(
            session,
            actor=entry.actor,
            entity=entry.entity,
            entity_uid=entry.entity_uid,
            action=entry.action,
            field=entry.field,
            old=entry.old,
            new=entry.new,
            reason=entry.reason,
        )


def lock_many_into_batch(session: Session, cases: Sequence[CaseLock], batch_id: int, *, actor: str) -> int:
    """:func:`lock_into_batch` for many cases at once: bulk UPDATEs and :func:`audit.record_many`.

    ``cases`` describe each case as it is before the lock (read in the same transaction). The columns
    change as :func:`lock_into_batch` changes them and the audit entries are the same ones, case by case
    in the order given. Returns the number of audit entries written.
    """
    ids = [case.application_id for case in cases]
    for start in range(0, len(ids), LOCK_CHUNK):
        session.execute(
            update(ApplicationRecord)
            .where(ApplicationRecord.id.in_(ids[start : start + LOCK_CHUNK]))
            .values(locked_by_batch_id=batch_id, needs_reexport=False)
        )
    return audit.record_many(
        session, (entry for case in cases for entry in lock_entries(case, batch_id, actor=actor))
    )
