"""Runs the Alembic scripts under ``db/migrations`` against an open connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from assessor_app.core.paths import db_path

# Tables the migrations make that have no SQLAlchemy model: the FTS5 search indexes (0015) and the
# shadow tables FTS5 keeps for them. Written by triggers, read with plain SQL (core/services/cases/search.py).
SEARCH_INDEX_PREFIX = "case_search"


def is_modelled(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic's ``include_name``: whether the schema object ``name`` is compared with the models."""
    return not (type_ == "table" and (name or "").startswith(SEARCH_INDEX_PREFIX))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(db_path("migrations")))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - the project always ships at least one revision
        raise RuntimeError("no migration scripts found")
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in script_directory().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection) -> None:
    """Migrate with foreign keys off, then check them.

    Batch migrations on SQLite copy a table and drop the old one; with foreign keys on, that drop would
    cascade into the child rows (every case's qualifications when ``applications`` is rebuilt). SQLite
    ignores the pragma inside a transaction, so the pending one is committed first.
    """
    if connection.in_transaction():
        connection.commit()
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    try:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")
        if connection.in_transaction():
            connection.commit()
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
