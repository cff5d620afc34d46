"""What the index and the marks file share about SQLite: transactions, waiting, errors."""

from __future__ import annotations

import os
import sqlite3
import time

SQLITE_IOERR_SHORT_READ = sqlite3.SQLITE_IOERR | (2 << 8)
_UNWRITABLE = (
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_IOERR,
)
# How long a write waits for another writer (thread or process) to finish.
BUSY_SECONDS = float(os.environ.get("NEWSDESK_BUSY_SECONDS") or 10.0)


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on error: one writer at a time, by design."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
            return
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            if self.db.in_transaction:
                raise
            # SQLite rolled back already (it does on a full disk, a damaged file): the first error says why


class Snapshot(Transaction):
    """BEGIN ... COMMIT around reads: every statement inside reads the file as the first one did,
    whatever other connections commit meanwhile. Inside a transaction already, that one serves."""

    def __enter__(self) -> None:
        self.began = not self.db.in_transaction
        if self.began:
            self.db.execute("BEGIN")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self.began and self.db.in_transaction:  # (SQLite ends a transaction itself on some errors)
            super().__exit__(kind, error, trace)


def set_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL; another process creating the same file may hold it for a moment, so retry.

    Changing the journal mode does not wait on SQLite's busy handler the way a write does.
    """
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def is_corruption(error: sqlite3.Error) -> bool:
    """True for a file that is not a database or is damaged (cut short too); not for a busy one."""
    if int(getattr(error, "sqlite_errorcode", -1) or -1) == SQLITE_IOERR_SHORT_READ:
        return True  # a journal cut short under a connection that had read it whole
    return _primary_code(error) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def is_unwritable(error: sqlite3.Error) -> bool:
    """True when the file or its folder cannot be written (read-only, no permission, disk full)."""
    return _primary_code(error) in _UNWRITABLE


def is_busy(error: sqlite3.Error) -> bool:
    """True when another connection holds the lock (the database itself is fine)."""
    return _primary_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _primary_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code (extended codes carry it in their low byte)."""
    return int(getattr(error, "sqlite_errorcode", -1) or -1) & 0xFF


def explain(error: sqlite3.Error) -> str:
    """One line a user can act on, for an SQLite error that reached the top."""
    if is_busy(error):
        return (
            f"the index or the marks file is busy (another Newsdesk is writing to it) and stayed so "
            f"for {BUSY_SECONDS:g} s; try again in a moment"
        )
    if is_corruption(error):
        return f"the index or the marks file is damaged ({error}); run the command again to rebuild it"
    if _primary_code(error) == sqlite3.SQLITE_FULL:
        return "the disk is full: the index or the marks file cannot grow"
    if is_unwritable(error):
        return f"the index or the marks file cannot be written ({error}); check the cache and data folders"
    return f"the index could not be used: {error}"
