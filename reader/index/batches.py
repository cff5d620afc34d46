"""Storing a batch of files so that one file that cannot be stored never costs the others theirs."""

from __future__ import annotations

import sqlite3
import time

from reader.index.prepare import Prepared, one_line_error
from reader.index.writes import Tally, mark_copies, record_problem, store_files
from reader.sqlite import is_corruption


def store_batch(db: sqlite3.Connection, items: list[Prepared], tally: Tally, settle: float = 0.0) -> None:
    """Make the index hold these files as they were read (see `store_files`), file by file if need be.

    The batch is stored in one go; if that fails, each file is stored on its own, and a
    file whose article cannot be stored is listed as a problem instead.
    """
    settled_by = time.time() - settle
    part = Tally()
    try:
        with _Savepoint(db):
            store_files(db, items, part, settled_by)
    except Exception as error:
        if _is_fatal(error):
            raise
        for item in items:
            _store_alone(db, item, tally, settled_by)
    else:
        tally.merge(part)
    mark_copies(db, tally.contents)


def _store_alone(db: sqlite3.Connection, item: Prepared, tally: Tally, settled_by: float) -> None:
    part = Tally()
    try:
        with _Savepoint(db):
            store_files(db, [item], part, settled_by)
    except Exception as error:
        if _is_fatal(error):
            raise
        record_problem(db, item.entry, f"could not be stored in the index ({one_line_error(error)})", tally)
    else:
        tally.merge(part)


def _is_fatal(error: Exception) -> bool:
    """Errors of the index itself (disk full, damaged, read-only), not of one file: they stop the sync."""
    if isinstance(error, sqlite3.OperationalError):
        return True
    return isinstance(error, sqlite3.DatabaseError) and is_corruption(error)


class _Savepoint:
    """A transaction inside the caller's: undone alone on error, the surrounding one going on."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("SAVEPOINT store_batch")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            self.db.execute("ROLLBACK TO store_batch")
        self.db.execute("RELEASE store_batch")
