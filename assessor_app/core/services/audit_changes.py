"""Changes to sensitive columns recorded by triggers (``data_changes``): which the app made, and their digest.

Migration 0012's triggers log every update of a sensitive column and every deletion of a case's row,
whoever writes. To tell the app's own changes from others, each connection the app's sessions use gets a
TEMP trigger (visible to that connection only) copying the id of every new ``data_changes`` row into a
TEMP table; at commit the audit trail claims exactly those rows (:func:`claim`). A change made by another
program (sqlite3, a script) is never in that table, so it stays unclaimed and ``audit verify`` names it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

# What migration 0012 puts triggers on (its trigger names follow from these); verify checks they exist.
SENSITIVE_TABLES = ("applicants", "applications", "applied_qualifications", "agency_fees")
DELETED_TABLES = ("applicants", "applications", "applied_qualifications")
TRIGGERS = frozenset(
    [f"data_changes_{table}_update" for table in SENSITIVE_TABLES]
    + [f"data_changes_{table}_delete" for table in DELETED_TABLES]
)

_READY = "audit_changes_marked"  # in the DBAPI connection's info: the TEMP trigger is in place
_MARK = (
    "CREATE TEMP TABLE IF NOT EXISTS app_data_changes (id INTEGER PRIMARY KEY)",
    "CREATE TEMP TRIGGER IF NOT EXISTS app_data_changes_mark AFTER INSERT ON main.data_changes "
    "BEGIN INSERT INTO app_data_changes (id) VALUES (NEW.id); END",
)
ROW_COLUMNS = "id, table_name, row_id, kind, columns, changed_at"


def mark_app_changes(connection: Connection) -> bool:
    """Make this connection's trigger-logged changes recognisable as the app's; False if there is no log.

    Done once per DBAPI connection (pooled connections keep it), on the DBAPI connection itself: DDL on
    the TEMP schema takes no lock on the database file, and so is no write for the GUI thread's guard
    (``Database.forbid_writes_on_thread``) to refuse. Never inside an open transaction, whose rollback
    would take the TEMP trigger with it.
    """
    info = connection.connection.info
    if info.get(_READY):
        return True
    dbapi = connection.connection.dbapi_connection
    if dbapi is None or getattr(dbapi, "in_transaction", False):
        return False  # tried again at the next transaction
    exists = dbapi.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_changes'"
    ).fetchone()
    if exists is None:
        return False  # a database before migration 0012
    for statement in _MARK:
        dbapi.execute(statement)
    info[_READY] = True
    return True


def is_marked(connection: Connection) -> bool:
    return bool(connection.connection.info.get(_READY))


def pending(connection: Connection) -> bool:
    """Whether this connection's current transaction logged changes of its own not yet claimed."""
    return connection.exec_driver_sql("SELECT 1 FROM temp.app_data_changes LIMIT 1").first() is not None


def claim(connection: Connection, entry_id: int) -> str:
    """Mark this transaction's logged changes as claimed by ``entry_id``; the claims text its hash covers."""
    rows = connection.exec_driver_sql(
        f"SELECT {ROW_COLUMNS} FROM main.data_changes "
        "WHERE id IN (SELECT id FROM temp.app_data_changes) ORDER BY id"
    ).all()
    connection.exec_driver_sql(
        "UPDATE main.data_changes SET claimed_by = ? WHERE id IN (SELECT id FROM temp.app_data_changes)",
        (entry_id,),
    )
    forget(connection)
    return claims_text(rows)


def forget(connection: Connection) -> None:
    """Empty the connection's list of its own changes (claimed, or left for verify to report)."""
    connection.exec_driver_sql("DELETE FROM temp.app_data_changes")


def claims_text(rows: Iterable[Sequence[Any]]) -> str:
    """``"<count>:<sha256>"`` of ``data_changes`` rows (ROW_COLUMNS, in id order): one line per row."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update("\x1f".join(str(value) for value in row).encode("utf-8") + b"\n")
        count += 1
    return f"{count}:{digest.hexdigest()}"
