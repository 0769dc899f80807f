"""Many rows into one table at once (a merge, the demo): stored forms by column type, triggers fired in one statement.

A table with triggers (the search index of migration 0015, the content cache of 0011) is filled through a
temporary staging table and one ``INSERT … SELECT``. Row by row, each INSERT is its own statement, and
FTS5 writes its pending index data out at the end of every statement that touched it: 9,500 merged cases
made 27,000 tiny index segments and took about 3 s in the search triggers alone; staged, the same
triggers run inside one statement and index them in a fifth of a second. The triggers themselves are
untouched, so what they do stays defined once, in their migrations.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnDefault, Connection, Table

CHUNK = 20_000  # rows per executemany: bounded memory for the statement's parameters


def insert_values(connection: Connection, table: Table, values: list[dict[str, Any]]) -> None:
    """``values`` (dicts with the same keys) into ``table``, in the given order, as a Core insert would
    store them (each column's Python-side default for a column left out, each value in its stored form
    by its column's type) without a Core insert's per-row bookkeeping."""
    if not values:
        return
    dialect = connection.dialect
    given = list(values[0])
    defaults = [
        (column.name, column.default)
        for column in table.columns
        if column.name not in given and isinstance(column.default, ColumnDefault)
    ]
    names = given + [name for name, _ in defaults]
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    converting = [(i, processor) for i, processor in enumerate(processors) if processor is not None]
    columns = ", ".join(names)
    staged = _has_triggers(connection, table.name)
    into = f"temp.staging_{table.name}" if staged else f"main.{table.name}"
    if staged:
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE {into} AS SELECT {columns} FROM main.{table.name} WHERE 0"
        )
    statement = f"INSERT INTO {into} ({columns}) VALUES ({', '.join('?' * len(names))})"
    for start in range(0, len(values), CHUNK):
        batch: list[tuple[Any, ...]] = []
        for row in values[start : start + CHUNK]:
            line = [row[name] for name in given]
            line += [default.arg(None) if default.is_callable else default.arg for _, default in defaults]
            for i, processor in converting:
                if line[i] is not None:
                    line[i] = processor(line[i])
            batch.append(tuple(line))
        connection.exec_driver_sql(statement, batch)
    if staged:
        connection.exec_driver_sql(
            f"INSERT INTO main.{table.name} ({columns}) SELECT {columns} FROM {into} ORDER BY rowid"
        )
        connection.exec_driver_sql(f"DROP TABLE {into}")


def _has_triggers(connection: Connection, table_name: str) -> bool:
    return (
        connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? LIMIT 1", (table_name,)
        ).first()
        is not None
    )
