"""What an export would take, before it is written: the count the Batches page previews, and the
reference numbers of cases a merge report names. Read-only SQLAlchemy Core selects."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import ApplicationRecord
from assessor_app.core.services.sync.export import _selection

CHUNK = 500


def count_selected(database: Database, event_code: str | None = None, status: str | None = None) -> int:
    """How many cases ``export_batch(event_code=..., status=...)`` would put in the workbook (the same
    selection: by default signed-off cases not yet exported, plus corrected cases awaiting re-export)."""
    query = select(func.count(ApplicationRecord.id)).where(_selection(event_code, status))
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
