"""The declarative base every record shares, its constraint naming convention, and new stable keys."""

from __future__ import annotations

import uuid

from sqlalchemy import (
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names keep Alembic batch migrations on SQLite working.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
