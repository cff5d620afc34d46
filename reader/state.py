"""Read and starred marks, kept in SQLite in the user data directory.

Every change is written in its own transaction the moment it happens, and every
question is answered from the file, so two readers on one folder see each other's
marks. The file survives the index being deleted, the process being killed, and two
instances writing at once (WAL journal, busy timeout). A file that is not a valid
database is moved aside and a new one started; `notice` says so, for the user.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from reader.model import NewsdeskError
from reader.paths import data_dir, folder_key
from reader.sqlite import BUSY_SECONDS, Transaction, is_corruption, set_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    changed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS session (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""
Mark = Literal["read", "starred"]


class StateError(NewsdeskError):
    """The marks file cannot be used right now (busy, or not writable)."""


class ReadState:
    """Which articles are read and which are starred, for one article folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice = ""
        self._lock = threading.Lock()
        self._db = self._open()

    @classmethod
    def for_folder(cls, root: Path) -> ReadState:
        """The state file of an article folder, in the user data directory."""
        return cls(data_dir() / "state" / f"{folder_key(root)}.sqlite3")

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect()
        except OSError as error:
            raise StateError(f"read/starred marks cannot be kept in {self.path.parent}: {error}") from None
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
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None)
        try:
            set_wal(db)
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                error = sqlite3.DatabaseError("integrity check failed")
                error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
                raise error
            with Transaction(db):  # two processes creating the file at once: one creates, one waits
                for statement in SCHEMA.split(";"):
                    db.execute(statement)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def is_read(self, article_id: str) -> bool:
        """True once the article has been opened or marked read."""
        return self._get(article_id, "read")

    def is_starred(self, article_id: str) -> bool:
        """True while the article is starred."""
        return self._get(article_id, "starred")

    def _get(self, article_id: str, mark: Mark) -> bool:
        try:
            with self._lock:
                row = self._db.execute(
                    f"SELECT {_column(mark)} FROM marks WHERE id = ?", (article_id,)
                ).fetchone()
        except sqlite3.Error as error:
            raise StateError(f"the marks could not be read: {error}") from None
        return bool(row and row[0])

    def set_mark(self, article_id: str, mark: Mark, value: bool) -> None:
        """Set or clear a mark, written at once (StateError if it cannot be)."""
        self.set_marks([article_id], mark, value)

    def set_marks(self, article_ids: Iterable[str], mark: Mark, value: bool) -> None:
        """Set or clear a mark on many articles in one transaction."""
        column = _column(mark)
        now = time.time()
        try:
            with self._lock, Transaction(self._db):
                self._db.executemany(
                    f"INSERT INTO marks (id, {column}, changed_at) VALUES (?, ?, ?) "
                    f"ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}, "
                    "changed_at = excluded.changed_at",
                    [(article_id, int(value), now) for article_id in article_ids],
                )
        except sqlite3.Error as error:
            raise StateError(f"the marks could not be saved: {error}") from None

    def marked(self, article_ids: Iterable[str], mark: Mark) -> set[str]:
        """Which of these articles have the mark (for undoing a marking exactly)."""
        wanted = list(article_ids)
        found: set[str] = set()
        try:
            with self._lock:
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    sql = f"SELECT id FROM marks WHERE {_column(mark)} = 1 AND id IN ({marks})"
                    found.update(row[0] for row in self._db.execute(sql, chunk))
        except sqlite3.Error as error:
            raise StateError(f"the marks could not be read: {error}") from None
        return found

    def remember(self, key: str, value: str) -> None:
        """Keep something about the reading session (the view, the sort, the open article)."""
        try:
            with self._lock, Transaction(self._db):
                self._db.execute(
                    "INSERT INTO session (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                    (key, value, value),
                )
        except sqlite3.Error as error:
            raise StateError(f"the session could not be saved: {error}") from None

    def recall(self, key: str) -> str | None:
        """What was remembered under a key, if anything."""
        try:
            with self._lock:
                row = self._db.execute("SELECT value FROM session WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return str(row[0]) if row else None

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def _column(mark: Mark) -> str:
    """The column of a mark (never text from outside: marks are one of two names)."""
    return {"read": "read", "starred": "starred"}[mark]
