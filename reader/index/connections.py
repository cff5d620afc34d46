"""One SQLite connection per thread, all made by one function and all closed together."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable


class ConnectionFactory:
    """Hands each thread its own connection; `reset` makes every thread reconnect.

    SQLite connections must not be shared between threads that use them at once, so
    each thread gets one, made by `opener` on first use. After the file has been
    replaced (a rebuild), `reset` bumps a generation: each thread closes its stale
    connection and opens a fresh one the next time it asks, never mid-query.
    """

    def __init__(self, opener: Callable[[], sqlite3.Connection]) -> None:
        self._opener = opener
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._generation = 0
        self._closed = False

    def get(self) -> sqlite3.Connection:
        """This thread's connection."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and self._local.generation == self._generation:
            return db
        if db is not None:
            self._forget(db)
        if self._closed:
            raise sqlite3.ProgrammingError("the index has been closed")
        db = self._opener()
        with self._lock:
            self._connections.append(db)
            generation = self._generation
        self._local.db, self._local.generation = db, generation
        return db

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

    def _forget(self, db: sqlite3.Connection) -> None:
        with self._lock:
            if db in self._connections:
                self._connections.remove(db)
        db.close()
        self._local.db = None
