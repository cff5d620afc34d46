"""What the feeds of a folder have done: entries already written, and each feed's last fetch.

Kept in SQLite in the user data directory beside the read marks, never in the folder:
an entry written once is remembered by its key even when its file is renamed, edited
or deleted, so it is never written again. A feed's conditional-GET validators, its
last error and the time its server asked us to wait until live here too.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.model import NewsdeskError
from reader.paths import data_dir, folder_key
from reader.sqlite import BUSY_SECONDS, Transaction, is_corruption, set_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    path TEXT NOT NULL,
    written_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    fetched_at REAL,
    ok_at REAL,
    error TEXT NOT NULL DEFAULT '',
    not_before REAL,
    new_entries INTEGER NOT NULL DEFAULT 0,
    written INTEGER NOT NULL DEFAULT 0
)
"""
_COLUMNS = "url, title, etag, last_modified, fetched_at, ok_at, error, not_before, new_entries, written"


class FeedMemoryError(NewsdeskError):
    """The feeds' memory file cannot be used; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """How a feed last fared: its validators, when it was fetched and worked, and its last error."""

    url: str
    title: str = ""
    etag: str = ""
    last_modified: str = ""
    fetched_at: float | None = None
    ok_at: float | None = None
    error: str = ""
    not_before: float | None = None
    new_entries: int = 0
    written: int = 0


class FeedMemory:
    """The memory of one folder's feeds (one connection, shared by the fetching threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = self._open()

    @classmethod
    def for_folder(cls, root: Path) -> FeedMemory:
        """The memory of an article folder's feeds, in the user data directory."""
        return cls(memory_file(root))

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None
            )
        except (OSError, sqlite3.Error) as error:
            raise FeedMemoryError(
                f"the feeds' memory cannot be kept in {self.path.parent}: {error}"
            ) from None
        try:
            set_wal(db)
            db.execute("PRAGMA synchronous=NORMAL")
            with Transaction(db):
                for statement in SCHEMA.split(";"):
                    db.execute(statement)
        except sqlite3.DatabaseError as error:
            db.close()
            raise FeedMemoryError(_explain(self.path, error)) from None
        return db

    def status(self, url: str) -> FeedStatus:
        """A feed's last fetch (an empty status for a feed never fetched)."""
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
        return FeedStatus(*row) if row else FeedStatus(url)

    def statuses(self) -> dict[str, FeedStatus]:
        """Every feed's last fetch, by address."""
        with self._lock:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM feeds").fetchall()
        return {row[0]: FeedStatus(*row) for row in rows}

    def seen(self, keys: Iterable[str]) -> set[str]:
        """Which of these entry keys were written before."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    row[0]
                    for row in self._db.execute(f"SELECT key FROM entries WHERE key IN ({marks})", chunk)
                )
        return found

    def remember_entry(self, key: str, feed_url: str, path: str, when: float) -> None:
        """An entry was written (to `path`, relative to the folder): never write it again."""
        with self._lock, Transaction(self._db):
            self._db.execute(
                "INSERT OR IGNORE INTO entries (key, feed, path, written_at) VALUES (?, ?, ?, ?)",
                (key, feed_url, path, when),
            )
            self._db.execute(
                "INSERT INTO feeds (url, written) VALUES (?, 1)"
                " ON CONFLICT(url) DO UPDATE SET written = written + 1",
                (feed_url,),
            )

    def fetched(self, status: FeedStatus) -> None:
        """Keep a feed's status after a fetch (a success, or a failure that kept the validators)."""
        values = (
            status.url,
            status.title,
            status.etag,
            status.last_modified,
            status.fetched_at,
            status.ok_at,
            status.error,
            status.not_before,
            status.new_entries,
        )
        with self._lock, Transaction(self._db):
            self._db.execute(
                "INSERT INTO feeds (url, title, etag, last_modified, fetched_at, ok_at, error, not_before,"
                " new_entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
                " title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,"
                " fetched_at = excluded.fetched_at, ok_at = excluded.ok_at, error = excluded.error,"
                " not_before = excluded.not_before, new_entries = excluded.new_entries",
                values,
            )

    def forget_feed(self, url: str) -> None:
        """A feed was unsubscribed: drop its status (its entries stay remembered, never written again)."""
        with self._lock, Transaction(self._db):
            self._db.execute("DELETE FROM feeds WHERE url = ?", (url,))

    def close(self) -> None:
        """Close the file."""
        self._db.close()


def memory_file(root: Path) -> Path:
    """Where a folder's feed memory is kept."""
    return data_dir() / "feeds" / f"{folder_key(root)}.sqlite3"


def _explain(path: Path, error: sqlite3.DatabaseError) -> str:
    if is_corruption(error):
        return (
            f"the feeds' memory {path} is damaged ({error}); move it away to start a new one "
            "(every entry still in the feeds will then be written again)"
        )
    return f"the feeds' memory {path} cannot be used: {error}"
