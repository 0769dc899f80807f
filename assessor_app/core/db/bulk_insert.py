"""Many rows into one table at once (a merge, the demo): stored forms by column type, triggers fired in one statement.

A table with triggers (the search index of migration 0015, the content cache of 0011) is filled through a
temporary staging table and one ``INSERT … SELECT``. Row by row, each INSERT is its own statement, and
FTS5 writes its pending index data out at the end of every statement that touched it: 9,500 merged cases
made 27,000 tiny index segments and took about 3 s in the search triggers alone; staged, the same
triggers run inside one statement and index them in a fifth of a second. The triggers themselves are
untouched, so what they do stays defined once, in their migrations.

:class:`CopyingThread` stages every table so, and runs each copy on a thread of its own: SQLite holds no
interpreter lock while one statement runs, so the caller's Python (drawing the next rows, hashing a chain)
goes on on the other core meanwhile.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any

from sqlalchemy import ColumnDefault, Connection, Table
from sqlalchemy.exc import DBAPIError

CHUNK = 20_000  # rows per executemany: bounded memory for the statement's parameters
COPY_ROWS = 100_000  # rows a CopyingThread holds before it stages and copies them by itself


def insert_values(connection: Connection, table: Table, values: list[dict[str, Any]]) -> None:
    """``values`` (dicts with the same keys) into ``table``, in the given order, as a Core insert would
    store them (each column's Python-side default for a column left out, each value in its stored form
    by its column's type) without a Core insert's per-row bookkeeping."""
    if not values:
        return
    names, rows = stored_rows(connection, table, values)
    columns = ", ".join(names)
    staged = _has_triggers(connection, table.name)
    into = f"temp.staging_{table.name}" if staged else f"main.{table.name}"
    if staged:
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE {into} AS SELECT {columns} FROM main.{table.name} WHERE 0"
        )
    statement = f"INSERT INTO {into} ({columns}) VALUES ({', '.join('?' * len(names))})"
    for batch in _chunks(rows):
        connection.exec_driver_sql(statement, batch)
    if staged:
        connection.exec_driver_sql(
            f"INSERT INTO main.{table.name} ({columns}) SELECT {columns} FROM {into} ORDER BY rowid"
        )
        connection.exec_driver_sql(f"DROP TABLE {into}")


def stored_rows(
    connection: Connection, table: Table, values: list[dict[str, Any]]
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """The column names and each row of ``values`` (dicts with the same keys, at least one) as the
    statement's parameters: the given columns, then those left out that have a Python-side default."""
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

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in values:
            line = [row[name] for name in given]
            line += [default.arg(None) if default.is_callable else default.arg for _, default in defaults]
            for i, processor in converting:
                if line[i] is not None:
                    line[i] = processor(line[i])
            yield tuple(line)

    return names, rows()


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _has_triggers(connection: Connection, table_name: str) -> bool:
    return (
        connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? LIMIT 1", (table_name,)
        ).first()
        is not None
    )


