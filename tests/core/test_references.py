"""Reference numbers: per station and day, increasing, never reused."""

from __future__ import annotations

from datetime import date

import pytest

from assessor_app.core.db.database import Database
from assessor_app.core.services.intake.references import next_reference


def test_numbers_increase_per_station_and_day(database: Database) -> None:
    day = date(2023, 11, 8)
    with database.session() as session:
        first = next_reference(session, "LT01", day)
        second = next_reference(session, "LT01", day)
        other_station = next_reference(session, "LT02", day)
        next_day = next_reference(session, "LT01", date(2023, 11, 9))
    assert (first, second) == ("LT01-20231108-0001", "LT01-20231108-0002")
    assert other_station == "LT02-20231108-0001"
    assert next_day == "LT01-20231109-0001"


def test_an_abandoned_number_is_not_reused(database: Database) -> None:
    day = date(2023, 11, 8)
    with database.session() as session:
        assert next_reference(session, "LT01", day).endswith("0001")
    with database.session() as session:
        assert next_reference(session, "LT01", day).endswith("0002")


def test_rolled_back_transaction_does_not_consume_a_number(database: Database) -> None:
    day = date(2023, 11, 8)
    with pytest.raises(RuntimeError), database.session() as session:
        next_reference(session, "LT01", day)
        raise RuntimeError("crash before commit")
    with database.session() as session:
        assert next_reference(session, "LT01", day).endswith("0001")


@pytest.mark.parametrize("code", ["", "lt01", "A", "TOOLONGCODE", "LT-1"])
def test_invalid_station_codes_are_refused(database: Database, code: str) -> None:
    with database.session() as session, pytest.raises(ValueError, match="station code"):
        next_reference(session, code, date(2023, 11, 8))
