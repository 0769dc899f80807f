"""The export preview count matches what the export takes; reference numbers by case key."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, EventRecord
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.selection import count_selected, reference_numbers
from tests.core.sync.helpers import SUPERVISOR, demo_database


def test_the_count_is_what_the_export_takes(database: Database, tmp_path: Path) -> None:
    demo_database(database, applications=24, signed_off=5)
    with database.session() as session:
        event_code = session.scalars(select(EventRecord.code)).first()
    assert count_selected(database) == 5
    assert count_selected(database, event_code) == 5
    assert count_selected(database, "NO-SUCH-EVENT") == 0
    lodged = count_selected(database, status="lodged")
    assert lodged > 0
    result = export_batch(database, tmp_path / "batch.xlsx", actor=SUPERVISOR)
    assert result.case_count == 5
    assert count_selected(database) == 0
    assert count_selected(database, status="exported") == 5
    assert count_selected(database, status="lodged") == lodged
    assert count_selected(database, status="draft") == 0


def test_reference_numbers_by_case_key(database: Database) -> None:
    demo_database(database, applications=6, signed_off=2)
    with database.session() as session:
        rows = session.execute(select(ApplicationRecord.uid, ApplicationRecord.reference_no)).all()
        pairs: dict[str, str | None] = {str(row[0]): row[1] for row in rows}
    found = reference_numbers(database, [*pairs, "not-here"])
    assert found == pairs
    assert reference_numbers(database, []) == {}
