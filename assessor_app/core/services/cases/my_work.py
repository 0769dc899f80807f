"""What waits for one user: the cases they may act on now, by kind, as SQL conditions and counts.

Nothing here is a second rule: each kind is the domain's permission table (``core/domain/permissions``)
and transition table (``core/domain/workflow``) turned into a condition on ``applications``, with the lock
of an exported case as ``review/permissions.allowed_actions`` applies it (a locked case is open again
while a correction is). Cases are not assigned to people on this laptop, so what waits for a user is what
their role may do to a case in its state:

- to assess: the role may assess (``Action.ASSESS``) and the case is in a state where judgements are
  written, or has a correction open;
- to sign off: the role may sign off (``Action.SIGN_OFF``) and the case is recommended pass or fail, or has
  a correction open (maker-checker is the sign-off's own refusal, as on the case view);
- documents overdue: the role may request documents and an open request of a case not withdrawn is past
  its due date (``document_requests.outstanding``'s rule);
- results to record: the role may import results and the case is in a state a result follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, DocumentRequestRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.permissions import (
    ACTION_STATES,
    CORRECTION_OPENS,
    Action,
    role_allows,
)
from assessor_app.core.domain.workflow import TRANSITIONS
from assessor_app.core.hong_kong_time import hong_kong_today


class WorkKind(StrEnum):
    """A kind of work waiting for a user, in the order My work lists them."""

    TO_ASSESS = "to_assess"
    TO_SIGN_OFF = "to_sign_off"
    DOCUMENTS_OVERDUE = "documents_overdue"
    RESULTS_TO_RECORD = "results_to_record"


RESULTS = frozenset({CaseStatus.RESULT_PASSED, CaseStatus.RESULT_FAILED})
# The action whose permission decides whether a kind of work is a user's.
KIND_ACTIONS: dict[WorkKind, Action] = {
    WorkKind.TO_ASSESS: Action.ASSESS,
    WorkKind.TO_SIGN_OFF: Action.SIGN_OFF,
    WorkKind.DOCUMENTS_OVERDUE: Action.REQUEST_DOCUMENTS,
    WorkKind.RESULTS_TO_RECORD: Action.IMPORT_RESULTS,
}


@dataclass(frozen=True)
class WorkFor:
    """Whose work: a user's name and role, and the day "overdue" is counted on (Hong Kong)."""

    username: str
    role: str
    today: date


def work_for(database: Database, username: str, *, today: date | None = None) -> WorkFor | None:
    """The active user ``username`` as :class:`WorkFor`; None for nobody or an unknown or disabled user."""
    if not username:
        return None
    with database.engine.connect() as connection:
        role = connection.execute(
            select(UserRecord.role).where(UserRecord.username == username, UserRecord.active.is_(True))
        ).scalar_one_or_none()
    return None if role is None else WorkFor(username, role, today or hong_kong_today())


def _open_for(action: Action) -> ColumnElement[bool]:
    """The case is in a state ``action`` is open in and not locked, or has a correction open."""
    locked = ApplicationRecord.locked_by_batch_id.is_not(None)
    correcting = and_(locked, ApplicationRecord.needs_reexport.is_(True))
    in_state = and_(~locked, ApplicationRecord.status.in_(sorted(ACTION_STATES[action])))
    return or_(in_state, correcting) if action in CORRECTION_OPENS else in_state


def _result_states(role: str) -> list[str]:
    return sorted({source for (source, to), roles in TRANSITIONS.items() if to in RESULTS and role in roles})


def kind_condition(work: WorkFor, kind: WorkKind) -> ColumnElement[bool]:
    """The condition on ``applications`` for the cases waiting for ``work``'s user as ``kind``."""
    if not role_allows(work.role, KIND_ACTIONS[kind]):
        return false()
    if kind is WorkKind.DOCUMENTS_OVERDUE:
        overdue = exists().where(
            DocumentRequestRecord.application_id == ApplicationRecord.id,
            DocumentRequestRecord.fulfilled_at.is_(None),
            DocumentRequestRecord.due_date < work.today,
        )
        return and_(ApplicationRecord.status != CaseStatus.WITHDRAWN.value, overdue)
    if kind is WorkKind.RESULTS_TO_RECORD:
        return ApplicationRecord.status.in_(_result_states(work.role))
    return _open_for(KIND_ACTIONS[kind])


def work_condition(work: WorkFor, kind: WorkKind | None = None) -> ColumnElement[bool]:
    """The cases waiting for the user as ``kind``, or as any kind (None)."""
    if kind is not None:
        return kind_condition(work, kind)
    return or_(*(kind_condition(work, each) for each in WorkKind))


@dataclass(frozen=True)
class WorkCounts:
    """How many cases wait for a user, by kind, and in all (a case waiting twice counts once)."""

    by_kind: dict[WorkKind, int]
    total: int


def my_work_counts(database: Database, work: WorkFor) -> WorkCounts:
    """The counts My work shows, in one read."""
    counts = [func.count().filter(kind_condition(work, kind)).label(kind.value) for kind in WorkKind]
    query = select(*counts, func.count().filter(work_condition(work))).select_from(ApplicationRecord)
    with database.engine.connect() as connection:
        row = connection.execute(query).one()
    return WorkCounts({kind: row[position] for position, kind in enumerate(WorkKind)}, row[-1])
