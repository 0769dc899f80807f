"""Hong Kong time, defined once: stored moments are UTC; people read and type Hong Kong dates and times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# tzdata (a dependency) supplies the zone on Windows, which has no system zone database.
HONG_KONG = ZoneInfo("Asia/Hong_Kong")


def utc_now() -> datetime:
    """The current moment as an aware UTC datetime, the form every stored moment has."""
    return datetime.now(UTC)


def to_hong_kong_time(moment: datetime) -> datetime:
    """An aware moment in Hong Kong time (a naive one is taken as UTC, as SQLite hands it back)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(HONG_KONG)


def hong_kong_text(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored moment as people read it, ``2023-11-08 14:05`` in Hong Kong time whatever the laptop's own
    time zone; "" when unknown. Every screen, command and document formats moments through this."""
    return "" if moment is None else to_hong_kong_time(moment).strftime(pattern)


def hong_kong_date(moment: datetime | None) -> date | None:
    """The Hong Kong calendar day of a moment, or None."""
    return None if moment is None else to_hong_kong_time(moment).date()


def hong_kong_today() -> date:
    """Today's date in Hong Kong, whatever the laptop's own time zone."""
    return datetime.now(HONG_KONG).date()


def hong_kong_now() -> datetime:
    """The current moment in Hong Kong time."""
    return datetime.now(HONG_KONG)
