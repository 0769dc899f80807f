"""Which cases an export takes (its condition), how many before it is written (the Batches page's
preview), and the reference numbers of cases a merge report names. Read-only SQLAlchemy Core selects."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, or_, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, EventRecord
from assessor_app.core.domain.enums import CaseStatus

CHUNK = 500


def selection_condition(event_code: str | None, status: str | None) -> ColumnElement[bool]:
    """Which cases go: by default every signed-off case not yet exported; with ``status``, every case
    in that state; corrected cases (locked, correction open) always, as the next batch must carry them."""
    corrected = and_(
        ApplicationRecord.locked_by_batch_id.is_not(None), ApplicationRecord.needs_reexport.is_(True)
    )
    if status is None:
        chosen: ColumnElement[bool] = and_(
            ApplicationRecord.status == CaseStatus.SIGNED_OFF.value,
            ApplicationRecord.locked_by_batch_id.is_(None),
        )
    else:
        chosen = ApplicationRecord.status == status
    condition: ColumnElement[bool] = and_(
        or_(chosen, corrected), ApplicationRecord.status != CaseStatus.DRAFT.value
    )
    if event_code is not None:
        condition = and_(
            condition,
            ApplicationRecord.event_id.in_(select(EventRecord.id).where(EventRecord.code == event_code)),
        )
    return condition


def count_selected(database: Database, event_code: str | None = None, status: str | None = None) -> int:
    """How many cases ``export_batch(event_code=..., status=...)`` would put in the workbook (the same
    selection: by default signed-off cases not yet exported, plus corrected cases awaiting re-export)."""
    query = select(func.count(ApplicationRecord.id)).where(selection_condition(event_code, status))
    with database.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def reference_numbers(database: Database, uids: Iterable[str]) -> dict[str, str | None]:
    """The reference number of each case key found on this laptop (None for a case without one)."""
    wanted = sorted(set(uids))
    found: dict[str, str | None] = {}
    with database.engine.connect() as connection:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            query = select(ApplicationRecord.uid, ApplicationRecord.reference_no).where(
                ApplicationRecord.uid.in_(chunk)
            )
            found.update((uid, reference) for uid, reference in connection.execute(query).all())
    return found
