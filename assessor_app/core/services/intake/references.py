"""Reference numbers unique across laptops without a network: ``STATION-YYYYMMDD-NNNN``, never reused."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.laptop import ReferenceSequenceRecord

STATION_CODE = re.compile(r"^[A-Z0-9]{2,8}$")
_COUNTER = select(ReferenceSequenceRecord).where(
    ReferenceSequenceRecord.station_code == bindparam("station"),
    ReferenceSequenceRecord.day == bindparam("day"),
)  # built once: every lodging takes a number


def format_reference(station_code: str, day: date, sequence: int) -> str:
    return f"{station_code}-{day:%Y%m%d}-{sequence:04d}"


def next_reference(session: Session, station_code: str, day: date) -> str:
    """Take the next number for this station and day inside the caller's transaction.

    The counter only moves forward, so a number handed out and then abandoned is never reused;
    the station code keeps two laptops apart.
    """
    if not STATION_CODE.match(station_code):
        raise ValueError(f"invalid station code {station_code!r}")
    counter = session.scalar(_COUNTER, {"station": station_code, "day": day})
    if counter is None:
        counter = ReferenceSequenceRecord(station_code=station_code, day=day, last_value=0)
        session.add(counter)
    counter.last_value += 1
    session.flush()
    return format_reference(station_code, day, counter.last_value)
