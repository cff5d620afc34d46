"""Read and starred marks, kept in SQLite in the user data directory.

Every change is written in its own transaction the moment it happens. The file
survives the index being deleted, the process being killed, and two instances
writing at once (WAL journal, busy timeout). A file that is not a valid database is
moved aside and a new one started; `notice` says so, for the user.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from reader.model import NewsdeskError
from reader.paths import data_dir, folder_key
from reader.transactions import Transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    changed_at REAL NOT NULL
)
"""


class StateError(NewsdeskError):
    """The marks file cannot be used right now (busy, or not writable)."""


def is_corruption(error: sqlite3.DatabaseError) -> bool:
    """True for a file that is not a database or is damaged; not for a busy one."""
    return getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


class ReadState:
    """Which articles are read and which are starred, for one article folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice = ""
        self._lock = threading.Lock()
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._db = self._open()

    @classmethod
    def for_folder(cls, root: Path) -> ReadState:
        """The state file of an article folder, in the user data directory."""
        return cls(data_dir() / "state" / f"{folder_key(root)}.sqlite3")

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise StateError(f"read/starred marks cannot be opened: {error}") from None
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self.notice = f"read/starred state was unreadable ({error}); moved to {aside.name}"
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                error = sqlite3.DatabaseError("integrity check failed")
                error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
                raise error
            db.execute(SCHEMA)
            rows = db.execute("SELECT id, read, starred FROM marks").fetchall()
        except sqlite3.DatabaseError:
            db.close()
            raise
        self._read = {row[0] for row in rows if row[1]}
        self._starred = {row[0] for row in rows if row[2]}
        return db

    def is_read(self, article_id: str) -> bool:
        """True once the article has been opened or marked read."""
        return article_id in self._read

    def is_starred(self, article_id: str) -> bool:
        """True while the article is starred."""
        return article_id in self._starred

    def read_ids(self) -> frozenset[str]:
        """Every article marked read."""
        return frozenset(self._read)

    def starred_ids(self) -> frozenset[str]:
        """Every starred article."""
        return frozenset(self._starred)

    def set_read(self, article_id: str, read: bool = True) -> None:
        """Mark read or unread: written first, then remembered (StateError if it cannot be)."""
        self._write(article_id, "read", read)
        (self._read.add if read else self._read.discard)(article_id)

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        """Star or unstar: written first, then remembered (StateError if it cannot be)."""
        self._write(article_id, "starred", starred)
        (self._starred.add if starred else self._starred.discard)(article_id)

    def mark_all_read(self, ids: Iterable[str]) -> None:
        """Mark many articles read in one transaction."""
        ids = [i for i in ids if i not in self._read]
        try:
            with self._lock, self._transaction():
                for article_id in ids:
                    self._upsert(article_id, "read", True)
        except sqlite3.Error as error:
            raise StateError(f"the marks could not be saved: {error}") from None
        self._read.update(ids)

    def _write(self, article_id: str, column: str, value: bool) -> None:
        try:
            with self._lock, self._transaction():
                self._upsert(article_id, column, value)
        except sqlite3.Error as error:
            raise StateError(f"the mark could not be saved: {error}") from None

    def _upsert(self, article_id: str, column: str, value: bool) -> None:
        assert column in ("read", "starred")
        self._db.execute(
            f"INSERT INTO marks (id, {column}, changed_at) VALUES (?, ?, ?) "
            f"ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}, "
            "changed_at = excluded.changed_at",
            (article_id, int(value), time.time()),
        )

    def _transaction(self) -> Transaction:
        return Transaction(self._db)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
