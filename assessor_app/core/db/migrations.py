"""Runs the Alembic scripts under ``db/migrations`` against an open connection.

Alembic is imported only when a migration is due: opening a database at the head revision (every start
but the first after an update) reads the revisions from the scripts' own ``revision`` and
``down_revision`` lines and the database's ``alembic_version`` row with plain SQL, which spares the start
the cost of importing Alembic (about a tenth of a second here).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from assessor_app.core.paths import db_path

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Tables the migrations make that have no SQLAlchemy model: the FTS5 search indexes (0015) and the
# shadow tables FTS5 keeps for them. Written by triggers, read with plain SQL (core/services/cases/search.py).
SEARCH_INDEX_PREFIX = "case_search"


def is_modelled(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic's ``include_name``: whether the schema object ``name`` is compared with the models."""
    return not (type_ == "table" and (name or "").startswith(SEARCH_INDEX_PREFIX))


# ``revision = "0015"`` and ``down_revision = '0014'`` (annotated or not), as Alembic writes them.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


@functools.cache
def revision_graph() -> dict[str, str | None]:
    """Each migration script's revision and the one it follows (None for the first), read from the files."""
    graph: dict[str, str | None] = {}
    for script in sorted(db_path("migrations", "versions").glob("*.py")):
        lines = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" not in lines:
            continue
        revision, down = (lines.get(name, "None").strip("'\"") for name in ("revision", "down_revision"))
        graph[revision] = None if down == "None" else down
    return graph


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(db_path("migrations")))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision: the one no other script follows."""
    graph = revision_graph()
    heads = set(graph) - set(graph.values())
    if len(heads) != 1:  # pragma: no cover - the project ships one line of revisions
        raise RuntimeError(f"the migration scripts have {len(heads)} heads, not one: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(revision_graph())


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (``alembic_version``), None for a database never migrated."""
    has_table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if has_table is None:
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


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
        from alembic import command

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