class CopyingThread:
    """Rows into their tables, in the order given, inside the caller's transaction, each table's copy on
    a thread beside the caller's.

    :meth:`insert` turns the rows into their stored forms and holds them; :meth:`flush` (by itself once
    :data:`COPY_ROWS` are held) stages what is held in temporary tables (a quick insert into memory) and
    queues one ``INSERT … SELECT`` a table that copies them into the main table, its triggers firing as
    usual. The connection is used by one thread at a time: the caller stages only once the thread has
    copied what it was given before, so what overlaps is the copying (SQL, no interpreter lock) and
    whatever the caller computes next. One statement a copy, and many rows to each: the thread waits for
    the interpreter after each statement while the caller computes. A copy that fails is raised by the
    next call (or by leaving the ``with`` block) and nothing after it is run: the caller's transaction,
    rolled back, takes the rows already copied with it.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._dbapi: Any = connection.connection.dbapi_connection
        self._work: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._failure: BaseException | None = None
        self._held: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}  # in the order given
        self._held_rows = 0
        self._staging: dict[tuple[str, tuple[str, ...]], str] = {}
        self._copied: set[str] = set()  # staging tables whose rows are copied (emptied before reuse)
        self._abandoned = False  # the caller failed: what is queued is not run
        self.seconds: defaultdict[str, float] = defaultdict(float)  # staging and copying, by table
        self._thread = threading.Thread(target=self._run, name="copying-thread", daemon=True)
        self._thread.start()

    def __enter__(self) -> CopyingThread:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(raising=kind is None)

    def insert(self, table: Table, values: list[dict[str, Any]]) -> None:
        """``values`` (dicts with the same keys) into ``table``, stored as :func:`insert_values` stores them."""
        if values:
            names, rows = stored_rows(self._connection, table, values)
            self.insert_stored(table, names, list(rows))

    def insert_stored(self, table: Table, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """``rows``, already in their stored forms, into the ``names`` columns of ``table``."""
        self._held.setdefault((table.name, tuple(names)), []).extend(rows)
        self._held_rows += len(rows)
        if self._held_rows >= COPY_ROWS:
            self.flush()

    def flush(self) -> None:
        """Stage what is held, once the thread has copied what it had, and queue its copies."""
        if not self._held:
            return
        self._wait()
        for staging in self._copied:
            self._connection.exec_driver_sql(f"DELETE FROM {staging}")
        self._copied.clear()
        copies = []  # queued once all are staged: a copy running would hold the connection
        for (name, names), rows in self._held.items():
            started = time.perf_counter()
            staging = self._staging_table(name, names)
            columns = ", ".join(names)
            statement = f"INSERT INTO {staging} ({columns}) VALUES ({', '.join('?' * len(names))})"
            for start in range(0, len(rows), CHUNK):
                self._connection.exec_driver_sql(statement, rows[start : start + CHUNK])
            self.seconds[name] += time.perf_counter() - started
            self._copied.add(staging)
            copies.append(
                (name, f"INSERT INTO main.{name} ({columns}) SELECT {columns} FROM {staging} ORDER BY rowid")
            )
        for copy in copies:
            self._work.put(copy)
        self._held.clear()
        self._held_rows = 0

    def close(self, *, raising: bool = True) -> None:
        """Copy what is held and wait, drop the staging tables, end the thread; raise a copy's failure."""
        try:
            if raising:
                self.flush()
                self._wait()
            else:
                self._abandoned = True
                self._work.join()
        finally:
            self._work.put(None)
            self._thread.join()
            for staging in self._staging.values():
                self._connection.exec_driver_sql(f"DROP TABLE IF EXISTS {staging}")
            self._staging.clear()

    def _staging_table(self, name: str, names: tuple[str, ...]) -> str:
        """The staging table for these columns of ``name``, empty. Named by its columns: one an earlier
        thread on this connection left (created before its transaction began, so its rollback kept the
        table and undid the drop) is the same table, emptied and used again."""
        key = (name, names)
        if key not in self._staging:
            staging = f"copying_{name}_{hashlib.sha256(' '.join(names).encode()).hexdigest()[:12]}"
            self._connection.exec_driver_sql(
                f"CREATE TEMP TABLE IF NOT EXISTS {staging} AS "
                f"SELECT {', '.join(names)} FROM main.{name} WHERE 0"
            )
            self._connection.exec_driver_sql(f"DELETE FROM temp.{staging}")
            self._staging[key] = f"temp.{staging}"
        return self._staging[key]

    def _wait(self) -> None:
        self._work.join()
        if self._failure is not None:
            raise self._failure

    def _wrapped(self, error: BaseException, statement: str) -> BaseException:
        """A DB-API error as SQLAlchemy raises it for the caller's own statements (its usual handling)."""
        dbapi = self._connection.dialect.loaded_dbapi
        if not isinstance(error, dbapi.Error):
            return error
        return DBAPIError.instance(statement, None, error, dbapi.Error)

    def _run(self) -> None:
        while (work := self._work.get()) is not None:
            name, statement = work
            try:
                if self._failure is None and not self._abandoned:
                    started = time.perf_counter()
                    cursor = self._dbapi.cursor()
                    try:
                        cursor.execute(statement)
                    finally:
                        cursor.close()
                    self.seconds[name] += time.perf_counter() - started
            except BaseException as error:  # raised on the caller's thread, by its next call
                self._failure = self._wrapped(error, statement)
            finally:
                self._work.task_done()
        self._work.task_done()
