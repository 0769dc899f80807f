"""This laptop's records: settings, stations and their signing keys, users, reference sequences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from assessor_app.core.db.models.base import Base
from assessor_app.core.db.types import UTCDateTime
from assessor_app.core.hong_kong_time import utc_now


class SettingRecord(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StationRecord(Base):
    """A laptop taking applications; ``is_local`` marks this one (set once)."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class StationKeyRecord(Base):
    """A station's Ed25519 public key whose signed batches this laptop merges: enrolled by a supervisor,
    or this laptop's own (``is_local``, its private key in the data folder). A removed key stays, with
    who removed it and when; a station has at most one key in force."""

    __tablename__ = "station_keys"
    __table_args__ = (
        Index(
            "ix_station_keys_code_in_force",
            "station_code",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_code: Mapped[str] = mapped_column(String(8))
    public_key: Mapped[str] = mapped_column(String(64))  # the raw 32 bytes, base64
    fingerprint: Mapped[str] = mapped_column(String(24))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_by: Mapped[str] = mapped_column(String(60))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    removed_by: Mapped[str | None] = mapped_column(String(60))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removal_reason: Mapped[str] = mapped_column(Text, default="")


class UserRecord(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ReferenceSequenceRecord(Base):
    """The last sequence number used per station and day, so reference numbers are never reused."""

    __tablename__ = "reference_sequences"
    __table_args__ = (UniqueConstraint("station_code", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_code: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(Date)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
