"""Bulk inserts: ``insert_values`` and the copying thread store the same rows, fire the same triggers, and a
copy that fails is raised on the caller's thread with nothing after it written."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, select, text
from sqlalchemy.exc import IntegrityError

from assessor_app.core.db.bulk_insert import COPY_ROWS, CopyingThread, insert_values
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord
from assessor_app.core.services.cases.search import search_condition

pytestmark = pytest.mark.also_encrypted  # clear and encrypted database (tests/core/conftest.py)

APPLICANTS = cast(Table, ApplicantRecord.__table__)
APPLICATIONS = cast(Table, ApplicationRecord.__table__)
AT = datetime(2022, 3, 4, 2, 30, tzinfo=UTC)


def _particulars(number: int) -> dict[str, Any]:
    """A person's particulars, as the applicant and each of their forms hold them."""
    return {
        "residence_status": "permanent",
        "name_zh": f"陳大文{number}",
        "surname_en": "CHAN",
        "given_names_en": "Tai Man",
        "alias": "",
        "chinese_commercial_code": "",
        "phone": "",
        "email": "",
        "address": "",
        "preferred_language": "zh_HK",
    }


def _applicants(first: int, count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": n,
            "uid": f"applicant-{n}",
            "hkid": f"A{n:06d}(3)",
            **_particulars(n),
            "created_at": AT,
            "updated_at": AT,
        }
        for n in range(first, first + count)
    ]


def _applications(first: int, count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": n,
            "uid": f"case-{n}",
            "reference_no": f"LT01-20220304-{n:04d}",
            "applicant_id": n,
            "station_code": "LT01",
            "status": "lodged",
            "application_date": date(2022, 3, 4),
            "lodged_at": AT,
            "created_by": "demo",
            "created_at": AT,
            "updated_at": AT,
            "needs_reexport": False,
            **_particulars(n),
        }
        for n in range(first, first + count)
    ]


def _stored(database: Database) -> list[tuple[Any, ...]]:
    with database.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                text("SELECT * FROM applications ORDER BY id")  # every column as SQLite holds it
            )
        ]


def _found(database: Database, query: str) -> set[int]:
    condition = search_condition(query)
    assert condition is not None
    with database.session() as session:
        return set(session.scalars(select(ApplicationRecord.id).where(condition)))


def _leftover_staging(database: Database) -> list[str]:
    with database.session() as session:
        found = session.execute(
            text("SELECT name FROM temp.sqlite_master WHERE name LIKE 'copying_%' OR name LIKE 'staging_%'")
        )
        return [name for (name,) in found]


def test_the_copying_thread_stores_what_insert_values_stores_and_fires_the_triggers(
    database: Database, tmp_path_factory: pytest.TempPathFactory
) -> None:
    count = 300
    with database.session() as session, CopyingThread(session.connection()) as thread:
        for first in range(1, count + 1, 100):  # in pieces, as the demo hands them over
            thread.insert(APPLICANTS, _applicants(first, 100))
            thread.insert(APPLICATIONS, _applications(first, 100))
            thread.flush()
    copied = _stored(database)
    other = open_database(tmp_path_factory.mktemp("plain") / "cases.sqlite3")
    try:
        with other.session() as session:
            insert_values(session.connection(), APPLICANTS, _applicants(1, count))
            insert_values(session.connection(), APPLICATIONS, _applications(1, count))
        assert copied == _stored(other)
    finally:
        other.close()
    assert len(copied) == count
    assert _found(database, "陳大文17") == {17, *range(170, 180)}  # the search triggers indexed them
    assert _found(database, "LT01-20220304-0250") == {250}
    assert _leftover_staging(database) == []  # no staging table outlives the thread


def test_rows_held_past_the_threshold_are_copied_in_the_order_given(database: Database) -> None:
    """Holding more than COPY_ROWS stages by itself: the parents staged before (and with) their children."""
    count = COPY_ROWS // 2 + 10
    with database.session() as session, CopyingThread(session.connection()) as thread:
        thread.insert(APPLICANTS, _applicants(1, count))
        thread.insert(APPLICATIONS, _applications(1, count))  # past the threshold: both staged, in turn
    with database.session() as session:
        assert session.scalar(select(ApplicationRecord.id).order_by(ApplicationRecord.id.desc())) == count


def test_a_failing_copy_is_raised_on_the_callers_thread_and_nothing_after_it_is_written(
    database: Database,
) -> None:
    with database.session() as session:
        insert_values(session.connection(), APPLICANTS, _applicants(1, 10))
    caller = threading.current_thread()
    with pytest.raises(IntegrityError), database.session() as session:
        thread = CopyingThread(session.connection())
        assert thread._thread is not caller  # the copies run on a thread of their own
        with thread:
            thread.insert(APPLICANTS, _applicants(11, 10))
            thread.insert(APPLICANTS, _applicants(5, 1))  # id 5 is taken: this copy fails
            thread.flush()
            thread.insert(APPLICATIONS, _applications(1, 10))
            thread.flush()  # raises: the failure above, before anything else is staged or run
    with database.session() as session:
        assert session.scalar(select(ApplicantRecord.id).order_by(ApplicantRecord.id.desc())) == 10
        assert session.scalar(select(ApplicationRecord.id)) is None
    # The connection serves the next thread as well (a staging table the failure left is emptied first).
    with database.session() as session, CopyingThread(session.connection()) as thread:
        thread.insert(APPLICANTS, _applicants(11, 10))
        thread.insert(APPLICATIONS, _applications(1, 20))
    assert [row[0] for row in _stored(database)] == list(range(1, 21))
    assert _leftover_staging(database) == []


def test_leaving_on_an_error_runs_nothing_queued(database: Database) -> None:
    with (
        pytest.raises(RuntimeError),
        database.session() as session,
        CopyingThread(session.connection()) as thread,
    ):
        thread.insert(APPLICANTS, _applicants(1, 50))
        raise RuntimeError("the caller failed")
    with database.session() as session:
        assert session.scalar(select(ApplicantRecord.id)) is None  # rolled back, nothing held was copied
