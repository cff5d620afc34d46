"""One SQLite connection per thread, all made by one function and all closed together.

The connections also mend. When a statement finds its file damaged (another program
wrote over the index or the marks file while Newsdesk runs), the factory's `on_damage`
replaces the file at fault, once, every thread reconnects, and the statement runs again
on a fresh connection: whoever asked gets an answer (from an empty index being
rebuilt, at worst), not an error. Rows still to come when the damage is found are
lost (the reader reloads once the file is mended). A statement inside a transaction is
never run again: the damage is raised to the writer, which starts the index again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from reader.sqlite import is_corruption

ROWS_AT_ONCE = 256  # rows a cursor reads ahead as it is iterated
MEND_TRIES = 3  # the index and the marks file may both be damaged: one mend each, and one to spare
# Called with the error and the connection that found it (None: found while connecting).
Damage = Callable[[sqlite3.DatabaseError, "GuardedConnection | None"], None]


class GuardedConnection(sqlite3.Connection):
    """A connection whose statements have the file mended when they find it damaged (see the module)."""

    factory: ConnectionFactory | None = None  # None while it is being opened: no mending yet
    generation = 0
    identity: tuple[int, int] | None = None  # the file it opened (device, inode), set by its opener

    def cursor(self, factory: Any = None) -> Any:
        """A cursor that mends (the default), or one made by `factory`."""
        return _cursor(self, factory or GuardedCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        """Run a statement; see the module for what happens when it finds the file damaged."""
        return _execute(self, _cursor(self, GuardedCursor), sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        """Run a statement for each set of parameters, on the thread's current connection (never again)."""
        done: sqlite3.Cursor = _cursor(self.live(), GuardedCursor).executemany(sql, parameters)
        return done

    def live(self) -> GuardedConnection:
        """This connection, or, once its file was replaced, this thread's new one (between transactions)."""
        factory = self.factory
        if factory is None or self.generation == factory._generation or self.in_transaction:
            return self
        fresh = factory.get()
        return fresh if isinstance(fresh, GuardedConnection) else self

    def again(self, sql: str, parameters: Any, row_factory: Any, tries: int) -> sqlite3.Cursor:
        """Run a statement on this fresh connection; damage found again is mended again, a few times."""
        cursor = self.cursor()
        cursor.row_factory = row_factory
        try:
            done: sqlite3.Cursor = _plain_execute(cursor, sql, parameters)  # mended here, counted
            return done
        except sqlite3.DatabaseError as error:
            if tries <= 1:
                raise
            return self.mended(error).again(sql, parameters, row_factory, tries - 1)

    def mended(self, error: sqlite3.DatabaseError) -> GuardedConnection:
        """Have a damaged file replaced and return the connection to use now; raise what cannot be mended."""
        if self.factory is None or self.in_transaction or not is_corruption(error):
            raise error
        return self.factory.mend(error, self)


class GuardedCursor(sqlite3.Cursor):
    """A cursor of a `GuardedConnection`: runs a statement again, once, on a mended file."""

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        """Run a statement (on the thread's new connection if this one's file was replaced)."""
        connection = self.connection
        if not isinstance(connection, GuardedConnection):
            return super().execute(sql, parameters)
        return _execute(connection, self, sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:
        """Run a statement for each set of parameters, on the thread's current connection."""
        connection = self.connection
        if isinstance(connection, GuardedConnection) and connection.live() is not connection:
            return connection.live().executemany(sql, parameters)
        return super().executemany(sql, parameters)

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]  # a generator, to catch damage mid-way
        try:
            while rows := super().fetchmany(ROWS_AT_ONCE):  # in C, a few hundred at a time: quick
                yield from rows
        except sqlite3.DatabaseError as error:
            self._mend(error)

    def fetchall(self) -> list[Any]:
        """Every row still to come (those after damage found on the way are lost)."""
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as error:
            self._mend(error)
            return []

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        """Up to `size` more rows (none once damage is found)."""
        try:
            return super().fetchmany(size)
        except sqlite3.DatabaseError as error:
            self._mend(error)
            return []

    def _mend(self, error: sqlite3.DatabaseError) -> None:
        connection = self.connection
        if not isinstance(connection, GuardedConnection):
            raise error
        connection.mended(error)


_cursor = sqlite3.Connection.cursor
_plain_execute = sqlite3.Cursor.execute


def _execute(
    connection: GuardedConnection, cursor: sqlite3.Cursor, sql: str, parameters: Any
) -> sqlite3.Cursor:
    """Run a statement on a cursor of `connection`, mending as the module says (the quick path first)."""
    factory = connection.factory
    if factory is None or connection.generation == factory._generation or connection.in_transaction:
        try:
            done: sqlite3.Cursor = _plain_execute(cursor, sql, parameters)
            return done
        except sqlite3.DatabaseError as error:
            live = connection.mended(error)
    else:
        live = connection.live()
    return live.again(sql, parameters, cursor.row_factory, MEND_TRIES)


class ConnectionFactory:
    """Hands each thread its own connection; `reset` makes every thread reconnect.

    SQLite connections must not be shared between threads that use them at once, so
    each thread gets one, made by `opener` on first use. After the file has been
    replaced (a rebuild), `reset` bumps a generation: each thread opens a fresh
    connection the next time it asks, never mid-query. The stale ones are closed with
    the factory: a stale one may still have a query running in its thread.
    """

    def __init__(self, opener: Callable[[], sqlite3.Connection], on_damage: Damage | None = None) -> None:
        self._opener = opener
        self.on_damage = on_damage
        self._local = threading.local()
        self._lock = threading.Lock()
        self._mending = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._generation = 0
        self._closed = False

    def get(self) -> sqlite3.Connection:
        """This thread's connection."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and self._local.generation == self._generation:
            return db
        if self._closed:
            raise sqlite3.ProgrammingError("the index has been closed")
        db, generation = self._open()
        with self._lock:
            self._connections.append(db)
        if isinstance(db, GuardedConnection):
            db.factory, db.generation = self, generation
        self._local.db, self._local.generation = db, generation
        return db

    def _open(self) -> tuple[sqlite3.Connection, int]:
        """A new connection and its generation; damage found while opening (damaged marks) is mended once."""
        generation = self._generation
        try:
            return self._opener(), generation
        except sqlite3.DatabaseError as error:
            if self.on_damage is None or not is_corruption(error):
                raise
            with self._mending:
                if generation == self._generation:
                    self.on_damage(error, None)
        generation = self._generation
        return self._opener(), generation

    def mend(self, error: sqlite3.DatabaseError, connection: GuardedConnection) -> GuardedConnection:
        """A statement found the file damaged: have it replaced (once); this thread's new connection."""
        if self.on_damage is None:
            raise error
        with self._mending:
            if connection.generation == self._generation:  # else another thread has mended it already
                self.on_damage(error, connection)
                if connection.generation == self._generation:
                    self.reset()
        fresh = self.get()
        if not isinstance(fresh, GuardedConnection):
            raise error
        return fresh

    def reset(self) -> None:
        """Make every thread open a new connection the next time it asks."""
        with self._lock:
            self._generation += 1

    def close(self) -> None:
        """Close every thread's connection (when no thread uses them any more)."""
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for db in connections:
            db.close()
