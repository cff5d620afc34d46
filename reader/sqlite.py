"""What the index and the marks file share about SQLite: transactions, waiting, errors."""

from __future__ import annotations

import sqlite3

BUSY_SECONDS = 10.0  # how long a write waits for another writer (thread or process) to finish


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on error: one writer at a time, by design."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def is_corruption(error: sqlite3.Error) -> bool:
    """True for a file that is not a database or is damaged; not for a busy one."""
    return _primary_code(error) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def is_busy(error: sqlite3.Error) -> bool:
    """True when another connection holds the lock (the database itself is fine)."""
    return _primary_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _primary_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code (extended codes carry it in their low byte)."""
    return int(getattr(error, "sqlite_errorcode", -1) or -1) & 0xFF
