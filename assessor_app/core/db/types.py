"""Column types of the records: moments stored as UTC and always handed back aware."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, stored as UTC text and read back as an aware UTC datetime.

    SQLite has no time zone type: SQLAlchemy writes a datetime's wall clock and drops its offset, and
    reads it back naive. Converting on the way in (an aware moment in any zone becomes its UTC time; a
    naive one is taken as UTC already) and labelling on the way out means no service ever repairs a naive
    value, and a Hong Kong time written by mistake cannot be stored eight hours off.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
